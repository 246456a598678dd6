#!/usr/bin/env python3
"""Builds words.txt, the embedded list of ordinary words that are not names.

Usage: python3 build_words.py [SHARED_DATA_DIR]   (default /work/shared/data; run in data/)

One lower-case token per line, sorted bytewise (the crate binary-searches it). A token is
kept when it is ASCII letters only, at least two letters long, and *not* in names.tsv (names
that are also words carry flag 4 there): lower-case SCOWL entries, and the single-word FDA
brand and substance names of at least three letters. The NAME recognizer uses it to tell a
rare surname the dictionary does not know ("Kowalczyk") from an ordinary word or drug
("unable", "levophed") when it decides whether a name goes on.
"""
import os, sys

D = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
names = set()
with open("names.tsv", encoding="utf-8") as f:
    for l in f:
        names.add(l.split("\t")[0])

words = set()
def add(w, min_len):
    if w.isascii() and w.isalpha() and len(w) >= min_len and w not in names:
        words.add(w)

with open(os.path.join(D, "words/scowl_american_english.txt"), encoding="utf-8") as f:
    for w in f:
        w = w.strip()
        if w and w[0].islower():          # lower-case entry: an ordinary word
            add(w.lower().removesuffix("'s"), 2)
for p in ("words/fda_brand_names.txt", "words/fda_substance_names.txt"):
    with open(os.path.join(D, p), encoding="utf-8") as f:
        for w in f:
            add(w.strip().lower(), 3)

with open("words.txt", "w", encoding="utf-8") as out:
    for w in sorted(words):
        out.write(w + "\n")
print(len(words), "words")

#!/usr/bin/env python3
"""Builds names.tsv, the embedded name dictionary, from ../../../../shared/data.

Usage: python3 build_names.py [SHARED_DATA_DIR]   (default /work/shared/data)

Output lines: lower-case token, TAB, flags (1 = first name, 2 = surname,
4 = also a common English word, drug name or medical eponym: needs context).
"""
import sys, os

D = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
SURNAME_MIN = 300      # 2010 Census surname count
FIRST_MIN = 600        # SSA births 1880-2023 (summed over sexes)
EPONYMS = """parkinson addison cushing foley bell crohn hodgkin alzheimer apgar glasgow
graves hashimoto down huntington wilson kaposi raynaud tourette bowen paget reiter
babinski murphy homan homans mcburney kernig brudzinski romberg trendelenburg fowler
swan ganz hickman groshong holter doppler kussmaul cheyne stokes korotkoff valsalva
heimlich gram wernicke korsakoff guillain barre bells lyme marfan turner klinefelter
meniere sjogren tay sachs fallot mallory weiss barrett zenker whipple still baker
epstein barr hartmann roux ewing wilms burkitt hurthle sequard
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday christmas easter""".split()

def lines(p):
    with open(os.path.join(D, p), encoding="utf-8") as f:
        for l in f:
            if not l.startswith("#") and l.strip():
                yield l.rstrip("\n").split("\t")

flags = {}
def add(n, f):
    n = n.strip().lower()
    if n.isalpha() and n.isascii() and len(n) >= 2:
        flags[n] = flags.get(n, 0) | f

for r in lines("names/census_2010_surnames.tsv"):
    if int(r[1]) >= SURNAME_MIN:
        add(r[0], 2)
firsts = {}
for r in lines("names/ssa_first_names_1880_2023.tsv"):
    firsts[r[0].lower()] = firsts.get(r[0].lower(), 0) + int(r[2])
for r in lines("names/census_2020_first_names.tsv"):
    firsts[r[0].lower()] = max(firsts.get(r[0].lower(), 0), int(r[1]))
for n, c in firsts.items():
    if c >= FIRST_MIN:
        add(n, 1)

common = set()
with open(os.path.join(D, "words/scowl_american_english.txt"), encoding="utf-8") as f:
    for w in f:
        w = w.strip()
        if w and w[0].islower():          # lower-case entry: an ordinary word
            common.add(w.lower().removesuffix("'s"))
for p in ("words/fda_brand_names.txt", "words/fda_substance_names.txt"):
    with open(os.path.join(D, p), encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if w.isalpha():
                common.add(w.lower())
with open(os.path.join(D, "words/medical_abbreviations.txt"), encoding="utf-8") as f:
    for w in f:
        common.add(w.strip().lower().rstrip("."))
common.update(EPONYMS)
# Always ambiguous, whatever their frequency as names (the list and friends).
CORE = set("""will may june hope faith bill mark grant rose brown white young strong lane
joy rich frank art gene guy sue pat dawn april august summer ray bud chase drew
black green gray grey long little hall king wood page stone rice best love price
young miles cash major case mon tue tues wed thu thur thurs fri sat sun""".split())
surn = {r[0].lower(): int(r[1]) for r in lines("names/census_2010_surnames.tsv")}
for n in flags:
    # A word that is overwhelmingly a name (John, Robert, Martin) stays unambiguous.
    frequent = firsts.get(n, 0) >= 200000 or surn.get(n, 0) >= 150000
    if n in CORE or n in EPONYMS or (n in common and not frequent):
        flags[n] |= 4

with open("names.tsv", "w", encoding="utf-8") as out:
    for n in sorted(flags):
        out.write(f"{n}\t{flags[n]}\n")
print(len(flags), "entries")

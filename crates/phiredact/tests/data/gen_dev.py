#!/usr/bin/env python3
"""Writes dev.jsonl: synthetic telehealth messages with annotated PHI spans.

Usage: python3 tests/data/gen_dev.py > tests/data/dev.jsonl   (from crates/phiredact)

Each line is {"id", "text", "spans": [{"start", "end", "label"}]} with code point offsets,
the format `phiredact eval` reads. Everything is invented: names are drawn from common US
first names and surnames (Census/SSA, public domain), numbers are random. The templates
imitate the writers the project serves — patients on phones, nurses, physicians,
after-hours answering services, EHR exports — and carry hard negatives (eponyms, drugs,
words that are also names, doses, vitals). Seeded: the same file every run.
"""
import json
import random

rng = random.Random(20261129)

FIRST = """Maria James Jennifer Robert Linda Michael Patricia David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa
Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew
Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy
Stephanie Ronald Rebecca Jason Laura Edward Helen Jeffrey Sharon Ryan Cynthia Jacob Kathleen
Jose Ana Luis Carmen Juan Rosa Carlos Sofia Miguel Lucia Priya Raj Wei Mei Ahmed Fatima
Olga Ivan Ngozi Chinedu Keisha DeShawn Aaliyah Tyrone Jen Tom Bill Beth Kate Mike""".split()
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White
Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts
Patel Shah Okafor Nwosu Kowalski Novak Schmidt Muller Rossi Russo Cohen Levy Kim Park Chen
Wang Singh Kumar Ali Hassan O'Brien Murphy Sullivan McDonald Garcia-Lopez Washington""".split()
RELATION = "husband wife son daughter mother father mom dad brother sister caregiver".split()
DRUGS = "metformin lisinopril atorvastatin amlodipine levothyroxine albuterol gabapentin sertraline".split()

NEGATIVES = [
    "Will call back if symptoms worsen.",
    "May need a refill of {drug} 500 mg next week.",
    "Hx of Parkinson's disease, stable on carbidopa-levodopa.",
    "Foley catheter removed this morning, voiding without difficulty.",
    "Bell's palsy improving; Crohn disease quiescent.",
    "BP 132/84, HR 76, SpO2 97% on RA, temp 98.6.",
    "A1c 7.2%, K 4.1, Cr 1.1; continue {drug} 10 mg daily.",
    "Pain 3/10, ambulating with walker, Glasgow coma scale 15.",
    "Hope you feel better soon!",
    "Please grant access to my portal account.",
    "Temp rose to 101.2 overnight, gave acetaminophen 650 mg.",
    "Murphy sign negative, abdomen soft.",
    "Apgar scores 8 and 9 at delivery.",
    "Follow up in 2 weeks, sooner if needed.",
]


class Msg:
    def __init__(self):
        self.text = ""
        self.spans = []

    def add(self, s):
        self.text += s

    def phi(self, s, label):
        start = len(self.text)
        self.text += s
        self.spans.append({"start": start, "end": len(self.text), "label": label})


def person():
    return rng.choice(FIRST), rng.choice(LAST)


def phone():
    return f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"


def date():
    return f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(1940, 2024)}"


def negative():
    return rng.choice(NEGATIVES).format(drug=rng.choice(DRUGS))


def patient_portal(m):
    f, l = person()
    rel_f, _ = person()
    rel = rng.choice(RELATION)
    style = rng.randrange(3)
    if style == 0:
        m.add("hi this is ")
        m.phi(f"{f.lower()} {l.lower()}", "NAME")
        m.add(f", my {rel} ")
        m.phi(rel_f.lower(), "NAME")
        m.add(f" needs a refill of {rng.choice(DRUGS)}. call me at ")
        m.phi(phone(), "PHONE")
    elif style == 1:
        d, _ = person()
        m.add("Hi Dr. ")
        m.phi(rng.choice(LAST), "NAME")
        m.add(f",\n{negative()} My {rel} ")
        m.phi(rel_f, "NAME")
        m.add(" can drive me.\nThanks, ")
        m.phi(f, "NAME")
    else:
        m.add("Hello, my name is ")
        m.phi(f"{f} {l}", "NAME")
        m.add(" and my DOB is ")
        m.phi(date(), "DOB")
        m.add(f". {negative()}\n- ")
        m.phi(f, "NAME")


def answering_service(m):
    f, l = person()
    d = rng.choice(LAST)
    m.add("After-hours call. Caller: ")
    m.phi(f"{f} {l}", "NAME")
    m.add(", DOB ")
    m.phi(date(), "DOB")
    m.add(". Callback ")
    m.phi(phone(), "PHONE")
    m.add(f". {negative()} On-call Dr. ")
    m.phi(d, "NAME")
    m.add(" paged.")


def nurse_note(m):
    f, l = person()
    rel_f, rel_l = person()
    caps = rng.random() < 0.3
    m.add("Spoke with pt's " + rng.choice(RELATION) + " ")
    m.phi(f"{rel_f} {rel_l}", "NAME")
    m.add(f" about discharge plan. {negative()} ")
    if rng.random() < 0.5:
        m.add("Per Dr. ")
        m.phi(rng.choice(LAST), "NAME")
        m.add(", continue current meds.")
    else:
        m.add("Seen by ")
        m.phi(f"{rng.choice(FIRST)} {rng.choice(LAST)}", "NAME")
        m.add(", NP.")
    if caps:
        m.text = m.text.upper()


def physician_note(m):
    f, l = person()
    m.add("Patient: ")
    m.phi(f"{l.upper()}, {f.upper()}", "NAME")
    m.add("  MRN: ")
    m.phi(str(rng.randint(1000000, 99999999)), "MRN")
    m.add(f"\nAssessment: {negative()} {negative()}\nDiscussed with ")
    m.phi(f"{f}", "NAME")
    m.add(" and her " + rng.choice(RELATION) + ".")


def ehr_export(m):
    f, l = person()
    m.add("PID|")
    m.phi(f"{l.upper()}^{f.upper()}", "NAME")
    m.add("|DOB ")
    m.phi(f"{rng.randint(1940, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}", "DOB")
    m.add(f"|NOTE {negative()}")


def negatives_only(m):
    m.add(" ".join(negative() for _ in range(rng.randint(1, 3))))


KINDS = [patient_portal, answering_service, nurse_note, physician_note, ehr_export, negatives_only]

for i in range(360):
    m = Msg()
    rng.choice(KINDS)(m)
    print(json.dumps({"id": f"dev-{i:03d}", "text": m.text, "spans": m.spans}, ensure_ascii=False))

//! Person names in free text.
//!
//! No model: an embedded dictionary of first names and surnames (US Census and SSA lists,
//! public domain; see `data/README.md`) tells which tokens *can* be names, and flags the
//! ones that are also ordinary English words ("will", "may", "bell") or drug and clinical
//! terms. Context then decides:
//!
//! | rule | evidence |
//! |---|---|
//! | `name.title` | a title before it: "Dr. Okafor", "Mrs. maria lopez", "Nurse Jen" |
//! | `name.context` | a cue before it: "this is James", "my wife jen", "spoke with Ana", "Dear Sam" |
//! | `name.field` | a record layout: "LOPEZ, MARIA", "Name: Ana Lopez", "Pt: J. Smith" |
//! | `name.signature` | a sign-off: "Thanks, Jen", "Regards,\nJohn" |
//! | `name.dictionary` | first name + surname ("Ana Lopez", "maria lopez"), or a capitalised name that is no English word, mid-sentence ("paged Okafor") |
//! | `name.spread` | another occurrence of a name already found in the same segment |
//!
//! Eponyms ("Parkinson's disease", "Foley catheter") and capitalised words at the start
//! of a sentence need more than the dictionary. The dictionary is parsed once per process,
//! on first use, into a map whose keys borrow the embedded text.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{Candidate, priority};
use crate::finding::Label;

const NAMES_TSV: &str = include_str!("../../data/names.tsv");

const FIRST: u8 = 1;
const SURNAME: u8 = 2;
const COMMON_FIRST: u8 = 4;
const COMMON_SURNAME: u8 = 8;
const WORD: u8 = 16;
const DRUG: u8 = 32;

static DICTIONARY: LazyLock<HashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut map = HashMap::with_capacity(210_000);
    for line in NAMES_TSV.lines() {
        let Some((token, flags)) = line.split_once('\t') else {
            continue;
        };
        let mut f = 0;
        for c in flags.bytes() {
            f |= match c {
                b'f' => FIRST,
                b's' => SURNAME,
                b'F' => COMMON_FIRST,
                b'S' => COMMON_SURNAME,
                b'w' => WORD,
                b'd' => DRUG,
                _ => 0,
            };
        }
        map.insert(token, f);
    }
    map
});

/// Parses the dictionary now rather than on the first name lookup.
pub(crate) fn warm_up() {
    LazyLock::force(&DICTIONARY);
}

/// Titles that announce a name.
const TITLES: &[&str] = &[
    "dr",
    "drs",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "nurse",
    "pharmacist",
];

/// Titles that mean nothing else: after them, any word that is no clinical term is a
/// name, in any case ("DR RAKUSIN", "dr.ayoub", "mr nicholson").
const HONORIFICS: &[&str] = &["dr", "drs", "doctor", "mr", "mrs", "prof"];

/// Credentials that close a signature line: "Q. LANDER RRT", "V. Finn, RRT".
const CREDENTIALS: &[&str] = &[
    "rrt",
    "crt",
    "rn",
    "bsn",
    "msn",
    "lpn",
    "lvn",
    "cna",
    "np",
    "fnp",
    "aprn",
    "pa",
    "pac",
    "md",
    "do",
    "mba",
    "rd",
    "rdn",
    "msw",
    "licsw",
    "lcsw",
    "slp",
    "ccc",
    "otr",
    "dpt",
    "pt",
    "ot",
    "pharmd",
    "rph",
    "emt",
    "paramedic",
];

/// Cues after which a capitalised word is a name even if the dictionary does not know it.
const STRONG_CUES: &[&[&str]] = &[
    &["this", "is"],
    &["my", "name", "is"],
    &["name", "is"],
    &["name"],
    &["signed", "by"],
    &["dear"],
    &["attn"],
    &["husband"],
    &["wife"],
    &["son"],
    &["daughter"],
    &["mother"],
    &["father"],
    &["mom"],
    &["dad"],
    &["brother"],
    &["sister"],
    &["grandson"],
    &["granddaughter"],
    &["grandmother"],
    &["grandfather"],
    &["caregiver"],
    &["partner"],
    &["boyfriend"],
    &["girlfriend"],
    &["fiance"],
    &["niece"],
    &["nephew"],
    &["aunt"],
    &["uncle"],
    &["cousin"],
    &["friend"],
    &["neighbor"],
    &["caller"],
    &["contact"],
    &["c/o"],
];

/// Cues after which a word is a name only if the dictionary knows it as one.
const WEAK_CUES: &[&[&str]] = &[
    &["patient"],
    &["pt"],
    &["spoke", "with"],
    &["spoke", "to"],
    &["talked", "to"],
    &["talked", "with"],
    &["per"],
    &["seen", "by"],
    &["called", "by"],
    &["message", "from"],
    &["message", "for"],
    &["from"],
    &["hi"],
    &["hello"],
    &["hey"],
    &["with"],
    &["and"],
    &["by"],
    &["to"],
    &["cc"],
];

/// Sign-offs: the next line's (or the same line's) name-like words are a signature.
const SIGN_OFFS: &[&str] = &[
    "thanks",
    "thank",
    "regards",
    "sincerely",
    "cheers",
    "best",
    "love",
    "respectfully",
];

/// Names that are also words that begin a clause or modify one.
const CLAUSE_WORDS: &[&str] = &[
    "will", "may", "can", "did", "does", "said", "says", "just", "also", "still", "long", "young",
    "hope", "wish", "grant", "bill", "mark", "guy", "jack", "ray", "sue", "pat", "chase", "drew",
    "rich", "frank", "gene", "art", "don", "dean", "earl", "miles", "norm", "rose", "faith", "joy",
    "june", "april", "august", "summer", "dawn", "sandy", "penny", "holly", "ivy", "daisy",
    "crystal", "amber", "angel", "ruby", "pearl", "iris", "violet", "ginger", "cliff", "glen",
    "dale", "lane", "wade", "carol", "harry", "buck", "chip",
];

/// Words that follow an eponym: "Parkinson disease", "Foley catheter".
const EPONYM_NEXT: &[&str] = &[
    "disease",
    "syndrome",
    "sign",
    "signs",
    "palsy",
    "catheter",
    "test",
    "score",
    "scale",
    "maneuver",
    "manoeuvre",
    "reflex",
    "procedure",
    "fracture",
    "tube",
    "criteria",
    "classification",
    "stain",
    "ulcer",
    "phenomenon",
    "node",
    "nodes",
    "law",
    "triad",
    "method",
    "operation",
    "position",
    "drain",
    "bag",
    "murmur",
    "lymphoma",
    "sarcoma",
    "tumor",
    "tumour",
    "disorder",
    "effect",
    "ratio",
    "index",
    "equation",
    "formula",
    "line",
    "lines",
    "cells",
    "body",
    "bodies",
    "repair",
    "shunt",
    "incision",
    "needle",
    "forceps",
    "clamp",
    "splint",
    "hose",
    "stockings",
    "solution",
    "gauge",
    "technique",
    "cyst",
    "hernia",
    "space",
    "duct",
    "point",
    "angle",
    "fluid",
    "coma",
    "ventilation",
    "respiration",
    "breathing",
    "nodule",
    "nodules",
    "esophagus",
    "phenomena",
    "block",
    "sheath",
];

/// Surnames that are, in clinical text, almost always eponyms or scales; alone, without a
/// cue, they are not taken for names. (Common surnames such as Murphy or Wilson are left
/// out: "Murphy sign" is caught by the word after it.)
const EPONYMS: &[&str] = &[
    "parkinson",
    "alzheimer",
    "crohn",
    "foley",
    "hodgkin",
    "cushing",
    "addison",
    "graves",
    "hashimoto",
    "apgar",
    "glasgow",
    "babinski",
    "romberg",
    "valsalva",
    "heimlich",
    "whipple",
    "nissen",
    "hickman",
    "tourette",
    "raynaud",
    "kaposi",
    "guillain",
    "barre",
    "epley",
    "trendelenburg",
    "kussmaul",
    "cheyne",
    "korotkoff",
    "wilms",
    "burkitt",
    "bence",
    "sjogren",
    "marfan",
    "wernicke",
    "korsakoff",
    "huntington",
    "meniere",
    "bartholin",
    "colles",
    "swan",
    "ganz",
    "doppler",
    "holter",
    "gleason",
    "breslow",
    "nyha",
    "killip",
    "mallampati",
    "gram",
    "papanicolaou",
    "lyme",
    "ebstein",
    "fallot",
    "kawasaki",
    "paget",
    "horner",
    "sequard",
    "osler",
    "virchow",
    "mcburney",
    "rovsing",
    "homans",
    "tinel",
    "phalen",
    "lachman",
    "mcmurray",
    "finkelstein",
    "kernig",
    "brudzinski",
    "chvostek",
    "trousseau",
    "coombs",
    "giemsa",
    "ziehl",
    "neelsen",
    "zollinger",
    "waldenstrom",
    "wegener",
    "churg",
    "henoch",
    "schonlein",
    "takayasu",
    "buerger",
    "dupuytren",
    "peyronie",
    "osgood",
    "schlatter",
    "perthes",
    "scheuermann",
    "klinefelter",
    "noonan",
    "prader",
    "willi",
    "angelman",
    "asperger",
    "lewy",
    "creutzfeldt",
    "jakob",
    "bartter",
    "gitelman",
    "sheehan",
    "kallmann",
    "hartmann",
    "billroth",
    "roux",
    "kocher",
    "pfannenstiel",
    "gaucher",
    "niemann",
    "fabry",
    "pompe",
    "menkes",
    "starling",
    "fick",
    "laplace",
    "hasselbach",
    "hesselbach",
    "treitz",
    "oddi",
    "langerhans",
    "kupffer",
    "schwann",
    "purkinje",
    "broca",
    "sylvius",
    "luschka",
    "magendie",
    "willis",
    "ranvier",
    "golgi",
    "sternberg",
    "dohle",
    "pelger",
    "charcot",
    "kerley",
    "mallory",
    "boerhaave",
    "zenker",
    "schatzki",
    "plummer",
    "vinson",
    "dieulafoy",
    "meckel",
    "hirschsprung",
    "ogilvie",
    "chilaiditi",
    "kayser",
    "fleischer",
    "argyll",
    "ishihara",
    "amsler",
    "schirmer",
    "tzanck",
    "nikolsky",
    "auspitz",
    "koebner",
    "darier",
    "muehrcke",
    "quincke",
    "janeway",
    "duroziez",
    "traube",
    "corrigan",
    "troisier",
    "blumer",
    "krukenberg",
    "courvoisier",
    "ranson",
    "pugh",
    "caprini",
    "chads",
    "timi",
    "braden",
    "waterlow",
    "riker",
    "spetzler",
    "rankin",
    "barthel",
    "karnofsky",
    "ecog",
    "lansky",
    "zubrod",
    "wechsler",
    "asberg",
    "conners",
    "achenbach",
    "apache",
];

/// Capitalised words that are never names here, though the lists hold them as surnames
/// or first names: months, weekdays, clinical words written with a capital.
const NEVER: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "patient",
    "doctor",
    "nurse",
    "hospital",
    "clinic",
    "pharmacy",
    "provider",
    "physician",
    "surgeon",
    "emergency",
    "department",
    "medical",
    "center",
    "health",
    "care",
    "unit",
    "floor",
    "room",
    "bed",
    "ward",
    "service",
    "team",
    "office",
    "pt",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "madam",
    "mom",
    "dad",
    "god",
    "lord",
    "jesus",
    "christ",
    "christmas",
    "easter",
    "thanksgiving",
    "english",
    "spanish",
    "american",
    "african",
    "hispanic",
    "latino",
    "asian",
    "caucasian",
    "white",
    "black",
    "medicare",
    "medicaid",
    "tylenol",
    "motrin",
    "advil",
    "coumadin",
    "lasix",
    "insulin",
    "ct",
    "mri",
    "ekg",
    "ecg",
    "icu",
    "er",
    "ed",
    "or",
    "pacu",
    "nicu",
    "picu",
    "ccu",
    "sicu",
    "micu",
    "cvicu",
    "rn",
    "np",
    "pa",
    "md",
    "do",
    "dds",
    "lpn",
    "cna",
    "sw",
    "pcp",
    "ob",
    "gyn",
    "ent",
    "gi",
    "id",
    "pm",
    "am",
    "hr",
    "bp",
    "rr",
    "sat",
    "temp",
    "wt",
    "ht",
    "bmi",
    "hx",
    "dx",
    "rx",
    "tx",
    "sx",
    "fx",
    "yo",
    "y/o",
    "w/",
    "s/p",
    "f/u",
    "afib",
    "chf",
    "copd",
    "cad",
    "htn",
    "dm",
    "ckd",
    "esrd",
    "uti",
    "uri",
    "gerd",
    "osa",
    "dvt",
    "pe",
    "mi",
    "cva",
    "tia",
    "sob",
    "cp",
    "ns",
    "lr",
    "iv",
    "po",
    "im",
    "sq",
    "prn",
    "bid",
    "tid",
    "qid",
    "qd",
    "hs",
    "ac",
    "pc",
    "npo",
    "dnr",
    "dni",
    "full",
    "code",
    "mg",
    "ml",
    "mcg",
    "kg",
    "lb",
    "lbs",
    "cm",
    "mm",
    "hi",
    "hello",
    "hey",
    "dear",
    "thanks",
    "thank",
    "regards",
    "best",
    "please",
    "call",
    "called",
    "message",
    "note",
    "plan",
    "assessment",
    "history",
    "exam",
    "impression",
    "diagnosis",
    "allergies",
    "medications",
    "meds",
    "labs",
    "vitals",
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "daily",
    "weekly",
    "monthly",
    "north",
    "south",
    "east",
    "west",
    "street",
    "avenue",
    "road",
    "drive",
    "lane",
    "court",
    "county",
    "city",
    "state",
    "university",
    "college",
    "school",
    "church",
    "st",
    "saint",
    "mount",
    "mt",
    "lake",
    "river",
    "park",
    "valley",
    "general",
    "memorial",
    "regional",
    "community",
    "mercy",
    "grace",
    "hope",
    "faith",
    "trinity",
    "baptist",
    "methodist",
    "presbyterian",
    "lutheran",
    "catholic",
    "jewish",
    "kaiser",
    "permanente",
    "aetna",
    "cigna",
    "humana",
    "anthem",
    "blue",
    "cross",
    "shield",
    "united",
    "walgreens",
    "cvs",
    "rite",
    "aid",
    "walmart",
    "costco",
    "target",
    "kroger",
    "amazon",
    "google",
    "apple",
    "microsoft",
    "facebook",
    "zoom",
    "mychart",
    "epic",
    "cerner",
    "portal",
    "covid",
    "coronavirus",
    "flu",
    "influenza",
    "hiv",
    "aids",
    "hepatitis",
    "cancer",
    "diabetes",
    "asthma",
    "stroke",
    "pneumonia",
    "sepsis",
    "no",
    "yes",
    "ok",
    "okay",
    "none",
    "unknown",
    "other",
    "self",
    "family",
    "home",
    "work",
    "cell",
    "phone",
    "fax",
    "pager",
    "email",
    "dob",
    "mrn",
    "ssn",
    "id",
    "male",
    "female",
    "man",
    "woman",
    "boy",
    "girl",
    "baby",
    "infant",
    "child",
    "adult",
    "elderly",
    "sr",
    "jr",
    "ii",
    "iii",
    "iv",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// "Maria", "McDonald", "O'Brien"
    Capital,
    /// "MARIA"
    Upper,
    /// "maria"
    Lower,
    Mixed,
}

#[derive(Clone, Copy)]
struct Token {
    start: usize,
    /// End of the token without a possessive "'s".
    end: usize,
    case: Case,
    flags: u8,
    /// Known to the dictionary as a first name or a surname.
    name: bool,
    /// In one of the stop lists.
    never: bool,
    eponym: bool,
    /// A word that often follows a noun as a verb or adverb ("will", "may", "can").
    clause_word: bool,
    /// A single letter, possibly followed by ".": an initial.
    initial: bool,
    /// First token of a sentence (or of a line).
    sentence_start: bool,
    /// The byte right after the token (and its possessive) is a comma.
    comma_after: bool,
    /// A line break between the previous token and this one.
    line_start: bool,
}

/// "Maria", "McDonald", "MacKenzie", "O'Brien", "Garcia-Lopez"; not "PaCO", "GU=".
fn capitalised(word: &str) -> bool {
    let b = word.as_bytes();
    let mut prev = b' ';
    for (k, &c) in b.iter().enumerate() {
        if k > 0 && c.is_ascii_uppercase() {
            let after_prefix = (k == 2 && &b[..2] == b"Mc") || (k == 3 && &b[..3] == b"Mac");
            if !(after_prefix || prev == b'\'' || prev == b'-') {
                return false;
            }
        }
        prev = c;
    }
    true
}

/// Dictionary flags of a lower-case token; "o'brien" as "obrien", "garcia-lopez" as a
/// name when every part is one.
fn lookup(dict: &HashMap<&'static str, u8>, low: &str) -> u8 {
    if let Some(&f) = dict.get(low) {
        return f;
    }
    if low.contains('\'') {
        let joined: String = low.chars().filter(|&c| c != '\'').collect();
        if let Some(&f) = dict.get(joined.as_str()) {
            return f;
        }
    }
    if low.contains('-') {
        let mut all = FIRST | SURNAME | WORD | DRUG;
        let mut any = 0;
        for part in low.split('-') {
            let f = dict.get(part).copied().unwrap_or(0);
            if f & (FIRST | SURNAME) == 0 {
                return 0;
            }
            all &= f;
            any |= f;
        }
        return (any & (FIRST | SURNAME)) | (all & (WORD | DRUG));
    }
    0
}

/// Lower-cases an ASCII token into `buf`; `None` for non-ASCII or over-long tokens.
fn lower<'b>(tok: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let b = tok.as_bytes();
    if b.len() > buf.len() || !tok.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).ok()
}

fn in_list(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

fn tokenize(text: &str, out: &mut Vec<Token>) {
    let dict = &*DICTIONARY;
    let b = text.as_bytes();
    let mut i = 0;
    let mut sentence_start = true;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii_alphabetic() {
            match c {
                b'.' | b'!' | b'?' | b':' | b';' | b'|' | b'^' | b'*' | b'#' | b'>' => {
                    // "Dr." and initials end no sentence: decided below.
                    sentence_start = true
                }
                b'\n' => {
                    sentence_start = true;
                    line_start = true;
                }
                b'0'..=b'9' => sentence_start = false,
                _ => {}
            }
            i += if c < 0x80 {
                1
            } else {
                // Skip a non-ASCII character whole (names with accents are not in the
                // ASCII dictionary; they are still caught by titles and cues below).
                text[i..].chars().next().map_or(1, char::len_utf8)
            };
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_alphabetic()
                || ((b[i] == b'\'' || b[i] == b'-')
                    && i + 1 < b.len()
                    && b[i + 1].is_ascii_alphabetic()
                    && !(b[i] == b'\''
                        && matches!(b[i + 1], b's' | b'S')
                        && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic))))
        {
            i += 1;
        }
        let end = i;
        // Possessive "'s" / "’s".
        if b.get(i) == Some(&b'\'') && matches!(b.get(i + 1), Some(b's' | b'S')) {
            i += 2;
        } else if text[i..].starts_with("\u{2019}s") {
            i += 4;
        }
        let word = &text[start..end];
        let mut buf = [0u8; 32];
        let low = lower(word, &mut buf);
        let flags = low.map_or(0, |l| lookup(dict, l));
        let upper = word.bytes().all(|c| !c.is_ascii_lowercase());
        let case = if word.len() > 1 && upper {
            Case::Upper
        } else if b[start].is_ascii_uppercase() && capitalised(word) {
            Case::Capital
        } else if word.bytes().all(|c| !c.is_ascii_uppercase()) {
            Case::Lower
        } else {
            Case::Mixed
        };
        let initial = end - start == 1 && b[start].is_ascii_uppercase();
        // "PaO2", "2mg", "GU=FOLEY": glued to digits or symbols, not a name.
        let glued = start > 0 && matches!(b[start - 1], b'0'..=b'9' | b'=' | b'/' | b'_' | b'@')
            || b.get(end)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'=' | b'/' | b'_' | b'@'));
        let never = glued || low.is_some_and(|l| in_list(NEVER, l) || in_list(TITLES, l));
        let eponym = low.is_some_and(|l| in_list(EPONYMS, l));
        out.push(Token {
            start,
            end,
            case,
            flags,
            name: flags & (FIRST | SURNAME) != 0,
            never,
            eponym,
            clause_word: low.is_some_and(|l| in_list(CLAUSE_WORDS, l)),
            initial,
            sentence_start,
            comma_after: b.get(i) == Some(&b','),
            line_start,
        });
        let abbreviation = initial
            || low.is_some_and(|l| in_list(TITLES, l) || matches!(l, "st" | "mt" | "jr" | "sr"));
        sentence_start = false;
        line_start = false;
        if abbreviation && b.get(i) == Some(&b'.') {
            i += 1; // "Dr." / "J." end no sentence
        }
    }
}

/// How sure the context is that a name follows.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// "per", "with", "from": only words the dictionary knows as names.
    Weak,
    /// "this is", "my wife": any capitalised word.
    Strong,
    /// "Dr.", "Mrs.": also lower-case names that are English words ("mrs. rose hill").
    Title,
}

/// Whether a token can be part of a name once context says a name is here.
fn name_like(t: &Token, ev: Evidence) -> bool {
    if t.never || t.flags & DRUG != 0 && !t.name {
        return false;
    }
    match t.case {
        Case::Capital => ev >= Evidence::Strong || t.name || t.initial,
        // Text in capitals says nothing about names: the dictionary must.
        Case::Upper if ev == Evidence::Title => t.name && t.flags & (WORD | DRUG) == 0,
        Case::Upper => {
            t.name && t.flags & (WORD | DRUG) == 0
                || ev >= Evidence::Strong && t.flags & COMMON_FIRST != 0 && !t.clause_word
        }
        Case::Lower if ev == Evidence::Title => t.name && t.flags & DRUG == 0,
        // "this is maria": a common first name that is also a word, unless it is one of
        // the words that start a clause ("this is will" is rarer than "pt will").
        Case::Lower if ev == Evidence::Strong && t.flags & COMMON_FIRST != 0 => {
            t.flags & DRUG == 0 && !t.clause_word
        }
        Case::Lower => t.name && t.flags & (WORD | DRUG) == 0,
        Case::Mixed => ev >= Evidence::Strong,
    }
}

/// Whether `toks[i..]` starts with the cue `words`.
fn cue_at(text: &str, toks: &[Token], i: usize, words: &[&str]) -> bool {
    words.len() <= toks.len() - i
        && words.iter().enumerate().all(|(k, w)| {
            let t = &toks[i + k];
            text[t.start..t.end].eq_ignore_ascii_case(w)
        })
}

/// The run of name-like tokens from `i` (at most three, with initials), as an end index.
fn name_run(toks: &[Token], i: usize, ev: Evidence) -> usize {
    let mut j = i;
    while j < toks.len() && j - i < 3 && name_like(&toks[j], ev) {
        // A line break ends the name (but not before its first token), and so does a
        // change of case: "Nguyen at UCSF".
        if j > i
            && (toks[j].line_start
                || (toks[j].case != toks[i].case && !toks[j].initial && !toks[i].initial))
        {
            break;
        }
        j += 1;
        if toks[j - 1].comma_after {
            break;
        }
    }
    // A run of initials alone is not a name.
    if toks[i..j].iter().all(|t| t.initial) {
        return i;
    }
    j
}

/// Whether `toks[i..j]` reads as an eponym: followed by "disease", "catheter"...; or, with
/// `alone`, a single word that in clinical text is mostly an eponym ("Foley").
fn eponym_context(text: &str, toks: &[Token], i: usize, j: usize, alone: bool) -> bool {
    if alone && j - i == 1 && toks[i].eponym {
        return true;
    }
    toks.get(j).is_some_and(|t| {
        let mut buf = [0u8; 32];
        lower(&text[t.start..t.end], &mut buf).is_some_and(|l| in_list(EPONYM_NEXT, l))
    })
}

pub(crate) fn recognize(text: &str, out: &mut Vec<Candidate>) {
    let mut toks = Vec::new();
    tokenize(text, &mut toks);
    if toks.is_empty() {
        return;
    }
    let first = out.len();
    let mut push = |toks: &[Token], i: usize, j: usize, rule: &'static str, p: u8| {
        out.push(Candidate::new(
            toks[i].start,
            toks[j - 1].end,
            Label::Name,
            rule,
            p,
        ));
    };
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = toks[i];
        let word = &text[t.start..t.end];
        let mut buf = [0u8; 32];
        let low = lower(word, &mut buf).unwrap_or("");

        // Titles: "Dr. Okafor", "Mrs. maria lopez".
        // The title must be followed by a space, a dot, or both ("MS: alert" is mental
        // status, "MD, husband" a role).
        let gap = &text[t.end..toks.get(i + 1).map_or(t.end, |u| u.start)];
        let title_gap = gap.trim_start_matches('.');
        let honorific = in_list(HONORIFICS, low);
        if honorific
            && i + 1 < n
            && !toks[i + 1].line_start
            && (gap == "." || (!title_gap.is_empty() && title_gap.bytes().all(|c| c == b' ')))
        {
            let mut j = i + 1;
            while j < n
                && j < i + 4
                && !toks[j].line_start
                && !toks[j].never
                && !toks[j].clause_word
                && toks[j].flags & DRUG == 0
                && (toks[j].flags & WORD == 0 || toks[j].case == Case::Capital)
                // After the first word, only names the dictionary knows, in the same case.
                && (j == i + 1
                    || toks[j].initial
                    || (toks[j].name && (toks[j].case == toks[i + 1].case || toks[j - 1].initial)))
            {
                j += 1;
                if toks[j - 1].comma_after {
                    break;
                }
            }
            if j > i + 1 && !toks[i + 1..j].iter().all(|u| u.initial) {
                push(&toks, i, j, "name.title", priority::CUE);
                i = j;
                continue;
            }
        }
        if in_list(TITLES, low)
            && !honorific
            && i + 1 < n
            && !toks[i + 1].line_start
            && !title_gap.is_empty()
            && title_gap.bytes().all(|c| c == b' ')
            && t.case != Case::Lower
        {
            let j = name_run(&toks, i + 1, Evidence::Title);
            if j > i + 1 {
                // The title goes with the name: "Dr. [NAME]" would keep a role that, with
                // the rest of a message, can point at one person.
                push(&toks, i, j, "name.title", priority::CUE);
                i = j;
                continue;
            }
        }

        // Record layouts: "LOPEZ, MARIA", "Lopez, Maria J".
        if t.comma_after
            && t.flags & SURNAME != 0
            && t.flags & DRUG == 0
            && !t.never
            && matches!(t.case, Case::Upper | Case::Capital)
            && i + 1 < n
            && toks[i + 1].flags & FIRST != 0
            && toks[i + 1].case == t.case
            && !toks[i + 1].never
            && (t.flags & WORD == 0 || toks[i + 1].flags & WORD == 0)
            && !(t.sentence_start && t.case == Case::Capital && t.flags & WORD != 0)
        {
            let mut j = i + 2;
            while j < n && j < i + 4 && toks[j].initial && !toks[j].line_start {
                j += 1;
            }
            push(&toks, i, j, "name.field", priority::CUE);
            i = j;
            continue;
        }

        // Cues: "this is maria lopez", "my wife jen", "spoke with Ana".
        let mut matched = false;
        for (cues, strong) in [(STRONG_CUES, true), (WEAK_CUES, false)] {
            for cue in cues {
                if cue_at(text, &toks, i, cue) {
                    let k = i + cue.len();
                    if k < n && (strong || !toks[k].line_start) {
                        let ev = if strong {
                            Evidence::Strong
                        } else {
                            Evidence::Weak
                        };
                        let mut j = name_run(&toks, k, ev);
                        // A weak cue vouches only for words the dictionary knows.
                        if !strong {
                            let mut m = k;
                            while m < j && (toks[m].name || toks[m].initial) && !toks[m].never {
                                m += 1;
                            }
                            j = m;
                            // "from Boston", "to Mercy": without a name's shape, only
                            // a name the dictionary knows mainly as one.
                            if j == k + 1
                                && toks[k].flags & WORD != 0
                                && toks[k].case != Case::Capital
                            {
                                j = k;
                            }
                        }
                        if j > k && !eponym_context(text, &toks, k, j, !strong) {
                            let weak_single = !strong
                                && j == k + 1
                                && (toks[k].flags & (WORD | DRUG) != 0
                                    || toks[k].case == Case::Upper);
                            if !weak_single {
                                push(&toks, k, j, "name.context", priority::CUE);
                                i = j;
                                matched = true;
                            }
                        }
                    }
                }
                if matched {
                    break;
                }
            }
            if matched {
                break;
            }
        }
        if matched {
            continue;
        }

        // A line that ends with a credential: "Q. LANDER RRT", "Herman W. Emperatrice, RN".
        if in_list(CREDENTIALS, low)
            && matches!(t.case, Case::Upper | Case::Capital)
            && i > 0
            && (i + 1 == n || toks[i + 1].line_start)
        {
            let mut k = i;
            while k > 0
                && i - k < 4
                && !toks[k - 1].never
                && toks[k - 1].flags & DRUG == 0
                && matches!(toks[k - 1].case, Case::Upper | Case::Capital)
                && !toks[k - 1].clause_word
            {
                k -= 1;
                if toks[k].line_start {
                    break;
                }
            }
            // The whole line up to the credential, and not initials alone.
            if k < i && toks[k].line_start && !toks[k..i].iter().all(|u| u.initial) {
                push(&toks, k, i, "name.signature", priority::CUE);
            }
        }

        // Sign-offs: "Thanks, Jen" / "Regards,\nJohn Smith" / "- Maria" at a line end.
        if in_list(SIGN_OFFS, low) && i + 1 < n {
            let mut k = i + 1;
            if low == "thank"
                && k < n
                && text[toks[k].start..toks[k].end].eq_ignore_ascii_case("you")
            {
                k += 1;
            }
            if k < n && matches!(toks[k].case, Case::Capital | Case::Upper) {
                let j = name_run(&toks, k, Evidence::Strong);
                // The signature is the rest of its line.
                if j > k && (j == n || toks[j].line_start) {
                    push(&toks, k, j, "name.signature", priority::CUE);
                    i = j;
                    continue;
                }
            }
        }

        // Dictionary: first name + surname, or a capitalised name that is no word.
        if t.name && !t.never && t.flags & DRUG == 0 {
            let mut j = i + 1;
            // "Ana M. Lopez", "Ana Maria Lopez"
            while j < n
                && j < i + 3
                && !toks[j].line_start
                && !toks[j].sentence_start
                && (toks[j].initial
                    || toks[j].name
                        && toks[j].case == t.case
                        && !toks[j].never
                        && toks[j].flags & DRUG == 0)
            {
                j += 1;
                if toks[j - 1].comma_after {
                    break;
                }
            }
            while j > i + 1 && toks[j - 1].initial {
                j -= 1;
            }
            let last = &toks[j - 1];
            let pair = j > i + 1
                && t.flags & FIRST != 0
                && last.flags & SURNAME != 0
                && !eponym_context(text, &toks, i, j, true);
            let accepted = pair
                && match t.case {
                    Case::Capital => {
                        // Not both words, and no word starting a sentence ("Will Smith"
                        // mid-sentence is a name; "Will Brown..." at the start is not sure).
                        t.flags & WORD == 0 || (last.flags & WORD == 0 && !t.sentence_start)
                    }
                    Case::Lower => {
                        t.flags & (COMMON_FIRST) != 0
                            && last.flags & WORD == 0
                            && (t.flags & WORD == 0 || last.flags & COMMON_SURNAME != 0)
                    }
                    Case::Upper => t.flags & WORD == 0 && last.flags & WORD == 0,
                    Case::Mixed => false,
                };
            if accepted {
                push(&toks, i, j, "name.dictionary", priority::SHAPE);
                i = j;
                continue;
            }
            // A single capitalised name that is no English word (at a sentence start, one
            // of four letters or more).
            if t.case == Case::Capital
                && (!t.sentence_start || t.end - t.start >= 4)
                && t.flags & (COMMON_FIRST | COMMON_SURNAME) != 0
                && t.flags & WORD == 0
                && !t.eponym
                && t.end - t.start > 2
                && !eponym_context(text, &toks, i, i + 1, true)
            {
                // With its initial: "David L."
                let j = if i + 1 < n && toks[i + 1].initial && !toks[i + 1].line_start {
                    i + 2
                } else {
                    i + 1
                };
                push(&toks, i, j, "name.dictionary", priority::WEAK);
                i = j;
                continue;
            }
        }
        i += 1;
    }

    if out.len() == first {
        return;
    }
    // Spread: other occurrences of a name already found, in any case.
    let mut found: Vec<String> = Vec::new();
    for c in &out[first..] {
        for t in toks.iter().filter(|t| t.start >= c.start && t.end <= c.end) {
            if t.flags & (WORD | DRUG) == 0 && !t.never && !t.initial && t.end - t.start > 2 {
                let w = text[t.start..t.end].to_ascii_lowercase();
                if !found.contains(&w) {
                    found.push(w);
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let covered: Vec<(usize, usize)> = out[first..].iter().map(|c| (c.start, c.end)).collect();
    for t in &toks {
        if covered.iter().any(|&(s, e)| t.start >= s && t.end <= e) {
            continue;
        }
        if found
            .iter()
            .any(|w| text[t.start..t.end].eq_ignore_ascii_case(w))
        {
            out.push(Candidate::new(
                t.start,
                t.end,
                Label::Name,
                "name.spread",
                priority::SHAPE,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn positives() {
        let cases = [
            ("Pt seen by Dr. Okafor today", "Dr. Okafor", "name.title"),
            ("Mrs. maria lopez called", "Mrs. maria lopez", "name.title"),
            (
                "hi this is maria lopez, my husband jose needs a refill",
                "maria lopez",
                "name.context",
            ),
            (
                "hi this is maria lopez, my husband jose needs a refill",
                "jose",
                "name.context",
            ),
            ("LOPEZ, MARIA  DOB 03/04/1961", "LOPEZ, MARIA", "name.field"),
            ("Thanks, Jen", "Jen", "name.signature"),
            ("all is well.\nQ. LANDER RRT", "Q. LANDER", "name.signature"),
            ("weaning.\nV. Finn, RRT", "V. Finn", "name.signature"),
            (
                "SPOKE WITH DR RAKUSIN AND DR KLEIN",
                "DR RAKUSIN",
                "name.title",
            ),
            ("Seen by Dr.Sawtelle.", "Dr.Sawtelle", "name.title"),
            (
                "mr nicholson had a quiet night",
                "mr nicholson",
                "name.title",
            ),
            ("Regards,\nJohn Smith", "John Smith", "name.signature"),
            (
                "Spoke with Ana Lopez about the results.",
                "Ana Lopez",
                "name.context",
            ),
            (
                "The note was reviewed with Priya Raman and her son.",
                "Priya Raman",
                "name.context",
            ),
            (
                "Labs reviewed, results sent to Kevin O'Brien for review",
                "Kevin O'Brien",
                "name.context",
            ),
            (
                "Follow up with Maria Garcia-Lopez next week",
                "Maria Garcia-Lopez",
                "name.context",
            ),
            (
                "Results were faxed. Nguyen paged at 2am.",
                "Nguyen",
                "name.dictionary",
            ),
            (
                "Husband Jose at bedside; later jose agreed",
                "jose",
                "name.spread",
            ),
            ("Dear Sam,", "Sam", "name.context"),
            ("Patient: J. Smith", "J. Smith", "name.context"),
            ("Maria's daughter called", "Maria", "name.dictionary"),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Name, rule);
        }
    }

    #[test]
    fn hard_negatives() {
        let cases = [
            "Will follow up in 2 weeks.",
            "pt will call back if pain worsens",
            "May take ibuprofen 400 mg as needed",
            "hx of Parkinson's disease and Bell's palsy",
            "Foley catheter in place, draining clear urine",
            "GCS 15, Glasgow coma scale normal",
            "Apgar 8 and 9",
            "metformin 500 mg BID, lisinopril 10 mg daily",
            "BP 142/88, HR 72, A1c 7.2%",
            "Seen in March, next visit on Monday",
            "Hope you feel better soon",
            "I have a bill from the pharmacy",
            "grant access to the portal",
            "rose to 38.5 overnight",
            "Crohn disease flare, on Humira",
            "Positive Murphy sign, RUQ tenderness",
            "patient is a 45 yo male with chest pain",
        ];
        for text in cases {
            assert_clean(text, &[Label::Name]);
        }
    }
}

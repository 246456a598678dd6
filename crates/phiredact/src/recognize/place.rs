//! Places smaller than a state: cities, counties and health-care facilities (`LOCATION`).
//!
//! The trade-off is between a gazetteer's recall and the fact that many US place names are
//! ordinary words or people's names (Mobile, Reading, Normal, Jackson, Florence). The build
//! script (`data/build_places.py`) sorts every city name into a *tier*:
//!
//! 1. distinctive and large (Chicago, Baltimore): a capitalised mention is enough;
//! 2. distinctive but small, or a large city that is also a common name (Austin, Dallas):
//!    needs a preposition before it ("in", "from", "near", "to", "at") or a state after it;
//! 3. an ordinary word or a common name (Mobile, Hampton): needs a residence cue ("lives in",
//!    "moved to", "born in") or a state after it ("Mobile, AL").
//!
//! Matching is case-aware: a place is written in title case or in capitals ("reading
//! glasses", "orange juice" are no places), and a name in capitals is demoted one tier,
//! because notes written in capitals capitalise every word. The one exception is a residence
//! verb and a preposition before a name of tier 1 or 2 or a county, which are enough in
//! lower case too ("son lives in parkville", "returned to new haven"). States and countries are not
//! identifiers under Safe Harbor and are never reported.
//!
//! Facilities are found by pattern, not by list: capitalised words before a keyword
//! ("Calvert Hospital", "Sacred Heart Memorial", "St. Mary's ER"), a saint's name after a
//! cue ("accepted by St. Agnes"), a hospital acronym after a transfer verb ("sent to GH"),
//! a ward name and number after "transfer to", and a short list of well-known systems that
//! are named without a keyword ("Johns Hopkins"). A department or specialty with no proper
//! name ("Emergency Department", "Cardiology Clinic", "Mental Health") is not a facility.
//!
//! The scan visits only capitalised word starts and keyword hits, so text without
//! places costs one pass over its bytes plus one Aho-Corasick pass.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Candidate, FxMap, priority, word_boundary};
use crate::finding::Label;

const CITIES: &str = include_str!("../../data/places/cities.txt");
const COUNTIES: &str = include_str!("../../data/places/counties.txt");
const FAMOUS_TXT: &str = include_str!("../../data/places/famous_facilities.txt");

/// A county in the gazetteer: always a place, whatever the context.
const COUNTY: u8 = 4;

/// The longest place name we try, in words.
const MAX_WORDS: usize = 5;

struct Gazetteer {
    /// Lower-case name → tier (1–3), [`COUNTY`], [`FAMOUS`] or [`FAMOUS_CUED`].
    places: FxMap<&'static str, u8>,
    /// Lower-case first word of a name → the most words a name starting with it has
    /// (low bits), and [`KEYWORD_FIRST`] when a facility keyword starts with it.
    first_words: FxMap<&'static str, u8>,
}

/// A well-known facility named without a keyword ("Johns Hopkins").
const FAMOUS: u8 = 5;
/// A well-known facility whose name is also an ordinary phrase ("Sacred Heart"): needs a cue.
const FAMOUS_CUED: u8 = 6;
/// Flag in `first_words`: a facility keyword starts with this word.
const KEYWORD_FIRST: u8 = 0x80;

/// Every key is stored lower-case; the embedded text is mixed case, so the lower-case copy
/// is made once, leaked into a single `'static` string, and sliced.
fn lower_static(text: &'static str) -> &'static str {
    Box::leak(text.to_ascii_lowercase().into_boxed_str())
}

static GAZ: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut places = FxMap::default();
    places.reserve(17_000);
    for line in lower_static(CITIES).lines() {
        if line.starts_with('#') || line.len() < 2 {
            continue;
        }
        let tier = line.as_bytes()[0] - b'0';
        places.insert(&line[1..], tier);
    }
    for line in lower_static(COUNTIES).lines() {
        if !line.starts_with('#') && !line.is_empty() {
            places.insert(line, COUNTY);
        }
    }
    for line in lower_static(FAMOUS_TXT).lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        match line.strip_prefix('?') {
            Some(name) => places.insert(name, FAMOUS_CUED),
            None => places.insert(line, FAMOUS),
        };
    }
    let mut first_words: FxMap<&'static str, u8> = FxMap::default();
    for k in places.keys() {
        let n = k.split(' ').count().min(MAX_WORDS) as u8;
        let f = k.split(' ').next().unwrap_or(k);
        let e = first_words.entry(f).or_insert(0);
        *e = (*e).max(n);
    }
    for k in KEYWORDS {
        let f = k.split(' ').next().unwrap_or(k);
        *first_words.entry(f).or_insert(0) |= KEYWORD_FIRST;
    }
    Gazetteer {
        places,
        first_words,
    }
});

/// Builds the gazetteer now rather than on the first scan.
pub(crate) fn warm_up() {
    LazyLock::force(&GAZ);
}

/// Words that end a facility name, longest first among those sharing a first word. "ER",
/// "office" and "practice" have extra conditions.
const KEYWORDS: &[&str] = &[
    "hospital",
    "hospitals",
    "medical center",
    "medical centre",
    "medical ctr",
    "med center",
    "med ctr",
    "med. center",
    "med. ctr",
    "med. ctr.",
    "medical group",
    "health",
    "healthcare",
    "health care",
    "health system",
    "health center",
    "health centre",
    "clinic",
    "nursing home",
    "nursing center",
    "rehab",
    "rehabilitation center",
    "rehabilitation hospital",
    "pharmacy",
    "urgent care",
    "memorial",
    "regional",
    "infirmary",
    "hospice",
    "institute",
    "general",
    "med",
    "care center",
    "surgery center",
    "surgical center",
    "cancer center",
    "heart center",
    "er",
    "office",
    "practice",
    "building",
    "pavilion",
];

/// Words that cannot name a facility on their own: "Emergency Department", "Mental Health".
const GENERIC: &[&str] = &[
    "a",
    "acute",
    "attorney",
    "admitted",
    "all",
    "american",
    "an",
    "and",
    "animal",
    "another",
    "at",
    "behavioral",
    "behavioural",
    "bone",
    "brain",
    "by",
    "call",
    "awaiting",
    "called",
    "cancer",
    "cardiac",
    "cardiology",
    "care",
    "center",
    "child",
    "clinic",
    "community",
    "cost",
    "day",
    "dental",
    "department",
    "dept",
    "diabetes",
    "dialysis",
    "digital",
    "discharged",
    "ed",
    "emergency",
    "employee",
    "er",
    "eye",
    "family",
    "federal",
    "fertility",
    "for",
    "free",
    "from",
    "global",
    "go",
    "health",
    "heart",
    "her",
    "his",
    "hiv",
    "home",
    "hospital",
    "icu",
    "in",
    "infant",
    "inpatient",
    "internal",
    "is",
    "its",
    "leave",
    "local",
    "long",
    "lung",
    "maternal",
    "medical",
    "medicine",
    "memorial",
    "men's",
    "mental",
    "many",
    "more",
    "most",
    "my",
    "national",
    "nearby",
    "nearest",
    "neurology",
    "new",
    "night",
    "notified",
    "nursing",
    "of",
    "old",
    "oncology",
    "on",
    "oral",
    "other",
    "our",
    "outpatient",
    "outside",
    "pain",
    "patient",
    "pediatric",
    "pediatrics",
    "per",
    "physical",
    "population",
    "previous",
    "primary",
    "prior",
    "private",
    "psychiatric",
    "psychiatry",
    "pt",
    "public",
    "referred",
    "regional",
    "rehab",
    "reproductive",
    "retail",
    "same",
    "seen",
    "sent",
    "sexual",
    "self",
    "skilled",
    "skin",
    "sleep",
    "some",
    "specialty",
    "state",
    "student",
    "surgeon",
    "surgery",
    "surgical",
    "that",
    "the",
    "their",
    "therapy",
    "this",
    "to",
    "transferred",
    "transplant",
    "travel",
    "urgent",
    "us",
    "va",
    "vascular",
    "veterans",
    "veterinary",
    "via",
    "visit",
    "visited",
    "walk-in",
    "was",
    "with",
    "women's",
    "world",
    "your",
];

/// Words after which a facility name starts afresh (in text written in capitals every word
/// is capitalised: "TRANSFERRED TO HOLY CROSS REHAB").
const BREAKS: &[&str] = &[
    "a",
    "admitted",
    "an",
    "at",
    "by",
    "call",
    "called",
    "contacted",
    "discharged",
    "followed",
    "for",
    "from",
    "in",
    "into",
    "is",
    "on",
    "patient",
    "per",
    "presented",
    "pt",
    "referred",
    "saw",
    "seen",
    "sent",
    "the",
    "to",
    "transferred",
    "treated",
    "via",
    "visit",
    "visited",
    "was",
    "went",
    "with",
];

/// Prepositions that make a tier-2 name a place: "in Bay Minette", "from Randallstown".
const PLACE_PREPS: &[&str] = &[
    "in", "from", "to", "at", "near", "@", "into", "around", "outside", "toward", "towards",
    "visiting", "via",
];

/// Verbs and nouns that, before "in"/"to"/"near"/"from", make even a tier-3 name a place.
const RESIDENCE: &[&str] = &[
    "apartment",
    "born",
    "drove",
    "family",
    "flew",
    "grew",
    "home",
    "house",
    "live",
    "lived",
    "lives",
    "living",
    "located",
    "moved",
    "moving",
    "native",
    "originally",
    "raised",
    "relocated",
    "reside",
    "resides",
    "residing",
    "resident",
    "returned",
    "returning",
    "shelter",
    "stays",
    "staying",
    "traveled",
    "travelled",
    "trip",
    "vacation",
    "visiting",
    "works",
];

/// A following word that turns a place name into an eponym or a thing:
/// "Lyme disease", "Coxsackie virus", "Jackson-Pratt drain", "Boston criteria".
const EPONYM_NEXT: &[&str] = &[
    "catheter",
    "classification",
    "criteria",
    "disease",
    "drain",
    "fever",
    "maneuver",
    "protocol",
    "risk",
    "scale",
    "score",
    "sign",
    "syndrome",
    "test",
    "tube",
    "virus",
];

/// Honorifics: the name after them is a person ("Dr. Austin", "Mrs. Florence").
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "miss", "prof", "sister", "brother"];

/// Movement verbs that, before "to"/"at"/"from", make an acronym a hospital ("sent to GH").
const MOVES: &[&str] = &[
    "admitted",
    "admit",
    "arrived",
    "brought",
    "came",
    "discharged",
    "flown",
    "medflight",
    "medflighted",
    "presented",
    "returned",
    "seen",
    "sent",
    "taken",
    "transfer",
    "transfered",
    "transferred",
    "transported",
    "went",
];

/// Acronyms ending in H that are diagnoses, not hospitals.
const NOT_HOSPITAL_ACRONYMS: &[&str] = &[
    "BATH", "BOTH", "CASH", "CATH", "EACH", "HIGH", "MUCH", "PUSH", "SUCH", "WASH", "WITH", "BPH",
    "DH", "EDH", "HH", "ICH", "IVH", "LVH", "NH", "OSH", "PH", "PPH", "RVH", "SAH", "SDH",
];

/// Unit names that are not ward names ("transfer to Floor 4").
const NOT_WARDS: &[&str] = &[
    "bed",
    "building",
    "cardiac",
    "floor",
    "level",
    "medicine",
    "neuro",
    "oncology",
    "ortho",
    "room",
    "stepdown",
    "surgery",
    "surgical",
    "telemetry",
    "tower",
    "unit",
    "ward",
    "wing",
];

fn in_list(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// A byte of a word of a place name: letters, digits, `'`, `-` and any non-ASCII byte. Wider
/// than `super::is_word_byte`, the regexes' `(?-u:\b)` word byte.
fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'\'' || c == b'-' || c >= 0x80
}

/// The word that ends at or before `pos` (skipping spaces and tabs only), as `(start, end)`.
fn prev_word(text: &str, pos: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut e = pos;
    while e > 0 && matches!(b[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    if e > 0 && b[e - 1] == b'.' && e >= 2 && b[e - 2].is_ascii_alphabetic() {
        // "Dr. Austin": the abbreviation's period belongs to the word.
        e -= 1;
    }
    if e > 0 && b[e - 1] == b'@' {
        return Some((e - 1, e));
    }
    let mut s = e;
    while s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'\'') {
        s -= 1;
    }
    (s < e).then_some((s, e))
}

/// The word that starts at or after `pos` (skipping spaces and tabs).
fn next_word(text: &str, pos: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut s = pos;
    while s < b.len() && matches!(b[s], b' ' | b'\t' | b'-') {
        s += 1;
    }
    let mut e = s;
    while e < b.len() && b[e].is_ascii_alphanumeric() {
        e += 1;
    }
    (s < e).then_some((s, e))
}

/// Whether a state (code or name) or a ZIP code follows the place at `end`:
/// "Springfield, IL", "Austin TX", "Bay Minette, Alabama 36507".
fn state_after(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    let mut i = end;
    if i < b.len() && b[i] == b',' {
        i += 1;
    }
    let sp = i;
    while i < b.len() && matches!(b[i], b' ' | b'\t') && i - sp < 2 {
        i += 1;
    }
    if i == sp && i == end {
        // Neither a comma nor a space: not a separate word.
        return false;
    }
    let rest = &text[i..];
    let rb = rest.as_bytes();
    if rb.len() >= 2
        && rb[0].is_ascii_uppercase()
        && rb[1].is_ascii_uppercase()
        && !rb.get(2).is_some_and(|c| c.is_ascii_alphanumeric())
        && super::address::is_state_code(&rest[..2])
    {
        return true;
    }
    super::address::starts_with_state_name(rest)
}

/// How a run of words is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Title,
    Caps,
    Other,
}

fn case_of(words: &str) -> Case {
    let mut caps = true;
    let mut title = true;
    for w in words.split([' ', '\t']).filter(|w| !w.is_empty()) {
        let b = w.as_bytes();
        let connector = in_list(&["of", "and", "de", "la", "du", "the", "on", "upon"], w);
        if w.bytes().any(|c| c.is_ascii_lowercase()) {
            caps = false;
        }
        let title_word = b[0].is_ascii_uppercase() || (connector && b[0].is_ascii_lowercase());
        if !title_word {
            title = false;
        }
    }
    if caps {
        Case::Caps
    } else if title {
        Case::Title
    } else {
        Case::Other
    }
}

/// A word of a place or facility name: capitalised, an initial, or a connector.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// `end` plus a directly following period ("St." "Mt."), if any.
    end_dot: usize,
}

/// Up to `MAX_WORDS` words starting at `i`, separated by one or two spaces or tabs.
fn words_from(text: &str, i: usize, out: &mut Vec<Word>) {
    out.clear();
    let b = text.as_bytes();
    let mut s = i;
    while out.len() < MAX_WORDS && s < b.len() && b[s].is_ascii_alphabetic() {
        let mut e = s;
        while e < b.len() && is_name_byte(b[e]) && b[e] < 0x80 {
            e += 1;
        }
        while e > s && matches!(b[e - 1], b'-' | b'\'') {
            e -= 1;
        }
        let end_dot = if b.get(e) == Some(&b'.') { e + 1 } else { e };
        out.push(Word {
            start: s,
            end: e,
            end_dot,
        });
        let mut n = end_dot;
        let gap = n;
        while n < b.len() && matches!(b[n], b' ' | b'\t') && n - gap < 2 {
            n += 1;
        }
        if n == gap {
            break;
        }
        s = n;
    }
}

/// Finds every place in `text` and pushes its candidates.
pub(crate) fn recognize(text: &str, out: &mut Vec<Candidate>) {
    let g = &*GAZ;
    let b = text.as_bytes();
    let mut words = Vec::with_capacity(MAX_WORDS);
    let mut key = String::new();
    let mut i = 0;
    while i < b.len() {
        i = next_upper(b, i);
        if i >= b.len() {
            break;
        }
        if i > 0 && is_name_byte(b[i - 1]) {
            // Inside a word ("pH", every letter of an ALL CAPS word): no capital before the
            // word's end starts one either.
            while i < b.len() && is_name_byte(b[i]) {
                i += 1;
            }
            continue;
        }
        // Most capitalised words start no place name: one lookup of the first word decides.
        let mut e = i;
        while e < b.len() && is_name_byte(b[e]) && b[e] < 0x80 {
            e += 1;
        }
        while e > i && matches!(b[e - 1], b'-' | b'\'') {
            e -= 1;
        }
        // The word in lower case on the stack (it is ASCII): this runs for every
        // capitalised word, every word of an ALL CAPS note.
        let mut low = [0u8; 32];
        let n = e - i;
        let first = |k: &[u8]| {
            std::str::from_utf8(k)
                .ok()
                .and_then(|k| g.first_words.get(k))
                .copied()
                .unwrap_or(0)
        };
        let flags = if n < low.len() {
            for (d, &c) in low.iter_mut().zip(&b[i..e]) {
                *d = c.to_ascii_lowercase();
            }
            first(&low[..n])
        } else {
            0
        };
        if flags & KEYWORD_FIRST != 0 {
            keyword_at(text, i, out);
        }
        if e - i >= 2 && e - i <= 6 && b[i..e].iter().all(u8::is_ascii_uppercase) {
            acronym_at(text, i, e, out);
        }
        let mut max_words = usize::from(flags & !KEYWORD_FIRST);
        if b.get(e) == Some(&b'.') && n < low.len() {
            // "St. Louis": the abbreviation's period is part of the first word.
            low[n] = b'.';
            let f = first(&low[..n + 1]);
            max_words = max_words.max(usize::from(f & !KEYWORD_FIRST));
        }
        if max_words == 0 {
            i = e.max(i + 1);
            continue;
        }
        words_from(text, i, &mut words);
        words.truncate(max_words);
        let mut next = i + 1;
        for n in (1..=words.len()).rev() {
            let last = words[n - 1];
            key.clear();
            for (j, w) in words[..n].iter().enumerate() {
                if j > 0 {
                    key.push(' ');
                }
                let e = if j + 1 < n { w.end_dot } else { w.end };
                key.extend(text[w.start..e].chars().map(|c| c.to_ascii_lowercase()));
            }
            let Some(&tier) = g.places.get(key.as_str()) else {
                continue;
            };
            let (s, e) = (i, last.end);
            if let Some(rule_prio) = decide(text, s, e, tier) {
                out.push(Candidate::new(
                    s,
                    e,
                    Label::Location,
                    rule_prio.0,
                    rule_prio.1,
                ));
                next = e;
            }
            break;
        }
        i = next;
    }
    // Keywords in lower case ("Kernan hospital") are not at a capitalised word start.
    for f in LOWER_KEYWORDS.iter() {
        for ks in f.find_iter(b) {
            keyword_at(text, ks, out);
        }
    }
    saints(text, out);
    wards(text, out);
    lower_after_residence(text, out);
}

/// Residence verbs that start a lower-case place ("son lives in parkville", "returned to
/// new haven").
const LOWER_RESIDENCE: &[&str] = &[
    "live",
    "lives",
    "lived",
    "living",
    "reside",
    "resides",
    "residing",
    "resident",
    "moved",
    "moving",
    "relocated",
    "returned",
    "returning",
    "born",
    "raised",
    "grew",
];

/// The prepositions after a residence verb, each found by one substring pass ("near" and
/// "from" are rare enough after one not to pay for a pass of their own).
static LOWER_RESIDENCE_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    LazyLock::new(|| {
        [" in ", " to "]
            .iter()
            .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
            .collect()
    });

/// Words that may stand between a residence verb and its preposition ("lives alone in",
/// "grew up in", "moved back to").
const RESIDENCE_FILLERS: &[&str] = &["alone", "up", "back", "here", "there", "nearby", "now"];

/// A place written in lower case after a residence verb and a preposition: "lives in
/// parkville", "returned to new haven today". Messages typed on phones are often all lower
/// case, where the capitalised-word scan sees nothing. Only names of tier 1 or 2 and
/// counties count here: a tier-3 name is an ordinary word ("lives in mobile home").
fn lower_after_residence(text: &str, out: &mut Vec<Candidate>) {
    let g = &*GAZ;
    let b = text.as_bytes();
    let mut words = Vec::with_capacity(MAX_WORDS);
    let mut key = String::new();
    for f in LOWER_RESIDENCE_FINDERS.iter() {
        for at in f.find_iter(b) {
            // The preposition, and the verb before it with at most one filler between.
            let Some(prep) = next_word(text, at + 1) else {
                continue;
            };
            let Some(mut verb) = prev_word(text, at + 1) else {
                continue;
            };
            if in_list(RESIDENCE_FILLERS, &text[verb.0..verb.1]) {
                let Some(v) = prev_word(text, verb.0) else {
                    continue;
                };
                verb = v;
            }
            if !in_list(LOWER_RESIDENCE, &text[verb.0..verb.1]) {
                continue;
            }
            let Some((ps, _)) = next_word(text, prep.1) else {
                continue;
            };
            if !b[ps].is_ascii_lowercase() || !text[prep.1..ps].bytes().all(|c| c == b' ') {
                continue;
            }
            words_from(text, ps, &mut words);
            for n in (1..=words.len()).rev() {
                let last = words[n - 1];
                if !text[ps..last.end]
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c == b' ')
                {
                    continue;
                }
                key.clear();
                key.push_str(&text[ps..last.end]);
                if matches!(g.places.get(key.as_str()), Some(&t) if t <= 2 || t == COUNTY) {
                    out.push(Candidate::new(
                        ps,
                        last.end,
                        Label::Location,
                        "location.city",
                        priority::CUE,
                    ));
                    break;
                }
            }
        }
    }
}

/// The first ASCII capital at or after `i` (or `b.len()`), eight bytes at a time: most of a
/// note is lower case, and this loop is most of the recognizer's cost on it.
fn next_upper(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Between '@' and '[': the capitals.
        if super::has_byte_between(x, b'@', b'[') {
            break;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_uppercase() {
        i += 1;
    }
    i
}

/// Keywords that are written in lower case after a capitalised name often enough to look
/// for: one SIMD substring pass each.
static LOWER_KEYWORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    ["hospital", "clinic", "memorial", "rehab"]
        .iter()
        .map(|k| memchr::memmem::Finder::new(k.as_bytes()))
        .collect()
});

/// Whether the gazetteer hit `text[s..e]` of `tier` is a place here, and with which rule
/// and priority.
fn decide(text: &str, s: usize, e: usize, tier: u8) -> Option<(&'static str, u8)> {
    let case = case_of(&text[s..e]);
    if case == Case::Other {
        return None;
    }
    if tier == COUNTY {
        return Some(("location.county", priority::CUE));
    }
    let prev = prev_word(text, s).map(|(a, z)| &text[a..z]);
    if tier == FAMOUS
        || tier == FAMOUS_CUED
            && prev.is_some_and(|p| in_list(&["to", "at", "from", "@", "by", "into"], p))
    {
        return Some(("location.facility", priority::CUE));
    }
    if tier >= FAMOUS {
        return None;
    }
    // Cheap tests first: most hits ("Normal", "Plan") fail for want of context.
    // In text written in capitals "APEX AK" and "EARLY IN SHIFT" look like a place and a
    // state; there the state must follow a comma.
    let comma = text.as_bytes().get(e) == Some(&b',');
    let state = (case != Case::Caps || comma) && state_after(text, e);
    let prep = prev.is_some_and(|p| in_list(PLACE_PREPS, p));
    let tier = if case == Case::Caps { tier + 1 } else { tier };
    let found = match tier {
        _ if state => Some(("location.city", priority::CUE)),
        1 => Some((
            "location.city",
            if prep { priority::CUE } else { priority::WEAK },
        )),
        2 if prep => Some(("location.city", priority::CUE)),
        _ => {
            let residence = prev.is_some_and(|p| in_list(&["in", "to", "near", "from", "of"], p))
                && prev_word(text, prev_word(text, s).map_or(0, |w| w.0))
                    .is_some_and(|(a, z)| in_list(RESIDENCE, &text[a..z]));
            residence.then_some(("location.city", priority::CUE))
        }
    };
    found?;
    if prev.is_some_and(|p| in_list(HONORIFICS, p)) {
        return None;
    }
    if let Some((a, z)) = next_word(text, e) {
        if in_list(EPONYM_NEXT, &text[a..z]) {
            return None;
        }
    }
    found
}

/// A facility name ending in the keyword that starts at `ks`, if there is one.
fn keyword_at(text: &str, ks: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let Some(kw_len) = KEYWORDS
        .iter()
        .filter(|k| {
            let n = k.len();
            ks + n <= b.len()
                && b[ks..ks + n].eq_ignore_ascii_case(k.as_bytes())
                && word_boundary(b, ks, ks + n)
        })
        .map(|k| k.len())
        .max()
    else {
        return;
    };
    let ke = ks + kw_len;
    if ks > 0 && is_name_byte(b[ks - 1]) {
        return;
    }
    {
        let kw = &text[ks..ke];
        if !kw.as_bytes()[0].is_ascii_alphabetic() {
            return;
        }
        let kw_case = case_of(kw);
        // Short or common keywords count only as written: "ER", "General", "Med".
        let exact = match kw.to_ascii_lowercase().as_str() {
            "er" => kw == "ER",
            "general" => kw == "General",
            "med" => kw == "Med",
            _ => true,
        };
        if !exact {
            return;
        }
        let Some(start) = name_before(text, ks) else {
            return;
        };
        let pre = &text[start..ks];
        if kw_case == Case::Caps && !pre.bytes().any(|c| c.is_ascii_lowercase()) {
            // In capitals, every word looks like a name: require "to", "at", "by"... before.
            let cued = prev_word(text, start).is_some_and(|(a, z)| {
                in_list(&["to", "at", "from", "@", "by", "into", "in"], &text[a..z])
            });
            if !cued && pre.len() > 3 {
                return;
            }
        }
        let lower_kw = kw.eq_ignore_ascii_case("office") || kw.eq_ignore_ascii_case("practice");
        if lower_kw && !(pre.trim_end().ends_with("'s") || pre.trim_end().ends_with("’s")) {
            return;
        }
        if kw_case == Case::Other && !kw.bytes().all(|c| c.is_ascii_lowercase() || c == b' ') {
            return;
        }
        if let Some((a, z)) = next_word(text, ke) {
            if in_list(EPONYM_NEXT, &text[a..z]) || in_list(&["day", "weekend"], &text[a..z]) {
                return;
            }
        }
        out.push(Candidate::new(
            start,
            ke,
            Label::Location,
            "location.facility",
            priority::CUE,
        ));
    }
}

/// The start of the proper name that ends right before the keyword at `ks`, if any: one to
/// four capitalised words (with "and", "of", "&" between them), not all generic.
fn name_before(text: &str, ks: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut pos = ks;
    while words.len() < 6 {
        let mut e = pos;
        let mut spaces = 0;
        while e > 0 && matches!(b[e - 1], b' ' | b'\t') {
            e -= 1;
            spaces += 1;
        }
        if spaces == 0 || spaces > 2 {
            break;
        }
        let mut s = e;
        while s > 0 && (is_name_byte(b[s - 1]) || b[s - 1] == b'.') {
            s -= 1;
        }
        if s == e {
            break;
        }
        // Skip leading UTF-8 continuation bytes' partner: keep on char boundary.
        while !text.is_char_boundary(s) {
            s += 1;
        }
        let w = &text[s..e];
        let first = w.as_bytes()[0];
        let connector = matches!(w, "and" | "of" | "&");
        if !(first.is_ascii_uppercase() || connector) {
            break;
        }
        words.push((s, e));
        pos = s;
    }
    // Cut at the nearest break word ("TRANSFERRED TO HOLY CROSS REHAB").
    let mut keep = words.len();
    for (k, &(s, e)) in words.iter().enumerate() {
        let w = text[s..e].trim_end_matches('.');
        if in_list(BREAKS, w) {
            keep = k;
            break;
        }
    }
    words.truncate(keep);
    // A connector cannot start the name.
    while words
        .last()
        .is_some_and(|&(s, e)| matches!(&text[s..e], "and" | "of" | "&"))
    {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    let all_generic = words.iter().all(|&(s, e)| {
        let w = text[s..e].trim_end_matches('.');
        in_list(GENERIC, w)
    });
    if all_generic {
        return None;
    }
    words.last().map(|w| w.0)
}

/// Whether the opening of the saint pattern below stands in `b`: "St", "ST" or "Ste" (each
/// perhaps with a period), "Saint" or "SAINT", starting a word, then a space or a tab. Most
/// segments have some word starting "St" ("Status", "Stable"); few have this.
fn saint_possible(b: &[u8]) -> bool {
    memchr::memchr_iter(b'S', b).any(|i| {
        let r = &b[i + 1..];
        let space = |n: usize| r.get(n).is_some_and(|&c| c == b' ' || c == b'\t');
        let dot_space = |n: usize| r.get(n) == Some(&b'.') && space(n + 1) || space(n);
        super::word_start(b, i)
            && ((r.starts_with(b"t") || r.starts_with(b"T")) && dot_space(1)
                || r.starts_with(b"te") && dot_space(2)
                || (r.starts_with(b"aint") || r.starts_with(b"AINT")) && space(4))
    })
}

/// Pre-checks for the regexes below, built once: a regex call has a set-up cost that most
/// segments, with no transfer and no saint, need not pay.
static FINDERS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
    [
        memchr::memmem::Finder::new(b"ransfer"),
        memchr::memmem::Finder::new(b"RANSFER"),
    ]
});

/// "St. Mary's", "St. Agnes" (after a cue), "Saint Joseph's".
static SAINT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?-u:\b)(?:St\.?|ST\.?|Saint|SAINT|Ste\.?)[ \t]{1,2}(?P<n>[A-Z][A-Za-z]+)(?P<pos>['’]s(?-u:\b))?")
        .expect("valid regex")
});

fn saints(text: &str, out: &mut Vec<Candidate>) {
    if !saint_possible(text.as_bytes()) {
        return;
    }
    for c in SAINT.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let name = &c["n"];
        if let Some((a, z)) = next_word(text, m.end()) {
            if in_list(&["wort", "dance", "fire"], &text[a..z]) {
                continue;
            }
        }
        let cued = prev_word(text, m.start()).is_some_and(|(a, z)| {
            in_list(
                &["to", "at", "from", "@", "by", "into", "in", "of"],
                &text[a..z],
            )
        });
        if c.name("pos").is_none() && !cued {
            continue;
        }
        if name.len() < 3 || in_list(BREAKS, name) || in_list(GENERIC, name) {
            continue;
        }
        if name.bytes().all(|c| c.is_ascii_uppercase()) && !m.as_str().contains('.') {
            // "SR TO ST WITH PVCS": ST is sinus tachycardia.
            continue;
        }
        out.push(Candidate::new(
            m.start(),
            m.end(),
            Label::Location,
            "location.facility",
            priority::CUE,
        ));
    }
}

/// "sent to GH", "admitted to MGH", "transferred from BMC": an acronym ending in H or MC after
/// a movement verb and a preposition (`text[s..e]` is a word in capitals).
fn acronym_at(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    let a = &text[s..e];
    let mc = a.ends_with("MC") && a.len() >= 4;
    if !(a.ends_with('H') || mc) || a.len() > 5 {
        return;
    }
    if in_list(NOT_HOSPITAL_ACRONYMS, a) || super::address::is_state_code(a) {
        return;
    }
    let Some((ps, pe)) = prev_word(text, s) else {
        return;
    };
    if !in_list(&["to", "into", "at", "from", "@"], &text[ps..pe]) {
        return;
    }
    // The verb stands right before the preposition or one word earlier ("sent to GH",
    // "admitted directly to GH"); "GH deficiency due to GH" has none.
    let v1 = prev_word(text, ps);
    let v2 = v1.and_then(|(s1, _)| prev_word(text, s1));
    let verb = [v1, v2]
        .into_iter()
        .flatten()
        .any(|(s1, e1)| in_list(MOVES, &text[s1..e1]));
    if verb || mc {
        out.push(Candidate::new(
            s,
            e,
            Label::Location,
            "location.facility",
            priority::CUE,
        ));
    }
}

/// "transfer to Quartermain 2": a ward or building name with a number after "transfer to".
fn wards(text: &str, out: &mut Vec<Candidate>) {
    static WARD: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i:(?-u:\b)transfer(?:red|ed|ring)?[ \t]{1,2}to)[ \t]{1,2}(?P<w>[A-Z][A-Za-z]{4,})[ \t]{1,2}\d{1,2}(?-u:\b)")
            .expect("valid regex")
    });
    // Most segments have no transfer at all; skip the regex's per-call set-up for them.
    let b = text.as_bytes();
    if FINDERS[0].find(b).is_none() && FINDERS[1].find(b).is_none() {
        return;
    }
    for c in WARD.captures_iter(text) {
        let w = c.name("w").expect("group");
        if in_list(NOT_WARDS, w.as_str()) || in_list(GENERIC, w.as_str()) {
            continue;
        }
        out.push(Candidate::new(
            w.start(),
            w.end(),
            Label::Location,
            "location.facility",
            priority::CUE,
        ));
    }
}

/// A site's own facility names, from the policy: matched case-insensitively on word
/// boundaries, always redacted.
#[derive(Clone, Default)]
pub(crate) struct SiteFacilities {
    ac: Option<AhoCorasick>,
}

impl SiteFacilities {
    pub(crate) fn new<S: AsRef<str>>(names: &[S]) -> SiteFacilities {
        let pats: Vec<&str> = names
            .iter()
            .map(|n| n.as_ref().trim())
            .filter(|n| !n.is_empty())
            .collect();
        if pats.is_empty() {
            return SiteFacilities::default();
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .ok();
        SiteFacilities { ac }
    }

    pub(crate) fn recognize(&self, text: &str, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.ac else { return };
        let b = text.as_bytes();
        for m in ac.find_iter(b) {
            if word_boundary(b, m.start(), m.end()) {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    Label::Location,
                    "location.policy",
                    priority::EXPLICIT,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    macro_rules! pos {
        ($text:expr, $span:expr, $rule:expr) => {
            ($text, $span, $rule)
        };
    }

    /// The pre-check holds wherever the saint pattern matches.
    #[test]
    fn saint_possible_is_a_gate() {
        let texts = [
            "St. Mary's",
            "St Agnes",
            "ST. JOSEPH",
            "Ste. Anne",
            "Ste Anne",
            "Saint Joseph's",
            "SAINT LUKE",
            "St.\tX",
            "to St  Agnes",
            "Status stable",
            "STAT labs",
            "complaint",
            "Stable.",
            "St.Mary",
            "xSt Agnes",
            "_St Agnes",
            "é St Agnes",
            "St",
            "S",
            "Ste.",
            "Saint",
            "SAINT\tA",
            "Sainte Anne",
        ];
        for t in texts {
            assert!(
                !super::SAINT.is_match(t) || super::saint_possible(t.as_bytes()),
                "{t}"
            );
        }
        assert!(!super::saint_possible(b"Status stable, complaint, STAT"));
    }

    #[test]
    fn issue_10_cities_and_counties() {
        let cases = [
            pos!(
                "lives in Bay Minette with her daughter",
                "Bay Minette",
                "location.city"
            ),
            pos!(
                "moved to Cook County last year",
                "Cook County",
                "location.county"
            ),
            pos!(
                "from Springfield, IL originally",
                "Springfield",
                "location.city"
            ),
            pos!("drove in from Austin TX", "Austin", "location.city"),
            pos!("she lives in Mobile with", "Mobile", "location.city"),
            pos!("family in Reading, PA", "Reading", "location.city"),
            pos!("was born in Florence and", "Florence", "location.city"),
            pos!("seen in Chicago last week", "Chicago", "location.city"),
            pos!("Chicago office", "Chicago", "location.city"),
            pos!("LIVES IN Hampton", "Hampton", "location.city"),
            pos!("home in Salt Lake City", "Salt Lake City", "location.city"),
            pos!(
                "SOCIAL: LIVES WITH SON IN ROCKVILLE.",
                "ROCKVILLE",
                "location.city"
            ),
            pos!("went to St. Louis for", "St. Louis", "location.city"),
            pos!(
                "resident of Jefferson Parish",
                "Jefferson Parish",
                "location.county"
            ),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Location, rule);
        }
    }

    #[test]
    fn issue_10_facilities() {
        let cases = [
            pos!(
                "transferred from Calvert Hospital",
                "Calvert Hospital",
                "location.facility"
            ),
            pos!(
                "seen at St. Mary's ER",
                "St. Mary's ER",
                "location.facility"
            ),
            pos!(
                "was accepted by St. Agnes but",
                "St. Agnes",
                "location.facility"
            ),
            pos!(
                "d/c'd to Sacred Heart Memorial at 4",
                "Sacred Heart Memorial",
                "location.facility"
            ),
            pos!(
                "BELIEVE PT WAS SCREENED BY HOLY CROSS REHAB TODAY",
                "HOLY CROSS REHAB",
                "location.facility"
            ),
            pos!(
                "follow by Kernan hospital",
                "Kernan hospital",
                "location.facility"
            ),
            pos!("Sent to GH via ambulance", "GH", "location.facility"),
            pos!(
                "will transfer to Quartermain 2 today",
                "Quartermain",
                "location.facility"
            ),
            pos!(
                "care at Johns Hopkins since",
                "Johns Hopkins",
                "location.facility"
            ),
            pos!(
                "at Brigham and Women's Hospital",
                "Brigham and Women's Hospital",
                "location.facility"
            ),
            pos!(
                "last visit at Dr. Smith's Office in",
                "Dr. Smith's Office",
                "location.facility"
            ),
            pos!(
                "fill at Walgreens Pharmacy",
                "Walgreens Pharmacy",
                "location.facility"
            ),
            pos!(
                "from Greater Baltimore Med Ctr for",
                "Greater Baltimore Med Ctr",
                "location.facility"
            ),
            pos!(
                "at Eastside Health Center today",
                "Eastside Health Center",
                "location.facility"
            ),
            pos!(
                "NYU Medical Center",
                "NYU Medical Center",
                "location.facility"
            ),
            pos!(
                "SEEN AT ST. AGNES YESTERDAY",
                "ST. AGNES",
                "location.facility"
            ),
            pos!("seen at UWMC on", "UWMC", "location.facility"),
            pos!(
                "Pt seen @ Stanford on Aug 19",
                "Stanford",
                "location.facility"
            ),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Location, rule);
        }
    }

    #[test]
    fn issue_10_hard_negatives() {
        for text in [
            "needs reading glasses",
            "drinks orange juice daily",
            "uses the Mobile app to log sugars",
            "Mobile unit arrived",
            "Jackson-Pratt drain in place",
            "Reading was difficult. Normal sinus rhythm.",
            "Orange discharge noted",
            "Foley catheter placed",
            "presented to the Emergency Department",
            "Cardiology Clinic follow up",
            "Mental Health referral",
            "moved to Texas in 2019",
            "lives in Maryland",
            "Dr. Austin saw the patient",
            "St. John's wort interaction",
            "Lyme disease suspected",
            "ICH due to HTN",
            "GH deficiency on treatment",
            "admitted to OSH then",
            "transfer to Floor 4",
            "went to ER",
            "Aspirin 81 mg daily",
            "Normal saline 500 mL",
            "BP 120/80 HR 72 at 10:30",
            "Parkinson's disease",
            "Memorial Day weekend",
            "Florence reports less pain",
            "Jackson was seen by PT",
            "Aurora called back",
            "ICD-10 I10, CPT 99213",
            "Lisinopril 10 mg at 08:00",
            "well-known US hospitals and systems",
        ] {
            assert_clean(text, &[Label::Location]);
        }
    }

    #[test]
    fn lower_case_after_residence() {
        let cases = [
            pos!(
                "son rob lives in parkville. pt",
                "parkville",
                "location.city"
            ),
            pos!(
                "daughter returned to new haven today",
                "new haven",
                "location.city"
            ),
            pos!("she grew up in baltimore", "baltimore", "location.city"),
            pos!("lives alone in columbia", "columbia", "location.city"),
            pos!(
                "pt moved back to chicago last yr",
                "chicago",
                "location.city"
            ),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Location, rule);
        }
        for text in [
            "lives in mobile home park",
            "returned to baseline after",
            "lives in fear of falling",
            "moved to bed with assist",
            "returned to floor at 2pm",
            "lives in assisted living",
            "living in pain, delivered to the unit",
            "she lives in Parkville? no: olives in parkville",
        ] {
            let mut out = Vec::new();
            super::lower_after_residence(text, &mut out);
            assert!(out.is_empty(), "{text:?}: {:?}", out.len());
        }
    }
}

#[cfg(test)]
mod policy_tests {
    #[test]
    fn next_upper_matches_naive() {
        let text = "abc xyz ÄÖ é @[`{ plain text Then more lower HERE z";
        let b = text.as_bytes();
        for i in 0..=b.len() {
            let naive = (i..b.len())
                .find(|&j| b[j].is_ascii_uppercase())
                .unwrap_or(b.len());
            assert_eq!(super::next_upper(b, i), naive, "from {i}");
        }
        for c in 0u8..=255 {
            let buf = [b'a', b'a', b'a', c, b'a', b'a', b'a', b'a', b'a'];
            let want = if c.is_ascii_uppercase() { 3 } else { 9 };
            assert_eq!(super::next_upper(&buf, 0), want, "byte {c}");
        }
    }

    use crate::{Label, Policy, Redactor};

    #[test]
    fn site_facilities_and_zip3() {
        let p = Policy::parse("facilities = [\"Quartermain\"]\n[labels.ZIP]\naction = \"zip3\"\n")
            .unwrap();
        let r = Redactor::with_policy(p).unwrap();
        assert_eq!(
            r.redact("moved to quartermain 3. Boston, MA 02115-1234 and Reno, NV 89301"),
            "moved to [LOCATION] 3. [LOCATION], MA 021**-**** and [LOCATION], NV 000**"
        );
        let f = r.find("QUARTERMAIN");
        assert_eq!(f[0].label, Label::Location);
        assert_eq!(f[0].rule, "location.policy");
    }
}

//! Person names.
//!
//! Two sources: names the caller already knows for a message (the patient, the provider,
//! the caregiver on the record: rule `name.known`, redacted with all their variants), and
//! free text, where a name is decided by explicit scoring of three signals:
//!
//! * **dictionary** — every alphabetic token is looked up once, case-insensitively, in an
//!   embedded table of US Census / SSA first names and surnames (`data/names.tsv`), which
//!   also marks tokens that are ordinary English words, drug names, eponyms, months or
//!   weekdays ("will", "may", "foley", "parkinson"): those are *ambiguous* and never decide
//!   on the dictionary alone;
//! * **shape** — capitalised, ALL CAPS, lower case, initial ("J."); possessives ("Maria's")
//!   and apostrophe or hyphenated surnames (O'Brien, Garcia-Lopez) are single tokens;
//! * **context** — a title or credential (`name.title`), a field label or `LAST, FIRST`
//!   layout (`name.field`), a relation or verb cue such as "my husband", "spoke with", "per"
//!   (`name.context`), a closing at the end of a message (`name.signature`).
//!
//! The decision, per token, in order (the first that holds names the `rule`):
//! a cue admits a following dictionary token or, for titles, any capitalised token; two
//! adjacent dictionary tokens (first name, surname) are a name when at most one is
//! ambiguous and their case agrees (`name.dictionary`); a capitalised, unambiguous first
//! name followed by an initial ("Sarah P.") too. Once a token is a name, its other
//! occurrences in the segment are names (`name.spread`), unless it is ambiguous and
//! written in lower case there.
//!
//! The dictionary is parsed once per process, on first use, into a hash map keyed by
//! slices of the embedded text (about 80,000 entries; see `warm`).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Candidate, FxMap, priority};
use crate::finding::Label;

/// Titles that are not part of a name's identity ("Dr. Maria Lopez" → Maria, Lopez).
const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rn", "md", "do", "np", "pa", "jr", "sr", "ii",
    "iii", "iv", "phd", "lpn", "dds",
];

/// Known names compiled for matching: every name token, matched case-insensitively on
/// word boundaries, then joined into spans.
#[derive(Clone, Default)]
pub(crate) struct KnownNames {
    ac: Option<AhoCorasick>,
    /// Lower-cased first letters of the tokens, for "M. Lopez".
    initials: Vec<char>,
}

impl KnownNames {
    pub(crate) fn new<S: AsRef<str>>(names: &[S]) -> KnownNames {
        let mut tokens: Vec<String> = Vec::new();
        let mut initials = Vec::new();
        for name in names {
            for tok in name
                .as_ref()
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            {
                let tok = tok.trim_matches(|c: char| !c.is_alphanumeric());
                if tok.chars().count() < 2 || TITLES.contains(&tok.to_lowercase().as_str()) {
                    continue;
                }
                if let Some(c) = tok.chars().next() {
                    initials.extend(c.to_lowercase());
                }
                for variant in [tok.to_string(), tok.to_lowercase(), tok.to_uppercase()] {
                    if !tokens.contains(&variant) {
                        tokens.push(variant);
                    }
                }
            }
        }
        if tokens.is_empty() {
            return KnownNames::default();
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&tokens)
            .ok();
        KnownNames { ac, initials }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    pub(crate) fn recognize(&self, text: &str, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.ac else { return };
        let b = text.as_bytes();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for m in ac.find_iter(b) {
            let (s, e) = (m.start(), m.end());
            if is_word_char_before(text, s) || is_word_char_after(text, e) {
                continue;
            }
            spans.push((s, e));
        }
        if spans.is_empty() {
            return;
        }
        // Join tokens of one name: "Maria Lopez", "Lopez, Maria", "Maria J. Lopez".
        let mut joined: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            if let Some(last) = joined.last_mut() {
                let gap = &text[last.1..s];
                if gap.len() <= 5 && is_name_gap(gap) {
                    last.1 = e;
                    continue;
                }
            }
            joined.push((s, e));
        }
        for (mut s, e) in joined {
            // An initial before the name: "M. Lopez", "M Lopez".
            let pre = &text[..s];
            let trimmed = pre.trim_end();
            if trimmed.len() < pre.len() {
                let t = trimmed.strip_suffix('.').unwrap_or(trimmed);
                let mut chars = t.char_indices().rev();
                if let Some((i, c)) = chars.next() {
                    let isolated = chars.next().is_none_or(|(_, p)| !p.is_alphanumeric());
                    if isolated
                        && c.is_alphabetic()
                        && self
                            .initials
                            .contains(&c.to_lowercase().next().unwrap_or(c))
                    {
                        s = i;
                    }
                }
            }
            // A possessive stays outside the span so that "Maria's" reads "[NAME]'s".
            out.push(Candidate::new(
                s,
                e,
                Label::Name,
                "name.known",
                priority::EXPLICIT,
            ));
        }
    }
}

fn is_name_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c == ' ' || c == ',' || c == '.' || c == '\t')
        || gap
            .trim_matches(|c: char| c == ' ' || c == '.')
            .chars()
            .count()
            == 1
            && gap
                .trim_matches(|c: char| c == ' ' || c == '.')
                .chars()
                .all(char::is_alphabetic)
}

fn is_word_char_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn is_word_char_after(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphanumeric)
}

// ---------------------------------------------------------------------------------------
// Free-text names.

const FIRST: u8 = 1;
const SURNAME: u8 = 2;
const AMBIGUOUS: u8 = 4;

/// Lower-case name → FIRST/SURNAME/AMBIGUOUS bits, keyed by bytes so that a token's
/// lower-case copy needs no UTF-8 check.
static DICT: LazyLock<FxMap<&'static [u8], u8>> = LazyLock::new(|| {
    let text: &'static str = include_str!("../../data/names.tsv");
    let mut m = FxMap::default();
    m.reserve(90_000);
    for line in text.lines() {
        if let Some((n, f)) = line.split_once('\t') {
            m.insert(n.as_bytes(), f.parse().unwrap_or(0));
        }
    }
    m
});

/// Builds the dictionary now rather than on the first message.
pub(crate) fn warm() {
    LazyLock::force(&DICT);
    LazyLock::force(&KIND);
}

/// Words that are never names, whatever the dictionary says (function words and words
/// that follow cues: "spoke with the team", "per protocol", "Dr. aware").
const STOP_W: &[&str] = &[
    // Insurers: "Blue Cross Blue Shield".
    "blue",
    "shield",
    // Field labels and cues that follow a name: "Maria Lopez SSN 123-45-6789".
    "ssn",
    "dob",
    "mrn",
    "acct",
    "tel",
    "fax",
    "cell",
    "email",
    "npi",
    "dea",
    "ph",
    "a",
    "an",
    "and",
    "or",
    "the",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "is",
    "was",
    "are",
    "be",
    "been",
    "me",
    "my",
    "you",
    "your",
    "him",
    "her",
    "his",
    "them",
    "they",
    "we",
    "us",
    "it",
    "this",
    "that",
    "there",
    "here",
    "aware",
    "notified",
    "called",
    "paged",
    "bedside",
    "team",
    "service",
    "office",
    "pt",
    "patient",
    "re",
    "about",
    "phone",
    "nurse",
    "dr",
    "md",
    "today",
    "tomorrow",
    "yesterday",
    "am",
    "pm",
    "not",
    "no",
    "yes",
    "ok",
    "in",
    "as",
    "who",
    "what",
    "when",
    "she",
    "he",
    "i",
    "if",
    "so",
    "but",
    "also",
    "all",
    "please",
    "thanks",
    "thank",
    "hi",
    "hello",
    "dear",
    "has",
    "had",
    "have",
    "re",
    "rn",
    "np",
    "pa",
    "cc",
    "pcp",
    "son",
    "wife",
    "husband",
    "daughter",
    "mother",
    "father",
    "family",
    "staff",
    "again",
    "back",
    "up",
    "out",
    "well",
    "just",
    "still",
    "now",
    "then",
];

/// Titles: whatever capitalised word follows is a name.
const TITLE_W: &[&str] = &[
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
];

/// Credentials after a name ("Maria Silva, RN", "Q. LANDER RRT").
const CRED_W: &[&str] = &[
    "rn", "rrt", "lpn", "np", "pa", "md", "pharmd", "cna", "msw", "lcsw", "lpc", "crnp", "aprn",
    "fnp", "dds", "do", "phd", "rph",
];

/// Cue words before a name: relations, roles, verbs, salutations.
const CUE_W: &[&str] = &[
    "husband",
    "wife",
    "son",
    "daughter",
    "dtr",
    "mother",
    "mom",
    "father",
    "dad",
    "sister",
    "brother",
    "friend",
    "caregiver",
    "spouse",
    "partner",
    "niece",
    "nephew",
    "aunt",
    "uncle",
    "grandson",
    "granddaughter",
    "grandmother",
    "grandfather",
    "fiance",
    "boyfriend",
    "girlfriend",
    "patient",
    "pt",
    "named",
    "is",
    "with",
    "w",
    "per",
    "by",
    "hi",
    "hello",
    "hey",
    "dear",
    "caseworker",
    "other",
    "cousin",
    "neighbor",
    "sw",
    "chaplain",
    "attending",
    "resident",
    "intern",
    "fellow",
    "from",
    "to",
];

/// Field labels followed by a colon.
const FIELD_W: &[&str] = &[
    "patient",
    "name",
    "pt",
    "provider",
    "physician",
    "attending",
    "pcp",
    "nurse",
    "contact",
    "caregiver",
    "guardian",
    "author",
    "signed",
    "by",
    "to",
    "from",
];

/// Closings before a signature.
const CLOSING_W: &[&str] = &[
    "thanks",
    "thank",
    "regards",
    "sincerely",
    "best",
    "cheers",
    "thx",
    "ty",
    "love",
    "respectfully",
    "warmly",
];

/// Whether a state follows `at` ("Austin TX", "Jackson, MS", "Salem, Oregon").
fn before_state(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start_matches([',', ' ']);
    let code = rest.get(..2).unwrap_or("");
    let after = rest.as_bytes().get(2).copied().unwrap_or(b' ');
    (super::address::is_state_code(code) && !after.is_ascii_alphanumeric())
        || super::address::starts_with_state_name(rest)
}

#[derive(Clone, Copy)]
struct Tok {
    s: usize,
    e: usize,
    flags: u8,
    /// 0 lower, 1 Capitalised, 2 UPPER (two letters or more), 3 initial (one letter).
    shape: u8,
    /// The word lists the token is in (`STOP`, `TITLE`, …), looked up once.
    kind: u8,
}

impl Tok {
    /// Whether the token is in the word list `bit` (`STOP`, `TITLE`, `CUE`, …).
    fn is(&self, bit: u8) -> bool {
        self.kind & bit != 0
    }
    fn is_name(&self) -> bool {
        self.flags & (FIRST | SURNAME) != 0
    }
    fn ambiguous(&self) -> bool {
        self.flags & AMBIGUOUS != 0
    }
    fn capital(&self) -> bool {
        self.shape >= 1
    }
}

/// `w` in lower case, in `buf`; `None` when it is too long to be a listed word or a name.
fn lower<'a>(w: &str, buf: &'a mut [u8; 32]) -> Option<&'a [u8]> {
    let b = w.as_bytes();
    if b.len() > buf.len() {
        return None;
    }
    let l = &mut buf[..b.len()];
    l.copy_from_slice(b);
    l.make_ascii_lowercase();
    Some(l)
}

/// A word's dictionary flags and word-list bits, with one lower-casing and at most one
/// hash per map.
fn lookup(w: &str) -> (u8, u8) {
    let mut buf = [0u8; 32];
    let Some(l) = lower(w, &mut buf) else {
        return (0, 0);
    };
    let kind = KIND.get(l);
    if kind & STOP != 0 {
        return (AMBIGUOUS, kind);
    }
    if let Some(f) = DICT.get(l) {
        return (*f, kind);
    }
    // Hyphenated or apostrophe surnames: Garcia-Lopez, O'Brien.
    if !l.iter().any(|&c| c == b'-' || c == b'\'') {
        return (0, kind);
    }
    let mut f = 0;
    for part in l.split(|&c| c == b'-' || c == b'\'') {
        if part.len() > 1 {
            f |= DICT.get(part).copied().unwrap_or(0) & (FIRST | SURNAME);
        }
    }
    (if f != 0 { SURNAME } else { 0 }, kind)
}

// Word-list membership as bits, so that a token costs one hash lookup per list check.
const STOP: u8 = 1;
const TITLE: u8 = 2;
const CRED: u8 = 4;
const CUE: u8 = 8;
const FIELD: u8 = 16;
const CLOSING: u8 = 32;

/// The word lists as one map from a lower-case word to its list bits.
struct Kinds {
    map: FxMap<&'static [u8], u8>,
    /// Bit `n` of `lens[c]`: some listed word starts with byte `c` and is `n` bytes long.
    /// Most tokens are in no list, and this answers for them without hashing.
    lens: [u64; 256],
}

impl Kinds {
    fn get(&self, l: &[u8]) -> u8 {
        match l.first() {
            Some(&c) if l.len() < 64 && self.lens[c as usize] & (1 << l.len()) != 0 => {
                self.map.get(l).copied().unwrap_or(0)
            }
            _ => 0,
        }
    }
}

static KIND: LazyLock<Kinds> = LazyLock::new(|| {
    let mut k = Kinds {
        map: FxMap::default(),
        lens: [0; 256],
    };
    for (bit, list) in [
        (STOP, STOP_W),
        (TITLE, TITLE_W),
        (CRED, CRED_W),
        (CUE, CUE_W),
        (FIELD, FIELD_W),
        (CLOSING, CLOSING_W),
    ] {
        for w in list {
            let w = w.as_bytes();
            debug_assert!(
                !w.iter().any(u8::is_ascii_uppercase),
                "word lists are lower case"
            );
            *k.map.entry(w).or_default() |= bit;
            if let Some(&c) = w.first().filter(|_| w.len() < 64) {
                k.lens[c as usize] |= 1 << w.len();
            }
        }
    }
    k
});

fn tokens(text: &str, out: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() {
            if b[i].is_ascii_alphabetic()
                || (matches!(b[i], b'\'' | b'-')
                && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                // A possessive ends the token: "Maria's" → "Maria".
                && !(b[i] == b'\''
                    && matches!(b[i + 1], b's' | b'S')
                    && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)))
            {
                i += 1;
            } else {
                break;
            }
        }
        // Tokens glued to digits or non-ASCII letters are not names.
        if (s > 0 && (b[s - 1].is_ascii_digit() || b[s - 1] >= 0x80))
            || b.get(i).is_some_and(|c| c.is_ascii_digit() || *c >= 0x80)
        {
            continue;
        }
        let w = &text[s..i];
        let up = w.bytes().filter(u8::is_ascii_uppercase).count();
        let shape = if w.len() == 1 {
            if up == 1 { 3 } else { 0 }
        } else if up == 0 {
            0
        } else if up == w.bytes().filter(u8::is_ascii_alphabetic).count() {
            2
        } else if b[s].is_ascii_uppercase() {
            1
        } else {
            0
        };
        let (flags, kind) = lookup(w);
        out.push(Tok {
            s,
            e: i,
            // One letter is an initial, never a dictionary name.
            flags: if w.len() == 1 { 0 } else { flags },
            shape,
            kind,
        });
    }
}

/// Whether only `allowed` bytes separate two tokens.
fn gap_is(text: &str, a: &Tok, b: &Tok, allowed: &[u8], max: usize) -> bool {
    let g = &text.as_bytes()[a.e..b.s];
    g.len() <= max && g.iter().all(|c| allowed.contains(c))
}

/// Whether the text is mostly upper case (ALL CAPS notes), where shape says little.
fn all_caps(toks: &[Tok]) -> bool {
    let up = toks.iter().filter(|t| t.shape == 2).count();
    let low = toks.iter().filter(|t| t.shape <= 1).count();
    up > low
}

/// A token that can continue a name already started: an initial, or a capitalised word that
/// is in the dictionary or unknown (rare surnames), never a stop word.
fn continues(t: &Tok, caps: bool) -> bool {
    if t.shape == 3 {
        return true;
    }
    if t.ambiguous() && !t.is_name() {
        return false;
    }
    if t.is(STOP) || t.is(CRED) {
        return false;
    }
    if caps {
        t.is_name() && !t.ambiguous()
    } else {
        t.capital() && (t.is_name() || t.flags & AMBIGUOUS == 0)
    }
}

/// Finds names in free text.
/// HL7-style names in plain text: "LOPEZ^MARIA", "Garcia-Lopez^Jacob^J".
fn caret_names(text: &str, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let name_byte = |c: u8| c.is_ascii_alphabetic() || c == b'-' || c == b'\'';
    for at in memchr::memchr_iter(b'^', b) {
        let mut s = at;
        while s > 0 && name_byte(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && name_byte(b[e]) {
            e += 1;
        }
        if at - s < 2 || e - at - 1 < 2 {
            continue;
        }
        let (last, first) = (lookup(&text[s..at]).0, lookup(&text[at + 1..e]).0);
        let names = last & (FIRST | SURNAME) != 0 && first & (FIRST | SURNAME) != 0;
        if names && (last & AMBIGUOUS == 0 || first & AMBIGUOUS == 0) {
            out.push(Candidate::new(
                s,
                e,
                Label::Name,
                "name.field",
                priority::CUE,
            ));
        }
    }
}

pub(crate) fn recognize(text: &str, out: &mut Vec<Candidate>) {
    if memchr::memchr(b'^', text.as_bytes()).is_some() {
        caret_names(text, out);
    }
    let mut toks = Vec::new();
    tokens(text, &mut toks);
    if toks.is_empty() {
        return;
    }
    let caps = all_caps(&toks);
    let first = out.len();
    let word = |t: &Tok| &text[t.s..t.e];
    let push = |out: &mut Vec<Candidate>, a: usize, b: usize, rule, p| {
        out.push(Candidate::new(toks[a].s, toks[b].e, Label::Name, rule, p));
    };
    // Extends a name starting at token `a` with following tokens.
    let extend = |a: usize| -> usize {
        let mut b = a;
        while b + 1 < toks.len()
            && b < a + 3
            && gap_is(text, &toks[b], &toks[b + 1], b" .\t", 3)
            && continues(&toks[b + 1], caps && toks[b + 1].shape != 3)
        {
            b += 1;
        }
        b
    };
    for i in 0..toks.len() {
        let t = toks[i];
        let w = word(&t);
        let next = toks.get(i + 1).copied();
        // Titles: "Dr. Okafor", "dr ayoub", "Mr. W.".
        if t.is(TITLE) {
            if let Some(n) = next {
                if gap_is(text, &t, &n, b" .\t", 3)
                    && !n.is(STOP)
                    && (n.capital() || n.is_name())
                    && (!n.ambiguous() || n.capital())
                {
                    let b = extend(i + 1);
                    // The title goes too: "Dr. [NAME]" would still point at one person.
                    push(out, i, b, "name.title", priority::CUE);
                    // "Dr. Rakusin and Toolis aware": a second name shares the title.
                    if let (Some(and), Some(m)) = (toks.get(b + 1), toks.get(b + 2)) {
                        if word(and).eq_ignore_ascii_case("and")
                            && m.capital()
                            && !m.ambiguous()
                            && !m.is(STOP)
                            && !m.is(TITLE)
                            && (m.shape == 1 || m.is_name())
                        {
                            push(out, b + 2, b + 2, "name.title", priority::CUE);
                        }
                    }
                }
            }
            continue;
        }
        // Credentials after: "Maria Silva, RN", "Q. LANDER RRT", "K. ABRAMS PA".
        if t.is(CRED) && t.shape == 2 && i > 0 {
            let p = toks[i - 1];
            if gap_is(text, &p, &t, b" ,\t", 3)
                && p.capital()
                && (p.is_name() || p.flags == 0)
                && !p.is(STOP)
                && !p.is(CRED)
            {
                let mut a = i - 1;
                while a > 0
                    && a + 3 > i
                    && gap_is(text, &toks[a - 1], &toks[a], b" .\t", 2)
                    && (toks[a - 1].shape == 3
                        || (toks[a - 1].capital()
                            && toks[a - 1].is_name()
                            && !toks[a - 1].ambiguous()))
                {
                    a -= 1;
                }
                push(out, a, i - 1, "name.title", priority::CUE);
            }
        }
        // Field labels: "Patient: LOPEZ, MARIA", "Name: Jose Diaz".
        if t.is(FIELD) && text.as_bytes().get(t.e) == Some(&b':') {
            if let Some(n) = next {
                if n.capital() && (n.is_name() || n.flags == 0) && !n.is(STOP) {
                    let mut b = i + 1;
                    while b + 1 < toks.len()
                        && b < i + 4
                        && gap_is(text, &toks[b], &toks[b + 1], b" .,\t", 3)
                        && (toks[b + 1].shape == 3
                            || (toks[b + 1].capital() && toks[b + 1].is_name()))
                    {
                        b += 1;
                    }
                    push(out, i + 1, b, "name.field", priority::CUE);
                }
            }
        }
        // LAST, FIRST: "LOPEZ, MARIA  DOB", "Lopez, Maria".
        if let Some(n) = next {
            if t.flags & SURNAME != 0
                && n.flags & FIRST != 0
                && t.shape == n.shape
                && (t.shape == 2 || t.shape == 1)
                && !(t.ambiguous() && n.ambiguous())
                && &text[t.e..n.s] == ", "
                && (i == 0
                    || text[toks[i - 1].e..t.s].contains('\n')
                    || text[toks[i - 1].e..t.s].contains(':'))
            {
                push(out, i, i + 1, "name.field", priority::CUE);
            }
        }
        // Context cues: "my husband jose", "spoke with Dr", "daughter EMILY", "this is maria".
        if t.is(CUE) {
            if let Some(n) = next {
                let strong_cue = (w.eq_ignore_ascii_case("is")
                    && i > 0
                    && matches!(
                        word(&toks[i - 1]).to_ascii_lowercase().as_str(),
                        "this" | "name"
                    ))
                    || !matches!(
                        w.to_ascii_lowercase().as_str(),
                        "is" | "with"
                            | "w"
                            | "by"
                            | "from"
                            | "to"
                            | "per"
                            | "other"
                            | "pt"
                            | "patient"
                    );
                let cue_ok = strong_cue
                    || match w.to_ascii_lowercase().as_str() {
                        "is" => {
                            i > 0
                                && matches!(
                                    word(&toks[i - 1]).to_ascii_lowercase().as_str(),
                                    "this" | "name" | "it"
                                )
                        }
                        "with" | "w" => {
                            i > 0
                                && matches!(
                                    word(&toks[i - 1]).to_ascii_lowercase().as_str(),
                                    "spoke" | "spoken" | "talked" | "met" | "speak" | "discussed"
                                )
                        }
                        "by" => {
                            i > 0
                                && matches!(
                                    word(&toks[i - 1]).to_ascii_lowercase().as_str(),
                                    "seen"
                                        | "signed"
                                        | "examined"
                                        | "evaluated"
                                        | "visited"
                                        | "discussed"
                                )
                        }
                        "other" => i > 0 && word(&toks[i - 1]).eq_ignore_ascii_case("significant"),
                        "per" => n.capital() && !caps || n.shape == 3,
                        "pt" | "patient" => n.capital() && !caps && !n.ambiguous(),
                        // "from Austin TX", "to Jackson, MS" are places.
                        "from" | "to" => {
                            n.capital() && !caps && !n.ambiguous() && !before_state(text, n.e)
                        }
                        _ => false,
                    };
                if cue_ok
                    && gap_is(text, &t, &n, b" \t,:\"/", 3)
                    && !n.is(STOP)
                    && !n.is(TITLE)
                    && (n.is_name() || (n.shape == 3 && w.eq_ignore_ascii_case("per")))
                    && ((strong_cue
                        && (n.flags & FIRST != 0 || n.capital())
                        && !(caps && n.ambiguous()))
                        || !(n.ambiguous() && (n.shape == 0 || caps)))
                {
                    let b = extend(i + 1);
                    push(out, i + 1, b, "name.context", priority::CUE);
                }
            }
        }
        // "Maria called", "Jose calling".
        if let Some(n) = next {
            if matches!(
                word(&n).to_ascii_lowercase().as_str(),
                "called" | "calling" | "states" | "says" | "reports"
            ) && t.capital()
                && !caps
                && t.flags & FIRST != 0
                && !t.ambiguous()
                && gap_is(text, &t, &n, b" ", 1)
            {
                push(out, i, i, "name.context", priority::CUE);
            }
        }
        // Dictionary pairs: "Maria Lopez", "Will Brown", "maria lopez".
        if let Some(n) = next {
            if t.flags & FIRST != 0
                && n.flags & SURNAME != 0
                && gap_is(text, &t, &n, b" ", 1)
                && !t.is(STOP)
                && !n.is(STOP)
                && ((t.shape == 1 && n.shape == 1 && !(t.ambiguous() && n.ambiguous()))
                    || (t.shape == 1 && n.shape == 1 && i > 0 && !sentence_start(text, t.s))
                    || (t.shape == 0 && n.shape == 0 && !n.ambiguous())
                    || (t.shape == 2 && n.shape == 2 && !caps && !t.ambiguous() && !n.ambiguous()))
            {
                let b = extend(i + 1);
                push(out, i, b, "name.dictionary", priority::SHAPE);
            }
            // "Sarah P.", "John D.": a first name and an initial.
            if t.flags & FIRST != 0
                && t.shape == 1
                && !t.ambiguous()
                && n.shape == 3
                && gap_is(text, &t, &n, b" ", 1)
                && text.as_bytes().get(n.e) == Some(&b'.')
            {
                push(out, i, i + 1, "name.dictionary", priority::SHAPE);
            }
        }
    }
    signature(text, &toks, out);
    spread(text, &toks, first, caps, out);
}

fn sentence_start(text: &str, s: usize) -> bool {
    let before = text[..s].trim_end_matches([' ', '\t', '"']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':'])
}

/// "Thanks, Jen", "- Maria", "Regards,\nJohn Smith" at the end of a segment.
fn signature(text: &str, toks: &[Tok], out: &mut Vec<Candidate>) {
    let tail = text.trim_end();
    let line_start = tail.rfind('\n').map_or(0, |i| i + 1);
    let mut last: Vec<usize> = (0..toks.len())
        .filter(|&k| toks[k].s >= line_start)
        .collect();
    if last.len() > 1 && toks[last[0]].is(CLOSING) {
        last.remove(0);
    }
    let (Some(&a), Some(&b)) = (last.first(), last.last()) else {
        return;
    };
    if b - a > 2 || toks[b].e != tail.len() && !tail[toks[b].e..].chars().all(|c| ".!".contains(c))
    {
        return;
    }
    let names_ok = last.iter().all(|&k| {
        let t = &toks[k];
        (t.is_name() || t.shape == 3) && (!t.ambiguous() || t.capital()) && !t.is(STOP)
    }) && toks[a].capital() | toks[a].is_name();
    if !names_ok {
        return;
    }
    let before = text[line_start..toks[a].s].trim();
    let closing = if before.is_empty() {
        // "Regards,\nJohn Smith": the previous line is a closing.
        a > 0 && toks[a - 1].is(CLOSING) && {
            let g = &text[toks[a - 1].e..toks[a].s];
            g.contains('\n')
                && g.trim_start_matches([' ', ',', '!', '.'])
                    .starts_with(['\n', '\r'])
        }
    } else {
        before.starts_with('-') && before.trim_start_matches(['-', ' ']).is_empty()
            || a > 0
                && toks[a - 1].s >= line_start
                && toks[a - 1].is(CLOSING)
                && before.ends_with([',', '!'])
            || before.ends_with(['-', '~'])
    };
    if closing {
        out.push(Candidate::new(
            toks[a].s,
            toks[b].e,
            Label::Name,
            "name.signature",
            priority::CUE,
        ));
    }
}

/// Other occurrences of tokens already found as names in this segment.
fn spread(text: &str, toks: &[Tok], first: usize, caps: bool, out: &mut Vec<Candidate>) {
    // Tokens are in text order: each candidate's tokens are found by binary search, so
    // a long note with many names stays linear.
    let found: Vec<&str> = out[first..]
        .iter()
        .flat_map(|c| {
            let from = toks.partition_point(|t| t.s < c.start);
            toks[from..]
                .iter()
                .take_while(move |t| t.s < c.end)
                .filter(move |t| t.e <= c.end && t.e - t.s > 1 && !t.is(TITLE))
                .map(|t| &text[t.s..t.e])
        })
        .collect();
    if found.is_empty() {
        return;
    }
    for t in toks {
        let w = &text[t.s..t.e];
        if t.e - t.s < 2 || t.ambiguous() && (t.shape == 0 || caps && t.shape == 2) {
            continue;
        }
        if found.iter().any(|f| f.eq_ignore_ascii_case(w))
            && !out[first..].iter().any(|c| c.start <= t.s && t.e <= c.end)
        {
            out.push(Candidate::new(
                t.s,
                t.e,
                Label::Name,
                "name.spread",
                priority::WEAK,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(names: &[&str], text: &str) -> Vec<String> {
        let k = KnownNames::new(names);
        let mut out = Vec::new();
        k.recognize(text, &mut out);
        out.iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn variants() {
        let n = ["Maria Lopez"];
        assert_eq!(spans(&n, "maria called"), ["maria"]);
        assert_eq!(spans(&n, "Ms. Lopez called"), ["Lopez"]);
        assert_eq!(spans(&n, "LOPEZ, MARIA  DOB"), ["LOPEZ, MARIA"]);
        assert_eq!(spans(&n, "M. Lopez"), ["M. Lopez"]);
        assert_eq!(spans(&n, "Maria's meds"), ["Maria"]);
        assert_eq!(spans(&n, "Maria J. Lopez"), ["Maria J. Lopez"]);
        assert!(spans(&n, "Marian and Lopezville").is_empty());
        assert!(spans(&["Dr."], "Dr. Who").is_empty());
    }

    use crate::recognize::testing::{assert_clean, assert_finds};

    macro_rules! finds {
        ($name:ident, $text:expr, $span:expr, $rule:expr) => {
            #[test]
            fn $name() {
                assert_finds($text, $span, Label::Name, $rule);
            }
        };
    }
    macro_rules! clean {
        ($name:ident, $text:expr) => {
            #[test]
            fn $name() {
                assert_clean($text, &[Label::Name]);
            }
        };
    }

    // Positives.
    finds!(
        pos_010_title,
        "Pt seen by Dr. Okafor today",
        "Dr. Okafor",
        "name.title"
    );
    finds!(
        pos_011_title_caps,
        "DR RONAYNE NOTIFIED",
        "DR RONAYNE",
        "name.title"
    );
    finds!(
        pos_012_title_lower,
        "dr.ayoub at bed side",
        "dr.ayoub",
        "name.title"
    );
    finds!(
        pos_020_field,
        "LOPEZ, MARIA  DOB 03/04/1961",
        "LOPEZ, MARIA",
        "name.field"
    );
    finds!(
        pos_022_field_caret,
        "PID|LOPEZ^MARIA|DOB 19610304",
        "LOPEZ^MARIA",
        "name.field"
    );
    finds!(
        pos_021_field_label,
        "Patient: Jose Diaz\nSeen today",
        "Jose Diaz",
        "name.field"
    );
    finds!(
        pos_030_chat,
        "hi this is maria lopez, my husband jose needs a refill",
        "maria lopez",
        "name.context"
    );
    finds!(
        pos_031_chat_relation,
        "hi this is maria lopez, my husband jose needs a refill",
        "jose",
        "name.context"
    );
    finds!(
        pos_032_daughter_caps,
        "SOCIAL: DAUGHTER EMILY IN THIS EVENING",
        "EMILY",
        "name.context"
    );
    finds!(
        pos_033_spoke,
        "spoke with Katie Mahoney about discharge",
        "Katie Mahoney",
        "name.context"
    );
    finds!(
        pos_040_signature,
        "I need a refill.\nThanks, Jen",
        "Jen",
        "name.signature"
    );
    finds!(
        pos_041_signature_dash,
        "see you tuesday\n- Maria",
        "Maria",
        "name.signature"
    );
    finds!(
        pos_050_pair,
        "seen with Will Brown today",
        "Will Brown",
        "name.dictionary"
    );
    finds!(
        pos_051_initial,
        "a 50-year-old woman, Sarah P., with GERD",
        "Sarah P",
        "name.dictionary"
    );
    finds!(
        pos_052_hyphen,
        "Dr. Garcia-Lopez reviewed",
        "Dr. Garcia-Lopez",
        "name.title"
    );
    finds!(
        pos_053_obrien,
        "Mrs. O'Brien called back",
        "Mrs. O'Brien",
        "name.title"
    );
    finds!(
        pos_054_possessive,
        "Maria Lopez's meds, then Maria's ride",
        "Maria",
        "name.spread"
    );
    finds!(pos_060_cred, "Maria Silva, RN", "Maria Silva", "name.title");

    finds!(
        pos_013_title_and,
        "Dr. Rakusin and Toolis aware",
        "Toolis",
        "name.title"
    );

    // Hard negatives.
    clean!(neg_010_will, "We will call you if May labs are off");
    clean!(
        neg_011_eponyms,
        "Foley catheter placed; Parkinson disease; Glasgow coma scale 15, Apgar 9"
    );
    clean!(neg_012_words, "I hope to grant the bill; rose to 120/80");
    clean!(
        neg_013_doses,
        "metoprolol 25 mg bid, K 4.0, BP 130/80, HR 88"
    );
    clean!(neg_014_months, "seen Monday, due in June and August");
    clean!(
        neg_015_caps,
        "IN EW FOLEY PLACED, PAN CULTURED & ABX STARTED"
    );
    clean!(neg_016_bells, "Bell's palsy and Crohn's disease");
    clean!(neg_017_abbrev, "pt a&o x3, NPO after midnight, PRN tylenol");
}

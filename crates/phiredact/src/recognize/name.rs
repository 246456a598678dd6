//! Person names.
//!
//! Two sources: names the caller already knows for a message (the patient, the provider,
//! the caregiver on the record: rule `name.known`, redacted with all their variants), and
//! free text, where names are decided by scoring three signals:
//!
//! * **dictionary** — every alphabetic token is looked up once, case-insensitively, in an
//!   embedded table of US Census / SSA first names and surnames (`data/names.tsv`), which
//!   also marks tokens that are ordinary English words, drug names, eponyms, months or
//!   weekdays ("will", "may", "foley", "parkinson"): those are *ambiguous*;
//! * **shape** — capitalised, ALL CAPS, lower case, initial ("J."); possessives ("Maria's")
//!   and apostrophe or hyphenated surnames (O'Brien, Garcia-Lopez) are single tokens;
//!   hyphenated tokens are names only when every part is ("Garcia-Lopez", not "A-line");
//! * **context** — a title or credential, a field label or `LAST, FIRST` layout, a relation
//!   or verb cue ("my husband", "spoke with", "per"), a closing before the last line, an
//!   apposition ("a 20yo female, Anna,"), a relation in parentheses after a name ("SMITH
//!   (DAUGHTER)"), a word saying someone was told ("JOSEPH AND DR X AWARE").
//!
//! ## Scoring
//!
//! A context proposes a span (the token after a title, two adjacent tokens, …); the span is
//! a name when its points reach **4** (`THRESHOLD`). A token brings the points of its
//! dictionary class, plus 1 for a capital letter (in ALL CAPS text, for a word in capitals
//! only where the context says a name follows: after a title, a field label, an initial,
//! in `LAST, FIRST`):
//!
//! | class | points | examples |
//! |---|---|---|
//! | dictionary name, no ordinary word | 3 | Maria, Okafor |
//! | unknown word with a surname's shape (vowel, no word ending, ≥ 3 letters) | 2 | Kiezulas |
//! | ambiguous dictionary name | 1 | will, Rose, Foley |
//! | other unknown word, initial | 1 | Brk, J |
//! | ordinary word, drug, abbreviation | 0 | catheter |
//! | stop word | −64 | the, aware |
//!
//! The context adds (each a constant below, named `*_PTS`): title 2, and 1 more for a
//! doctor's title before a capital ("Dr. Tyro"); field label 2; relation or verb cue 2,
//! plus 1 in lower case for a first name followed by its verb or introduced ("daughter pat
//! lives", "this is rose,"; not months), plus 1 for a surname after ("FATHER TOM
//! MILLER"); credential before 1; closing (signature) 2 for every token of the last line;
//! apposition set off by commas 2; relation in parentheses after 2; initial 0; a speech
//! verb after ("Maria called") 0. A name goes on over following tokens that score 2 more
//! (`CONTINUE_PTS`: "Maria Lopez Garcia", "Janet logan"), and a list ("Dr. Rakusin and
//! Toolis") takes a next member that scores 2 more (`LIST_PTS`).
//! A pair of adjacent same-case tokens (a first name, then a surname) scores both tokens
//! and −1, plus 1 when the first is capitalised mid-sentence, −2 for a pair in capitals in
//! ALL CAPS text. So "Maria Lopez" (4 + 4 − 1), "maria lopez" (3 + 3 − 1), "saw Will
//! Brown" (2 + 2 − 1 + 1) and "Dr. Strong" (2 + 2) are names; "my husband will call"
//! (1 + 2), "dr will" (1 + 2), "Will Brown" opening a sentence (2 + 2 − 1) and "CO FICK" in
//! a note in capitals (3 + 3 − 1 − 2) are not.
//!
//! Some conditions are structure, not evidence: which contexts propose a span; a full stop
//! after a word ends a name, initials always continue one; weak cues ("with", "by", "per",
//! "from") count only after their verb ("spoke with", "seen by"), and "from"/"to" not
//! before a state; cues other than titles and field labels propose only dictionary names;
//! "MS"/"MR" in mixed-case text are abbreviations, not titles; lists with "and", "&" or "/"
//! share their cue. The `rule` of a finding names the context that proposed it:
//! `name.title`, `name.field`, `name.context`, `name.signature`, `name.dictionary` (pairs
//! and initials).
//!
//! Once a token is a name, its other occurrences in the segment are names (`name.spread`),
//! unless it is ambiguous and without a capital there.
//!
//! The dictionary, the word list and the cue lists are parsed once per process, when the
//! first redactor with NAME is built, into one open-addressing table (about 175,000
//! words; see `Lexicon` and `warm`): each token costs one lower-casing and one probe.

use std::sync::LazyLock;

use super::{Candidate, FxHasher, FxMap, priority};
use crate::finding::Label;

/// Titles that are not part of a name's identity ("Dr. Maria Lopez" → Maria, Lopez).
const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rn", "md", "do", "np", "pa", "jr", "sr", "ii",
    "iii", "iv", "phd", "lpn", "dds",
];

/// Known names compiled for matching: every name token, matched case-insensitively on
/// word boundaries, then joined into spans.
///
/// A context is built for every message that carries its patient's names, so building
/// must cost next to nothing: the tokens are kept in a list indexed by their first byte
/// (an automaton took longer to build than a whole message takes to scan).
#[derive(Clone, Default)]
pub(crate) struct KnownNames {
    /// Every variant of every name token (as written, lower case, upper case), sorted by
    /// first byte in ASCII lower case, longest first among those.
    tokens: Vec<Box<str>>,
    /// `firsts[c]`: the range of `tokens` whose first byte, in ASCII lower case, is `c`.
    /// `None` when there are no tokens.
    firsts: Option<Box<[(u32, u32); 256]>>,
    /// Lower-cased first letters of the tokens, for "M. Lopez".
    initials: Vec<char>,
}

impl KnownNames {
    pub(crate) fn new<S: AsRef<str>>(names: &[S]) -> KnownNames {
        let mut tokens: Vec<Box<str>> = Vec::new();
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
                    if !tokens.iter().any(|t| **t == *variant) {
                        tokens.push(variant.into_boxed_str());
                    }
                }
            }
        }
        if tokens.is_empty() {
            return KnownNames::default();
        }
        let first = |t: &str| t.as_bytes()[0].to_ascii_lowercase();
        tokens.sort_by(|a, b| first(a).cmp(&first(b)).then(b.len().cmp(&a.len())));
        let mut firsts = Box::new([(0u32, 0u32); 256]);
        for (i, t) in tokens.iter().enumerate() {
            let r = &mut firsts[first(t) as usize];
            if r.0 == r.1 {
                r.0 = i as u32;
            }
            r.1 = i as u32 + 1;
        }
        KnownNames {
            tokens,
            firsts: Some(firsts),
            initials,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.firsts.is_none()
    }

    pub(crate) fn recognize(&self, text: &str, out: &mut Vec<Candidate>) {
        let Some(firsts) = &self.firsts else { return };
        let b = text.as_bytes();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let (lo, hi) = firsts[b[i].to_ascii_lowercase() as usize];
            // Tokens start with a whole character, so `i` is a char boundary here.
            if lo == hi || is_word_char_before(text, i) {
                i += 1;
                continue;
            }
            // The longest token that stands here as a whole word.
            let found = self.tokens[lo as usize..hi as usize].iter().find_map(|t| {
                let e = i + t.len();
                (e <= b.len()
                    && b[i..e].eq_ignore_ascii_case(t.as_bytes())
                    && text.is_char_boundary(e)
                    && !is_word_char_after(text, e))
                .then_some(e)
            });
            match found {
                Some(e) => {
                    spans.push((i, e));
                    i = e;
                }
                None => i += 1,
            }
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

/// Builds the lexicon now rather than on the first message.
pub(crate) fn warm() {
    LazyLock::force(&LEX);
    LazyLock::force(&TINY);
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
    "hey",
    "dear",
    "ip",
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
    // Relations and people who are never the name itself: "husband, brother, sister and
    // friend visited".
    "sister",
    "brother",
    "friend",
    "mom",
    "dad",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "male",
    "female",
    "man",
    "woman",
    "sisters",
    "brothers",
    "daughters",
    "sons",
    "friends",
    "parents",
    "children",
    // Clinical places, routes and abbreviations that the dictionary knows as names or that
    // look like rare surnames: "from ER", "to PO amio", "stent to RAMUS", "to Neo".
    "er",
    "ew",
    "icu",
    "micu",
    "sicu",
    "ccu",
    "pacu",
    "po",
    "iv",
    "rt",
    "ot",
    "neo",
    "levo",
    "amio",
    "vanco",
    "dopa",
    "ramus",
    "lad",
    "rca",
    "lcx",
    "abx",
    "oob",
    "sob",
    "neuro",
    "cardio",
    "resp",
    "pulm",
    "lytes",
    "labs",
    "meds",
    "echo",
    "cath",
    "trach",
    "vent",
    "peep",
    "tele",
    "rehab",
    "hosp",
    "hcp",
    "prn",
    "abd",
    "ivf",
    "afeb",
    "gtt",
    "gtts",
    "ett",
    "ogt",
    "ngt",
    "sats",
    "ekg",
    "ecg",
    "cxr",
    "inr",
    "ua",
    "uop",
    "nad",
    "picc",
    "aline",
    "cabg",
    "copd",
    "ards",
    "uti",
    "abg",
    "vbg",
    "mri",
    "eeg",
    "ebl",
    "bipap",
    "cpap",
    "heme",
    "onc",
    "ortho",
    "gyn",
    "ent",
    "tpn",
    "npo",
    "kub",
    "iabp",
    "lvad",
    "ecmo",
    "crrt",
    "cvvh",
    "cvvhd",
    "cmo",
    "dnr",
    "dni",
    // Species after a genus initial: "E. coli", "S. aureus", "C. diff".
    "coli",
    "aureus",
    "diff",
    "difficile",
    "pylori",
    "faecalis",
    "faecium",
    "pneumoniae",
    "aeruginosa",
    "epidermidis",
    "albicans",
    "glabrata",
    "marcescens",
    "cloacae",
    "mirabilis",
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
    // Ranks and callings: "Sgt. Tobias Lindqvist", "Pastor Whitlock", "Judge Alvarez".
    "sgt",
    "capt",
    "cpl",
    "pvt",
    "det",
    "officer",
    "rev",
    "reverend",
    "pastor",
    "rabbi",
    "imam",
    "deacon",
    "judge",
    "coach",
];

/// Particles written in lower case inside surnames ([`particles`]), and "St." ("Dr. St.
/// John"), which is written with a capital. Not "ten", "ter" or "y": ordinary words before
/// a capital too often.
const PARTICLE_W: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le",
    "bin", "ibn", "al", "el", "st",
];

/// Credentials after a name ("Maria Silva, RN", "Q. LANDER RRT").
const CRED_W: &[&str] = &[
    "rn", "rrt", "lpn", "np", "pa", "md", "pharmd", "cna", "msw", "lcsw", "lpc", "crnp", "aprn",
    "fnp", "dds", "do", "phd", "rph", "licsw", "ccrn", "bsn", "msn", "dnp", "slp", "cma", "rma",
    "lvn", "cnm", "crna", "cnp", "arnp", "dpt", "lmft", "lcpc", "psyd", "dmd", "ibclc", "otr",
];

/// Cue words before a name: relations, roles, verbs, salutations.
const CUE_W: &[&str] = &[
    // And every word of `RELATION_W`.
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
    "sw",
    "chaplain",
    "attending",
    "resident",
    "intern",
    "fellow",
    // Staff before a name: "night aide Oluwakemi", "the nurse, Tiffany", "case manager,
    // Kelsey Brandt".
    "nurse",
    "aide",
    "pharmacist",
    "therapist",
    "receptionist",
    "scheduler",
    "coordinator",
    "navigator",
    "manager",
    "midwife",
    "doula",
    "dietitian",
    "counselor",
    "technician",
    // "the Kowalczyk family" (a cue for the word before it only).
    "family",
    // "Good morning Latoya,".
    "morning",
    "afternoon",
    "evening",
    "from",
    "to",
    "for",
    "call",
    "attn",
    // "prefers to be called Siobhan", "also known as Jimmy", "name is spelled Nguyen".
    "called",
    "as",
    "spelled",
    // Newborns: "Baby boy Johnson", "baby girl Ng".
    "boy",
    "girl",
    // Plural relations head a list: "daughters sarah and margie".
    "daughters",
    "sons",
    "sisters",
    "brothers",
    "parents",
    "children",
    "kids",
    "grandchildren",
    "grandsons",
    "granddaughters",
    "nieces",
    "nephews",
    "cousins",
    "friends",
    "caseworkers",
    "twins",
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
    "caller",
    "callback",
    "parent",
    "member",
    "subscriber",
    "insured",
    "recipient",
    "sender",
    "rn",
    "md",
    "np",
    "resident",
    "intern",
    "cc",
];

/// Closings before a signature.
const CLOSING_W: &[&str] = &[
    "truly",
    "yours",
    "blessings",
    "gratefully",
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
    // "Take care," (with `closes`).
    "take",
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
    /// The word lists the token is in (`STOP`, `TITLE`, …, `WORD`), looked up once.
    kind: u16,
    /// Contains `-` or `'` ("Garcia-Lopez", "O'Brien", "A-line").
    joined: bool,
}

impl Tok {
    /// Whether the token is in one of the word lists `bits` (`STOP`, `TITLE`, `CUE`, …).
    fn is(&self, bits: u16) -> bool {
        self.kind & bits != 0
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

/// `w` in lower case, in `buf` (zero-padded); `None` when it is too long to be a listed
/// word or a name.
fn lower_bytes<'a>(w: &str, buf: &'a mut [u8; 32]) -> Option<&'a [u8]> {
    let b = w.as_bytes();
    if b.len() > buf.len() {
        return None;
    }
    let l = &mut buf[..b.len()];
    l.copy_from_slice(b);
    l.make_ascii_lowercase();
    Some(l)
}

/// `w` in lower case, or `""` when it is longer than `buf`.
fn lower<'a>(w: &str, buf: &'a mut [u8; 32]) -> &'a str {
    lower_bytes(w, buf)
        .and_then(|l| std::str::from_utf8(l).ok())
        .unwrap_or("")
}

// Word-list membership as bits of a lexicon entry, so that a token costs one lookup for
// every list check.
const STOP: u16 = 1;
const TITLE: u16 = 2;
const CRED: u16 = 4;
const CUE: u16 = 8;
const FIELD: u16 = 16;
const CLOSING: u16 = 32;
/// Words after a name that say a person was told: "BEA TURA AWARE", "Smith notified".
const TOLD: u16 = 64;
/// Syllables of Korean and Chinese given names written with a hyphen ("Hyun-woo",
/// "Ji-yeon", "Mei-Ling", "Chia-Hui"): the dictionary lists few such names whole, and a
/// part alone is often an English word ("woo", "ting"). Syllables that are common English
/// words on their own ("in", "ha", "na", "do") are left out.
const GIVEN_SYLLABLES: &[&str] = &[
    "bin", "bo", "chan", "chang", "chao", "chen", "cheng", "chi", "chia", "chieh", "chien", "chih",
    "chin", "ching", "chiu", "chu", "chul", "chun", "chung", "dong", "eun", "fang", "fen", "feng",
    "gyu", "hae", "hao", "hee", "ho", "hong", "hoon", "hsiang", "hsiao", "hsin", "hsiu", "hua",
    "hui", "hwa", "hwan", "hye", "hyo", "hyuk", "hyun", "jae", "ji", "jia", "jian", "jie", "jin",
    "jing", "joo", "joon", "ju", "jun", "jung", "kai", "kuan", "kuo", "kwan", "kyu", "kyung", "li",
    "lian", "lin", "ling", "mei", "mi", "min", "ming", "nam", "pei", "ping", "qi", "qing", "rong",
    "sang", "seo", "seok", "seon", "seong", "seung", "shih", "shu", "soo", "sook", "su", "sun",
    "sung", "tae", "ting", "tzu", "wei", "wen", "won", "woo", "wook", "xiao", "xin", "xiu", "ya",
    "yan", "yeon", "yi", "yin", "ying", "yong", "yoon", "young", "yu", "yun", "zhen", "zhi",
];

/// Whether the joined word `w` is two syllables of [`GIVEN_SYLLABLES`] ("Hyun-woo").
fn given_syllables(w: &str) -> bool {
    let Some((a, b)) = w.split_once('-') else {
        return false;
    };
    let known = |p: &str| {
        p.len() <= 6
            && GIVEN_SYLLABLES
                .binary_search(&lower(p, &mut [0; 32]))
                .is_ok()
    };
    known(a) && known(b)
}

/// Whether the hyphenated word `w` is first names joined ("Anne-Marie", "Rose-Marie",
/// "Jean-Pierre"): every part a first name, and one of them no ordinary word. A surname's
/// parts ("Garcia-Lopez") keep the `SURNAME` the lexicon gave the whole.
fn given_names(w: &str) -> bool {
    let (mut first, mut plain) = (true, false);
    for p in w.split('-') {
        let f = lookup(p).0;
        first &= f & FIRST != 0;
        plain |= f & AMBIGUOUS == 0;
    }
    first && plain
}

/// Relations written after a name in parentheses: "URSLA MORETTI (DAUGHTER)".
const RELATION: u16 = 128;
/// Nouns for the person a clinical question is about: "a 20yo female, Anna".
const PERSON: u16 = 256;
/// Weekdays and months, which the dictionary also knows as names: "counselor Friday".
const CALENDAR: u16 = 512;
/// An ordinary English word or drug name (`data/words.txt`).
const WORD: u16 = 1024;
/// Particles inside surnames: "van der Berg", "de la Cruz", "bin Salman", "St. John"
/// ([`PARTICLE_W`]).
const PARTICLE: u16 = 2048;
/// Month abbreviations and the first words of holidays (`date::marked_words`), which with
/// `CALENDAR` (months and weekdays) are the words [`recognize`] hands to the date
/// recognizer's rule for months alone and holidays (`date::month_or_holiday`).
const DATE_WORD: u16 = 4096;
/// Digit words ("five", "oh", "double": `spelled::WORDS`), which [`recognize`] hands to the
/// rule for numbers spelled out (`spelled::spelled_number`).
const DIGIT_WORD: u16 = 8192;
/// Cues of a user name ("user", "username", "login": `net::USERNAME_CUES`), which
/// [`recognize`] hands to the rule for user names (`net::username_at`).
const USER_WORD: u16 = 16384;
/// The lists whose words can start a rule of [`recognize`] when nothing else does.
const STARTS: u16 = TITLE | CRED | CUE | FIELD | TOLD | RELATION | PERSON;

/// A lexicon entry: the dictionary's flags (`FIRST`, `SURNAME`, `AMBIGUOUS`) in bits
/// 0–7, `IN_DICT` when the word is in the name dictionary at all, the word-list bits
/// (`STOP` … `WORD`) in bits 16–31.
const IN_DICT: u32 = 1 << 8;

/// Every word the name recognizer knows — the name dictionary (`data/names.tsv`, about
/// 81,000 names), the ordinary words and drugs (`data/words.txt`, about 92,000) and the
/// cue lists above — in one open-addressing table keyed by the lower-case word.
///
/// Every token of every message is looked up, so this is the recognizer's hot path. A word
/// of up to `SHORT` bytes is its own key, and its entry rides in the same 16-byte slot: two
/// `u64`s, the word zero-padded in the low 13 bytes and the entry packed into the top three
/// (`pack`), so a lookup touches one cache line of a 4 MiB table (a separate value array
/// cost a second cache miss per token, and the misses, not the instructions, were most of
/// the lookup's time). Longer words, rare in text, live in a small side map.
struct Lexicon {
    slots: Vec<[u64; 2]>,
    shift: u32,
    long: FxMap<&'static [u8], u32>,
}

/// The longest word kept in the table itself.
const SHORT: usize = 13;
/// The bits of a slot's second half that hold bytes 8–12 of the word.
const KEY_BITS: u64 = (1 << 40) - 1;

/// An entry in the 24 bits above a slot's key: the dictionary flags and `IN_DICT` (bits
/// 0–8), then the word-list bits (up to fifteen).
fn pack(v: u32) -> u64 {
    debug_assert!(v >> 16 < 1 << 15 && v & 0xfe00 == 0, "entry fits 24 bits");
    u64::from(v & 0x1ff | (v >> 16) << 9)
}

/// The entry [`pack`] packed.
#[inline]
fn unpack(p: u64) -> u32 {
    let p = p as u32;
    p & 0x1ff | (p >> 9) << 16
}

/// The key of a lower-case word of at most `SHORT` bytes, read from a zero-padded buffer.
#[inline]
fn short_key(buf: &[u8; 32]) -> [u64; 2] {
    let (a, b) = buf.split_at(8);
    [
        u64::from_le_bytes(a.try_into().expect("eight bytes")),
        u64::from_le_bytes(b[..8].try_into().expect("eight bytes")),
    ]
}

impl Lexicon {
    #[inline]
    fn slot(&self, k: [u64; 2]) -> usize {
        // Fibonacci hashing: the product's high bits depend on every bit of the key.
        let h = (k[0] ^ k[1].rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> self.shift) as usize
    }

    /// The entry of a lower-case word, 0 when it is unknown. `buf` holds the word
    /// zero-padded to 32 bytes.
    #[inline]
    fn get(&self, l: &[u8], buf: &[u8; 32]) -> u32 {
        if l.len() > SHORT {
            return self.long_get(l);
        }
        let k = short_key(buf);
        let mask = self.slots.len() - 1;
        let mut i = self.slot(k);
        loop {
            let at = self.slots[i & mask];
            // One test for both halves; the word's first byte is never zero, so an empty
            // slot has a zero first half.
            if (at[0] ^ k[0]) | (at[1] & KEY_BITS ^ k[1]) == 0 {
                return unpack(at[1] >> 40);
            }
            if at[0] == 0 {
                return 0;
            }
            i += 1;
        }
    }

    #[cold]
    fn long_get(&self, l: &[u8]) -> u32 {
        self.long.get(l).copied().unwrap_or(0)
    }

    /// The entry of any word, lower-casing it first.
    fn get_word(&self, w: &[u8]) -> u32 {
        if w.is_empty() || w.len() > 32 {
            return 0;
        }
        let mut buf = [0u8; 32];
        buf[..w.len()].copy_from_slice(w);
        buf[..w.len()].make_ascii_lowercase();
        self.get(&buf[..w.len()], &buf)
    }

    fn build(entries: &[(&'static [u8], u32)]) -> Lexicon {
        let short = entries.iter().filter(|(w, _)| w.len() <= SHORT).count();
        // At most two thirds full (2^18 slots, 4 MiB, for the embedded lists): a probe
        // rarely runs past the key's cache line, and a table half that full measured no
        // faster while costing more memory.
        let bits = (short.max(1) * 3 / 2).next_power_of_two().trailing_zeros();
        let mut lex = Lexicon {
            slots: vec![[0, 0]; 1 << bits],
            shift: 64 - bits,
            long: FxMap::default(),
        };
        let mask = lex.slots.len() - 1;
        for &(w, v) in entries {
            if w.len() > SHORT {
                *lex.long.entry(w).or_default() |= v;
                continue;
            }
            let mut buf = [0u8; 32];
            buf[..w.len()].copy_from_slice(w);
            let k = short_key(&buf);
            let mut i = lex.slot(k);
            while lex.slots[i][0] != 0
                && (lex.slots[i][0] != k[0] || lex.slots[i][1] & KEY_BITS != k[1])
            {
                i = (i + 1) & mask;
            }
            let old = unpack(lex.slots[i][1] >> 40);
            lex.slots[i] = [k[0], k[1] | pack(old | v) << 40];
        }
        lex
    }
}

/// Every word list and the bits its words carry.
const LISTS: [(u16, &[&str]); 13] = [
    (PARTICLE, PARTICLE_W),
    (STOP, STOP_W),
    (TITLE, TITLE_W),
    (CRED, CRED_W),
    (CUE, CUE_W),
    (FIELD, FIELD_W),
    (CLOSING, CLOSING_W),
    (TOLD, TOLD_W),
    (RELATION | CUE, RELATION_W),
    (RELATION, RELATION_ONLY_W),
    (PERSON, PERSON_W),
    (CALENDAR, WEEKDAYS),
    (CALENDAR, &crate::dates::MONTHS),
];

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let names: &'static str = include_str!("../../data/names.tsv");
    let words: &'static str = include_str!("../../data/words.txt");
    let mut entries: Vec<(&'static [u8], u32)> = Vec::with_capacity(180_000);
    for line in names.lines() {
        if let Some((n, f)) = line.split_once('\t') {
            entries.push((
                n.as_bytes(),
                u32::from(f.parse::<u8>().unwrap_or(0)) | IN_DICT,
            ));
        }
    }
    let word = u32::from(WORD) << 16;
    entries.extend(words.lines().map(|w| (w.as_bytes(), word)));
    for (bit, list) in LISTS {
        for w in list {
            debug_assert!(
                !w.bytes().any(|c| c.is_ascii_uppercase()),
                "word lists are lower case"
            );
            entries.push((w.as_bytes(), u32::from(bit) << 16));
        }
    }
    entries.extend(super::date::marked_words().map(|w| (w.as_bytes(), u32::from(DATE_WORD) << 16)));
    entries.extend(
        super::spelled::WORDS
            .iter()
            .map(|w| (w.as_bytes(), u32::from(DIGIT_WORD) << 16)),
    );
    entries.extend(
        super::net::USERNAME_CUES
            .iter()
            .map(|w| (w.as_bytes(), u32::from(USER_WORD) << 16)),
    );
    debug_assert!(entries.iter().all(|(w, _)| !w.is_empty()));
    Lexicon::build(&entries)
});

/// A word's dictionary flags and word-list bits from its lexicon entry (`l` is the word in
/// lower case, zero-padded in `buf`; `joined`: it contains `-` or `'`).
#[inline]
fn classify(l: &[u8], buf: &[u8; 32], joined: bool) -> (u8, u16) {
    let v = LEX.get(l, buf);
    let kind = (v >> 16) as u16;
    if kind & STOP != 0 {
        return (AMBIGUOUS, kind);
    }
    if v & IN_DICT != 0 {
        return (v as u8, kind);
    }
    // Hyphenated or apostrophe surnames: Garcia-Lopez, O'Brien.
    if !joined {
        return (0, kind);
    }
    (joined_flags(l), kind)
}

/// `SURNAME` when a part of a joined word the dictionary lacks is a name ("garcia-lopez",
/// "o'brien"). Apart from the token loop: it is rare, and inlined it made every token's
/// lookup a larger function.
#[cold]
fn joined_flags(l: &[u8]) -> u8 {
    let mut f = 0;
    for part in l.split(|&c| c == b'-' || c == b'\'') {
        if part.len() > 1 {
            f |= LEX.get_word(part) as u8 & (FIRST | SURNAME);
        }
    }
    if f != 0 { SURNAME } else { 0 }
}

/// A word's dictionary flags and word-list bits.
fn lookup(w: &str) -> (u8, u16) {
    let mut buf = [0u8; 32];
    match lower_bytes(w, &mut buf) {
        Some(l) => {
            let n = l.len();
            let joined = l.iter().any(|&c| c == b'-' || c == b'\'');
            classify(&buf[..n], &buf, joined)
        }
        None => (0, 0),
    }
}

/// Whether `w` is in one of the word lists `bits`; tokens carry this already
/// ([`Tok::is`]), this is for other strings.
fn is_in(bits: u16, w: &str) -> bool {
    (LEX.get_word(w.as_bytes()) >> 16) as u16 & bits != 0
}

/// Whether `w` is an ordinary word or drug name (`data/words.txt`).
pub(crate) fn is_word(w: &str) -> bool {
    is_in(WORD, w)
}

/// Whether `w`, in any case, is an ordinary word, a stop word, or a month or weekday.
pub(crate) fn is_common_word(w: &str) -> bool {
    is_in(WORD | STOP | CALENDAR, w)
}

// Byte classes for the tokenizer, one table lookup per byte.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const LETTER: u8 = LOWER | UPPER;
/// Digits and non-ASCII bytes: a token glued to a digit or to a letter of another script is
/// no name ("x12", "Мaria"), one next to a symbol may be ("…Maria", "•Maria"); [`glued`]
/// decides. Accented Latin letters and typographic quotes never reach the tokenizer: the
/// engine folds them first ("José" is read as "Jose", see `crate::fold`).
const GLUE: u8 = 4;

/// Whether the token `text[s..e]`, next to a [`GLUE`] byte, is glued to a digit or a letter
/// (any script): then it is part of a longer word or code, not a name. Out of the
/// tokenizer's loop (inlined, it cost every token a few instructions in measurements); few
/// tokens touch a digit or a non-ASCII character.
#[cold]
#[inline(never)]
fn glued(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
}
/// `-` and `'`, which join letters into one token ("Garcia-Lopez", "O'Brien").
const JOINER: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() || c >= 0x80 {
            GLUE
        } else if c == b'-' || c == b'\'' {
            JOINER
        } else {
            0
        };
        i += 1;
    }
    t
};

/// What the tokenizer finds for every word of one to three letters (`tiny_index`): half the
/// tokens of a message are such words ("to", "the", "pt", "a"), and a table of 20,000
/// entries answers them without hashing or probing. One letter is an initial, never a
/// dictionary name: its flags are 0.
static TINY: LazyLock<Vec<u32>> = LazyLock::new(|| {
    let mut t = vec![0u32; 27 * 27 * 27];
    let letters = || std::iter::once(0).chain(b'a'..=b'z');
    for a in b'a'..=b'z' {
        for b in letters() {
            for c in letters() {
                if b == 0 && c != 0 {
                    continue;
                }
                let mut buf = [0u8; 32];
                buf[..3].copy_from_slice(&[a, b, c]);
                let len = 1 + usize::from(b != 0) + usize::from(c != 0);
                let (flags, kind) = if len == 1 {
                    (0, (LEX.get(&buf[..1], &buf) >> 16) as u16)
                } else {
                    classify(&buf[..len], &buf, false)
                };
                t[tiny_index(&buf)] = u32::from(flags) | u32::from(kind) << 16;
            }
        }
    }
    t
});

/// The slot in [`TINY`] of a lower-case word of at most three letters, zero-padded in `buf`.
#[inline]
fn tiny_index(buf: &[u8; 32]) -> usize {
    let code = |c: u8| usize::from(c & 31);
    code(buf[0]) * 729 + code(buf[1]) * 27 + code(buf[2])
}

/// For a token of `n` bytes (up to 16), the masks that keep its bytes of two words read
/// from its start.
const KEY_MASKS: [[u64; 2]; 17] = {
    /// The mask keeping the first `m` bytes of a word (all of it from eight on).
    const fn keep(m: usize) -> u64 {
        if m >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * m)) - 1
        }
    }
    let mut t = [[0u64; 2]; 17];
    let mut n = 1;
    while n <= 16 {
        t[n] = [keep(n), keep(n.saturating_sub(8))];
        n += 1;
    }
    t
};

/// What the token loop learns on the way that the rules would otherwise take one more pass
/// over the tokens for each: the counts `all_caps` compares, and whether any token is
/// joined ([`settle_compounds`] has nothing to do otherwise).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct TokenCounts {
    /// Tokens of each shape (lower case, capitalised, upper case, initial): one increment
    /// per token, where a count of each kind took two compares.
    shapes: [usize; 4],
    /// Whether a token contains `-` or `'`.
    joined: bool,
    /// The union of the tokens' word-list bits ([`Tok::kind`]).
    kinds: u16,
    /// Whether a token may be a surname particle ("van", "de", "St"): lower case, or "St"
    /// capitalised; [`particles`] decides.
    particle: bool,
}

impl TokenCounts {
    /// Whether the text is mostly upper case: `all_caps` (its test oracle) from the counts.
    fn caps(&self) -> bool {
        self.shapes[2] > self.shapes[0] + self.shapes[1]
    }
}

/// The end of the run of ASCII letters starting at `s`, or `s + 16` if it is longer than
/// that (the caller reads on byte by byte); `b` has sixteen bytes from `s`. A byte is a
/// letter when setting its 0x20 bit puts it in `a`–`z` and it is ASCII, which
/// [`bytes_between`](super::bytes_between) tests for eight bytes at once.
#[inline]
fn letters_end(b: &[u8], s: usize) -> usize {
    use super::{HIGH_BITS, bytes_between};
    const CASE: u64 = 0x2020_2020_2020_2020;
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight"));
    let not_letters = |w: u64| !bytes_between(w | CASE, b'a' - 1, b'z' + 1) & HIGH_BITS;
    let m = not_letters(word(s));
    if m != 0 {
        return s + (m.trailing_zeros() / 8) as usize;
    }
    let m = not_letters(word(s + 8));
    s + 8
        + if m != 0 {
            (m.trailing_zeros() / 8) as usize
        } else {
            8
        }
}

/// Splits `text` into word tokens, each looked up once in the lexicon.
fn tokens(text: &str, out: &mut Vec<Tok>) -> TokenCounts {
    let mut counts = TokenCounts::default();
    let first = out.len();
    // The union of the tokens' word-list bits and of their joins: a particle is rare, and the
    // tokens are read again for one only when some token is one.
    let (mut kinds, mut joined) = (0u16, 0usize);
    let b = text.as_bytes();
    let n = b.len();
    let class = |i: usize| if i < n { CLASS[b[i] as usize] } else { 0 };
    let mut i = 0;
    while i < n {
        if CLASS[b[i] as usize] & LETTER == 0 {
            i += 1;
            continue;
        }
        let s = i;
        // The token's end: letters, and `-` or `'` between letters. The first run of
        // letters is read eight bytes at a time where the text allows (most words end
        // within sixteen bytes); the same bytes are read again below for the key.
        let mut joins = 0;
        i = if s + 16 <= n {
            letters_end(b, s)
        } else {
            s + 1
        };
        loop {
            while i < n && CLASS[b[i] as usize] & LETTER != 0 {
                i += 1;
            }
            if class(i) & JOINER != 0
                && class(i + 1) & LETTER != 0
                // A possessive ends the token: "Maria's" → "Maria".
                && !(b[i] == b'\'' && b[i + 1] | 0x20 == b's' && class(i + 2) & LETTER == 0)
            {
                joins += 1;
                i += 1;
                continue;
            }
            break;
        }
        // Tokens glued to digits or non-ASCII letters are not names.
        if ((s > 0 && CLASS[b[s - 1] as usize] & GLUE != 0) || class(i) & GLUE != 0)
            && glued(text, s, i)
        {
            continue;
        }
        // The lower-case key (zero-padded, as the lexicon wants it) and the case, eight bytes
        // at a time: a token holds only letters, `-` and `'`; bit 0x20 is clear in capitals
        // only, and setting it lowers a letter and leaves `-` and `'` as they are.
        let len = i - s;
        let mut buf = [0u8; 32];
        // Bytes 0x20 clear (capitals), and set (lower-case letters and joiners).
        let (upper, lower);
        if len <= 16 && s + 16 <= n {
            // Most tokens: two words read straight from the text, cut to the token by the
            // masks of its length.
            const CASE: u64 = 0x2020_2020_2020_2020;
            let [m0, m1] = KEY_MASKS[len];
            let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight"));
            let (w0, w1) = (word(s), word(s + 8));
            upper = (!w0 & m0 | !w1 & m1) & CASE;
            lower = (w0 & m0 | w1 & m1) & CASE;
            buf[..8].copy_from_slice(&((w0 | CASE) & m0).to_le_bytes());
            buf[8..16].copy_from_slice(&((w1 | CASE) & m1).to_le_bytes());
        } else {
            for (d, &c) in buf.iter_mut().zip(&b[s..i]) {
                *d = c | 0x20;
            }
            upper = u64::from(b[s..i].iter().any(u8::is_ascii_uppercase));
            lower = u64::from(b[s..i].iter().any(|c| c & 0x20 != 0));
        }
        let shape = if upper == 0 {
            0
        } else if len == 1 {
            3
        } else if lower == 0 || joins > 0 && !b[s..i].iter().any(u8::is_ascii_lowercase) {
            2
        } else if b[s].is_ascii_uppercase() {
            1
        } else {
            0
        };
        let (flags, kind) = if len <= 3 && joins == 0 {
            let e = TINY[tiny_index(&buf)];
            (e as u8, (e >> 16) as u16)
        } else if len <= 32 {
            classify(&buf[..len], &buf, joins > 0)
        } else {
            (0, 0)
        };
        counts.shapes[usize::from(shape)] += 1;
        joined |= joins;
        kinds |= kind;
        out.push(Tok {
            s,
            e: i,
            flags,
            shape,
            kind,
            joined: joins > 0,
        });
    }
    counts.joined = joined > 0;
    counts.kinds = kinds;
    counts.particle = kinds & PARTICLE != 0
        && out[first..]
            .iter()
            .any(|t| t.kind & PARTICLE != 0 && t.shape <= 1);
    counts
}

/// The surname after a nickname in quotes that follows the name ending at `toks[b]`:
/// `Tyrone "Ty" Jackson`, `Robert 'Bob' Smith` (typographic quotes are folded to these). The
/// nickname and the surname are capitalised (or the text is in capitals), one space
/// apart from the quotes.
fn nickname(text: &str, toks: &[Tok], b: usize) -> Option<usize> {
    let (nick, last) = (toks.get(b + 1)?, toks.get(b + 2)?);
    let g = text.as_bytes();
    let quote = *g.get(nick.s.checked_sub(1)?)?;
    let quoted = matches!(quote, b'"' | b'\'')
        && nick.s >= toks[b].e + 2
        && gap_is(text, &toks[b], nick, &[b' ', quote], 2)
        && gap_is(text, nick, last, &[b' ', quote], 2)
        && g[nick.e] == quote
        && g[last.s - 1] == b' ';
    (quoted
        && nick.capital()
        && last.capital()
        && last.shape != 3
        && (last.flags & SURNAME != 0 || unknown_name(text, last))
        && !last.is(STOP | TITLE | CRED))
    .then_some(b + 2)
}

/// The nickname in parentheses after the name ending at `toks[b]`, perhaps in quotes
/// ("Bartholomew ("Bart")", "Robert (Bob) Smith"), and the surname after it when one
/// follows: the index of the last of them. The nickname is capitalised like the name and
/// no ordinary word ("Maria (Daughter)", "Jose (Spanish)" are not nicknames).
fn paren_nickname(text: &str, toks: &[Tok], b: usize) -> Option<usize> {
    let (name, nick) = (&toks[b], toks.get(b + 1)?);
    let g = text.as_bytes();
    let open = &text[name.e..nick.s];
    let quote = match open {
        " (" => None,
        " (\"" | " ('" => Some(g[nick.s - 1]),
        _ => return None,
    };
    let close = quote.map_or(1, |_| 2);
    let closed = g.get(nick.e..nick.e + close).is_some_and(|c| match quote {
        None => c == b")",
        Some(q) => c[0] == q && c[1] == b')',
    });
    if !closed
        || nick.shape != name.shape
        || !nick.capital()
        || nick.shape == 3
        || nick.is(STOP | WORD | RELATION | PERSON | CALENDAR | TITLE | CRED)
        || nick.flags & FIRST == 0
    {
        return None;
    }
    let after = nick.e + close;
    let surname = toks.get(b + 2).is_some_and(|last| {
        last.s == after + 1
            && g[after] == b' '
            && last.capital()
            && last.shape == name.shape
            && (last.flags & SURNAME != 0 || unknown_name(text, last))
            && !last.is(STOP | TITLE | CRED)
    });
    Some(if surname { b + 2 } else { b + 1 })
}

/// Whether the title "Dr" at `toks[i]` is a street's "Drive": it ends a street address
/// ("1420 N. Lake Shore Dr Apt 5B"), that is, a house number stands before the one to three
/// capitalised words (or initials) before it, or an apartment or suite follows it.
fn street_drive(text: &str, toks: &[Tok], i: usize) -> bool {
    let b = text.as_bytes();
    let t = &toks[i];
    if !b[t.s..t.e].eq_ignore_ascii_case(b"dr") || i == 0 {
        return false;
    }
    let unit = toks.get(i + 1).is_some_and(|n| {
        matches!(b[n.s] | 0x20, b'a' | b's' | b'u' | b'b')
            && ["apt", "apartment", "ste", "suite", "unit", "bldg"]
                .iter()
                .any(|u| b[n.s..n.e].eq_ignore_ascii_case(u.as_bytes()))
            && gap_is(text, t, n, b" .,", 2)
    });
    if unit {
        return true;
    }
    // Capitalised words and initials, not words in capitals: in upper-case notes "KCL NOT
    // GIVEN DR LAKE" is a doctor.
    let mut a = i;
    while a > 0
        && i - a < 3
        && matches!(toks[a - 1].shape, 1 | 3)
        && gap_is(text, &toks[a - 1], &toks[a], b". ", 2)
    {
        a -= 1;
    }
    // The house number: a whole number of one to six digits, then one space, before the
    // first word.
    let Some(before) = b[..toks[a].s].strip_suffix(b" ") else {
        return false;
    };
    let digits = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let whole =
        digits == before.len() || matches!(before[before.len() - digits - 1], b' ' | b'\n' | b'\t');
    a < i && (1..=6).contains(&digits) && whole
}

/// Whether `toks[b]` is the middle name of a Vietnamese name, "Van" or "Thi" (Văn, Thị
/// folded), between a family name and a given name in the same case: "Nguyen Van An",
/// "Tran Thi Be". The given name is often an ordinary word ("An", "Be", "Hoa") that would
/// end the name otherwise.
fn vietnamese_middle(text: &str, toks: &[Tok], b: usize) -> bool {
    let (Some(f), m, Some(g)) = (
        b.checked_sub(1).map(|k| &toks[k]),
        &toks[b],
        toks.get(b + 1),
    ) else {
        return false;
    };
    let w = &text.as_bytes()[m.s..m.e];
    w.len() == 3
        && (m.shape == 1 || m.shape == 2)
        && f.shape == m.shape
        && g.shape == m.shape
        && gap_is(text, f, m, b" ", 1)
        && (w.eq_ignore_ascii_case(b"van") || w.eq_ignore_ascii_case(b"thi"))
        && gap_is(text, m, g, b" ", 1)
        && !g.is(TITLE | CRED | CUE)
}

/// Whether only `allowed` bytes separate two tokens.
fn gap_is(text: &str, a: &Tok, b: &Tok, allowed: &[u8], max: usize) -> bool {
    let g = &text.as_bytes()[a.e..b.s];
    g.len() <= max && g.iter().all(|c| allowed.contains(c))
}

/// Whether the text is mostly upper case (ALL CAPS notes), where shape says little. The
/// tokenizer counts this on the way ([`TokenCounts::caps`]); this is its test oracle.
#[cfg(test)]
fn all_caps(toks: &[Tok]) -> bool {
    let up = toks.iter().filter(|t| t.shape == 2).count();
    let low = toks.iter().filter(|t| t.shape <= 1).count();
    up > low
}

/// A token that can continue a name already started: an initial, or a token whose points
/// with `CONTINUE_PTS` reach the threshold ("Janet logan", "leslie kiezulas"), never a
/// credential.
fn continues(text: &str, t: &Tok, caps: bool) -> bool {
    t.shape == 3
        || !t.is(CRED) && token_points(text, t, caps, Case::Mixed) + CONTINUE_PTS >= THRESHOLD
}

/// What a person has, after a first name as a possessive ("Emma's fever", "John's notes"):
/// care, records, symptoms, body parts. No word that follows an eponym ("disease",
/// "syndrome", "sign", "palsy") or a shop ("burger", "parking").
const POSSESSIONS: &[&str] = &[
    "allergies",
    "allergy",
    "appointment",
    "appt",
    "arm",
    "asthma",
    "back",
    "bed",
    "belly",
    "birthday",
    "blood",
    "bp",
    "breathing",
    "caregiver",
    "case",
    "cast",
    "chart",
    "condition",
    "cough",
    "daycare",
    "diaper",
    "diapers",
    "diet",
    "doctor",
    "dose",
    "ear",
    "ears",
    "eczema",
    "eye",
    "eyes",
    "fever",
    "file",
    "foot",
    "formula",
    "head",
    "inhaler",
    "insurance",
    "knee",
    "labs",
    "leg",
    "meds",
    "medication",
    "medications",
    "medicine",
    "mood",
    "notes",
    "nurse",
    "pain",
    "pcp",
    "pediatrician",
    "phone",
    "prescription",
    "prescriptions",
    "rash",
    "records",
    "refill",
    "results",
    "room",
    "school",
    "seizures",
    "sleep",
    "stitches",
    "stomach",
    "sugar",
    "sugars",
    "surgery",
    "swelling",
    "symptoms",
    "teacher",
    "temp",
    "temperature",
    "therapist",
    "therapy",
    "throat",
    "tummy",
    "vaccines",
    "visit",
    "weight",
    "wound",
];

/// Endings of ordinary (often misspelt) words and clinical terms, never of a surname the
/// dictionary lacks: "tollerated", "ventalating", "hypotension", "bigeminy".
const WORDY_ENDINGS: &[&str] = &[
    "ing", "ed", "ly", "tion", "sion", "ment", "ness", "able", "ible", "ous", "ive", "ize", "ium",
    "itis", "osis", "emia", "ectomy", "otomy", "scopy", "gram", "graphy", "ology", "ical", "ular",
    "inal", "ated", "ity", "ism", "ist", "less", "ful", "ery", "ary", "ia",
];

/// A token the dictionary does not know that can still be a rare surname: three letters or
/// more, a vowel, no ordinary word, drug or clinical abbreviation, no word ending.
fn unknown_name(text: &str, t: &Tok) -> bool {
    let w = &text[t.s..t.e];
    if t.flags != 0 || w.len() < 3 || w.len() > 32 || w.contains('\'') {
        return false;
    }
    let mut buf = [0u8; 32];
    let l = lower(w, &mut buf);
    let wordy = t.is(STOP | TITLE | CRED | CUE | FIELD | CLOSING | WORD)
        || t.joined && l.split('-').any(|p| p.len() < 2 || is_word(p));
    l.bytes().any(|c| b"aeiou".contains(&c))
        && !WORDY_ENDINGS.iter().any(|e| l.ends_with(e))
        && !wordy
}

/// A token that can stand in a name without its case: a dictionary name that is not an
/// ordinary word, or a rare surname.
fn solid(text: &str, t: &Tok) -> bool {
    class_points(text, t) >= RARE_PTS
}

/// Hyphenated and apostrophe tokens are names only when their parts are: "Garcia-Lopez",
/// "O'Brien", "D'Angelo" stay; "A-line", "bleeding-no", "post-bariatric", "don't" become
/// ordinary words.
fn settle_compounds(text: &str, toks: &mut [Tok]) {
    for t in toks.iter_mut() {
        if !t.joined {
            continue;
        }
        let w = &text[t.s..t.e];
        let name_part = |p: &str| {
            p.len() >= 2 && {
                let f = lookup(p).0;
                f & (FIRST | SURNAME) != 0 || f == 0 && !is_word(p)
            }
        };
        let ok = match w.split_once('\'') {
            Some((head, tail)) => head.len() <= 2 && !tail.contains('\'') && name_part(tail),
            None => w.split('-').all(name_part),
        };
        if given_syllables(w) || ok && given_names(w) {
            t.flags = FIRST;
        } else if !ok {
            t.flags = AMBIGUOUS;
        }
    }
}

/// Relations written after a name in parentheses ("URSLA MORETTI (DAUGHTER)"), which are
/// also cues before one ("my husband jose").
const RELATION_W: &[&str] = &[
    "grandma",
    "grandpa",
    "stepmom",
    "stepdad",
    "stepmother",
    "stepfather",
    "roommate",
    "nanny",
    "babysitter",
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
    "cousin",
    "neighbor",
    "hcp",
    "proxy",
    "guardian",
    "mother-in-law",
    "father-in-law",
    "daughter-in-law",
    "son-in-law",
    "sister-in-law",
    "brother-in-law",
    "ex-husband",
    "ex-wife",
    "ex-boyfriend",
    "ex-girlfriend",
    "ex-partner",
    "ex-fiance",
    "interpreter",
    // Father of the baby, in obstetric notes: "FOB is Marcus".
    "fob",
    // Spanish, in messages from Spanish-speaking families ("mi esposo Juan", "Abuela
    // (Rosa)"); not "tia"/"tio", which are also first names.
    "esposo",
    "esposa",
    "abuela",
    "abuelo",
    "hija",
    "hijo",
    "hermana",
    "hermano",
    "nieta",
    "nieto",
];

/// Relations that are no cue before a name ("significant other" is cued by "other").
const RELATION_ONLY_W: &[&str] = &[
    "fiancee",
    "significant",
    "stepson",
    "stepdaughter",
    "sil",
    "dil",
];

/// Words after a name that say a person was told: "BEA TURA AWARE", "Smith notified".
const TOLD_W: &[&str] = &[
    "aware",
    "notified",
    "paged",
    "informed",
    "contacted",
    "updated",
];

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

/// The word pass: splits `text` into words, each looked up once in the lexicon, and finds
/// names in them when `names`, and months alone and holidays (the date recognizer's rule,
/// `date::month_or_holiday`, at the words the lexicon marks) when `dates`. The engine calls
/// it when either label is on, so that every word is read once for both.
/// What the word pass of [`recognize`] looks for.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordPass {
    /// Names (`NAME`).
    pub names: bool,
    /// Months alone and holidays (`DATE`, `DOB`).
    pub dates: bool,
    /// Numbers spelled out (`PHONE`, `SSN`, `ID`).
    pub numbers: bool,
    /// User names after their cue (`ID`).
    pub users: bool,
}

pub(crate) fn recognize(text: &str, pass: WordPass, out: &mut Vec<Candidate>) {
    let WordPass {
        names,
        dates,
        numbers,
        users,
    } = pass;
    if names && memchr::memchr(b'^', text.as_bytes()).is_some() {
        caret_names(text, out);
    }
    // The token buffer is kept per thread: most segments are short messages, and a fresh
    // vector per segment showed in profiles.
    thread_local! {
        static TOKS: std::cell::RefCell<Vec<Tok>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut toks = TOKS.with(|t| std::mem::take(&mut *t.borrow_mut()));
    toks.clear();
    let counts = tokens(text, &mut toks);
    // Most segments hold no month, holiday or digit word (nor a joined word that may start
    // with one): the counts say so without a pass over the tokens.
    if (dates || numbers || users)
        && (counts.kinds & (CALENDAR | DATE_WORD | DIGIT_WORD | USER_WORD) != 0 || counts.joined)
    {
        marked_words(text, &toks, pass, out);
    }
    if names && !toks.is_empty() {
        let first = out.len();
        let particle = counts.particle;
        recognize_tokens(text, &mut toks, counts, out);
        if particle {
            particles(text, &toks, first, out);
        }
    }
    TOKS.with(|t| *t.borrow_mut() = toks);
}

/// Hands the words the lexicon marks as months, weekdays, month abbreviations or holidays'
/// first words to the date recognizer's rule for them (`date::month_or_holiday`), and digit
/// words (and joined words starting with one: "two-oh-one") to the rule for numbers
/// spelled out (`spelled::spelled_number`). In lower case the date rule takes only an
/// abbreviation with its full stop ("sept.") and a full month or weekday (for a birth
/// date's "march third"): "new", "mother" and "dec" are common words, not worth a call
/// each. Apart from [`recognize`] (not inlined): inlined, its loop cost
/// the token loop 3 M instructions per MB.
#[inline(never)]
fn marked_words(text: &str, toks: &[Tok], pass: WordPass, out: &mut Vec<Candidate>) {
    let WordPass {
        dates,
        numbers,
        users,
        ..
    } = pass;
    let b = text.as_bytes();
    let mut spelled_until = 0;
    for t in toks {
        if t.kind & (CALENDAR | DATE_WORD | DIGIT_WORD | USER_WORD) == 0 && !t.joined {
            continue;
        }
        if users && t.is(USER_WORD) {
            super::net::username_at(text, t.s, out);
        }
        if dates
            && t.is(CALENDAR | DATE_WORD)
            && (t.shape != 0 || t.is(CALENDAR) || b.get(t.e) == Some(&b'.'))
        {
            super::date::month_or_holiday(text, t.s, out);
        }
        if numbers
            && t.s >= spelled_until
            && (t.is(DIGIT_WORD) || t.joined && starts_digit_word(&b[t.s..t.e]))
        {
            spelled_until = super::spelled::spelled_number(text, t.s, out);
        }
    }
}

/// Whether a joined word ("two-oh-one") starts with a word that can start a run of digits.
fn starts_digit_word(w: &[u8]) -> bool {
    super::spelled::starts_run(w.split(|&c| c == b'-').next().unwrap_or(w))
}

/// Surnames with lower-case particles: "Dr. van der Berg", "Maria de la Cruz". The rules
/// read a particle as an ordinary lower-case word, which ends a name (or keeps a title from
/// starting one); this pass joins the words on both sides of a run of particles when the
/// left one is a title, a first name, or part of a name already found (`out[first..]`, this
/// recognizer's candidates), and the right one a capitalised word that can be a surname. A
/// name found only on the right does not reach back over a word that is no first name
/// ("Main St. John called").
fn particles(text: &str, toks: &[Tok], first: usize, out: &mut Vec<Candidate>) {
    let found: Vec<Candidate> = out[first..]
        .iter()
        .filter(|c| c.label == Label::Name)
        .copied()
        .collect();
    let covering = |t: &Tok| {
        found
            .iter()
            .find(|c| c.start <= t.s && t.e <= c.end)
            .copied()
    };
    let b = text.as_bytes();
    // "St." is the one particle with a capital and a full stop; "st" alone is none.
    let saint = |t: &Tok| t.e - t.s == 2 && b[t.s..t.e].eq_ignore_ascii_case(b"st");
    let particle = |t: &Tok| {
        t.is(PARTICLE)
            && if saint(t) {
                t.shape == 1 && b.get(t.e) == Some(&b'.')
            } else {
                t.shape == 0
            }
    };
    let mut k = 1;
    while k + 1 < toks.len() {
        if !particle(&toks[k]) || particle(&toks[k - 1]) {
            k += 1;
            continue;
        }
        // The run of particles from `p0`, each a space (after "St", ". ") from the next
        // ("de la", "van der").
        let p0 = k;
        let mut m = k + 1;
        while m < toks.len()
            && particle(&toks[m])
            && m - p0 < 3
            && gap_is(text, &toks[m - 1], &toks[m], b". ", 2)
        {
            m += 1;
        }
        k = m;
        let (Some(right), left) = (toks.get(m), &toks[p0 - 1]) else {
            break;
        };
        let surname = right.capital()
            && right.shape != 3
            && !right.is(STOP | WORD | CALENDAR | TITLE | CRED)
            && (right.flags & SURNAME != 0 || unknown_name(text, right))
            && gap_is(text, &toks[m - 1], right, b". ", 2);
        if !surname {
            continue;
        }
        let (l_cand, r_cand) = (covering(left), covering(right));
        let (rule, priority) = if left.is(TITLE) && gap_is(text, left, &toks[p0], b". ", 2) {
            ("name.title", priority::CUE)
        } else if !(left.capital() && left.shape != 3 && gap_is(text, left, &toks[p0], b" ", 1)) {
            continue;
        } else if let Some(c) = l_cand {
            (c.rule, c.priority)
        } else if left.flags & FIRST != 0 && !left.is(STOP | WORD) {
            // A first name before the particles: the name found after them ("Maria de la
            // Cruz called"), or a name of its own ("Maria de la Cruz" signing a message).
            r_cand.map_or(("name.dictionary", priority::SHAPE), |c| {
                (c.rule, c.priority)
            })
        } else {
            continue;
        };
        let start = l_cand.map_or(left.s, |c| c.start.min(left.s));
        let end = r_cand.map_or(right.e, |c| c.end.max(right.e));
        out.push(Candidate::new(start, end, Label::Name, rule, priority));
    }
}

// Scoring: a span a context proposes is a name when its evidence reaches `THRESHOLD`
// points. The module docs give the table; the constants below are the table.

/// Points at which a proposed span is a name.
const THRESHOLD: i8 = 4;

/// A dictionary name that is no ordinary word ("Maria", "Okafor").
const NAME_PTS: i8 = 3;
/// A word neither dictionary nor word list knows, with a surname's shape (`unknown_name`).
const RARE_PTS: i8 = 2;
/// A dictionary name that is also an ordinary word, drug, eponym or month ("will", "Rose").
const AMBIGUOUS_PTS: i8 = 1;
/// A word neither list knows, without a surname's shape ("Brk"), or an initial.
const UNKNOWN_PTS: i8 = 1;
/// An ordinary word or abbreviation.
const WORD_PTS: i8 = 0;
/// A stop word: no context makes it a name.
const STOP_PTS: i8 = -64;
/// A capital letter ("Maria", "MARIA" in mixed-case text). In ALL CAPS text a word in
/// capitals says nothing, except where the context says a name follows (`Case::Kept`).
const CAPITAL_PTS: i8 = 1;

/// A title before: "Dr. Okafor", "Mrs. Rose".
const TITLE_PTS: i8 = 2;
/// A doctor's title before a capitalised word: a doctor may be called anything ("Dr. Tyro").
const DOCTOR_PTS: i8 = 1;
/// A field label before: "Patient: LOPEZ", "Name: Jose Diaz".
const FIELD_PTS: i8 = 2;
/// A relation, verb or introduction before: "my husband jose", "spoke with Maria".
const CUE_PTS: i8 = 2;
/// After a relation or an introduction in lower-case text, a first name's verb or the end
/// of its phrase ("daughter pat lives", "this is rose,"); not for months and weekdays.
const VERB_PTS: i8 = 1;
/// A surname of the same case right after ("FATHER TOM MILLER").
const SURNAME_AFTER_PTS: i8 = 1;
/// A verb of speech after a capitalised first name: "Maria called", "Jose states".
const CALLED_PTS: i8 = 0;
/// An initial before or after: "J. Smith", "Sarah P.".
const INITIAL_PTS: i8 = 0;
/// A relation in parentheses after: "URSLA MORETTI (DAUGHTER)".
const RELATION_PTS: i8 = 2;
/// Right after a name a context proposed: the name goes on ("Maria Lopez Garcia").
const CONTINUE_PTS: i8 = 2;
/// The next name in a list that shares a cue: "Dr. Rakusin and Toolis".
const LIST_PTS: i8 = 2;
/// A credential before: "NP Wolfe".
const CREDENTIAL_PTS: i8 = 1;
/// Two adjacent names of the same case: the pair scores both tokens' points and this
/// (two common words side by side are less than one word after a cue).
const PAIR_PTS: i8 = -1;
/// A closing before the last line of a message: "Thanks, Jen", "Regards,\nJohn Smith".
const SIGNATURE_PTS: i8 = 2;
/// A pair in capitals in ALL CAPS text, where clinical abbreviations are dictionary words
/// side by side ("CO FICK", "SWAN GANZ"): only a context makes a name there.
const CAPS_PAIR_PTS: i8 = -2;
/// A capitalised first word of a pair that does not start a sentence ("saw Will Rose").
const MID_SENTENCE_PTS: i8 = 1;
/// An apposition after a person noun, set off by commas or an initial ("female, Anna,").
const ENCLOSED_PTS: i8 = 2;

/// Whether capitals count as evidence in ALL CAPS text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Only where upper and lower case are mixed.
    Mixed,
    /// Also in ALL CAPS text: after a title, a field label, an initial, in `LAST, FIRST`.
    Kept,
}

/// The points a token brings by itself: its dictionary class and its case.
fn token_points(text: &str, t: &Tok, caps: bool, case: Case) -> i8 {
    // In ALL CAPS text a word in capitals says nothing, but a Capitalised one stands out.
    let capital = t.capital() && (!caps || case == Case::Kept || t.shape == 1);
    class_points(text, t) + if capital { CAPITAL_PTS } else { 0 }
}

/// The points of a token's dictionary class.
fn class_points(text: &str, t: &Tok) -> i8 {
    if t.is(STOP) {
        return STOP_PTS;
    }
    if t.is_name() {
        if t.ambiguous() {
            AMBIGUOUS_PTS
        } else {
            NAME_PTS
        }
    } else if t.shape == 3 {
        UNKNOWN_PTS
    } else if t.flags != 0 || t.is(WORD) {
        WORD_PTS
    } else if unknown_name(text, t) {
        RARE_PTS
    } else if !t.is(TITLE | CRED | CUE | FIELD | CLOSING) {
        UNKNOWN_PTS
    } else {
        WORD_PTS
    }
}

fn recognize_tokens(text: &str, toks: &mut [Tok], counts: TokenCounts, out: &mut Vec<Candidate>) {
    if counts.joined {
        settle_compounds(text, toks);
    }
    let toks: &[Tok] = toks;
    let caps = counts.caps();
    let first = out.len();
    let word = |t: &Tok| &text[t.s..t.e];
    let push = |out: &mut Vec<Candidate>, a: usize, b: usize, rule, p| {
        let (s, mut e) = (toks[a].s, toks[b].e);
        // A country or a province after a cue is no person ("from Guatemala"), unless the
        // dictionary knows the word as a first name ("Jordan", "Georgia").
        if a == b
            && rule == "name.context"
            && toks[a].flags & FIRST == 0
            && super::place::REGIONS.contains(&&text[s..toks[a].e])
        {
            return;
        }
        // A name that ends in a nickname's parentheses takes their close: "Mr. Kowalczyk
        // (Stanislaw)", "Bartholomew ("Bart")".
        let g = text.as_bytes();
        if b > a
            && matches!(
                &g[toks[b - 1].e..toks[b].s],
                [.., b'('] | [.., b'(', b'"' | b'\'']
            )
        {
            match g.get(e..e + 2) {
                Some([b'"' | b'\'', b')', ..]) => e += 2,
                _ if g.get(e) == Some(&b')') => e += 1,
                _ => {}
            }
        }
        out.push(Candidate::new(s, e, Label::Name, rule, p));
    };
    // Extends a name starting at token `a` with following tokens.
    let extend = |a: usize| -> usize {
        let mut b = a;
        loop {
            if b + 1 < toks.len()
                && b < a + 3
                && gap_is(text, &toks[b], &toks[b + 1], b" .\t", 3)
                // A full stop after a word ends the name: "per Dr. Martyn. Thermodilution".
                && (toks[b].shape == 3 || text.as_bytes()[toks[b].e] != b'.')
                && continues(text, &toks[b + 1], caps && toks[b + 1].shape != 3)
                && !next_field(text, toks, b)
                && !(toks[b + 1].shape == 3 && dotted_credential(text, &toks[b + 1]))
                || b < a + 3 && vietnamese_middle(text, toks, b)
            {
                b += 1;
            } else if let Some(k) = nickname(text, toks, b).filter(|_| b < a + 3) {
                // A nickname in quotes between names: "Tyrone "Ty" Jackson".
                b = k;
            } else if let Some(k) = paren_nickname(text, toks, b).filter(|_| b < a + 3) {
                // A nickname in parentheses: "Bartholomew ("Bart")", "Robert (Bob) Smith".
                b = k;
            } else {
                return b;
            }
        }
    };
    // "Dr. Rakusin and Toolis", "daughters sarah and margie", "SISTER & CHARLIE": the next
    // name in a list shares the cue of the one ending at token `b`.
    let also = |out: &mut Vec<Candidate>, b: usize, rule: &'static str| {
        // "Liam (DOB 5/6/2015) and Noah": the list goes on after an aside in parentheses
        // on the same line.
        let aside = text[toks[b].e..]
            .strip_prefix(" (")
            .and_then(|r| r.bytes().take(40).position(|c| c == b')' || c == b'\n'))
            .map(|k| toks[b].e + 2 + k + 1)
            .filter(|&close| text.as_bytes()[close - 1] == b')');
        let k = aside.map_or(b + 1, |close| toks.partition_point(|t| t.s < close));
        let Some(sep) = toks.get(k) else { return };
        let (m, gap_ok) = if word(sep).eq_ignore_ascii_case("and") {
            let gap = |sep: &Tok| match aside {
                Some(close) => matches!(&text[close..sep.s], " " | ", "),
                None => gap_is(text, &toks[b], sep, b" ,", 2) || age_aside(&text[toks[b].e..sep.s]),
            };
            (
                k + 1,
                gap(sep)
                    && toks
                        .get(k + 1)
                        .is_some_and(|m| gap_is(text, sep, m, b" ", 1)),
            )
        } else if aside.is_none() {
            let g = text[toks[b].e..sep.s].trim_matches(' ');
            (b + 1, g == "&" || g == "/")
        } else {
            return;
        };
        let Some(mt) = toks.get(m) else { return };
        if gap_ok
            && !mt.is(TITLE | CUE | CRED)
            && token_points(text, mt, caps, Case::Mixed) + LIST_PTS >= THRESHOLD
        {
            let e = extend(m);
            push(out, m, e, rule, priority::CUE);
        }
    };
    for i in 0..toks.len() {
        let t = toks[i];
        // Every rule below starts at a dictionary name, an initial or a listed word: most
        // tokens are none of these (ordinary words, stop words, unknown capitalised words).
        if t.flags & (FIRST | SURNAME) == 0 && t.shape != 3 && !t.is(STARTS) {
            continue;
        }
        let w = word(&t);
        let next = toks.get(i + 1).copied();
        // Titles: "Dr. Okafor", "dr ayoub", "Mr. W.".
        if t.is(TITLE) {
            if let Some(n) = next.filter(|_| !street_drive(text, toks, i)) {
                // "Dr. A. Barnes": an initial, even one that is also a word.
                let initial = n.shape == 3
                    && text.as_bytes().get(n.e) == Some(&b'.')
                    && toks.get(i + 2).is_some_and(Tok::capital);
                // "MS" and "MR" are also mental status, morphine sulfate and mitral
                // regurgitation: "MS WITHOUT EFFECT", "3-4+MR. Given".
                let bare = w.eq_ignore_ascii_case("ms") || w.eq_ignore_ascii_case("mr");
                // Upper case in mixed-case text is the abbreviation, not the title.
                let abbrev = bare && t.shape == 2 && !caps;
                let doctor = n.capital()
                    && ["dr", "drs", "mrs", "prof"]
                        .iter()
                        .any(|d| w.eq_ignore_ascii_case(d));
                let points = token_points(text, &n, caps, Case::Kept)
                    + TITLE_PTS
                    + if doctor { DOCTOR_PTS } else { 0 };
                if gap_is(text, &t, &n, b" .\t", 3)
                    && (initial
                        || points >= THRESHOLD
                            && (!bare
                                || !abbrev
                                    && (solid(text, &n)
                                        || n.shape == 1 && !caps
                                        || n.shape == 3 && text[n.e..].starts_with('.'))))
                    && (!abbrev || initial)
                    // "NURSE WILL CALL BACK", "DOCTOR MAY CALL": after a title that is
                    // also a word, a name in capitals is no word.
                    && !((caps || n.shape == 2) && n.ambiguous() && w.len() > 4)
                {
                    let b = extend(i + 1);
                    // The title goes too: "Dr. [NAME]" would still point at one person.
                    push(out, i, b, "name.title", priority::CUE);
                    // "Dr. Rakusin and Toolis aware": a second name shares the title.
                    also(out, b, "name.title");
                }
            }
            // "Nurse" is a title and a cue: "nurse Hollis", "the nurse, Tiffany".
            if !t.is(CUE) {
                continue;
            }
        }
        // Credentials after: "Maria Silva, RN", "Q. LANDER RRT", "K. ABRAMS PA".
        // In lower case only credentials that are no ordinary word: "q. lander rrt".
        let cred = t.is(CRED)
            && (t.shape == 2
                || t.shape == 0
                    && !matches!(w, "pa" | "do" | "md" | "np" | "dds" | "phd")
                    && line_end(text, t.e));
        if cred && i > 0 {
            let p = toks[i - 1];
            // Earlier tokens of the same name: initials, first names.
            let mut a = i - 1;
            while a > 0
                && a + 3 > i
                && gap_is(text, &toks[a - 1], &toks[a], b" .\t", 2)
                && (toks[a - 1].shape == 3
                    || toks[a - 1].shape == 0
                        && toks[a - 1].e - toks[a - 1].s == 1
                        && text.as_bytes()[toks[a - 1].e] == b'.'
                    || toks[a - 1].capital() == p.capital()
                        && toks[a - 1].is_name()
                        && !toks[a - 1].ambiguous())
            {
                a -= 1;
            }
            if gap_is(text, &p, &t, b" ,\t", 3)
                && (p.capital() || t.shape == 0 && a < i - 1)
                && p.e - p.s >= 2
                // "STRONG NP COUGH", "SKIN CARE RN", "U/O LOW MD AWARE".
                && (solid(text, &p) || p.is_name() && a < i - 1)
                && !p.is(STOP | CRED)
            {
                push(out, a, i - 1, "name.title", priority::CUE);
            }
        }
        // Credentials before: "NP Wolfe aware", "RN Maria Silva".
        if t.is(CRED) && t.shape == 2 {
            if let Some(n) = next {
                if gap_is(text, &t, &n, b" ", 1)
                    && n.shape == 1
                    && !n.is(CRED)
                    && token_points(text, &n, caps, Case::Mixed) + CREDENTIAL_PTS >= THRESHOLD
                {
                    let b = extend(i + 1);
                    push(out, i + 1, b, "name.title", priority::CUE);
                }
            }
        }
        // Field labels: "Patient: LOPEZ, MARIA", "Name: Jose Diaz"; without the colon a
        // name's kind before "name" and a capital after it ("first name Ciaran").
        let kind_of_name = || {
            i > 0
                && w.eq_ignore_ascii_case("name")
                && gap_is(text, &toks[i - 1], &t, b" ", 1)
                && matches!(
                    lower(word(&toks[i - 1]), &mut [0; 32]),
                    "first" | "last" | "middle" | "maiden" | "given" | "family" | "preferred"
                )
                && next.is_some_and(|n| n.capital() && gap_is(text, &t, &n, b" ", 1))
        };
        // The label's last token: "Name:", "first name Ciaran", "name on insurance card:".
        let label_end = if !t.is(FIELD) {
            None
        } else if text.as_bytes().get(t.e) == Some(&b':') || kind_of_name() {
            Some(i)
        } else if w.eq_ignore_ascii_case("name") {
            // "name's giovanni", as a chat writes "name is" (the "s" is a token of its
            // own, and the label's last).
            if text[t.e..].starts_with("'s ") {
                Some(i + 1).filter(|&k| toks.get(k).is_some_and(|s| s.s == t.e + 1))
            } else {
                label_colon(text, toks, i)
            }
        } else {
            None
        };
        if let Some(k) = label_end {
            let i = k;
            if let Some(n) = toks.get(k + 1).copied() {
                if token_points(text, &n, caps, Case::Kept) + FIELD_PTS >= THRESHOLD
                    && !matches!(
                        lower(word(&n), &mut [0; 32]),
                        "self" | "home" | "same" | "none" | "unknown" | "cell" | "work"
                    )
                {
                    let mut b = i + 1;
                    while b + 1 < toks.len()
                        && b < i + 5
                        && gap_is(text, &toks[b], &toks[b + 1], b" .,\t", 3)
                        && !next_field(text, toks, b)
                        && (toks[b + 1].shape == 3 && !dotted_credential(text, &toks[b + 1])
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
                && token_points(text, &t, caps, Case::Kept)
                    + token_points(text, &n, caps, Case::Kept)
                    + PAIR_PTS
                    >= THRESHOLD
                && &text[t.e..n.s] == ", "
                && (i == 0
                    || text[toks[i - 1].e..t.s].contains('\n')
                    || text[toks[i - 1].e..t.s].contains(':')
                    // "Message left for patient DOE, JANE".
                    || gap_is(text, &toks[i - 1], &t, b" ", 1)
                        && matches!(
                            lower(word(&toks[i - 1]), &mut [0; 32]),
                            "patient" | "pt"
                        ))
            {
                push(out, i, i + 1, "name.field", priority::CUE);
            }
        }
        // "Patient Barack Obama": after "patient" or "pt", two capitalised words that no
        // dictionary knows but that have a name's shape (`unknown_name`), or such a word and
        // a surname. One unknown word is not enough ("Patient Zantac", "pt Tdap").
        if t.is(CUE)
            && matches!(t.e - t.s, 2 | 7)
            && !caps
            && matches!(lower(w, &mut [0; 32]), "patient" | "pt")
        {
            if let (Some(n), Some(m)) = (next, toks.get(i + 2)) {
                if n.shape == 1
                    && m.shape == 1
                    && gap_is(text, &t, &n, b" :.", 2)
                    && gap_is(text, &n, m, b" ", 1)
                    && unknown_name(text, &n)
                    && (unknown_name(text, m) || m.flags & SURNAME != 0 && solid(text, m))
                {
                    let b = extend(i + 2);
                    push(out, i + 1, b, "name.context", priority::CUE);
                }
            }
        }
        // Context cues: "my husband jose", "spoke with Dr", "daughter EMILY", "this is maria".
        if t.is(CUE) {
            // "From the Kowalczyk family", "the Nguyen family's": a capitalised word between
            // "the" and "family" that is no ordinary word.
            if i >= 2 && t.e - t.s == 6 && w == "family" && !caps {
                let (the, m) = (&toks[i - 2], &toks[i - 1]);
                if m.shape == 1
                    && class_points(text, m) > 0
                    && word(the).eq_ignore_ascii_case("the")
                    && gap_is(text, the, m, b" ", 1)
                    && gap_is(text, m, &t, b" ", 1)
                {
                    push(out, i - 1, i - 1, "name.context", priority::CUE);
                }
            }
            // "Pt's son (age 12) Marcus", "daughter (8) Mia": an age in parentheses between a
            // relation and a name.
            if t.is(RELATION) && !caps {
                let k = i + 1 + usize::from(next.is_some_and(|n| word(&n) == "age"));
                if toks.get(k).is_some_and(|m| {
                    m.capital()
                        && m.is_name()
                        && relation_age(&text[t.e..m.s])
                        && token_points(text, m, caps, Case::Mixed) + CUE_PTS >= THRESHOLD
                }) {
                    let b = extend(k);
                    push(out, k, b, "name.context", priority::CUE);
                }
            }
            // Only a name or an initial can follow ("per d ross"): "to", "is", "with" are
            // cues and among the commonest words, so the rest is not worked out for them.
            if let Some(n) = next.filter(|n| n.is_name() || n.e - n.s == 1) {
                // "this is rose", "my name is will" (not "to name, is able").
                let introduces = w.eq_ignore_ascii_case("is")
                    && i > 0
                    && gap_is(text, &toks[i - 1], &t, b" ", 1)
                    && matches!(lower(word(&toks[i - 1]), &mut [0; 32]), "this" | "name");
                let strong_cue = introduces
                    || !matches!(
                        lower(w, &mut [0; 32]),
                        "is" | "with"
                            | "w"
                            | "by"
                            | "from"
                            | "to"
                            | "for"
                            | "call"
                            | "called"
                            | "as"
                            | "spelled"
                            | "per"
                            | "other"
                            | "pt"
                            | "patient"
                            | "boy"
                            | "girl"
                            | "morning"
                            | "afternoon"
                            | "evening"
                            | "family"
                    );
                // "per d ross", "PER K. SMITH" (not "per H.O."): an initial and a name.
                let per_initial = w.eq_ignore_ascii_case("per")
                    && n.e - n.s == 1
                    && toks.get(i + 2).is_some_and(|m| {
                        gap_is(text, &n, m, b". ", 2) && m.e - m.s >= 2 && solid(text, m)
                    });
                // "FATHER TOM MILLER": an ambiguous first name made sure by a surname.
                let pair_follows = toks.get(i + 2).is_some_and(|m| {
                    gap_is(text, &n, m, b" ", 1)
                        && m.shape == n.shape
                        && m.flags & SURNAME != 0
                        && solid(text, m)
                });
                let cue_ok = strong_cue
                    || match lower(w, &mut [0; 32]) {
                        // "this is Rose", "FOB is Marcus", "her husband is Jose".
                        "is" => {
                            i > 0
                                && gap_is(text, &toks[i - 1], &t, b" ", 1)
                                && (matches!(
                                    lower(word(&toks[i - 1]), &mut [0; 32]),
                                    "this" | "name" | "it"
                                ) || toks[i - 1].is(RELATION)
                                    && n.capital()
                                    && !n.ambiguous()
                                    && !n.is(WORD))
                        }
                        "with" | "w" => {
                            i > 0
                                && matches!(
                                    lower(word(&toks[i - 1]), &mut [0; 32]),
                                    "spoke" | "spoken" | "talked" | "met" | "speak" | "discussed"
                                )
                        }
                        "by" => {
                            i > 0
                                && matches!(
                                    lower(word(&toks[i - 1]), &mut [0; 32]),
                                    "seen"
                                        | "goes"
                                        | "go"
                                        | "went"
                                        | "signed"
                                        | "examined"
                                        | "evaluated"
                                        | "visited"
                                        | "discussed"
                                )
                        }
                        "other" => i > 0 && word(&toks[i - 1]).eq_ignore_ascii_case("significant"),
                        // A name one is called by: "prefers to be called Siobhan" (not "pt
                        // called Walgreens", a call made).
                        // A word that is also a name only ending the phrase: "known as
                        // Will." but not "known as Parkinson disease".
                        cue @ ("called" | "as" | "spelled") => {
                            let before: &[&str] = match cue {
                                "as" => &["known"],
                                "called" => &["be", "is", "being"],
                                _ => &["is", "was"],
                            };
                            i > 0
                                && before.contains(&lower(word(&toks[i - 1]), &mut [0; 32]))
                                && (!n.ambiguous()
                                    || line_end(text, n.e)
                                    || matches!(
                                        text.as_bytes().get(n.e),
                                        Some(b',' | b'.' | b';' | b')' | b'!' | b'?' | b'"')
                                    ))
                        }
                        // A newborn's surname: "Baby boy Johnson" (not "boy Scout").
                        "boy" | "girl" => {
                            i > 0
                                && matches!(
                                    lower(word(&toks[i - 1]), &mut [0; 32]),
                                    "baby" | "infant" | "newborn"
                                )
                        }
                        // A greeting: "Good morning Latoya,", "Good evening Mr. Ruiz!" (not
                        // "this morning Grace called"); the name is set off after it.
                        "morning" | "afternoon" | "evening" => {
                            let set_off = |k: usize| {
                                matches!(
                                    text.as_bytes().get(toks[k].e),
                                    None | Some(b',' | b'!' | b'\n' | b'\r')
                                )
                            };
                            i > 0
                                && gap_is(text, &toks[i - 1], &t, b" ", 1)
                                && word(&toks[i - 1]).eq_ignore_ascii_case("good")
                                && n.capital()
                                && (set_off(i + 1)
                                    || toks.get(i + 2).is_some_and(|m| {
                                        m.capital() && gap_is(text, &n, m, b" ", 1)
                                    }) && set_off(i + 2))
                        }
                        "per" => n.capital() && !caps || per_initial,
                        "pt" | "patient" => n.capital() && !caps && !n.ambiguous(),
                        // "from Austin TX", "to Jackson, MS" are places; "from Quinton cath",
                        // "to Hickman line" are devices named after people.
                        // "for"/"call" are commoner before words than before names:
                        // only a capitalised name (not "for LOS", "call ED").
                        "from" | "to" | "for" | "call" => {
                            (n.shape == 1 || matches!(lower(w, &mut [0; 32]), "from" | "to"))
                                && n.capital()
                                && !caps
                                && !n.ambiguous()
                                && !before_state(text, n.e)
                                && !toks.get(i + 2).is_some_and(|m| {
                                    gap_is(text, &n, m, b" ", 1)
                                        && matches!(
                                            lower(word(m), &mut [0; 32]),
                                            "cath"
                                                | "catheter"
                                                | "line"
                                                | "port"
                                                | "drain"
                                                | "tube"
                                                | "pump"
                                                | "valve"
                                                | "shunt"
                                        )
                                })
                        }
                        _ => false,
                    };
                // Bonuses are added only when the base falls short (verb_follows reads on).
                let points = || {
                    let base = token_points(text, &n, caps, Case::Mixed) + CUE_PTS;
                    if base >= THRESHOLD {
                        return base;
                    }
                    // "my husband will call", "wife said" but "daughter pat lives".
                    let verb = strong_cue
                        && n.flags & FIRST != 0
                        && n.shape == 0
                        && !caps
                        && !n.is(CALENDAR)
                        && (introduces || verb_follows(text, toks, i + 1));
                    base + if verb { VERB_PTS } else { 0 }
                        + if pair_follows { SURNAME_AFTER_PTS } else { 0 }
                };
                // A cue in parentheses: "pt's HCP (sister) Bernadette".
                let enclosed = t.s > 0 && text.as_bytes()[t.s - 1] == b'(';
                if cue_ok
                    && (gap_is(text, &t, &n, b" \t,:\"/(", 3)
                        // "CALLER: SON - DESHAWN".
                        || t.is(RELATION) && &text[t.e..n.s] == " - "
                        || enclosed && &text[t.e..n.s] == ") " && n.capital())
                    && !n.is(TITLE)
                    // "a meeting with a counselor Friday" (but "daughter April").
                    && (!n.is(CALENDAR) || t.is(RELATION))
                    // "NURSE WILL CALL BACK": a phrase in capitals.
                    && !(t.shape == 2 && n.shape == 2 && n.ambiguous() && !t.is(RELATION))
                    && (per_initial || n.is_name() && points() >= THRESHOLD)
                {
                    let mut b = if per_initial && n.shape == 0 {
                        i + 2
                    } else {
                        extend(i + 1)
                    };
                    // "this is charles park, my wife": a surname that is also a word, when
                    // the phrase ends with it.
                    if introduces && b == i + 1 {
                        if let Some(m) = toks.get(i + 2) {
                            if m.shape == n.shape
                                && m.flags & SURNAME != 0
                                && !m.is(STOP)
                                && gap_is(text, &n, m, b" ", 1)
                                && (text[m.e..].starts_with(',') || line_end(text, m.e))
                            {
                                b = i + 2;
                            }
                        }
                    }
                    push(out, i + 1, b, "name.context", priority::CUE);
                    also(out, b, "name.context");
                }
            }
        }
        // "Maria called", "Jose calling", "François needs".
        if let Some(n) = next {
            if t.flags & FIRST != 0
                && t.capital()
                && n.shape == 0
                && NAME_VERBS
                    .binary_search(&lower_bytes(word(&n), &mut [0; 32]).unwrap_or_default())
                    .is_ok()
                && token_points(text, &t, caps, Case::Mixed) + CALLED_PTS >= THRESHOLD
                && gap_is(text, &t, &n, b" ", 1)
            {
                push(out, i, i, "name.context", priority::CUE);
            }
        }
        // "Amanda (MA)", "Jo (partner)", "Trevor (front desk)": a first name and the
        // person's role or relation in parentheses.
        if t.flags & FIRST != 0 && text.as_bytes().get(t.e + 1) == Some(&b'(') && !caps {
            if let Some(n) = next.filter(|n| t.capital() && &text[t.e..n.s] == " (") {
                let g = text.as_bytes();
                let role = n.is(CRED | RELATION)
                    || matches!(
                        lower(word(&n), &mut [0; 32]),
                        "ma" | "front"
                            | "nurse"
                            | "aide"
                            | "receptionist"
                            | "scheduler"
                            | "interpreter"
                    );
                let closed = toks
                    .get(i + 2)
                    .filter(|m| gap_is(text, &n, m, b" ", 1))
                    .map_or(n.e, |m| m.e);
                if role
                    && (g.get(n.e) == Some(&b')') || g.get(closed) == Some(&b')'))
                    && token_points(text, &t, caps, Case::Mixed) + ENCLOSED_PTS >= THRESHOLD
                {
                    push(out, i, i, "name.context", priority::CUE);
                }
            }
        }
        // A first name right after an age and set off after it: "grandson, 19-year-old
        // Demetrius, is", "the 7-year-old Mateo was".
        if t.flags & FIRST != 0 && t.shape == 1 && !caps && !t.ambiguous() && i > 0 {
            let p = &toks[i - 1];
            let g = text.as_bytes();
            let aged = p.s >= 2
                && g[p.s - 1] == b'-'
                && g[p.s - 2].is_ascii_digit()
                && gap_is(text, p, &t, b" ", 1)
                && matches!(
                    lower(word(p), &mut [0; 32]),
                    "year-old" | "yr-old" | "month-old" | "week-old"
                );
            let set_off = g.get(t.e) == Some(&b',')
                || next.is_some_and(|n| {
                    gap_is(text, &t, &n, b" ", 1)
                        && matches!(lower(word(&n), &mut [0; 32]), "is" | "was" | "has")
                });
            if aged && set_off {
                push(out, i, i, "name.context", priority::CUE);
            }
        }
        // Appositions: "a 20yo female, Anna, seen", "65-year-old male, Tom B., who".
        if let Some(n) = next {
            if t.is(PERSON)
                && &text[t.e..n.s] == ", "
                && n.shape == 1
                && n.flags & FIRST != 0
                && token_points(text, &n, caps, Case::Mixed)
                    + if text[n.e..].starts_with(',')
                        || toks.get(i + 2).is_some_and(|m| {
                            m.shape == 3
                                && gap_is(text, &n, m, b" ", 1)
                                && text[m.e..].starts_with('.')
                        })
                    {
                        ENCLOSED_PTS
                    } else {
                        0
                    }
                    >= THRESHOLD
            {
                let b = extend(i + 1);
                push(out, i + 1, b, "name.context", priority::CUE);
            }
        }
        // Told: "BEA TURA AWARE", "DRS JOSEPH AND ROBBINSON AWARE", "Smith notified".
        if t.is(TOLD) && i > 0 {
            told(text, toks, i, caps, out);
        }
        // A relation in parentheses after a name: "URSLA MORETTI (DAUGHTER)",
        // "Charlie (significant other)".
        if t.is(RELATION) && i > 0 && text[toks[i - 1].e..t.s].trim_matches(' ') == "(" {
            let mut a = i;
            while a > 0
                && a + 3 > i
                && (a == i || gap_is(text, &toks[a - 1], &toks[a], b" ", 1))
                && (toks[a - 1].shape == 3
                    || token_points(text, &toks[a - 1], caps, Case::Mixed) + RELATION_PTS
                        >= THRESHOLD)
                && !toks[a - 1].is(TITLE | CUE)
            {
                a -= 1;
            }
            if a < i && (a..i).any(|k| toks[k].is_name() || toks[k].capital()) {
                push(out, a, i - 1, "name.context", priority::CUE);
            }
        }
        // A name whose relation follows it as a possessive: "Sam's mom", "Maria's husband".
        if t.is(RELATION) && i >= 2 {
            let (n, s) = (&toks[i - 2], &toks[i - 1]);
            if &text[s.s..t.s] == "s "
                && &text[n.e..s.s] == "'"
                && n.capital()
                && n.shape != 3
                && !n.is(TITLE | CUE | STOP)
                && token_points(text, n, caps, Case::Mixed) + RELATION_PTS >= THRESHOLD
            {
                push(out, i - 2, i - 2, "name.context", priority::CUE);
            }
        }
        // An introduction without "this is": "hi its carlos", "Hi, it's Maria". A first name
        // that is also a word only capitalised ("it's Mark", not "leaves its mark").
        if t.flags & FIRST != 0
            && t.shape != 3
            && !t.is(CALENDAR | STOP)
            && (!t.ambiguous() || t.shape == 1)
            && introduced(text.as_bytes(), t.s)
            && token_points(text, &t, caps, Case::Mixed) + CUE_PTS >= THRESHOLD
        {
            let b = extend(i);
            push(out, i, b, "name.context", priority::CUE);
        }
        // A first name whose own things follow it as a possessive: "Emma's fever", "John's
        // notes", "Liam's inhaler" (not "Addison's disease", "Wendy's drive-thru").
        if t.flags & FIRST != 0 && t.capital() && t.shape != 3 && !t.is(TITLE | CUE | STOP) {
            if let (Some(s), Some(n)) = (next, toks.get(i + 2)) {
                if &text[t.e..s.s] == "'"
                    && &text[s.s..n.s] == "s "
                    && n.shape == 0
                    && POSSESSIONS.contains(&lower(word(n), &mut [0; 32]))
                    && token_points(text, &t, caps, Case::Mixed) + RELATION_PTS >= THRESHOLD
                {
                    push(out, i, i, "name.context", priority::CUE);
                }
            }
        }
        // An initial and a name: "BY C. BERTHA", "J. Smith".
        if let Some(n) = next {
            if t.shape == 3
                && n.e - n.s >= 3
                && !text[..t.s].ends_with(['/', '\'', '-', '.'])
                && text[t.e..n.s].starts_with('.')
                && gap_is(text, &t, &n, b". ", 2)
                && n.capital()
                && n.is_name()
                && !n.is(CRED)
                && token_points(text, &n, caps, Case::Kept) + INITIAL_PTS >= THRESHOLD
            {
                let b = extend(i + 1);
                push(out, i, b, "name.dictionary", priority::SHAPE);
            }
        }
        // Dictionary pairs: "Maria Lopez", "Will Brown", "maria lopez", "mary theresa".
        if let Some(n) = next {
            if t.flags & FIRST != 0
                && (n.flags & SURNAME != 0
                    || t.shape == 0 && n.shape == 0 && n.flags & FIRST != 0
                    || rare_surname_after(text, &t, &n))
                && gap_is(text, &t, &n, b" ", 1)
                && t.shape == n.shape
                && {
                    let points = token_points(text, &t, caps, Case::Mixed)
                        + token_points(text, &n, caps, Case::Mixed)
                        + PAIR_PTS
                        + if caps && t.shape == 2 {
                            CAPS_PAIR_PTS
                        } else {
                            0
                        };
                    points >= THRESHOLD
                        || t.shape == 1
                            && points + MID_SENTENCE_PTS >= THRESHOLD
                            && i > 0
                            && !sentence_start(text, t.s)
                }
            {
                let b = extend(i + 1);
                push(out, i, b, "name.dictionary", priority::SHAPE);
                // "John and Mary Smith", "Ava & Mia Castellanos": a first name joined to the
                // pair shares its surname.
                if i >= 2 {
                    let (f, and) = (&toks[i - 2], &toks[i - 1]);
                    if f.flags & FIRST != 0
                        && f.shape == t.shape
                        && !f.ambiguous()
                        && gap_is(text, f, and, b" ", 1)
                        && gap_is(text, and, &t, b" ", 1)
                        && word(and).eq_ignore_ascii_case("and")
                        && token_points(text, f, caps, Case::Mixed) >= THRESHOLD
                    {
                        push(out, i - 2, i - 2, "name.dictionary", priority::SHAPE);
                    }
                }
            }
            // "Sarah P.", "John D.": a first name and an initial.
            if t.flags & FIRST != 0
                && token_points(text, &t, caps, Case::Kept) + INITIAL_PTS >= THRESHOLD
                && n.shape == 3
                && gap_is(text, &t, &n, b" ", 1)
                && text.as_bytes().get(n.e) == Some(&b'.')
                && !dotted_credential(text, &n)
            {
                push(out, i, i + 1, "name.dictionary", priority::SHAPE);
            }
        }
    }
    signature(text, toks, out);
    spread(text, toks, first, caps, out);
}

/// A Capitalised surname the dictionary lacks after a Capitalised first name that is no
/// ordinary word: "Zara Oduya", "Maria Zubarov". The first name vouches for the pair, as a
/// listed surname would; an ambiguous first name ("Grace", "Will") does not.
fn rare_surname_after(text: &str, t: &Tok, n: &Tok) -> bool {
    t.shape == 1
        && n.shape == 1
        && !t.ambiguous()
        && n.flags == 0
        && !n.joined
        && class_points(text, n) == RARE_PTS
}

/// Whether the gap between a relation and a name is an age in parentheses: "son (age 12)
/// Jaylen", "daughter (8) Mia".
fn relation_age(gap: &str) -> bool {
    gap.strip_prefix(" (")
        .and_then(|g| g.strip_suffix(") "))
        .map(|g| g.strip_prefix("age ").unwrap_or(g))
        .is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|c| c.is_ascii_digit()))
}

/// Whether the gap after a name in a list is its age in parentheses: "children Malik (9)
/// and Aaliyah", "sons Tom (12), and Ben".
fn age_aside(gap: &str) -> bool {
    let g = gap.trim_end_matches([' ', ',']);
    g.strip_prefix(" (")
        .and_then(|g| g.strip_suffix(')'))
        .is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|c| c.is_ascii_digit()))
}

/// Weekdays, which the dictionary also knows as names (with the months: `CALENDAR`).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether the token after `toks[b]` is the label of the next field on a line of fields: set
/// off by two spaces or a tab and followed by a colon ("To: Dr. Greenberg  From: …",
/// "Marisol Q.  Pages: 4"). A name does not run on into it.
fn next_field(text: &str, toks: &[Tok], b: usize) -> bool {
    let (t, n) = (&toks[b], &toks[b + 1]);
    let gap = &text[t.e..n.s];
    (gap.contains("  ") || gap.contains('\t')) && label_colon(text, toks, b + 1).is_some()
}

/// The last token of a field's label that starts at `toks[k]`: the token itself when a
/// colon follows it, or the last of up to three more words after it, single-spaced,
/// before a colon ("Date of Service:", "name on insurance card:").
fn label_colon(text: &str, toks: &[Tok], k: usize) -> Option<usize> {
    let g = text.as_bytes();
    let mut j = k;
    loop {
        if g.get(toks[j].e) == Some(&b':') {
            return Some(j);
        }
        let n = toks.get(j + 1)?;
        if j >= k + 3 || !gap_is(text, &toks[j], n, b" ", 1) {
            return None;
        }
        j += 1;
    }
}

/// Whether the token after `k` reads as its verb or ends its phrase ("daughter pat lives
/// close by", "son rob, who"), which a modal or a past tense does not ("son will call",
/// "wife said").
fn verb_follows(text: &str, toks: &[Tok], k: usize) -> bool {
    let Some(v) = toks.get(k + 1) else {
        return line_end(text, toks[k].e);
    };
    let gap = &text[toks[k].e..v.s];
    if gap.starts_with([',', ';', '(']) {
        return true;
    }
    let vw = &text[v.s..v.e];
    gap == " " && v.shape == 0 && vw.len() >= 2 && vw.ends_with('s') && !vw.ends_with("ss")
}

/// Verbs after a first name that say it is a person's: "Maria called", "Jose needs" (sorted;
/// the name must be no ordinary word, so "Will needs" stays; not "is", "was" or "has",
/// which follow "Grace" and "Faith" as words as often).
const NAME_VERBS: &[&[u8]] = &[
    b"asked",
    b"asks",
    b"called",
    b"calling",
    b"complains",
    b"denies",
    b"fell",
    b"feels",
    b"messaged",
    b"needs",
    b"reports",
    b"requested",
    b"requests",
    b"said",
    b"says",
    b"stated",
    b"states",
    b"texted",
    b"wants",
];

/// Nouns for the person a clinical question is about: "a 20yo female, Anna".
const PERSON_W: &[&str] = &[
    "male",
    "female",
    "man",
    "woman",
    "boy",
    "girl",
    "gentleman",
    "lady",
    "veteran",
    "infant",
    "child",
    "patient",
    "pt",
    "client",
];

/// Names before a word that says they were told (`at`): one or more groups of name
/// tokens joined by "and", "&", "/" or a comma, going back from `at`. A chain is taken
/// when one group is sure (a title, a first name or initial followed by another name
/// token, a lone unambiguous dictionary name); rare names alone ("NEURO AWARE") are not.
fn told(text: &str, toks: &[Tok], at: usize, caps: bool, out: &mut Vec<Candidate>) {
    let word = |t: &Tok| &text[t.s..t.e];
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut sure = false;
    let mut end = at;
    loop {
        // One group: tokens end-1, end-2, … that can be part of a name.
        let mut a = end;
        while a > 0
            && end - a < 3
            && gap_is(text, &toks[a - 1], &toks[a], b" .,&/", 3)
            && (a == end || gap_is(text, &toks[a - 1], &toks[a], b" .", 2))
            && (solid(text, &toks[a - 1])
                || toks[a - 1].shape == 3
                || toks[a - 1].is(TITLE)
                // "DRS HALE AND …": a title makes sure of a name that is also a word.
                || toks[a - 1].is_name() && a >= 2 && toks[a - 2].is(TITLE)
                || !caps && toks[a - 1].shape == 1 && toks[a - 1].is_name())
            && !toks[a - 1].is(CUE | CRED | STOP)
        {
            a -= 1;
        }
        if a == end {
            break;
        }
        // "VENT BIGEMINY BEA TURA AWARE": the name starts at its first name or initial.
        if let Some(k) = (a..end).find(|&k| {
            toks[k].shape == 3
                || toks[k].is(TITLE)
                || toks[k].flags & FIRST != 0 && !toks[k].ambiguous()
        }) {
            if k > a && end - k >= 2 {
                a = k;
            }
        }
        let g = &toks[a..end];
        let titled = g.iter().any(|t| t.is(TITLE));
        let names = g.iter().filter(|t| !t.is(TITLE)).count();
        if names == 0 {
            break;
        }
        sure |= titled
            || g.len() >= 2
                && (g[0].shape == 3 || g[0].flags & FIRST != 0 && !g[0].ambiguous())
                && g[1..].iter().all(|t| t.shape != 3)
            || g.len() == 1 && g[0].is_name() && !g[0].ambiguous();
        let first_name = (a..end).find(|&k| !toks[k].is(TITLE));
        if let Some(f) = first_name {
            groups.push((f, end - 1));
        }
        // A separator before the group: "and", "&", "/", ",".
        if a >= 2 && word(&toks[a - 1]).eq_ignore_ascii_case("and") {
            end = a - 1;
        } else if a >= 1 && {
            let g = text[toks[a - 1].e..toks[a].s].trim_matches(' ');
            g == "&" || g == "/" || g == ","
        } {
            end = a;
        } else {
            break;
        }
        if groups.len() >= 4 {
            break;
        }
    }
    if sure {
        for (a, b) in groups {
            out.push(Candidate::new(
                toks[a].s,
                toks[b].e,
                Label::Name,
                "name.context",
                priority::CUE,
            ));
        }
    }
}

/// Whether only spaces and a full stop stand between `at` and the end of the line or text.
fn line_end(text: &str, at: usize) -> bool {
    text[at..]
        .bytes()
        .find(|c| !matches!(c, b' ' | b'.' | b'\t' | b'\r'))
        .is_none_or(|c| c == b'\n')
}

fn sentence_start(text: &str, s: usize) -> bool {
    let before = text[..s].trim_end_matches([' ', '\t', '"']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':'])
}

/// "Thanks, Jen", "- Maria", "Regards,\nJohn Smith" at the end of a segment.
fn signature(text: &str, toks: &[Tok], out: &mut Vec<Candidate>) {
    let mut tail = text.trim_end();
    let mut line_start = memchr::memrchr(b'\n', tail.as_bytes()).map_or(0, |i| i + 1);
    // A mail app's footer after the signature ("Sent from my iPhone") is not its last line.
    if line_start > 0 && mail_footer(&tail[line_start..]) {
        tail = tail[..line_start].trim_end();
        line_start = memchr::memrchr(b'\n', tail.as_bytes()).map_or(0, |i| i + 1);
    }
    let toks = &toks[..toks.partition_point(|t| t.s < tail.len())];
    // The tokens of the last line (tokens are in text order).
    let mut from = toks.partition_point(|t| t.s < line_start);
    let line_first = from;
    if toks.len() - from > 1 && toks[from].is(CLOSING) {
        from += 1;
        if toks.len() - from > 1 && closes(text, toks, from) {
            from += 1;
        }
    }
    // "Can you call me back? - Yolanda": a dash before the last one or two words of a
    // longer line ("Thanks so much - Kwame" too).
    if toks.len() - line_first > 3 {
        let n = toks.len();
        if let Some(k) = [n - 1, n - 2].into_iter().find(|&k| {
            let g = text[toks[k - 1].e..toks[k].s].trim_end();
            k >= from && [" -", " --", " ~"].iter().any(|d| g.ends_with(d))
        }) {
            from = k;
        } else if let Some(k) = [n - 1, n - 2]
            .into_iter()
            .find(|&k| k > from.max(line_first + 1) && closing_after_sentence(text, toks, k))
        {
            // "Your results are normal. Best, Priyanka": a closing after the message's last
            // sentence, on the same line.
            from = k;
        }
    }
    let last = from..toks.len();
    let (a, b) = (last.start, last.end.wrapping_sub(1));
    if last.is_empty() {
        return;
    }
    if b - a > 2 || toks[b].e != tail.len() && !tail[toks[b].e..].chars().all(|c| ".!".contains(c))
    {
        return;
    }
    let names_ok = last.clone().all(|k| {
        let t = &toks[k];
        (t.is_name() || t.shape == 3)
            && token_points(text, t, false, Case::Kept) + SIGNATURE_PTS >= THRESHOLD
    }) && toks[a].capital() | toks[a].is_name();
    if !names_ok {
        return;
    }
    let before = text[line_start..toks[a].s].trim();
    let closing = if before.is_empty() {
        // "Regards,\nJohn Smith": the previous line is a closing.
        a > 0 && closes(text, toks, a - 1) && {
            let g = &text[toks[a - 1].e..toks[a].s];
            g.contains('\n')
                && g.trim_start_matches([' ', ',', '!', '.'])
                    .starts_with(['\n', '\r'])
        }
    } else {
        before.starts_with('-') && before.trim_start_matches(['-', ' ']).is_empty()
            || a > 0
                && toks[a - 1].s >= line_start
                && closes(text, toks, a - 1)
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

/// Whether the token before `toks[k]` ends a closing that starts a sentence and is
/// followed by a comma or `!`: "… normal. Best, Priyanka", "… soon! Take care, Deshawn".
fn closing_after_sentence(text: &str, toks: &[Tok], k: usize) -> bool {
    if !closes(text, toks, k - 1) || !matches!(&text[toks[k - 1].e..toks[k].s], ", " | "! ") {
        return false;
    }
    // The closing's first word: "Best", or "Thank" of "Thank you".
    let c = if toks[k - 1].is(CLOSING) {
        k - 1
    } else {
        k - 2
    };
    text[..toks[c].s]
        .trim_end_matches(' ')
        .ends_with(['.', '!', '?'])
}

/// Whether `line` is a mail app's footer: "Sent from my iPhone", "Get Outlook for Android".
fn mail_footer(line: &str) -> bool {
    let l = line.trim_start().as_bytes();
    [&b"sent from my "[..], b"get outlook for "]
        .iter()
        .any(|f| l.len() > f.len() && l[..f.len()].eq_ignore_ascii_case(f))
}

/// Whether the initial `t` starts a credential written with full stops, "M.D.", "D.O.",
/// "R.N.": a letter, a full stop and one more letter with its own full stop. Initials of a
/// name stand apart ("J. R. Smith").
fn dotted_credential(text: &str, t: &Tok) -> bool {
    let b = text.as_bytes();
    b.get(t.e) == Some(&b'.')
        && b.get(t.e + 1).is_some_and(u8::is_ascii_alphabetic)
        && b.get(t.e + 2) == Some(&b'.')
        && !b.get(t.e + 3).is_some_and(u8::is_ascii_alphabetic)
}

/// Whether "its " or "it's " (any case) stands before `s` as words of their own.
fn introduced(b: &[u8], s: usize) -> bool {
    let at = |n: usize, w: &[u8]| {
        s >= n
            && b[s - n..s].eq_ignore_ascii_case(w)
            && (s == n || !b[s - n - 1].is_ascii_alphanumeric())
    };
    at(4, b"its ") || at(5, b"it's ")
}

/// Whether `toks[k]` ends a closing: a closing word ("Thanks", "Regards"), or "you" or
/// "again" after one ("Thank you", "Thanks again").
fn closes(text: &str, toks: &[Tok], k: usize) -> bool {
    toks[k].is(CLOSING)
        || k > 0
            && toks[k - 1].is(CLOSING)
            && gap_is(text, &toks[k - 1], &toks[k], b" ", 1)
            && matches!(
                lower(&text[toks[k].s..toks[k].e], &mut [0; 32]),
                "you" | "again" | "care"
            )
}

/// Other occurrences of tokens already found as names in this segment.
fn spread(text: &str, toks: &[Tok], first: usize, caps: bool, out: &mut Vec<Candidate>) {
    // The found tokens, as indices into `toks`, in a vector kept per thread: most messages
    // end in a signed name, and a fresh vector per message showed in profiles.
    thread_local! {
        static FOUND: std::cell::Cell<Vec<usize>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut found = FOUND.take();
    found.clear();
    // Tokens are in text order: each candidate's tokens are found by binary search, so
    // a long note with many names stays linear.
    for c in &out[first..] {
        let from = toks.partition_point(|t| t.s < c.start);
        found.extend(
            (from..toks.len())
                .take_while(|&k| toks[k].s < c.end)
                .filter(|&k| {
                    let t = &toks[k];
                    t.e <= c.end && t.e - t.s > 1 && !t.is(TITLE)
                }),
        );
    }
    if !found.is_empty() {
        spread_found(text, toks, &found, first, caps, out);
    }
    FOUND.set(found);
}

/// Whether [`spread_found`] must take its message path whatever the segment's size: set by
/// its oracle test.
#[cfg(test)]
fn spread_linear_only() -> bool {
    SPREAD_LINEAR_ONLY.get()
}

#[cfg(not(test))]
fn spread_linear_only() -> bool {
    false
}

#[cfg(test)]
thread_local! {
    static SPREAD_LINEAR_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The rest of [`spread`]: every other token equal (in any case) to one of the `found`.
fn spread_found(
    text: &str,
    toks: &[Tok],
    found: &[usize],
    first: usize,
    caps: bool,
    out: &mut Vec<Candidate>,
) {
    let word = |k: usize| &text[toks[k].s..toks[k].e];
    // Bit `n` of `lens`: a found token is `n` bytes long; bit `c & 31` of `initials`: one
    // starts with the letter `c` in either case (tokens start with an ASCII letter). Most
    // tokens fail one of the two tests, which a match cannot.
    let lens = found.iter().fold(0u64, |m, &k| {
        m | 1u64.checked_shl(word(k).len() as u32).unwrap_or(0)
    });
    let initial = |t: &Tok| 1u32 << (text.as_bytes()[t.s] & 31);
    let initials = found.iter().fold(0u32, |m, &k| m | initial(&toks[k]));
    // A message finds a few names and compares each token with them. A long segment (a
    // document without blank lines, up to 256 KiB) can find thousands, and comparing every
    // token with every found name and every candidate was quadratic: 2.5 MB/s on text
    // without line breaks. There the found words go into a set (lower case, as
    // `eq_ignore_ascii_case` compares), and whether a candidate already covers a token is
    // a sweep over the candidates sorted by start, kept in step with the tokens (which are
    // in text order): one covers the token exactly when the furthest end of those starting
    // at or before it reaches the token's end. Candidates pushed here are left out of both:
    // a token's own candidate covers no later token.
    let end = out.len();
    let many = (found.len() > 16 || end - first > 16) && !spread_linear_only();
    let mut set: std::collections::HashSet<Vec<u8>, std::hash::BuildHasherDefault<FxHasher>> =
        Default::default();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if many {
        set.extend(
            found
                .iter()
                .map(|&k| word(k).as_bytes().to_ascii_lowercase()),
        );
        spans.extend(out[first..].iter().map(|c| (c.start, c.end)));
        spans.sort_unstable();
    }
    let (mut next, mut reach) = (0, 0);
    let mut key = Vec::new();
    for t in toks {
        if lens & 1u64.checked_shl((t.e - t.s) as u32).unwrap_or(0) == 0 && t.e - t.s < 64
            || initials & initial(t) == 0
        {
            continue;
        }
        let w = &text[t.s..t.e];
        if t.e - t.s < 2 || t.ambiguous() && (t.shape == 0 || caps && t.shape == 2) {
            continue;
        }
        let is_found = if many {
            key.clear();
            key.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
            set.contains(&key)
        } else {
            found.iter().any(|&k| word(k).eq_ignore_ascii_case(w))
        };
        if !is_found {
            continue;
        }
        let covered = if many {
            while let Some(&(_, e)) = spans.get(next).filter(|&&(s, _)| s <= t.s) {
                reach = reach.max(e);
                next += 1;
            }
            reach >= t.e
        } else {
            out[first..end]
                .iter()
                .any(|c| c.start <= t.s && t.e <= c.end)
        };
        if !covered {
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

    /// A long segment's spread (a set of found words, a sweep over the candidates) finds
    /// what a message's does (a scan of both per token), on generated segments of many
    /// names: names in every case, possessives, titles, initials, near misses.
    #[test]
    fn spread_of_a_long_segment_finds_what_a_message_finds() {
        let parts = concat!(
            "Maria Lopez|maria|LOPEZ|Lopez's|Dr. Chen|chen|CHEN|Wei Chen|Mr. Smith|smith|",
            "John Smith|JOHN|Ann|ann|Lopez, Maria|M. Lopez|Mrs. Garcia|Garcia-Lopez|garcia|",
            "Will|will|May|may|called|re: refill|pt|Dear Dr. Patel,|Patel|patel|Thanks, Ana|",
            "Ana|ANA|O'Brien|o'brien|Ms. O'Brien|\n|. |, |x|seen by|and|MARIA LOPEZ|Lo|",
        );
        let texts = super::super::generated::texts(parts, 6_000, 11);
        let mut many = 0;
        for long in texts.chunks(40) {
            let t = long.join(" ");
            let mut fast = Vec::new();
            recognize(
                &t,
                WordPass {
                    names: true,
                    ..Default::default()
                },
                &mut fast,
            );
            SPREAD_LINEAR_ONLY.set(true);
            let mut linear = Vec::new();
            recognize(
                &t,
                WordPass {
                    names: true,
                    ..Default::default()
                },
                &mut linear,
            );
            SPREAD_LINEAR_ONLY.set(false);
            assert_eq!(fast, linear, "{t:?}");
            many += usize::from(fast.iter().filter(|c| c.rule == "name.spread").count() > 16);
        }
        assert!(many > 50, "only {many} segments spread over 16 names");
    }

    #[test]
    fn lexicon_returns_what_a_map_of_its_entries_does() {
        // Words at the inline key's limit and past it, sharing prefixes, with entries of
        // every width, merged when listed twice.
        let words: [&'static [u8]; 8] = [
            b"ab",
            b"abcdefgh",
            b"abcdefghijklm",
            b"abcdefghijklmn",
            b"abcdefghijklmnop",
            b"o'brien-garcia",
            b"x",
            b"abcdefghijklmz",
        ];
        let vals = [
            1,
            IN_DICT | 7,
            u32::from(WORD) << 16,
            2 | u32::from(STARTS) << 16,
        ];
        let mut entries = Vec::new();
        let mut want: std::collections::HashMap<&[u8], u32> = Default::default();
        for (n, w) in words.iter().enumerate() {
            for v in [vals[n % 4], vals[(n + 1) % 4] & !IN_DICT] {
                entries.push((*w, v));
                *want.entry(w).or_default() |= v;
            }
        }
        let lex = Lexicon::build(&entries);
        for w in words {
            assert_eq!(lex.get_word(w), want[w], "{}", String::from_utf8_lossy(w));
            assert_eq!(lex.get_word(&w.to_ascii_uppercase()), want[w]);
        }
        for w in [&b"abcdefghijkl"[..], b"abcdefghijklmno", b"abc", b"a", b""] {
            assert_eq!(lex.get_word(w), 0);
        }
    }

    #[test]
    fn tiny_words_read_as_the_lexicon_reads_them() {
        // Every word of up to three letters, in the case mixes the tokenizer meets.
        let alphabet: Vec<String> = (b'a'..=b'z').map(|c| char::from(c).to_string()).collect();
        let mut words: Vec<String> = alphabet.clone();
        for a in &alphabet {
            for b in &alphabet {
                words.push(format!("{a}{b}"));
                for c in ["a", "e", "o", "t", "s", "x", "z"] {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        words.extend(
            [
                "the", "pt", "dr", "ms", "mr", "ann", "lee", "may", "per", "bob",
            ]
            .map(String::from),
        );
        for w in words {
            for v in [w.clone(), w.to_uppercase()] {
                let mut toks = Vec::new();
                tokens(&v, &mut toks);
                let t = toks[0];
                let want = if v.len() == 1 {
                    (0, (LEX.get_word(v.as_bytes()) >> 16) as u16)
                } else {
                    lookup(&v)
                };
                assert_eq!((t.flags, t.kind), want, "{v}");
            }
        }
    }

    #[test]
    fn lexicon_lookups() {
        // Names, in any case; "will" is a name and an ordinary word.
        assert_eq!(lookup("Maria").0, FIRST | SURNAME);
        assert_eq!(lookup("LOPEZ").0, FIRST | SURNAME);
        assert_ne!(lookup("will").0 & AMBIGUOUS, 0);
        // Compounds are surnames when a part is a name.
        assert_eq!(lookup("Garcia-Lopez").0, SURNAME);
        assert_eq!(lookup("qqzx-vvbk").0, 0);
        // Words longer than the inline key live in the side map.
        assert_ne!(lookup("Hydrochlorothiazide").1 & WORD, 0);
        assert_ne!(lookup("aware").1 & (TOLD | WORD), 0);
        // Relations are cues too, except those that are not.
        assert_eq!(lookup("husband").1 & (CUE | RELATION), CUE | RELATION);
        assert_eq!(lookup("significant").1 & (CUE | RELATION), RELATION);
        assert_ne!(lookup("Friday").1 & CALENDAR, 0);
        assert_ne!(lookup("MARCH").1 & CALENDAR, 0);
        // Unknown, empty and overlong words.
        assert_eq!(lookup("qqzxv"), (0, 0));
        assert_eq!(lookup(""), (0, 0));
        assert_eq!(lookup(&"a".repeat(40)), (0, 0));
        // Every listed word carries its lists' bits.
        for (bit, list) in LISTS {
            for w in list {
                assert_eq!(lookup(w).1 & bit, bit, "{w}");
            }
        }
    }

    #[test]
    fn known_tokens_as_whole_words() {
        // The longest token that stands as a whole word wins; a longer one that does not
        // stand there leaves the shorter one.
        let n = ["Ann Annabel"];
        assert_eq!(spans(&n, "annabel and ann"), ["annabel", "ann"]);
        assert_eq!(spans(&n, "Annabelle"), Vec::<String>::new());
        assert_eq!(
            spans(&["Lee Lee-Ann"], "Lee-Annx, Lee-Ann"),
            ["Lee", "Lee-Ann"]
        );
        // Parts of compounds and non-ASCII names, in any case.
        assert_eq!(spans(&["Lopez"], "Garcia-Lopez"), ["Lopez"]);
        assert_eq!(
            spans(&["José Núñez"], "JOSÉ NÚÑEZ saw josé"),
            ["JOSÉ NÚÑEZ", "josé"]
        );
        assert!(spans(&["José"], "Josél").is_empty());
        // Many names: every first byte has its own list.
        let many: Vec<String> = (0..300).map(|i| format!("Name{i:03}x")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            spans(&many, "saw name123x and NAME299X"),
            ["name123x", "NAME299X"]
        );
    }

    use crate::recognize::testing::{assert_clean, assert_finds};

    /// Surnames with lower-case particles are one name with the words around them.
    #[test]
    fn surname_particles() {
        let cases = [
            (
                "Referred to Dr. van der Berg today",
                "Dr. van der Berg",
                "name.title",
            ),
            ("Seen by Dr. de la Cruz", "Dr. de la Cruz", "name.title"),
            ("Spoke with Mrs. de Souza", "Mrs. de Souza", "name.title"),
            (
                "Maria de la Cruz called",
                "Maria de la Cruz",
                "name.context",
            ),
            (
                "Thanks,\nMaria de la Cruz",
                "Maria de la Cruz",
                "name.dictionary",
            ),
            ("Pt Juan del Rio seen", "Juan del Rio", "name.context"),
            ("Pt Ana da Silva seen", "Ana da Silva", "name.context"),
            ("Dr. St. John saw her", "Dr. St. John", "name.title"),
            ("Spoke with Mr. St. Pierre", "Mr. St. Pierre", "name.title"),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Name, rule);
        }
        for text in [
            "we drove the van to clinic",
            "ooh la la",
            "in the den Monday",
            "Plan de escalation",
            "le Fort fracture",
            "Maria took the van Tuesday",
            "ST elevation in the st segment",
        ] {
            assert_clean(text, &[Label::Name]);
        }
        // A name after "St." does not reach back over a street name.
        let names: Vec<String> = crate::recognize::testing::found("lives on Main St. John called")
            .into_iter()
            .filter(|f| f.1 == Label::Name)
            .map(|f| f.0)
            .collect();
        assert_eq!(names, ["John"]);
    }

    /// Names as people type them: with accents, typographic quotes and apostrophes, next to
    /// symbols. The engine folds the accents and quotes (`crate::fold`) and the tokenizer
    /// lets a symbol touch a name; a letter or digit of another script still glues.
    #[test]
    fn names_in_typed_text() {
        let cases = [
            ("Thanks,\nJosé Müller", "José Müller", "name.signature"),
            (
                "Thanks,\nRobert O’Brien",
                "Robert O’Brien",
                "name.signature",
            ),
            ("Hi Dr. García,", "Dr. García", "name.title"),
            (
                "Spoke with Dr. Okafor’s office.",
                "Dr. Okafor",
                "name.title",
            ),
            ("Pt Nguyễn Thị Hằng seen", "Nguyễn Thị Hằng", "name.context"),
            ("Caller Chloé Rossi (spouse)", "Chloé Rossi", "name.context"),
            (
                "Patient “Maria Lopez” called.",
                "Maria Lopez",
                "name.context",
            ),
            (
                "This is Maria Lopez’s mother.",
                "Maria Lopez",
                "name.context",
            ),
            ("PID|1|GARCÍA^WEI|", "GARCÍA^WEI", "name.field"),
            (
                "Pt: Maria Lopez • DOB 01/02/1980",
                "Maria Lopez",
                "name.field",
            ),
            ("Call Maria Lopez… asap", "Maria Lopez", "name.context"),
            ("Maria Lopez😀 called", "Maria Lopez", "name.dictionary"),
            // A decomposed accent (e and U+0301).
            (
                "Thanks,\nJose\u{0301} Lopez",
                "Jose\u{0301} Lopez",
                "name.signature",
            ),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Name, rule);
        }
        // Glued to a digit or to a letter of another script: part of a longer word.
        for text in [
            "code Lopez7 and 7Lopez",
            "Lopez中文 and 中文Lopez",
            "Lopezж and жLopez",
            "résumé and café, naïve façade",
        ] {
            assert_clean(text, &[Label::Name]);
        }
    }

    /// The tokenizer reads keys and case eight bytes at a time; a byte-by-byte reading
    /// must give the same tokens.
    #[test]
    fn tokens_match_a_byte_reading() {
        fn naive(text: &str) -> Vec<(usize, usize, u8, u8, u16, bool)> {
            let b = text.as_bytes();
            let class = |i: usize| b.get(i).map_or(0, |&c| CLASS[c as usize]);
            let mut out = Vec::new();
            let mut i = 0;
            while i < b.len() {
                if class(i) & LETTER == 0 {
                    i += 1;
                    continue;
                }
                let s = i;
                let mut joins = 0;
                loop {
                    let c = class(i);
                    if c & LETTER == 0 {
                        if c & JOINER != 0
                            && class(i + 1) & LETTER != 0
                            && !(b[i] == b'\''
                                && b[i + 1] | 0x20 == b's'
                                && class(i + 2) & LETTER == 0)
                        {
                            joins += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
                // Next to a digit or to a letter or digit of any other script.
                let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                if alnum(text[..s].chars().next_back()) || alnum(text[i..].chars().next()) {
                    continue;
                }
                let w = &text[s..i];
                let up = w.bytes().filter(u8::is_ascii_uppercase).count();
                let len = i - s;
                let shape = match () {
                    _ if len == 1 => u8::from(up == 1) * 3,
                    _ if up == 0 => 0,
                    _ if up == len - joins => 2,
                    _ if b[s].is_ascii_uppercase() => 1,
                    _ => 0,
                };
                let (flags, kind) = if len == 1 {
                    (0, (LEX.get_word(w.as_bytes()) >> 16) as u16)
                } else if len <= 32 {
                    lookup(w)
                } else {
                    (0, 0)
                };
                out.push((s, i, shape, flags, kind, joins > 0));
            }
            out
        }
        let texts = [
            "Maria Lopez called",
            "MARIA O'BRIEN-SMITH's chart, Garcia-Lopez and D'Angelo",
            "Maria's and JOSE'S notes; pt's wife",
            "abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOP",
            "Supercalifragilisticexpialidocious Pneumonoultramicroscopicsilicovolcanoconiosis",
            "hyper-CAPS McDonald MacDonald iPhone x12 José ab'",
            "end with a long word at the very end: Abcdefghijklmno",
            "J. K. SMITH-JONES-BROWN--x 'quoted' -dash- a-b-c",
            "Q",
            "Zz",
        ];
        for text in texts {
            let mut toks = Vec::new();
            let counts = tokens(text, &mut toks);
            let got: Vec<_> = toks
                .iter()
                .map(|t| (t.s, t.e, t.shape, t.flags, t.kind, t.joined))
                .collect();
            assert_eq!(got, naive(text), "{text}");
            // The counts stand in for the passes over the tokens the rules used to take.
            assert_eq!(counts.caps(), all_caps(&toks), "{text}");
            assert_eq!(counts.joined, toks.iter().any(|t| t.joined), "{text}");
            assert_eq!(
                counts.kinds,
                toks.iter().fold(0, |k, t| k | t.kind),
                "{text}"
            );
            assert_eq!(
                counts.particle,
                toks.iter().any(|t| t.kind & PARTICLE != 0 && t.shape <= 1),
                "{text}"
            );
        }
    }

    /// The class table of the module docs, token by token.
    #[test]
    fn points_of_the_table() {
        let cases: &[(&str, &str, i8, i8)] = &[
            // (text, token, points in mixed-case text, points with the case kept in caps)
            (
                "saw Maria today",
                "Maria",
                NAME_PTS + CAPITAL_PTS,
                NAME_PTS + CAPITAL_PTS,
            ),
            ("saw maria today", "maria", NAME_PTS, NAME_PTS),
            (
                "SAW MARIA TODAY",
                "MARIA",
                NAME_PTS + CAPITAL_PTS,
                NAME_PTS + CAPITAL_PTS,
            ),
            (
                "saw Kiezulas today",
                "Kiezulas",
                RARE_PTS + CAPITAL_PTS,
                RARE_PTS + CAPITAL_PTS,
            ),
            ("saw will today", "will", AMBIGUOUS_PTS, AMBIGUOUS_PTS),
            (
                "saw Rose today",
                "Rose",
                AMBIGUOUS_PTS + CAPITAL_PTS,
                AMBIGUOUS_PTS + CAPITAL_PTS,
            ),
            (
                "saw Zxcv today",
                "Zxcv",
                UNKNOWN_PTS + CAPITAL_PTS,
                UNKNOWN_PTS + CAPITAL_PTS,
            ),
            (
                "saw J today",
                "J",
                UNKNOWN_PTS + CAPITAL_PTS,
                UNKNOWN_PTS + CAPITAL_PTS,
            ),
            ("the catheter", "catheter", WORD_PTS, WORD_PTS),
            (
                "saw Bleeding today",
                "Bleeding",
                WORD_PTS + CAPITAL_PTS,
                WORD_PTS + CAPITAL_PTS,
            ),
            ("the catheter", "the", STOP_PTS, STOP_PTS),
        ];
        for &(text, word, mixed, kept) in cases {
            let mut toks = Vec::new();
            tokens(text, &mut toks);
            settle_compounds(text, &mut toks);
            let t = toks
                .iter()
                .find(|t| &text[t.s..t.e] == word)
                .expect("token");
            assert_eq!(token_points(text, t, false, Case::Mixed), mixed, "{word}");
            assert_eq!(token_points(text, t, false, Case::Kept), kept, "{word}");
            // In ALL CAPS text a word in capitals counts only where the context keeps its
            // case; a Capitalised word stands out there.
            assert_eq!(
                token_points(text, t, true, Case::Mixed),
                mixed
                    - if t.capital() && t.shape != 1 {
                        CAPITAL_PTS
                    } else {
                        0
                    },
                "{word} in capitals"
            );
        }
    }

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
        pos_040_signature_thank_you,
        "Is the lab open Saturday?\nThank you,\nLupe",
        "Lupe",
        "name.signature"
    );
    finds!(
        pos_040_signature_thanks_again,
        "see you then.\nThanks again, Lupe!",
        "Lupe",
        "name.signature"
    );
    clean!(neg_040_signature_thank_you_words, "Thank you,\nWill do");
    finds!(
        pos_040_signature_yours_truly,
        "see you Monday\nYours truly,\nBartholomew",
        "Bartholomew",
        "name.signature"
    );
    finds!(
        pos_field_dotted_credential,
        "Attending: Yolanda T. Quigley, M.D.\nHPI:",
        "Yolanda T. Quigley",
        "name.field"
    );
    finds!(
        pos_title_dotted_credential,
        "Dr. Yolanda Quigley M.D. called",
        "Dr. Yolanda Quigley",
        "name.title"
    );
    finds!(
        pos_context_dotted_credential,
        "seen by Maria Lopez R.N. today",
        "Maria Lopez",
        "name.context"
    );
    finds!(
        pos_field_callback,
        "Callback: Destiny 773-555-0184 (cell)",
        "Destiny",
        "name.field"
    );
    clean!(
        neg_field_values,
        "Contact: Self\nInsured: Self\nCallback: Home\nCaller: Same\nCaller: Pharmacy"
    );
    finds!(
        pos_041_signature_dash_same_line,
        "Can Dr. Nakamura call me back? - Yolanda",
        "Yolanda",
        "name.signature"
    );
    clean!(
        neg_041_signature_dash_words,
        "BP 120/80 after meds - no change"
    );
    finds!(
        pos_introduction_its,
        "hi its carlos, my son has a cough",
        "carlos",
        "name.context"
    );
    finds!(
        pos_introduction_it_s,
        "Hi, it's Mark, calling about my refill",
        "Mark",
        "name.context"
    );
    clean!(
        neg_introduction_its,
        "leaves its mark on the skin. It's June already. its will be fine"
    );
    finds!(
        pos_relation_grandma_parenthesis,
        "Grandma (Eunice) will bring him",
        "Eunice",
        "name.context"
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
        "records show Sarah P. is doing well",
        "Sarah P",
        "name.dictionary"
    );
    finds!(
        pos_055_apposition,
        "a 50-year-old woman, Sarah P., with GERD",
        "Sarah P",
        "name.context"
    );
    finds!(
        pos_056_apposition_ambiguous,
        "a 30 yo male, Drew K., with asthma",
        "Drew K",
        "name.context"
    );
    finds!(
        pos_057_initial_caps,
        "LINE CHANGED BY J. KOWALSKI. SITE CLEAN",
        "J. KOWALSKI",
        "name.dictionary"
    );
    finds!(
        pos_061_cred_lower,
        "all is well at this time. q. lander rrt",
        "q. lander",
        "name.title"
    );
    finds!(
        pos_062_cred_before,
        "BP STABLE. NP Wolfe AWARE OF LABS",
        "Wolfe",
        "name.title"
    );
    finds!(
        pos_063_cred_rare_surname,
        "Thanks,\nDana Kowalczyk RN",
        "Dana Kowalczyk",
        "name.title"
    );
    finds!(
        pos_014_title_initial_stopword,
        "admitted under Dr. A. Barnes?",
        "Dr. A. Barnes",
        "name.title"
    );
    finds!(
        pos_015_title_word_surname,
        "PER DR TYRO, HOLD HEPARIN",
        "DR TYRO",
        "name.title"
    );
    finds!(
        pos_016_mr_initial,
        "COPD in pt, Mr. W., who was admitted",
        "Mr. W",
        "name.title"
    );
    finds!(
        pos_034_list_and,
        "daughters anna and beth visited today",
        "beth",
        "name.context"
    );
    finds!(
        pos_035_list_ampersand,
        "SON KEVIN & DAUGHTER LUCY AT BEDSIDE",
        "KEVIN",
        "name.context"
    );
    finds!(
        pos_036_told_pair,
        "RUN OF VENT BIGEMINY ROSA OKONJO AWARE",
        "ROSA OKONJO",
        "name.context"
    );
    finds!(
        pos_037_told_list,
        "GIVEN. MARIA OKONJO AND DRS HALE AND KOWALCZYK AWARE",
        "KOWALCZYK",
        "name.title"
    );
    finds!(
        pos_038_told_list_first,
        "GIVEN. MARIA OKONJO AND DRS HALE AND KOWALCZYK AWARE",
        "MARIA OKONJO",
        "name.context"
    );
    finds!(
        pos_039_relation_parens,
        "MARGARET SZCZEPANSKI (DAUGHTER) CALLED",
        "MARGARET SZCZEPANSKI",
        "name.context"
    );
    finds!(
        pos_042_relation_lower_verb,
        "son jim lives in town",
        "jim",
        "name.context"
    );
    finds!(
        pos_043_per_initial,
        "wean for sbp 120 per d ross. pacing wires",
        "d ross",
        "name.context"
    );
    finds!(
        pos_044_rare_surname_extends,
        "psych nurse leslie kowalczyk saw pt",
        "nurse leslie kowalczyk",
        "name.title"
    );
    finds!(
        pos_045_lower_first_first,
        "pt alert. mary theresa from speech in today",
        "mary theresa",
        "name.dictionary"
    );
    finds!(
        pos_046_introduces_word_surname,
        "hi this is charles park, my wife needs a refill",
        "charles park",
        "name.context"
    );
    finds!(
        pos_047_ambiguous_first_with_surname,
        "SPOKE WITH PT'S FATHER TOM MILLER ABOUT PLAN",
        "TOM MILLER",
        "name.context"
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
    // The worked examples of the module docs' scoring.
    finds!(
        score_title_ambiguous,
        "seen by Dr. Strong today",
        "Dr. Strong",
        "name.title"
    );
    finds!(
        score_pair_lower,
        "hi this is about maria lopez refill",
        "maria lopez",
        "name.dictionary"
    );
    finds!(
        score_pair_mid_sentence,
        "saw Will Brown in clinic",
        "Will Brown",
        "name.dictionary"
    );
    clean!(score_title_lower_ambiguous, "dr will see you on monday");
    clean!(
        score_pair_caps,
        "PCWP 15-19, CO FICK 14. PT WITH INC MV O2 SAT"
    );
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
    clean!(
        neg_018_cred_after_words,
        "U/O REMAINS LOW MD AWARE. WILL CONSULT SKIN CARE RN. STRONG NP COUGH. 2 L NP"
    );
    clean!(
        neg_019_mental_status,
        "MEDICATED WITH MS WITHOUT EFFECT. Monitor MS. Aspiration precautions. 3+MR. Given fluids"
    );
    clean!(neg_020_nurse_word, "IV NURSE UNABLE TO PLACE ANOTHER IV");
    finds!(
        pos_017_title_stops_at_full_stop,
        "keep SBP 120-150 per Dr. Hale. Thermodilution CO 11",
        "Dr. Hale",
        "name.title"
    );
    clean!(
        neg_022_compounds,
        "drawn from A-line; removed without any bleeding-no oozing; female post-bariatric"
    );
    clean!(
        neg_023_clinical_places,
        "returned to MICU from ER; switched from IV amio to PO; stent to RAMUS; to Neo"
    );
    clean!(
        neg_024_relations,
        "husband, brother, sister and friend visited; my husband will call; wife said no"
    );
    clean!(
        neg_025_told_services,
        "MD AWARE. TEAM AWARE. NEURO AWARE. CARDIOLOGY AND RENAL NOTIFIED. HOUSE OFFICER AWARE"
    );
    clean!(
        neg_026_species,
        "E. coli in urine; S. aureus in blood; C. diff negative; R. ARM SWOLLEN"
    );
    clean!(
        neg_027_initial_after_slash,
        "ADEQUATE U/O. CO 4.6 CI 2.1; EFFECT ON PVC'S. CI> 2.00"
    );
    clean!(
        neg_028_name_is,
        "opens eyes to name, is able to follow commands"
    );
    clean!(neg_029_weekday, "meeting with a counselor Friday");
    clean!(neg_030_lower_pair, "temp low, bear hugger placed to warm");
    clean!(neg_031_parens_role, "CONTACT PERSON (SON) IS AWARE");
    clean!(neg_032_per_abbrev, "replacing NGT per H.O. Pt requesting");
    clean!(
        neg_033_devices_named_after_people,
        "cultures drawn from Quinton cath; flushed to Hickman line; blood from Tenckhoff catheter"
    );
    finds!(
        pos_relation_possessive,
        "Hi, this is Jennifer, Sam's mom.",
        "Sam",
        "name.context"
    );
    clean!(neg_relation_possessive_word, "The Patient's mother called.");
    finds!(
        pos_possession,
        "referenced in John's notes from 9/12",
        "John",
        "name.context"
    );
    finds!(
        pos_possession_symptom,
        "Mom says Emma's fever is worse",
        "Emma",
        "name.context"
    );
    clean!(
        neg_possession_eponym_and_shop,
        "hx of Addison's disease; ate at Wendy's yesterday; Bell's palsy resolved"
    );
    finds!(
        pos_patient_unknown_pair,
        "Patient Barack Obama was seen today.",
        "Barack Obama",
        "name.context"
    );
    finds!(
        pos_pt_unknown_and_surname,
        "Pt Zorblat Johnson called",
        "Zorblat Johnson",
        "name.context"
    );
    clean!(
        neg_patient_capitalised_words,
        "Patient Education Materials given. Patient Controlled Analgesia. Pt Lasix Furosemide. \
         Patient Zantac. Patient Portal Message. Patient Tolerated Procedure."
    );
    finds!(
        pos_vietnamese_middle,
        "Nguyen Van An called back at 4pm.",
        "Nguyen Van An",
        "name.dictionary"
    );
    finds!(
        pos_vietnamese_middle_thi,
        "Pt Tran Thi Be, DOB 1/2/1950",
        "Tran Thi Be",
        "name.context"
    );
    clean!(neg_van_title, "Mother drove the Van In to the clinic");
    finds!(
        pos_hyphenated_given_name,
        "Hyun-woo Park called the answering service.",
        "Hyun-woo Park",
        "name.dictionary"
    );
    finds!(
        pos_hyphenated_given_name_chinese,
        "spoke with Mei-Ling about her labs",
        "Mei-Ling",
        "name.context"
    );
    clean!(
        neg_hyphenated_syllables,
        "sun-dried tomatoes; follow-up in-home; Yu-Gi-Oh cards; a so-so night"
    );
    finds!(
        pos_relation_parenthesis,
        "NOK: son (Mike) 555-201-4477",
        "Mike",
        "name.context"
    );
    finds!(
        pos_nickname,
        "Pt named Tyrone \"Ty\" Jackson",
        "Tyrone \"Ty\" Jackson",
        "name.context"
    );
    finds!(
        pos_nickname_single_quotes,
        "Dr. Robert 'Bob' Smith called",
        "Dr. Robert 'Bob' Smith",
        "name.title"
    );
    clean!(neg_nickname_quote, "told \"Stop\" Monday");
    finds!(
        pos_newborn,
        "Baby boy Johnson born at 0342",
        "Johnson",
        "name.context"
    );
    clean!(
        neg_newborn_word,
        "baby girl is feeding well; boy Scout troop"
    );
    finds!(
        pos_attention,
        "Fax to 1-800-555-0134 attn: Karen",
        "Karen",
        "name.context"
    );
    clean!(neg_attention_dept, "attn: billing dept");
    finds!(
        pos_doctor_not_drive,
        "saw Dr Lake today",
        "Dr Lake",
        "name.title"
    );
    finds!(
        pos_doctor_in_capitals,
        "REPEAT K 4.0 KCL NOT GIVEN DR LAKE AWARE",
        "DR LAKE",
        "name.title"
    );
    clean!(
        neg_drive_before_apartment,
        "Lives at 1420 N. Lake Shore Dr Apt 5B; moved from 12 Oak Dr Springfield"
    );
    finds!(
        pos_for_a_person,
        "Callback # for Lakisha: 4045550123 (cell)",
        "Lakisha",
        "name.context"
    );
    finds!(
        pos_call_a_person,
        "please call Shanice at 5pm re: labs",
        "Shanice",
        "name.context"
    );
    finds!(
        pos_for_a_full_name,
        "refill for Agnieszka Kowalczyk today",
        "Agnieszka Kowalczyk",
        "name.context"
    );
    clean!(
        neg_for_and_call_before_words,
        "+1700cc for LOS. call ED. rx for Norco, for Parkinson's disease, call Walgreens, \
         screening for Down syndrome, for Hodgkin lymphoma, eval for Wilson disease, \
         for Medicare, call Mark, for Will, call Poison Control"
    );
    clean!(
        neg_weekday_abbreviations,
        "Surgery scheduled for Mon 12/15. see you Thu, call Thur or Tues"
    );
    finds!(
        pos_last_first_after_patient,
        "Message left for patient DOE, JANE at 630-555-0111.",
        "DOE, JANE",
        "name.field"
    );
    finds!(
        pos_first_name_without_colon,
        "first name Ciaran, last name Murphy",
        "Ciaran",
        "name.field"
    );
    clean!(
        neg_kind_of_name_before_words,
        "last name Unknown, first name not given, your name Here"
    );
    finds!(
        pos_name_is_spelled,
        "Pt's name is spelled O'Shaughnessy, not O'Shaunessy.",
        "O'Shaughnessy",
        "name.context"
    );
    finds!(
        pos_field_four_words_and_initial,
        "Pt: DE LA CRUZ, MARIA J\nDOB 1/2/1950",
        "DE LA CRUZ, MARIA J",
        "name.field"
    );
    finds!(
        pos_fields_on_one_line,
        "Fax cover: To: Dr. Greenberg  From: Marisol Q.  Pages: 4",
        "Dr. Greenberg",
        "name.title"
    );
    finds!(
        pos_field_before_next_field,
        "From: Marisol Q.  Pages: 4",
        "Marisol Q",
        "name.field"
    );
    finds!(
        pos_name_after_age,
        "Patient's grandson, 19-year-old Demetrius, is primary caregiver.",
        "Demetrius",
        "name.context"
    );
    clean!(
        neg_word_after_age,
        "a 19-year-old Haitian man, a 45-year-old Female, the 3-month-old Will be"
    );
    finds!(
        pos_nickname_in_parentheses,
        "Pt's son Bartholomew (\"Bart\") will bring her.",
        "Bartholomew (\"Bart\")",
        "name.context"
    );
    finds!(
        pos_nickname_in_parentheses_and_surname,
        "Spoke with Robert (Bob) Smith today",
        "Robert (Bob) Smith",
        "name.context"
    );
    finds!(
        neg_word_in_parentheses_after_name,
        "seen by Dr. Lake (Cardiology) today",
        "Dr. Lake",
        "name.title"
    );
    finds!(
        pos_signature_before_mail_footer,
        "Can I get a refill?\nThanks, Lupe\nSent from my iPhone\n",
        "Lupe",
        "name.signature"
    );
    clean!(
        neg_mail_footer_alone,
        "Can I get a refill? Thanks\nSent from my Samsung Galaxy"
    );
    finds!(pos_goes_by, "Pt goes by Bobby.", "Bobby", "name.context");
    finds!(
        pos_prefers_to_be_called,
        "She prefers to be called Siobhan, not Joan.",
        "Siobhan",
        "name.context"
    );
    finds!(pos_known_as, "also known as Will.", "Will", "name.context");
    finds!(
        pos_relation_in_law,
        "my mother-in-law Gladys is sick",
        "Gladys",
        "name.context"
    );
    finds!(
        pos_relation_spanish,
        "Call Abuela (Rosa) at 5pm",
        "Rosa",
        "name.context"
    );
    clean!(
        neg_called_and_known_as_before_words,
        "pt called Walgreens, known as Parkinson disease, what is called Crohn disease, \
         as Will said"
    );
    finds!(
        pos_033_from_a_person,
        "a message from Quinton today about the refill",
        "Quinton",
        "name.context"
    );
    finds!(
        pos_first_name_and_verb,
        "Msg: \"François needs his inhaler refilled\"",
        "François",
        "name.context"
    );
    clean!(
        neg_ambiguous_first_name_and_verb,
        "Will needs rest. Grace is noted. Hope says a lot. Parkinson reports vary."
    );
    clean!(
        neg_country_and_address_after_cue,
        "Pt is from Guatemala; portal login from IP 73.162.45.201"
    );
    finds!(
        pos_relation_in_parentheses_before_name,
        "Spoke w/ pt's HCP (sister) Bernadette at 5:15pm.",
        "Bernadette",
        "name.context"
    );
    finds!(
        pos_relation_dash_name,
        "CALLER: SON - DESHAWN   RELATIONSHIP: SON",
        "DESHAWN",
        "name.context"
    );
    finds!(
        pos_name_label_with_words_before_colon,
        "Pt's name on insurance card: KEALOHA MAKOA K; ID HMSA 00912873",
        "KEALOHA MAKOA K",
        "name.field"
    );
    finds!(
        pos_field_name_stops_before_label_of_words,
        "Patient Name: Anh Thu Pham   Date of Service: 11/27/2026",
        "Anh Thu Pham",
        "name.field"
    );
    finds!(
        pos_name_s,
        "yes i'm the pt, name's giovanni, dob 6-15-83",
        "giovanni",
        "name.field"
    );
    clean!(neg_name_s_word, "the drug name's spelling is odd");
    finds!(
        pos_title_and_nickname_in_parentheses,
        "Refill for Mr. Kowalczyk (Stanislaw) today",
        "Mr. Kowalczyk (Stanislaw)",
        "name.title"
    );
    finds!(
        pos_rare_surname_after_first_name,
        "We saw Zara Oduya today",
        "Zara Oduya",
        "name.dictionary"
    );
    finds!(
        pos_rare_surname_at_line_start,
        "Kimberly Oduya called",
        "Kimberly Oduya",
        "name.dictionary"
    );
    clean!(
        neg_rare_word_after_ambiguous_first_name,
        "Grace Xeloda and Will Zubarov are not names here"
    );
    finds!(
        pos_joined_first_names,
        "Ped: 4 mo old Emma-Rose Thibodeaux, wt 6.8 kg",
        "Emma-Rose Thibodeaux",
        "name.dictionary"
    );
    finds!(
        pos_joined_first_names_and_verb,
        "Anne-Marie called back",
        "Anne-Marie",
        "name.context"
    );
    clean!(
        neg_joined_words,
        "used a Baker-Smith retractor; will-power; A-line placed"
    );
    finds!(
        pos_relation_ex,
        "Pt reports conflict w/ ex-husband Darnell; kids ok",
        "Darnell",
        "name.context"
    );
    finds!(
        pos_interpreter,
        "Spoke through interpreter Hodan.",
        "Hodan",
        "name.context"
    );
    finds!(
        pos_list_with_ages,
        "children Malik (9) and Aaliyah (6) stay with her",
        "Aaliyah",
        "name.context"
    );
    clean!(
        neg_greeting_after_field,
        "caller: \"Hey it's about the refill\""
    );
    finds!(
        pos_staff_cue,
        "Fall at 0300; found by night aide Oluwakemi on floor beside bed.",
        "Oluwakemi",
        "name.context"
    );
    finds!(
        pos_staff_cue_comma,
        "Results called to Dr. Abernathy's nurse, Tiffani, at 14:05.",
        "Tiffani",
        "name.context"
    );
    finds!(
        pos_staff_cue_manager,
        "Spoke with Mr. Adeyemi's case manager, Kelsey, at Humana.",
        "Kelsey",
        "name.context"
    );
    clean!(
        neg_staff_cue_words,
        "NURSE WILL CALL BACK. Missed a meeting with a counselor Friday. The nurse will \
         call you. Aide May help with bathing? The therapist said ok."
    );
    finds!(
        pos_greeting_good_morning,
        "Good morning Latoya, your results are normal.",
        "Latoya",
        "name.context"
    );
    finds!(
        pos_greeting_good_evening_pair,
        "Good evening Maria Lopez! Your refill is ready.",
        "Maria Lopez",
        "name.context"
    );
    clean!(
        neg_greeting_not_set_off,
        "Good morning April, the clinic opens at nine. Good afternoon Tylenol dose given."
    );
    finds!(
        pos_closing_after_sentence,
        "Your results are normal. Best, Priyanka",
        "Priyanka",
        "name.signature"
    );
    finds!(
        pos_closing_take_care,
        "See you at the visit. Take care, Deshawn",
        "Deshawn",
        "name.signature"
    );
    finds!(
        pos_closing_dash_after_thanks,
        "Thanks so much!! - Kwame",
        "Kwame",
        "name.signature"
    );
    clean!(
        neg_closing_words,
        "Stop the med. Thanks, Advil\nCall if worse. Take Tylenol, Motrin"
    );
    finds!(
        pos_the_family,
        "Thank you all! From the Kowalczyk family.",
        "Kowalczyk",
        "name.context"
    );
    clean!(
        neg_the_family_words,
        "Bactrim is in the sulfonamide family; the Medicine family practice; The Family \
         Medicine clinic"
    );
    finds!(
        pos_role_in_parens,
        "Your care team: Amanda (MA), and Trevor (front desk).",
        "Trevor",
        "name.context"
    );
    finds!(
        pos_relation_in_parens_after_name,
        "Pt asked that we speak with Jo (partner) only.",
        "Jo",
        "name.context"
    );
    clean!(
        neg_role_in_parens,
        "given Tylenol (MA) and Advil (RN); Bactrim (nurse gave) said"
    );
    finds!(
        pos_credential_medical_assistant,
        "LVM for pt to call back re colonoscopy prep. -Jessenia, CMA",
        "Jessenia",
        "name.title"
    );
    clean!(
        neg_credential_alone,
        "pt saw the CRNA today; CMA to room pt"
    );
    finds!(
        pos_title_rank,
        "This is Sgt. Tobias Lindqvist from the Naperville PD.",
        "Sgt. Tobias Lindqvist",
        "name.title"
    );
    finds!(
        pos_title_calling,
        "Collateral from pt's pastor, Pastor Oyelaran.",
        "Pastor Oyelaran",
        "name.title"
    );
    clean!(
        neg_title_words,
        "PASTOR WILL VISIT. DOCTOR MAY CALL. The officer said ok; judge whether to go."
    );
    finds!(
        pos_relation_is,
        "OB: G2P1. FOB is Marcus, involved.",
        "Marcus",
        "name.context"
    );
    clean!(
        neg_relation_is_words,
        "her son is Sick today; the daughter is Will; her mom is Better"
    );
    finds!(
        pos_relation_age,
        "Pt's son (age 12) Marcus is in foster care.",
        "Marcus",
        "name.context"
    );
    clean!(
        neg_relation_age_words,
        "Pt's son (age 12) is in foster care."
    );
    finds!(
        pos_first_name_and_pair,
        "John and Mary Smith came in together.",
        "John",
        "name.dictionary"
    );
    finds!(
        pos_list_after_aside,
        "Her 2 kids: Liam (DOB 5/6/2015) and Noah (DOB 9/9/2018).",
        "Noah",
        "name.context"
    );
    /// After an aside, the list takes only a name: "and Nausea" stays.
    #[test]
    fn neg_list_after_aside_words() {
        let r = crate::Redactor::new();
        assert_eq!(
            r.redact("kids: Liam (in school) and Nausea (mild)."),
            "kids: [NAME] (in school) and Nausea (mild)."
        );
    }
    finds!(
        pos_twins,
        "Appt request for twins, Ava and Mia, both due.",
        "Ava",
        "name.context"
    );
    /// A word before "and" stays a word even when a name pair follows.
    #[test]
    fn neg_first_name_and_pair_words() {
        let r = crate::Redactor::new();
        assert_eq!(r.redact("Salt and Pepper Jones"), "Salt and [NAME]");
        assert_eq!(r.redact("brown and Mary Smith"), "brown and [NAME]");
    }
}

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
//! A few short names the official gazetteer lacks ("DC", "NYC", "Philly") join it with
//! tiers of their own. Regions and neighbourhoods smaller than a state are found by shape:
//! one or two capitalised words before a region noun (Shore, Valley, Peninsula, Panhandle,
//! Side, Island, Keys, Hills, Heights, Village) after a preposition ("on the Eastern
//! Shore", "grew up on Long Island").
//!
//! Facilities are found by pattern, not by list: capitalised words before a keyword
//! ("Calvert Hospital", "Sacred Heart Memorial", "St. Mary's ER"), a saint's name or
//! initial after a cue ("accepted by St. Agnes", "a bed @ St A."), a hospital acronym after
//! a transfer verb ("sent to GH"), a ward name and number (or a room number and name) after
//! "transfer to", then at every other mention of that ward in the segment, and a short list
//! of well-known systems that are named without a keyword ("Johns Hopkins"). A department
//! or specialty with no proper name ("Emergency Department", "Cardiology Clinic", "Mental
//! Health") is not a facility. A name in lower case before a keyword counts in four shapes
//! only (see `lower_name_before`): a known place or famous name ("to sacred heart
//! hospital"), a word that is no ordinary word after "to"/"at"/"from" ("taken to kernan
//! hospital"), "the general hospital", and an employer ("works for vista health"); the
//! kinds of care written the same way ("outside hospital", "mental health", "pain clinic")
//! stay out.
//!
//! The scan visits only capitalised word starts and keyword hits, so text without
//! places costs one pass over its bytes plus one Aho-Corasick pass.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Candidate, FxMap, HIGH_BITS, priority, word_boundary};
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
    places: FxMap<&'static [u8], u8>,
    /// Lower-case first word of a name → the most words a name starting with it has
    /// (low bits), and [`KEYWORD_FIRST`] when a facility keyword starts with it.
    first_words: FxMap<&'static [u8], u8>,
    /// The entries of `first_words` whose word has eight bytes at most, keyed by the word
    /// read as [`prefix_of`] reads it: no word holds a zero byte (a test checks), so the
    /// zero padding tells every length apart and the key is the word itself. The scan has
    /// this number in hand for every capitalised word, and a `u64` key is hashed with one
    /// multiplication, where a byte-slice key is copied in lower case, hashed byte run by
    /// byte run and compared.
    first_short: FxMap<u64, u8>,
    /// A one-bit-per-slot filter in front of `first_words`, indexed by [`first_word_slot`]:
    /// about nine capitalised words in ten start no name, and a clear bit says so for the
    /// price of a multiplication, where the map would hash and compare.
    first_filter: Box<[u64]>,
    /// A one-bit-per-slot filter of the first two words of every name of two words or
    /// more, indexed by [`pair_slot`]: most words that start a name ("The", "On", "What")
    /// start none with the word after them, and a clear bit says so before a key of two to
    /// five words is built and looked up for each length.
    pair_filter: Box<[u64]>,
}

/// The filter slot of the first two words of a name, in lower case: the first word as the
/// key has it (with its period, "st."), the second without a period at its end, each as
/// its first eight bytes ([`prefix_of`]) and its length.
fn pair_slot(p0: u64, n0: usize, p1: u64, n1: usize) -> usize {
    let h = (p0 ^ (n0 as u64).rotate_right(8)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ (p1 ^ (n1 as u64).rotate_right(16));
    (h.wrapping_mul(0xff51_afd7_ed55_8ccd) >> (64 - FILTER_BITS)) as usize
}

/// Bits of [`first_word_slot`]: 2^17 slots (16 KiB) for some 11,000 first words, so that
/// fewer than one word in ten that starts no name gets past the filter.
const FILTER_BITS: u32 = 17;

/// The filter slot of a lower-case word: `prefix` is its first eight bytes (fewer, zero
/// padded, for a shorter word) read little-endian, `len` its length. Longer words that
/// share a prefix and a length share a slot; the map behind the filter tells them apart.
fn first_word_slot(prefix: u64, len: usize) -> usize {
    let h = (prefix ^ (len as u64).rotate_right(8)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> (64 - FILTER_BITS)) as usize
}

/// The first eight bytes of `w` (fewer, zero padded), read little-endian.
fn prefix_of(w: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let k = w.len().min(8);
    buf[..k].copy_from_slice(&w[..k]);
    u64::from_le_bytes(buf)
}

/// Short names of cities that the gazetteer, built from official names, lacks: "lives in
/// DC", "moved to NYC", "Washington, DC". Lower case, with their tier; "DC" needs a
/// residence cue, since it is also "discontinue" ("DC'd the line"), and so does
/// "Washington" (a state and a surname) unless a state follows it.
const CITY_SHORT_NAMES: &[(&str, u8)] = &[
    ("dc", 3),
    ("nyc", 2),
    ("philly", 2),
    ("washington dc", 1),
    ("washington", 3),
];

/// A well-known facility named without a keyword ("Johns Hopkins").
const FAMOUS: u8 = 5;
/// A well-known facility whose name is also an ordinary phrase ("Sacred Heart"): needs a cue.
const FAMOUS_CUED: u8 = 6;
/// Flag in `first_words`: a facility keyword starts with this word.
const KEYWORD_FIRST: u8 = 0x80;
/// Flag in `first_words`: this word is one of the [`REGION_NOUNS`].
const REGION_NOUN: u8 = 0x40;
/// Flag in `first_words`: this word alone is a name (a key of one word).
const SINGLE: u8 = 0x20;
/// The flag bits of a `first_words` entry that [`flagged_at`] handles.
const FLAGS: u8 = KEYWORD_FIRST | REGION_NOUN;
/// The bits of a `first_words` entry that count words (at most [`MAX_WORDS`]).
const COUNT: u8 = 0x07;

/// Every key is stored lower-case and folded as the recognizers see a segment ("Española"
/// as "espanola", "Hale‘iwa" as "hale'iwa", see [`crate::fold`]); the embedded text is
/// mixed case and accented, so the copy is made once, leaked into a single `'static`
/// string, and sliced.
fn lower_static(text: &str) -> &'static str {
    let text = crate::fold::spelling_folded(text);
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
        places.insert(&line.as_bytes()[1..], tier);
    }
    for line in lower_static(COUNTIES).lines() {
        if !line.starts_with('#') && !line.is_empty() {
            places.insert(line.as_bytes(), COUNTY);
        }
    }
    for line in lower_static(FAMOUS_TXT).lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        match line.strip_prefix('?') {
            Some(name) => places.insert(name.as_bytes(), FAMOUS_CUED),
            None => places.insert(line.as_bytes(), FAMOUS),
        };
    }
    for &(name, tier) in CITY_SHORT_NAMES {
        places.entry(name.as_bytes()).or_insert(tier);
    }
    let mut first_words: FxMap<&'static [u8], u8> = FxMap::default();
    for k in places.keys() {
        let n = k.split(|&c| c == b' ').count().min(MAX_WORDS) as u8;
        let f = k.split(|&c| c == b' ').next().unwrap_or(k);
        let e = first_words.entry(f).or_insert(0);
        *e = (*e & !COUNT) | (*e & COUNT).max(n);
        if n == 1 {
            *e |= SINGLE;
        }
    }
    for k in KEYWORDS {
        let f = k.split(' ').next().unwrap_or(k);
        *first_words.entry(f.as_bytes()).or_insert(0) |= KEYWORD_FIRST;
    }
    for k in REGION_NOUNS {
        *first_words.entry(k.as_bytes()).or_insert(0) |= REGION_NOUN;
    }
    let first_short = first_words
        .iter()
        .filter(|(k, _)| k.len() <= 8)
        .map(|(k, &v)| (prefix_of(k), v))
        .collect();
    let mut first_filter = vec![0u64; (1 << FILTER_BITS) / 64].into_boxed_slice();
    for k in first_words.keys() {
        let slot = first_word_slot(prefix_of(k), k.len());
        first_filter[slot / 64] |= 1 << (slot % 64);
    }
    let mut pair_filter = vec![0u64; (1 << FILTER_BITS) / 64].into_boxed_slice();
    for k in places.keys() {
        let mut words = k.split(|&c| c == b' ');
        let (Some(w0), Some(w1)) = (words.next(), words.next()) else {
            continue;
        };
        let w1 = w1.strip_suffix(b".").unwrap_or(w1);
        let slot = pair_slot(prefix_of(w0), w0.len(), prefix_of(w1), w1.len());
        pair_filter[slot / 64] |= 1 << (slot % 64);
    }
    Gazetteer {
        places,
        first_words,
        first_short,
        first_filter,
        pair_filter,
    }
});

impl Gazetteer {
    /// For the word `b[i..e]` (ASCII, `raw` its first eight bytes as [`word_prefix`] reads
    /// them, `lo` the [`low_bytes`] of its length): its `first_words` flags, and the most
    /// words a name starting with it, or with it and a period after it ("St. Louis"), has.
    #[inline]
    fn first_word_at(&self, b: &[u8], i: usize, e: usize, raw: u64, lo: u64) -> (u8, usize) {
        let n = e - i;
        if n >= WORD_BUF {
            return (0, 0);
        }
        // The word's first eight bytes in lower case: `| 0x20` lowers the capitals and keeps
        // digits, `'` and `-`, the other bytes of the word.
        let prefix = raw | (0x2020_2020_2020_2020 & lo);
        let mut flags = 0;
        let mut max_words = 0;
        if self.may_start(prefix, n) {
            // Eight bytes at most: `prefix` is the lower-case word itself (see `first_short`).
            flags = if n <= 8 {
                self.first_short.get(&prefix).copied().unwrap_or(0)
            } else {
                self.first_word(&b[i..e], false)
            };
            max_words = usize::from(flags & COUNT);
        }
        if b.get(e) == Some(&b'.') {
            // "St. Louis": the abbreviation's period is part of the first word.
            let dotted = if n < 8 {
                prefix | u64::from(b'.') << (8 * n)
            } else {
                prefix
            };
            if self.may_start(dotted, n + 1) {
                let f = if n < 8 {
                    self.first_short.get(&dotted).copied().unwrap_or(0)
                } else {
                    self.first_word(&b[i..e], true)
                };
                max_words = max_words.max(usize::from(f & COUNT));
            }
        }
        (flags, max_words)
    }

    /// Whether a lower-case word with these first eight bytes and this length may be in
    /// `first_words`: false for most words, at the cost of a multiplication and a load.
    #[inline]
    fn may_start(&self, prefix: u64, len: usize) -> bool {
        let slot = first_word_slot(prefix, len);
        self.first_filter[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// The longest name in the gazetteer that starts with the capitalised word at `b[i]`, as
    /// its end and its entry: `flags` and `max_words` are what [`Self::first_word_at`] said
    /// of the word (`max_words` at least 1).
    #[inline]
    fn longest_name(&self, b: &[u8], i: usize, flags: u8, max_words: usize) -> Option<(usize, u8)> {
        let mut words = [Word::default(); MAX_WORDS];
        // A key of two words or more needs the first two words to pass the pair filter, a key
        // of one word the first word to be a name alone (`SINGLE`): the lookups skipped
        // here are lookups that would find nothing, so the longest key found is the one
        // that trying every length finds (a test checks). Two words first, all of them only
        // past the filter.
        let mut count = words_from(b, i, max_words.min(2), &mut words);
        let pair = count == 2 && self.may_pair(b, words[0], words[1]);
        if pair && max_words > 2 {
            count = words_from(b, i, max_words, &mut words);
        }
        let highest = if pair { count } else { count.min(1) };
        let lowest = if flags & SINGLE != 0 { 1 } else { 2 };
        (lowest..=highest)
            .rev()
            .find_map(|n| self.name_of_words(b, &words[..n]))
    }

    /// The entry of the name made of `words` (a key of one word for each, in lower case, one
    /// space between them), and its end.
    fn name_of_words(&self, b: &[u8], words: &[Word]) -> Option<(usize, u8)> {
        let n = words.len();
        let mut key = [0u8; KEY_BUF];
        // No name is longer than the buffer (a test checks), so a longer key has no entry.
        let mut len = 0;
        for (j, w) in words.iter().enumerate() {
            let e = if j + 1 < n { w.end_dot } else { w.end };
            let piece = &b[w.start..e];
            if len + usize::from(j > 0) + piece.len() > KEY_BUF {
                return None;
            }
            if j > 0 {
                key[len] = b' ';
                len += 1;
            }
            for (d, c) in key[len..].iter_mut().zip(piece) {
                *d = c.to_ascii_lowercase();
            }
            len += piece.len();
        }
        let tier = *self.places.get(&key[..len])?;
        Some((words.last()?.end, tier))
    }

    /// Whether a name of two words or more may start with the words `w0` and `w1` of `b`
    /// (see [`pair_slot`]); false means none does.
    #[inline]
    fn may_pair(&self, b: &[u8], w0: Word, w1: Word) -> bool {
        // `| 0x20` lowers the capitals and keeps the other bytes of a word (digits, `'`,
        // `-`, `.`), as in `first_word_at`.
        let lower =
            |s: usize, n: usize| word_prefix(b, s, n) | (0x2020_2020_2020_2020 & low_bytes(n));
        let (n0, n1) = (w0.end_dot - w0.start, w1.end - w1.start);
        let slot = pair_slot(lower(w0.start, n0), n0, lower(w1.start, n1), n1);
        self.pair_filter[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// The `first_words` entry of `word` (ASCII, shorter than [`WORD_BUF`]) in lower case,
    /// with a period after it if `dot`, or 0.
    fn first_word(&self, word: &[u8], dot: bool) -> u8 {
        let mut low = [0u8; WORD_BUF];
        for (d, c) in low.iter_mut().zip(word) {
            *d = c.to_ascii_lowercase();
        }
        let mut n = word.len();
        if dot {
            low[n] = b'.';
            n += 1;
        }
        self.first_words.get(&low[..n]).copied().unwrap_or(0)
    }
}

/// Longest name in the gazetteer, in bytes, that the scan's key buffer holds.
const KEY_BUF: usize = 64;

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
    "care home",
    "associates",
    "internal medicine",
    "family medicine",
    "family practice",
    "senior living",
    "assisted living",
    "memory care",
    // Schools, which a child's messages name: "Lincoln Elementary", "Whitney Young High
    // School", "Little Sprouts Academy".
    "elementary school",
    "elementary",
    "middle school",
    "high school",
    "academy",
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
    "cath",
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
    "central",
    "east",
    "floor",
    "level",
    "medicine",
    "neuro",
    "north",
    "oncology",
    "ortho",
    "room",
    "south",
    "stepdown",
    "surgery",
    "surgical",
    "telemetry",
    "tower",
    "unit",
    "ward",
    "west",
    "wing",
];

fn in_list(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// A word list sorted for a binary search, for the long lists tried at every word before a
/// facility keyword ([`GENERIC`], some 150 words, and [`BREAKS`]), where [`in_list`]
/// compares with each word in turn.
struct SortedList(Box<[&'static str]>);

/// The longest word a [`SortedList`] holds (a test checks).
const SORTED_WORD_MAX: usize = 32;

impl SortedList {
    fn new(list: &[&'static str]) -> SortedList {
        let mut words = list.to_vec();
        words.sort_unstable();
        SortedList(words.into_boxed_slice())
    }

    /// [`in_list`] of the list: its words are lower-case ASCII (a test checks), so `w` is
    /// one of them ignoring ASCII case exactly when its ASCII lower-case copy is.
    fn contains(&self, w: &str) -> bool {
        let mut buf = [0u8; SORTED_WORD_MAX];
        let Some(low) = buf.get_mut(..w.len()) else {
            return false;
        };
        for (d, c) in low.iter_mut().zip(w.as_bytes()) {
            *d = c.to_ascii_lowercase();
        }
        self.0.binary_search_by(|x| x.as_bytes().cmp(low)).is_ok()
    }
}

static GENERIC_SET: LazyLock<SortedList> = LazyLock::new(|| SortedList::new(GENERIC));
static BREAKS_SET: LazyLock<SortedList> = LazyLock::new(|| SortedList::new(BREAKS));

/// The first letters of the words of `list` (each must start with a lower-case letter), as
/// bit `c - b'a'` for each letter `c`.
const fn first_letters(list: &[&str]) -> u32 {
    let mut bits = 0;
    let mut k = 0;
    while k < list.len() {
        let c = list[k].as_bytes()[0];
        assert!(
            c.is_ascii_lowercase(),
            "a list word starts with a lower-case letter"
        );
        bits |= 1 << (c - b'a');
        k += 1;
    }
    bits
}

/// [`in_list`] for a list whose [`first_letters`] are `letters`: a word whose first byte is
/// none of them, in either case, is in no such list, and most words before " in " and " to "
/// ("going to", "pain in") are turned away without a comparison. `| 0x20` lowers a capital
/// and maps no other byte to a lower-case letter.
fn in_list_by_letter(letters: u32, list: &[&str], w: &str) -> bool {
    let c = w.as_bytes().first().map_or(0, |&c| c | 0x20);
    c.is_ascii_lowercase() && letters & (1 << (c - b'a')) != 0 && in_list(list, w)
}

/// The [`first_letters`] of [`RESIDENCE_FILLERS`] and of [`LOWER_RESIDENCE`].
const FILLER_LETTERS: u32 = first_letters(RESIDENCE_FILLERS);
const RESIDENCE_LETTERS: u32 = first_letters(LOWER_RESIDENCE);

/// A byte of a word of a place name: letters, digits, `'`, `-` and any non-ASCII byte. Wider
/// than `super::is_word_byte`, the regexes' `(?-u:\b)` word byte.
fn is_name_byte(c: u8) -> bool {
    CLASS[usize::from(c)] & NAME != 0
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

/// Whether the name at `s` follows a street address, after a comma or "in": "14 Elm
/// Street, Quincy", "450 Oak Ave in Evanston". The street's suffix is capitalised and a
/// house number stands within the few words before it. `prev` is the word before `s`
/// ([`prev_word`]).
fn after_street(text: &str, s: usize, prev: Option<(usize, usize)>) -> bool {
    let b = text.as_bytes();
    let mut p = s;
    while p > 0 && b[p - 1] == b' ' {
        p -= 1;
    }
    if p > 0 && b[p - 1] == b',' {
        p -= 1;
    } else if let Some((a, _)) = prev.filter(|&(a, z)| &text[a..z] == "in") {
        p = a;
    } else {
        return false;
    }
    let Some((a, z)) = prev_word(text, p) else {
        return false;
    };
    let w = &b[a..z];
    w[0].is_ascii_uppercase()
        && super::address::street_suffix(w)
        && b[a.saturating_sub(30)..a].iter().any(u8::is_ascii_digit)
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

/// Countries and the provinces and states of Canada and Mexico that follow a city the
/// gazetteer (of US places) lacks: "from Guadalajara, Mexico", "lives in Lagos, Nigeria".
/// The region itself is no identifier and stays.
pub(crate) const REGIONS: &[&str] = &[
    "Afghanistan",
    "Alberta",
    "Argentina",
    "Australia",
    "Bangladesh",
    "Bolivia",
    "Brazil",
    "British Columbia",
    "Cambodia",
    "Cameroon",
    "Canada",
    "Chile",
    "China",
    "Colombia",
    "Congo",
    "Costa Rica",
    "Cuba",
    "Dominican Republic",
    "Ecuador",
    "Egypt",
    "El Salvador",
    "England",
    "Eritrea",
    "Ethiopia",
    "France",
    "Germany",
    "Ghana",
    "Greece",
    "Guatemala",
    "Haiti",
    "Honduras",
    "India",
    "Indonesia",
    "Iran",
    "Iraq",
    "Ireland",
    "Israel",
    "Italy",
    "Jalisco",
    "Jamaica",
    "Japan",
    "Jordan",
    "Kenya",
    "Korea",
    "Laos",
    "Lebanon",
    "Liberia",
    "Malaysia",
    "Mexico",
    "Michoacan",
    "Morocco",
    "Myanmar",
    "Nepal",
    "Nicaragua",
    "Nigeria",
    "Oaxaca",
    "Ontario",
    "Pakistan",
    "Panama",
    "Paraguay",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Puebla",
    "Quebec",
    "Russia",
    "Scotland",
    "Senegal",
    "Sierra Leone",
    "Somalia",
    "South Africa",
    "South Korea",
    "Spain",
    "Sri Lanka",
    "Sudan",
    "Syria",
    "Thailand",
    "Turkey",
    "UK",
    "Uganda",
    "Ukraine",
    "Uruguay",
    "Venezuela",
    "Vietnam",
    "Yemen",
];

/// A city the gazetteer lacks, written `text[i..e]` (and perhaps one more capitalised word)
/// after a preposition of place and before a comma and a country, or a US state or
/// territory: "from Guadalajara, Mexico", "in Ponce, Puerto Rico", "from San Pedro Sula,
/// Honduras". `b[e]` is a comma or a space.
#[inline(never)]
fn before_region(text: &str, i: usize, mut e: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    if b[e] == b' ' {
        // A second capitalised word before the comma.
        let s2 = e + 1;
        if !b.get(s2).is_some_and(u8::is_ascii_uppercase) {
            return;
        }
        let e2 = s2
            + b[s2..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
        if b.get(e2) != Some(&b',') || e2 - s2 < 2 {
            return;
        }
        e = e2;
    }
    let rest = &text[e + 1..];
    let Some(rest) = rest.strip_prefix(' ') else {
        return;
    };
    let Some(&first) = rest.as_bytes().first().filter(|c| c.is_ascii_uppercase()) else {
        return;
    };
    if e - i < 3 || !prev_word(text, i).is_some_and(|(a, z)| in_list(PLACE_PREPS, &text[a..z])) {
        return;
    }
    let region = REGIONS.iter().any(|r| {
        r.as_bytes()[0] == first
            && rest.starts_with(r)
            && !rest
                .as_bytes()
                .get(r.len())
                .is_some_and(u8::is_ascii_alphanumeric)
    }) || state_after(text, e);
    if region && case_of(&text[i..e]) == Case::Title && !super::name::is_common_word(&text[i..e]) {
        out.push(Candidate::new(
            i,
            e,
            Label::Location,
            "location.city_before_region",
            priority::CUE,
        ));
    }
}

/// The ZIP code right after a place name ending at `end`: a comma or not, one or two
/// spaces, five digits and perhaps a dash and four more, ending the number ("Chicago 60640",
/// "Springfield, 62704-1234"). The address recognizer finds a ZIP after a state; a city
/// without its state is known here only.
fn zip_after(b: &[u8], end: usize) -> Option<(usize, usize)> {
    let mut i = end;
    if b.get(i) == Some(&b',') {
        i += 1;
    }
    let sp = i;
    while i < b.len() && matches!(b[i], b' ' | b'\t') && i - sp < 2 {
        i += 1;
    }
    if i == sp {
        return None;
    }
    let digits = |at: usize| {
        b[at.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    if digits(i) != 5 {
        return None;
    }
    let mut e = i + 5;
    if b.get(e) == Some(&b'-') && digits(e + 1) == 4 {
        e += 5;
    }
    let after = b.get(e).copied().unwrap_or(b' ');
    let decimal = matches!(after, b'.' | b',') && b.get(e + 1).is_some_and(u8::is_ascii_digit);
    (!(after.is_ascii_alphanumeric() || matches!(after, b'-' | b'/' | b':' | b'%') || decimal))
        .then_some((i, e))
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
#[derive(Clone, Copy, Default)]
struct Word {
    start: usize,
    end: usize,
    /// `end` plus a directly following period ("St." "Mt."), if any.
    end_dot: usize,
}

/// Up to `max` (at most `MAX_WORDS`) words starting at `i`, separated by one or two spaces
/// or tabs, written to the front of `out`; returns how many.
fn words_from(b: &[u8], i: usize, max: usize, out: &mut [Word; MAX_WORDS]) -> usize {
    let mut len = 0;
    let mut s = i;
    while len < max.min(MAX_WORDS) && s < b.len() && b[s].is_ascii_alphabetic() {
        let mut e = s;
        while e < b.len() && CLASS[usize::from(b[e])] & NAME_ASCII != 0 {
            e += 1;
        }
        while e > s && matches!(b[e - 1], b'-' | b'\'') {
            e -= 1;
        }
        let end_dot = if b.get(e) == Some(&b'.') { e + 1 } else { e };
        out[len] = Word {
            start: s,
            end: e,
            end_dot,
        };
        len += 1;
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
    len
}

/// Finds every place in `text` and pushes its candidates.
pub(crate) fn recognize(text: &str, out: &mut Vec<Candidate>) {
    let g = &*GAZ;
    let b = text.as_bytes();
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
        let mut e = i + 1;
        while e < b.len() && CLASS[usize::from(b[e])] & NAME_ASCII != 0 {
            e += 1;
        }
        while e > i && matches!(b[e - 1], b'-' | b'\'') {
            e -= 1;
        }
        let n = e - i;
        // The mask of the word's length, once for the three uses below.
        let lo = low_bytes(n);
        let raw = word_prefix_lo(b, i, n, lo);
        let (flags, max_words) = g.first_word_at(b, i, e, raw, lo);
        if flags & FLAGS != 0 {
            flagged_at(text, i, e, flags, out);
        }
        if acronym_possible(b[e - 1], n, raw, lo) {
            acronym_at(text, i, e, out);
        }
        // A city the gazetteer lacks before a comma and a country ("from Lagos, Nigeria"),
        // in two words only when the first starts a name it has ("San Pedro Sula").
        let unlisted = flags & FLAGS == 0 && matches!(b.get(e), Some(b',' | b' '));
        if max_words == 0 {
            if unlisted && b[e] == b',' {
                before_region(text, i, e, out);
            }
            i = e.max(i + 1);
            continue;
        }
        let mut next = i + 1;
        if let Some((e, tier)) = g.longest_name(b, i, flags, max_words) {
            if let Some(rule_prio) = decide(text, i, e, tier) {
                out.push(Candidate::new(
                    i,
                    e,
                    Label::Location,
                    rule_prio.0,
                    rule_prio.1,
                ));
                if let Some((zs, ze)) = zip_after(b, e) {
                    out.push(Candidate::new(
                        zs,
                        ze,
                        Label::Zip,
                        "zip.after_city",
                        priority::CUE,
                    ));
                }
                next = e;
            }
        }
        if next == i + 1 && unlisted {
            before_region(text, i, e, out);
        }
        i = next;
    }
    // Keywords in lower case ("Kernan hospital") are not at a capitalised word start.
    let Gates { transfer, saint } = lower_keywords(text, true, out);
    if saint {
        saints(text, out);
    }
    if transfer {
        wards(text, out);
    }
    lower_after_residence(text, out);
}

/// The word `text[i..e]` starts a facility keyword or is a region noun (`flags`): rare
/// enough to stay out of the scan's loop, whose registers it would otherwise crowd.
#[inline(never)]
fn flagged_at(text: &str, i: usize, e: usize, flags: u8, out: &mut Vec<Candidate>) {
    if flags & KEYWORD_FIRST != 0 {
        keyword_at(text, i, out);
    }
    if flags & REGION_NOUN != 0 {
        region_at(text, i, e, out);
    }
}

/// The pre-checks of the passes that run after the keywords: whether "ransfer" or
/// "RANSFER" stands in the segment ([`wards`]), and whether [`saint_possible`] holds
/// ([`saints`]).
#[derive(Debug, PartialEq, Eq)]
struct Gates {
    transfer: bool,
    saint: bool,
}

/// Calls [`keyword_at`] at every keyword of [`LOWER`] in `text`, and answers the [`Gates`];
/// with one packed pass where `packed` and the target allow, otherwise with a substring
/// pass for each keyword, one for each transfer spelling and a scan of every `S`.
fn lower_keywords(text: &str, packed: bool, out: &mut Vec<Candidate>) -> Gates {
    let b = text.as_bytes();
    match &*KEYWORD_SCAN {
        // Below `minimum_len` the searcher runs Rabin-Karp in place of its SIMD search, with
        // the same matches: still one pass, where the separate passes are nine.
        Some(scan) if packed => {
            // One packed (SIMD) pass for the keywords, the transfer pre-check and the saint
            // pre-check, where separate passes cost one pass each (the saint one stops at
            // every `S`, a capital that opens many words). Its matches do not overlap; a
            // keyword that overlaps an earlier match starts inside a word, where
            // `keyword_at` finds nothing. The only `S` in a pattern after its first byte
            // is the one of "RANSFER", before an `F`, so no match covers the start of a
            // saint's opening; every such opening starts with one of [`SAINT_OPENINGS`],
            // and a hit passes only where `saint_opening_at` holds, as in the scan of
            // every `S`. Nothing overlaps "ransfer" but itself. So this finds what the
            // passes find. Hits are rare: a vector only when there are.
            let mut hits = Vec::new();
            let mut gates = Gates {
                transfer: false,
                saint: false,
            };
            for m in scan.find_iter(b) {
                let k = m.pattern().as_usize();
                if k < LOWER.len() {
                    hits.push((k, m.start()));
                } else if k < LOWER.len() + 2 {
                    gates.transfer = true;
                } else if !gates.saint {
                    gates.saint =
                        saint_opening_at(b, m.start()) && saint_may_count(text, m.start());
                }
            }
            // In the order of the separate passes: by keyword, then by position.
            hits.sort_unstable();
            for (_, ks) in hits {
                keyword_at(text, ks, out);
            }
            gates
        }
        _ => {
            // `find` in a loop rather than `find_iter`, which copies the searcher on every
            // call: the same non-overlapping matches.
            for f in LOWER_KEYWORDS.iter() {
                let mut pos = 0;
                while let Some(k) = f.find(&b[pos..]) {
                    let ks = pos + k;
                    keyword_at(text, ks, out);
                    pos = ks + f.needle().len();
                }
            }
            Gates {
                transfer: FINDERS[0].find(b).is_some() || FINDERS[1].find(b).is_some(),
                saint: saint_possible(text),
            }
        }
    }
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
    let mut words = [Word::default(); MAX_WORDS];
    for f in LOWER_RESIDENCE_FINDERS.iter() {
        // `find` in a loop rather than `find_iter`, which copies the searcher on every call:
        // the same non-overlapping matches (the needles are four bytes long).
        let mut pos = 0;
        while let Some(k) = f.find(&b[pos..]) {
            let at = pos + k;
            pos = at + f.needle().len();
            // The preposition, and the verb before it with at most one filler between.
            let Some(prep) = next_word(text, at + 1) else {
                continue;
            };
            let Some(mut verb) = prev_word(text, at + 1) else {
                continue;
            };
            if in_list_by_letter(FILLER_LETTERS, RESIDENCE_FILLERS, &text[verb.0..verb.1]) {
                let Some(v) = prev_word(text, verb.0) else {
                    continue;
                };
                verb = v;
            }
            if !in_list_by_letter(RESIDENCE_LETTERS, LOWER_RESIDENCE, &text[verb.0..verb.1]) {
                continue;
            }
            let Some((ps, _)) = next_word(text, prep.1) else {
                continue;
            };
            if !b[ps].is_ascii_lowercase() || !text[prep.1..ps].bytes().all(|c| c == b' ') {
                continue;
            }
            let nw = words_from(b, ps, MAX_WORDS, &mut words);
            for n in (1..=nw).rev() {
                let last = words[n - 1];
                if !text[ps..last.end]
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c == b' ')
                {
                    continue;
                }
                // Lower case already: the text is its own key.
                if matches!(g.places.get(&b[ps..last.end]), Some(&t) if t <= 2 || t == COUNTY) {
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
        let m = upper_mask(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_uppercase() {
        i += 1;
    }
    i
}

/// The high bit of each byte of `x` (little-endian) that is an ASCII capital, and no other
/// bit (`trailing_zeros` finds the first capital).
fn upper_mask(x: u64) -> u64 {
    super::bytes_between(x, b'@', b'[')
}

/// Longest word looked up among the first words, plus one byte for a period.
const WORD_BUF: usize = 32;

/// `u64` with the low `n` bytes set (all of them for `n >= 8`).
fn low_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// The first `min(n, 8)` bytes of `b[i..]` (zero padded), read little-endian.
fn word_prefix(b: &[u8], i: usize, n: usize) -> u64 {
    word_prefix_lo(b, i, n, low_bytes(n))
}

/// [`word_prefix`], given `lo`, the [`low_bytes`] of `n`.
#[inline]
fn word_prefix_lo(b: &[u8], i: usize, n: usize, lo: u64) -> u64 {
    match b.get(i..i + 8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("eight bytes")) & lo,
        None => prefix_of(&b[i..i + n.min(8)]),
    }
}

/// Whether [`acronym_at`] may find something at the word of `n` bytes whose first eight
/// (`raw`, as [`word_prefix`] reads them, `lo` the [`low_bytes`] of `n`) end in `last`: a
/// word of two to six capitals, as the scan asked before, cut to the words that
/// `acronym_at` does not turn away at once, those ending in "H" or "MC" (so in `H` or `C`)
/// of five bytes at most. The last byte goes first: most capitalised words end otherwise,
/// and then the capitals' mask is not worked out.
#[inline]
fn acronym_possible(last: u8, n: usize, raw: u64, lo: u64) -> bool {
    matches!(last, b'H' | b'C') && (2..=5).contains(&n) && upper_mask(raw) == HIGH_BITS & lo
}

/// Byte classes for the scan, one table load per byte: [`NAME_ASCII`] and [`NAME`].
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' {
            t[c] = NAME_ASCII | NAME;
        } else if b >= 0x80 {
            t[c] = NAME;
        }
        c += 1;
    }
    t
};

/// In [`CLASS`]: an ASCII byte of a word of a place name (letters, digits, `'` and `-`).
const NAME_ASCII: u8 = 1;
/// In [`CLASS`]: a byte of a word, ASCII or not ([`is_name_byte`]).
const NAME: u8 = 2;

/// The keywords of [`LOWER_KEYWORDS`].
const LOWER: [&str; 6] = [
    "hospital", "clinic", "memorial", "rehab", "health", "medical",
];

/// The openings of [`saint_opening_at`], cut to the bytes every opening of its kind has.
const SAINT_OPENINGS: [&str; 9] = [
    "St.", "St ", "St\t", "ST.", "ST ", "ST\t", "Ste", "Saint", "SAINT",
];

/// [`LOWER`], the substrings of [`FINDERS`] and the [`SAINT_OPENINGS`], in this order, in
/// one packed searcher, where the target has one (x86-64 and aarch64).
static KEYWORD_SCAN: LazyLock<Option<aho_corasick::packed::Searcher>> = LazyLock::new(|| {
    aho_corasick::packed::Searcher::new(
        LOWER
            .iter()
            .chain(&["ransfer", "RANSFER"])
            .chain(SAINT_OPENINGS.iter()),
    )
});

/// Keywords that are written in lower case after a name (capitalised or not) often enough
/// to look for: one SIMD substring pass each.
static LOWER_KEYWORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    LOWER
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
    let prev_at = prev_word(text, s);
    let prev = prev_at.map(|(a, z)| &text[a..z]);
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
    let state = (case != Case::Caps || comma)
        && (state_after(text, e) || zip_after(text.as_bytes(), e).is_some());
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
                && prev_word(text, prev_at.map_or(0, |w| w.0))
                    .is_some_and(|(a, z)| in_list(RESIDENCE, &text[a..z]));
            (residence || after_street(text, s, prev_at))
                .then_some(("location.city", priority::CUE))
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
    let first = b[ks].to_ascii_lowercase();
    let Some(kw_len) = KEYWORDS
        .iter()
        .filter(|k| {
            let n = k.len();
            k.as_bytes()[0] == first
                && ks + n <= b.len()
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
        let exact = [("er", "ER"), ("general", "General"), ("med", "Med")]
            .iter()
            .find(|(low, _)| kw.eq_ignore_ascii_case(low))
            .is_none_or(|&(_, as_written)| kw == as_written);
        if !exact {
            return;
        }
        let named = if kw.starts_with("health") || kw.starts_with("medical") {
            // "Overall health", "Tertiary medical center": a capitalised word before a
            // lower-case keyword mostly opens a sentence. After a cue it names a place ("at
            // Shore medical center", "works for Vista health").
            name_before(text, ks).filter(|&st| {
                let Some((a, z)) = prev_word(text, st) else {
                    return false;
                };
                let p = &text[a..z];
                in_list(&["to", "at", "from", "@", "by", "into"], p)
                    || in_list(&["for", "with"], p)
                        && prev_word(text, a).is_some_and(|(c, d)| in_list(EMPLOYED, &text[c..d]))
            })
        } else {
            name_before(text, ks)
        };
        let Some(start) = named.or_else(|| lower_name_before(text, ks, ke)) else {
            return;
        };
        let pre = &text[start..ks];
        if kw_case == Case::Caps && !pre.bytes().any(|c| c.is_ascii_lowercase()) {
            // In capitals, every word looks like a name: require "to", "at", "by"... before.
            // A line of its own is a heading: "ALBANY GENERAL HOSPITAL" atop a summary.
            let head = text[..start].trim_end_matches([' ', '\t']);
            let rest = text[ke..].trim_start_matches([' ', '\t']);
            let alone = (head.is_empty() || head.ends_with('\n'))
                && (rest.is_empty() || rest.starts_with(['\n', '\r']));
            let cued = alone
                || prev_word(text, start).is_some_and(|(a, z)| {
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
    let mut buf = [(0usize, 0usize); 6];
    let mut len = 0;
    let mut pos = ks;
    while len < buf.len() {
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
        buf[len] = (s, e);
        len += 1;
        pos = s;
    }
    let mut words = &buf[..len];
    // Cut at the nearest break word ("TRANSFERRED TO HOLY CROSS REHAB").
    let mut keep = words.len();
    for (k, &(s, e)) in words.iter().enumerate() {
        let w = text[s..e].trim_end_matches('.');
        if BREAKS_SET.contains(w) {
            keep = k;
            break;
        }
    }
    words = &words[..keep];
    // A connector cannot start the name.
    while let Some((&(s, e), rest)) = words.split_last()
        && matches!(&text[s..e], "and" | "of" | "&")
    {
        words = rest;
    }
    if words.is_empty() {
        return None;
    }
    let all_generic = words.iter().all(|&(s, e)| {
        let w = text[s..e].trim_end_matches('.');
        GENERIC_SET.contains(w)
    });
    if all_generic {
        return None;
    }
    words.last().map(|w| w.0)
}

/// Last words of a region or neighbourhood smaller than a state: "the Eastern Shore", "the
/// Hudson Valley", "the Upper Peninsula", "the South Side", "Long Island", "Crown Heights",
/// "the East Village".
const REGION_NOUNS: &[&str] = &[
    "heights",
    "hills",
    "island",
    "keys",
    "panhandle",
    "peninsula",
    "shore",
    "side",
    "valley",
    "village",
];

/// Region nouns that are also surnames ("Shore", "Hills", "Keys"): they need "the" before
/// the name ("on the Jersey Shore"), where a person has none.
const REGION_NEEDS_THE: &[&str] = &["hills", "keys", "shore"];

/// The only words before "Side" that make a region: "the South Side", "the Upper West
/// Side"; not "the Left Side".
const SIDE_WORDS: &[&str] = &["north", "south", "east", "west", "upper", "lower"];

/// Prepositions before a region ("on the Eastern Shore", "from the Texas Panhandle").
const REGION_PREPS: &[&str] = &[
    "across", "along", "around", "at", "from", "in", "near", "of", "on", "to", "toward", "towards",
    "visiting",
];

/// A region ending in the noun `text[ns..ne]` (one of [`REGION_NOUNS`], capitalised): one
/// or two capitalised words before it, after a preposition and perhaps "the". Regions are
/// geographic subdivisions smaller than a state, like the cities and counties; the
/// preposition keeps out a name that ends a sentence's first words ("Jane Hills said").
fn region_at(text: &str, ns: usize, ne: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let noun = &text[ns..ne];
    if let Some((a, z)) = next_word(text, ne)
        && b[a].is_ascii_uppercase()
        && text[ne..a].bytes().all(|c| c == b' ' || c == b'\t')
    {
        // Part of a longer name: "Green Valley Clinic", "Shore Medical". In capitals
        // every word is capitalised ("ON THE WESTERN SHORE WITH"): there only a keyword.
        let caps = noun.bytes().all(|c| c.is_ascii_uppercase());
        let w = &text[a..z];
        if !caps
            || KEYWORDS.iter().any(|k| {
                k.split(' ')
                    .next()
                    .is_some_and(|f| f.eq_ignore_ascii_case(w))
            })
        {
            return;
        }
    }
    let mut start = ns;
    let mut count = 0;
    let mut side_ok = true;
    while count < 2 {
        let Some((a, z)) = prev_word(text, start) else {
            break;
        };
        let w = &text[a..z];
        if !b[a].is_ascii_uppercase()
            || z < start && b[z] == b'.'
            || !text[z..start].bytes().all(|c| c == b' ' || c == b'\t')
            || BREAKS_SET.contains(w)
            || in_list(
                &["his", "her", "my", "our", "their", "this", "that", "your"],
                w,
            )
            || in_list(HONORIFICS, w)
            || in_list(REGION_PREPS, w)
        {
            break;
        }
        if !in_list(SIDE_WORDS, w) || count == 0 && in_list(&["upper", "lower"], w) {
            side_ok = false;
        }
        start = a;
        count += 1;
    }
    if count == 0 || noun.eq_ignore_ascii_case("side") && !side_ok {
        return;
    }
    let head = text[start..ns].trim_end();
    if super::address::starts_with_state_name(&text[start..ne])
        && !super::address::starts_with_state_name(head)
    {
        // The state's own name: "Rhode Island".
        return;
    }
    let mut cue = prev_word(text, start);
    let mut the = false;
    if let Some((a, z)) = cue
        && text[a..z].eq_ignore_ascii_case("the")
    {
        the = true;
        cue = prev_word(text, a);
    }
    if !the && in_list(REGION_NEEDS_THE, noun) {
        return;
    }
    if cue.is_some_and(|(a, z)| in_list(REGION_PREPS, &text[a..z])) {
        out.push(Candidate::new(
            start,
            ne,
            Label::Location,
            "location.region",
            priority::CUE,
        ));
    }
}

/// Keywords after which a name in lower case may be a facility by its shape alone
/// ("to kernan hospital", "works for vista health"); after any other ("pain clinic",
/// "methadone clinic", "start rehab") the words before name a kind of care, so only a
/// known place or famous name counts there.
const LOWER_NAME_KEYWORDS: &[&str] = &[
    "hospital",
    "medical center",
    "medical centre",
    "medical ctr",
    "med center",
    "medical group",
    "health",
    "healthcare",
    "health care",
    "health system",
    "health center",
    "memorial",
    "infirmary",
];

/// Lower-case words that say what kind of hospital it is, not which one: "the county
/// hospital", "a teaching hospital", "her father's hospital".
const LOWER_KINDS: &[&str] = &[
    "allied",
    "army",
    "baseline",
    "big",
    "burn",
    "campus",
    "children's",
    "childrens",
    "city",
    "closest",
    "county",
    "different",
    "environmental",
    "field",
    "good",
    "holistic",
    "integrative",
    "kids",
    "large",
    "ltac",
    "ltach",
    "main",
    "maternity",
    "military",
    "occupational",
    "osh",
    "peds",
    "preventive",
    "psych",
    "rural",
    "school",
    "small",
    "snf",
    "teaching",
    "town",
    "trauma",
    "tribal",
    "university",
    "urban",
    "vet",
    "womens",
];

/// Verbs of employment: "works for vista health", "employed at mercy hospital".
const EMPLOYED: &[&str] = &["employed", "employee", "work", "worked", "working", "works"];

/// The start of a facility name written in lower case before the keyword `text[ks..ke]`,
/// if it has one of four shapes:
///
/// - a known place or famous facility: "sacred heart Memorial", "baltimore hospital";
/// - after "to", "at", "from" (and perhaps "the"), words of five letters or more that are
///   no ordinary words: "taken to kernan hospital";
/// - "the general hospital" after such a cue ("general" is the name there);
/// - after an employment verb and "for", "at", "with" or "by": "works for vista health".
///
/// Notes typed in lower case lose the capitals that [`name_before`] looks for; these shapes
/// keep the kinds of care ("outside hospital", "mental health", "pain clinic") out.
fn lower_name_before(text: &str, ks: usize, ke: usize) -> Option<usize> {
    let b = text.as_bytes();
    let kw = &text[ks..ke];
    // Up to three lower-case words, nearest first, up to a break word ("to", "the").
    let mut words = [(0usize, 0usize); 3];
    let mut n = 0;
    let mut pos = ks;
    while n < words.len() {
        let mut e = pos;
        while e > 0 && matches!(b[e - 1], b' ' | b'\t') && pos - e < 2 {
            e -= 1;
        }
        if e == pos {
            break;
        }
        let mut s = e;
        while s > 0 && (b[s - 1].is_ascii_lowercase() || matches!(b[s - 1], b'\'' | b'-')) {
            s -= 1;
        }
        if s == e || !b[s].is_ascii_lowercase() || (s > 0 && is_name_byte(b[s - 1])) {
            break;
        }
        let w = &text[s..e];
        if BREAKS_SET.contains(w) {
            break;
        }
        words[n] = (s, e);
        n += 1;
        pos = s;
    }
    if n == 0 {
        return None;
    }
    let words = &words[..n];
    let start = words[n - 1].0;
    // A known place or famous name, perhaps after other words ("pt sacred heart hospital").
    let g = &*GAZ;
    let mut key = [0u8; KEY_BUF];
    for k in (1..=n).rev() {
        let mut len = 0;
        for (j, &(s, e)) in words[..k].iter().rev().enumerate() {
            if len + usize::from(j > 0) + (e - s) > KEY_BUF {
                len = 0;
                break;
            }
            if j > 0 {
                key[len] = b' ';
                len += 1;
            }
            key[len..len + e - s].copy_from_slice(&b[s..e]);
            len += e - s;
        }
        if len > 0 && matches!(g.places.get(&key[..len]), Some(&t) if t <= 2 || t >= COUNTY) {
            return Some(words[k - 1].0);
        }
    }
    if !in_list(LOWER_NAME_KEYWORDS, kw) {
        return None;
    }
    if let Some((a, z)) = next_word(text, ke) {
        // "works for the county health department", "vista health plan".
        if in_list(
            &["department", "dept", "plan", "insurance", "day"],
            &text[a..z],
        ) {
            return None;
        }
    }
    // The cue before the name, past one "the".
    let mut cue = prev_word(text, start);
    if let Some((a, z)) = cue
        && text[a..z].eq_ignore_ascii_case("the")
    {
        cue = prev_word(text, a);
    }
    let (ca, cz) = cue?;
    let cue_word = &text[ca..cz];
    let kind = |&(s, e): &(usize, usize)| {
        let w = &text[s..e];
        GENERIC_SET.contains(w) || in_list(LOWER_KINDS, w) || w.ends_with("'s") || w.len() < 3
    };
    if in_list(&["to", "at", "from", "into", "@"], cue_word) {
        if n == 1 && &text[start..words[0].1] == "general" && kw == "hospital" {
            return Some(start);
        }
        // Five letters at least: shorter ones are mostly abbreviations and slips ("the
        // tert hospital", "teh hospital").
        let health = kw
            .get(..6)
            .is_some_and(|h| h.eq_ignore_ascii_case("health"));
        if !health
            && words
                .iter()
                .all(|w| w.1 - w.0 >= 5 && !kind(w) && !super::name::is_word(&text[w.0..w.1]))
        {
            return Some(start);
        }
    }
    if in_list(&["for", "at", "with", "by"], cue_word)
        && prev_word(text, ca).is_some_and(|(a, z)| in_list(EMPLOYED, &text[a..z]))
        && !words.iter().any(kind)
    {
        return Some(start);
    }
    None
}

/// Whether the opening of the saint pattern below stands in `text`: "St", "ST" or "Ste"
/// (each perhaps with a period), "Saint" or "SAINT", starting a word, then a space or a
/// tab, where [`saint_may_count`] holds. Most segments have some word starting "St"
/// ("Status", "Stable"); few have this.
fn saint_possible(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'S', b).any(|i| saint_opening_at(b, i) && saint_may_count(text, i))
}

/// Words before a saint's name that make it a facility ("to St. Agnes"), for [`saints`].
const SAINT_CUES: &[&str] = &["to", "at", "from", "@", "by", "into", "in", "of"];

/// Whether a saint whose match starts at `i` may count: [`saints`] keeps a match only with
/// a cue before it ([`SAINT_CUES`]) or a possessive `'s` or `’s` right after its name. The
/// possessive is looked for after every reading of the pattern from `i`: an opening of two
/// to five bytes, one or two spaces or tabs (as many as stand there, as the pattern needs),
/// a capital and letters, then `'` or the first byte of `’`; the pattern's own match is
/// one of these readings, so where none has it, the match has no possessive. In notes
/// written in capitals "ST" is mostly the ST segment ("ST ELEVATION"), with neither; there
/// the pattern need not run.
fn saint_may_count(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let possessive = |opening: usize| {
        let Some(rest) = b.get(i + opening..) else {
            return false;
        };
        let gap = rest
            .iter()
            .take(2)
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        let name = &rest[gap..];
        if gap == 0 || !name.first().is_some_and(u8::is_ascii_uppercase) {
            return false;
        }
        let letters = name.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        matches!(name.get(letters), Some(b'\'' | 0xE2))
    };
    prev_word(text, i).is_some_and(|(a, z)| in_list(SAINT_CUES, &text[a..z]))
        || (2..=5).any(possessive)
}

/// Whether the opening of the saint pattern starts at `b[i]`, an `S` (see
/// [`saint_possible`]).
fn saint_opening_at(b: &[u8], i: usize) -> bool {
    let r = &b[i + 1..];
    let space = |n: usize| r.get(n).is_some_and(|&c| c == b' ' || c == b'\t');
    let dot_space = |n: usize| r.get(n) == Some(&b'.') && space(n + 1) || space(n);
    super::word_start(b, i)
        && ((r.starts_with(b"t") || r.starts_with(b"T")) && dot_space(1)
            || r.starts_with(b"te") && dot_space(2)
            || (r.starts_with(b"aint") || r.starts_with(b"AINT")) && space(4))
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
    regex::Regex::new(r"(?-u:\b)(?:St\.?|ST\.?|Saint|SAINT|Ste\.?)[ \t]{1,2}(?P<n>[A-Z][A-Za-z]*)(?P<pos>['’]s(?-u:\b))?")
        .expect("valid regex")
});

/// The saints of `text`; the caller calls this only where [`saint_possible`] holds.
fn saints(text: &str, out: &mut Vec<Candidate>) {
    for c in SAINT.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let name = &c["n"];
        if let Some((a, z)) = next_word(text, m.end()) {
            if in_list(&["wort", "dance", "fire"], &text[a..z]) {
                continue;
            }
        }
        let cued =
            prev_word(text, m.start()).is_some_and(|(a, z)| in_list(SAINT_CUES, &text[a..z]));
        if c.name("pos").is_none() && !cued {
            continue;
        }
        if name.len() == 1 {
            // "a bed @ St A.": a saint's initial, as notes shorten a hospital everyone on the
            // ward knows; only in title case, after a cue, with the initial's period.
            let title = m.as_str().starts_with("St");
            if cued && title && c.name("pos").is_none() && text[m.end()..].starts_with('.') {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    Label::Location,
                    "location.facility",
                    priority::CUE,
                ));
            }
            continue;
        }
        if name.len() < 3 || BREAKS_SET.contains(name) || GENERIC_SET.contains(name) {
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

/// "transfer to Quartermain 2", "transferred to 209 quartermain": a ward or building name
/// with a number after (or a room number before) it after "transfer to".
#[inline(never)]
fn wards(text: &str, out: &mut Vec<Candidate>) {
    // Most segments have no transfer at all: the caller calls this only when "ransfer" or
    // "RANSFER" stands in the segment, and each of those is parsed by hand, where a regex
    // would scan the whole segment.
    let b = text.as_bytes();
    let first = out.len();
    for f in FINDERS.iter() {
        for at in f.find_iter(b) {
            let Some((ws, we, numbered)) = at.checked_sub(1).and_then(|t| ward_after(b, t)) else {
                continue;
            };
            let w = &text[ws..we];
            // Units are no wards: "transfer to CVICU 2", "TSICU".
            let unit = w.len() > 2 && w[w.len() - 2..].eq_ignore_ascii_case("cu");
            if in_list(NOT_WARDS, w) || GENERIC_SET.contains(w) || unit {
                continue;
            }
            // In lower case ("transferred to quartermain 9") only a word that is no ordinary
            // one: not "transfer to medicine 3", "transferred to cardiology 2". After a room
            // number, whatever the case: "transfer to 4 North" is a direction.
            let lower = b[ws].is_ascii_lowercase();
            if (lower || !numbered) && super::name::is_word(w) {
                continue;
            }
            out.push(Candidate::new(
                ws,
                we,
                Label::Location,
                "location.facility",
                priority::CUE,
            ));
        }
    }
    if out.len() > first {
        ward_mentions(text, first, out);
    }
}

/// The ward after the "transfer" (any case) starting at `b[t]`: "transfer(red|ed|ring) to",
/// then a name of five letters or more and a one- or two-digit number ("Quartermain 2",
/// `numbered`), or a room number of up to three digits and the name ("209 quartermain").
/// One or two spaces or tabs between the parts; word boundaries as the regex `\b` has them.
fn ward_after(b: &[u8], t: usize) -> Option<(usize, usize, bool)> {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let at_ci = |p: usize, s: &[u8]| {
        b.get(p..p + s.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(s))
    };
    // One or two spaces or tabs from `p`: the position after them.
    let gap = |p: usize| {
        let n = b[p.min(b.len())..]
            .iter()
            .take(2)
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        (n > 0).then_some(p + n)
    };
    // A run of bytes matching `class` from `p`: its end.
    let run = |p: usize, class: fn(&u8) -> bool| {
        p + b[p.min(b.len())..].iter().take_while(|c| class(c)).count()
    };
    if !at_ci(t, b"transfer") || (t > 0 && word(b[t - 1])) {
        return None;
    }
    let mut p = t + 8;
    for suffix in [&b"red"[..], b"ed", b"ring"] {
        if at_ci(p, suffix) && gap(p + suffix.len()).is_some() {
            p += suffix.len();
            break;
        }
    }
    p = gap(p)?;
    if !at_ci(p, b"to") {
        return None;
    }
    p = gap(p + 2)?;
    let letters = run(p, u8::is_ascii_alphabetic);
    if letters - p >= 5 {
        let d = gap(letters)?;
        let de = run(d, u8::is_ascii_digit);
        let ok = (1..=2).contains(&(de - d)) && b.get(de).is_none_or(|&c| !word(c));
        return ok.then_some((p, letters, true));
    }
    let digits = run(p, u8::is_ascii_digit);
    if !(1..=3).contains(&(digits - p)) {
        return None;
    }
    let ws = gap(digits)?;
    let we = run(ws, u8::is_ascii_alphabetic);
    let ok = we - ws >= 5 && b.get(we).is_none_or(|&c| !word(c));
    ok.then_some((ws, we, false))
}

/// Every other mention in `text` of the ward names found from `out[first..]` on: a note
/// that names a ward once ("transfer to Quartermain 2 or Quartermain 3", "back in the
/// QuartermainBuilding") names the same place at each mention. Only names that are no
/// ordinary word, so a capitalised "Hospice 2" does not make every "hospice" a place.
fn ward_mentions(text: &str, first: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let found: Vec<(usize, usize)> = out[first..].iter().map(|c| (c.start, c.end)).collect();
    for (k, &(s, e)) in found.iter().enumerate() {
        let name = &b[s..e];
        if super::name::is_word(&text[s..e])
            || found[..k]
                .iter()
                .any(|&(s2, e2)| b[s2..e2].eq_ignore_ascii_case(name))
        {
            continue;
        }
        let mut at = 0;
        while at + name.len() <= b.len() {
            let Some(off) = b[at..]
                .windows(name.len())
                .position(|w| w.eq_ignore_ascii_case(name))
            else {
                break;
            };
            let (ms, me) = (at + off, at + off + name.len());
            at = me;
            if found.iter().any(|&(fs, _)| fs == ms) {
                continue;
            }
            // A word of its own, or glued to a capitalised word after it
            // ("QuartermainBuilding").
            let starts = ms == 0 || !is_name_byte(b[ms - 1]);
            let ends = b
                .get(me)
                .is_none_or(|&c| !is_name_byte(c) || c.is_ascii_uppercase());
            if starts && ends {
                out.push(Candidate::new(
                    ms,
                    me,
                    Label::Location,
                    "location.facility",
                    priority::CUE,
                ));
            }
        }
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

    /// The scan's first-word lookup (a filter on the first eight bytes, then the map) agrees
    /// with the plain one: the word in lower case looked up, and again with a period.
    #[test]
    fn first_word_at_matches_naive() {
        let g = &*super::GAZ;
        let naive = |b: &[u8], i: usize, e: usize| {
            if e - i >= super::WORD_BUF {
                return (0, 0);
            }
            let low = String::from_utf8(b[i..e].to_ascii_lowercase()).expect("ASCII");
            let get = |k: &str| g.first_words.get(k.as_bytes()).copied().unwrap_or(0);
            let flags = get(&low);
            let mut max = usize::from(flags & super::COUNT);
            if b.get(e) == Some(&b'.') {
                max = max.max(usize::from(get(&format!("{low}.")) & super::COUNT));
            }
            (flags, max)
        };
        let check = |text: &str| {
            let b = text.as_bytes();
            let i = 0;
            let mut e = 0;
            while e < b.len() && super::CLASS[usize::from(b[e])] & super::NAME_ASCII != 0 {
                e += 1;
            }
            while e > i && matches!(b[e - 1], b'-' | b'\'') {
                e -= 1;
            }
            if e == i {
                return;
            }
            let raw = super::word_prefix(b, i, e - i);
            let lo = super::low_bytes(e - i);
            assert_eq!(
                g.first_word_at(b, i, e, raw, lo),
                naive(b, i, e),
                "{text:?}"
            );
        };
        let cases = [
            "St. Louis",
            "ST. LOUIS",
            "St.",
            "St",
            "Mt. Vernon",
            "Ft. Worth is",
            "Salt Lake City",
            "SALT",
            "New York",
            "Winston-Salem",
            "O'Fallon",
            "O'",
            "Johns Hopkins",
            "Hospital",
            "HOSPITAL",
            "hospital",
            "Medical Center",
            "Med. Ctr",
            "ER",
            "Er",
            "General",
            "Springfield.",
            "Springfiel",
            "Springfields",
            "Baltimore,",
            "Baltimores",
            "Aa",
            "Q",
            "X1",
            "Zz-",
            "A1c",
            "Abcdefghijklmnopqrstuvwxyzabcde.",
            "Abcdefghijklmnopqrstuvwxyzabcdef.",
            "Abcdefghijklmnopqrstuvwxyzabcdefg",
            "Abcdefgh.",
            "Abcdefg.",
        ];
        for text in cases {
            check(text);
        }
        // Every first word, as written in a note: title case, capitals, with and without a
        // period, at the end of the text and before more of it.
        for k in g.first_words.keys() {
            let k = std::str::from_utf8(k).expect("UTF-8");
            let title: String = k
                .char_indices()
                .map(|(j, c)| if j == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            for w in [title, k.to_ascii_uppercase()] {
                for tail in ["", ".", " x", ". x", "s"] {
                    check(&format!("{w}{tail}"));
                }
            }
        }
    }

    /// The exact capital mask finds the same bytes as `is_ascii_uppercase`, in every lane.
    #[test]
    fn upper_mask_matches_naive() {
        for c in 0u8..=255 {
            for lane in 0..8 {
                let mut buf = [b'a'; 8];
                buf[lane] = c;
                let naive = buf.iter().enumerate().fold(0u64, |m, (j, &x)| {
                    m | u64::from(x.is_ascii_uppercase()) << (8 * j + 7)
                });
                assert_eq!(
                    super::upper_mask(u64::from_le_bytes(buf)),
                    naive,
                    "{c} at {lane}"
                );
            }
        }
        let mixed = *b"AZ@[az\xc1\xda";
        let naive = mixed.iter().enumerate().fold(0u64, |m, (j, &x)| {
            m | u64::from(x.is_ascii_uppercase()) << (8 * j + 7)
        });
        assert_eq!(super::upper_mask(u64::from_le_bytes(mixed)), naive);
    }

    /// The acronym test on the first eight bytes is `all(is_ascii_uppercase)` on the word.
    #[test]
    fn acronym_mask_matches_naive() {
        for w in [
            "GH", "MGH", "UWMC", "BMC", "Gh", "gH", "G1", "ABCDEF", "ABCDEFG", "A", "G-H",
        ] {
            let b = w.as_bytes();
            let n = b.len();
            let fast = (2..=6).contains(&n)
                && super::upper_mask(super::word_prefix(b, 0, n))
                    == super::HIGH_BITS & super::low_bytes(n);
            let naive = (2..=6).contains(&n) && b.iter().all(u8::is_ascii_uppercase);
            assert_eq!(fast, naive, "{w}");
        }
    }

    /// The scan's acronym gate turns away only words where `acronym_at` finds nothing: on
    /// every word of up to five bytes from an alphabet of the letters that matter, lower
    /// case, a digit and `-`, and on longer ones, after a transfer cue and before text,
    /// `acronym_at` behind the old gate (two to six capitals) finds what it finds behind the
    /// new one, and the new gate holds only where the old one does.
    #[test]
    fn acronym_possible_matches_old_gate() {
        const ALPHABET: &[u8] = b"HCMGhc1-";
        const LONGER: &[&str] = &[
            "ABCDEH", "ABCDMC", "UWMCMC", "MGHMGH", "ABCDEFH", "ABCDEMC", "ABCDEF", "ABCDE-H",
        ];
        let mut found = 0;
        let mut words: Vec<String> = LONGER.iter().map(|w| w.to_string()).collect();
        for n in 1..=5 {
            let mut digits = vec![0usize; n];
            'words: loop {
                words.push(digits.iter().map(|&d| char::from(ALPHABET[d])).collect());
                // The next word of the alphabet, odometer style.
                for d in digits.iter_mut() {
                    *d += 1;
                    if *d < ALPHABET.len() {
                        continue 'words;
                    }
                    *d = 0;
                }
                break;
            }
        }
        for w in &words {
            let n = w.len();
            for before in ["sent to ", "admitted directly to ", "seen at ", "é to "] {
                for after in ["", " today", "é", ".", "中"] {
                    let text = format!("{before}{w}{after}");
                    let b = text.as_bytes();
                    let (s, e) = (before.len(), before.len() + n);
                    let raw = super::word_prefix(b, s, n);
                    let lo = super::low_bytes(n);
                    let old =
                        (2..=6).contains(&n) && super::upper_mask(raw) == super::HIGH_BITS & lo;
                    let new = super::acronym_possible(b[e - 1], n, raw, lo);
                    assert!(!new || old, "{text:?}");
                    let run = |gate: bool| {
                        let mut out = Vec::new();
                        if gate {
                            super::acronym_at(&text, s, e, &mut out);
                        }
                        out.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>()
                    };
                    let got = run(new);
                    assert_eq!(got, run(old), "{text:?}");
                    found += got.len();
                }
            }
        }
        assert!(found > 100, "{found}");
    }

    /// `first_short` holds every first word of eight bytes at most, under the key that
    /// `prefix_of` makes of it, and no other: no first word holds a zero byte, so no two
    /// lengths share a key.
    #[test]
    fn first_short_keys_are_the_short_words() {
        let g = &*super::GAZ;
        let short: Vec<_> = g.first_words.iter().filter(|(k, _)| k.len() <= 8).collect();
        assert_eq!(short.len(), g.first_short.len());
        for (k, v) in short {
            assert!(!k.contains(&0), "{k:?}");
            assert_eq!(g.first_short.get(&super::prefix_of(k)), Some(v), "{k:?}");
        }
    }

    /// No name is longer than the scan's key buffer, so a key that does not fit has no entry.
    #[test]
    fn names_fit_the_key_buffer() {
        let longest = super::GAZ.places.keys().map(|k| k.len()).max();
        assert!(longest.is_some_and(|n| n <= super::KEY_BUF), "{longest:?}");
    }

    /// The packed pass for lower-case keywords finds what the separate substring passes find,
    /// in the same order, and the same transfer pre-check.
    #[test]
    fn packed_keywords_match_separate_passes() {
        let texts = [
            "follow by Kernan hospital and Mercy clinic then Grace memorial, Holy Cross rehab",
            "Kernan hospitalhospital, Smith clinicclinic and cliniclinic Rd",
            "St. Mary hospital transferehab Bay rehab, Lake rehabilitation",
            "TRANSFERRED TO HOLY CROSS REHAB after transfer to Quartermain 2, Oak hospital",
            "pretransfer Elm clinic; x hospital; Ann Arbor memorial; Reno memorial hospital",
            "Walgreens hospitals, clinical notes, Kernan  hospital, Kernan\thospital",
            "no keyword in this line at all, only some padding to pass the minimum length",
            "RANSFER",
            "short hospital",
        ];
        for text in texts {
            let (mut packed, mut plain) = (Vec::new(), Vec::new());
            let t1 = super::lower_keywords(text, true, &mut packed);
            let t2 = super::lower_keywords(text, false, &mut plain);
            assert_eq!((t1, packed), (t2, plain), "{text:?}");
        }
    }

    /// Many generated segments: pieces of keywords, transfers and saints' openings in every
    /// case, glued with spaces, tabs, periods, word bytes and non-ASCII text, so that
    /// openings stand at segment edges, inside words and next to one another. The packed
    /// pass must find what the separate passes find, and its saint gate must hold wherever
    /// the saint pattern matches.
    #[test]
    fn packed_pass_matches_separate_passes_generated() {
        const PIECES: &[&str] = &[
            "St",
            "ST",
            "Ste",
            "Saint",
            "SAINT",
            "Sainte",
            "S",
            "t",
            "T",
            "te",
            "aint",
            ".",
            " ",
            "  ",
            "\t",
            "_",
            "x",
            "é",
            "’s",
            "'s",
            "Mary",
            "AGNES",
            "hospital",
            "clinic",
            "memorial",
            "rehab",
            "health",
            "medical",
            "ransfer",
            "RANSFER",
            "Tr",
            "Kernan",
            "to",
            "at",
            "Status",
            "STAT",
            "\n",
            "-",
            "1",
            " to ",
            "by ",
            " at ",
            "Mary's",
            "MARY’S",
            " to St Mary",
            "St. Joseph's",
            "in ST. AGNES",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            // xorshift64*: any fixed sequence will do, as long as it is the same each run.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        let (mut saints, mut kept) = (0, 0);
        for round in 0..20_000 {
            let mut text = String::new();
            // Short and long segments: below and above the packed searcher's minimum length.
            for _ in 0..(1 + next(if round % 4 == 0 { 60 } else { 12 })) {
                text.push_str(PIECES[next(PIECES.len())]);
            }
            let (mut packed, mut plain) = (Vec::new(), Vec::new());
            let g1 = super::lower_keywords(&text, true, &mut packed);
            let g2 = super::lower_keywords(&text, false, &mut plain);
            assert_eq!((&g1, &packed), (&g2, &plain), "{text:?}");
            let mut found = Vec::new();
            super::saints(&text, &mut found);
            assert!(found.is_empty() || g1.saint, "{text:?}");
            saints += usize::from(g1.saint);
            kept += usize::from(!found.is_empty());
        }
        // The generator reaches both answers of the gate often, and saints are found.
        assert!((200..19_800).contains(&saints), "{saints}");
        assert!(kept >= 50, "{kept}");
    }

    /// The pair filter and the `SINGLE` flag skip only lookups that find nothing: on many
    /// generated runs of capitalised words, gazetteer words, connectors, periods, digits and
    /// non-ASCII text, the first-word lookup and `longest_name` find the name that trying
    /// every length up to `MAX_WORDS` from the longest finds.
    #[test]
    fn longest_name_matches_every_length() {
        const PIECES: &[&str] = &[
            "St.",
            "St",
            "Louis",
            "New",
            "York",
            "Haven",
            "City",
            "Salt",
            "Lake",
            "Port",
            "Lucie",
            "The",
            "On",
            "What",
            "Good",
            "Morning",
            "Johns",
            "Hopkins",
            "Hospital",
            "County",
            "Baltimore",
            "Prince",
            "George's",
            "Winston-Salem",
            "O'Fallon",
            "Fort",
            "Worth",
            "Mt.",
            "Vernon",
            "Washington",
            "DC",
            "NEW",
            "YORK",
            "Bay",
            "Minette",
            "Sacred",
            "Heart",
            "Ann",
            "Arbor",
            "San",
            "Francisco",
            "Jose",
            "Los",
            "Angeles",
            "of",
            "and",
            "x",
            "é",
            "Ünion",
            "12",
            "-",
            "'",
            ".",
            ",",
            " ",
            " ",
            " ",
            "  ",
            "\t",
        ];
        let g = &*super::GAZ;
        let naive = |b: &[u8], i: usize| {
            let mut words = [super::Word::default(); super::MAX_WORDS];
            let count = super::words_from(b, i, super::MAX_WORDS, &mut words);
            (1..=count)
                .rev()
                .find_map(|n| g.name_of_words(b, &words[..n]))
        };
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            // xorshift64*: any fixed sequence will do, as long as it is the same each run.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        let (mut found, mut tried) = (0, 0);
        for _ in 0..30_000 {
            let mut text = String::new();
            for _ in 0..1 + next(10) {
                text.push_str(PIECES[next(PIECES.len())]);
                if next(3) > 0 {
                    text.push(' ');
                }
            }
            let b = text.as_bytes();
            // Every capitalised word start, as the scan sees them.
            for i in 0..b.len() {
                if !b[i].is_ascii_uppercase() || i > 0 && super::is_name_byte(b[i - 1]) {
                    continue;
                }
                let mut e = i + 1;
                while e < b.len() && super::CLASS[usize::from(b[e])] & super::NAME_ASCII != 0 {
                    e += 1;
                }
                while e > i && matches!(b[e - 1], b'-' | b'\'') {
                    e -= 1;
                }
                let (raw, lo) = (super::word_prefix(b, i, e - i), super::low_bytes(e - i));
                let (flags, max_words) = g.first_word_at(b, i, e, raw, lo);
                let got = (max_words > 0)
                    .then(|| g.longest_name(b, i, flags, max_words))
                    .flatten();
                let want = naive(b, i);
                tried += 1;
                found += usize::from(want.is_some());
                assert_eq!(got, want, "{text:?} at {i}");
            }
        }
        assert!(found > 5_000 && tried > found + 5_000, "{found} of {tried}");
    }

    /// The first-letter test in front of `in_list` turns away no word of the list, in any
    /// case, and agrees with `in_list` on every other word tried.
    #[test]
    fn in_list_by_letter_matches_in_list() {
        let lists = [
            (super::FILLER_LETTERS, super::RESIDENCE_FILLERS),
            (super::RESIDENCE_LETTERS, super::LOWER_RESIDENCE),
        ];
        let mut words: Vec<String> = vec![
            String::new(),
            "@".into(),
            "'s".into(),
            "9".into(),
            "é".into(),
            "Ölives".into(),
            "[ives".into(),
            "`ives".into(),
            "going".into(),
            "pain".into(),
            "Lived".into(),
            "LIVED".into(),
            "lIvEs".into(),
        ];
        for (_, list) in lists {
            for w in list {
                words.push(w.to_string());
                words.push(w.to_ascii_uppercase());
                words.push(format!("{w}s"));
                words.push(w[1..].to_string());
            }
        }
        for c in 0u8..=127 {
            words.push(format!("{}ives", char::from(c)));
        }
        for (letters, list) in lists {
            for w in &words {
                assert_eq!(
                    super::in_list_by_letter(letters, list, w),
                    super::in_list(list, w),
                    "{w:?}"
                );
            }
        }
    }

    /// The sorted lists answer as `in_list` does: for each of their words in three cases, the
    /// words cut short or lengthened, and other words, ASCII or not.
    #[test]
    fn sorted_lists_match_in_list() {
        for (set, list) in [
            (&*super::GENERIC_SET, super::GENERIC),
            (&*super::BREAKS_SET, super::BREAKS),
        ] {
            let mut words: Vec<String> = ["", "x", "é", "Hospital", "the the", "ST.", "ed.", "zzz"]
                .iter()
                .map(|w| w.to_string())
                .collect();
            words.push("a".repeat(super::SORTED_WORD_MAX + 1));
            for w in list {
                assert!(
                    w.len() <= super::SORTED_WORD_MAX
                        && w.bytes().all(|c| !c.is_ascii_uppercase() && c.is_ascii()),
                    "{w}"
                );
                let mut title = w.to_string();
                title[..1].make_ascii_uppercase();
                words.extend([w.to_string(), w.to_ascii_uppercase(), title]);
                words.extend([w[1..].to_string(), format!("{w}s"), format!("{w}é")]);
            }
            for w in &words {
                assert_eq!(set.contains(w), super::in_list(list, w), "{w:?}");
            }
        }
    }

    /// The hand parser of the ward shape finds what the regex it replaced finds, at every
    /// "transfer" written with "ransfer" or "RANSFER".
    #[test]
    fn ward_after_matches_regex() {
        let re = regex::Regex::new(
            r"(?i:(?-u:\b)transfer(?:red|ed|ring)?[ \t]{1,2}to)[ \t]{1,2}(?:(?P<w>[A-Za-z]{5,})[ \t]{1,2}\d{1,2}|\d{1,3}[ \t]{1,2}(?P<r>[A-Za-z]{5,}))(?-u:\b)",
        )
        .expect("valid regex");
        let texts = [
            "will transfer to Quartermain 2 today",
            "transferred to 209 quartermain.",
            "TRANSFER TO QUARTERMAIN 2 IN AM",
            "Transfer  to\tWeinberg  12",
            "transfered to Blalock 123 and transferring to 12 Osler",
            "transfer to ICU 3, transfer to Floor 4, transfer to 1234 Osler",
            "pretransfer to Osler 2; transfer_to Osler 2; transferrer to Osler 2",
            "transfer to Osler2, transfer to Osler-2, transfer to 2 Osler3, transfer to 2 Osl",
            "transfer to   Osler 2, transfer to Osler   2, transfer to 12  Phipps_",
            "transfer to Osler 2x and transfer to Osler 2.",
            "transferring  to 7 Phipps",
            "transfer",
            "transfer to",
            "transfer to 12",
        ];
        for text in texts {
            let b = text.as_bytes();
            let mut regex: Vec<(usize, usize, bool)> = re
                .captures_iter(text)
                .map(|c| match (c.name("w"), c.name("r")) {
                    (Some(w), _) => (w.start(), w.end(), true),
                    (_, Some(r)) => (r.start(), r.end(), false),
                    _ => unreachable!("one branch matched"),
                })
                .collect();
            let mut hand: Vec<(usize, usize, bool)> = super::FINDERS
                .iter()
                .flat_map(|f| f.find_iter(b).collect::<Vec<_>>())
                .filter_map(|at| at.checked_sub(1).and_then(|t| super::ward_after(b, t)))
                .collect();
            regex.sort_unstable();
            hand.sort_unstable();
            assert_eq!(hand, regex, "{text:?}");
        }
    }

    /// The pre-check holds wherever `saints` finds a saint, and on every opening with a cue
    /// before it or an apostrophe after it.
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
            "by St. Mary",
            "at St A.",
            "WITH ST ELEVATION",
            "é St. Mary’s",
            "in ST JOSEPH",
            "of Saint Luke",
            "St  Mary’s",
            "Ste. Anne's",
            "SAINT\tLUKE'S",
            "St Mary'",
            "St Mary's",
            "St. Mary'",
            "St",
            "Saint",
            "St. M",
        ];
        for t in texts {
            let mut out = Vec::new();
            super::saints(t, &mut out);
            assert!(out.is_empty() || super::saint_possible(t), "{t}");
        }
        for t in [
            "by St. Mary",
            "St. Mary's",
            "é St. Mary’s",
            "in ST JOSEPH",
            "Ste. Anne's",
            "SAINT\tLUKE'S",
            "St  Mary’s",
        ] {
            assert!(super::saint_possible(t), "{t}");
        }
        assert!(!super::saint_possible("Status stable, complaint, STAT"));
        assert!(!super::saint_possible("WITH ST ELEVATION, ST DEPRESSION"));
        assert!(!super::saint_possible("WITH ST ELEVATION, PT'S ST"));
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
            // Lower case, after a residence verb.
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
            // Short names the gazetteer lacks.
            pos!("her sister lives in DC now", "DC", "location.city"),
            // Listed with accents and a typographic quote, found as typed either way.
            pos!("she moved to Española in May", "Española", "location.city"),
            pos!("moved to Hale‘iwa last year", "Hale‘iwa", "location.city"),
            pos!("moved to Hale'iwa last year", "Hale'iwa", "location.city"),
            pos!(
                "1 Main St, Washington, DC 20500",
                "Washington",
                "location.city"
            ),
            pos!(
                "she moved to Washington last year",
                "Washington",
                "location.city"
            ),
            pos!("he moved to NYC in May", "NYC", "location.city"),
            pos!("visited family in Philly", "Philly", "location.city"),
            // A name that is also a first name, after a street address.
            pos!(
                "address is 14 Elm Street in Quincy.",
                "Quincy",
                "location.city"
            ),
            pos!("at 2 Main St., Quincy today", "Quincy", "location.city"),
            // Regions smaller than a state.
            pos!(
                "was fishing on the Eastern Shore when",
                "Eastern Shore",
                "location.region"
            ),
            pos!("grew up on Long Island", "Long Island", "location.region"),
            pos!(
                "family lives in the Hudson Valley",
                "Hudson Valley",
                "location.region"
            ),
            pos!(
                "moved from the South Side last year",
                "South Side",
                "location.region"
            ),
            pos!(
                "camping in the Upper Peninsula in July",
                "Upper Peninsula",
                "location.region"
            ),
            pos!(
                "from the Texas Panhandle",
                "Texas Panhandle",
                "location.region"
            ),
            pos!(
                "daughter lives in Ashbury Heights",
                "Ashbury Heights",
                "location.region"
            ),
            pos!(
                "moved to the Larkspur Village in 2019",
                "Larkspur Village",
                "location.region"
            ),
            pos!(
                "LIVES ON THE WESTERN SHORE WITH WIFE",
                "WESTERN SHORE",
                "location.region"
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
                "may be transferred to quartermain 9 or vicu",
                "quartermain",
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
            // Names in lower case: a famous name or a known place before the keyword.
            pos!(
                "plan to go to holy cross hospital tomorrow",
                "holy cross hospital",
                "location.facility"
            ),
            pos!(
                "pt going to rehab(holy family Memorial) in am",
                "holy family Memorial",
                "location.facility"
            ),
            pos!(
                "seen at boston medical center in march",
                "boston medical center",
                "location.facility"
            ),
            // ...a word that is no ordinary word, after a cue.
            pos!(
                "was taken to tressler hospital overnight",
                "tressler hospital",
                "location.facility"
            ),
            // ..."the general hospital".
            pos!(
                "says she is at the general hospital, oriented x2",
                "general hospital",
                "location.facility"
            ),
            // ...an employer.
            pos!(
                "his wife works for lakeview health.",
                "lakeview health",
                "location.facility"
            ),
            pos!(
                "she works for Lakeview health now",
                "Lakeview health",
                "location.facility"
            ),
            pos!(
                "employed at riverbend medical center as a tech",
                "riverbend medical center",
                "location.facility"
            ),
            // A facility, not the region "Green Valley" in it.
            pos!(
                "follows at the Green Valley Clinic",
                "Green Valley Clinic",
                "location.facility"
            ),
            // A ward after a room number, and a saint's initial.
            pos!(
                "pt transferred to 312 quartermain. stable",
                "quartermain",
                "location.facility"
            ),
            pos!(
                "had a bed @ St A. but needs rescreening",
                "St A",
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
            // After a street with no house number, or a street's suffix in lower case.
            "walks on Elm Street in Quincy",
            "down the main street, Quincy said",
            // Lower case after a residence verb, but no place of tier 1 or 2.
            "lives in mobile home park",
            "returned to baseline after",
            "lives in fear of falling",
            "moved to bed with assist",
            "returned to floor at 2pm",
            "lives in assisted living",
            "living in pain, delivered to the unit",
            "olives in parkville",
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
            "transfer to medicine 3 when stable",
            "transferred to cardiology 2",
            "transfer to stepdown 4",
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
            // Lower-case kinds of care, not names.
            "went to the county hospital",
            "sent to outside hospital for cath",
            "admitted to psych hospital in past",
            "back to baseline health",
            "at risk for poor health",
            "works in mental health",
            "works at the local hospital",
            "works at a big hospital downtown",
            "works at his father's hospital",
            "works for the county health department",
            "works for occupational health",
            "transferred to the tert hospital",
            "Overall health is good.",
            "He is in Good health. Mental health stable.",
            "asked for Better health tips",
            "Tertiary medical center referral placed",
            "referred to the pain clinic",
            "goes to the methadone clinic daily",
            "ready to start rehab",
            "taken to the hospital by EMS",
            // Wards, regions and short names that are something else.
            "transfer to 4 North when bed available",
            "transferred to 5 West today",
            "transfer 2 units PRBC",
            "pressure ulcer on the Left Side",
            "lying on the right side",
            "lives in Rhode Island",
            "spoke to Dr. Keys on call",
            "Jane Hills called back",
            "reviewed Heights and weights",
            "to Dr. Heights for follow up",
            "placed Quinton cath in R IJ",
            "plan DC to home in AM",
            "status post DC cardioversion",
            "DC'd foley at 10:00",
            "ST A. FIB NOTED ON MONITOR",
            "Mr. Washington was seen",
            "Washington called the clinic",
        ] {
            assert_clean(text, &[Label::Location]);
        }
    }

    /// A facility in capitals on a line of its own: a heading, which needs no cue.
    #[test]
    fn capitals_heading_facility() {
        for (text, span) in [
            (
                "ALBANY GENERAL HOSPITAL\nRecord date: 2088",
                "ALBANY GENERAL HOSPITAL",
            ),
            ("  MERCY HOSPITAL  \n", "MERCY HOSPITAL"),
        ] {
            assert_finds(text, span, Label::Location, "location.facility");
        }
        for text in [
            "COMMUNITY HOSPITAL\n",
            "EMERGENCY DEPARTMENT\n",
            "PT WANTS TO GO HOME FROM HOSPITAL SOON",
            "NEURO: ALERT, MERCY HOSPITAL CALLED",
        ] {
            assert_clean(text, &[Label::Location]);
        }
    }

    /// Practices and homes named by their kind: "Lakeview Family Medicine", "Sunrise Senior
    /// Living", "Maple Grove Care Home"; the kind alone is none.
    #[test]
    fn practice_and_home_keywords() {
        for (text, span) in [
            (
                "From: Lakeview Family Medicine  Date: 12/03/2026",
                "Lakeview Family Medicine",
            ),
            (
                "discharged to Sunrise Senior Living, 12 Oak St",
                "Sunrise Senior Living",
            ),
            ("went to Maple Grove Care Home", "Maple Grove Care Home"),
            (
                "lives at Oak Hill Assisted Living",
                "Oak Hill Assisted Living",
            ),
            (
                "School: Lincoln Elementary, 3rd grade",
                "Lincoln Elementary",
            ),
            (
                "NORTH SHORE CARDIOLOGY ASSOCIATES",
                "NORTH SHORE CARDIOLOGY ASSOCIATES",
            ),
            (
                "at the Beverly Internal Medicine practice",
                "Beverly Internal Medicine",
            ),
            (
                "Daycare: Little Sprouts Academy; director",
                "Little Sprouts Academy",
            ),
        ] {
            assert_finds(text, span, Label::Location, "location.facility");
        }
        for text in [
            "She sees family medicine",
            "Department of Family Medicine",
            "pt is in assisted living",
            "moved to memory care",
            "she is in high school",
            "seen in Internal Medicine clinic",
            "Associates degree in nursing",
            "American Academy of Pediatrics guidance",
        ] {
            assert_clean(text, &[Label::Location]);
        }
    }

    /// A city the gazetteer lacks, after a preposition and before a country or state.
    #[test]
    fn city_before_region() {
        let rule = "location.city_before_region";
        for (text, span) in [
            (
                "Returning from Guadalajara, Mexico next week",
                "Guadalajara",
            ),
            ("She lives in Ponce, Puerto Rico", "Ponce"),
            ("moved here from Lagos, Nigeria in 2019", "Lagos"),
            ("grew up in Villa Nueva, Guatemala", "Villa Nueva"),
        ] {
            assert_finds(text, span, Label::Location, rule);
        }
        for text in [
            "in March, Mexico had",
            "seen in Clinic, Texas",
            "translated to Spanish, English",
            "Guadalajara, Mexico",
            "from guadalajara, Mexico",
            "from Guadalajara, Mexicans",
        ] {
            assert_clean(text, &[Label::Location]);
        }
    }

    /// A ZIP after a city without its state, which the address recognizer cannot tell
    /// from any other five digits; and the ZIP makes a place of a name that needs context.
    #[test]
    fn zip_after_city() {
        let cases = [
            ("lives in Chicago 60640 with daughter", "60640"),
            ("4410 N Clarendon Ave, Chicago, 60640-1234", "60640-1234"),
            ("Springfield 62704", "62704"),
        ];
        for (text, zip) in cases {
            assert_finds(text, zip, Label::Zip, "zip.after_city");
        }
        assert_finds(
            "Springfield 62704",
            "Springfield",
            Label::Location,
            "location.city",
        );
        for text in [
            "Chicago 606401 ids",
            "Chicago 60640mg",
            "Chicago 12345.5 units",
            "in Chicago 2 days",
            "Chicago60640",
        ] {
            assert_clean(text, &[Label::Zip]);
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

    /// A ward named once after "transfer to" is redacted at each mention in the segment,
    /// also glued to the next word; a ward that is an ordinary word is not spread.
    #[test]
    fn ward_mentions() {
        let r = Redactor::new();
        assert_eq!(
            r.redact("will transfer to Quartermain 2 or Quartermain 3"),
            "will transfer to [LOCATION] 2 or [LOCATION] 3"
        );
        assert_eq!(
            r.redact("transfer to quartermain 2 today. asks about QuartermainBuilding"),
            "transfer to [LOCATION] 2 today. asks about [LOCATION]Building"
        );
        assert_eq!(
            r.redact("transfer to Hospice 2 when stable; hospice team aware"),
            "transfer to [LOCATION] 2 when stable; hospice team aware"
        );
        assert_eq!(
            r.redact("transfer to CVICU 2 today; CVICU team aware"),
            "transfer to CVICU 2 today; CVICU team aware"
        );
    }

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

//! US street addresses and ZIP codes.
//!
//! An address is a house number, one to four street-name words and a street suffix
//! ("1234 Oak Street", "12 N. Main St, Apt 4B"), or a PO box. A five-digit number is a ZIP
//! only after a state (name or upper-case code) or a cue ("zip", "postal"); a ZIP+4
//! (`12345-6789`) is distinctive on its own.

use std::sync::LazyLock;

use regex::Regex;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use super::{Candidate, Cues, Shape, byte_at, is_space, priority, word_end, word_start};
use crate::finding::Label;

const SUFFIXES: &str = r"street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|ter|terr|circle|cir|parkway|pkwy|highway|hwy|route|rte|square|sq|trail|trl|alley|aly|crescent|cres|loop|pike|turnpike|tpke|plaza|plz|row|path|expressway|expy|freeway|fwy|point|ridge|hollow|hills?|heights|hts|manor|mnr|crossing|xing";

static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?xi-u)
        \b\d{{1,6}}[A-Za-z]?[\ \t]{{1,2}}
        (?:(?:n|s|e|w|ne|nw|se|sw|north|south|east|west)\.?[\ \t]{{1,2}})?
        (?P<words>(?:(?:\d{{1,3}}(?:st|nd|rd|th)|[A-Za-z]\.|[A-Za-z][A-Za-z'\-]*)[\ \t]{{1,2}}){{1,4}}?)
        (?:{SUFFIXES})\b\.?
        (?:[\ \t]{{0,2}}(?:n|s|e|w|ne|nw|se|sw)\b\.?)?
        (?:[\ \t]{{0,2}},?[\ \t]{{0,2}}(?:apt|apartment|unit|suite|ste|\#|fl|floor|bldg|building|rm)\.?[\ \t]{{0,2}}\#?[\ \t]{{0,2}}[A-Za-z0-9\-]{{1,6}}\b)?
        "
    ))
    .expect("valid regex")
});

/// Words that never stand in a street name but often stand between a number and a word
/// like "Dr" or "St" in clinical text ("8 today but Pt", "28 on repeat. ct").
static NOT_STREET_WORDS: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "a",
        "an",
        "the",
        "on",
        "of",
        "to",
        "at",
        "for",
        "by",
        "in",
        "is",
        "was",
        "and",
        "or",
        "but",
        "if",
        "with",
        "did",
        "not",
        "no",
        "x",
        "today",
        "tonight",
        "yesterday",
        "am",
        "pm",
        "hrs",
        "hr",
        "cc",
        "ml",
        "mg",
        "mcg",
        "cm",
        "mm",
        "units",
        "u",
        "times",
        "per",
        "then",
        "than",
        "from",
        "via",
        "after",
        "before",
        "as",
        "when",
        "while",
        "so",
    ])
});

/// An apartment on its own line or after a street the street pattern missed: "Apt 4B",
/// "Apartment #12". Only with a number: "apt to fall" is an adjective.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:apt\.?|apartment)[ \t]{0,2}\#?[ \t]{0,2}\d{1,5}[A-Za-z]?\b")
        .expect("valid regex")
});

static PO_BOX: LazyLock<Regex> = LazyLock::new(|| {
    // A rural route's box: "Rural Route 2 Box 45", "RR 3, Box 12", "HC 61 Box 7".
    Regex::new(
        r"(?i-u)\b(?:p\.?\s?o\.?\s?|(?:rural\s?route|r\.?r\.?|hc)\s{0,2}\#?\s{0,2}\d{1,4}\s{0,2},?\s{0,2})box\s{0,2}\#?\s{0,2}\d{1,7}\b",
    )
    .expect("valid regex")
});

pub(crate) const STATE_CODES: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR";
const STATE_NAMES: &str = "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico";

/// [`STATE_CODES`] as a table indexed by the two capitals: the place and name recognizers ask
/// for every capitalised pair they see.
static STATE_CODE_TABLE: [bool; 26 * 26] = {
    let b = STATE_CODES.as_bytes();
    let mut t = [false; 26 * 26];
    let mut i = 0;
    while i + 1 < b.len() {
        t[(b[i] - b'A') as usize * 26 + (b[i + 1] - b'A') as usize] = true;
        i += 3;
    }
    t
};

/// Whether `code` is a US state or territory code, exactly as written ("IL", not "il").
pub(crate) fn is_state_code(code: &str) -> bool {
    match *code.as_bytes() {
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
            STATE_CODE_TABLE[(a - b'A') as usize * 26 + (b - b'A') as usize]
        }
        _ => false,
    }
}

/// [`STATE_NAMES`] by first letter, split once: the place and name recognizers ask after
/// every capitalised word that may end a city.
static STATE_NAMES_BY_LETTER: LazyLock<[Vec<&'static str>; 26]> = LazyLock::new(|| {
    let mut t: [Vec<&'static str>; 26] = Default::default();
    for n in STATE_NAMES.split('|') {
        t[usize::from(n.as_bytes()[0] - b'A')].push(n);
    }
    t
});

/// Whether `text` starts with a state name (any case) followed by a non-letter.
pub(crate) fn starts_with_state_name(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return false;
    };
    if !first.is_ascii_uppercase() {
        return false;
    }
    STATE_NAMES_BY_LETTER[usize::from(first - b'A')]
        .iter()
        .any(|n| {
            text.len() >= n.len()
                && text.is_char_boundary(n.len())
                && text[..n.len()].eq_ignore_ascii_case(n)
                && !text
                    .as_bytes()
                    .get(n.len())
                    .is_some_and(|c| c.is_ascii_alphanumeric())
        })
}

static ZIP_AFTER_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u)(?:\b(?:{STATE_CODES})\.?|\b(?i:{STATE_NAMES})),?\s{{1,2}}(?P<zip>\d{{5}}(?:-\d{{4}})?)\b"
    ))
    .expect("valid regex")
});

static ZIP_CUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:zip|zip\s?code|zipcode|postal\s?code|postcode)\s{0,2}[:#]?\s{0,2}(?P<zip>\d{5}(?:-\d{4})?)\b")
        .expect("valid regex")
});

static ZIP_PLUS4: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\b\d{5}-\d{4}\b").expect("valid regex"));

/// The street suffixes as whole words: [`STREET`] needs one, and most segments have none,
/// so the automaton decides cheaply whether the regex must run.
static SUFFIX_WORDS: LazyLock<Cues> = LazyLock::new(|| Cues::new(&suffix_words()));

/// Words that [`UNIT`] and [`PO_BOX`] need, as substrings in any case.
static UNIT_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(["apt", "apartment", "box"])
        .expect("unit words build an automaton")
});

/// [`STREET`] anchored at the start of the haystack.
static STREET_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{})", STREET.as_str())).expect("valid regex"));

/// Every pattern here is ASCII-only (`(?-u)`), so the gates below hold for any text; the
/// whole-text searches stay for segments that are not plain only so that the shape oracle
/// has them to compare with.
/// The province and territory codes of Canada.
const PROVINCES: [&[u8; 2]; 13] = [
    b"AB", b"BC", b"MB", b"NB", b"NL", b"NS", b"NT", b"NU", b"ON", b"PE", b"QC", b"SK", b"YT",
];

/// Canadian postal codes after a province code ("Montréal QC H2X 1K4", "Toronto, ON
/// M5V-2T6"): letter, digit, letter, a space, a dash or nothing, digit, letter, digit, in
/// capitals. Read off the one-digit runs: the code's first digit stands between two capitals
/// at a word's start. `zip.canada`, labelled `ZIP`.
fn canadian_postcodes(b: &[u8], runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let up = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for &(s, e) in runs {
        if e - s != 1 || s == 0 || !up(s - 1) || !word_start(b, s - 1) || !up(e) {
            continue;
        }
        let second = if matches!(b.get(e + 1), Some(b' ' | b'-')) {
            e + 2
        } else {
            e + 1
        };
        let end = second + 3;
        if !(digit(second) && up(second + 1) && digit(second + 2) && word_end(b, end)) {
            continue;
        }
        // The province code before it, after a space and perhaps a comma.
        let mut q = s - 1;
        while q > 0 && s - 1 - q < 3 && matches!(b[q - 1], b' ' | b',') {
            q -= 1;
        }
        let province = q + 1 < s
            && q >= 2
            && PROVINCES.iter().any(|p| &b[q - 2..q] == *p)
            && word_start(b, q - 2);
        if province {
            out.push(Candidate::new(
                s - 1,
                end,
                Label::Zip,
                "zip.canada",
                priority::CUE,
            ));
        }
    }
}

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    if memchr::memchr(b'^', b).is_some() {
        hl7_zips(b, &shape.runs, out);
    }
    if shape.plain {
        // A street starts at a whole run of at most six digits after `\b`, followed by a
        // letter, a space or a tab; there the anchored regex sees what the whole-text one
        // sees.
        let starts = shape
            .runs
            .iter()
            .filter(|&&(s, e)| {
                b.get(e)
                    .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b' ' | b'\t'))
                    && e - s <= 6
                    && word_start(b, s)
            })
            .copied();
        // No suffix gate here: an anchored try at a start costs less than an automaton pass
        // over the segment.
        {
            // Tried in increasing order and none before the end of the last match: the
            // matches of `find_iter`.
            let mut next = 0;
            for (s, e) in starts {
                if s < next || !street_possible(b, e) {
                    continue;
                }
                if let Some(m) = STREET_AT.find(&text[s..]) {
                    next = s + m.end();
                    street_one(text, s, next, out);
                }
            }
        }
    } else if has_suffix(text) {
        for m in STREET.find_iter(text) {
            street_one(text, m.start(), m.end(), out);
        }
    }
    if !shape.plain {
        canadian_postcodes(b, &super::date::ascii_runs(text), out);
    } else if shape.max_run >= 1 {
        canadian_postcodes(b, &shape.runs, out);
    }
    let units = if shape.plain {
        unit_possible(b, &shape.runs)
    } else {
        UNIT_WORDS.is_match(text)
    };
    if units {
        for m in UNIT.find_iter(text) {
            out.push(Candidate::new(
                m.start(),
                m.end(),
                Label::Address,
                "address.unit",
                priority::SHAPE,
            ));
        }
        for m in PO_BOX.find_iter(text) {
            out.push(Candidate::new(
                m.start(),
                m.end(),
                Label::Address,
                "address.po_box",
                priority::SHAPE,
            ));
        }
    }
    if !shape.plain {
        zips(text, out);
        for m in ZIP_PLUS4.find_iter(text) {
            plus4_one(text, m.start(), m.end(), out);
        }
        return;
    }
    // Every ZIP is a whole run of five digits with no word byte after it (a dash is none);
    // after a state, white space stands before it; after a cue, a word starting "zip" or
    // "post" stands somewhere.
    let five = || {
        shape
            .runs
            .iter()
            .filter(|&&(s, e)| e - s == 5 && word_end(b, e))
    };
    if five().next().is_none() {
        return;
    }
    // ZIP_AFTER_STATE, tried anchored at the word starts at most STATE_LEAD bytes before a
    // five-digit run with white space before it, in increasing order and none before the
    // end of the last match: the matches of `captures_iter`.
    let mut next = 0;
    for &(zs, _) in five().filter(|&&(s, _)| s > 0 && is_space(b[s - 1])) {
        if !state_before(b, zs) {
            // No try in this window can match (its ZIP would be this run), and skipping
            // the window's tries changes no later answer: a try there, made later, would
            // reach no other five-digit run.
            continue;
        }
        for p in next.max(zs.saturating_sub(STATE_LEAD))..zs {
            next = p + 1;
            if !(b[p].is_ascii_alphabetic() && word_start(b, p)) {
                continue;
            }
            // `find`, not `captures`: the match ends with its ZIP, which is read off the end.
            if let Some(m) = ZIP_AFTER_STATE_AT.find(&text[p..]) {
                next = p + m.end();
                let zs = if b[next - 5] == b'-' {
                    next - 10
                } else {
                    next - 5
                };
                zip_span_one(text, zs, next, "zip.after_state", out);
                break;
            }
        }
    }
    // Every cue ends in "zip" or "code" a few separators before its five digits.
    if five().any(|&(s, _)| zip_cue_possible(b, s)) {
        for c in ZIP_CUED.captures_iter(text) {
            zip_one(text, 0, &c, "zip.cue", out);
        }
    }
    // ZIP_PLUS4, read off the runs: five digits, a dash, four, each end a word boundary.
    for w in shape.runs.windows(2) {
        let [(s, e), (s2, e2)] = [w[0], w[1]];
        if s2 == e + 1
            && b[e] == b'-'
            && e - s == 5
            && e2 - s2 == 4
            && word_start(b, s)
            && word_end(b, e2)
        {
            plus4_one(text, s, e2, out);
        }
    }
}

/// Whether [`UNIT`] or [`PO_BOX`] can match: the digits of each start a run, and before them
/// stand at most five white-space or `#` bytes ("Apt. #4", "Box  12") and before those
/// "apt", "apt." or "apartment", or "box" (any case). One short look back from each run.
fn unit_possible(b: &[u8], runs: &[(usize, usize)]) -> bool {
    runs.iter().any(|&(s, _)| {
        let p = skip_back(b, s, |c| is_space(c) || c == b'#');
        // Each word ends in a `t`, an `x` or (after "apt") a period.
        if p == 0 || !matches!(b[p - 1] | 0x20, b't' | b'x' | b'.') {
            return false;
        }
        ends_with_ci(b, p, b"apt")
            || ends_with_ci(b, p, b"box")
            || ends_with_ci(b, p, b"apartment")
            || p > 0 && b[p - 1] == b'.' && ends_with_ci(b, p - 1, b"apt")
    })
}

/// Whether [`ZIP_CUED`] can match with its ZIP at `s`: every cue ends in "zip" or "code", and
/// between it and the digits stand at most five white-space, `:` or `#` bytes.
fn zip_cue_possible(b: &[u8], s: usize) -> bool {
    let p = skip_back(b, s, |c| is_space(c) || c == b':' || c == b'#');
    p > 0
        && matches!(b[p - 1] | 0x20, b'p' | b'e')
        && (ends_with_ci(b, p, b"zip") || ends_with_ci(b, p, b"code"))
}

/// The start of the at most five bytes before `i` that `sep` takes: the look-back of
/// [`unit_possible`] and [`zip_cue_possible`], whose patterns allow two spaces, a mark and two
/// spaces between a word and its digits.
fn skip_back(b: &[u8], i: usize, sep: impl Fn(u8) -> bool) -> usize {
    let mut p = i;
    while p > 0 && i - p < 5 && sep(b[p - 1]) {
        p -= 1;
    }
    p
}

/// Whether `b[..end]` ends with `word`, ASCII case-insensitively.
fn ends_with_ci(b: &[u8], end: usize, word: &[u8]) -> bool {
    end >= word.len() && b[end - word.len()..end].eq_ignore_ascii_case(word)
}

/// Whether [`STREET_AT`] can match at a digit run that ends at `e`: after it (and perhaps a
/// letter) come one or two blanks, then words each followed by one or two blanks, and the
/// second to sixth word is a suffix. A word before the suffix is a direction (first only,
/// perhaps with a period), letters with `'` and `-`, one letter and a period, or one to three
/// digits and an ordinal ending; a word that may be a suffix is a run of letters with no word
/// byte after it whose first two letters and length are those of a suffix
/// ([`SUFFIX_SHAPES`]). Most numbers in a note are followed by a unit, a comma, another
/// number or the end of a sentence before any such word, and this look costs less than the
/// anchored regex's set-up.
fn street_possible(b: &[u8], e: usize) -> bool {
    let class = |i: usize| b.get(i).map_or(0, |&c| STREET_CLASS[usize::from(c)]);
    let mut p = e;
    if class(p) & LETTER != 0 {
        p += 1;
    }
    for k in 1..=6 {
        if class(p) & BLANK == 0 {
            return false;
        }
        p += 1;
        if class(p) & BLANK != 0 {
            p += 1;
        }
        let t = p;
        while class(p) & LETTER != 0 {
            p += 1;
        }
        if k >= 2 && p - t >= 2 && class(p) & WORD == 0 && suffix_shape(&b[t..p]) {
            return true;
        }
        if p > t {
            // `[A-Za-z][A-Za-z'-]*`, `[A-Za-z]\.`, or a direction and a period.
            while class(p) & NAME != 0 {
                p += 1;
            }
            if b.get(p) == Some(&b'.') {
                if p - t > 1 && k > 1 {
                    return false;
                }
                p += 1;
            }
        } else {
            // `\d{1,3}(?:st|nd|rd|th)`.
            while class(p) & DIGIT != 0 && p - t < 4 {
                p += 1;
            }
            if p == t || p - t > 3 {
                return false;
            }
            let ordinal = b.get(p..p + 2).is_some_and(|w| {
                let w = [w[0] | 0x20, w[1] | 0x20];
                matches!(&w, b"st" | b"nd" | b"rd" | b"th")
            });
            if !ordinal {
                return false;
            }
            p += 2;
        }
    }
    false
}

/// Byte classes for [`street_possible`], one table load per byte.
static STREET_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphabetic() {
            t[c] |= LETTER | NAME;
        }
        if b == b'\'' || b == b'-' {
            t[c] |= NAME;
        }
        if b.is_ascii_digit() {
            t[c] |= DIGIT;
        }
        if b.is_ascii_alphanumeric() || b == b'_' {
            t[c] |= WORD;
        }
        if b == b' ' || b == b'\t' {
            t[c] |= BLANK;
        }
        c += 1;
    }
    t
};

/// In [`STREET_CLASS`]: an ASCII letter.
const LETTER: u8 = 1;
/// In [`STREET_CLASS`]: a word byte of `(?-u:\b)` ([`super::is_word_byte`]).
const WORD: u8 = 2;
/// In [`STREET_CLASS`]: a byte of a street-name word, `[A-Za-z'-]`.
const NAME: u8 = 4;
/// In [`STREET_CLASS`]: a space or a tab.
const BLANK: u8 = 8;
/// In [`STREET_CLASS`]: an ASCII digit.
const DIGIT: u8 = 16;

/// For each first two letters (lower case, `26 * a + b`) of a street suffix, a bit for each
/// length a suffix starting with them has.
static SUFFIX_SHAPES: LazyLock<[u16; 26 * 26]> = LazyLock::new(|| {
    let mut t = [0u16; 26 * 26];
    for w in suffix_words() {
        let w = w.as_bytes();
        t[usize::from(w[0] - b'a') * 26 + usize::from(w[1] - b'a')] |= 1 << w.len();
    }
    t
});

/// Whether the letters `w` (at least two) have the first two letters and the length of a
/// street suffix, in any case.
fn suffix_shape(w: &[u8]) -> bool {
    let (a, c) = (w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase());
    w.len() < 16
        && SUFFIX_SHAPES[usize::from(a - b'a') * 26 + usize::from(c - b'a')] & (1 << w.len()) != 0
}

/// The street suffixes of [`SUFFIXES`], with "hills?" as "hill" and "hills".
fn suffix_words() -> Vec<&'static str> {
    SUFFIXES
        .split('|')
        .flat_map(|w| match w.strip_suffix('?') {
            // "hills?" is the one optional letter in the list.
            Some(stem) => vec![stem, &w[..w.len() - 2]],
            None => vec![w],
        })
        .collect()
}

/// A suffix is a whole word in every match of [`STREET`]; the leftmost-longest automaton
/// reports a whole word that is a suffix as itself, because no suffix holds a non-letter.
fn has_suffix(text: &str) -> bool {
    SUFFIX_WORDS.iter(text).next().is_some()
}

/// The ZIPs after a state and after a cue, by whole-text search.
/// ZIP codes in an HL7 address pasted into text: a component of five digits (or ZIP+4)
/// right after a state code component, "...^ATLANTA^GA^30303^USA". (The HL7 reader,
/// `--format hl7`, knows the fields; this is for such a line in free text.)
fn hl7_zips(b: &[u8], runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    for &(s, e) in runs {
        if e - s != 5 || s < 4 || b[s - 1] != b'^' || b[s - 4] != b'^' {
            continue;
        }
        if !std::str::from_utf8(&b[s - 3..s - 1]).is_ok_and(is_state_code) {
            continue;
        }
        let end = if b.get(e) == Some(&b'-')
            && b.get(e + 1..e + 5)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            e + 5
        } else {
            e
        };
        if b.get(end)
            .is_none_or(|&c| matches!(c, b'^' | b'|' | b'~') || is_space(c))
        {
            out.push(Candidate::new(s, end, Label::Zip, "zip.hl7", priority::CUE));
        }
    }
}

fn zips(text: &str, out: &mut Vec<Candidate>) {
    for (re, rule) in [
        (&*ZIP_AFTER_STATE, "zip.after_state"),
        (&*ZIP_CUED, "zip.cue"),
    ] {
        for c in re.captures_iter(text) {
            zip_one(text, 0, &c, rule, out);
        }
    }
}

/// One match of [`ZIP_AFTER_STATE`] or [`ZIP_CUED`], found in `text[base..]`.
fn zip_one(
    text: &str,
    base: usize,
    c: &regex::Captures<'_>,
    rule: &'static str,
    out: &mut Vec<Candidate>,
) {
    if let Some(z) = c.name("zip") {
        zip_span_one(text, base + z.start(), base + z.end(), rule, out);
    }
}

/// A ZIP at `text[s..e]` found by [`ZIP_AFTER_STATE`] or [`ZIP_CUED`]: a five-digit ZIP
/// followed by a dash and digits is part of a longer number.
fn zip_span_one(text: &str, s: usize, e: usize, rule: &'static str, out: &mut Vec<Candidate>) {
    if byte_at(text, e) == b'-' && byte_at(text, e + 1).is_ascii_digit() {
        return;
    }
    out.push(Candidate::new(s, e, Label::Zip, rule, priority::CUE));
    if rule == "zip.after_state" {
        city_before_state(text.as_bytes(), s, out);
    }
}

/// The city of a mailing address's last line, before its state code and ZIP (the ZIP at
/// `zs`): one to three capitalised words, or "St."/"Ft."/"Mt." and a word, ending one or
/// two spaces or a comma and a space before the code ("Quuxtown, CA 92309", "Cedar Rapids
/// IA 52401"). The gazetteer knows most cities; this finds those it lacks and a city named
/// like its state ("New York, NY 10118", where the gazetteer has only "York"). A word
/// ending a street ("Main Street Springfield") or a digit before stops the city.
fn city_before_state(b: &[u8], zs: usize, out: &mut Vec<Candidate>) {
    let spaces_before = |i: usize| {
        let mut p = i;
        while p > 0 && i - p < 2 && b[p - 1] == b' ' {
            p -= 1;
        }
        p
    };
    let mut p = spaces_before(zs);
    if p > 0 && b[p - 1] == b',' {
        p -= 1;
    }
    // Only a state code: a state name's start is not known here.
    if p < 2 || !std::str::from_utf8(&b[p - 2..p]).is_ok_and(is_state_code) {
        return;
    }
    // Between the city and the code: one or two spaces, perhaps after a comma.
    let mut q = spaces_before(p - 2);
    if q == p - 2 {
        return;
    }
    if q > 0 && b[q - 1] == b',' {
        q -= 1;
    }
    let end = q;
    let mut start = None;
    for _ in 0..3 {
        let dot = q > 0 && b[q - 1] == b'.';
        let we = if dot { q - 1 } else { q };
        let mut ws = we;
        while ws > 0 && b[ws - 1].is_ascii_lowercase() {
            ws -= 1;
        }
        if ws == 0 || ws == we || !b[ws - 1].is_ascii_uppercase() {
            break;
        }
        ws -= 1;
        if ws > 0 && b[ws - 1].is_ascii_alphanumeric() {
            break;
        }
        let w = &b[ws..we];
        let no_city_word = if dot {
            !matches!(w, b"St" | b"Ft" | b"Mt")
        } else {
            street_suffix(w)
        };
        if no_city_word {
            break;
        }
        start = Some(ws);
        if ws == 0 || b[ws - 1] != b' ' {
            break;
        }
        q = ws - 1;
    }
    if let Some(s) = start {
        out.push(Candidate::new(
            s,
            end,
            Label::Location,
            "location.before_state_zip",
            priority::SHAPE,
        ));
    }
}

/// Whether `w` ends a street ("Street", "Ave"): no city word.
pub(crate) fn street_suffix(w: &[u8]) -> bool {
    static SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut v = suffix_words();
        v.sort_unstable();
        v
    });
    let mut buf = [0u8; 12];
    if w.len() > buf.len() {
        return false;
    }
    for (d, c) in buf.iter_mut().zip(w) {
        *d = c.to_ascii_lowercase();
    }
    let w = &buf[..w.len()];
    SORTED.binary_search_by(|x| x.as_bytes().cmp(w)).is_ok()
}

/// Whether a state code or name can end right before the one or two spaces (and perhaps a
/// comma) before the ZIP at `zs`, as [`ZIP_AFTER_STATE`] needs: two capitals that are a
/// code, perhaps with a period, or a state name in any case.
fn state_before(b: &[u8], zs: usize) -> bool {
    let p = skip_back(b, zs, is_space);
    if zs - p > 2 {
        return false;
    }
    let p = if p > 0 && b[p - 1] == b',' { p - 1 } else { p };
    let q = if p > 0 && b[p - 1] == b'.' { p - 1 } else { p };
    if q >= 2 && std::str::from_utf8(&b[q - 2..q]).is_ok_and(is_state_code) {
        return true;
    }
    p > 0
        && b[p - 1].is_ascii_alphabetic()
        && STATE_NAMES_BY_LAST_LETTER[usize::from(b[p - 1].to_ascii_lowercase() - b'a')]
            .iter()
            .any(|n| ends_with_ci(b, p, n.as_bytes()))
}

/// [`STATE_NAMES`] by last letter (lower case), for [`state_before`].
static STATE_NAMES_BY_LAST_LETTER: LazyLock<[Vec<&'static str>; 26]> = LazyLock::new(|| {
    let mut t: [Vec<&'static str>; 26] = Default::default();
    for n in STATE_NAMES.split('|') {
        t[usize::from(n.as_bytes()[n.len() - 1].to_ascii_lowercase() - b'a')].push(n);
    }
    t
});

/// [`ZIP_AFTER_STATE`] anchored at the start of the haystack.
static ZIP_AFTER_STATE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{})", ZIP_AFTER_STATE.as_str())).expect("valid regex")
});

/// How far before its ZIP a match of [`ZIP_AFTER_STATE`] can start: the longest state name,
/// a comma and two spaces.
const STATE_LEAD: usize = 14 + 1 + 2;

/// One match of [`ZIP_PLUS4`].
fn plus4_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    if super::extends_number_back(text, s) || super::continues_number(text, e) {
        return;
    }
    out.push(Candidate::new(
        s,
        e,
        Label::Zip,
        "zip.plus4",
        priority::WEAK,
    ));
}

/// One match of [`STREET`].
fn street_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    if super::extends_number_back(text, s) {
        return;
    }
    // "5 mg Dr" style accidents: the word before the suffix must not be a unit.
    let body = &text[s..e];
    if UNITS.is_match(body) || mixed_case_street(body) {
        return;
    }
    // The words group stands between blanks inside the body, where the automaton finds the
    // same cue words as in the group alone (no cue word holds a blank): a body without a cue
    // word needs no captures, which cost more than everything else here.
    if NOT_STREET_WORDS.iter(body).next().is_some() {
        let Some(c) = STREET.captures(body) else {
            return;
        };
        let words = c.name("words").map_or("", |w| w.as_str());
        if NOT_STREET_WORDS.iter(words).next().is_some() {
            return;
        }
    }
    out.push(Candidate::new(
        s,
        e,
        Label::Address,
        "address.street",
        priority::SHAPE,
    ));
}

/// A street name in lower case before a suffix in capitals: "HCT 25 stable CT" is a lab
/// value and a scan. People write a street all in one case or capitalised ("25 oak ct",
/// "25 OAK CT", "25 Oak CT"), not a lower-case name with a capital suffix.
fn mixed_case_street(body: &str) -> bool {
    // The number, the name's words, the suffix.
    let Some((rest, suffix)) = body
        .trim_end()
        .rsplit_once(|c: char| c.is_ascii_whitespace())
    else {
        return false;
    };
    let suffix = suffix.trim_end_matches('.');
    suffix.len() >= 2
        && suffix.bytes().all(|c| c.is_ascii_uppercase())
        && rest
            .split_ascii_whitespace()
            .skip(1)
            .any(|w| w.len() >= 2 && w.bytes().all(|c| c.is_ascii_lowercase()))
}

/// A dose or measurement where a street name would stand: "5 mg daily Dr", "2 tabs St".
static UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^\d+\s+(?:mg|mcg|ml|g|units?|tabs?|tablets?|caps?|times|x|days?|weeks?|hours?|hrs?|mins?|minutes?|puffs?|drops?|yrs?|years?|months?|lbs?|kg|pm|am)\b")
        .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn positives() {
        let cases = [
            (
                "lives at 1234 Oak Street with",
                "1234 Oak Street",
                Label::Address,
                "address.street",
            ),
            (
                "12 N. Main St, Apt 4B",
                "12 N. Main St, Apt 4B",
                Label::Address,
                "address.street",
            ),
            (
                "55 martin luther king jr blvd",
                "55 martin luther king jr blvd",
                Label::Address,
                "address.street",
            ),
            (
                "100 W 42nd St",
                "100 W 42nd St",
                Label::Address,
                "address.street",
            ),
            (
                "mail it to 25 oak ct please",
                "25 oak ct",
                Label::Address,
                "address.street",
            ),
            (
                "lives at 25 Oak CT today",
                "25 Oak CT",
                Label::Address,
                "address.street",
            ),
            (
                "PO Box 1234",
                "PO Box 1234",
                Label::Address,
                "address.po_box",
            ),
            (
                "lives on Rural Route 2 Box 45",
                "Rural Route 2 Box 45",
                Label::Address,
                "address.po_box",
            ),
            (
                "RR 3, Box 12, Elkins",
                "RR 3, Box 12",
                Label::Address,
                "address.po_box",
            ),
            ("Boston, MA 02115", "02115", Label::Zip, "zip.after_state"),
            ("Montréal QC H2X 1K4.", "H2X 1K4", Label::Zip, "zip.canada"),
            ("Toronto, ON M5V-2T6", "M5V-2T6", Label::Zip, "zip.canada"),
            ("Halifax NS B3H4R2", "B3H4R2", Label::Zip, "zip.canada"),
            (
                "Address: 12 Main St, Quuxtown, CA 92309",
                "Quuxtown",
                Label::Location,
                "location.before_state_zip",
            ),
            (
                "from Quux Falls IA 50613-1234",
                "Quux Falls",
                Label::Location,
                "location.before_state_zip",
            ),
            (
                "St. Quux, MN 55101",
                "St. Quux",
                Label::Location,
                "location.before_state_zip",
            ),
            (
                "123 Main Street Quuxville, OH 44101",
                "Quuxville",
                Label::Location,
                "location.before_state_zip",
            ),
            (
                "Austin Texas 78701-1234",
                "78701-1234",
                Label::Zip,
                "zip.after_state",
            ),
            ("zip code 60614", "60614", Label::Zip, "zip.cue"),
            (
                "PID|1||X||A^B||1975|M|||12 PEACHTREE ST^^ATLANTA^GA^30303||555",
                "30303",
                Label::Zip,
                "zip.hl7",
            ),
            (
                "moved to Apt 4B last",
                "Apt 4B",
                Label::Address,
                "address.unit",
            ),
            (
                "123 Maple Street, Chicago, IL 60614",
                "123 Maple Street",
                Label::Address,
                "address.street",
            ),
            (
                "123 Maple Street, Chicago, IL 60614",
                "Chicago",
                Label::Location,
                "location.city",
            ),
            (
                "123 Maple Street, Chicago, IL 60614",
                "60614",
                Label::Zip,
                "zip.after_state",
            ),
            ("mail to 60614-3321", "60614-3321", Label::Zip, "zip.plus4"),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
    }

    #[test]
    fn state_names_by_letter() {
        let slow = |text: &str| {
            super::STATE_NAMES.split('|').any(|n| {
                text.as_bytes().first() == Some(&n.as_bytes()[0])
                    && text.len() >= n.len()
                    && text.is_char_boundary(n.len())
                    && text[..n.len()].eq_ignore_ascii_case(n)
                    && !text
                        .as_bytes()
                        .get(n.len())
                        .is_some_and(|c| c.is_ascii_alphanumeric())
            })
        };
        for text in [
            "Texas",
            "TEXAS 1",
            "texas",
            "New York,",
            "New Yorker",
            "North Dakota.",
            "Ohio",
            "Oh",
            "Virginia",
            "West Virginia",
            "Wyomingé",
            "",
            "Puerto Rico",
        ] {
            assert_eq!(super::starts_with_state_name(text), slow(text), "{text}");
        }
    }

    #[test]
    fn state_code_table() {
        let bytes: Vec<u8> = (b'A'..=b'Z')
            .chain(b'a'..=b'z')
            .chain([b'0', b' '])
            .collect();
        for &a in &bytes {
            for &b in &bytes {
                let code = String::from_utf8(vec![a, b]).expect("ASCII");
                let listed = super::STATE_CODES.split('|').any(|c| c == code);
                assert_eq!(super::is_state_code(&code), listed, "{code}");
            }
        }
        assert!(!super::is_state_code("ILL") && !super::is_state_code("I"));
    }

    /// Texts for the gates below: streets the gates must let through, near misses, units,
    /// boxes and cued ZIPs.
    const GATE_TEXTS: &[&str] = &[
        "lives at 1234 Oak Street with",
        "12 N. Main St, Apt 4B",
        "12 n main st",
        "55 martin luther king jr blvd",
        "100 W 42nd St",
        "100 west 1st Ave.",
        "100 W. 142nd Street",
        "7 E 3RD AVE",
        "12B Elm St",
        "12  Elm  St",
        "12\tElm\tSt.",
        "12   Elm St",
        "77 O'Neil Way",
        "77 Smith-Jones Rd",
        "1 A. B. C. D. Rd",
        "1 A B C D E Rd",
        "9 Rd",
        "10 Main Rd_x",
        "10 Main Rd2",
        "10 Main St-x",
        "10 Main St's",
        "7 Elm Hill",
        "7 Elm Hills road",
        "7 Old Mill Crossing",
        "7 Ocean Expressway",
        "3 Bay Xing",
        "123 Maple Street, Chicago, IL 60614",
        "5 mg Dr. Smith ordered",
        "take 2 tabs daily St",
        "8 today but Pt Dr",
        "500 mg every 6 hours as needed",
        "200 1st St",
        "200 1234th St",
        "200 12xx St",
        "4 bedtime. Pl",
        "4 a. Pl",
        "4 north. Pl",
        "4 Main. Pl",
        "PO Box 1234",
        "P.O. Box #12",
        "p o box 7",
        "Box\n\n12",
        "Apt 4B",
        "apt. # 12",
        "APARTMENT  #  3",
        "Apt.  #  12",
        "apt to fall 2 times",
        "zip code 60614",
        "ZIP: 60614",
        "zipcode#60614",
        "postal code  :  60614-1234",
        "Postcode 60614",
        "zip\t\t60614",
        "code 12345",
        "Boston, MA 02115",
        "Boston, MA. 02115",
        "Boston MA.,  02115",
        "Boston, MA   02115",
        "Boston, ma 02115",
        "Austin Texas 78701-1234",
        "Austin TEXAS, 78701",
        "Albany, New York 12207",
        "Albany, new york  12207",
        "Charleston, West Virginia 25301",
        "in Virginia 22030 and CA 90210",
        "WBC 12000 and CA 90210-1234",
        "Texas 2019 visit",
        "OR 22997|412",
        "IL60614",
        "IL\n60614",
    ];

    /// [`super::street_possible`] holds at every run where the anchored street pattern
    /// matches.
    #[test]
    fn street_possible_is_a_gate() {
        for text in GATE_TEXTS {
            let b = text.as_bytes();
            let shape = super::Shape::of(text);
            for &(s, e) in &shape.runs {
                if super::word_start(b, s) && super::STREET_AT.is_match(&text[s..]) {
                    assert!(super::street_possible(b, e), "{text:?} at {s}");
                }
            }
        }
        assert!(!super::street_possible(b"5 mg daily, then", 1));
        assert!(!super::street_possible(
            b"500 mg every 6 hours as needed",
            3
        ));
    }

    /// [`super::unit_possible`] and [`super::zip_cue_possible`] hold wherever their patterns
    /// match.
    #[test]
    fn unit_and_zip_cue_gates() {
        for text in GATE_TEXTS {
            let b = text.as_bytes();
            let runs = super::Shape::of(text).runs;
            if super::UNIT.is_match(text) || super::PO_BOX.is_match(text) {
                assert!(super::unit_possible(b, &runs), "{text:?}");
            }
            for c in super::ZIP_CUED.captures_iter(text) {
                let z = c.name("zip").expect("group");
                assert!(super::zip_cue_possible(b, z.start()), "{text:?}");
            }
        }
        assert!(!super::unit_possible(b"take 2 at 4", &[(5, 6), (10, 11)]));
        assert!(!super::zip_cue_possible(b"glucose 60614", 8));
    }

    /// The ZIP of a [`super::ZIP_AFTER_STATE`] match is its last five bytes, or ten when they
    /// hold a dash (a ZIP+4), as the gated path reads it without captures.
    #[test]
    fn zip_after_state_read_off_the_end() {
        for text in GATE_TEXTS {
            for c in super::ZIP_AFTER_STATE.captures_iter(text) {
                let (m, z) = (c.get(0).expect("match"), c.name("zip").expect("group"));
                let e = m.end();
                let s = if text.as_bytes()[e - 5] == b'-' {
                    e - 10
                } else {
                    e - 5
                };
                assert_eq!((s, e), (z.start(), z.end()), "{text:?}");
            }
        }
    }

    /// The street rule without its fast path: the words group read from the captures.
    fn street_one_slow(text: &str, s: usize, e: usize, out: &mut Vec<super::Candidate>) {
        if super::super::extends_number_back(text, s) {
            return;
        }
        let body = &text[s..e];
        if super::UNITS.is_match(body) || super::mixed_case_street(body) {
            return;
        }
        let Some(c) = super::STREET.captures(body) else {
            return;
        };
        let words = c.name("words").map_or("", |w| w.as_str());
        if super::NOT_STREET_WORDS.iter(words).next().is_some() {
            return;
        }
        out.push(super::Candidate::new(
            s,
            e,
            crate::Label::Address,
            "address.street",
            super::priority::SHAPE,
        ));
    }

    /// What the whole-text patterns and the slow street rule find in `text`, sorted.
    fn naive(text: &str) -> Vec<super::Candidate> {
        let mut naive = Vec::new();
        for m in super::STREET.find_iter(text) {
            street_one_slow(text, m.start(), m.end(), &mut naive);
        }
        for (re, rule) in [
            (&*super::UNIT, "address.unit"),
            (&*super::PO_BOX, "address.po_box"),
        ] {
            for m in re.find_iter(text) {
                naive.push(super::Candidate::new(
                    m.start(),
                    m.end(),
                    crate::Label::Address,
                    rule,
                    super::priority::SHAPE,
                ));
            }
        }
        super::zips(text, &mut naive);
        for m in super::ZIP_PLUS4.find_iter(text) {
            super::plus4_one(text, m.start(), m.end(), &mut naive);
        }
        naive.sort_by_key(key);
        naive
    }

    fn key(c: &super::Candidate) -> (usize, usize, &'static str) {
        (c.start, c.end, c.rule)
    }

    /// What the recognizer finds in `text` with its gates and fast paths, sorted.
    fn fast(text: &str) -> Vec<super::Candidate> {
        let mut fast = Vec::new();
        super::recognize_shaped(text, &super::Shape::of(text), &mut fast);
        fast.sort_by_key(key);
        fast
    }

    /// The recognizer with its gates and fast paths finds what the whole-text patterns and
    /// the slow street rule find.
    #[test]
    fn gated_matches_naive() {
        let extra = [
            "on 12 the Main St",
            "12 Main Street of Elm Rd",
            "call 12 Is St now",
            "12 N. Main St was 4 the Dr",
            "rate to 8 today but Pt became",
            "28 on repeat. ct of abd",
        ];
        for text in GATE_TEXTS.iter().chain(&extra) {
            assert_eq!(fast(text), naive(text), "{text:?}");
        }
    }

    /// The same on random text of house numbers, street words, suffixes, units, boxes,
    /// states, ZIPs and cues, with multi-byte characters right against them.
    #[test]
    fn gated_matches_naive_on_random_text() {
        const NUMBERS: &[&str] = &[
            "12", "1234", "123456", "1234567", "5", "02115", "12345", "60614", "6789", "4B", "#12",
            "12a",
        ];
        const TOKENS: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\n",
            ", ",
            ".",
            "-",
            "#",
            "Main",
            "oak",
            "N.",
            "E",
            "1st",
            "2nd",
            "O'Hara",
            "St",
            "st.",
            "Street",
            "Ave",
            "Dr",
            "Rd",
            "CT",
            "Hills",
            "the",
            "mg",
            "today",
            "Apt",
            "apt.",
            "apartment",
            "Unit",
            "Suite",
            "PO Box",
            "p.o. box",
            "box",
            "MA",
            "IL",
            "Ma",
            "Texas",
            "new york",
            "North Carolina",
            "zip",
            "Zip Code",
            "postal code",
            "code:",
            "é",
            "中",
            "😀",
            "x",
            "_",
        ];
        let mut next = super::super::generated::below(0x9e37_79b9_7f4a_7c15);
        let mut found = 0;
        for _ in 0..30_000 {
            let mut text = String::new();
            for _ in 0..1 + next(10) {
                text.push_str(match next(3) {
                    0 => NUMBERS[next(NUMBERS.len())],
                    _ => TOKENS[next(TOKENS.len())],
                });
                text.push_str([" ", " ", " ", "", ", ", "  "][next(6)]);
            }
            let want = naive(&text);
            found += want.len();
            assert_eq!(fast(&text), want, "{text:?}");
        }
        assert!(found > 3_000, "{found}");
    }

    /// The same candidates with the shape's gates and runs as with every gate open (the
    /// runs then read off the text): the masked SSN and the Canadian postal code included.
    #[test]
    fn gated_or_open_shape() {
        let t = "Montréal QC H2X 1K4; Toronto, ON M5V-2T6";
        let (mut gated, mut open) = (Vec::new(), Vec::new());
        super::recognize_shaped(t, &super::Shape::of(t), &mut gated);
        super::recognize_shaped(t, &super::Shape::default(), &mut open);
        assert!(!gated.is_empty());
        assert_eq!(gated, open);
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "take 2 tabs daily",
            "5 mg Dr. Smith ordered",
            "3 times a day",
            "CA 125 level",
            "WBC 12000",
            "in 2019 moved",
            "rate to 8 today but Pt became",
            "28 on repeat. ct of abd",
            "1 brief run svt",
            "received with a #8 TRACH FUNCTIONING PROPERLY. PT",
            "apt to fall 2 times",
            "glucose 60614 mg/dL",
            "Texas 2019 visit",
            "HCT checked 25 stable CT with mod drainage",
            "Hct 31 repeat CT today",
            "H1N1 flu; G2P1 OB; ON A1C 7.2; QC H2X1K4Z",
        ] {
            assert_clean(text, &[Label::Address, Label::Zip]);
        }
        // No city before a state code and ZIP: a comma glued to the code, a lower-case
        // word, a street's last word, a number.
        for text in [
            "Quuxtown,CA 92309",
            "lives in quuxtown, CA 92309",
            "12 Elm Street, CA 92309",
            "Apt 4, MA 02115",
            "QUUXTOWN, CA 92309",
        ] {
            assert_clean(text, &[Label::Location]);
        }
    }
}

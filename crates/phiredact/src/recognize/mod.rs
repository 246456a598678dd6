//! The recognizers: one detector family per module, each turning a segment of text into
//! candidate spans.
//!
//! Recognizers do not talk to each other; they push [`Candidate`]s, and the resolver
//! (`crate::resolve`) merges overlaps afterwards. A candidate's `priority` says how sure its
//! recognizer is (a cue-driven SSN beats a shaped number that looks like one), and decides
//! the label when candidates overlap.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::finding::Label;

pub(crate) mod address;
pub(crate) mod age;
pub(crate) mod custom;
pub(crate) mod date;
pub(crate) mod id;
pub(crate) mod name;
pub(crate) mod net;
pub(crate) mod phone;
pub(crate) mod place;
pub(crate) mod spelled;
pub(crate) mod ssn;

/// FxHash (the hash rustc uses), eight bytes at a time: the dictionaries' keys are short,
/// trusted, embedded words, so a fast non-keyed hash is right here, and SipHash was a
/// visible share of the scan (every token of every message is looked up).
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    /// A final mix (MurmurHash3's): a product's low bits depend only on its operands' low
    /// bits, and the table indexes by the low bits.
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// A hash map keyed by embedded words, hashed with [`FxHasher`].
pub(crate) type FxMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// How sure a recognizer is. Higher wins when candidates overlap.
pub(crate) mod priority {
    /// A shape that is usually, not always, an identifier.
    pub const WEAK: u8 = 10;
    /// A distinctive shape (a dashed SSN, a formatted phone number, a valid date).
    pub const SHAPE: u8 = 20;
    /// A shape with a cue word next to it ("SSN:", "DOB", "MRN").
    pub const CUE: u8 = 30;
    /// Something the caller or the policy named explicitly.
    pub const EXPLICIT: u8 = 40;
}

/// A span a recognizer believes is PHI, in segment-relative byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub rule: &'static str,
    pub priority: u8,
}

impl Candidate {
    pub(crate) fn new(
        start: usize,
        end: usize,
        label: Label,
        rule: &'static str,
        priority: u8,
    ) -> Candidate {
        Candidate {
            start,
            end,
            label,
            rule,
            priority,
        }
    }
}

/// What one pass over a segment's bytes says about its digit runs, computed once per segment
/// and shared by the structured recognizers.
///
/// Most segments are short messages, and most of the recognizers' regexes cannot match in
/// most of them: a bare ten-digit phone number needs a run of ten digits, an IPv4 address
/// four dotted runs. Running a regex costs a fixed setup plus a pass over the segment even
/// when it finds nothing, so each recognizer asks this summary first and skips the regexes
/// that cannot match. Every gate is a necessary condition of its regex on *plain* text: text
/// in which the regexes see every non-ASCII character as they would see a punctuation mark.
/// They use Unicode `\d` and `\s`, `(?-u:\b)` (for which any non-ASCII byte is a non-word
/// byte) and case-insensitive ASCII letters, so text is plain when no non-ASCII character is
/// a digit, a space, or a letter that folds to an ASCII one (ſ, the Kelvin sign): accented
/// letters, curly quotes and dashes keep a segment plain. A segment that is not skips no
/// regex (`plain` is false) and behaves exactly as before. "ASCII" in the recognizers'
/// comments on their fast paths means plain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// No character is a non-ASCII digit, space, or letter folding to ASCII.
    pub plain: bool,
    /// The longest run of ASCII digits.
    pub max_run: usize,
    /// A run of 3+ digits, one of ` .-`, a run of 4+ digits (`555-1234`, `555 123 4567`).
    pub run3_sep_run4: bool,
    /// A run of 3+ digits, one of ` .-`, a run of 2+ digits (`123-45-…`).
    pub run3_sep_run2: bool,
    /// Two runs joined by one of `/-.` (`3/4`, `1980-01`, `4.5`).
    pub run_dsep_run: bool,
    /// The most digit runs joined by single dots (`192.168.1.1` has 4).
    pub dot_chain: usize,
    /// A digit followed by one of `sSnNrRtT` (an ordinal suffix may follow).
    pub ordinal: bool,
    /// A run of exactly two digits starting with 9, or three starting with 10, 11 or 12.
    pub age_run: bool,
    /// A `+` anywhere.
    pub plus: bool,
    /// Two colons at most five bytes apart.
    pub colon_pair: bool,
    /// The maximal runs of ASCII digits, as `(start, end)`, left to right: the recognizers
    /// look for their numbers here instead of walking the bytes again.
    pub runs: Vec<(usize, usize)>,
}

/// The bytes [`Shape::of_into`] looks at: digits, `+`, `:` and non-ASCII bytes.
static INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_digit() || c == b'+' || c == b':' || c >= 0x80;
        i += 1;
    }
    t
};

/// The high bit of every byte of a `u64`: the bytes of 128 and above, and the marks of
/// [`bytes_between`].
pub(crate) const HIGH_BITS: u64 = u64::MAX / 255 * 0x80;

/// The bytes of `x` that are ASCII and strictly between `m` and `n` (`n` at most 128), as
/// the high bit of each such byte (after "Determine if a word has a byte between m and n",
/// Sean Eron Anderson, Bit Twiddling Hacks): lets a scan skip eight bytes at a time while
/// none of interest is near. Exact for every byte, not only the lowest: the
/// subtraction and the addition work on the low seven bits of each byte and stay within the
/// byte (`127 + n - low` is at least `n`, `low + 127 - m` at most 254), so no borrow or
/// carry crosses into the next byte.
#[inline]
pub(crate) fn bytes_between(x: u64, m: u8, n: u8) -> u64 {
    const L: u64 = u64::MAX / 255;
    let low = x & (L * 127);
    (L * (127 + u64::from(n))).wrapping_sub(low)
        & !x
        & low.wrapping_add(L * (127 - u64::from(m)))
        & HIGH_BITS
}

/// The first byte at or after `i` that [`INTERESTING`] marks (or `b.len()`), eight bytes at a
/// time: most of a segment is letters, spaces and punctuation. The mask of a chunk marks
/// exactly its interesting bytes (digits and `:`, `+`, and bytes of 128 and above), so the
/// first of them is found without a byte loop, and a chunk of commas and periods is skipped
/// like one of letters.
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hit =
            bytes_between(x, b'0' - 1, b':' + 1) | bytes_between(x, b'*', b',') | x & HIGH_BITS;
        if hit != 0 {
            // Little-endian: the lowest marked byte is the first.
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !INTERESTING[b[i] as usize] {
        i += 1;
    }
    i
}

impl Shape {
    /// Summarises `text` in one pass.
    #[cfg(test)]
    pub(crate) fn of(text: &str) -> Shape {
        Shape::of_into(text, Vec::with_capacity(16))
    }

    /// Summarises `text` in one pass, keeping the digit runs in `runs` (cleared first): the
    /// engine hands the same vector back for every segment instead of allocating one per
    /// message.
    pub(crate) fn of_into(text: &str, mut runs: Vec<(usize, usize)>) -> Shape {
        runs.clear();
        let b = text.as_bytes();
        let mut sh = Shape {
            plain: true,
            runs,
            ..Shape::default()
        };
        // End and length of the previous digit run, and how many dotted runs end there.
        let mut last_end = usize::MAX;
        let mut last_len = 0;
        let mut chain = 0;
        let mut last_colon = usize::MAX;
        let mut i = 0;
        while i < b.len() {
            // Most bytes are letters and spaces, which say nothing: skip them fast.
            i = skip_plain(b, i);
            if i == b.len() {
                break;
            }
            let c = b[i];
            if !c.is_ascii_digit() {
                match c {
                    b'+' => sh.plus = true,
                    b':' => {
                        if last_colon != usize::MAX && i - last_colon <= 5 {
                            sh.colon_pair = true;
                        }
                        last_colon = i;
                    }
                    0xc0.. => {
                        // The first byte of a character; its continuation bytes say nothing.
                        let ch = text[i..].chars().next().unwrap_or(' ');
                        if ch.is_numeric()
                            || ch.is_whitespace()
                            || matches!(ch, '\u{17f}' | '\u{212a}')
                        {
                            sh.plain = false;
                        }
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let run = i - start;
            sh.runs.push((start, i));
            sh.max_run = sh.max_run.max(run);
            if last_end != usize::MAX && last_end + 1 == start {
                let sep = b[start - 1];
                if matches!(sep, b' ' | b'.' | b'-') && last_len >= 3 {
                    sh.run3_sep_run2 |= run >= 2;
                    sh.run3_sep_run4 |= run >= 4;
                }
                if matches!(sep, b'/' | b'-' | b'.') {
                    sh.run_dsep_run = true;
                }
                chain = if sep == b'.' { chain + 1 } else { 1 };
            } else {
                chain = 1;
            }
            sh.dot_chain = sh.dot_chain.max(chain);
            if i < b.len() && matches!(b[i], b's' | b'S' | b'n' | b'N' | b'r' | b'R' | b't' | b'T')
            {
                sh.ordinal = true;
            }
            sh.age_run |= (run == 2 && b[start] == b'9')
                || (run == 3 && b[start] == b'1' && matches!(b[start + 1], b'0'..=b'2'));
            last_end = i;
            last_len = run;
        }
        sh
    }

    /// Whether a regex whose ASCII-text precondition is `cond` must run.
    pub(crate) fn may(&self, cond: bool) -> bool {
        cond || !self.plain
    }
}

/// A case-insensitive set of cue words, matched on word boundaries.
pub(crate) struct Cues {
    ac: AhoCorasick,
}

impl Cues {
    pub(crate) fn new(words: &[&str]) -> Cues {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .expect("cue words build an automaton");
        Cues { ac }
    }

    /// Whether a cue word ends within `window` bytes before `pos` (with at most
    /// separators between it and `pos` when `adjacent`).
    pub(crate) fn before(&self, text: &str, pos: usize, window: usize) -> bool {
        self.ends_before(text, pos, window).next().is_some()
    }

    /// The end of the last cue word that ends within `window` bytes before `pos`: the test
    /// oracle of date.rs's hand-written birth-cue search.
    #[cfg(test)]
    pub(crate) fn last_end_before(&self, text: &str, pos: usize, window: usize) -> Option<usize> {
        self.ends_before(text, pos, window).last()
    }

    /// The ends of the cue words (on word boundaries) within `window` bytes before `pos`.
    fn ends_before<'a>(
        &'a self,
        text: &'a str,
        pos: usize,
        window: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let from = floor_char(text, pos.saturating_sub(window));
        self.iter_between(text, from, pos).map(|(_, e)| e)
    }

    /// Every cue word in `text`, as `(start, end)`, on word boundaries.
    pub(crate) fn iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.iter_between(text, 0, text.len())
    }

    /// The cue words found in `text[from..to]`, as `(start, end)` in `text`, with word
    /// boundaries judged on the whole text. These are exactly the ones [`Cues::iter`] finds
    /// inside the range provided no occurrence of a cue word (on a word boundary or not)
    /// contains both `text[from - 1]` and `text[from]`, nor both `text[to - 1]` and
    /// `text[to]`.
    ///
    /// Why that is enough: the whole-text search reports non-overlapping matches left to
    /// right. None of them crosses `from`, so it arrives there with nothing pending, exactly
    /// as a search that starts there; none crosses `to`, so every match it reports inside
    /// the range is complete there, and the slice holds every occurrence the longest-match
    /// choice can pick from.
    pub(crate) fn iter_between<'a>(
        &'a self,
        text: &'a str,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let b = text.as_bytes();
        self.ac
            .find_iter(&b[from..to])
            .map(move |m| (from + m.start(), from + m.end()))
            .filter(move |&(s, e)| word_boundary(b, s, e))
    }
}

/// Whether `b[s..e]` is a whole word: no letter or digit right before or after (cue words
/// that end in punctuation, like "SS#", count as ending a word).
pub(crate) fn word_boundary(b: &[u8], s: usize, e: usize) -> bool {
    let before_ok = s == 0 || !b[s - 1].is_ascii_alphanumeric() || !b[s].is_ascii_alphanumeric();
    let after_ok =
        e >= b.len() || !b[e].is_ascii_alphanumeric() || !b[e - 1].is_ascii_alphanumeric();
    before_ok && after_ok
}

pub(crate) fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The byte before `i`, or 0 at the start.
pub(crate) fn byte_before(text: &str, i: usize) -> u8 {
    if i == 0 { 0 } else { text.as_bytes()[i - 1] }
}

/// The byte at `i`, or 0 at the end.
pub(crate) fn byte_at(text: &str, i: usize) -> u8 {
    text.as_bytes().get(i).copied().unwrap_or(0)
}

/// Whether a number ending at `i` continues: `12.5`, `3,000`, `1-2-3…`.
pub(crate) fn continues_number(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b.get(i) {
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some(b'.' | b',' | b'-' | b'/') => b.get(i + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Whether a number starting at `i` is the tail of a longer one: `12.5`, `1-2-3…`.
pub(crate) fn extends_number_back(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    if i == 0 {
        return false;
    }
    match b[i - 1] {
        c if c.is_ascii_alphanumeric() => true,
        b'.' | b',' | b'-' | b'/' => i >= 2 && b[i - 2].is_ascii_digit(),
        _ => false,
    }
}

/// Whether `c` is a word byte for `(?-u:\b)`: an ASCII letter, digit or underscore.
pub(crate) fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether `(?-u:\b)` would hold before the word byte at `i`: nothing or a non-word byte
/// before it. A regex anchored on `&text[i..]` sees the start of its haystack there, which
/// counts as a non-word byte, so it agrees with the whole-text search exactly when this
/// holds.
pub(crate) fn word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !is_word_byte(b[i - 1])
}

/// Whether `(?-u:\b)` would hold after a word byte ending at `i`.
pub(crate) fn word_end(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&c| !is_word_byte(c))
}

/// `\s` of an ASCII-only pattern, and of any pattern in plain text.
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// `src` compiled with ASCII classes and ASCII case folding (`(?-u)` around it all): in
/// plain text (see [`Shape`]) it finds exactly the matches and groups `src` finds, since no
/// character there is a non-ASCII space or digit or a letter that folds to an ASCII one.
/// Its automaton is a fraction of the Unicode one, and resolving a match's groups (which
/// clears a table as large as the automaton times the match) costs that much less.
pub(crate) fn ascii_regex(src: &str) -> regex::Regex {
    regex::Regex::new(&format!("(?-u){src}")).expect("valid ASCII regex")
}

/// The indices of `re`'s groups called `names`, looked up once: `Captures::name` hashes the
/// name on every call, which cost more than all the other checks on a match.
pub(crate) fn groups<const N: usize>(re: &regex::Regex, names: [&str; N]) -> [usize; N] {
    // A missing name gives an index no match has, so `get` says None rather than panicking.
    names.map(|n| {
        re.capture_names()
            .position(|g| g == Some(n))
            .unwrap_or(usize::MAX)
    })
}

/// Collects the digits of `s` (for validation of numbers written with separators).
pub(crate) fn digits(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0')
}

/// A table-driven test helper shared by the recognizer modules.
#[cfg(test)]
pub(crate) mod testing {
    use crate::{Finding, Label, Redactor};

    /// Every finding of the default redactor on `text`, as (text, label, rule).
    pub fn found(text: &str) -> Vec<(String, Label, &'static str)> {
        static R: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
        let r = R.get_or_init(Redactor::new);
        r.find(text)
            .into_iter()
            .map(|f: Finding| (text[f.start..f.end].to_string(), f.label, f.rule))
            .collect()
    }

    /// Asserts that `text` yields a finding of exactly `span` with `label` and `rule`.
    #[track_caller]
    pub fn assert_finds(text: &str, span: &str, label: Label, rule: &str) {
        let got = found(text);
        assert!(
            got.iter()
                .any(|(t, l, r)| t == span && *l == label && *r == rule),
            "{text:?}: expected {span:?} as {label} by {rule}, got {got:?}"
        );
    }

    /// Asserts that nothing with one of `labels` is found in `text`.
    #[track_caller]
    pub fn assert_clean(text: &str, labels: &[Label]) {
        let got = found(text);
        let bad: Vec<_> = got.iter().filter(|(_, l, _)| labels.contains(l)).collect();
        assert!(
            bad.is_empty(),
            "{text:?}: expected no {labels:?}, got {bad:?}"
        );
    }
}

/// The gates of [`Shape`] are an optimisation only: with every gate open (a shape that
/// claims non-ASCII text) each recognizer must find exactly what it finds gated.
#[cfg(test)]
mod shape_oracle {
    use super::{Candidate, Shape};

    type Recognizer = fn(&str, &Shape, &mut Vec<Candidate>);

    const RECOGNIZERS: [(&str, Recognizer); 7] = [
        ("address", super::address::recognize_shaped),
        ("ssn", super::ssn::recognize_shaped),
        ("phone", super::phone::recognize_shaped),
        ("date", super::date::recognize_shaped),
        ("id", super::id::recognize_shaped),
        ("age", super::age::recognize_shaped),
        ("net", super::net::recognize_shaped),
    ];

    const SNIPPETS: &[&str] = &[
        "SSN 123-45-6789",
        "MI '91, cabg '84\n the '24 hour rule, 5'10",
        "her ssn is 123456789.",
        "SS#: 123 45 6789",
        "soc sec 123.45.6789",
        "SSN ending in 6789",
        "ref 987-65-4321",
        "call (555) 123-4567 today",
        "cb 555.123.4567",
        "at 555 123 4567.",
        "+1 555 123 4567",
        "1-800-555-0199",
        "office 555-123-4567 x123",
        "312-555-0100x22 and 555-0100X4 or 555-0100xy",
        "DOB: 010561 and dob 01051961, Birthdate 1.5.61",
        "cell 5551234567",
        "c 5551234567",
        "c: (555) 1234567",
        "h:555-1234",
        "w is 555 1234",
        "A/C 5551234",
        "p. 5551234",
        "M 15551234567",
        "+44 20 7946 0958",
        "pager 54321",
        "call 202-6694",
        "BP 120/80, HR 72, RR 16",
        "seen 1/2/1980 and 1980-01-02 and 01.02.1980",
        "Jan 2, 1980",
        "2 January 1980",
        "seen January 2nd",
        "Jan. 2nd '80",
        "back in March 2021",
        "admitted 8/30 with",
        "DOB 03/04/1961",
        "born 19610304",
        "drawn on the 11th.",
        "intubated 6/30-7/2 for",
        "MRN: 00123456",
        "patient ID #AB-987654",
        "policy # HPN-987654321",
        "ref QW-987654 on file",
        "lot 12345678",
        "92 yo female",
        "aged 93",
        "101 y/o",
        "95F with CHF",
        "email jane.doe@example.com.",
        "see https://portal.example.org/p?id=1.",
        "www.example.com/jane",
        "from 192.168.1.1 at",
        "ip 2001:db8::8a2e:370:7334",
        "fe80::1",
        "at 10:30:45 today",
        "version 1.2.3",
        "pain 3/10",
        "1/2/3/4 and 12.5.1.2 then 1/2/80 3/4",
        "a1/2 _1/2 x12/25/2020 (12/25/2020) 2020/12/25",
        "6/30-7/2, 1:2/3, $3/4, 1999-12-31T10:00",
        "summary 2 doctor 3 primary 4 2ndjan 3rdDec, 4 of   march 2020, 5-jun-21 janov 2",
        "MRN 12-345 case 12 id card id 12345 policy member 12345",
        "lives at 12 Main St, Apt 4B, Boston, MA 02115",
        "PO Box 1234, Springfield IL 62704-1234; zip 90210 apartment #3",
        "+ 1-( 555 )-123-4567 and 1 (555)123-4567 or 555/123-4567 x 12 then 555-123-4567-8",
        "SS# 123 45 6789, 123.45.6789, 123-45.6789, 123456789, 1234567890, 123-45-67890",
        "age is  95, aged93, age:101 yo, 92yo, 100 y/o F, 92-year-old, ages 99 and 1000",
        "3rd of   March, 2nd-jan, 12 of\tmay 2020, 4 th jan, 31st Dec '99, 45 jan, 05may",
        "19610304 and 20201231x and 18991301 and 2020123199",
        "Raleigh, North Carolina,  27601 and New York 10001-1234, TX. 75001, MA 021155",
        "ZIP:12345, Postal Code 12345, postcode12345, zip# 123456, unzip 12345, 12 Oak St 3",
        "x#AB-12345 #P12345678-1 AB-1234 Q-12345x 1234567 12345678a _1234567 A1234567",
    ];

    /// Text around and inside the snippets that the gates must not be fooled by: accented
    /// letters next to numbers, non-ASCII digits, curly quotes.
    const AFFIXES: &[(&str, &str)] = &[
        ("", ""),
        ("é", "é"),
        ("x", ""),
        ("’", "’"),
        ("Ärztin ", " über"),
        ("c ", ""),
        ("tel ", " ٣"),
        ("١٢٣ ", " ١٢٣٤"),
        ("１２３-", "-４５６７"),
        ("José ", " Müller"),
        ("ſ", "\u{212a}"),
    ];

    fn run(f: Recognizer, text: &str, shape: &Shape) -> Vec<Candidate> {
        let mut out = Vec::new();
        f(text, shape, &mut out);
        out
    }

    #[test]
    fn gates_change_nothing() {
        let open = Shape::default(); // plain: false opens every gate
        let mut texts: Vec<String> = Vec::new();
        for s in SNIPPETS {
            for (pre, post) in AFFIXES {
                texts.push(format!("{pre}{s}{post}"));
                texts.push(format!("{s} {pre}"));
            }
            // Non-ASCII digits and letters inside the snippet.
            texts.push(s.replace('5', "٥"));
            texts.push(s.replace('1', "１"));
            texts.push(s.replace(' ', "é"));
            texts.push(s.replace(' ', "\u{a0}"));
            texts.push(s.replace(' ', "’"));
            texts.push(s.replace('-', "—"));
        }
        texts.push(SNIPPETS.join(" "));
        texts.push(SNIPPETS.join("\n"));
        for t in &texts {
            let shape = Shape::of(t);
            for (name, f) in RECOGNIZERS {
                assert_eq!(
                    run(f, t, &shape),
                    run(f, t, &open),
                    "{name} on {t:?} with {shape:?}"
                );
            }
        }
    }

    #[test]
    fn bytes_between_matches_naive() {
        let chunks: [&[u8; 8]; 9] = [
            b"abcdefgh",
            b"abcdEfgh",
            b"abc1defg",
            b"\xc3\xa9abcdef",
            b"@@[[@@[[",
            b"\x7f+:;*@[a",
            b"0/9:,+-.",
            b"\xff\x80\x00\x01/0:;",
            b"+,,+1aA9",
        ];
        for c in chunks {
            let x = u64::from_le_bytes(*c);
            for (m, n) in [
                (b'@', b'['),
                (0x2a, 0x3b),
                (b'/', b';'),
                (b'*', b','),
                (0, 128),
            ] {
                let each = c
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b > m && b < n)
                    .fold(0u64, |acc, (j, _)| acc | 0x80 << (8 * j));
                assert_eq!(super::bytes_between(x, m, n), each, "{c:?} {m} {n}");
            }
        }
    }

    #[test]
    fn skip_plain_matches_naive() {
        let texts = [
            "plain words, commas. periods - dashes / and then 1 digit",
            "a:b c+d é 12, 3.4/5 x",
            "........,,,,,,,,--------////////;;;;;;;;9",
            "abcdefghijklmnopqrstuvwxyz0",
            "José Müller’s — 5 °C ٣",
        ];
        for t in texts {
            let b = t.as_bytes();
            for i in 0..=b.len() {
                let naive = (i..b.len())
                    .find(|&j| super::INTERESTING[b[j] as usize])
                    .unwrap_or(b.len());
                assert_eq!(super::skip_plain(b, i), naive, "{t:?} at {i}");
            }
        }
    }

    #[test]
    fn shape_of() {
        let s = Shape::of("call 555-1234 or 192.168.1.1, 93 yo, 2nd +1 a::b");
        assert!(s.plain && s.run3_sep_run4 && s.run3_sep_run2 && s.run_dsep_run);
        assert_eq!((s.max_run, s.dot_chain), (4, 4));
        assert!(s.ordinal && s.age_run && s.plus && s.colon_pair);
        let s = Shape::of("nothing here, 12 x 3 é");
        assert!(s.plain && !s.run_dsep_run && !s.ordinal && !s.age_run && !s.plus);
        assert_eq!(s.max_run, 2);
        assert_eq!(s.runs, [(14, 16), (19, 20)]);
        for odd in ["١", "１", "\u{a0}", "\u{3000}", "ſ", "\u{212a}", "\u{85}"] {
            assert!(!Shape::of(&format!("a {odd} 1")).plain, "{odd:?}");
        }
        assert!(Shape::of("José Müller’s — 5 °C").plain);
    }
}

/// The length of the longest of `words`, for the constants that bound how far back a cue
/// search must start.
pub(crate) const fn longest(words: &[&str]) -> usize {
    let mut i = 0;
    let mut max = 0;
    while i < words.len() {
        if words[i].len() > max {
            max = words[i].len();
        }
        i += 1;
    }
    max
}

/// Generated texts for the oracle tests of the recognizers' fast paths.
#[cfg(test)]
pub(crate) mod generated {
    /// A seeded sequence of numbers below the `n` of each call (xorshift64; `seed` not
    /// zero): any fixed sequence will do, as long as it is the same each run.
    pub fn below(seed: u64) -> impl FnMut(usize) -> usize {
        let mut x = seed;
        move |n| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        }
    }

    /// `n` texts, each a seeded random sequence of 1 to 24 of `parts` (separated by `|`),
    /// sometimes joined by a space: cue words run into numbers, into each other and into
    /// punctuation, at the start and end of a text as well as inside.
    pub fn texts(parts: &str, n: usize, seed: u64) -> Vec<String> {
        let parts: Vec<&str> = parts.split('|').collect();
        let mut x = seed | 1;
        let mut next = move || {
            // xorshift64*: any fixed sequence will do, as long as it is the same each run.
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as usize
        };
        (0..n)
            .map(|_| {
                let mut t = String::new();
                for _ in 0..1 + next() % 24 {
                    t.push_str(parts[next() % parts.len()]);
                    if next() % 3 != 0 {
                        t.push(' ');
                    }
                }
                t
            })
            .collect()
    }
}

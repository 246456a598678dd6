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
pub(crate) mod ssn;

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
/// that cannot match. Every gate is a necessary condition of its regex on ASCII text; the
/// regexes use Unicode `\d`, `\s` and `\b`, so a segment with any non-ASCII byte skips no
/// regex (`ascii` is false) and behaves exactly as before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// No byte is ≥ 0x80.
    pub ascii: bool,
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
}

impl Shape {
    /// Summarises `text` in one pass.
    pub(crate) fn of(text: &str) -> Shape {
        let b = text.as_bytes();
        let mut sh = Shape {
            ascii: true,
            ..Shape::default()
        };
        // End and length of the previous digit run, and how many dotted runs end there.
        let mut last_end = usize::MAX;
        let mut last_len = 0;
        let mut chain = 0;
        let mut last_colon = usize::MAX;
        let mut i = 0;
        while i < b.len() {
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
                    0x80.. => sh.ascii = false,
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
        cond || !self.ascii
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
        let from = floor_char(text, pos.saturating_sub(window));
        let hay = &text.as_bytes()[from..pos];
        self.ac.find_iter(hay).any(|m| {
            let s = from + m.start();
            let e = from + m.end();
            word_boundary(text.as_bytes(), s, e)
        })
    }

    /// Every cue word in `text`, as `(start, end)`, on word boundaries.
    pub(crate) fn iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let b = text.as_bytes();
        self.ac
            .find_iter(b)
            .map(|m| (m.start(), m.end()))
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

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

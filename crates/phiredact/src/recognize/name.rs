//! Person names.
//!
//! This module currently holds the strongest signal a caller has: names it already knows
//! for a message (the patient, the provider, the caregiver on the record). Each known name
//! is redacted with all its variants — first name alone, surname alone, initial plus
//! surname, "Last, First", any case, possessive — with certainty.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Candidate, priority};
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
}

//! Site-specific recognizers from the policy: a regex and a label, optionally cue words
//! that must stand near a match and a built-in validator (Luhn, length) it must pass.
//!
//! Cues and validators are what make a loose site pattern usable: `\b\d{9}\b` alone
//! would take every nine-digit number, but nine digits within a few words of "member" that
//! pass the Luhn check are a member number.

use regex::Regex;

use super::{Candidate, Cues, floor_char, priority};
use crate::error::Error;
use crate::finding::Label;
use crate::policy::{CustomRecognizer, Validator};

/// A compiled custom recognizer.
#[derive(Clone)]
pub(crate) struct Custom {
    regex: Regex,
    label: Label,
    rule: &'static str,
    cues: Option<std::sync::Arc<Cues>>,
    cue_window: usize,
    validator: Option<Validator>,
    min_length: usize,
    max_length: usize,
}

impl Custom {
    pub(crate) fn compile(def: &CustomRecognizer, index: usize) -> Result<Custom, Error> {
        let label = Label::parse(&def.label)
            .ok_or_else(|| Error::policy(format!("recognizers[{index}].label: unknown label")))?;
        let regex = regex::RegexBuilder::new(&def.pattern)
            .size_limit(8 << 20)
            .build()
            .map_err(|e| {
                Error::pattern(format!(
                    "recognizers[{index}].pattern: invalid regex: {}",
                    e.to_string().lines().last().unwrap_or("invalid")
                ))
            })?;
        let cues = if def.cues.is_empty() {
            None
        } else {
            let words: Vec<&str> = def.cues.iter().map(|c| c.trim()).collect();
            Some(std::sync::Arc::new(Cues::new(&words)))
        };
        Ok(Custom {
            regex,
            label,
            rule: intern(&format!("custom.{}", def.name)),
            cues,
            cue_window: def.cue_window.unwrap_or(32),
            validator: def.validator,
            min_length: def.min_length.unwrap_or(0),
            max_length: def.max_length.unwrap_or(usize::MAX),
        })
    }

    pub(crate) fn label(&self) -> Label {
        self.label
    }

    pub(crate) fn recognize(&self, text: &str, out: &mut Vec<Candidate>) {
        for m in self.regex.find_iter(text) {
            if m.start() < m.end() && self.cued(text, m.start(), m.end()) && self.valid(m.as_str())
            {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    self.label,
                    self.rule,
                    priority::EXPLICIT,
                ));
            }
        }
    }
}

impl Custom {
    /// Whether a cue word stands within the window before `s` or after `e`.
    fn cued(&self, text: &str, s: usize, e: usize) -> bool {
        let Some(cues) = &self.cues else { return true };
        if cues.before(text, s, self.cue_window) {
            return true;
        }
        let to = floor_char(text, e.saturating_add(self.cue_window).min(text.len()));
        cues.iter(&text[e..to]).next().is_some()
    }

    fn valid(&self, value: &str) -> bool {
        match self.validator {
            None => true,
            Some(Validator::Luhn) => luhn(value),
            Some(Validator::Length) => {
                let n = value.chars().filter(|c| c.is_alphanumeric()).count();
                (self.min_length..=self.max_length).contains(&n)
            }
        }
    }
}

/// The Luhn checksum over the digits of `value` (at least two digits).
pub(crate) fn luhn(value: &str) -> bool {
    let digits: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() < 2 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Rule names are `&'static str` so that a finding stays `Copy` and cheap; custom names are
/// interned once per distinct name for the life of the process (bounded by the policies
/// a process loads, not by the text it scans).
fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(n) = set.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(def: CustomRecognizer, text: &str) -> Vec<String> {
        let c = Custom::compile(&def, 0).unwrap();
        let mut out = Vec::new();
        c.recognize(text, &mut out);
        out.iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn luhn_values() {
        let cases = [
            ("4111111111111111", true),
            ("4111 1111 1111 1111", true),
            ("79927398713", true),
            ("79927398710", false),
            ("1234567812345678", false),
            ("0", false),
        ];
        for (v, want) in cases {
            assert_eq!(luhn(v), want, "{v}");
        }
    }

    #[test]
    fn cues_and_validators() {
        let member = || {
            CustomRecognizer::new("plan", Label::Id, r"\b\d{11}\b").with_cues(["member", "plan id"])
        };
        let cases: [(CustomRecognizer, &str, &[&str]); 8] = [
            (member(), "member 79927398713 called", &["79927398713"]),
            (member(), "MEMBER#: 79927398713", &["79927398713"]),
            (member(), "79927398713 is the Plan ID", &["79927398713"]),
            (member(), "lot 79927398713 shipped", &[]),
            (
                member().with_validator(Validator::Luhn),
                "member 79927398713 or member 79927398710",
                &["79927398713"],
            ),
            (
                CustomRecognizer::new("mrn", Label::Mrn, r"\bK[0-9A-Z]+\b")
                    .with_validator(Validator::Length)
                    .with_length(6, 8),
                "K1234 K12345 K1234567 K12345678",
                &["K12345", "K1234567"],
            ),
            (
                member(),
                "member is listed far, far away from the number 79927398713",
                &[],
            ),
            (
                CustomRecognizer::new("plan", Label::Id, r"\b\d{11}\b").with_cues(["memberé"]),
                "é memberé 79927398713",
                &["79927398713"],
            ),
        ];
        for (i, (def, text, want)) in cases.into_iter().enumerate() {
            assert_eq!(found(def, text), want, "case {i}: {text}");
        }
    }
}

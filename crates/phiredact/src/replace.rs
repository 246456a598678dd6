//! Writing the replacement for a finding, per the policy's action for its label.
//!
//! Most actions depend on the finding alone. `numbered` depends on the document (the same
//! person gets the same number throughout), so its memory lives in a [`DocState`] made per
//! call or per stream — never in the shared, immutable redactor, which would leak numbering
//! between documents and threads. The keyed actions depend on the key (held by the
//! redactor) and, for dates, on the subject of the call (in the `DocState`).

use std::collections::HashMap;

use crate::finding::{Finding, Label};
use crate::keyed::{self, Key, normalise};
use crate::policy::{Action, LabelPolicy};

const LABELS: usize = Label::ALL.len();

/// A label's action, resolved once when the redactor is built.
#[derive(Clone, Debug)]
pub(crate) enum Replacement {
    Tag(Box<str>),
    Mask,
    KeepLast(usize),
    Remove,

    // --- Issue 8 operators. ---
    Numbered,
    Pseudonym(usize),
    Surrogate,
    ShiftDates,
    Zip3,
}

/// Three-digit ZIP prefixes whose area has 20,000 people or fewer (HHS guidance; see
/// `data/README.md`), sorted.
const ZIP3_RESTRICTED: &str = include_str!("../data/places/zip3_restricted.txt");

fn zip3_restricted(prefix: &str) -> bool {
    ZIP3_RESTRICTED
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.trim() == prefix)
}

/// Safe Harbor's ZIP generalisation: the first three digits (or `000` for a sparsely
/// populated area), the remaining letters and digits masked. Text that is not a ZIP is
/// masked whole rather than partly kept.
fn zip3(original: &str, out: &mut String) {
    let b = original.as_bytes();
    if b.len() < 5 || !b[..5].iter().all(u8::is_ascii_digit) {
        return mask(original, usize::MAX, out);
    }
    if zip3_restricted(&original[..3]) {
        out.push_str("000");
    } else {
        out.push_str(&original[..3]);
    }
    mask(&original[3..], usize::MAX, out);
}

impl Replacement {
    pub(crate) fn from_policy(label: Label, lp: &LabelPolicy) -> Replacement {
        match lp.action {
            Action::Tag => Replacement::Tag(
                lp.tag
                    .clone()
                    .unwrap_or_else(|| label.tag().to_string())
                    .into_boxed_str(),
            ),
            Action::Mask => Replacement::Mask,
            Action::KeepLast => Replacement::KeepLast(lp.digits.unwrap_or(4)),
            Action::Remove => Replacement::Remove,
            // Issue 8 operators.
            Action::Numbered => Replacement::Numbered,
            Action::Pseudonym => Replacement::Pseudonym(lp.length.unwrap_or(8)),
            Action::Surrogate => Replacement::Surrogate,
            Action::ShiftDates => Replacement::ShiftDates,
            Action::Zip3 => Replacement::Zip3,
        }
    }

    /// Writes the replacement of `original` (a finding labelled `label`). `key` is present
    /// whenever a keyed action is configured (the builder refuses otherwise); without one a
    /// keyed action writes the label's tag rather than anything derived from the text.
    pub(crate) fn write(
        &self,
        label: Label,
        original: &str,
        key: Option<&Key>,
        doc: &mut DocState,
        out: &mut String,
    ) {
        match self {
            Replacement::Tag(t) => out.push_str(t),
            Replacement::Mask => mask(original, usize::MAX, out),
            Replacement::KeepLast(n) => {
                let keep_from = keep_from(original, *n);
                mask(original, keep_from, out)
            }
            Replacement::Remove => {}
            Replacement::Numbered => {
                let n = doc.number(label, original);
                out.push('[');
                out.push_str(label.as_str());
                out.push('-');
                out.push_str(&n.to_string());
                out.push(']');
            }
            Replacement::Pseudonym(len) => match key {
                Some(k) => keyed::pseudonym(k, label, original, *len, out),
                None => out.push_str(label.tag()),
            },
            Replacement::Surrogate | Replacement::ShiftDates
                if matches!(label, Label::Date | Label::Dob) =>
            {
                // Dates have no better surrogate than the same date, shifted.
                match doc
                    .shift_days
                    .and_then(|d| crate::dates::shift(original, d))
                {
                    Some(s) => out.push_str(&s),
                    // Not a form that can be read back: fail closed with the tag.
                    None => out.push_str(label.tag()),
                }
            }
            Replacement::Surrogate => match key {
                Some(k) => crate::surrogate::write(k, label, original, out),
                None => out.push_str(label.tag()),
            },
            Replacement::ShiftDates => out.push_str(label.tag()),
            Replacement::Zip3 => zip3(original, out),
        }
    }
}

/// What one document (one call, or one stream) remembers while it is being replaced.
#[derive(Clone, Debug, Default)]
pub(crate) struct DocState {
    /// Numbers given so far, per label and normalised value.
    numbers: HashMap<(Label, String), usize>,
    /// For names: the word sets of the people numbered so far, to recognise "Maria" as
    /// the "Maria Lopez" of earlier.
    people: Vec<(Vec<String>, usize)>,
    next: [usize; LABELS],
    /// The date shift of this document's subject, in days (when a key is configured).
    pub(crate) shift_days: Option<i64>,
}

impl DocState {
    /// State for a new document; `shift_days` from the key and the subject.
    pub(crate) fn new(shift_days: Option<i64>) -> DocState {
        DocState {
            shift_days,
            ..DocState::default()
        }
    }

    fn number(&mut self, label: Label, original: &str) -> usize {
        let norm = normalise(label, original);
        if let Some(&n) = self.numbers.get(&(label, norm.clone())) {
            return n;
        }
        let n = if label == Label::Name {
            let words = keyed::name_words(original);
            // A part of an earlier name ("Lopez" after "Maria Lopez"), or an earlier
            // name's full form: the same person. The first such person wins.
            let same = self.people.iter().find(|(w, _)| {
                !words.is_empty()
                    && (words.iter().all(|x| w.contains(x)) || w.iter().all(|x| words.contains(x)))
            });
            match same {
                Some(&(_, n)) => n,
                None => self.fresh(label),
            }
        } else {
            self.fresh(label)
        };
        if label == Label::Name {
            self.people.push((keyed::name_words(original), n));
        }
        self.numbers.insert((label, norm), n);
        n
    }

    fn fresh(&mut self, label: Label) -> usize {
        self.next[label.index()] += 1;
        self.next[label.index()]
    }
}

/// The date offset of a subject: a deterministic, non-zero number of days in
/// `-max..=max`, from the key and the subject.
pub(crate) fn shift_days(key: &Key, subject: &str, max: u32) -> i64 {
    let mac = key.mac("shift_dates", "", subject);
    let v = u64::from_be_bytes(mac[..8].try_into().unwrap_or([0; 8]));
    let max = u64::from(max.max(1));
    let magnitude = (v % max) as i64 + 1;
    if mac[8] & 1 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// Letters and digits become `*`; separators stay, so the shape survives.
fn mask(original: &str, keep_from: usize, out: &mut String) {
    for (i, c) in original.char_indices() {
        if i >= keep_from || !c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push('*');
        }
    }
}

/// The byte offset from which the last `n` letters and digits start.
fn keep_from(original: &str, n: usize) -> usize {
    if n == 0 {
        return original.len();
    }
    let mut seen = 0;
    for (i, c) in original.char_indices().rev() {
        if c.is_alphanumeric() {
            seen += 1;
            if seen == n {
                return i;
            }
        }
    }
    0
}

/// Copies `text` to `out`, replacing each finding (sorted, non-overlapping, relative to
/// `base`) with `replacement(label)`.
pub(crate) fn apply<'a>(
    text: &str,
    base: usize,
    findings: &[Finding],
    replacement: impl Fn(Label) -> &'a Replacement,
    key: Option<&Key>,
    doc: &mut DocState,
    out: &mut String,
) {
    let mut at = 0;
    for f in findings {
        let (s, e) = (f.start - base, f.end - base);
        out.push_str(&text[at..s]);
        replacement(f.label).write(f.label, &text[s..e], key, doc, out);
        at = e;
    }
    out.push_str(&text[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(r: Replacement, s: &str) -> String {
        let mut out = String::new();
        r.write(Label::Ssn, s, None, &mut DocState::default(), &mut out);
        out
    }

    #[test]
    fn actions() {
        assert_eq!(
            run(Replacement::Tag("[SSN]".into()), "123-45-6789"),
            "[SSN]"
        );
        assert_eq!(run(Replacement::Mask, "123-45-6789"), "***-**-****");
        assert_eq!(run(Replacement::KeepLast(4), "123-45-6789"), "***-**-6789");
        assert_eq!(run(Replacement::KeepLast(0), "12-3"), "**-*");
        assert_eq!(run(Replacement::KeepLast(9), "12-3"), "12-3");
        assert_eq!(run(Replacement::Remove, "x"), "");
        assert_eq!(run(Replacement::Mask, "José Ñ"), "**** *");
        assert_eq!(run(Replacement::Zip3, "02115"), "021**");
        assert_eq!(run(Replacement::Zip3, "02115-1234"), "021**-****");
        assert_eq!(run(Replacement::Zip3, "03601"), "000**");
        assert_eq!(run(Replacement::Zip3, "89301"), "000**");
        assert_eq!(run(Replacement::Zip3, "ab"), "**");
        // Keyed actions without a key fail closed to the tag.
        assert_eq!(run(Replacement::Pseudonym(8), "123-45-6789"), "[SSN]");
        assert_eq!(run(Replacement::Surrogate, "123-45-6789"), "[SSN]");
    }

    #[test]
    fn numbering_is_per_document_and_per_person() {
        let mut doc = DocState::default();
        let cases = [
            (Label::Name, "Maria Lopez", 1),
            (Label::Name, "John Smith", 2),
            (Label::Name, "MARIA LOPEZ", 1),
            (Label::Name, "Maria Lopez's", 1),
            (Label::Name, "Lopez, Maria", 1),
            (Label::Name, "Lopez", 1),
            (Label::Name, "smith", 2),
            (Label::Name, "Ann Chen", 3),
            (Label::Phone, "555-123-4567", 1),
            (Label::Phone, "(555) 123-4567", 1),
            (Label::Phone, "555-987-6543", 2),
        ];
        for (label, text, want) in cases {
            assert_eq!(doc.number(label, text), want, "{text}");
        }
        assert_eq!(DocState::default().number(Label::Name, "John Smith"), 1);
    }

    #[test]
    fn shift_days_are_bounded_and_keyed() {
        let k = Key::new(b"0123456789abcdef");
        let k2 = Key::new(b"0123456789abcdeF");
        let mut distinct = std::collections::HashSet::new();
        for s in ["a", "b", "c", "d", "patient-1", ""] {
            let d = shift_days(&k, s, 365);
            assert!(d != 0 && (-365..=365).contains(&d));
            assert_eq!(d, shift_days(&k, s, 365));
            distinct.insert(d);
        }
        assert!(distinct.len() > 3);
        assert_ne!(shift_days(&k, "a", 365), shift_days(&k2, "a", 365));
        assert!((-3..=3).contains(&shift_days(&k, "a", 3)));
    }
}

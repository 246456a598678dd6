//! Writing the replacement for a finding, per the policy's action for its label.

use crate::finding::{Finding, Label};
use crate::policy::{Action, LabelPolicy};

/// A label's action, resolved once when the redactor is built.
#[derive(Clone, Debug)]
pub(crate) enum Replacement {
    Tag(Box<str>),
    Mask,
    KeepLast(usize),
    Remove,
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
            Action::Zip3 => Replacement::Zip3,
        }
    }

    pub(crate) fn write(&self, original: &str, out: &mut String) {
        match self {
            Replacement::Tag(t) => out.push_str(t),
            Replacement::Mask => mask(original, usize::MAX, out),
            Replacement::KeepLast(n) => {
                let keep_from = keep_from(original, *n);
                mask(original, keep_from, out)
            }
            Replacement::Remove => {}
            Replacement::Zip3 => zip3(original, out),
        }
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
    out: &mut String,
) {
    let mut at = 0;
    for f in findings {
        let (s, e) = (f.start - base, f.end - base);
        out.push_str(&text[at..s]);
        replacement(f.label).write(&text[s..e], out);
        at = e;
    }
    out.push_str(&text[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(r: Replacement, s: &str) -> String {
        let mut out = String::new();
        r.write(s, &mut out);
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
    }
}

//! Ages over 89, which HIPAA Safe Harbor treats as identifying (younger ages stay).

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Cues, Shape, priority};
use crate::finding::Label;

static AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?-u:\b)(?P<n1>9\d|1[0-2]\d)\s?-?\s?(?:yo|y/o|y\.o\.?|yrs?(?-u:\b)|years?|year-old|yr-old|y(?-u:\b))
      | (?-u:\b)(?:aged?|age:|age\ is|ages)\s{0,2}(?P<n2>9\d|1[0-2]\d)(?-u:\b)
      | (?-u:\b)(?P<n3>9\d|1[0-2]\d)(?:\s?(?:yo|y/o))?\s?(?:F|M|female|male|woman|man|wf|wm|bf|bm)(?-u:\b)
        ",
    )
    .expect("valid regex")
});

static TEMP: LazyLock<Cues> =
    LazyLock::new(|| Cues::new(&["temp", "t", "tmax", "tm", "temperature", "fever", "febrile"]));

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    // Every branch takes a whole run of 9x or 10x–12x.
    if !shape.may(shape.age_run) {
        return;
    }
    for c in AGE.captures_iter(text) {
        let n = c
            .name("n1")
            .or_else(|| c.name("n2"))
            .or_else(|| c.name("n3"))
            .expect("one branch matched");
        let (s, e) = (n.start(), n.end());
        if super::extends_number_back(text, s) || super::byte_before(text, s) == b'.' {
            continue;
        }
        if c.name("n3").is_some() && TEMP.before(text, s, 12) {
            continue;
        }
        // "90 years" of smoking is a duration, not an age.
        let rest = &text[c.get(0).expect("group 0").end()..];
        if c.name("n1").is_some() && rest.trim_start().starts_with("ago") {
            continue;
        }
        out.push(Candidate::new(
            s,
            e,
            Label::Age,
            "age.over_89",
            priority::SHAPE,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn positives() {
        for (text, span) in [
            ("92 yo female", "92"),
            ("aged 93", "93"),
            ("a 93-year-old man", "93"),
            ("101 y/o", "101"),
            ("age: 95", "95"),
            ("95F with CHF", "95"),
        ] {
            assert_finds(text, span, Label::Age, "age.over_89");
        }
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "89 yo male",
            "45 year old",
            "SpO2 92%",
            "HR 95",
            "90 years ago",
            "99.1 F temp",
            "aged 9",
            "Temp 99 F",
        ] {
            assert_clean(text, &[Label::Age]);
        }
    }
}

//! Ages over 89, which HIPAA Safe Harbor treats as identifying (younger ages stay).

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Cues, Shape, priority};
use crate::finding::Label;

static AGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(AGE_SRC).expect("valid regex"));

const AGE_SRC: &str = r"(?xi)
        (?-u:\b)(?P<n1>9\d|1[0-2]\d)\s?-?\s?(?:yo|y/o|y\.o\.?|yrs?(?-u:\b)|years?|year-old|yr-old|y(?-u:\b))
      | (?-u:\b)(?:aged?|age:|age\ is|ages|turn(?:ed|s|ing))\s{0,2}(?P<n2>9\d|1[0-2]\d)(?-u:\b)
      | (?-u:\b)(?:s?he(?:'s|s|\ is)|who(?:'s|\ is)|i'm|im|i\ am|(?:pt|patient|mother|father|mom|dad|husband
            |wife|spouse|grandmother|grandfather|grandma|grandpa|aunt|uncle|sister|brother)(?:'s|\ is))\s{1,2}(?P<n5>9\d|1[0-2]\d)(?-u:\b)
      | (?-u:\b)(?:pt|patient|mother|father|mom|dad|husband|wife|spouse|grandmother|grandfather
            |grandma|grandpa|aunt|uncle|sister|brother|female|male|woman|man|f|m),\s{1,2}(?P<n6>9\d|1[0-2]\d)[,)]
      | (?-u:\b)(?P<n3>9\d|1[0-2]\d)(?:\s?(?:yo|y/o))?\s?(?:F|M|female|male|woman|man|wf|wm|bf|bm)(?-u:\b)
      | (?-u:\b)(?P<n4>9\d|1[0-2]\d)(?:st|nd|rd|th)\s{1,2}birthday
        ";

/// [`AGE`] anchored at the start of the haystack, for plain text
/// ([`super::ascii_regex`]): the fast paths that use it run only there. Built from the
/// source, so that plain text never compiles the Unicode [`AGE`].
static AGE_AT: LazyLock<Regex> = LazyLock::new(|| super::ascii_regex(&format!("^(?:{AGE_SRC})")));

/// How far before its number a match of [`AGE`] can start in ASCII text: "grandmother is"
/// and two spaces.
const AGE_LEAD: usize = 16;

/// The part of "ninety" and "hundred" every spelling of them holds, in lower case and in
/// capitals ("Ninety", "NINETY"): one Teddy pass finds where a spelled age may stand.
static SPELLED_HITS: LazyLock<Option<aho_corasick::packed::Searcher>> = LazyLock::new(|| {
    aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(["inety", "INETY", "undred", "UNDRED"])
        .build()
});

/// An age over 89 in words, anchored at the start of its number: "ninety-two year old",
/// "Ninety two years old", "one hundred and one yo", or after "aged"/"age" (which
/// [`spelled`] looks for before the number).
static SPELLED_AGE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi-u)^(?P<n>
            ninety(?:[\ -]?(?:one|two|three|four|five|six|seven|eight|nine)\b)?
          | (?:one|a)\ hundred(?:\ (?:and\ )?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\b)?
        )(?P<unit>[\ -]?(?:years?|yrs?)[\ -]?old\b|\ ?(?:yo|y/o)\b)?",
    )
    .expect("valid regex")
});

/// Ages over 89 written in words ("a ninety-two year old man", "aged one hundred and
/// one"), which need no digit: the engine calls this for every segment when AGE is on.
pub(crate) fn spelled(text: &str, out: &mut Vec<Candidate>) {
    let Some(searcher) = &*SPELLED_HITS else {
        return;
    };
    let b = text.as_bytes();
    let mut done = 0;
    for m in searcher.find_iter(b) {
        // The number's first word: "ninety" starts one letter before its hit; "hundred" is
        // the second word of "one hundred" or "a hundred".
        let hit = m.start();
        let start = if matches!(b[m.end() - 1], b'y' | b'Y') {
            hit.checked_sub(1)
        } else {
            let h = hit.checked_sub(2);
            h.and_then(|h| {
                let w = b[..h]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                (w > 0).then(|| h - w)
            })
        };
        let Some(start) = start.filter(|&s| s >= done) else {
            continue;
        };
        if start > 0 && b[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let Some(c) = SPELLED_AGE_AT.captures(&text[start..]) else {
            continue;
        };
        let (Some(n), unit) = (c.name("n"), c.name("unit")) else {
            continue;
        };
        let cued = || {
            let before = text[..start].trim_end();
            let w = before.len()
                - before
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
            let word = &before[w..];
            // "she is ninety-one.", "turned ninety," (not "pulse is ninety and regular"):
            // after a verb, only a number ending its clause.
            let clause_ends = || {
                let after = text[start + n.end()..].trim_start_matches(' ');
                after.is_empty() || after.starts_with(['.', ',', ';', '!', '?', ')', '\n', '\r'])
            };
            ["aged", "age"].iter().any(|a| word.eq_ignore_ascii_case(a))
                || ["is", "turned", "turns", "turning"]
                    .iter()
                    .any(|a| word.eq_ignore_ascii_case(a))
                    && clause_ends()
        };
        if unit.is_some() || cued() {
            out.push(Candidate::new(
                start,
                start + n.end(),
                Label::Age,
                "age.spelled",
                priority::CUE,
            ));
            done = start + c.get(0).map_or(n.end(), |m| m.end());
        }
    }
}

static TEMP: LazyLock<Cues> =
    LazyLock::new(|| Cues::new(&["temp", "t", "tmax", "tm", "temperature", "fever", "febrile"]));

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    // Every branch takes a whole run of 9x or 10x–12x.
    if !shape.may(shape.age_run) {
        return;
    }
    if !shape.plain {
        for c in AGE.captures_iter(text) {
            age_one(text, 0, &c, out);
        }
        return;
    }
    // In ASCII text the number of every match is a whole run of 9x or 10x–12x, and the match
    // starts at it or at most AGE_LEAD bytes before it at a word "age…", after `\b`, where
    // the anchored regex sees what the whole-text one sees. Each position is tried once, in
    // increasing order, and none before the end of the last match: the matches of
    // `captures_iter`.
    let b = text.as_bytes();
    let mut next = 0;
    for &(rs, re) in &shape.runs {
        let age_run = match re - rs {
            2 => b[rs] == b'9',
            3 => b[rs] == b'1' && matches!(b[rs + 1], b'0'..=b'2'),
            _ => false,
        };
        if !age_run {
            continue;
        }
        // The branch of a person or a sex set off by commas ("Mother, 102,", "(F, 93)") has a
        // comma at most three bytes before the number and a comma or `)` right after it.
        let set_off =
            b[rs.saturating_sub(3)..rs].contains(&b',') && matches!(b.get(re), Some(b',' | b')'));
        for p in next.max(rs.saturating_sub(AGE_LEAD))..=rs {
            next = p + 1;
            // At the number only the branches that start with it can match, and each needs
            // a letter of `age_may_follow` right after it; before the number only those
            // starting with a word of `age_word_at`, or the set-off one. A try skipped here is
            // one the regex would fail.
            let start = if p == rs {
                super::word_start(b, p) && age_may_follow(b, re)
            } else {
                b[p].is_ascii_alphabetic()
                    && super::word_start(b, p)
                    && (set_off || age_word_at(b, p))
            };
            if !start {
                continue;
            }
            if let Some(c) = AGE_AT.captures(&text[p..]) {
                next = p + c.get(0).map_or(0, |m| m.end());
                age_one(text, p, &c, out);
                break;
            }
        }
    }
}

/// Whether a word that starts a branch of [`AGE`] before its number (save those before a
/// comma) may start at `b[p]`: its first two letters, in any case ("age", "turn", "he",
/// "she", "who", "i", "pt", and the relations: "mother", "husband", "grandma", …). One
/// match on two bytes, since this runs at every word start before every 9x and 1xx.
fn age_word_at(b: &[u8], p: usize) -> bool {
    let second = b.get(p + 1).map_or(0, |c| c | 0x20);
    match b[p] | 0x20 {
        b'i' | b'p' => true,
        b'a' => matches!(second, b'g' | b'u'),
        b't' => second == b'u',
        b'h' => matches!(second, b'e' | b'u'),
        b's' => matches!(second, b'h' | b'p' | b'i'),
        b'w' => matches!(second, b'h' | b'i'),
        b'm' => second == b'o',
        b'f' => second == b'a',
        b'd' => second == b'a',
        b'g' => second == b'r',
        b'u' => second == b'n',
        b'b' => second == b'r',
        _ => false,
    }
}

/// Whether a match of [`AGE_AT`] that starts with its number (the first and third branches)
/// can follow the number's digits, which end at `e`: both go on with at most three bytes of
/// white space or `-` (`\s?-?\s?` before "yo", "yrs", "years"…; `\s?` before "yo", "y/o" or
/// a sex) and then a `y`, or (third branch) an `f`, `m`, `w` or `b` ("F", "male", "woman",
/// "bm"), in any case. The loop skips exactly those separator bytes, none of which is such a
/// letter, so it stops on the match's letter. Most numbers this runs on are vital signs
/// ("98.6", "95%", "120/80"), and this look costs far less than the regex's set-up.
fn age_may_follow(b: &[u8], e: usize) -> bool {
    // The ordinal of the fourth branch ("91st birthday") follows the digits at once.
    if b.get(e)
        .is_some_and(|&c| matches!(c | 0x20, b's' | b'n' | b'r' | b't'))
    {
        return true;
    }
    let mut j = e;
    while j < b.len() && j - e < 3 && (super::is_space(b[j]) || b[j] == b'-') {
        j += 1;
    }
    b.get(j)
        .is_some_and(|&c| matches!(c | 0x20, b'y' | b'f' | b'm' | b'w' | b'b'))
}

/// The groups of [`AGE_AT`] (and of [`AGE`], which has the same), by index: read off the
/// small ASCII regex, which plain text needs anyway.
static AGE_GROUPS: LazyLock<[usize; 6]> =
    LazyLock::new(|| super::groups(&AGE_AT, ["n1", "n2", "n3", "n4", "n5", "n6"]));

/// One match of [`AGE`], found in `text[base..]`.
fn age_one(text: &str, base: usize, c: &regex::Captures<'_>, out: &mut Vec<Candidate>) {
    let [n1, n2, n3, n4, n5, n6] = *AGE_GROUPS;
    let n = c
        .get(n1)
        .or_else(|| c.get(n2))
        .or_else(|| c.get(n3))
        .or_else(|| c.get(n4))
        .or_else(|| c.get(n5))
        .or_else(|| c.get(n6))
        .expect("one branch matched");
    let (s, e) = (base + n.start(), base + n.end());
    if super::extends_number_back(text, s) || super::byte_before(text, s) == b'.' {
        return;
    }
    if (c.get(n3).is_some() || c.get(n6).is_some()) && TEMP.before(text, s, 12) {
        return;
    }
    // "90 years" of smoking is a duration, not an age.
    let rest = &text[base + c.get(0).expect("group 0").end()..];
    if c.get(n1).is_some() && rest.trim_start().starts_with("ago") {
        return;
    }
    // "turned 90 degrees" is a rotation.
    let rest = rest.trim_start();
    if c.get(n2).is_some()
        && (rest.starts_with('°') || rest.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("deg")))
    {
        return;
    }
    // "he's 91", "she is 95 and sharp", "I'm 90.": after a person, the number is an age
    // when a clause ends after it or a word that is no unit follows ("she is 95%", "he is
    // 98.6", "she's 90 lbs", "he is 90 over 60" are not).
    if c.get(n5).is_some() && !age_after_person(text.as_bytes(), e) {
        return;
    }
    out.push(Candidate::new(
        s,
        e,
        Label::Age,
        "age.over_89",
        priority::SHAPE,
    ));
}

/// Words after a number that make it a measure, not an age ([`age_one`]'s person branch).
const MEASURES: &[&str] = &[
    "mg", "mcg", "kg", "lb", "lbs", "pounds", "percent", "bpm", "degrees", "deg", "f", "c", "mmhg",
    "over", "on", "of", "out", "systolic", "ml", "cc", "units", "x",
];

/// Whether what follows an age's digits ending at `e`, after a person ("he's 91"), leaves it
/// an age: the end, a clause's end (`.`, `,`, `;`, `!`, `?`, `)`, a line break; not a
/// decimal point), or a word that is none of [`MEASURES`].
fn age_after_person(b: &[u8], e: usize) -> bool {
    let mut j = e;
    while j < b.len() && b[j] == b' ' {
        j += 1;
    }
    let Some(&c) = b.get(j) else {
        return true;
    };
    if matches!(c, b',' | b';' | b'!' | b'?' | b')' | b'\n' | b'\r') {
        return true;
    }
    if c == b'.' {
        return !b.get(j + 1).is_some_and(u8::is_ascii_digit);
    }
    let n = b[j..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    j > e
        && n > 0
        && !MEASURES
            .iter()
            .any(|m| m.as_bytes().eq_ignore_ascii_case(&b[j..j + n]))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    /// Every word a branch of the regex starts with before its number passes
    /// [`super::age_word_at`], in any case; most other words do not.
    #[test]
    fn age_words_start_where_the_regex_starts() {
        for w in [
            "age",
            "aged",
            "ages",
            "turned",
            "turns",
            "he",
            "she",
            "who",
            "i",
            "im",
            "pt",
            "patient",
            "mother",
            "mom",
            "father",
            "dad",
            "husband",
            "wife",
            "spouse",
            "grandmother",
            "grandfather",
            "grandma",
            "grandpa",
            "aunt",
            "uncle",
            "sister",
            "brother",
        ] {
            for v in [w.to_string(), w.to_uppercase()] {
                assert!(super::age_word_at(v.as_bytes(), 0), "{v}");
            }
        }
        for w in ["hr", "bp", "temp", "rr", "o2", "sat", "x"] {
            assert!(!super::age_word_at(w.as_bytes(), 0), "{w}");
        }
    }

    #[test]
    fn group_indices_are_found() {
        assert!(
            super::AGE_GROUPS
                .iter()
                .all(|&g| g < super::AGE.captures_len())
        );
        let named = |r: &regex::Regex| -> Vec<Option<String>> {
            r.capture_names().map(|n| n.map(str::to_owned)).collect()
        };
        assert_eq!(named(&super::AGE), named(&super::AGE_AT));
    }

    /// The fast path (plain text: anchored tries behind byte tests) finds what the
    /// whole-text regex finds, on random strings of numbers, age words, separators, vital
    /// signs and multi-byte characters; and [`super::age_may_follow`] holds wherever the
    /// anchored regex matches at a number.
    #[test]
    fn fast_path_matches_whole_text_regex() {
        const NUMBERS: &[&str] = &["92", "9", "99", "100", "129", "130", "1000", "95", "089"];
        const TOKENS: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\n",
            "-",
            "- ",
            " -",
            "y",
            "Y",
            "yo",
            "YO",
            "y/o",
            "y.o.",
            "yrs",
            "yr",
            "year",
            "years",
            "year-old",
            "yr-old",
            "F",
            "M",
            "f",
            "m",
            "female",
            "male",
            "woman",
            "man",
            "wf",
            "WM",
            "bf",
            "bm",
            "w",
            "b",
            "age",
            "aged",
            "Age:",
            "age is",
            "ages",
            "AGE",
            "husband is",
            "Grandmother is",
            "SISTER's",
            "wife is",
            "dad's",
            "x",
            "a",
            "temp",
            "T",
            "98.6",
            "95%",
            "120/80",
            "ago",
            ".",
            ",",
            "é",
            "turned",
            "turns",
            "Turning",
            "turn",
            "st",
            "ND",
            "rd",
            "th",
            "birthday",
            "t",
            "degrees",
            "中",
            "😀",
            "_",
            "\u{b}",
            "\u{c}",
            "\r",
            "yo\u{e9}",
            "9é",
            "ageé",
            "he's",
            "hes",
            "she is",
            "She's",
            "who is",
            "I'm",
            "im",
            "i am",
            "he",
            "lbs",
            "%",
            "and",
            "i",
            "whos",
            "pt",
            "Pt is",
            "patient's",
            "Mother",
            "grandmother",
            ", ",
            "(",
            ")",
            "F, ",
            "pulse",
        ];
        let mut next = super::super::generated::below(0x2545_f491_4f6c_dd1d);
        let open = super::Shape::default();
        let (mut plain, mut found) = (0, 0);
        for _ in 0..50_000 {
            let len = 1 + next(10);
            let text: String = (0..len)
                .map(|_| match next(3) {
                    0 => NUMBERS[next(NUMBERS.len())],
                    _ => TOKENS[next(TOKENS.len())],
                })
                .collect();
            let shape = super::Shape::of(&text);
            plain += usize::from(shape.plain);
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            super::recognize_shaped(&text, &shape, &mut fast);
            super::recognize_shaped(&text, &open, &mut slow);
            assert_eq!(fast, slow, "{text:?}");
            found += fast.len();
            let b = text.as_bytes();
            for &(s, e) in &shape.runs {
                if super::super::word_start(b, s) && super::AGE_AT.is_match(&text[s..]) {
                    assert!(super::age_may_follow(b, e), "{text:?} at {s}");
                }
            }
        }
        assert!(
            plain > 25_000 && found > 1_200,
            "{plain} plain, {found} found"
        );
    }

    #[test]
    fn positives() {
        for (text, span) in [
            ("92 yo female", "92"),
            ("aged 93", "93"),
            ("a 93-year-old man", "93"),
            ("101 y/o", "101"),
            ("age: 95", "95"),
            ("95F with CHF", "95"),
            ("She turned 90 last week", "90"),
            ("turns 100 in May", "100"),
            ("her 91st birthday party", "91"),
            ("age 93 Dr. Maria Lopez", "93"),
            ("aged 95 Dec 2024", "95"),
            ("this is for my dad frank, hes 91", "91"),
            ("She's 96 and still drives.", "96"),
            ("I'm 90.", "90"),
            ("my mother who is 102, lives alone", "102"),
            ("Pt is 93.", "93"),
            ("Pt is a 91 y.o. female; husband is 96.", "96"),
            ("her grandmother is 101 and lives alone", "101"),
            ("Patient's 91 and sharp", "91"),
            ("Pt (F, 93) seen today.", "93"),
            ("pt, 95, lives alone", "95"),
            ("Mother, 102, lives alone", "102"),
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
            "turned 90 degrees to the left",
            "turned 90 DEG",
            "turned 95° and back",
            "turned 89 today",
            "the 93rd day of admission",
            "she is 95% sure",
            "he is 98.6 today",
            "mother is 90 lbs now",
            "her sister is 95% sure",
            "she's 90 lbs now",
            "he is 90 over 60",
            "she is 92 on room air",
            "pt is 95% on RA",
            "Pt is 98 kg",
            "temp F, 98)",
            "HR is 95.",
            "BP, 95, 120/80",
        ] {
            assert_clean(text, &[Label::Age]);
        }
    }

    #[test]
    fn spelled() {
        for (text, span) in [
            ("a ninety-two year old man", "ninety-two"),
            ("Ninety two years old, lives alone", "Ninety two"),
            ("NINETY-FIVE YO F", "NINETY-FIVE"),
            ("aged one hundred and one", "one hundred and one"),
            ("she is a hundred years old", "a hundred"),
            ("age ninety", "ninety"),
            ("Pt is ninety-one.", "ninety-one"),
            ("she turned ninety, then", "ninety"),
        ] {
            assert_finds(text, span, Label::Age, "age.spelled");
        }
        for text in [
            "ninety minutes later",
            "ninety percent of the time",
            "a hundred times",
            "one hundred mg",
            "eighty-nine year old",
            "seventy-nine years old",
            "ninetyish",
            "pulse is ninety and regular",
        ] {
            assert_clean(text, &[Label::Age]);
        }
    }
}

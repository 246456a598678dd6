//! Numbers spelled out word by word: "call me back at five five five, two zero one, four
//! four seven seven", "my social is one two three four five six seven eight nine", "555
//! two oh one double four seven seven". Transcribed voicemails and after-hours call notes
//! write numbers this way, and every digit recognizer looks for digits.
//!
//! A run is a sequence of digit words (`zero` … `nine`; `oh` and `o` as zero after the
//! first; `double` and `triple` before a digit word) and groups of digits, separated by
//! spaces, commas, full stops, hyphens or slashes (at most three in a row, no line break
//! twice). A run of at least seven digits with at least two spelled is reported: ten
//! digits, or eleven starting with 1, or seven, as `PHONE`; nine after an SSN cue as
//! `SSN`; any other as `ID`. "one or two tablets", "two to three times a day", "take one
//! tab twice" and "6 five-minute breaks" are not runs of seven.
//!
//! The name recognizer's word pass hands this rule the words its lexicon marks as digit
//! words ([`WORDS`]), so text with none costs nothing more.

use std::sync::LazyLock;

use aho_corasick::packed;

use super::{Candidate, priority};
use crate::finding::Label;

/// The digit words, in the order of their digits; `oh` and `o` are zero but never start a
/// run ("oh, five more"), and `double` / `triple` repeat the digit word after them.
pub(crate) const WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh", "double",
    "triple",
];

/// The least number of digits in a reported run.
const MIN_DIGITS: usize = 7;

/// What one word of a run stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Digit,
    /// `oh` or `o`: zero inside a run.
    Oh,
    /// `double` (2) or `triple` (3).
    Repeat(usize),
}

fn word(w: &[u8]) -> Option<Word> {
    let mut buf = [0u8; 6];
    if w.len() > buf.len() {
        return None;
    }
    for (b, c) in buf.iter_mut().zip(w) {
        *b = c.to_ascii_lowercase();
    }
    match &buf[..w.len()] {
        b"zero" | b"one" | b"two" | b"three" | b"four" | b"five" | b"six" | b"seven" | b"eight"
        | b"nine" => Some(Word::Digit),
        b"oh" | b"o" => Some(Word::Oh),
        b"double" => Some(Word::Repeat(2)),
        b"triple" => Some(Word::Repeat(3)),
        _ => None,
    }
}

/// Whether the word `w` can start a run: a digit word, `double` or `triple` (not `oh`).
pub(crate) fn starts_run(w: &[u8]) -> bool {
    matches!(word(w), Some(Word::Digit | Word::Repeat(_)))
}

fn is_sep(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b',' | b'.' | b'-' | b'/' | b'\n' | b'\r')
}

/// The end of the separators at `i` (at most three, one line break), or `None` when there
/// are none or too many.
fn skip_sep(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    let mut breaks = 0;
    while j < b.len() && is_sep(b[j]) && j - i < 3 {
        breaks += usize::from(b[j] == b'\n');
        j += 1;
    }
    (j > i && breaks <= 1 && !b.get(j).is_some_and(|&c| is_sep(c))).then_some(j)
}

/// The words that can start a run in lower case, capitalised and in capitals (the three
/// ways text writes them; a run in other mixed case is found only by the word pass): for
/// [`recognize`], when the word pass does not run. A Teddy searcher over 36 patterns costs
/// 2–3 M instructions per MB (PHONE alone: 37 → 39 on generated messages, 18 → 21 on
/// clinical notes); an Aho-Corasick automaton folding ASCII case cost 19, the word pass 41.
static STARTS: LazyLock<Option<packed::Searcher>> = LazyLock::new(|| {
    let mut b = packed::Config::new()
        .match_kind(packed::MatchKind::LeftmostFirst)
        .builder();
    for w in WORDS.iter().filter(|w| **w != "oh") {
        let cap = w[..1].to_ascii_uppercase() + &w[1..];
        b.extend([w.to_string(), cap, w.to_ascii_uppercase()]);
    }
    b.build()
});

/// Every run in `text`, without the name recognizer's word pass (which finds the words
/// itself when it runs for names or dates): the rule at every digit word that starts a
/// word, as the word pass would call it.
pub(crate) fn recognize(text: &str, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut done = 0;
    let mut try_at = |s: usize, out: &mut Vec<Candidate>| {
        if s >= done {
            done = spelled_number(text, s, out);
        }
    };
    match &*STARTS {
        Some(searcher) => searcher.find_iter(b).for_each(|m| try_at(m.start(), out)),
        // No packed searcher on this machine: every word start.
        None => (0..b.len())
            .filter(|&s| b[s].is_ascii_alphabetic())
            .for_each(|s| try_at(s, out)),
    }
}

/// Whether `start` is inside a word: after a letter, a digit or a non-ASCII byte, or after
/// a joiner (`-`, `'`) that follows one ("x-five", "o'five"). The word pass starts no word
/// there, and neither does this rule.
fn inside_word(b: &[u8], start: usize) -> bool {
    let glued = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
    match start.checked_sub(1).map(|i| b[i]) {
        None => false,
        Some(b'-' | b'\'') => start >= 2 && glued(b[start - 2]),
        Some(c) => glued(c),
    }
}

/// Tries a run of spelled digits at the word starting at `start`, pushes it if it is one,
/// and returns where the words it looked at end: the word pass skips the words before
/// that, since a run starting inside a rejected run is a shorter one.
pub(crate) fn spelled_number(text: &str, start: usize, out: &mut Vec<Candidate>) -> usize {
    let b = text.as_bytes();
    let word_end = |i: usize| {
        let mut j = i;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        j
    };
    let first_end = word_end(start);
    if inside_word(b, start) || !starts_run(&b[start..first_end]) {
        return first_end;
    }
    // Digit groups just before the first word belong to the run: "555 two oh one …".
    let mut from = start;
    let mut digits = 0;
    loop {
        let mut j = from;
        let mut seps = 0;
        while j > 0 && is_sep(b[j - 1]) && seps < 3 {
            j -= 1;
            seps += 1;
        }
        let mut k = j;
        while k > 0 && b[k - 1].is_ascii_digit() {
            k -= 1;
        }
        if seps == 0 || k == j || (k > 0 && b[k - 1].is_ascii_alphanumeric()) {
            break;
        }
        digits += j - k;
        from = k;
    }
    let (mut spelled, mut end, mut i) = (0, start, start);
    let mut repeat = 1;
    loop {
        let item_end;
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if repeat > 1 || b.get(j).is_some_and(u8::is_ascii_alphabetic) {
                break;
            }
            digits += j - i;
            item_end = j;
        } else {
            let j = word_end(i);
            if j == i || b.get(j).is_some_and(|c| c.is_ascii_digit() || *c >= 0x80) {
                break;
            }
            match word(&b[i..j]) {
                Some(Word::Digit) => {
                    digits += repeat;
                    spelled += 1;
                    repeat = 1;
                }
                Some(Word::Oh) if digits > 0 && repeat == 1 => {
                    digits += 1;
                    spelled += 1;
                }
                Some(Word::Repeat(n)) if repeat == 1 => repeat = n,
                _ => break,
            }
            item_end = j;
        }
        if repeat == 1 {
            end = item_end;
        }
        match skip_sep(b, item_end) {
            Some(next) => i = next,
            None => break,
        }
    }
    if digits >= MIN_DIGITS && spelled >= 2 {
        let leading_one = b[from..end]
            .iter()
            .find(|c| c.is_ascii_alphanumeric())
            .is_some_and(|&c| c == b'1' || c.eq_ignore_ascii_case(&b'o'));
        let (label, rule) = match digits {
            7 | 10 => (Label::Phone, "phone.spelled"),
            11 if leading_one => (Label::Phone, "phone.spelled"),
            9 if super::ssn::cue_before(text, from) => (Label::Ssn, "ssn.spelled"),
            _ => (Label::Id, "id.spelled"),
        };
        out.push(Candidate::new(from, end, label, rule, priority::SHAPE));
    }
    end.max(first_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, Label, &'static str)> {
        let mut out = Vec::new();
        let mut done = 0;
        super::super::date::each_word(text.as_bytes(), |s| {
            if s >= done && text.as_bytes().get(s).is_some_and(u8::is_ascii_alphabetic) {
                done = spelled_number(text, s, &mut out);
            }
        });
        out.iter()
            .map(|c| (text[c.start..c.end].to_string(), c.label, c.rule))
            .collect()
    }

    #[test]
    fn spelled_numbers() {
        let cases = [
            (
                "call me back at five five five, two zero one, four four seven seven thanks",
                "five five five, two zero one, four four seven seven",
                Label::Phone,
                "phone.spelled",
            ),
            (
                "cb 555 two oh one double four seven seven",
                "555 two oh one double four seven seven",
                Label::Phone,
                "phone.spelled",
            ),
            (
                "my social is one two three four five six seven eight nine ok",
                "one two three four five six seven eight nine",
                Label::Ssn,
                "ssn.spelled",
            ),
            (
                "member id nine eight seven six five four three two one",
                "nine eight seven six five four three two one",
                Label::Id,
                "id.spelled",
            ),
            (
                "Number is Two-Oh-One-Five-Five-Five-One-Two-One-Two.",
                "Two-Oh-One-Five-Five-Five-One-Two-One-Two",
                Label::Phone,
                "phone.spelled",
            ),
            ("call 1 eight hundred", "", Label::Phone, ""),
            (
                "text 4 four 4 four 4 four 4 now",
                "4 four 4 four 4 four 4",
                Label::Phone,
                "phone.spelled",
            ),
            (
                "ONE EIGHT ZERO ZERO FIVE FIVE FIVE ONE TWO ONE TWO",
                "ONE EIGHT ZERO ZERO FIVE FIVE FIVE ONE TWO ONE TWO",
                Label::Phone,
                "phone.spelled",
            ),
        ];
        for (text, want, label, rule) in cases {
            let got = run(text);
            if want.is_empty() {
                assert!(got.is_empty(), "{text:?}: {got:?}");
            } else {
                assert_eq!(got, [(want.to_string(), label, rule)], "{text:?}");
            }
        }
    }

    #[test]
    fn not_spelled_numbers() {
        for text in [
            "take one or two tablets two to three times a day",
            "one two three four five six",
            "oh five five five two zero",
            "given 2 tabs, one at 8, one at 2, one at 6 and one at 10",
            "six five-minute breaks, two one-hour naps",
            "one, two, three, four, five, six, seven", // counting in words
            "someone two three four five six",
            "55 five 5555",
            "BP one forty over ninety, HR seventy two",
        ] {
            let got = run(text);
            // Counting to seven is seven digit words: a run. It is reported, as a
            // phone number would be: a missed number is worse than a redacted count.
            if text.starts_with("one, two") {
                assert_eq!(got.len(), 1, "{text:?}");
                continue;
            }
            assert!(got.is_empty(), "{text:?}: {got:?}");
        }
    }

    /// The word pass hands the rule every word that can start a run: the same candidates
    /// as trying it at every word start, on generated texts of digit words in every case,
    /// digit groups, separators, joined words and near misses.
    #[test]
    fn word_pass_finds_what_every_word_finds() {
        let parts = concat!(
            "five|Five|FIVE|oh|Oh|OH|o|double|Double|triple|one|two|zero|nine|seven|eight|",
            "four|three|six|555|1234|12|2|-|,|.|/|\n|\n\n|x|someone|o'five|x-five|é|(|call|",
            "ssn|social|ten|two-oh-one|Five-Five|five-x|doubles|:|4x| |  |   |",
        );
        let texts = super::super::generated::texts(parts, 20_000, 5);
        let mut some = 0;
        for t in &texts {
            let mut pass = Vec::new();
            let words = super::super::name::WordPass {
                numbers: true,
                ..Default::default()
            };
            super::super::name::recognize(t, words, &mut pass);
            let (b, mut every, mut done) = (t.as_bytes(), Vec::new(), 0);
            for s in 0..b.len() {
                let starts =
                    b[s].is_ascii_alphabetic() && (s == 0 || !b[s - 1].is_ascii_alphabetic());
                if starts && s >= done {
                    done = spelled_number(t, s, &mut every);
                }
            }
            assert_eq!(pass, every, "{t:?}");
            let mut alone = Vec::new();
            recognize(t, &mut alone);
            assert_eq!(alone, every, "{t:?}");
            some += usize::from(!pass.is_empty());
        }
        assert!(some > 1_000, "only {some} texts with a spelled number");
    }

    /// Through the engine, with the word pass (every label on) and without it (only the
    /// number labels on): the same numbers go.
    #[test]
    fn redacted_with_and_without_the_word_pass() {
        let text = "call me back at five five five two zero one four four seven seven thanks\n\n\
                    her social is one two three, four five, six seven eight nine.\n\n\
                    Callback 555 two oh one double four seven seven.\n\n\
                    Take one or two tablets two to three times a day.";
        let want = "call me back at [PHONE] thanks\n\n\
                    her social is [SSN].\n\n\
                    Callback [PHONE].\n\n\
                    Take one or two tablets two to three times a day.";
        assert_eq!(crate::Redactor::new().redact(text), want);
        let mut b = crate::Redactor::builder();
        for l in Label::ALL {
            b.label(l, matches!(l, Label::Phone | Label::Ssn | Label::Id));
        }
        assert_eq!(b.build().unwrap().redact(text), want);
    }

    /// Long runs cost linear time: the word pass skips the words a rejected run covered.
    #[test]
    fn long_runs_are_one_run() {
        let text = "one ".repeat(50_000);
        let got = run(&text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, Label::Id);
    }
}

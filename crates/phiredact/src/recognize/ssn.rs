//! Social Security numbers.
//!
//! A dashed `123-45-6789` is almost never anything else in clinical text, so the shape alone
//! is enough when the number could have been issued. Numbers that can never be SSNs (area
//! 000, 666 or 900–999, group 00, serial 0000) are still identifiers of some kind, so they
//! are reported as `ID`, not let through. Spaced, dotted and bare nine-digit forms need a cue
//! ("SSN", "SS#", "soc sec", "social security"); after a cue, whatever nine-digit value (or
//! last-four) follows is taken, valid or not.

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Cues, Shape, byte_at, byte_before, digits, priority};
use crate::finding::Label;

static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\d{3}(?:-\d{2}-|\.\d{2}\.| \d{2} |\d{2})\d{4}(?-u:\b)")
        .expect("valid regex")
});

/// A value right after an SSN cue: nine digits in any grouping, or the last four.
static AFTER_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s:#.=\-]*(?:(?:is|of|on file|number|no\.?|num|are|end(?:ing|s)(?: in| with)?|last (?:4|four)(?: digits)?|[xX]{3}-[xX]{2}-|\*{3}-\*{2}-)[\s:#.=\-]*)*(\d{3}[\s.\-]?\d{2}[\s.\-]?\d{4}|\d{4})(?-u:\b)")
        .expect("valid regex")
});

/// The SSN cue words, matched by [`CUES`].
const CUE_WORDS: &[&str] = &[
    "ssn",
    "ss#",
    "ss #",
    "ss no",
    "soc sec",
    "soc. sec",
    "social security",
    "social sec",
    "socsec",
    "social",
];

static CUES: LazyLock<Cues> = LazyLock::new(|| Cues::new(CUE_WORDS));

/// Whether an SSN cue word ends within 40 bytes before `pos`: for numbers found elsewhere
/// (spelled out).
pub(crate) fn cue_before(text: &str, pos: usize) -> bool {
    CUES.before(text, pos, 40)
}

/// The length of the longest of [`CUE_WORDS`].
const CUE_MAX_LEN: usize = super::longest(CUE_WORDS);

/// Whether the nine digits could have been issued as an SSN.
pub(crate) fn is_valid(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let area = d[0] as u32 * 100 + d[1] as u32 * 10 + d[2] as u32;
    let group = d[3] * 10 + d[4];
    let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + x as u32);
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    // Nine digits in a row, or three, a separator and two.
    if !shape.plain {
        for m in SHAPED.find_iter(text) {
            shaped_one(text, m.start(), m.end(), out);
        }
    } else if shape.max_run >= 9 || shape.run3_sep_run2 {
        shaped_plain(text, &shape.runs, out);
    }
    if !shape.plain {
        cued(text, out);
    } else if shape.max_run >= 4 {
        cued_plain(text, &shape.runs, out);
    }
    if !shape.plain {
        masked(text.as_bytes(), &super::date::ascii_runs(text), out);
    } else if shape.max_run >= 4 {
        masked(text.as_bytes(), &shape.runs, out);
    }
}

/// The last four digits of a masked SSN, "XXX-XX-6789" or "***-**-6789", which says what it
/// is without a cue ("last four xxx-xx-6789"): the digits are found, as after a cue.
fn masked(b: &[u8], runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let mask = |c: u8| matches!(c, b'x' | b'X' | b'*');
    for &(s, e) in runs {
        if e - s == 4
            && s >= 7
            && super::word_end(b, e)
            && b[s - 7..s - 4].iter().all(|&c| mask(c))
            && b[s - 4] == b'-'
            && b[s - 3..s - 1].iter().all(|&c| mask(c))
            && b[s - 1] == b'-'
            && (s == 7 || !b[s - 8].is_ascii_alphanumeric() && !mask(b[s - 8]))
        {
            out.push(Candidate::new(
                s,
                e,
                Label::Ssn,
                "ssn.masked",
                priority::CUE,
            ));
        }
    }
}

/// The matches of [`SHAPED`] in ASCII text, read off the digit runs: a whole run of nine, or
/// runs of exactly three, two and four joined by the same one of `-`, `.`, space, each with
/// no word byte on either side. No two can overlap, so all of them are `find_iter`'s.
fn shaped_plain(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let whole = |s: usize, e: usize| super::word_start(b, s) && super::word_end(b, e);
    for (k, &(s, e)) in runs.iter().enumerate() {
        if e - s == 9 && whole(s, e) {
            shaped_one(text, s, e, out);
        } else if let [(s1, e1), (s2, e2), ..] = runs[k + 1..] {
            if e - s == 3
                && e1 - s1 == 2
                && e2 - s2 == 4
                && s1 == e + 1
                && s2 == e1 + 1
                && matches!(b[e], b'-' | b'.' | b' ')
                && b[e1] == b[e]
                && whole(s, e2)
            {
                shaped_one(text, s, e2, out);
            }
        }
    }
}

fn shaped_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    let m = &text[s..e];
    // Part of a longer number or a date-like run: 1-123-45-6789, 123-45-6789-0.
    if matches!(byte_before(text, s), b'-' | b'.' | b'/' | b'+')
        && super::extends_number_back(text, s)
        || matches!(byte_at(text, e), b'-' | b'.' | b'/') && super::continues_number(text, e)
    {
        return;
    }
    // The shape holds at most nine ASCII digits (fewer when some are not ASCII).
    let mut d = [0u8; 9];
    let mut n = 0;
    for x in digits(m) {
        d[n] = x;
        n += 1;
    }
    let d = &d[..n];
    let cued = CUES.before(text, s, 30);
    let dashed = m.as_bytes()[3] == b'-';
    if cued {
        out.push(Candidate::new(s, e, Label::Ssn, "ssn.cue", priority::CUE));
    } else if dashed && is_valid(d) {
        out.push(Candidate::new(
            s,
            e,
            Label::Ssn,
            "ssn.dashed",
            priority::SHAPE,
        ));
    } else if dashed {
        out.push(Candidate::new(
            s,
            e,
            Label::Id,
            "id.ssn_shaped",
            priority::WEAK,
        ));
    }
    // Spaced, dotted and bare forms without a cue are left to the phone and ID
    // recognizers, which see nine digits as an account-like number.
}

/// Values after a cue that the shape above does not cover (last four, odd grouping).
fn cued(text: &str, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    // A cue on word boundaries starts a word with "ss" or "so" (any case); most segments
    // have none, and the automaton's pass costs more than this look.
    let possible = memchr::memchr2_iter(b's', b'S', b).any(|i| {
        (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 1)
                .is_some_and(|&c| matches!(c | 0x20, b's' | b'o'))
    });
    if !possible {
        return;
    }
    for (_, end) in CUES.iter(text) {
        after_cue(text, end, out);
    }
}

/// The candidate [`AFTER_CUE`] takes after a cue ending at `end`, if any.
fn after_cue(text: &str, end: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    if let Some(c) = AFTER_CUE.captures(&text[end..]) {
        let g = c.get(1).expect("group 1 always matches");
        let (s, e) = (end + g.start(), end + g.end());
        if !(e < b.len() && b[e].is_ascii_digit()) {
            out.push(Candidate::new(s, e, Label::Ssn, "ssn.cue", priority::CUE));
        }
    }
}

/// Whether `c` can stand between a cue and the last digit run of the value [`AFTER_CUE`]
/// takes after it, in plain text: a `\s` or one of `:#.=-*`, a letter of its filler words
/// ("is", "of", "on file", "number", "no", "num", "are", "ending in", "ends with", "last 4",
/// "last four digits", "XXX-XX-"), or a
/// digit of "last 4" or of the value's first groups.
fn in_lead(c: u8) -> bool {
    IN_LEAD[usize::from(c)]
}

/// The table of [`in_lead`]: a lookup, as the walk runs over many bytes.
static IN_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = matches!(c, b'\t'..=b'\r' | b' ' | b'0'..=b'9');
        i += 1;
    }
    let others = b":#.=-*abdefghilmnorstuwxX";
    let mut k = 0;
    while k < others.len() {
        t[others[k] as usize] = true;
        k += 1;
    }
    t
};

/// [`cued`] for plain text: the automaton runs only over the stretch before each digit run
/// of four or more that a value could end with, instead of over the whole segment.
///
/// Why nothing is lost: a value ends with the last four digits of a run of four or more
/// (no digit may follow it), and that run starts after the cue's end, as no cue ends in a
/// digit; between the two stand only bytes [`in_lead`] accepts. Walking back over those from the run
/// therefore passes the cue's end, and the cue starts at most [`CUE_MAX_LEN`] bytes before
/// where the walk stops. No two occurrences of cue words can overlap (tested), so the
/// automaton finds in any stretch exactly the occurrences the whole-text search reports
/// there; the stretches are searched left to right and never twice, so the cues come in
/// order and once each.
fn cued_plain(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    // The end of the last stretch searched (a run start), and where its walk stopped.
    let (mut done, mut walked) = (0, 0);
    for &(s, e) in runs {
        if e - s < 4 {
            continue;
        }
        let mut q = s;
        // Past `done` the walk would go on exactly as the last one did.
        while q > done && in_lead(b[q - 1]) {
            q -= 1;
        }
        if q == done && done > 0 {
            q = walked;
        }
        let from = q.saturating_sub(CUE_MAX_LEN).max(done);
        // Every cue word starts with an "s": most stretches have none.
        if memchr::memchr2(b's', b'S', &b[from..s]).is_some() {
            for (_, end) in CUES.iter_between(text, from, s) {
                after_cue(text, end, out);
            }
        }
        (done, walked) = (s, q);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn positives() {
        let cases = [
            ("SSN 123-45-6789", "123-45-6789", Label::Ssn, "ssn.cue"),
            ("her ssn is 123456789.", "123456789", Label::Ssn, "ssn.cue"),
            ("SS#: 123 45 6789", "123 45 6789", Label::Ssn, "ssn.cue"),
            ("soc sec 123.45.6789", "123.45.6789", Label::Ssn, "ssn.cue"),
            (
                "social security number 987-65-4321",
                "987-65-4321",
                Label::Ssn,
                "ssn.cue",
            ),
            (
                "pt 123-45-6789 called",
                "123-45-6789",
                Label::Ssn,
                "ssn.dashed",
            ),
            ("SSN ending in 6789", "6789", Label::Ssn, "ssn.cue"),
            ("last 4 of SSN: 1234", "1234", Label::Ssn, "ssn.cue"),
            ("SSN on file ending 4417", "4417", Label::Ssn, "ssn.cue"),
            ("SSN XXX-XX-4417 verified", "4417", Label::Ssn, "ssn.cue"),
            ("last four xxx-xx-6789.", "6789", Label::Ssn, "ssn.masked"),
            ("on file: ***-**-1234", "1234", Label::Ssn, "ssn.masked"),
            (
                "last four of her social are 4417",
                "4417",
                Label::Ssn,
                "ssn.cue",
            ),
            ("SSN ends with 4417.", "4417", Label::Ssn, "ssn.cue"),
            ("SSN last four digits 4417", "4417", Label::Ssn, "ssn.cue"),
            ("ref 987-65-4321", "987-65-4321", Label::Id, "id.ssn_shaped"),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
    }

    /// The same candidates with the shape's gates and runs as with every gate open (the
    /// runs then read off the text): the masked SSN and the Canadian postal code included.
    #[test]
    fn gated_or_open_shape() {
        let t = "last four xxx-xx-6789; José ***-**-1234";
        let (mut gated, mut open) = (Vec::new(), Vec::new());
        super::recognize_shaped(t, &super::Shape::of(t), &mut gated);
        super::recognize_shaped(t, &super::Shape::default(), &mut open);
        assert!(!gated.is_empty());
        assert_eq!(gated, open);
    }

    #[test]
    fn hard_negatives() {
        let cases = [
            "BP 120/80 HR 72",
            "took 500 mg at 10:30",
            "A1c 7.2% on 3/10",
            "ICD-10 E11.9, CPT 99213",
            "version 1.2.3",
            "room 412 bed 2",
            "grid x-xx-1234 and ax*-**-1234; xxxx-xx-1234",
        ];
        for text in cases {
            assert_clean(text, &[Label::Ssn]);
        }
    }

    /// No two occurrences of cue words can overlap: no tail of one is the start of
    /// another, nor has one as its start. [`super::cued_plain`] relies on it, and on every
    /// cue word starting with "s".
    #[test]
    fn cue_words_never_overlap() {
        assert!(super::CUE_WORDS.iter().all(|w| w.starts_with('s')));
        for a in super::CUE_WORDS {
            for k in 1..a.len() {
                let tail = &a[k..];
                for b in super::CUE_WORDS {
                    assert!(
                        !(b.starts_with(tail) || tail.starts_with(b)),
                        "{a:?} and {b:?} overlap"
                    );
                }
            }
        }
        assert!(
            super::CUE_WORDS
                .iter()
                .all(|w| w.len() <= super::CUE_MAX_LEN)
        );
    }

    /// The stretches before long digit runs hold every cue that yields a value: the fast
    /// path gives what the whole-text search gives, also where there is no run of four.
    #[test]
    fn plain_cue_stretches_match_whole_text() {
        let parts = concat!(
            "ssn|SSN|SS#|ss #|ss no|soc sec|Soc. Sec|social security|social sec|",
            "socsec|social|xssn|ss|so|second|is|of|number|no.|num|ending in|ending|",
            "last 4|last four|xxx-xx-|***-**-|:|#|=|-|.|,|(|\n|   |file|on|the|",
            "123-45-6789|123456789|123 45 6789|123.45.6789|1234|41234|6789|12|123|",
            "12345|4|é|Ärztin",
        );
        let texts = super::super::generated::texts(parts, 20_000, 11);
        let mut some = 0;
        for t in &texts {
            let shape = super::Shape::of(t);
            assert!(shape.plain, "{t:?}");
            let (mut fast, mut whole) = (Vec::new(), Vec::new());
            if shape.max_run >= 4 {
                super::cued_plain(t, &shape.runs, &mut fast);
            }
            super::cued(t, &mut whole);
            assert_eq!(fast, whole, "{t:?}");
            some += usize::from(!fast.is_empty());
        }
        assert!(some > 2_000, "only {some} texts with a cued value");
    }

    #[test]
    fn validity() {
        let v = |s: &str| super::is_valid(&super::digits(s).collect::<Vec<_>>());
        assert!(v("123-45-6789"));
        assert!(!v("000-45-6789"));
        assert!(!v("666-45-6789"));
        assert!(!v("900-45-6789"));
        assert!(!v("123-00-6789"));
        assert!(!v("123-45-0000"));
    }
}

//! Telephone, fax and pager numbers.
//!
//! North American numbers are recognised in every common written form; the separators make
//! them distinctive enough to need no cue. Bare digit runs need one ("tel", "cell", "fax",
//! "pager"), because ten bare digits are as likely an account number — and those are still
//! reported, as `ID`, by the ID recognizer. International numbers start with `+`.

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Cues, Shape, byte_at, byte_before, digits, priority};
use crate::finding::Label;

/// NANP with separators: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567,
/// +1 555 123 4567, 1-800-555-0199, with an optional extension, also one glued to the
/// number as exports write it ("312-555-0100x22").
static FORMATTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x){FORMATTED_CORE}(?:(?-u:\b)(?:\s{{0,2}}(?:x|ext\.?|extension|\#)\s{{0,2}}\d{{1,6}}(?-u:\b))?|[xX]\d{{1,6}}(?-u:\b))"
    ))
    .expect("valid regex")
});

/// [`FORMATTED`] anchored at the start of the haystack, for plain text
/// ([`super::ascii_regex`]): the fast paths that use it run only there.
static FORMATTED_AT: LazyLock<Regex> =
    LazyLock::new(|| super::ascii_regex(&format!("^(?:{})", FORMATTED.as_str())));

/// [`FORMATTED`] without the extension, anchored: the number alone when what looked like
/// an extension runs on into another number ("555.867.5309 # 123-45-6789").
static FORMATTED_BASE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?x)^(?:{FORMATTED_CORE}(?-u:\b))")).expect("valid regex")
});

/// The number without the extension and without the word boundary after it: an extension
/// glued on ("x22") ends the number where no boundary is.
const FORMATTED_CORE: &str = r"
        (?:\+\s?1[\ .\-]?|(?-u:\b)1[\ .\-])?
        (?:\(\s?\d{3}\s?\)[\ .\-]?|(?-u:\b)\d{3}[\ .\-]|(?-u:\b)\d{3}/)
        \d{3}[\ .\-]\d{4}";

/// Seven-digit local numbers: 202-6694.
static LOCAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)\d{3}-\d{4}(?-u:\b)").expect("valid regex"));

/// Bare runs of 10 or 11 digits.
static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)1?\d{10}(?-u:\b)").expect("valid regex"));

/// International: + country code and 6–14 more digits in groups.
static INTERNATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+\s?(?:[02-9]\d{0,2})(?:[\ .\-]?\(?\d{1,5}\)?){2,6}(?-u:\b)")
        .expect("valid regex")
});

/// A number after a phone cue: 4 to 11 digits, possibly grouped.
static AFTER_CUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(AFTER_CUE_SRC).expect("valid regex"));

/// [`AFTER_CUE`] for plain text ([`super::ascii_regex`]).
static AFTER_CUE_ASCII: LazyLock<Regex> = LazyLock::new(|| super::ascii_regex(AFTER_CUE_SRC));

const AFTER_CUE_SRC: &str = r"^(?:\s{0,3}(?:number|num|no\.?|is|at|:|#|=|-)){0,4}\s{0,3}(\(?\d{3}\)?[\ .\-]?\d{3}[\ .\-]?\d{4}|\d{3}[\ .\-]?\d{4}|\d{4,6})(?-u:\b)";

/// The multi-letter phone cue words, matched by [`CUES`].
const CUE_WORDS: &[&str] = &[
    "tel",
    "tel.",
    "telephone",
    "phone",
    "ph",
    "ph.",
    "cell",
    "cellphone",
    "cell phone",
    "mobile",
    "mob",
    "fax",
    "facsimile",
    "pager",
    "beeper",
    "beep",
    "pgr",
    "pg",
    "ext",
    "ext.",
    "extension",
    "callback",
    "call back",
    "call-back",
    "contact",
    "home",
    "work",
    "hm",
    "wk",
    // "they can be reached at 202 2671093"; not "reach" alone ("reached 1000 ml").
    "reached at",
    "reached on",
    "reach me at",
    "reach her at",
    "reach him at",
    "reach them at",
];

static CUES: LazyLock<Cues> = LazyLock::new(|| Cues::new(CUE_WORDS));

/// The one-letter cues ("c 555-1234", "h: …"), kept out of [`CUES`]: as automaton patterns
/// they match at every c, h, w, m, p and f in the text, which made the cue scan the
/// recognizer's hottest loop. A standalone letter can never be inside a longer cue word (no
/// cue has a one-letter word in it, and every longer cue has a letter second), so finding
/// them with a byte scan gives the same cue positions the automaton did.
fn one_letter_cue(c: u8) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        b'c' | b'h' | b'w' | b'm' | b'p' | b'f'
    )
}

/// How far after a cue's end the first ASCII digit of a number [`AFTER_CUE`] can take may
/// be: four fillers of up to three (Unicode, three-byte) spaces and a six-letter word, three
/// more spaces, then up to fourteen characters of up to four bytes before the group's fourth
/// ASCII digit. A cue with no ASCII digit that close cannot yield a candidate.
const CUE_REACH: usize = 4 * (3 * 3 + 6) + 3 * 3 + 14 * 4;
/// The same for one-letter cues, whose number must start within three bytes.
const ONE_LETTER_REACH: usize = 3 + 14 * 4;

/// Whether an ASCII digit is in `b[from..from + reach]`.
fn digit_within(b: &[u8], from: usize, reach: usize) -> bool {
    b[from..b.len().min(from + reach)]
        .iter()
        .any(u8::is_ascii_digit)
}

/// Every phone cue in `text` that can start a candidate, in order: the multi-letter ones
/// by automaton, the one-letter ones by byte scan, each kept only when a digit is near
/// enough after it to matter.
fn cues(text: &str, plain: bool, runs: &[(usize, usize)], cues: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    let near_digit = |&(_, e): &(usize, usize)| digit_within(b, e, CUE_REACH);
    if plain {
        multi_cues_plain(text, runs, |c| {
            if near_digit(&c) {
                cues.push(c);
            }
        });
    } else {
        cues.extend(CUES.iter(text).filter(near_digit));
    }
    let multi = cues.len();
    let mut one_letter = |i: usize| {
        if one_letter_cue(b[i])
            && super::word_boundary(b, i, i + 1)
            && digit_within(b, i + 1, ONE_LETTER_REACH)
        {
            cues.push((i, i + 1));
        }
    };
    if plain {
        // In ASCII text the number starts within three bytes of the cue, perhaps after a
        // "(", so a digit run that can start one ([`may_start_number`]) starts at most
        // five bytes after the letter: look back from the start of those runs instead of
        // at every byte.
        let mut next = 0; // the first position not yet looked at
        for (k, &(s, e)) in runs.iter().enumerate() {
            if may_start_number(runs, k) {
                for j in next.max(s.saturating_sub(5))..s {
                    one_letter(j);
                }
                next = e;
            }
        }
    } else {
        (0..b.len()).for_each(one_letter);
    }
    if multi > 0 && cues.len() > multi {
        cues.sort_unstable();
    }
}

/// How far before the digit run that a number starts with the last byte of a multi-letter
/// cue can lie for [`AFTER_CUE`] to take that number after the cue, in plain text: four
/// fillers of three spaces and "number", three more spaces and a "(" (`\s` is one byte
/// there), and the byte itself.
const PLAIN_CUE_LEAD: usize = 4 * (3 + 6) + 3 + 1 + 1;

/// For each ASCII byte (folded to lower case), the bytes that follow it somewhere inside one
/// of [`CUE_WORDS`], as a bit set: where a pair is not here, no occurrence of a cue word
/// crosses between the two bytes.
static CUE_PAIRS: LazyLock<[u128; 128]> = LazyLock::new(|| {
    let mut t = [0u128; 128];
    for w in CUE_WORDS {
        for p in w.as_bytes().windows(2) {
            let [x, y] = [p[0], p[1]].map(|c| c.to_ascii_lowercase());
            t[usize::from(x)] |= 1 << y;
        }
    }
    t
});

/// Whether no occurrence of a cue word, in any case, crosses position `p` of `b` (holds
/// both `b[p - 1]` and `b[p]`): where a search for them may start or stop.
fn cue_cut(b: &[u8], p: usize) -> bool {
    if p == 0 || p >= b.len() {
        return true;
    }
    let [x, y] = [b[p - 1], b[p]].map(|c| c.to_ascii_lowercase());
    !x.is_ascii() || !y.is_ascii() || CUE_PAIRS[usize::from(x)] >> y & 1 == 0
}

/// Whether the number group of [`AFTER_CUE`] can start at `runs[k]` in plain text: its
/// first digits are a whole run (no cue or filler ends in a digit) of 6, 7 or 10 digits,
/// or 3 with another run after a `)` or a separator, or 4 or 5, the whole number.
fn may_start_number(runs: &[(usize, usize)], k: usize) -> bool {
    let (s, e) = runs[k];
    match e - s {
        4..=7 | 10 => true,
        3 => runs.get(k + 1).is_some_and(|&(s2, _)| s2 - e <= 2),
        _ => false,
    }
}

/// The multi-letter cues of plain text after which [`AFTER_CUE`] can take a number,
/// together with some that cannot yield one: the automaton runs only over the
/// [`PLAIN_CUE_LEAD`] bytes before each digit run that can begin such a number, instead of
/// over the whole segment.
///
/// Why nothing is lost: in plain text a match of the number group starts at the start of a
/// digit run (perhaps after a "("), one that [`may_start_number`]; one of 4 or 5 digits is
/// the whole number, kept only after a [`SHORT_CUES`] cue. Between the cue's end and that
/// "(" or run stand only fillers ([`in_filler`]), at most `PLAIN_CUE_LEAD` bytes of them,
/// so walking back over them from the run passes the cue's end, and the cue starts at most
/// [`CUE_MAX_LEN`] bytes before where the walk stops. The range searched starts there
/// (or `PLAIN_CUE_LEAD` bytes back, if nearer), so at or before the cue's start, and then
/// backs up to a cut ([`cue_cut`]). Each range starts and ends
/// at a cut (a digit is in no cue word), so the automaton reports there what it reports
/// over the whole text ([`Cues::iter_between`]). Ranges are searched left to right and
/// never twice, so the cues come in order and once each.
fn multi_cues_plain(text: &str, runs: &[(usize, usize)], mut f: impl FnMut((usize, usize))) {
    let b = text.as_bytes();
    // Where the last range ended: the start of a digit run, so a cut.
    let mut done = 0;
    for (k, &(s, e)) in runs.iter().enumerate() {
        // Four or five digits can only be a whole number, short, so one only after a pager
        // or extension cue.
        if !may_start_number(runs, k)
            || matches!(e - s, 4 | 5) && !SHORT_CUES.before(text, s, SHORT_CUE_WINDOW)
        {
            continue;
        }
        let lead = s.saturating_sub(PLAIN_CUE_LEAD).max(done);
        // Back from the number over what can stand between it and the cue's end: a "("
        // right before the digits, then filler bytes. The cue ends where this stops or
        // after, so it starts at most CUE_MAX_LEN bytes before.
        let mut q = s;
        if q > lead && b[q - 1] == b'(' {
            q -= 1;
        }
        while q > lead && in_filler(b[q - 1]) {
            q -= 1;
        }
        let mut from = q.saturating_sub(CUE_MAX_LEN).max(lead);
        // Back to a cut; `done` is one, so this never goes below it.
        while !cue_cut(b, from) {
            from -= 1;
        }
        CUES.iter_between(text, from, s).for_each(&mut f);
        done = s;
    }
}

/// Whether `c` can stand between a cue's end and the number [`AFTER_CUE`] takes after it,
/// in plain text: a `\s`, a letter of the fillers "number", "num", "no", "is", "at" (lower
/// case: the pattern does not ignore case), or one of `.:#=-`.
fn in_filler(c: u8) -> bool {
    matches!(
        c,
        b'\t'
            ..=b'\r'
                | b' '
                | b'n'
                | b'u'
                | b'm'
                | b'b'
                | b'e'
                | b'r'
                | b'o'
                | b'i'
                | b's'
                | b'a'
                | b't'
                | b'.'
                | b':'
                | b'#'
                | b'='
                | b'-'
    )
}

/// The length of the longest of [`CUE_WORDS`].
const CUE_MAX_LEN: usize = super::longest(CUE_WORDS);

/// Cues after which even short digit runs (4–6 digits: pagers, extensions) are numbers.
static SHORT_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "pager",
        "beeper",
        "beep",
        "pgr",
        "pg",
        "ext",
        "ext.",
        "extension",
        "page",
        "paged",
        "x",
    ])
});

/// How far before a number a [`SHORT_CUES`] cue may end.
const SHORT_CUE_WINDOW: usize = 12;

fn boundary_ok(text: &str, s: usize, e: usize) -> bool {
    let before = byte_before(text, s);
    let after = byte_at(text, e);
    !(before.is_ascii_digit()
        || (matches!(before, b'-' | b'.' | b'/') && super::extends_number_back(text, s))
        || after.is_ascii_digit()
        || (matches!(after, b'-' | b'.' | b'/') && super::continues_number(text, e)))
}

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    if shape.plain {
        // FORMATTED and LOCAL both end in three digits, a separator and four digits.
        if shape.run3_sep_run4 {
            formatted_plain(text, &shape.runs, out);
        }
        if shape.max_run >= 10 {
            bare_plain(text, &shape.runs, out);
        }
    } else {
        formatted(text, out);
        bare(text, out);
    }
    if shape.may(shape.plus) {
        international(text, out);
    }
    if shape.max_run >= 7 {
        area_code_then_seven(text, &shape.runs, out);
    }
    if !shape.plain {
        trunk(text, &super::date::ascii_runs(text), out);
    } else if shape.max_run >= 2 {
        trunk(text, &shape.runs, out);
    }
    cued(text, shape.plain, &shape.runs, out);
}

/// A number dialled in its own country outside North America, with the trunk prefix `0`
/// and grouped by spaces or dashes: "07700 900123", "020 7946 0958", "0412 345 678",
/// "06 12 34 56 78" (`phone.trunk`). Ten or eleven digits in two to five groups of two
/// to eight, one separator throughout, the first group starting with a single `0`, the
/// whole a number of its own (no digit, `+`, `.` or `/` against it, no unit after it).
fn trunk(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut k = 0;
    while k < runs.len() {
        let (s, e) = runs[k];
        k += 1;
        if !(2..=5).contains(&(e - s)) || b[s] != b'0' || b[s + 1] == b'0' {
            continue;
        }
        if s > 0
            && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'+' | b'.' | b'/' | b'-'))
        {
            continue;
        }
        let Some(&sep) = b.get(e).filter(|c| matches!(c, b' ' | b'-')) else {
            continue;
        };
        let (mut end, mut digits, mut groups, mut j) = (e, e - s, 1, k);
        while let Some(&(gs, ge)) = runs.get(j) {
            if gs != end + 1 || b[end] != sep || !(2..=8).contains(&(ge - gs)) || groups == 5 {
                break;
            }
            (end, digits, groups, j) = (ge, digits + ge - gs, groups + 1, j + 1);
            if digits >= 10 {
                break;
            }
        }
        let after = b.get(end).copied().unwrap_or(b' ');
        let joined = after.is_ascii_alphanumeric()
            || matches!(after, b'/' | b'+')
            || (matches!(after, b'.' | b'-') || after == sep)
                && b.get(end + 1).is_some_and(u8::is_ascii_digit);
        if (10..=11).contains(&digits) && groups >= 2 && !joined && !unit_follows(b, end) {
            out.push(Candidate::new(
                s,
                end,
                Label::Phone,
                "phone.trunk",
                priority::SHAPE,
            ));
            k = j;
        }
    }
}

/// Whether a unit of measure or time follows `i` after a space: "05 10 15 20 25 mg".
fn unit_follows(b: &[u8], i: usize) -> bool {
    if b.get(i) != Some(&b' ') {
        return false;
    }
    let w = &b[i + 1
        ..i + 1
            + b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count()];
    [
        "mg", "mcg", "ml", "units", "mmhg", "min", "mins", "hrs", "am", "pm",
    ]
    .iter()
    .any(|u| u.as_bytes().eq_ignore_ascii_case(w))
}

/// An area code in parentheses before the seven digits written together: "(773)5550143",
/// "(773) 5550143" (`FORMATTED` wants a separator inside the seven).
fn area_code_then_seven(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for w in runs.windows(2) {
        let [(s, e), (s2, e2)] = [w[0], w[1]];
        let gap = &b[e..s2];
        if e - s == 3
            && e2 - s2 == 7
            && s >= 1
            && b[s - 1] == b'('
            && matches!(gap, b")" | b") ")
            // NANP: neither the area code nor the exchange starts with 0 or 1.
            && b[s] >= b'2'
            && b[s2] >= b'2'
            && boundary_ok(text, s - 1, e2)
        {
            out.push(Candidate::new(
                s - 1,
                e2,
                Label::Phone,
                "phone.nanp",
                priority::SHAPE,
            ));
        }
    }
}

fn formatted(text: &str, out: &mut Vec<Candidate>) {
    for m in FORMATTED.find_iter(text) {
        formatted_one(text, m.start(), m.end(), out);
    }
    for m in LOCAL.find_iter(text) {
        local_one(text, m.start(), m.end(), out);
    }
}

/// One match of [`FORMATTED`].
fn formatted_one(text: &str, s: usize, mut e: usize, out: &mut Vec<Candidate>) {
    if !boundary_ok(text, s, e) {
        // "1/1 555.867.5309": the "1 " read as a country code ends the number before; the
        // phone stands alone after it (found so on a second pass over "[DATE] 555…").
        if text.as_bytes()[s] == b'1' && matches!(byte_at(text, s + 1), b' ' | b'.' | b'-') {
            if let Some(b) = FORMATTED_BASE_AT.find(&text[s + 2..]) {
                let (s2, e2) = (s + 2, s + 2 + b.end());
                if !text[s2..].starts_with('1') && boundary_ok(text, s2, e2) {
                    return formatted_one(text, s2, e2, out);
                }
            }
        }
        // The extension may be the start of the next number: try the number alone.
        match FORMATTED_BASE_AT.find(&text[s..]) {
            Some(b) if s + b.end() < e && boundary_ok(text, s, s + b.end()) => e = s + b.end(),
            _ => return,
        }
    }
    let m = &text[s..e];
    // A slash form is also a date shape (12/123-4567 is not); keep only real ones.
    if m.contains('/') && !m.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let rule = if digits(m).count() > 11 {
        "phone.ext"
    } else {
        "phone.nanp"
    };
    out.push(Candidate::new(s, e, Label::Phone, rule, priority::SHAPE));
}

/// One match of [`LOCAL`].
fn local_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    // Round numbers on both sides are a range ("TV 500-1000"), not a number.
    let b = &text.as_bytes()[s..e];
    if b[2] == b'0' && b[7] == b'0' {
        return;
    }
    if boundary_ok(text, s, e) {
        out.push(Candidate::new(
            s,
            e,
            Label::Phone,
            "phone.local",
            priority::WEAK,
        ));
    }
}

/// The "cores" of [`FORMATTED`] and [`LOCAL`] in ASCII text, left to right: where a run of
/// exactly three digits, one of ` .-` and a run of exactly four digits followed by no word
/// byte or by a glued extension ([`glued_extension`]) stand, as (start of the three, the
/// separator). Every match of either holds one such core (the byte before its three
/// digits is `(`, `)`, `/` or a separator, never a digit); a match of `LOCAL` one with a
/// word boundary after it.
fn cores<'a>(b: &'a [u8], runs: &'a [(usize, usize)]) -> impl Iterator<Item = (usize, u8)> + 'a {
    runs.windows(2).filter_map(move |w| {
        let [(ps, pe), (s, e)] = [w[0], w[1]];
        (pe - ps == 3
            && e - s == 4
            && s == pe + 1
            && matches!(b[pe], b' ' | b'.' | b'-')
            && (super::word_end(b, e) || glued_extension(b, e)))
        .then(|| (ps, b[pe]))
    })
}

/// Whether an extension glued to the number starts at `e` ("x22" in "555-0100x22").
fn glued_extension(b: &[u8], e: usize) -> bool {
    matches!(b.get(e), Some(b'x' | b'X')) && b.get(e + 1).is_some_and(u8::is_ascii_digit)
}

/// How far before its core a match of [`FORMATTED`] can start in ASCII text: `+ 1-` and
/// `( 555 )-` are at most twelve bytes.
const FORMATTED_LEAD: usize = 12;

/// [`formatted`] for ASCII text: the anchored regex tried only where a match can start, near
/// a core, instead of a search through the whole segment.
fn formatted_plain(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    // Each position is tried once, in increasing order, and none before the end of the last
    // match: exactly the matches `find_iter` reports, as every match start lies within
    // FORMATTED_LEAD bytes before its core. A start is `+`, `(` or a digit with `\b` before
    // it, where the anchored regex sees what the whole-text one sees.
    let mut next = 0;
    for (c, _) in cores(b, runs) {
        for p in next.max(c.saturating_sub(FORMATTED_LEAD))..=c {
            next = p + 1;
            let start = match b[p] {
                b'+' | b'(' => true,
                d => d.is_ascii_digit() && super::word_start(b, p),
            };
            if start {
                if let Some(m) = FORMATTED_AT.find(&text[p..]) {
                    formatted_one(text, p, p + m.end(), out);
                    next = p + m.end();
                    break;
                }
            }
        }
    }
    // LOCAL is a core with a dash and `\b` before it.
    for (c, sep) in cores(b, runs) {
        if sep == b'-' && super::word_start(b, c) && super::word_end(b, c + 8) {
            local_one(text, c, c + 8, out);
        }
    }
}

/// [`bare`] for ASCII text, where `\b1?\d{10}\b` is a whole run of ten digits, or of eleven
/// that starts with 1, with no word byte on either side.
fn bare_plain(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for &(s, e) in runs {
        if (e - s == 10 || e - s == 11 && b[s] == b'1')
            && super::word_start(b, s)
            && super::word_end(b, e)
        {
            bare_one(text, s, e, out);
        }
    }
}

fn bare(text: &str, out: &mut Vec<Candidate>) {
    for m in BARE.find_iter(text) {
        bare_one(text, m.start(), m.end(), out);
    }
}

fn bare_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    if !boundary_ok(text, s, e) {
        return;
    }
    // At most eleven digits (1?\d{10}; a Unicode digit counts in the regex, not here).
    let mut d = [0u8; 11];
    let mut n = 0;
    for x in digits(&text[s..e]) {
        d[n] = x;
        n += 1;
    }
    let d = &d[..n];
    let area = if d.len() == 11 { &d[1..4] } else { &d[0..3] };
    if d.len() == 11 && d[0] != 1 {
        return;
    }
    if CUES.before(text, s, 20) || one_letter_before(text, s, 20) {
        out.push(Candidate::new(
            s,
            e,
            Label::Phone,
            "phone.cue",
            priority::CUE,
        ));
    } else if area[0] >= 2 && d[d.len() - 7] >= 2 {
        out.push(Candidate::new(
            s,
            e,
            Label::Phone,
            "phone.bare",
            priority::WEAK,
        ));
    }
}

/// Whether a one-letter cue ends within `window` bytes before `pos`, as [`Cues::before`]
/// would have found it when the one-letter cues were in [`CUES`].
fn one_letter_before(text: &str, pos: usize, window: usize) -> bool {
    let from = super::floor_char(text, pos.saturating_sub(window));
    let b = text.as_bytes();
    // `Cues::before` looks at `text[from..pos]` only for matches but at the whole text for
    // word boundaries.
    (from..pos).any(|i| one_letter_cue(b[i]) && super::word_boundary(b, i, i + 1))
}

fn international(text: &str, out: &mut Vec<Candidate>) {
    for m in INTERNATIONAL.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let n = digits(m.as_str()).count();
        if (8..=15).contains(&n) && boundary_ok(text, s, e) {
            out.push(Candidate::new(
                s,
                e,
                Label::Phone,
                "phone.intl",
                priority::SHAPE,
            ));
        }
    }
}

fn cued(text: &str, plain: bool, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let mut found = Vec::new();
    cues(text, plain, runs, &mut found);
    after_cues(text, plain, &found, out);
}

/// The number group of [`AFTER_CUE`] after a cue ending at `ce`, as `(start, end)` in
/// `text`.
fn after_cue_number(text: &str, plain: bool, ce: usize) -> Option<(usize, usize)> {
    let hay = &text[ce..];
    if !plain {
        let c = AFTER_CUE.captures(hay)?;
        let g = c.get(1).expect("group 1 always matches");
        return Some((ce + g.start(), ce + g.end()));
    }
    // In plain text the group is read off the match, without resolving groups (which
    // allocates and runs a second search): it ends the match (only `\b` follows it), and
    // it starts at the match's first `(` or digit, as what stands before it (spaces and
    // the fillers "number", "num", "no.", "is", "at", `:`, `#`, `=`, `-`) holds neither,
    // and the group starts with one.
    let m = AFTER_CUE_ASCII.find(hay)?;
    let start = m
        .as_str()
        .bytes()
        .position(|c| c == b'(' || c.is_ascii_digit())?;
    Some((ce + start, ce + m.end()))
}

/// [`after_cue_number`] by resolving the groups of the match: the oracle of its plain
/// path.
#[cfg(test)]
fn after_cue_number_captured(text: &str, ce: usize) -> Option<(usize, usize)> {
    let c = AFTER_CUE_ASCII.captures(&text[ce..])?;
    let g = c.get(1).expect("group 1 always matches");
    Some((ce + g.start(), ce + g.end()))
}

/// The numbers [`AFTER_CUE`] takes after the cues `found`.
fn after_cues(text: &str, plain: bool, found: &[(usize, usize)], out: &mut Vec<Candidate>) {
    for &(cs, ce) in found {
        // One-letter cues only count directly before the number ("c 555-1234", "h: …").
        let one_letter = ce - cs == 1;
        if one_letter && matches!(byte_before(text, cs), b'/' | b'.' | b'-') {
            continue; // "A/C", "s.c."
        }
        if let Some((s, e)) = after_cue_number(text, plain, ce) {
            if one_letter && s - ce > 3 {
                continue;
            }
            let n = digits(&text[s..e]).count();
            let short_ok = SHORT_CUES.before(text, s, SHORT_CUE_WINDOW);
            if (n >= 7 || (n >= 4 && short_ok)) && n <= 11 && boundary_ok(text, s, e) {
                let rule = if short_ok && n < 7 {
                    "phone.pager"
                } else {
                    "phone.cue"
                };
                out.push(Candidate::new(s, e, Label::Phone, rule, priority::CUE));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn positives() {
        let cases = [
            ("call (555) 123-4567 today", "(555) 123-4567", "phone.nanp"),
            (
                "my new number is (773)5550143",
                "(773)5550143",
                "phone.nanp",
            ),
            ("reach me (773) 5550143.", "(773) 5550143", "phone.nanp"),
            ("555-123-4567", "555-123-4567", "phone.nanp"),
            ("cb 555.123.4567", "555.123.4567", "phone.nanp"),
            ("at 555 123 4567.", "555 123 4567", "phone.nanp"),
            ("+1 555 123 4567", "+1 555 123 4567", "phone.nanp"),
            ("1-800-555-0199", "1-800-555-0199", "phone.nanp"),
            ("office 555-123-4567 x123", "555-123-4567 x123", "phone.ext"),
            ("555-123-4567 ext. 22", "555-123-4567 ext. 22", "phone.ext"),
            ("Phone 312-555-0100x22", "312-555-0100x22", "phone.ext"),
            ("(312) 555-0100X4471.", "(312) 555-0100X4471", "phone.ext"),
            ("cell 5551234567", "5551234567", "phone.cue"),
            ("fax: 5551234567", "5551234567", "phone.cue"),
            ("tel 15551234567", "15551234567", "phone.cue"),
            ("+44 20 7946 0958", "+44 20 7946 0958", "phone.intl"),
            ("pager 54321", "54321", "phone.pager"),
            ("call 202-6694", "202-6694", "phone.local"),
            ("PG 33445", "33445", "phone.pager"),
            (
                "they can be reached at 202 2671093. pt",
                "202 2671093",
                "phone.cue",
            ),
            ("reach me at 5551234567", "5551234567", "phone.cue"),
            ("1/1 555.867.5309", "555.867.5309", "phone.nanp"),
        ];
        for (text, span, rule) in cases {
            assert_finds(text, span, Label::Phone, rule);
        }
    }

    /// The automaton over the stretches before digit runs finds every cue that yields a
    /// number: it gives what the whole-text search gives, on texts where cues run into
    /// numbers, each other, and the ends of a stretch.
    #[test]
    fn plain_cue_stretches_match_whole_text() {
        let parts = concat!(
            "cell|CELL PHONE|xcell|cellphone|Cell Phone|tel.|ph.|pager|reached at|",
            "REACH THEM AT|call-back|call back|home|work|ext.|fax|pgr|c|h:|w|the|",
            "patient|ho|me|ll|re|at|number|no.|is|#|:|=|-|(|)|,|/|.|\n|555|123-4567|",
            "5551234|(555) 123-4567|555.123.4567|555)123 4567|12345|123456|",
            "1234567890|12345678|99|555 1234567|é|Müller|          |1234|page|paged|",
            "x|beeper|PG|ext|extension|2020|at|num|IS|Number|\t|=(555)123-4567|tel(555) 123-4567",
        );
        let mut texts = super::super::generated::texts(parts, 20_000, 7);
        // The farthest a cue can be from its number: the longest cue, four of the longest
        // fillers with three spaces each, three more spaces, "(".
        for cue in ["reach them at", "Cell", "x ph."] {
            for fillers in 0..=4 {
                for spaces in ["", " ", "   ", "    "] {
                    for number in ["(555) 123-4567", "5551234567", "555-1234", "12345"] {
                        let filler = format!("{spaces}number");
                        texts.push(format!("{cue}{}{spaces}{number}", filler.repeat(fillers)));
                    }
                }
            }
        }
        let mut some = 0;
        for t in &texts {
            let shape = super::Shape::of(t);
            assert!(shape.plain, "{t:?}");
            let (mut fast, mut whole) = (Vec::new(), Vec::new());
            super::cues(t, true, &shape.runs, &mut fast);
            super::cues(t, false, &shape.runs, &mut whole);
            for c in &fast {
                assert!(whole.contains(c), "{t:?}: {c:?} is no cue");
            }
            let (mut a, mut b) = (Vec::new(), Vec::new());
            super::after_cues(t, true, &fast, &mut a);
            super::after_cues(t, true, &whole, &mut b);
            assert_eq!(a, b, "{t:?}");
            some += usize::from(!a.is_empty());
        }
        assert!(some > 2_000, "only {some} texts with a cued number");
    }

    /// The number group read off the match is the group the regex resolves, after every
    /// position of texts where fillers, parentheses and numbers follow cues.
    #[test]
    fn number_read_off_match_is_group() {
        let parts = concat!(
            "cell|tel.|ph|c|h:|number|num|no.|is|at|:|#|=|-|(|)|.|,|/|\n|  |   |",
            "555|123-4567|5551234|(555) 123-4567|(555)123 4567|555.123.4567|555) 123-4567|",
            "12345|123456|1234567|1234567890|12|x|é|中|😀|ext|home",
        );
        let texts = super::super::generated::texts(parts, 5_000, 17);
        let mut some = 0;
        for t in &texts {
            for ce in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let fast = super::after_cue_number(t, true, ce);
                assert_eq!(
                    fast,
                    super::after_cue_number_captured(t, ce),
                    "{t:?} at {ce}"
                );
                some += usize::from(fast.is_some());
            }
        }
        assert!(some > 5_000, "only {some} numbers");
    }

    /// No cue word crosses a cut, and every pair inside one is not a cut.
    #[test]
    fn cue_cuts() {
        for w in super::CUE_WORDS {
            for t in [w.to_string(), w.to_ascii_uppercase()] {
                let b = t.as_bytes();
                assert!((1..b.len()).all(|p| !super::cue_cut(b, p)), "{w}");
            }
        }
        let b = "ab1 x,é".as_bytes();
        for p in [0, 2, 3, 6, 7, b.len()] {
            assert!(super::cue_cut(b, p), "{p}");
        }
    }

    #[test]
    fn hard_negatives() {
        let cases = [
            "BP 120/80, HR 72, RR 16",
            "metformin 500 mg twice daily",
            "K 4.1, Na 139, A1c 7.2%",
            "seen at 10:30, next dose 2330",
            "DOB 01-02-1980",
            "pain 3/10",
            "ICD-10 E11.9",
            "call back in 2 days",
            "room 1204 bed 2",
            "(100)1234567 units",
            "code (123)4567890",
            "wt 180 lbs, ht 5 ft 10 in",
            "UOP reached 1000 ml today",
            "goal reached at 1400 hrs",
            "STV 500-1000, RR 9-20",
            "ventilated on A/C .700 12 .40 +5",
            // Trunk-prefixed shapes that are lists, parts of longer numbers or doses.
            "times 08 30 09 15 10 45 mg",
            "given 05 10 15 20 25 mg",
            "ref 1.07700 900123",
            "lot 0123-45 exp 0825",
        ];
        for text in cases {
            assert_clean(text, &[Label::Phone]);
        }
    }

    #[test]
    fn trunk_prefixed_numbers() {
        for (text, span) in [
            ("call me on 07700 900123 anytime", "07700 900123"),
            ("ph 0412 345 678 (Aus)", "0412 345 678"),
            ("mobile: 0171 2345678 (Germany)", "0171 2345678"),
            ("portable 06 12 34 56 78.", "06 12 34 56 78"),
            ("London 020-7946-0958", "020-7946-0958"),
        ] {
            assert_finds(text, span, Label::Phone, "phone.trunk");
        }
    }
}

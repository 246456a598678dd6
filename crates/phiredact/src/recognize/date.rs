//! Dates and dates of birth.
//!
//! Safe Harbor removes every element of a date except the year, so any date more precise
//! than a year goes: numeric (`1/2/1980`, `1980-01-02`, `01.02.1980`, `8/30`), textual
//! (`Jan 2, 1980`, `2 January 1980`, `January 2nd`, `Jan. 2nd '80`, `March 2021`); a year
//! alone stays ("in 2019"), except where it dates an event in a patient's history, a form
//! de-identified corpora remove: written with an apostrophe (`MI '91`, `CVA 74'.`) or as two
//! digits ending an item after an operation or an acute event (`PMH: CABG 81, MI 84,`). Every
//! candidate is validated (month 1–12, day within the month; a day past the month's end only
//! next to a date cue or a clock time, as a mistyped date). A date is labelled `DOB` when a
//! birth cue (DOB, D.O.B., date of birth, born, birthdate, b.) stands close before it.
//!
//! The hard part is what is *not* a date: `3/10 pain`, `1/2 tab`, `BP 120/80`, `10:30`,
//! `PEEP 5/5`, `walked 50'`, `HR 81,`. A month/day pair without a year is taken only when it
//! cannot be a fraction or a score: a two-digit day or a date cue ("on", "since", "dated", a
//! note's dateline), no unit or scale after it, not one of a series of scores out of ten, and
//! not a small pair in ventilator talk unless an event ("extubated") dates it.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{Candidate, Cues, Shape, byte_at, byte_before, priority};
use crate::finding::Label;

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(NUMERIC_SRC).expect("valid regex"));

/// [`NUMERIC`] anchored at the start of the haystack in plain text
/// ([`super::ascii_regex`]): the oracle of [`parse_numeric`], which replaced it.
#[cfg(test)]
static NUMERIC_AT: LazyLock<Regex> =
    LazyLock::new(|| super::ascii_regex(&format!("^(?:{NUMERIC_SRC})")));

// An ISO date may run on into its time ("2025-11-03T14:22"): its end is a word boundary
// or a `T` before a digit, which the match takes and the span leaves out.
const NUMERIC_SRC: &str = r"(?x)
        (?-u:\b)(?:
            (?P<a>\d{1,2})(?P<s1>[/\-.])(?P<b>\d{1,2})(?P<s2>[/\-.])(?P<y>\d{4}|\d{2})(?-u:\b)
          | (?P<iy>\d{4})(?P<is1>[\-/.])(?P<im>\d{1,2})(?P<is2>[\-/.])(?P<id>\d{1,2})(?:(?-u:\b)|T\d)
          | (?P<m>\d{1,2})/(?P<d>\d{4}|\d{1,2})(?-u:\b)
        )";

const MONTHS: &str = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)";

static TEXTUAL: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?";
    let year = r"(?:\d{4}|'\d{2})";
    Regex::new(&format!(
        r"(?xi)
        (?-u:\b)(?:
            (?P<mon1>{MONTHS})(?:\s{{0,2}}|-)(?P<day1>{day})(?-u:\b)(?:(?:\s{{0,2}},?\s{{0,2}}(?:of\s+)?|-)(?P<y1>{year}))?
          | (?P<day2>{day})\s{{0,2}}(?:of\s+|-)?(?P<mon2>{MONTHS})(?:\s{{0,2}},?\s{{0,2}}-?(?P<y2>{year})|-?(?P<y2s>\d{{2}}))?
          | (?P<mon3>{MONTHS})\s{{0,2}},?\s{{0,2}}(?P<y3>\d{{4}})
        )(?:(?-u:\b)|(?-u:\B)')",
    ))
    .expect("valid regex")
});

/// The birth cues: what [`birth_cue_end`] matches, those starting with a `d` first, each
/// group longest first.
const BIRTH_CUE_WORDS: [&str; 11] = [
    "date of birth",
    "d.o.b.",
    "d.o.b",
    "dob",
    "birth date",
    "birthdate",
    "birthday",
    "b-day",
    "born",
    "bday",
    "b.",
];

/// How many of [`BIRTH_CUE_WORDS`] start with a `d`.
const BIRTH_CUES_D: usize = 4;

/// [`BIRTH_CUE_WORDS`] as cue words: the test oracle of [`birth_cue_end`], which replaced it.
#[cfg(test)]
static BIRTH_CUES: LazyLock<Cues> = LazyLock::new(|| Cues::new(&BIRTH_CUE_WORDS));

static DATE_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "on",
        "since",
        "dated",
        "date",
        "from",
        "until",
        "till",
        "thru",
        "through",
        "by",
        "before",
        "after",
        "dos",
        "admitted",
        "discharged",
        "seen",
        "visit",
        "appt",
        "appointment",
        "last",
        "next",
        "due",
        "started",
        "stopped",
        "placed",
        "inserted",
        "changed",
        "removed",
        "pulled",
        "drawn",
        "done",
        "performed",
        "d/c",
        "adm",
        "dc",
        "intubated",
        "extubated",
        "reintubated",
        "trached",
        // The operating room: "to the OR 6/10 for a CABG".
        "the or",
        "to or",
        "in or",
        "from or",
    ])
});

/// The date cues that name an event, which a date keeps even in ventilator talk ("extubated
/// 5/5, ABG fine"), unlike "on" ("tried on 5/5" is pressure support over PEEP).
static EVENT_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "since",
        "dated",
        "date",
        "dos",
        "admitted",
        "discharged",
        "seen",
        "visit",
        "appt",
        "appointment",
        "last",
        "next",
        "started",
        "stopped",
        "inserted",
        "changed",
        "removed",
        "pulled",
        "drawn",
        "done",
        "performed",
        "d/c",
        "adm",
        "intubated",
        "extubated",
        "reintubated",
        "trached",
    ])
});

/// Words of ventilator settings and blood gases, before a pair ("cpap 5/5", "abg on 5/5").
static VENT_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "vent",
        "vents",
        "ventilation",
        "ventilator",
        "ventilated",
        "cpap",
        "bipap",
        "peep",
        "ps",
        "psv",
        "simv",
        "imv",
        "fio2",
        "flowby",
        "flow-by",
        "flow by",
        "abg",
        "abgs",
        "gas",
        "gases",
        "rsbi",
        "sbt",
        "mask",
    ])
});

/// Words that follow a pair of settings: "tried on 5/5 today, did well but gas sub par".
static VENT_AFTER: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "abg", "abgs", "gas", "gases", "fio2", "peep", "rsbi", "sbt", "cpap", "bipap", "psv",
    ])
});

/// What follows a note's dateline: a shift, a unit, a kind of note.
static SHIFT_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "shift",
        "nsg",
        "nursing",
        "npn",
        "note",
        "progress",
        "summary",
        "update",
        "events",
        "7a",
        "7p",
        "7a-7p",
        "7p-7a",
        "7a-3p",
        "3p-11p",
        "11p-7a",
        "days",
        "nights",
        "eves",
        "noc",
        "micu",
        "sicu",
        "ccu",
        "csru",
        "icu",
        "ctic",
        "nicu",
        "picu",
        "admission",
    ])
});

/// Units, scales and words after an `a/b` pair that make it a fraction or a score.
static NOT_DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s{0,2}(?:%|mg|mcg|ml|g(?-u:\b)|tab|tabs|tablet|cap|caps|pill|pills|dose|doses|pain|scale|strength|units?|puffs?|times|x(?-u:\b)|of(?-u:\b)|cup|cups|inch|cm|mm|ratio|score|parts?|oz|lb|lbs|kg|hr|hrs|hours?|days?|wks?|weeks?|mos?|months?|yrs?|years?|bottle|strength|power|vision|dilut|str(?-u:\b)|sts|peep|ns(?-u:\b)|nss(?-u:\b)|normal saline|cmh2o|ips|ratio)")
        .expect("valid regex")
});

static NOT_DATE_BEFORE: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "bp", "b/p", "pain", "rated", "ratio", "strength", "score", "scale", "gcs", "vision", "va",
        "take", "takes", "took", "taking", "x", "mmhg", "pressure", "power", "apgar", "grade",
        "murmur", "g", "p", "gravida", "para", "lvl", "level", "psv", "ps", "peep", "cpap",
        "bipap", "simv", "imv", "ipap", "epap", "vent", "ac", "a/c", "d5", "d5w", "motor",
        "settings", "mode", "tv", "rr", "fio2", "dose", "doses",
    ])
});

fn days_in_month(m: u32, y: Option<u32>) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

fn valid(m: u32, d: u32, y: Option<u32>) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(m, y)
}

fn num(s: &str) -> u32 {
    s.bytes().filter(u8::is_ascii_digit).fold(0u32, |a, b| {
        a.saturating_mul(10).saturating_add((b - b'0') as u32)
    })
}

fn month_number(s: &str) -> u32 {
    let l = s.as_bytes();
    let p = |a: &[u8]| l.len() >= 3 && l[..3].eq_ignore_ascii_case(a);
    [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ]
    .iter()
    .position(|m| p(*m))
    .map_or(0, |i| i as u32 + 1)
}

fn full_year(y: &str) -> Option<u32> {
    let n = num(y);
    match y.trim_start_matches('\'').len() {
        4 => Some(n),
        2 => Some(if n > 30 { 1900 + n } else { 2000 + n }),
        _ => None,
    }
}

/// The end of the last birth cue that `Cues::last_end_before` would find in `b[from..s]`
/// (`from` the start of its window), by hand: a search of a few dozen bytes costs far less
/// than the automaton's set-up.
///
/// The same matches: the automaton's (leftmost-longest, ASCII case-insensitive) search
/// reports, left to right, at the first position where some cue starts and ends within the
/// range the longest cue starting there, and goes on after its end; the loop does that,
/// trying the cues that start with the letter there (a `b` or a `d`, in any case) longest
/// first. Then only the whole words count, judged on the whole text (the filter of
/// [`Cues::iter_between`]).
fn birth_cue_end(b: &[u8], from: usize, s: usize) -> Option<usize> {
    let mut last = None;
    let mut i = from;
    while i < s {
        let words: &[&str] = match b[i] | 0x20 {
            b'd' => &BIRTH_CUE_WORDS[..BIRTH_CUES_D],
            b'b' => &BIRTH_CUE_WORDS[BIRTH_CUES_D..],
            _ => &[],
        };
        let len = words
            .iter()
            .find(|w| s - i >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w.as_bytes()))
            .map_or(0, |w| w.len());
        if len == 0 {
            i += 1;
            continue;
        }
        if super::word_boundary(b, i, i + len) {
            last = Some(i + len);
        }
        i += len;
    }
    last
}

/// A date is a birth date when a birth cue stands close before it with no other number
/// (or redaction placeholder) in between: in "DOB 03/04/1961 1/2 tab" only the first is.
fn label_for(text: &str, s: usize) -> (Label, bool) {
    // Every birth cue has a "b": most windows have none, and a byte search is far cheaper
    // than starting the automaton. The window is the one `last_end_before` searches.
    let from = super::floor_char(text, s.saturating_sub(24));
    if memchr::memchr2(b'b', b'B', &text.as_bytes()[from..s]).is_none() {
        return (Label::Date, false);
    }
    let cued = birth_cue_end(text.as_bytes(), from, s).is_some_and(|e| {
        !text.as_bytes()[e..s]
            .iter()
            .any(|c| c.is_ascii_digit() || matches!(c, b'[' | b']'))
    });
    if cued {
        (Label::Dob, true)
    } else {
        (Label::Date, false)
    }
}

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    // Every date has a digit; NUMERIC two runs joined by / - or .; COMPACT eight digits;
    // ORDINAL_DAY a digit and a suffix; TEXTUAL a month name.
    if shape.may(shape.run_dsep_run) {
        numeric(text, shape, out);
    }
    if !shape.plain {
        for m in COMPACT.find_iter(text) {
            compact_one(text, m.start(), m.end(), out);
        }
    } else if shape.max_run >= 8 {
        compact_plain(text, &shape.runs, out);
    }
    // A birth date written as six or eight digits after its cue ("DOB 010561"), or a birth
    // year ("born 1933").
    if !shape.plain {
        birth_digits(text, &ascii_runs(text), out);
    } else if shape.max_run >= 4 {
        birth_digits(text, &shape.runs, out);
    }
    if shape.may(shape.ordinal && ordinal_day_possible(text.as_bytes(), &shape.runs)) {
        ordinal_day(text, out);
    }
    if !shape.plain {
        for c in TEXTUAL.captures_iter(text) {
            textual_one(text, 0, &c, out);
        }
        for (s, e) in ascii_runs(text) {
            if history_year_at(text.as_bytes(), s, e) {
                push_year(text, s, e, ["dob.history_year", "date.history_year"], out);
            }
        }
    } else if shape.max_run >= 1 {
        // The history years are looked for in the same pass over the runs.
        let mut years = Vec::new();
        textual_plain(text, &shape.runs, &mut years, out);
        for (s, e) in years {
            push_year(text, s, e, ["dob.history_year", "date.history_year"], out);
        }
    }
    if shape.may(shape.max_run >= 2) {
        short_years(text, out);
    }
    // In plain text `textual_plain` looks for them in its pass over the runs.
    if !shape.plain {
        for (s, e) in ascii_runs(text) {
            spanish_at(text, s, e, out);
        }
    }
}

/// The months in Spanish, for messages from Spanish-speaking families.
const MESES: [&str; 13] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// A date written in Spanish starting at the digit run `text[s..e]`: a day, "de" and a
/// month, perhaps "de"/"del" and a year ("3 de mayo de 2018", "el 21 de marzo"). A birth
/// date after a cue in either language ("fecha de nacimiento", "DOB").
fn spanish_at(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    if e - s > 2 || b.get(e..e + 4) != Some(b" de ") || !super::word_start(b, s) {
        return;
    }
    if !(1..=31).contains(&num(&text[s..e])) {
        return;
    }
    let me = letters_from(b, e + 4);
    if b.get(me)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80)
        || !MESES
            .iter()
            .any(|m| m.as_bytes().eq_ignore_ascii_case(&b[e + 4..me]))
    {
        return;
    }
    let mut end = me;
    for sep in [&b" de "[..], b" del "] {
        let ys = me + sep.len();
        if b.get(me..ys) == Some(sep)
            && b.get(ys..ys + 4)
                .is_some_and(|y| y.iter().all(u8::is_ascii_digit))
            && !b.get(ys + 4).is_some_and(u8::is_ascii_alphanumeric)
        {
            end = ys + 4;
        }
    }
    let from = super::floor_char(text, s.saturating_sub(40));
    let nacimiento = text[from..s].to_ascii_lowercase().contains("naci");
    let (label, cued) = match label_for(text, s) {
        (_, false) if nacimiento => (Label::Dob, true),
        found => found,
    };
    let rule = if cued { "dob.spanish" } else { "date.spanish" };
    out.push(Candidate::new(s, end, label, rule, prio(cued)));
}

/// Words that date an event when a month or a holiday follows them ("admitted in March",
/// "since Sept.", "over Christmas"); "by", "from" and "with" are left out, since a
/// name follows them as often ("seen by June.", "call from April.").
const MONTH_PREPS: &[&str] = &[
    "in", "since", "during", "until", "till", "thru", "through", "early", "mid", "late", "last",
    "next", "this", "of", "before", "after", "around",
];

/// More words before a holiday, which is no name: "on Thanksgiving", "for Christmas".
const HOLIDAY_PREPS: &[&str] = &["on", "over", "for", "at", "by", "from"];

/// Holidays, which name a day of the year (a second word, "Eve" or "Day", is taken too).
const HOLIDAYS: &[&str] = &[
    "christmas",
    "thanksgiving",
    "easter",
    "halloween",
    "hanukkah",
    "chanukah",
    "juneteenth",
    "passover",
    "diwali",
    "new year's",
    "new years",
    "valentine's day",
    "mother's day",
    "father's day",
    "memorial day",
    "labor day",
    "veterans day",
    "independence day",
    "yom kippur",
    "rosh hashanah",
];

/// The words the name recognizer's lexicon marks (`DATE_WORD`, with the months and weekdays
/// it marks already) for its word pass to hand to [`month_or_holiday`]: the month
/// abbreviations and the first word of every holiday.
pub(crate) fn marked_words() -> impl Iterator<Item = &'static str> {
    MONTH_ABBREVIATIONS.iter().copied().chain(["dec"]).chain(
        HOLIDAYS
            .iter()
            .map(|h| h.split([' ', '\'']).next().unwrap_or(h)),
    )
}

/// Calls `f` with every position that starts the text or follows white space: the
/// positions [`month_or_holiday`] takes, for the test oracles of the word pass that calls it.
#[cfg(test)]
pub(crate) fn each_word(b: &[u8], mut f: impl FnMut(usize)) {
    f(0);
    for (p, &c) in b.iter().enumerate() {
        if is_space(c) && p + 1 < b.len() {
            f(p + 1);
        }
    }
}

/// Months alone and holidays: "admitted in March", "in sept. and d/c'd", "since Sept.",
/// "home last Christmas", "Thanksgiving 2023". Safe Harbor removes every element of a date
/// but the year; a month is one. A month needs a word that dates it before it
/// ([`MONTH_PREPS`]; not "by" or "from", which precede names as often: "seen by June"), a
/// holiday that or [`HOLIDAY_PREPS`] or a year after it. The word is capitalised or in
/// capitals, or a lower-case abbreviation with its full stop ("sept."); "in march",
/// "mARCH" and "mid-March" are left. Not "May" unless a sentence ends after it ("This May
/// help"), not "Mar" (MAR, the medication record) nor "DEC" ("decreased"), not a month
/// before "'s" (a person: "in April's room") or joined to another word ("March-April").
///
/// The name recognizer's word pass calls this for every word its lexicon marks as a month,
/// weekday, month abbreviation or holiday's first word (`name::recognize`), so that no
/// second look at every word is needed: looking for these words apart from it cost 10–25 M
/// instructions per MB. `s` is where such a word starts; everything is checked here.
pub(crate) fn month_or_holiday(text: &str, s: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    if s > 0 && !is_space(b[s - 1]) {
        return;
    }
    let e = s + b[s..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if e - s < 3 || b.get(e).is_some_and(|c| c.is_ascii_digit() || *c >= 0x80) {
        return;
    }
    // Joined to a word after it by a dash or an apostrophe ("March-April"), but for a
    // possessive: `holiday_end` reads on over it ("Valentine's Day"), `month_alone` turns it
    // down ("April's room").
    if matches!(b.get(e), Some(b'-' | b'\''))
        && b.get(e + 1).is_some_and(u8::is_ascii_alphabetic)
        && !(b[e] == b'\''
            && b[e + 1] | 0x20 == b's'
            && !b.get(e + 2).is_some_and(u8::is_ascii_alphabetic))
    {
        return;
    }
    // Capitalised or in capitals ("March", "MARCH"), or a lower-case abbreviation with its
    // full stop ("sept."); not "march" nor "mARCH".
    let word = &b[s..e];
    let tail_lower = word[1..].iter().all(u8::is_ascii_lowercase);
    let lower = tail_lower && word[0].is_ascii_lowercase();
    let abbreviation = lower && e - s <= 4 && b.get(e) == Some(&b'.');
    if !(tail_lower && !lower || abbreviation || word.iter().all(u8::is_ascii_uppercase)) {
        // In lower case only a birth date's month and spelled day, as a voicemail's
        // transcript writes them: "date of birth is march third".
        if lower && is_month(word) {
            if let Some(de) = ordinal_after(b, e) {
                if label_for(text, s).1 {
                    let de = year_after_day(b, de).unwrap_or(de);
                    out.push(Candidate::new(
                        s,
                        de,
                        Label::Dob,
                        "dob.spelled_day",
                        prio(true),
                    ));
                }
            }
        }
        return;
    }
    // The word before: letters right before the white space, after no word byte.
    let p = s.saturating_sub(1);
    let ps = p - b[..p]
        .iter()
        .rev()
        .take(8)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let prev = &b[ps..p];
    // Eight letters hold every listed word; a longer word, cut there, is none of them.
    let cut = ps > 0 && b[ps - 1].is_ascii_alphanumeric();
    let is = |list: &[&str]| !cut && list.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(prev));
    let dated = is(MONTH_PREPS);
    let cued = dated || is(HOLIDAY_PREPS);
    // A day spelled as an ordinal with a full month's name: "December twelfth", "March the
    // twenty-first", "the twelfth of December".
    if !lower && is_month(word) {
        let after = ordinal_after(b, e).map(|de| (s, de));
        let before = if prev.eq_ignore_ascii_case(b"of") && !cut {
            ordinal_before(b, ps).map(|ds| (ds, e))
        } else {
            None
        };
        if let Some((ds, de)) = after.or(before) {
            let de = year_after_day(b, de).unwrap_or(de);
            let (label, cued) = label_for(text, ds);
            let rule = if cued {
                "dob.spelled_day"
            } else {
                "date.spelled_day"
            };
            out.push(Candidate::new(ds, de, label, rule, prio(cued)));
            return;
        }
    }
    let (end, rule) = match if lower { None } else { holiday_end(b, s, e) } {
        Some(he) => match year_after(b, he) {
            Some(ye) => (ye, "date.holiday"),
            None if cued => (he, "date.holiday"),
            None => return,
        },
        None if dated && month_alone(b, s, e) => (e, "date.month"),
        None => return,
    };
    let (label, _) = label_for(text, s);
    let rule = if label == Label::Dob {
        "dob.month"
    } else {
        rule
    };
    out.push(Candidate::new(s, end, label, rule, priority::SHAPE));
}

/// Whether `w` is a month's full name, in any case.
fn is_month(w: &[u8]) -> bool {
    crate::dates::MONTHS
        .iter()
        .any(|m| m.as_bytes().eq_ignore_ascii_case(w))
}

/// The end of a year after a day ending at `e`, in digits ("March third, 2015") or in
/// words, as a transcript writes it: "two thousand fifteen", "nineteen seventy-eight",
/// "twenty twenty one", "nineteen oh five".
fn year_after_day(b: &[u8], e: usize) -> Option<usize> {
    if let Some(y) = year_after(b, e) {
        return Some(y);
    }
    let i = e + usize::from(b.get(e) == Some(&b','));
    let (ws, we) = word_after(b, i, b" ")?;
    let w = &b[ws..we];
    if w.eq_ignore_ascii_case(b"two") {
        let (ts, te) = word_after(b, we, b" ")?;
        if !b[ts..te].eq_ignore_ascii_case(b"thousand") {
            return None;
        }
        // "two thousand and five", "two thousand fifteen", or the year 2000.
        let mut k = te;
        if let Some((as_, ae)) = word_after(b, te, b" ") {
            if b[as_..ae].eq_ignore_ascii_case(b"and") {
                k = ae;
            }
        }
        return Some(below_hundred(b, k).unwrap_or(te));
    }
    if w.eq_ignore_ascii_case(b"nineteen") || w.eq_ignore_ascii_case(b"twenty") {
        if let Some((os, oe)) = word_after(b, we, b" ") {
            if b[os..oe].eq_ignore_ascii_case(b"oh") {
                let (us, ue) = word_after(b, oe, b" ")?;
                return number_word(&b[us..ue], &NUMBER_UNITS).map(|_| ue);
            }
        }
        return below_hundred(b, we);
    }
    None
}

/// The units, teens and tens in words, by value: `NUMBER_UNITS[k]` is k + 1, and so on.
const NUMBER_UNITS: [&str; 9] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const NUMBER_TEENS: [&str; 10] = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const NUMBER_TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// The position of `w` in `list`, in any case.
fn number_word(w: &[u8], list: &[&str]) -> Option<usize> {
    list.iter()
        .position(|n| n.as_bytes().eq_ignore_ascii_case(w))
}

/// The word after the separator at `i` (one of `seps`), ending the word: its bounds.
fn word_after(b: &[u8], i: usize, seps: &[u8]) -> Option<(usize, usize)> {
    if !b.get(i).is_some_and(|c| seps.contains(c)) {
        return None;
    }
    let we = letters_from(b, i + 1);
    (we > i + 1 && !b.get(we).is_some_and(u8::is_ascii_digit)).then_some((i + 1, we))
}

/// The end of a number from one to ninety-nine in words after a space at `i`: "five",
/// "fifteen", "seventy", "seventy-eight", "seventy eight".
fn below_hundred(b: &[u8], i: usize) -> Option<usize> {
    let (ws, we) = word_after(b, i, b" ")?;
    let w = &b[ws..we];
    if number_word(w, &NUMBER_UNITS).is_some() || number_word(w, &NUMBER_TEENS).is_some() {
        return Some(we);
    }
    number_word(w, &NUMBER_TENS)?;
    Some(match word_after(b, we, b" -") {
        Some((us, ue)) if number_word(&b[us..ue], &NUMBER_UNITS).is_some() => ue,
        _ => we,
    })
}

/// The ordinal days of a month in words, by value less one: "first" … "thirty-first" are
/// these alone or after "twenty" or "thirty" and a dash or a space.
const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The value of the ordinal word `w` alone ("twelfth" 12, "thirtieth" 30), if it is one.
fn ordinal_value(w: &[u8]) -> Option<usize> {
    if w.eq_ignore_ascii_case(b"thirtieth") {
        return Some(30);
    }
    ORDINALS
        .iter()
        .position(|o| o.as_bytes().eq_ignore_ascii_case(w))
        .map(|i| i + 1)
}

/// The letters of the word starting at `i`.
fn letters_from(b: &[u8], i: usize) -> usize {
    i + b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count()
}

/// The end of an ordinal day right after a month ending at `e`: a space, perhaps "the ",
/// then "twelfth", "twenty-first" or "twenty first", ending the word.
fn ordinal_after(b: &[u8], e: usize) -> Option<usize> {
    let mut i = e;
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    if b.get(i..i + 4)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"the "))
    {
        i += 4;
    }
    let we = letters_from(b, i);
    let w = &b[i..we];
    let tens = if w.eq_ignore_ascii_case(b"twenty") {
        20
    } else if w.eq_ignore_ascii_case(b"thirty") {
        30
    } else {
        return (ordinal_value(w).is_some() && !b.get(we).is_some_and(u8::is_ascii_alphanumeric))
            .then_some(we);
    };
    if !matches!(b.get(we), Some(b'-' | b' ')) {
        return None;
    }
    let ue = letters_from(b, we + 1);
    let unit = ordinal_value(&b[we + 1..ue]).filter(|&u| u <= 9)?;
    (tens + unit <= 31 && !b.get(ue).is_some_and(u8::is_ascii_alphanumeric)).then_some(ue)
}

/// The start of an ordinal day ending one space before the word starting at `ps` ("of"):
/// "twelfth", "twenty-first", "twenty first", after no word byte.
fn ordinal_before(b: &[u8], ps: usize) -> Option<usize> {
    if ps < 2 || b[ps - 1] != b' ' {
        return None;
    }
    let we = ps - 1;
    let word_start = |e: usize| {
        e - b[..e]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .count()
    };
    let ws = word_start(we);
    let value = ordinal_value(&b[ws..we])?;
    let mut start = ws;
    if value <= 9 && ws >= 2 && matches!(b[ws - 1], b'-' | b' ') {
        let ts = word_start(ws - 1);
        let t = &b[ts..ws - 1];
        if t.eq_ignore_ascii_case(b"twenty") || t.eq_ignore_ascii_case(b"thirty") && value == 1 {
            start = ts;
        }
    }
    if start > 0 && b[start - 1].is_ascii_alphanumeric() {
        return None;
    }
    // A fraction: "a third of March's patients", "two fifths".
    let p = start.saturating_sub(1);
    let before = &b[word_start(p)..p];
    let fraction = ["a", "an", "one", "two", "three"]
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(before));
    (!fraction).then_some(start)
}

/// The end of the holiday starting at the word `b[s..e]` (with "Eve" or "Day" after it when
/// they follow), if it starts one of [`HOLIDAYS`].
fn holiday_end(b: &[u8], s: usize, e: usize) -> Option<usize> {
    let word = &b[s..e];
    let mut end = HOLIDAYS.iter().find_map(|h| {
        let h = h.as_bytes();
        let first = h
            .iter()
            .position(|&c| c == b' ' || c == b'\'')
            .unwrap_or(h.len());
        if !h[..first].eq_ignore_ascii_case(word) {
            return None;
        }
        // The rest of the holiday's words, in any case.
        let rest = &h[first..];
        let got = b.get(e..e + rest.len())?;
        (got.eq_ignore_ascii_case(rest)
            && b.get(e + rest.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric()))
        .then_some(e + rest.len())
    })?;
    for tail in [&b" eve"[..], b" day"] {
        if b.get(end..end + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(tail))
            && b.get(end + 4).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            end += 4;
            break;
        }
    }
    Some(end)
}

/// The end of a four-digit year after `e` (a space, perhaps a comma before it): "Christmas
/// 2023", "Thanksgiving, 2022".
fn year_after(b: &[u8], e: usize) -> Option<usize> {
    let mut i = e;
    if b.get(i) == Some(&b',') {
        i += 1;
    }
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let y = b.get(i..i + 4)?;
    (y.iter().all(u8::is_ascii_digit)
        && matches!(&y[..2], b"19" | b"20")
        && b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric()))
    .then_some(i + 4)
}

/// Whether the word `b[s..e]` is a month standing alone: a month's name or abbreviation
/// (see [`month_or_holiday`] for the ones left out), not a possessive, not before a digit (the
/// textual dates take "March 2021").
fn month_alone(b: &[u8], s: usize, e: usize) -> bool {
    let w = &b[s..e];
    let mut l = [0u8; 9];
    if w.len() > l.len() {
        return false;
    }
    l[..w.len()].copy_from_slice(w);
    let l = &mut l[..w.len()];
    l.make_ascii_lowercase();
    let month = crate::dates::MONTHS.iter().any(|m| m.as_bytes() == &*l)
        || MONTH_ABBREVIATIONS.iter().any(|m| m.as_bytes() == &*l)
        // "Dec" as written: "dec" and "DEC" are "decreased".
        || w == b"Dec";
    if !month {
        return false;
    }
    let after = &b[e..];
    if after.len() >= 2 && after[0] == b'\'' && after[1] | 0x20 == b's' {
        return false;
    }
    let gap = after.iter().take_while(|&&c| c == b' ').count();
    let next = after.get(gap).copied();
    if next.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    // A capitalised word after it makes it a first name: "the wife of June Carter".
    let rest = &after[gap..];
    if gap == 1 && rest.len() >= 2 && rest[0].is_ascii_uppercase() && rest[1].is_ascii_lowercase() {
        return false;
    }
    // "May" is a month only capitalised and when a sentence or line ends after it.
    l != b"may"
        || w[0] == b'M'
            && next.is_none_or(|c| matches!(c, b'.' | b',' | b';' | b'\n' | b'\r' | b')'))
}

/// The month abbreviations [`month_alone`] takes ("Mar" is the medication record, "Dec"
/// counts only as written).
const MONTH_ABBREVIATIONS: [&str; 10] = [
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
];

/// Years written with an apostrophe for the century: "MI '91", "s/p cabg '84". Safe Harbor
/// lets a year stay, but this form dates an event in a patient's history and says nothing
/// a reader needs; it is taken alone (a textual date that ends in one covers it). Not after
/// a digit or a letter ("5'10", "rock'n"), not before another digit, letter or quote, nor
/// before a unit.
fn short_years(text: &str, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for q in memchr::memchr_iter(b'\'', b) {
        if trailing_year(text, q) {
            push_year(
                text,
                q - 2,
                q + 1,
                ["dob.trailing_year", "date.trailing_year"],
                out,
            );
            continue;
        }
        let (s, e) = (q + 1, q + 3);
        if !b
            .get(s..e)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            || b.get(e).is_some_and(u8::is_ascii_digit)
        {
            continue;
        }
        let open = s == 1 || matches!(b[s - 2], b' ' | b'\t' | b'\n' | b'(' | b',');
        let closed = b
            .get(e)
            .is_none_or(|&c| !c.is_ascii_alphanumeric() && c != b'\'' && c != b'_');
        // "the '24 hour' rule": a quoted count before a unit.
        if open && closed && !NOT_DATE_AFTER.is_match(&text[e..]) {
            push_year(text, s - 1, e, ["dob.short_year", "date.short_year"], out);
        }
    }
}

/// Whether the apostrophe at `q` ends a year written after its digits, as in a past history
/// list ("CVA 74'.", "cholecystectomy 77',"): two digits after white space, a word before
/// them, and the apostrophe ends the item (punctuation or the end of the line follows).
/// Feet and minutes take the same mark: not after a word of walking, distance or angle
/// ("ambulated 50'.", "HOB 30'"), nor right after "x", "q", "for" or "to".
fn trailing_year(text: &str, q: usize) -> bool {
    let b = text.as_bytes();
    if q < 4 || !b[q - 2].is_ascii_digit() || !b[q - 1].is_ascii_digit() || !is_blank(b[q - 3]) {
        return false;
    }
    let closed = match b.get(q + 1) {
        None | Some(b'\n' | b'\r') => true,
        Some(b'.' | b',' | b';' | b')') => !b.get(q + 2).is_some_and(u8::is_ascii_alphanumeric),
        Some(b' ' | b'\t') => {
            let rest = &b[q + 1..];
            let n = rest.iter().take_while(|&&c| is_blank(c)).count();
            rest.get(n).is_none_or(|&c| c == b'\n' || c == b'\r')
        }
        _ => false,
    };
    if !closed {
        return false;
    }
    // The word before the digits: letters, or letters and digits ("CABG X5 99'").
    let mut we = q - 3;
    while we > 0 && is_blank(b[we - 1]) {
        we -= 1;
    }
    let mut ws = we;
    while ws > 0 && b[ws - 1].is_ascii_alphanumeric() {
        ws -= 1;
    }
    let word = &b[ws..we];
    if !word.iter().any(u8::is_ascii_alphabetic)
        || [
            "x", "q", "for", "to", "at", "of", "by", "up", "about", "approx", "over",
        ]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
    {
        return false;
    }
    let from = (q - 2).saturating_sub(32);
    let from = memchr::memrchr(b'\n', &b[from..q - 2]).map_or(from, |i| from + i + 1);
    !FEET_CUES.before(text, q - 2, q - 2 - from)
}

/// `[ \t]`.
fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

/// Words before a number of feet or degrees written with an apostrophe.
static FEET_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "walk",
        "walks",
        "walked",
        "walking",
        "amb",
        "ambulate",
        "ambulates",
        "ambulated",
        "ambulating",
        "ambulation",
        "hob",
        "head of bed",
        "hall",
        "hallway",
        "elevated",
        "feet",
        "ft",
        "degrees",
        "distance",
        "height",
        "ht",
        "tall",
        "fell",
        "fall",
        "ladder",
        "steps",
        "stairs",
    ])
});

/// Whether the run `b[s..e]` is a two-digit year after an event in a history list: "PMH:
/// CABG 81, redo CABG 84, MI 81,". The number follows a procedure or an acute event (a word
/// of [`history_event`]) after a space and ends the item: a vital sign, a dose or a count
/// ("HR 81,", "ASA 81,", "CABG X2") follows other words or is written otherwise.
#[inline(always)]
fn history_year_at(b: &[u8], s: usize, e: usize) -> bool {
    // Most runs are not two digits after a space: that test is inlined in the loops over
    // runs, the rest is not.
    e - s == 2 && s >= 3 && b[s - 1] == b' ' && history_year_rest(b, s, e)
}

fn history_year_rest(b: &[u8], s: usize, e: usize) -> bool {
    let ends_item = match b.get(e) {
        None | Some(b',' | b';' | b')' | b'\n' | b'\r') => true,
        Some(b'.') => !b.get(e + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    let we = if b[s - 2] == b' ' { s - 2 } else { s - 1 };
    if !ends_item || we == 0 || !b[we - 1].is_ascii_alphabetic() {
        return false;
    }
    let mut ws = we - 1;
    while ws > 0 && we - ws < EVENT_MAX && b[ws - 1].is_ascii_alphabetic() {
        ws -= 1;
    }
    super::word_start(b, ws) && history_event(&b[ws..we])
}

/// The longest word [`history_event`] knows.
const EVENT_MAX: usize = 24;

/// A year written short (`s..e`: "'91", "74'", "81" after a history event) as a date, or
/// as a birth date after a birth cue: `rules` are the two rule names, birth first. A year
/// alone dates less than a full date, so it yields to any other finding (`WEAK`).
fn push_year(
    text: &str,
    s: usize,
    e: usize,
    [dob_rule, date_rule]: [&'static str; 2],
    out: &mut Vec<Candidate>,
) {
    let (label, cued) = label_for(text, s);
    let rule = if cued { dob_rule } else { date_rule };
    out.push(Candidate::new(
        s,
        e,
        label,
        rule,
        prio(cued).min(priority::WEAK),
    ));
}

/// A procedure or an acute event that a history list dates: "CABG", "MI", "CVA", or an
/// operation named by its suffix ("cholecystectomy", "angioplasty"). Chronic conditions
/// and lab names are left out: "Ca 10," is a calcium, "CHF 20" an ejection fraction.
fn history_event(w: &[u8]) -> bool {
    if w.len() < 2 || w.len() > EVENT_MAX {
        return false;
    }
    let mut buf = [0u8; EVENT_MAX];
    let l = &mut buf[..w.len()];
    l.copy_from_slice(w);
    l.make_ascii_lowercase();
    let l = &*l;
    // Every suffix has four letters or more; most words before a number are shorter.
    let operation = || {
        [
            &b"ectomy"[..],
            b"otomy",
            b"ostomy",
            b"plasty",
            b"pexy",
            b"scopy",
        ]
        .iter()
        .any(|suffix| l.ends_with(suffix))
    };
    matches!(
        l,
        b"cabg"
            | b"ptca"
            | b"pci"
            | b"stent"
            | b"stents"
            | b"stented"
            | b"mi"
            | b"ami"
            | b"imi"
            | b"nstemi"
            | b"stemi"
            | b"cva"
            | b"tia"
            | b"stroke"
            | b"avr"
            | b"mvr"
            | b"tvr"
            | b"ppm"
            | b"aicd"
            | b"pacer"
            | b"pacemaker"
            | b"cath"
            | b"appy"
            | b"chole"
            | b"turp"
            | b"tah"
            | b"bka"
            | b"aka"
            | b"cea"
            | b"bypass"
            | b"repair"
            | b"resection"
            | b"surgery"
            | b"transplant"
            | b"ablation"
            | b"cardioversion"
            | b"dvt"
    ) || l.len() >= 4 && operation()
}

/// The maximal runs of ASCII digits of `text`, as [`Shape::runs`] has them, for text that
/// is not plain (where the shape is not computed or not trusted).
pub(crate) fn ascii_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((s, i));
        } else {
            i += 1;
        }
    }
    runs
}

/// Whether [`ORDINAL_DAY`] can match in ASCII text: its day is a whole run of one or two
/// digits after white space, with an ordinal suffix.
fn ordinal_day_possible(b: &[u8], runs: &[(usize, usize)]) -> bool {
    runs.iter().any(|&(s, e)| {
        e - s <= 2 && s > 0 && is_space(b[s - 1]) && b.get(e..e + 2).is_some_and(is_ordinal_suffix)
    })
}

fn is_ordinal_suffix(w: &[u8]) -> bool {
    [b"st", b"nd", b"rd", b"th"]
        .iter()
        .any(|o| w.eq_ignore_ascii_case(*o))
}

use super::is_space;

/// Whether a month's first three letters (any case) start at `j`.
fn month_at(b: &[u8], j: usize) -> bool {
    // `| 0x20` lower-cases an ASCII letter and makes no other byte one.
    let Some(&[x, y, z]) = b.get(j..j + 3) else {
        return false;
    };
    matches!(
        &[x | 0x20, y | 0x20, z | 0x20],
        b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"may"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"oct"
            | b"nov"
            | b"dec"
    )
}

/// How far before its first digit a match of [`TEXTUAL`] that starts with a month can
/// start: "september.", two spaces, a comma and two spaces.
#[cfg(test)]
const MONTH_LEAD: usize = 10 + 2 + 1 + 2;

/// Whether the day-first branch of [`TEXTUAL`] can go on after a day's digits ending at `e`:
/// an ordinal suffix or not, up to two spaces, "of" and spaces or a dash, then a month. A
/// loose test (any spaces and dashes, then perhaps "of" and spaces) that every match passes.
fn month_follows(b: &[u8], e: usize) -> bool {
    let after = |mut j: usize| {
        while j < b.len() && (is_space(b[j]) || b[j] == b'-') {
            j += 1;
        }
        if b.get(j..j + 2)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"of"))
            && b.get(j + 2).is_some_and(|&c| is_space(c))
        {
            j += 2;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
        }
        month_at(b, j)
    };
    after(e) || b.get(e..e + 2).is_some_and(is_ordinal_suffix) && after(e + 2)
}

/// [`TEXTUAL`] in ASCII text, tried anchored where a match can start: at a word of
/// [`month_before`] a run, or at a day (a whole run of one digit, or of two
/// starting with 0–3) that a month follows — in both cases after `\b`, where the anchored
/// regex sees what the whole-text one sees. Positions are tried in increasing order and none
/// before the end of the last match: the matches of `captures_iter`.
///
/// The same pass collects the runs that are years of a history list ([`history_year_at`])
/// in `years`.
fn textual_plain(
    text: &str,
    runs: &[(usize, usize)],
    years: &mut Vec<(usize, usize)>,
    out: &mut Vec<Candidate>,
) {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    for &(s, e) in runs {
        if history_year_at(b, s, e) {
            years.push((s, e));
        }
        if let Some(p) = month_before(b, s) {
            starts.push(p);
        }
        let day = e - s == 1 || e - s == 2 && b[s] <= b'3';
        if day && super::word_start(b, s) && month_follows(b, e) {
            starts.push(s);
        }
        if day && b.get(e..e + 4) == Some(b" de ") {
            spanish_at(text, s, e, out);
        }
    }
    if starts.is_empty() {
        return;
    }
    // Already in order (a month found for one run ends before that run), but cheap to make
    // sure of.
    if !starts.is_sorted() {
        starts.sort_unstable();
    }
    let mut next = 0;
    for p in starts {
        if p < next {
            continue;
        }
        if let Some(c) = TEXTUAL_AT.captures(&text[p..]) {
            next = p + c.get(0).map_or(0, |m| m.end());
            textual_one(text, p, &c, out);
        }
    }
}

/// Where a match of [`TEXTUAL`] that starts with a month and has its first digit at `b[s]`
/// (the start of a run) can start: at the word that ends right before `s`, but for the
/// separators a month's branches allow there (`\s{0,2}` before a day, `\s{0,2},?\s{0,2}`
/// before a year: at most five bytes of white space and commas) and a period ("Jan.",
/// "Sept."), if that word has three to nine letters (of "may" to "september"), starts a
/// word and starts with a month's first three letters.
///
/// Every month a match starts with is such a word: the month is letters (and perhaps a
/// period) standing against its first digit but for those separators, and `\b` stands
/// before it. A match's first digit starts a run (a letter, a period or a separator is
/// before it), so one look back from each run finds every month where a match can start,
/// in place of the scan of the `MONTH_LEAD` bytes before each run for a month at a word
/// start (kept as the tests' oracle), which found a superset: the same and months the regex
/// then failed at. What it returns lies 3 to `MONTH_LEAD` bytes before `s`, where that scan
/// looked.
fn month_before(b: &[u8], s: usize) -> Option<usize> {
    let mut q = s;
    if q > 0 && b[q - 1] == b'-' {
        // "Mar-10-2026".
        q -= 1;
    } else {
        while q > 0 && s - q < 5 && (is_space(b[q - 1]) || b[q - 1] == b',') {
            q -= 1;
        }
    }
    if q > 0 && b[q - 1] == b'.' {
        q -= 1;
    }
    if !month_end_at(b, q) {
        return None;
    }
    let mut p = q;
    while p > 0 && q - p < 9 && b[p - 1].is_ascii_alphabetic() {
        p -= 1;
    }
    (q - p >= 3 && super::word_start(b, p) && month_at(b, p)).then_some(p)
}

/// Whether the letters before `q` end as a month's name or abbreviation does (any case):
/// "jan", "january" ("ary"), "march" ("rch"), "sept" ("ept"), "september" ("ber")… A month
/// of [`TEXTUAL`] is followed by white space, a comma, a digit or its own period, so the
/// month word that [`month_before`] steps back to is a whole alternative of [`MONTHS`] (but
/// for the period), and ends so: a quick look that rules out most words before a number
/// ("HR", "is", "from") without finding where they start.
fn month_end_at(b: &[u8], q: usize) -> bool {
    let Some(&[x, y, z]) = q.checked_sub(3).and_then(|p| b.get(p..q)) else {
        return false;
    };
    matches!(
        &[x | 0x20, y | 0x20, z | 0x20],
        b"jan"
            | b"ary"
            | b"feb"
            | b"mar"
            | b"rch"
            | b"apr"
            | b"ril"
            | b"may"
            | b"jun"
            | b"une"
            | b"jul"
            | b"uly"
            | b"aug"
            | b"ust"
            | b"sep"
            | b"ept"
            | b"ber"
            | b"oct"
            | b"nov"
            | b"dec"
    )
}

/// [`TEXTUAL`] anchored at the start of the haystack, for plain text
/// ([`super::ascii_regex`]): the fast paths that use it run only there.
static TEXTUAL_AT: LazyLock<Regex> =
    LazyLock::new(|| super::ascii_regex(&format!("^(?:{})", TEXTUAL.as_str())));

fn numeric(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    if !shape.plain {
        for c in NUMERIC.captures_iter(text) {
            if let Some(m) = NumericMatch::from_captures(0, &c) {
                numeric_one(text, &m, out);
            }
        }
        return;
    }
    // In ASCII text a match starts a run of one, two or four digits that has no word
    // character before it and one of / - . and a digit after it: parse there instead of
    // scanning the whole segment. Skipping from one match's end to the next such run is
    // what `captures_iter` does, so the matches are the same.
    let b = text.as_bytes();
    let mut resume = 0;
    for &(start, i) in &shape.runs {
        if start < resume
            || !matches!(i - start, 1 | 2 | 4)
            || !matches!(byte_at(text, i), b'/' | b'-' | b'.')
            || !byte_at(text, i + 1).is_ascii_digit()
            || start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_')
        {
            continue;
        }
        // The byte before `start` is not a word character, so `\b` holds there.
        if let Some(m) = parse_numeric(b, start) {
            resume = m.span.1;
            numeric_one(text, &m, out);
        }
    }
}

/// A byte range of the text.
type Range = (usize, usize);

/// A match of [`NUMERIC`] as byte ranges of the text: the whole, and its groups by form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NumericMatch {
    span: Range,
    form: NumericForm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumericForm {
    /// `a s1 b s2 y`: 1/2/1980, 01.02.80 (month or day first).
    Full {
        a: Range,
        s1: u8,
        b: Range,
        s2: u8,
        y: Range,
    },
    /// `y s1 m s2 d`: 1980-01-02.
    Iso {
        y: Range,
        s1: u8,
        m: Range,
        s2: u8,
        d: Range,
    },
    /// `m/d`: 8/30, and month and year 7/81, 12/2019.
    MonthDay { m: Range, d: Range },
}

/// The groups of [`NUMERIC`] (and of `NUMERIC_AT` (the test oracle), which adds none), by index.
static NUMERIC_GROUPS: LazyLock<[usize; 12]> = LazyLock::new(|| {
    super::groups(
        &NUMERIC,
        [
            "a", "s1", "b", "s2", "y", "iy", "is1", "im", "is2", "id", "m", "d",
        ],
    )
});

impl NumericMatch {
    /// A match of [`NUMERIC`] found in `text[base..]`.
    fn from_captures(base: usize, c: &Captures<'_>) -> Option<NumericMatch> {
        let [ga, gs1, gb, gs2, gy, giy, gis1, gim, gis2, gid, gm, gd] = *NUMERIC_GROUPS;
        let r = |g: usize| c.get(g).map(|m| (base + m.start(), base + m.end()));
        let sep = |g: usize| c.get(g).map(|m| m.as_str().as_bytes()[0]);
        let whole = c.get(0)?;
        let form = if let (Some(a), Some(s1), Some(b), Some(s2), Some(y)) =
            (r(ga), sep(gs1), r(gb), sep(gs2), r(gy))
        {
            NumericForm::Full { a, s1, b, s2, y }
        } else if let (Some(y), Some(s1), Some(m), Some(s2), Some(d)) =
            (r(giy), sep(gis1), r(gim), sep(gis2), r(gid))
        {
            NumericForm::Iso { y, s1, m, s2, d }
        } else {
            NumericForm::MonthDay {
                m: r(gm)?,
                d: r(gd)?,
            }
        };
        let end = match form {
            NumericForm::Iso { d, .. } => d.1,
            _ => base + whole.end(),
        };
        Some(NumericMatch {
            span: (base + whole.start(), end),
            form,
        })
    }
}

/// The match of [`NUMERIC`] that starts at `p` in ASCII text, where `\b` holds before `p`:
/// what `NUMERIC_AT` finds on `&text[p..]` (the oracle test checks it), without a regex.
///
/// Each group of digits must be a whole run: a bounded `\d{1,2}` that stops inside a run
/// is followed by a digit where the pattern wants a separator or `\b`, so no backtracking
/// finds another match. The branches are tried in the regex's order, the first wins.
fn parse_numeric(b: &[u8], p: usize) -> Option<NumericMatch> {
    let run = |i: usize| {
        b.get(i..)
            .map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let sep_at = |i: usize| {
        b.get(i)
            .copied()
            .filter(|c| matches!(c, b'/' | b'-' | b'.'))
    };
    let ends = |i: usize| super::word_end(b, i);
    let l1 = run(p);
    let a = (p, p + l1);
    // Two separated groups after the first; the last must be `last` digits long and end
    // the word.
    let three = |first_ok: bool, mid: fn(usize) -> bool, last: fn(usize) -> bool, time: bool| {
        if !first_ok {
            return None;
        }
        let s1 = sep_at(a.1)?;
        let l2 = run(a.1 + 1);
        let m = (a.1 + 1, a.1 + 1 + l2);
        if !mid(l2) {
            return None;
        }
        let s2 = sep_at(m.1)?;
        let l3 = run(m.1 + 1);
        let z = (m.1 + 1, m.1 + 1 + l3);
        // An ISO date's time after a `T` ("2025-11-03T14:22").
        let time_after = time && b.get(z.1) == Some(&b'T') && run(z.1 + 1) > 0;
        (last(l3) && (ends(z.1) || time_after)).then_some((s1, m, s2, z))
    };
    let one_or_two = |l: usize| matches!(l, 1 | 2);
    if let Some((s1, m, s2, y)) = three(one_or_two(l1), one_or_two, |l| matches!(l, 2 | 4), false) {
        return Some(NumericMatch {
            span: (p, y.1),
            form: NumericForm::Full { a, s1, b: m, s2, y },
        });
    }
    if let Some((s1, m, s2, d)) = three(l1 == 4, one_or_two, one_or_two, true) {
        return Some(NumericMatch {
            span: (p, d.1),
            form: NumericForm::Iso { y: a, s1, m, s2, d },
        });
    }
    if one_or_two(l1) && b.get(a.1) == Some(&b'/') {
        let l2 = run(a.1 + 1);
        let d = (a.1 + 1, a.1 + 1 + l2);
        if matches!(l2, 1 | 2 | 4) && ends(d.1) {
            return Some(NumericMatch {
                span: (p, d.1),
                form: NumericForm::MonthDay { m: a, d },
            });
        }
    }
    None
}

/// One match of [`NUMERIC`].
fn numeric_one(text: &str, nm: &NumericMatch, out: &mut Vec<Candidate>) {
    let (s, e) = nm.span;
    if let NumericForm::Full {
        a,
        s1: b'/',
        b,
        s2: b'-',
        y,
    } = nm.form
    {
        if !matches!(
            byte_before(text, s),
            b'/' | b'.' | b'-' | b':' | b'+' | b'$'
        ) {
            month_day_range(text, a, b, y, out);
        }
        return;
    }
    let str_of = |r: Range| &text[r.0..r.1];
    // Part of something longer: 1/2/3/4, 12.5.1.2, a phone 555-12-…, a ratio 1:2/3.
    let before = byte_before(text, s);
    let after = byte_at(text, e);
    let range_before = before == b'-' && RANGE_START.is_match(&text[..s - 1]);
    let range_after = after == b'-' && RANGE_END.is_match(&text[e + 1..]);
    if (matches!(before, b'/' | b'.' | b'-' | b':' | b'+' | b'$')
        && !range_before
        && !label_joined(text.as_bytes(), s))
        || matches!(after, b'/' | b'%')
        // A colon ends a label ("Schedule 12/8: 0900 …"), but not before a digit (1/2:3).
        || after == b':' && !matches!(byte_at(text, e + 1), b' ' | b'\n' | b'\r' | 0)
        || (matches!(after, b'.' | b'-') && byte_at(text, e + 1).is_ascii_digit() && !range_after)
    {
        return;
    }
    // The birth cue is looked for only once a date is found: `label_for` is pure, and no
    // test before the push depends on it but `month_day`'s, which asks for it itself.
    match nm.form {
        NumericForm::Full { a, s1, b, s2, y } => {
            if s1 != s2 {
                return;
            }
            let (an, bn) = (num(str_of(a)), num(str_of(b)));
            let yr = full_year(str_of(y));
            // Month first (US) or day first; either reading makes it a date.
            if !(valid(an, bn, yr) || valid(bn, an, yr)) {
                return;
            }
            // Dotted short forms look like versions and lab values (1.2.80); need 2-digit
            // parts, or a birth cue before ("Birthdate: 1.5.61").
            let len = |r: Range| r.1 - r.0;
            let (label, cued) = label_for(text, s);
            if s1 == b'.' && (len(a) != 2 || len(b) != 2) && len(y) == 2 && !cued {
                return;
            }
            let rule = if cued { "dob.numeric" } else { "date.numeric" };
            out.push(Candidate::new(s, e, label, rule, prio(cued)));
        }
        NumericForm::Iso { y, s1, m, s2, d } => {
            if s1 != s2 {
                return;
            }
            let yr = num(str_of(y));
            if !(1800..=2199).contains(&yr) || !valid(num(str_of(m)), num(str_of(d)), Some(yr)) {
                return;
            }
            let (label, cued) = label_for(text, s);
            let rule = if cued { "dob.iso" } else { "date.iso" };
            out.push(Candidate::new(s, e, label, rule, prio(cued)));
        }
        NumericForm::MonthDay { m, d } => {
            if let Some((rule, label, cued)) = month_day(
                text,
                s,
                e,
                str_of(m),
                str_of(d),
                range_before || range_after,
            ) {
                out.push(Candidate::new(
                    s,
                    e,
                    label,
                    rule,
                    prio(cued).min(priority::WEAK),
                ));
            }
        }
    }
}

/// A range of two month/day pairs joined by a dash, which [`NUMERIC`] reads as one date
/// with mixed separators ("12/1-12/3", and "12/1–12/3" once folded): `text[a]/text[b]` and,
/// from `y`, the second pair, each as [`month_day`] takes a pair that starts or ends a
/// range, and only when both are dates ("strength 4/5-12/5" is none).
fn month_day_range(text: &str, a: Range, b: Range, y: Range, out: &mut Vec<Candidate>) {
    let g = text.as_bytes();
    let run = |i: usize| {
        g[i.min(g.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    if g.get(y.1) != Some(&b'/') {
        return;
    }
    let l = run(y.1 + 1);
    let d = (y.1 + 1, y.1 + 1 + l);
    if !matches!(l, 1 | 2)
        || g.get(d.1)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'/')
    {
        return;
    }
    let mut found = [None, None];
    for (k, (m, d)) in [(a, b), (y, d)].into_iter().enumerate() {
        let Some((rule, label, cued)) =
            month_day(text, m.0, d.1, &text[m.0..m.1], &text[d.0..d.1], true)
        else {
            return;
        };
        found[k] = Some(Candidate::new(
            m.0,
            d.1,
            label,
            rule,
            prio(cued).min(priority::WEAK),
        ));
    }
    out.extend(found.into_iter().flatten());
}

/// The rule for a month/day or month/year pair `text[s..e]` (`mo` and `d` its numbers), with
/// the date's label and whether a birth cue stands before it ([`label_for`]), or `None` when
/// it is more likely a fraction, a score, a pair of ventilator settings or a blood pressure.
/// `ranged` says that it ends or starts a range of dates.
///
/// The tests that need no cue come first, the cue searches after, each only once the
/// answer depends on it: every test is pure, and each early `None` is the answer whatever
/// the later ones say (a month outside 1–12 or, unless year-like, a day outside 1–31 fails
/// every branch below; a day of 10 with a score series fails the score test, which no
/// earlier `Some` precedes since such a pair is valid, not year-like and not a fraction).
fn month_day(
    text: &str,
    s: usize,
    e: usize,
    mo: &str,
    d: &str,
    ranged: bool,
) -> Option<(&'static str, Label, bool)> {
    let b = text.as_bytes();
    let (mn, dn) = (num(mo), num(d));
    let year_like = (d.len() == 2 && dn > 31) || (d.len() == 4 && (1900..=2099).contains(&dn));
    if !(1..=12).contains(&mn)
        || !year_like && !(1..=31).contains(&dn)
        || dn == 10 && score_series(b, s, e)
    {
        return None;
    }
    if NOT_DATE_AFTER.is_match(&text[e..])
        || NOT_DATE_BEFORE.before(text, s, 12)
        || inch_fraction(text, e, dn)
    {
        return None;
    }
    let (label, cued) = label_for(text, s);
    let rule =
        |dob: &'static str, date: &'static str| Some((if cued { dob } else { date }, label, cued));
    // Month and year: 7/81, 12/2019.
    if year_like {
        return rule("dob.month_year", "date.month_year");
    }
    let date_cue = DATE_CUES.before(text, s, 16)
        || ranged
        || heads_shift_line(text, s, e)
        || weekday_before(b, s);
    // A day past the month's end ("2/31") is a mistyped date when something says date; no
    // fraction, score or setting is written that way.
    let vouched = date_cue || cued || time_before(b, s);
    if !(valid(mn, dn, None) || vouched && (1..=12).contains(&mn) && (1..=31).contains(&dn)) {
        return None;
    }
    // 1/2, 2/3, 3/4 are fractions unless something says date; 8/5 is not a fraction
    // anyone writes.
    let fraction_like = mo.len() == 1 && d.len() == 1 && mn < dn;
    if fraction_like && !date_cue && !cued {
        return None;
    }
    // x/10 is a score far more often than the tenth of a month, and one of a series of
    // scores whatever stands before it ("6/10 today, down from 8/10").
    if dn == 10 && (!date_cue && !cued || score_series(b, s, e)) {
        return None;
    }
    // Pressure support over PEEP ("tried on 5/5", "mask ventilation 10/5 40%"), flow-by
    // over trigger: in ventilator talk a small pair is a setting unless an event says date.
    if dn <= 20 && !cued && vent_context(text, s, e) && !EVENT_CUES.before(text, s, 16) {
        return None;
    }
    rule("dob.month_day", "date.month_day")
}

/// Whether a weekday stands right before `s`, but for a space, a comma or a full stop:
/// "Wed 3/4 @ 0900", "Tues. 3/3", "Friday, 1/2".
fn weekday_before(b: &[u8], s: usize) -> bool {
    let mut q = s;
    while q > 0 && s - q < 3 && matches!(b[q - 1], b' ' | b',' | b'.') {
        q -= 1;
    }
    let mut p = q;
    while p > 0 && q - p < 9 && b[p - 1].is_ascii_alphabetic() {
        p -= 1;
    }
    let mut w = [0u8; 9];
    for (d, c) in w.iter_mut().zip(&b[p..q]) {
        *d = c.to_ascii_lowercase();
    }
    q > p
        && q < s
        && super::word_start(b, p)
        && matches!(
            &w[..q - p],
            b"mon"
                | b"monday"
                | b"tue"
                | b"tues"
                | b"tuesday"
                | b"wed"
                | b"wednesday"
                | b"thu"
                | b"thur"
                | b"thurs"
                | b"thursday"
                | b"fri"
                | b"friday"
                | b"sat"
                | b"saturday"
                | b"sun"
                | b"sunday"
        )
}

/// Whether `text[s..]` is written against a word by `-` or `:` ("LA-10/3" for a line placed
/// on that day, "HX:8/30", "DOB:03/04/1961"): a letter there, unlike a digit, does not make
/// the date part of a longer number, a ratio or a time.
fn label_joined(b: &[u8], s: usize) -> bool {
    s >= 2 && matches!(b[s - 1], b'-' | b':') && b[s - 2].is_ascii_alphabetic()
}

/// "3/16 in": a fraction of an inch has a power of two below; "3/23 in am" is a date.
fn inch_fraction(text: &str, e: usize, dn: u32) -> bool {
    matches!(dn, 2 | 4 | 8 | 16 | 32 | 64) && INCH_AFTER.is_match(&text[e..])
}

static INCH_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s{0,2}in(?-u:\b)").expect("valid regex"));

/// Whether a clock time ("0630", "06:30") stands one space before `s`: the date of a
/// timestamped entry ("d/c integrelin at 0630 2/31").
fn time_before(b: &[u8], s: usize) -> bool {
    if s < 6 || b[s - 1] != b' ' {
        return false;
    }
    let t = &b[s - 5..s - 1];
    let (h, m) = if b[s - 4] == b':' {
        // "6:30": one digit of hour, or two.
        let h1 = b[s - 5];
        let h0 = if s >= 7 { b[s - 6] } else { b' ' };
        if !h1.is_ascii_digit() || !b[s - 3].is_ascii_digit() || !b[s - 2].is_ascii_digit() {
            return false;
        }
        let (h, start) = if h0.is_ascii_digit() {
            (u32::from(h0 - b'0') * 10 + u32::from(h1 - b'0'), s - 6)
        } else {
            (u32::from(h1 - b'0'), s - 5)
        };
        if start > 0 && super::is_word_byte(b[start - 1]) {
            return false;
        }
        (
            h,
            u32::from(b[s - 3] - b'0') * 10 + u32::from(b[s - 2] - b'0'),
        )
    } else {
        if !t.iter().all(u8::is_ascii_digit) || s >= 6 && super::is_word_byte(b[s - 6]) {
            return false;
        }
        let n = |i: usize| u32::from(t[i] - b'0');
        (n(0) * 10 + n(1), n(2) * 10 + n(3))
    };
    h <= 23 && m <= 59
}

/// Whether a month/day opens its line and a shift or unit heading follows it on that line
/// ("4/5 CSRU 7P-7A shift summary"): a note's dateline, however its day looks as a fraction.
fn heads_shift_line(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    // Only blanks back to the line's start (looked at from `s`, so a long line costs nothing).
    let blanks = b[..s].iter().rev().take_while(|&&c| is_blank(c)).count();
    if s > blanks && b[s - blanks - 1] != b'\n' {
        return false;
    }
    let lim = line_end(b, e, 40);
    SHIFT_CUES.iter(&text[e..lim]).next().is_some()
}

/// The end of the line that `e` is on, or `e + max` if sooner, moved on to the end of the word
/// it falls in, so a cue found in `text[e..end]` is a whole word of the text.
fn line_end(b: &[u8], e: usize, max: usize) -> usize {
    let mut cap = (e + max).min(b.len());
    // Callers slice the text here: never inside a character.
    while cap > e && cap < b.len() && b[cap] & 0xc0 == 0x80 {
        cap -= 1;
    }
    let mut end = memchr::memchr(b'\n', &b[e..cap]).map_or(cap, |i| e + i);
    while end < b.len() && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    end
}

/// Whether another score out of ten stands close on the same line: "6/10 today, down from
/// 8/10", "pain 4/10 -> 2/10".
fn score_series(b: &[u8], s: usize, e: usize) -> bool {
    let from = s.saturating_sub(48);
    let from = memchr::memrchr(b'\n', &b[from..s]).map_or(from, |i| from + i + 1);
    let to = (e + 24).min(b.len());
    let to = memchr::memchr(b'\n', &b[e..to]).map_or(to, |i| e + i);
    // The windows are a few dozen bytes: a byte loop beats setting up a substring search.
    let score_at = |j: usize| {
        b[j] == b'/'
            && j > 0
            && b[j - 1].is_ascii_digit()
            && b.get(j + 1..j + 3) == Some(b"10")
            && !b.get(j + 3).is_some_and(u8::is_ascii_digit)
    };
    (from..s).any(score_at) || (e..to).any(score_at)
}

/// Whether ventilator talk surrounds `text[s..e]` in its sentence: a setting word within 32
/// bytes before, or an oxygen fraction (the "40%" of "10/5 40%") or a gas within 24 after.
/// A sentence bounds it: "AM abg good. Sputum from 9/5" dates a culture.
fn vent_context(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    let from = sentence_start(b, s.saturating_sub(32), s);
    if VENT_CUES.before(text, s, s - from) {
        return true;
    }
    let to = sentence_end(b, e, line_end(b, e, 24));
    fio2_after(b, e) || VENT_AFTER.iter(&text[e..to]).next().is_some()
}

/// Where the sentence holding `b[s]` starts, or `from` if further back: after a line break,
/// or after `.` or `;` and white space.
fn sentence_start(b: &[u8], from: usize, s: usize) -> usize {
    (from..s)
        .rev()
        .find(|&i| {
            b[i] == b'\n'
                || matches!(b[i], b'.' | b';') && b.get(i + 1).is_some_and(|&c| is_space(c))
        })
        .map_or(from, |i| i + 1)
}

/// Where the sentence holding `b[e - 1]` ends, or `to` if sooner.
fn sentence_end(b: &[u8], e: usize, to: usize) -> usize {
    (e..to)
        .find(|&i| matches!(b[i], b'.' | b';') && b.get(i + 1).is_none_or(|&c| is_space(c)))
        .unwrap_or(to)
}

/// Whether an oxygen fraction follows at once: "10/5 40%".
fn fio2_after(b: &[u8], e: usize) -> bool {
    let mut j = e;
    while j < b.len() && j < e + 2 && b[j] == b' ' {
        j += 1;
    }
    let k = j + b[j..]
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (2..=3).contains(&(k - j)) && b.get(k) == Some(&b'%')
}

/// [`COMPACT`] in ASCII text: a whole run of eight digits, with no word byte on either side,
/// that the regex's digit classes allow.
fn compact_plain(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for &(s, e) in runs {
        if e - s == 8
            && matches!(&b[s..s + 2], b"18" | b"19" | b"20")
            && b[s + 4] <= b'1'
            && b[s + 6] <= b'3'
            && super::word_start(b, s)
            && super::word_end(b, e)
        {
            compact_one(text, s, e, out);
        }
    }
}

/// A birth date in digits alone right after a birth cue: MMDDYY or MMDDYYYY, or the day
/// first ("DOB 010561", "DOB: 01051961"). Only a field's separators (`:`, `#`, `=`, `-`,
/// spaces) stand between the cue and the digits: a run of six or eight digits elsewhere is
/// a count, a code or an order number. Year first ("19610105") is [`compact_one`]'s.
///
/// A birth year alone ("born 1933", "DOB 1925", "born in 1941") is `dob.year`: a year of
/// birth says an age over 89 as plainly as the age does, and a cue makes it no count.
fn birth_digits(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for &(s, e) in runs {
        let n = e - s;
        let year = n == 4 && matches!(&b[s..s + 2], b"18" | b"19" | b"20");
        if !(n == 6 || n == 8 || year)
            || !super::word_start(b, s)
            || !super::word_end(b, e)
            || super::extends_number_back(text, s)
            || super::continues_number(text, e)
        {
            continue;
        }
        // The cue's end: the separators before the digits, then a cue ending there.
        let mut c = s;
        while c > 0 && s - c < 4 && matches!(b[c - 1], b' ' | b'\t' | b':' | b'#' | b'=' | b'-') {
            c -= 1;
        }
        // "born in 1933".
        if year && c < s && c >= 3 && b[c - 3..c].eq_ignore_ascii_case(b" in") {
            c -= 3;
        }
        let from = super::floor_char(text, c.saturating_sub(16));
        if birth_cue_end(b, from, c) != Some(c) {
            continue;
        }
        if year {
            out.push(Candidate::new(s, e, Label::Dob, "dob.year", priority::CUE));
            continue;
        }
        let t = &text[s..e];
        let (p, q, y) = (num(&t[..2]), num(&t[2..4]), full_year(&t[4..]));
        if n == 8 && y.is_some_and(|y| !(1850..=2199).contains(&y)) {
            continue;
        }
        if valid(p, q, y) || valid(q, p, y) {
            out.push(Candidate::new(
                s,
                e,
                Label::Dob,
                "dob.digits",
                priority::CUE,
            ));
        }
    }
}

fn compact_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    let t = &text[s..e];
    let (y, mo, d) = (num(&t[..4]), num(&t[4..6]), num(&t[6..]));
    if !valid(mo, d, Some(y))
        || super::extends_number_back(text, s)
        || super::continues_number(text, e)
    {
        return;
    }
    let (label, cued) = label_for(text, s);
    let rule = if cued { "dob.compact" } else { "date.compact" };
    out.push(Candidate::new(s, e, label, rule, prio(cued)));
}

fn ordinal_day(text: &str, out: &mut Vec<Candidate>) {
    for c in ORDINAL_DAY.captures_iter(text) {
        let g = c.name("day").expect("day group");
        let n = num(g.as_str());
        if (1..=31).contains(&n) {
            out.push(Candidate::new(
                g.start(),
                g.end(),
                Label::Date,
                "date.ordinal_day",
                priority::WEAK,
            ));
        }
    }
}

/// "on the 11th.", "Tuesday the 14th" — a day of the month standing alone, ended by
/// punctuation, the end of a line or a word that cannot be a noun's ("the 3rd floor").
static ORDINAL_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)(?-u:\b)(?:(?:on|it's|is|since|by|until|of|from)\s+the|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?(?:\s+the)?)\s+(?P<day>[0-3]?\d(?:st|nd|rd|th))(?:[^\S\n]*[.,;!)]|[^\S\n]*$|\s+(?:at|and|in|to)(?-u:\b))")
        .expect("valid regex")
});

/// Compact `yyyymmdd`, common in exports and HL7 (19610304).
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:18|19|20)\d{2}[01]\d[0-3]\d(?-u:\b)").expect("valid regex")
});

static RANGE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)\d{1,2}/\d{1,2}$").expect("valid regex"));
static RANGE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}/\d{1,2}(?-u:\b)").expect("valid regex"));

/// The groups of [`TEXTUAL`] (and of [`TEXTUAL_AT`], which adds none), by index.
static TEXTUAL_GROUPS: LazyLock<[usize; 9]> = LazyLock::new(|| {
    super::groups(
        &TEXTUAL,
        [
            "mon1", "day1", "y1", "mon2", "day2", "y2", "y2s", "mon3", "y3",
        ],
    )
});

/// One match of [`TEXTUAL`], found in `text[base..]`.
fn textual_one(text: &str, base: usize, c: &Captures<'_>, out: &mut Vec<Candidate>) {
    let [mon1, day1, y1, mon2, day2, y2, y2s, mon3, y3] = *TEXTUAL_GROUPS;
    let m = c.get(0).expect("group 0");
    let (s, mut e) = (base + m.start(), base + m.end());
    if byte_at(text, e) == b'\'' {
        e += 1;
    }
    let (mon, day, year) = if let Some(mon) = c.get(mon1) {
        (mon, c.get(day1), c.get(y1))
    } else if let Some(mon) = c.get(mon2) {
        // A two-digit year only glued to the month or after a dash: "28FEB26", "3-Mar-26".
        (mon, c.get(day2), c.get(y2).or_else(|| c.get(y2s)))
    } else if let Some(mon) = c.get(mon3) {
        (mon, None, c.get(y3))
    } else {
        return;
    };
    let mn = month_number(mon.as_str());
    let yr = year.and_then(|y| full_year(y.as_str()));
    let monw = mon.as_str();
    // "may", "mar", "jan" in lower case are words as often as months: need a year or an
    // ordinal day to believe them.
    let lower_word = monw.chars().next().is_some_and(|ch| ch.is_lowercase())
        && matches!(
            monw.to_ascii_lowercase().as_str(),
            "may" | "mar" | "jan" | "june" | "july" | "aug" | "dec" | "sept" | "oct"
        );
    let has_ordinal = day.is_some_and(|d| d.as_str().ends_with(|ch: char| ch.is_alphabetic()));
    if let Some(d) = day {
        let dn = num(d.as_str());
        if !valid(mn, dn, yr) {
            return;
        }
        if year.is_none() && NOT_DATE_AFTER.is_match(&text[e..]) {
            return;
        }
        if lower_word && year.is_none() && !has_ordinal {
            return;
        }
        // "May 5" where the day is really a dose count: "may 2 tabs" handled above.
    } else {
        // Month and year: March 2021.
        if yr.is_none() || (lower_word && monw.eq_ignore_ascii_case("may")) {
            return;
        }
        if monw.eq_ignore_ascii_case("may") || monw.eq_ignore_ascii_case("mar") {
            // "May 2021" is fine capitalised; lower-case handled above.
        }
    }
    let (label, cued) = label_for(text, s);
    let rule = if cued { "dob.textual" } else { "date.textual" };
    out.push(Candidate::new(s, e, label, rule, prio(cued)));
}

fn prio(cued: bool) -> u8 {
    if cued { priority::CUE } else { priority::SHAPE }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    /// A birth cue reaches only the date right after it: "DOB 03/04/1961 1/2 tab" keeps the
    /// half tablet, in the text and again in its redacted form (redaction is idempotent).
    #[test]
    fn birth_cue_reaches_the_next_date_only() {
        let r = crate::Redactor::new();
        let once = r.redact("DOB 03/04/1961 1/2 tab daily");
        assert_eq!(once, "DOB [DOB] 1/2 tab daily");
        assert_eq!(r.redact(&once), once);
        assert_finds("DOB: 3/4/61", "3/4/61", Label::Dob, "dob.numeric");
        assert_finds("born on 1/2", "1/2", Label::Dob, "dob.month_day");
    }

    /// Dashed and glued forms of exports and surgical logs: "3-Mar-26", "28FEB26",
    /// "Mar-10-2026"; a two-digit year only after a dash or glued to the month.
    #[test]
    fn dashed_and_glued_month_names() {
        for (text, date) in [
            ("Labs drawn 3-Mar-26 and again", "3-Mar-26"),
            ("pre-op 28FEB26.", "28FEB26"),
            ("and again Mar-10-2026.", "Mar-10-2026"),
            ("seen Mar-10 in clinic", "Mar-10"),
        ] {
            assert_finds(text, date, Label::Date, "date.textual");
        }
        assert_finds(
            "seen 3 Mar 26 patients",
            "3 Mar",
            Label::Date,
            "date.textual",
        );
    }

    /// A birth year alone after its cue; a year without one is no date.
    #[test]
    fn birth_year() {
        for (text, year) in [
            ("Age 90+; born 1933.", "1933"),
            ("DOB 1925 per daughter", "1925"),
            ("She was born in 1941 in Ohio", "1941"),
            ("DOB: 2019", "2019"),
        ] {
            assert_finds(text, year, Label::Dob, "dob.year");
        }
        assert_clean(
            "served 1968-1972; born at 2200; DOB 1234; in 1933 he moved; born 12 weeks early",
            &[Label::Dob],
        );
    }

    /// A colon after a date ends a label ("Home health visit 12/01/2026: SN visit"); before
    /// a digit it joins a ratio or a time, which is no date.
    #[test]
    fn colon_after_a_date() {
        for (text, date, rule) in [
            (
                "Home health visit 12/01/2026: SN visit",
                "12/01/2026",
                "date.numeric",
            ),
            (
                "Schedule 12/8: 0900 Thaddeus (f/u)",
                "12/8",
                "date.month_day",
            ),
            ("Seen 12/8:\nstable", "12/8", "date.month_day"),
        ] {
            assert_finds(text, date, Label::Date, rule);
        }
        assert_clean("ratio 1/2:3; mix 3/4:1", &[Label::Date]);
    }

    /// A weekday right before a month and day makes it a date, even one shaped like a
    /// fraction: "Wed 3/4 @ 0900"; not one further away ("Monday pain 2/3").
    #[test]
    fn weekday_before_month_day() {
        for (text, date) in [
            ("Wed 3/4 @ 0900 called again", "3/4"),
            ("Tues. 1/6 pt called", "1/6"),
            ("seen Friday, 1/2 for f/u", "1/2"),
        ] {
            assert_finds(text, date, Label::Date, "date.month_day");
        }
        assert_clean(
            "Monday pain 2/3; sat 1/2 of the time up; Wedge 3/4",
            &[Label::Date],
        );
    }

    /// [`super::parse_numeric`] finds at each place what the anchored regex it replaced
    /// finds there, groups and all: on hand-picked shapes and on random strings of digits,
    /// separators, letters and spaces.
    #[test]
    fn parse_numeric_matches_the_regex() {
        let mut texts: Vec<String> = [
            "1/2/1980 01-02-80 1980-01-02 01.02.1980 31/12/2020 8/30 7/81 12/2019",
            "1/2/3/4 12.5.1.2 1/2/80a 3/4/12345 1/2/803 2020/12/25 2020-1-2x 2020-1-234",
            "1.2.3 1-2/80 1/2-80 19801/2 1/23456 1/2_ 1/2é 12/2019a 1/2019/5 99/99/99",
        ]
        .map(str::to_owned)
        .to_vec();
        // A small linear congruential generator: deterministic, no dependency.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize % n
        };
        // Runs of one to five digits, each followed by one byte of `between`.
        let between = b"//--..a_ :T";
        for _ in 0..10_000 {
            let mut t = String::new();
            for _ in 0..2 + next(4) {
                for _ in 0..[1, 1, 2, 2, 2, 3, 4, 4, 5][next(9)] {
                    t.push(char::from(b'0' + next(10) as u8));
                }
                t.push(char::from(between[next(between.len())]));
            }
            texts.push(t);
        }
        let mut matched = 0;
        for t in &texts {
            let b = t.as_bytes();
            for p in 0..b.len() {
                if !b[p].is_ascii_digit() || !super::super::word_start(b, p) {
                    continue;
                }
                let want = super::NUMERIC_AT
                    .captures(&t[p..])
                    .and_then(|c| super::NumericMatch::from_captures(p, &c));
                matched += usize::from(want.is_some());
                assert_eq!(super::parse_numeric(b, p), want, "{t:?} at {p}");
            }
        }
        // The random strings must reach every form often, not only the misses.
        assert!(matched > 1000, "{matched}");
    }

    #[test]
    fn group_indices_are_found() {
        for (re, at, names) in [
            (
                &*super::NUMERIC,
                &*super::NUMERIC_AT,
                &super::NUMERIC_GROUPS[..],
            ),
            (
                &*super::TEXTUAL,
                &*super::TEXTUAL_AT,
                &super::TEXTUAL_GROUPS[..],
            ),
        ] {
            assert!(names.iter().all(|&g| g < re.captures_len()));
            let named = |r: &regex::Regex| -> Vec<Option<String>> {
                r.capture_names().map(|n| n.map(str::to_owned)).collect()
            };
            assert_eq!(named(re), named(at));
        }
    }

    #[test]
    fn positives() {
        let cases = [
            ("seen 1/2/1980", "1/2/1980", Label::Date, "date.numeric"),
            ("on 01-02-80 she", "01-02-80", Label::Date, "date.numeric"),
            ("1980-01-02", "1980-01-02", Label::Date, "date.iso"),
            (
                "Last seen: 2025-11-03T14:22",
                "2025-11-03",
                Label::Date,
                "date.iso",
            ),
            (
                "Última visita 2025-11-03T14:22:05Z",
                "2025-11-03",
                Label::Date,
                "date.iso",
            ),
            ("01.02.1980", "01.02.1980", Label::Date, "date.numeric"),
            ("31/12/2020", "31/12/2020", Label::Date, "date.numeric"),
            ("Jan 2, 1980", "Jan 2, 1980", Label::Date, "date.textual"),
            (
                "2 January 1980",
                "2 January 1980",
                Label::Date,
                "date.textual",
            ),
            (
                "seen January 2nd",
                "January 2nd",
                Label::Date,
                "date.textual",
            ),
            ("Jan. 2nd '80", "Jan. 2nd '80", Label::Date, "date.textual"),
            (
                "back in March 2021",
                "March 2021",
                Label::Date,
                "date.textual",
            ),
            ("admitted 8/30 with", "8/30", Label::Date, "date.month_day"),
            (
                "out of work 12/1-12/3 ok",
                "12/1",
                Label::Date,
                "date.month_day",
            ),
            (
                "out of work 12/1-12/3 ok",
                "12/3",
                Label::Date,
                "date.month_day",
            ),
            (
                "excuse from school 12/1–12/3.",
                "12/3",
                Label::Date,
                "date.month_day",
            ),
            ("on 3/4 she", "3/4", Label::Date, "date.month_day"),
            ("DOB 03/04/1961", "03/04/1961", Label::Dob, "dob.numeric"),
            ("D.O.B.: 1961-03-04", "1961-03-04", Label::Dob, "dob.iso"),
            (
                "date of birth March 4, 1961",
                "March 4, 1961",
                Label::Dob,
                "dob.textual",
            ),
            ("born 4/3/61", "4/3/61", Label::Dob, "dob.numeric"),
            ("b. 3/4/1961", "3/4/1961", Label::Dob, "dob.numeric"),
            ("Birthdate: 1.5.61", "1.5.61", Label::Dob, "dob.numeric"),
            (
                "born on the first of May",
                "first of May",
                Label::Dob,
                "dob.spelled_day",
            ),
            ("DOB 010561", "010561", Label::Dob, "dob.digits"),
            ("DOB: 01051961 per pt", "01051961", Label::Dob, "dob.digits"),
            (
                "su fecha de nacimiento es 3 de mayo de 2018, mi número",
                "3 de mayo de 2018",
                Label::Dob,
                "dob.spanish",
            ),
            (
                "la cita es el 21 de Marzo del 2026",
                "21 de Marzo del 2026",
                Label::Date,
                "date.spanish",
            ),
            (
                "desde el 5 de enero tiene fiebre",
                "5 de enero",
                Label::Date,
                "date.spanish",
            ),
            (
                "date of birth is march third two thousand fifteen he has a fever",
                "march third two thousand fifteen",
                Label::Dob,
                "dob.spelled_day",
            ),
            (
                "DOB: April twelfth, nineteen seventy-eight.",
                "April twelfth, nineteen seventy-eight",
                Label::Dob,
                "dob.spelled_day",
            ),
            (
                "DOB March third, 2015",
                "March third, 2015",
                Label::Dob,
                "dob.spelled_day",
            ),
            (
                "born on the third of May, twenty twenty one",
                "third of May, twenty twenty one",
                Label::Dob,
                "dob.spelled_day",
            ),
            (
                "DOB June fifth nineteen oh five",
                "June fifth nineteen oh five",
                Label::Dob,
                "dob.spelled_day",
            ),
            (
                "date of birth may first two thousand and two",
                "may first two thousand and two",
                Label::Dob,
                "dob.spelled_day",
            ),
            ("D.O.B.=310761", "310761", Label::Dob, "dob.digits"),
            (
                "date of birth # 12311999.",
                "12311999",
                Label::Dob,
                "dob.digits",
            ),
            ("feb 29 2024", "feb 29 2024", Label::Date, "date.textual"),
            ("CABG 1/78 c/b", "1/78", Label::Date, "date.month_year"),
            ("stent 12/2019", "12/2019", Label::Date, "date.month_year"),
            (
                "intubated 6/30-7/2 for",
                "7/2",
                Label::Date,
                "date.month_day",
            ),
            ("seen 8/5 wbc low", "8/5", Label::Date, "date.month_day"),
            (
                "PMHX: CAD s/p CABG, MI '91, ESRD",
                "'91",
                Label::Date,
                "date.short_year",
            ),
            (
                "pmh: cad s/p cabg '84\n s/p avr",
                "'84",
                Label::Date,
                "date.short_year",
            ),
            ("redo in '84.", "'84", Label::Date, "date.short_year"),
            (
                "IABP PLACED 6/9 FOR PULM EDEMA",
                "6/9",
                Label::Date,
                "date.month_day",
            ),
            (
                "line inserted 3/4 without issue",
                "3/4",
                Label::Date,
                "date.month_day",
            ),
            (
                "drawn on the 11th.",
                "11th",
                Label::Date,
                "date.ordinal_day",
            ),
            (
                "admitted on the 3rd\nfever since",
                "3rd",
                Label::Date,
                "date.ordinal_day",
            ),
            (
                "seen Tuesday the 14th at 2pm",
                "14th",
                Label::Date,
                "date.ordinal_day",
            ),
            ("call Fri 21st.", "21st", Label::Date, "date.ordinal_day"),
            // A label written against the date: a heading, a line's site.
            ("DOB:03/04/1961", "03/04/1961", Label::Dob, "dob.numeric"),
            (
                "HPI:9/14 fell at home",
                "9/14",
                Label::Date,
                "date.month_day",
            ),
            (
                "IV site RA-11/4, patent",
                "11/4",
                Label::Date,
                "date.month_day",
            ),
            // "in" after a pair is an inch only after a fraction of one.
            (
                "last echo 2/17 in pm",
                "2/17",
                Label::Date,
                "date.month_day",
            ),
            ("seen Jan 5 in clinic", "Jan 5", Label::Date, "date.textual"),
            // A mistyped day next to a clock time.
            (
                "heparin off at 2215 4/31 per team",
                "4/31",
                Label::Date,
                "date.month_day",
            ),
            // A note's dateline, though 3/8 could be a fraction.
            (
                "3/8 MICU nsg note 7a-7p",
                "3/8",
                Label::Date,
                "date.month_day",
            ),
            (
                "taken to the OR 9/10 for AVR",
                "9/10",
                Label::Date,
                "date.month_day",
            ),
            // An event keeps its date in ventilator talk; a sentence ends the talk.
            (
                "extubated 5/5, ABG 7.38/42",
                "5/5",
                Label::Date,
                "date.month_day",
            ),
            (
                "AM abg good. Sputum from 9/5 grew GPC",
                "9/5",
                Label::Date,
                "date.month_day",
            ),
            (
                "PSH: appendectomy 92', lap chole 05'.",
                "92'",
                Label::Date,
                "date.trailing_year",
            ),
            (
                "PSH: appendectomy 92', lap chole 05'.",
                "05'",
                Label::Date,
                "date.trailing_year",
            ),
            ("Hx: TIA 03'.\n", "03'", Label::Date, "date.trailing_year"),
            ("quit smoking 88'", "88'", Label::Date, "date.trailing_year"),
            ("s/p CABG X3 01'.", "01'", Label::Date, "date.trailing_year"),
            (
                "PMH: PTCA 97, NSTEMI 08, HTN",
                "97",
                Label::Date,
                "date.history_year",
            ),
            (
                "PMH: PTCA 97, NSTEMI 08, HTN",
                "08",
                Label::Date,
                "date.history_year",
            ),
            (
                "s/p lumpectomy 04; DM2",
                "04",
                Label::Date,
                "date.history_year",
            ),
            ("cva 99\n", "99", Label::Date, "date.history_year"),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
    }

    /// [`super::numeric_one`] and [`super::month_day`] as they were before the cue searches
    /// moved behind the tests that need none: the oracle of their reordering.
    mod before_reorder {
        #![allow(clippy::too_many_arguments)]
        use super::super::*;

        /// One match of [`NUMERIC`].
        pub(super) fn numeric_one(text: &str, nm: &NumericMatch, out: &mut Vec<Candidate>) {
            let (s, e) = nm.span;
            let str_of = |r: Range| &text[r.0..r.1];
            // Part of something longer: 1/2/3/4, 12.5.1.2, a phone 555-12-…, a ratio 1:2/3.
            let before = byte_before(text, s);
            let after = byte_at(text, e);
            let range_before = before == b'-' && RANGE_START.is_match(&text[..s - 1]);
            let range_after = after == b'-' && RANGE_END.is_match(&text[e + 1..]);
            if (matches!(before, b'/' | b'.' | b'-' | b':' | b'+' | b'$')
                && !range_before
                && !label_joined(text.as_bytes(), s))
                || matches!(after, b'/' | b'%')
                || after == b':' && !matches!(byte_at(text, e + 1), b' ' | b'\n' | b'\r' | 0)
                || (matches!(after, b'.' | b'-')
                    && byte_at(text, e + 1).is_ascii_digit()
                    && !range_after)
            {
                return;
            }
            let (label, cued) = label_for(text, s);
            match nm.form {
                NumericForm::Full { a, s1, b, s2, y } => {
                    if s1 != s2 {
                        return;
                    }
                    let (an, bn) = (num(str_of(a)), num(str_of(b)));
                    let yr = full_year(str_of(y));
                    // Month first (US) or day first; either reading makes it a date.
                    if !(valid(an, bn, yr) || valid(bn, an, yr)) {
                        return;
                    }
                    // Dotted short forms look like versions and lab values (1.2.80); need 2-digit
                    // parts.
                    let len = |r: Range| r.1 - r.0;
                    if s1 == b'.' && (len(a) != 2 || len(b) != 2) && len(y) == 2 && !cued {
                        return;
                    }
                    let rule = if cued { "dob.numeric" } else { "date.numeric" };
                    out.push(Candidate::new(s, e, label, rule, prio(cued)));
                }
                NumericForm::Iso { y, s1, m, s2, d } => {
                    if s1 != s2 {
                        return;
                    }
                    let yr = num(str_of(y));
                    if !(1800..=2199).contains(&yr)
                        || !valid(num(str_of(m)), num(str_of(d)), Some(yr))
                    {
                        return;
                    }
                    let rule = if cued { "dob.iso" } else { "date.iso" };
                    out.push(Candidate::new(s, e, label, rule, prio(cued)));
                }
                NumericForm::MonthDay { m, d } => {
                    if let Some(rule) = month_day(
                        text,
                        s,
                        e,
                        str_of(m),
                        str_of(d),
                        cued,
                        range_before || range_after,
                    ) {
                        out.push(Candidate::new(
                            s,
                            e,
                            label,
                            rule,
                            prio(cued).min(priority::WEAK),
                        ));
                    }
                }
            }
        }

        /// The rule for a month/day or month/year pair `text[s..e]` (`mo` and `d` its numbers), or
        /// `None` when it is more likely a fraction, a score, a pair of ventilator settings or a
        /// blood pressure. `cued` says a birth cue stands before it, `ranged` that it ends or starts
        /// a range of dates.
        fn month_day(
            text: &str,
            s: usize,
            e: usize,
            mo: &str,
            d: &str,
            cued: bool,
            ranged: bool,
        ) -> Option<&'static str> {
            let b = text.as_bytes();
            let (mn, dn) = (num(mo), num(d));
            if NOT_DATE_AFTER.is_match(&text[e..])
                || NOT_DATE_BEFORE.before(text, s, 12)
                || inch_fraction(text, e, dn)
            {
                return None;
            }
            let date_cue = DATE_CUES.before(text, s, 16) || ranged || heads_shift_line(text, s, e);
            // Month and year: 7/81, 12/2019.
            let year_like =
                (d.len() == 2 && dn > 31) || (d.len() == 4 && (1900..=2099).contains(&dn));
            if year_like {
                return (1..=12).contains(&mn).then_some(if cued {
                    "dob.month_year"
                } else {
                    "date.month_year"
                });
            }
            // A day past the month's end ("2/31") is a mistyped date when something says date; no
            // fraction, score or setting is written that way.
            let vouched = date_cue || cued || time_before(b, s);
            if !(valid(mn, dn, None) || vouched && (1..=12).contains(&mn) && (1..=31).contains(&dn))
            {
                return None;
            }
            // 1/2, 2/3, 3/4 are fractions unless something says date; 8/5 is not a fraction
            // anyone writes.
            let fraction_like = mo.len() == 1 && d.len() == 1 && mn < dn;
            if fraction_like && !date_cue && !cued {
                return None;
            }
            // x/10 is a score far more often than the tenth of a month, and one of a series of
            // scores whatever stands before it ("6/10 today, down from 8/10").
            if dn == 10 && (!date_cue && !cued || score_series(b, s, e)) {
                return None;
            }
            // Pressure support over PEEP ("tried on 5/5", "mask ventilation 10/5 40%"), flow-by
            // over trigger: in ventilator talk a small pair is a setting unless an event says date.
            if dn <= 20 && !cued && vent_context(text, s, e) && !EVENT_CUES.before(text, s, 16) {
                return None;
            }
            Some(if cued {
                "dob.month_day"
            } else {
                "date.month_day"
            })
        }
    }

    /// Random text of numeric dates, fractions, scores and settings among birth, date, event,
    /// ventilator and unit words, with multi-byte characters against them.
    fn numeric_texts(n: usize, seed: u64) -> Vec<String> {
        const NUMBERS: &[&str] = &[
            "1/2",
            "6/10",
            "8/10",
            "12/2019",
            "7/81",
            "2/31",
            "13/5",
            "5/5",
            "10/5",
            "3/16",
            "4/5",
            "1/2/1980",
            "03/04/61",
            "1980-01-02",
            "01.02.80",
            "1.2.80",
            "6/30-7/2",
            "0/5",
            "1/0",
            "1/2100",
            "2/0010",
            "12/31",
            "9/45",
        ];
        const WORDS: &[&str] = &[
            " ",
            "  ",
            "\n",
            ", ",
            ". ",
            "-",
            ":",
            "DOB",
            "dob:",
            "D.O.B.",
            "born",
            "b.",
            "Bob",
            "b-day",
            "date of birth",
            "on",
            "since",
            "from",
            "extubated",
            "seen",
            "the OR",
            "cpap",
            "peep",
            "abg",
            "gas",
            "BP",
            "pain",
            "take",
            "x",
            "tab",
            "mg",
            "%",
            "in",
            "40%",
            "shift",
            "CSRU",
            "0630",
            "6:30",
            "today",
            "[DATE]",
            "é",
            "中",
            "😀",
            "a",
        ];
        let mut next = super::super::generated::below(seed);
        (0..n)
            .map(|_| {
                (0..1 + next(10))
                    .map(|_| match next(3) {
                        0 => NUMBERS[next(NUMBERS.len())],
                        _ => WORDS[next(WORDS.len())],
                    })
                    .collect()
            })
            .collect()
    }

    /// [`super::numeric_one`] finds what it found before its cue searches were reordered, at
    /// every numeric match of random text, and the recognizer finds in plain text what the
    /// whole-text regexes find.
    #[test]
    fn numeric_one_matches_before_reorder() {
        let open = super::Shape::default();
        let (mut matches, mut found) = (0, 0);
        for t in numeric_texts(40_000, 0x2545_f491_4f6c_dd1d) {
            let b = t.as_bytes();
            for p in 0..b.len() {
                if !b[p].is_ascii_digit() || !super::super::word_start(b, p) {
                    continue;
                }
                if let Some(m) = super::parse_numeric(b, p) {
                    // Two month/day pairs joined by a dash are read later than the reorder.
                    if matches!(
                        m.form,
                        super::NumericForm::Full {
                            s1: b'/',
                            s2: b'-',
                            ..
                        }
                    ) {
                        continue;
                    }
                    let (mut new, mut old) = (Vec::new(), Vec::new());
                    super::numeric_one(&t, &m, &mut new);
                    before_reorder::numeric_one(&t, &m, &mut old);
                    assert_eq!(new, old, "{t:?} at {p}");
                    matches += 1;
                    found += new.len();
                }
            }
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            super::recognize_shaped(&t, &super::Shape::of(&t), &mut fast);
            super::recognize_shaped(&t, &open, &mut slow);
            assert_eq!(fast, slow, "{t:?}");
        }
        assert!(matches > 15_000 && found > 3_000, "{matches} {found}");
    }

    /// [`super::birth_cue_end`] finds what the cue automaton finds, on random text of birth
    /// cues, their pieces and overlaps, letters, digits, brackets and multi-byte characters,
    /// at every end and window the date recognizer uses.
    #[test]
    fn birth_cue_end_matches_the_automaton() {
        const TOKENS: &[&str] = &[
            "dob",
            "DOB",
            "d.o.b",
            "D.O.B.",
            "date of birth",
            "birth date",
            "Birthdate",
            "birthday",
            "born",
            "b.",
            "B.",
            "bday",
            "b-day",
            "date of birth date",
            "d.o.b.b.",
            "bb.",
            "b",
            "d",
            "date",
            "birth",
            "of",
            "x",
            "Bob",
            "Jacob.",
            " ",
            "  ",
            ":",
            "-",
            ".",
            "1",
            "03/04",
            "[",
            "]",
            "\n",
            "é",
            "中",
            "😀",
            "_",
            "bé",
            "d.é",
        ];
        let mut next = super::super::generated::below(0x9e37_79b9_7f4a_7c15);
        let d = super::BIRTH_CUES_D;
        for (i, w) in super::BIRTH_CUE_WORDS.iter().enumerate() {
            assert_eq!(w.starts_with('d'), i < d, "{w}");
            assert!(w.starts_with('d') || w.starts_with('b'), "{w}");
            if i + 1 != d && i + 1 < super::BIRTH_CUE_WORDS.len() {
                assert!(w.len() >= super::BIRTH_CUE_WORDS[i + 1].len(), "{w}");
            }
        }
        let mut found = 0;
        for _ in 0..30_000 {
            let t: String = (0..1 + next(8))
                .map(|_| TOKENS[next(TOKENS.len())])
                .collect();
            let b = t.as_bytes();
            for s in (0..=t.len()).filter(|&s| t.is_char_boundary(s)) {
                let from = super::super::floor_char(&t, s.saturating_sub(24));
                let want = super::BIRTH_CUES.last_end_before(&t, s, 24);
                assert_eq!(super::birth_cue_end(b, from, s), want, "{t:?} at {s}");
                found += usize::from(want.is_some());
            }
        }
        assert!(found > 100_000, "{found}");
    }

    /// The scan that [`super::month_before`] replaced: every position 3 to `MONTH_LEAD`
    /// bytes before a run at a word start with a month's first three letters.
    fn month_starts_scan(b: &[u8], runs: &[(usize, usize)]) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut seen = 0;
        for &(s, _) in runs {
            let to = s.saturating_sub(2);
            for p in seen.max(s.saturating_sub(super::MONTH_LEAD))..to {
                if super::month_at(b, p) && super::super::word_start(b, p) {
                    starts.push(p);
                }
            }
            seen = seen.max(to);
        }
        starts
    }

    /// Random text of months, days, years and what stands between them, with multi-byte
    /// characters right against them.
    fn textual_texts(n: usize, seed: u64) -> Vec<String> {
        const TOKENS: &[&str] = &[
            "FEBRUARY",
            "Feb.",
            "apr",
            "April",
            "jul",
            "July",
            "Aug.",
            "august",
            "Oct.",
            "october",
            "nov",
            "November",
            "December",
            "dec.",
            "Marc",
            "ber",
            "uly",
            "Jan",
            "jan.",
            "January",
            "Sept.",
            "sept",
            "september",
            "Sep",
            "May",
            "may",
            "mar",
            "March",
            "june",
            "Dec",
            "decX",
            "xjan",
            "_jan",
            "9jan",
            "jann",
            "ja",
            "of",
            "-",
            " ",
            "  ",
            "   ",
            ",",
            ", ",
            " , ",
            "\t",
            "\n",
            ".",
            "'",
            "1",
            "2",
            "12",
            "31",
            "45",
            "2020",
            "1999",
            "'80",
            "2nd",
            "3rd",
            "11th",
            "st",
            "é",
            "中",
            "😀",
            "a",
            "the",
            "on",
            "in",
        ];
        let mut next = super::super::generated::below(seed);
        (0..n)
            .map(|_| {
                (0..1 + next(8))
                    .map(|_| TOKENS[next(TOKENS.len())])
                    .collect()
            })
            .collect()
    }

    /// Every month word of [`super::MONTHS`] ends as [`super::month_end_at`] wants, in any
    /// case, and the regex takes it before a day.
    #[test]
    fn every_month_word_ends_as_a_month() {
        let words = [
            "jan",
            "january",
            "feb",
            "february",
            "mar",
            "march",
            "apr",
            "april",
            "may",
            "jun",
            "june",
            "jul",
            "july",
            "aug",
            "august",
            "sep",
            "sept",
            "september",
            "oct",
            "october",
            "nov",
            "november",
            "dec",
            "december",
        ];
        for w in words {
            for w in [
                w.to_string(),
                w.to_uppercase(),
                w[..1].to_uppercase() + &w[1..],
            ] {
                assert!(super::month_end_at(w.as_bytes(), w.len()), "{w}");
                let t = format!("{w} 5");
                assert!(super::TEXTUAL_AT.is_match(&t), "{t}");
                assert_eq!(
                    super::month_before(t.as_bytes(), w.len() + 1),
                    Some(0),
                    "{t}"
                );
            }
        }
        assert!(!super::month_end_at(b"from", 4));
        assert!(!super::month_end_at("é".as_bytes(), 2));
        assert!(!super::month_end_at(b"an", 2));
    }

    /// [`super::month_before`] finds, of the positions the old scan found, every one where
    /// the anchored regex matches, and no other position; and the recognizer finds in plain
    /// text what the whole-text regexes find.
    #[test]
    fn month_before_finds_what_the_scan_found() {
        let open = super::Shape::default();
        let mut matched = 0;
        for t in textual_texts(40_000, 0x9e37_79b9_7f4a_7c15) {
            let b = t.as_bytes();
            let shape = super::Shape::of(&t);
            let old = month_starts_scan(b, &shape.runs);
            let new: Vec<usize> = shape
                .runs
                .iter()
                .filter_map(|&(s, _)| super::month_before(b, s))
                .collect();
            for p in &new {
                assert!(old.contains(p), "{t:?}: {p} not scanned");
            }
            for &p in &old {
                if super::TEXTUAL_AT.is_match(&t[p..]) {
                    matched += 1;
                    assert!(new.contains(&p), "{t:?}: match at {p} missed");
                }
            }
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            super::recognize_shaped(&t, &shape, &mut fast);
            super::recognize_shaped(&t, &open, &mut slow);
            assert_eq!(fast, slow, "{t:?}");
        }
        assert!(matched > 1_000, "{matched}");
    }

    /// The history years have a fast path in plain text, inside the pass over the runs that
    /// [`super::textual_plain`] makes: it must find what the path for other text finds.
    #[test]
    fn history_years_gated_or_not() {
        let texts = [
            "PMH: CABG 81, redo CABG 84, MVR,MI 81,HTN. cholecystectomy 77.",
            "hx appy 88) tia 02; stent 12\nHR 81, ASA 81, room 12, CABG X2",
            "s/p colonoscopy 09 and mi 10",
        ];
        let open = super::Shape::default();
        for t in texts {
            for v in [t.to_string(), format!("José {t}"), t.replace(' ', "\u{a0}")] {
                let (mut gated, mut ungated) = (Vec::new(), Vec::new());
                super::recognize_shaped(&v, &super::Shape::of(&v), &mut gated);
                super::recognize_shaped(&v, &open, &mut ungated);
                assert_eq!(gated, ungated, "{v:?}");
            }
            let mut found = Vec::new();
            super::recognize_shaped(t, &super::Shape::of(t), &mut found);
            assert!(found.iter().any(|c| c.rule == "date.history_year"), "{t:?}");
        }
    }

    /// The look-ahead windows after a date end a fixed number of bytes on: a character of
    /// two, three or four bytes may straddle that end (a fuzzer found the slice panic).
    #[test]
    fn windows_end_on_characters() {
        for n in 0..48 {
            for wide in ["é", "€", "𝟘", "\u{a0}"] {
                let pad = "x ".repeat(n / 2) + &"y".repeat(n % 2);
                for (before, after) in [
                    ("on 10/5 ", " gas"),
                    ("tried 5/5 ", " abg"),
                    ("DOB 03/04/1", " x"),
                    ("04/1# ", " 0#"),
                    ("4/5 ", " CSRU"),
                    ("pain 6/10 ", " 8/10"),
                    ("on 3/23 ", " in am"),
                ] {
                    let t = format!("{before}{pad}{wide}{wide}{wide}{after}");
                    let mut out = Vec::new();
                    super::recognize_shaped(&t, &super::Shape::of(&t), &mut out);
                    super::recognize_shaped(&t, &super::Shape::default(), &mut out);
                }
            }
        }
    }

    /// The word pass hands this rule every word it takes: the same candidates as trying it
    /// at every word, on generated texts of months and holidays in every case, the words
    /// before them, separators and near misses (digits, accents, joined words).
    #[test]
    fn word_pass_finds_what_every_word_finds() {
        let parts = concat!(
            "in|since|mid|early|last|on|over|for|by|this|of|x|in |since |on |mid-|\t|\r|. |, |",
            "March|march|MARCH|mARCH|Mar|mar|Sept|sept.|SEP|Dec|dec|DEC|May|may|MAY|",
            "June|jun|jan.|feb.|oct|nov.|Juneteenth|Christmas|christmas|CHRISTMAS|Eve|Day|",
            "New Year's|new years|NEW YEARS|Thanksgiving|Easter|Memorial Day|labor day|Mayo|",
            "Marchetti|Monday|Friday|Mother's Day|mother|'s|-|'|2|é|中|third|twenty-first|",
            "two thousand|fifteen|nineteen|oh five|seventy-eight|date of birth is|born|",
            " |  |\n|.|,|(|2021|2023|1999|ab|",
        );
        let texts = super::super::generated::texts(parts, 20_000, 7);
        let mut some = 0;
        for t in &texts {
            let (mut pass, mut every) = (Vec::new(), Vec::new());
            super::super::name::recognize(
                t,
                super::super::name::WordPass {
                    dates: true,
                    ..Default::default()
                },
                &mut pass,
            );
            super::each_word(t.as_bytes(), |s| super::month_or_holiday(t, s, &mut every));
            every.dedup();
            assert_eq!(pass, every, "{t:?}");
            some += usize::from(!pass.is_empty());
        }
        assert!(some > 2_000, "only {some} texts with a month or holiday");
    }

    #[test]
    fn months_and_holidays() {
        let cases = [
            (
                "living with brother) in sept. and d/c'd",
                "sept",
                Label::Date,
                "date.month",
            ),
            (
                "admitted in March and discharged",
                "March",
                Label::Date,
                "date.month",
            ),
            (
                "discharged early April.",
                "April",
                Label::Date,
                "date.month",
            ),
            ("since Sept. worse", "Sept", Label::Date, "date.month"),
            ("In March he fell twice", "March", Label::Date, "date.month"),
            (
                "since August I have had pain",
                "August",
                Label::Date,
                "date.month",
            ),
            ("SOB SINCE DECEMBER.", "DECEMBER", Label::Date, "date.month"),
            ("until Dec, then", "Dec", Label::Date, "date.month"),
            ("moved here in May.", "May", Label::Date, "date.month"),
            ("born in June.", "June", Label::Dob, "dob.month"),
            (
                "home last Christmas.",
                "Christmas",
                Label::Date,
                "date.holiday",
            ),
            (
                "fell on Christmas Eve.",
                "Christmas Eve",
                Label::Date,
                "date.holiday",
            ),
            (
                "Thanksgiving 2023 was when",
                "Thanksgiving 2023",
                Label::Date,
                "date.holiday",
            ),
            (
                "sick over New Year's Day.",
                "New Year's Day",
                Label::Date,
                "date.holiday",
            ),
            (
                "since Memorial Day.",
                "Memorial Day",
                Label::Date,
                "date.holiday",
            ),
            (
                "acct 789\nEaster 2024 trip",
                "Easter 2024",
                Label::Date,
                "date.holiday",
            ),
            (
                "Labs drawn on the twelfth of December.",
                "twelfth of December",
                Label::Date,
                "date.spelled_day",
            ),
            (
                "seen on the twenty first of March",
                "twenty first of March",
                Label::Date,
                "date.spelled_day",
            ),
            (
                "admitted March twenty-first",
                "March twenty-first",
                Label::Date,
                "date.spelled_day",
            ),
            (
                "December the twelfth",
                "December the twelfth",
                Label::Date,
                "date.spelled_day",
            ),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
        for text in [
            "this may help",
            "we march third in line",
            "it may first need a refill",
            "pt in MAY BE ABLE",
            "in may.",
            "BP dec in am",
            "pt in dec. resp distress",
            "given in MAR",
            "in April's room.",
            "seen by June.",
            "call from April.",
            "Christmas tree ornament",
            "cookies for Christmasville",
            "x-March",
            "since mid-March.",
            "in March-April.",
            "the wife of June Carter.",
            "since April Johnson left",
            "since Marchand arrived.",
            "in march.",
            "pt in dec. resp",
            "IN DEC BP",
            "given in Mar.",
            "in Marchetti's",
            "in Augusta.",
            "Easter egg hunt",
            "March thirty-second",
            "the first of the month",
            "Marchfirst",
        ] {
            assert_clean(text, &[Label::Date, Label::Dob]);
        }
    }

    #[test]
    fn ordinal_days_in_words() {
        // (text, where the word after the ordinal starts, the ordinal's start)
        for (text, ps, start) in [
            ("the twelfth of", 12, Some(4)),
            ("the twenty-first of", 17, Some(4)),
            ("the thirty first of", 17, Some(4)),
            ("the thirty second of", 18, Some(11)),
            ("a third of", 8, None),
            ("two fifths of", 11, None),
            ("xtwelfth of", 9, None),
            ("the twelve of", 11, None),
        ] {
            assert_eq!(super::ordinal_before(text.as_bytes(), ps), start, "{text}");
        }
        for (text, end) in [
            ("March twelfth", Some(13)),
            ("March the twelfth.", Some(17)),
            ("March twenty-first", Some(18)),
            ("March thirty first", Some(18)),
            ("March thirty-second", None),
            ("March twelfths", None),
            ("March  twelfth", None),
        ] {
            assert_eq!(super::ordinal_after(text.as_bytes(), 5), end, "{text}");
        }
    }

    #[test]
    fn hard_negatives() {
        let cases = [
            "BP 120/80",
            "pain 3/10 today",
            "rates pain 7/10",
            "take 1/2 tab",
            "2/3 of the dose",
            "at 10:30 and 2330",
            "in 2019 she moved",
            "Feb 30 2020",
            "13/13/2020",
            "version 1.2.3",
            "K 4.1 Na 139",
            "you may 2 tabs",
            "visual acuity 20/20",
            "E11.9 and Z79.4",
            "1.5 mL",
            "placed on PSV 10/5 all day",
            "on d5 1/2 ns",
            "CPAP 5/5 RR high",
            "strength 4/5 in the legs",
            "height 5'10 and",
            "walked 50' with PT",
            "the '24 hour' rule",
            "rock'n'roll 12's",
            "changed to 1/2 NS",
            "placed on PSV 10/5 all day",
            "the 2nd dose",
            // Feet, degrees and minutes written with an apostrophe.
            "ambulated 50'.",
            "HOB at 30'.",
            "walked in hall 40'.",
            "checked q 15'.",
            "x 10'.",
            // Two digits after a word that is not an operation or an event.
            "HR 81, RR 22, T 98.6",
            "ASA 81, plavix 75",
            "Ca 10, Mg 2",
            "CABG X2, MI x3",
            "room 12, bed 2",
            "O2 sat 94, on 2L",
            "ICD 10, CPT 99213",
            "age 81, lives alone",
            // Scores in a series, ventilator settings, fractions.
            "pain 6/10 today, down from 8/10",
            "tried on 5/5 this am, gas ok",
            "placed on mask ventilation 12/5 50%",
            "Abg fine on 5/5.",
            "with flowby 6/2.",
            "a 3/4 in gauze",
            "D5-1/2NS at 100",
            "0800 4/10 with meds",
            "4/5 strength bilat",
            "ratio:1/2",
            "at 10:30 1/2 tab",
            // Ordinals that count, not days.
            "moved to the 3rd floor\nstable",
            "Sat 3rd dose given",
            "wed 2nd attempt at IV",
            "on the 3rd time",
            "DOB 123456",
            "DOB 0105619",
            "Order # 010561",
            "DOB 01051961.5",
            "DOB 99051961",
            "on 1.5.25 pt",
            // Spanish words after a number that are no month.
            "tomar 2 de las pastillas",
            "1 de mayonesa",
            "40 de enero",
            // Scores and a version with a dash, not a range of days.
            "pain 5/10-10/10",
            "version 12/1-12",
            "strength 4/5-12/5 bilat",
        ];
        for text in cases {
            assert_clean(text, &[Label::Date, Label::Dob]);
        }
    }
}

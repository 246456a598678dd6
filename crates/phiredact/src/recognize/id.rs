//! Medical record numbers and other identifiers.
//!
//! Record numbers have no universal shape, so the main signal is the cue before them: MRN,
//! MR#, medical record number, chart #, patient ID (labelled `MRN`) and account, member,
//! policy, encounter, CSN, FIN, licence and similar numbers (labelled `ID`). After a cue the
//! identifier is any run of letters, digits and dashes that holds a digit. Without a cue,
//! two shapes are still identifiers: a letter prefix with five or more digits (`AB-987654`,
//! `P12345678`), and a bare run of seven or more digits.

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Shape, byte_at, byte_before, priority};
use crate::finding::Label;

static CUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(&CUED_PATTERN).expect("valid regex"));

/// [`CUED`] for plain text ([`super::ascii_regex`]).
static CUED_ASCII: LazyLock<Regex> = LazyLock::new(|| super::ascii_regex(&CUED_PATTERN));

/// [`CUED_TEMPLATE`] with the address recognizer's state codes in place: a state code may
/// stand between a cue and its value ("Driver's license: IL D123-4567-8901").
static CUED_PATTERN: LazyLock<String> =
    LazyLock::new(|| CUED_TEMPLATE.replace("STATE_CODES", super::address::STATE_CODES));

const CUED_TEMPLATE: &str = r"(?xi)
        (?-u:\b)(?:
            (?P<mrn>
                mrn | mr\s?\# | mr\s?no\.? | mr\s?number | med(?:ical)?\.?\s?rec(?:ord)?s?\.?(?:\s?(?:no\.?|num(?:ber)?|\#))?
              | chart\s?(?:\#|no\.?|num(?:ber)?|id) | patient\s?(?:id|\#|no\.?|number)
              | pt\.?\s?(?:id|\#|no\.?) | hosp(?:ital|\.)?\s?(?:number|no\.?|\#) | unit\s?(?:number|no\.?)
              | record\s?(?:\#|no\.?|num(?:ber)?)
            )
          | (?P<id>
                (?:licen[cs]e\s?plate | plate\s?(?:\#|no\.?|number|:|is(?-u:\b)))(?:\s?:?\s(?-i:[A-Z]{2})(?-u:\b))? | acct\.? | account | member\s?(?:id|\#|no\.?|number)? | mbr\s?(?:id|\#)
              | policy | subscriber\s?(?:id|\#|no\.?|number)
              | insurance\s?(?:id|\#|no\.?|number) | ins\.?\s?(?:id|\#) | claim | group | grp
              | encounter | enc\.?\s?(?:id|\#|no\.?) | csn | fin | visit\s?(?:id|\#|no\.?|number)
              | case | accession | acc\.?\s?\# | specimen\s?(?:id|\#|no\.?)
              | licen[cs]e | lic\.? | dl | driver'?s?\s?licen[cs]e | dea | npi | medicaid | medicare
              | mbi | hicn | beneficiary | health\s?plan | plan\s?(?:id|\#|no\.?)
              | device\s?(?:id|\#|serial) | serial | s/n | (?-i:SN) | imei | udi | badge | employee\s?(?:id|\#)
              | passport | certificate | cert\.? | vin | tax\s?id | ein | id | i\.d\.
              | ref(?:erence)?\s?(?:\#|no\.?|num(?:ber)?) | order\s?(?:\#|no\.?|num(?:ber)?)
              | health\s?(?:card|insurance\s?(?:number|no\.?)) | nhs\s?(?:number|no\.?|\#)
              | chi\s?(?:number|no\.?) | social\s?insurance | (?-i:SIN|PPSN?|DNI|NIE|NIF|CURP)
              | cedula
            )
        )
        (?:\s?(?:beneficiary|member|subscriber|policy|account|identification)(?-u:\b))?
        (?:\s?(?:\#|no\.?|num(?:ber)?|id|identifier|sn|s/n|card)(?-u:\b))?
        (?:\s{0,2}(?::|=|-|is|of|\#|\.|,)){0,3}\s{0,2}\#?\s{0,2}
        (?:(?-i:STATE_CODES)\s{1,2}(?:\#\s?)?)?
        (?P<val>[A-Za-z0-9][A-Za-z0-9\-/]{1,30}[A-Za-z0-9]|\d{2})
        ";

static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\#?[A-Z]{1,6}-?\d{5,}(?:-\d+)*(?-u:\b)").expect("valid regex")
});

/// A device's MAC address, six pairs of hex digits joined by colons ("00:1A:2B:3C:4D:5E"):
/// a device identifier under Safe Harbor.
static MAC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?-u:\b)").expect("valid regex")
});

static LONG_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)\d{7,}(?-u:\b)").expect("valid regex"));

/// Identifiers of an HL7 segment pasted into text: the first component of an extended ID
/// ("889911^^^HOSP^MR"), the value before three carets, holding a digit and standing at the
/// start of its field or repetition. `MRN` when the type code (fifth component) is MR or
/// MRN, `ID` otherwise. (The HL7 reader, `--format hl7`, knows the fields; this is for such a
/// line in free text.)
fn hl7_identifiers(b: &[u8], out: &mut Vec<Candidate>) {
    for at in memchr::memmem::find_iter(b, b"^^^") {
        let s = at
            - b[..at]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
        let starts_field = s == 0 || matches!(b[s - 1], b'|' | b'~');
        if s == at || !starts_field || !b[s..at].iter().any(u8::is_ascii_digit) {
            continue;
        }
        // The type code: the component after the assigning authority.
        let rest = &b[at + 3..];
        let end = rest
            .iter()
            .position(|&c| matches!(c, b'|' | b'~' | b'\r' | b'\n'))
            .unwrap_or(rest.len());
        let code = rest[..end].split(|&c| c == b'^').nth(1).unwrap_or_default();
        let (label, rule) = if matches!(code, b"MR" | b"MRN") {
            (Label::Mrn, "mrn.hl7")
        } else {
            (Label::Id, "id.hl7")
        };
        out.push(Candidate::new(s, at, label, rule, priority::CUE));
    }
}

/// Values after a cue that are words, not numbers: "policy is active", "case manager".
fn plausible_value(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit())
}

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    if memchr::memchr(b'^', text.as_bytes()).is_some() {
        hl7_identifiers(text.as_bytes(), out);
    }
    // Its colons are at most five bytes apart.
    if shape.may(shape.colon_pair) {
        for m in MAC.find_iter(text) {
            // Not part of a longer run of pairs (an IPv6 address, a hex dump).
            if byte_before(text, m.start()) != b':' && byte_at(text, m.end()) != b':' {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    Label::Id,
                    "id.mac",
                    priority::SHAPE,
                ));
            }
        }
    }
    if shape.plain {
        cued_plain(text, &shape.runs, out);
    } else {
        cued(&CUED, *CUED_GROUPS, text, out);
    }
    if !shape.plain {
        prefixed(text, out);
        for m in LONG_NUMBER.find_iter(text) {
            long_number_one(text, m.start(), m.end(), out);
        }
        return;
    }
    let b = text.as_bytes();
    // PREFIXED's digits are a run of five or more right after a capital, or after a dash
    // right after one.
    let prefixed_possible = shape.runs.iter().any(|&(s, e)| {
        e - s >= 5
            && s > 0
            && (b[s - 1].is_ascii_uppercase()
                || b[s - 1] == b'-' && s > 1 && b[s - 2].is_ascii_uppercase())
    });
    if prefixed_possible {
        prefixed(text, out);
    }
    // LONG_NUMBER, read off the runs: a whole run of seven or more digits with no word byte
    // on either side.
    for &(s, e) in &shape.runs {
        if e - s >= 7 && super::word_start(b, s) && super::word_end(b, e) {
            long_number_one(text, s, e, out);
        }
    }
}

/// The groups of [`CUED`], by index.
static CUED_GROUPS: LazyLock<[usize; 2]> = LazyLock::new(|| super::groups(&CUED, ["val", "mrn"]));
#[cfg(test)]
static CUED_ASCII_GROUPS: LazyLock<[usize; 2]> =
    LazyLock::new(|| super::groups(&CUED_ASCII, ["val", "mrn"]));

/// The matches of `re`, [`CUED`] or [`CUED_ASCII`], whose groups `val` and `mrn` are
/// `groups`.
fn cued(re: &Regex, groups: [usize; 2], text: &str, out: &mut Vec<Candidate>) {
    // The value ends the match and holds a digit when it is kept, so a match without one
    // is dropped before its groups are resolved (the bounded backtracker's share of the
    // work). `captures_at` from a match's start finds that same match: the search is
    // leftmost-first and sees the text before `start` for `\b`.
    for m in re.find_iter(text) {
        if !may_keep(text.as_bytes(), m.as_str(), m.end()) {
            continue;
        }
        if let Some(c) = re.captures_at(text, m.start()) {
            cued_one(&c, groups, text, out);
        }
    }
}

/// [`CUED`] anchored at the start of the haystack, for plain text
/// ([`super::ascii_regex`]), with its groups `val` and `mrn` (the anchor adds none).
static CUED_AT: LazyLock<(Regex, [usize; 2])> = LazyLock::new(|| {
    let re = super::ascii_regex(&format!("^(?:{})", &*CUED_PATTERN));
    let groups = super::groups(&re, ["val", "mrn"]);
    (re, groups)
});

/// [`cued`] with [`CUED_ASCII`], for plain text: the groups of a match are resolved by
/// the anchored [`CUED_AT`] on the text from the match's start, instead of by a search
/// from there, which runs the automaton forward to the match's end and back again to
/// find its start before resolving them.
///
/// Why the groups are the same: a match starts at `(?-u:\b)` before the first letter of
/// its cue (an ASCII letter, so a char boundary to slice at), where the anchored regex sees
/// the start of its haystack as `\b` does the non-word byte before, and all the text
/// after; the leftmost-first match starting there, and its groups, are the same for both.
///
/// The search also stops where no kept match can reach: only a match with a digit is
/// kept, and it holds one in its value, so it starts before the segment's last digit
/// (`runs` are its ASCII digit runs); without a digit there is none. Every match starting
/// at or before the last digit `d` ends by `z`, the first byte after `d` that no value
/// holds (or the end): a match running past `z` would hold `d`, which only the value can
/// hold, and so `z` in its value. Its `\b` come before its value, so before `z`, and see
/// the same bytes in `text[..z]`: the matches starting there are the same in both, and so
/// the matches `find_iter` reports up to the first starting after `d`, which is dropped
/// as those after it are. `z` follows an ASCII byte, so it is a char boundary.
fn cued_plain(text: &str, runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let Some(&(_, last)) = runs.last() else {
        return;
    };
    let b = text.as_bytes();
    let z = last
        + b[last..]
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'/'))
            .unwrap_or(b.len() - last);
    let (re, [val, mrn]) = &*CUED_AT;
    for m in CUED_ASCII.find_iter(&text[..z]) {
        if !may_keep(b, m.as_str(), m.end()) {
            continue;
        }
        let p = m.start();
        CUED_LOCS.with_borrow_mut(|locs| {
            let locs = locs.get_or_insert_with(|| re.capture_locations());
            if re.captures_read(locs, &text[p..]).is_some() {
                if let Some((s, e)) = locs.get(*val) {
                    value_one(text, p, p + s, p + e, locs.get(*mrn).is_some(), out);
                }
            }
        });
    }
}

thread_local! {
    /// The group locations [`cued_plain`] resolves matches into, allocated once per thread
    /// instead of a `Captures` for every match.
    static CUED_LOCS: std::cell::RefCell<Option<regex::CaptureLocations>> =
        const { std::cell::RefCell::new(None) };
}

/// The candidate of one match of [`CUED`] or [`CUED_ASCII`], if its value is one.
fn cued_one(c: &regex::Captures<'_>, groups: [usize; 2], text: &str, out: &mut Vec<Candidate>) {
    let [val, mrn] = groups;
    if let Some(v) = c.get(val) {
        let cue = c.get(0).map_or(v.start(), |m| m.start());
        value_one(text, cue, v.start(), v.end(), c.get(mrn).is_some(), out);
    }
}

/// Whether a match of the cued regex ending at `end` can give a candidate: its value holds
/// a digit ([`plausible_value`]), so the match does, or [`spaced_groups`] adds digits to
/// it. The match's groups are resolved only when it may.
fn may_keep(b: &[u8], matched: &str, end: usize) -> bool {
    matched.bytes().any(|c| c.is_ascii_digit())
        || b.get(end) == Some(&b' ') && b.get(end + 1).is_some_and(u8::is_ascii_digit)
}

/// Units and time words after a number: a group of digits followed by one is a quantity,
/// not the rest of an identifier ("MRN 1234567 100 mg").
const UNITS: &[&str] = &[
    "am", "cc", "cm", "d", "day", "days", "ft", "g", "h", "hour", "hours", "hr", "hrs", "in", "iu",
    "kg", "l", "lb", "lbs", "mcg", "mg", "min", "mins", "minutes", "ml", "mm", "mmhg", "mo", "mos",
    "months", "oz", "pm", "times", "u", "unit", "units", "weeks", "wk", "wks", "x", "y", "yo",
    "yr", "yrs", "years",
];

/// The end of an identifier written in groups after a single space each ("acct no. 0098
/// 7766 5544", "member # XJH 123 456 789"), from the end `e` of its first group
/// `text[s..e]`: up to four more groups of three to six digits, each ending the number
/// (no letter, digit, date or decimal separator after it) and followed by no unit. A first
/// group without digits counts only as one to four capitals ("XJH"), so that a word after
/// the cue does not start a number ("case manager 12345", "ID: T-MAX 100").
fn spaced_groups(b: &[u8], s: usize, mut e: usize) -> usize {
    let first = &b[s..e];
    let capitals = first.len() <= 4 && first.iter().all(u8::is_ascii_uppercase);
    if !(capitals || first.iter().any(u8::is_ascii_digit)) {
        return e;
    }
    for _ in 0..4 {
        if b.get(e) != Some(&b' ') {
            break;
        }
        let g = e + 1;
        let k = g + b[g..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(3..=6).contains(&(k - g)) {
            break;
        }
        let after = b.get(k).copied().unwrap_or(b' ');
        let digit_after = b.get(k + 1).is_some_and(u8::is_ascii_digit);
        if after.is_ascii_alphanumeric()
            || matches!(after, b'/' | b':' | b'-' | b'%')
            || matches!(after, b'.' | b',') && digit_after
            || unit_after(b, k)
        {
            break;
        }
        e = k;
    }
    e
}

/// Whether a unit ([`UNITS`]) follows `i`, after at most one space.
fn unit_after(b: &[u8], mut i: usize) -> bool {
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    let n = b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    n > 0
        && UNITS
            .iter()
            .any(|u| u.as_bytes().eq_ignore_ascii_case(&b[i..i + n]))
}

/// The candidate of a value `text[s..e]` after the cue starting at `cue`, an MRN cue if
/// `mrn`.
fn value_one(text: &str, cue: usize, s: usize, e: usize, mrn: bool, out: &mut Vec<Candidate>) {
    let mut e = spaced_groups(text.as_bytes(), s, e);
    if !plausible_value(&text[s..e]) {
        return;
    }
    // A bare "SN" is a serial number before a device's code ("SN PJN123456H") but skilled
    // nursing before a schedule ("SN 2x/wk", "SN visit 3x/wk"): five digits at least.
    if text[cue..s].starts_with("SN") {
        let digits = text.as_bytes()[s..e]
            .iter()
            .filter(|c| c.is_ascii_digit())
            .count();
        if digits < 5 {
            return;
        }
    }
    // Trailing separators are not part of the value.
    while e > s && matches!(text.as_bytes()[e - 1], b'-' | b'/') {
        e -= 1;
    }
    if byte_at(text, e) == b'.' && byte_at(text, e + 1).is_ascii_digit() {
        return; // a decimal value: "ID 4.5"
    }
    let (label, rule) = if mrn {
        (Label::Mrn, "mrn.cue")
    } else {
        (Label::Id, "id.cue")
    };
    // A bare "id"/"case"/"fin"/"claim" cue is weaker: a two-digit value after it is
    // more likely a count ("case 12").
    if e - s < 3 && !matches!(rule, "mrn.cue") {
        return;
    }
    // "Caller ID" names the caller's phone number, and a reference number may be any
    // number: where the phone or SSN recognizer finds one there, its label wins.
    let before = &text.as_bytes()[..cue];
    let reference = text.as_bytes()[cue..]
        .get(..3)
        .is_some_and(|c| c.eq_ignore_ascii_case(b"ref"));
    let prio = if reference
        || before.len() >= 7 && before[before.len() - 7..].eq_ignore_ascii_case(b"caller ")
    {
        priority::WEAK
    } else {
        priority::CUE
    };
    out.push(Candidate::new(s, e, label, rule, prio));
}

fn prefixed(text: &str, out: &mut Vec<Candidate>) {
    for m in PREFIXED.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if byte_before(text, s) == b'-'
            || byte_at(text, e) == b'.' && byte_at(text, e + 1).is_ascii_digit()
        {
            continue;
        }
        out.push(Candidate::new(
            s,
            e,
            Label::Id,
            "id.prefixed",
            priority::WEAK,
        ));
    }
}

fn long_number_one(text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
    if super::extends_number_back(text, s) || super::continues_number(text, e) {
        return;
    }
    out.push(Candidate::new(
        s,
        e,
        Label::Id,
        "id.long_number",
        priority::WEAK - 1,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn group_indices_are_found() {
        assert!(
            super::CUED_GROUPS
                .iter()
                .all(|&g| g < super::CUED.captures_len())
        );
    }

    #[test]
    fn positives() {
        let cases = [
            ("MRN: 00123456", "00123456", Label::Mrn, "mrn.cue"),
            ("MR# A123456", "A123456", Label::Mrn, "mrn.cue"),
            ("med rec no 778899", "778899", Label::Mrn, "mrn.cue"),
            (
                "medical record number: ST-998877",
                "ST-998877",
                Label::Mrn,
                "mrn.cue",
            ),
            ("chart # 44521", "44521", Label::Mrn, "mrn.cue"),
            ("patient ID #AB-987654", "AB-987654", Label::Mrn, "mrn.cue"),
            ("acct # 991-22-331", "991-22-331", Label::Id, "id.cue"),
            ("member ID: XJ5520019", "XJ5520019", Label::Id, "id.cue"),
            (
                "policy # HPN-987654321",
                "HPN-987654321",
                Label::Id,
                "id.cue",
            ),
            ("encounter # 55102", "55102", Label::Id, "id.cue"),
            (
                "Insurance: BCBS PPO, group 00451",
                "00451",
                Label::Id,
                "id.cue",
            ),
            ("grp 88120-A", "88120-A", Label::Id, "id.cue"),
            (
                "PID|1||889911^^^HOSP^MR||OKAFOR^CHINEDU",
                "889911",
                Label::Mrn,
                "mrn.hl7",
            ),
            ("PID|1||A-12^^^X^PI~55^^^Y^MR", "A-12", Label::Id, "id.hl7"),
            ("CSN 1002003004", "1002003004", Label::Id, "id.cue"),
            ("Hosp # 778812", "778812", Label::Mrn, "mrn.cue"),
            (
                "device MAC 00:1A:2B:3C:4D:5E on the pump",
                "00:1A:2B:3C:4D:5E",
                Label::Id,
                "id.mac",
            ),
            ("FIN 88123", "88123", Label::Id, "id.cue"),
            (
                "ref QW-987654 on file",
                "QW-987654",
                Label::Id,
                "id.prefixed",
            ),
            ("lot 12345678", "12345678", Label::Id, "id.long_number"),
            // Vehicle and device identifiers (Safe Harbor's (L) and (M)).
            ("License plate 7ABC123", "7ABC123", Label::Id, "id.cue"),
            ("License plate IL ABC 1234", "ABC 1234", Label::Id, "id.cue"),
            (
                "Driver's license: IL D123-4567-8901",
                "D123-4567-8901",
                Label::Id,
                "id.cue",
            ),
            (
                "Driver License No. TX 04417732",
                "04417732",
                Label::Id,
                "id.cue",
            ),
            (
                "State ID card: NY 123 456 789",
                "123 456 789",
                Label::Id,
                "id.cue",
            ),
            ("ID card # 7781234", "7781234", Label::Id, "id.cue"),
            (
                "Health plan beneficiary number: 9876543210A",
                "9876543210A",
                Label::Id,
                "id.cue",
            ),
            (
                "Medicare beneficiary identifier 1EG4TE5MK73",
                "1EG4TE5MK73",
                Label::Id,
                "id.cue",
            ),
            ("plate # CA 4KZR921", "4KZR921", Label::Id, "id.cue"),
            ("SN PJN123456H", "PJN123456H", Label::Id, "id.cue"),
            ("plate # 4KZR 921", "4KZR 921", Label::Id, "id.cue"),
            // Numbers written in groups.
            (
                "account no. 0098 7766 5544 expired",
                "0098 7766 5544",
                Label::Id,
                "id.cue",
            ),
            (
                "member # XJH 123 456 789",
                "XJH 123 456 789",
                Label::Id,
                "id.cue",
            ),
            ("MRN 123 4567", "123 4567", Label::Mrn, "mrn.cue"),
            ("MRN 1234567 100 mg daily", "1234567", Label::Mrn, "mrn.cue"),
            ("acct 55123 on 3/4/2024", "55123", Label::Id, "id.cue"),
            ("MRN 998877 123/80", "998877", Label::Mrn, "mrn.cue"),
            (
                "Pacemaker serial SN: PJN123456H",
                "PJN123456H",
                Label::Id,
                "id.cue",
            ),
            (
                "IMEI 356938035643809",
                "356938035643809",
                Label::Id,
                "id.cue",
            ),
            (
                "UDI: A0084-4588-0032",
                "A0084-4588-0032",
                Label::Id,
                "id.cue",
            ),
            // "Caller ID" gives way to the phone number it names.
            (
                "Caller ID: 508-555-0144.",
                "508-555-0144",
                Label::Phone,
                "phone.nanp",
            ),
            ("Caller ID: 12345", "12345", Label::Id, "id.cue"),
            ("his plate is 7ABC123 (CA)", "7ABC123", Label::Id, "id.cue"),
            (
                "Ref #: 2026-0098812; claim",
                "2026-0098812",
                Label::Id,
                "id.cue",
            ),
            ("reference number 55-0912", "55-0912", Label::Id, "id.cue"),
            ("ref# 784-55-2943.", "784-55-2943", Label::Ssn, "ssn.dashed"),
            // National and provincial numbers outside the US.
            (
                "Ontario Health Card 1234-567-890-AB",
                "1234-567-890-AB",
                Label::Id,
                "id.cue",
            ),
            ("NHS number 9434765919", "9434765919", Label::Id, "id.cue"),
            ("SIN 046 454 286", "046 454 286", Label::Id, "id.cue"),
            ("PPSN 1234567TW", "1234567TW", Label::Id, "id.cue"),
            ("DNI 12345678Z", "12345678Z", Label::Id, "id.cue"),
            ("cedula 12345678", "12345678", Label::Id, "id.cue"),
            (
                "has a restraining order (order # 2026-OP-7781)",
                "2026-OP-7781",
                Label::Id,
                "id.cue",
            ),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
    }

    /// Resolving groups only for matches with a digit changes nothing: the same candidates
    /// as resolving every match, also where a match without one hides the next cue ("id
    /// case 12345").
    #[test]
    fn digit_matches_only_match_every_match() {
        let parts = concat!(
            "MRN|mr#|MR no.|med. rec. no.|medical record number|chart id|patient #|",
            "pt. id|ID|id|i.d.|case|policy|acct.|member|claim|fin|dl|",
            "driver's license|s/n|identifier|number|no.|:|=|-|is|of|#|.|,|  |\n|(|",
            "12345|AB-987654|A1|12|4.5|4|abc|x-|9/|",
            "987654321098765432109876543210123456|é|Müller|the|manager",
        );
        let texts = super::super::generated::texts(parts, 20_000, 13);
        let mut some = 0;
        for t in &texts {
            for (re, groups) in [
                (&*super::CUED_ASCII, *super::CUED_ASCII_GROUPS),
                (&*super::CUED, *super::CUED_GROUPS),
            ] {
                let (mut fast, mut every) = (Vec::new(), Vec::new());
                super::cued(re, groups, t, &mut fast);
                for c in re.captures_iter(t) {
                    super::cued_one(&c, groups, t, &mut every);
                }
                assert_eq!(fast, every, "{t:?}");
                some += usize::from(!fast.is_empty());
            }
        }
        assert!(some > 4_000, "only {some} texts with a cued value");
    }

    /// The anchored regex resolves the groups the whole regex resolves: the same
    /// candidates as `captures_iter`, on generated texts where every cue runs into values,
    /// words and other cues, in upper and lower case, next to multi-byte characters.
    #[test]
    fn anchored_groups_match_whole_regex() {
        let parts = concat!(
            "MRN|mr#|MR no.|Mr Number|med. rec. no.|medical record number|MedRec#|chart id|",
            "patient #|Patient Number|pt. id|PT#|hospital no.|unit number|record num|",
            "acct.|Account|member|Member ID|mbr#|policy|subscriber no.|group id|",
            "insurance #|ins. id|claim|encounter|enc. no.|CSN|fin|visit number|case|",
            "accession|acc. #|specimen id|license|licence|lic.|DL|driver's license|DEA|NPI|",
            "medicaid|Medicare|MBI|hicn|beneficiary|health plan|plan id|device serial|",
            "serial|S/N|badge|employee #|passport|certificate|cert.|VIN|tax id|EIN|ID|i.d.|",
            "license plate|plate #|plate no.|IMEI|UDI|SN|sn|s/n|plate|NY|IL |card|",
            "identifier|number|no.|:|=|-|is|of|#|.|,|  |\n|(|",
            "12345|AB-987654|A1|12|4.5|4|abc|x-|9/|idea|finally|death|",
            "987654321098765432109876543210123456|é|Müller|中|😀|the|manager|12é|9中|",
            "A1-b/c|4-|x9/-y|policy is active|case manager|health card|NHS no.|SIN|sin|",
            "PPSN|DNI|nie|NIE|cedula|CURP|social insurance|",
        );
        let mut texts = super::super::generated::texts(parts, 20_000, 31);
        // Values and cues right at the end, after the last digit, with multi-byte
        // characters next to the cut.
        for t in [
            "MRN 12345",
            "MRN 1234é",
            "id 12 case 12345",
            "MRN A1-bcdefghij",
            "ID 5 MRN abc",
            "MRN 12345 then id ABCDEF",
            "id AB-1/ 中 case 9",
            "1 policy is active",
            "",
            "no digits here, MRN ABC",
            "MRN 12😀34",
            "case 12-ab",
        ] {
            texts.push(t.to_string());
        }
        let mut some = 0;
        for t in &texts {
            assert!(super::super::Shape::of(t).plain, "{t:?}");
            let (mut fast, mut every) = (Vec::new(), Vec::new());
            super::cued_plain(t, &super::super::Shape::of(t).runs, &mut fast);
            for c in super::CUED_ASCII.captures_iter(t) {
                super::cued_one(&c, *super::CUED_ASCII_GROUPS, t, &mut every);
            }
            assert_eq!(fast, every, "{t:?}");
            some += usize::from(!fast.is_empty());
        }
        assert!(some > 4_000, "only {some} texts with a cued value");
    }

    #[test]
    fn hard_negatives() {
        let cases = [
            "ICD-10 E11.9, I10, Z79.4",
            "CPT 99213",
            "COVID-19 vaccine",
            "HbA1c 7.2, B12 low, CD4 350",
            "policy is active",
            "case manager called",
            "L4-L5 disc, C3-C4",
            "SpO2 98% on 2L",
            "room 412",
            "1,000,000 units",
            "CVP 12-14,PAD-28-30",
            "RR-18-20 REG",
            "ORIF with plate and 6 screws",
            "plate 10 screws removed",
            "SN visit 3x/wk",
            "SN 2x/wk x 4 wks",
            "times 10:15:20:25:30:35:40 and 12:30:45",
            "fe80::1a2b:3c4d:5e6f:7a8b",
            "00:1A:2B:3C:4D:5E:6F",
            "hosp course 12345 units",
            "SN 12 visits",
            "ORIF with plate IL 1234",
            "case manager 12345",
            "group therapy 3x/wk",
            "in group 2 today",
            "ID: T-MAX 100. CONT ON BACTRIM",
            "ID: IN 3 days",
            "license: CA 10 mg",
            "ID card: OK 5 min ago",
            "sin 20 dias de fiebre",
            "nie 12345 mal",
            "in order # 2 of 3",
            "order no. 1",
            "sin dolor, 3 veces",
        ];
        for text in cases {
            assert_clean(text, &[Label::Mrn, Label::Id]);
        }
    }
}

//! Date shifting: parse a recognised date back, move it by whole days, and write it in the
//! same format.
//!
//! The date text is cut into runs of digits and letters; each run gets a role (year,
//! month, day, month name, ordinal suffix) and the shifted date is written back run by run,
//! so every separator, the digit widths, the month name's style (full, abbreviated, case)
//! and a `'80` year survive. Forms without a year are shifted within the leap year 2000
//! (so `2/29` stays valid); month-and-year forms (`March 2021`, `12/2019`) are shifted as
//! the 15th of that month and written as month and year. A form that cannot be read back
//! (an ordinal day alone: "the 11th") is not guessed at: the caller falls back to the
//! label's tag, so the original never survives.

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Year,
    Month,
    Day,
    MonthName,
    Ordinal,
    Keep,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        _ => 28,
    }
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .or_else(|| (w == "sept").then_some(8))
        .map(|i| i as u32 + 1)
}

/// Shifts the date written in `text` by `days`, keeping its format; `None` when the text
/// is not a form this module can read back.
pub(crate) fn shift(text: &str, days: i64) -> Option<String> {
    // Runs: (start, end, is_digit).
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    for (i, c) in text.char_indices() {
        let kind = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (kind, runs.last_mut()) {
            (Some(k), Some(last)) if last.1 == i && last.2 == k => last.1 = i + c.len_utf8(),
            (Some(k), _) => runs.push((i, i + c.len_utf8(), k)),
            (None, _) => {}
        }
    }
    let mut roles = vec![Role::Keep; runs.len()];
    let (mut y, mut d): (Option<i64>, Option<u32>) = (None, None);
    let m: Option<u32>;
    let mut two_digit_year = false;
    let num = |r: &(usize, usize, bool)| text[r.0..r.1].parse::<i64>().ok();
    let named = runs
        .iter()
        .position(|r| !r.2 && month_of(&text[r.0..r.1]).is_some());
    let digit_runs: Vec<usize> = (0..runs.len()).filter(|&i| runs[i].2).collect();
    if let Some(mi) = named {
        roles[mi] = Role::MonthName;
        m = month_of(&text[runs[mi].0..runs[mi].1]);
        for &i in &digit_runs {
            let r = runs[i];
            let v = num(&r)?;
            let apostrophe = r.0 > 0 && matches!(text.as_bytes()[r.0 - 1], b'\'');
            if r.1 - r.0 == 4 || apostrophe {
                if y.is_some() {
                    return None;
                }
                two_digit_year = r.1 - r.0 == 2;
                y = Some(if two_digit_year { expand(v) } else { v });
                roles[i] = Role::Year;
            } else {
                if d.is_some() {
                    return None;
                }
                d = Some(u32::try_from(v).ok()?);
                roles[i] = Role::Day;
                if let Some(next) = runs.get(i + 1) {
                    let w = text[next.0..next.1].to_ascii_lowercase();
                    if next.0 == r.1 && matches!(w.as_str(), "st" | "nd" | "rd" | "th") {
                        roles[i + 1] = Role::Ordinal;
                    }
                }
            }
        }
    } else {
        if runs.iter().any(|r| !r.2) {
            return None;
        }
        let len = |i: usize| runs[i].1 - runs[i].0;
        match *digit_runs.as_slice() {
            [a, b, c] => {
                let (va, vb, vc) = (num(&runs[a])?, num(&runs[b])?, num(&runs[c])?);
                if len(a) == 4 {
                    (y, m, d) = (Some(va), Some(vb as u32), Some(vc as u32));
                    roles[a] = Role::Year;
                    roles[b] = Role::Month;
                    roles[c] = Role::Day;
                } else {
                    two_digit_year = len(c) == 2;
                    y = Some(if two_digit_year { expand(vc) } else { vc });
                    roles[c] = Role::Year;
                    // Month first (US) unless the first number cannot be a month.
                    let (mi, di) = if va > 12 { (b, a) } else { (a, b) };
                    m = Some(num(&runs[mi])? as u32);
                    d = Some(num(&runs[di])? as u32);
                    roles[mi] = Role::Month;
                    roles[di] = Role::Day;
                }
            }
            [a, b] => {
                let (va, vb) = (num(&runs[a])?, num(&runs[b])?);
                m = Some(va as u32);
                roles[a] = Role::Month;
                if len(b) == 4 || vb > 31 {
                    two_digit_year = len(b) == 2;
                    y = Some(if two_digit_year { expand(vb) } else { vb });
                    roles[b] = Role::Year;
                } else {
                    d = Some(vb as u32);
                    roles[b] = Role::Day;
                }
            }
            [a] if len(a) == 8 => {
                let t = &text[runs[a].0..runs[a].1];
                let (ys, ms, ds) = (&t[..4], &t[4..6], &t[6..]);
                (y, m, d) = (ys.parse().ok(), ms.parse().ok(), ds.parse().ok());
                let (yy, mm, dd) = (y?, m?, d?);
                let (ny, nm, nd) = move_date(yy, mm, dd, days)?;
                return Some(format!("{ny:04}{nm:02}{nd:02}"));
            }
            _ => return None,
        }
    }
    let month = m?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let (ny, nm, nd) = match (y, d) {
        (Some(y), Some(d)) => move_date(y, month, d, days)?,
        (None, Some(d)) => move_date(2000, month, d, days)?,
        // Month and year: move the middle of the month.
        (Some(y), None) => move_date(y, month, 15, days)?,
        (None, None) => return None,
    };
    // Zero-padded when any month or day shows a leading zero, or when all of them have
    // two digits ("12/25"); "8/30" is not padded.
    let md: Vec<&str> = (0..runs.len())
        .filter(|&i| matches!(roles[i], Role::Month | Role::Day))
        .map(|i| &text[runs[i].0..runs[i].1])
        .collect();
    let padded = md.iter().any(|t| t.starts_with('0'))
        || (!md.is_empty() && md.iter().all(|t| t.len() == 2));
    let width = if padded { 2 } else { 1 };
    let mut out = String::with_capacity(text.len() + 4);
    let mut at = 0;
    for (i, r) in runs.iter().enumerate() {
        out.push_str(&text[at..r.0]);
        let orig = &text[r.0..r.1];
        match roles[i] {
            Role::Year if two_digit_year => out.push_str(&format!("{:02}", ny.rem_euclid(100))),
            Role::Year => out.push_str(&format!("{ny:0width$}", width = orig.len())),
            Role::Month => push_num(nm, width, &mut out),
            Role::Day if roles.contains(&Role::MonthName) => {
                push_num(nd, if orig.starts_with('0') { 2 } else { 1 }, &mut out)
            }
            Role::Day => push_num(nd, width, &mut out),
            Role::MonthName => push_month(nm, orig, &mut out),
            Role::Ordinal => push_ordinal(nd, orig, &mut out),
            Role::Keep => out.push_str(orig),
        }
        at = r.1;
    }
    out.push_str(&text[at..]);
    Some(out)
}

fn expand(two: i64) -> i64 {
    if two > 30 { 1900 + two } else { 2000 + two }
}

fn move_date(y: i64, m: u32, d: u32, days: i64) -> Option<(i64, u32, u32)> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(civil_from_days(days_from_civil(y, m, d) + days))
}

fn push_num(v: u32, width: usize, out: &mut String) {
    if width >= 2 {
        out.push_str(&format!("{v:02}"));
    } else {
        out.push_str(&v.to_string());
    }
}

fn push_month(m: u32, orig: &str, out: &mut String) {
    let full = MONTHS[m as usize - 1];
    let is_full = MONTHS.iter().any(|n| n.eq_ignore_ascii_case(orig));
    let word = if is_full || orig.len() > 4 {
        full.to_string()
    } else if orig.len() == 4 && m == 9 {
        "sept".to_string()
    } else {
        full[..3].to_string()
    };
    out.push_str(&style_like(&word, orig));
}

fn push_ordinal(d: u32, orig: &str, out: &mut String) {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    out.push_str(&style_like(suffix, orig));
}

/// `word` (lower case) in the case style of `orig`: UPPER, lower or Title.
pub(crate) fn style_like(word: &str, orig: &str) -> String {
    let letters: Vec<char> = orig.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        word.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut c = word.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_keep_format() {
        let cases = [
            ("03/04/1961", 10, "03/14/1961"),
            ("3/4/1961", 30, "4/3/1961"),
            ("3/4/61", -4, "2/28/61"),
            ("31/12/2020", 1, "01/01/2021"),
            ("01-02-80", 1, "01-03-80"),
            ("01.02.1980", 31, "02.02.1980"),
            ("1961-03-04", 365, "1962-03-04"),
            ("19610304", -4, "19610228"),
            ("8/30", 3, "9/2"),
            ("2/29", 1, "3/1"),
            ("12/2019", 31, "01/2020"),
            ("March 2021", 31, "April 2021"),
            ("Jan 2, 1980", 30, "Feb 1, 1980"),
            ("January 2nd", 1, "January 3rd"),
            ("JAN. 2ND '80", 20, "JAN. 22ND '80"),
            ("2 January 1980", -2, "31 December 1979"),
            ("Sept 30, 2020", 1, "Oct 1, 2020"),
            ("feb 29 2024", 1, "mar 1 2024"),
            ("March 4, 1961", 0, "March 4, 1961"),
        ];
        for (text, days, want) in cases {
            assert_eq!(shift(text, days).as_deref(), Some(want), "{text} {days:+}");
        }
    }

    #[test]
    fn unreadable_forms_are_refused() {
        for text in ["11th", "the day", "1/2/3/4", "13/13/2020", "2/30"] {
            assert_eq!(shift(text, 3), None, "{text}");
        }
    }

    #[test]
    fn intervals_survive() {
        let a = days_from_civil(1961, 3, 4);
        let b = days_from_civil(2020, 2, 29);
        for k in [-365, -1, 1, 200, 365] {
            assert_eq!(civil_from_days(a + k), {
                let (y, m, d) = civil_from_days(a + k);
                (y, m, d)
            });
            let (y1, m1, d1) = civil_from_days(a + k);
            let (y2, m2, d2) = civil_from_days(b + k);
            assert_eq!(
                days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1),
                b - a
            );
        }
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
    }
}

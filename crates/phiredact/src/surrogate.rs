//! Realistic surrogates: a replacement of the same shape, deterministic for a key and a
//! value, that never carries the original's characters.
//!
//! Every character the surrogate draws is chosen by the keyed MAC of the normalised value
//! and, where the shape allows, forced to differ from the original character at the same
//! position: a surrogate digit is never the original digit, a surrogate name word is never
//! the original word. Fixed parts come from reserved ranges that no real identifier uses:
//! SSNs start with 9 (900–999 are never issued) and telephone numbers end in 555-01xx
//! (reserved for fiction). Names come from a small embedded list of common US given names
//! and surnames (public census frequency lists; a name's presence here says nothing about
//! any person).

use crate::dates::style_like;
use crate::finding::Label;
use crate::keyed::{Draw, Key, normalise};

const GIVEN: &[&str] = &[
    "james",
    "mary",
    "robert",
    "patricia",
    "john",
    "jennifer",
    "michael",
    "linda",
    "david",
    "elizabeth",
    "william",
    "barbara",
    "richard",
    "susan",
    "joseph",
    "jessica",
    "thomas",
    "sarah",
    "charles",
    "karen",
    "daniel",
    "nancy",
    "matthew",
    "betty",
    "anthony",
    "sandra",
    "mark",
    "ashley",
    "donald",
    "emily",
    "steven",
    "donna",
    "andrew",
    "michelle",
    "paul",
    "carol",
    "joshua",
    "amanda",
    "kenneth",
    "melissa",
];

const SURNAMES: &[&str] = &[
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "garcia",
    "miller",
    "davis",
    "rodriguez",
    "martinez",
    "hernandez",
    "wilson",
    "anderson",
    "thomas",
    "taylor",
    "moore",
    "jackson",
    "martin",
    "lee",
    "perez",
    "thompson",
    "white",
    "harris",
    "sanchez",
    "clark",
    "ramirez",
    "lewis",
    "robinson",
    "walker",
    "young",
    "allen",
    "king",
    "wright",
    "scott",
    "torres",
    "nguyen",
    "hill",
    "flores",
    "green",
    "adams",
];

/// Writes the surrogate of `text` (a finding labelled `label`) to `out`.
pub(crate) fn write(key: &Key, label: Label, text: &str, out: &mut String) {
    let seed = key.mac("surrogate", label.as_str(), &normalise(label, text));
    let mut draw = Draw::new(key, seed);
    match label {
        Label::Name => name(key, text, out),
        Label::Phone => phone(&mut draw, text, out),
        Label::Ssn if digit_count(text) == 9 => ssn(&mut draw, text, out),
        Label::Email => email(&mut draw, text, out),
        // Safe Harbor's own aggregate for ages over 89: readable, and no digit of the age.
        Label::Age => out.push_str("90+"),
        _ => same_shape(&mut draw, text, out),
    }
}

fn digit_count(text: &str) -> usize {
    text.bytes().filter(u8::is_ascii_digit).count()
}

/// A digit other than `orig`.
fn other_digit(draw: &mut Draw<'_>, orig: u8) -> char {
    let d = orig.wrapping_sub(b'0') as u32 % 10;
    char::from(b'0' + ((d + 1 + draw.below(9)) % 10) as u8)
}

/// Every letter and digit replaced by another of its class; everything else kept.
fn same_shape(draw: &mut Draw<'_>, text: &str, out: &mut String) {
    for c in text.chars() {
        out.push(other_char(draw, c));
    }
}

fn other_char(draw: &mut Draw<'_>, c: char) -> char {
    let mut shift = |base: u8, n: u32, c: char| {
        let i = (c as u32 - base as u32) % n;
        char::from(base + ((i + 1 + draw.below(n - 1)) % n) as u8)
    };
    if c.is_ascii_digit() {
        shift(b'0', 10, c)
    } else if c.is_ascii_uppercase() {
        shift(b'A', 26, c)
    } else if c.is_ascii_lowercase() {
        shift(b'a', 26, c)
    } else if c.is_alphanumeric() {
        // A letter or digit outside ASCII: an ASCII letter of the same case.
        if c.is_uppercase() { 'X' } else { 'x' }
    } else {
        c
    }
}

/// 9xx-xx-xxxx with the original separators: an area that is never issued.
fn ssn(draw: &mut Draw<'_>, text: &str, out: &mut String) {
    let mut first = true;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            if first {
                out.push('9');
                first = false;
            } else {
                out.push(other_digit(draw, b));
            }
        } else {
            out.push(char::from(b));
        }
    }
    if !text.is_ascii() {
        // Separators outside ASCII are rare; rebuild from chars to stay valid UTF-8.
        out.truncate(out.len() - text.len());
        let mut first = true;
        for c in text.chars() {
            if c.is_ascii_digit() {
                out.push(if first {
                    '9'
                } else {
                    other_digit(draw, c as u8)
                });
                first = false;
            } else {
                out.push(c);
            }
        }
    }
}

/// North American numbers become NXX-555-01xx in the original layout; other lengths get
/// other digits of the same count. Extension digits are replaced too.
fn phone(draw: &mut Draw<'_>, text: &str, out: &mut String) {
    // The main number ends where an extension marker (a letter or '#') starts.
    let main_end = text
        .char_indices()
        .skip_while(|(_, c)| !c.is_ascii_digit())
        .find(|(_, c)| c.is_alphabetic() || *c == '#')
        .map_or(text.len(), |(i, _)| i);
    let main: Vec<u8> = text[..main_end]
        .bytes()
        .filter(u8::is_ascii_digit)
        .collect();
    let international = text.trim_start().starts_with('+') && !text.contains("+1");
    let n = main.len();
    let plan: Option<Vec<char>> = if international {
        None
    } else {
        let mut v: Vec<char> = Vec::with_capacity(n);
        let local: usize = match n {
            7 => 0,
            10 => 3,
            11 if main[0] == b'1' => {
                v.push('1');
                4
            }
            _ => usize::MAX,
        };
        if local == usize::MAX {
            None
        } else {
            if local >= 3 {
                // An area code: 2–9 then two digits, other than the original's digits.
                let i = local - 3;
                let first = loop {
                    let c = other_digit(draw, main[i]);
                    if c >= '2' {
                        break c;
                    }
                };
                v.push(first);
                v.push(other_digit(draw, main[i + 1]));
                v.push(other_digit(draw, main[i + 2]));
            }
            v.extend(['5', '5', '5', '0', '1']);
            v.push(other_digit(draw, main[n - 2]));
            v.push(other_digit(draw, main[n - 1]));
            Some(v)
        }
    };
    let mut k = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            match &plan {
                Some(p) if i < main_end && k < p.len() => out.push(p[k]),
                _ => out.push(other_digit(draw, c as u8)),
            }
            k += 1;
        } else {
            out.push(c);
        }
    }
}

/// The local part keeps its shape; the domain becomes a reserved example domain.
fn email(draw: &mut Draw<'_>, text: &str, out: &mut String) {
    match text.rsplit_once('@') {
        Some((local, domain)) => {
            same_shape(draw, local, out);
            out.push('@');
            out.push_str(if domain.eq_ignore_ascii_case("example.org") {
                "example.net"
            } else {
                "example.org"
            });
        }
        None => same_shape(draw, text, out),
    }
}

/// Each word of the name becomes a dictionary name with the original's case; a single
/// letter (an initial) becomes another letter; a possessive `'s` stays. Each word is drawn
/// from its own MAC, so "Lopez" maps to the same name alone and in "Maria Lopez".
fn name(key: &Key, text: &str, out: &mut String) {
    let words: Vec<(usize, usize)> = alpha_runs(text);
    let is_possessive = |wi: usize| {
        let (s, e) = words[wi];
        wi > 0 && text[s..e].eq_ignore_ascii_case("s") && text[..s].ends_with(['\'', '’'])
    };
    let mut at = 0;
    for (wi, &(s, e)) in words.iter().enumerate() {
        out.push_str(&text[at..s]);
        at = e;
        let w = &text[s..e];
        if is_possessive(wi) || crate::keyed::TITLES.contains(&w.to_lowercase().as_str()) {
            out.push_str(w);
            continue;
        }
        let lower = w.to_lowercase();
        let mut draw = Draw::new(key, key.mac("surrogate.word", "NAME", &lower));
        if w.chars().count() == 1 {
            let c = w.chars().next().unwrap_or('x');
            out.push(match c {
                'a'..='z' | 'A'..='Z' => other_char(&mut draw, c),
                _ if c.is_uppercase() => 'X',
                _ => 'x',
            });
            continue;
        }
        // One pool for every position: a word maps to the same surrogate wherever it
        // stands ("Lopez" alone, in "Maria Lopez", in "Lopez, Maria"), which matters more
        // for linking mentions than a given name always landing first.
        let n = (GIVEN.len() + SURNAMES.len()) as u32;
        let at = |i: u32| {
            let i = i as usize % n as usize;
            if i < GIVEN.len() {
                GIVEN[i]
            } else {
                SURNAMES[i - GIVEN.len()]
            }
        };
        let first = draw.below(n);
        let pick = if at(first) == lower {
            at(first + 1)
        } else {
            at(first)
        };
        out.push_str(&style_like(pick, w));
    }
    out.push_str(&text[at..]);
}

fn alpha_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            match runs.last_mut() {
                Some(last) if last.1 == i => last.1 = i + c.len_utf8(),
                _ => runs.push((i, i + c.len_utf8())),
            }
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sur(label: Label, text: &str) -> String {
        let k = Key::new(b"test key, 16+ bytes long");
        let mut out = String::new();
        write(&k, label, text, &mut out);
        out
    }

    fn no_digit_kept(orig: &str, got: &str, skip: &[usize]) {
        for (i, (a, b)) in orig.bytes().zip(got.bytes()).enumerate() {
            if a.is_ascii_digit() && !skip.contains(&i) {
                assert_ne!(a, b, "{orig} -> {got}: digit {i} kept");
            }
        }
    }

    /// Property: over many values, a surrogate never keeps a digit of the original at its
    /// position (beyond the fixed 9 and 555-01 parts), and is deterministic.
    #[test]
    fn surrogates_never_keep_original_digits() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..500 {
            let ssn = format!("{:03}-{:02}-{:04}", next(900), next(100), next(10_000));
            let s = sur(Label::Ssn, &ssn);
            no_digit_kept(&ssn, &s, &[0]);
            let phone = format!(
                "({:03}) {:03}-{:04}",
                200 + next(800),
                next(1000),
                next(10_000)
            );
            let p = sur(Label::Phone, &phone);
            assert!(p.contains(") 555-01"), "{p}");
            no_digit_kept(&phone, &p, &[6, 7, 8, 10, 11]);
            let id = format!("{}", next(1 << 40));
            let i = sur(Label::Id, &id);
            no_digit_kept(&id, &i, &[]);
            assert_eq!(sur(Label::Id, &id), i);
        }
    }

    #[test]
    fn ssn_surrogates_are_never_issued() {
        for t in ["123-45-6789", "123 45 6789", "123456789", "001-01-0001"] {
            let s = sur(Label::Ssn, t);
            assert_eq!(s.len(), t.len());
            assert!(s.starts_with('9'), "{s}");
            assert_eq!(
                s.bytes().map(|b| b.is_ascii_digit()).collect::<Vec<_>>(),
                t.bytes().map(|b| b.is_ascii_digit()).collect::<Vec<_>>()
            );
            no_digit_kept(t, &s, &[0]);
            assert_eq!(sur(Label::Ssn, t), s, "deterministic");
        }
    }

    #[test]
    fn phone_surrogates_are_fictional_and_keep_format() {
        let cases = [
            ("(617) 123-4567", "(", ") 555-01"),
            ("617-123-4567", "", "-555-01"),
            ("617.123.4567", "", ".555.01"),
            ("1-617-123-4567", "1-", "-555-01"),
            ("123-4567", "", "555-01"),
        ];
        for (t, pre, mid) in cases {
            let s = sur(Label::Phone, t);
            assert_eq!(s.len(), t.len(), "{t} -> {s}");
            assert!(s.starts_with(pre) && s.contains(mid), "{t} -> {s}");
            let area = &s[pre.len()..];
            if t.len() > 8 {
                assert!(area.as_bytes()[0] >= b'2', "{s}");
            }
            assert_ne!(&s[s.len() - 2..], &t[t.len() - 2..]);
        }
        let s = sur(Label::Phone, "617-123-4567 ext. 204");
        assert!(s.starts_with("") && s.contains("-555-01") && s.contains(" ext. "));
        no_digit_kept("617-123-4567 ext. 204", &s, &[4, 5, 6, 8, 9]);
    }

    #[test]
    fn ids_keep_shape_not_characters() {
        for (l, t) in [
            (Label::Mrn, "A1234567"),
            (Label::Id, "ab-98765-Z"),
            (Label::Zip, "02139"),
        ] {
            let s = sur(l, t);
            assert_eq!(s.len(), t.len());
            for (a, b) in t.chars().zip(s.chars()) {
                if a.is_alphanumeric() {
                    assert_ne!(a, b, "{t} -> {s}");
                    assert_eq!(a.is_ascii_digit(), b.is_ascii_digit());
                    assert_eq!(a.is_uppercase(), b.is_uppercase());
                } else {
                    assert_eq!(a, b);
                }
            }
        }
        assert_eq!(sur(Label::Age, "93"), "90+");
        let e = sur(Label::Email, "jobrien77@gmail.com");
        assert!(e.ends_with("@example.org") && !e.contains("jobrien"), "{e}");
    }

    #[test]
    fn names_keep_case_and_word_count() {
        let a = sur(Label::Name, "Maria Lopez");
        let words: Vec<&str> = a.split(' ').collect();
        assert_eq!(words.len(), 2, "{a}");
        assert!(
            words
                .iter()
                .all(|w| w.chars().next().unwrap().is_uppercase())
        );
        assert!(!a.to_lowercase().contains("maria") && !a.to_lowercase().contains("lopez"));
        assert_eq!(sur(Label::Name, "MARIA LOPEZ"), a.to_uppercase());
        let b = sur(Label::Name, "Lopez, Maria");
        assert_eq!(b, format!("{}, {}", words[1], words[0]));
        assert_eq!(sur(Label::Name, "Lopez"), words[1]);
        assert_eq!(sur(Label::Name, "Maria Lopez's"), format!("{a}'s"));
        assert_eq!(sur(Label::Name, "Dr. Maria Lopez"), format!("Dr. {a}"));
        let i = sur(Label::Name, "M. Lopez");
        assert!(!i.starts_with('M') && i.ends_with(words[1]), "{i}");
    }
}

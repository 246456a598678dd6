//! E-mail addresses, web addresses and IP addresses.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Shape, byte_at, byte_before, priority};
use crate::finding::Label;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    // Letters and digits of any script: "josé.garcía@example.org" is an address too.
    Regex::new(r"\b[\p{L}\p{N}][\p{L}\p{N}._%+\-]*@[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)*\.\p{L}{2,}\b")
        .expect("valid regex")
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(?:https?://|ftp://|www\.)[^\s<>"'`]+"#).expect("valid regex")
});

/// A web address without a scheme or "www." but with a path after a common top-level
/// domain: "facebook.com/maria.lopez.77". A bare domain without a path ("mychart.com") is
/// usually an organisation's site, not a person's, and stays.
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?i)(?-u:\b)[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{})/[^\s<>"'`]*"#,
        BARE_TLDS.join("|")
    ))
    .expect("valid regex")
});

/// The top-level domains [`BARE_URL`] takes: two to four letters each.
const BARE_TLDS: [&str; 13] = [
    "com", "org", "net", "edu", "gov", "io", "us", "co", "me", "info", "ly", "tv", "app",
];

static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?-u:\b)").expect("valid regex")
});

static IPV6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,8}(?:\.\d{1,3}){0,3}").expect("valid regex")
});

/// Built once: `memmem::find` builds its searcher on every call, once per segment.
static SCHEME: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"://"));

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    if memchr::memchr(b'@', text.as_bytes()).is_some() {
        for m in EMAIL.find_iter(text) {
            out.push(Candidate::new(
                m.start(),
                m.end(),
                Label::Email,
                "email",
                priority::SHAPE,
            ));
        }
    }
    // Every URL holds "://" or "www." in any case. The "www." test visits only full stops
    // (a byte-by-byte window over the text cost more than every other net check together):
    // `| 0x20` lowers `W`, and no other byte becomes `w`.
    let b = text.as_bytes();
    let url_like = SCHEME.find(b).is_some() || has_www(b);
    if url_like {
        urls(&URL, "url", text, out);
    }
    if bare_url_possible(b) {
        urls(&BARE_URL, "url.bare", text, out);
    }
    // Four runs of digits joined by dots.
    if shape.may(shape.dot_chain >= 4) {
        for m in IPV4.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if matches!(byte_before(text, s), b'.' | b'-')
                || (byte_at(text, e) == b'.' && byte_at(text, e + 1).is_ascii_digit())
            {
                continue;
            }
            if m.as_str().parse::<Ipv4Addr>().is_ok() {
                out.push(Candidate::new(s, e, Label::Ip, "ip.v4", priority::SHAPE));
            }
        }
    }
    // Two colons at most four hex digits apart.
    if shape.may(shape.colon_pair) {
        for m in IPV6.find_iter(text) {
            let cand = m.as_str().trim_end_matches('.');
            let before = byte_before(text, m.start());
            if before.is_ascii_alphanumeric() || before == b':' {
                continue;
            }
            if cand.parse::<Ipv6Addr>().is_ok() && cand.contains(':') {
                let (s, e) = (m.start(), m.start() + cand.len());
                out.push(Candidate::new(s, e, Label::Ip, "ip.v6", priority::SHAPE));
            }
        }
    }
}

/// The matches of `re` ([`URL`] or [`BARE_URL`]) as web addresses found by `rule`.
fn urls(re: &Regex, rule: &'static str, text: &str, out: &mut Vec<Candidate>) {
    for m in re.find_iter(text) {
        // Sentence punctuation after a URL is not part of it.
        let trimmed = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        if trimmed.len() > 4 {
            out.push(Candidate::new(
                m.start(),
                m.start() + trimmed.len(),
                Label::Url,
                rule,
                priority::SHAPE,
            ));
        }
    }
}

/// Whether a `/` in `b` follows one of [`BARE_TLDS`] after a full stop: a necessary
/// condition of [`BARE_URL`], which visits only slashes ("3/4", "mg/kg", "r/o" are
/// common; ".com/" is not).
fn bare_url_possible(b: &[u8]) -> bool {
    // Most slashes are in dates and doses ("3/4", "mg/kg"): a digit or no full stop two to
    // four bytes before rules them out before any domain is compared.
    memchr::memchr_iter(b'/', b).any(|p| {
        p >= 4
            && b[p - 1].is_ascii_alphabetic()
            && (b[p - 3] == b'.' || b[p - 4] == b'.' || p >= 5 && b[p - 5] == b'.')
            && BARE_TLDS.iter().any(|tld| {
                let n = tld.len();
                p > n + 1
                    && b[p - n - 1] == b'.'
                    && b[p - n..p].eq_ignore_ascii_case(tld.as_bytes())
                    && (b[p - n - 2].is_ascii_alphanumeric() || b[p - n - 2] == b'-')
            })
    })
}

/// Whether `b` holds "www." in any case.
fn has_www(b: &[u8]) -> bool {
    memchr::memchr_iter(b'.', b).any(|p| p >= 3 && b[p - 3..p].iter().all(|&c| c | 0x20 == b'w'))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_clean, assert_finds};
    use crate::Label;

    #[test]
    fn positives() {
        let cases = [
            (
                "email jane.doe@example.com.",
                "jane.doe@example.com",
                Label::Email,
                "email",
            ),
            (
                "write to josé.garcía@ejemplo.es today",
                "josé.garcía@ejemplo.es",
                Label::Email,
                "email",
            ),
            (
                "dr.brown@ny.presbyterian.org",
                "dr.brown@ny.presbyterian.org",
                Label::Email,
                "email",
            ),
            (
                "see https://portal.example.org/p?id=1.",
                "https://portal.example.org/p?id=1",
                Label::Url,
                "url",
            ),
            (
                "www.example.com/jane",
                "www.example.com/jane",
                Label::Url,
                "url",
            ),
            ("from 192.168.1.1 at", "192.168.1.1", Label::Ip, "ip.v4"),
            (
                "ip 2001:db8::8a2e:370:7334",
                "2001:db8::8a2e:370:7334",
                Label::Ip,
                "ip.v6",
            ),
            ("fe80::1", "fe80::1", Label::Ip, "ip.v6"),
            (
                "my page facebook.com/maria.lopez.77 has photos",
                "facebook.com/maria.lopez.77",
                Label::Url,
                "url.bare",
            ),
            (
                "see instagram.com/maria_l.",
                "instagram.com/maria_l",
                Label::Url,
                "url.bare",
            ),
            (
                "upload to Portal.Example.ORG/u/123",
                "Portal.Example.ORG/u/123",
                Label::Url,
                "url.bare",
            ),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "at 10:30:45 today",
            "ratio 1:2:3",
            "version 1.2.3",
            "999.1.1.1",
            "a@b",
            "K 4.1",
            "heparin 5000 units/kg, r/o MI, 3/4 tab",
            "log in at mychart.com today",
            "w/ .com/ alone",
            "see p.o./pr route",
        ] {
            assert_clean(text, &[Label::Email, Label::Url, Label::Ip]);
        }
    }

    /// The slash test holds wherever the bare-address regex matches.
    #[test]
    fn bare_url_test_is_necessary() {
        for text in [
            "facebook.com/x",
            "a.co/b",
            "x.COM/",
            "é.com/x",
            "1.io/x",
            "-.com/x",
            ".com/x",
            "a .com/x",
            "ab.comm/x",
            "ab.com /x",
            "mg/kg",
            "ab.app/x.ly/y",
            "a.b/",
            "x.me/",
            "yo.info/z",
            "w.info/",
            "3/4 and w/ and mg/kg",
        ] {
            if super::BARE_URL.is_match(text) {
                assert!(super::bare_url_possible(text.as_bytes()), "{text:?}");
            }
        }
        // Every string of up to five pieces.
        let pieces = [
            "a", "b.", "com", "/", "co", "info", ".", "x", "1", "-", "é", "me/", " ",
        ];
        let n = pieces.len();
        for mut k in 0..n.pow(5) {
            let mut text = String::new();
            for _ in 0..5 {
                text.push_str(pieces[k % n]);
                k /= n;
            }
            if super::BARE_URL.is_match(&text) {
                assert!(super::bare_url_possible(text.as_bytes()), "{text:?}");
            }
        }
    }

    #[test]
    fn www_test_matches_a_window_scan() {
        let naive = |b: &[u8]| b.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."));
        for text in [
            "",
            ".",
            "www.",
            "WWW.",
            "wWw.",
            "ww.",
            "w.ww.",
            "xwww.",
            "www",
            "see www.x.org",
            "wvw.",
            "WW W.",
            "ww\u{17}.",
            "\u{57}\u{57}\u{57}.",
            "gww..www",
            "é www.é",
            "w\u{77}w.",
            "vvv.",
            "\u{d7}ww.",
        ] {
            assert_eq!(
                super::has_www(text.as_bytes()),
                naive(text.as_bytes()),
                "{text:?}"
            );
        }
        // Every byte in front of "ww.": only `w` and `W` make a match.
        for c in 0..=255u8 {
            let b = [c, b'w', b'W', b'.'];
            assert_eq!(super::has_www(&b), naive(&b), "{c}");
        }
    }
}

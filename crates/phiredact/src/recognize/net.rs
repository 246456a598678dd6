//! E-mail addresses, web addresses, IP addresses and social-media handles.
//!
//! A handle ("@maria_lopez") is an account name, labelled `ID`: an "@" word is one when it
//! is shaped like no ordinary word (an underscore, a full stop between letters, or letters
//! with digits, "@tyler22"), or when a social network or "handle" is named just before it
//! ("IG: @mlopez"). Clinical shorthand uses "@" for "at" ("@ 2pm", "@home", "f/u @PCP"),
//! which has none of these.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Cues, Shape, byte_at, byte_before, priority};
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

/// An address spelled out to get past filters: "mariag at gmail dot com", "jdoe \[at\]
/// yahoo [dot] com", "maria dot lopez at gmail dot com".
static SPELLED_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:[a-z0-9][a-z0-9._+\-]*(?:\s?(?:\(dot\)|\[dot\])\s?|\sdot\s))*[a-z0-9][a-z0-9._+\-]*\s?(?:\(at\)|\[at\]|\sat\s)\s?[a-z0-9\-]+(?:\s?(?:\(dot\)|\[dot\]|\sdot\s|\.)\s?[a-z0-9\-]+)*\s?(?:\(dot\)|\[dot\]|\sdot\s)\s?(?:com|org|net|edu|gov|us|io|co)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Whether a match of [`SPELLED_EMAIL`] has a domain after its "at": with " at " in prose
/// an article or a pronoun is no domain ("looked at the dot com era").
fn spelled_domain(m: &str) -> bool {
    let lower = m.to_ascii_lowercase();
    let Some(at) = lower.find(" at ") else {
        return true;
    };
    let domain = lower[at + 4..].trim_start();
    let first = domain
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .next()
        .unwrap_or("");
    ![
        "the", "a", "an", "my", "his", "her", "their", "our", "your", "this", "that", "home",
    ]
    .contains(&first)
}

/// An address with only its "@" spelled out: "jorge.ramirez1960 at yahoo.com", "jdoe
/// [at] aol.com". Prose says "at" before domains too ("log in at mychart.com", "seen at
/// mercy.org"), so [`at_domain_mailbox`] keeps a match only when its mailbox looks like
/// one.
static AT_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)([a-z0-9][a-z0-9._+\-]*)\s?(?:\(at\)|\[at\]|\sat\s)\s?([a-z0-9\-]+)(?:\.[a-z0-9\-]+)*\.(?:com|net|org|edu|gov)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Mail services whose domain after "at" makes the word before it a mailbox, unless that
/// word is one prose puts there ("email me at gmail.com").
const WEBMAIL: &[&str] = &[
    "gmail",
    "yahoo",
    "ymail",
    "hotmail",
    "outlook",
    "aol",
    "icloud",
    "me",
    "msn",
    "live",
    "comcast",
    "att",
    "verizon",
    "sbcglobal",
    "protonmail",
    "proton",
    "mail",
    "gmx",
];

/// Whether the mailbox and first domain label of an [`AT_EMAIL`] match make an address: a
/// mailbox with a digit, `.`, `_` or `+` ("jorge.ramirez1960"), or any but a few prose
/// words before a mail service's domain ("mariag at gmail.com").
fn at_domain_mailbox(mailbox: &str, domain: &str) -> bool {
    if mailbox
        .bytes()
        .any(|c| c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'+'))
    {
        return true;
    }
    let prose = [
        "me", "us", "him", "her", "them", "it", "in", "on", "up", "is", "was", "be", "email",
        "mail", "account", "address", "log", "logged", "sign", "signed", "look", "looked", "found",
        "online", "or", "and", "to", "reach", "contact", "write", "message",
    ];
    WEBMAIL.iter().any(|w| domain.eq_ignore_ascii_case(w))
        && !prose.iter().any(|w| mailbox.eq_ignore_ascii_case(w))
}

/// "dot": every [`SPELLED_EMAIL`] holds it. In lower case only: one search per message
/// (two, for "DOT" too, cost 1.5 M instructions per MB of clinical notes); an address
/// spelled out in capitals is not looked for.
static DOT_WORD: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"dot"));

/// A user name after its cue, anchored at the cue: "user kwame.asante1987", "Username:
/// mlopez", "login id jsmith_22".
static USERNAME_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)^(?:user\s?(?:name|id)?|log-?[io]n(?:\s?id)?)(?P<sep>\s?[:=#])?\s{1,2}(?P<q>['"])?(?P<u>[a-z0-9][a-z0-9._\-]{2,39})"#,
    )
    .expect("valid regex")
});

/// The words that start a match of [`USERNAME_AT`], which the name recognizer's lexicon
/// marks so that its word pass hands them to [`username_at`].
pub(crate) const USERNAME_CUES: [&str; 7] = [
    "user", "username", "userid", "login", "log-in", "logon", "log-on",
];

/// The user name after the cue starting at `s`: a name holding a digit, `.` or `_`
/// ("kwame.asante1987", "jsmith_22"), or after a colon any word that is no ordinary word
/// ("Username: mlopez"; not "login: failed", "the user was").
pub(crate) fn username_at(text: &str, s: usize, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    // As the word pass sees words: not after a letter, a digit, `_` or a non-ASCII letter.
    if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] >= 0x80) {
        return;
    }
    let Some(c) = USERNAME_AT.captures(&text[s..]) else {
        return;
    };
    let Some(u) = c.name("u") else { return };
    let (us, mut e) = (s + u.start(), s + u.end());
    while e > us && matches!(b[e - 1], b'.' | b'-') {
        e -= 1;
    }
    let name = &text[us..e];
    // A number or an IP address after "login" is no user name ("portal login: 10.24.118.9").
    if name.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return;
    }
    let shaped = name
        .bytes()
        .any(|c| c.is_ascii_digit() || c == b'.' || c == b'_');
    let after = byte_at(text, e);
    // In quotes, any word is the name ("MyChart user 'bfitzgerald'").
    let quoted = c
        .name("q")
        .is_some_and(|q| q.as_str().as_bytes()[0] == after);
    let labelled = (c.name("sep").is_some() || quoted)
        && name.len() >= 4
        && !super::name::is_common_word(name);
    if (shaped || labelled) && !after.is_ascii_alphanumeric() && after != b'@' && after < 0x80 {
        out.push(Candidate::new(
            us,
            e,
            Label::Id,
            "id.username",
            priority::CUE,
        ));
    }
}

/// [`username_at`] at every cue in `text`, for when the word pass does not run (neither
/// names nor dates are on): a substring search for each of "ser", "SER", "og" and "OG",
/// which every cue holds in its usual cases, and the rule at each word that starts a cue.
pub(crate) fn usernames(text: &str, out: &mut Vec<Candidate>) {
    static HINTS: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
        LazyLock::new(|| [&b"ser"[..], b"SER", b"og", b"OG"].map(memchr::memmem::Finder::new));
    let b = text.as_bytes();
    if !HINTS.iter().any(|f| f.find(b).is_some()) {
        return;
    }
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let e = i + b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
            .count();
        let w = &text[i..e];
        if USERNAME_CUES.iter().any(|c| c.eq_ignore_ascii_case(w)) {
            username_at(text, i, out);
        }
        i = e;
    }
}

/// Built once: `memmem::find` builds its searcher on every call, once per segment.
static SCHEME: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"://"));

pub(crate) fn recognize_shaped(text: &str, shape: &Shape, out: &mut Vec<Candidate>) {
    if memchr::memchr(b'@', text.as_bytes()).is_some() {
        handles(text, out);
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
    let b = text.as_bytes();
    if DOT_WORD.find(b).is_some() {
        for m in SPELLED_EMAIL.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !spelled_domain(m.as_str()) {
                continue;
            }
            out.push(Candidate::new(
                s,
                e,
                Label::Email,
                "email.spelled",
                priority::SHAPE,
            ));
        }
    }
    let (www, tld_word) = full_stops(b);
    if tld_word {
        for c in AT_EMAIL.captures_iter(text) {
            let (Some(m), Some(mailbox), Some(domain)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if at_domain_mailbox(mailbox.as_str(), domain.as_str()) {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    Label::Email,
                    "email.spelled",
                    priority::SHAPE,
                ));
            }
        }
    }
    // Every URL holds "://" or "www." in any case. The "www." test visits only full stops
    // (a byte-by-byte window over the text cost more than every other net check together):
    // `| 0x20` lowers `W`, and no other byte becomes `w`.
    let url_like = www || SCHEME.find(b).is_some();
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

/// Words that name a social network or an account just before a handle: "IG: @mlopez",
/// "her insta is @mlopez", "username @mlopez". Not "follow" ("follow up @PCP") nor "DM"
/// (diabetes).
static HANDLE_CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::new(&[
        "discord",
        "facebook",
        "fb",
        "handle",
        "ig",
        "insta",
        "instagram",
        "kik",
        "linkedin",
        "reddit",
        "snapchat",
        "telegram",
        "threads",
        "tiktok",
        "tumblr",
        "twitch",
        "twitter",
        "username",
        "venmo",
        "whatsapp",
        "youtube",
    ])
});

/// How far before a handle [`HANDLE_CUES`] are looked for.
const HANDLE_CUE_WINDOW: usize = 24;

/// Social-media handles: "@" at the start of a word, then two to thirty letters, digits,
/// `_` and `.` (see the module docs for when that is a handle).
fn handles(text: &str, out: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    for at in memchr::memchr_iter(b'@', b) {
        // In an e-mail address or after another word, "@" starts no handle.
        let before = byte_before(text, at);
        if before.is_ascii_alphanumeric() || matches!(before, b'.' | b'_' | b'%' | b'+' | b'-') {
            continue;
        }
        let s = at + 1;
        let mut e = s + b[s..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
            .count();
        // A Venmo handle has dashes ("@Trey-Sutton-4"); a trailing one or a full stop
        // ends the sentence.
        while e > s && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let name = &b[s..e];
        let after = byte_at(text, e);
        if !(2..=30).contains(&name.len())
            || !name.iter().any(u8::is_ascii_alphabetic)
            || after == b'@'
            || after >= 0x80
        {
            continue;
        }
        if handle_shaped(name) || HANDLE_CUES.before(text, at, HANDLE_CUE_WINDOW) {
            out.push(Candidate::new(at, e, Label::Id, "id.handle", priority::CUE));
        }
    }
}

/// Whether an "@" word is shaped like a handle and no clinical shorthand: it holds an
/// underscore, a full stop between letters ("maria.lopez"), or starts with a letter and
/// holds four letters or more and a digit ("tyler22"; not "q12h", "2pm").
fn handle_shaped(name: &[u8]) -> bool {
    let letters = name.iter().filter(|c| c.is_ascii_alphabetic()).count();
    name.contains(&b'_')
        || name
            .windows(3)
            .any(|w| w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphabetic())
        || name[0].is_ascii_alphabetic() && letters >= 4 && name.iter().any(u8::is_ascii_digit)
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

/// What the full stops of `b` say, in one pass over them: whether one ends "www" (in any
/// case: every URL without a scheme holds "www."), and whether one starts a word `com`,
/// `net`, `org`, `edu` or `gov` (every [`AT_EMAIL`] match holds one). A pass of its own
/// for the second cost 2–3 M instructions per MB.
fn full_stops(b: &[u8]) -> (bool, bool) {
    let (mut www, mut tld) = (false, false);
    for p in memchr::memchr_iter(b'.', b) {
        www |= p >= 3 && b[p - 3..p].iter().all(|&c| c | 0x20 == b'w');
        tld |= b.get(p + 1..p + 4).is_some_and(|t| {
            matches!(
                &[t[0] | 0x20, t[1] | 0x20, t[2] | 0x20],
                b"com" | b"net" | b"org" | b"edu" | b"gov"
            )
        }) && !b.get(p + 4).is_some_and(|c| c.is_ascii_alphanumeric());
        if www && tld {
            break;
        }
    }
    (www, tld)
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
            (
                "or mariag at gmail dot com",
                "mariag at gmail dot com",
                Label::Email,
                "email.spelled",
            ),
            (
                "jdoe[at]yahoo[dot]com",
                "jdoe[at]yahoo[dot]com",
                Label::Email,
                "email.spelled",
            ),
            (
                "J.Doe (at) med.example (dot) org",
                "J.Doe (at) med.example (dot) org",
                Label::Email,
                "email.spelled",
            ),
            (
                "email: maria dot lopez at gmail dot com",
                "maria dot lopez at gmail dot com",
                Label::Email,
                "email.spelled",
            ),
            (
                "jane[dot]doe[at]yahoo[dot]com",
                "jane[dot]doe[at]yahoo[dot]com",
                Label::Email,
                "email.spelled",
            ),
            (
                "my email is jorge.ramirez1960 at yahoo.com and",
                "jorge.ramirez1960 at yahoo.com",
                Label::Email,
                "email.spelled",
            ),
            (
                "or mariag at gmail.com",
                "mariag at gmail.com",
                Label::Email,
                "email.spelled",
            ),
            (
                "jdoe [at] aol.COM",
                "jdoe [at] aol.COM",
                Label::Email,
                "email.spelled",
            ),
            (
                "reach t_nguyen at clinic.example.org today",
                "t_nguyen at clinic.example.org",
                Label::Email,
                "email.spelled",
            ),
            // Social-media handles.
            (
                "follow me @maria_lopez88",
                "@maria_lopez88",
                Label::Id,
                "id.handle",
            ),
            (
                "IG: @tyler.brooks22 sent pics",
                "@tyler.brooks22",
                Label::Id,
                "id.handle",
            ),
            ("his insta is @jbrooks.", "@jbrooks", Label::Id, "id.handle"),
            (
                "Pt's Venmo is @Trey-Sutton-4; refund there",
                "@Trey-Sutton-4",
                Label::Id,
                "id.handle",
            ),
            ("twitter @jbrooks_md", "@jbrooks_md", Label::Id, "id.handle"),
            ("Snapchat: @mlopez", "@mlopez", Label::Id, "id.handle"),
            (
                "Msg from portal user kwame.asante1987: my BP",
                "kwame.asante1987",
                Label::Id,
                "id.username",
            ),
            ("Username: mlopez", "mlopez", Label::Id, "id.username"),
            ("Log-in id: kk.99.", "kk.99", Label::Id, "id.username"),
            (
                "Msg from MyChart user 'bfitzgerald' (Brendan)",
                "bfitzgerald",
                Label::Id,
                "id.username",
            ),
            (
                "msg from @tyler2010 on the app",
                "@tyler2010",
                Label::Id,
                "id.handle",
            ),
        ];
        for (text, span, label, rule) in cases {
            assert_finds(text, span, label, rule);
        }
    }

    #[test]
    fn handle_negatives() {
        for text in [
            "f/u @ 2pm",
            "pain 6/10 @rest",
            "d/c home @HS",
            "follow up @PCP office",
            "q4h @q12h",
            "BP 120/80 @0800",
            "meet @ home",
            "write jane@example.com",
            "seen @clinic today",
            "DM @ baseline",
            "a@b",
            "@x",
            "rigs@ 2",
        ] {
            assert_clean(text, &[Label::Id]);
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
            "seen at mercy.org last week",
            "email me at gmail.com",
            "results at labcorp.com.",
            "signed up at healthcare.gov",
            "look at yahoo.com news",
            "at home.com",
            "w/ .com/ alone",
            "see p.o./pr route",
            "looked at the dot com era",
            "pt at home, dot com",
            "seen at clinic dot phrase",
            "the dot on the map, seen at home",
        ] {
            assert_clean(text, &[Label::Email, Label::Url, Label::Ip]);
        }
        // No user name: an ordinary word after a colon, none after the cue, a longer word
        // holding the cue, an IP address.
        for text in [
            "login: failed twice",
            "the user was unable",
            "the user 'reported' it",
            "login 'failed'",
            "user 12 tabs",
            "superuser admin1",
            "IP of portal login: 10.24.118.9",
        ] {
            let mut out = Vec::new();
            super::usernames(text, &mut out);
            assert!(out.is_empty(), "{text:?}: {out:?}");
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
                super::full_stops(text.as_bytes()).0,
                naive(text.as_bytes()),
                "{text:?}"
            );
        }
        // Every byte in front of "ww.": only `w` and `W` make a match.
        for c in 0..=255u8 {
            let b = [c, b'w', b'W', b'.'];
            assert_eq!(super::full_stops(&b).0, naive(&b), "{c}");
        }
    }

    /// The full-stop pass's second answer is a necessary condition of the "at" e-mail
    /// regex, on generated texts of mailboxes, "at"s, domains and near misses.
    #[test]
    fn tld_test_is_necessary_for_at_emails() {
        let parts = concat!(
            "jdoe|j.doe1| at |[at]|(at)| |gmail|yahoo|.com|.COM|.Com|.net|.org|.edu|.gov|",
            ".co|.comx|.com2|.|com|x|-|_|9|www|é|",
        );
        let texts = super::super::generated::texts(parts, 50_000, 3);
        let mut some = 0;
        for t in &texts {
            let (_, tld) = super::full_stops(t.as_bytes());
            if super::AT_EMAIL.is_match(t) {
                assert!(tld, "{t:?}");
                some += 1;
            }
        }
        assert!(some > 500, "only {some} matches");
    }

    /// The word pass hands every user-name cue to `username_at`: it finds what the scan
    /// used when the word pass does not run finds, on texts where cues run into names,
    /// separators and each other.
    #[test]
    fn word_pass_usernames_match_the_scan() {
        let parts = concat!(
            "user|User|USER|username|UserName|userid|login|Log-in|LOGON|log-on|logon|",
            "superuser|users|xuser|_user| |  |:|: |=|#|-|.|,|\n|kwame.asante1987|mlopez|",
            "jsmith_22|failed|the|12|TX44812|@|é|name|id|ID|name:|kk.99.|a.b|",
        );
        let texts = super::super::generated::texts(parts, 20_000, 11);
        let mut found = 0;
        for t in &texts {
            let (mut pass, mut scan) = (Vec::new(), Vec::new());
            super::super::name::recognize(
                t,
                super::super::name::WordPass {
                    users: true,
                    ..Default::default()
                },
                &mut pass,
            );
            super::usernames(t, &mut scan);
            pass.sort_by_key(|c| (c.start, c.end));
            scan.sort_by_key(|c| (c.start, c.end));
            assert_eq!(pass, scan, "{t:?}");
            found += scan.len();
        }
        assert!(found > 1000, "{found}");
    }
}

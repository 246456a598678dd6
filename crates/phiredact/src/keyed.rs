//! The key of the keyed operators, and the values they are computed from.
//!
//! Every keyed operator is an HMAC-SHA256 of a *domain* (which operator), the label and the
//! *normalised* value, so that `(555) 123-4567` and `555.123.4567`, or `Maria Lopez` and
//! `LOPEZ, MARIA'S`, give the same output. HMAC, not a plain hash: without the key nobody
//! can test a guess ("is [NAME-7f3a9c2e] Maria Lopez?"), which a bare SHA-256 of a name
//! would allow in seconds. The RustCrypto `hmac` and `sha2` crates do the cryptography;
//! nothing here is hand-rolled.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::finding::Label;

/// Key bytes. `Debug` never shows them.
#[derive(Clone)]
pub(crate) struct Key(Box<[u8]>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<set>")
    }
}

impl Key {
    pub(crate) fn new(bytes: &[u8]) -> Key {
        Key(bytes.into())
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// HMAC-SHA256(key, domain ‖ 0 ‖ label ‖ 0 ‖ value).
    pub(crate) fn mac(&self, domain: &str, label: &str, value: &str) -> [u8; 32] {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC accepts keys of any length");
        m.update(domain.as_bytes());
        m.update(&[0]);
        m.update(label.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        m.finalize().into_bytes().into()
    }
}

/// A deterministic stream of bytes seeded by one MAC, for operators that need more
/// choices than 32 bytes give (long identifiers).
pub(crate) struct Draw<'k> {
    key: &'k Key,
    seed: [u8; 32],
    block: [u8; 32],
    at: usize,
    counter: u32,
}

impl<'k> Draw<'k> {
    pub(crate) fn new(key: &'k Key, seed: [u8; 32]) -> Draw<'k> {
        Draw {
            key,
            seed,
            block: seed,
            at: 0,
            counter: 0,
        }
    }

    pub(crate) fn byte(&mut self) -> u8 {
        if self.at == self.block.len() {
            self.counter += 1;
            let mut hex = String::with_capacity(72);
            for b in self.seed {
                hex.push_str(&format!("{b:02x}"));
            }
            self.block = self.key.mac("draw", &self.counter.to_string(), &hex);
            self.at = 0;
        }
        let b = self.block[self.at];
        self.at += 1;
        b
    }

    /// A number in `0..n` (n ≤ 256; the bias of a byte modulo a small n does not matter
    /// for a surrogate).
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        let v = u16::from(self.byte()) << 8 | u16::from(self.byte());
        u32::from(v) % n.max(1)
    }
}

/// The value a keyed operator is computed from: case, punctuation, separators and
/// possessives removed; for names the words are sorted, so "Lopez, Maria" is "Maria Lopez".
pub(crate) fn normalise(label: Label, text: &str) -> String {
    match label {
        Label::Name => {
            let mut words = name_words(text);
            words.sort();
            words.join(" ")
        }
        Label::Phone => {
            let d: String = text.chars().filter(char::is_ascii_digit).collect();
            match d.strip_prefix('1') {
                Some(rest) if d.len() == 11 => rest.to_string(),
                _ => d,
            }
        }
        _ => text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect(),
    }
}

/// Titles and suffixes that are not part of who a person is: "Dr. Maria Lopez" is
/// "Maria Lopez" for numbering and pseudonyms, and a surrogate keeps the title.
pub(crate) const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rn", "md", "np", "pa", "jr", "sr", "ii", "iii",
    "iv", "phd", "lpn", "dds",
];

/// The lower-cased words of a name, possessives and titles dropped.
pub(crate) fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| {
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .or_else(|| w.strip_suffix("'S"))
                .or_else(|| w.strip_suffix("’S"))
                .unwrap_or(w);
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && !TITLES.contains(&w.as_str()))
        .collect()
}

/// `[LABEL-hex]`, `len` hex digits of the MAC.
pub(crate) fn pseudonym(key: &Key, label: Label, text: &str, len: usize, out: &mut String) {
    let mac = key.mac("pseudonym", label.as_str(), &normalise(label, text));
    out.push('[');
    out.push_str(label.as_str());
    out.push('-');
    push_hex(&mac, out);
    out.truncate(out.len() - (64 - len.min(64)));
    out.push(']');
}

/// Lower-case hex of `bytes`.
fn push_hex(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(b"Jefe").unwrap();
        m.update(b"what do ya want for nothing?");
        let hex: String = m
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn normalisation() {
        let cases = [
            (Label::Name, "Maria Lopez", "lopez maria"),
            (Label::Name, "MARIA LOPEZ", "lopez maria"),
            (Label::Name, "Lopez, Maria", "lopez maria"),
            (Label::Name, "Maria Lopez's", "lopez maria"),
            (Label::Name, "Dr. Maria Lopez, MD", "lopez maria"),
            (Label::Phone, "(555) 123-4567", "5551234567"),
            (Label::Phone, "+1 555.123.4567", "5551234567"),
            (Label::Mrn, "A-12345", "a12345"),
        ];
        for (l, t, want) in cases {
            assert_eq!(normalise(l, t), want, "{t}");
        }
    }

    #[test]
    fn pseudonyms() {
        let k = Key::new(b"0123456789abcdef0123456789abcdef");
        let p = |l, t, n| {
            let mut s = String::new();
            pseudonym(&k, l, t, n, &mut s);
            s
        };
        let a = p(Label::Name, "Maria Lopez", 8);
        assert_eq!(a.len(), "[NAME-]".len() + 8);
        assert_eq!(p(Label::Name, "LOPEZ, MARIA", 8), a);
        assert_eq!(p(Label::Name, "Maria Lopez", 12)[..13], a[..13]);
        assert_ne!(p(Label::Name, "Maria Lopes", 8), a);
        let k2 = Key::new(b"0123456789abcdef0123456789abcdeF");
        let mut b = String::new();
        pseudonym(&k2, Label::Name, "Maria Lopez", 8, &mut b);
        assert_ne!(a, b);
    }
}

//! Shared helpers for the streaming and invariant tests: PHI-dense text, chunkings, and a
//! streaming driver.
//!
//! Texts are built from *pieces* — identifiers in the shapes the recognizers look for,
//! clinical distractors that must not be touched, multi-byte characters, and separators
//! (spaces, `\r\n`, blank lines) — so that a random text is dense in exactly the places
//! where a chunk boundary could change the answer. Proptest picks pieces from these tables,
//! so a failing case shrinks to a handful of pieces.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use phiredact::{Context, Finding, Label, Redactor};
use proptest::prelude::*;

/// Identifiers, most with the cue word that makes them certain.
pub const PHI: &[&str] = &[
    "SSN 123-45-6789",
    "ssn: 078-05-1120",
    "SS# 219099999",
    "123-45-6789",
    "(555) 123-4567",
    "555.867.5309",
    "+1 617 555 0199",
    "call 555-123-4567 ext 12",
    "DOB 03/04/1961",
    "born March 4, 1961",
    "DOB: 1961-03-04",
    "seen on 12/25/2023",
    "MRN: 00123456",
    "MRN A1234567",
    "Medical record # 55512345",
    "maria.lopez@example.com",
    "j_smith+portal@mail.example.org",
    "Dr. Maria Lopez",
    "Lopez, Maria",
    "123 Main St, Springfield, IL 62704",
    "PO Box 4411",
    "https://portal.example.com/chart/991",
    "192.168.10.24",
    "age 93",
    "José Núñez",
];

/// Clinical text that looks like numbers and names but is not PHI.
pub const DISTRACTORS: &[&str] = &[
    "BP 120/80",
    "HR 72",
    "metformin 500 mg BID",
    "1/2 tab",
    "O2 sat 98%",
    "ICD-10 E11.9",
    "PEEP 5, FiO2 40%",
    "A1c 7.2",
    "temp 101.3",
    "range 3-5 days",
    "ratio 3:1",
    "q4-6h prn",
    "Parkinson disease",
    "follow up in 2 weeks",
    "Hi Dr. Patel,",
    "Thanks,",
    "the patient reports chest pain",
    "no known allergies",
];

/// Multi-byte characters of 2, 3 and 4 bytes, combining marks, and a ligature.
pub const MULTIBYTE: &[&str] = &[
    "é",
    "ü",
    "ñ",
    "Ω",
    "中文病人",
    "患者",
    "😀",
    "🩺",
    "e\u{301}",
    "ﬁ",
    "ß",
    "\u{200d}",
    "—",
];

/// Separators, including the ones that end segments.
pub const SEPARATORS: &[&str] = &[
    " ", " ", " ", ", ", ". ", "\n", "\r\n", "\n\n", "\r\n\r\n", "\n \t\n", "\t", ": ",
];

/// One piece of text.
pub fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PHI).prop_map(str::to_string),
        3 => prop::sample::select(DISTRACTORS).prop_map(str::to_string),
        4 => prop::sample::select(SEPARATORS).prop_map(str::to_string),
        2 => prop::sample::select(MULTIBYTE).prop_map(str::to_string),
        2 => "[a-zA-Z0-9#:/.@()-]{1,12}",
        1 => "[0-9]{3,11}",
    ]
}

/// A PHI-dense text of up to `max` pieces.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|p| p.concat())
}

/// Cut positions as fractions of the input, turned into byte offsets by [`cuts_for`].
pub fn cut_points(max: usize) -> impl Strategy<Value = Vec<prop::sample::Index>> {
    prop::collection::vec(any::<prop::sample::Index>(), 0..max)
}

/// Sorted byte offsets into `len` bytes (any offset: inside a UTF-8 sequence is fine).
pub fn cuts_for(len: usize, points: &[prop::sample::Index]) -> Vec<usize> {
    let mut cuts: Vec<usize> = points.iter().map(|i| i.index(len + 1)).collect();
    cuts.sort_unstable();
    cuts
}

/// Streams `input` cut at `cuts` (sorted offsets), collecting findings.
pub fn streamed(
    r: &Redactor,
    ctx: &Context,
    input: &[u8],
    cuts: &[usize],
) -> (String, Vec<Finding>) {
    let mut s = r.stream_with(ctx);
    s.collect_findings(true);
    let mut out = String::new();
    let mut at = 0;
    for &c in cuts {
        s.write(&input[at..c], &mut out)
            .expect("stream accepts writes");
        at = c;
    }
    s.write(&input[at..], &mut out)
        .expect("stream accepts writes");
    s.finish(&mut out).expect("stream finishes once");
    (out, s.take_findings())
}

/// Streams `input` in chunks of `n` bytes.
pub fn streamed_by(r: &Redactor, ctx: &Context, input: &[u8], n: usize) -> (String, Vec<Finding>) {
    let cuts: Vec<usize> = (n..input.len()).step_by(n).collect();
    streamed(r, ctx, input, &cuts)
}

/// The shared default redactor.
pub fn redactor() -> &'static Redactor {
    static R: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
    R.get_or_init(Redactor::new)
}

/// A small deterministic generator (SplitMix64) for the large hand-built inputs, where
/// proptest's shrinking would cost more than it tells.
pub struct SeedRng(u64);

impl SeedRng {
    pub fn new(seed: u64) -> SeedRng {
        SeedRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// About `len` bytes of PHI-dense text from the piece tables, with `sep` between pieces.
pub fn seeded_text(seed: u64, len: usize, seps: &[&str]) -> String {
    let mut rng = SeedRng::new(seed);
    let mut s = String::with_capacity(len + 64);
    while s.len() < len {
        let p = match rng.below(10) {
            0..=3 => rng.pick(PHI),
            4..=6 => rng.pick(DISTRACTORS),
            _ => rng.pick(MULTIBYTE),
        };
        s.push_str(p);
        s.push_str(rng.pick(seps));
    }
    s
}

/// Labels whose findings are certain enough that their text must never survive redaction.
pub const CERTAIN: &[Label] = &[Label::Ssn, Label::Phone, Label::Email];

/// Checks the shape of `findings` over `text`: sorted, non-overlapping, non-empty, within
/// the text and on `char` boundaries.
pub fn check_well_formed(text: &str, findings: &[Finding]) -> Result<(), String> {
    for w in findings.windows(2) {
        if w[0].end > w[1].start {
            return Err(format!("overlap or disorder: {:?} then {:?}", w[0], w[1]));
        }
    }
    for f in findings {
        if f.start >= f.end || f.end > text.len() {
            return Err(format!("bad span {f:?} in {} bytes", text.len()));
        }
        if !text.is_char_boundary(f.start) || !text.is_char_boundary(f.end) {
            return Err(format!("span {f:?} not on char boundaries"));
        }
    }
    Ok(())
}

//! What LOCATION and ADDRESS detection cost: MB/s of `Redactor::find` with and without them
//! on a seeded synthetic corpus of clinical notes, the gazetteer's build time and the size of
//! the embedded place data.
//!
//! ```text
//! cargo run --release -p phiredact --example place_throughput
//! ```
//!
//! The corpus plants a known number of places; the run checks that every one is found, so a
//! faster run that finds less does not pass for a better one.

use std::time::{Duration, Instant};

use phiredact::{Label, Redactor};

/// A small xorshift generator: the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const FILLER: &[&str] = &[
    "Pt resting comfortably, denies chest pain or shortness of breath.",
    "Vitals: BP 128/76, HR 84, RR 18, SpO2 97% on 2L NC, T 37.1.",
    "Continue metoprolol 25 mg PO BID and lisinopril 10 mg daily.",
    "Labs notable for K 3.9, Cr 1.2, WBC 11.4, Hgb 10.2.",
    "Foley catheter in place draining clear yellow urine.",
    "Plan: wean O2 as tolerated, ambulate with PT, reassess in AM.",
    "Mobile unit at bedside for echo; Normal sinus rhythm on telemetry.",
    "Reading glasses at bedside. Orange juice with breakfast.",
    "JP drain with 30 cc serosanguinous output. Jackson-Pratt site clean.",
    "Seen in the Emergency Department, then admitted to the MICU.",
    "Sister is health care proxy and was updated by phone.",
    "Lungs with scattered rhonchi, improved after nebulizer treatment.",
];

/// Sentences with exactly one place each.
const PLACES: &[&str] = &[
    "Lives in Bay Minette with her daughter.",
    "Transferred from Calvert Hospital for cath.",
    "Family drove in from Springfield, IL today.",
    "Accepted at St. Mary's Hospital for rehab.",
    "She was born in Baltimore and moved here.",
    "Previously followed at Johns Hopkins.",
    "Resides in Cook County with his wife.",
];

fn corpus(bytes: usize) -> (String, usize) {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let mut text = String::with_capacity(bytes + 256);
    let mut planted = 0;
    while text.len() < bytes {
        for _ in 0..6 {
            text.push_str(rng.pick(FILLER));
            text.push(' ');
        }
        if rng.next() % 3 == 0 {
            text.push_str(rng.pick(PLACES));
            planted += 1;
        }
        text.push_str("\n\n");
    }
    (text, planted)
}

/// Best-of MB/s for each redactor, measured in interleaved rounds (bounded warm-up, then
/// at most 4 s) so that load from other processes falls on every redactor alike.
fn measure(rs: &[&Redactor], text: &str) -> Vec<f64> {
    for r in rs {
        std::hint::black_box(r.find(text));
    }
    let mut best = vec![f64::MAX; rs.len()];
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < 3 || (start.elapsed() < Duration::from_secs(4) && rounds < 30) {
        for (r, b) in rs.iter().zip(best.iter_mut()) {
            let t = Instant::now();
            std::hint::black_box(r.find(text));
            *b = b.min(t.elapsed().as_secs_f64());
        }
        rounds += 1;
    }
    best.iter().map(|t| text.len() as f64 / t / 1e6).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (text, planted) = corpus(4 << 20);

    let without = Redactor::builder()
        .label(Label::Location, false)
        .label(Label::Address, false)
        .label(Label::Zip, false)
        .build()?;
    let t = Instant::now();
    let with = Redactor::new();
    let build_ms = t.elapsed().as_secs_f64() * 1e3;

    let found = with
        .find(&text)
        .iter()
        .filter(|f| f.label == Label::Location)
        .count();
    if found != planted {
        return Err(format!("expected {planted} places, found {found}").into());
    }
    assert!(
        without
            .find(&text)
            .iter()
            .all(|f| f.label != Label::Location)
    );

    let no_location = Redactor::builder().label(Label::Location, false).build()?;
    let mut nothing = Redactor::builder();
    for l in Label::ALL {
        nothing.label(l, false);
    }
    let nothing = nothing.build()?;
    let mut only = Redactor::builder();
    for l in Label::ALL {
        only.label(l, l == Label::Location);
    }
    let only = only.build()?;
    if std::env::var_os("PLACE_ONLY").is_some() {
        // For profiling the recognizer on its own.
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(5) {
            std::hint::black_box(only.find(&text));
        }
        return Ok(());
    }
    let mbs = measure(&[&without, &no_location, &with, &nothing, &only], &text);
    let (off, mid, on) = (mbs[0], mbs[1], mbs[2]);
    let per_mb = |x: f64| 1e3 / x;
    println!(
        "LOCATION recognizer alone: {:.1} ms/MB (engine with nothing on: {:.1} ms/MB)",
        per_mb(mbs[4]) - per_mb(mbs[3]),
        per_mb(mbs[3])
    );
    let data = [
        include_str!("../data/places/cities.txt").len(),
        include_str!("../data/places/counties.txt").len(),
        include_str!("../data/places/famous_facilities.txt").len(),
        include_str!("../data/places/zip3_restricted.txt").len(),
    ]
    .iter()
    .sum::<usize>();
    println!(
        "corpus: {:.1} MB, {planted} places planted and found",
        text.len() as f64 / 1e6
    );
    println!("without LOCATION/ADDRESS/ZIP: {off:.1} MB/s");
    println!("with ADDRESS/ZIP only:        {mid:.1} MB/s");
    println!("with LOCATION/ADDRESS/ZIP:    {on:.1} MB/s");
    println!("cost of LOCATION alone: {:.1}%", (1.0 - on / mid) * 100.0);
    println!(
        "cost of LOCATION/ADDRESS/ZIP: {:.1}%",
        (1.0 - on / off) * 100.0
    );
    println!("first build with the gazetteer: {build_ms:.1} ms");
    println!("embedded place data: {:.1} KiB", data as f64 / 1024.0);
    Ok(())
}

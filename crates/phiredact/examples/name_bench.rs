//! Throughput with and without NAME on a seeded synthetic corpus, and the one-off cost of
//! building the name dictionary.
//!
//! `cargo run --release -p phiredact --example name_bench`

use std::time::Instant;

use phiredact::{Label, Redactor};

const TEMPLATES: &[&str] = &[
    "hi this is {f} {l}, my husband {f2} needs a refill of lisinopril 10 mg. call 555-201-3344",
    "Pt seen by Dr. {l} on 03/04/2023. BP 130/80, HR 88. Will call if labs are off.",
    "{L}, {F}  DOB 04/12/1961  MRN 00123456\nFoley catheter placed, Parkinson disease stable.",
    "SPOKE WITH DR {L} RE K 3.2, KCL 20 MEQ GIVEN. DAUGHTER {F} AT BEDSIDE.",
    "May we move the appointment to June? I hope to see {f} then.\nThanks, {f}",
    "Glasgow coma scale 15, Apgar 9/9. metoprolol 25 mg bid, grant application pending.",
];
const FIRST: &[&str] = &[
    "maria", "jose", "emily", "robert", "aisha", "chen", "katie", "omar",
];
const LAST: &[&str] = &[
    "lopez",
    "okafor",
    "nguyen",
    "smith",
    "garcia-lopez",
    "o'brien",
    "patel",
];

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn corpus(bytes: usize) -> String {
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        let (f, f2, l) = (FIRST[next(8)], FIRST[next(8)], LAST[next(7)]);
        let t = TEMPLATES[next(TEMPLATES.len())]
            .replace("{f}", f)
            .replace("{f2}", f2)
            .replace("{l}", &cap(l))
            .replace("{F}", &f.to_uppercase())
            .replace("{L}", &l.to_uppercase());
        out.push_str(&t);
        out.push_str("\n\n");
    }
    out
}

fn mbps(r: &Redactor, text: &str) -> (f64, usize) {
    let mut n = r.find(text).len(); // warm-up
    let t = Instant::now();
    let rounds = 5;
    for _ in 0..rounds {
        n = r.find(text).len();
    }
    let secs = t.elapsed().as_secs_f64();
    ((text.len() * rounds) as f64 / secs / 1e6, n)
}

fn main() {
    let t = Instant::now();
    let with = Redactor::new();
    println!(
        "first redactor with NAME (builds the dictionary): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let without = Redactor::builder()
        .label(Label::Name, false)
        .build()
        .expect("valid policy");
    let text = corpus(4 << 20);
    let (a, na) = mbps(&without, &text);
    let (b, nb) = mbps(&with, &text);
    assert!(nb > na, "names add findings");
    println!("without NAME: {a:.1} MB/s ({na} findings)");
    println!("with NAME:    {b:.1} MB/s ({nb} findings)");
    println!("cost ratio:   {:.2}x", a / b);
}

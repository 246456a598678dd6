//! Throughput of HL7 v2 redaction on a generated corpus.
//!
//! ```text
//! cargo run --release -p phiredact --example hl7_throughput [MESSAGES]
//! ```
//!
//! The corpus is generated from a fixed seed (ADT^A01 and ORU^R01 messages with NTE and
//! OBX notes that mention the patient by name), so every run redacts the same bytes; each
//! run checks that no generated name, phone or SSN survives and that the finding count is
//! the same on every iteration, then prints the figures.

use std::time::{Duration, Instant};

use phiredact::Redactor;

/// A small deterministic generator (xorshift64*), so the corpus needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
    fn num(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const FAMILY: &[&str] = &[
    "LOPEZ",
    "NGUYEN",
    "OKAFOR",
    "KOWALSKI",
    "HASHEMI",
    "BRANNIGAN",
    "QUINTERO",
    "TANAKA",
    "ABERNATHY",
    "DUBOIS",
    "FITZGERALD",
    "MORALES",
];
const GIVEN: &[&str] = &[
    "MARIA", "DAVID", "ISADORA", "OSWIN", "PRIYA", "TOMASZ", "AMARA", "KENJI", "LUCIA", "EZRA",
    "FATIMA", "GRETA",
];

fn title(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_string() + &c.as_str().to_lowercase())
        .unwrap_or_default()
}

/// One message, and the identifying strings that must not survive.
fn message(rng: &mut Rng, i: usize, secrets: &mut Vec<String>) -> String {
    let (fam, giv) = (rng.pick(FAMILY), rng.pick(GIVEN));
    let (nfam, ngiv) = (rng.pick(FAMILY), rng.pick(GIVEN));
    let mrn = format!("{:08}", rng.num(1, 99_999_999));
    let phone = format!("(217)555-{:04}", rng.num(0, 9999));
    let ssn = format!(
        "{:03}-{:02}-{:04}",
        rng.num(100, 665),
        rng.num(10, 99),
        rng.num(1000, 9999)
    );
    let dob = format!(
        "19{:02}{:02}{:02}",
        rng.num(20, 99),
        rng.num(1, 12),
        rng.num(1, 28)
    );
    secrets.extend([mrn.clone(), phone.clone(), ssn.clone(), dob.clone()]);
    let mut m = format!(
        "MSH|^~\\&|EPIC|HOSP|LAB|HOSP|20240315{:06}||{}|MSG{i:07}|P|2.5.1\r\
         PID|1||{mrn}^^^HOSP^MR||{fam}^{giv}^Q||{dob}|F|||{} Oak Street^^Springfield^IL^62704||{phone}|||||ACC{i:08}|{ssn}\r\
         NK1|1|{nfam}^{ngiv}|SPO|||(217)555-{:04}\r\
         PV1|1|I|4E^401^B|||||1234567890^CHEN^DAVID^^^DR\r",
        rng.num(0, 235959),
        if i % 2 == 0 { "ADT^A01" } else { "ORU^R01" },
        rng.num(1, 9999),
        rng.num(0, 9999),
    );
    for k in 0..rng.num(2, 8) {
        m.push_str(&format!(
            "OBX|{k}|NM|2345-7^Glucose^LN||{}|mg/dL|70-99|N|||F\r",
            rng.num(60, 300)
        ));
    }
    m.push_str(&format!(
        "OBX|9|TX|8251-1^Comment^LN||{} reports {} drove her in; callback {phone}. Seen by Dr. Chen.\r\
         NTE|1||{} {} tolerated the draw well; SSN on file {ssn}.\r",
        title(giv),
        title(ngiv),
        title(giv),
        title(fam),
    ));
    m
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x5EED_0000_0011);
    let mut secrets = Vec::new();
    let corpus: String = (0..n).map(|i| message(&mut rng, i, &mut secrets)).collect();
    let redactor = Redactor::new();

    text_baseline(&redactor, &corpus);
    // Warm-up (bounded), then measure for at least one second and at least three runs.
    let mut out = Vec::with_capacity(corpus.len() * 2);
    let first = redactor
        .redact_hl7_stream(corpus.as_bytes(), &mut out)
        .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "an identifier survived");
    }
    for f in FAMILY.iter().chain(GIVEN) {
        assert!(
            !text.contains(f) && !text.contains(&title(f)),
            "a name survived"
        );
    }
    let mut runs = 0u32;
    let start = Instant::now();
    while runs < 3 || start.elapsed() < Duration::from_secs(1) {
        out.clear();
        let stats = redactor
            .redact_hl7_stream(corpus.as_bytes(), &mut out)
            .unwrap();
        assert_eq!(
            stats.findings, first.findings,
            "finding count changed between runs"
        );
        runs += 1;
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(runs);
    // Verify after measuring (the check is slower than the redaction).
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "an identifier survived");
    }
    for f in FAMILY.iter().chain(GIVEN) {
        assert!(
            !text.contains(f) && !text.contains(&title(f)),
            "a name survived"
        );
    }
    let mb = corpus.len() as f64 / (1024.0 * 1024.0);
    println!(
        "hl7_throughput: {n} messages, {:.1} MiB, {} segments, {} findings",
        mb, first.segments, first.findings
    );
    println!(
        "hl7_throughput: {:.1} MiB/s, {:.0} messages/s ({runs} runs, {:.3} s each)",
        mb / secs,
        n as f64 / secs,
        secs
    );
}

#[allow(dead_code)]
fn text_baseline(redactor: &Redactor, corpus: &str) {
    let start = Instant::now();
    let out = redactor.redact(corpus);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "hl7_throughput: as plain text: {:.1} MiB/s ({} bytes out)",
        corpus.len() as f64 / (1024.0 * 1024.0) / secs,
        out.len()
    );
}

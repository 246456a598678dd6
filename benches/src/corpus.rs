//! A seeded generator of synthetic telehealth traffic, dense in PHI where real traffic is.
//!
//! Four kinds of message, in rough real proportions: patient portal messages (55 %, 100–600
//! bytes), after-hours call notes (20 %), EHR export lines (15 %, pipe-delimited), and
//! triage notes (10 %, several KB over many lines). Messages end with a blank line, so
//! each is one engine segment. Identifiers are planted from small tables of names, streets
//! and numbers; clinical distractors (doses, vitals, ranges, codes) fill the rest. The same
//! seed always gives the same bytes.
//!
//! The generator counts what it plants in shapes the engine is certain about (cued SSNs,
//! formatted phones, e-mails, cued MRNs), so a benchmark can check that its answer is right
//! as well as fast.

/// A small, fast, seedable generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator with the given seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `p` percent.
    pub fn pct(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

const FIRST: &[&str] = &[
    "Maria", "James", "Linda", "Robert", "Aisha", "Wei", "José", "Fatima", "Michael", "Priya",
    "Olga", "Kwame", "Sarah", "Dmitri", "Hannah", "Luis", "Mei", "Grace", "Omar", "Chloé",
];
const LAST: &[&str] = &[
    "Lopez", "Smith", "Nguyen", "Patel", "Okafor", "Kowalski", "Johnson", "García", "Chen",
    "Müller", "O'Brien", "Haddad", "Williams", "Rossi", "Tanaka", "Brown", "Ivanova", "Diaz",
];
const STREETS: &[&str] = &[
    "Main St",
    "Oak Avenue",
    "Elm Street",
    "Maple Dr",
    "Washington Blvd",
    "Cedar Lane",
    "Park Road",
    "Highland Ave",
];
const CITIES: &[&str] = &[
    "Springfield, IL",
    "Columbus, OH",
    "Austin, TX",
    "Portland, OR",
    "Albany, NY",
    "Madison, WI",
];
const OPENERS: &[&str] = &[
    "Hi Dr. {P},",
    "Hello,",
    "Good morning Dr. {P},",
    "Dear care team,",
    "Hi,",
];
const BODIES: &[&str] = &[
    "I have been taking metformin 500 mg BID but my sugars are still 180-220 in the morning.",
    "My BP this morning was 142/91 and HR 88. Should I increase the lisinopril to 20 mg?",
    "The rash is spreading on my left arm, about 3 cm now. No fever, temp 98.6.",
    "Can I get a refill of atorvastatin 40 mg? I have 2 tablets left.",
    "I had my A1c drawn last week, it was 7.2. What does that mean for my dose?",
    "Still coughing at night, using the inhaler 2 puffs q4-6h prn. O2 sat 96% on room air.",
    "Pain is 6/10 today, down from 8/10. Taking ibuprofen 400 mg every 6 hours.",
    "Thank you for seeing me yesterday. The new dose of levothyroxine 75 mcg seems fine.",
    "My daughter has had a fever of 101.3 since Tuesday and is drinking less.",
    "I need a note for work saying I can return on Monday.",
];
const CLOSERS: &[&str] = &["Thanks,", "Thank you,", "Best,", "Regards,", "-"];
const NOTE_LINES: &[&str] = &[
    "CC: shortness of breath x3 days, worse on exertion.",
    "Vitals: BP 128/76, HR 94, RR 20, SpO2 93% RA, T 100.4.",
    "PMH: T2DM, HTN, HLD. ICD-10 E11.9, I10, E78.5.",
    "Meds: metformin 1000 mg BID, lisinopril 10 mg daily, atorvastatin 40 mg qhs.",
    "Allergies: PCN (rash). NKFA.",
    "Assessment: likely viral URI; r/o pneumonia. CXR ordered.",
    "Plan: supportive care, return precautions reviewed, f/u in 1-2 weeks.",
    "Vent settings: PEEP 5, FiO2 40%, TV 450 mL, rate 14.",
    "Labs: Na 138, K 4.1, Cr 0.9, WBC 11.2, Hgb 13.4, Plt 250.",
    "Pt advised to take 1/2 tab at bedtime and to increase fluids to 2 L/day.",
    "Discussed risks and benefits; patient agrees with plan.",
    "Follow up with PCP in 3 months, sooner if symptoms worsen.",
];

/// What was planted, by kind, in shapes the engine should always find.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Planted {
    /// Cued SSNs (`SSN 123-45-6789`).
    pub ssn: u64,
    /// Formatted phone numbers.
    pub phone: u64,
    /// E-mail addresses.
    pub email: u64,
    /// Cued MRNs (`MRN: 00123456`).
    pub mrn: u64,
    /// Person names: a patient's full name (a signature, a caller, a patient field, an
    /// export's `LAST^FIRST`) or a provider's surname after "Dr."; four of the
    /// tables' names are written with accents ("José", "Chloé", "García", "Müller").
    pub name: u64,
}

/// Generates messages one at a time.
#[derive(Clone, Debug)]
pub struct Generator {
    rng: Rng,
    /// Counts of what was planted so far.
    pub planted: Planted,
}

impl Generator {
    /// A generator with the given seed.
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng::new(seed),
            planted: Planted::default(),
        }
    }

    fn name(&mut self) -> String {
        self.planted.name += 1;
        format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST))
    }

    fn phone(&mut self) -> String {
        self.planted.phone += 1;
        let (a, b, c) = (
            self.rng.range(201, 989),
            self.rng.range(200, 999),
            self.rng.range(0, 9999),
        );
        match self.rng.below(3) {
            0 => format!("({a}) {b}-{c:04}"),
            1 => format!("{a}-{b}-{c:04}"),
            _ => format!("{a}.{b}.{c:04}"),
        }
    }

    fn ssn(&mut self) -> String {
        self.planted.ssn += 1;
        format!(
            "SSN {:03}-{:02}-{:04}",
            self.rng.range(1, 665),
            self.rng.range(1, 99),
            self.rng.range(1, 9999)
        )
    }

    fn mrn(&mut self) -> String {
        self.planted.mrn += 1;
        format!("MRN: {:08}", self.rng.range(1_000_000, 99_999_999))
    }

    fn email(&mut self) -> String {
        self.planted.email += 1;
        let user = format!(
            "{}.{}{}",
            self.rng
                .pick(&["maria", "jsmith", "linda", "wei", "k.okafor"]),
            self.rng.pick(&["lopez", "n", "patel", "chen"]),
            self.rng.below(100)
        );
        format!(
            "{user}@{}",
            self.rng
                .pick(&["example.com", "mail.example.org", "clinic.example.net"])
        )
    }

    fn date(&mut self) -> String {
        let (m, d, y) = (
            self.rng.range(1, 12),
            self.rng.range(1, 28),
            self.rng.range(1930, 2024),
        );
        format!("{m:02}/{d:02}/{y}")
    }

    fn address(&mut self) -> String {
        format!(
            "{} {}, {} {:05}",
            self.rng.range(10, 9999),
            self.rng.pick(STREETS),
            self.rng.pick(CITIES),
            self.rng.range(10000, 99999)
        )
    }

    /// Appends one message (ending in a blank line) to `out`.
    pub fn message(&mut self, out: &mut String) {
        match self.rng.below(100) {
            0..=54 => self.portal(out),
            55..=74 => self.call_note(out),
            75..=89 => self.export_line(out),
            _ => self.triage(out),
        }
        out.push_str("\n\n");
    }

    fn portal(&mut self, out: &mut String) {
        let provider = self.rng.pick(LAST);
        let opener = self.rng.pick(OPENERS);
        if opener.contains("{P}") {
            self.planted.name += 1;
        }
        out.push_str(&opener.replace("{P}", provider));
        out.push('\n');
        for _ in 0..self.rng.range(1, 3) {
            out.push_str(self.rng.pick(BODIES));
            out.push(' ');
        }
        if self.rng.pct(30) {
            let p = self.phone();
            out.push_str(&format!("Please call me back at {p}. "));
        }
        if self.rng.pct(15) {
            let d = self.date();
            out.push_str(&format!("My DOB is {d}. "));
        }
        if self.rng.pct(10) {
            let e = self.email();
            out.push_str(&format!("You can also email {e}. "));
        }
        if self.rng.pct(5) {
            let m = self.mrn();
            out.push_str(&format!("My {m}. "));
        }
        out.push('\n');
        out.push_str(self.rng.pick(CLOSERS));
        out.push('\n');
        let n = self.name();
        out.push_str(&n);
    }

    fn call_note(&mut self, out: &mut String) {
        let n = self.name();
        let p = self.phone();
        let d = self.date();
        out.push_str(&format!(
            "After-hours call {d} 02:14. Caller {n} (patient's spouse), callback {p}. "
        ));
        out.push_str(self.rng.pick(BODIES));
        out.push(' ');
        out.push_str(self.rng.pick(NOTE_LINES));
        if self.rng.pct(20) {
            let m = self.mrn();
            out.push_str(&format!(" {m}."));
        }
        out.push_str(" Advised ED if worse. -RN on call");
    }

    fn export_line(&mut self, out: &mut String) {
        let m = self.mrn();
        let (f, l) = (self.rng.pick(FIRST), self.rng.pick(LAST));
        self.planted.name += 1;
        let d = self.date();
        let a = self.address();
        let p = self.phone();
        out.push_str(&format!(
            "PID|1|{m}|{}^{}|DOB {d}|{}|{a}|{p}",
            l.to_uppercase(),
            f.to_uppercase(),
            self.rng.pick(&["F", "M", "U"])
        ));
        if self.rng.pct(20) {
            let s = self.ssn();
            out.push_str(&format!("|{s}"));
        }
        if self.rng.pct(20) {
            let e = self.email();
            out.push_str(&format!("|{e}"));
        }
    }

    fn triage(&mut self, out: &mut String) {
        let n = self.name();
        let d = self.date();
        let m = self.mrn();
        out.push_str(&format!("TRIAGE NOTE\nPatient: {n}  DOB: {d}  {m}\n"));
        if self.rng.pct(30) {
            let s = self.ssn();
            out.push_str(&format!("Insurance verified, {s}\n"));
        }
        let a = self.address();
        out.push_str(&format!("Address on file: {a}\n"));
        for _ in 0..self.rng.range(15, 60) {
            out.push_str(self.rng.pick(NOTE_LINES));
            out.push('\n');
        }
        let p = self.phone();
        self.planted.name += 1;
        out.push_str(&format!(
            "Callback number {p}. Note by Dr. {}.",
            self.rng.pick(LAST)
        ));
    }

    /// Whole messages until `out` holds at least `bytes` bytes.
    pub fn fill(&mut self, out: &mut String, bytes: usize) {
        while out.len() < bytes {
            self.message(out);
        }
    }
}

/// A corpus of about `bytes` bytes from `seed`, with what was planted in it.
pub fn generate(seed: u64, bytes: usize) -> (String, Planted) {
    let mut g = Generator::new(seed);
    let mut out = String::with_capacity(bytes + 8192);
    g.fill(&mut out, bytes);
    (out, g.planted)
}

/// Messages of the corpus as separate strings (without their blank line).
pub fn messages(corpus: &str) -> Vec<&str> {
    corpus.split("\n\n").filter(|m| !m.is_empty()).collect()
}

/// A reader producing `total` bytes of generated messages, without holding them: for
/// memory measurements over inputs larger than memory should need. With `no_newlines`,
/// every line break becomes a space, so the input is one line.
pub struct CorpusReader {
    generator: Generator,
    buf: String,
    at: usize,
    left: u64,
    no_newlines: bool,
}

impl CorpusReader {
    /// A reader of `total` bytes from `seed`.
    pub fn new(seed: u64, total: u64, no_newlines: bool) -> CorpusReader {
        CorpusReader {
            generator: Generator::new(seed),
            buf: String::new(),
            at: 0,
            left: total,
            no_newlines,
        }
    }
}

impl std::io::Read for CorpusReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 || out.is_empty() {
            return Ok(0);
        }
        if self.at == self.buf.len() {
            self.buf.clear();
            self.at = 0;
            self.generator.fill(&mut self.buf, 64 * 1024);
            if self.no_newlines {
                self.buf = self.buf.replace('\n', " ");
            }
        }
        let avail = &self.buf.as_bytes()[self.at..];
        let n = avail.len().min(out.len()).min(self.left as usize);
        out[..n].copy_from_slice(&avail[..n]);
        self.at += n;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(generate(7, 10_000), generate(7, 10_000));
        assert_ne!(generate(7, 10_000).0, generate(8, 10_000).0);
    }

    #[test]
    fn messages_are_mostly_short() {
        let (c, _) = generate(1, 1_000_000);
        let m = messages(&c);
        let short = m.iter().filter(|m| m.len() <= 600).count();
        assert!(short * 100 / m.len() >= 60, "{short} of {}", m.len());
        assert!(m.iter().any(|m| m.len() > 2000));
    }

    #[test]
    fn reader_yields_exactly_the_requested_size() {
        let mut r = CorpusReader::new(3, 300_001, true);
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut v).unwrap();
        assert_eq!(v.len(), 300_001);
        assert!(!v.contains(&b'\n'));
    }
}

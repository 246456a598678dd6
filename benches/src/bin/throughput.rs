//! `phiredact-bench [--mb N] [--reps R] [--seed S]`: throughput on a generated corpus,
//! printed as a table. Every row checks its answer (finding counts against what the
//! generator planted, streamed output against one-shot output); a failed check prints
//! `FAIL` and the process exits with status 1.

use std::time::Instant;

use phiredact::{Context, Label, Redactor};
use phiredact_bench::{Timing, arg, corpus, mb_per_s, median_of};

struct Checks {
    failed: usize,
}

impl Checks {
    fn check(&mut self, ok: bool, what: &str) {
        if !ok {
            self.failed += 1;
            println!("FAIL: {what}");
        }
    }
}

/// A recognizer family: its name, its labels, and the planted count one label must reach.
type Family<'a> = (&'a str, &'a [Label], Option<(Label, u64)>);

fn only(labels: &[Label]) -> Redactor {
    let mut b = Redactor::builder();
    for &l in &Label::ALL {
        b.label(l, labels.contains(&l));
    }
    b.build().expect("label switches are valid")
}

/// One row of the table: MB/s over `bytes` by wall clock and by CPU time, the findings,
/// and a note after them if any.
fn row(name: &str, bytes: usize, d: &Timing, findings: impl std::fmt::Display, note: &str) {
    let line = format!(
        "{:<34} {:>10.1} {:>10.1} {:>10}",
        name,
        mb_per_s(bytes, d.wall),
        mb_per_s(bytes, d.cpu),
        findings
    );
    if note.is_empty() {
        println!("{line}");
    } else {
        println!("{line}   {note}");
    }
}

fn count(r: &Redactor, text: &str, label: Label) -> u64 {
    r.find(text).iter().filter(|f| f.label == label).count() as u64
}

fn main() {
    // Cold start first: nothing else may touch the engine before this.
    let t = Instant::now();
    let r = Redactor::new();
    let cold_new = t.elapsed();
    let t = Instant::now();
    let _ = r.find("SSN 123-45-6789, call (555) 123-4567, DOB 03/04/1961, MRN: 00123456");
    let first_call = t.elapsed();
    let t = Instant::now();
    for _ in 0..100 {
        std::hint::black_box(Redactor::new());
    }
    let warm_new = t.elapsed() / 100;

    let args: Vec<String> = std::env::args().collect();
    if phiredact_bench::flag(&args, "--profile") {
        // One pass of `find` with every detector, for a profiler: nothing else.
        let mb: f64 = arg(&args, "--mb", 1.0);
        let (text, _) = corpus::generate(42, (mb * 1e6) as usize);
        println!("{} findings", r.find(&text).len());
        return;
    }
    let mb: f64 = arg(&args, "--mb", 20.0);
    let reps: usize = arg(&args, "--reps", 3);
    let seed: u64 = arg(&args, "--seed", 42);
    let (text, planted) = corpus::generate(seed, (mb * 1e6) as usize);
    let n = text.len();
    let mut c = Checks { failed: 0 };

    println!("corpus: {n} bytes, seed {seed}, median of {reps} runs; planted {planted:?}");
    println!(
        "Redactor::new() cold: {:.2} ms",
        cold_new.as_secs_f64() * 1e3
    );
    println!(
        "first find (lazy compile): {:.2} ms",
        first_call.as_secs_f64() * 1e3
    );
    println!(
        "Redactor::new() warm: {:.3} ms",
        warm_new.as_secs_f64() * 1e3
    );
    println!();
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "benchmark", "MB/s wall", "MB/s cpu", "findings"
    );

    // All detectors: redact, find, stream.
    let (d, out) = median_of(reps, || r.redact(&text));
    let all = r.find(&text);
    row("redact, all detectors", n, &d, all.len(), "");
    for (label, want) in [
        (Label::Ssn, planted.ssn),
        (Label::Phone, planted.phone),
        (Label::Email, planted.email),
        (Label::Mrn, planted.mrn),
        (Label::Name, planted.name),
    ] {
        let got = all.iter().filter(|f| f.label == label).count() as u64;
        c.check(
            got >= want,
            &format!("{label}: found {got}, planted {want}"),
        );
    }
    let (d, found) = median_of(reps, || r.find(&text).len());
    let find_all = d;
    row("find, all detectors", n, &d, found, "");
    c.check(found == all.len(), "find is deterministic");
    let (d, streamed) = median_of(reps, || {
        let mut v = Vec::with_capacity(out.len());
        let stats = r
            .redact_stream(text.as_bytes(), &mut v)
            .expect("in-memory I/O");
        (v, stats.findings)
    });
    row("redact_stream, all detectors", n, &d, streamed.1, "");
    let stream_wall = d.wall;
    c.check(
        streamed.0 == out.as_bytes(),
        "streamed output equals one-shot",
    );
    c.check(streamed.1 == all.len() as u64, "streamed finding count");
    let (d, parallel) = median_of(reps, || {
        let mut v = Vec::with_capacity(out.len());
        let stats = r
            .redact_stream_parallel(text.as_bytes(), &mut v, &Context::new(), 2)
            .expect("in-memory I/O");
        (v, stats.findings)
    });
    row(
        "redact_stream_parallel, 2 thr",
        n,
        &d,
        parallel.1,
        &format!(
            "{:.2}x redact_stream (wall; the CLI's default on 2 cores)",
            stream_wall.as_secs_f64() / d.wall.as_secs_f64()
        ),
    );
    c.check(
        parallel.0 == out.as_bytes(),
        "parallel stream output equals one-shot",
    );
    c.check(
        parallel.1 == all.len() as u64,
        "parallel stream finding count",
    );

    let ctx = Context::new().with_known_names(["Maria Lopez", "James Smith", "Wei Chen"]);
    let (d, k) = median_of(reps, || r.find_with(&text, &ctx).len());
    row("find, all + known names", n, &d, k, "");
    c.check(k > 0, "known names found");

    // One family at a time.
    let families: &[Family<'_>] = &[
        ("ssn", &[Label::Ssn], Some((Label::Ssn, planted.ssn))),
        (
            "phone",
            &[Label::Phone],
            Some((Label::Phone, planted.phone)),
        ),
        ("date+dob", &[Label::Date, Label::Dob], None),
        (
            "mrn+id",
            &[Label::Mrn, Label::Id],
            Some((Label::Mrn, planted.mrn)),
        ),
        ("age", &[Label::Age], None),
        ("address+zip", &[Label::Address, Label::Zip], None),
        (
            "email+url+ip",
            &[Label::Email, Label::Url, Label::Ip],
            Some((Label::Email, planted.email)),
        ),
        ("names (known only)", &[Label::Name], None),
        ("none (floor)", &[], None),
    ];
    for (name, labels, want) in families {
        let fr = only(labels);
        let (d, k) = median_of(reps, || fr.find_with(&text, &ctx).len());
        row(&format!("find, only {name}"), n, &d, k, "");
        if let Some((label, want)) = want {
            let got = count(&fr, &text, *label);
            c.check(
                got >= *want,
                &format!("only {name}: found {got}, planted {want}"),
            );
        }
    }

    // What names cost (issue 3: within 2x of the structured detectors alone).
    let structured: Vec<Label> = Label::ALL
        .iter()
        .copied()
        .filter(|&l| l != Label::Name)
        .collect();
    let fr = only(&structured);
    let (d, k) = median_of(reps, || fr.find(&text).len());
    row(
        "find, all but names",
        n,
        &d,
        k,
        &format!(
            "names cost {:.2}x (all detectors / all but names, cpu)",
            find_all.cpu.as_secs_f64() / d.cpu.as_secs_f64().max(1e-9)
        ),
    );
    c.check(k < found, "names add findings");

    // Messages: short ones one by one, on one and two threads sharing one redactor.
    let msgs = corpus::messages(&text);
    let short: Vec<&str> = msgs.iter().copied().filter(|m| m.len() <= 600).collect();
    let short_bytes: usize = short.iter().map(|m| m.len()).sum();
    let (d, k1) = median_of(reps, || {
        short.iter().map(|m| r.find(m).len()).sum::<usize>()
    });
    row(
        "find per message (<=600 B), 1 thr",
        short_bytes,
        &d,
        k1,
        &format!(
            "{:.0} msgs/s wall, {:.0} cpu ({} msgs, mean {} B)",
            short.len() as f64 / d.wall.as_secs_f64(),
            short.len() as f64 / d.cpu.as_secs_f64(),
            short.len(),
            short_bytes / short.len().max(1)
        ),
    );
    let one = d;
    // The same with a context built for every message (the patient's names, as an EHR
    // integration passes them), which must cost little next to the scan.
    let (d, kc) = median_of(reps, || {
        short
            .iter()
            .map(|m| {
                let ctx = Context::new().with_known_names(["Maria Lopez", "Wei Chen"]);
                r.find_with(m, &ctx).len()
            })
            .sum::<usize>()
    });
    row(
        "find_with per message, names",
        short_bytes,
        &d,
        kc,
        &format!(
            "{:.0} msgs/s wall, {:.2}x the time without names",
            short.len() as f64 / d.wall.as_secs_f64(),
            d.cpu.as_secs_f64() / one.cpu.as_secs_f64().max(1e-9)
        ),
    );
    c.check(kc >= k1, "per-message known names find at least as much");
    let (d, k2) = median_of(reps, || {
        let (a, b) = short.split_at(short.len() / 2);
        std::thread::scope(|s| {
            let ha = s.spawn(|| a.iter().map(|m| r.find(m).len()).sum::<usize>());
            let hb = s.spawn(|| b.iter().map(|m| r.find(m).len()).sum::<usize>());
            ha.join().expect("worker") + hb.join().expect("worker")
        })
    });
    row(
        "find per message (<=600 B), 2 thr",
        short_bytes,
        &d,
        k2,
        &format!(
            "{:.0} msgs/s wall, {:.2}x one thread (wall)",
            short.len() as f64 / d.wall.as_secs_f64(),
            one.wall.as_secs_f64() / d.wall.as_secs_f64()
        ),
    );
    c.check(k1 == k2, "two threads find what one finds");

    println!();
    if c.failed == 0 {
        println!("bench: all checks passed");
    } else {
        println!("bench: {} checks failed", c.failed);
        std::process::exit(1);
    }
}

//! `phiredact-corpus [--mb N] [--seed S] [--out FILE]`: writes N MB (10^6 bytes, rounded up
//! to whole messages) of generated telehealth traffic to FILE or stdout, and what was
//! planted to stderr.

use std::io::Write;

use phiredact_bench::{arg, corpus};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let mb: f64 = arg(&args, "--mb", 100.0);
    let seed: u64 = arg(&args, "--seed", 42);
    let out: String = arg(&args, "--out", "-".to_string());
    let total = (mb * 1e6) as usize;
    let mut w: Box<dyn Write> = if out == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(&out)?)
    };
    let mut g = corpus::Generator::new(seed);
    let mut buf = String::new();
    let mut written = 0;
    while written < total {
        buf.clear();
        g.fill(&mut buf, (1 << 20).min(total - written));
        w.write_all(buf.as_bytes())?;
        written += buf.len();
    }
    w.flush()?;
    eprintln!("phiredact-corpus: {written} bytes, planted {:?}", g.planted);
    Ok(())
}

//! `phiredact-memory [--mb N] [--mode lines|one-line] [--cli PATH] [--max-mib M]`: peak
//! resident memory while streaming N MB of generated messages (`lines`) or the same with
//! every line break turned into a space (`one-line`: no newline at all).
//!
//! In-process by default (the library's `redact_stream`, peak from `VmHWM`); with `--cli`,
//! the `phiredact redact --quiet` binary at PATH is fed on stdin and its `VmHWM` is polled.
//! The input is generated on the fly, never held, so the figure is the engine's own.
//! Exits with status 1 if the peak exceeds `--max-mib` (default 32).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use phiredact::Redactor;
use phiredact_bench::{arg, corpus::CorpusReader, peak_rss_kib, status_field};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mb: f64 = arg(&args, "--mb", 1000.0);
    let mode: String = arg(&args, "--mode", "lines".to_string());
    let cli: String = arg(&args, "--cli", String::new());
    let max_mib: f64 = arg(&args, "--max-mib", 32.0);
    let total = (mb * 1e6) as u64;
    let one_line = match mode.as_str() {
        "lines" => false,
        "one-line" => true,
        other => {
            eprintln!("unknown --mode {other}: lines or one-line");
            std::process::exit(2);
        }
    };
    let reader = CorpusReader::new(42, total, one_line);
    let t = Instant::now();
    let (peak_kib, findings, who) = if cli.is_empty() {
        let r = Redactor::new();
        let _ = r.redact("warm-up: SSN 123-45-6789");
        let before = peak_rss_kib().unwrap_or(0);
        let stats = r
            .redact_stream(reader, std::io::sink())
            .expect("sink never fails");
        assert_eq!(stats.bytes_in, total, "every byte was read");
        let peak = peak_rss_kib().unwrap_or(0);
        eprintln!(
            "(process peak before streaming: {:.1} MiB)",
            before as f64 / 1024.0
        );
        (peak, stats.findings, "library redact_stream".to_string())
    } else {
        (run_cli(&cli, reader), 0, format!("{cli} redact --quiet"))
    };
    let d = t.elapsed();
    let peak_mib = peak_kib as f64 / 1024.0;
    println!(
        "memory: {who}, {mode}, {total} bytes: peak RSS {peak_mib:.1} MiB, {:.1} MB/s{}",
        total as f64 / 1e6 / d.as_secs_f64(),
        if cli.is_empty() {
            format!(", {findings} findings")
        } else {
            String::new()
        }
    );
    if peak_kib == 0 || peak_mib > max_mib || (cli.is_empty() && findings == 0) {
        println!("FAIL: peak {peak_mib:.1} MiB (limit {max_mib} MiB), {findings} findings");
        std::process::exit(1);
    }
}

/// Feeds `input` to the CLI and returns its peak RSS in KiB, polled from `/proc`.
fn run_cli(path: &str, mut input: CorpusReader) -> u64 {
    let mut child = Command::new(path)
        .args(["redact", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {path}: {e}"));
    let status = format!("/proc/{}/status", child.id());
    let mut stdin = child.stdin.take().expect("piped stdin");
    let feeder = std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = input.read(&mut buf).expect("generator never fails");
            if n == 0 || stdin.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
    let mut peak = 0;
    // VmHWM only grows, so the last reading before exit is (nearly) the true peak.
    while child.try_wait().expect("child status").is_none() {
        if let Some(kib) = status_field(&status, "VmHWM:") {
            peak = peak.max(kib);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    feeder.join().expect("feeder thread");
    peak
}

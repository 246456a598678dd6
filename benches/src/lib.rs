//! Shared pieces of the phiredact benchmarks: the seeded corpus generator and small
//! helpers for timing and memory.
//!
//! The benchmarks are a small harness of their own rather than criterion or divan: they
//! must run over 100 MB–1 GB inputs, check finding counts on every run (a fast wrong answer
//! must not pass), and read peak RSS from `/proc`, none of which those frameworks help with;
//! and the crate stays free of dependencies, so it builds in seconds on a shared machine.

pub mod corpus;

use std::time::{Duration, Instant};

/// Peak resident set size of this process in KiB (`VmHWM` in `/proc/self/status`).
pub fn peak_rss_kib() -> Option<u64> {
    status_field("/proc/self/status", "VmHWM:")
}

/// A `kB` field of a `/proc/<pid>/status` file.
pub fn status_field(path: &str, field: &str) -> Option<u64> {
    let s = std::fs::read_to_string(path).ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat`, in clock
/// ticks of 10 ms. On a shared machine wall time measures the neighbours too; CPU time
/// shows what the work itself cost.
pub fn cpu_time() -> Duration {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = s.rsplit(')').next().unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// One measurement: median wall time and median CPU time over the repetitions.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// Median wall-clock time.
    pub wall: Duration,
    /// Median process CPU time (all threads).
    pub cpu: Duration,
}

/// Runs `f` `reps` times and returns the median times and the last result.
pub fn median_of<T>(reps: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut walls = Vec::with_capacity(reps);
    let mut cpus = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps.max(1) {
        let c = cpu_time();
        let t = Instant::now();
        let r = f();
        walls.push(t.elapsed());
        cpus.push(cpu_time().saturating_sub(c));
        last = Some(r);
    }
    walls.sort();
    cpus.sort();
    let timing = Timing {
        wall: walls[walls.len() / 2],
        cpu: cpus[cpus.len() / 2].max(Duration::from_millis(1)),
    };
    (timing, last.expect("at least one repetition"))
}

/// Megabytes (10^6 bytes) per second.
pub fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

/// Parses `--name value` from the command line, with a default.
pub fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether the flag `name` is on the command line.
pub fn flag(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}

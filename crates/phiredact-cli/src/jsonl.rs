//! JSON lines in and out (`--jsonl`).
//!
//! Each input line is a JSON object whose text field (default "text") is scanned. A line
//! that is not such an object is an error naming the line number — never echoed, and never
//! passed through unscanned. Offsets in JSON are code points (`start`/`end`, Python string
//! indices) and UTF-8 bytes (`byte_start`/`byte_end`).

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use phiredact::{Context, Redactor};
use serde_json::{Value, json};

use crate::Failure;

/// Lines are read in batches of about this many bytes (sooner after a short read, so a slow
/// pipe is not held back) and each batch is split between the threads.
const BATCH: usize = 1 << 20;
/// The most one read asks for.
const READ: usize = 64 * 1024;

/// What a run of lines made, and the error that stopped it, if one did.
type Made = (Vec<u8>, Option<Failure>);

/// Calls `handle` with every JSON object of `reader` and its text field, writing what it
/// makes to `out` in input order. With `threads` above one, each batch of lines is cut
/// into about eight runs of lines per thread, which the threads take in turn, and what they
/// make is written in input order: the same output as one thread, and on a bad line the
/// same lines written before the same error.
fn for_each_object(
    mut reader: impl Read,
    field: &str,
    threads: usize,
    out: &mut dyn Write,
    handle: impl Fn(serde_json::Map<String, Value>, String, &mut Vec<u8>) -> Result<(), Failure> + Sync,
) -> Result<(), Failure> {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; READ];
    let mut lines_before = 0u64;
    loop {
        let n = loop {
            match reader.read(&mut chunk) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        };
        buf.extend_from_slice(&chunk[..n]);
        let eof = n == 0;
        if !eof && n == READ && buf.len() < BATCH {
            continue;
        }
        let cut = if eof {
            buf.len()
        } else {
            buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        let mut lines = Vec::new();
        let mut at = 0;
        while at < cut {
            let end = buf[at..cut]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(cut, |i| at + i + 1);
            lines.push((at, end));
            at = end;
        }
        let batch = &buf[..cut];
        // About eight runs of lines per thread, taken in turn: a thread that drew long
        // notes does not hold up the batch.
        let per = lines.len().div_ceil(threads.max(1) * 8).max(1);
        let parts: Vec<&[(usize, usize)]> = lines.chunks(per).collect();
        let run = |i: usize| {
            let first = lines_before + 1 + (i * per) as u64;
            let mut made = Vec::new();
            for (k, &(s, e)) in parts[i].iter().enumerate() {
                if let Err(f) = object(&batch[s..e], first + k as u64, field, &mut made, &handle) {
                    return (made, Some(f));
                }
            }
            (made, None)
        };
        let mut results: Vec<(usize, Made)> = if threads <= 1 || cut < 64 * 1024 {
            (0..parts.len()).map(|i| (i, run(i))).collect()
        } else {
            let next = AtomicUsize::new(0);
            let work = || {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= parts.len() {
                        return done;
                    }
                    done.push((i, run(i)));
                }
            };
            std::thread::scope(|scope| {
                let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
                let mut all = work();
                for h in others {
                    all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                }
                all
            })
        };
        results.sort_unstable_by_key(|(i, _)| *i);
        for (_, (made, failed)) in results {
            out.write_all(&made)?;
            if let Some(f) = failed {
                return Err(f);
            }
        }
        lines_before += lines.len() as u64;
        buf.drain(..cut);
        if eof {
            return Ok(());
        }
    }
}

/// One line: decoded, parsed, its text field taken, and handed to `handle` (blank lines
/// are skipped).
fn object(
    line: &[u8],
    n: u64,
    field: &str,
    made: &mut Vec<u8>,
    handle: &impl Fn(serde_json::Map<String, Value>, String, &mut Vec<u8>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let raw = String::from_utf8_lossy(line);
    if raw.trim().is_empty() {
        return Ok(());
    }
    let obj = match serde_json::from_str::<Value>(&raw) {
        Ok(Value::Object(o)) => o,
        Ok(_) => return Err(Failure(format!("line {n}: not a JSON object"))),
        Err(e) => {
            // serde_json's message gives line/column, not content.
            return Err(Failure(format!(
                "line {n}: invalid JSON ({} at column {})",
                classify(&e),
                e.column()
            )));
        }
    };
    let text = match obj.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => {
            return Err(Failure(format!("line {n}: no string field \"{field}\"")));
        }
        Some(_) => {
            return Err(Failure(format!(
                "line {n}: field \"{field}\" is not a string"
            )));
        }
    };
    handle(obj, text, made)
}

fn classify(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "data error",
        serde_json::error::Category::Eof => "unexpected end",
    }
}

pub(crate) fn redact(
    redactor: &Redactor,
    ctx: &Context,
    reader: impl Read,
    out: &mut dyn Write,
    field: &str,
    subject_field: Option<&str>,
    threads: usize,
) -> Result<(), Failure> {
    for_each_object(reader, field, threads, out, |mut obj, text, made| {
        // Each line is one document: numbered tags start afresh, and the line's own
        // subject (when --subject-field names one) decides its date shift.
        let subject = subject_field.and_then(|f| match obj.get(f) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
        let red = match subject {
            Some(s) => redactor.redact_with(&text, &ctx.clone().with_subject(s)),
            None => redactor.redact_with(&text, ctx),
        };
        obj.insert(field.to_string(), Value::String(red));
        serde_json::to_writer(&mut *made, &Value::Object(obj)).map_err(std::io::Error::from)?;
        made.push(b'\n');
        Ok(())
    })
}

pub(crate) fn scan(
    redactor: &Redactor,
    ctx: &Context,
    reader: impl Read,
    out: &mut dyn Write,
    field: &str,
    show_text: bool,
    threads: usize,
) -> Result<(), Failure> {
    for_each_object(reader, field, threads, out, |mut obj, text, made| {
        let findings = redactor.find_with(&text, ctx);
        let bytes: Vec<usize> = findings.iter().flat_map(|f| [f.start, f.end]).collect();
        let chars = phiredact::offsets::byte_to_char_offsets(&text, &bytes);
        let list: Vec<Value> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut o = json!({
                    "start": chars[2 * i],
                    "end": chars[2 * i + 1],
                    "byte_start": f.start,
                    "byte_end": f.end,
                    "label": f.label.as_str(),
                    "rule": f.rule,
                });
                if show_text {
                    o["text"] = Value::from(&text[f.start..f.end]);
                }
                o
            })
            .collect();
        obj.insert("findings".into(), Value::Array(list));
        serde_json::to_writer(&mut *made, &Value::Object(obj)).map_err(std::io::Error::from)?;
        made.push(b'\n');
        Ok(())
    })
}

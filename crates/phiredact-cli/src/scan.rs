//! `phiredact scan`: findings as JSON lines, without the matched text by default, because
//! findings are PHI themselves.

use std::io::Write;

use phiredact::{Context, Finding};
use serde_json::{Value, json};

use crate::input::{inputs, output};
use crate::progress::{Counting, bar};
use crate::{Common, Failure, build_redactor};

pub(crate) fn run(c: &Common, show_text: bool) -> Result<(), Failure> {
    let redactor = build_redactor(c.policy.as_ref(), c.key_env.as_deref())?;
    let ctx = crate::context(c);
    let ins = inputs(&c.files)?;
    let many = ins.len() > 1;
    let mut out = output(c.output.as_deref())?;
    for input in ins {
        let bar = bar(input.size, c.quiet);
        let reader = Counting {
            inner: input.reader,
            bar: bar.clone(),
        };
        if c.jsonl {
            crate::jsonl::scan(
                &redactor,
                &ctx,
                reader,
                &mut out,
                &c.field,
                show_text,
                crate::threads(c),
            )?;
        } else {
            let file = if many {
                Some(input.name.as_str())
            } else {
                None
            };
            scan_text(
                &redactor,
                &ctx,
                reader,
                &mut out,
                show_text,
                file,
                crate::threads(c),
            )
            .map_err(|e| Failure(format!("{}: {}", input.name, e.0)))?;
        }
        bar.finish_and_clear();
    }
    out.flush()?;
    Ok(())
}

/// Plain text: one JSON object per finding, `{"line", "start", "end", "label", "rule"}`,
/// with a 1-based line number and code point columns within that line (a finding that
/// crosses a line break has its end counted from the start of its first line).
fn scan_text(
    redactor: &phiredact::Redactor,
    ctx: &Context,
    reader: impl std::io::Read + Send,
    out: &mut dyn Write,
    show_text: bool,
    file: Option<&str>,
    threads: usize,
) -> Result<(), Failure> {
    let mut lines_before = 0u64;
    redactor.scan_stream_parallel(reader, ctx, threads, |seg, base, findings| {
        let mut line = lines_before;
        let mut line_start = 0usize; // byte offset in seg of the current line
        let mut at = 0usize;
        for f in findings {
            let s = f.start - base;
            let e = f.end - base;
            for (i, _) in seg[at..s].match_indices('\n') {
                line += 1;
                line_start = at + i + 1;
            }
            at = s;
            write_finding(out, f, seg, s, e, line + 1, line_start, show_text, file)?;
        }
        lines_before += seg.bytes().filter(|&b| b == b'\n').count() as u64;
        Ok(())
    })?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_finding(
    out: &mut dyn Write,
    f: &Finding,
    seg: &str,
    s: usize,
    e: usize,
    line: u64,
    line_start: usize,
    show_text: bool,
    file: Option<&str>,
) -> std::io::Result<()> {
    let start = seg[line_start..s].chars().count();
    let end = start + seg[s..e].chars().count();
    let mut obj = serde_json::Map::new();
    if let Some(file) = file {
        obj.insert("file".into(), Value::from(file));
    }
    obj.insert("line".into(), json!(line));
    obj.insert("start".into(), json!(start));
    obj.insert("end".into(), json!(end));
    obj.insert("label".into(), Value::from(f.label.as_str()));
    obj.insert("rule".into(), Value::from(f.rule));
    if show_text {
        obj.insert("text".into(), Value::from(&seg[s..e]));
    }
    serde_json::to_writer(&mut *out, &Value::Object(obj))?;
    out.write_all(b"\n")
}

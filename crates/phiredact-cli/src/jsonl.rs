//! JSON lines in and out (`--jsonl`).
//!
//! Each input line is a JSON object whose text field (default "text") is scanned. A line
//! that is not such an object is an error naming the line number — never echoed, and never
//! passed through unscanned. Offsets in JSON are code points (`start`/`end`, Python string
//! indices) and UTF-8 bytes (`byte_start`/`byte_end`).

use std::io::{BufRead, BufReader, Read, Write};

use phiredact::{Context, Redactor};
use serde_json::{Value, json};

use crate::Failure;

fn for_each_object(
    reader: impl Read,
    field: &str,
    mut f: impl FnMut(serde_json::Map<String, Value>, String) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut r = BufReader::with_capacity(256 * 1024, reader);
    let mut line = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        n += 1;
        let raw = String::from_utf8_lossy(&line);
        if raw.trim().is_empty() {
            continue;
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
        f(obj, text)?;
    }
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
) -> Result<(), Failure> {
    for_each_object(reader, field, |mut obj, text| {
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
        serde_json::to_writer(&mut *out, &Value::Object(obj)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
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
) -> Result<(), Failure> {
    for_each_object(reader, field, |mut obj, text| {
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
        serde_json::to_writer(&mut *out, &Value::Object(obj)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    })
}

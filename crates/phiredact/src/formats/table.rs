//! Tabular exports: CSV (RFC 4180, with a header row) and JSON lines.
//!
//! Each column (for JSON lines, each top-level field) has an action from
//! `[formats.table.columns]`: redact whole with a label, scan as text, or keep; unlisted
//! columns are scanned. The values of the NAME columns of a row are passed as known names
//! to the text columns of the same row. Both formats stream one record at a time.
//!
//! The CSV reader is a small RFC 4180 one rather than the `csv` crate: the core keeps its
//! dependency list short, and redaction needs to know which fields were quoted (so the
//! output keeps its quoting) and each record's line ending, which is simplest to keep
//! when the reader is ours. Quotes are kept where the input had them, and added where a
//! replacement needs them.

use std::io::{BufRead, BufReader, Read, Write};

use serde_json::Value;

use crate::error::Error;
use crate::finding::Label;
use crate::formats::{FieldAction, MAX_MESSAGE, Replacements, column_action, name_tokens};
use crate::redactor::{Context, Redactor};
use crate::stream::StreamStats;

/// One CSV field as read.
struct Field {
    value: String,
    quoted: bool,
}

/// Reads one record (one or more physical lines when a quoted field spans lines).
/// Returns the fields and the record's line ending, or `None` at the end.
fn read_record(
    r: &mut impl BufRead,
    line_no: &mut u64,
    buf: &mut Vec<u8>,
) -> Result<Option<(Vec<Field>, String)>, Error> {
    buf.clear();
    let start_line = *line_no + 1;
    loop {
        let n = r.read_until(b'\n', buf)?;
        if n > 0 {
            *line_no += 1;
        }
        let quotes = buf.iter().filter(|&&b| b == b'"').count();
        if quotes % 2 == 0 || n == 0 {
            if n == 0 && quotes % 2 == 1 {
                return Err(Error::format(format!(
                    "CSV: record at line {start_line}: unterminated quoted field"
                )));
            }
            break;
        }
        if buf.len() > MAX_MESSAGE {
            return Err(Error::format(format!(
                "CSV: record at line {start_line} is longer than {MAX_MESSAGE} bytes"
            )));
        }
    }
    if buf.is_empty() {
        return Ok(None);
    }
    let text = crate::segment::decode(buf);
    let (body, ending) = if let Some(b) = text.strip_suffix("\r\n") {
        (b, "\r\n")
    } else if let Some(b) = text.strip_suffix('\n') {
        (b, "\n")
    } else {
        (&text[..], "")
    };
    Ok(Some((parse_fields(body), ending.to_string())))
}

/// Splits a record body into fields. A quote inside an unquoted field, or text after a
/// closing quote, is taken literally (and scanned like the rest).
fn parse_fields(body: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut chars = body.chars().peekable();
    loop {
        let mut value = String::new();
        let mut quoted = false;
        if chars.peek() == Some(&'"') {
            quoted = true;
            chars.next();
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        value.push('"');
                    } else {
                        break;
                    }
                } else {
                    value.push(c);
                }
            }
        }
        let mut more = false;
        for c in chars.by_ref() {
            if c == ',' {
                more = true;
                break;
            }
            value.push(c);
        }
        fields.push(Field { value, quoted });
        if !more {
            return fields;
        }
    }
}

fn write_field(value: &str, quoted: bool, out: &mut String) {
    if quoted || value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Per-stream helpers shared by CSV and JSON lines.
struct Cells<'r> {
    redactor: &'r Redactor,
    reps: Replacements<'r>,
    findings: u64,
}

impl Cells<'_> {
    /// The context of one row, which is one document for the replacements.
    fn context(&mut self, names: &[String]) -> Context {
        let ctx = if names.is_empty() {
            Context::new()
        } else {
            Context::new().with_known_names(names)
        };
        self.reps.new_document(&ctx);
        ctx
    }

    fn cell(&mut self, action: FieldAction, value: &str, ctx: &Context) -> String {
        match action {
            FieldAction::Keep => value.to_string(),
            FieldAction::Redact(label) if !value.trim().is_empty() => {
                match self.reps.replace(label, value) {
                    Some(r) => {
                        self.findings += 1;
                        r
                    }
                    None => self.text(value, ctx),
                }
            }
            FieldAction::Redact(_) => value.to_string(),
            FieldAction::Text => self.text(value, ctx),
        }
    }

    fn text(&mut self, value: &str, ctx: &Context) -> String {
        let f = self.redactor.find_with(value, ctx);
        self.findings += f.len() as u64;
        if f.is_empty() {
            value.to_string()
        } else {
            self.reps.apply(value, &f)
        }
    }

    /// A JSON value under `action`: strings (and, for a label, numbers) replaced.
    fn json(&mut self, action: FieldAction, v: &mut Value, ctx: &Context) {
        match v {
            Value::String(s) => *s = self.cell(action, s, ctx),
            Value::Number(n) => {
                if let FieldAction::Redact(label) = action {
                    if let Some(r) = self.reps.replace(label, &n.to_string()) {
                        self.findings += 1;
                        *v = Value::String(r);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.json(action, i, ctx)),
            Value::Object(map) => map.values_mut().for_each(|i| self.json(action, i, ctx)),
            Value::Bool(_) | Value::Null => {}
        }
    }
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let mut n = String::new();
            name_tokens(s, &mut n);
            if !n.is_empty() {
                out.push(n);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

impl Redactor {
    /// Redacts a CSV export with a header row, one record at a time, with the per-column
    /// policy of `[formats.table.columns]` (see [`crate::formats`]). The header row is
    /// scanned as text too. Stats count records.
    ///
    /// ```
    /// let policy = phiredact::Policy::parse(
    ///     "[formats.table.columns]\npatient = \"NAME\"\nhgb = \"keep\"\n",
    /// )?;
    /// let r = phiredact::Redactor::with_policy(policy)?;
    /// let out = r.redact_csv("patient,hgb,note\n\"Lopez, Maria\",11.2,Maria is tired\n")?;
    /// assert_eq!(out, "patient,hgb,note\n\"[NAME]\",11.2,[NAME] is tired\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redact_csv(&self, csv: &str) -> Result<String, Error> {
        let mut out = Vec::with_capacity(csv.len() + csv.len() / 8);
        self.redact_csv_stream(csv.as_bytes(), &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Like [`redact_csv`](Redactor::redact_csv), from a reader to a writer in bounded
    /// memory (one record at a time).
    pub fn redact_csv_stream<R: Read, W: Write>(
        &self,
        reader: R,
        mut writer: W,
    ) -> Result<StreamStats, Error> {
        let mut r = BufReader::with_capacity(64 * 1024, reader);
        let policy = &self.policy().formats.table;
        let mut cells = Cells {
            redactor: self,
            reps: self.field_replacements(),
            findings: 0,
        };
        let mut stats = StreamStats::default();
        let (mut line_no, mut buf) = (0u64, Vec::new());
        let mut actions: Option<Vec<FieldAction>> = None;
        let mut out = String::new();
        let mut names = Vec::new();
        while let Some((fields, ending)) = read_record(&mut r, &mut line_no, &mut buf)? {
            stats.bytes_in += buf.len() as u64;
            stats.segments += 1;
            out.clear();
            names.clear();
            let acts = actions.get_or_insert_with(|| {
                fields
                    .iter()
                    .map(|f| column_action(policy, &f.value))
                    .collect()
            });
            let header = stats.segments == 1;
            let act = |i: usize| {
                if header {
                    // The header row: column names, scanned as text.
                    FieldAction::Text
                } else {
                    acts.get(i).copied().unwrap_or(FieldAction::Text)
                }
            };
            for (i, f) in fields.iter().enumerate() {
                if act(i) == FieldAction::Redact(Label::Name) {
                    let mut n = String::new();
                    name_tokens(&f.value, &mut n);
                    if !n.is_empty() {
                        names.push(n);
                    }
                }
            }
            let ctx = cells.context(&names);
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let v = cells.cell(act(i), &f.value, &ctx);
                write_field(&v, f.quoted, &mut out);
            }
            out.push_str(&ending);
            writer.write_all(out.as_bytes())?;
            stats.bytes_out += out.len() as u64;
        }
        stats.findings = cells.findings;
        writer.flush()?;
        Ok(stats)
    }

    /// Redacts JSON lines (one object per line) with the per-field policy of
    /// `[formats.table.columns]` applied to top-level fields: a labelled field has every
    /// string and number inside replaced, a text field every string scanned, and unlisted
    /// fields are scanned. A line that is not a JSON object is an error naming the line.
    pub fn redact_jsonl(&self, jsonl: &str) -> Result<String, Error> {
        let mut out = Vec::with_capacity(jsonl.len() + jsonl.len() / 8);
        self.redact_jsonl_stream(jsonl.as_bytes(), &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Like [`redact_jsonl`](Redactor::redact_jsonl), from a reader to a writer in bounded
    /// memory (one line at a time).
    pub fn redact_jsonl_stream<R: Read, W: Write>(
        &self,
        reader: R,
        mut writer: W,
    ) -> Result<StreamStats, Error> {
        let mut r = BufReader::with_capacity(64 * 1024, reader);
        let policy = &self.policy().formats.table;
        let mut cells = Cells {
            redactor: self,
            reps: self.field_replacements(),
            findings: 0,
        };
        let mut stats = StreamStats::default();
        let mut line = Vec::new();
        let mut n = 0u64;
        loop {
            line.clear();
            if r.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            n += 1;
            stats.bytes_in += line.len() as u64;
            let raw = String::from_utf8_lossy(&line);
            let body = raw.trim_end_matches(['\r', '\n']);
            let ending = &raw[body.len()..];
            if body.trim().is_empty() {
                writer.write_all(raw.as_bytes())?;
                stats.bytes_out += raw.len() as u64;
                continue;
            }
            let mut obj = match serde_json::from_str::<Value>(body) {
                Ok(Value::Object(o)) => o,
                Ok(_) => {
                    return Err(Error::format(format!(
                        "JSON lines: line {n}: not a JSON object"
                    )));
                }
                Err(e) => {
                    return Err(Error::format(format!(
                        "JSON lines: line {n}: invalid JSON (at column {})",
                        e.column()
                    )));
                }
            };
            stats.segments += 1;
            let mut names = Vec::new();
            for (k, v) in &obj {
                if column_action(policy, k) == FieldAction::Redact(Label::Name) {
                    collect_strings(v, &mut names);
                }
            }
            let ctx = cells.context(&names);
            for (k, v) in obj.iter_mut() {
                cells.json(column_action(policy, k), v, &ctx);
            }
            let mut out = serde_json::to_string(&Value::Object(obj)).unwrap_or_default();
            out.push_str(ending);
            writer.write_all(out.as_bytes())?;
            stats.bytes_out += out.len() as u64;
        }
        stats.findings = cells.findings;
        writer.flush()?;
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &str) -> Vec<(String, bool)> {
        parse_fields(s)
            .into_iter()
            .map(|f| (f.value, f.quoted))
            .collect()
    }

    #[test]
    fn rfc4180_fields() {
        let f = |v: &str, q| (v.to_string(), q);
        assert_eq!(
            fields("a,b,c"),
            vec![f("a", false), f("b", false), f("c", false)]
        );
        assert_eq!(
            fields("a,,"),
            vec![f("a", false), f("", false), f("", false)]
        );
        assert_eq!(fields(""), vec![f("", false)]);
        assert_eq!(
            fields("\"x, \"\"y\"\"\",z"),
            vec![f("x, \"y\"", true), f("z", false)]
        );
        assert_eq!(fields("\"a\nb\",\"\""), vec![f("a\nb", true), f("", true)]);
    }

    #[test]
    fn csv_round_trips_unchanged_text() {
        let r = Redactor::new();
        let csv = "code,value,flag\r\n\"718-7\",\"a, b\",\"\"\r\nx,\"multi\nline\",\n";
        assert_eq!(r.redact_csv(csv).unwrap(), csv);
    }
}

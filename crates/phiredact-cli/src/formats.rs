//! `phiredact redact --format text|hl7|fhir|csv|jsonl|auto` (issue 11).
//!
//! Structured formats are redacted field by field by the core (`phiredact::formats`), with
//! the field tables of the policy's `[formats]` section. `auto` detects HL7 and FHIR from
//! the first bytes of each input, where that is unambiguous, and treats anything else as
//! text. `--jsonl --field NAME` stays the single-field JSON lines mode; `--format jsonl`
//! applies the per-field policy of `[formats.table.columns]` to every field.

use std::io::{Read, Write};

use clap::ValueEnum;
use phiredact::{Format, Redactor};

use crate::input::{inputs, output};
use crate::progress::{Counting, bar};
use crate::{Common, Failure, build_redactor};

/// The `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// Detect HL7 or FHIR from the first bytes; anything else is text.
    Auto,
    /// Plain text.
    Text,
    /// HL7 v2 messages (CR/LF separated or MLLP framed).
    Hl7,
    /// A FHIR R4 JSON document or NDJSON.
    Fhir,
    /// CSV with a header row.
    Csv,
    /// JSON lines, per-field policy.
    Jsonl,
}

impl FormatArg {
    fn format(self) -> Option<Format> {
        match self {
            FormatArg::Auto => None,
            FormatArg::Text => Some(Format::Text),
            FormatArg::Hl7 => Some(Format::Hl7),
            FormatArg::Fhir => Some(Format::Fhir),
            FormatArg::Csv => Some(Format::Csv),
            FormatArg::Jsonl => Some(Format::Jsonl),
        }
    }
}

pub(crate) fn run(c: &Common, format: FormatArg) -> Result<(), Failure> {
    let mut redactor = build_redactor(c.policy.as_ref(), c.key_env.as_deref())?;
    if !c.known_names.is_empty() {
        // The format front ends take known names from the policy (each message brings its
        // own from its identifying fields).
        let mut policy = redactor.policy().clone();
        for n in &c.known_names {
            policy.add_known_name(n.clone());
        }
        let mut b = Redactor::builder();
        b.policy(policy);
        if let Some(var) = c.key_env.as_deref() {
            b.key_from_env(var)
                .map_err(|e| Failure(format!("--key-env: {e}")))?;
        }
        redactor = b.build()?;
    }
    let ins = inputs(&c.files)?;
    let mut out = output(c.output.as_deref())?;
    for input in ins {
        let bar = bar(input.size, c.quiet);
        let mut reader = Counting {
            inner: input.reader,
            bar: bar.clone(),
        };
        let (fmt, head) = match format.format() {
            Some(f) => (f, Vec::new()),
            None => {
                let mut head = Vec::new();
                reader.by_ref().take(4096).read_to_end(&mut head)?;
                (Format::detect(&head).unwrap_or(Format::Text), head)
            }
        };
        redactor
            .redact_format(fmt, std::io::Cursor::new(head).chain(reader), &mut out)
            .map_err(|e| Failure(format!("{}: {e}", input.name)))?;
        bar.finish_and_clear();
    }
    out.flush()?;
    Ok(())
}

//! Structured formats (issue 11): HL7 v2, FHIR R4 JSON, CSV and JSON lines, redacted field
//! by field by the core (`phiredact::formats`) with the field tables of the redactor's
//! policy.
//!
//! The C surface is one-shot only, like `phiredact_redact_bytes`: the whole input in, the
//! whole output out. The core's format front ends pull from a reader, and turning them
//! into push-style C streams would need a buffering state machine per format at this
//! boundary; a FHIR document is parsed whole anyway, and a large HL7 batch can be split at
//! its `MSH` segments and passed one message per call with the same result (names never
//! carry from one message to the next).
//!
//! Fail closed: when the input does not parse in the requested format the call returns
//! `PHIREDACT_STATUS_INVALID_FORMAT` and nothing else, never a partial output (the core
//! stops at the first bad record, after earlier records were already written to its
//! buffer; that buffer is dropped here, not handed out).

#![allow(non_camel_case_types)]

use std::ffi::{CStr, c_char};

use phiredact::Format;

use crate::boundary::{self, Failure, run_or, run_out};
use crate::handle::{Handle, phiredact_string};
use crate::redactor::phiredact_redactor;
use crate::status::phiredact_status;

/// An input format for `phiredact_redact_format`. The values are stable and never reused.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum phiredact_format {
    /// Plain text: the same answer as `phiredact_redact_bytes`.
    Text = 1,
    /// HL7 v2 messages, one or many (CR or newline separated, or MLLP framed), each parsed
    /// with its own delimiters from MSH-1 and MSH-2.
    Hl7 = 2,
    /// One FHIR R4 JSON document (a resource or a Bundle), or FHIR NDJSON (one resource
    /// per line).
    Fhir = 3,
    /// CSV with a header row; columns as the policy's `[formats.table.columns]` says,
    /// unlisted columns scanned as text.
    Csv = 4,
    /// JSON lines, one object per line; fields as for CSV.
    Jsonl = 5,
}

impl phiredact_format {
    /// Every format, in code order.
    pub(crate) const ALL: [phiredact_format; 5] = [
        phiredact_format::Text,
        phiredact_format::Hl7,
        phiredact_format::Fhir,
        phiredact_format::Csv,
        phiredact_format::Jsonl,
    ];

    fn from_code(code: u32) -> Option<phiredact_format> {
        Self::ALL.into_iter().find(|f| *f as u32 == code)
    }

    pub(crate) fn to_core(self) -> Format {
        match self {
            phiredact_format::Text => Format::Text,
            phiredact_format::Hl7 => Format::Hl7,
            phiredact_format::Fhir => Format::Fhir,
            phiredact_format::Csv => Format::Csv,
            phiredact_format::Jsonl => Format::Jsonl,
        }
    }

    /// `None` for a core format this ABI does not know yet (`Format` is non-exhaustive).
    fn from_core(f: Format) -> Option<phiredact_format> {
        Self::ALL.into_iter().find(|c| c.to_core() == f)
    }

    /// The stable lower-case name, as `phiredact redact --format` spells it.
    pub(crate) fn name(self) -> &'static CStr {
        match self {
            phiredact_format::Text => c"text",
            phiredact_format::Hl7 => c"hl7",
            phiredact_format::Fhir => c"fhir",
            phiredact_format::Csv => c"csv",
            phiredact_format::Jsonl => c"jsonl",
        }
    }
}

/// How much of the input `phiredact_format_detect` looks at (as `phiredact redact
/// --format auto` does).
const DETECT_HEAD: usize = 4096;

/// Redacts `data[0..len]`, a record in `format` (a `phiredact_format` value), field by
/// field, and stores the result, a new NUL-terminated string, in `*out`.
///
/// Fields that identify by position (HL7 PID-5, FHIR `Patient.name`, a CSV column the
/// policy labels) are replaced whole; free-text fields, and every field, segment, resource
/// or column the tables do not list, go through the text engine, with the names found in
/// the same message, Bundle or row as known names. The output keeps the input's structure
/// (segments, delimiters and escapes; JSON shape; CSV quoting and column count).
/// `PHIREDACT_FORMAT_TEXT` gives the same answer as `phiredact_redact_bytes`.
///
/// Invalid UTF-8 is decoded as U+FFFD before parsing, as in `phiredact_redact_bytes`, so
/// nothing passes through unscanned.
///
/// On success release `*out` with `phiredact_string_free`. On failure `*out` is set to
/// `{NULL, 0}` and the status is `PHIREDACT_STATUS_INVALID_FORMAT` (the input does not
/// parse as `format`; the last error gives a line or position, never input text),
/// `PHIREDACT_STATUS_INVALID_ARGUMENT` (`format` is not a format code, `r` or `out` is
/// NULL, `data` is NULL with a non-zero `len`). No part of the input is returned on
/// failure, not even the records before the one that failed.
///
/// Thread-safe as `phiredact_redact`.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_redact_format(
    r: *const phiredact_redactor,
    format: u32,
    data: *const c_char,
    len: usize,
    out: *mut phiredact_string,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_string::EMPTY,
        || {
            // SAFETY: the header requires `r` to be NULL or a live redactor.
            let r = unsafe { phiredact_redactor::borrow(r) }?;
            let format = phiredact_format::from_code(format).ok_or_else(|| {
                Failure::argument(format!("{format} is not a phiredact_format value"))
            })?;
            // SAFETY: the header requires `data` to be NULL or `len` readable bytes.
            let data = unsafe { boundary::bytes(data, len, "data") }?;
            let mut buf = Vec::with_capacity(data.len() + data.len() / 8);
            r.inner.redact_format(format.to_core(), data, &mut buf)?;
            // Every front end writes UTF-8 (input decoded lossily, delimiters ASCII); the
            // lossy conversion only guards the invariant and never sees input text.
            let s = String::from_utf8(buf)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            Ok(phiredact_string::from_string(s))
        },
    )
}

/// Guesses the format of an input from its first bytes, `head[0..len]` (the first 4 KiB
/// are enough; more is ignored), where that is unambiguous: an HL7 v2 header (`MSH|`,
/// `FHS|`, `BHS|`, optionally MLLP-framed or after a byte order mark) or a JSON object
/// naming a FHIR `resourceType`.
///
/// On success `*out` receives `PHIREDACT_FORMAT_HL7` or `PHIREDACT_FORMAT_FHIR`. CSV, JSON
/// lines and plain text are never guessed: the call then returns
/// `PHIREDACT_STATUS_FORMAT_NOT_DETECTED` and sets `*out` to `PHIREDACT_FORMAT_TEXT`, the
/// choice that scans everything (what `phiredact redact --format auto` falls back to).
/// `PHIREDACT_STATUS_INVALID_ARGUMENT` if `out` is NULL or `head` is NULL with a non-zero
/// `len` (`*out` is then `PHIREDACT_FORMAT_TEXT` too, when `out` is not NULL).
///
/// Thread-safe; reads nothing but `head`.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_format_detect(
    head: *const c_char,
    len: usize,
    out: *mut phiredact_format,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_format::Text,
        || {
            // SAFETY: the header requires `head` to be NULL or `len` readable bytes.
            let head = unsafe { boundary::bytes(head, len, "head") }?;
            let head = &head[..head.len().min(DETECT_HEAD)];
            Format::detect(head)
                .and_then(phiredact_format::from_core)
                .ok_or_else(|| {
                    Failure::new(
                        phiredact_status::FormatNotDetected,
                        "the format could not be detected (only HL7 v2 and FHIR JSON are \
                         recognised); name it explicitly",
                    )
                })
        },
    )
}

/// The format named `name`, a NUL-terminated string: `"text"`, `"hl7"`, `"fhir"`, `"csv"`
/// or `"jsonl"` (any case; also `"hl7v2"`, `"ndjson"`, `"txt"`), as `phiredact redact
/// --format` accepts them. Stores it in `*out`.
///
/// `PHIREDACT_STATUS_INVALID_ARGUMENT` for another name or a NULL `name` or `out`; `*out`
/// is then `PHIREDACT_FORMAT_TEXT` (when `out` is not NULL). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_format_parse(
    name: *const c_char,
    out: *mut phiredact_format,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_format::Text,
        || {
            // SAFETY: the header requires `name` to be NULL or a NUL-terminated string.
            let name = unsafe { boundary::c_text(name, "name") }?;
            Format::parse(name)
                .and_then(phiredact_format::from_core)
                .ok_or_else(|| {
                    Failure::argument(
                        "unknown format name (expected text, hl7, fhir, csv or jsonl)",
                    )
                })
        },
    )
}

/// The stable lower-case name of a format code, e.g. `"hl7"` for `PHIREDACT_FORMAT_HL7`: a
/// static string, never to be freed. NULL for a value that is not a format. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_format_name(format: u32) -> *const c_char {
    run_or(std::ptr::null(), || {
        phiredact_format::from_code(format).map_or(std::ptr::null(), |f| f.name().as_ptr())
    })
}

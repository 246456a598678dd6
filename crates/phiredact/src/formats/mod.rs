//! Field-aware redaction of structured EHR formats: HL7 v2 messages, FHIR R4 JSON, and
//! tabular exports (CSV, JSON lines).
//!
//! Scanning a structured record as loose text both misses PHI — a bare `PID-5` value
//! `LOPEZ^MARIA^J` has no context cue — and breaks the format. So each front end here
//! parses its format and sorts every value into one of three bins:
//!
//! * **identifying by position** (PID-5, `Patient.name`, a `patient_name` column): every
//!   non-empty value is replaced whole, with the field's [`Label`] and that label's policy
//!   action, so tags and masks look the same as in text;
//! * **free text** (NTE-3, OBX-5, `Communication.payload.contentString`, and *everything
//!   not in a table*): scanned by the text engine, with the names found in the identifying
//!   fields of the same message passed as known names (so "Maria called" in a note is
//!   caught with certainty);
//! * **kept** only where a table says so (codes, units, coded values that are never PHI).
//!
//! The trade-off is deliberate: an unknown segment, resource or column is scanned, never
//! passed through, so a table that is incomplete costs precision, not privacy. Output keeps
//! the input's structure (delimiters, escapes, JSON shape, quoting) so it still parses.
//! Input that cannot be parsed is rejected with an [`ErrorKind::Format`](crate::ErrorKind)
//! error that gives a position and never quotes the input.
//!
//! ```
//! let redactor = phiredact::Redactor::new();
//! let msg = "MSH|^~\\&|ADT|HOSP|||20240315083000||ADT^A01|MSG1|P|2.5\r\
//!            PID|1||00123456^^^HOSP^MR||LOPEZ^MARIA^J||19610304|F\r\
//!            NTE|1||Maria asked about her glucose 5.4 mmol/L\r";
//! let out = redactor.redact_hl7(msg)?;
//! assert!(out.contains("PID|1||[MRN]^^^HOSP^MR||[NAME]^[NAME]^[NAME]||[DOB]|F\r"));
//! assert!(out.contains("NTE|1||[NAME] asked about her glucose 5.4 mmol/L\r"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The field tables are part of the [`Policy`](crate::Policy):
//!
//! ```toml
//! [formats.hl7.fields]
//! ZPI-3 = "NAME"        # a site segment: redact whole, as NAME
//! ZPI-4 = "text"        # scan as text (the default for anything not listed)
//! PID-8 = "keep"        # administrative sex: keep
//!
//! [formats.fhir.elements]
//! "Patient.maritalStatus" = "keep"          # a coded element: keep
//! "Observation.valueString" = "text"        # scan (the default for strings)
//! "*.extension.valueString" = "LOCATION"    # a site extension: redact whole
//!
//! [formats.table.columns]
//! patient_name = "NAME"
//! note = "text"
//! hgb = "keep"
//! ```

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::finding::Finding;
use crate::finding::Label;
use crate::redactor::{Context, Redactor};
use crate::replace::DocState;
use crate::stream::StreamStats;

mod fhir;
mod hl7;
mod table;
mod view;

pub use hl7::MAX_MESSAGE;

/// What to do with one field, column or value of a structured record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldAction {
    /// Identifying by definition: replace every non-empty value whole, with this label's
    /// policy action (written as the label name, `"NAME"`, in the policy).
    Redact(Label),
    /// Scan with the text engine (written `"text"`); the default for unlisted fields.
    Text,
    /// Keep as is, unscanned (written `"keep"`). Use only for values that are never PHI.
    Keep,
}

impl FieldAction {
    /// Parses `"text"`, `"keep"` or a label name, case-insensitively.
    pub fn parse(s: &str) -> Option<FieldAction> {
        if s.eq_ignore_ascii_case("text") {
            Some(FieldAction::Text)
        } else if s.eq_ignore_ascii_case("keep") {
            Some(FieldAction::Keep)
        } else {
            Label::parse(s).map(FieldAction::Redact)
        }
    }
}

/// The HL7 v2 part of the policy: `[formats.hl7.fields]`, keys `SEG-N` (`"PID-5"`,
/// `"ZPI-3"`), values a label name, `"text"` or `"keep"`. Entries override the built-in
/// table field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Hl7Policy {
    /// Field actions by position.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// The tabular part of the policy (CSV and JSON lines): `[formats.table.columns]`, keys
/// column (or top-level field) names, matched case-insensitively, values a label name,
/// `"text"` or `"keep"`. Unlisted columns are scanned as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TablePolicy {
    /// Column actions by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

/// The FHIR part of the policy: `[formats.fhir.elements]`, keys element paths from a
/// resource's root, `"Patient.maritalStatus.text"` (array indices left out), or from any
/// resource with `*` (`"*.extension.valueString"`); values a label name (every string
/// under the element replaced whole), `"text"` (every string scanned) or `"keep"`. An
/// entry takes the place of the built-in rule for that element and everything under it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FhirPolicy {
    /// Element actions by path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub elements: BTreeMap<String, String>,
}

/// The `[formats]` section of the policy document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FormatsPolicy {
    /// HL7 v2 field table additions.
    #[serde(default, skip_serializing_if = "Hl7Policy::is_empty")]
    pub hl7: Hl7Policy,
    /// FHIR element rules.
    #[serde(default, skip_serializing_if = "FhirPolicy::is_empty")]
    pub fhir: FhirPolicy,
    /// CSV / JSON lines column policy.
    #[serde(default, skip_serializing_if = "TablePolicy::is_empty")]
    pub table: TablePolicy,
}

impl Hl7Policy {
    fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl TablePolicy {
    fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

impl FhirPolicy {
    fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }
}

impl FormatsPolicy {
    /// Whether nothing is configured.
    pub fn is_empty(&self) -> bool {
        self.hl7.is_empty() && self.fhir.is_empty() && self.table.is_empty()
    }

    /// Sets the action of an HL7 field (`"PID-8"`).
    pub fn set_hl7_field(&mut self, field: &str, action: FieldAction) -> &mut FormatsPolicy {
        self.hl7
            .fields
            .insert(field.to_string(), action_name(action).to_string());
        self
    }

    /// Sets the action of a FHIR element (`"Patient.maritalStatus"`,
    /// `"*.extension.valueString"`).
    pub fn set_fhir_element(&mut self, path: &str, action: FieldAction) -> &mut FormatsPolicy {
        self.fhir
            .elements
            .insert(path.to_string(), action_name(action).to_string());
        self
    }

    /// Sets the action of a CSV column / JSON lines field.
    pub fn set_column(&mut self, column: &str, action: FieldAction) -> &mut FormatsPolicy {
        self.table
            .columns
            .insert(column.to_string(), action_name(action).to_string());
        self
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        for (key, value) in &self.hl7.fields {
            if hl7::parse_field_key(key).is_none() {
                // Not the key itself: an invalid key may be anything, PHI included.
                return Err(Error::policy(
                    "formats.hl7.fields: a key is not a segment and field number such as \"PID-5\"",
                ));
            }
            if FieldAction::parse(value).is_none() {
                return Err(Error::policy(format!(
                    "formats.hl7.fields.{key}: expected a label name, \"text\" or \"keep\""
                )));
            }
        }
        for (key, value) in &self.fhir.elements {
            if !fhir::is_element_path(key) {
                return Err(Error::policy(
                    "formats.fhir.elements: a key is not a resource type (or *) and element \
                     names such as \"Patient.maritalStatus.text\"",
                ));
            }
            if FieldAction::parse(value).is_none() {
                return Err(Error::policy(format!(
                    "formats.fhir.elements.{key}: expected a label name, \"text\" or \"keep\""
                )));
            }
        }
        for (key, value) in &self.table.columns {
            if FieldAction::parse(value).is_none() {
                return Err(Error::policy(format!(
                    "formats.table.columns.{key}: expected a label name, \"text\" or \"keep\""
                )));
            }
        }
        Ok(())
    }
}

fn action_name(a: FieldAction) -> &'static str {
    match a {
        FieldAction::Redact(l) => l.as_str(),
        FieldAction::Text => "text",
        FieldAction::Keep => "keep",
    }
}

/// An input format, for [`Redactor::redact_format`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text ([`Redactor::redact_stream`]).
    Text,
    /// HL7 v2 messages ([`Redactor::redact_hl7_stream`]).
    Hl7,
    /// One FHIR R4 JSON document, or FHIR NDJSON ([`Redactor::redact_fhir`]).
    Fhir,
    /// CSV with a header row ([`Redactor::redact_csv_stream`]).
    Csv,
    /// JSON lines, one object per line ([`Redactor::redact_jsonl_stream`]).
    Jsonl,
}

impl Format {
    /// Parses `text`, `hl7`, `fhir`, `csv` or `jsonl`.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Format::Text,
            "hl7" | "hl7v2" => Format::Hl7,
            "fhir" => Format::Fhir,
            "csv" => Format::Csv,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => return None,
        })
    }

    /// Guesses the format from the first bytes of the input, only where that is
    /// unambiguous: an HL7 header (`MSH|`, `FHS|`, `BHS|`, optionally MLLP-framed) or a JSON
    /// object naming a FHIR `resourceType`. CSV and JSON lines are never guessed.
    pub fn detect(head: &[u8]) -> Option<Format> {
        let trimmed = head
            .iter()
            .position(|b| {
                !matches!(
                    b,
                    b'\x0b' | b'\r' | b'\n' | b' ' | b'\t' | 0xef | 0xbb | 0xbf
                )
            })
            .map_or(&[][..], |i| &head[i..]);
        if hl7::starts_with_header(trimmed) {
            return Some(Format::Hl7);
        }
        if trimmed.first() == Some(&b'{')
            && memchr::memmem::find(trimmed, b"\"resourceType\"").is_some()
        {
            return Some(Format::Fhir);
        }
        None
    }
}

impl Redactor {
    /// Redacts `reader` into `writer` as `format` says, in bounded memory except for
    /// [`Format::Fhir`] (one JSON document is parsed whole; NDJSON streams line by line).
    pub fn redact_format<R: Read, W: Write>(
        &self,
        format: Format,
        reader: R,
        writer: W,
    ) -> Result<StreamStats, Error> {
        match format {
            Format::Text => self.redact_stream(reader, writer),
            Format::Hl7 => self.redact_hl7_stream(reader, writer),
            Format::Fhir => self.redact_fhir_stream(reader, writer),
            Format::Csv => self.redact_csv_stream(reader, writer),
            Format::Jsonl => self.redact_jsonl_stream(reader, writer),
        }
    }

    /// Whole-field replacement per this redactor's policy, for one document.
    pub(crate) fn field_replacements(&self) -> Replacements<'_> {
        let table = std::array::from_fn(|i| {
            let label = Label::ALL[i];
            if self.is_enabled(label) {
                Some(label)
            } else if label == Label::Dob && self.is_enabled(Label::Date) {
                Some(Label::Date)
            } else {
                None
            }
        });
        Replacements {
            redactor: self,
            table,
            doc: self.doc_state(&Context::new()),
        }
    }
}

/// Replaces whole values and findings as the policy says, with one document's state
/// (`numbered` tags, the date shift) shared by the fields and the free text of a message.
pub(crate) struct Replacements<'r> {
    redactor: &'r Redactor,
    /// The effective label of each label: `None` when off. A DOB field counts as DATE when
    /// only DATE is on, as in text.
    table: [Option<Label>; Label::ALL.len()],
    doc: DocState,
}

impl Replacements<'_> {
    /// Starts a new document (a message, a Bundle, a row).
    pub(crate) fn new_document(&mut self, ctx: &Context) {
        self.doc = self.redactor.doc_state(ctx);
    }

    /// The replacement of `original` as `label`, or `None` when the label is off (the
    /// caller then scans the value as text instead).
    pub(crate) fn replace(&mut self, label: Label, original: &str) -> Option<String> {
        let effective = self.table[label.index()]?;
        let (r, key) = self.redactor.replacement(effective);
        let mut out = String::new();
        r.write(effective, original, key, &mut self.doc, &mut out);
        Some(out)
    }

    /// `text` with `findings` (as the engine returns them) replaced.
    pub(crate) fn apply(&mut self, text: &str, findings: &[Finding]) -> String {
        let mut out = String::with_capacity(text.len() + 16 * findings.len());
        let mut at = 0;
        for f in findings {
            if f.start < at || f.end > text.len() {
                // Not as the engine returns them: fail closed.
                return String::from("[REDACTED]");
            }
            out.push_str(&text[at..f.start]);
            match self.replace(f.label, &text[f.start..f.end]) {
                Some(r) => out.push_str(&r),
                None => out.push_str(f.label.tag()),
            }
            at = f.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Column or field actions for tables, with case-insensitive names.
pub(crate) fn column_action(policy: &TablePolicy, name: &str) -> FieldAction {
    policy
        .columns
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name.trim()))
        .and_then(|(_, v)| FieldAction::parse(v))
        .unwrap_or(FieldAction::Text)
}

/// Tokens of a harvested name that are worth passing as known names: letters (with
/// hyphen and apostrophe), two or more, and not a suffix, prefix or degree.
pub(crate) fn name_tokens(value: &str, out: &mut String) {
    const SKIP: &[&str] = &[
        "jr", "sr", "ii", "iii", "iv", "dr", "md", "do", "rn", "np", "pa", "mr", "mrs", "ms",
        "phd", "dds", "mx",
    ];
    for tok in value.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'')) {
        let tok = tok.trim_matches(|c: char| c == '-' || c == '\'');
        if tok.chars().count() < 2 || SKIP.contains(&tok.to_lowercase().as_str()) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(tok);
    }
}

/// Applies sorted, non-overlapping byte-range edits to `raw`.
pub(crate) fn apply_edits(raw: &str, edits: &mut [(usize, usize, String)], out: &mut String) {
    edits.sort_by_key(|e| (e.0, e.1));
    let mut at = 0;
    for (s, e, rep) in edits.iter() {
        if *s < at {
            // Overlapping edits cannot come from one scan; if they ever did, the earlier
            // replacement already covers the start: extend it over the rest.
            if *e > at {
                at = *e;
            }
            continue;
        }
        out.push_str(&raw[at..*s]);
        out.push_str(rep);
        at = *e;
    }
    out.push_str(&raw[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_parse() {
        assert_eq!(
            FieldAction::parse("name"),
            Some(FieldAction::Redact(Label::Name))
        );
        assert_eq!(FieldAction::parse("TEXT"), Some(FieldAction::Text));
        assert_eq!(FieldAction::parse("keep"), Some(FieldAction::Keep));
        assert_eq!(FieldAction::parse("blur"), None);
    }

    #[test]
    fn policy_section_round_trips_and_validates() {
        let doc = "[formats.hl7.fields]\nZPI-3 = \"NAME\"\nPID-8 = \"keep\"\n\n[formats.table.columns]\nnote = \"text\"\n";
        let p = crate::Policy::parse(doc).unwrap();
        assert_eq!(p.formats.hl7.fields.len(), 2);
        assert_eq!(crate::Policy::parse(&p.to_json()).unwrap(), p);
        assert_eq!(crate::Policy::parse(&p.to_toml()).unwrap(), p);
        for (bad, names) in [
            (
                "[formats.hl7.fields]\nPID5 = \"NAME\"\n",
                "formats.hl7.fields: a key is not",
            ),
            (
                "[formats.hl7.fields]\nPID-5 = \"NOM\"\n",
                "formats.hl7.fields.PID-5",
            ),
            (
                "[formats.table.columns]\nx = \"blur\"\n",
                "formats.table.columns.x",
            ),
            (
                "[formats.hl7]\nfeilds = {}\n",
                "unknown field `…`, expected `fields`",
            ),
        ] {
            let e = crate::Policy::parse(bad).unwrap_err();
            assert!(e.to_string().contains(names), "{e}");
        }
    }

    #[test]
    fn detect() {
        assert_eq!(Format::detect(b"MSH|^~\\&|A"), Some(Format::Hl7));
        assert_eq!(Format::detect(b"\x0bMSH|^~\\&|A"), Some(Format::Hl7));
        assert_eq!(
            Format::detect(b"{\"resourceType\": \"Bundle\"}"),
            Some(Format::Fhir)
        );
        assert_eq!(Format::detect(b"name,dob\n"), None);
        assert_eq!(Format::detect(b"{\"text\": \"x\"}"), None);
    }

    #[test]
    fn name_tokens_skip_noise() {
        let mut s = String::new();
        name_tokens("LOPEZ^MARIA^J^JR^DR", &mut s);
        assert_eq!(s, "LOPEZ MARIA");
    }
}

//! FHIR R4 JSON.
//!
//! The document is parsed whole (a Bundle's names must be known before its first
//! Communication is scanned), walked once to harvest the names of every Patient,
//! RelatedPerson, Practitioner and Person, and walked again to redact:
//!
//! * in those four resources, `name`, `telecom`, `address` and `photo` are replaced leaf
//!   by leaf with their labels (coded parts such as `use`, `system`, `state` are kept);
//! * `identifier` (any resource), `birthDate` and `authorString` are replaced; a string that is a FHIR
//!   date or dateTime more precise than a year is replaced as a DATE;
//! * `text.div` is scanned as XHTML (markup and entities kept, text scanned);
//! * attachment `data` (base64 that cannot be scanned) is replaced;
//! * coded and structural strings (`resourceType`, `system`, `code`, `url`, `reference`,
//!   `id`, …) are kept; every other string — `note`, `valueString`,
//!   `payload.contentString`, `display`, and any element this table does not know — goes
//!   through the text engine with the harvested names as known names.
//!
//! Numbers and booleans are kept. The output is JSON of the same shape: every string stays
//! a string.
//!
//! The policy's `[formats.fhir.elements]` overrides these rules by element path
//! (`Patient.maritalStatus`, `*.extension.valueString`). Tracking the path costs a string
//! push and truncate per member, so it is done only when the policy has such entries.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::finding::Label;
use crate::formats::view::{Run, View};
use crate::formats::{FhirPolicy, FieldAction, Replacements, apply_edits, name_tokens};
use crate::redactor::{Context, Redactor};
use crate::stream::StreamStats;

const PERSONS: &[&str] = &["Patient", "RelatedPerson", "Practitioner", "Person"];

/// Strings kept as they are: codes, URIs, references and ids, which are structure rather
/// than content.
const KEEP: &[&str] = &[
    "resourceType",
    "id",
    "system",
    "code",
    "version",
    "use",
    "status",
    "gender",
    "contentType",
    "language",
    "unit",
    "url",
    "profile",
    "fullUrl",
    "reference",
    "type",
    "mode",
    "intent",
    "priority",
    "comparator",
    "method",
];

/// What replaces content that cannot be scanned (base64 attachment data).
const OPAQUE: &str = "[REDACTED]";

struct Walker<'r> {
    redactor: &'r Redactor,
    reps: Replacements<'r>,
    ctx: Context,
    findings: u64,
    view: View,
    runs: Vec<Run>,
    /// The policy's element rules; `None` when it has none (paths are then not tracked).
    rules: Option<Rules>,
    /// The current element path, `Patient.contact.name` (empty outside any resource).
    path: String,
    /// Where the resource type ends in `path` (0 outside any resource).
    type_end: usize,
}

/// `[formats.fhir.elements]`, parsed: exact paths, and `*` paths keyed by what follows
/// the resource type (`.extension.valueString`).
struct Rules {
    exact: HashMap<String, FieldAction>,
    any: HashMap<String, FieldAction>,
    /// The distinct last element names of the paths: most members are not among these
    /// few, and one comparison each settles them without hashing the path.
    last: Vec<String>,
}

impl Rules {
    fn new(policy: &FhirPolicy) -> Option<Rules> {
        if policy.elements.is_empty() {
            return None;
        }
        let mut rules = Rules {
            exact: HashMap::new(),
            any: HashMap::new(),
            last: Vec::new(),
        };
        for (path, action) in &policy.elements {
            // Validated when the policy was built.
            let Some(action) = FieldAction::parse(action) else {
                continue;
            };
            let last = path.rsplit('.').next().unwrap_or_default();
            if !rules.last.iter().any(|l| l == last) {
                rules.last.push(last.to_string());
            }
            match path.strip_prefix('*') {
                Some(rest) => rules.any.insert(rest.to_string(), action),
                None => rules.exact.insert(path.clone(), action),
            };
        }
        Some(rules)
    }
}

/// Whether `path` is a `[formats.fhir.elements]` key: a resource type or `*`, then one or
/// more element names, separated by dots.
pub(crate) fn is_element_path(path: &str) -> bool {
    let mut parts = path.split('.');
    let ty = parts.next().unwrap_or("");
    let ty_ok = ty == "*"
        || (ty.starts_with(|c: char| c.is_ascii_uppercase())
            && ty.chars().all(|c| c.is_ascii_alphanumeric()));
    let mut n = 0;
    let elems_ok = parts.all(|p| {
        n += 1;
        p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    ty_ok && elems_ok && n > 0
}

impl Redactor {
    /// Redacts one FHIR R4 JSON document (a resource or a Bundle of any size); see
    /// [`crate::formats`]. The output is JSON with the same shape (key order and
    /// white space are not kept; it is pretty-printed when the input spans lines).
    ///
    /// ```
    /// let r = phiredact::Redactor::new();
    /// let out = r.redact_fhir(r#"{"resourceType": "Patient", "gender": "female",
    ///     "name": [{"family": "Lopez", "given": ["Maria"]}], "birthDate": "1961-03-04"}"#)?;
    /// let v: serde_json::Value = serde_json::from_str(&out)?;
    /// assert_eq!(v["name"][0]["family"], "[NAME]");
    /// assert_eq!(v["birthDate"], "[DOB]");
    /// assert_eq!(v["gender"], "female");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn redact_fhir(&self, json: &str) -> Result<String, Error> {
        let (out, _) = self.fhir_document(json, 1)?;
        Ok(out)
    }

    /// Redacts FHIR from a reader: one JSON document, or NDJSON (one resource per line,
    /// as bulk data export writes it). NDJSON streams one line at a time; a document that
    /// spans lines is read whole (its names must be known before its notes are scanned).
    pub fn redact_fhir_stream<R: Read, W: Write>(
        &self,
        reader: R,
        mut writer: W,
    ) -> Result<StreamStats, Error> {
        let mut r = BufReader::with_capacity(64 * 1024, reader);
        let mut stats = StreamStats::default();
        let mut emit = |s: &str, stats: &mut StreamStats| -> Result<(), Error> {
            writer.write_all(s.as_bytes())?;
            stats.bytes_out += s.len() as u64;
            Ok(())
        };
        let mut buf = Vec::new();
        let mut line_no = 0usize;
        let mut ndjson = None;
        loop {
            buf.clear();
            if r.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            line_no += 1;
            stats.bytes_in += buf.len() as u64;
            let line = crate::segment::decode(&buf).into_owned();
            let body = line.trim_end_matches(['\r', '\n']);
            if body.trim().is_empty() {
                emit(&line, &mut stats)?;
                continue;
            }
            // The first line with content decides: a complete JSON value on its own means
            // NDJSON (or a one-line document, which is the same thing); otherwise it opens
            // a document that spans lines.
            let is_nd = *ndjson
                .get_or_insert_with(|| serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok());
            if is_nd {
                let (out, n) = self.fhir_document(body, line_no)?;
                stats.findings += n;
                stats.segments += 1;
                emit(&out, &mut stats)?;
                emit(&line[body.len()..], &mut stats)?;
                continue;
            }
            let mut rest = buf.clone();
            let more = r.read_to_end(&mut rest)?;
            stats.bytes_in += more as u64;
            let text = crate::segment::decode(&rest);
            let (out, n) = self.fhir_document(&text, line_no)?;
            stats.findings += n;
            stats.segments += 1;
            emit(&out, &mut stats)?;
            if text.ends_with('\n') {
                emit("\n", &mut stats)?;
            }
            break;
        }
        writer.flush()?;
        Ok(stats)
    }

    fn fhir_document(&self, json: &str, line: usize) -> Result<(String, u64), Error> {
        let mut value: Value = serde_json::from_str(json).map_err(|e| {
            Error::format(format!(
                "FHIR: line {}: invalid JSON ({} at column {})",
                line + e.line() - 1,
                category(&e),
                e.column()
            ))
        })?;
        if !value.is_object() {
            return Err(Error::format(format!(
                "FHIR: line {line}: not a JSON object"
            )));
        }
        let mut names = Vec::new();
        harvest(&value, false, &mut names);
        let mut w = Walker {
            redactor: self,
            reps: self.field_replacements(),
            ctx: Context::new().with_known_names(&names),
            findings: 0,
            view: View::default(),
            runs: Vec::new(),
            rules: Rules::new(&self.policy().formats.fhir),
            path: String::new(),
            type_end: 0,
        };
        w.walk(&mut value, false);
        let out = if json.trim_end().contains('\n') {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        };
        // Serialising a Value to a String cannot fail.
        Ok((out.unwrap_or_default(), w.findings))
    }
}

fn category(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "data error",
        serde_json::error::Category::Eof => "unexpected end",
    }
}

fn resource_type(map: &Map<String, Value>) -> Option<&str> {
    map.get("resourceType").and_then(Value::as_str)
}

/// Collects the names of the people in the document.
fn harvest(v: &Value, person: bool, names: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            let person = match resource_type(map) {
                Some(t) => PERSONS.contains(&t),
                None => person,
            };
            for (k, child) in map {
                if person && k == "name" {
                    for_each_name(child, &mut |s| {
                        let mut n = String::new();
                        name_tokens(s, &mut n);
                        if !n.is_empty() {
                            names.push(n);
                        }
                    });
                } else {
                    harvest(child, person, names);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| harvest(i, person, names)),
        _ => {}
    }
}

/// Calls `f` on the family, given and text parts of a HumanName (or a list of them).
fn for_each_name(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| for_each_name(i, f)),
        Value::Object(map) => {
            for key in ["family", "given", "text"] {
                match map.get(key) {
                    Some(Value::String(s)) => f(s),
                    Some(Value::Array(parts)) => {
                        parts.iter().filter_map(Value::as_str).for_each(&mut *f)
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// A FHIR date, dateTime or instant more precise than a year (`1961-03`, `1961-03-04`,
/// `2024-03-15T08:30:00Z`).
fn is_fhir_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if !(b.len() >= 7 && digits(0..4) && b[4] == b'-' && digits(5..7)) {
        return false;
    }
    match b.len() {
        7 => true,
        10 => b[7] == b'-' && digits(8..10),
        _ => b[7] == b'-' && digits(8..10) && b[10] == b'T' && b.len() <= 35,
    }
}

/// How a part of an identifying element is handled.
enum Part {
    Label(Label),
    Opaque,
    Keep,
    /// Not a leaf of this element: walk it normally.
    Walk,
}

impl Walker<'_> {
    fn walk(&mut self, v: &mut Value, person: bool) {
        match v {
            Value::Object(map) => {
                let (person, outer) = match resource_type(map) {
                    Some(t) => (PERSONS.contains(&t), self.enter_resource(t)),
                    None => (person, None),
                };
                let has_content_type = map.contains_key("contentType");
                for (k, child) in map.iter_mut() {
                    self.member(k, child, person, has_content_type);
                }
                if let Some((path, type_end)) = outer {
                    self.path = path;
                    self.type_end = type_end;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.walk(i, person)),
            Value::String(s) => self.string(s),
            _ => {}
        }
    }

    /// Starts the path of a (possibly nested) resource; returns the outer path to restore.
    fn enter_resource(&mut self, ty: &str) -> Option<(String, usize)> {
        self.rules.as_ref()?;
        let outer = std::mem::replace(&mut self.path, ty.to_string());
        Some((outer, std::mem::replace(&mut self.type_end, ty.len())))
    }

    /// Runs `f` with `key` appended to the path, when paths are tracked.
    fn at<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        if self.rules.is_none() {
            return f(self);
        }
        let len = self.path.len();
        self.path.push('.');
        self.path.push_str(key);
        let r = f(self);
        self.path.truncate(len);
        r
    }

    /// Applies the policy's rule for the current path, which ends in `key`, if there is
    /// one.
    fn policy_rule(&mut self, key: &str, v: &mut Value) -> bool {
        let Some(rules) = self.rules.as_ref() else {
            return false;
        };
        if self.type_end == 0 || !rules.last.iter().any(|l| l == key) {
            return false;
        }
        let action = rules
            .exact
            .get(self.path.as_str())
            .or_else(|| rules.any.get(&self.path[self.type_end..]))
            .copied();
        match action {
            None => return false,
            Some(FieldAction::Redact(l)) => self.each_string(v, &mut |w, s| w.replace(s, l)),
            Some(FieldAction::Text) => self.each_string(v, &mut |w, s| w.string(s)),
            Some(FieldAction::Keep) => {}
        }
        true
    }

    fn member(&mut self, key: &str, child: &mut Value, person: bool, attachment: bool) {
        self.at(key, |w| {
            if !w.policy_rule(key, child) {
                w.builtin_member(key, child, person, attachment);
            }
        })
    }

    fn builtin_member(&mut self, key: &str, child: &mut Value, person: bool, attachment: bool) {
        match key {
            "birthDate" => self.each_string(child, &mut |w, s| w.replace(s, Label::Dob)),
            // Annotation.authorString is a person's name by definition.
            "authorString" => self.each_string(child, &mut |w, s| w.replace(s, Label::Name)),
            "identifier" => self.identifier(child),
            "name" if person => self.element(child, &|k, _| match k {
                "family" | "given" | "prefix" | "suffix" | "text" => Part::Label(Label::Name),
                "use" => Part::Keep,
                _ => Part::Walk,
            }),
            "telecom" if person => self.element(child, &|k, obj| match k {
                "value" => Part::Label(match obj.get("system").and_then(Value::as_str) {
                    Some("email") => Label::Email,
                    Some("url") => Label::Url,
                    _ => Label::Phone,
                }),
                "system" | "use" | "rank" => Part::Keep,
                _ => Part::Walk,
            }),
            "address" if person => self.element(child, &|k, _| match k {
                "line" | "text" => Part::Label(Label::Address),
                "city" | "district" => Part::Label(Label::Location),
                "postalCode" => Part::Label(Label::Zip),
                "state" | "country" | "use" | "type" => Part::Keep,
                _ => Part::Walk,
            }),
            "photo" if person => self.element(child, &|k, _| match k {
                "data" | "url" | "title" | "hash" => Part::Opaque,
                "contentType" | "language" | "size" => Part::Keep,
                _ => Part::Walk,
            }),
            "div" if child.is_string() => {
                if let Value::String(s) = child {
                    self.xhtml(s);
                }
            }
            "data" if attachment => self.each_string(child, &mut |_, s| *s = OPAQUE.into()),
            k if KEEP.contains(&k) && !child.is_object() => {
                // Kept only when it is a code or a list of codes; an object under such a
                // key (Identifier.type, a CodeableConcept) is walked.
                if let Value::Array(items) = child {
                    for i in items.iter_mut().filter(|i| i.is_object()) {
                        self.walk(i, person);
                    }
                }
            }
            _ => self.walk(child, person),
        }
    }

    /// An element (or a list of them) whose parts are labelled by `part`.
    fn element(&mut self, v: &mut Value, part: &dyn Fn(&str, &Map<String, Value>) -> Part) {
        match v {
            Value::Array(items) => items.iter_mut().for_each(|i| self.element(i, part)),
            Value::Object(map) => {
                let snapshot = map.clone();
                for (k, child) in map.iter_mut() {
                    self.at(k, |w| {
                        if w.policy_rule(k, child) {
                            return;
                        }
                        match part(k, &snapshot) {
                            Part::Label(l) => w.each_string(child, &mut |w, s| w.replace(s, l)),
                            Part::Opaque => w.each_string(child, &mut |_, s| *s = OPAQUE.into()),
                            Part::Keep => {}
                            Part::Walk => w.walk(child, false),
                        }
                    });
                }
            }
            // An element that is not an object: its strings are scanned.
            other => self.walk(other, false),
        }
    }

    fn identifier(&mut self, v: &mut Value) {
        self.element(v, &|k, obj| match k {
            "value" => {
                let mr = obj
                    .get("type")
                    .and_then(|t| t.get("coding"))
                    .and_then(Value::as_array)
                    .is_some_and(|c| {
                        c.iter()
                            .any(|c| c.get("code").and_then(Value::as_str) == Some("MR"))
                    });
                let ssn = obj.get("system").and_then(Value::as_str)
                    == Some("http://hl7.org/fhir/sid/us-ssn");
                Part::Label(if mr {
                    Label::Mrn
                } else if ssn {
                    Label::Ssn
                } else {
                    Label::Id
                })
            }
            "system" | "use" => Part::Keep,
            _ => Part::Walk,
        })
    }

    fn each_string(&mut self, v: &mut Value, f: &mut dyn FnMut(&mut Self, &mut String)) {
        match v {
            Value::String(s) => f(self, s),
            Value::Array(items) => items.iter_mut().for_each(|i| self.each_string(i, f)),
            Value::Object(map) => map.values_mut().for_each(|i| self.each_string(i, f)),
            _ => {}
        }
    }

    /// Replaces a whole value as `label`; scans it as text when the label is off.
    fn replace(&mut self, s: &mut String, label: Label) {
        if s.is_empty() {
            return;
        }
        match self.reps.replace(label, s) {
            Some(r) => {
                *s = r;
                self.findings += 1;
            }
            None => self.string(s),
        }
    }

    fn string(&mut self, s: &mut String) {
        if is_fhir_date(s) {
            if let Some(r) = self.reps.replace(Label::Date, s) {
                *s = r;
                self.findings += 1;
                return;
            }
        }
        let f = self.redactor.find_with(s, &self.ctx);
        if !f.is_empty() {
            self.findings += f.len() as u64;
            *s = self.reps.apply(s, &f);
        }
    }

    /// XHTML narrative: markup and entities are kept, the text between is scanned.
    fn xhtml(&mut self, s: &mut String) {
        let raw = s.as_str();
        let b = raw.as_bytes();
        let view = &mut self.view;
        view.clear();
        let (mut at, mut i) = (0, 0);
        while i < b.len() {
            match b[i] {
                b'<' => {
                    let end = raw[i..].find('>').map_or(b.len(), |j| i + j + 1);
                    view.literal(at, &raw[at..i]);
                    view.sep((i, end), " ");
                    i = end;
                    at = i;
                }
                b'&' => {
                    let end = raw[i..]
                        .char_indices()
                        .take(12)
                        .find(|(_, c)| *c == ';')
                        .map(|(j, _)| i + j + 1);
                    match end {
                        Some(end) => {
                            view.literal(at, &raw[at..i]);
                            view.decoded((i, end), &entity(&raw[i + 1..end - 1]));
                            i = end;
                            at = i;
                        }
                        None => i += 1,
                    }
                }
                _ => i += 1,
            }
        }
        view.literal(at, &raw[at..]);
        let findings = self.redactor.find_with(&view.text, &self.ctx);
        if findings.is_empty() {
            return;
        }
        self.findings += findings.len() as u64;
        let mut edits = Vec::new();
        for f in &findings {
            self.runs.clear();
            view.runs(f, &mut self.runs);
            for r in &self.runs {
                let rep = self
                    .reps
                    .replace(f.label, &view.text[r.view.0..r.view.1])
                    .unwrap_or_else(|| OPAQUE.into());
                edits.push((r.raw.0, r.raw.1, xml_escape(&rep)));
            }
        }
        let mut out = String::with_capacity(raw.len());
        apply_edits(raw, &mut edits, &mut out);
        *s = out;
    }
}

fn entity(name: &str) -> String {
    let num = |n: Option<u32>| n.and_then(char::from_u32).map_or(" ".into(), String::from);
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        "nbsp" => " ".into(),
        _ => match name.strip_prefix('#') {
            Some(h) if h.starts_with(['x', 'X']) => num(u32::from_str_radix(&h[1..], 16).ok()),
            Some(d) => num(d.parse().ok()),
            None => " ".into(),
        },
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for d in [
            "1961-03",
            "1961-03-04",
            "2024-03-15T08:30:00Z",
            "2024-03-15T08:30:00.123+01:00",
        ] {
            assert!(is_fhir_date(d), "{d}");
        }
        for d in [
            "1961",
            "12.0-16.0",
            "2024-3-4",
            "1961-03-04 and more text here that is long",
        ] {
            assert!(!is_fhir_date(d), "{d}");
        }
    }

    #[test]
    fn xhtml_keeps_markup() {
        let r = Redactor::new();
        let out = r
            .redact_fhir(r#"{"resourceType":"Patient","name":[{"family":"Lopez","given":["Maria"]}],"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Maria <b>Lopez</b> &amp; SSN 123-45-6789</p></div>"}}"#)
            .unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["text"]["div"],
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>[NAME] <b>[NAME]</b> &amp; SSN [SSN]</p></div>"
        );
        assert_eq!(v["text"]["status"], "generated");
    }

    #[test]
    fn errors_do_not_quote_input() {
        let r = Redactor::new();
        let e = r.redact_fhir("{\"name\": \"Maria Lopez\"").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Format);
        assert!(!e.to_string().contains("Maria"));
        assert!(r.redact_fhir("[\"Maria\"]").is_err());
    }
}

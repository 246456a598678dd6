//! The policy document: which labels are redacted, how, and with which site-specific
//! recognizers.
//!
//! One document configures every front end — the Rust API, the CLI (`--policy FILE`), the C
//! ABI and Python — in JSON or TOML. Unknown fields are rejected with an error that names
//! them, because a misspelt option that is silently ignored is how PHI leaks.
//!
//! ```toml
//! [labels.SSN]
//! action = "mask"          # ***-**-****
//!
//! [labels.PHONE]
//! action = "keep_last"
//! digits = 4               # ***-***-4567
//!
//! [labels.DATE]
//! enabled = false          # leave plain dates alone
//!
//! [[recognizers]]
//! name = "site-mrn"
//! label = "MRN"
//! pattern = '\bA\d{7}\b'
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::finding::Label;
use crate::formats::FormatsPolicy;

/// How a finding's text is replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Replace with a tag: `[SSN]` by default, or the label policy's `tag`.
    #[default]
    Tag,
    /// Keep the shape: every letter and digit becomes `*` (`***-**-****`).
    Mask,
    /// Like `mask`, but keep the last `digits` letters and digits (`***-**-6789`).
    KeepLast,
    /// Remove the text entirely.
    Remove,
}

/// The policy for one label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LabelPolicy {
    /// Whether this label is detected and redacted at all (default `true`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// How the text is replaced (default `tag`).
    #[serde(default)]
    pub action: Action,
    /// The tag for `action = "tag"`; default `[LABEL]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// How many trailing letters and digits `keep_last` keeps (default 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<usize>,
}

fn yes() -> bool {
    true
}

impl Default for LabelPolicy {
    fn default() -> Self {
        LabelPolicy {
            enabled: true,
            action: Action::Tag,
            tag: None,
            digits: None,
        }
    }
}

impl LabelPolicy {
    /// A label policy that is enabled and uses `action`.
    pub fn with_action(action: Action) -> LabelPolicy {
        LabelPolicy {
            action,
            ..LabelPolicy::default()
        }
    }

    /// A label policy that turns the label off.
    pub fn disabled() -> LabelPolicy {
        LabelPolicy {
            enabled: false,
            ..LabelPolicy::default()
        }
    }
}

/// A site-specific recognizer: a regular expression whose matches get a label.
///
/// Every hospital formats its record numbers differently; this is how a site teaches
/// phiredact its own formats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CustomRecognizer {
    /// A short name; findings report it as the rule `custom.<name>`.
    pub name: String,
    /// The label of its findings.
    pub label: String,
    /// The regular expression (Rust `regex` syntax).
    pub pattern: String,
}

impl CustomRecognizer {
    /// A recognizer named `name` that labels matches of `pattern` with `label`.
    pub fn new(name: impl Into<String>, label: Label, pattern: impl Into<String>) -> Self {
        CustomRecognizer {
            name: name.into(),
            label: label.as_str().to_string(),
            pattern: pattern.into(),
        }
    }
}

/// The configuration document of phiredact.
///
/// `Policy::default()` redacts every label with its tag (`[NAME]`, `[SSN]`, …). Parse a
/// document with [`Policy::from_json`], [`Policy::from_toml`] or [`Policy::parse`] (either),
/// and write one back with [`Policy::to_json`] / [`Policy::to_toml`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Policy {
    /// Per-label settings, keyed by label name (`"SSN"`, `"NAME"`, …). Labels not listed
    /// use the defaults: enabled, replaced by their tag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, LabelPolicy>,
    /// Site-specific recognizers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recognizers: Vec<CustomRecognizer>,
    /// Names this redactor always redacts, with their variants (first name, surname,
    /// initial plus surname, "Last, First", any case, possessive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_names: Vec<String>,

    // ---- Structured formats (issue 11): HL7 v2 field table, CSV / JSON lines columns ----
    /// Field tables for structured formats (`[formats.hl7.fields]`,
    /// `[formats.table.columns]`); see [`crate::formats`].
    #[serde(default, skip_serializing_if = "FormatsPolicy::is_empty")]
    pub formats: FormatsPolicy,
    // ---- end of structured formats ----
}

impl Policy {
    /// Parses a JSON policy document and validates it.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        let policy: Policy = serde_json::from_str(text)
            .map_err(|e| Error::policy(format!("invalid JSON policy: {}", json_error(&e))))?;
        policy.validate()?;
        Ok(policy)
    }

    /// Parses a TOML policy document and validates it.
    pub fn from_toml(text: &str) -> Result<Policy, Error> {
        let policy: Policy = toml::from_str(text)
            .map_err(|e| Error::policy(format!("invalid TOML policy: {}", toml_error(&e))))?;
        policy.validate()?;
        Ok(policy)
    }

    /// Parses a policy document in JSON (if it starts with `{`) or TOML.
    pub fn parse(text: &str) -> Result<Policy, Error> {
        if text.trim_start().starts_with('{') {
            Policy::from_json(text)
        } else {
            Policy::from_toml(text)
        }
    }

    /// The document as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The document as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Sets the policy of one label.
    pub fn set(&mut self, label: Label, policy: LabelPolicy) -> &mut Policy {
        self.labels.insert(label.as_str().to_string(), policy);
        self
    }

    /// The effective policy of one label (the default when the document does not list it).
    pub fn get(&self, label: Label) -> LabelPolicy {
        self.labels
            .iter()
            .find(|(k, _)| Label::parse(k) == Some(label))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Adds a site-specific recognizer.
    pub fn add_recognizer(&mut self, recognizer: CustomRecognizer) -> &mut Policy {
        self.recognizers.push(recognizer);
        self
    }

    /// Adds a name this redactor always redacts.
    pub fn add_known_name(&mut self, name: impl Into<String>) -> &mut Policy {
        self.known_names.push(name.into());
        self
    }

    /// Checks what serde cannot: label names, option combinations, regexes.
    pub fn validate(&self) -> Result<(), Error> {
        for (key, lp) in &self.labels {
            if Label::parse(key).is_none() {
                return Err(Error::policy(format!(
                    "labels.{key}: unknown label (expected one of {})",
                    label_list()
                )));
            }
            if lp.tag.is_some() && lp.action != Action::Tag {
                return Err(Error::policy(format!(
                    "labels.{key}.tag: only allowed with action = \"tag\""
                )));
            }
            if lp.digits.is_some() && lp.action != Action::KeepLast {
                return Err(Error::policy(format!(
                    "labels.{key}.digits: only allowed with action = \"keep_last\""
                )));
            }
            if let Some(tag) = &lp.tag {
                if tag.chars().any(|c| c.is_ascii_digit()) {
                    // A digit in a tag could be read back as part of a number, which would
                    // break idempotence (`redact(redact(x)) == redact(x)`).
                    return Err(Error::policy(format!(
                        "labels.{key}.tag: a tag may not contain digits"
                    )));
                }
            }
        }
        let lower: Vec<String> = self.labels.keys().map(|k| k.to_ascii_uppercase()).collect();
        for (i, k) in lower.iter().enumerate() {
            if lower[..i].contains(k) {
                return Err(Error::policy(format!("labels.{k}: listed twice")));
            }
        }
        for (i, r) in self.recognizers.iter().enumerate() {
            if r.name.is_empty()
                || !r
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(Error::policy(format!(
                    "recognizers[{i}].name: use letters, digits, '-' and '_' only"
                )));
            }
            if Label::parse(&r.label).is_none() {
                return Err(Error::policy(format!(
                    "recognizers[{i}].label: unknown label (expected one of {})",
                    label_list()
                )));
            }
            if let Err(e) = regex::Regex::new(&r.pattern) {
                return Err(Error::pattern(format!(
                    "recognizers[{i}].pattern: invalid regex: {}",
                    first_line(&e.to_string())
                )));
            }
        }
        for (i, n) in self.known_names.iter().enumerate() {
            if n.trim().is_empty() {
                return Err(Error::policy(format!("known_names[{i}]: empty name")));
            }
        }
        // Structured formats (issue 11).
        self.formats.validate()?;
        Ok(())
    }
}

fn label_list() -> String {
    Label::ALL
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn first_line(s: &str) -> &str {
    s.lines().last().unwrap_or(s)
}

/// serde_json's messages name the field and position; that is what we keep.
fn json_error(e: &serde_json::Error) -> String {
    e.to_string()
}

/// toml's messages quote the offending source line; keep only the first line, which names
/// the problem and position, so that a policy's values are not echoed back.
fn toml_error(e: &toml::de::Error) -> String {
    let msg = e.message().to_string();
    match e.span() {
        Some(span) => format!("{msg} (at byte {})", span.start),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips() {
        let p = Policy::default();
        assert_eq!(Policy::from_json(&p.to_json()).unwrap(), p);
        assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);
    }

    #[test]
    fn full_round_trips() {
        let mut p = Policy::default();
        p.set(Label::Ssn, LabelPolicy::with_action(Action::Mask));
        p.set(Label::Date, LabelPolicy::disabled());
        p.add_recognizer(CustomRecognizer::new("site", Label::Mrn, r"\bA\d{7}\b"));
        p.add_known_name("Maria Lopez");
        assert_eq!(Policy::from_json(&p.to_json()).unwrap(), p);
        assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);
        assert_eq!(Policy::parse(&p.to_json()).unwrap(), p);
        assert_eq!(Policy::parse(&p.to_toml()).unwrap(), p);
    }

    #[test]
    fn unknown_fields_are_named() {
        let cases = [
            (r#"{"lables": {}}"#, "lables"),
            (r#"{"labels": {"SSN": {"acton": "mask"}}}"#, "acton"),
            (r#"{"labels": {"SSNN": {}}}"#, "SSNN"),
            (r#"{"labels": {"SSN": {"action": "blur"}}}"#, "blur"),
            ("[labels.SSN]\nacton = \"mask\"\n", "acton"),
            ("colour = 1\n", "colour"),
            (
                r#"{"recognizers": [{"name": "x", "label": "MRN", "pattern": "("}]}"#,
                "recognizers[0].pattern",
            ),
            (
                r#"{"labels": {"SSN": {"action": "mask", "digits": 4}}}"#,
                "labels.SSN.digits",
            ),
        ];
        for (doc, field) in cases {
            let err = Policy::parse(doc).unwrap_err();
            assert!(
                err.to_string().contains(field),
                "{doc}: error {err} does not name {field}"
            );
        }
    }

    #[test]
    fn label_keys_are_case_insensitive() {
        let p = Policy::parse(r#"{"labels": {"ssn": {"action": "mask"}}}"#).unwrap();
        assert_eq!(p.get(Label::Ssn).action, Action::Mask);
        assert!(Policy::parse(r#"{"labels": {"ssn": {}, "SSN": {}}}"#).is_err());
    }
}

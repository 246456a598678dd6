//! The policy document: which labels are redacted, how, and with which site-specific
//! recognizers.
//!
//! One document configures every front end — the Rust API, the CLI (`--policy FILE`), the C
//! ABI and Python — in JSON or TOML. Unknown fields are rejected with an error that names
//! them, because a misspelt option that is silently ignored is how PHI leaks.
//!
//! ```toml
//! facilities = ["Quartermain", "GH"]   # the site's own facility names: always LOCATION
//!
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
//! [labels.ZIP]
//! action = "zip3"          # Safe Harbor: 02115 -> 021**, sparse areas -> 000**
//!
//! [[recognizers]]
//! name = "site-mrn"
//! label = "MRN"
//! pattern = '\bA\d{7}\b'
//! ```
//!
//! The replacement operators (`numbered`, `pseudonym`, `surrogate`, `shift_dates`), the
//! key, the allow and deny lists and custom recognizer cues and validators are described in
//! [`policy_operators`](crate::policy_operators).

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

    // --- Operators of issue 8 (document-consistent and keyed replacements). ---
    /// A tag numbered per document: the same value gets the same number (`[NAME-1]`,
    /// `[NAME-2]`); case and possessive variants of a name count as the same person.
    Numbered,
    /// A keyed HMAC-SHA256 token of the normalised value (`[NAME-7f3a9c2e]`): the same in
    /// every document and run with the same key. Needs a key.
    Pseudonym,
    /// A realistic replacement of the same shape, deterministic for a key and value. Needs
    /// a key.
    Surrogate,
    /// Dates only: move the date by a per-subject offset, keeping its format. Needs a key.
    ShiftDates,

    /// ZIP codes only: HIPAA Safe Harbor's generalisation. Keep the first three digits when
    /// their area has more than 20,000 people, else write `000`; mask the rest
    /// (`02115-1234` → `021**-****`, `03601` → `000**`).
    Zip3,
}

impl Action {
    /// Whether the action needs the policy's key.
    pub fn needs_key(self) -> bool {
        matches!(
            self,
            Action::Pseudonym | Action::Surrogate | Action::ShiftDates
        )
    }
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
    /// How many hex digits a `pseudonym` token has (default 8, 4 to 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
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
            length: None,
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
    /// Cue words (any case, whole words), one of which must stand within `cue_window`
    /// bytes before or after a match. Empty: no cue needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
    /// How far from a match a cue may be, in bytes (default 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_window: Option<usize>,
    /// A check every match must pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<Validator>,
    /// With `validator = "length"`: the fewest letters and digits a match may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// With `validator = "length"`: the most letters and digits a match may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
}

/// A built-in check for the matches of a [`CustomRecognizer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Validator {
    /// The digits pass the Luhn checksum (card, NPI-style and many member numbers).
    Luhn,
    /// The count of letters and digits is within `min_length..=max_length`.
    Length,
}

impl CustomRecognizer {
    /// A recognizer named `name` that labels matches of `pattern` with `label`.
    pub fn new(name: impl Into<String>, label: Label, pattern: impl Into<String>) -> Self {
        CustomRecognizer {
            name: name.into(),
            label: label.as_str().to_string(),
            pattern: pattern.into(),
            cues: Vec::new(),
            cue_window: None,
            validator: None,
            min_length: None,
            max_length: None,
        }
    }

    /// Requires one of `cues` near each match.
    pub fn with_cues<I: IntoIterator<Item = S>, S: Into<String>>(mut self, cues: I) -> Self {
        self.cues = cues.into_iter().map(Into::into).collect();
        self
    }

    /// Requires each match to pass `validator`.
    pub fn with_validator(mut self, validator: Validator) -> Self {
        self.validator = Some(validator);
        self
    }

    /// Bounds the count of letters and digits of a match (with [`Validator::Length`]).
    pub fn with_length(mut self, min: usize, max: usize) -> Self {
        self.min_length = Some(min);
        self.max_length = Some(max);
        self
    }
}

/// Strings and patterns that are never redacted: the clinic's own main number, a public
/// hotline. A finding is dropped when its whole text equals an `exact` entry or matches a
/// pattern in full; a finding that only contains an allowed string is still redacted.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AllowList {
    /// Exact strings (case-sensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exact: Vec<String>,
    /// Regular expressions, matched against a finding's whole text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
}

// Hand-written Debug for the types that hold a document's strings: known names, facility
// names and allow/deny terms may be PHI, so Debug shows how many there are, never what.

impl std::fmt::Debug for AllowList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AllowList")
            .field("exact", &self.exact.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

impl std::fmt::Debug for DenyList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DenyList")
            .field(
                "label",
                &Label::parse(&self.label).map_or("<invalid>", |l| l.as_str()),
            )
            .field("terms", &self.terms.len())
            .finish()
    }
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Label keys are shown only once they parse as labels (an invalid key may be
        // anything); recognizers by name and label, not pattern.
        let labels: Vec<(&str, &LabelPolicy)> = self
            .labels
            .iter()
            .map(|(k, v)| (Label::parse(k).map_or("<invalid>", |l| l.as_str()), v))
            .collect();
        f.debug_struct("Policy")
            .field("labels", &labels)
            .field("recognizers", &self.recognizers.len())
            .field("known_names", &self.known_names.len())
            .field("allow", &self.allow)
            .field("deny", &self.deny)
            .field("key", &self.key.as_ref().map(|_| "<set>"))
            .field("key_env", &self.key_env.as_ref().map(|_| "<set>"))
            .field("max_shift_days", &self.max_shift_days)
            .field("facilities", &self.facilities.len())
            .field("formats", &"…")
            .finish()
    }
}

impl AllowList {
    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.patterns.is_empty()
    }
}

/// Strings that are always redacted with `label` (facility names, local street names),
/// matched in any case on word boundaries.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DenyList {
    /// The label of their findings.
    pub label: String,
    /// The strings.
    pub terms: Vec<String>,
}

impl DenyList {
    /// A deny list of `terms`, labelled `label`.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(label: Label, terms: I) -> Self {
        DenyList {
            label: label.as_str().to_string(),
            terms: terms.into_iter().map(Into::into).collect(),
        }
    }
}

/// The key of the keyed operators (`pseudonym`, `surrogate`, `shift_dates`).
///
/// It never leaves the process by accident: `Debug` shows `<set>`, and so does every
/// serialisation ([`Policy::to_json`], [`Policy::to_toml`]); a document whose key is the
/// placeholder `<set>` is refused rather than used with a guessable key.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Secret {
        Secret(key.into())
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED_KEY)
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REDACTED_KEY)
    }
}

/// What a key is shown as.
const REDACTED_KEY: &str = "<set>";

/// The shortest key accepted, in bytes.
pub(crate) const MIN_KEY_LEN: usize = 16;

/// The configuration document of phiredact.
///
/// `Policy::default()` redacts every label with its tag (`[NAME]`, `[SSN]`, …). Parse a
/// document with [`Policy::from_json`], [`Policy::from_toml`] or [`Policy::parse`] (either),
/// and write one back with [`Policy::to_json`] / [`Policy::to_toml`].
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

    // --- Issue 8: lists and keys. ---
    /// Strings and patterns never redacted.
    #[serde(default, skip_serializing_if = "AllowList::is_empty")]
    pub allow: AllowList,
    /// Strings always redacted, each list with its label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<DenyList>,
    /// The key of `pseudonym`, `surrogate` and `shift_dates` (at least 16 bytes). Prefer
    /// `key_env`, which keeps the key out of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Secret>,
    /// The environment variable that holds the key, read by
    /// [`RedactorBuilder::build`](crate::RedactorBuilder::build) when no key is given
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_env: Option<String>,
    /// The largest date shift of `shift_dates`, in days either way (default 365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_shift_days: Option<u32>,
    /// The site's own facility names ("Quartermain", "GH"), always redacted as `LOCATION`
    /// wherever they stand, matched case-insensitively on word boundaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilities: Vec<String>,

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

    /// Adds a facility name of the site, always redacted as `LOCATION`.
    pub fn add_facility(&mut self, name: impl Into<String>) -> &mut Policy {
        self.facilities.push(name.into());
        self
    }

    /// Checks what serde cannot: label names, option combinations, regexes.
    pub fn validate(&self) -> Result<(), Error> {
        for (key, lp) in &self.labels {
            if Label::parse(key).is_none() {
                // Not the key itself: an unknown key may be anything, PHI included.
                return Err(Error::policy(format!(
                    "labels: a key is not a label name (expected one of {})",
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
            if lp.length.is_some() && lp.action != Action::Pseudonym {
                return Err(Error::policy(format!(
                    "labels.{key}.length: only allowed with action = \"pseudonym\""
                )));
            }
            if let Some(n) = lp.length {
                if !(4..=64).contains(&n) {
                    return Err(Error::policy(format!(
                        "labels.{key}.length: must be 4 to 64"
                    )));
                }
            }
            if lp.action == Action::ShiftDates
                && !matches!(Label::parse(key), Some(Label::Date | Label::Dob))
            {
                return Err(Error::policy(format!(
                    "labels.{key}.action: \"shift_dates\" applies to DATE and DOB only"
                )));
            }
            if lp.action == Action::Zip3 && Label::parse(key) != Some(Label::Zip) {
                return Err(Error::policy(format!(
                    "labels.{key}.action: \"zip3\" is only allowed for ZIP"
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
            if let Some(j) = r.cues.iter().position(|c| c.trim().is_empty()) {
                return Err(Error::policy(format!(
                    "recognizers[{i}].cues[{j}]: empty cue"
                )));
            }
            if r.cue_window.is_some() && r.cues.is_empty() {
                return Err(Error::policy(format!(
                    "recognizers[{i}].cue_window: only allowed with cues"
                )));
            }
            let lengths = r.min_length.is_some() || r.max_length.is_some();
            if lengths != (r.validator == Some(Validator::Length)) {
                return Err(Error::policy(format!(
                    "recognizers[{i}].validator: validator = \"length\" needs min_length or max_length, and they need it"
                )));
            }
            if let (Some(lo), Some(hi)) = (r.min_length, r.max_length) {
                if lo > hi {
                    return Err(Error::policy(format!(
                        "recognizers[{i}].min_length: larger than max_length"
                    )));
                }
            }
        }
        self.validate_lists()?;
        self.validate_key()?;
        for (i, n) in self.facilities.iter().enumerate() {
            if n.trim().is_empty() {
                return Err(Error::policy(format!("facilities[{i}]: empty name")));
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

impl Policy {
    fn validate_lists(&self) -> Result<(), Error> {
        for (i, t) in self.allow.exact.iter().enumerate() {
            if t.is_empty() {
                return Err(Error::policy(format!("allow.exact[{i}]: empty string")));
            }
        }
        for (i, p) in self.allow.patterns.iter().enumerate() {
            if let Err(e) = regex::Regex::new(p) {
                return Err(Error::pattern(format!(
                    "allow.patterns[{i}]: invalid regex: {}",
                    first_line(&e.to_string())
                )));
            }
        }
        for (i, d) in self.deny.iter().enumerate() {
            if Label::parse(&d.label).is_none() {
                return Err(Error::policy(format!(
                    "deny[{i}].label: unknown label (expected one of {})",
                    label_list()
                )));
            }
            for (j, t) in d.terms.iter().enumerate() {
                if t.trim().is_empty() {
                    return Err(Error::policy(format!("deny[{i}].terms[{j}]: empty term")));
                }
                if self.allow.exact.iter().any(|a| a.eq_ignore_ascii_case(t)) {
                    return Err(Error::policy(format!(
                        "deny[{i}].terms[{j}]: also in allow.exact"
                    )));
                }
            }
        }
        Ok(())
    }

    fn validate_key(&self) -> Result<(), Error> {
        if self.key.is_some() && self.key_env.is_some() {
            return Err(Error::policy("key, key_env: set one, not both"));
        }
        if let Some(k) = &self.key {
            if k.0 == REDACTED_KEY {
                return Err(Error::policy(
                    "key: the placeholder \"<set>\" is not a key; supply the real key or use key_env",
                ));
            }
            if k.0.len() < MIN_KEY_LEN {
                return Err(Error::policy(format!(
                    "key: too short (at least {MIN_KEY_LEN} bytes; 32 random bytes recommended)"
                )));
            }
        }
        if let Some(name) = &self.key_env {
            if name.is_empty() || name.contains('=') || name.contains('\0') {
                return Err(Error::policy(
                    "key_env: not a valid environment variable name",
                ));
            }
        }
        if let Some(d) = self.max_shift_days {
            if !(1..=3650).contains(&d) {
                return Err(Error::policy("max_shift_days: must be 1 to 3650"));
            }
        }
        Ok(())
    }

    /// The first enabled label whose action needs a key.
    pub(crate) fn keyed_label(&self) -> Option<(Label, Action)> {
        Label::ALL.iter().find_map(|&l| {
            let lp = self.get(l);
            (lp.enabled && lp.action.needs_key()).then_some((l, lp.action))
        })
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
/// serde_json's message without the values it quotes, and the position.
fn json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // The position is appended as " at line L column C"; it is added back below.
    let msg = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m);
    format!(
        "{} (at line {}, column {})",
        scrub_quoted(msg),
        e.line(),
        e.column()
    )
}

/// A serde message with the document's own text taken out. serde quotes what it found
/// before ", expected" (`unknown field `x``, `invalid type: string "x"`, `unknown variant
/// `x``), and that text is the document's, which may be PHI (a known name in the wrong
/// place); what it expected comes from the schema and stays.
fn scrub_quoted(msg: &str) -> String {
    let (found, expected) = match msg.find(", expected") {
        Some(i) => msg.split_at(i),
        None => (msg, ""),
    };
    let mut out = String::with_capacity(msg.len());
    let mut quote = None;
    for c in found.chars() {
        match quote {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                if c == '`' || c == '"' {
                    quote = Some(c);
                }
            }
        }
    }
    if quote.is_some() {
        out.push('…');
    }
    out.push_str(expected);
    out
}

/// toml's messages quote the offending source line; keep only the first line, which names
/// the problem and position, so that a policy's values are not echoed back.
fn toml_error(e: &toml::de::Error) -> String {
    let msg = scrub_quoted(e.message());
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
        // Issue 8 fields.
        p.set(Label::Name, LabelPolicy::with_action(Action::Numbered));
        let mut lp = LabelPolicy::with_action(Action::Pseudonym);
        lp.length = Some(12);
        p.set(Label::Mrn, lp);
        p.add_recognizer(
            CustomRecognizer::new("plan", Label::Id, r"\b\d{11}\b")
                .with_cues(["member"])
                .with_validator(Validator::Luhn),
        );
        p.add_recognizer(
            CustomRecognizer::new("len", Label::Id, r"\bK\d+\b")
                .with_validator(Validator::Length)
                .with_length(6, 8),
        );
        p.allow.exact.push("555-010-0000".into());
        p.allow.patterns.push(r"1-800-\d{3}-\d{4}".into());
        p.deny
            .push(DenyList::new(Label::Location, ["Mercy General"]));
        p.key_env = Some("PHIREDACT_KEY".into());
        p.max_shift_days = Some(90);
        p.add_facility("Quartermain");
        p.set(Label::Zip, LabelPolicy::with_action(Action::Zip3));
        assert_eq!(Policy::from_json(&p.to_json()).unwrap(), p);
        assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);
        assert_eq!(Policy::parse(&p.to_json()).unwrap(), p);
        assert_eq!(Policy::parse(&p.to_toml()).unwrap(), p);
    }

    /// Errors say what is wrong and where, but never quote the document's own keys or
    /// values (a misplaced known name would be PHI): `…` stands for them.
    #[test]
    fn unknown_fields_are_located_not_quoted() {
        let cases = [
            (
                r#"{"lables": {}}"#,
                "lables",
                "unknown field `…`, expected one of",
            ),
            (
                r#"{"labels": {"SSN": {"acton": "mask"}}}"#,
                "acton",
                "unknown field `…`",
            ),
            (
                r#"{"labels": {"SSNN": {}}}"#,
                "SSNN",
                "labels: a key is not a label name",
            ),
            (
                r#"{"labels": {"SSN": {"action": "blur"}}}"#,
                "blur",
                "unknown variant `…`, expected one of `tag`",
            ),
            ("[labels.SSN]\nacton = \"mask\"\n", "acton", "(at byte 13)"),
            ("colour = 1\n", "colour", "unknown field `…`"),
            (
                r#"{"known_names": "Maria"}"#,
                "Maria",
                "invalid type: string \"…\", expected",
            ),
            (r#"{"lables": {}}"#, "lables", "(at line 1, column"),
        ];
        for (doc, quoted, says) in cases {
            let err = Policy::parse(doc).unwrap_err().to_string();
            assert!(
                err.contains(says),
                "{doc}: error {err} does not say {says:?}"
            );
            assert!(
                !err.contains(quoted),
                "{doc}: error {err} quotes {quoted:?}"
            );
        }
        // Paths made of schema names are named.
        for (doc, field) in [
            (
                r#"{"recognizers": [{"name": "x", "label": "MRN", "pattern": "("}]}"#,
                "recognizers[0].pattern",
            ),
            (
                r#"{"labels": {"SSN": {"action": "mask", "digits": 4}}}"#,
                "labels.SSN.digits",
            ),
        ] {
            let err = Policy::parse(doc).unwrap_err();
            assert!(
                err.to_string().contains(field),
                "{doc}: error {err} does not name {field}"
            );
        }
    }

    #[test]
    fn debug_shows_counts_not_strings() {
        let mut p = Policy::default();
        p.add_known_name("Maria Lopez");
        p.allow.exact.push("Lopez".into());
        let shown = format!("{p:?}");
        assert!(
            !shown.contains("Maria") && !shown.contains("Lopez"),
            "{shown}"
        );
        assert!(shown.contains("known_names: 1"), "{shown}");
    }

    #[test]
    fn zip3_is_for_zip_only() {
        assert!(Policy::parse(r#"{"labels": {"ZIP": {"action": "zip3"}}}"#).is_ok());
        let err = Policy::parse(r#"{"labels": {"SSN": {"action": "zip3"}}}"#).unwrap_err();
        assert!(err.to_string().contains("labels.SSN.action"));
        assert!(Policy::parse(r#"{"facilities": [" "]}"#).is_err());
    }

    #[test]
    fn label_keys_are_case_insensitive() {
        let p = Policy::parse(r#"{"labels": {"ssn": {"action": "mask"}}}"#).unwrap();
        assert_eq!(p.get(Label::Ssn).action, Action::Mask);
        assert!(Policy::parse(r#"{"labels": {"ssn": {}, "SSN": {}}}"#).is_err());
    }
}

//! What the engine reports: a [`Finding`] is a labelled byte span, never the text itself.

use std::fmt;

/// The kind of identifier a [`Finding`] covers.
///
/// The upper-case names ([`Label::as_str`]) are stable: they appear in tags such as `[SSN]`,
/// in the policy document, in the CLI's JSON output, in the C enum and in Python.
/// The numeric values ([`Label::code`]) are stable too; the C ABI exposes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Label {
    /// A person's name: patient, relative, provider.
    Name,
    /// A telephone or fax number.
    Phone,
    /// An e-mail address.
    Email,
    /// A US Social Security number.
    Ssn,
    /// A medical record number.
    Mrn,
    /// Any other account, member, policy, licence, device or encounter number.
    Id,
    /// A date of birth.
    Dob,
    /// Any other date more precise than a year.
    Date,
    /// An age over 89, which HIPAA Safe Harbor treats as identifying.
    Age,
    /// A street address.
    Address,
    /// A ZIP code.
    Zip,
    /// A web address.
    Url,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A city, county, facility or other place smaller than a state.
    Location,
}

impl Label {
    /// Every label, in the order of their codes.
    pub const ALL: [Label; 14] = [
        Label::Name,
        Label::Phone,
        Label::Email,
        Label::Ssn,
        Label::Mrn,
        Label::Id,
        Label::Dob,
        Label::Date,
        Label::Age,
        Label::Address,
        Label::Zip,
        Label::Url,
        Label::Ip,
        Label::Location,
    ];

    /// The stable upper-case name, e.g. `"SSN"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Name => "NAME",
            Label::Phone => "PHONE",
            Label::Email => "EMAIL",
            Label::Ssn => "SSN",
            Label::Mrn => "MRN",
            Label::Id => "ID",
            Label::Dob => "DOB",
            Label::Date => "DATE",
            Label::Age => "AGE",
            Label::Address => "ADDRESS",
            Label::Zip => "ZIP",
            Label::Url => "URL",
            Label::Ip => "IP",
            Label::Location => "LOCATION",
        }
    }

    /// The default replacement tag, e.g. `"[SSN]"`.
    pub const fn tag(self) -> &'static str {
        match self {
            Label::Name => "[NAME]",
            Label::Phone => "[PHONE]",
            Label::Email => "[EMAIL]",
            Label::Ssn => "[SSN]",
            Label::Mrn => "[MRN]",
            Label::Id => "[ID]",
            Label::Dob => "[DOB]",
            Label::Date => "[DATE]",
            Label::Age => "[AGE]",
            Label::Address => "[ADDRESS]",
            Label::Zip => "[ZIP]",
            Label::Url => "[URL]",
            Label::Ip => "[IP]",
            Label::Location => "[LOCATION]",
        }
    }

    /// The stable numeric code (1-based, the value of the C enum).
    pub const fn code(self) -> u32 {
        match self {
            Label::Name => 1,
            Label::Phone => 2,
            Label::Email => 3,
            Label::Ssn => 4,
            Label::Mrn => 5,
            Label::Id => 6,
            Label::Dob => 7,
            Label::Date => 8,
            Label::Age => 9,
            Label::Address => 10,
            Label::Zip => 11,
            Label::Url => 12,
            Label::Ip => 13,
            Label::Location => 14,
        }
    }

    /// The label with the given numeric code.
    pub fn from_code(code: u32) -> Option<Label> {
        Label::ALL.iter().copied().find(|l| l.code() == code)
    }

    /// Parses a label name, case-insensitively (`"ssn"`, `"SSN"`).
    pub fn parse(name: &str) -> Option<Label> {
        Label::ALL
            .iter()
            .copied()
            .find(|l| l.as_str().eq_ignore_ascii_case(name))
    }

    /// A small dense index, `0..Label::ALL.len()`, for per-label tables.
    pub(crate) const fn index(self) -> usize {
        self.code() as usize - 1
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One span of identifying text, found by a recognizer.
///
/// Offsets are UTF-8 byte offsets into the text that was scanned (for a stream, into the
/// whole stream), always on `char` boundaries. A finding holds no text: its `Debug` output
/// and every serialisation the project offers show label, span and rule only, because the
/// matched text is PHI. Use `&text[f.start..f.end]` when you really need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What was found.
    pub label: Label,
    /// The recognizer (and, for names, the deciding signal) that fired, e.g. `"ssn.dashed"`.
    /// An audit trail: it tells a reviewer why a span was removed.
    pub rule: &'static str,
}

impl Finding {
    /// The length of the span in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty (never true for a finding the engine returns).
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

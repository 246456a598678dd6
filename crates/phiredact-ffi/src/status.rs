//! Status codes returned by every fallible function, and the stable label codes.
//!
//! Both are `#[repr(u32)]` enums so the header gets a C enum with documented, stable
//! values. Status codes leave gaps between groups (argument errors, configuration, state,
//! internal) so that new codes can join their group without renumbering; values once
//! published never change.
//!
//! Functions that *take* a status or a label from C take a plain `u32` instead of the enum:
//! a Rust enum parameter holding a value outside its variants is undefined behaviour, and C
//! can pass any integer. (rustls-ffi does the same for `rustls_error`.)

#![allow(non_camel_case_types)]

use phiredact::Label;

/// The result of a call. `PHIREDACT_STATUS_OK` is 0; every other value is a failure, and
/// `phiredact_last_error()` then describes it (without quoting input text).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum phiredact_status {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL, a length was impossible (text NULL with a non-zero
    /// length, or more than `PTRDIFF_MAX` bytes), or an index was out of range.
    InvalidArgument = 100,
    /// Text that must be UTF-8 (input of `phiredact_redact` / `phiredact_find`, a policy
    /// document, a known name) is not. Nothing is scanned and nothing is returned.
    InvalidUtf8 = 101,
    /// The input of `phiredact_redact_format` does not parse in the requested format (an
    /// unterminated JSON document or CSV quote, a FHIR document that is not an object, an
    /// HL7 message over the size limit). The last error gives a position, never input
    /// text. Nothing is returned: no part of the input is emitted, scanned or not.
    InvalidFormat = 102,
    /// `phiredact_format_detect` could not tell the format unambiguously (it recognises
    /// HL7 v2 and FHIR JSON only; CSV, JSON lines and plain text are never guessed).
    FormatNotDetected = 103,
    /// The policy document could not be parsed or is not valid (unknown field or label,
    /// bad option combination, a custom pattern that does not compile).
    InvalidPolicy = 200,
    /// The stream was already finished: after `phiredact_stream_finish` (successful or
    /// not) a stream accepts only `phiredact_stream_free`.
    StreamFinished = 300,
    /// An internal error: a panic was caught at the boundary. This is a bug in phiredact;
    /// please report it. No output was produced by the failing call, and a stream that
    /// hit it is unusable.
    InternalError = 900,
}

/// The kind of identifier a finding covers. The values are stable and never reused.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum phiredact_label {
    /// A person's name: patient, relative, provider.
    Name = 1,
    /// A telephone or fax number.
    Phone = 2,
    /// An e-mail address.
    Email = 3,
    /// A US Social Security number.
    Ssn = 4,
    /// A medical record number.
    Mrn = 5,
    /// Any other account, member, policy, licence, device or encounter number.
    Id = 6,
    /// A date of birth.
    Dob = 7,
    /// Any other date more precise than a year.
    Date = 8,
    /// An age over 89.
    Age = 9,
    /// A street address.
    Address = 10,
    /// A ZIP code.
    Zip = 11,
    /// A web address.
    Url = 12,
    /// An IPv4 or IPv6 address.
    Ip = 13,
    /// A city, county, facility or other place smaller than a state.
    Location = 14,
}

impl phiredact_label {
    /// Every C label, in code order.
    pub(crate) const ALL: [phiredact_label; 14] = [
        phiredact_label::Name,
        phiredact_label::Phone,
        phiredact_label::Email,
        phiredact_label::Ssn,
        phiredact_label::Mrn,
        phiredact_label::Id,
        phiredact_label::Dob,
        phiredact_label::Date,
        phiredact_label::Age,
        phiredact_label::Address,
        phiredact_label::Zip,
        phiredact_label::Url,
        phiredact_label::Ip,
        phiredact_label::Location,
    ];

    /// The C label of a core label. Both sides use the same stable codes (checked by a
    /// test); a core label this crate does not know yet would be a build-time mismatch
    /// caught there, so the fallback is never taken in a released build.
    pub(crate) fn from_core(label: Label) -> phiredact_label {
        phiredact_label::ALL
            .iter()
            .copied()
            .find(|l| *l as u32 == label.code())
            .unwrap_or(phiredact_label::Id)
    }
}

impl phiredact_label {
    /// The stable upper-case name, as the core spells it (checked by a test).
    pub(crate) fn name(self) -> &'static std::ffi::CStr {
        match self {
            phiredact_label::Name => c"NAME",
            phiredact_label::Phone => c"PHONE",
            phiredact_label::Email => c"EMAIL",
            phiredact_label::Ssn => c"SSN",
            phiredact_label::Mrn => c"MRN",
            phiredact_label::Id => c"ID",
            phiredact_label::Dob => c"DOB",
            phiredact_label::Date => c"DATE",
            phiredact_label::Age => c"AGE",
            phiredact_label::Address => c"ADDRESS",
            phiredact_label::Zip => c"ZIP",
            phiredact_label::Url => c"URL",
            phiredact_label::Ip => c"IP",
            phiredact_label::Location => c"LOCATION",
        }
    }
}

impl phiredact_status {
    /// The stable upper-case name of a status, e.g. `"INVALID_UTF8"`.
    pub(crate) fn name(self) -> &'static std::ffi::CStr {
        match self {
            phiredact_status::Ok => c"OK",
            phiredact_status::InvalidArgument => c"INVALID_ARGUMENT",
            phiredact_status::InvalidUtf8 => c"INVALID_UTF8",
            phiredact_status::InvalidFormat => c"INVALID_FORMAT",
            phiredact_status::FormatNotDetected => c"FORMAT_NOT_DETECTED",
            phiredact_status::InvalidPolicy => c"INVALID_POLICY",
            phiredact_status::StreamFinished => c"STREAM_FINISHED",
            phiredact_status::InternalError => c"INTERNAL_ERROR",
        }
    }

    /// All statuses, for lookups by code.
    pub(crate) const ALL: [phiredact_status; 8] = [
        phiredact_status::Ok,
        phiredact_status::InvalidArgument,
        phiredact_status::InvalidUtf8,
        phiredact_status::InvalidFormat,
        phiredact_status::FormatNotDetected,
        phiredact_status::InvalidPolicy,
        phiredact_status::StreamFinished,
        phiredact_status::InternalError,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_codes_match_the_core() {
        assert_eq!(phiredact_label::ALL.len(), Label::ALL.len());
        for (c, l) in phiredact_label::ALL.iter().zip(Label::ALL) {
            assert_eq!(*c as u32, l.code(), "{l}");
            assert_eq!(phiredact_label::from_core(l), *c);
            assert_eq!(c.name().to_str(), Ok(l.as_str()));
        }
    }
}

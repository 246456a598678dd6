//! phiredact finds and redacts protected health information (PHI) in clinical and
//! telehealth text: names, phone numbers, medical record numbers, dates of birth, Social
//! Security numbers and the other HIPAA Safe Harbor identifiers that free text carries.
//!
//! ```
//! use phiredact::{Label, Redactor};
//!
//! let redactor = Redactor::new();
//! let text = "SSN 123-45-6789, call back at (555) 123-4567. DOB 03/04/1961.";
//! assert_eq!(
//!     redactor.redact(text),
//!     "SSN [SSN], call back at [PHONE]. DOB [DOB]."
//! );
//! let findings = redactor.find(text);
//! assert_eq!(findings[0].label, Label::Ssn);
//! assert_eq!(&text[findings[0].start..findings[0].end], "123-45-6789");
//! assert_eq!(findings[0].rule, "ssn.cue");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! A [`Redactor`] is built once — with the default [`Policy`] by [`Redactor::new`], or from a
//! policy document by [`Redactor::builder`] / [`Redactor::with_policy`] — and shared by all
//! threads: it is immutable, `Send + Sync`, and cheap to clone. [`Redactor::find`] returns
//! [`Finding`]s (byte spans with a [`Label`] and the `rule` that fired);
//! [`Redactor::redact`] replaces them as the policy says. Per-message information, such as
//! the names on the patient's record, goes in a [`Context`] ([`Redactor::find_with`],
//! [`Redactor::redact_with`]).
//!
//! Text flows one way: every recognizer proposes candidates, overlapping candidates are
//! merged (their union is redacted, so no part of either leaks), and the policy decides the
//! replacement.
//!
//! # Streaming
//!
//! [`Redactor::redact_stream`] and the push-style [`StreamRedactor`] redact input of any size
//! in bounded memory (at most [`HARD_LIMIT`] bytes buffered). The engine analyses text in
//! *segments* — runs of lines ended by a blank line, or by a line break past 32 KiB, or cut
//! at white space before 256 KiB — and where a segment ends depends only on its own bytes.
//! So the streamed output is byte-identical to `redact` on the whole input, for every
//! chunking. A token that straddles a forced cut (256 KiB without white space) is redacted
//! whole (rule `window.forced_cut`): nothing passes through unscanned.
//!
//! ```
//! let redactor = phiredact::Redactor::new();
//! let mut out = Vec::new();
//! let stats = redactor.redact_stream(&b"MRN: 00123456\n"[..], &mut out)?;
//! assert_eq!(out, b"MRN: [MRN]\n");
//! assert_eq!(stats.findings, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Policies
//!
//! One [`Policy`] document, in JSON or TOML, configures every front end (Rust, CLI, C,
//! Python): which labels are on, and per label a replacement — a tag, a shape-keeping mask,
//! keep the last N digits, or remove — plus site-specific recognizers and known names.
//! Unknown fields are rejected with an error that names them. Per label the policy can
//! also ask for `numbered` tags, keyed `pseudonym`s, realistic `surrogate`s and
//! `shift_dates`, and it holds allow and deny lists and custom recognizers with cue words
//! and validators: see [`policy_operators`].
//!
//! ```
//! let policy = phiredact::Policy::parse(r#"
//!     [labels.SSN]
//!     action = "keep_last"
//!     digits = 4
//! "#)?;
//! let redactor = phiredact::Redactor::with_policy(policy)?;
//! assert_eq!(redactor.redact("SSN 123-45-6789"), "SSN ***-**-6789");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Structured formats
//!
//! HL7 v2 messages, FHIR R4 JSON and tabular exports (CSV, JSON lines) are redacted field
//! by field ([`formats`]): identifying fields go whole, by position, with their label;
//! free-text fields go through the text engine with the names of the same message as
//! known names; the output keeps the structure and still parses. The field tables are
//! part of the policy (`[formats.hl7.fields]`, `[formats.table.columns]`).
//!
//! ```
//! let redactor = phiredact::Redactor::new();
//! let out = redactor.redact_hl7("MSH|^~\\&|A\rPID|1||||LOPEZ^MARIA\rNTE|1||Maria is well\r")?;
//! assert_eq!(out, "MSH|^~\\&|A\rPID|1||||[NAME]^[NAME]\rNTE|1||[NAME] is well\r");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Handling PHI
//!
//! Findings hold offsets, never text, and their `Debug` output shows label, span and rule
//! only. Errors describe configuration or I/O problems and never quote input text. Invalid
//! UTF-8 is decoded lossily before scanning ([`Redactor::redact_bytes`]), never passed
//! through. The key of the keyed operators shows as `<set>` in `Debug` output, errors and
//! printed policies. The crate has no `unsafe` code and does no logging.
//!
//! # Performance
//!
//! Everything is compiled in: no files, no network. Regexes and dictionaries are built once
//! per process, lazily, and shared by all redactors.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod dates;
mod error;
mod finding;
mod fold;
pub mod formats;
mod keyed;
mod lists;
pub mod offsets;
mod parallel;
mod policy;
mod recognize;
mod redactor;
mod replace;
mod resolve;
mod segment;
mod stream;
mod surrogate;

pub use error::{Error, ErrorKind};
pub use finding::{Finding, Label};
pub use formats::{FieldAction, Format, FormatsPolicy};
pub use policy::{
    Action, AllowList, CustomRecognizer, DenyList, LabelPolicy, Policy, Secret, Validator,
};
pub use redactor::{Context, Redactor, RedactorBuilder};
pub use segment::HARD_LIMIT;
pub use stream::{StreamRedactor, StreamStats};

/// The version of this crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[doc = include_str!("../POLICY.md")]
pub mod policy_operators {}

#[cfg(test)]
mod ops_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_traits() {
        fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
        check::<Redactor>();
        check::<Finding>();
        check::<Policy>();
        check::<Error>();
        fn send<T: Send>() {}
        send::<StreamRedactor>();
    }
}

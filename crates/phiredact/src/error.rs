//! The one error type of the crate.
//!
//! Errors describe what went wrong with the *configuration* or the *I/O*, never with the
//! text being scanned: no message built here ever contains input text, so an error can be
//! logged or shown to a user without leaking PHI.

use std::fmt;

/// What kind of failure an [`Error`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The policy document could not be parsed or is not valid.
    Policy,
    /// A custom pattern (a regex in the policy) did not compile.
    Pattern,
    /// Reading or writing a stream failed.
    Io,
    /// A stream was used after `finish`.
    StreamFinished,
    /// Structured input (HL7 v2, FHIR JSON, CSV, JSON lines) could not be parsed in the
    /// requested format. The message gives a position, never the input.
    Format,
}

/// An error from building a redactor or from streaming.
///
/// The message names the problem (for a policy, the offending field) and never contains
/// input text.
pub struct Error {
    kind: ErrorKind,
    message: String,
    io_kind: Option<std::io::ErrorKind>,
}

impl Error {
    pub(crate) fn policy(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Policy,
            message: message.into(),
            io_kind: None,
        }
    }

    pub(crate) fn pattern(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Pattern,
            message: message.into(),
            io_kind: None,
        }
    }

    pub(crate) fn io(err: std::io::Error) -> Error {
        // The io::Error's own message comes from the OS or from a reader/writer
        // implementation, not from the scanned text.
        Error {
            kind: ErrorKind::Io,
            message: format!("I/O error: {err}"),
            io_kind: Some(err.kind()),
        }
    }

    pub(crate) fn stream_finished() -> Error {
        Error {
            kind: ErrorKind::StreamFinished,
            message: "the stream was already finished".to_string(),
            io_kind: None,
        }
    }

    pub(crate) fn format(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Format,
            message: message.into(),
            io_kind: None,
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// For an [`ErrorKind::Io`] error, the kind of the underlying I/O error. (The error
    /// itself is not kept, so that `Error` stays `UnwindSafe` and `Sync`.)
    pub fn io_error_kind(&self) -> Option<std::io::ErrorKind> {
        self.io_kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .finish()
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::io(err)
    }
}

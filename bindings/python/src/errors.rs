//! The one place where core errors become Python exceptions.
//!
//! The exception classes live in Python (`phiredact/_errors.py`) because `PolicyError` is
//! also a `ValueError`, and multiple inheritance is plain there; Rust imports them lazily.
//! Every message raised from here names a problem, never input text: core messages are
//! built that way, and the ones written here quote only type names, indices and counts.

use pyo3::PyErr;
use pyo3::types::{PyAnyMethods, PyTypeMethods};

use phiredact::ErrorKind;

pyo3::import_exception!(phiredact._errors, PhiredactError);
pyo3::import_exception!(phiredact._errors, PolicyError);
pyo3::import_exception!(phiredact._errors, InputError);
pyo3::import_exception!(phiredact._errors, StreamError);
pyo3::import_exception!(phiredact._errors, FormatError);

/// Converts a core error. (A `From` impl is impossible here: both types are foreign.)
pub(crate) fn to_py(err: phiredact::Error) -> PyErr {
    let msg = err.to_string();
    match err.kind() {
        ErrorKind::Policy | ErrorKind::Pattern => PolicyError::new_err(msg),
        ErrorKind::StreamFinished => StreamError::new_err(msg),
        ErrorKind::Format => FormatError::new_err(msg),
        // An OSError subclass chosen by the I/O error kind (FileNotFoundError, ...).
        ErrorKind::Io => PyErr::from(std::io::Error::new(
            err.io_error_kind().unwrap_or(std::io::ErrorKind::Other),
            msg,
        )),
        _ => PhiredactError::new_err(msg),
    }
}

/// An [`InputError`] for an argument of the wrong type; names the type, not the value.
pub(crate) fn wrong_type(what: &str, expected: &str, obj: &pyo3::Bound<'_, pyo3::PyAny>) -> PyErr {
    let ty = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string());
    InputError::new_err(format!("{what} must be {expected}, not {ty}"))
}

//! The C ABI of phiredact: a static library (`libphiredact_ffi.a`), a shared library
//! (`libphiredact_ffi.so`) and the header `include/phiredact.h`, generated from this crate
//! by cbindgen and committed.
//!
//! ```c
//! #include "phiredact.h"
//!
//! phiredact_redactor *r = NULL;
//! if (phiredact_redactor_new(NULL, &r) != PHIREDACT_STATUS_OK) {
//!     fprintf(stderr, "phiredact: %s\n", phiredact_last_error());
//!     return 1;
//! }
//! const char text[] = "SSN 123-45-6789";
//! phiredact_string out;
//! if (phiredact_redact(r, text, sizeof text - 1, &out) == PHIREDACT_STATUS_OK) {
//!     fwrite(out.data, 1, out.len, stdout);          /* "SSN [SSN]" */
//!     phiredact_string_free(&out);
//! }
//! phiredact_redactor_free(r);
//! ```
//!
//! # Conventions
//!
//! * **One prefix.** Every symbol, type and constant starts with `phiredact_` /
//!   `PHIREDACT_`.
//! * **Status plus last error.** Fallible functions return a `phiredact_status`
//!   (`PHIREDACT_STATUS_OK` is 0). On failure, `phiredact_last_error()` describes the
//!   problem for the calling thread; the message never contains input text.
//! * **Outputs.** A function with an output parameter `out` writes it on success, and on
//!   failure writes the empty value (NULL handle, `{NULL, 0}` string), so freeing an output
//!   unconditionally is always safe. `out` itself must not be NULL.
//! * **Inputs.** Text is passed as `(const char *text, size_t len)`: not necessarily
//!   NUL-terminated, may contain NUL bytes, may be NULL only when `len` is 0. Offsets are
//!   byte offsets into that text. Policy documents and known names are NUL-terminated.
//! * **Ownership.** Whatever phiredact allocates has a matching `_free` that accepts NULL:
//!   `phiredact_redactor_free`, `phiredact_findings_free`, `phiredact_stream_free`,
//!   `phiredact_string_free`. Strings returned as `const char *` (version, label and rule
//!   names, last error) are owned by the library and never freed by the caller. Nothing
//!   returned aliases caller memory.
//! * **Threads.** A redactor is immutable and may be shared by any number of threads. A
//!   stream is used by one thread at a time. Findings are read-only.
//! * **Panics** never cross the boundary: every exported function catches them and returns
//!   `PHIREDACT_STATUS_INTERNAL_ERROR` (or a documented fallback value).
//!
//! # Structured formats
//!
//! `phiredact_redact_format` redacts an HL7 v2 message, a FHIR JSON document, a CSV export
//! or JSON lines field by field (identifying fields replaced whole, free text scanned,
//! structure kept), with the field tables of the redactor's policy;
//! `phiredact_format_detect` recognises HL7 and FHIR from the first bytes.
//!
//! ```c
//! phiredact_format f;
//! if (phiredact_format_detect(data, len, &f) != PHIREDACT_STATUS_OK) {
//!     /* not HL7 or FHIR: f is PHIREDACT_FORMAT_TEXT, or name the format yourself */
//! }
//! phiredact_string out;
//! phiredact_status st = phiredact_redact_format(r, f, data, len, &out);
//! if (st == PHIREDACT_STATUS_OK) {
//!     fwrite(out.data, 1, out.len, stdout);
//! } else if (st == PHIREDACT_STATUS_INVALID_FORMAT) {
//!     fprintf(stderr, "phiredact: %s\n", phiredact_last_error()); /* a position, no PHI */
//! }
//! phiredact_string_free(&out);
//! ```
//!
//! # Handling PHI
//!
//! Error messages come from fixed strings here and from `phiredact::Error`, which never
//! quotes input. A caught panic's message, which could quote input, is neither returned
//! nor printed (see `boundary`). Invalid UTF-8 is refused by the one-shot calls (nothing
//! scanned, nothing returned) and decoded as U+FFFD by the stream and
//! `phiredact_redact_bytes`: unscanned text is never echoed.
//!
//! # Safety
//!
//! All `unsafe` code of the project lives in this crate, each block with a `// SAFETY:`
//! comment (enforced by `clippy::undocumented_unsafe_blocks`). The exported functions are
//! safe Rust signatures because C cannot see the difference; their pointer contracts are
//! documented in the header and checked where they can be (NULL, impossible lengths,
//! UTF-8, use after finish).

#![deny(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks)]
// The contract of every pointer parameter is in the header documentation; marking the
// exported functions `unsafe` would change nothing for C callers.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

mod boundary;
mod format;
mod handle;
mod last_error;
mod redactor;
mod status;
mod stream;

use std::ffi::{CStr, c_char};

pub use format::{
    phiredact_format, phiredact_format_detect, phiredact_format_name, phiredact_format_parse,
    phiredact_redact_format,
};
pub use handle::phiredact_string;
pub use redactor::{
    phiredact_find, phiredact_find_with_names, phiredact_finding, phiredact_findings,
    phiredact_findings_free, phiredact_findings_get, phiredact_findings_len, phiredact_label_name,
    phiredact_redact, phiredact_redact_bytes, phiredact_redact_with_names, phiredact_redactor,
    phiredact_redactor_free, phiredact_redactor_new, phiredact_status_name, phiredact_string_free,
};
pub use status::{phiredact_label, phiredact_status};
pub use stream::{
    phiredact_stream, phiredact_stream_finish, phiredact_stream_free, phiredact_stream_new,
    phiredact_stream_new_with_names, phiredact_stream_write,
};

/// The major version of the library this header belongs to.
pub const PHIREDACT_VERSION_MAJOR: u32 = 0;
/// The minor version of the library this header belongs to.
pub const PHIREDACT_VERSION_MINOR: u32 = 1;
/// The patch version of the library this header belongs to.
pub const PHIREDACT_VERSION_PATCH: u32 = 0;

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => panic!("the package version contains a NUL"),
    };

/// The version of the library, e.g. `"0.1.0"`: a static string, never to be freed.
/// Compare with the `PHIREDACT_VERSION_*` macros of the header to detect a header/library
/// mismatch. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_version() -> *const c_char {
    boundary::run_or(c"".as_ptr(), || VERSION.as_ptr())
}

/// A description of this thread's most recent failure, as a NUL-terminated string owned by
/// the library (never free it). It never contains input text or other PHI. Empty if no
/// call on this thread has failed. Successful calls leave it unchanged; it stays valid
/// until the next failing call on the same thread.
///
/// Thread-safe: each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_last_error() -> *const c_char {
    boundary::run_or(c"".as_ptr(), last_error::get)
}

#[cfg(test)]
mod tests;

//! The one place where Rust meets C: panics are caught, failures become a status plus a
//! last-error message, and raw inputs are checked before anything reads them.
//!
//! Every exported function is a plain `#[unsafe(no_mangle)] pub extern "C" fn` whose body
//! is a call to [`run`], [`run_out`] or [`run_or`] with a closure. Keeping the
//! `catch_unwind` in a helper rather than a macro lets cbindgen read the signatures
//! without expanding anything and lets rustfmt format the bodies.
//!
//! A caught panic's message is never shown: Rust's own panic messages can quote the data
//! they were working on (a string slicing panic prints the string), and here that data is
//! PHI. A panic hook installed on first use replaces the message of panics raised inside
//! this library with a fixed text plus the source location, and leaves the host program's
//! own panics to the hook it had before.

use std::borrow::Cow;
use std::cell::Cell;
use std::ffi::{CStr, c_char};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use crate::last_error;
use crate::status::phiredact_status;

/// A failure on its way to C: the status to return and the message for
/// `phiredact_last_error()`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: phiredact_status,
    pub(crate) message: Cow<'static, str>,
}

impl Failure {
    pub(crate) fn new(status: phiredact_status, message: impl Into<Cow<'static, str>>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }

    /// A NULL pointer where one is required; `what` names the parameter.
    pub(crate) fn null(what: &'static str) -> Self {
        Failure::new(
            phiredact_status::InvalidArgument,
            format!("{what} must not be NULL"),
        )
    }

    pub(crate) fn argument(message: impl Into<Cow<'static, str>>) -> Self {
        Failure::new(phiredact_status::InvalidArgument, message)
    }
}

impl From<phiredact::Error> for Failure {
    fn from(e: phiredact::Error) -> Self {
        let status = match e.kind() {
            phiredact::ErrorKind::Policy | phiredact::ErrorKind::Pattern => {
                phiredact_status::InvalidPolicy
            }
            phiredact::ErrorKind::StreamFinished => phiredact_status::StreamFinished,
            phiredact::ErrorKind::Format => phiredact_status::InvalidFormat,
            _ => phiredact_status::InternalError,
        };
        // The core's messages never contain input text (see phiredact::Error).
        Failure::new(status, e.to_string())
    }
}

const PANIC_MESSAGE: &str =
    "internal error: a panic was caught at the C boundary (a bug in phiredact; please report it)";

thread_local! {
    /// How many boundary calls are active on this thread (re-entrancy is not possible
    /// through C callbacks today, but a counter costs nothing over a flag).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Installs, once per process, a panic hook that withholds the message of panics raised
/// inside this library and defers to the previous hook for everything else.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.try_with(Cell::get).unwrap_or(0) > 0 {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                // The payload is deliberately not printed: it may quote input text.
                eprintln!("phiredact: panic{at} (message withheld: it may contain PHI)");
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f` with panics caught; a panic becomes [`phiredact_status::InternalError`].
fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    install_hook();
    let _ = DEPTH.try_with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let _ = DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
    match result {
        Ok(r) => r,
        // The payload is dropped unread: it may quote input text. Dropping it cannot
        // panic in practice (it is a String or &str).
        Err(_) => Err(Failure::new(phiredact_status::InternalError, PANIC_MESSAGE)),
    }
}

fn record(failure: Failure) -> phiredact_status {
    last_error::set(&failure.message);
    failure.status
}

/// Runs a call that has no output.
pub(crate) fn run(f: impl FnOnce() -> Result<(), Failure>) -> phiredact_status {
    match guarded(f) {
        Ok(()) => phiredact_status::Ok,
        Err(e) => record(e),
    }
}

/// Runs a call with one output: `*out` receives the result on success and `empty` on
/// failure, so that a caller who frees the output unconditionally never frees a stale or
/// uninitialised pointer. `out` itself must not be NULL.
pub(crate) fn run_out<T>(
    out: *mut T,
    empty: impl FnOnce() -> T,
    f: impl FnOnce() -> Result<T, Failure>,
) -> phiredact_status {
    if out.is_null() {
        return record(Failure::null("out"));
    }
    let (status, value) = match guarded(f) {
        Ok(v) => (phiredact_status::Ok, v),
        Err(e) => (record(e), empty()),
    };
    // SAFETY: `out` is not NULL (checked above) and the header requires it to point to
    // writable, aligned memory for one T. `write` does not read or drop the old value,
    // which may be uninitialised.
    unsafe { out.write(value) };
    status
}

/// Runs a call that returns a plain value and cannot report a status; a panic yields
/// `fallback` (and sets the last error).
pub(crate) fn run_or<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    match guarded(|| Ok(f())) {
        Ok(v) => v,
        Err(e) => {
            record(e);
            fallback
        }
    }
}

/// The bytes `ptr[0..len]`, checked: NULL is allowed only with `len == 0`.
///
/// # Safety
///
/// If `ptr` is not NULL it must point to `len` readable bytes that stay valid and
/// unmodified for `'a`.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const c_char,
    len: usize,
    what: &'static str,
) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::argument(format!(
                "{what} is NULL but its length is not 0"
            )))
        };
    }
    if len > isize::MAX as usize {
        return Err(Failure::argument(format!("{what}: length too large")));
    }
    // SAFETY: `ptr` is not NULL, `len` is at most isize::MAX, and the caller guarantees
    // `len` readable bytes valid for 'a (the contract documented in the header).
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Like [`bytes`], and the bytes must be UTF-8.
///
/// # Safety
///
/// As for [`bytes`].
pub(crate) unsafe fn text<'a>(
    ptr: *const c_char,
    len: usize,
    what: &'static str,
) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from the caller.
    let b = unsafe { bytes(ptr, len, what) }?;
    utf8(b, what)
}

fn utf8<'a>(b: &'a [u8], what: &'static str) -> Result<&'a str, Failure> {
    std::str::from_utf8(b).map_err(|e| {
        // The offset is a position, not text: safe to report.
        Failure::new(
            phiredact_status::InvalidUtf8,
            format!(
                "{what} is not valid UTF-8 (first invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// A NUL-terminated UTF-8 string, checked.
///
/// # Safety
///
/// If `ptr` is not NULL it must point to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn c_text<'a>(
    ptr: *const c_char,
    what: &'static str,
) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: not NULL, and the caller guarantees NUL termination and validity for 'a.
    let c = unsafe { CStr::from_ptr(ptr) };
    utf8(c.to_bytes(), what)
}

/// The known names `names[0..len]`, each a NUL-terminated UTF-8 string.
///
/// # Safety
///
/// If `names` is not NULL it must point to `len` readable pointers, each NULL or pointing
/// to a NUL-terminated string; all valid for `'a`.
pub(crate) unsafe fn name_list<'a>(
    names: *const *const c_char,
    len: usize,
) -> Result<Vec<&'a str>, Failure> {
    if names.is_null() {
        return if len == 0 {
            Ok(Vec::new())
        } else {
            Err(Failure::argument("names is NULL but names_len is not 0"))
        };
    }
    if len > isize::MAX as usize / std::mem::size_of::<*const c_char>() {
        return Err(Failure::argument("names_len too large"));
    }
    // SAFETY: not NULL, size checked, and the caller guarantees `len` readable pointers.
    let ptrs = unsafe { std::slice::from_raw_parts(names, len) };
    ptrs.iter()
        .map(|&p| {
            // SAFETY: each entry is NULL (rejected by c_text) or a NUL-terminated string,
            // as the caller guarantees.
            unsafe { c_text(p, "names[i]") }
        })
        .collect()
}

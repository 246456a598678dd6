//! The thread-local message behind `phiredact_last_error()`.
//!
//! Every failing call stores a message here before returning its status. Messages come
//! from two places only: fixed strings in this crate and `phiredact::Error`, whose messages
//! never quote input text. So the last error can be logged without leaking PHI.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

thread_local! {
    static LAST: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Records `message` as this thread's last error.
pub(crate) fn set(message: &str) {
    // A NUL cannot occur in our messages; replace rather than lose the message if it did.
    let c = CString::new(message.replace('\0', " "))
        .unwrap_or_else(|_| CString::from(c"(unprintable error message)"));
    // During thread teardown the slot may be gone; losing the message then is harmless.
    let _ = LAST.try_with(|slot| *slot.borrow_mut() = Some(c));
}

/// A pointer to this thread's last error, or to an empty string when there is none. The
/// pointer stays valid until the next failing call on this thread.
pub(crate) fn get() -> *const c_char {
    LAST.try_with(|slot| match &*slot.borrow() {
        // The CString stays in the slot until `set` replaces it, so the pointer outlives
        // this borrow as documented.
        Some(c) => c.as_ptr(),
        None => c"".as_ptr(),
    })
    .unwrap_or(c"".as_ptr())
}

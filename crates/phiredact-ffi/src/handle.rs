//! Ownership: how each C type maps to Rust memory, in one place.
//!
//! * `phiredact_redactor`, `phiredact_findings`, `phiredact_stream`: opaque handles, each a
//!   `Box` of its own Rust struct made by [`Handle::into_raw`] and released only by
//!   [`Handle::free`] through the matching `_free` function. Distinct C types, so passing
//!   one to another's `_free` does not compile under `-Werror`.
//! * `phiredact_string`: a `Box<[u8]>` of `len + 1` bytes (the text plus a NUL), released
//!   by `phiredact_string_free`, which needs `len` to rebuild the box.
//!
//! Nothing handed to C borrows caller memory: every output is a fresh allocation or a
//! `'static` C string.

#![allow(non_camel_case_types)]

use std::ffi::c_char;

use crate::boundary::Failure;

/// A C handle backed by a `Box<Self>`.
pub(crate) trait Handle: Sized {
    /// The C parameter name used in error messages.
    const WHAT: &'static str;

    /// Moves `self` to the heap and gives C the pointer.
    fn into_raw(self) -> *mut Self {
        Box::into_raw(Box::new(self))
    }

    /// Releases a handle made by [`Handle::into_raw`]; NULL is ignored.
    ///
    /// # Safety
    ///
    /// `ptr` is NULL or came from `into_raw` of the same type and was not freed before.
    unsafe fn free(ptr: *mut Self) {
        if !ptr.is_null() {
            // SAFETY: per this function's contract, `ptr` came from Box::into_raw and is
            // freed exactly once.
            drop(unsafe { Box::from_raw(ptr) });
        }
    }

    /// Borrows a live handle; NULL is an invalid-argument failure.
    ///
    /// # Safety
    ///
    /// `ptr` is NULL or a live handle of this type, not mutated during `'a`.
    unsafe fn borrow<'a>(ptr: *const Self) -> Result<&'a Self, Failure> {
        // SAFETY: per this function's contract, a non-NULL `ptr` is a live, aligned handle.
        unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(Self::WHAT))
    }

    /// Borrows a live handle mutably; NULL is an invalid-argument failure.
    ///
    /// # Safety
    ///
    /// `ptr` is NULL or a live handle of this type, used by no one else during `'a`.
    unsafe fn borrow_mut<'a>(ptr: *mut Self) -> Result<&'a mut Self, Failure> {
        // SAFETY: per this function's contract, a non-NULL `ptr` is a live, aligned handle
        // with no other user.
        unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(Self::WHAT))
    }
}

/// A string allocated by phiredact: `data` points to `len` bytes followed by a NUL.
///
/// The text is UTF-8 and may itself contain NUL bytes if the input did, so use `len`, not
/// `strlen`, to know its length. Release it with `phiredact_string_free`; do not change
/// `data` or `len` before that. `{NULL, 0}` is the empty value that failing calls store.
#[repr(C)]
#[derive(Debug)]
pub struct phiredact_string {
    /// The bytes, NUL-terminated; NULL only in the empty value of a failed call.
    pub data: *mut c_char,
    /// The number of bytes before the terminating NUL.
    pub len: usize,
}

impl phiredact_string {
    /// The value failing calls store: `{NULL, 0}`.
    pub(crate) const EMPTY: phiredact_string = phiredact_string {
        data: std::ptr::null_mut(),
        len: 0,
    };

    /// Hands `s` to C, NUL-terminated.
    pub(crate) fn from_string(s: String) -> phiredact_string {
        let mut bytes = s.into_bytes();
        bytes.push(0);
        let boxed = bytes.into_boxed_slice();
        let len = boxed.len() - 1;
        phiredact_string {
            data: Box::into_raw(boxed).cast::<c_char>(),
            len,
        }
    }

    /// Releases the memory of a string made by [`phiredact_string::from_string`] and resets
    /// it to the empty value; the empty value is left alone.
    ///
    /// # Safety
    ///
    /// `self.data` is NULL or came from `from_string` with this `len` and was not freed.
    pub(crate) unsafe fn release(&mut self) {
        if !self.data.is_null() {
            let slice = std::ptr::slice_from_raw_parts_mut(self.data.cast::<u8>(), self.len + 1);
            // SAFETY: per this function's contract, `data` and `len + 1` describe the
            // Box<[u8]> made by `from_string`, released once: we reset it right after.
            drop(unsafe { Box::from_raw(slice) });
        }
        *self = phiredact_string::EMPTY;
    }
}

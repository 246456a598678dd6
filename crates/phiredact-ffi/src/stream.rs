//! Streaming: push chunks in, take the output that is final so far.
//!
//! The handle wraps the core's `StreamRedactor` and adds a state so that the C rules hold
//! whatever the core does: after `phiredact_stream_finish` only `free` is accepted, and a
//! stream that hit an internal error (a caught panic) is poisoned, because its buffer may
//! be half-processed and continuing could skip text.

#![allow(non_camel_case_types)]

use std::ffi::c_char;

use phiredact::StreamRedactor;

use crate::boundary::{self, Failure, run_or, run_out};
use crate::handle::{Handle, phiredact_string};
use crate::redactor::{context, phiredact_redactor};
use crate::status::phiredact_status;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Open,
    Finished,
    Poisoned,
}

/// A redacting stream. Opaque.
///
/// Use from one thread at a time (it may move between threads between calls). Holds its
/// own reference to the redactor's engine, so the redactor may be freed first.
pub struct phiredact_stream {
    inner: StreamRedactor,
    state: State,
}

impl Handle for phiredact_stream {
    const WHAT: &'static str = "stream";
}

impl phiredact_stream {
    /// Runs one step on an open stream. The state is `Poisoned` while the step runs, so a
    /// panic leaves it poisoned; `next` is the state after success.
    fn step(
        &mut self,
        next: State,
        f: impl FnOnce(&mut StreamRedactor, &mut String) -> Result<(), phiredact::Error>,
    ) -> Result<phiredact_string, Failure> {
        match self.state {
            State::Open => {}
            State::Finished => {
                return Err(Failure::new(
                    phiredact_status::StreamFinished,
                    "the stream was already finished; only phiredact_stream_free is allowed",
                ));
            }
            State::Poisoned => {
                return Err(Failure::new(
                    phiredact_status::InternalError,
                    "the stream is unusable after an internal error",
                ));
            }
        }
        self.state = State::Poisoned;
        let mut out = String::new();
        match f(&mut self.inner, &mut out) {
            Ok(()) => {
                self.state = next;
                Ok(phiredact_string::from_string(out))
            }
            Err(e) => {
                // The core fails only on a finished stream, which the state check above
                // already rules out; stay poisoned for anything else.
                if e.kind() == phiredact::ErrorKind::StreamFinished {
                    self.state = State::Finished;
                }
                Err(e.into())
            }
        }
    }
}

/// Starts a stream with `r`'s policy. On success `*out` receives a new stream, to be
/// released with `phiredact_stream_free`; on failure `*out` is set to NULL. `r` and `out`
/// must not be NULL.
///
/// Thread-safe with respect to `r`: many streams may share one redactor.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_stream_new(
    r: *const phiredact_redactor,
    out: *mut *mut phiredact_stream,
) -> phiredact_status {
    phiredact_stream_new_with_names(r, std::ptr::null(), 0, out)
}

/// Like `phiredact_stream_new`, and the stream also redacts the given names, as
/// `phiredact_redact_with_names` does. The names are copied; the caller keeps ownership.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_stream_new_with_names(
    r: *const phiredact_redactor,
    names: *const *const c_char,
    names_len: usize,
    out: *mut *mut phiredact_stream,
) -> phiredact_status {
    run_out(out, std::ptr::null_mut, || {
        // SAFETY: the header requires `r` to be NULL or a live redactor.
        let r = unsafe { phiredact_redactor::borrow(r) }?;
        // SAFETY: the header requires `names` to be NULL or `names_len` pointers to
        // NUL-terminated strings.
        let names = unsafe { boundary::name_list(names, names_len) }?;
        let inner = r.inner.stream_with(&context(&names));
        Ok(phiredact_stream {
            inner,
            state: State::Open,
        }
        .into_raw())
    })
}

/// Feeds `chunk[0..len]` and stores in `*out` the redacted output that is final so far
/// (often empty: the stream waits for the end of a segment, such as a blank line). The
/// concatenation of all outputs of `phiredact_stream_write` and `phiredact_stream_finish`
/// equals `phiredact_redact` of the whole input, whatever the chunking.
///
/// Chunks are bytes: they may split UTF-8 sequences anywhere. Bytes that are not valid
/// UTF-8 in the joined stream are replaced by U+FFFD before scanning (never passed
/// through), as `phiredact_redact_bytes` does. The stream buffers at most a bounded
/// window (256 KiB) of input.
///
/// `chunk` may be NULL only if `len` is 0. Release `*out` with `phiredact_string_free`
/// (on failure it is set to `{NULL, 0}`). After `phiredact_stream_finish` this fails with
/// `PHIREDACT_STATUS_STREAM_FINISHED`.
///
/// Not thread-safe for one stream: one thread at a time per stream.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_stream_write(
    s: *mut phiredact_stream,
    chunk: *const c_char,
    len: usize,
    out: *mut phiredact_string,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_string::EMPTY,
        || {
            // SAFETY: the header requires `s` to be NULL or a live stream used by one
            // thread at a time.
            let s = unsafe { phiredact_stream::borrow_mut(s) }?;
            // SAFETY: the header requires `chunk` to be NULL or `len` readable bytes.
            let chunk = unsafe { boundary::bytes(chunk, len, "chunk") }?;
            s.step(State::Open, |inner, out| inner.write(chunk, out))
        },
    )
}

/// Ends the stream and stores the rest of the output in `*out` (release it with
/// `phiredact_string_free`; on failure it is set to `{NULL, 0}`). Afterwards the stream
/// accepts only `phiredact_stream_free`: a second finish or a write fails with
/// `PHIREDACT_STATUS_STREAM_FINISHED`.
///
/// Not thread-safe for one stream.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_stream_finish(
    s: *mut phiredact_stream,
    out: *mut phiredact_string,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_string::EMPTY,
        || {
            // SAFETY: the header requires `s` to be NULL or a live stream used by one
            // thread at a time.
            let s = unsafe { phiredact_stream::borrow_mut(s) }?;
            s.step(State::Finished, |inner, out| inner.finish(out).map(|_| ()))
        },
    )
}

/// Releases a stream, finished or not (unfinished input is discarded, never output).
/// NULL is ignored.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_stream_free(s: *mut phiredact_stream) {
    run_or((), || {
        // SAFETY: the header requires `s` to be NULL or a live stream from
        // phiredact_stream_new, freed once and not in use.
        unsafe { phiredact_stream::free(s) }
    })
}

#[cfg(test)]
pub(crate) fn poison_for_test(s: *mut phiredact_stream) -> phiredact_status {
    let mut out = phiredact_string::EMPTY;
    let status = run_out(
        &mut out,
        || phiredact_string::EMPTY,
        || {
            // SAFETY: test-only; `s` is a live stream from phiredact_stream_new.
            let s = unsafe { phiredact_stream::borrow_mut(s) }?;
            s.step(State::Open, |_, _| panic!("deliberate test panic"))
        },
    );
    assert!(out.data.is_null());
    status
}

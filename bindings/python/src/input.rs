//! Arguments from Python: text (`str` or bytes-like), known names, and the batch runner.

use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyString};

use phiredact::Context;

use crate::errors::{InputError, wrong_type};

/// Text to scan, borrowed from Python without a copy (`str` through abi3-py310's
/// `PyBackedStr`, `bytes` directly; a `bytearray` is copied once). Both are `Send + Sync`,
/// so they can be read with the GIL released.
pub(crate) enum Text {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Text {
    /// The UTF-8 (or, for bytes, possibly invalid UTF-8) bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Str(s) => s.as_bytes(),
            Text::Bytes(b) => b,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.as_bytes().len()
    }
}

/// Extracts `str`, `bytes` or `bytearray`; anything else is an [`InputError`].
pub(crate) fn text_arg(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Text> {
    if let Ok(s) = obj.cast::<PyString>() {
        return PyBackedStr::try_from(s.clone())
            .map(Text::Str)
            .map_err(|_| {
                // Not the UnicodeEncodeError itself: it carries the whole input string in its
                // `object` attribute, and this error must not carry PHI.
                InputError::new_err(format!(
                    "{what} is not valid Unicode (it contains a lone surrogate)"
                ))
            });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Text::Bytes(PyBackedBytes::from(b.clone())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Text::Bytes(PyBackedBytes::from(b.clone())));
    }
    Err(wrong_type(what, "str or bytes", obj))
}

/// Collects an iterable of names (not a single `str`, which would iterate characters).
pub(crate) fn names_arg(what: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(InputError::new_err(format!(
            "{what} must be an iterable of str, not a single str"
        )));
    }
    let mut names = Vec::new();
    let iter = obj
        .try_iter()
        .map_err(|_| wrong_type(what, "an iterable of str", obj))?;
    for (i, item) in iter.enumerate() {
        let item = item?;
        let name: String = match item.cast::<PyString>() {
            Ok(s) => s
                .to_str()
                .map_err(|_| InputError::new_err(format!("{what}[{i}] is not valid Unicode")))?
                .to_owned(),
            Err(_) => return Err(wrong_type(&format!("{what}[{i}]"), "str", &item)),
        };
        if name.trim().is_empty() {
            return Err(InputError::new_err(format!("{what}[{i}]: empty name")));
        }
        names.push(name);
    }
    Ok(names)
}

/// The per-call [`Context`] for an optional `known_names` argument.
pub(crate) fn context_arg(known_names: Option<&Bound<'_, PyAny>>) -> PyResult<Context> {
    match known_names {
        None => Ok(Context::new()),
        Some(obj) if obj.is_none() => Ok(Context::new()),
        Some(obj) => Ok(Context::new().with_known_names(names_arg("known_names", obj)?)),
    }
}

/// Below this many input bytes a batch runs on the calling thread: starting threads
/// (tens of microseconds each) would cost more than it saves.
const PARALLEL_MIN_BYTES: usize = 32 * 1024;

/// Maps `f` over `items` on up to `threads` threads, keeping the order.
///
/// Why scoped `std` threads rather than rayon: the threads live only for this call, so
/// there is no global pool to be left without its workers in a child after `os.fork`
/// (multiprocessing's default start method on Linux), `threads=` is honoured exactly, and
/// there is no dependency. Starting two threads costs well under a millisecond, nothing
/// against a batch big enough to be split. Work is handed out in chunks from a shared
/// iterator, so a few long documents do not leave a thread idle.
pub(crate) fn map_parallel<T, R, F>(items: &[T], threads: usize, total_bytes: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send + Default,
    F: Fn(&T) -> R + Sync,
{
    let mut out: Vec<R> = Vec::with_capacity(items.len());
    out.resize_with(items.len(), R::default);
    // About eight chunks per thread, at most 64 items each.
    let chunk = (items.len() / (threads.max(1) * 8)).clamp(1, 64);
    let threads = threads.min(items.len().div_ceil(chunk)).max(1);
    if threads == 1 || total_bytes < PARALLEL_MIN_BYTES {
        for (o, i) in out.iter_mut().zip(items) {
            *o = f(i);
        }
        return out;
    }
    let jobs = Mutex::new(items.chunks(chunk).zip(out.chunks_mut(chunk)));
    let work = || {
        loop {
            let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((ins, outs)) = next else { break };
            for (o, i) in outs.iter_mut().zip(ins) {
                *o = f(i);
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        work();
    });
    out
}

/// The `threads=` argument: `None` means every core.
pub(crate) fn threads_arg(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
        Some(0) => Err(InputError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
    }
}

//! The redactor handle and the one-shot calls: redact, find, findings, strings, labels.

#![allow(non_camel_case_types)]

use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char};
use std::sync::{Mutex, OnceLock};

use phiredact::{Context, Finding, Label, Policy, Redactor};

use crate::boundary::{self, Failure, run, run_or, run_out};
use crate::handle::{Handle, phiredact_string};
use crate::status::{phiredact_label, phiredact_status};

/// A redaction engine built from a policy. Opaque.
///
/// Immutable once built: one redactor may be used by any number of threads at the same
/// time (it must not be freed while a call is using it).
pub struct phiredact_redactor {
    pub(crate) inner: Redactor,
}

impl Handle for phiredact_redactor {
    const WHAT: &'static str = "redactor";
}

/// The findings of one `phiredact_find` call. Opaque; read with `phiredact_findings_len`
/// and `phiredact_findings_get`.
///
/// Not synchronised for mutation, but nothing mutates it after creation: reading from
/// several threads is fine; freeing must happen once, after all reads.
pub struct phiredact_findings {
    items: Vec<phiredact_finding>,
}

impl Handle for phiredact_findings {
    const WHAT: &'static str = "findings";
}

/// One finding: a byte span of the input with its label and the rule that fired.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct phiredact_finding {
    /// Byte offset of the first byte of the span in the input text.
    pub start: usize,
    /// Byte offset one past the last byte (`end > start`).
    pub end: usize,
    /// What was found.
    pub label: phiredact_label,
    /// The recognizer that fired, e.g. `"ssn.cue"`: a static, NUL-terminated string that
    /// stays valid for the life of the process (never free it). An audit trail, not text
    /// from the input.
    pub rule: *const c_char,
}

/// The C findings for `found`, with each rule as a `'static` NUL-terminated copy of the
/// core's `'static` rule name. Each distinct name is copied once per process: the set is
/// bounded by the recognizers and policies a process loads, never by the text it scans.
/// One lock per call, not per finding, so threads finding in parallel barely contend.
fn to_c(found: &[Finding]) -> Vec<phiredact_finding> {
    static RULES: OnceLock<Mutex<HashMap<&'static str, &'static CStr>>> = OnceLock::new();
    if found.is_empty() {
        return Vec::new();
    }
    let mut rules = RULES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    found
        .iter()
        .map(|f| {
            let rule = rules.entry(f.rule).or_insert_with(|| {
                let c = CString::new(f.rule).unwrap_or_else(|_| CString::from(c"unknown"));
                Box::leak(c.into_boxed_c_str())
            });
            phiredact_finding {
                start: f.start,
                end: f.end,
                label: phiredact_label::from_core(f.label),
                rule: rule.as_ptr(),
            }
        })
        .collect()
}

/// The per-call context for a list of known names.
pub(crate) fn context(names: &[&str]) -> Context {
    if names.is_empty() {
        Context::new()
    } else {
        Context::new().with_known_names(names)
    }
}

/// Creates a redactor.
///
/// `policy` is a policy document in TOML or JSON (JSON if it starts with `{`), as a
/// NUL-terminated UTF-8 string, or NULL for the default policy (every label on, replaced
/// by its tag such as `"[SSN]"`). The document is copied; the caller keeps ownership of
/// `policy`.
///
/// On success `*out` receives a new redactor, to be released with
/// `phiredact_redactor_free`. On failure `*out` is set to NULL and the status is
/// `PHIREDACT_STATUS_INVALID_POLICY` (parse or validation error, described by
/// `phiredact_last_error` without echoing the document's values),
/// `PHIREDACT_STATUS_INVALID_UTF8`, or `PHIREDACT_STATUS_INVALID_ARGUMENT` (`out` is NULL).
///
/// Thread-safe. Building compiles the policy's patterns: do it once, not per message.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_redactor_new(
    policy: *const c_char,
    out: *mut *mut phiredact_redactor,
) -> phiredact_status {
    run_out(out, std::ptr::null_mut, || {
        let redactor = if policy.is_null() {
            Redactor::new()
        } else {
            // SAFETY: the header requires a non-NULL `policy` to be NUL-terminated and
            // valid for the duration of the call.
            let doc = unsafe { boundary::c_text(policy, "policy") }?;
            Redactor::with_policy(Policy::parse(doc)?)?
        };
        Ok(phiredact_redactor { inner: redactor }.into_raw())
    })
}

/// Releases a redactor. NULL is ignored.
///
/// No call may be using `r` at the same time, and `r` must not be used afterwards. Streams
/// created from `r` hold their own reference to the engine and stay usable.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_redactor_free(r: *mut phiredact_redactor) {
    run_or((), || {
        // SAFETY: the header requires `r` to be NULL or a live redactor from
        // phiredact_redactor_new, freed once.
        unsafe { phiredact_redactor::free(r) }
    })
}

/// Redacts `text[0..len]` and stores the result, a new NUL-terminated string, in `*out`.
///
/// `text` need not be NUL-terminated and may contain NUL bytes; it may be NULL only if
/// `len` is 0. It must be UTF-8: otherwise the call fails with
/// `PHIREDACT_STATUS_INVALID_UTF8` and returns nothing, so unscanned text is never echoed
/// (use `phiredact_redact_bytes` to decode invalid sequences as U+FFFD instead).
///
/// On success release `*out` with `phiredact_string_free`. On failure `*out` is set to
/// `{NULL, 0}`. `r` and `out` must not be NULL.
///
/// Thread-safe: any number of threads may redact with the same `r` at once.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_redact(
    r: *const phiredact_redactor,
    text: *const c_char,
    len: usize,
    out: *mut phiredact_string,
) -> phiredact_status {
    phiredact_redact_with_names(r, text, len, std::ptr::null(), 0, out)
}

/// Like `phiredact_redact`, and also redacts the given names (for example the patient's
/// and relatives' names from the record this message belongs to) with their variants:
/// first name, surname, initial plus surname, "Last, First", any case, possessive.
///
/// `names` points to `names_len` NUL-terminated UTF-8 strings (none NULL); it may be NULL
/// only if `names_len` is 0. The names are used for this call only and are not kept.
///
/// Thread-safe as `phiredact_redact`.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_redact_with_names(
    r: *const phiredact_redactor,
    text: *const c_char,
    len: usize,
    names: *const *const c_char,
    names_len: usize,
    out: *mut phiredact_string,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_string::EMPTY,
        || {
            // SAFETY: the header requires `r` to be NULL or a live redactor.
            let r = unsafe { phiredact_redactor::borrow(r) }?;
            // SAFETY: the header requires `text` to be NULL or `len` readable bytes.
            let text = unsafe { boundary::text(text, len, "text") }?;
            // SAFETY: the header requires `names` to be NULL or `names_len` pointers to
            // NUL-terminated strings.
            let names = unsafe { boundary::name_list(names, names_len) }?;
            let redacted = r.inner.redact_with(text, &context(&names));
            Ok(phiredact_string::from_string(redacted))
        },
    )
}

/// Redacts bytes that may not be valid UTF-8: invalid sequences are replaced by U+FFFD
/// before scanning, so nothing passes through unscanned. The result equals what a
/// `phiredact_stream` produces for the same bytes in any chunking.
///
/// Arguments, ownership and thread-safety as `phiredact_redact`.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_redact_bytes(
    r: *const phiredact_redactor,
    data: *const c_char,
    len: usize,
    out: *mut phiredact_string,
) -> phiredact_status {
    run_out(
        out,
        || phiredact_string::EMPTY,
        || {
            // SAFETY: the header requires `r` to be NULL or a live redactor.
            let r = unsafe { phiredact_redactor::borrow(r) }?;
            // SAFETY: the header requires `data` to be NULL or `len` readable bytes.
            let data = unsafe { boundary::bytes(data, len, "data") }?;
            Ok(phiredact_string::from_string(r.inner.redact_bytes(data)))
        },
    )
}

/// Releases a string returned by phiredact and resets `*s` to `{NULL, 0}`, so a second
/// call is harmless. NULL `s` and `{NULL, 0}` are ignored.
///
/// `s->data` and `s->len` must be as phiredact returned them.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_string_free(s: *mut phiredact_string) {
    run_or((), || {
        // SAFETY: the header requires `s` to be NULL or to point to a phiredact_string.
        if let Some(s) = unsafe { s.as_mut() } {
            // SAFETY: the header requires `data`/`len` to be unchanged from what phiredact
            // stored; release() resets them so a double free cannot happen through `s`.
            unsafe { s.release() }
        }
    })
}

/// Finds the identifiers in `text[0..len]` without changing it.
///
/// On success `*out` receives the findings, sorted by start and non-overlapping, with byte
/// offsets into `text`; release them with `phiredact_findings_free`. On failure `*out` is
/// set to NULL. Input rules (UTF-8 required, NULL only with `len == 0`), NULL rules and
/// thread-safety as `phiredact_redact`.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_find(
    r: *const phiredact_redactor,
    text: *const c_char,
    len: usize,
    out: *mut *mut phiredact_findings,
) -> phiredact_status {
    phiredact_find_with_names(r, text, len, std::ptr::null(), 0, out)
}

/// Like `phiredact_find`, with per-call known names as in `phiredact_redact_with_names`.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_find_with_names(
    r: *const phiredact_redactor,
    text: *const c_char,
    len: usize,
    names: *const *const c_char,
    names_len: usize,
    out: *mut *mut phiredact_findings,
) -> phiredact_status {
    run_out(out, std::ptr::null_mut, || {
        // SAFETY: the header requires `r` to be NULL or a live redactor.
        let r = unsafe { phiredact_redactor::borrow(r) }?;
        // SAFETY: the header requires `text` to be NULL or `len` readable bytes.
        let text = unsafe { boundary::text(text, len, "text") }?;
        // SAFETY: the header requires `names` to be NULL or `names_len` pointers to
        // NUL-terminated strings.
        let names = unsafe { boundary::name_list(names, names_len) }?;
        let found = r.inner.find_with(text, &context(&names));
        let items = to_c(&found);
        Ok(phiredact_findings { items }.into_raw())
    })
}

/// The number of findings in `f`; 0 if `f` is NULL. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_findings_len(f: *const phiredact_findings) -> usize {
    run_or(0, || {
        // SAFETY: the header requires `f` to be NULL or live findings.
        unsafe { phiredact_findings::borrow(f) }.map_or(0, |f| f.items.len())
    })
}

/// Copies finding number `i` (0-based) of `f` into `*out`.
///
/// Fails with `PHIREDACT_STATUS_INVALID_ARGUMENT` if `f` or `out` is NULL or `i` is not
/// below `phiredact_findings_len(f)`; `*out` is then left unchanged. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_findings_get(
    f: *const phiredact_findings,
    i: usize,
    out: *mut phiredact_finding,
) -> phiredact_status {
    run(|| {
        // SAFETY: the header requires `f` to be NULL or live findings.
        let f = unsafe { phiredact_findings::borrow(f) }?;
        // SAFETY: the header requires `out` to be NULL or to point to writable memory for
        // one phiredact_finding.
        let out = unsafe { out.as_mut() }.ok_or_else(|| Failure::null("out"))?;
        let item = f.items.get(i).ok_or_else(|| {
            Failure::argument(format!(
                "index {i} out of range (findings_len is {})",
                f.items.len()
            ))
        })?;
        *out = *item;
        Ok(())
    })
}

/// Releases findings. NULL is ignored. The `rule` strings of copied findings stay valid.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_findings_free(f: *mut phiredact_findings) {
    run_or((), || {
        // SAFETY: the header requires `f` to be NULL or live findings from
        // phiredact_find, freed once.
        unsafe { phiredact_findings::free(f) }
    })
}

/// The stable upper-case name of a label code, e.g. `"SSN"` for `PHIREDACT_LABEL_SSN`: a
/// static string, never to be freed. NULL for a value that is not a label. Thread-safe.
///
/// The parameter is a `uint32_t` holding a `phiredact_label` value (an integer parameter
/// rather than the enum type so that any value C passes is well-defined).
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_label_name(label: u32) -> *const c_char {
    run_or(std::ptr::null(), || {
        Label::from_code(label).map_or(std::ptr::null(), |l| {
            phiredact_label::from_core(l).name().as_ptr()
        })
    })
}

/// The stable upper-case name of a status code, e.g. `"INVALID_UTF8"`: a static string.
/// NULL for a value that is not a status. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn phiredact_status_name(status: u32) -> *const c_char {
    run_or(std::ptr::null(), || {
        phiredact_status::ALL
            .iter()
            .find(|s| **s as u32 == status)
            .map_or(std::ptr::null(), |s| s.name().as_ptr())
    })
}

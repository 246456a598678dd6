//! The C entry points, called the way C calls them: raw pointers, lengths, status codes and
//! explicit frees.
//!
//! Input layout: a flags byte, then (if flag 1) a policy document up to the next NUL, then
//! (if flag 2) known names separated by newlines up to the next NUL, then the text. Flag 4
//! builds a fresh default redactor instead of sharing one; the top five bits pick the chunk
//! sizes of the stream.
//!
//! Checked: every status is a named one; a failing call leaves its output empty (`{NULL, 0}`
//! or NULL) and a last error; an OK string is NUL-terminated UTF-8; the text entry points
//! refuse invalid UTF-8 that the byte entry points scan; findings are sorted, disjoint and
//! on character boundaries; no SSN, phone or e-mail found survives in the output; the
//! stream in any chunking equals the one-shot call; a finished stream refuses writes.
#![no_main]

use std::ffi::{CStr, CString, c_char};
use std::ptr;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use phiredact_ffi::*;

type S = phiredact_status;

const EMPTY: phiredact_string = phiredact_string {
    data: ptr::null_mut(),
    len: 0,
};

/// A default redactor shared by all runs (a pointer kept as an address: raw pointers are
/// not `Sync`). Never freed: it lives as long as the fuzzing process.
static SHARED: LazyLock<usize> = LazyLock::new(|| {
    let mut r = ptr::null_mut();
    assert_eq!(phiredact_redactor_new(ptr::null(), &mut r), S::Ok);
    r as usize
});

fn last_error() -> String {
    // SAFETY: phiredact_last_error always returns a valid NUL-terminated string.
    unsafe { CStr::from_ptr(phiredact_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// Checks that `st` is a status the header names, and that a failure left a message.
fn check_status(st: S) {
    assert!(
        !phiredact_status_name(st as u32).is_null(),
        "status without a name"
    );
    if st != S::Ok {
        assert!(!last_error().is_empty(), "failure without a last error");
    }
}

/// Takes the text out of a string from a successful call, checks it and frees it.
fn take(st: S, s: &mut phiredact_string) -> Option<String> {
    check_status(st);
    if st != S::Ok {
        assert!(s.data.is_null() && s.len == 0, "output on failure");
        return None;
    }
    assert!(!s.data.is_null(), "OK without output");
    // SAFETY: a successful call stores `len` bytes followed by a NUL at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len + 1) };
    assert_eq!(bytes[s.len], 0, "not NUL-terminated");
    let text = String::from_utf8(bytes[..s.len].to_vec()).expect("output is UTF-8");
    phiredact_string_free(s);
    assert!(
        s.data.is_null() && s.len == 0,
        "free did not reset the string"
    );
    phiredact_string_free(s); // a second free is harmless
    Some(text)
}

/// The part of `data` before the next NUL, and the rest after it.
fn until_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// The findings of `text` through phiredact_find_with_names, checked and converted.
fn find(
    r: *const phiredact_redactor,
    text: &[u8],
    names: &[*const c_char],
) -> Result<Vec<phiredact_finding>, S> {
    let mut f = ptr::dangling_mut::<phiredact_findings>(); // must be overwritten
    let st = phiredact_find_with_names(
        r,
        text.as_ptr().cast(),
        text.len(),
        names.as_ptr(),
        names.len(),
        &mut f,
    );
    check_status(st);
    if st != S::Ok {
        assert!(f.is_null(), "findings on failure");
        return Err(st);
    }
    let n = phiredact_findings_len(f);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let mut one = phiredact_finding {
            start: 0,
            end: 0,
            label: phiredact_label::Name,
            rule: ptr::null(),
        };
        assert_eq!(phiredact_findings_get(f, i, &mut one), S::Ok);
        assert!(!one.rule.is_null());
        assert!(!phiredact_label_name(one.label as u32).is_null());
        items.push(one);
    }
    let mut past = items.first().copied().unwrap_or(phiredact_finding {
        start: 0,
        end: 0,
        label: phiredact_label::Name,
        rule: ptr::null(),
    });
    assert_eq!(phiredact_findings_get(f, n, &mut past), S::InvalidArgument);
    phiredact_findings_free(f);
    Ok(items)
}

fn redact_with_names(
    r: *const phiredact_redactor,
    text: &[u8],
    names: &[*const c_char],
) -> Option<String> {
    let mut out = EMPTY;
    let st = phiredact_redact_with_names(
        r,
        text.as_ptr().cast(),
        text.len(),
        names.as_ptr(),
        names.len(),
        &mut out,
    );
    take(st, &mut out)
}

/// The stream of `r` over `text` in chunks whose sizes follow `seed`; `None` if the stream
/// could not start (invalid names).
fn stream(
    r: *const phiredact_redactor,
    text: &[u8],
    names: &[*const c_char],
    seed: u8,
) -> Option<String> {
    let mut s = ptr::null_mut();
    let st = phiredact_stream_new_with_names(r, names.as_ptr(), names.len(), &mut s);
    check_status(st);
    if st != S::Ok {
        assert!(s.is_null(), "stream on failure");
        return None;
    }
    let mut got = String::new();
    let mut rest = text;
    let mut step = usize::from(seed) + 1;
    while !rest.is_empty() {
        let n = step.min(rest.len());
        let mut out = EMPTY;
        let st = phiredact_stream_write(s, rest[..n].as_ptr().cast(), n, &mut out);
        got.push_str(&take(st, &mut out).expect("write before finish"));
        rest = &rest[n..];
        step = step * 7 % 61 + 1;
    }
    // An empty write, with a NULL chunk.
    let mut out = EMPTY;
    let st = phiredact_stream_write(s, ptr::null(), 0, &mut out);
    got.push_str(&take(st, &mut out).expect("empty write"));
    let st = phiredact_stream_finish(s, &mut out);
    got.push_str(&take(st, &mut out).expect("first finish"));
    let st = phiredact_stream_write(s, c"x".as_ptr(), 1, &mut out);
    assert_eq!(st, S::StreamFinished);
    assert!(take(st, &mut out).is_none());
    let st = phiredact_stream_finish(s, &mut out);
    assert_eq!(st, S::StreamFinished);
    assert!(take(st, &mut out).is_none());
    phiredact_stream_free(s);
    Some(got)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    // The redactor: from a fuzzed policy, fresh, or shared.
    let mut owned: *mut phiredact_redactor = ptr::null_mut();
    let mut fuzzed_policy = false;
    if flags & 1 != 0 {
        let (doc, after) = until_nul(rest);
        rest = after;
        let doc = CString::new(doc).expect("no NUL before the first NUL");
        let mut r = ptr::dangling_mut::<phiredact_redactor>(); // must be overwritten
        let st = phiredact_redactor_new(doc.as_ptr(), &mut r);
        check_status(st);
        if st == S::Ok {
            assert!(!r.is_null());
            owned = r;
            fuzzed_policy = true;
        } else {
            assert!(
                matches!(st, S::InvalidPolicy | S::InvalidUtf8),
                "policy refused with {st:?}"
            );
            assert!(r.is_null(), "redactor on failure");
        }
    }
    if owned.is_null() && flags & 4 != 0 {
        assert_eq!(phiredact_redactor_new(ptr::null(), &mut owned), S::Ok);
    }
    let r: *const phiredact_redactor = if owned.is_null() {
        *SHARED as *const phiredact_redactor
    } else {
        owned
    };

    // Known names, each a C string (possibly not UTF-8: then the calls refuse them).
    let mut name_store = Vec::new();
    if flags & 2 != 0 {
        let (list, after) = until_nul(rest);
        rest = after;
        for n in list.split(|&b| b == b'\n').take(8) {
            name_store.push(CString::new(n).expect("no NUL inside the list"));
        }
    }
    let names: Vec<*const c_char> = name_store.iter().map(|c| c.as_ptr()).collect();
    let names_ok = name_store.iter().all(|c| c.to_str().is_ok());
    let text = rest;

    // The text entry points: UTF-8 or a refusal with no output.
    let utf8 = std::str::from_utf8(text).ok();
    let one_shot = redact_with_names(r, text, &names);
    let found = find(r, text, &names);
    match (utf8, names_ok) {
        (Some(t), true) => {
            let out = one_shot.expect("valid text and names are redacted");
            let found = found.expect("valid text and names are scanned");
            check_findings(t, &found);
            if !fuzzed_policy {
                check_no_leak(t, &found, &out);
            }
            // The same call without names agrees with the plain entry point.
            let mut plain = EMPTY;
            let st = phiredact_redact(r, text.as_ptr().cast(), text.len(), &mut plain);
            let plain = take(st, &mut plain).expect("valid text");
            if names.is_empty() {
                assert_eq!(plain, out);
            }
        }
        _ => {
            assert!(
                one_shot.is_none() && found.is_err(),
                "invalid input accepted"
            );
            let st = found.unwrap_err();
            assert!(matches!(st, S::InvalidUtf8), "refused with {st:?}");
        }
    }

    // The byte entry point scans anything, and the stream agrees with it in any chunking.
    let mut out = EMPTY;
    let st = phiredact_redact_bytes(r, text.as_ptr().cast(), text.len(), &mut out);
    let bytes_out = take(st, &mut out).expect("bytes are always redacted");
    let streamed = stream(r, text, &names, flags >> 3);
    if names.is_empty() {
        assert_eq!(
            streamed.as_deref(),
            Some(bytes_out.as_str()),
            "stream != one-shot"
        );
    } else if names_ok {
        let lossy = String::from_utf8_lossy(text);
        let expected = redact_with_names(r, lossy.as_bytes(), &names);
        assert_eq!(streamed, expected, "stream with names != one-shot");
    } else {
        assert!(streamed.is_none(), "stream accepted invalid names");
    }

    // NULL pointers: refused with a status, never a crash.
    let mut out = EMPTY;
    let st = phiredact_redact(ptr::null(), text.as_ptr().cast(), text.len(), &mut out);
    assert_eq!(st, S::InvalidArgument);
    assert!(take(st, &mut out).is_none());
    if !text.is_empty() {
        let st = phiredact_redact_bytes(r, ptr::null(), text.len(), &mut out);
        assert_eq!(st, S::InvalidArgument);
        assert!(take(st, &mut out).is_none());
    }

    phiredact_redactor_free(owned);
});

/// Sorted, disjoint, non-empty, within the text and on character boundaries.
fn check_findings(text: &str, found: &[phiredact_finding]) {
    let mut at = 0;
    for f in found {
        assert!(
            f.start >= at && f.start < f.end && f.end <= text.len(),
            "{found:?}"
        );
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        at = f.end;
    }
}

/// No SSN, phone number or e-mail address found in `text` is left in `out`, unless the same
/// characters also stand somewhere in `text` outside every finding.
fn check_no_leak(text: &str, found: &[phiredact_finding], out: &str) {
    for f in found {
        if !matches!(
            f.label,
            phiredact_label::Ssn | phiredact_label::Phone | phiredact_label::Email
        ) {
            continue;
        }
        let original = &text[f.start..f.end];
        let elsewhere = text.match_indices(original).any(|(i, _)| {
            !found
                .iter()
                .any(|g| g.start <= i && i + original.len() <= g.end)
        });
        assert!(
            elsewhere || !out.contains(original),
            "{:?} at {}..{} left in the output",
            f.label,
            f.start,
            f.end
        );
    }
}

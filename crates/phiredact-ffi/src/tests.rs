//! Tests that call the exported functions the way C does: raw pointers, lengths, status
//! codes, explicit frees.

use std::ffi::{CStr, c_char};
use std::ptr;

use crate::boundary;
use crate::status::phiredact_status as S;
use crate::*;

const SAMPLE: &str = include_str!("../../../examples/messages.txt");

fn redactor(policy: Option<&CStr>) -> *mut phiredact_redactor {
    let mut r = ptr::null_mut();
    let st = phiredact_redactor_new(policy.map_or(ptr::null(), CStr::as_ptr), &mut r);
    assert_eq!(st, S::Ok, "{}", last_error());
    assert!(!r.is_null());
    r
}

fn last_error() -> String {
    // SAFETY: phiredact_last_error always returns a valid NUL-terminated string.
    unsafe { CStr::from_ptr(phiredact_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// Takes the bytes out of a phiredact_string and frees it.
fn take(s: &mut phiredact_string) -> Vec<u8> {
    assert!(!s.data.is_null());
    // SAFETY: a string from a successful call has `len` bytes plus a NUL at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len + 1) };
    assert_eq!(bytes[s.len], 0, "not NUL-terminated");
    let v = bytes[..s.len].to_vec();
    phiredact_string_free(s);
    assert!(s.data.is_null() && s.len == 0);
    v
}

fn redact(r: *const phiredact_redactor, text: &[u8]) -> Result<String, S> {
    let mut out = phiredact_string::EMPTY;
    match phiredact_redact(r, text.as_ptr().cast(), text.len(), &mut out) {
        S::Ok => Ok(String::from_utf8(take(&mut out)).unwrap()),
        e => {
            assert!(out.data.is_null() && out.len == 0, "output on failure");
            Err(e)
        }
    }
}

fn stream_chunks(r: *const phiredact_redactor, input: &[u8], cuts: &[usize]) -> String {
    let mut s = ptr::null_mut();
    assert_eq!(phiredact_stream_new(r, &mut s), S::Ok);
    let mut got = Vec::new();
    let mut at = 0;
    for &c in cuts.iter().chain(std::iter::once(&input.len())) {
        let chunk = &input[at..c];
        let mut out = phiredact_string::EMPTY;
        assert_eq!(
            phiredact_stream_write(s, chunk.as_ptr().cast(), chunk.len(), &mut out),
            S::Ok
        );
        got.extend(take(&mut out));
        at = c;
    }
    let mut out = phiredact_string::EMPTY;
    assert_eq!(phiredact_stream_finish(s, &mut out), S::Ok);
    got.extend(take(&mut out));
    phiredact_stream_free(s);
    String::from_utf8(got).unwrap()
}

/// xorshift64*: a seeded generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

#[test]
fn redact_round_trip() {
    let r = redactor(None);
    assert_eq!(redact(r, b"SSN 123-45-6789").unwrap(), "SSN [SSN]");
    // Empty input, including a NULL pointer with length 0, gives an empty string.
    assert_eq!(redact(r, b"").unwrap(), "");
    let mut out = phiredact_string::EMPTY;
    assert_eq!(phiredact_redact(r, ptr::null(), 0, &mut out), S::Ok);
    assert_eq!(take(&mut out), b"");
    phiredact_redactor_free(r);
}

#[test]
fn embedded_nul_and_unterminated_input() {
    let r = redactor(None);
    let text = b"a\0SSN 123-45-6789\0b";
    assert_eq!(redact(r, text).unwrap(), "a\0SSN [SSN]\0b");
    // Only `len` bytes are read: the SSN after the prefix is not part of the input.
    let text = b"MRN: 00123456 SSN 123-45-6789";
    assert_eq!(redact(r, &text[..13]).unwrap(), "MRN: [MRN]");
    phiredact_redactor_free(r);
}

#[test]
fn null_arguments_are_rejected() {
    let r = redactor(None);
    assert_eq!(
        phiredact_redactor_new(ptr::null(), ptr::null_mut()),
        S::InvalidArgument
    );
    assert!(last_error().contains("out"));
    assert_eq!(redact(ptr::null(), b"x"), Err(S::InvalidArgument));
    assert_eq!(
        phiredact_redact(r, c"x".as_ptr(), 1, ptr::null_mut()),
        S::InvalidArgument
    );
    let mut out = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_redact(r, ptr::null(), 5, &mut out),
        S::InvalidArgument
    );
    assert!(out.data.is_null());
    assert_eq!(
        phiredact_redact(r, c"x".as_ptr(), usize::MAX, &mut out),
        S::InvalidArgument
    );
    let mut f = ptr::null_mut();
    assert_eq!(
        phiredact_find(ptr::null(), c"x".as_ptr(), 1, &mut f),
        S::InvalidArgument
    );
    assert!(f.is_null());
    assert_eq!(phiredact_findings_len(ptr::null()), 0);
    let mut one = phiredact_finding {
        start: 7,
        end: 9,
        label: phiredact_label::Zip,
        rule: ptr::null(),
    };
    assert_eq!(
        phiredact_findings_get(ptr::null(), 0, &mut one),
        S::InvalidArgument
    );
    assert_eq!(one.start, 7, "output touched on failure");
    let names = [ptr::null::<c_char>()];
    assert_eq!(
        phiredact_redact_with_names(r, c"x".as_ptr(), 1, names.as_ptr(), 1, &mut out),
        S::InvalidArgument
    );
    assert_eq!(
        phiredact_redact_with_names(r, c"x".as_ptr(), 1, ptr::null(), 2, &mut out),
        S::InvalidArgument
    );
    let mut s = ptr::null_mut();
    assert_eq!(
        phiredact_stream_new(ptr::null(), &mut s),
        S::InvalidArgument
    );
    assert!(s.is_null());
    assert_eq!(
        phiredact_stream_write(ptr::null_mut(), ptr::null(), 0, &mut out),
        S::InvalidArgument
    );
    assert_eq!(
        phiredact_stream_finish(ptr::null_mut(), &mut out),
        S::InvalidArgument
    );
    // Every free accepts NULL, and a string can be freed twice.
    phiredact_redactor_free(ptr::null_mut());
    phiredact_findings_free(ptr::null_mut());
    phiredact_stream_free(ptr::null_mut());
    phiredact_string_free(ptr::null_mut());
    phiredact_string_free(&mut out);
    phiredact_string_free(&mut out);
    phiredact_redactor_free(r);
}

#[test]
fn invalid_utf8_fails_closed() {
    let r = redactor(None);
    let bad = b"SSN 123-45-6789 \xff\xfe Maria";
    assert_eq!(redact(r, bad), Err(S::InvalidUtf8));
    let msg = last_error();
    assert!(msg.contains("UTF-8") && msg.contains("16"), "{msg}");
    assert!(
        !msg.contains("123") && !msg.contains("Maria"),
        "PHI in {msg}"
    );
    let mut f = ptr::null_mut();
    assert_eq!(
        phiredact_find(r, bad.as_ptr().cast(), bad.len(), &mut f),
        S::InvalidUtf8
    );
    assert!(f.is_null());
    // The lossy variants decode and scan instead; both agree for every chunking.
    let mut out = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_redact_bytes(r, bad.as_ptr().cast(), bad.len(), &mut out),
        S::Ok
    );
    let lossy = String::from_utf8(take(&mut out)).unwrap();
    assert_eq!(lossy, "SSN [SSN] \u{fffd}\u{fffd} Maria");
    for i in 0..=bad.len() {
        assert_eq!(stream_chunks(r, bad, &[i]), lossy, "cut at {i}");
    }
    // A known name must be UTF-8 too.
    let names = [c"Maria \xff".as_ptr()];
    assert_eq!(
        phiredact_redact_with_names(r, c"x".as_ptr(), 1, names.as_ptr(), 1, &mut out),
        S::InvalidUtf8
    );
    phiredact_redactor_free(r);
}

#[test]
fn policies() {
    let r = redactor(Some(c"[labels.SSN]\naction = \"keep_last\"\ndigits = 4\n"));
    assert_eq!(redact(r, b"SSN 123-45-6789").unwrap(), "SSN ***-**-6789");
    phiredact_redactor_free(r);
    let r = redactor(Some(c"{\"labels\": {\"SSN\": {\"action\": \"mask\"}}}"));
    assert_eq!(redact(r, b"SSN 123-45-6789").unwrap(), "SSN ***-**-****");
    phiredact_redactor_free(r);
    // Policy known names are redacted.
    let r = redactor(Some(c"known_names = [\"Ngozi Okafor\"]\n"));
    assert_eq!(redact(r, b"paged okafor").unwrap(), "paged [NAME]");
    phiredact_redactor_free(r);

    let bad: [(&CStr, &str); 5] = [
        // The document's own keys are never quoted (they could be PHI).
        (c"colour = 1\n", "unknown field `…`"),
        (c"[labels.SSNN]\n", "a key is not a label name"),
        (
            c"{\"labels\": {\"SSN\": {\"acton\": \"mask\"}}}",
            "unknown field `…`",
        ),
        (
            c"[[recognizers]]\nname = \"x\"\nlabel = \"MRN\"\npattern = \"(\"\n",
            "pattern",
        ),
        (c"this is = not toml [", "TOML"),
    ];
    for (doc, field) in bad {
        let mut r = ptr::dangling_mut::<phiredact_redactor>(); // overwritten with NULL
        assert_eq!(
            phiredact_redactor_new(doc.as_ptr(), &mut r),
            S::InvalidPolicy,
            "{doc:?}"
        );
        assert!(r.is_null());
        assert!(last_error().contains(field), "{doc:?}: {}", last_error());
    }
    // A policy's values (here a known name, which is PHI) are not echoed by errors.
    let mut r = ptr::null_mut();
    let doc = c"known_names = [\"Maria Lopez\"]\nknown_names = [\"Maria Lopez\"]\n";
    assert_eq!(
        phiredact_redactor_new(doc.as_ptr(), &mut r),
        S::InvalidPolicy
    );
    assert!(!last_error().contains("Maria"), "{}", last_error());
    assert_eq!(
        phiredact_redactor_new(c"known_names = [\"\xff\"]".as_ptr(), &mut r),
        S::InvalidUtf8
    );
}

#[test]
fn find_and_findings() {
    let r = redactor(None);
    let text = "SSN 123-45-6789, call (555) 123-4567.";
    let mut f = ptr::null_mut();
    assert_eq!(
        phiredact_find(r, text.as_ptr().cast(), text.len(), &mut f),
        S::Ok
    );
    assert_eq!(phiredact_findings_len(f), 2);
    let mut one = phiredact_finding {
        start: 0,
        end: 0,
        label: phiredact_label::Name,
        rule: ptr::null(),
    };
    assert_eq!(phiredact_findings_get(f, 0, &mut one), S::Ok);
    assert_eq!(&text[one.start..one.end], "123-45-6789");
    assert_eq!(one.label, phiredact_label::Ssn);
    // SAFETY: rule is a static NUL-terminated string.
    assert_eq!(unsafe { CStr::from_ptr(one.rule) }, c"ssn.cue");
    assert_eq!(phiredact_findings_get(f, 1, &mut one), S::Ok);
    assert_eq!(one.label, phiredact_label::Phone);
    assert_eq!(&text[one.start..one.end], "(555) 123-4567");
    assert_eq!(phiredact_findings_get(f, 2, &mut one), S::InvalidArgument);
    assert!(last_error().contains("out of range"));
    phiredact_findings_free(f);
    // The rule outlives the findings.
    // SAFETY: as above; rule strings are never freed.
    assert_eq!(unsafe { CStr::from_ptr(one.rule) }, c"phone.nanp");

    let want: Vec<_> = phiredact::Redactor::new().find(SAMPLE);
    assert_eq!(
        phiredact_find(r, SAMPLE.as_ptr().cast(), SAMPLE.len(), &mut f),
        S::Ok
    );
    assert_eq!(phiredact_findings_len(f), want.len());
    for (i, w) in want.iter().enumerate() {
        assert_eq!(phiredact_findings_get(f, i, &mut one), S::Ok);
        assert_eq!((one.start, one.end), (w.start, w.end));
        assert_eq!(one.label as u32, w.label.code());
    }
    phiredact_findings_free(f);
    phiredact_redactor_free(r);
}

#[test]
fn known_names_per_call() {
    let r = redactor(None);
    // Names the free-text recognizer cannot know without being told.
    let text = "qwertz called; zyxwv too";
    let names = [c"Anna Qwertz".as_ptr(), c"Bo Zyxwv".as_ptr()];
    let mut out = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_redact_with_names(
            r,
            text.as_ptr().cast(),
            text.len(),
            names.as_ptr(),
            2,
            &mut out
        ),
        S::Ok
    );
    let with = String::from_utf8(take(&mut out)).unwrap();
    assert_eq!(with, "[NAME] called; [NAME] too");
    let mut f = ptr::null_mut();
    assert_eq!(
        phiredact_find_with_names(
            r,
            text.as_ptr().cast(),
            text.len(),
            names.as_ptr(),
            2,
            &mut f
        ),
        S::Ok
    );
    assert_eq!(phiredact_findings_len(f), 2);
    phiredact_findings_free(f);
    // Names are per call: the next call without them does not know them.
    assert_ne!(redact(r, text.as_bytes()).unwrap(), with);
    // A stream with names.
    let mut s = ptr::null_mut();
    assert_eq!(
        phiredact_stream_new_with_names(r, names.as_ptr(), 2, &mut s),
        S::Ok
    );
    let mut got = Vec::new();
    for b in text.as_bytes().chunks(3) {
        assert_eq!(
            phiredact_stream_write(s, b.as_ptr().cast(), b.len(), &mut out),
            S::Ok
        );
        got.extend(take(&mut out));
        out = phiredact_string::EMPTY;
    }
    assert_eq!(phiredact_stream_finish(s, &mut out), S::Ok);
    got.extend(take(&mut out));
    assert_eq!(String::from_utf8(got).unwrap(), with);
    phiredact_stream_free(s);
    phiredact_redactor_free(r);
}

#[test]
fn streaming_equals_one_shot_for_random_chunkings() {
    let r = redactor(None);
    let input = SAMPLE.as_bytes();
    let want = redact(r, input).unwrap();
    let ones: Vec<usize> = (1..input.len()).collect();
    assert_eq!(stream_chunks(r, input, &ones), want, "1-byte chunks");
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for round in 0..200 {
        let mut cuts: Vec<usize> = (0..rng.below(12))
            .map(|_| rng.below(input.len() + 1))
            .collect();
        cuts.sort_unstable();
        assert_eq!(
            stream_chunks(r, input, &cuts),
            want,
            "round {round}: {cuts:?}"
        );
    }
    phiredact_redactor_free(r);
}

#[test]
fn finished_stream_accepts_only_free() {
    let r = redactor(None);
    let mut s = ptr::null_mut();
    assert_eq!(phiredact_stream_new(r, &mut s), S::Ok);
    // The stream keeps the engine alive: free the redactor first.
    phiredact_redactor_free(r);
    let mut out = phiredact_string::EMPTY;
    let text = b"SSN 123-45-6789";
    assert_eq!(
        phiredact_stream_write(s, text.as_ptr().cast(), text.len(), &mut out),
        S::Ok
    );
    assert_eq!(take(&mut out), b"");
    let mut out = phiredact_string::EMPTY;
    assert_eq!(phiredact_stream_finish(s, &mut out), S::Ok);
    assert_eq!(take(&mut out), b"SSN [SSN]");
    let mut out = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_stream_write(s, text.as_ptr().cast(), text.len(), &mut out),
        S::StreamFinished
    );
    assert!(out.data.is_null());
    assert!(last_error().contains("finished"));
    assert_eq!(phiredact_stream_finish(s, &mut out), S::StreamFinished);
    phiredact_stream_free(s);
}

#[test]
fn panics_do_not_cross_the_boundary() {
    // A panic message that quotes input must neither unwind nor reach the last error.
    let st = boundary::run(|| panic!("slicing failed in `SSN 123-45-6789`"));
    assert_eq!(st, S::InternalError);
    let msg = last_error();
    assert!(msg.contains("internal error"), "{msg}");
    assert!(!msg.contains("123-45"), "{msg}");
    // A stream that panicked is poisoned: nothing more goes through it.
    let r = redactor(None);
    let mut s = ptr::null_mut();
    assert_eq!(phiredact_stream_new(r, &mut s), S::Ok);
    assert_eq!(crate::stream::poison_for_test(s), S::InternalError);
    let mut out = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_stream_write(s, c"x".as_ptr(), 1, &mut out),
        S::InternalError
    );
    assert_eq!(phiredact_stream_finish(s, &mut out), S::InternalError);
    assert!(out.data.is_null());
    phiredact_stream_free(s);
    phiredact_redactor_free(r);
    // Plain-value entry points fall back instead of unwinding.
    assert_eq!(boundary::run_or(7, || panic!("boom")), 7);
}

#[test]
fn names_and_version() {
    // SAFETY: these return static NUL-terminated strings (or NULL, checked first).
    let name = |p: *const c_char| (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) });
    assert_eq!(name(phiredact_label_name(4)), Some(c"SSN"));
    assert_eq!(name(phiredact_label_name(14)), Some(c"LOCATION"));
    assert_eq!(name(phiredact_label_name(0)), None);
    assert_eq!(name(phiredact_label_name(15)), None);
    assert_eq!(name(phiredact_status_name(0)), Some(c"OK"));
    assert_eq!(name(phiredact_status_name(101)), Some(c"INVALID_UTF8"));
    assert_eq!(name(phiredact_status_name(1)), None);
    for l in phiredact::Label::ALL {
        assert_eq!(
            name(phiredact_label_name(l.code())).unwrap().to_str(),
            Ok(l.as_str())
        );
    }
    let v = name(phiredact_version()).unwrap().to_str().unwrap();
    assert_eq!(v, env!("CARGO_PKG_VERSION"));
    assert_eq!(v, phiredact::VERSION);
    let macros =
        format!("{PHIREDACT_VERSION_MAJOR}.{PHIREDACT_VERSION_MINOR}.{PHIREDACT_VERSION_PATCH}");
    assert_eq!(
        macros, v,
        "update the PHIREDACT_VERSION_* constants in lib.rs"
    );
}

#[test]
fn last_error_is_per_thread() {
    assert_eq!(redact(ptr::null(), b"x"), Err(S::InvalidArgument));
    let here = last_error();
    let there = std::thread::spawn(last_error).join().unwrap();
    assert_eq!(there, "");
    assert_eq!(last_error(), here);
}

#[test]
fn one_redactor_many_threads() {
    struct Shared(*mut phiredact_redactor);
    // SAFETY: phiredact_redactor wraps an immutable Send + Sync engine; sharing the pointer
    // across threads is what the C API documents.
    unsafe impl Sync for Shared {}
    let r = Shared(redactor(None));
    let want = redact(r.0, SAMPLE.as_bytes()).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                let r = &r;
                for _ in 0..10 {
                    assert_eq!(redact(r.0, SAMPLE.as_bytes()).unwrap(), want);
                }
            });
        }
    });
    phiredact_redactor_free(r.0);
}

#[test]
fn auto_traits() {
    fn check<T: Send + Sync>() {}
    check::<phiredact_redactor>();
    check::<phiredact_stream>();
}

// ---- Structured formats (issue 11) ----

/// The team's samples and the core's blessed expectations: C must give the same answer.
const ADT: &str = include_str!("../../../examples/formats/adt_a01.hl7");
const ADT_REDACTED: &str = include_str!("../../phiredact/tests/data/formats/adt_a01.hl7.redacted");
const CSV: &str = include_str!("../../../examples/formats/export.csv");
const CSV_POLICY: &str = include_str!("../../../examples/formats/export.policy.toml");
const CSV_REDACTED: &str = include_str!("../../phiredact/tests/data/formats/export.csv.redacted");
const BUNDLE: &str = include_str!("../../../examples/formats/bundle.json");

fn redact_format(r: *const phiredact_redactor, format: u32, data: &[u8]) -> Result<String, S> {
    let mut out = phiredact_string::EMPTY;
    match phiredact_redact_format(r, format, data.as_ptr().cast(), data.len(), &mut out) {
        S::Ok => Ok(String::from_utf8(take(&mut out)).unwrap()),
        e => {
            assert!(out.data.is_null() && out.len == 0, "output on failure");
            Err(e)
        }
    }
}

fn detect(head: &[u8]) -> (S, phiredact_format) {
    // Start from a value detection never writes on success, to see that it is written.
    let mut f = phiredact_format::Jsonl;
    let st = phiredact_format_detect(head.as_ptr().cast(), head.len(), &mut f);
    (st, f)
}

#[test]
fn format_hl7_matches_the_core_expectation() {
    let r = redactor(None);
    let out = redact_format(r, phiredact_format::Hl7 as u32, ADT.as_bytes()).unwrap();
    assert_eq!(out, ADT_REDACTED);
    // Same segments, same delimiters; identifying fields gone.
    assert_eq!(out.matches('\r').count(), ADT.matches('\r').count());
    assert_eq!(out.matches('|').count(), ADT.matches('|').count());
    for phi in ["LOPEZ", "MARIA", "19610304", "123-45-6789", "555-0142"] {
        assert!(ADT.contains(phi) && !out.contains(phi), "{phi}");
    }
    phiredact_redactor_free(r);
}

#[test]
fn format_csv_with_a_column_policy_matches_the_core_expectation() {
    let policy = std::ffi::CString::new(CSV_POLICY).unwrap();
    let r = redactor(Some(&policy));
    let out = redact_format(r, phiredact_format::Csv as u32, CSV.as_bytes()).unwrap();
    assert_eq!(out, CSV_REDACTED);
    phiredact_redactor_free(r);
    // Default policy: every column is scanned as text, the header row and commas stay.
    let r = redactor(None);
    let out = redact_format(r, phiredact_format::Csv as u32, CSV.as_bytes()).unwrap();
    assert_eq!(out.lines().next(), CSV.lines().next());
    assert_eq!(out.lines().count(), CSV.lines().count());
    assert!(
        !out.contains("123-45-6789") && !out.contains("555-0142"),
        "{out}"
    );
    phiredact_redactor_free(r);
}

#[test]
fn format_text_equals_redact_bytes_and_fhir_equals_the_core() {
    let r = redactor(None);
    let data = b"SSN 123-45-6789 \xff call (555) 201-4477";
    let mut want = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_redact_bytes(r, data.as_ptr().cast(), data.len(), &mut want),
        S::Ok
    );
    let want = String::from_utf8(take(&mut want)).unwrap();
    assert_eq!(
        redact_format(r, phiredact_format::Text as u32, data).unwrap(),
        want
    );
    // The stream form (what redact_format calls) keeps the input's final newline.
    let mut core = Vec::new();
    phiredact::Redactor::new()
        .redact_fhir_stream(BUNDLE.as_bytes(), &mut core)
        .unwrap();
    let core = String::from_utf8(core).unwrap();
    assert!(!core.contains("Lopez") && !core.contains("555-0142"));
    assert_eq!(
        redact_format(r, phiredact_format::Fhir as u32, BUNDLE.as_bytes()).unwrap(),
        core
    );
    // Empty input is a valid (empty) record set in every format.
    for f in phiredact_format::ALL {
        assert_eq!(redact_format(r, f as u32, b"").unwrap(), "", "{f:?}");
    }
    phiredact_redactor_free(r);
}

#[test]
fn format_errors_fail_closed_without_echoing_input() {
    let r = redactor(None);
    let bad_fhir = b"{\"resourceType\": \"Patient\", \"name\": [{\"family\": \"Quell\"";
    assert_eq!(
        redact_format(r, phiredact_format::Fhir as u32, bad_fhir),
        Err(S::InvalidFormat)
    );
    let e = last_error();
    assert!(e.contains("FHIR") && !e.contains("Quell"), "{e}");
    // Good records before the bad one are not handed out either.
    let csv = b"name,note\nXimena Quell,ok\nOswin,\"unterminated\n";
    assert_eq!(
        redact_format(r, phiredact_format::Csv as u32, csv),
        Err(S::InvalidFormat)
    );
    assert!(!last_error().contains("Oswin"));
    assert_eq!(
        redact_format(r, phiredact_format::Jsonl as u32, b"[\"Quell\"]\n"),
        Err(S::InvalidFormat)
    );
    // Codes outside the enum, NULL handles and impossible lengths.
    for code in [0, 6, u32::MAX] {
        assert_eq!(redact_format(r, code, b"x"), Err(S::InvalidArgument));
    }
    assert_eq!(
        redact_format(ptr::null(), phiredact_format::Text as u32, b"x"),
        Err(S::InvalidArgument)
    );
    let mut out = phiredact_string::EMPTY;
    assert_eq!(
        phiredact_redact_format(r, 1, ptr::null(), 3, &mut out),
        S::InvalidArgument
    );
    assert!(out.data.is_null());
    assert_eq!(
        phiredact_redact_format(r, 1, b"x".as_ptr().cast(), 1, ptr::null_mut()),
        S::InvalidArgument
    );
    phiredact_redactor_free(r);
}

#[test]
fn format_detect_parse_and_names() {
    assert_eq!(detect(ADT.as_bytes()), (S::Ok, phiredact_format::Hl7));
    assert_eq!(
        detect(format!("\x0b{ADT}\x1c\r").as_bytes()),
        (S::Ok, phiredact_format::Hl7)
    );
    assert_eq!(detect(BUNDLE.as_bytes()), (S::Ok, phiredact_format::Fhir));
    for undetected in [CSV.as_bytes(), b"{\"mrn\": 1}\n", b"SSN 123-45-6789", b""] {
        assert_eq!(
            detect(undetected),
            (S::FormatNotDetected, phiredact_format::Text)
        );
    }
    // Only the head is looked at: a FHIR marker after 4 KiB of padding is not seen.
    let late = format!("{{{}\"resourceType\": \"Patient\"}}", " ".repeat(5000));
    assert_eq!(detect(late.as_bytes()).0, S::FormatNotDetected);
    let mut f = phiredact_format::Csv;
    assert_eq!(
        phiredact_format_detect(ptr::null(), 1, &mut f),
        S::InvalidArgument
    );
    assert_eq!(f, phiredact_format::Text);
    assert_eq!(
        phiredact_format_detect(ptr::null(), 0, ptr::null_mut()),
        S::InvalidArgument
    );

    let name = |c: u32| {
        let p = phiredact_format_name(c);
        // SAFETY: phiredact_format_name returns a static NUL-terminated string or NULL,
        // and NULL is filtered out first.
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) })
    };
    for f in phiredact_format::ALL {
        let n = name(f as u32).unwrap();
        let mut parsed = phiredact_format::Text;
        assert_eq!(phiredact_format_parse(n.as_ptr(), &mut parsed), S::Ok);
        assert_eq!(parsed, f);
    }
    assert_eq!(name(0), None);
    assert_eq!(name(6), None);
    let mut parsed = phiredact_format::Hl7;
    assert_eq!(
        phiredact_format_parse(c"NDJSON".as_ptr(), &mut parsed),
        S::Ok
    );
    assert_eq!(parsed, phiredact_format::Jsonl);
    assert_eq!(
        phiredact_format_parse(c"xml".as_ptr(), &mut parsed),
        S::InvalidArgument
    );
    assert_eq!(parsed, phiredact_format::Text);
    assert_eq!(
        phiredact_format_parse(ptr::null(), &mut parsed),
        S::InvalidArgument
    );

    // SAFETY: as above, for status names.
    let status = |c: u32| unsafe { CStr::from_ptr(phiredact_status_name(c)) };
    assert_eq!(status(102), c"INVALID_FORMAT");
    assert_eq!(status(103), c"FORMAT_NOT_DETECTED");
}

/// The error sweep of `crates/phiredact/tests/no_phi_in_errors.rs`, through the C ABI:
/// every failing call, fed arguments carrying PHI markers, leaves a last error that quotes
/// none of them and no output.
mod no_phi_in_errors {
    use super::*;

    const SSN: &str = "457-55-5462";
    const NAME: &str = "Qwertzina Zyxwvut";
    const PHONE: &str = "617-555-0142";
    const MARKERS: &[&str] = &["457-55-5462", "qwertzina", "zyxwvut", "555-0142"];

    fn assert_clean(what: &str, status: S) {
        assert_ne!(status, S::Ok, "{what}: expected a failure");
        let msg = last_error();
        assert!(!msg.is_empty(), "{what}: no last error");
        let lower = msg.to_lowercase();
        for m in MARKERS {
            assert!(
                !lower.contains(m),
                "{what}: last error {msg:?} quotes {m:?}"
            );
        }
    }

    fn cstring(s: String) -> std::ffi::CString {
        std::ffi::CString::new(s).expect("no NUL")
    }

    /// Policy documents that fail, PHI markers in values and keys.
    #[test]
    fn bad_policies() {
        let docs = [
            format!("known_names = [\"{NAME}\"\n"),
            format!("{{\"known_names\": [\"{NAME}\",]}}"),
            format!("{{\"known_names\": [{SSN}]}}"),
            format!("patient = \"{NAME}\"\n"),
            format!("{{\"patient\": \"{NAME}\"}}"),
            format!("[labels.SSN]\ntag = \"[{SSN}]\"\n"),
            format!("[[recognizers]]\nname = \"x\"\nlabel = \"{NAME}\"\npattern = \"a\"\n"),
            format!("[[recognizers]]\nname = \"x\"\nlabel = \"SSN\"\npattern = \"{SSN}(\"\n"),
            format!("[allow]\npatterns = [\"{PHONE}[\"]\n"),
            format!("[[deny]]\nlabel = \"{NAME}\"\nterms = [\"{NAME}\"]\n"),
            format!("known_names = [\"{NAME}\", \" \"]\n"),
            format!("known_names = [\"{NAME}\"]\n[labels.NAME]\naction = \"pseudonym\"\n"),
            format!("\"{NAME}\" = \"{SSN}\"\n"),
            format!("known_names = \"{NAME}\"\n"),
            format!("[labels.\"{NAME}\"]\naction = \"mask\"\n"),
            format!("[labels.SSN]\naction = \"{SSN}\"\n"),
            format!("{{\"known_names\": \"{NAME}\", \"{PHONE}\": 1}}"),
        ];
        for doc in docs {
            let c = cstring(doc.clone());
            let mut r = ptr::dangling_mut::<phiredact_redactor>();
            let st = phiredact_redactor_new(c.as_ptr(), &mut r);
            assert_eq!(st, S::InvalidPolicy, "{doc}");
            assert!(r.is_null(), "{doc}: *out not reset");
            assert_clean(&doc, st);
        }
        // A policy document that is not UTF-8, with a marker in it.
        let mut bytes = format!("known_names = [\"{NAME}").into_bytes();
        bytes.extend_from_slice(b"\xff\"]\n");
        let c = std::ffi::CString::new(bytes).expect("no NUL");
        let mut r = ptr::null_mut();
        let st = phiredact_redactor_new(c.as_ptr(), &mut r);
        assert_eq!(st, S::InvalidUtf8);
        assert!(r.is_null());
        assert_clean("policy not UTF-8", st);
    }

    /// Text that is not UTF-8: refused by the text entry points with a position, never the
    /// text; scanned (not passed through) by the byte entry points.
    #[test]
    fn invalid_utf8() {
        let r = redactor(Some(&cstring(format!("known_names = [\"{NAME}\"]"))));
        let mut text = format!("Patient {NAME}, SSN {SSN}, cb {PHONE} ").into_bytes();
        text.push(0xff);
        text.extend_from_slice(format!(" {NAME}").as_bytes());
        let mut out = phiredact_string::EMPTY;
        let st = phiredact_redact(r, text.as_ptr().cast(), text.len(), &mut out);
        assert_eq!(st, S::InvalidUtf8);
        assert!(out.data.is_null() && out.len == 0, "output on failure");
        assert_clean("phiredact_redact", st);
        let name = cstring(NAME.to_string());
        let names = [name.as_ptr()];
        let st = phiredact_redact_with_names(
            r,
            text.as_ptr().cast(),
            text.len(),
            names.as_ptr(),
            1,
            &mut out,
        );
        assert_eq!(st, S::InvalidUtf8);
        assert!(out.data.is_null());
        assert_clean("phiredact_redact_with_names", st);
        let mut f = ptr::dangling_mut::<phiredact_findings>();
        let st = phiredact_find_with_names(
            r,
            text.as_ptr().cast(),
            text.len(),
            names.as_ptr(),
            1,
            &mut f,
        );
        assert_eq!(st, S::InvalidUtf8);
        assert!(f.is_null());
        assert_clean("phiredact_find_with_names", st);
        // A known name that is not UTF-8.
        let mut bad_name = NAME.as_bytes().to_vec();
        bad_name.push(0xfe);
        let bad_name = std::ffi::CString::new(bad_name).expect("no NUL");
        let names = [bad_name.as_ptr()];
        let ok_text = format!("Patient {NAME}");
        let st = phiredact_redact_with_names(
            r,
            ok_text.as_ptr().cast(),
            ok_text.len(),
            names.as_ptr(),
            1,
            &mut out,
        );
        assert_eq!(st, S::InvalidUtf8);
        assert!(out.data.is_null());
        assert_clean("name not UTF-8", st);
        // The byte entry points scan instead.
        assert_eq!(
            phiredact_redact_bytes(r, text.as_ptr().cast(), text.len(), &mut out),
            S::Ok
        );
        let redacted = String::from_utf8(take(&mut out)).expect("UTF-8 out");
        let lower = redacted.to_lowercase();
        for m in MARKERS {
            assert!(!lower.contains(m), "{redacted:?} shows {m:?}");
        }
        assert_eq!(stream_chunks(r, &text, &[3, 20, 45]), redacted);
        phiredact_redactor_free(r);
    }

    /// NULL pointers and invalid arguments next to PHI-carrying ones.
    #[test]
    fn invalid_arguments() {
        let r = redactor(None);
        let text = format!("Patient {NAME}, SSN {SSN}");
        let mut out = phiredact_string::EMPTY;
        let name = cstring(NAME.to_string());
        let names = [name.as_ptr(), ptr::null()];
        let st = phiredact_redact_with_names(
            r,
            text.as_ptr().cast(),
            text.len(),
            names.as_ptr(),
            2,
            &mut out,
        );
        assert_eq!(st, S::InvalidArgument);
        assert!(out.data.is_null());
        assert_clean("a NULL name", st);
        let st = phiredact_redact_with_names(
            r,
            text.as_ptr().cast(),
            text.len(),
            ptr::null(),
            3,
            &mut out,
        );
        assert_eq!(st, S::InvalidArgument);
        assert_clean("names NULL, names_len 3", st);
        let st = phiredact_redact(ptr::null(), text.as_ptr().cast(), text.len(), &mut out);
        assert_eq!(st, S::InvalidArgument);
        assert_clean("NULL redactor", st);
        let st = phiredact_redact_bytes(r, text.as_ptr().cast(), text.len(), ptr::null_mut());
        assert_eq!(st, S::InvalidArgument);
        assert_clean("NULL out", st);
        let mut f = ptr::null_mut();
        assert_eq!(
            phiredact_find(r, text.as_ptr().cast(), text.len(), &mut f),
            S::Ok
        );
        let mut one = phiredact_finding {
            start: 0,
            end: 0,
            label: phiredact_label::Name,
            rule: ptr::null(),
        };
        let st = phiredact_findings_get(f, 99, &mut one);
        assert_eq!(st, S::InvalidArgument);
        assert_clean("index out of range", st);
        phiredact_findings_free(f);
        // A stream used after finish, with PHI in the refused chunk.
        let mut s = ptr::null_mut();
        assert_eq!(
            phiredact_stream_new_with_names(r, names.as_ptr(), 1, &mut s),
            S::Ok
        );
        let mut out = phiredact_string::EMPTY;
        assert_eq!(phiredact_stream_finish(s, &mut out), S::Ok);
        phiredact_string_free(&mut out);
        let st = phiredact_stream_write(s, text.as_ptr().cast(), text.len(), &mut out);
        assert_eq!(st, S::StreamFinished);
        assert!(out.data.is_null());
        assert_clean("write after finish", st);
        phiredact_stream_free(s);
        let mut s = ptr::dangling_mut::<phiredact_stream>();
        let st = phiredact_stream_new_with_names(r, names.as_ptr(), 2, &mut s);
        assert_eq!(st, S::InvalidArgument);
        assert!(s.is_null());
        assert_clean("stream with a NULL name", st);
        phiredact_redactor_free(r);
    }
}

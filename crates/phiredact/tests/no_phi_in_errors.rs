//! A sweep of the error paths for PHI: every error this crate can be made to return, fed
//! documents and inputs that carry distinctive PHI markers, must describe the problem
//! without quoting them — in `Display` and in `Debug`. The `Debug` output of the types
//! that hold names (`Redactor`, `Context`, `Policy`, `RedactorBuilder`, `Finding`) must not
//! show them either. And an error in the middle of a stream must not have let unscanned
//! text through to the writer before it (fail closed).
//!
//! The sweep first found policy errors quoting serde's view of the document and a derived
//! `Debug` of `Policy`; both are fixed in `policy.rs`, and every case here now runs.

use std::io::{self, Read};

use phiredact::{Context, ErrorKind, Format, Policy, Redactor, RedactorBuilder};

/// A fake SSN, a name no dictionary holds, a phone number.
const SSN: &str = "457-55-5462";
const NAME: &str = "Qwertzina Zyxwvut";
const PHONE: &str = "617-555-0142";

/// Any of these in a message means a marker leaked (compared case-insensitively).
const MARKERS: &[&str] = &[
    "457-55-5462",
    "457555462",
    "qwertzina",
    "zyxwvut",
    "555-0142",
    "5550142",
];

/// The first marker found in `s`.
fn leak(s: &str) -> Option<&'static str> {
    let lower = s.to_lowercase();
    MARKERS.iter().copied().find(|m| lower.contains(m))
}

/// A policy document that must be refused, with the PHI markers somewhere in it.
struct BadPolicy {
    name: &'static str,
    doc: String,
}

fn bad_policies() -> Vec<BadPolicy> {
    let mut cases = Vec::new();
    let mut add = |name: &'static str, doc: String| cases.push(BadPolicy { name, doc });
    // --- TOML syntax errors next to PHI ---
    add(
        "toml_unterminated_string",
        format!("known_names = [\"{NAME}\n"),
    );
    add(
        "toml_unterminated_array",
        format!("known_names = [\"{NAME}\", \"{SSN}\"\n"),
    );
    add("toml_bare_value", format!("known_names = {NAME}\n"));
    add(
        "toml_duplicate_key",
        format!("key_env = \"A\"\nkey_env = \"{NAME}\"\n"),
    );
    // --- JSON syntax errors next to PHI ---
    add(
        "json_trailing_comma",
        format!("{{\"known_names\": [\"{NAME}\",]}}"),
    );
    add("json_unterminated", format!("{{\"known_names\": [\"{NAME}"));
    add("json_bare_number", format!("{{\"known_names\": [{SSN}]}}"));
    // --- Unknown fields, named by or holding PHI ---
    add(
        "toml_unknown_field_value",
        format!("patient = \"{NAME}\"\n"),
    );
    add(
        "json_unknown_field_value",
        format!("{{\"patient\": \"{NAME}\"}}"),
    );
    add(
        "toml_unknown_field_named_phi",
        format!("\"{NAME}\" = \"{SSN}\"\n"),
    );
    add(
        "json_unknown_field_named_phi",
        format!("{{\"{NAME}\": \"{SSN}\"}}"),
    );
    add(
        "toml_unknown_label_field",
        format!("[labels.SSN]\naction = \"tag\"\nexample = \"{SSN}\"\n"),
    );
    add(
        "json_unknown_recognizer_field",
        format!(
            "{{\"recognizers\": [{{\"name\": \"a\", \"label\": \"ID\", \"pattern\": \"x\", \
             \"sample\": \"{PHONE}\"}}]}}"
        ),
    );
    // --- Known fields with values of the wrong type or shape ---
    add(
        "toml_known_names_not_a_list",
        format!("known_names = \"{NAME}\"\n"),
    );
    add(
        "json_known_names_not_a_list",
        format!("{{\"known_names\": \"{NAME}\"}}"),
    );
    add(
        "toml_known_names_number_in_list",
        format!("known_names = [\"{NAME}\", 5]\n"),
    );
    add(
        "toml_known_names_empty_entry",
        format!("known_names = [\"{NAME}\", \" \"]\n"),
    );
    add(
        "toml_shift_days_string",
        format!("max_shift_days = \"{SSN}\"\n"),
    );
    add(
        "json_shift_days_string",
        format!("{{\"max_shift_days\": \"{SSN}\"}}"),
    );
    add(
        "toml_facilities_not_a_list",
        format!("facilities = \"{NAME} Clinic\"\n"),
    );
    add(
        "toml_allow_exact_not_a_list",
        format!("[allow]\nexact = \"{PHONE}\"\n"),
    );
    add(
        "toml_deny_terms_not_a_list",
        format!("[[deny]]\nlabel = \"NAME\"\nterms = \"{NAME}\"\n"),
    );
    // --- Known names with invalid entries ---
    add(
        "toml_unknown_label_named_phi",
        format!("[labels.\"{NAME}\"]\naction = \"tag\"\n"),
    );
    add(
        "json_unknown_label_named_phi",
        format!("{{\"labels\": {{\"{SSN}\": {{}}}}}}"),
    );
    add(
        "toml_unknown_action",
        format!("[labels.NAME]\naction = \"{NAME}\"\n"),
    );
    add(
        "json_unknown_action",
        format!("{{\"labels\": {{\"SSN\": {{\"action\": \"{SSN}\"}}}}}}"),
    );
    add(
        "toml_tag_with_digits",
        format!("[labels.SSN]\ntag = \"[{SSN}]\"\n"),
    );
    add(
        "toml_recognizer_bad_label",
        format!("[[recognizers]]\nname = \"x\"\nlabel = \"{NAME}\"\npattern = \"a\"\n"),
    );
    add(
        "toml_recognizer_bad_name",
        format!("[[recognizers]]\nname = \"{NAME}\"\nlabel = \"ID\"\npattern = \"a\"\n"),
    );
    add(
        "toml_recognizer_bad_regex",
        format!("[[recognizers]]\nname = \"x\"\nlabel = \"SSN\"\npattern = \"{SSN}(\"\n"),
    );
    add(
        "toml_recognizer_bad_validator",
        format!(
            "[[recognizers]]\nname = \"x\"\nlabel = \"SSN\"\npattern = \"a\"\nvalidator = \"{NAME}\"\n"
        ),
    );
    add(
        "toml_allow_bad_regex",
        format!("[allow]\npatterns = [\"{PHONE}[\"]\n"),
    );
    add(
        "toml_deny_bad_label",
        format!("[[deny]]\nlabel = \"{NAME}\"\nterms = [\"{NAME}\"]\n"),
    );
    add(
        "toml_deny_also_allowed",
        format!(
            "[allow]\nexact = [\"{NAME}\"]\n[[deny]]\nlabel = \"NAME\"\nterms = [\"{NAME}\"]\n"
        ),
    );
    add("toml_key_too_short", "key = \"Qwertzina\"\n".to_string());
    add(
        "toml_hl7_field_named_phi",
        format!("[formats.hl7.fields]\n\"{NAME}\" = \"name\"\n"),
    );
    add(
        "toml_hl7_field_bad_action",
        format!("[formats.hl7.fields]\n\"PID-5\" = \"{NAME}\"\n"),
    );
    add(
        "toml_table_column_bad_action",
        format!("[formats.table.columns]\nphone = \"{PHONE}\"\n"),
    );
    cases
}

/// Every front door a policy document can come through, with its error.
fn policy_errors(doc: &str) -> Vec<(&'static str, phiredact::Error)> {
    let mut errors = Vec::new();
    if let Err(e) = Policy::parse(doc) {
        errors.push(("Policy::parse", e));
    }
    let direct = if doc.trim_start().starts_with('{') {
        Policy::from_json(doc)
    } else {
        Policy::from_toml(doc)
    };
    if let Err(e) = direct {
        errors.push(("Policy::from_json/from_toml", e));
    }
    if let Err(e) = RedactorBuilder::new().policy_document(doc) {
        errors.push(("RedactorBuilder::policy_document", e));
    }
    errors
}

fn check_policy_case(case: &BadPolicy) -> Result<(), String> {
    assert!(
        leak(&case.doc).is_some(),
        "{}: the case carries no marker",
        case.name
    );
    let errors = policy_errors(&case.doc);
    if errors.len() != 3 {
        return Err(format!(
            "{}: expected all three entry points to refuse the document, {} did",
            case.name,
            errors.len()
        ));
    }
    for (entry, e) in &errors {
        assert!(
            matches!(e.kind(), ErrorKind::Policy | ErrorKind::Pattern),
            "{}: {entry}: kind {:?}",
            case.name,
            e.kind()
        );
        for (how, text) in [("Display", e.to_string()), ("Debug", format!("{e:?}"))] {
            if let Some(m) = leak(&text) {
                return Err(format!("{}: {entry} {how} shows {m:?}", case.name));
            }
        }
    }
    Ok(())
}

#[test]
fn policy_errors_do_not_quote_the_document() {
    let mut failures = Vec::new();
    for case in bad_policies() {
        if let Err(e) = check_policy_case(&case) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Documents that parse but cannot build a redactor.
#[test]
fn build_errors_do_not_quote_the_policy() {
    let docs = [
        // A keyed action with no key anywhere.
        format!("known_names = [\"{NAME}\"]\n[labels.NAME]\naction = \"pseudonym\"\n"),
        // A key that is too short for the builder (given directly).
        format!("known_names = [\"{NAME}\"]\nfacilities = [\"{NAME} Clinic\"]\n"),
    ];
    let policy = Policy::parse(&docs[0]).expect("parses");
    let e = Redactor::with_policy(policy.clone()).expect_err("no key");
    let e2 = RedactorBuilder::new()
        .policy(policy)
        .build()
        .expect_err("no key");
    let mut b = RedactorBuilder::new();
    b.policy(Policy::parse(&docs[1]).expect("parses"))
        .key("Qwertzina");
    let e3 = b.build().expect_err("short key");
    for e in [e, e2, e3] {
        assert_eq!(e.kind(), ErrorKind::Policy);
        for text in [e.to_string(), format!("{e:?}")] {
            assert_eq!(leak(&text), None, "{text}");
        }
    }
}

/// A redactor for which every marker is certainly PHI: the name is a known name (no
/// dictionary holds it), so output that still shows a marker was not scanned.
fn knowing() -> Redactor {
    let mut policy = Policy::default();
    policy.add_known_name(NAME);
    Redactor::with_policy(policy).expect("valid")
}

/// Malformed structured input: the error names a position, and whatever was written
/// before the error was scanned.
#[test]
fn format_errors_do_not_quote_the_input() {
    let hl7_head = format!(
        "MSH|^~\\&|A|B|C|D|202401011200||ADT^A01|1|P|2.5\rPID|1||{SSN}||Zyxwvut^Qwertzina||19610304|F|||1 Main St^^Boston^MA^02115||{PHONE}\r"
    );
    let mut long_hl7 = hl7_head.clone().into_bytes();
    long_hl7.extend_from_slice(b"NTE|1||");
    while long_hl7.len() <= HL7_MAX_MESSAGE + 8 {
        long_hl7.extend_from_slice(format!("{NAME} {SSN} ").as_bytes());
    }
    let cases: Vec<(&str, Format, Vec<u8>)> = vec![
        ("hl7_segment_too_long", Format::Hl7, long_hl7),
        (
            "fhir_invalid_json",
            Format::Fhir,
            format!(
                "{{\"resourceType\": \"Patient\", \"name\": [{{\"family\": \"Zyxwvut\", \
                 \"given\": [\"Qwertzina\"]}}], \"telecom\": {PHONE}}}"
            )
            .into_bytes(),
        ),
        (
            "fhir_not_an_object",
            Format::Fhir,
            format!("[\"{NAME}\", \"{SSN}\"]").into_bytes(),
        ),
        (
            "fhir_ndjson_second_line_bad",
            Format::Fhir,
            format!(
                "{{\"resourceType\": \"Patient\", \"name\": [{{\"text\": \"{NAME}\"}}]}}\n\
                 {{\"resourceType\": \"Patient\", \"name\": [{{\"text\": \"{NAME}\"]}}\n"
            )
            .into_bytes(),
        ),
        (
            "csv_unterminated_quote",
            Format::Csv,
            format!("name,ssn,note\n\"{NAME}\",{SSN},ok\n\"{NAME},{SSN},call {PHONE}\n")
                .into_bytes(),
        ),
        (
            "jsonl_invalid_line",
            Format::Jsonl,
            format!("{{\"name\": \"{NAME}\", \"ssn\": \"{SSN}\"}}\n{{\"ssn\": {SSN}}}\n")
                .into_bytes(),
        ),
        (
            "jsonl_not_an_object",
            Format::Jsonl,
            format!("{{\"note\": \"call {NAME}\"}}\n\"{NAME} {PHONE}\"\n").into_bytes(),
        ),
    ];
    let r = knowing();
    for (name, format, input) in cases {
        let mut out = Vec::new();
        let e = r
            .redact_format(format, &input[..], &mut out)
            .expect_err(name);
        assert_eq!(e.kind(), ErrorKind::Format, "{name}");
        for text in [e.to_string(), format!("{e:?}")] {
            assert_eq!(leak(&text), None, "{name}: {text}");
        }
        let written = String::from_utf8_lossy(&out);
        assert_eq!(leak(&written), None, "{name}: unscanned output {written:?}");
    }
}

/// The largest HL7 message the reader accepts (`formats::hl7::MAX_MESSAGE`, 16 MiB; the
/// module is private). If it grows, the case below stops failing and says so.
const HL7_MAX_MESSAGE: usize = 16 << 20;

/// A reader that yields `data`, then fails.
struct FailingReader {
    data: Vec<u8>,
    at: usize,
}

impl Read for FailingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.data.len() {
            return Err(io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.data.len() - self.at).min(7);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// An I/O error in the middle of a stream: the text read so far was never emitted
/// unscanned, and the error says nothing about it.
#[test]
fn io_errors_fail_closed() {
    let text = format!(
        "Note one: {NAME} called from {PHONE}.\n\nNote two: SSN {SSN}, and {NAME} again, no end"
    );
    let r = knowing();
    for format in [
        Format::Text,
        Format::Hl7,
        Format::Csv,
        Format::Jsonl,
        Format::Fhir,
    ] {
        let reader = FailingReader {
            data: text.clone().into_bytes(),
            at: 0,
        };
        let mut out = Vec::new();
        let e = r
            .redact_format(format, reader, &mut out)
            .expect_err("the reader fails");
        for msg in [e.to_string(), format!("{e:?}")] {
            assert_eq!(leak(&msg), None, "{format:?}: {msg}");
        }
        let written = String::from_utf8_lossy(&out);
        assert_eq!(leak(&written), None, "{format:?}: {written:?}");
    }
}

#[test]
fn stream_used_after_finish() {
    let r = knowing();
    let mut s = r.stream();
    let mut out = String::new();
    s.write(format!("{NAME} {SSN}\n\n").as_bytes(), &mut out)
        .expect("write");
    s.finish(&mut out).expect("finish");
    assert_eq!(leak(&out), None, "{out}");
    let before = out.len();
    let e = s
        .write(format!("{NAME} {PHONE}").as_bytes(), &mut out)
        .expect_err("finished");
    assert_eq!(e.kind(), ErrorKind::StreamFinished);
    assert_eq!(out.len(), before, "no output after an error");
    for msg in [e.to_string(), format!("{e:?}")] {
        assert_eq!(leak(&msg), None, "{msg}");
    }
}

/// The byte entry points decode invalid UTF-8 as U+FFFD and scan: markers next to invalid
/// bytes are redacted, never passed through.
#[test]
fn invalid_utf8_is_scanned_not_passed_through() {
    let r = knowing();
    let mut input = b"Patient \xff\xfe".to_vec();
    input.extend_from_slice(format!("SSN {SSN}, ").as_bytes());
    input.push(0xC3);
    input.extend_from_slice(format!(" call {PHONE} ").as_bytes());
    input.push(0x80);
    input.extend_from_slice(b"\xed\xa0\x80 ");
    let out = r.redact_bytes(&input);
    assert_eq!(leak(&out), None, "{out:?}");
    let mut s = r.stream();
    let mut streamed = String::new();
    for chunk in input.chunks(3) {
        s.write(chunk, &mut streamed).expect("write");
    }
    s.finish(&mut streamed).expect("finish");
    assert_eq!(streamed, out);
}

/// `Debug` of everything that holds names or scanned text.
#[test]
fn debug_output_holds_no_names() {
    let (policy_debug, builder_debug) = debug_of_policy_and_builder();
    let mut shown: Vec<(&str, String)> = Vec::new();
    let mut policy = Policy::default();
    policy.add_known_name(NAME);
    let r = Redactor::with_policy(policy).expect("valid");
    shown.push(("Redactor", format!("{r:?}")));
    shown.push(("Redactor {:#?}", format!("{r:#?}")));
    let ctx = Context::new().with_known_names([NAME]).with_subject(SSN);
    shown.push(("Context", format!("{ctx:?}")));
    let text = format!("{NAME} called, SSN {SSN}, cb {PHONE}");
    let found = r.find_with(&text, &ctx);
    assert!(found.len() >= 3, "{found:?}");
    shown.push(("Finding", format!("{found:?}")));
    let s = r.stream_with(&ctx);
    shown.push(("StreamRedactor", format!("{s:?}")));
    shown.push(("Policy", policy_debug));
    shown.push(("RedactorBuilder", builder_debug));
    for (what, text) in shown {
        assert_eq!(leak(&text), None, "{what}: {text}");
    }
}

fn debug_of_policy_and_builder() -> (String, String) {
    let mut policy = Policy::default();
    policy.add_known_name(NAME);
    policy.add_facility(format!("{NAME} Clinic"));
    policy.allow.exact.push(PHONE.to_string());
    let mut b = RedactorBuilder::new();
    b.policy(policy.clone()).known_name(NAME);
    (format!("{policy:?}"), format!("{b:?}"))
}

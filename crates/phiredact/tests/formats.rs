//! Structured formats (issue 11): HL7 v2, FHIR R4 JSON, CSV and JSON lines.
//!
//! The samples under `examples/formats/` were written by the team; their redacted
//! expectations live in `tests/data/formats/`. Run with `PHIREDACT_BLESS=1` to rewrite the
//! expectations after a deliberate change, then review the diff.

use std::io::Read;
use std::path::PathBuf;

use phiredact::{ErrorKind, Policy, Redactor};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(root().join("examples/formats").join(name)).unwrap()
}

/// Compares with the stored expectation (or writes it under `PHIREDACT_BLESS=1`).
fn expect(name: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/formats")
        .join(format!("{name}.redacted"));
    if std::env::var_os("PHIREDACT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == got,
        "{name}: output differs from {}\n--- got ---\n{}",
        path.display(),
        got.replace('\r', "\n")
    );
}

/// Like [`expect`], comparing JSON values.
fn expect_json(name: &str, got: &serde_json::Value) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/formats")
        .join(format!("{name}.redacted"));
    if std::env::var_os("PHIREDACT_BLESS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(got).unwrap() + "\n").unwrap();
    }
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or_default();
    assert!(
        &want == got,
        "{name}: output differs from {}\n--- got ---\n{}",
        path.display(),
        serde_json::to_string_pretty(got).unwrap()
    );
}

fn assert_gone(name: &str, out: &str, phi: &[&str]) {
    for p in phi {
        assert!(!out.contains(p), "{name}: {p:?} survived");
    }
}

fn assert_kept(name: &str, out: &str, values: &[&str]) {
    for v in values {
        assert!(out.contains(v), "{name}: clinical value {v:?} was lost");
    }
}

// ---- HL7 v2 ----

/// Splits an HL7 message into segments → fields → repetitions → components, as counts:
/// the structure that redaction must keep.
fn hl7_shape(msg: &str) -> Vec<(String, Vec<Vec<usize>>)> {
    msg.split(['\r', '\n'])
        .filter(|s| !s.is_empty())
        .map(|seg| {
            let mut fields = seg.split('|');
            let id = fields.next().unwrap().to_string();
            let shape = fields
                .map(|f| f.split('~').map(|r| r.split('^').count()).collect())
                .collect();
            (id, shape)
        })
        .collect()
}

fn redact_hl7_sample(name: &str) -> (String, String) {
    let input = sample(name);
    let out = Redactor::new().redact_hl7(&input).unwrap();
    assert_eq!(
        hl7_shape(&input),
        hl7_shape(&out),
        "{name}: structure changed"
    );
    expect(name, &out);
    (input, out)
}

#[test]
fn hl7_adt_a01() {
    let (_, out) = redact_hl7_sample("adt_a01.hl7");
    assert_gone(
        "adt",
        &out,
        &[
            "00482913",
            "998877665",
            "LOPEZ",
            "MARIA",
            "JOSEFINA",
            "GARCIA",
            "19610304",
            "1432 Oak",
            "Springfield",
            "62704",
            "555-0142",
            "555-0199",
            "maria.lopez",
            "ACC20240315001",
            "123-45-6789",
            "L1234567",
            "CARLOS",
            "555-0143",
            "CHEN",
            "PATEL",
            "OKAFOR",
            "1234567890",
            "20240315",
            "XYZ998877601",
        ],
    );
    assert_kept(
        "adt",
        &out,
        &[
            "ADT^A01^ADT_A01",
            "^^^MERCY^MR",
            "|F|",
            "^IL^",
            "Penicillin^RXNORM",
            "Hives",
            "I50.9^Heart failure, unspecified^I10",
            "Blue Cross Blue Shield of Illinois",
        ],
    );
}

#[test]
fn hl7_oru_r01_with_notes() {
    let (_, out) = redact_hl7_sample("oru_r01.hl7");
    assert_gone(
        "oru",
        &out,
        &[
            "00482913",
            "LOPEZ",
            "Lopez",
            "MARIA",
            "Maria",
            "19610304",
            "555-0142",
            "123-45-6789",
            "Chen",
            "CHEN",
            "OKAFOR",
            "20240316",
            "03/16/2024",
            "3/16/2024",
            "ORD448812",
            "LAB99812",
        ],
    );
    assert_kept(
        "oru",
        &out,
        &[
            "2345-7^Glucose^LN||182|mg/dL|70-99|H",
            "718-7^Hemoglobin^LN||11.2|g/dL|12.0-16.0|L",
            "2160-0^Creatinine^LN||1.4|mg/dL|0.6-1.1|H",
            "8867-4^Heart rate^LN||88|/min|60-100|N",
            "\\.br\\",
            "\\T\\ fasting glucose 182",
            "tolerated well.",
        ],
    );
}

#[test]
fn hl7_siu_s12() {
    let (_, out) = redact_hl7_sample("siu_s12.hl7");
    assert_gone(
        "siu",
        &out,
        &[
            "Maria Lopez",
            "LOPEZ",
            "19610304",
            "555-0177",
            "555-0300",
            "555-0188",
            "DOE",
            "JANE",
            "CHEN",
            "20240402",
            "APT10021",
        ],
    );
    assert_kept(
        "siu",
        &out,
        &["Follow-up visit", "99214^Office visit est^CPT", "|30|MIN|"],
    );
}

/// A reader that hands out `n` bytes at a time.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(self.0.len()).min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn hl7_many_messages_stream_identically_in_any_chunking() {
    let r = Redactor::new();
    let mut file = String::new();
    for (i, n) in ["adt_a01.hl7", "oru_r01.hl7", "siu_s12.hl7"]
        .iter()
        .enumerate()
    {
        let m = sample(n);
        file.push_str(&match i {
            // Newline separated, CR only, and MLLP framed: all in one file.
            0 => m.replace('\r', "\n"),
            1 => m,
            _ => format!("\x0b{m}\x1c\r"),
        });
    }
    let whole = r.redact_hl7(&file).unwrap();
    // Each message redacted as in its own file (names do not leak between messages).
    let mut parts = String::new();
    parts.push_str(
        &r.redact_hl7(&sample("adt_a01.hl7").replace('\r', "\n"))
            .unwrap(),
    );
    parts.push_str(&r.redact_hl7(&sample("oru_r01.hl7")).unwrap());
    parts.push_str(
        &r.redact_hl7(&format!("\x0b{}\x1c\r", sample("siu_s12.hl7")))
            .unwrap(),
    );
    assert_eq!(whole, parts);
    for chunk in [1, 2, 7, 64, 1000] {
        let mut out = Vec::new();
        let stats = r
            .redact_hl7_stream(Trickle(file.as_bytes(), chunk), &mut out)
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), whole, "chunk {chunk}");
        assert_eq!(stats.bytes_in, file.len() as u64);
        assert_eq!(stats.bytes_out, whole.len() as u64);
    }
}

#[test]
fn hl7_names_from_pid_nk1_pv1_are_known_in_free_text() {
    let msg = "MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\r\
               PID|1||1^^^H^MR||QUINTERO^ISADORA\r\
               NK1|1|BRANNIGAN^OSWIN|SPO\r\
               PV1|1|I||||||^VANTERPOOL^EZRA\r\
               NTE|1||isadora and oswin met with vanterpool; Quintero's pain 3/10\r";
    let out = Redactor::new().redact_hl7(msg).unwrap();
    assert!(
        out.contains("NTE|1||[NAME] and [NAME] met with [NAME]; [NAME]'s pain 3/10\r"),
        "{out:?}"
    );
    // The next message does not inherit them.
    let next = "MSH|^~\\&|A|B|||20240101||ADT^A08|2|P|2.5\rNTE|1||isadora\r";
    let out = Redactor::new().redact_hl7(&format!("{msg}{next}")).unwrap();
    assert!(out.ends_with("NTE|1||isadora\r"), "{out:?}");
}

#[test]
fn hl7_field_table_is_extended_by_the_policy() {
    let policy = Policy::parse(
        "[formats.hl7.fields]\nZPI-2 = \"NAME\"\nZPI-3 = \"keep\"\nPID-8 = \"keep\"\nPID-19 = \"text\"\n",
    )
    .unwrap();
    let r = Redactor::with_policy(policy).unwrap();
    let out = r
        .redact_hl7("MSH|^~\\&|A\rPID|1||||||||||||||||||SSN 123-45-6789\rZPI|1|Ximena Quell|Code 555-123-4567\rNTE|1||ximena\r")
        .unwrap();
    assert_eq!(
        out,
        "MSH|^~\\&|A\rPID|1||||||||||||||||||SSN [SSN]\rZPI|1|[NAME]|Code 555-123-4567\rNTE|1||[NAME]\r"
    );
}

#[test]
fn hl7_policy_actions_apply_to_fields() {
    let policy = Policy::parse(
        "[labels.PHONE]\naction = \"keep_last\"\ndigits = 4\n[labels.NAME]\naction = \"mask\"\n[labels.DOB]\naction = \"remove\"\n",
    )
    .unwrap();
    let r = Redactor::with_policy(policy).unwrap();
    let out = r
        .redact_hl7("MSH|^~\\&|A|||||ADT\rPID|1||||O\\S\\BRIEN^ANN||19610304||||||(217)555-0142\r")
        .unwrap();
    // The escaped delimiter in the name is masked as one character and stays escaped out.
    assert_eq!(
        out,
        "MSH|^~\\&|A|||||ADT\rPID|1||||*\\S\\*****^***||||||||(***)***-0142\r"
    );
}

#[test]
fn hl7_fails_closed() {
    let r = Redactor::new();
    // No usable delimiters: every segment is scanned as text.
    for msg in [
        "MSH\rPID|1||||DOE^JOHN|SSN 123-45-6789\r",
        "MSHx^~\\&\rNTE|1||call 555-123-4567\r",
        "PID|1||||DOE^JOHN|SSN 123-45-6789\r",
    ] {
        let out = r.redact_hl7(msg).unwrap();
        assert!(!out.contains("6789") && !out.contains("4567"), "{out:?}");
    }
    // Invalid UTF-8 is decoded lossily, never passed through.
    let mut out = Vec::new();
    r.redact_hl7_stream(
        &b"MSH|^~\\&|A\rPID|1||||DOE\xff^JOHN\rNTE|1||SSN 123-45-6789\r"[..],
        &mut out,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains("DOE") && !out.contains("6789"), "{out:?}");
}

#[test]
fn hl7_oversized_message_is_an_error_without_input() {
    let mut big = String::from("MSH|^~\\&|A\r");
    let line = format!("NTE|1||{}\r", "x".repeat(1 << 20));
    while big.len() <= phiredact::formats::MAX_MESSAGE {
        big.push_str(&line);
    }
    let e = Redactor::new().redact_hl7(&big).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Format);
    assert!(!e.to_string().contains("xxx"));
}

// ---- FHIR R4 JSON ----

/// The JSON shape: every value replaced by its type, strings by "s".
fn json_shape(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), json_shape(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(json_shape).collect()),
        Value::String(_) => Value::from("s"),
        other => other.clone(),
    }
}

#[test]
fn fhir_bundle() {
    let input = sample("bundle.json");
    let out = Redactor::new().redact_fhir(&input).unwrap();
    let a: serde_json::Value = serde_json::from_str(&input).unwrap();
    let b: serde_json::Value = serde_json::from_str(&out).expect("output is JSON");
    assert_eq!(json_shape(&a), json_shape(&b), "shape changed");
    // Compared as JSON: key order depends on serde_json's `preserve_order` feature, which
    // the CLI turns on for the whole build.
    expect_json("bundle.json", &b);
    assert_gone(
        "bundle",
        &out,
        &[
            "Maria",
            "Josefina",
            "Lopez",
            "Carlos",
            "Chen",
            "00482913",
            "123-45-6789",
            "555-0142",
            "555-0143",
            "555-0300",
            "555-0177",
            "maria.lopez",
            "1961",
            "1432 Oak",
            "Nguyen",
            "Springfield",
            "62704",
            "/9j/4AAQ",
            "V20240315001",
            "1234567890",
            "2024-03-1",
            "03/04/1961",
        ],
    );
    assert_kept(
        "bundle",
        &out,
        &[
            "\"female\"",
            "\"IL\"",
            "http://loinc.org",
            "\"718-7\"",
            "Hemoglobin [Mass/volume] in Blood",
            "11.2",
            "g/dL",
            "Patient/pat-1",
            "Shortness of breath, leg swelling",
            "recheck in the morning",
            "potassium was 4.1",
            "urn:uuid:8c5f1a2e-0d4b-4f8e-9a51-2b7c3d9e4f10",
            "xmlns=\\\"http://www.w3.org/1999/xhtml\\\"",
        ],
    );
}

#[test]
fn fhir_ndjson_and_errors() {
    let r = Redactor::new();
    let nd = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Quell\",\"given\":[\"Ximena\"]}],\"text\":{\"div\":\"<div>Ximena</div>\"}}\n\n{\"resourceType\":\"Observation\",\"valueString\":\"Ximena doing well\"}\n";
    let mut out = Vec::new();
    let stats = r.redact_fhir_stream(nd.as_bytes(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.split('\n').collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].contains("<div>[NAME]</div>"), "{out}");
    // Names feed known names within one document only (a line of NDJSON).
    assert!(lines[2].contains("Ximena doing well"), "{out}");
    assert_eq!(stats.segments, 2);
    let e = r
        .redact_fhir_stream(
            &b"{\"resourceType\": \"Patient\", \"name\": [\"Ximena\"\n"[..],
            Vec::new(),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Format);
    assert!(!e.to_string().contains("Ximena"), "{e}");
}

#[test]
fn fhir_element_rules_are_extended_by_the_policy() {
    let doc = r#"{"resourceType":"Bundle","entry":[
        {"resource":{"resourceType":"Patient",
            "name":[{"family":"Quell","given":["Ximena"],"prefix":["Mrs."]}],
            "maritalStatus":{"text":"Married 2019-05-04"},
            "identifier":[{"type":{"coding":[{"code":"MR"}]},"value":"MRN 00482913"}],
            "extension":[{"url":"http://example.org/birthplace","valueString":"Mercy West"}]}},
        {"resource":{"resourceType":"Observation","valueString":"Ximena doing well",
            "note":[{"text":"Ximena doing well"}],
            "extension":[{"url":"x","valueString":"Mercy West"}]}}]}"#;
    let get = |r: &Redactor| -> serde_json::Value {
        serde_json::from_str(&r.redact_fhir(doc).unwrap()).unwrap()
    };
    let (patient, obs) = ("/entry/0/resource", "/entry/1/resource");

    // The built-in rules.
    let v = get(&Redactor::new());
    let at = |v: &serde_json::Value, p: &str| v.pointer(p).cloned().unwrap_or_default();
    assert_eq!(at(&v, &format!("{patient}/name/0/prefix/0")), "[NAME]");
    assert_eq!(
        at(&v, &format!("{patient}/maritalStatus/text")),
        "Married [DATE]"
    );
    assert_eq!(at(&v, &format!("{patient}/identifier/0/value")), "[MRN]");
    assert_eq!(at(&v, &format!("{obs}/valueString")), "[NAME] doing well");
    assert_ne!(
        at(&v, &format!("{obs}/extension/0/valueString")),
        "[LOCATION]"
    );

    let policy = Policy::parse(
        r#"
[formats.fhir.elements]
"Patient.maritalStatus" = "keep"          # an object: everything under it
"Patient.name.prefix" = "keep"            # a part of a built-in identifying element
"Patient.identifier" = "text"             # scanned rather than replaced whole
"Observation.valueString" = "keep"
"*.extension.valueString" = "LOCATION"    # any resource, nested in a Bundle
"#,
    )
    .unwrap();
    let v = get(&Redactor::with_policy(policy).unwrap());
    assert_eq!(at(&v, &format!("{patient}/name/0/prefix/0")), "Mrs.");
    assert_eq!(at(&v, &format!("{patient}/name/0/family")), "[NAME]");
    assert_eq!(
        at(&v, &format!("{patient}/maritalStatus/text")),
        "Married 2019-05-04"
    );
    assert_eq!(
        at(&v, &format!("{patient}/identifier/0/value")),
        "MRN [MRN]"
    );
    assert_eq!(
        at(&v, &format!("{patient}/extension/0/valueString")),
        "[LOCATION]"
    );
    assert_eq!(
        at(&v, &format!("{patient}/extension/0/url")),
        "http://example.org/birthplace"
    );
    assert_eq!(at(&v, &format!("{obs}/valueString")), "Ximena doing well");
    // Elements without a rule keep the built-in treatment (and the harvested names).
    assert_eq!(at(&v, &format!("{obs}/note/0/text")), "[NAME] doing well");
    assert_eq!(
        at(&v, &format!("{obs}/extension/0/valueString")),
        "[LOCATION]"
    );

    // Built from Rust, and carried through the JSON form of the policy.
    let mut p = Policy::default();
    p.formats
        .set_fhir_element("Observation.valueString", phiredact::FieldAction::Keep);
    let p = Policy::from_json(&p.to_json()).unwrap();
    let v = get(&Redactor::with_policy(p).unwrap());
    assert_eq!(at(&v, &format!("{obs}/valueString")), "Ximena doing well");
}

#[test]
fn fhir_element_rules_are_validated() {
    for (key, value) in [
        ("maritalStatus", "keep"),
        ("patient.name", "keep"),
        ("Patient", "keep"),
        ("Patient.", "keep"),
        ("Patient..name", "keep"),
        ("Patient.name[0]", "keep"),
        ("Patient.name", "secret"),
    ] {
        let doc = format!("[formats.fhir.elements]\n\"{key}\" = \"{value}\"\n");
        let e = Policy::parse(&doc)
            .and_then(Redactor::with_policy)
            .expect_err(key);
        assert_eq!(e.kind(), ErrorKind::Policy, "{key}");
        assert!(e.to_string().contains("formats.fhir.elements"), "{e}");
    }
    let e = Policy::parse("[formats.fhir]\nresources = 1\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Policy);
}

// ---- CSV and JSON lines ----

fn table_redactor() -> Redactor {
    let policy = Policy::parse(&sample("export.policy.toml")).unwrap();
    Redactor::with_policy(policy).unwrap()
}

/// A minimal RFC 4180 reader for checking the output: records of fields.
fn csv_records(s: &str) -> Vec<Vec<String>> {
    let (mut recs, mut rec, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, s.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => rec.push(std::mem::take(&mut field)),
            ('\n', false) => {
                rec.push(std::mem::take(&mut field));
                recs.push(std::mem::take(&mut rec));
            }
            (c, _) => field.push(c),
        }
    }
    recs
}

#[test]
fn csv_export() {
    let input = sample("export.csv");
    let out = table_redactor().redact_csv(&input).unwrap();
    expect("export.csv", &out);
    let (a, b) = (csv_records(&input), csv_records(&out));
    assert_eq!(a.len(), b.len());
    for (ra, rb) in a.iter().zip(&b) {
        assert_eq!(ra.len(), rb.len(), "a record changed its column count");
    }
    assert_eq!(a[0], b[0], "the header is kept");
    assert_gone(
        "csv",
        &out,
        &[
            "00482913",
            "Lopez",
            "Maria",
            "Okafor",
            "Chinedu",
            "Nguyen",
            "1961",
            "1948",
            "555-0142",
            "555-0199",
            "2024-03-1",
            "123-45-6789",
        ],
    );
    assert_kept(
        "csv",
        &out,
        &[
            "Hemoglobin,11.2,g/dL,L",
            "Glucose,182,mg/dL,H",
            "Creatinine,0.8,mg/dL,,",
            "Follow up in 6 months",
        ],
    );
    // Unlisted columns are scanned, not passed through.
    let r = Redactor::new();
    assert_eq!(
        r.redact_csv("x,y\nSSN 123-45-6789,ok\n").unwrap(),
        "x,y\nSSN [SSN],ok\n"
    );
    let e = r.redact_csv("a,b\n\"open,1\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Format);
}

#[test]
fn jsonl_export() {
    let input = "{\"mrn\":\"00482913\",\"patient_name\":\"Lopez, Maria J\",\"dob\":\"1961-03-04\",\"result\":11.2,\"unit\":\"g/dL\",\"note\":\"Maria reports fatigue\",\"extra\":{\"contact\":\"call 217-555-0142\"}}\n\n{\"mrn\":517702,\"patient_name\":\"Okafor, Chinedu\",\"note\":null}\n";
    let out = table_redactor().redact_jsonl(input).unwrap();
    let lines: Vec<&str> = out.split('\n').collect();
    assert_eq!(lines.len(), 4, "{out}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["mrn"], "[MRN]");
    assert_eq!(v["patient_name"], "[NAME]");
    assert_eq!(v["dob"], "[DOB]");
    assert_eq!(v["result"], 11.2);
    assert_eq!(v["unit"], "g/dL");
    assert_eq!(v["note"], "[NAME] reports fatigue");
    assert_eq!(v["extra"]["contact"], "call [PHONE]");
    let v: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(
        v["mrn"], "[MRN]",
        "a number in a labelled field is replaced"
    );
    assert!(v["note"].is_null());
    let e = table_redactor()
        .redact_jsonl("{\"a\":1}\n[\"Maria\"]\n")
        .unwrap_err();
    assert!(e.to_string().contains("line 2"), "{e}");
    assert!(!e.to_string().contains("Maria"));
}

#[test]
fn redact_format_dispatches() {
    use phiredact::Format;
    let r = Redactor::new();
    let hl7 = sample("oru_r01.hl7");
    let mut out = Vec::new();
    r.redact_format(Format::Hl7, hl7.as_bytes(), &mut out)
        .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), r.redact_hl7(&hl7).unwrap());
    assert_eq!(Format::detect(hl7.as_bytes()), Some(Format::Hl7));
    assert_eq!(
        Format::detect(sample("bundle.json").as_bytes()),
        Some(Format::Fhir)
    );
    assert_eq!(Format::detect(sample("export.csv").as_bytes()), None);
    assert_eq!(Format::parse("JSONL"), Some(Format::Jsonl));
}

// ---- Robustness ----

/// Random concatenations of HL7, JSON and CSV fragments: nothing panics, every front end
/// either answers or returns a Format error, and a cued SSN never survives.
#[test]
fn garbage_never_panics_or_leaks() {
    const PARTS: &[&str] = &[
        "MSH|^~\\&|",
        "FHS|",
        "|",
        "^",
        "~",
        "&",
        "\\",
        "\\F\\",
        "\\X41\\",
        "\\.br\\",
        "\r",
        "\n",
        "\x0b",
        "\x1c",
        "PID",
        "OBX|1|NM|",
        "Maria",
        " SSN 123-45-6789 ",
        "é",
        " ",
        "\"",
        ",",
        "{",
        "}",
        "\"resourceType\":",
        "[",
        "]",
        "<b>",
        "&amp;",
        "MSH#*@!%#",
    ];
    let r = Redactor::new();
    let mut seed = 0x1234_5678_9abc_def0_u64;
    for _ in 0..3000 {
        let mut s = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = 1 + seed % 24;
        let mut x = seed;
        for _ in 0..n {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(PARTS[(x >> 33) as usize % PARTS.len()]);
        }
        let out = r.redact_hl7(&s).unwrap();
        assert!(!out.contains("6789"), "{s:?} -> {out:?}");
        for res in [r.redact_fhir(&s), r.redact_csv(&s), r.redact_jsonl(&s)] {
            match res {
                Ok(out) => assert!(!out.contains("6789"), "{s:?} -> {out:?}"),
                Err(e) => assert_eq!(e.kind(), ErrorKind::Format),
            }
        }
    }
}

#[test]
fn tables_and_ndjson_stream_identically_in_any_chunking() {
    let r = table_redactor();
    let csv = sample("export.csv");
    let jsonl = "{\"patient_name\":\"Lopez, Maria\",\"note\":\"Maria ok\"}\n\n{\"note\":\"SSN 123-45-6789\"}\n";
    let ndjson = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Quell\"}]}\r\n{\"resourceType\":\"Observation\",\"valueString\":\"Quell ok\"}";
    let whole = [
        r.redact_csv(&csv).unwrap(),
        r.redact_jsonl(jsonl).unwrap(),
        {
            let mut v = Vec::new();
            r.redact_fhir_stream(ndjson.as_bytes(), &mut v).unwrap();
            String::from_utf8(v).unwrap()
        },
    ];
    assert!(
        whole[2].ends_with("\"valueString\":\"Quell ok\"}"),
        "{}",
        whole[2]
    );
    for chunk in [1, 3, 17] {
        let mut outs = [Vec::new(), Vec::new(), Vec::new()];
        r.redact_csv_stream(Trickle(csv.as_bytes(), chunk), &mut outs[0])
            .unwrap();
        r.redact_jsonl_stream(Trickle(jsonl.as_bytes(), chunk), &mut outs[1])
            .unwrap();
        r.redact_fhir_stream(Trickle(ndjson.as_bytes(), chunk), &mut outs[2])
            .unwrap();
        for (o, w) in outs.iter().zip(&whole) {
            assert_eq!(std::str::from_utf8(o).unwrap(), w, "chunk {chunk}");
        }
    }
}

#[test]
fn numbered_tags_are_shared_by_fields_and_notes_of_one_message() {
    let policy = Policy::parse("[labels.NAME]\naction = \"numbered\"\n").unwrap();
    let r = Redactor::with_policy(policy).unwrap();
    let out = r
        .redact_hl7("MSH|^~\\&|A\rPID|1||||QUINTERO^ISADORA\rNK1|1|BRANNIGAN^OSWIN\rNTE|1||Oswin called for Isadora\r")
        .unwrap();
    assert_eq!(
        out,
        "MSH|^~\\&|A\rPID|1||||[NAME-1]^[NAME-2]\rNK1|1|[NAME-3]^[NAME-4]\rNTE|1||[NAME-4] called for [NAME-2]\r"
    );
}

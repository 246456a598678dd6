//! End-to-end tests of the `phiredact` binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_phiredact"))
}

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    // Feed stdin from a thread: a large input would otherwise deadlock
    // against a child blocked on a full stdout pipe. A child that exits
    // early (a usage error) closes the pipe; that is not a test failure.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("output is UTF-8")
}

#[test]
fn redacts_the_shipped_sample() {
    let sample = repo("examples/messages.txt");
    let o = run(&["redact", sample.to_str().unwrap()], b"");
    assert!(o.status.success());
    let out = stdout(&o);
    // Every SSN, phone number, MRN and date of birth of the sample is gone.
    for phi in [
        "123-45-6789",
        "987-65-4320",
        "(555) 201-4477",
        "555-201-4477",
        "555.219.8830",
        "00482913",
        "03/04/1961",
        "1961-03-04",
        "19610304",
        "jobrien77@example.com",
        "1428 Oak Street",
        "XJ5520019",
        "99120341",
        "192.168.10.44",
    ] {
        assert!(!out.contains(phi), "{phi} survived");
    }
    // Clinical content stays.
    for keep in [
        "BP 142/88",
        "0.4 mg",
        "A1c 7.2%",
        "pain 3/10",
        "E11.9",
        "Parkinson's disease",
        "Foley catheter",
    ] {
        assert!(out.contains(keep), "{keep} was removed");
    }
}

#[test]
fn stdin_to_stdout_and_file_output() {
    let o = run(&["redact"], b"SSN 123-45-6789\n");
    assert_eq!(stdout(&o), "SSN [SSN]\n");
    let dir = std::env::temp_dir().join(format!("phiredact-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.txt");
    let o = run(
        &["redact", "-o", out.to_str().unwrap(), "-"],
        b"MRN: 00123456\n",
    );
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "MRN: [MRN]\n");
}

#[test]
fn scan_writes_findings_without_text() {
    let o = run(&["scan"], "line one\nné SSN 123-45-6789\n".as_bytes());
    assert!(o.status.success());
    let out = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["line"], 2);
    assert_eq!(v["start"], 7); // code points: "né SSN " is 7 characters
    assert_eq!(v["end"], 18);
    assert_eq!(v["label"], "SSN");
    assert_eq!(v["rule"], "ssn.cue");
    assert!(v.get("text").is_none());
    assert!(!out.contains("6789"));
    let o = run(&["scan", "--show-text"], b"SSN 123-45-6789\n");
    assert!(stdout(&o).contains("\"text\":\"123-45-6789\""));
}

#[test]
fn jsonl_scan_keeps_objects_and_adds_findings() {
    let input = "{\"id\":7,\"text\":\"😀 call 555-123-4567\",\"meta\":{\"a\":1}}\n";
    let o = run(&["scan", "--jsonl"], input.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["id"], 7);
    assert_eq!(v["meta"]["a"], 1);
    assert_eq!(v["text"], "😀 call 555-123-4567");
    let f = &v["findings"][0];
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(7), Some(19))
    );
    assert_eq!(
        (f["byte_start"].as_u64(), f["byte_end"].as_u64()),
        (Some(10), Some(22))
    );
    assert_eq!(f["label"], "PHONE");
    // Keys keep their order.
    assert!(stdout(&o).starts_with("{\"id\":7,\"text\""));
}

#[test]
fn jsonl_redact_and_field() {
    let input = "{\"body\":\"SSN 123-45-6789\",\"n\":1}\n";
    let o = run(&["redact", "--jsonl", "--field", "body"], input.as_bytes());
    assert_eq!(stdout(&o), "{\"body\":\"SSN [SSN]\",\"n\":1}\n");
}

#[test]
fn errors_have_codes_and_never_quote_input() {
    // Usage error.
    let o = run(&["redact", "--no-such-flag"], b"");
    assert_eq!(o.status.code(), Some(2));
    // Missing file.
    let o = run(&["redact", "/no/such/file"], b"");
    assert_eq!(o.status.code(), Some(1));
    // Bad JSON line: the error names the line, not its content.
    let o = run(&["scan", "--jsonl"], b"{\"text\": \"SSN 123-45-6789\"\n");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 1"), "{err}");
    assert!(!err.contains("123-45-6789"), "{err}");
    assert_eq!(err.lines().count(), 1);
    // Bad policy: what is wrong and where, without quoting the document.
    let dir = std::env::temp_dir().join(format!("phiredact-pol-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pol = dir.join("bad.toml");
    std::fs::write(&pol, "[labels.SSN]\nacton = \"mask\"\n").unwrap();
    let o = run(&["redact", "--policy", pol.to_str().unwrap()], b"x");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown field `…`"), "{err}");
    assert!(!err.contains("acton"), "{err}");
    assert!(
        o.stdout.is_empty(),
        "nothing may be emitted when the policy is bad"
    );
}

#[test]
fn bad_input_neither_crashes_nor_leaks() {
    // Invalid UTF-8 is decoded lossily and scanned.
    let o = run(
        &["redact"],
        b"\xff\xfe SSN 123-45-6789 \x00\x01 call 555-123-4567\n",
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(!out.contains("123-45-6789") && !out.contains("555-123-4567"));
    assert!(out.contains('\u{fffd}'));
    // Empty input.
    let o = run(&["redact"], b"");
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    // Binary junk.
    let junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let o = run(&["redact"], &junk);
    assert!(o.status.success());
    // A long line without a newline, with PHI at both ends and across the window.
    let mut long = b"SSN 123-45-6789 ".to_vec();
    long.extend(std::iter::repeat_n(b'a', 600_000));
    long.extend_from_slice(b" call 555-123-4567");
    let o = run(&["redact"], &long);
    let out = stdout(&o);
    assert!(o.status.success());
    assert!(!out.contains("123-45-6789") && !out.contains("555-123-4567"));
}

#[test]
fn policy_check_and_example_policy() {
    let pol = repo("examples/policy.toml");
    let o = run(&["policy", "check", pol.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let effective = stdout(&o);
    assert!(effective.contains("[labels.NAME]") && effective.contains("keep_last"));
    let o = run(
        &["redact", "--policy", pol.to_str().unwrap()],
        b"SSN 123-45-6789, MRN A1234567\n",
    );
    assert_eq!(stdout(&o), "SSN ***-**-6789, MRN [MRN]\n");
}

#[test]
fn known_names_from_the_command_line() {
    let o = run(
        &["redact", "--known-name", "Maria Lopez"],
        b"LOPEZ, MARIA called; maria's son too\n",
    );
    assert_eq!(stdout(&o), "[NAME] called; [NAME]'s son too\n");
}

#[test]
fn eval_reports_per_label() {
    let dir = std::env::temp_dir().join(format!("phiredact-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gold = dir.join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"text\":\"é SSN 123-45-6789, BP 120/80\",\"spans\":[{\"start\":6,\"end\":17,\"label\":\"SSN\"}]}\n\
         {\"text\":\"call 555-123-4567\",\"spans\":[{\"start\":5,\"end\":17,\"label\":\"PHONE\"},{\"start\":0,\"end\":4,\"label\":\"NAME\"}]}\n",
    )
    .unwrap();
    let o = run(&["eval", "--json", gold.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["records"], 2);
    assert_eq!(v["SSN"]["recall"], 1.0);
    assert_eq!(v["PHONE"]["precision"], 1.0);
    assert_eq!(v["NAME"]["recall"], 0.0);
    assert_eq!(v["ALL"]["gold"], 3);
}

// ---- --format (issue 11) ----

#[test]
fn format_hl7_fhir_csv() {
    let hl7 = std::fs::read(repo("examples/formats/oru_r01.hl7")).unwrap();
    for args in [
        &["redact", "--format", "hl7"][..],
        &["redact", "--format", "auto"][..],
    ] {
        let o = run(args, &hl7);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = stdout(&o);
        assert!(out.starts_with("MSH|^~\\&|LAB|MERCYLAB"), "{out}");
        assert!(out.contains("PID|1||[MRN]^^^MERCY^MR||[NAME]^[NAME]^[NAME]||[DOB]"));
        assert!(!out.contains("LOPEZ") && !out.contains("Maria"));
    }
    let fhir = std::fs::read(repo("examples/formats/bundle.json")).unwrap();
    let o = run(&["redact", "--format", "fhir"], &fhir);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON out");
    assert_eq!(v["entry"][0]["resource"]["birthDate"], "[DOB]");
    let policy = repo("examples/formats/export.policy.toml");
    let csv = std::fs::read(repo("examples/formats/export.csv")).unwrap();
    let o = run(
        &[
            "redact",
            "--format",
            "csv",
            "--policy",
            policy.to_str().unwrap(),
        ],
        &csv,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("[MRN],\"[NAME]\",[DOB],[PHONE],[DATE],Hemoglobin,11.2,g/dL,L,"));
    let o = run(
        &[
            "redact",
            "--format",
            "jsonl",
            "--policy",
            policy.to_str().unwrap(),
        ],
        b"{\"patient_name\": \"Lopez, Maria\", \"note\": \"Maria is well\", \"result\": 4.1}\n",
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["patient_name"], "[NAME]");
    assert_eq!(v["note"], "[NAME] is well");
    assert_eq!(v["result"], 4.1);
}

#[test]
fn format_errors_are_one_line_without_input() {
    let o = run(
        &["redact", "--format", "fhir"],
        b"{\"name\": \"Maria Lopez\"",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("FHIR") && !err.contains("Maria"), "{err}");
    assert!(o.stdout.is_empty());
    let o = run(&["redact", "--format", "hl7", "--jsonl"], b"");
    assert_eq!(o.status.code(), Some(2));
}

/// The error sweep of `crates/phiredact/tests/no_phi_in_errors.rs`, through the binary: bad
/// policy files and bad input carrying PHI markers; stderr quotes none of them and nothing
/// unscanned reaches stdout.
#[test]
fn error_sweep_stderr_has_no_phi() {
    const SSN: &str = "457-55-5462";
    const NAME: &str = "Qwertzina Zyxwvut";
    const PHONE: &str = "617-555-0142";
    let markers = ["457-55-5462", "qwertzina", "zyxwvut", "555-0142"];
    let clean = |what: &str, o: &Output| {
        for (stream, bytes) in [("stderr", &o.stderr), ("stdout", &o.stdout)] {
            let text = String::from_utf8_lossy(bytes).to_lowercase();
            for m in markers {
                assert!(!text.contains(m), "{what}: {stream} shows {m:?}: {text}");
            }
        }
    };
    let dir = std::env::temp_dir().join(format!("phiredact-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let docs = [
        ("toml_syntax", format!("known_names = [\"{NAME}\"\n")),
        ("json_syntax", format!("{{\"known_names\": [\"{NAME}\",]}}")),
        ("unknown_field", format!("patient = \"{NAME}\"\n")),
        ("tag_digits", format!("[labels.SSN]\ntag = \"[{SSN}]\"\n")),
        (
            "bad_regex",
            format!("[[recognizers]]\nname = \"x\"\nlabel = \"SSN\"\npattern = \"{SSN}(\"\n"),
        ),
        ("empty_name", format!("known_names = [\"{NAME}\", \" \"]\n")),
        ("key_named_phi", format!("\"{NAME}\" = \"{SSN}\"\n")),
        ("names_not_a_list", format!("known_names = \"{NAME}\"\n")),
        (
            "label_named_phi",
            format!("[labels.\"{NAME}\"]\naction = \"mask\"\n"),
        ),
        (
            "unknown_action",
            format!("[labels.SSN]\naction = \"{PHONE}\"\n"),
        ),
        (
            "keyed_without_key",
            format!("known_names = [\"{NAME}\"]\n[labels.NAME]\naction = \"pseudonym\"\n"),
        ),
    ];
    let input = format!("Patient {NAME}, SSN {SSN}, cb {PHONE}\n");
    for (name, doc) in docs {
        let pol = dir.join(format!("{name}.toml"));
        std::fs::write(&pol, doc).unwrap();
        let pol = pol.to_str().unwrap();
        for args in [
            vec!["redact", "--policy", pol],
            vec!["scan", "--policy", pol],
            vec!["redact", "--policy", pol, "--known-name", NAME],
        ] {
            let o = run(&args, input.as_bytes());
            assert_eq!(o.status.code(), Some(1), "{name}: {args:?}");
            assert!(o.stdout.is_empty(), "{name}: output with a bad policy");
            clean(name, &o);
        }
        let o = run(&["policy", "check", pol], b"");
        assert!(!o.status.success(), "{name}: policy check accepted it");
        clean(name, &o);
    }
    // Malformed structured input after good records: the error names a position, and what
    // was written before it was scanned.
    let cases: [(&str, String); 3] = [
        (
            "jsonl",
            format!("{{\"note\": \"{NAME} {SSN}\"}}\n{{\"note\": {SSN}}}\n"),
        ),
        (
            "csv",
            format!("name,note\n\"{NAME}\",\"SSN {SSN}\"\n\"{NAME},cb {PHONE}\n"),
        ),
        (
            "fhir",
            format!("{{\"resourceType\": \"Patient\", \"id\": {SSN}}}"),
        ),
    ];
    for (format, text) in cases {
        let o = run(
            &["redact", "--format", format, "--known-name", NAME],
            text.as_bytes(),
        );
        assert_eq!(o.status.code(), Some(1), "{format}");
        clean(format, &o);
    }
}

#[test]
fn threads_change_nothing_but_speed() {
    // Numbered tags carry state from segment to segment: the blocks found in parallel must
    // still be replaced in input order. Over a megabyte, so that there are several blocks.
    let sample = std::fs::read(repo("examples/messages.txt")).unwrap();
    let mut input = Vec::new();
    while input.len() < 1_200_000 {
        input.extend_from_slice(&sample);
        input.extend_from_slice("\n\nPt Zoë Müller, cb 555-201-4477 \u{fffd}\n\n".as_bytes());
    }
    input.extend_from_slice(b"tail \xff\xfe SSN 123-45-6789");
    let dir = std::env::temp_dir().join(format!("phiredact-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("numbered.toml");
    std::fs::write(
        &policy,
        "[labels.NAME]\naction = \"numbered\"\n[labels.PHONE]\naction = \"numbered\"\n",
    )
    .unwrap();
    let file = dir.join("in.txt");
    std::fs::write(&file, &input).unwrap();
    let p = policy.to_str().unwrap();
    let one = run(&["redact", "-q", "--policy", p, "-j", "1"], &input);
    assert!(one.status.success());
    let out = stdout(&one);
    assert!(out.contains("[PHONE-1]") && !out.contains("201-4477") && !out.contains("Zoë"));
    for args in [
        vec!["redact", "-q", "--policy", p, "-j", "2"],
        vec!["redact", "-q", "--policy", p, "--threads", "3"],
        vec!["redact", "-q", "--policy", p, file.to_str().unwrap()],
    ] {
        let o = run(&args, &input);
        assert!(o.status.success(), "{args:?}");
        assert!(o.stdout == one.stdout, "{args:?}");
    }
    // scan: the same findings, lines and columns.
    let scan_one = run(&["scan", "-q", "-j", "1"], &input);
    let scan_two = run(&["scan", "-q", "-j", "2"], &input);
    assert!(scan_one.status.success() && scan_two.status.success());
    assert!(stdout(&scan_one).lines().count() > 1000);
    assert!(scan_two.stdout == scan_one.stdout);
    let zero = run(&["redact", "-j", "0"], b"x");
    assert_eq!(zero.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn threads_change_nothing_in_json_lines() {
    // Over a megabyte of lines, so that batches are split between threads; a bad line far
    // in must stop both at the same place with the same error.
    let sample = std::fs::read_to_string(repo("examples/messages.txt")).unwrap();
    let mut good = String::new();
    let mut i = 0;
    while good.len() < 1_500_000 {
        for m in sample.split("\n\n") {
            let obj = serde_json::json!({"id": i, "text": m, "note": "Zoë"});
            good.push_str(&obj.to_string());
            good.push('\n');
            i += 1;
        }
    }
    let mut bad = good.clone();
    bad.push_str("{\"id\": 1, \"text\": 5}\n");
    bad.push_str(&good[..good.len() / 10]);
    for args in [
        vec!["redact", "-q", "--jsonl"],
        vec!["scan", "-q", "--jsonl"],
    ] {
        let one = run(&[&args[..], &["-j", "1"]].concat(), good.as_bytes());
        assert!(one.status.success(), "{args:?}");
        // scan keeps each object as it is and adds its findings.
        assert_eq!(args[0] == "redact", !stdout(&one).contains("201-4477"));
        let two = run(&[&args[..], &["-j", "2"]].concat(), good.as_bytes());
        assert!(two.stdout == one.stdout, "{args:?}");
        let bad_one = run(&[&args[..], &["-j", "1"]].concat(), bad.as_bytes());
        let bad_two = run(&[&args[..], &["-j", "2"]].concat(), bad.as_bytes());
        assert_eq!(bad_one.status.code(), Some(1));
        assert_eq!(bad_two.status.code(), Some(1));
        assert!(bad_two.stdout == bad_one.stdout && bad_one.stdout == one.stdout);
        assert_eq!(bad_two.stderr, bad_one.stderr);
        assert!(String::from_utf8_lossy(&bad_one.stderr).contains("is not a string"));
    }
}

//! End-to-end tests of the policy operators (issue 8): numbered tags, keyed pseudonyms,
//! surrogates, date shifting, allow and deny lists, custom recognizers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const KEY: &str = "phiredact-test-key-0123456789abcdef";
const KEY_VAR: &str = "PHIREDACT_TEST_OPS_KEY";

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn run_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phiredact"));
    cmd.args(args)
        .env_remove("PHIREDACT_KEY")
        .env_remove(KEY_VAR)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("binary runs");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_env(args, stdin, &[])
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("output is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A policy file in a per-test temporary directory.
fn policy(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phiredact-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn numbered_tags_across_segments() {
    let pol = policy("numbered.toml", "[labels.NAME]\naction = \"numbered\"\n");
    let o = run(
        &[
            "redact",
            "--policy",
            s(&pol),
            "--known-name",
            "Maria Lopez",
            "--known-name",
            "John Smith",
        ],
        b"Maria Lopez called.\n\nMARIA LOPEZ's son John Smith\n\nLopez again\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "[NAME-1] called.\n\n[NAME-1]'s son [NAME-2]\n\n[NAME-1] again\n"
    );
}

#[test]
fn pseudonyms_are_stable_across_processes_and_keyed() {
    let pol = policy("pseudo.toml", "[labels.SSN]\naction = \"pseudonym\"\n");
    let args = ["redact", "--policy", s(&pol), "--key-env", KEY_VAR];
    let a = run_env(&args, b"SSN 123-45-6789\n", &[(KEY_VAR, KEY)]);
    assert!(a.status.success(), "{}", stderr(&a));
    // HMAC-SHA256 of the normalised value under KEY, computed independently.
    assert_eq!(stdout(&a), "SSN [SSN-29d2b9b4]\n");
    let b = run_env(&args, b"SSN 123 45 6789\n", &[(KEY_VAR, KEY)]);
    assert_eq!(stdout(&b), stdout(&a));
    let c = run_env(
        &args,
        b"SSN 123-45-6789\n",
        &[(KEY_VAR, "a-different-key-0123456789abcdef")],
    );
    assert!(c.status.success());
    assert_ne!(stdout(&c), stdout(&a));
    // The key named in the policy (key_env) works the same.
    let pol2 = policy(
        "pseudo-env.toml",
        &format!("key_env = \"{KEY_VAR}\"\n[labels.SSN]\naction = \"pseudonym\"\n"),
    );
    let d = run_env(
        &["redact", "--policy", s(&pol2)],
        b"SSN 123-45-6789\n",
        &[(KEY_VAR, KEY)],
    );
    assert_eq!(stdout(&d), stdout(&a));
}

#[test]
fn keyed_policy_without_key_is_refused() {
    let pol = policy("nokey.toml", "[labels.NAME]\naction = \"surrogate\"\n");
    let o = run(&["redact", "--policy", s(&pol)], b"Maria Lopez\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("key: labels.NAME.action"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    let o = run(&["redact", "--key-env", KEY_VAR], b"x\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(KEY_VAR));
}

#[test]
fn keys_are_never_printed() {
    let pol = policy(
        "withkey.toml",
        &format!("key = \"{KEY}\"\n[labels.SSN]\naction = \"pseudonym\"\n"),
    );
    for json in [false, true] {
        let mut args = vec!["policy", "check", s(&pol)];
        if json {
            args.push("--json");
        }
        let o = run(&args, b"");
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o) + &stderr(&o);
        assert!(!out.contains(KEY) && out.contains("<set>"), "{out}");
    }
    // A too-short key is refused without being echoed.
    let pol = policy("short.toml", "key = \"tiny-secret\"\n");
    let o = run(&["policy", "check", s(&pol)], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("tiny-secret") && stderr(&o).contains("key"));
}

#[test]
fn research_example_policy() {
    let pol = repo("examples/policy-research.toml");
    // Without the key in the environment, check warns but passes the document.
    let o = run(&["policy", "check", s(&pol)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("PHIREDACT_KEY is not set"));
    let input = b"DOB 03/04/1961. Seen 2021-05-06 and 05/16/2021. SSN 123-45-6789, \
                  call (617) 123-4567, MRN: 00482913.\n";
    let env = [("PHIREDACT_KEY", KEY)];
    let args = ["redact", "--policy", s(&pol), "--subject", "patient-0042"];
    let a = run_env(&args, input, &env);
    assert!(a.status.success(), "{}", stderr(&a));
    let out = stdout(&a);
    for phi in [
        "03/04/1961",
        "2021-05-06",
        "05/16/2021",
        "123-45-6789",
        "123-4567",
        "00482913",
    ] {
        assert!(!out.contains(phi), "{out}");
    }
    assert!(out.contains("SSN 9") && out.contains(") 555-01") && out.contains("[MRN-"));
    // Same subject, same output in another process; another subject moves dates elsewhere.
    assert_eq!(stdout(&run_env(&args, input, &env)), out);
    let other = run_env(
        &["redact", "--policy", s(&pol), "--subject", "patient-0043"],
        input,
        &env,
    );
    assert_ne!(stdout(&other), out);
}

#[test]
fn jsonl_subject_per_line() {
    let pol = repo("examples/policy-research.toml");
    let env = [("PHIREDACT_KEY", KEY)];
    let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"seen 03/04/2021\"}}\n");
    let input = format!("{}{}{}", line("p1"), line("p2"), line("p1"));
    let o = run_env(
        &[
            "redact",
            "--policy",
            s(&pol),
            "--jsonl",
            "--subject-field",
            "id",
        ],
        input.as_bytes(),
        &env,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], lines[2]["text"]);
    assert_ne!(lines[0]["text"], lines[1]["text"]);
    assert_ne!(lines[0]["text"], "seen 03/04/2021");
}

#[test]
fn lists_and_custom_recognizers_from_the_example_policy() {
    let pol = repo("examples/policy.toml");
    let o = run(
        &["redact", "--policy", s(&pol)],
        b"Call the clinic at (555) 010-0100 or 1-800-273-8255; home (555) 201-4477.\n\n\
          Admitted to Mercy General on Elm Street.\n\n\
          Plan member 79927398713, not 79927398710; lot 79927398713.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("(555) 010-0100") && out.contains("1-800-273-8255"),
        "{out}"
    );
    assert!(out.contains("home (***) ***-****"), "{out}");
    assert!(
        out.contains("Admitted to [LOCATION] on [LOCATION]."),
        "{out}"
    );
    let o = run(&["scan", "--policy", s(&pol)], b"Plan member 79927398713\n");
    assert!(
        stdout(&o).contains("\"rule\":\"custom.plan-member\""),
        "{}",
        stdout(&o)
    );
}

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    policy: String,
    text: String,
    #[serde(default)]
    known_names: Vec<String>,
    subject: Option<String>,
    redacted: Option<String>,
    not_redacted: Option<String>,
    error: Option<String>,
}

/// The cases every front end runs (see the file's header), through the binary.
#[test]
fn shared_policy_cases() {
    let text = std::fs::read_to_string(repo("tests/cases/policy_ops.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    for c in cases.case {
        let pol = policy(&format!("case-{}.toml", c.name), &c.policy);
        let mut args: Vec<String> = vec!["redact".into(), "--policy".into(), s(&pol).into()];
        for n in &c.known_names {
            args.extend(["--known-name".to_string(), n.clone()]);
        }
        if let Some(subject) = &c.subject {
            args.extend(["--subject".to_string(), subject.clone()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&args, c.text.as_bytes());
        if let Some(want) = &c.error {
            assert_eq!(o.status.code(), Some(1), "{}", c.name);
            assert!(
                stderr(&o).contains(want.as_str()),
                "{}: {}",
                c.name,
                stderr(&o)
            );
            assert!(o.stdout.is_empty(), "{}", c.name);
            continue;
        }
        assert!(o.status.success(), "{}: {}", c.name, stderr(&o));
        if let Some(want) = &c.redacted {
            assert_eq!(&stdout(&o), want, "{}", c.name);
        }
        if let Some(not) = &c.not_redacted {
            assert_ne!(&stdout(&o), not, "{}", c.name);
        }
    }
}

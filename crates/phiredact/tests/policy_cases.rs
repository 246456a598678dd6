//! Runs the shared policy-operator cases of `tests/cases/policy_ops.toml`.

use phiredact::{Context, Policy, Redactor};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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

#[test]
fn shared_policy_cases() {
    let cases: Cases = toml::from_str(include_str!("../../../tests/cases/policy_ops.toml"))
        .expect("the case file parses");
    assert!(cases.case.len() >= 10);
    for c in &cases.case {
        let built = Policy::parse(&c.policy).and_then(Redactor::with_policy);
        let r = match (&c.error, built) {
            (Some(want), Err(e)) => {
                assert!(e.to_string().starts_with(want), "{}: {e}", c.name);
                continue;
            }
            (Some(_), Ok(_)) => panic!("{}: expected an error", c.name),
            (None, Err(e)) => panic!("{}: {e}", c.name),
            (None, Ok(r)) => r,
        };
        let mut ctx = Context::new().with_known_names(&c.known_names);
        if let Some(s) = &c.subject {
            ctx = ctx.with_subject(s.clone());
        }
        let got = r.redact_with(&c.text, &ctx);
        if let Some(want) = &c.redacted {
            assert_eq!(&got, want, "{}", c.name);
            // Streaming in 3-byte chunks gives the same document.
            let mut s = r.stream_with(&ctx);
            let mut out = String::new();
            for chunk in c.text.as_bytes().chunks(3) {
                s.write(chunk, &mut out).unwrap();
            }
            s.finish(&mut out).unwrap();
            assert_eq!(&out, want, "{} (streamed)", c.name);
        }
        if let Some(not) = &c.not_redacted {
            assert_ne!(&got, not, "{}", c.name);
            assert_ne!(got, c.text, "{}", c.name);
        }
    }
}

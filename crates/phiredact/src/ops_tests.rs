//! Issue 8: the operators, lists and custom recognizers, end to end through a `Redactor`.

use crate::{Context, Label, Policy, Redactor};

const KEY: &str = "phiredact-test-key-0123456789abcdef";

fn redactor(doc: &str) -> Redactor {
    Redactor::with_policy(Policy::parse(doc).unwrap()).unwrap()
}

fn keyed(doc: &str) -> Redactor {
    let mut b = Redactor::builder();
    b.policy(Policy::parse(doc).unwrap()).key(KEY);
    b.build().unwrap()
}

fn names() -> Context {
    Context::new().with_known_names(["Maria Lopez", "John Smith"])
}

#[test]
fn numbered_tags_are_consistent_within_a_document() {
    let r = redactor("[labels.NAME]\naction = \"numbered\"\n[labels.SSN]\naction = \"numbered\"\n");
    let text = "Maria Lopez called about John Smith; MARIA LOPEZ said Maria Lopez's SSN is \
                123-45-6789; Smith agreed. SSN 123-45-6789 again.";
    assert_eq!(
        r.redact_with(text, &names()),
        "[NAME-1] called about [NAME-2]; [NAME-1] said [NAME-1]'s SSN is [SSN-1]; [NAME-2] \
         agreed. SSN [SSN-1] again."
    );
    // A new document numbers afresh.
    assert_eq!(r.redact_with("John Smith", &names()), "[NAME-1]");
}

#[test]
fn streaming_numbers_like_one_shot() {
    let r =
        redactor("[labels.NAME]\naction = \"numbered\"\n[labels.PHONE]\naction = \"numbered\"\n");
    let text = "John Smith 555-123-4567\n\nMaria Lopez called\n\nJOHN SMITH at (555) 123-4567 \
                and 555-987-6543\n\nLopez's note\n";
    let ctx = names();
    let want = r.redact_with(text, &ctx);
    assert_eq!(
        want,
        "[NAME-1] [PHONE-1]\n\n[NAME-2] called\n\n[NAME-1] at [PHONE-1] and [PHONE-2]\n\n\
         [NAME-2]'s note\n"
    );
    for cut in 0..=text.len() {
        let mut s = r.stream_with(&ctx);
        let mut out = String::new();
        s.write(&text.as_bytes()[..cut], &mut out).unwrap();
        s.write(&text.as_bytes()[cut..], &mut out).unwrap();
        s.finish(&mut out).unwrap();
        assert_eq!(out, want, "cut at {cut}");
    }
    let mut out = Vec::new();
    r.redact_stream_with(text.as_bytes(), &mut out, &ctx)
        .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

#[test]
fn pseudonyms_are_keyed_and_stable() {
    let doc = "[labels.SSN]\naction = \"pseudonym\"\n[labels.NAME]\naction = \"pseudonym\"\n";
    let r = keyed(doc);
    // Fixed values: HMAC-SHA256(KEY, "pseudonym\0SSN\0123456789"), first 8 hex digits;
    // computed independently with Python's hmac module.
    assert_eq!(r.redact("SSN 123-45-6789"), "SSN [SSN-29d2b9b4]");
    assert_eq!(
        r.redact_with("LOPEZ, MARIA and Maria Lopez", &names()),
        "[NAME-87ac86fe] and [NAME-87ac86fe]"
    );
    // Same in a second redactor (another run); different with another key.
    assert_eq!(keyed(doc).redact("SSN 123 45 6789"), "SSN [SSN-29d2b9b4]");
    let mut b = Redactor::builder();
    b.policy(Policy::parse(doc).unwrap())
        .key("another-key-0123456789abcdef");
    assert_ne!(
        b.build().unwrap().redact("SSN 123-45-6789"),
        "SSN [SSN-29d2b9b4]"
    );
    let long = keyed("[labels.SSN]\naction = \"pseudonym\"\nlength = 16\n");
    assert_eq!(
        long.redact("SSN 123-45-6789").len(),
        "SSN [SSN-]".len() + 16
    );
}

#[test]
fn keyed_actions_refuse_to_build_without_a_key() {
    for action in ["pseudonym", "surrogate"] {
        let p = Policy::parse(&format!("[labels.SSN]\naction = \"{action}\"\n")).unwrap();
        let err = Redactor::with_policy(p).unwrap_err();
        assert!(
            err.to_string().starts_with("key: labels.SSN.action"),
            "{err}"
        );
    }
    let p = Policy::parse("[labels.DATE]\naction = \"shift_dates\"\n").unwrap();
    assert!(Redactor::with_policy(p).is_err());
    // A short key, and an unset key_env, are refused without echoing anything secret.
    let err = Policy::parse("key = \"short-secret\"\n").unwrap_err();
    assert!(
        err.to_string().starts_with("key: too short") && !err.to_string().contains("short-secret")
    );
    let p = Policy::parse(
        "key_env = \"PHIREDACT_TEST_UNSET_VARIABLE\"\n[labels.NAME]\naction = \"surrogate\"\n",
    )
    .unwrap();
    let err = Redactor::with_policy(p).unwrap_err();
    assert!(err.to_string().contains("key_env"), "{err}");
    // The placeholder a printed policy shows is not a key.
    assert!(Policy::parse("key = \"<set>\"\n").is_err());
}

#[test]
fn keys_never_show() {
    let p = Policy::parse(&format!(
        "key = \"{KEY}\"\n[labels.NAME]\naction = \"pseudonym\"\n"
    ))
    .unwrap();
    let r = Redactor::with_policy(p.clone()).unwrap();
    assert_eq!(r.redact_with("Maria Lopez", &names()), "[NAME-87ac86fe]");
    let mut b = Redactor::builder();
    b.key(KEY);
    for shown in [
        format!("{p:?}"),
        p.to_json(),
        p.to_toml(),
        format!("{r:?}"),
        format!("{b:?}"),
    ] {
        assert!(!shown.contains(KEY), "{shown}");
    }
    assert!(p.to_toml().contains("key = \"<set>\""));
}

#[test]
fn shifted_dates_keep_formats_and_intervals() {
    let r =
        keyed("[labels.DATE]\naction = \"shift_dates\"\n[labels.DOB]\naction = \"shift_dates\"\n");
    let ctx = Context::new().with_subject("patient-0042");
    let days = r.doc_state(&ctx).shift_days.unwrap();
    assert!(days != 0 && days.abs() <= 365);
    let cases = [
        "03/04/1961",
        "2021-05-06",
        "March 4, 1961",
        "19610304",
        "Jan. 2nd '80",
        "12/2019",
    ];
    for date in cases {
        let text = format!("seen on {date} here");
        let want = format!("seen on {} here", crate::dates::shift(date, days).unwrap());
        assert_eq!(r.redact_with(&text, &ctx), want, "{date}");
        assert_ne!(r.redact_with(&text, &ctx), text);
    }
    // Intervals: 10 days apart before and after.
    let out = r.redact_with("DOB 03/04/1961, seen 03/14/1961.", &ctx);
    let a = crate::dates::shift("03/04/1961", days).unwrap();
    let b = crate::dates::shift("03/14/1961", days).unwrap();
    assert_eq!(out, format!("DOB {a}, seen {b}."));
    assert_eq!(crate::dates::shift(&a, 10).unwrap(), b);
    // The same subject moves by the same days in every call; another subject differs
    // (for this key and these subjects).
    let other = Context::new().with_subject("patient-0043");
    assert_ne!(r.doc_state(&other).shift_days, r.doc_state(&ctx).shift_days);
    // A form that cannot be read back is tagged, never left.
    assert_eq!(
        r.redact_with("drawn on the 11th.", &ctx),
        "drawn on the [DATE]."
    );
}

#[test]
fn surrogates_through_the_redactor() {
    let r = keyed(
        "[labels.SSN]\naction = \"surrogate\"\n[labels.PHONE]\naction = \"surrogate\"\n\
         [labels.NAME]\naction = \"surrogate\"\n[labels.DATE]\naction = \"surrogate\"\n",
    );
    let text = "Maria Lopez, SSN 123-45-6789, call (617) 123-4567 on 03/04/2021.";
    let out = r.redact_with(text, &names());
    assert_eq!(out, r.redact_with(text, &names()), "deterministic");
    for phi in ["Maria", "Lopez", "123-45-6789", "123-4567", "03/04/2021"] {
        assert!(!out.contains(phi), "{out}");
    }
    assert!(out.contains(", SSN 9") && out.contains("call (") && out.contains(") 555-01"));
}

#[test]
fn allow_list_exact_and_patterns() {
    let r = redactor("[allow]\nexact = [\"555-010-0000\"]\npatterns = ['1-800-\\d{3}-\\d{4}']\n");
    let cases = [
        ("clinic 555-010-0000 today", "clinic 555-010-0000 today"),
        ("hotline 1-800-273-8255 now", "hotline 1-800-273-8255 now"),
        ("home 555-123-4567", "home [PHONE]"),
        // Only whole findings are allowed: a longer number is still redacted.
        ("call 1-555-010-0000", "call [PHONE]"),
    ];
    for (text, want) in cases {
        assert_eq!(r.redact(text), want, "{text}");
    }
    // Across segments, one-shot and streamed, with findings collected.
    let text = "home 555-123-4567\n\nclinic 555-010-0000\n\nSSN 123-45-6789 or 555-010-0000\n";
    let want = "home [PHONE]\n\nclinic 555-010-0000\n\nSSN [SSN] or 555-010-0000\n";
    assert_eq!(r.redact(text), want);
    assert_eq!(r.find(text).len(), 2);
    let mut s = r.stream();
    s.collect_findings(true);
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(5) {
        s.write(chunk, &mut out).unwrap();
    }
    s.finish(&mut out).unwrap();
    assert_eq!(out, want);
    assert_eq!(s.take_findings(), r.find(text));
}

#[test]
fn deny_list_redacts_with_its_label() {
    let r = redactor(
        "[[deny]]\nlabel = \"LOCATION\"\nterms = [\"Mercy General\", \"Elm Street\"]\n\
         [labels.LOCATION]\nenabled = false\n",
    );
    assert_eq!(
        r.redact("seen at MERCY GENERAL on elm street; Mercy Generally fine"),
        "seen at [LOCATION] on [LOCATION]; Mercy Generally fine"
    );
    let f = r.find("Mercy General");
    assert_eq!((f[0].label, f[0].rule), (Label::Location, "deny.list"));
}

#[test]
fn custom_recognizer_with_cues_and_validator() {
    let r = redactor(
        r#"
# ID off, so that only the custom recognizer takes long numbers here.
[labels.ID]
enabled = false

[[recognizers]]
name = "member"
label = "MRN"
pattern = '\b[0-9]{11}\b'
cues = ["benefit card", "plan id"]
validator = "luhn"

[[recognizers]]
name = "site-mrn"
label = "MRN"
pattern = '\bK[0-9]+\b'
validator = "length"
min_length = 7
max_length = 8
"#,
    );
    let cases = [
        ("benefit card 79927398713 ok", "benefit card [MRN] ok"),
        ("79927398713 is the plan ID", "[MRN] is the plan ID"),
        ("benefit card 79927398710 ok", "benefit card 79927398710 ok"),
        ("lot 79927398713 ok", "lot 79927398713 ok"),
        ("chart K123456 and K12", "chart [MRN] and K12"),
    ];
    for (text, want) in cases {
        assert_eq!(r.redact(text), want, "{text}");
    }
    assert_eq!(r.find("benefit card 79927398713")[0].rule, "custom.member");
}

#[test]
fn policy_errors_name_fields() {
    let cases = [
        (
            "[labels.SSN]\naction = \"shift_dates\"\n",
            "labels.SSN.action",
        ),
        (
            "[labels.NAME]\naction = \"numbered\"\nlength = 8\n",
            "labels.NAME.length",
        ),
        (
            "[labels.NAME]\naction = \"pseudonym\"\nlength = 2\n",
            "labels.NAME.length",
        ),
        ("[allow]\npatterns = ['(']\n", "allow.patterns[0]"),
        (
            "[[deny]]\nlabel = \"PLACE\"\nterms = [\"x\"]\n",
            "deny[0].label",
        ),
        (
            "[allow]\nexact = [\"Mercy\"]\n[[deny]]\nlabel = \"LOCATION\"\nterms = [\"mercy\"]\n",
            "deny[0].terms[0]",
        ),
        (
            "[[recognizers]]\nname = \"x\"\nlabel = \"ID\"\npattern = 'x'\nvalidator = \"length\"\n",
            "recognizers[0].validator",
        ),
        (
            "[[recognizers]]\nname = \"x\"\nlabel = \"ID\"\npattern = 'x'\nvalidator = \"crc\"\n",
            "unknown variant `…`, expected `luhn` or `length`",
        ),
        (
            "key_env = \"A\"\nkey = \"0123456789abcdef0\"\n",
            "key, key_env",
        ),
        ("max_shift_days = 0\n", "max_shift_days"),
    ];
    for (doc, field) in cases {
        let err = Policy::parse(doc).unwrap_err();
        assert!(err.to_string().contains(field), "{doc}: {err}");
    }
}

#[test]
fn json_documents_work_the_same() {
    // The C and Python front ends pass the document as a string, often JSON.
    let doc = format!(
        r#"{{"key": "{KEY}", "labels": {{"SSN": {{"action": "pseudonym"}}}},
            "allow": {{"exact": ["555-010-0000"]}},
            "deny": [{{"label": "LOCATION", "terms": ["Mercy General"]}}],
            "recognizers": [{{"name": "m", "label": "MRN", "pattern": "\\bK\\d{{6}}\\b",
                              "cues": ["chart"], "validator": "length", "min_length": 7}}]}}"#
    );
    let r = Redactor::with_policy(Policy::parse(&doc).unwrap()).unwrap();
    assert_eq!(
        r.redact("SSN 123-45-6789 at Mercy General, 555-010-0000, chart K123456"),
        "SSN [SSN-29d2b9b4] at [LOCATION], 555-010-0000, chart [MRN]"
    );
}

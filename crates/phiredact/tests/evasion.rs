//! PHI written with look-alike characters and odd separators is still found, and the
//! findings point at the caller's original bytes.

use phiredact::{Label, Redactor};

#[test]
fn look_alikes_and_separators_are_caught() {
    let r = Redactor::new();
    // (text, label, the original text the finding must cover)
    let cases = [
        (
            "SSN １２３-４５-６７８９ on file",
            Label::Ssn,
            "１２３-４５-６７８９",
        ),
        (
            "ssn: 123\u{200B}-45-6789",
            Label::Ssn,
            "123\u{200B}-45-6789",
        ),
        (
            "SSN 123\u{2013}45\u{2013}6789",
            Label::Ssn,
            "123\u{2013}45\u{2013}6789",
        ),
        (
            "call (５５５) ２０１-４４７７",
            Label::Phone,
            "(５５５) ２０１-４４７７",
        ),
        (
            "cell 555\u{00A0}201\u{00A0}4477",
            Label::Phone,
            "555\u{00A0}201\u{00A0}4477",
        ),
        (
            "cell 555\u{2009}201\u{2009}4477",
            Label::Phone,
            "555\u{2009}201\u{2009}4477",
        ),
        (
            "call 5 5 5 - 2 0 1 - 4 4 7 7 tonight",
            Label::Phone,
            "5 5 5 - 2 0 1 - 4 4 7 7",
        ),
        ("call 555.2O1.44O7", Label::Phone, "555.2O1.44O7"),
        (
            "SSN 1 2 3 - 4 5 - 6 7 8 9",
            Label::Ssn,
            "1 2 3 - 4 5 - 6 7 8 9",
        ),
        ("DOB 03/O4/1961", Label::Dob, "03/O4/1961"),
        ("MRN: 00\u{200C}482913", Label::Mrn, "00\u{200C}482913"),
        (
            "email jo\u{200B}brien@example.com",
            Label::Email,
            "jo\u{200B}brien@example.com",
        ),
    ];
    for (text, label, original) in cases {
        let findings = r.find(text);
        let hit = findings
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("{label} missed in {text:?}: {findings:?}"));
        assert_eq!(&text[hit.start..hit.end], original, "{text:?}");
        let out = r.redact(text);
        assert!(out.contains(&format!("[{label}]")), "{out:?}");
        for digit_run in ["6789", "4477", "4407", "1961", "482913", "brien"] {
            assert!(!out.contains(digit_run), "{text:?} -> {out:?}");
        }
    }
}

#[test]
fn folding_keeps_clinical_text_alone() {
    let r = Redactor::new();
    for text in [
        "O2 sat 94% on 2 L NC, CO2 24",
        "pain 1 2 3 out of 10",
        "café au lait spots, naïve T cells",
        "BP 120\u{2009}/\u{2009}80, HR 72",
    ] {
        assert!(r.find(text).is_empty(), "{text:?}: {:?}", r.find(text));
    }
}

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

/// One homoglyph case: the text, the label that must be found, and the original text the
/// finding must cover.
struct Glyph {
    name: &'static str,
    text: &'static str,
    label: Label,
    original: &'static str,
}

macro_rules! glyph {
    ($name:ident, $text:expr, $label:ident, $original:expr) => {
        Glyph {
            name: stringify!($name),
            text: $text,
            label: Label::$label,
            original: $original,
        }
    };
}

/// Cyrillic and Greek look-alikes inside Latin words and numbers.
const GLYPH_POSITIVES: &[Glyph] = &[
    // Cyrillic capital М (U+041C) and small а (U+0430).
    glyph!(
        glyph010_cyrillic_m_a,
        "Patient \u{041C}\u{0430}ria Lopez called",
        Name,
        "\u{041C}\u{0430}ria Lopez"
    ),
    // Cyrillic о (U+043E) and е (U+0435) in the surname.
    glyph!(
        glyph020_cyrillic_surname,
        "Maria L\u{043E}p\u{0435}z called",
        Name,
        "Maria L\u{043E}p\u{0435}z"
    ),
    // Greek capital Μ (U+039C) and small omicron (U+03BF).
    glyph!(
        glyph030_greek_m_omicron,
        "pt \u{039C}aria L\u{03BF}pez, seen today",
        Name,
        "\u{039C}aria L\u{03BF}pez"
    ),
    // Cyrillic capital О (U+041E) between digits: a zero.
    glyph!(
        glyph040_cyrillic_o_in_ssn,
        "SSN 123-45-67\u{041E}9",
        Ssn,
        "123-45-67\u{041E}9"
    ),
    // Greek capital omicron (U+039F) and small о in a phone number.
    glyph!(
        glyph050_omicron_in_phone,
        "call 555-2\u{039F}1-44\u{043E}7 tonight",
        Phone,
        "555-2\u{039F}1-44\u{043E}7"
    ),
    // Cyrillic е, а, о and р in an e-mail address (the local part is a Latin word).
    glyph!(
        glyph060_cyrillic_email,
        "email j\u{043E}brien@\u{0435}xample.com",
        Email,
        "j\u{043E}brien@\u{0435}xample.com"
    ),
    // Look-alikes and a zero-width space in one name.
    glyph!(
        glyph070_mixed_with_invisible,
        "Patient \u{041C}a\u{200B}r\u{0456}a Lopez called",
        Name,
        "\u{041C}a\u{200B}r\u{0456}a Lopez"
    ),
    // Cyrillic О in a date of birth.
    glyph!(
        glyph080_cyrillic_o_in_dob,
        "DOB 03/\u{041E}4/1961",
        Dob,
        "03/\u{041E}4/1961"
    ),
];

#[test]
fn homoglyphs_in_latin_words_and_numbers_are_caught() {
    let r = Redactor::new();
    for case in GLYPH_POSITIVES {
        let findings = r.find(case.text);
        let hit = findings
            .iter()
            .find(|f| f.label == case.label)
            .unwrap_or_else(|| {
                panic!(
                    "{}: {} missed in {:?}: {findings:?}",
                    case.name, case.label, case.text
                )
            });
        assert_eq!(
            &case.text[hit.start..hit.end],
            case.original,
            "{}",
            case.name
        );
        assert!(case.text.is_char_boundary(hit.start) && case.text.is_char_boundary(hit.end));
        let out = r.redact(case.text);
        assert!(
            !out.contains(case.original),
            "{}: {:?} -> {out:?}",
            case.name,
            case.text
        );
        assert!(
            out.contains(&format!("[{}]", case.label)),
            "{}: {out:?}",
            case.name
        );
    }
}

/// Real text in Cyrillic or Greek, and Greek letters as clinical symbols: nothing found,
/// and the text comes back unchanged.
const GLYPH_NEGATIVES: &[(&str, &str)] = &[
    ("glyph510_city", "Москва"),
    (
        "glyph520_russian_sentence",
        "Пациент приехал из Москвы вчера.",
    ),
    ("glyph530_alpha_blocker", "started an α-blocker for BPH"),
    ("glyph540_beta_agonist", "β2 agonist PRN, and a β-blocker"),
    ("glyph550_micrograms", "levothyroxine 50 μg daily"),
    ("glyph560_greek_capital_alpha", "Α-fetoprotein was normal"),
    ("glyph570_greek_word", "Ο ασθενής είναι καλά"),
    ("glyph580_all_lookalike_word", "кокс and ОРЕХ 12"),
    ("glyph590_omega3", "Ωμέγα 3 supplements"),
];

#[test]
fn whole_words_in_other_scripts_are_left_alone() {
    let r = Redactor::new();
    for (name, text) in GLYPH_NEGATIVES {
        let findings = r.find(text);
        assert!(findings.is_empty(), "{name}: {text:?}: {findings:?}");
        assert_eq!(r.redact(text), *text, "{name}");
    }
}

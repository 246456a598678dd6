//! `find` and `redact` on arbitrary bytes: no panic, and the findings keep their invariants.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use phiredact::Redactor;

static REDACTOR: LazyLock<Redactor> = LazyLock::new(Redactor::new);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let findings = REDACTOR.find(&text);
    let mut last_end = 0;
    for f in &findings {
        assert!(
            f.start < f.end && f.start >= last_end,
            "sorted and disjoint"
        );
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        last_end = f.end;
    }
    let out = REDACTOR.redact(&text);
    assert_eq!(out, REDACTOR.apply(&text, &findings));
    assert_eq!(REDACTOR.redact_bytes(data), out);
});

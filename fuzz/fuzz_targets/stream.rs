//! Streaming with chunk sizes taken from the input gives the one-shot answer.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use phiredact::Redactor;

static REDACTOR: LazyLock<Redactor> = LazyLock::new(Redactor::new);

fuzz_target!(|data: &[u8]| {
    let Some((&seed, body)) = data.split_first() else {
        return;
    };
    let mut stream = REDACTOR.stream();
    let mut out = String::new();
    let mut rest = body;
    let mut step = usize::from(seed % 17) + 1;
    while !rest.is_empty() {
        let n = step.min(rest.len());
        stream
            .write(&rest[..n], &mut out)
            .expect("write before finish");
        rest = &rest[n..];
        step = step * 7 % 31 + 1;
    }
    stream.finish(&mut out).expect("first finish");
    assert_eq!(out, REDACTOR.redact_bytes(body));
});

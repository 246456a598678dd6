//! Policy documents from arbitrary text: an error or a policy, never a panic; a policy that
//! parses builds a redactor or says why not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phiredact::{Policy, Redactor};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(policy) = Policy::parse(text) {
        if let Ok(redactor) = Redactor::with_policy(policy) {
            let _ = redactor.redact("SSN 123-45-6789, call 555-201-4477");
        }
    }
});

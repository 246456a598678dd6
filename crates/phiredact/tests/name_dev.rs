//! NAME recall and precision on the project's own development set (tests/data/dev.jsonl,
//! 360 synthetic telehealth messages written by tests/data/gen_dev.py): recall at least
//! 98%, precision at least 90%, counted per character as `phiredact eval` does.

use phiredact::{Label, Redactor};

/// Byte offset of each code point offset, plus the end.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

#[test]
fn names_on_the_development_set() {
    let data = include_str!("data/dev.jsonl");
    let r = Redactor::new();
    let (mut gold_chars, mut caught, mut found_chars, mut correct) = (0usize, 0, 0, 0);
    let mut messages = 0;
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let text = v["text"].as_str().expect("text");
        let at = byte_offsets(text);
        let bytes = text.as_bytes();
        let mut gold = vec![false; text.len()];
        for s in v["spans"].as_array().expect("spans") {
            if s["label"] == "NAME" {
                let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                for g in &mut gold[at[a as usize]..at[b as usize]] {
                    *g = true;
                }
            }
        }
        let findings = r.find(text);
        let mut covered = vec![false; text.len()];
        for f in &findings {
            for c in &mut covered[f.start..f.end] {
                *c = true;
            }
            if f.label == Label::Name {
                for i in f.start..f.end {
                    if bytes[i].is_ascii_alphanumeric() {
                        found_chars += 1;
                        correct += usize::from(gold[i]);
                    }
                }
            }
        }
        for i in 0..text.len() {
            if gold[i] && bytes[i].is_ascii_alphanumeric() {
                gold_chars += 1;
                caught += usize::from(covered[i]);
            }
        }
        messages += 1;
    }
    let recall = caught as f64 / gold_chars as f64;
    let precision = correct as f64 / found_chars as f64;
    eprintln!("dev set: {messages} messages, NAME recall {recall:.3}, precision {precision:.3}");
    assert!(messages >= 300);
    assert!(recall >= 0.98, "NAME recall {recall:.3}");
    assert!(precision >= 0.90, "NAME precision {precision:.3}");
}

//! `phiredact eval`: recall and precision on annotated JSON lines.
//!
//! Input: `{"text": ..., "spans": [{"start", "end", "label"}]}` with code point offsets.
//! A gold span is *caught* when every letter and digit in it is covered by findings of any
//! label (what matters for redaction; spaces and punctuation inside a span carry no PHI),
//! and caught *strictly* when the covering findings also have its label. A finding is a
//! true positive when it covers a letter or digit of some gold span (strictly: of one with
//! its label). `DOB` and `DATE` count as the same label for the strict figures, and gold
//! `ID_OTHER` is read as `ID`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;

use crate::{Failure, build_redactor};

#[derive(Args, Debug)]
pub(crate) struct EvalArgs {
    /// Annotated JSON lines files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Policy document (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
    /// Print up to N missed gold spans with their text (the output then contains PHI
    /// from the evaluation file).
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
    /// Print up to N false positives with their text.
    #[arg(long = "false-positives", value_name = "N", default_value_t = 0)]
    false_positives: usize,
    /// Only print misses and false positives of this label.
    #[arg(long, value_name = "LABEL")]
    only: Option<String>,
}

#[derive(Deserialize)]
struct Record {
    text: String,
    #[serde(default)]
    spans: Vec<GoldSpan>,
    #[serde(default)]
    id: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct GoldSpan {
    start: usize,
    end: usize,
    label: String,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: u64,
    caught: u64,
    caught_strict: u64,
    pred: u64,
    tp: u64,
    tp_strict: u64,
}

fn norm(label: &str) -> String {
    match label.to_ascii_uppercase().as_str() {
        "ID_OTHER" | "IDNUM" | "OTHER_ID" => "ID".to_string(),
        other => other.to_string(),
    }
}

fn same(a: &str, b: &str) -> bool {
    let f = |l: &str| {
        if l == "DOB" {
            "DATE".to_string()
        } else {
            l.to_string()
        }
    };
    f(a) == f(b)
}

fn ratio(n: u64, d: u64) -> f64 {
    if d == 0 {
        f64::NAN
    } else {
        n as f64 / d as f64
    }
}

pub(crate) fn run(a: &EvalArgs) -> Result<(), Failure> {
    let redactor = build_redactor(a.policy.as_ref(), None)?;
    let mut table: BTreeMap<String, Counts> = BTreeMap::new();
    let mut records = 0u64;
    let mut shown_misses = 0usize;
    let mut shown_fp = 0usize;
    let only = a.only.as_deref().map(norm);
    for path in &a.files {
        let f = std::fs::File::open(path)
            .map_err(|e| Failure(format!("cannot open {}: {e}", path.display())))?;
        for (n, line) in BufReader::new(f).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: Record = serde_json::from_str(&line).map_err(|e| {
                Failure(format!(
                    "{} line {}: invalid record at column {}",
                    path.display(),
                    n + 1,
                    e.column()
                ))
            })?;
            records += 1;
            let chars: Vec<char> = rec.text.chars().collect();
            let findings = redactor.find(&rec.text);
            let bytes: Vec<usize> = findings.iter().flat_map(|f| [f.start, f.end]).collect();
            let offs = phiredact::offsets::byte_to_char_offsets(&rec.text, &bytes);
            // Per character: the label of the finding covering it.
            let mut cover: Vec<Option<&'static str>> = vec![None; chars.len()];
            let preds: Vec<(usize, usize, &'static str)> = findings
                .iter()
                .enumerate()
                .map(|(i, f)| (offs[2 * i], offs[2 * i + 1], f.label.as_str()))
                .collect();
            for &(s, e, l) in &preds {
                for c in cover.iter_mut().take(e.min(chars.len())).skip(s) {
                    *c = Some(l);
                }
            }
            let mut gold_label: Vec<Vec<String>> = vec![Vec::new(); chars.len()];
            for g in &rec.spans {
                let label = norm(&g.label);
                let (s, e) = (g.start.min(chars.len()), g.end.min(chars.len()));
                let alnum: Vec<usize> = (s..e).filter(|&i| chars[i].is_alphanumeric()).collect();
                for &i in &alnum {
                    gold_label[i].push(label.clone());
                }
                let caught = alnum.iter().all(|&i| cover[i].is_some());
                let strict = alnum
                    .iter()
                    .all(|&i| cover[i].is_some_and(|l| same(l, &label)));
                let c = table.entry(label.clone()).or_default();
                c.gold += 1;
                c.caught += caught as u64;
                c.caught_strict += strict as u64;
                if !caught && shown_misses < a.misses && only.as_ref().is_none_or(|o| *o == label) {
                    shown_misses += 1;
                    let ctx_s = s.saturating_sub(40);
                    let ctx_e = (e + 40).min(chars.len());
                    println!(
                        "MISS {label} {:?} in {:?} [{}]",
                        chars[s..e].iter().collect::<String>(),
                        chars[ctx_s..ctx_e].iter().collect::<String>(),
                        rec.id.as_ref().map(|v| v.to_string()).unwrap_or_default()
                    );
                }
            }
            for (i, &(s, e, l)) in preds.iter().enumerate() {
                let tp = (s..e).any(|c| !gold_label[c].is_empty());
                let tp_strict = (s..e).any(|c| gold_label[c].iter().any(|g| same(l, g)));
                let c = table.entry(l.to_string()).or_default();
                c.pred += 1;
                c.tp += tp as u64;
                c.tp_strict += tp_strict as u64;
                if !tp && shown_fp < a.false_positives && only.as_ref().is_none_or(|o| o == l) {
                    shown_fp += 1;
                    let ctx_s = s.saturating_sub(40);
                    let ctx_e = (e + 40).min(chars.len());
                    println!(
                        "FP {l} {} {:?} in {:?}",
                        findings[i].rule,
                        chars[s..e].iter().collect::<String>(),
                        chars[ctx_s..ctx_e].iter().collect::<String>()
                    );
                }
            }
        }
    }
    let mut all = Counts::default();
    for c in table.values() {
        all.gold += c.gold;
        all.caught += c.caught;
        all.caught_strict += c.caught_strict;
        all.pred += c.pred;
        all.tp += c.tp;
        all.tp_strict += c.tp_strict;
    }
    let mut rows: Vec<(String, Counts)> = table.into_iter().collect();
    rows.push(("ALL".to_string(), all));
    if a.json {
        let mut obj = serde_json::Map::new();
        obj.insert("records".into(), records.into());
        for (label, c) in &rows {
            obj.insert(
                label.clone(),
                serde_json::json!({
                    "gold": c.gold, "recall": ratio(c.caught, c.gold),
                    "recall_strict": ratio(c.caught_strict, c.gold),
                    "predicted": c.pred, "precision": ratio(c.tp, c.pred),
                    "precision_strict": ratio(c.tp_strict, c.pred),
                }),
            );
        }
        println!("{}", serde_json::Value::Object(obj));
        return Ok(());
    }
    println!("records: {records}");
    println!(
        "{:<10} {:>6} {:>8} {:>8} {:>6} {:>9} {:>9} {:>6}",
        "label", "gold", "recall", "strict", "pred", "precision", "strict", "F1"
    );
    for (label, c) in &rows {
        let r = ratio(c.caught, c.gold);
        let p = ratio(c.tp, c.pred);
        let f1 = if r + p > 0.0 {
            2.0 * r * p / (r + p)
        } else {
            f64::NAN
        };
        println!(
            "{:<10} {:>6} {:>8.3} {:>8.3} {:>6} {:>9.3} {:>9.3} {:>6.3}",
            label,
            c.gold,
            r,
            ratio(c.caught_strict, c.gold),
            c.pred,
            p,
            ratio(c.tp_strict, c.pred),
            f1
        );
    }
    Ok(())
}

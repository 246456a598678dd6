//! Site-specific recognizers from the policy: a regex and a label.

use regex::Regex;

use super::{Candidate, priority};
use crate::error::Error;
use crate::finding::Label;
use crate::policy::CustomRecognizer;

/// A compiled custom recognizer.
#[derive(Clone)]
pub(crate) struct Custom {
    regex: Regex,
    label: Label,
    rule: &'static str,
}

impl Custom {
    pub(crate) fn compile(def: &CustomRecognizer, index: usize) -> Result<Custom, Error> {
        let label = Label::parse(&def.label)
            .ok_or_else(|| Error::policy(format!("recognizers[{index}].label: unknown label")))?;
        let regex = regex::RegexBuilder::new(&def.pattern)
            .size_limit(8 << 20)
            .build()
            .map_err(|e| {
                Error::pattern(format!(
                    "recognizers[{index}].pattern: invalid regex: {}",
                    e.to_string().lines().last().unwrap_or("invalid")
                ))
            })?;
        Ok(Custom {
            regex,
            label,
            rule: intern(&format!("custom.{}", def.name)),
        })
    }

    pub(crate) fn label(&self) -> Label {
        self.label
    }

    pub(crate) fn recognize(&self, text: &str, out: &mut Vec<Candidate>) {
        for m in self.regex.find_iter(text) {
            if m.start() < m.end() {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    self.label,
                    self.rule,
                    priority::EXPLICIT,
                ));
            }
        }
    }
}

/// Rule names are `&'static str` so that a finding stays `Copy` and cheap; custom names are
/// interned once per distinct name for the life of the process (bounded by the policies
/// a process loads, not by the text it scans).
fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(n) = set.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

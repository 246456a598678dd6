//! The policy's allow-list and deny-list.
//!
//! The deny-list is searched like the cue words: one Aho-Corasick automaton over every
//! term (any ASCII case, leftmost-longest, whole words), so a thousand facility names cost
//! one pass over the text. The allow-list is checked against *findings*, after overlaps
//! are settled: a finding is dropped only when its whole text is an allowed string (a hash
//! lookup) or matches an allowed pattern in full (one anchored `RegexSet`). Testing the
//! finding rather than the text is what keeps the list from opening holes: an allowed
//! hotline number inside a longer identifier is still redacted with it.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::RegexSet;

use crate::error::Error;
use crate::finding::Label;
use crate::policy::Policy;
use crate::recognize::{Candidate, priority, word_boundary};

#[derive(Clone, Default)]
pub(crate) struct Lists {
    allow_exact: HashSet<Box<str>>,
    allow_patterns: Option<RegexSet>,
    deny: Option<AhoCorasick>,
    /// The label of each deny pattern, by pattern index.
    deny_labels: Vec<Label>,
}

impl Lists {
    pub(crate) fn new(policy: &Policy) -> Result<Lists, Error> {
        let allow_exact = policy
            .allow
            .exact
            .iter()
            .map(|s| s.as_str().into())
            .collect();
        let allow_patterns = if policy.allow.patterns.is_empty() {
            None
        } else {
            let anchored = policy.allow.patterns.iter().map(|p| format!("^(?:{p})$"));
            Some(
                regex::RegexSetBuilder::new(anchored)
                    .size_limit(16 << 20)
                    .build()
                    .map_err(|_| Error::pattern("allow.patterns: invalid regex"))?,
            )
        };
        let mut terms: Vec<&str> = Vec::new();
        let mut deny_labels = Vec::new();
        for (i, d) in policy.deny.iter().enumerate() {
            let label = Label::parse(&d.label)
                .ok_or_else(|| Error::policy(format!("deny[{i}].label: unknown label")))?;
            for t in &d.terms {
                terms.push(t.trim());
                deny_labels.push(label);
            }
        }
        let deny = if terms.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&terms)
                    .map_err(|_| Error::policy("deny: the terms do not build a matcher"))?,
            )
        };
        Ok(Lists {
            allow_exact,
            allow_patterns,
            deny,
            deny_labels,
        })
    }

    pub(crate) fn has_allow(&self) -> bool {
        !self.allow_exact.is_empty() || self.allow_patterns.is_some()
    }

    /// Whether a finding whose whole text is `text` is allowed to stay.
    pub(crate) fn allowed(&self, text: &str) -> bool {
        self.allow_exact.contains(text)
            || self
                .allow_patterns
                .as_ref()
                .is_some_and(|set| set.is_match(text))
    }

    /// Candidates for every deny-list term in `seg`.
    pub(crate) fn deny(&self, seg: &str, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.deny else { return };
        let b = seg.as_bytes();
        for m in ac.find_iter(b) {
            if word_boundary(b, m.start(), m.end()) {
                out.push(Candidate::new(
                    m.start(),
                    m.end(),
                    self.deny_labels[m.pattern().as_usize()],
                    "deny.list",
                    priority::EXPLICIT,
                ));
            }
        }
    }
}

//! Merging candidates into findings.
//!
//! Recall comes first: when candidates overlap, the finding covers their union, so no part
//! of either is left in the clear. The label and rule come from the surest candidate
//! (highest priority, then longest, then first).

use crate::finding::Finding;
use crate::recognize::Candidate;

/// Turns candidates (segment-relative, in any order) into sorted, non-overlapping findings
/// shifted by `base`, appended to `out`.
pub(crate) fn resolve(cands: &mut [Candidate], base: usize, out: &mut Vec<Finding>) {
    if cands.is_empty() {
        return;
    }
    cands.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut cur = cands[0];
    let mut best = cands[0];
    for c in &cands[1..] {
        if c.start < cur.end {
            cur.end = cur.end.max(c.end);
            if better(c, &best) {
                best = *c;
            }
        } else {
            push(&cur, &best, base, out);
            cur = *c;
            best = *c;
        }
    }
    push(&cur, &best, base, out);
}

fn better(a: &Candidate, b: &Candidate) -> bool {
    (a.priority, a.end - a.start) > (b.priority, b.end - b.start)
}

fn push(span: &Candidate, best: &Candidate, base: usize, out: &mut Vec<Finding>) {
    if span.end > span.start {
        out.push(Finding {
            start: base + span.start,
            end: base + span.end,
            label: best.label,
            rule: best.rule,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;

    #[test]
    fn union_of_overlaps_keeps_surest_label() {
        let mut c = vec![
            Candidate::new(5, 10, Label::Phone, "b", 10),
            Candidate::new(0, 6, Label::Ssn, "a", 30),
            Candidate::new(20, 25, Label::Date, "c", 20),
            Candidate::new(25, 30, Label::Date, "d", 20),
        ];
        let mut out = Vec::new();
        resolve(&mut c, 100, &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|f| (f.start, f.end, f.label, f.rule))
            .collect();
        assert_eq!(
            got,
            vec![
                (100, 110, Label::Ssn, "a"),
                (120, 125, Label::Date, "c"),
                (125, 130, Label::Date, "d")
            ]
        );
    }
}

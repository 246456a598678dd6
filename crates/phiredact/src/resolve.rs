//! Merging candidates into findings.
//!
//! Recall comes first: when candidates overlap, the finding covers their union, so no part
//! of either is left in the clear. The label and rule come from the surest candidate
//! (highest priority, then longest; of equals, a label other than `NAME`, then the one
//! pushed first).

use crate::finding::{Finding, Label};
use crate::recognize::Candidate;

/// Turns candidates (segment-relative, in any order) into sorted, non-overlapping findings
/// shifted by `base`, appended to `out`.
pub(crate) fn resolve(cands: &mut [Candidate], base: usize, out: &mut Vec<Finding>) {
    if cands.is_empty() {
        return;
    }
    // Of equal candidates the first in this order wins (`better` keeps it): a name's cue
    // ("from", "with") says less about the label than a place's or a number's shape does,
    // so `NAME` yields a tie ("from Toronto", "FROM BALTIMORE, MD"); of the rest, the first
    // pushed (the sort is stable), as the recognizers run in a fixed order.
    cands.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(b.priority.cmp(&a.priority))
            .then((a.label == Label::Name).cmp(&(b.label == Label::Name)))
    });
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

    /// Of equal candidates `NAME` yields, and of the rest the one pushed first wins.
    #[test]
    fn ties_go_to_the_first_pushed_that_is_no_name() {
        let tied = [
            Candidate::new(3, 10, Label::Name, "name.context", 30),
            Candidate::new(3, 10, Label::Location, "location.city", 30),
            Candidate::new(3, 10, Label::Id, "id.cue", 30),
            Candidate::new(3, 10, Label::Date, "date.numeric", 20),
        ];
        for (order, want) in [
            ([0, 1, 2, 3], Label::Location),
            ([0, 2, 1, 3], Label::Id),
            ([3, 2, 0, 1], Label::Id),
            ([3, 0, 1, 2], Label::Location),
        ] {
            let mut c: Vec<_> = order.iter().map(|&k| tied[k]).collect();
            let mut out = Vec::new();
            resolve(&mut c, 0, &mut out);
            assert_eq!(out.len(), 1);
            assert_eq!(out[0].label, want, "{order:?}");
        }
    }
}

//! A scan view: the text the engine sees for a piece of structured input, with a map back
//! to the raw bytes.
//!
//! The engine must see decoded text (`\F\` as `|`, `&amp;` as `&`, a delimiter as a space)
//! or it misses what the escape hides; but the output must keep the raw encoding byte for
//! byte wherever nothing was found, or it stops parsing. So a view is built from pieces —
//! literal runs (same bytes in both), decoded escapes (any length on either side) and
//! separators (delimiters, which no replacement may swallow) — and a finding in the view
//! maps back to raw runs cut at separators. The same idea as `fold.rs`, for formats.

use crate::finding::Finding;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Literal,
    Decoded,
    Sep,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Start in the view.
    v: usize,
    /// Raw range.
    r: usize,
    r_end: usize,
    kind: Kind,
}

/// A raw run to replace: raw range and the decoded (view) text it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub raw: (usize, usize),
    pub view: (usize, usize),
}

#[derive(Default)]
pub(crate) struct View {
    pub text: String,
    pieces: Vec<Piece>,
}

impl View {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
    }

    /// Raw bytes `raw_start..raw_start + s.len()` that read the same in the view.
    pub(crate) fn literal(&mut self, raw_start: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            if last.kind == Kind::Literal && last.r_end == raw_start {
                last.r_end += s.len();
                self.text.push_str(s);
                return;
            }
        }
        self.pieces.push(Piece {
            v: self.text.len(),
            r: raw_start,
            r_end: raw_start + s.len(),
            kind: Kind::Literal,
        });
        self.text.push_str(s);
    }

    /// Raw bytes `raw` that the view shows as `decoded` (an escape sequence or entity).
    pub(crate) fn decoded(&mut self, raw: (usize, usize), decoded: &str) {
        self.pieces.push(Piece {
            v: self.text.len(),
            r: raw.0,
            r_end: raw.1,
            kind: Kind::Decoded,
        });
        self.text.push_str(decoded);
    }

    /// Raw bytes `raw` (a delimiter, or a field that is not scanned) that the view shows as
    /// `shown` and that no replacement may cover.
    pub(crate) fn sep(&mut self, raw: (usize, usize), shown: &str) {
        self.pieces.push(Piece {
            v: self.text.len(),
            r: raw.0,
            r_end: raw.1,
            kind: Kind::Sep,
        });
        self.text.push_str(shown);
    }

    fn piece_end(&self, i: usize) -> usize {
        self.pieces.get(i + 1).map_or(self.text.len(), |p| p.v)
    }

    /// The raw runs that a finding covers, cut at separators. A decoded piece the finding
    /// touches is covered whole: half an escape sequence is not valid output.
    pub(crate) fn runs(&self, f: &Finding, out: &mut Vec<Run>) {
        let (s, e) = (f.start, f.end);
        // First piece that can overlap: the last one starting at or before `s`.
        let first = self.pieces.partition_point(|p| p.v <= s).saturating_sub(1);
        let mut cur: Option<Run> = None;
        for i in first..self.pieces.len() {
            let p = self.pieces[i];
            let pe = self.piece_end(i);
            if p.v >= e {
                break;
            }
            let overlaps = (p.v < e && pe > s) || (p.v == pe && s < p.v && p.v < e);
            if !overlaps {
                continue;
            }
            let run = match p.kind {
                Kind::Sep => {
                    out.extend(cur.take());
                    continue;
                }
                Kind::Literal => {
                    let vs = s.max(p.v);
                    let ve = e.min(pe);
                    Run {
                        raw: (p.r + (vs - p.v), p.r + (ve - p.v)),
                        view: (vs, ve),
                    }
                }
                Kind::Decoded => Run {
                    raw: (p.r, p.r_end),
                    view: (p.v, pe),
                },
            };
            match &mut cur {
                Some(c) if c.raw.1 == run.raw.0 => {
                    c.raw.1 = run.raw.1;
                    c.view.1 = run.view.1;
                }
                _ => {
                    out.extend(cur.take());
                    cur = Some(run);
                }
            }
        }
        out.extend(cur);
        // A name joined across a separator ("Maria <b>Lopez") leaves the space before the
        // separator in the first run: trim white space at the ends of literal runs so the
        // replacement does not swallow it.
        out.retain_mut(|r| {
            let text = &self.text[r.view.0..r.view.1];
            if r.raw.1 - r.raw.0 == text.len() {
                let lead = text.len() - text.trim_start().len();
                let trail = text.len() - text.trim_end().len();
                if lead + trail >= text.len() {
                    return false;
                }
                r.raw = (r.raw.0 + lead, r.raw.1 - trail);
                r.view = (r.view.0 + lead, r.view.1 - trail);
            }
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Label;

    fn f(start: usize, end: usize) -> Finding {
        Finding {
            start,
            end,
            label: Label::Name,
            rule: "t",
        }
    }

    #[test]
    fn runs_cut_at_separators_and_cover_escapes() {
        // raw: "Maria^Lo\T\pez"   view: "Maria Lo&pez"
        let mut v = View::default();
        v.literal(0, "Maria");
        v.sep((5, 6), " ");
        v.literal(6, "Lo");
        v.decoded((8, 11), "&");
        v.literal(11, "pez");
        assert_eq!(v.text, "Maria Lo&pez");
        let mut out = Vec::new();
        v.runs(&f(0, 12), &mut out);
        assert_eq!(
            out,
            vec![
                Run {
                    raw: (0, 5),
                    view: (0, 5)
                },
                Run {
                    raw: (6, 14),
                    view: (6, 12)
                }
            ]
        );
        out.clear();
        v.runs(&f(1, 3), &mut out);
        assert_eq!(
            out,
            vec![Run {
                raw: (1, 3),
                view: (1, 3)
            }]
        );
        out.clear();
        v.runs(&f(7, 9), &mut out);
        assert_eq!(
            out,
            vec![Run {
                raw: (7, 11),
                view: (7, 9)
            }]
        );
    }
}

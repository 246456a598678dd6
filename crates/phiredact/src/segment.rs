//! Cutting text into segments, the engine's unit of analysis.
//!
//! Every front end — `find` on a whole string, a push stream fed one byte at a time, the
//! CLI on a pipe — must give the same answer. The engine therefore never looks at more than
//! one segment at a time, and where a segment ends depends only on the bytes from its own
//! start: the one-shot path and the streaming path cut the text at exactly the same places.
//!
//! A segment is a run of lines ended by a blank line (so that a salutation, a signature on
//! the next line, or "Name:" and the name below it stay together), or by the first line
//! break after [`SOFT_LIMIT`] bytes. A line longer than [`HARD_LIMIT`] is cut at the last
//! white space before the limit; if there is none in the last [`CUT_SEARCH`] bytes, the cut
//! is *forced* and the tokens touching it are redacted whole (fail closed: a candidate split
//! by the window is never emitted unscanned or half-scanned).
//!
//! All cuts fall on ASCII bytes or on UTF-8 sequence starts, so decoding each segment on its
//! own gives the same characters as decoding the whole input.

/// Bytes as text, invalid UTF-8 replaced by U+FFFD (what [`String::from_utf8_lossy`]
/// gives). `str::from_utf8` checks ASCII a word at a time, several times faster than the
/// lossy decoder's byte loop, and valid text is the common case. Every reader of input
/// bytes (streams, format records) decodes through this.
pub(crate) fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A segment grows past this many bytes only up to the next line break.
pub(crate) const SOFT_LIMIT: usize = 32 * 1024;
/// No segment is longer than this; it bounds the memory of a stream.
pub const HARD_LIMIT: usize = 256 * 1024;
/// How far back from the hard limit a cut looks for white space.
pub(crate) const CUT_SEARCH: usize = 1024;

/// Where the segment that starts at `buf[0]` ends, if that can be decided from `buf`.
///
/// With `at_eof`, the end of `buf` ends the last segment. Returns the end offset and
/// whether the cut was forced.
pub(crate) fn segment_end(buf: &[u8], at_eof: bool) -> Option<(usize, bool)> {
    if buf.is_empty() {
        return None;
    }
    let limit = buf.len().min(HARD_LIMIT);
    let mut pos = 0;
    while let Some(i) = memchr::memchr(b'\n', &buf[pos..limit]) {
        let nl = pos + i;
        if nl + 1 >= SOFT_LIMIT {
            return Some((nl + 1, false));
        }
        // A blank line (only spaces, tabs, CRs) right after this break ends the segment
        // after its own line break.
        let mut j = nl + 1;
        while j < limit && matches!(buf[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < limit && buf[j] == b'\n' {
            return Some((j + 1, false));
        }
        if j >= limit && j < HARD_LIMIT && !at_eof {
            // The next line is blank so far; we cannot tell yet.
            return None;
        }
        pos = nl + 1;
    }
    if buf.len() >= HARD_LIMIT {
        return Some(hard_cut(&buf[..HARD_LIMIT]));
    }
    if at_eof {
        return Some((buf.len(), false));
    }
    None
}

/// Cuts a window of exactly `HARD_LIMIT` bytes with no usable line break.
fn hard_cut(window: &[u8]) -> (usize, bool) {
    let from = window.len() - CUT_SEARCH;
    if let Some(i) = window[from..]
        .iter()
        .rposition(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        return (from + i + 1, false);
    }
    // Forced: cut after the last complete UTF-8 sequence (or before an incomplete one), so
    // that decoding gives the same characters on both sides. Decided from the window alone.
    let len = window.len();
    for k in (len.saturating_sub(4)..len).rev() {
        let b = window[k];
        if b < 0x80 {
            return (k + 1, true);
        }
        if b >= 0xC0 {
            let n = if b >= 0xF0 {
                4
            } else if b >= 0xE0 {
                3
            } else {
                2
            };
            return (if k + n <= len { k + n } else { k }, true);
        }
    }
    (len, true)
}

/// Iterates over the segments of a complete text: `(start, end, forced_cut_at_end)`.
pub(crate) fn segments(text: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let (len, forced) = segment_end(&text[start..], true)?;
        let seg = (start, start + len, forced);
        start += len;
        Some(seg)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(text: &str) -> Vec<&str> {
        segments(text.as_bytes())
            .map(|(s, e, _)| &text[s..e])
            .collect()
    }

    #[test]
    fn blank_lines_end_segments() {
        assert_eq!(
            cuts("Hi Dr. Patel,\nI need a refill.\nThanks,\nJen\n\nNext message\n"),
            vec![
                "Hi Dr. Patel,\nI need a refill.\nThanks,\nJen\n\n",
                "Next message\n"
            ]
        );
        assert_eq!(cuts("a\n \t\r\nb"), vec!["a\n \t\r\n", "b"]);
        assert_eq!(cuts(""), Vec::<&str>::new());
        assert_eq!(cuts("\n\n\n"), vec!["\n\n", "\n"]);
    }

    #[test]
    fn incomplete_blank_line_waits() {
        assert_eq!(segment_end(b"abc\n  ", false), None);
        assert_eq!(segment_end(b"abc\n  ", true), Some((6, false)));
        assert_eq!(segment_end(b"abc\n  \n", false), Some((7, false)));
        assert_eq!(segment_end(b"abc\nd", false), None);
    }

    #[test]
    fn long_lines_are_cut_at_white_space() {
        let text = "word ".repeat(HARD_LIMIT / 5 + 10);
        let segs: Vec<_> = segments(text.as_bytes()).collect();
        assert!(segs.len() >= 2);
        for (s, e, forced) in &segs {
            assert!(e - s <= HARD_LIMIT);
            assert!(!forced);
        }
    }

    #[test]
    fn forced_cuts_respect_utf8() {
        let text = "é".repeat(HARD_LIMIT);
        let mut total = 0;
        for (s, e, _) in segments(text.as_bytes()) {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            total += e - s;
        }
        assert_eq!(total, text.len());
        let junk = vec![b'x'; HARD_LIMIT * 2 + 17];
        let segs: Vec<_> = segments(&junk).collect();
        assert_eq!(segs.len(), 3);
        assert!(segs[0].2 && segs[1].2 && !segs[2].2);
    }

    #[test]
    fn soft_limit_ends_at_the_next_line_break() {
        let line = "x".repeat(100) + "\n";
        let text = line.repeat(SOFT_LIMIT / 100 + 50);
        for (s, e, _) in segments(text.as_bytes()) {
            assert!(e - s <= SOFT_LIMIT + line.len());
        }
    }
}

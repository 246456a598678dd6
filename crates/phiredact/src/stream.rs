//! Streaming redaction in bounded memory.
//!
//! A [`StreamRedactor`] buffers input only until the current segment is complete (see the
//! segment rules in the crate docs: a blank line, a line break past 32 KiB, or a cut at
//! 256 KiB), then redacts and releases it. Because the engine's answer depends on nothing
//! but the segment, the streamed output is byte-identical to [`Redactor::redact`] on the
//! whole input for every way of cutting the input into chunks, and the buffer never holds
//! more than [`HARD_LIMIT`] bytes.

use std::io::{Read, Write};

use crate::error::Error;
use crate::finding::Finding;
use crate::recognize::Candidate;
use crate::redactor::{Context, Redactor};
use crate::replace::DocState;
use crate::segment::{self, HARD_LIMIT};

/// Counters for one stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamStats {
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Findings redacted.
    pub findings: u64,
    /// Segments processed.
    pub segments: u64,
}

/// A push-style redacting stream: [`write`](StreamRedactor::write) chunks of bytes in,
/// take the output that is final so far, and [`finish`](StreamRedactor::finish) at the end.
///
/// Input bytes that are not valid UTF-8 are decoded lossily (U+FFFD), never passed through
/// unscanned. Findings carry absolute offsets in the decoded stream; collect them with
/// [`collect_findings`](StreamRedactor::collect_findings).
pub struct StreamRedactor {
    redactor: Redactor,
    ctx: Context,
    buf: Vec<u8>,
    /// Decoded length of everything before `buf`: the base of the next segment's offsets.
    base: usize,
    forced_before: bool,
    finished: bool,
    collect: bool,
    findings: Vec<Finding>,
    scratch: Vec<Candidate>,
    /// The document's replacement state (numbered tags, date shift), kept across
    /// segments so the stream numbers as the one-shot call does.
    doc: DocState,
    stats: StreamStats,
}

impl std::fmt::Debug for StreamRedactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamRedactor")
            .field("buffered", &self.buf.len())
            .field("finished", &self.finished)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl StreamRedactor {
    pub(crate) fn new(redactor: Redactor, ctx: Context) -> StreamRedactor {
        let doc = redactor.doc_state(&ctx);
        StreamRedactor {
            doc,
            redactor,
            ctx,
            buf: Vec::new(),
            base: 0,
            forced_before: false,
            finished: false,
            collect: false,
            findings: Vec::new(),
            scratch: Vec::new(),
            stats: StreamStats::default(),
        }
    }

    /// Keeps the findings of every segment, to be taken with
    /// [`take_findings`](StreamRedactor::take_findings).
    pub fn collect_findings(&mut self, yes: bool) -> &mut StreamRedactor {
        self.collect = yes;
        self
    }

    /// The findings collected since the last call (absolute offsets in the decoded stream).
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// Counters so far.
    pub fn stats(&self) -> StreamStats {
        self.stats
    }

    /// Feeds `chunk` and appends the output that is final so far to `out` (possibly
    /// nothing). Fails only after [`finish`](StreamRedactor::finish).
    pub fn write(&mut self, chunk: &[u8], out: &mut String) -> Result<(), Error> {
        if self.finished {
            return Err(Error::stream_finished());
        }
        self.stats.bytes_in += chunk.len() as u64;
        let mut rest = chunk;
        while !rest.is_empty() {
            // Never buffer more than one window: memory stays bounded whatever the chunk.
            let room = HARD_LIMIT.saturating_sub(self.buf.len()).max(1);
            let take = room.min(rest.len());
            let piece = &rest[..take];
            rest = &rest[take..];
            self.buf.extend_from_slice(piece);
            // Before end of input a segment can only end at a line break or at the hard
            // limit, so rescanning the buffer for any other chunk would find nothing; doing
            // it anyway made small chunks quadratic (1-byte writes of a 256 KiB line took
            // 256 Ki scans of up to 256 KiB each).
            if memchr::memchr(b'\n', piece).is_some() || self.buf.len() >= HARD_LIMIT {
                self.drain(false, out);
            }
        }
        Ok(())
    }

    /// Ends the stream: appends the rest of the output to `out` and returns the counters.
    /// The stream accepts nothing after this.
    pub fn finish(&mut self, out: &mut String) -> Result<StreamStats, Error> {
        if self.finished {
            return Err(Error::stream_finished());
        }
        self.drain(true, out);
        self.finished = true;
        Ok(self.stats)
    }

    fn drain(&mut self, at_eof: bool, out: &mut String) {
        let mut start = 0;
        while let Some((len, forced)) = segment::segment_end(&self.buf[start..], at_eof) {
            let bytes = &self.buf[start..start + len];
            let text = segment::decode(bytes);
            let before = out.len();
            let first = self.findings.len();
            self.redactor.redact_segment(
                &text,
                self.base,
                self.forced_before,
                forced,
                &self.ctx,
                &mut self.scratch,
                &mut self.findings,
                &mut self.doc,
                out,
            );
            self.stats.findings += (self.findings.len() - first) as u64;
            if !self.collect {
                self.findings.truncate(first);
            }
            self.stats.bytes_out += (out.len() - before) as u64;
            self.stats.segments += 1;
            self.base += text.len();
            self.forced_before = forced;
            start += len;
        }
        self.buf.drain(..start);
    }
}

/// One read into `buf`, tried again when interrupted by a signal: the bytes read (0 at the
/// end of the input).
pub(crate) fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> Result<usize, Error> {
    loop {
        match reader.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(e)),
        }
    }
}

impl Redactor {
    /// A push-style stream with this redactor's policy.
    pub fn stream(&self) -> StreamRedactor {
        StreamRedactor::new(self.clone(), Context::default())
    }

    /// A push-style stream with per-stream information such as known names.
    pub fn stream_with(&self, ctx: &Context) -> StreamRedactor {
        StreamRedactor::new(self.clone(), ctx.clone())
    }

    /// Redacts everything `reader` yields into `writer`, in bounded memory.
    ///
    /// On an I/O error, what was written so far is redacted output; nothing unscanned is
    /// ever written.
    pub fn redact_stream<R: Read, W: Write>(
        &self,
        reader: R,
        writer: W,
    ) -> Result<StreamStats, Error> {
        self.redact_stream_with(reader, writer, &Context::default())
    }

    /// Like [`redact_stream`](Redactor::redact_stream), with per-stream information.
    pub fn redact_stream_with<R: Read, W: Write>(
        &self,
        mut reader: R,
        mut writer: W,
        ctx: &Context,
    ) -> Result<StreamStats, Error> {
        let mut stream = self.stream_with(ctx);
        let mut chunk = vec![0u8; 64 * 1024];
        let mut out = String::new();
        loop {
            let n = match read_some(&mut reader, &mut chunk)? {
                0 => break,
                n => n,
            };
            stream.write(&chunk[..n], &mut out)?;
            if !out.is_empty() {
                writer.write_all(out.as_bytes())?;
                out.clear();
            }
        }
        let stats = stream.finish(&mut out)?;
        writer.write_all(out.as_bytes())?;
        writer.flush()?;
        Ok(stats)
    }

    /// Scans everything `reader` yields without producing output, calling `on_segment`
    /// with each segment's text, its offset in the decoded stream, and its findings
    /// (absolute offsets). Memory stays bounded as in [`redact_stream`](Redactor::redact_stream).
    pub fn scan_stream<R: Read>(
        &self,
        mut reader: R,
        ctx: &Context,
        mut on_segment: impl FnMut(&str, usize, &[Finding]) -> std::io::Result<()>,
    ) -> Result<StreamStats, Error> {
        let mut buf: Vec<u8> = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        let mut stats = StreamStats::default();
        let mut base = 0usize;
        let mut forced_before = false;
        let mut scratch = Vec::new();
        let mut findings = Vec::new();
        let mut eof = false;
        while !eof {
            let room = HARD_LIMIT.saturating_sub(buf.len()).clamp(1, chunk.len());
            let n = read_some(&mut reader, &mut chunk[..room])?;
            eof = n == 0;
            stats.bytes_in += n as u64;
            buf.extend_from_slice(&chunk[..n]);
            let mut start = 0;
            while let Some((len, forced)) = segment::segment_end(&buf[start..], eof) {
                let text = segment::decode(&buf[start..start + len]);
                findings.clear();
                self.find_segment(
                    &text,
                    base,
                    forced_before,
                    forced,
                    ctx,
                    &mut scratch,
                    &mut findings,
                );
                stats.findings += findings.len() as u64;
                stats.segments += 1;
                on_segment(&text, base, &findings)?;
                base += text.len();
                forced_before = forced;
                start += len;
            }
            buf.drain(..start);
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(r: &Redactor, input: &[u8], cuts: &[usize]) -> String {
        let mut s = r.stream();
        let mut out = String::new();
        let mut at = 0;
        for &c in cuts {
            s.write(&input[at..c], &mut out).unwrap();
            at = c;
        }
        s.write(&input[at..], &mut out).unwrap();
        s.finish(&mut out).unwrap();
        out
    }

    #[test]
    fn every_two_way_cut_matches_one_shot() {
        let r = Redactor::new();
        let text = "SSN 123-45-6789, call (555) 123-4567.\n\nDOB 03/04/1961 é ü\nMRN: A1234567\n";
        let want = r.redact(text);
        for i in 0..=text.len() {
            assert_eq!(streamed(&r, text.as_bytes(), &[i]), want, "cut at {i}");
        }
        let ones: Vec<usize> = (1..text.len()).collect();
        assert_eq!(streamed(&r, text.as_bytes(), &ones), want);
    }

    #[test]
    fn finished_stream_refuses_writes() {
        let r = Redactor::new();
        let mut s = r.stream();
        let mut out = String::new();
        s.finish(&mut out).unwrap();
        assert!(s.write(b"x", &mut out).is_err());
        assert!(s.finish(&mut out).is_err());
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let r = Redactor::new();
        let input = b"SSN 123-45-6789 \xff\xfe ok";
        let out = r.redact_bytes(input);
        assert_eq!(out, "SSN [SSN] \u{fffd}\u{fffd} ok");
    }

    #[test]
    fn stream_findings_have_absolute_offsets() {
        let r = Redactor::new();
        let text = "a\n\nSSN 123-45-6789\n\nx 555-123-4567";
        let mut s = r.stream();
        s.collect_findings(true);
        let mut out = String::new();
        for b in text.as_bytes().chunks(3) {
            s.write(b, &mut out).unwrap();
        }
        s.finish(&mut out).unwrap();
        assert_eq!(s.take_findings(), r.find(text));
    }
}

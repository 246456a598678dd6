//! Streaming redaction and scanning on several threads, with the same output as one.
//!
//! Finding is nearly all of the work, and the engine's answer for a segment depends on
//! nothing but the segment, so segments can be found on any thread in any order. Replacing
//! is not order-free: numbered tags and pseudonyms carry a document's state from one
//! segment to the next. So one thread reads and cuts the input into blocks of whole
//! segments, `threads` workers find the identifiers of a block each, and the calling thread
//! replaces and writes the blocks in input order with the document's one state. The output
//! is byte-identical to [`Redactor::redact_stream_with`] for every policy.
//!
//! Memory stays bounded: at most `4 * threads + 1` blocks of about [`BLOCK`] bytes are in
//! flight (being read, queued, being found, sent back, or waiting for an earlier block to
//! be written).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::Error;
use crate::finding::Finding;
use crate::redactor::{Context, Redactor};
use crate::segment;
use crate::stream::{StreamStats, read_some};

/// A block grows to about this many bytes before it is handed to a worker, unless a read
/// comes back short (a pipe with nothing more for now): then the complete segments go at
/// once, so a slow pipe's output is not held back waiting for a full block. (A segment may
/// make a block longer, up to [`HARD_LIMIT`](segment::HARD_LIMIT) more.) Measured on 20 MB
/// of generated messages, two threads against one: 1.9x with blocks of 128 or 256 KiB,
/// 1.6x with 1 MiB (a block no longer stays in the cache between the reader and the
/// worker), 1.8x with 64 KiB.
const BLOCK: usize = 1 << 18;
/// The most one read asks for.
const READ: usize = 64 * 1024;

/// Whole segments of the input, in order.
struct Block {
    seq: u64,
    bytes: Vec<u8>,
    /// Each segment's length in `bytes` and whether its end was a forced cut.
    segments: Vec<(usize, bool)>,
    /// Whether the segment before the block ended in a forced cut.
    forced_before: bool,
}

/// A block's text and what was found in it.
struct Found {
    text: String,
    /// Each segment's end in `text` and the end of its findings in `findings`.
    ends: Vec<(usize, usize)>,
    /// Offsets relative to the start of `text`.
    findings: Vec<Finding>,
}

impl Found {
    /// Each segment: its start in `text`, its text and its findings (offsets relative to
    /// the start of `text`).
    fn segments(&self) -> impl Iterator<Item = (usize, &str, &[Finding])> {
        let (mut start, mut first) = (0, 0);
        self.ends.iter().map(move |&(end, last)| {
            let seg = (start, &self.text[start..end], &self.findings[first..last]);
            (start, first) = (end, last);
            seg
        })
    }
}

type Panic = Box<dyn std::any::Any + Send + 'static>;

impl Redactor {
    /// Like [`redact_stream_with`](Redactor::redact_stream_with), with the finding spread
    /// over `threads` worker threads (`0` or `1`: on the calling thread, exactly
    /// `redact_stream_with`). The output is byte-identical to `redact_stream_with`'s for
    /// every policy, numbered tags and pseudonyms included: blocks of whole segments are
    /// found in parallel, then replaced and written in input order on the calling thread.
    ///
    /// A short read (a pipe with nothing more for now) sends the segments read so far on
    /// at once, so a slow pipe's output comes through as promptly as with one thread.
    /// Memory stays bounded (a few MiB per thread). On an I/O error, what was written so far
    /// is redacted output; nothing unscanned is ever written.
    ///
    /// ```
    /// let r = phiredact::Redactor::new();
    /// let input = "Call 555-123-4567.\n\nSSN 123-45-6789\n".repeat(1000);
    /// let mut out = Vec::new();
    /// let ctx = phiredact::Context::new();
    /// let stats = r.redact_stream_parallel(input.as_bytes(), &mut out, &ctx, 2)?;
    /// assert_eq!(String::from_utf8(out).unwrap(), r.redact(&input));
    /// assert_eq!(stats.findings, 2000);
    /// # Ok::<(), phiredact::Error>(())
    /// ```
    pub fn redact_stream_parallel<R: Read + Send, W: Write>(
        &self,
        reader: R,
        mut writer: W,
        ctx: &Context,
        threads: usize,
    ) -> Result<StreamStats, Error> {
        if threads <= 1 {
            return self.redact_stream_with(reader, writer, ctx);
        }
        let mut doc = self.doc_state(ctx);
        let mut out = String::new();
        let mut bytes_out = 0u64;
        let mut stats = self.pipeline(reader, ctx, threads, |f| {
            out.clear();
            for (start, seg, found) in f.segments() {
                self.apply_segment(seg, start, found, &mut doc, &mut out);
            }
            bytes_out += out.len() as u64;
            writer.write_all(out.as_bytes()).map_err(Error::io)
        })?;
        writer.flush()?;
        stats.bytes_out = bytes_out;
        Ok(stats)
    }

    /// Like [`scan_stream`](Redactor::scan_stream), with the finding spread over `threads`
    /// worker threads (`0` or `1`: exactly `scan_stream`). `on_segment` is called on the
    /// calling thread with the same segments, offsets and findings, in the same order.
    ///
    /// ```
    /// let r = phiredact::Redactor::new();
    /// let input = "SSN 123-45-6789\n\n".repeat(1000);
    /// let mut starts = Vec::new();
    /// let ctx = phiredact::Context::new();
    /// r.scan_stream_parallel(input.as_bytes(), &ctx, 2, |_seg, _base, found| {
    ///     starts.extend(found.iter().map(|f| f.start));
    ///     Ok(())
    /// })?;
    /// assert_eq!(starts.len(), 1000);
    /// assert_eq!(starts[1], 17 + 4);
    /// # Ok::<(), phiredact::Error>(())
    /// ```
    pub fn scan_stream_parallel<R: Read + Send>(
        &self,
        reader: R,
        ctx: &Context,
        threads: usize,
        mut on_segment: impl FnMut(&str, usize, &[Finding]) -> std::io::Result<()>,
    ) -> Result<StreamStats, Error> {
        if threads <= 1 {
            return self.scan_stream(reader, ctx, on_segment);
        }
        // Blocks are found with offsets from their own start; the caller gets offsets in
        // the decoded stream, as from `scan_stream`.
        let mut base = 0;
        let mut shifted = Vec::new();
        self.pipeline(reader, ctx, threads, |f| {
            for (start, seg, found) in f.segments() {
                shifted.clear();
                shifted.extend(found.iter().map(|x| Finding {
                    start: x.start + base,
                    end: x.end + base,
                    ..*x
                }));
                on_segment(seg, base + start, &shifted).map_err(Error::io)?;
            }
            base += f.text.len();
            Ok(())
        })
    }

    /// The reader, the workers and, on the calling thread, `each` with every found block in
    /// input order, until the input ends or `each` fails. Counts all but `bytes_out`.
    fn pipeline<R: Read + Send>(
        &self,
        reader: R,
        ctx: &Context,
        threads: usize,
        mut each: impl FnMut(&Found) -> Result<(), Error>,
    ) -> Result<StreamStats, Error> {
        let mut stats = StreamStats::default();
        let (work_tx, work_rx) = sync_channel::<Block>(threads);
        // Shared by the workers and dropped with the last of them, so that a reader blocked
        // on a full queue wakes up when nobody is left to take its blocks.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = sync_channel::<(u64, Result<Found, Panic>)>(threads * 2);
        let (handled, read, panic) = std::thread::scope(|s| {
            let reading = s.spawn(move || read_blocks(reader, &work_tx));
            for _ in 0..threads {
                let work_rx = Arc::clone(&work_rx);
                let done_tx = done_tx.clone();
                s.spawn(move || {
                    self.find_blocks(&work_rx, ctx, |seq, found| {
                        done_tx.send((seq, found)).is_ok()
                    })
                });
            }
            drop(done_tx);
            drop(work_rx);
            let (handled, panic) = in_order(&done_rx, |f| {
                stats.findings += f.findings.len() as u64;
                stats.segments += f.ends.len() as u64;
                each(f)
            });
            // Stops the workers (their next send fails) and through them the reader.
            drop(done_rx);
            (handled, reading.join(), panic)
        });
        if let Some(p) = panic {
            resume_unwind(p);
        }
        let bytes_in = match read {
            Ok(r) => r?,
            Err(p) => resume_unwind(p),
        };
        handled?;
        stats.bytes_in = bytes_in;
        Ok(stats)
    }

    /// A worker: finds the blocks it takes from the queue until the queue is closed or
    /// `send` says nobody is listening any more.
    fn find_blocks(
        &self,
        work: &Mutex<Receiver<Block>>,
        ctx: &Context,
        mut send: impl FnMut(u64, Result<Found, Panic>) -> bool,
    ) {
        let mut scratch = Vec::new();
        loop {
            let next = work.lock().unwrap_or_else(PoisonError::into_inner).recv();
            let Ok(block) = next else { return };
            let seq = block.seq;
            let found = catch_unwind(AssertUnwindSafe(|| {
                self.find_block(block, ctx, &mut scratch)
            }));
            if !send(seq, found) {
                return;
            }
        }
    }

    fn find_block(
        &self,
        block: Block,
        ctx: &Context,
        scratch: &mut Vec<crate::recognize::Candidate>,
    ) -> Found {
        // Segments are cut at ASCII bytes or UTF-8 sequence starts, so a valid block is
        // valid segment by segment and is used as it is; otherwise each segment is decoded
        // on its own, exactly as the one-thread stream decodes it.
        let (text, seg_ends) = match String::from_utf8(block.bytes) {
            Ok(text) => {
                let mut end = 0;
                let ends = block.segments.iter().map(|&(len, _)| {
                    end += len;
                    end
                });
                let ends = ends.collect::<Vec<_>>();
                (text, ends)
            }
            Err(e) => {
                let bytes = e.into_bytes();
                let mut text = String::with_capacity(bytes.len());
                let mut ends = Vec::with_capacity(block.segments.len());
                let mut at = 0;
                for &(len, _) in &block.segments {
                    text.push_str(&segment::decode(&bytes[at..at + len]));
                    ends.push(text.len());
                    at += len;
                }
                (text, ends)
            }
        };
        let mut findings = Vec::new();
        let mut ends = Vec::with_capacity(seg_ends.len());
        let mut start = 0;
        let mut forced_before = block.forced_before;
        for (&end, &(_, forced)) in seg_ends.iter().zip(&block.segments) {
            self.find_segment(
                &text[start..end],
                start,
                forced_before,
                forced,
                ctx,
                scratch,
                &mut findings,
            );
            ends.push((end, findings.len()));
            forced_before = forced;
            start = end;
        }
        Found {
            text,
            ends,
            findings,
        }
    }
}

/// Calls `each` with the found blocks in input order. Returns the first error of `each`, or
/// the panic of a worker (after which nothing more is handled).
fn in_order(
    done: &Receiver<(u64, Result<Found, Panic>)>,
    mut each: impl FnMut(&Found) -> Result<(), Error>,
) -> (Result<(), Error>, Option<Panic>) {
    let mut waiting: BTreeMap<u64, Found> = BTreeMap::new();
    let mut next = 0u64;
    for (seq, found) in done {
        match found {
            Ok(f) => waiting.insert(seq, f),
            Err(p) => return (Ok(()), Some(p)),
        };
        while let Some(f) = waiting.remove(&next) {
            if let Err(e) = each(&f) {
                return (Err(e), None);
            }
            next += 1;
        }
    }
    (Ok(()), None)
}

/// The reader: cuts the input into blocks of whole segments and queues them. Returns the
/// number of bytes read; stops early, without an error, when the queue is closed (the
/// writer has stopped).
fn read_blocks<R: Read>(
    mut reader: R,
    work: &std::sync::mpsc::SyncSender<Block>,
) -> Result<u64, Error> {
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + READ);
    let mut bytes_in = 0u64;
    let mut seq = 0u64;
    let mut forced_before = false;
    let mut chunk = vec![0u8; READ];
    loop {
        let n = read_some(&mut reader, &mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        bytes_in += n as u64;
        let eof = n == 0;
        // A full read means more is on its way: grow the block. A short read sends what is
        // complete, but only if the read could have completed a segment (as the one-thread
        // stream does: looking for segment ends after every byte of a long line read one
        // byte at a time would be quadratic).
        let complete = n < READ
            && (memchr::memchr(b'\n', &chunk[..n]).is_some() || buf.len() >= segment::HARD_LIMIT);
        if !eof && buf.len() < BLOCK && !complete {
            continue;
        }
        let mut segments = Vec::new();
        let mut start = 0;
        let first_forced = forced_before;
        while let Some((seg_len, forced)) = segment::segment_end(&buf[start..], eof) {
            segments.push((seg_len, forced));
            forced_before = forced;
            start += seg_len;
        }
        if !segments.is_empty() {
            let rest = buf.split_off(start);
            let bytes = std::mem::replace(&mut buf, rest);
            buf.reserve(BLOCK + READ);
            let block = Block {
                seq,
                bytes,
                segments,
                forced_before: first_forced,
            };
            if work.send(block).is_err() {
                return Ok(bytes_in);
            }
            seq += 1;
        }
        if eof {
            return Ok(bytes_in);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    /// A reader that hands out its bytes in reads of the given sizes, in turn: short reads
    /// as a pipe gives them, and reads that split lines, UTF-8 sequences and segments.
    struct Trickle<'a> {
        bytes: &'a [u8],
        sizes: &'a [usize],
        turn: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let size = self.sizes[self.turn % self.sizes.len()];
            self.turn += 1;
            let n = size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn sample() -> Vec<u8> {
        let mut text = Vec::new();
        for i in 0..1500 {
            let msg = format!(
                "Pt Maria Lopez called re: refill, DOB 03/{:02}/1961, cb (555) 123-{:04}.\n\
                 MRN: A{:07} José García é ü\nLopez, Maria seen by Dr. Chen\n\n",
                i % 28 + 1,
                i,
                i * 7
            );
            text.extend_from_slice(msg.as_bytes());
            if i % 499 == 0 {
                // A long line (a forced or white-space cut at the hard limit) and bytes that
                // are not UTF-8.
                text.extend(std::iter::repeat_n(b'x', segment::HARD_LIMIT + 100));
                text.extend_from_slice(b" SSN 123-45-6789 \xff\xfe\n\n");
            }
        }
        text
    }

    fn serial(r: &Redactor, input: &[u8]) -> (String, StreamStats) {
        let mut out = Vec::new();
        let stats = r
            .redact_stream_with(input, &mut out, &Context::new())
            .unwrap();
        (String::from_utf8(out).unwrap(), stats)
    }

    #[test]
    fn parallel_output_and_counts_equal_one_thread() {
        let input = sample();
        let numbered = Policy::parse(
            "[labels.NAME]\naction = \"numbered\"\n[labels.PHONE]\naction = \"numbered\"\n",
        )
        .unwrap();
        for r in [Redactor::new(), Redactor::with_policy(numbered).unwrap()] {
            let (want, want_stats) = serial(&r, &input);
            assert!(want.contains("[NAME") && !want.contains("Lopez"));
            let reads: [&[usize]; 3] = [&[READ], &[1000, 7, 65536, 3], &[1]];
            for threads in [2, 3] {
                for sizes in reads {
                    if sizes == [1] && threads == 3 {
                        continue; // one byte a time is slow; two threads cover it
                    }
                    let reader = Trickle {
                        bytes: &input,
                        sizes,
                        turn: 0,
                    };
                    let mut out = Vec::new();
                    let stats = r
                        .redact_stream_parallel(reader, &mut out, &Context::new(), threads)
                        .unwrap();
                    assert!(
                        String::from_utf8(out).unwrap() == want,
                        "{threads} {sizes:?}"
                    );
                    assert_eq!(stats, want_stats);
                }
            }
        }
    }

    #[test]
    fn parallel_scan_calls_back_as_one_thread_does() {
        let input = sample();
        let r = Redactor::new();
        let collect = |threads: usize, sizes: &[usize]| {
            let mut calls = Vec::new();
            let reader = Trickle {
                bytes: &input,
                sizes,
                turn: 0,
            };
            let stats = r
                .scan_stream_parallel(reader, &Context::new(), threads, |seg, base, found| {
                    calls.push((seg.to_string(), base, found.to_vec()));
                    Ok(())
                })
                .unwrap();
            (calls, stats)
        };
        let (want, want_stats) = collect(1, &[READ]);
        assert!(want.len() > 1000 && want.iter().any(|c| !c.2.is_empty()));
        for sizes in [&[READ][..], &[1000, 7, 65536, 3]] {
            let (got, stats) = collect(2, sizes);
            assert!(got == want, "{sizes:?}");
            assert_eq!(stats, want_stats);
        }
    }

    #[test]
    fn known_names_reach_every_worker() {
        let r = Redactor::new();
        let ctx = Context::new().with_known_names(["Zyx Qwerty"]);
        let input = "Qwerty said hi.\n\n".repeat(100_000);
        let mut out = Vec::new();
        r.redact_stream_parallel(input.as_bytes(), &mut out, &ctx, 2)
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, "[NAME] said hi.\n\n".repeat(100_000));
    }

    #[test]
    fn errors_stop_cleanly() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("disk gone"));
                }
                self.0 -= 1;
                let line = b"SSN 123-45-6789\n\n";
                let n = line.len().min(buf.len());
                buf[..n].copy_from_slice(&line[..n]);
                Ok(n)
            }
        }
        let r = Redactor::new();
        let mut out = Vec::new();
        let err = r
            .redact_stream_parallel(Failing(50), &mut out, &Context::new(), 2)
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Io);
        // Whatever was written is redacted output, whole segments only.
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("123-45"));
        assert_eq!(out, "SSN [SSN]\n\n".repeat(out.len() / 11));

        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let input = "SSN 123-45-6789\n\n".repeat(500_000);
        let err = r
            .redact_stream_parallel(input.as_bytes(), Closed, &Context::new(), 2)
            .unwrap_err();
        assert_eq!(err.io_error_kind(), Some(std::io::ErrorKind::BrokenPipe));
    }
}

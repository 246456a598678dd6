//! HL7 v2 messages.
//!
//! A file is read as segments and the runs of terminator bytes between them (CR, LF, and
//! the MLLP frame bytes 0x0B and 0x1C), which are written back unchanged. A segment that
//! starts with `MSH`, `FHS` or `BHS` opens a new message and sets the delimiters from its
//! own MSH-1 and MSH-2; one message is buffered at a time (at most [`MAX_MESSAGE`] bytes),
//! because the names in PID, NK1 and PV1 must be known before the notes are scanned.
//!
//! Within a message, each field is looked up in the field table (built in, extended by
//! `[formats.hl7.fields]`): identifying components are replaced leaf by leaf, so the
//! component and repetition structure survives; everything else — unknown segments and
//! fields included — is decoded and scanned by the text engine with the message's names as
//! known names. The few fields the built-in table keeps (MSH-9/11/12, OBX-2/6/7/8/11, and
//! OBX-5 of type NM) are kept only while they look like a code, unit, range or number, so a
//! misplaced identifier is still scanned. Escape sequences are decoded for the scan (an
//! unknown one shows its own text) and kept byte for byte wherever nothing was found.
//! Text before the first header, and a message whose header does not define usable
//! delimiters, is scanned as plain text: never passed through.

use std::collections::HashMap;
use std::io::{Read, Write};

use crate::error::Error;
use crate::finding::Label;
use crate::formats::view::{Run, View};
use crate::formats::{FieldAction, Replacements, apply_edits, name_tokens};
use crate::redactor::{Context, Redactor};
use crate::stream::StreamStats;

/// The largest HL7 message (all segments from one header to the next) buffered whole;
/// a larger one is rejected with an error rather than redacted without its names.
pub const MAX_MESSAGE: usize = 16 << 20;

/// Delimiters of one message.
#[derive(Clone, Copy, Debug)]
struct Delims {
    field: u8,
    comp: u8,
    rep: Option<u8>,
    esc: Option<u8>,
    sub: Option<u8>,
}

impl Delims {
    /// From a header segment (`MSH|^~\&|…`); `None` when they are not usable.
    fn from_header(seg: &[u8]) -> Option<Delims> {
        let field = *seg.get(3)?;
        let ok = |b: u8| b.is_ascii_graphic() && !b.is_ascii_alphanumeric();
        if !ok(field) {
            return None;
        }
        let enc: Vec<u8> = seg[4..]
            .iter()
            .copied()
            .take_while(|&b| b != field)
            .collect();
        if enc.is_empty() || enc.len() > 5 || !enc.iter().all(|&b| ok(b)) {
            return None;
        }
        for (i, b) in enc.iter().enumerate() {
            if *b == field || enc[..i].contains(b) {
                return None;
            }
        }
        Some(Delims {
            field,
            comp: enc[0],
            rep: enc.get(1).copied(),
            esc: enc.get(2).copied(),
            sub: enc.get(3).copied(),
        })
    }

    fn is_delim(&self, b: u8) -> bool {
        b == self.comp || Some(b) == self.rep || Some(b) == self.sub
    }

    /// Encodes a replacement so that it cannot break the structure.
    fn encode(&self, s: &str, out: &mut String) {
        for c in s.chars() {
            let b = if c.is_ascii() { c as u8 } else { 0 };
            let code = if b == self.field {
                Some("F")
            } else if b == self.comp {
                Some("S")
            } else if Some(b) == self.sub {
                Some("T")
            } else if Some(b) == self.rep {
                Some("R")
            } else if Some(b) == self.esc {
                Some("E")
            } else if c == '\r' || c == '\n' {
                Some(".br")
            } else {
                None
            };
            match (code, self.esc) {
                (None, _) => out.push(c),
                (Some(code), Some(esc)) => {
                    out.push(esc as char);
                    out.push_str(code);
                    out.push(esc as char);
                }
                (Some(_), None) => out.push(' '),
            }
        }
    }

    /// Adds the raw text `raw[s..e]` (one leaf, no delimiters) to the view, decoding escape
    /// sequences.
    fn push_leaf(&self, raw: &str, s: usize, e: usize, view: &mut View) {
        let Some(esc) = self.esc else {
            view.literal(s, &raw[s..e]);
            return;
        };
        let b = raw.as_bytes();
        let mut at = s;
        let mut i = s;
        while i < e {
            if b[i] != esc {
                i += 1;
                continue;
            }
            let Some(len) = b[i + 1..e].iter().position(|&x| x == esc) else {
                break;
            };
            let close = i + 1 + len;
            view.literal(at, &raw[at..i]);
            let decoded = self.decode_escape(&raw[i + 1..close]);
            view.decoded((i, close + 1), &decoded);
            i = close + 1;
            at = i;
        }
        view.literal(at, &raw[at..e]);
    }

    fn decode_escape(&self, code: &str) -> String {
        let ch = |b: Option<u8>| b.map_or(String::from(" "), |b| (b as char).to_string());
        match code {
            "F" => ch(Some(self.field)),
            "S" => ch(Some(self.comp)),
            "T" => ch(self.sub),
            "R" => ch(self.rep),
            "E" => ch(self.esc),
            ".br" => "\n".to_string(),
            "H" | "N" => String::new(),
            // Formatting commands (.sp, .in, .ce, …) carry only numbers.
            c if c.starts_with('.')
                && c[1..]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'+') =>
            {
                " ".to_string()
            }
            c => {
                // Hex data is decoded; anything else (\Cxxyy\, \Zxx\, or text that merely
                // sits between two escape characters) is shown as it is, so that nothing
                // inside an escape goes unscanned.
                let hex = c.strip_prefix('X').and_then(|h| {
                    (h.len() % 2 == 0 && !h.is_empty())
                        .then(|| {
                            (0..h.len())
                                .step_by(2)
                                .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
                                .collect::<Option<Vec<u8>>>()
                        })
                        .flatten()
                });
                let text = match hex {
                    Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    None => c.to_string(),
                };
                text.chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect()
            }
        }
    }

    /// The decoded text of one leaf.
    fn decode(&self, raw: &str) -> String {
        let mut v = View::default();
        self.push_leaf(raw, 0, raw.len(), &mut v);
        v.text
    }
}

/// Whether `b` begins with a segment that opens a message or batch.
pub(crate) fn starts_with_header(b: &[u8]) -> bool {
    b.len() >= 4
        && matches!(&b[..3], b"MSH" | b"FHS" | b"BHS")
        && b[3].is_ascii_graphic()
        && !b[3].is_ascii_alphanumeric()
}

/// Parses a field-table key, `"PID-5"` (case-insensitive), into segment and number.
pub(crate) fn parse_field_key(key: &str) -> Option<(String, u16)> {
    let (seg, n) = key.trim().split_once('-')?;
    if seg.len() != 3 || !seg.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let n: u16 = n.parse().ok().filter(|&n| n >= 1)?;
    Some((seg.to_ascii_uppercase(), n))
}

/// What the table says about one field.
#[derive(Clone, Copy, Debug)]
enum Spec {
    /// Every component, as this label.
    Whole(Label),
    /// These components (1-based) with these labels; the others are scanned as text.
    Comps(&'static [(u16, Label)]),
    Text,
    Keep,
    /// Kept when the value looks like a code, unit or range (short, no long digit run, no
    /// `@`), scanned as text otherwise: the built-in table's keeps, which a malformed or
    /// hostile message must not be able to use to pass an identifier through.
    Code,
}

impl Spec {
    fn label_of(self, comp: u16) -> Option<Label> {
        match self {
            Spec::Whole(l) => Some(l),
            Spec::Comps(list) => list.iter().find(|(c, _)| *c == comp).map(|(_, l)| *l),
            Spec::Text | Spec::Keep | Spec::Code => None,
        }
    }
}

use Label::{Address, Date, Dob, Email, Id, Location, Mrn, Name, Phone, Ssn, Zip};

/// CX: ID number and check digit; authority, type and facility are scanned as text.
const CX_MRN: &[(u16, Label)] = &[(1, Mrn), (2, Mrn)];
const CX_ID: &[(u16, Label)] = &[(1, Id), (2, Id)];
/// EI: the entity identifier (order, placer and filler numbers).
const EI: &[(u16, Label)] = &[(1, Id)];
/// XPN: family, given, middle, suffix, prefix, degree; the name type code is scanned.
const XPN: &[(u16, Label)] = &[
    (1, Name),
    (2, Name),
    (3, Name),
    (4, Name),
    (5, Name),
    (6, Name),
];
/// XCN: ID number, then the name parts.
const XCN: &[(u16, Label)] = &[
    (1, Id),
    (2, Name),
    (3, Name),
    (4, Name),
    (5, Name),
    (6, Name),
    (7, Name),
];
/// XAD: street, other designation, city, ZIP, county; state and country are scanned.
const XAD: &[(u16, Label)] = &[
    (1, Address),
    (2, Address),
    (3, Location),
    (5, Zip),
    (8, Location),
    (9, Location),
];
/// XTN: number, e-mail, country/area/local/extension, unformatted; use and equipment
/// codes are scanned.
const XTN: &[(u16, Label)] = &[
    (1, Phone),
    (4, Email),
    (5, Phone),
    (6, Phone),
    (7, Phone),
    (8, Phone),
    (12, Phone),
];

/// TQ: start and end date/time; quantity, interval and duration are scanned.
const TQ: &[(u16, Label)] = &[(4, Date), (5, Date)];

const fn w(l: Label) -> Spec {
    Spec::Whole(l)
}
const fn c(list: &'static [(u16, Label)]) -> Spec {
    Spec::Comps(list)
}

/// The built-in field table (HL7 v2.5.1 positions).
#[rustfmt::skip]
const DEFAULT_TABLE: &[(&str, u16, Spec)] = &[
    ("MSH", 7, w(Date)), ("MSH", 9, Spec::Code), ("MSH", 11, Spec::Code), ("MSH", 12, Spec::Code),
    ("EVN", 2, w(Date)), ("EVN", 5, c(XCN)), ("EVN", 6, w(Date)),
    ("PID", 2, c(CX_ID)), ("PID", 3, c(CX_MRN)), ("PID", 4, c(CX_ID)),
    ("PID", 5, c(XPN)), ("PID", 6, c(XPN)), ("PID", 7, w(Dob)), ("PID", 9, c(XPN)),
    ("PID", 11, c(XAD)), ("PID", 12, w(Location)), ("PID", 13, c(XTN)), ("PID", 14, c(XTN)),
    ("PID", 18, c(CX_ID)), ("PID", 19, w(Ssn)), ("PID", 20, w(Id)), ("PID", 21, c(CX_ID)),
    ("PID", 23, w(Location)), ("PID", 29, w(Date)),
    ("PD1", 4, c(XCN)),
    ("MRG", 1, c(CX_MRN)), ("MRG", 2, c(CX_ID)), ("MRG", 3, c(CX_ID)), ("MRG", 4, c(CX_ID)),
    ("MRG", 5, c(CX_ID)), ("MRG", 6, c(CX_ID)), ("MRG", 7, c(XPN)),
    ("NK1", 2, c(XPN)), ("NK1", 4, c(XAD)), ("NK1", 5, c(XTN)), ("NK1", 6, c(XTN)),
    ("NK1", 8, w(Date)), ("NK1", 9, w(Date)), ("NK1", 12, c(CX_ID)), ("NK1", 16, w(Dob)),
    ("NK1", 30, c(XPN)), ("NK1", 31, c(XTN)), ("NK1", 32, c(XAD)), ("NK1", 33, c(CX_ID)),
    ("NK1", 37, w(Ssn)),
    ("PV1", 7, c(XCN)), ("PV1", 8, c(XCN)), ("PV1", 9, c(XCN)), ("PV1", 17, c(XCN)),
    ("PV1", 19, c(CX_ID)), ("PV1", 44, w(Date)), ("PV1", 45, w(Date)), ("PV1", 50, c(CX_ID)),
    ("PV1", 52, c(XCN)),
    ("PV2", 8, w(Date)), ("PV2", 9, w(Date)),
    ("GT1", 2, c(CX_ID)), ("GT1", 3, c(XPN)), ("GT1", 4, c(XPN)), ("GT1", 5, c(XAD)),
    ("GT1", 6, c(XTN)), ("GT1", 7, c(XTN)), ("GT1", 8, w(Dob)), ("GT1", 12, w(Ssn)),
    ("GT1", 16, c(XPN)), ("GT1", 17, c(XAD)), ("GT1", 18, c(XTN)), ("GT1", 19, c(CX_ID)),
    ("IN1", 12, w(Date)), ("IN1", 13, w(Date)), ("IN1", 16, c(XPN)), ("IN1", 18, w(Dob)),
    ("IN1", 19, c(XAD)), ("IN1", 36, w(Id)), ("IN1", 49, c(CX_ID)),
    ("IN2", 1, c(CX_ID)), ("IN2", 2, w(Ssn)), ("IN2", 6, w(Id)), ("IN2", 8, w(Id)),
    ("ORC", 2, c(EI)), ("ORC", 3, c(EI)), ("ORC", 9, w(Date)), ("ORC", 10, c(XCN)),
    ("ORC", 11, c(XCN)), ("ORC", 12, c(XCN)), ("ORC", 14, c(XTN)),
    ("OBR", 2, c(EI)), ("OBR", 3, c(EI)), ("OBR", 6, w(Date)), ("OBR", 7, w(Date)),
    ("OBR", 8, w(Date)), ("OBR", 14, w(Date)), ("OBR", 16, c(XCN)), ("OBR", 17, c(XTN)),
    ("OBR", 22, w(Date)), ("OBR", 28, c(XCN)),
    ("OBX", 2, Spec::Code), ("OBX", 6, Spec::Code), ("OBX", 7, Spec::Code), ("OBX", 8, Spec::Code),
    ("OBX", 11, Spec::Code), ("OBX", 14, w(Date)), ("OBX", 16, c(XCN)), ("OBX", 19, w(Date)),
    ("NTE", 5, c(XCN)),
    ("SCH", 1, c(EI)), ("SCH", 2, c(EI)), ("SCH", 11, c(TQ)), ("SCH", 12, c(XCN)),
    ("SCH", 13, c(XTN)), ("SCH", 16, c(XCN)), ("SCH", 17, c(XTN)), ("SCH", 20, c(XCN)),
    ("SCH", 21, c(XTN)),
    ("AIS", 4, w(Date)), ("AIG", 8, w(Date)), ("AIL", 6, w(Date)),
    ("AIP", 3, c(XCN)), ("AIP", 6, w(Date)),
    ("AL1", 6, w(Date)), ("DG1", 5, w(Date)), ("DG1", 16, c(XCN)),
    ("PR1", 5, w(Date)), ("PR1", 11, c(XCN)), ("PR1", 12, c(XCN)),
    ("ROL", 4, c(XCN)),
];

/// The field table in effect: built-in entries overridden by the policy's.
struct Table {
    map: HashMap<([u8; 3], u16), Spec>,
}

impl Table {
    fn new(redactor: &Redactor) -> Table {
        let mut map = HashMap::with_capacity(DEFAULT_TABLE.len() + 8);
        for (seg, n, spec) in DEFAULT_TABLE {
            let mut k = [0u8; 3];
            k.copy_from_slice(seg.as_bytes());
            map.insert((k, *n), *spec);
        }
        for (key, value) in &redactor.policy().formats.hl7.fields {
            // Validated with the policy; anything unparsable is skipped here.
            let (Some((seg, n)), Some(action)) = (parse_field_key(key), FieldAction::parse(value))
            else {
                continue;
            };
            let mut k = [0u8; 3];
            k.copy_from_slice(seg.as_bytes());
            let spec = match action {
                FieldAction::Redact(l) => Spec::Whole(l),
                FieldAction::Text => Spec::Text,
                FieldAction::Keep => Spec::Keep,
            };
            map.insert((k, n), spec);
        }
        Table { map }
    }

    fn spec(&self, seg: &str, n: u16, obx_type: &str, value: &str) -> Spec {
        let b = seg.as_bytes();
        if b.len() != 3 {
            return Spec::Text;
        }
        let key = ([b[0], b[1], b[2]], n);
        if let Some(s) = self.map.get(&key) {
            return *s;
        }
        if seg == "OBX" && n == 5 {
            // The value's type decides: a date, name, address or phone observation is
            // identifying whole; text, numbers and codes are scanned.
            return match obx_type {
                "DT" | "DTM" | "TS" => Spec::Whole(Date),
                "PN" | "XPN" => Spec::Comps(XPN),
                "CN" | "XCN" => Spec::Comps(XCN),
                "AD" | "XAD" => Spec::Comps(XAD),
                "TN" | "XTN" => Spec::Comps(XTN),
                // A plain number is a clinical value, never PHI: keep it exactly.
                "NM" if is_number(value) => Spec::Keep,
                _ => Spec::Text,
            };
        }
        Spec::Text
    }
}

/// A value that can be kept unscanned where the table expects a code, unit or flag: at
/// most 40 bytes, no `@`, at most four digits, and no digit-slash-digit or digit-dash-digit
/// (the shapes of dates and phone numbers) — unless it is a reference range.
fn looks_like_code(s: &str) -> bool {
    let b = s.as_bytes();
    let joined = b
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'/' | b'-') && w[2].is_ascii_digit());
    is_range(s)
        || (s.len() <= 40
            && !s.contains('@')
            && b.iter().filter(|c| c.is_ascii_digit()).count() <= 4
            && !joined)
}

/// A reference range: `70-99`, `12.0-16.0`, `<5`, `>=0.5`, with at most three digits
/// before a decimal point (so no phone, SSN or date has this shape).
fn is_range(s: &str) -> bool {
    fn number(s: &str) -> Option<&str> {
        let s = s.trim_start();
        let s = s.strip_prefix('-').unwrap_or(s);
        let int = s.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=3).contains(&int) {
            return None;
        }
        let s = &s[int..];
        match s.strip_prefix('.') {
            Some(f) => {
                let frac = f.bytes().take_while(u8::is_ascii_digit).count();
                (1..=3).contains(&frac).then(|| &f[frac..])
            }
            None => Some(s),
        }
    }
    let s = s.trim();
    let s = s.strip_prefix(['<', '>']).unwrap_or(s);
    let s = s.strip_prefix('=').unwrap_or(s);
    let Some(rest) = number(s) else { return false };
    let rest = rest.trim_start();
    if rest.is_empty() {
        return true;
    }
    match rest.strip_prefix('-').and_then(number) {
        Some(end) => end.trim().is_empty(),
        None => false,
    }
}

/// A decimal number as OBX-5 of type NM carries it: `182`, `-1.5`, `+.5`.
fn is_number(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    // At most eight digits: lab values are shorter, and a longer number could be an
    // identifier typed into the wrong field.
    !s.is_empty()
        && s.bytes().filter(u8::is_ascii_digit).count() <= 8
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1
}

/// One segment and the terminator bytes after it.
struct Item {
    seg: String,
    term: Vec<u8>,
}

fn is_term(b: u8) -> bool {
    matches!(b, b'\r' | b'\n' | 0x0b | 0x1c)
}

/// Reads segments and terminator runs from a byte stream.
struct Items<R> {
    reader: R,
    chunk: Box<[u8]>,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<R: Read> Items<R> {
    fn fill(&mut self) -> Result<(), Error> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        loop {
            match self.reader.read(&mut self.chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&self.chunk[..n]);
                    self.eof = n == 0;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(e)),
            }
        }
    }

    fn next(&mut self) -> Result<Option<Item>, Error> {
        // The segment.
        let mut scanned = 0;
        let seg_len = loop {
            let rest = &self.buf[self.pos..];
            // Resume where the last look stopped: a long segment is scanned once.
            if let Some(i) = rest[scanned..].iter().position(|&b| is_term(b)) {
                break scanned + i;
            }
            scanned = rest.len();
            if self.eof {
                if rest.is_empty() {
                    return Ok(None);
                }
                break rest.len();
            }
            if rest.len() > MAX_MESSAGE {
                return Err(Error::format(format!(
                    "HL7: a segment is longer than {MAX_MESSAGE} bytes"
                )));
            }
            self.fill()?;
        };
        // The terminator run after it (possibly reaching past the buffer).
        let mut term_len = 0;
        loop {
            let rest = &self.buf[self.pos + seg_len + term_len..];
            let n = rest.iter().take_while(|&&b| is_term(b)).count();
            term_len += n;
            if n < rest.len() || self.eof || term_len > MAX_MESSAGE {
                break;
            }
            self.fill()?;
        }
        let start = self.pos;
        let seg = crate::segment::decode(&self.buf[start..start + seg_len]).into_owned();
        let term = self.buf[start + seg_len..start + seg_len + term_len].to_vec();
        self.pos += seg_len + term_len;
        Ok(Some(Item { seg, term }))
    }
}

/// Per-stream state.
struct Hl7Redactor<'r> {
    redactor: &'r Redactor,
    table: Table,
    reps: Replacements<'r>,
    view: View,
    runs: Vec<Run>,
    stats: StreamStats,
}

/// One field's position in a segment.
struct FieldRef {
    start: usize,
    end: usize,
    spec: Spec,
}

impl<'r> Hl7Redactor<'r> {
    fn new(redactor: &'r Redactor) -> Hl7Redactor<'r> {
        Hl7Redactor {
            redactor,
            table: Table::new(redactor),
            reps: redactor.field_replacements(),
            view: View::default(),
            runs: Vec::new(),
            stats: StreamStats::default(),
        }
    }

    fn message(&mut self, items: &[Item], out: &mut String) {
        self.stats.segments += items.len() as u64;
        let delims = items
            .first()
            .filter(|it| starts_with_header(it.seg.as_bytes()))
            .and_then(|it| Delims::from_header(it.seg.as_bytes()));
        let Some(d) = delims else {
            // Not a message we can parse: every segment through the text engine.
            for it in items {
                let f = self.redactor.find(&it.seg);
                self.stats.findings += f.len() as u64;
                out.push_str(&self.redactor.apply(&it.seg, &f));
                push_term(&it.term, out);
            }
            return;
        };
        let parsed: Vec<(String, Vec<FieldRef>)> =
            items.iter().map(|it| self.fields(&it.seg, &d)).collect();
        // Pass 1: the names on this message's record.
        let mut names: Vec<String> = Vec::new();
        for (it, (_, fields)) in items.iter().zip(&parsed) {
            for f in fields {
                if matches!(f.spec, Spec::Keep | Spec::Text) {
                    continue;
                }
                let mut name = String::new();
                leaves(
                    &it.seg[f.start..f.end],
                    f.start,
                    &d,
                    |comp, s, e, rep_start| {
                        if rep_start && !name.is_empty() {
                            names.push(std::mem::take(&mut name));
                        }
                        if f.spec.label_of(comp) == Some(Name) && s < e {
                            name_tokens(&d.decode(&it.seg[s..e]), &mut name);
                        }
                    },
                );
                if !name.is_empty() {
                    names.push(name);
                }
            }
        }
        // PV1, ORC and OBR repeat the same providers: compile each name once.
        names.sort_unstable();
        names.dedup();
        let ctx = if names.is_empty() {
            Context::new()
        } else {
            Context::new().with_known_names(&names)
        };
        self.reps.new_document(&ctx);
        // Pass 2: one view of the whole message, scanned in one call (the engine's
        // fixed cost per call is larger than a short segment's scan), then the edits.
        let mut raw = String::with_capacity(items.iter().map(|i| i.seg.len() + i.term.len()).sum());
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        self.view.clear();
        for (it, (id, fields)) in items.iter().zip(&parsed) {
            let base = raw.len();
            raw.push_str(&it.seg);
            push_term(&it.term, &mut raw);
            self.segment(&raw, base, id, fields, &d, &mut edits);
            let end = base + it.seg.len();
            line_break(&mut self.view, (end, raw.len()));
        }
        let findings = self.redactor.find_with(&self.view.text, &ctx);
        self.stats.findings += (edits.len() + findings.len()) as u64;
        for f in &findings {
            self.runs.clear();
            self.view.runs(f, &mut self.runs);
            for r in &self.runs {
                let text = &self.view.text[r.view.0..r.view.1];
                let mut enc = String::new();
                match self.reps.replace(f.label, text) {
                    Some(rep) => d.encode(&rep, &mut enc),
                    // The engine found it, so its label is on; never reached.
                    None => enc.push_str("[REDACTED]"),
                }
                edits.push((r.raw.0, r.raw.1, enc));
            }
        }
        apply_edits(&raw, &mut edits, out);
    }

    /// Splits a segment into fields and looks each up.
    fn fields(&self, seg: &str, d: &Delims) -> (String, Vec<FieldRef>) {
        let b = seg.as_bytes();
        let mut bounds = Vec::new();
        let mut at = 0;
        for (i, &x) in b.iter().enumerate() {
            if x == d.field {
                bounds.push((at, i));
                at = i + 1;
            }
        }
        bounds.push((at, b.len()));
        let id = seg[bounds[0].0..bounds[0].1].to_string();
        let header = starts_with_header(b);
        let obx_type = if id == "OBX" {
            bounds.get(2).map_or("", |&(s, e)| seg[s..e].trim())
        } else {
            ""
        };
        let fields = bounds
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, &(start, end))| {
                let n = if header { i + 1 } else { i };
                let n = u16::try_from(n).unwrap_or(u16::MAX);
                let spec = if header && n == 2 {
                    // MSH-2, the encoding characters.
                    Spec::Keep
                } else {
                    self.table.spec(&id, n, obx_type, &seg[start..end])
                };
                let spec = match spec {
                    Spec::Code if looks_like_code(&seg[start..end]) => Spec::Keep,
                    Spec::Code => Spec::Text,
                    other => other,
                };
                FieldRef { start, end, spec }
            })
            .collect();
        (id, fields)
    }

    /// Adds one segment (at `raw[base..]`) to the message's view, and the edits of its
    /// identifying fields to `edits`.
    fn segment(
        &mut self,
        raw: &str,
        base: usize,
        id: &str,
        fields: &[FieldRef],
        d: &Delims,
        edits: &mut Vec<(usize, usize, String)>,
    ) {
        let view = &mut self.view;
        view.literal(base, id);
        for f in fields {
            let (fs, fe) = (base + f.start, base + f.end);
            line_break(view, (fs - 1, fs));
            if let Spec::Keep = f.spec {
                view.sep((fs, fe), " ");
                continue;
            }
            let reps = &mut self.reps;
            let mut first = true;
            leaves(&raw[fs..fe], fs, d, |comp, s, e, rep_start| {
                if !first {
                    if rep_start {
                        line_break(view, (s - 1, s));
                    } else {
                        view.sep((s - 1, s), " ");
                    }
                }
                first = false;
                let leaf = &raw[s..e];
                if let Some(label) = f.spec.label_of(comp) {
                    if leaf.is_empty() || leaf == "\"\"" {
                        return;
                    }
                    if let Some(rep) = reps.replace(label, &d.decode(leaf)) {
                        let mut enc = String::new();
                        d.encode(&rep, &mut enc);
                        edits.push((s, e, enc));
                        view.sep((s, e), " ");
                        return;
                    }
                }
                d.push_leaf(raw, s, e, view);
            });
        }
    }
}

/// A separator shown as a line break, unless the view's current line is blank so far: a
/// blank line would end the engine's segment, and an HL7 message has many empty fields.
fn line_break(view: &mut View, raw: (usize, usize)) {
    let line = view.text.rsplit('\n').next().unwrap_or("");
    let shown = if line.trim().is_empty() { " " } else { "\n" };
    view.sep(raw, shown);
}

fn push_term(term: &[u8], out: &mut String) {
    // Terminator bytes are ASCII control characters.
    out.extend(term.iter().map(|&b| b as char));
}

/// Calls `f(component, start, end, starts_repetition)` for every subcomponent of a field
/// (raw offsets `base`-relative), in order.
fn leaves(field: &str, base: usize, d: &Delims, mut f: impl FnMut(u16, usize, usize, bool)) {
    let b = field.as_bytes();
    let mut comp: u16 = 1;
    let mut at = 0;
    let mut rep_start = true;
    for (i, &x) in b.iter().enumerate() {
        if d.is_delim(x) {
            f(comp, base + at, base + i, rep_start);
            rep_start = false;
            if x == d.comp {
                comp = comp.saturating_add(1);
            } else if Some(x) == d.rep {
                comp = 1;
                rep_start = true;
            }
            at = i + 1;
        }
    }
    f(comp, base + at, base + b.len(), rep_start);
}

impl Redactor {
    /// Redacts HL7 v2 messages (one or many, CR/LF separated or MLLP framed), keeping the
    /// structure: identifying fields by position, everything else through the text engine
    /// with the message's names as known names. See [`crate::formats`].
    ///
    /// Fails only for a message larger than [`MAX_MESSAGE`].
    pub fn redact_hl7(&self, messages: &str) -> Result<String, Error> {
        let mut out = Vec::with_capacity(messages.len() + messages.len() / 8);
        self.redact_hl7_stream(messages.as_bytes(), &mut out)?;
        // Everything written is UTF-8 (input decoded, terminators ASCII).
        Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()))
    }

    /// Redacts a stream of HL7 v2 messages in bounded memory (one message at a time). The
    /// stats count segments and findings (fields replaced whole count one each).
    pub fn redact_hl7_stream<R: Read, W: Write>(
        &self,
        reader: R,
        mut writer: W,
    ) -> Result<StreamStats, Error> {
        let mut items = Items {
            reader,
            chunk: vec![0u8; 64 * 1024].into_boxed_slice(),
            buf: Vec::new(),
            pos: 0,
            eof: false,
        };
        let mut h = Hl7Redactor::new(self);
        let mut msg: Vec<Item> = Vec::new();
        let mut size = 0usize;
        let mut out = String::new();
        loop {
            let item = items.next()?;
            let flush = match &item {
                None => true,
                Some(it) => starts_with_header(it.seg.as_bytes()),
            };
            if flush && !msg.is_empty() {
                out.clear();
                h.message(&msg, &mut out);
                writer.write_all(out.as_bytes())?;
                h.stats.bytes_out += out.len() as u64;
                msg.clear();
                size = 0;
            }
            let Some(it) = item else { break };
            size += it.seg.len() + it.term.len();
            h.stats.bytes_in += (it.seg.len() + it.term.len()) as u64;
            if size > MAX_MESSAGE {
                return Err(Error::format(format!(
                    "HL7: a message is longer than {MAX_MESSAGE} bytes"
                )));
            }
            msg.push(it);
        }
        writer.flush()?;
        Ok(h.stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        Redactor::new().redact_hl7(s).unwrap()
    }

    #[test]
    fn built_in_keeps_do_not_pass_identifiers() {
        let out = r("MSH|^~\\&|A||||||123-45-6789\rOBX|1|NM|X||123456789|mg 5551234567|70-99\r");
        assert!(!out.contains("6789") && !out.contains("4567"), "{out:?}");
        assert!(out.ends_with("|70-99\r"), "{out:?}");
        let out = r("MSH|^~\\&|A\rOBX|1|NM|X||182.5|mg/dL\r");
        assert!(out.ends_with("||182.5|mg/dL\r"), "{out:?}");
        for ok in [
            "70-99",
            "12.0-16.0",
            "<5",
            ">=0.5",
            "mg/dL",
            "10*3/uL",
            "2.5.1",
            "ADT^A01",
        ] {
            assert!(looks_like_code(ok), "{ok}");
        }
        for bad in [
            "123-45-6789",
            "555-0142",
            "3/4/61",
            "20240316",
            "a@b.c",
            "1961-03-04",
        ] {
            assert!(!looks_like_code(bad), "{bad}");
        }
    }

    #[test]
    fn keys() {
        assert_eq!(parse_field_key("pid-5"), Some(("PID".into(), 5)));
        assert_eq!(parse_field_key("ZP1-12"), Some(("ZP1".into(), 12)));
        assert_eq!(parse_field_key("PID5"), None);
        assert_eq!(parse_field_key("PID-0"), None);
        assert_eq!(parse_field_key("PIDX-1"), None);
    }

    #[test]
    fn pid_by_position() {
        let out = r(
            "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||123456^^^H^MR||LOPEZ^MARIA^J||19610304|F|||12 Oak St^^Springfield^IL^62701^USA||(555)123-4567|||||ACC9|123-45-6789\r",
        );
        assert_eq!(
            out,
            "MSH|^~\\&|A|B|C|D|[DATE]||ADT^A01|1|P|2.5\rPID|1||[MRN]^^^H^MR||[NAME]^[NAME]^[NAME]||[DOB]|F|||[ADDRESS]^^[LOCATION]^IL^[ZIP]^USA||[PHONE]|||||[ID]|[SSN]\r"
        );
    }

    #[test]
    fn escapes_are_decoded_and_kept() {
        // \T\ is '&' in the note; the name in it is found and the escapes elsewhere stay.
        let msg =
            "MSH|^~\\&|A\rPID|1||||DOE^JOHN\rNTE|1||Tom \\T\\ John Doe came\\.br\\BP 120/80\r";
        let out = r(msg);
        assert!(
            out.ends_with("NTE|1||Tom \\T\\ [NAME] came\\.br\\BP 120/80\r"),
            "{out:?}"
        );
    }

    #[test]
    fn custom_delimiters() {
        let msg = "MSH#*@!%#A\nPID#1####SMITH*ANNE#\n";
        let out = r(msg);
        assert_eq!(out, "MSH#*@!%#A\nPID#1####[NAME]*[NAME]#\n");
    }

    #[test]
    fn unknown_and_malformed_are_scanned() {
        let out = r("hello SSN 123-45-6789\rMSH|\rZZZ|x|SSN 123-45-6789\r");
        assert!(!out.contains("6789"), "{out:?}");
        let out = r("MSH|^~\\&|A\rZPI|1|call 555-123-4567\r");
        assert_eq!(out, "MSH|^~\\&|A\rZPI|1|call [PHONE]\r");
    }

    #[test]
    fn mllp_frames_and_blank_lines_survive() {
        let msg =
            "\x0bMSH|^~\\&|A\rPID|1||||DOE^JOHN\r\x1c\r\x0bMSH|^~\\&|B\rPID|1||||ROE^JANE\r\x1c\r";
        let out = r(msg);
        assert_eq!(
            out,
            "\x0bMSH|^~\\&|A\rPID|1||||[NAME]^[NAME]\r\x1c\r\x0bMSH|^~\\&|B\rPID|1||||[NAME]^[NAME]\r\x1c\r"
        );
    }

    #[test]
    fn replacement_is_escaped() {
        let p = crate::Policy::parse("[labels.NAME]\ntag = \"<N|^>\"\n").unwrap();
        let red = Redactor::with_policy(p).unwrap();
        let out = red.redact_hl7("MSH|^~\\&|A\rPID|1||||DOE\r").unwrap();
        assert_eq!(out, "MSH|^~\\&|A\rPID|1||||<N\\F\\\\S\\>\r");
    }
}

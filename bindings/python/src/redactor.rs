//! `phiredact.Redactor` and `phiredact.Finding`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use phiredact::{Context, Format, Label, Policy, Redactor};

use crate::errors::{FormatError, InputError, PolicyError, to_py, wrong_type};
use crate::input::{Text, context_arg, map_parallel, names_arg, text_arg, threads_arg};
use crate::stream::{PyStream, PyStreamStats, redact_py_stream};

/// One span of identifying text: code point offsets, a label and the rule that fired.
///
/// It holds no text, so its repr cannot leak PHI; slice the input (`text[f.start:f.end]`)
/// when the text is really needed.
#[pyclass(frozen, eq, hash, name = "Finding", module = "phiredact")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyFinding {
    start: usize,
    end: usize,
    label: &'static str,
    rule: &'static str,
}

#[pymethods]
impl PyFinding {
    /// Index of the first code point (`str` index).
    #[getter]
    fn start(&self) -> usize {
        self.start
    }

    /// Index one past the last code point.
    #[getter]
    fn end(&self) -> usize {
        self.end
    }

    /// The label, e.g. `"SSN"`.
    #[getter]
    fn label(&self) -> &'static str {
        self.label
    }

    /// The rule that fired, e.g. `"ssn.cue"`.
    #[getter]
    fn rule(&self) -> &'static str {
        self.rule
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding(label='{}', start={}, end={}, rule='{}')",
            self.label, self.start, self.end, self.rule
        )
    }
}

/// Converts core findings (byte offsets into `text`) to code point offsets.
fn py_findings(text: &str, found: &[phiredact::Finding]) -> Vec<PyFinding> {
    // Findings are sorted and disjoint, so start0 <= end0 <= start1 ...: one pass.
    let bytes: Vec<usize> = found.iter().flat_map(|f| [f.start, f.end]).collect();
    let chars = phiredact::offsets::byte_to_char_offsets(text, &bytes);
    found
        .iter()
        .zip(chars.chunks_exact(2))
        .map(|(f, c)| PyFinding {
            start: c[0],
            end: c[1],
            label: f.label.as_str(),
            rule: f.rule,
        })
        .collect()
}

/// A redaction engine: immutable, shared freely between threads.
#[pyclass(frozen, name = "Redactor", module = "phiredact")]
pub(crate) struct PyRedactor {
    inner: Redactor,
}

impl PyRedactor {
    pub(crate) fn core(&self) -> &Redactor {
        &self.inner
    }

    /// Redacts one text with the GIL released.
    fn redact_text(&self, py: Python<'_>, text: &Text, ctx: &Context) -> String {
        let r = &self.inner;
        py.detach(|| redact_one(r, text, ctx))
    }
}

fn redact_one(r: &Redactor, text: &Text, ctx: &Context) -> String {
    match text {
        Text::Str(s) => r.redact_with(s, ctx),
        Text::Bytes(b) => {
            // Bytes go through the stream, which decodes invalid UTF-8 lossily before
            // scanning (what `Redactor::redact_bytes` does, plus the context).
            let mut out = String::with_capacity(b.len() + b.len() / 8);
            let mut s = r.stream_with(ctx);
            let _ = s.write(b, &mut out);
            let _ = s.finish(&mut out);
            out
        }
    }
}

fn find_one(r: &Redactor, text: &Text, ctx: &Context) -> Vec<PyFinding> {
    match text {
        Text::Str(s) => py_findings(s, &r.find_with(s, ctx)),
        Text::Bytes(b) => {
            let s = String::from_utf8_lossy(b);
            py_findings(&s, &r.find_with(&s, ctx))
        }
    }
}

/// Reads the `policy=` argument into a [`Policy`].
fn policy_arg(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    let Some(obj) = policy.filter(|o| !o.is_none()) else {
        return Ok(Policy::default());
    };
    if let Ok(s) = obj.cast::<PyString>() {
        let doc = s.to_str()?;
        return Policy::parse(doc).map_err(|e| {
            if doc.contains('\n') || doc.trim_start().starts_with('{') {
                to_py(e)
            } else {
                // Probably a file name: say how to pass one (a str is always a document,
                // so that the meaning of an argument never depends on the file system).
                PolicyError::new_err(format!(
                    "{e} (a str policy is the document itself; to read a file, pass a \
                     pathlib.Path)"
                ))
            }
        });
    }
    if obj.is_instance_of::<PyDict>()
        || obj.is_instance(&py.import("collections.abc")?.getattr("Mapping")?)?
    {
        let doc = py
            .import("json")?
            .call_method1("dumps", (obj,))
            .map_err(|_| PolicyError::new_err("a policy dict may hold only JSON values"))?;
        return Policy::from_json(doc.cast::<PyString>()?.to_str()?).map_err(to_py);
    }
    if obj.hasattr("__fspath__")? {
        let path: PathBuf = obj.extract()?;
        let text = std::fs::read_to_string(&path)?;
        return Policy::parse(&text).map_err(to_py);
    }
    Err(wrong_type(
        "policy",
        "a dict, a str holding a JSON or TOML document, or a path",
        obj,
    ))
}

#[pymethods]
impl PyRedactor {
    /// Builds a redactor. `policy` is a dict, a JSON/TOML document (str) or a path
    /// (`os.PathLike`); `known_names` are always redacted; `labels`, when given, is the
    /// exact set of labels to detect.
    #[new]
    #[pyo3(signature = (policy = None, *, known_names = None, labels = None))]
    fn new(
        py: Python<'_>,
        policy: Option<&Bound<'_, PyAny>>,
        known_names: Option<&Bound<'_, PyAny>>,
        labels: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRedactor> {
        let mut builder = Redactor::builder();
        builder.policy(policy_arg(py, policy)?);
        if let Some(obj) = labels.filter(|o| !o.is_none()) {
            let names = names_arg("labels", obj)?;
            let mut on = Vec::new();
            for (i, n) in names.iter().enumerate() {
                let label = Label::parse(n).ok_or_else(|| {
                    PolicyError::new_err(format!(
                        "labels[{i}]: unknown label (expected one of {})",
                        label_names().join(", ")
                    ))
                })?;
                on.push(label);
            }
            for l in Label::ALL {
                builder.label(l, on.contains(&l));
            }
        }
        if let Some(obj) = known_names.filter(|o| !o.is_none()) {
            for n in names_arg("known_names", obj)? {
                builder.known_name(n);
            }
        }
        let inner = py.detach(|| builder.build()).map_err(to_py)?;
        Ok(PyRedactor { inner })
    }

    /// The labels this redactor detects.
    #[getter]
    fn labels(&self) -> Vec<&'static str> {
        Label::ALL
            .iter()
            .filter(|l| self.inner.is_enabled(**l))
            .map(|l| l.as_str())
            .collect()
    }

    /// The policy document (JSON) this redactor was built from, known names included.
    fn policy_json(&self) -> String {
        self.inner.policy().to_json()
    }

    /// Replaces every identifier in `text` as the policy says.
    #[pyo3(signature = (text, *, known_names = None))]
    fn redact(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        known_names: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let text = text_arg("text", text)?;
        let ctx = context_arg(known_names)?;
        Ok(self.redact_text(py, &text, &ctx))
    }

    /// The identifiers in `text`, with code point offsets.
    #[pyo3(signature = (text, *, known_names = None))]
    fn find(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        known_names: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyFinding>> {
        let text = text_arg("text", text)?;
        let ctx = context_arg(known_names)?;
        let r = &self.inner;
        Ok(py.detach(|| find_one(r, &text, &ctx)))
    }

    /// Redacts many texts in parallel with the GIL released, keeping their order.
    /// `known_names`, when given, holds one item per text: `None` or that text's names.
    #[pyo3(signature = (texts, *, known_names = None, threads = None))]
    fn redact_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        known_names: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = threads_arg(threads)?;
        let items = texts_arg(texts)?;
        let ctxs = contexts_arg(known_names, items.len())?;
        let jobs = batch_jobs(&items, &ctxs);
        let total: usize = items.iter().map(Text::len).sum();
        let r = &self.inner;
        let out = py.detach(|| map_parallel(&jobs, threads, total, |(t, c)| redact_one(r, t, c)));
        PyList::new(py, out)
    }

    /// The findings of many texts, found in parallel with the GIL released, in input order:
    /// `find_many(texts)[i] == find(texts[i])`. `known_names` as for `redact_many`.
    #[pyo3(signature = (texts, *, known_names = None, threads = None))]
    fn find_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        known_names: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Vec<PyFinding>>> {
        let threads = threads_arg(threads)?;
        let items = texts_arg(texts)?;
        let ctxs = contexts_arg(known_names, items.len())?;
        let jobs = batch_jobs(&items, &ctxs);
        let total: usize = items.iter().map(Text::len).sum();
        let r = &self.inner;
        Ok(py.detach(|| map_parallel(&jobs, threads, total, |(t, c)| find_one(r, t, c))))
    }

    /// A push-style stream: `write` chunks (str or bytes), then `finish`.
    #[pyo3(signature = (*, known_names = None))]
    fn stream(&self, known_names: Option<&Bound<'_, PyAny>>) -> PyResult<PyStream> {
        let ctx = context_arg(known_names)?;
        Ok(PyStream::new(self.inner.stream_with(&ctx)))
    }

    /// Redacts what the file object `src` yields into the file object `dst`.
    #[pyo3(signature = (src, dst, *, known_names = None, chunk_size = 65536))]
    fn redact_stream(
        &self,
        py: Python<'_>,
        src: &Bound<'_, PyAny>,
        dst: &Bound<'_, PyAny>,
        known_names: Option<&Bound<'_, PyAny>>,
        chunk_size: usize,
    ) -> PyResult<PyStreamStats> {
        let ctx = context_arg(known_names)?;
        if chunk_size == 0 {
            return Err(InputError::new_err("chunk_size must be at least 1"));
        }
        redact_py_stream(py, self.inner.stream_with(&ctx), src, dst, chunk_size)
    }

    /// Redacts the file at path `src` into the file at path `dst`, all with the GIL
    /// released, in bounded memory, on `threads` threads (every core by default; the
    /// output is the same with any number).
    #[pyo3(signature = (src, dst, *, known_names = None, threads = None))]
    fn redact_file(
        &self,
        py: Python<'_>,
        src: PathBuf,
        dst: PathBuf,
        known_names: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<PyStreamStats> {
        let ctx = context_arg(known_names)?;
        let threads = threads_arg(threads)?;
        let r = &self.inner;
        let stats = py.detach(|| -> PyResult<phiredact::StreamStats> {
            let input = std::fs::File::open(&src)?;
            if let (Ok(a), Ok(b)) = (std::fs::canonicalize(&src), std::fs::canonicalize(&dst)) {
                if a == b {
                    return Err(InputError::new_err("src and dst are the same file"));
                }
            }
            let output = std::io::BufWriter::new(std::fs::File::create(&dst)?);
            r.redact_stream_parallel(input, output, &ctx, threads)
                .map_err(to_py)
        })?;
        Ok(PyStreamStats::from(stats))
    }

    /// Redacts one structured record, field by field: `format` is `"hl7"`, `"fhir"`,
    /// `"csv"`, `"jsonl"`, `"text"` or `"auto"` (HL7 or FHIR recognised from the first
    /// bytes; anything else raises `FormatError`). Raises `FormatError` when the input does
    /// not parse; no partial output is returned.
    #[pyo3(signature = (data, format))]
    fn redact_format(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        format: &str,
    ) -> PyResult<String> {
        let data = text_arg("data", data)?;
        let format = format_arg(format)?;
        let r = &self.inner;
        py.detach(|| -> PyResult<String> {
            let bytes = data.as_bytes();
            let format = match format {
                Some(f) => f,
                None => detect(bytes)?,
            };
            let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
            r.redact_format(format, bytes, &mut out).map_err(to_py)?;
            // The front ends write UTF-8 (input decoded lossily, delimiters ASCII).
            Ok(String::from_utf8(out)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        })
    }

    /// Redacts the structured file at path `src` into the file at path `dst`, field by
    /// field as `redact_format` does, with the GIL released, in bounded memory (except for
    /// a single FHIR JSON document, which is parsed whole). On a `FormatError` `dst` is
    /// removed, so a partial output is never mistaken for a whole one.
    #[pyo3(signature = (src, dst, format))]
    fn redact_format_file(
        &self,
        py: Python<'_>,
        src: PathBuf,
        dst: PathBuf,
        format: &str,
    ) -> PyResult<PyStreamStats> {
        let format = format_arg(format)?;
        let r = &self.inner;
        let stats = py.detach(|| -> PyResult<phiredact::StreamStats> {
            let mut input = std::fs::File::open(&src)?;
            if let (Ok(a), Ok(b)) = (std::fs::canonicalize(&src), std::fs::canonicalize(&dst)) {
                if a == b {
                    return Err(InputError::new_err("src and dst are the same file"));
                }
            }
            let mut head = Vec::new();
            let format = match format {
                Some(f) => f,
                None => {
                    (&mut input)
                        .take(DETECT_HEAD as u64)
                        .read_to_end(&mut head)?;
                    detect(&head)?
                }
            };
            let mut output = std::io::BufWriter::new(std::fs::File::create(&dst)?);
            let result = r
                .redact_format(format, std::io::Cursor::new(head).chain(input), &mut output)
                .and_then(|stats| {
                    output.flush()?;
                    Ok(stats)
                });
            if let Err(e) = &result {
                if e.kind() == phiredact::ErrorKind::Format {
                    drop(output);
                    let _ = std::fs::remove_file(&dst);
                }
            }
            result.map_err(to_py)
        })?;
        Ok(PyStreamStats::from(stats))
    }

    /// Pickles by policy: a redactor travels to multiprocessing, Spark or Dask workers.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let doc = slf.get().inner.policy().to_json();
        let args = PyTuple::new(py, [doc])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> String {
        // Labels only: known names are PHI and stay out of the repr.
        format!("Redactor(labels={:?})", self.labels()).replace('"', "'")
    }
}

/// Collects the `texts` of `redact_many` (an iterable, not a single str or bytes).
fn texts_arg(texts: &Bound<'_, PyAny>) -> PyResult<Vec<Text>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<pyo3::types::PyBytes>() {
        return Err(InputError::new_err(
            "texts must be an iterable of str or bytes, not a single str or bytes",
        ));
    }
    let iter = texts
        .try_iter()
        .map_err(|_| wrong_type("texts", "an iterable of str or bytes", texts))?;
    let mut items = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        items.push(text_arg(&format!("texts[{i}]"), &item?)?);
    }
    Ok(items)
}

/// How much of the input `format="auto"` looks at (as `phiredact redact --format auto`).
const DETECT_HEAD: usize = 4096;

/// The `format=` argument: `None` for `"auto"`. The names are exactly those of the CLI's
/// `--format`.
fn format_arg(format: &str) -> PyResult<Option<Format>> {
    Ok(Some(match format {
        "auto" => return Ok(None),
        "text" => Format::Text,
        "hl7" => Format::Hl7,
        "fhir" => Format::Fhir,
        "csv" => Format::Csv,
        "jsonl" => Format::Jsonl,
        _ => {
            return Err(InputError::new_err(
                "format must be one of 'text', 'hl7', 'fhir', 'csv', 'jsonl', 'auto'",
            ));
        }
    }))
}

/// `format="auto"`: the format of `data` from its first bytes, or a `FormatError`.
fn detect(data: &[u8]) -> PyResult<Format> {
    Format::detect(&data[..data.len().min(DETECT_HEAD)]).ok_or_else(|| {
        FormatError::new_err(
            "format='auto' could not detect the format (only HL7 v2 and FHIR JSON are \
             recognised); pass format= explicitly",
        )
    })
}

/// The per-text contexts of the batch methods' `known_names`: `None` (no names for any
/// text), or one item per text, each `None` or an iterable of names. Messages give counts
/// and indices only, never a name.
fn contexts_arg(known_names: Option<&Bound<'_, PyAny>>, n: usize) -> PyResult<Vec<Context>> {
    let Some(obj) = known_names.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    let expected = "a sequence with one item (None or an iterable of str) per text";
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<pyo3::types::PyBytes>() {
        return Err(wrong_type("known_names", expected, obj));
    }
    let items = obj
        .try_iter()
        .map_err(|_| wrong_type("known_names", expected, obj))?
        .collect::<PyResult<Vec<_>>>()?;
    if items.len() != n {
        return Err(length_mismatch(items.len(), n));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if item.is_none() {
                Ok(Context::new())
            } else {
                let names = names_arg(&format!("known_names[{i}]"), item)?;
                Ok(Context::new().with_known_names(names))
            }
        })
        .collect()
}

fn length_mismatch(names: usize, texts: usize) -> PyErr {
    InputError::new_err(format!(
        "known_names has {names} items but texts has {texts}: give one item (None or a \
         list of names) per text"
    ))
}

/// Pairs each text with its context (the shared empty one when `ctxs` is empty).
fn batch_jobs<'a>(items: &'a [Text], ctxs: &'a [Context]) -> Vec<(&'a Text, &'a Context)> {
    static EMPTY: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(Context::new);
    if ctxs.is_empty() {
        items.iter().map(|t| (t, empty)).collect()
    } else {
        items.iter().zip(ctxs).collect()
    }
}

fn label_names() -> Vec<&'static str> {
    Label::ALL.iter().map(|l| l.as_str()).collect()
}

/// Benchmark hook (private): the core's throughput on the same data without the binding.
/// Copies `texts` into Rust strings, then times `Redactor::redact` over them on `threads`
/// threads, the way `redact_many` splits work, and returns the seconds taken.
#[pyfunction]
#[pyo3(name = "_bench_core", signature = (redactor, texts, *, threads = 1))]
pub(crate) fn bench_core(
    py: Python<'_>,
    redactor: &PyRedactor,
    texts: Vec<String>,
    threads: usize,
) -> PyResult<f64> {
    let threads = threads_arg(Some(threads))?;
    let r = redactor.core();
    let total: usize = texts.iter().map(String::len).sum();
    Ok(py.detach(|| {
        let t = Instant::now();
        let out = map_parallel(&texts, threads, total, |s| r.redact(s));
        let secs = t.elapsed().as_secs_f64();
        std::hint::black_box(out);
        secs
    }))
}

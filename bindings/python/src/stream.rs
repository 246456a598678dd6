//! `phiredact.Stream`, `phiredact.StreamStats` and the file-object loop of
//! `Redactor.redact_stream`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use phiredact::StreamRedactor;

use crate::errors::to_py;
use crate::input::text_arg;

/// Counters of one stream.
#[pyclass(frozen, eq, get_all, name = "StreamStats", module = "phiredact")]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct PyStreamStats {
    /// Bytes read (UTF-8).
    bytes_in: u64,
    /// Bytes written (UTF-8).
    bytes_out: u64,
    /// Findings redacted.
    findings: u64,
    /// Segments processed.
    segments: u64,
}

impl From<phiredact::StreamStats> for PyStreamStats {
    fn from(s: phiredact::StreamStats) -> Self {
        PyStreamStats {
            bytes_in: s.bytes_in,
            bytes_out: s.bytes_out,
            findings: s.findings,
            segments: s.segments,
        }
    }
}

#[pymethods]
impl PyStreamStats {
    fn __repr__(&self) -> String {
        format!(
            "StreamStats(bytes_in={}, bytes_out={}, findings={}, segments={})",
            self.bytes_in, self.bytes_out, self.findings, self.segments
        )
    }
}

/// A push-style redacting stream. Not for use by several threads at once (a second
/// concurrent call raises `RuntimeError`); give each thread its own stream.
#[pyclass(name = "Stream", module = "phiredact")]
pub(crate) struct PyStream {
    inner: StreamRedactor,
}

impl PyStream {
    pub(crate) fn new(inner: StreamRedactor) -> PyStream {
        PyStream { inner }
    }
}

#[pymethods]
impl PyStream {
    /// Feeds a chunk (str or bytes; a multi-byte character may be split between bytes
    /// chunks) and returns the output that is final so far, possibly "".
    #[pyo3(signature = (data, /))]
    fn write(&mut self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
        let data = text_arg("data", data)?;
        let inner = &mut self.inner;
        py.detach(|| {
            let mut out = String::new();
            inner.write(data.as_bytes(), &mut out).map(|()| out)
        })
        .map_err(to_py)
    }

    /// Ends the stream and returns the rest of the output.
    fn finish(&mut self, py: Python<'_>) -> PyResult<String> {
        let inner = &mut self.inner;
        py.detach(|| {
            let mut out = String::new();
            inner.finish(&mut out).map(|_| out)
        })
        .map_err(to_py)
    }

    /// Counters so far.
    #[getter]
    fn stats(&self) -> PyStreamStats {
        self.inner.stats().into()
    }
}

/// The loop behind `Redactor.redact_stream`: reads `chunk_size` units from `src` with the
/// GIL held (it is Python code), redacts with the GIL released, and writes `str` to a text
/// file (`io.TextIOBase`) or UTF-8 `bytes` to anything else. Memory stays bounded: one
/// chunk plus the core stream's buffer.
pub(crate) fn redact_py_stream(
    py: Python<'_>,
    mut stream: StreamRedactor,
    src: &Bound<'_, PyAny>,
    dst: &Bound<'_, PyAny>,
    chunk_size: usize,
) -> PyResult<PyStreamStats> {
    let read = src.getattr("read")?;
    let write = dst.getattr("write")?;
    let text_out = dst.is_instance(&py.import("io")?.getattr("TextIOBase")?)?;
    let emit = |out: &str| -> PyResult<()> {
        if out.is_empty() {
            return Ok(());
        }
        if text_out {
            write.call1((out,))?;
        } else {
            write.call1((PyBytes::new(py, out.as_bytes()),))?;
        }
        Ok(())
    };
    loop {
        let chunk = read.call1((chunk_size,))?;
        let data = text_arg("src.read()", &chunk)?;
        if data.len() == 0 {
            break;
        }
        let out = py
            .detach(|| {
                let mut out = String::new();
                stream.write(data.as_bytes(), &mut out).map(|()| out)
            })
            .map_err(to_py)?;
        emit(&out)?;
    }
    let mut out = String::new();
    let stats = py.detach(|| stream.finish(&mut out)).map_err(to_py)?;
    emit(&out)?;
    Ok(stats.into())
}

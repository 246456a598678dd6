//! Python bindings for phiredact: the native module `phiredact._native`.
//!
//! This crate translates types and errors and releases the GIL; it holds no redaction
//! logic. Everything that decides what is PHI and how it is replaced is in the core crate,
//! so Python, the CLI and C give byte-identical answers. The Python package around this
//! module (`python/phiredact/`) re-exports it and defines the exception classes.
//!
//! Build it with maturin (`maturin develop` or `pip install ./bindings/python`); the tests
//! are pytest files in `tests/`, run by `tests/python/run.sh` at the repository root.

mod errors;
mod input;
mod redactor;
mod stream;

use pyo3::prelude::*;

/// The native part of the `phiredact` package.
#[pymodule(gil_used = false)]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", phiredact::VERSION)?;
    m.add_class::<redactor::PyRedactor>()?;
    m.add_class::<redactor::PyFinding>()?;
    m.add_class::<stream::PyStream>()?;
    m.add_class::<stream::PyStreamStats>()?;
    m.add_function(wrap_pyfunction!(redactor::bench_core, m)?)?;
    Ok(())
}

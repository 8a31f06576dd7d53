//! The one place where stancekit errors become Python exceptions.
//!
//! `LexiconError` subclasses `ValueError` and carries `.path` and `.line`;
//! other failures of a statement, and ratings that cannot calibrate a
//! lexicon, are `ValueError`s too, so callers catch what they already know.

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::Error;

// The full module path makes the exception picklable (a Dask or Spark
// worker's error reaches the client) and its repr honest.
pyo3::create_exception!(
    stancekit._stancekit,
    LexiconError,
    PyValueError,
    "A lexicon file or table that could not be read; `.path` and `.line` say where."
);

/// Converts a stancekit error into the matching Python exception.
pub(crate) fn to_py(py: Python<'_>, error: Error) -> PyErr {
    match error {
        Error::Lexicon(e) => {
            let err = LexiconError::new_err(e.to_string());
            let value = err.value(py);
            // Setting attributes on a fresh exception instance cannot fail
            // short of memory exhaustion; a failure would surface as the
            // attribute missing, never as a crash.
            let _ = value.setattr("path", e.origin.clone());
            let _ = value.setattr("line", e.line);
            err
        }
        Error::Io { .. } => PyOSError::new_err(error.to_string()),
        Error::Threads { .. } => PyRuntimeError::new_err(error.to_string()),
        Error::Tokenizer(_)
        | Error::Statement { .. }
        | Error::Calibration(_)
        | Error::Unsupported { .. }
        | Error::NoAxes => PyValueError::new_err(error.to_string()),
    }
}

/// The UTF-8 text of a statement, or a `ValueError` that says where it is
/// not text: a lone surrogate, as a corpus decoded with `surrogateescape`
/// holds, has no UTF-8 form. `item` is the statement's index in a batch.
pub(crate) fn text_of<'a, 'py>(
    text: Borrowed<'a, 'py, PyString>,
    item: Option<usize>,
) -> PyResult<&'a str> {
    text.extract::<&'a str>().map_err(|e| {
        let py = text.py();
        let at: Option<usize> = e.value(py).getattr("start").and_then(|s| s.extract()).ok();
        let which = item.map_or_else(|| "the statement".to_string(), |i| format!("item {i}"));
        let position = at.map_or_else(String::new, |at| format!(" at character {at}"));
        let err = PyValueError::new_err(format!(
            "{which} holds a lone surrogate{position}, which is not text: decode the corpus with \
             errors=\"replace\" (or repair it) rather than \"surrogateescape\""
        ));
        err.set_cause(py, Some(e));
        err
    })
}

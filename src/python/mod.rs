//! The PyO3 glue: thin wrappers over the Rust API, nothing more. Heavy calls
//! (compiling a lexicon, scoring a batch) run with the interpreter released,
//! and every error goes through [`errors::to_py`].
//!
//! A Rust panic never aborts the interpreter: PyO3 catches it at the edge of
//! every method and raises `pyo3_runtime.PanicException` (a
//! `BaseException`), also for a panic on a rayon worker, which rayon
//! re-raises in the calling thread.
//!
//! Docstrings carry Python examples (`>>>` lines); `stancekit/__init__.py`
//! hands them to doctest, which cannot find them in a compiled module.

mod calibrate;
mod errors;
mod html;
mod lexicon;
mod scorer;
mod stance;
mod targets;

use pyo3::prelude::*;
use rayon::prelude::*;

use errors::LexiconError;

/// Panics with `message` on a rayon worker, with the interpreter released:
/// the path a bug in batch scoring would take. For the tests, which check
/// that it surfaces as `PanicException` rather than an abort.
#[pyfunction]
fn _panic(py: Python<'_>, message: String) {
    py.detach(|| {
        (0..2).into_par_iter().for_each(|i| {
            if i == 1 {
                panic!("{message}");
            }
        })
    })
}

/// The extension module `stancekit._stancekit`.
#[pymodule]
fn _stancekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<lexicon::PyLexicon>()?;
    m.add_class::<scorer::PyScorer>()?;
    m.add_class::<stance::PyStance>()?;
    m.add_class::<stance::PyContribution>()?;
    m.add_class::<stance::PyFactor>()?;
    m.add_class::<targets::PyActors>()?;
    m.add_class::<targets::PyTargets>()?;
    m.add_class::<calibrate::PyCalibration>()?;
    m.add_class::<calibrate::PyAxisReport>()?;
    m.add_function(wrap_pyfunction!(calibrate::calibrate, m)?)?;
    m.add("LexiconError", m.py().get_type::<LexiconError>())?;
    // Private helpers stay out of `__all__`.
    let from_pickle = wrap_pyfunction!(lexicon::_lexicon_from_pickle, m)?;
    m.setattr("_lexicon_from_pickle", from_pickle)?;
    m.setattr("_panic", wrap_pyfunction!(_panic, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

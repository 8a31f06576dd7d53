//! `Scorer`: single statements, and batches on the core's batch driver
//! ([`Scorer::score_rows`]) with the interpreter released; this layer adds
//! only what needs Python: Ctrl-C checks and a progress bar between chunks.

use std::ops::ControlFlow;
use std::sync::Arc;

use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::errors::{text_of, to_py};
use super::lexicon::PyLexicon;
use super::stance::PyStance;
use crate::{Axis, Batch, Columns, Error, Lexicon, Profile, Rows, Scorer};

/// A compiled lexicon that scores statements. Pickles as its lexicon.
///
/// >>> scorer = Scorer()
/// >>> scorer.score("We will retaliate.").threat > 0
/// True
/// >>> import pickle
/// >>> pickle.loads(pickle.dumps(scorer)).lexicon == scorer.lexicon
/// True
#[pyclass(name = "Scorer", module = "stancekit._stancekit", frozen)]
pub struct PyScorer {
    inner: Scorer,
    lexicon: Lexicon,
    axes: Arc<[Axis]>,
}

/// Whether `item` is a missing value: `None`, a float NaN (Python's or
/// numpy's) or `pandas.NA`.
fn is_missing(item: &Bound<'_, PyAny>) -> PyResult<bool> {
    if item.is_none() {
        return Ok(true);
    }
    if let Ok(v) = item.extract::<f64>() {
        return Ok(v.is_nan());
    }
    // pandas is only looked at if the caller has imported it already.
    let py = item.py();
    let modules = py.import("sys")?.getattr("modules")?;
    match modules.get_item("pandas") {
        Ok(pandas) => Ok(item.is(&pandas.getattr("NA")?)),
        Err(_) => Ok(false),
    }
}

fn kind(item: &Bound<'_, PyAny>) -> String {
    item.get_type()
        .name()
        .map_or_else(|_| "?".into(), |n| n.to_string())
}

/// The items of `texts` (any iterable) in a tuple, which holds them for
/// as long as the batch is scored: a tuple cannot change, so its strings
/// stay alive and unchanged while the interpreter is released, and they can
/// be borrowed without counting a reference to each.
fn held<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    if let Ok(tuple) = texts.cast::<PyTuple>() {
        return Ok(tuple.clone());
    }
    if let Ok(list) = texts.cast::<PyList>() {
        return Ok(list.to_tuple());
    }
    let tuple = texts.py().get_type::<PyTuple>().call1((texts,))?;
    Ok(tuple.cast_into::<PyTuple>()?)
}

/// Reads the statements of `held` without copying them; with `nan`,
/// missing values (and text that is not text, see [`text_of`]) are `None`,
/// to get a row of NaN. Anything else that is not a `str` is a `TypeError`
/// naming its index.
fn collect_items<'a>(held: &'a Bound<'_, PyTuple>, nan: bool) -> PyResult<Vec<Option<&'a str>>> {
    let mut items = Vec::with_capacity(held.len());
    for (index, item) in held.iter_borrowed().enumerate() {
        if let Ok(text) = item.cast::<PyString>() {
            match text_of(text, Some(index)) {
                Ok(text) => items.push(Some(text)),
                Err(_) if nan => items.push(None),
                Err(e) => return Err(e),
            }
        } else if is_missing(&item)? {
            if !nan {
                return Err(PyTypeError::new_err(format!(
                    "item {index} is {}, not str (errors=\"nan\" scores missing values as NaN rows)",
                    kind(&item)
                )));
            }
            items.push(None);
        } else {
            return Err(PyTypeError::new_err(format!(
                "item {index} is {}, not str",
                kind(&item)
            )));
        }
    }
    Ok(items)
}

/// Reads `errors=`: whether bad items become NaN rows.
fn nan_rows(errors: &str) -> PyResult<bool> {
    match errors {
        "raise" => Ok(false),
        "nan" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "errors must be \"raise\" or \"nan\", not {other:?}"
        ))),
    }
}

/// A `tqdm.auto` bar over a batch, imported only when asked for. Held as
/// a `Py` so that the batch, run with the interpreter released, can carry
/// it and move it between chunks.
struct Progress {
    bar: Py<PyAny>,
}

impl Progress {
    fn new(py: Python<'_>, total: usize) -> PyResult<Self> {
        let tqdm = py.import("tqdm.auto").map_err(|e| {
            let err = PyImportError::new_err(
                "progress=True needs tqdm: pip install tqdm (or stancekit[progress])",
            );
            err.set_cause(py, Some(e));
            err
        })?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("total", total)?;
        kwargs.set_item("unit", "text")?;
        kwargs.set_item("unit_scale", true)?;
        kwargs.set_item("desc", "scoring")?;
        let bar = tqdm.getattr("tqdm")?.call((), Some(&kwargs))?.unbind();
        Ok(Progress { bar })
    }

    fn update(&self, py: Python<'_>, n: usize) -> PyResult<()> {
        self.bar.bind(py).call_method1("update", (n,)).map(drop)
    }

    fn close(&self, py: Python<'_>) -> PyResult<()> {
        self.bar.bind(py).call_method0("close").map(drop)
    }
}

/// Runs a batch of the core's driver with the interpreter released:
/// between chunks it takes the interpreter back to look at pending signals
/// (Ctrl-C stops the batch with `KeyboardInterrupt`) and to move the
/// progress bar. With `nan` false, a statement that failed fails the batch,
/// named by its index.
fn in_chunks<T: Send>(
    py: Python<'_>,
    progress: Option<&Progress>,
    nan: bool,
    run: impl FnOnce(&mut dyn FnMut(usize) -> ControlFlow<()>) -> Result<Rows<T>, Error> + Send,
) -> PyResult<Rows<T>> {
    py.check_signals()?;
    let mut failure: Option<PyErr> = None;
    let mut reported = 0;
    let rows = py.detach(|| {
        run(&mut |done| {
            Python::attach(|py| {
                let moved = progress.map_or(Ok(()), |p| p.update(py, done - reported));
                reported = done;
                match moved.and_then(|()| py.check_signals()) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => {
                        failure = Some(e);
                        ControlFlow::Break(())
                    }
                }
            })
        })
    });
    let closed = progress.map_or(Ok(()), |p| p.close(py));
    if let Some(e) = failure {
        return Err(e);
    }
    closed?;
    let rows = rows.map_err(|e| to_py(py, e))?;
    if nan {
        Ok(rows)
    } else {
        rows.first_error().map_err(|e| to_py(py, e))
    }
}

/// A batch on `num_threads` threads (rayon's global pool when `None`).
fn batch(py: Python<'_>, num_threads: Option<usize>) -> PyResult<Batch<'static>> {
    Batch::new()
        .threads(num_threads.unwrap_or(0))
        .map_err(|e| to_py(py, e))
}

#[pymethods]
impl PyScorer {
    /// Compiles `lexicon` for a rule profile: `"stancekit"`, or `"vader"`
    /// for vaderSentiment's rules on a VADER-format lexicon (see
    /// `stancekit.vader`). Without a lexicon, each profile takes its own:
    /// the built-in `diplomatic-en`, or VADER's.
    ///
    /// >>> Scorer(profile="vader").axes
    /// ['valence']
    #[new]
    #[pyo3(signature = (lexicon = None, profile = "stancekit"))]
    fn new(py: Python<'_>, lexicon: Option<&PyLexicon>, profile: &str) -> PyResult<Self> {
        let profile: Profile = profile
            .parse()
            .map_err(|e: crate::UnknownProfile| PyValueError::new_err(e.to_string()))?;
        // Each profile's own lexicon when none is given.
        let lexicon = lexicon.map_or_else(|| profile.default_lexicon(), |l| l.inner.clone());
        // The built-in lexicon's scorer is compiled once per process, which
        // makes unpickling it (as Dask and Spark workers do) cheap.
        let inner = if profile == Profile::Stancekit && lexicon == Lexicon::default() {
            Scorer::default()
        } else {
            py.detach(|| Scorer::with_profile(&lexicon, profile))
                .map_err(|e| to_py(py, e))?
        };
        let axes = inner.axes().into();
        Ok(PyScorer {
            inner,
            lexicon,
            axes,
        })
    }

    /// Scores one statement, with its explanation.
    ///
    /// >>> s = Scorer().score("Russia would not give up its claims.")
    /// >>> s
    /// Stance(threat=+0.181, blame=+0.181, rigidity=+0.677, certainty=+0.213)
    /// >>> s.text
    /// 'Russia would not give up its claims.'
    fn score(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<PyStance> {
        let text = text_of(text.as_borrowed(), None)?;
        let inner = self.inner.score(text).map_err(|e| to_py(py, e))?;
        Ok(PyStance {
            inner,
            text: text.to_string(),
            axes: self.axes.clone(),
        })
    }

    /// The stance toward each actor `text` names (`actors`: the built-in
    /// list when `None`): a `Targets` with one score vector per actor and
    /// the attribution of every contribution.
    ///
    /// >>> t = Scorer().score_targets("We welcome the answer of Washington and condemn the provocations of NATO.")
    /// >>> t.targets["US"]["blame"] < 0 < t.targets["NATO"]["blame"]
    /// True
    #[pyo3(signature = (text, actors = None))]
    fn score_targets(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        actors: Option<&super::targets::PyActors>,
    ) -> PyResult<super::targets::PyTargets> {
        let text = text_of(text.as_borrowed(), None)?;
        let builtin;
        let actors = match actors {
            Some(a) => &a.inner,
            None => {
                builtin = crate::Actors::builtin();
                &builtin
            }
        };
        let targets = (self.inner.score_targets(text, actors)).map_err(|e| to_py(py, e))?;
        let stance = PyStance {
            inner: targets.stance.clone(),
            text: text.to_string(),
            axes: self.axes.clone(),
        };
        super::targets::PyTargets::new(py, targets, text, stance)
    }

    /// Scores many statements: a float32 array, statements x axes, equal to
    /// scoring them one by one.
    ///
    /// The statements are scored in chunks of 10,000 with the interpreter
    /// released, on `num_threads` threads (all cores when `None`); between
    /// chunks, Ctrl-C stops the batch with `KeyboardInterrupt` and
    /// `progress=True` moves a `tqdm.auto` bar. The chunks fill one array
    /// built in Rust and handed to numpy without a copy.
    ///
    /// With `errors="nan"`, a missing item (`None`, a float NaN,
    /// `pandas.NA`), an item that is not text (a lone surrogate) and a
    /// statement that cannot be scored get a row of NaN; with
    /// `errors="raise"`, the default, a missing item is a `TypeError`, like
    /// any item that is not a `str`, and the others a `ValueError` naming
    /// the item.
    ///
    /// >>> Scorer().score_batch(["We welcome the talks.", None], errors="nan").round(3)
    /// array([[-0.545, -0.762, -0.243,  0.   ],
    ///        [   nan,    nan,    nan,    nan]], dtype=float32)
    #[pyo3(signature = (texts, *, num_threads = None, progress = false, errors = "raise"))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        num_threads: Option<usize>,
        progress: bool,
        errors: &str,
    ) -> PyResult<Bound<'py, PyArray2<f32>>> {
        let nan = nan_rows(errors)?;
        let held = held(texts)?;
        let items = collect_items(&held, nan)?;
        let batch = batch(py, num_threads)?.columns(Columns::Axes);
        let progress = progress
            .then(|| Progress::new(py, items.len()))
            .transpose()?;
        let rows = in_chunks(py, progress.as_ref(), nan, |on_chunk| {
            self.inner.score_rows(&items, &batch, on_chunk)
        })?;
        Ok(rows.scores.into_pyarray(py))
    }

    /// Axis ids: the columns of `score_batch`.
    #[getter]
    fn axes(&self) -> Vec<String> {
        self.axes.iter().map(|a| a.id.clone()).collect()
    }

    /// The lexicon this scorer compiled.
    #[getter]
    fn lexicon(&self) -> PyLexicon {
        PyLexicon::new(self.lexicon.clone())
    }

    /// The rule profile: `"stancekit"` or `"vader"`.
    #[getter]
    fn profile(&self) -> &'static str {
        self.inner.profile().name()
    }

    /// VADER's `neg`, `neu`, `pos` and `compound`, rounded as
    /// vaderSentiment rounds them.
    ///
    /// >>> Scorer(Lexicon.vader(), profile="vader").polarity("The book was good.")
    /// {'neg': 0.0, 'neu': 0.508, 'pos': 0.492, 'compound': 0.4404}
    fn polarity<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'_, PyString>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let text = text_of(text.as_borrowed(), None)?;
        let p = self.inner.polarity(text).map_err(|e| to_py(py, e))?;
        // Interned keys: one call makes four floats, not four strings too.
        let dict = PyDict::new(py);
        dict.set_item(intern!(py, "neg"), p.neg)?;
        dict.set_item(intern!(py, "neu"), p.neu)?;
        dict.set_item(intern!(py, "pos"), p.pos)?;
        dict.set_item(intern!(py, "compound"), p.compound)?;
        Ok(dict)
    }

    /// [`polarity`] of many statements, with the interpreter released, on
    /// `num_threads` threads (all cores when `None`): a float64 array of one row per statement, columns `neg`,
    /// `neu`, `pos`, `compound`.
    ///
    /// >>> Scorer(Lexicon.vader(), profile="vader").polarity_batch(["The book was good."]).tolist()
    /// [[0.0, 0.508, 0.492, 0.4404]]
    #[pyo3(signature = (texts, *, num_threads = None))]
    fn polarity_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        num_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let held = held(texts)?;
        let items = collect_items(&held, false)?;
        let batch = batch(py, num_threads)?;
        let rows = in_chunks(py, None, false, |on_chunk| {
            self.inner.polarity_rows(&items, &batch, on_chunk)
        })?;
        Ok(rows.scores.into_pyarray(py))
    }

    /// Pickles as `Scorer(lexicon, profile)`: the lexicon carries the state
    /// (by name when built in), and unpickling compiles it again.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, pyo3::types::PyType>, (PyLexicon, &'static str))> {
        let this = slf.get();
        Ok((slf.get_type(), (this.lexicon(), this.profile())))
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorer(lexicon={:?}, hash={:?})",
            self.lexicon.name(),
            self.inner.lexicon_hash()
        )
    }
}

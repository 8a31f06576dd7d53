//! `Scorer`: single statements, and batches scored in chunks with the
//! interpreter released, a progress bar on request, Ctrl-C honoured between
//! chunks and missing values as NaN rows.

use std::sync::Arc;

use ndarray::{Array2, Axis as Rows};
use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::errors::{text_of, to_py};
use super::lexicon::PyLexicon;
use super::stance::PyStance;
use crate::{Axis, Error, Lexicon, Profile, Scorer};

/// Statements per chunk of a batch: each chunk is scored with the
/// interpreter released (on all threads), and between chunks the progress
/// bar moves and Ctrl-C is checked: 10 to 100 ms of work on one core for
/// statements of a sentence to a paragraph.
const CHUNK: usize = 10_000;

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

/// A pool of `num_threads` threads, or `None` for rayon's global pool.
fn thread_pool(py: Python<'_>, num_threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    num_threads
        .map(|threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| {
                    let reason = e.to_string();
                    to_py(py, Error::Threads { threads, reason })
                })
        })
        .transpose()
}

/// Reads a profile name.
fn profile(name: &str) -> PyResult<Profile> {
    match name {
        "stancekit" => Ok(Profile::Stancekit),
        "vader" => Ok(Profile::Vader),
        other => Err(PyValueError::new_err(format!(
            "unknown profile {other:?} (expected \"stancekit\" or \"vader\")"
        ))),
    }
}

fn profile_name(profile: Profile) -> &'static str {
    match profile {
        Profile::Stancekit => "stancekit",
        Profile::Vader => "vader",
    }
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
/// missing values become empty statements whose indices are returned too
/// (their rows are then overwritten with NaN). Anything else that is not a
/// `str` is a `TypeError` naming its index.
fn collect_items<'a>(
    held: &'a Bound<'_, PyTuple>,
    nan: bool,
) -> PyResult<(Vec<&'a str>, Vec<usize>)> {
    let mut items = Vec::with_capacity(held.len());
    let mut missing = Vec::new();
    for (index, item) in held.iter_borrowed().enumerate() {
        if let Ok(text) = item.cast::<PyString>() {
            match text_of(text, Some(index)) {
                Ok(text) => items.push(text),
                Err(_) if nan => {
                    missing.push(index);
                    items.push("");
                }
                Err(e) => return Err(e),
            }
        } else if nan && is_missing(&item)? {
            missing.push(index);
            items.push("");
        } else if !nan && is_missing(&item)? {
            return Err(PyTypeError::new_err(format!(
                "item {index} is {}, not str (errors=\"nan\" scores missing values as NaN rows)",
                kind(&item)
            )));
        } else {
            return Err(PyTypeError::new_err(format!(
                "item {index} is {}, not str",
                kind(&item)
            )));
        }
    }
    Ok((items, missing))
}

/// A `tqdm.auto` bar over a batch, imported only when asked for.
struct Progress<'py> {
    bar: Bound<'py, PyAny>,
}

impl<'py> Progress<'py> {
    fn new(py: Python<'py>, total: usize) -> PyResult<Self> {
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
        let bar = tqdm.getattr("tqdm")?.call((), Some(&kwargs))?;
        Ok(Progress { bar })
    }

    fn update(&self, n: usize) -> PyResult<()> {
        self.bar.call_method1("update", (n,)).map(drop)
    }

    fn close(&self) -> PyResult<()> {
        self.bar.call_method0("close").map(drop)
    }
}

/// An error of chunk `c`, with a failing statement's index counted from the
/// start of the batch rather than of its chunk.
fn in_chunk(e: Error, c: usize) -> Error {
    match e {
        Error::Statement { index, source } => Error::Statement {
            index: c * CHUNK + index,
            source,
        },
        other => other,
    }
}

impl PyScorer {
    /// Scores `items` into `out`, chunk by chunk: each chunk with the
    /// interpreter released, and between chunks a look at pending signals
    /// (Ctrl-C raises `KeyboardInterrupt` there) and the progress bar.
    fn fill(
        &self,
        py: Python<'_>,
        items: &[&str],
        out: &mut Array2<f32>,
        pool: Option<&rayon::ThreadPool>,
        progress: Option<&Progress<'_>>,
    ) -> PyResult<()> {
        let chunks = out
            .axis_chunks_iter_mut(Rows(0), CHUNK)
            .zip(items.chunks(CHUNK));
        for (c, (rows, chunk)) in chunks.enumerate() {
            py.check_signals()?;
            let scored = py.detach(|| match pool {
                Some(pool) => pool.install(|| self.inner.score_batch_into(chunk, rows)),
                None => self.inner.score_batch_into(chunk, rows),
            });
            scored.map_err(|e| to_py(py, in_chunk(e, c)))?;
            if let Some(progress) = progress {
                progress.update(chunk.len())?;
            }
        }
        Ok(())
    }
}

#[pymethods]
impl PyScorer {
    /// Compiles `lexicon` (the built-in one when `None`) for a rule
    /// profile: `"stancekit"`, or `"vader"` for vaderSentiment's rules on a
    /// VADER-format lexicon (see `stancekit.vader`).
    #[new]
    #[pyo3(signature = (lexicon = None, profile = "stancekit"))]
    fn new(py: Python<'_>, lexicon: Option<&PyLexicon>, profile: &str) -> PyResult<Self> {
        let lexicon = lexicon.map_or_else(Lexicon::default, |l| l.inner.clone());
        let profile = self::profile(profile)?;
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
    /// `pandas.NA`) gets a row of NaN; with `errors="raise"`, the default,
    /// it is a `TypeError`, like any item that is not a `str`.
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
        let nan = match errors {
            "raise" => false,
            "nan" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\" or \"nan\", not {other:?}"
                )))
            }
        };
        let held = held(texts)?;
        let (items, missing) = collect_items(&held, nan)?;
        let pool = thread_pool(py, num_threads)?;
        let progress = progress
            .then(|| Progress::new(py, items.len()))
            .transpose()?;
        let mut out = Array2::<f32>::zeros((items.len(), self.axes.len()));
        let filled = self.fill(py, &items, &mut out, pool.as_ref(), progress.as_ref());
        let closed = progress.as_ref().map_or(Ok(()), Progress::close);
        filled?;
        closed?;
        for i in missing {
            out.row_mut(i).fill(f32::NAN);
        }
        Ok(out.into_pyarray(py))
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
        profile_name(self.inner.profile())
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
        let (items, _) = collect_items(&held, false)?;
        let pool = thread_pool(py, num_threads)?;
        let mut out = Array2::<f64>::zeros((items.len(), 4));
        // Chunk by chunk, as `score_batch`: Ctrl-C is seen between chunks.
        let chunks = out
            .axis_chunks_iter_mut(Rows(0), CHUNK)
            .zip(items.chunks(CHUNK));
        for (c, (mut rows, chunk)) in chunks.enumerate() {
            py.check_signals()?;
            let scored = py.detach(|| match &pool {
                Some(pool) => pool.install(|| self.inner.polarity_batch(chunk)),
                None => self.inner.polarity_batch(chunk),
            });
            rows.assign(&scored.map_err(|e| to_py(py, in_chunk(e, c)))?);
        }
        Ok(out.into_pyarray(py))
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

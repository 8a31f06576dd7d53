//! The PyO3 glue: thin wrappers over the Rust API, nothing more. Heavy calls
//! (compiling a lexicon, scoring a batch) run with the interpreter released,
//! and every error goes through [`errors::to_py`].

mod errors;

use std::path::PathBuf;

use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::{PyAttributeError, PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::{Contribution, Lexicon, Scorer, Stance};
use errors::{to_py, LexiconError};

/// A lexicon: axes, weighted terms and the rules' vocabulary.
#[pyclass(name = "Lexicon", module = "stancekit._stancekit", frozen)]
#[derive(Clone)]
pub struct PyLexicon {
    inner: Lexicon,
}

#[pymethods]
impl PyLexicon {
    /// The built-in `diplomatic-en` lexicon.
    #[staticmethod]
    fn default() -> Self {
        PyLexicon {
            inner: Lexicon::default(),
        }
    }

    /// Reads a `.toml`, `.json`, `.csv` or `.tsv` lexicon file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| Lexicon::from_path(&path))
            .map_err(|e| to_py(py, e))?;
        Ok(PyLexicon { inner })
    }

    /// Reads a lexicon from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Lexicon::from_toml_str(text).map_err(|e| to_py(py, e))?;
        Ok(PyLexicon { inner })
    }

    /// Reads a lexicon from JSON text of the TOML schema.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Lexicon::from_json_str(text).map_err(|e| to_py(py, e))?;
        Ok(PyLexicon { inner })
    }

    /// This lexicon extended by a file: its terms override, its removals
    /// remove.
    fn extended_by_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| self.inner.extended_by_path(&path))
            .map_err(|e| to_py(py, e))?;
        Ok(PyLexicon { inner })
    }

    /// This lexicon with `entries` ({term: {axis: weight}}) added or
    /// overriding, in group `group`.
    #[pyo3(signature = (entries, *, group = "user"))]
    fn with_entries(
        &self,
        py: Python<'_>,
        entries: Vec<(String, Vec<(String, f64)>)>,
        group: &str,
    ) -> PyResult<Self> {
        let mut inner = self.inner.clone();
        for (term, weights) in entries {
            inner
                .add_entry(&term, group, weights.iter().map(|(a, w)| (a.as_str(), *w)))
                .map_err(|e| to_py(py, e))?;
        }
        Ok(PyLexicon { inner })
    }

    /// Axis ids, in output order.
    #[getter]
    fn axes(&self) -> Vec<String> {
        self.inner.axes().iter().map(|a| a.id.clone()).collect()
    }

    /// Content hash.
    #[getter]
    fn hash(&self) -> String {
        self.inner.hash()
    }

    /// Name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Version.
    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    /// The lexicon in the TOML format.
    fn to_toml(&self) -> String {
        self.inner.to_toml()
    }

    /// The lexicon as JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Lexicon(name={:?}, version={:?}, entries={}, axes={:?}, hash={:?})",
            self.inner.name(),
            self.inner.version(),
            self.inner.len(),
            self.axes(),
            self.inner.hash()
        )
    }
}

/// A compiled lexicon that scores statements.
#[pyclass(name = "Scorer", module = "stancekit._stancekit", frozen)]
pub struct PyScorer {
    inner: Scorer,
    lexicon: Lexicon,
}

/// Reads `texts` (any iterable of `str`) into owned strings, naming the
/// index of the first item that is not a string.
fn collect_texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for (index, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        let text: String = item.extract().map_err(|_| {
            let kind = item
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into());
            PyTypeError::new_err(format!("item {index} is {kind}, not str"))
        })?;
        out.push(text);
    }
    Ok(out)
}

#[pymethods]
impl PyScorer {
    /// Compiles `lexicon` (the built-in one when `None`).
    #[new]
    #[pyo3(signature = (lexicon = None))]
    fn new(py: Python<'_>, lexicon: Option<&PyLexicon>) -> PyResult<Self> {
        let lexicon = lexicon.map_or_else(Lexicon::default, |l| l.inner.clone());
        let inner = py
            .detach(|| Scorer::new(&lexicon))
            .map_err(|e| to_py(py, e))?;
        Ok(PyScorer { inner, lexicon })
    }

    /// Scores one statement, with its explanation.
    fn score(&self, py: Python<'_>, text: &str) -> PyResult<PyStance> {
        let inner = self.inner.score(text).map_err(|e| to_py(py, e))?;
        Ok(PyStance { inner })
    }

    /// Scores many statements: a float32 array, statements x axes.
    #[pyo3(signature = (texts, *, num_threads = None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        num_threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray2<f32>>> {
        let texts = collect_texts(texts)?;
        let scores = py
            .detach(|| match num_threads {
                Some(n) => self.inner.score_batch_threads(&texts, n),
                None => self.inner.score_batch(&texts),
            })
            .map_err(|e| to_py(py, e))?;
        Ok(scores.into_pyarray(py))
    }

    /// Axis ids: the columns of `score_batch`.
    #[getter]
    fn axes(&self) -> Vec<String> {
        self.inner.axes().iter().map(|a| a.id.clone()).collect()
    }

    /// The lexicon this scorer compiled.
    #[getter]
    fn lexicon(&self) -> PyLexicon {
        PyLexicon {
            inner: self.lexicon.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Scorer(lexicon={:?}, hash={:?})",
            self.lexicon.name(),
            self.inner.lexicon_hash()
        )
    }
}

/// The stance of one statement.
#[pyclass(name = "Stance", module = "stancekit._stancekit", frozen)]
pub struct PyStance {
    inner: Stance,
}

fn contribution_dict<'py>(
    py: Python<'py>,
    axes: &[String],
    c: &Contribution,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("text", &c.text)?;
    d.set_item("span", (c.span.start, c.span.end))?;
    d.set_item("term", &c.term)?;
    d.set_item("group", &c.group)?;
    let by_axis = |values: &[f64]| -> PyResult<Bound<'py, PyDict>> {
        let m = PyDict::new(py);
        for (axis, v) in axes.iter().zip(values) {
            m.set_item(axis, v)?;
        }
        Ok(m)
    };
    d.set_item("weights", by_axis(&c.weights)?)?;
    d.set_item("values", by_axis(&c.values)?)?;
    let factors = PyList::empty(py);
    for f in &c.factors {
        let fd = PyDict::new(py);
        fd.set_item("rule", f.rule.name())?;
        fd.set_item("factor", f.factor)?;
        fd.set_item("trigger", &f.trigger)?;
        fd.set_item(
            "trigger_span",
            f.trigger_span.as_ref().map(|s| (s.start, s.end)),
        )?;
        factors.append(fd)?;
    }
    d.set_item("factors", factors)?;
    d.set_item("sentence", c.sentence)?;
    Ok(d)
}

#[pymethods]
impl PyStance {
    fn __getitem__(&self, axis: &str) -> PyResult<f64> {
        self.inner
            .score(axis)
            .ok_or_else(|| PyKeyError::new_err(axis.to_string()))
    }

    fn __getattr__(&self, name: &str) -> PyResult<f64> {
        self.inner.score(name).ok_or_else(|| {
            PyAttributeError::new_err(format!("Stance has no axis or attribute {name:?}"))
        })
    }

    /// Axis ids, in order.
    #[getter]
    fn axes(&self) -> Vec<String> {
        self.inner.axes.iter().map(|a| a.axis.clone()).collect()
    }

    /// `{axis: score}`, plus `{axis}_raw` and `{axis}_hits`, in axis order.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for a in &self.inner.axes {
            d.set_item(&a.axis, a.score)?;
        }
        for a in &self.inner.axes {
            d.set_item(format!("{}_raw", a.axis), a.raw)?;
            d.set_item(format!("{}_hits", a.axis), a.hits)?;
        }
        Ok(d)
    }

    /// Every contribution as a dict: text, span, term, group, weights and
    /// values by axis, factors.
    #[getter]
    fn contributions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let axes = self.axes();
        let list = PyList::empty(py);
        for c in &self.inner.contributions {
            list.append(contribution_dict(py, &axes, c)?)?;
        }
        Ok(list)
    }

    /// A plain-text table of the contributions.
    fn explain(&self) -> String {
        self.inner.explain()
    }

    /// Number of tokens.
    #[getter]
    fn tokens(&self) -> usize {
        self.inner.tokens
    }

    /// Number of sentences.
    #[getter]
    fn sentences(&self) -> usize {
        self.inner.sentences
    }

    /// Hash of the lexicon that scored it.
    #[getter]
    fn lexicon(&self) -> &str {
        &self.inner.lexicon
    }

    fn __repr__(&self) -> String {
        let parts: Vec<String> = self
            .inner
            .axes
            .iter()
            .map(|a| format!("{}={:+.3}", a.axis, a.score))
            .collect();
        format!("Stance({})", parts.join(", "))
    }
}

/// The extension module `stancekit._stancekit`.
#[pymodule]
fn _stancekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLexicon>()?;
    m.add_class::<PyScorer>()?;
    m.add_class::<PyStance>()?;
    m.add("LexiconError", m.py().get_type::<LexiconError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

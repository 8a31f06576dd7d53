//! `Lexicon`: loading (files, TOML, JSON, dicts), content equality and
//! pickling.

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::OnceLock;

use pyo3::exceptions::{PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::errors::to_py;
use crate::{Error, Lexicon};

/// Version of the pickle state of `Lexicon` (and so of `Scorer`): bumped
/// when the state changes shape, so that an older stancekit refuses a newer
/// pickle with a clear message instead of misreading it.
const PICKLE_FORMAT: u32 = 1;

/// `(format, kind, payload, hash)`: kind `builtin` with the lexicon's name,
/// or `toml` with its text; the content hash it had when pickled.
type PickleState = (u32, String, String, String);

/// A lexicon: axes, weighted terms and the rules' vocabulary.
///
/// Two lexicons are equal when their content hashes are: same axes,
/// entries, modifiers and alpha, whatever their names or file layout. A
/// lexicon pickles by name when it is a built-in one, by its TOML otherwise.
///
/// >>> lexicon = Lexicon.default()
/// >>> lexicon.name, lexicon.axes
/// ('diplomatic-en', ['threat', 'blame', 'rigidity', 'certainty'])
/// >>> Lexicon.from_toml(lexicon.to_toml()) == lexicon
/// True
#[pyclass(name = "Lexicon", module = "stancekit._stancekit", frozen)]
pub struct PyLexicon {
    pub(super) inner: Lexicon,
    /// `inner.hash()`, computed once: equality and `__hash__` use it.
    hash: OnceLock<String>,
}

impl PyLexicon {
    pub(super) fn new(inner: Lexicon) -> Self {
        PyLexicon {
            inner,
            hash: OnceLock::new(),
        }
    }

    fn content_hash(&self) -> &str {
        self.hash.get_or_init(|| self.inner.hash())
    }

    /// The name of the built-in lexicon `self` is, if it is one exactly
    /// (metadata and groups included, so that it unpickles identical).
    fn builtin_name(&self) -> Option<&'static str> {
        Lexicon::builtin_names()
            .iter()
            .copied()
            .find(|name| Lexicon::builtin(name).is_some_and(|b| b == self.inner))
    }
}

#[pymethods]
impl PyLexicon {
    /// The built-in `diplomatic-en` lexicon.
    ///
    /// >>> len(Lexicon.default()) >= 1500
    /// True
    #[staticmethod]
    fn default() -> Self {
        PyLexicon::new(Lexicon::default())
    }

    /// Reads a `.toml`, `.json`, `.csv`, `.tsv`, LIWC `.dic` or quanteda
    /// `.yml`/`.yaml` lexicon file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| Lexicon::from_path(&path))
            .map_err(|e| to_py(py, e))?;
        Ok(PyLexicon::new(inner))
    }

    /// VADER 3.3.2's lexicon (MIT licence, C.J. Hutto), one `valence`
    /// axis, with VADER's boosters, negations, `but` and idioms as
    /// modifiers and phrases.
    ///
    /// >>> Lexicon.vader().axes
    /// ['valence']
    #[staticmethod]
    fn vader() -> Self {
        PyLexicon::new(crate::vader::lexicon())
    }

    /// Reads a lexicon file in VADER's format
    /// (`token<TAB>mean<TAB>sd<TAB>ratings`, the last duplicate winning).
    #[staticmethod]
    fn from_vader_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| crate::vader::lexicon_from_path(&path))
            .map_err(|e| to_py(py, e))?;
        Ok(PyLexicon::new(inner))
    }

    /// Reads a lexicon from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Lexicon::from_toml_str(text).map_err(|e| to_py(py, e))?;
        Ok(PyLexicon::new(inner))
    }

    /// Reads a lexicon from JSON text of the TOML schema.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Lexicon::from_json_str(text).map_err(|e| to_py(py, e))?;
        Ok(PyLexicon::new(inner))
    }

    /// Reads a lexicon from a dict of the TOML schema (`lexicon`, `axes`,
    /// `entries`, `modifiers`, `remove`); `extends` may name a built-in
    /// lexicon. Problems are `LexiconError`s with path `<dict>`.
    ///
    /// >>> mine = Lexicon.from_dict({
    /// ...     "lexicon": {"name": "tone"},
    /// ...     "axes": [{"id": "tone", "negative": "calm", "positive": "angry"}],
    /// ...     "entries": {"anger": {"outrage*": {"tone": 2.0}}},
    /// ... })
    /// >>> Scorer(mine).score("An outrageous decision.")["tone"] > 0
    /// True
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyDict>) -> PyResult<Self> {
        // The dict goes through the JSON loader so that both read one schema.
        // JSON has no NaN or infinity: when `json.dumps` refuses one, it is
        // found and named as the file loader names it.
        let kwargs = PyDict::new(py);
        kwargs.set_item("allow_nan", false)?;
        let dumped = py
            .import("json")?
            .call_method("dumps", (data,), Some(&kwargs));
        let text: String = match dumped {
            Ok(text) => text.extract()?,
            Err(e) => match non_finite(data.as_any(), &[])? {
                Some((term, field)) => {
                    let problem = crate::Problem::NonFinite { term, field };
                    let e = crate::LexiconError::new("<dict>", None, problem);
                    return Err(to_py(py, Error::Lexicon(e)));
                }
                None => return Err(e),
            },
        };
        let inner = Lexicon::from_json_str(&text).map_err(|e| {
            // Line numbers would point into JSON the caller never saw.
            let e = match e {
                Error::Lexicon(mut e) => {
                    e.origin = "<dict>".into();
                    e.line = None;
                    Error::Lexicon(e)
                }
                other => other,
            };
            to_py(py, e)
        })?;
        Ok(PyLexicon::new(inner))
    }

    /// This lexicon extended by a file: its terms override, its removals
    /// remove.
    fn extended_by_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| self.inner.extended_by_path(&path))
            .map_err(|e| to_py(py, e))?;
        Ok(PyLexicon::new(inner))
    }

    /// This lexicon with `entries` ({term: {axis: weight}}) added or
    /// overriding, in group `group`.
    ///
    /// >>> mine = Lexicon.default().with_entries([("zorble-fluxing", [("threat", 2.0)])])
    /// >>> mine == Lexicon.default()
    /// False
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
        Ok(PyLexicon::new(inner))
    }

    /// Axis ids, in output order.
    #[getter]
    fn axes(&self) -> Vec<String> {
        self.inner.axes().iter().map(|a| a.id.clone()).collect()
    }

    /// Content hash.
    #[getter]
    fn hash(&self) -> &str {
        self.content_hash()
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

    /// The lexicon as a dict of the TOML schema, for `from_dict`.
    ///
    /// >>> d = Lexicon.default().to_dict()
    /// >>> d["lexicon"]["name"], Lexicon.from_dict(d) == Lexicon.default()
    /// ('diplomatic-en', True)
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?
            .call_method1("loads", (self.inner.to_json(),))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.content_hash() == other.content_hash()
    }

    fn __hash__(&self) -> u64 {
        // The content hash is `sha256:` and 16 hex digits: 64 good bits.
        let hex = self.content_hash().trim_start_matches("sha256:");
        u64::from_str_radix(hex, 16).unwrap_or(0)
    }

    /// Pickles a built-in lexicon by name (with its hash, to warn if the
    /// unpickling stancekit's differs), any other by its TOML.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (PickleState,))> {
        let hash = self.content_hash().to_string();
        let state = match self.builtin_name() {
            Some(name) => (PICKLE_FORMAT, "builtin".to_string(), name.to_string(), hash),
            None => (
                PICKLE_FORMAT,
                "toml".to_string(),
                self.inner.to_toml(),
                hash,
            ),
        };
        let rebuild = py
            .import("stancekit._stancekit")?
            .getattr("_lexicon_from_pickle")?;
        Ok((rebuild, (state,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Lexicon(name={:?}, version={:?}, entries={}, axes={:?}, hash={:?})",
            self.inner.name(),
            self.inner.version(),
            self.inner.len(),
            self.axes(),
            self.content_hash()
        )
    }
}

/// Rebuilds a pickled `Lexicon` from `(format, kind, payload, hash)`.
#[pyfunction]
pub(super) fn _lexicon_from_pickle(py: Python<'_>, state: PickleState) -> PyResult<PyLexicon> {
    let (format, kind, payload, hash) = state;
    if format > PICKLE_FORMAT {
        return Err(PyValueError::new_err(format!(
            "this lexicon was pickled by a newer stancekit (pickle format {format}); \
             this one reads format {PICKLE_FORMAT} and older"
        )));
    }
    let lexicon = match kind.as_str() {
        "builtin" => Lexicon::builtin(&payload).ok_or_else(|| {
            PyValueError::new_err(format!(
                "this lexicon was pickled as the built-in {payload:?}, which this stancekit lacks"
            ))
        })?,
        "toml" => Lexicon::from_toml_str(&payload).map_err(|e| to_py(py, e))?,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown lexicon pickle kind {other:?}"
            )))
        }
    };
    let lexicon = PyLexicon::new(lexicon);
    // A built-in lexicon changes between stancekit versions (and the TOML
    // reader could): say so rather than let scores drift silently.
    if lexicon.content_hash() != hash {
        let message = format!(
            "the lexicon {:?} was pickled as {hash} and is {} here: scores may differ \
             from the pickling process",
            lexicon.inner.name(),
            lexicon.content_hash()
        );
        let message = CString::new(message.replace('\0', "")).unwrap_or_default();
        PyErr::warn(py, &py.get_type::<PyUserWarning>(), &message, 1)?;
    }
    Ok(lexicon)
}

/// The first float in `value` (dicts and lists, recursively) that is NaN or
/// infinite, as `(term, field)`: the two keys that lead to it, as an entry's
/// term and axis or a modifier's term and parameter.
fn non_finite(value: &Bound<'_, PyAny>, path: &[String]) -> PyResult<Option<(String, String)>> {
    let located = |path: &[String]| {
        let field = path.last().cloned().unwrap_or_default();
        let term = path
            .len()
            .checked_sub(2)
            .map_or_else(String::new, |i| path[i].clone());
        (term, field)
    };
    if let Ok(dict) = value.cast::<PyDict>() {
        for (key, item) in dict.iter() {
            let mut inner = path.to_vec();
            inner.push(key.str()?.to_string());
            if let Some(found) = non_finite(&item, &inner)? {
                return Ok(Some(found));
            }
        }
    } else if let Ok(list) = value.cast::<pyo3::types::PyList>() {
        for (i, item) in list.iter().enumerate() {
            let mut inner = path.to_vec();
            inner.push(i.to_string());
            if let Some(found) = non_finite(&item, &inner)? {
                return Ok(Some(found));
            }
        }
    } else if let Ok(x) = value.cast::<pyo3::types::PyFloat>() {
        if !x.value().is_finite() {
            return Ok(Some(located(path)));
        }
    }
    Ok(None)
}

//! Actors and the stance toward each of them, for Python.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use super::errors::to_py;
use super::stance::{CharOffsets, PyContribution, PyStance};
use crate::{Actors, Targets};

/// Actors and their aliases: who a statement names.
///
/// >>> actors = Actors({"US": ["Washington", "American*"], "NATO": ["NATO", "the Alliance"]})
/// >>> actors.ids
/// ['US', 'NATO', 'speaker']
/// >>> "NATO" in Actors.builtin().ids
/// True
#[pyclass(name = "Actors", module = "stancekit._stancekit", frozen)]
#[derive(Clone)]
pub struct PyActors {
    pub(super) inner: Actors,
}

#[pymethods]
impl PyActors {
    /// Actors from a dict of id to aliases; the speaker (we, us, our) is
    /// added.
    #[new]
    fn new(py: Python<'_>, actors: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner = Actors::new(pairs(actors)?).map_err(|e| to_py(py, e))?;
        Ok(PyActors { inner })
    }

    /// The built-in list of major states and organizations.
    #[staticmethod]
    fn builtin() -> Self {
        PyActors {
            inner: Actors::builtin(),
        }
    }

    /// Actors from a TOML or JSON file of id to aliases.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = Actors::from_path(&path).map_err(|e| to_py(py, e))?;
        Ok(PyActors { inner })
    }

    /// These actors and `more` (a dict of id to aliases): a new id is
    /// added, a known one gets the new aliases too.
    ///
    /// >>> Actors.builtin().extended({"Hezbollah": ["Hezbollah"]}).mentions("Hezbollah and Israel")
    /// [('Hezbollah', 0, 9), ('Israel', 14, 20)]
    fn extended(&self, py: Python<'_>, more: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner = (self.inner.extended(pairs(more)?)).map_err(|e| to_py(py, e))?;
        Ok(PyActors { inner })
    }

    /// These actors as seen by a speaker of actor `id`: its aliases name
    /// the speaker, and it is no longer another actor.
    ///
    /// >>> Actors.builtin().speaking_as("North Korea").mentions("The DPRK condemns the US.")
    /// [('speaker', 4, 8), ('US', 22, 24)]
    fn speaking_as(&self, py: Python<'_>, id: &str) -> PyResult<Self> {
        let inner = (self.inner.speaking_as(id)).map_err(|e| to_py(py, e))?;
        Ok(PyActors { inner })
    }

    /// The actors' ids, the speaker last.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.inner.ids().map(str::to_string).collect()
    }

    /// The mentions in `text`: (actor id, start, end) in string indices.
    ///
    /// >>> Actors.builtin().mentions("We told Moscow.")
    /// [('speaker', 0, 2), ('Russia', 8, 14)]
    fn mentions(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
    ) -> PyResult<Vec<(String, usize, usize)>> {
        let text = super::errors::text_of(text.as_borrowed(), None)?;
        let mentions = self.inner.mentions(text).map_err(|e| to_py(py, e))?;
        let bytes = mentions
            .iter()
            .flat_map(|m| [m.span.start, m.span.end])
            .collect();
        let chars = CharOffsets::new(text, bytes);
        Ok(mentions
            .iter()
            .map(|m| {
                let (start, end) = chars.span(&m.span);
                (self.inner.id(m.actor).to_string(), start, end)
            })
            .collect())
    }

    fn __repr__(&self) -> String {
        format!("Actors({} actors)", self.inner.ids().count())
    }
}

/// Id and aliases from a dict, or from a sequence of pairs.
fn pairs(actors: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<String>)>> {
    match actors.cast::<PyDict>() {
        Ok(dict) => (dict.iter())
            .map(|(k, v)| Ok((k.extract()?, v.extract()?)))
            .collect(),
        Err(_) => actors.extract(),
    }
}

/// A statement's stance toward each actor it names.
///
/// `targets` maps each actor named to its scores by axis; `attributions`
/// says, for each contribution attributed, whom it is about and by which
/// rule; `stance` is the whole statement's explained stance.
#[pyclass(name = "Targets", module = "stancekit._stancekit", frozen)]
pub struct PyTargets {
    inner: Targets,
    text: String,
    stance: Py<PyStance>,
}

impl PyTargets {
    pub(super) fn new(
        py: Python<'_>,
        inner: Targets,
        text: &str,
        stance: PyStance,
    ) -> PyResult<Self> {
        Ok(PyTargets {
            inner,
            text: text.to_string(),
            stance: Py::new(py, stance)?,
        })
    }

    fn chars(&self) -> CharOffsets {
        let mentions = self.inner.mentions.iter().map(|(_, s)| s);
        let attributed = self.inner.attributions.iter().map(|a| &a.mention);
        let bytes = mentions
            .chain(attributed)
            .flat_map(|s| [s.start, s.end])
            .collect();
        CharOffsets::new(&self.text, bytes)
    }
}

#[pymethods]
impl PyTargets {
    /// The whole statement's stance.
    #[getter]
    fn stance(&self, py: Python<'_>) -> Py<PyStance> {
        self.stance.clone_ref(py)
    }

    /// Actor id -> {axis: score}, for every actor named, in order of
    /// first mention.
    #[getter]
    fn targets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for target in &self.inner.targets {
            let axes = PyDict::new(py);
            for axis in &target.axes {
                axes.set_item(&axis.axis, axis.score)?;
            }
            out.set_item(&target.actor, axes)?;
        }
        Ok(out)
    }

    /// Actor id -> how many times the statement names it.
    #[getter]
    fn mention_counts(&self) -> Vec<(String, usize)> {
        (self.inner.targets.iter())
            .map(|t| (t.actor.clone(), t.mentions))
            .collect()
    }

    /// Each mention: (actor id, start, end) in string indices.
    #[getter]
    fn mentions(&self) -> Vec<(String, usize, usize)> {
        let chars = self.chars();
        (self.inner.mentions.iter())
            .map(|(id, span)| {
                let (start, end) = chars.span(span);
                (id.clone(), start, end)
            })
            .collect()
    }

    /// One dict per attributed contribution: `contribution` (its index in
    /// `stance.contributions`), `actors`, `rule`, `weight` (1; -1 for
    /// a contrast, which gives the other pole; 0.5 for a context share), the chosen `mention` as
    /// (start, end) and `axes`, the axes it counts on (None: all; a context
    /// share counts only where no role gave the actor a value).
    #[getter]
    fn attributions<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let chars = self.chars();
        (self.inner.attributions.iter())
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("contribution", a.contribution)?;
                d.set_item("actors", a.actors.clone())?;
                d.set_item("rule", a.rule.name())?;
                d.set_item("weight", a.weight)?;
                d.set_item("mention", chars.span(&a.mention))?;
                d.set_item("axes", a.axes.clone())?;
                Ok(d)
            })
            .collect()
    }

    /// The contributions attributed to `actor`: the words behind its
    /// stance (none if the statement does not name it).
    ///
    /// >>> t = Scorer().score_targets("We praise Egypt and condemn Iran.")
    /// >>> [c.text for c in t.toward("Iran")]
    /// ['condemn']
    fn toward(&self, actor: &str) -> Vec<PyContribution> {
        self.stance.get().py_contributions(self.inner.toward(actor))
    }

    /// The contributions attributed to `actor`, each with the rule that
    /// gave it and its weight (-1 for a contrast, 0.5 for a context share): the roles behind the
    /// actor's stance. A context share counts only on the axes its entry in
    /// `attributions` names.
    ///
    /// >>> t = Scorer().score_targets("The American response was a model of decency, unlike the response of NATO.")
    /// >>> [(c.text, rule, weight) for c, rule, weight in t.roles("NATO")]
    /// [('a model of', 'contrast', -1.0), ('decency', 'contrast', -1.0)]
    fn roles(&self, actor: &str) -> Vec<(PyContribution, &'static str, f64)> {
        let (contributions, rules): (Vec<_>, Vec<_>) = (self.inner.roles(actor))
            .map(|(c, a)| (c, (a.rule.name(), a.weight)))
            .unzip();
        let py = self
            .stance
            .get()
            .py_contributions(contributions.into_iter());
        py.into_iter()
            .zip(rules)
            .map(|(c, (rule, weight))| (c, rule, weight))
            .collect()
    }

    fn __repr__(&self) -> String {
        let targets: Vec<String> = (self.inner.targets.iter())
            .map(|t| {
                let scores: Vec<String> = t
                    .axes
                    .iter()
                    .map(|a| format!("{}={:+.2}", a.axis, a.score))
                    .collect();
                format!("{}: {}", t.actor, scores.join(" "))
            })
            .collect();
        format!("Targets({})", targets.join("; "))
    }
}

//! `Stance` and its explanation: `Contribution` and `Factor`, frozen value
//! objects with byte spans (as in Rust) and character spans (as Python
//! slices `str`).

use std::ops::Range;
use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use super::html;
use crate::{Axis, Contribution, Factor, Stance};

/// The stance of one statement: a score per axis, and the contributions
/// that explain it.
///
/// The statement's text is kept with the scores (in this wrapper, not in
/// the Rust `Stance`): `text`, the character spans and the notebook display
/// need it.
///
/// >>> s = Scorer().score("We will not break off talks, but we will retaliate!")
/// >>> s.threat == s["threat"] == s.as_dict()["threat"]
/// True
/// >>> [c.term for c in s.contributions]
/// ['will', 'break off talks', 'will', 'retaliat*']
#[pyclass(name = "Stance", module = "stancekit._stancekit", frozen)]
pub struct PyStance {
    pub(super) inner: Stance,
    pub(super) text: String,
    /// The scorer's axes, for their pole names.
    pub(super) axes: Arc<[Axis]>,
}

/// Python string indices of byte offsets into one text, found in one pass.
pub(super) struct CharOffsets {
    /// Sorted, distinct byte offsets and their character offsets; empty
    /// for ASCII text, where the two agree.
    map: Vec<(usize, usize)>,
    ascii: bool,
}

impl CharOffsets {
    pub(super) fn new(text: &str, mut bytes: Vec<usize>) -> Self {
        if text.is_ascii() {
            return CharOffsets {
                map: Vec::new(),
                ascii: true,
            };
        }
        bytes.sort_unstable();
        bytes.dedup();
        let mut map = Vec::with_capacity(bytes.len());
        let mut chars = text.char_indices().map(|(b, _)| b).enumerate().peekable();
        for b in bytes {
            // Offsets are token boundaries, so char boundaries; the end of
            // the text has no char of its own.
            while chars.next_if(|&(_, at)| at < b).is_some() {}
            let c = chars.peek().map_or(text.chars().count(), |&(c, _)| c);
            map.push((b, c));
        }
        CharOffsets { map, ascii: false }
    }

    fn of(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.map.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.map[i].1,
            Err(_) => unreachable!("every offset asked for was indexed"),
        }
    }

    pub(super) fn span(&self, r: &Range<usize>) -> (usize, usize) {
        (self.of(r.start), self.of(r.end))
    }
}

fn all_offsets(contributions: &[Contribution]) -> Vec<usize> {
    let mut offsets = Vec::new();
    for c in contributions {
        offsets.extend([c.span.start, c.span.end]);
        for f in &c.factors {
            if let Some(s) = &f.trigger_span {
                offsets.extend([s.start, s.end]);
            }
        }
    }
    offsets
}

impl PyStance {
    fn axis_ids(&self) -> Arc<[String]> {
        self.inner.axes.iter().map(|a| a.axis.clone()).collect()
    }

    /// Some of this stance's contributions, as Python objects.
    pub(super) fn py_contributions<'a>(
        &self,
        contributions: impl Iterator<Item = &'a Contribution>,
    ) -> Vec<PyContribution> {
        let axes = self.axis_ids();
        let chars = CharOffsets::new(&self.text, all_offsets(&self.inner.contributions));
        let py = |c| PyContribution::new(c, &axes, &chars);
        contributions.map(py).collect()
    }
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

    /// The statement that was scored.
    #[getter]
    fn text(&self) -> &str {
        &self.text
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

    /// Every contribution, in text order: what each lexicon hit added to
    /// each axis, and why.
    ///
    /// >>> s = Scorer().score("Мы не прервём переговоры? We will not break off talks.")
    /// >>> c = s.contributions[-1]
    /// >>> c
    /// Contribution('break off talks', char_span=(38, 53), threat=-1.125, blame=0.075, rigidity=-0.562, certainty=0.15, factors=[negation ×-0.75 'not' on threat, rigidity, negation ×0.25 'not' on blame, negation ×0.5 'not' on certainty])
    /// >>> s.text[slice(*c.char_span)] == c.text == s.text.encode()[slice(*c.span)].decode()
    /// True
    /// >>> c.factors[0].rule, c.factors[0].trigger
    /// ('negation', 'not')
    #[getter]
    fn contributions(&self) -> Vec<PyContribution> {
        self.py_contributions(self.inner.contributions.iter())
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

    /// The notebook display: the statement with each contribution
    /// highlighted in its dominant axis' colour (strong for the positive
    /// pole, pale for the negative), its terms, values and factors in a
    /// tooltip, and the scores as bars from -1 to 1.
    ///
    /// >>> html = Scorer().score("<i>Note:</i> we will retaliate.")._repr_html_()
    /// >>> "&lt;i&gt;Note:&lt;/i&gt;" in html and "<i>" not in html
    /// True
    fn _repr_html_(&self) -> String {
        html::stance(&self.inner, &self.text, &self.axes)
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

/// One lexicon hit in a statement and what it added to each axis:
/// `values[axis] = weights[axis] × the product of the factors`.
#[pyclass(name = "Contribution", module = "stancekit._stancekit", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyContribution {
    /// The statement's text at the span.
    #[pyo3(get)]
    text: String,
    /// `(start, end)` byte offsets in the UTF-8 statement.
    #[pyo3(get)]
    span: (usize, usize),
    /// `(start, end)` character offsets: `stance.text[start:end] == text`.
    #[pyo3(get)]
    char_span: (usize, usize),
    /// The lexicon term that matched (`provoc*`).
    #[pyo3(get)]
    term: String,
    /// The term's group in the lexicon.
    #[pyo3(get)]
    group: String,
    /// Sentence index of the hit.
    #[pyo3(get)]
    sentence: usize,
    axes: Arc<[String]>,
    weight_list: Vec<f64>,
    value_list: Vec<f64>,
    factor_list: Vec<PyFactor>,
}

impl PyContribution {
    fn new(c: &Contribution, axes: &Arc<[String]>, chars: &CharOffsets) -> Self {
        PyContribution {
            text: c.text.clone(),
            span: (c.span.start, c.span.end),
            char_span: chars.span(&c.span),
            term: c.term.clone(),
            group: c.group.clone(),
            sentence: c.sentence,
            axes: axes.clone(),
            weight_list: c.weights.clone(),
            value_list: c.values.clone(),
            factor_list: c.factors.iter().map(|f| PyFactor::new(f, chars)).collect(),
        }
    }

    fn by_axis<'py>(&self, py: Python<'py>, values: &[f64]) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (axis, v) in self.axes.iter().zip(values) {
            d.set_item(axis, v)?;
        }
        Ok(d)
    }
}

/// A Python `repr` of a string, for the `__repr__`s.
fn quoted(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map_or_else(|_| format!("{s:?}"), |r| r.to_string())
}

#[pymethods]
impl PyContribution {
    /// The term's weights, `{axis: weight}`.
    #[getter]
    fn weights<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.by_axis(py, &self.weight_list)
    }

    /// What it added to each axis, `{axis: value}`.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.by_axis(py, &self.value_list)
    }

    /// The rules that changed it, in the order applied.
    #[getter]
    fn factors(&self) -> Vec<PyFactor> {
        self.factor_list.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let mut parts = vec![
            quoted(py, &self.text),
            format!("char_span={:?}", self.char_span),
        ];
        if !self.text.eq_ignore_ascii_case(&self.term) {
            parts.push(format!("term={}", quoted(py, &self.term)));
        }
        for (axis, v) in self.axes.iter().zip(&self.value_list) {
            if *v != 0.0 {
                parts.push(format!("{axis}={}", short(*v)));
            }
        }
        if !self.factor_list.is_empty() {
            let factors: Vec<String> = self.factor_list.iter().map(|f| f.label(py)).collect();
            parts.push(format!("factors=[{}]", factors.join(", ")));
        }
        format!("Contribution({})", parts.join(", "))
    }
}

/// A float in at most three decimals, without trailing zeros (`-1.125`,
/// `2.0`).
fn short(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

/// A rule that multiplied a contribution, and the word that triggered it.
#[pyclass(name = "Factor", module = "stancekit._stancekit", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyFactor {
    /// The rule: `negation`, `intensifier`, `dampener`, `hedge`,
    /// `contrast`, `caps` or `exclamation`.
    #[pyo3(get)]
    rule: &'static str,
    /// The multiplier it applied.
    #[pyo3(get)]
    factor: f64,
    /// The modifier term that triggered it, if a word did.
    #[pyo3(get)]
    trigger: Option<String>,
    /// `(start, end)` byte offsets of the trigger in the statement.
    #[pyo3(get)]
    trigger_span: Option<(usize, usize)>,
    /// `(start, end)` character offsets of the trigger.
    #[pyo3(get)]
    trigger_char_span: Option<(usize, usize)>,
    /// The axes it applies to, or None for all of them.
    #[pyo3(get)]
    axes: Option<Vec<String>>,
}

impl PyFactor {
    fn new(f: &Factor, chars: &CharOffsets) -> Self {
        PyFactor {
            rule: f.rule.name(),
            factor: f.factor,
            trigger: f.trigger.clone(),
            trigger_span: f.trigger_span.as_ref().map(|s| (s.start, s.end)),
            trigger_char_span: f.trigger_span.as_ref().map(|s| chars.span(s)),
            axes: f.axes.clone(),
        }
    }

    /// `negation ×-0.75 'not'`, and ` on blame` when it applies to some
    /// axes only.
    fn label(&self, py: Python<'_>) -> String {
        let mut label = format!("{} ×{}", self.rule, short(self.factor));
        if let Some(t) = &self.trigger {
            label = format!("{label} {}", quoted(py, t));
        }
        if let Some(axes) = &self.axes {
            label = format!("{label} on {}", axes.join(", "));
        }
        label
    }
}

#[pymethods]
impl PyFactor {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Factor({})", self.label(py))
    }
}

//! `calibrate`: a lexicon refitted to rated statements, with its report
//! (`Calibration`, `AxisReport`). The Python wrapper
//! `stancekit.calibrate` turns any sequences, arrays or Series into the
//! float lists taken here.

use std::collections::BTreeMap;
use std::fmt::Write;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::errors::to_py;
use super::html::escape;
use super::lexicon::PyLexicon;
use crate::calibrate::{
    calibrate as calibrate_lexicon, AxisReport, CalibrationOptions, REPORT_HEADER,
};
use crate::Lexicon;

/// What calibration did to one axis: its statements, Spearman's ρ of the
/// original lexicon and of the cross-validated (held-out) predictions with
/// the ratings, the λ chosen (``lambda_``, in hits of evidence), and the
/// entries refitted and changed.
#[pyclass(name = "AxisReport", module = "stancekit._stancekit", frozen)]
#[derive(Clone)]
pub struct PyAxisReport {
    /// The axis id.
    #[pyo3(get)]
    axis: String,
    /// Statements rated on the axis.
    #[pyo3(get)]
    statements: usize,
    /// Spearman's ρ of the original lexicon's scores with the ratings, or
    /// None when either does not vary.
    #[pyo3(get)]
    prior_spearman: Option<f64>,
    /// Spearman's ρ of the held-out predictions with the ratings.
    #[pyo3(get)]
    heldout_spearman: Option<f64>,
    /// The chosen λ (``lambda`` is a Python keyword).
    #[pyo3(get, name = "lambda_")]
    lambda: f64,
    /// Rating units per raw-score unit of the original lexicon.
    #[pyo3(get)]
    scale: f64,
    /// Entries refitted.
    #[pyo3(get)]
    refitted: usize,
    /// Entries whose weight changed.
    #[pyo3(get)]
    changed: usize,
}

impl From<AxisReport> for PyAxisReport {
    fn from(r: AxisReport) -> Self {
        PyAxisReport {
            axis: r.axis,
            statements: r.statements,
            prior_spearman: r.prior_spearman,
            heldout_spearman: r.heldout_spearman,
            lambda: r.lambda,
            scale: r.scale,
            refitted: r.refitted,
            changed: r.changed,
        }
    }
}

#[pymethods]
impl PyAxisReport {
    /// The report as a dict (key ``lambda``), e.g. for a DataFrame row.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("axis", &self.axis)?;
        dict.set_item("statements", self.statements)?;
        dict.set_item("prior_spearman", self.prior_spearman)?;
        dict.set_item("heldout_spearman", self.heldout_spearman)?;
        dict.set_item("lambda", self.lambda)?;
        dict.set_item("scale", self.scale)?;
        dict.set_item("refitted", self.refitted)?;
        dict.set_item("changed", self.changed)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let rho = |v: Option<f64>| v.map_or_else(|| "None".to_string(), |v| format!("{v:.3}"));
        format!(
            "AxisReport(axis={:?}, statements={}, prior_spearman={}, heldout_spearman={}, lambda_={}, refitted={}, changed={})",
            self.axis,
            self.statements,
            rho(self.prior_spearman),
            rho(self.heldout_spearman),
            self.lambda,
            self.refitted,
            self.changed
        )
    }
}

/// A calibrated lexicon (``.lexicon``) and one report per calibrated axis
/// (``.report``). Its repr is the report as a table; in a notebook, an HTML
/// table.
#[pyclass(name = "Calibration", module = "stancekit._stancekit", frozen)]
pub struct PyCalibration {
    lexicon: Py<PyLexicon>,
    report: Vec<AxisReport>,
    /// The report as text, from the Rust `Display`.
    table: String,
}

#[pymethods]
impl PyCalibration {
    /// The lexicon with calibrated weights.
    #[getter]
    fn lexicon(&self, py: Python<'_>) -> Py<PyLexicon> {
        self.lexicon.clone_ref(py)
    }

    /// One report per calibrated axis, in the lexicon's axis order.
    #[getter]
    fn report(&self) -> Vec<PyAxisReport> {
        self.report
            .iter()
            .cloned()
            .map(PyAxisReport::from)
            .collect()
    }

    fn __repr__(&self) -> String {
        let lexicon = &self.lexicon.get().inner;
        format!(
            "Calibration(lexicon={:?} {:?} {})\n{}",
            lexicon.name(),
            lexicon.version(),
            lexicon.hash(),
            self.table
        )
    }

    /// The report as an HTML table, with the lexicon as its caption.
    fn _repr_html_(&self) -> String {
        let row = |cells: &[String], tag: &str| {
            let cells: String = cells
                .iter()
                .map(|c| format!("<{tag}>{}</{tag}>", escape(c)))
                .collect();
            format!("<tr>{cells}</tr>")
        };
        let mut out = format!(
            "<table class=\"stancekit-calibration\"><thead>{}</thead><tbody>",
            row(&REPORT_HEADER.map(str::to_string), "th")
        );
        for r in &self.report {
            out.push_str(&row(&r.cells(), "td"));
        }
        let lexicon = &self.lexicon.get().inner;
        let _ = write!(
            out,
            "</tbody><caption style=\"caption-side:bottom\">{} {} ({})</caption></table>",
            escape(lexicon.name()),
            escape(lexicon.version()),
            escape(&lexicon.hash())
        );
        out
    }
}

/// Refits the weights of ``lexicon`` (the default one if None) to
/// ``ratings`` of ``texts``: ``{axis: [rating per statement]}``, NaN for
/// not rated. Use ``stancekit.calibrate``, which also takes None, numpy
/// arrays and pandas Series.
#[pyfunction]
#[pyo3(signature = (texts, ratings, lexicon = None, *, options = None))]
pub(super) fn calibrate(
    py: Python<'_>,
    texts: Vec<String>,
    ratings: BTreeMap<String, Vec<f64>>,
    lexicon: Option<PyRef<'_, PyLexicon>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyCalibration> {
    let options = calibration_options(options)?;
    let ratings: BTreeMap<String, Vec<Option<f64>>> = ratings
        .into_iter()
        .map(|(axis, values)| (axis, values.into_iter().map(Some).collect()))
        .collect();
    let base = lexicon.map_or_else(Lexicon::default, |l| l.inner.clone());
    let result = py
        .detach(|| calibrate_lexicon(&base, &texts, &ratings, &options))
        .map_err(|e| to_py(py, e))?;
    Ok(PyCalibration {
        table: result.to_string(),
        lexicon: Py::new(py, PyLexicon::new(result.lexicon))?,
        report: result.report,
    })
}

/// `CalibrationOptions` from a dict of its fields; absent or None fields
/// keep their defaults, so the defaults live in one place.
fn calibration_options(options: Option<&Bound<'_, PyDict>>) -> PyResult<CalibrationOptions> {
    let mut out = CalibrationOptions::default();
    let Some(options) = options else {
        return Ok(out);
    };
    for (key, value) in options.iter() {
        if value.is_none() {
            continue;
        }
        let key: String = key.extract()?;
        match key.as_str() {
            "folds" => out.folds = value.extract()?,
            "seed" => out.seed = value.extract()?,
            "min_hits" => out.min_hits = value.extract()?,
            "lambdas" => out.lambdas = value.extract()?,
            "name" => out.name = Some(value.extract()?),
            "version" => out.version = Some(value.extract()?),
            other => {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "unknown calibration option {other:?}"
                )))
            }
        }
    }
    Ok(out)
}

//! Calibration: refit a lexicon's weights to a user's own rated statements,
//! and measure the result on statements it was not fitted to.
//!
//! A lexicon's weights are a prior: someone's judgement of how threatening
//! `ultimatum` is. A user with statements rated by their own readers (say,
//! the raters' mean on −2..+2 per axis) can move the weights towards those
//! readers, and get back an ordinary lexicon to inspect, diff and ship.
//! See `docs/calibration.md` for the full story; in short, per axis:
//!
//! * **Features.** Each statement is scored by the lexicon; an entry's
//!   feature is the sum, over its hits in the statement, of the product of
//!   the rule factors applied to the hit (negation, hedges, intensifiers,
//!   contrast, emphasis stay applied). The raw score is then exactly the
//!   features times the weights. Only entries that weigh the axis are
//!   parameters: calibration never adds a weight the lexicon did not have.
//! * **Scale.** Ratings are on their own scale. The prior's raw sums are
//!   first regressed on the ratings: the slope `c` turns a raw-score unit
//!   into rating units, so `c·w0` is the prior stated in the ratings'
//!   terms, the point the fit shrinks towards. (If the prior does not
//!   correlate positively with the ratings, `c` matches their spreads
//!   instead; see [`AxisReport::scale`].)
//! * **Ridge towards the prior.** The ratings are fitted by `X·w + b`
//!   minimizing `‖y − X·w − b‖² + λ‖w − c·w0‖²`. Features count hits, so
//!   λ is worth λ hits of evidence: an entry seen `h` times moves about
//!   `h / (h + λ)` of the way from its prior to what the data alone says.
//!   Entries with fewer than [`min_hits`](CalibrationOptions::min_hits)
//!   hits keep their prior weight.
//! * **λ by cross-validation.** Statements are dealt into folds from a
//!   seeded shuffle; each fold is predicted by a model fitted (scale,
//!   entries and weights) on the others, for every λ of the grid; the λ
//!   with the least squared error of these held-out predictions wins (the
//!   largest, on a tie). The held-out Spearman correlation is computed from
//!   the same predictions: it is the honest figure, not the training fit.
//! * **Back to the lexicon.** The model is refitted on all the statements
//!   with the chosen λ, and each weight is divided by `c`, the same scale
//!   that took the prior to rating units. A raw-score unit keeps the meaning
//!   the prior gave it, so the lexicon's α still suits it; entries the data
//!   agrees with keep their weights; and a very large λ gives back the
//!   prior exactly. The intercept `b` is dropped: it shifts every statement
//!   alike and a lexicon has no place for it. Weights are rounded to
//!   [`WEIGHT_STEP`] so that the file diffs cleanly.
//!
//! The cost is one Cholesky factorization per fold and λ, cubic in the
//! number of refitted entries of an axis: seconds for a few hundred,
//! minutes for a few thousand.

use std::collections::BTreeMap;
use std::fmt;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{CalibrationError, Error};
use crate::lexicon::Lexicon;
use crate::scorer::Scorer;

/// A calibrated weight is a multiple of this (0.001); a new weight within
/// half a step of the old one keeps the old one exactly, so that entries
/// the data does not move do not show up in a diff.
pub const WEIGHT_STEP: f64 = 1.0 / STEPS_PER_UNIT;

/// Steps of [`WEIGHT_STEP`] in a unit of weight: dividing a whole number
/// of steps by it gives the shortest decimal.
const STEPS_PER_UNIT: f64 = 1000.0;

/// The default grid of λ, in hits of evidence: from 0.01 (the data decides
/// alone) to 1000 (the prior stays) in steps of about half a decade.
pub const DEFAULT_LAMBDAS: [f64; 11] = [
    0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0,
];

/// How to calibrate: folds, seed, the evidence an entry needs, the λ grid,
/// and the new lexicon's name and version.
///
/// # Examples
///
/// ```
/// use stancekit::calibrate::CalibrationOptions;
/// let options = CalibrationOptions { folds: 10, min_hits: 3, ..CalibrationOptions::default() };
/// assert_eq!((options.folds, options.seed), (10, 0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationOptions {
    /// Folds of the cross-validation (at least 2; default 5). Each axis
    /// needs two rated statements per fold.
    pub folds: usize,
    /// Seed of the shuffle that deals statements into folds (default 0):
    /// the same data and seed give the same folds and the same result.
    pub seed: u64,
    /// Hits an entry needs in the training data to be refitted (default
    /// 2); below that it keeps its prior weight.
    pub min_hits: usize,
    /// The λ values to try, each positive (default [`DEFAULT_LAMBDAS`]).
    pub lambdas: Vec<f64>,
    /// The new lexicon's name (default: the old one's).
    pub name: Option<String>,
    /// The new lexicon's version (default: the old one's with `+calibrated`).
    pub version: Option<String>,
}

impl Default for CalibrationOptions {
    /// Five folds, seed 0, two hits, the default λ grid.
    fn default() -> Self {
        CalibrationOptions {
            folds: 5,
            seed: 0,
            min_hits: 2,
            lambdas: DEFAULT_LAMBDAS.to_vec(),
            name: None,
            version: None,
        }
    }
}

impl CalibrationOptions {
    fn check(&self) -> Result<(), CalibrationError> {
        if self.folds < 2 {
            return Err(CalibrationError::BadOption {
                option: "folds",
                reason: format!("{} is fewer than 2", self.folds),
            });
        }
        if self.lambdas.is_empty() {
            return Err(CalibrationError::BadOption {
                option: "lambdas",
                reason: "the grid is empty".into(),
            });
        }
        if let Some(bad) = self.lambdas.iter().find(|l| !(l.is_finite() && **l > 0.0)) {
            return Err(CalibrationError::BadOption {
                option: "lambdas",
                reason: format!("{bad} is not a positive number"),
            });
        }
        Ok(())
    }
}

/// What calibration did to one axis, and how well each lexicon agrees with
/// the ratings.
///
/// # Examples
///
/// ```
/// let report = stancekit::calibrate::AxisReport {
///     axis: "threat".into(), statements: 200, prior_spearman: Some(0.41),
///     heldout_spearman: Some(0.55), lambda: 10.0, scale: 0.3, refitted: 80, changed: 74,
/// };
/// assert!(report.heldout_spearman > report.prior_spearman);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxisReport {
    /// The axis id.
    pub axis: String,
    /// Statements with a rating on the axis.
    pub statements: usize,
    /// Spearman's correlation of the prior lexicon's scores with the
    /// ratings; `None` when either does not vary (no hits at all, say).
    /// Nothing was fitted, so it is already an out-of-sample figure.
    pub prior_spearman: Option<f64>,
    /// Spearman's correlation of the cross-validated predictions with the
    /// ratings: each statement predicted by a model that never saw it. λ
    /// was chosen on the same folds, which flatters it slightly; judge the
    /// final lexicon on statements kept out of calibration altogether.
    pub heldout_spearman: Option<f64>,
    /// The λ chosen, in hits of evidence.
    pub lambda: f64,
    /// Rating units per raw-score unit of the prior (`c`, fitted on all
    /// statements): the slope of the ratings on the prior's raw sums, or,
    /// when that is not positive, the ratio of their standard deviations
    /// (1 when the prior's sums do not vary).
    pub scale: f64,
    /// Entries refitted: those weighing the axis with at least
    /// [`min_hits`](CalibrationOptions::min_hits) hits.
    pub refitted: usize,
    /// Entries whose weight on the axis changed.
    pub changed: usize,
}

/// The calibrated lexicon and a report per calibrated axis.
///
/// Its `Display` is the report as a table.
///
/// # Examples
///
/// See [`calibrate`].
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The lexicon with calibrated weights; axes without ratings and
    /// entries without enough hits keep theirs exactly.
    pub lexicon: Lexicon,
    /// One report per calibrated axis, in the lexicon's axis order.
    pub report: Vec<AxisReport>,
}

impl fmt::Display for Calibration {
    /// A table: axis, statements, prior and held-out Spearman, λ, entries
    /// refitted and changed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let axis_width = self
            .report
            .iter()
            .map(|r| r.axis.chars().count())
            .chain([REPORT_HEADER[0].len()])
            .max()
            .unwrap_or(0);
        let widths = [axis_width, 6, 8, 10, 7, 8, 7];
        let rows = self.report.iter().map(AxisReport::cells);
        let header = REPORT_HEADER.map(str::to_string);
        for (i, row) in std::iter::once(header).chain(rows).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{:<axis_width$}", row[0])?;
            for (cell, width) in row[1..].iter().zip(&widths[1..]) {
                write!(f, " {cell:>width$}")?;
            }
        }
        Ok(())
    }
}

/// The columns of the report table.
pub(crate) const REPORT_HEADER: [&str; 7] = [
    "axis",
    "n",
    "prior ρ",
    "held-out ρ",
    "λ",
    "refitted",
    "changed",
];

impl AxisReport {
    /// The cells of this axis' row of the report table, as text.
    pub(crate) fn cells(&self) -> [String; 7] {
        let rho = |r: Option<f64>| r.map_or_else(|| "-".to_string(), |r| format!("{r:.3}"));
        [
            self.axis.clone(),
            self.statements.to_string(),
            rho(self.prior_spearman),
            rho(self.heldout_spearman),
            self.lambda.to_string(),
            self.refitted.to_string(),
            self.changed.to_string(),
        ]
    }
}

/// Refits the weights of `lexicon` to `ratings` of `texts`, axis by axis.
///
/// `ratings` maps an axis id to one rating per statement (`None` or NaN:
/// not rated on that axis). Axes without ratings are left as they are.
/// Errors: an axis the lexicon lacks, a rating list of the wrong length, an
/// infinite rating, fewer than two rated statements per fold, a bad option
/// ([`CalibrationError`]), or a statement the tokenizer refuses
/// ([`Error::Statement`]).
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use stancekit::calibrate::{calibrate, CalibrationOptions};
/// use stancekit::{Axis, Lexicon};
///
/// let axis = Axis { id: "tone".into(), negative: "calm".into(), positive: "angry".into(), description: String::new() };
/// let mut lexicon = Lexicon::new("tone", vec![axis])?;
/// lexicon.add_entry("outrage", "anger", [("tone", 2.0)])?;
/// lexicon.add_entry("regret", "anger", [("tone", 1.0)])?; // the raters find it calm
/// lexicon.add_entry("welcome", "calm", [("tone", -1.0)])?;
/// lexicon.add_entry("fury", "anger", [("tone", 2.0)])?; // never in the data
///
/// let (words, truth) = (["outrage", "regret", "welcome"], [2.0, -1.0, -1.0]);
/// let (mut texts, mut rated) = (Vec::new(), Vec::new());
/// for i in 0..60 {
///     let (a, b) = (i % 3, i / 3 % 3);
///     texts.push(format!("{} and {}.", words[a], words[b]));
///     rated.push(Some((truth[a] + truth[b]) / 2.0));
/// }
/// let ratings = BTreeMap::from([("tone".to_string(), rated)]);
/// let result = calibrate(&lexicon, &texts, &ratings, &CalibrationOptions::default())?;
///
/// assert!(result.lexicon.entry("regret").unwrap().weights["tone"] < 0.0);
/// assert_eq!(result.lexicon.entry("fury").unwrap().weights["tone"], 2.0);
/// let report = &result.report[0];
/// assert!(report.heldout_spearman.unwrap() > report.prior_spearman.unwrap());
/// println!("{result}");
/// std::fs::write(std::env::temp_dir().join("tone-calibrated.toml"), result.lexicon.to_toml()).unwrap();
/// # Ok::<(), stancekit::Error>(())
/// ```
pub fn calibrate<S: AsRef<str> + Sync>(
    lexicon: &Lexicon,
    texts: &[S],
    ratings: &BTreeMap<String, Vec<Option<f64>>>,
    options: &CalibrationOptions,
) -> Result<Calibration, Error> {
    options.check()?;
    let axes = checked_axes(lexicon, texts.len(), ratings, options.folds)?;
    let scorer = Scorer::new(lexicon)?;
    let index: BTreeMap<&str, u32> = lexicon
        .entries()
        .enumerate()
        .map(|(i, (term, _))| (term, i as u32))
        .collect();
    let hits: Vec<Vec<Hit>> = texts
        .par_iter()
        .enumerate()
        .map(|(i, text)| {
            let stance = scorer.score(text.as_ref()).map_err(|e| Error::Statement {
                index: i,
                source: Box::new(e),
            })?;
            Ok(stance
                .contributions
                .iter()
                .filter_map(|c| {
                    // The product of the factors that apply to each axis.
                    let factors = lexicon
                        .axes()
                        .iter()
                        .map(|axis| {
                            (c.factors.iter())
                                .filter(|f| f.axes.as_ref().is_none_or(|a| a.contains(&axis.id)))
                                .fold(1.0, |p, f| p * f.factor)
                        })
                        .collect();
                    index.get(c.term.as_str()).map(|&e| (e, factors))
                })
                .collect())
        })
        .collect::<Result<_, Error>>()?;
    let order = shuffled(texts.len(), options.seed);

    let mut calibrated = lexicon.clone();
    let mut report = Vec::with_capacity(axes.len());
    for (axis, values) in &axes {
        let prior: Vec<f64> = lexicon
            .entries()
            .map(|(_, e)| lexicon.weight_on(&e.weights, axis))
            .collect();
        let axis_index = (lexicon.axes().iter())
            .position(|a| a.id == *axis)
            .expect("checked axes exist");
        let data = AxisData::new(&hits, axis_index, values, &order, &prior, options.folds);
        let (axis_report, weights) = calibrate_axis(axis, &data, options);
        for ((term, entry), weight) in lexicon.entries().zip(weights) {
            if weight != lexicon.weight_on(&entry.weights, axis) {
                // From the calibrated entry, which keeps what earlier axes
                // changed.
                let mut new = calibrated.entry(term).expect("same terms").weights.clone();
                new.insert(axis.to_string(), weight);
                calibrated.add_entry(
                    term,
                    &entry.group,
                    new.iter().map(|(a, w)| (a.as_str(), *w)),
                )?;
            }
        }
        report.push(axis_report);
    }
    let rated = (0..texts.len())
        .filter(|&i| axes.iter().any(|(_, v)| rating(v[i]).is_some()))
        .count();
    let counts: Vec<String> = report
        .iter()
        .map(|r| format!("{} {}", r.axis, r.statements))
        .collect();
    let description = format!(
        "{} {} with weights calibrated to {rated} rated statements ({}) by stancekit {}: ridge regression towards the prior weights, λ by {}-fold cross-validation.",
        lexicon.name(),
        lexicon.version(),
        counts.join(", "),
        env!("CARGO_PKG_VERSION"),
        options.folds
    );
    calibrated.set_identity(
        options
            .name
            .clone()
            .unwrap_or_else(|| lexicon.name().to_string()),
        options
            .version
            .clone()
            .unwrap_or_else(|| calibrated_version(lexicon.version())),
        description,
    );
    Ok(Calibration {
        lexicon: calibrated,
        report,
    })
}

/// An axis id and its ratings, one per statement.
type RatedAxis<'a> = (&'a str, &'a [Option<f64>]);

/// The rated axes in the lexicon's order, after checking every rating.
fn checked_axes<'a>(
    lexicon: &'a Lexicon,
    statements: usize,
    ratings: &'a BTreeMap<String, Vec<Option<f64>>>,
    folds: usize,
) -> Result<Vec<RatedAxis<'a>>, CalibrationError> {
    if ratings.is_empty() {
        return Err(CalibrationError::NoRatings);
    }
    for (axis, values) in ratings {
        if !lexicon.axes().iter().any(|a| &a.id == axis) {
            let known: Vec<&str> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
            return Err(CalibrationError::UnknownAxis {
                axis: axis.clone(),
                known: known.join(", "),
            });
        }
        if values.len() != statements {
            return Err(CalibrationError::RatingsLength {
                axis: axis.clone(),
                expected: statements,
                found: values.len(),
            });
        }
        if let Some((index, value)) = values
            .iter()
            .enumerate()
            .find_map(|(i, v)| v.filter(|v| v.is_infinite()).map(|v| (i, v)))
        {
            return Err(CalibrationError::NonFiniteRating {
                axis: axis.clone(),
                index,
                value,
            });
        }
        let found = values.iter().filter(|v| rating(**v).is_some()).count();
        if found < 2 * folds {
            return Err(CalibrationError::TooFewStatements {
                axis: axis.clone(),
                found,
                folds,
                needed: 2 * folds,
            });
        }
    }
    Ok(lexicon
        .axes()
        .iter()
        .filter_map(|a| {
            ratings
                .get_key_value(&a.id)
                .map(|(k, v)| (k.as_str(), v.as_slice()))
        })
        .collect())
}

/// A rating, or `None` when missing (`None` or NaN).
fn rating(value: Option<f64>) -> Option<f64> {
    value.filter(|v| !v.is_nan())
}

/// `1.0.0` → `1.0.0+calibrated`; a version with build metadata already
/// gets `.calibrated` appended to it, as semantic versioning allows.
fn calibrated_version(version: &str) -> String {
    match version {
        "" => "calibrated".to_string(),
        v if v.contains('+') => format!("{v}.calibrated"),
        v => format!("{v}+calibrated"),
    }
}

/// One hit of an entry in a statement: the entry's position among the
/// lexicon's entries, and per axis the product of the rule factors applied
/// to it there (a factor may apply to some axes only).
type Hit = (u32, Vec<f64>);

/// An entry's feature in one statement, on one axis.
#[derive(Debug, Clone, Copy)]
struct Feature {
    entry: u32,
    /// The sum of the factor products of its hits.
    x: f64,
    hits: u32,
}

/// A statement rated on the axis.
#[derive(Debug)]
struct Row {
    rating: f64,
    /// The prior lexicon's raw score on the axis.
    prior: f64,
    /// Entries weighing the axis, each once.
    features: Vec<Feature>,
    fold: usize,
}

/// Everything one axis' calibration needs.
struct AxisData {
    rows: Vec<Row>,
    /// The prior weight of every entry on the axis (0 for entries that do
    /// not weigh it).
    prior: Vec<f64>,
}

impl AxisData {
    /// The rated statements in shuffled `order`, dealt into `folds` in turn
    /// so that each fold gets its share of every axis' ratings.
    fn new(
        hits: &[Vec<Hit>],
        axis: usize,
        ratings: &[Option<f64>],
        order: &[usize],
        prior: &[f64],
        folds: usize,
    ) -> AxisData {
        let rows = order
            .iter()
            .filter_map(|&s| rating(ratings[s]).map(|r| (s, r)))
            .enumerate()
            .map(|(k, (s, rating))| {
                let mut features: Vec<Feature> = Vec::new();
                for (entry, factors) in &hits[s] {
                    let (entry, x) = (*entry, factors[axis]);
                    if prior[entry as usize] == 0.0 {
                        continue;
                    }
                    match features.iter_mut().find(|f| f.entry == entry) {
                        Some(f) => {
                            f.x += x;
                            f.hits += 1;
                        }
                        None => features.push(Feature { entry, x, hits: 1 }),
                    }
                }
                let prior = features.iter().map(|f| f.x * prior[f.entry as usize]).sum();
                Row {
                    rating,
                    prior,
                    features,
                    fold: k % folds,
                }
            })
            .collect();
        AxisData {
            rows,
            prior: prior.to_vec(),
        }
    }
}

/// Scores closer than this are ranked as ties (see [`ranks`]).
const TIE_TOLERANCE: f64 = 1e-9;

/// Calibrates one axis: chooses λ by cross-validation, refits on all rows,
/// and returns the report with the new weight of every entry.
fn calibrate_axis(
    axis: &str,
    data: &AxisData,
    options: &CalibrationOptions,
) -> (AxisReport, Vec<f64>) {
    let lambdas = &options.lambdas;
    let predictions = cross_validate(data, options);
    let ratings: Vec<f64> = data.rows.iter().map(|r| r.rating).collect();
    let mse: Vec<f64> = predictions
        .iter()
        .map(|p| p.iter().zip(&ratings).map(|(p, y)| (p - y).powi(2)).sum())
        .collect();
    let best = (0..lambdas.len())
        .min_by(|&a, &b| {
            mse[a]
                .total_cmp(&mse[b])
                .then(lambdas[b].total_cmp(&lambdas[a]))
        })
        .expect("the grid is not empty (checked)");

    let all: Vec<&Row> = data.rows.iter().collect();
    let normal = Normal::new(&all, &data.prior, options.min_hits);
    let model = normal.solve(lambdas[best]);
    let mut weights = data.prior.clone();
    for (&entry, delta) in normal.free.iter().zip(&model.delta) {
        let old = data.prior[entry as usize];
        weights[entry as usize] = rounded(old + delta / normal.scale, old);
    }
    let prior_scores: Vec<f64> = data.rows.iter().map(|r| r.prior).collect();
    let report = AxisReport {
        axis: axis.to_string(),
        statements: data.rows.len(),
        prior_spearman: spearman(&prior_scores, &ratings),
        heldout_spearman: spearman(&predictions[best], &ratings),
        lambda: lambdas[best],
        scale: normal.scale,
        refitted: normal.free.len(),
        changed: weights
            .iter()
            .zip(&data.prior)
            .filter(|(new, old)| new != old)
            .count(),
    };
    (report, weights)
}

/// `new` as a multiple of [`WEIGHT_STEP`], or `old` when they are within
/// half a step; a weight never rounds to zero, so that the entry keeps
/// weighing the axis and a later calibration can still move it.
fn rounded(new: f64, old: f64) -> f64 {
    if (new - old).abs() < WEIGHT_STEP / 2.0 {
        return old;
    }
    let steps = (new * STEPS_PER_UNIT).round();
    if steps == 0.0 {
        WEIGHT_STEP.copysign(new)
    } else {
        steps / STEPS_PER_UNIT
    }
}

/// Held-out predictions for every row and every λ: `[λ][row]`, each row
/// predicted by models fitted on the other folds.
fn cross_validate(data: &AxisData, options: &CalibrationOptions) -> Vec<Vec<f64>> {
    let per_fold: Vec<Vec<(usize, Vec<f64>)>> = (0..options.folds)
        .into_par_iter()
        .map(|fold| {
            let train: Vec<&Row> = data.rows.iter().filter(|r| r.fold != fold).collect();
            let normal = Normal::new(&train, &data.prior, options.min_hits);
            let models: Vec<Model> = options.lambdas.iter().map(|&l| normal.solve(l)).collect();
            data.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.fold == fold)
                .map(|(i, r)| (i, models.iter().map(|m| normal.predict(m, r)).collect()))
                .collect()
        })
        .collect();
    let mut predictions = vec![vec![0.0; data.rows.len()]; options.lambdas.len()];
    for (row, values) in per_fold.into_iter().flatten() {
        for (by_lambda, value) in predictions.iter_mut().zip(values) {
            by_lambda[row] = value;
        }
    }
    predictions
}

/// An entry that is not refitted.
const FIXED: u32 = u32::MAX;

/// The centred normal equations of one training set, ready for any λ:
/// `(G + λI)·d = g`, where `d = w − c·w0` over the refitted entries.
struct Normal {
    /// `c`: rating units per raw-score unit of the prior.
    scale: f64,
    /// Entry → its position among the refitted entries, or [`FIXED`].
    position: Vec<u32>,
    /// The refitted entries.
    free: Vec<u32>,
    /// `G`, row-major, `free.len()` square.
    gram: Vec<f64>,
    /// `g`.
    rhs: Vec<f64>,
    mean_x: Vec<f64>,
    mean_residual: f64,
}

/// A fitted model: `c·prior + Σ x·d + intercept`.
struct Model {
    delta: Vec<f64>,
    intercept: f64,
}

impl Normal {
    fn new(rows: &[&Row], prior: &[f64], min_hits: usize) -> Normal {
        let scale = prior_scale(rows);
        let mut hits = vec![0usize; prior.len()];
        for row in rows {
            for f in &row.features {
                hits[f.entry as usize] += f.hits as usize;
            }
        }
        let mut position = vec![FIXED; prior.len()];
        let mut free = Vec::new();
        for (entry, &h) in hits.iter().enumerate() {
            if h >= min_hits.max(1) {
                position[entry] = free.len() as u32;
                free.push(entry as u32);
            }
        }
        let p = free.len();
        let n = rows.len() as f64;
        let mut gram = vec![0.0; p * p];
        let mut sum_x = vec![0.0; p];
        let mut sum_xr = vec![0.0; p];
        let mut sum_r = 0.0;
        let mut local = Vec::new();
        for row in rows {
            let residual = row.rating - scale * row.prior;
            sum_r += residual;
            local.clear();
            local.extend(row.features.iter().filter_map(|f| {
                let i = position[f.entry as usize];
                (i != FIXED).then_some((i as usize, f.x))
            }));
            for &(i, xi) in &local {
                sum_x[i] += xi;
                sum_xr[i] += xi * residual;
                for &(j, xj) in &local {
                    gram[i * p + j] += xi * xj;
                }
            }
        }
        let mean_x: Vec<f64> = sum_x.iter().map(|s| s / n).collect();
        let mean_residual = sum_r / n;
        for (i, mi) in mean_x.iter().enumerate() {
            for (g, mj) in gram[i * p..(i + 1) * p].iter_mut().zip(&mean_x) {
                *g -= n * mi * mj;
            }
        }
        let rhs = sum_xr
            .iter()
            .zip(&mean_x)
            .map(|(s, m)| s - n * m * mean_residual)
            .collect();
        Normal {
            scale,
            position,
            free,
            gram,
            rhs,
            mean_x,
            mean_residual,
        }
    }

    fn solve(&self, lambda: f64) -> Model {
        let delta = ridge_solve(&self.gram, lambda, &self.rhs);
        let shift: f64 = self.mean_x.iter().zip(&delta).map(|(m, d)| m * d).sum();
        Model {
            delta,
            intercept: self.mean_residual - shift,
        }
    }

    fn predict(&self, model: &Model, row: &Row) -> f64 {
        let fitted: f64 = row
            .features
            .iter()
            .filter_map(|f| {
                let i = self.position[f.entry as usize];
                (i != FIXED).then(|| f.x * model.delta[i as usize])
            })
            .sum();
        self.scale * row.prior + fitted + model.intercept
    }
}

/// `c`: the least-squares slope of the ratings on the prior's raw scores
/// when it is positive (the prior as the best predictor it can be on the
/// ratings' scale). Otherwise the prior's direction is no guide and the
/// ratio of standard deviations keeps at least its magnitude; 1 when the
/// prior's scores do not vary (no hits).
fn prior_scale(rows: &[&Row]) -> f64 {
    let n = rows.len() as f64;
    let mean_p = rows.iter().map(|r| r.prior).sum::<f64>() / n;
    let mean_y = rows.iter().map(|r| r.rating).sum::<f64>() / n;
    let (mut spp, mut spy, mut syy) = (0.0, 0.0, 0.0);
    for r in rows {
        let (dp, dy) = (r.prior - mean_p, r.rating - mean_y);
        spp += dp * dp;
        spy += dp * dy;
        syy += dy * dy;
    }
    let scale = if spy > 0.0 {
        spy / spp
    } else {
        (syy / spp).sqrt()
    };
    if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    }
}

/// Solves `(gram + λI)·x = rhs` by Cholesky factorization; `gram` is
/// symmetric positive semi-definite, row-major, `rhs.len()` square.
fn ridge_solve(gram: &[f64], lambda: f64, rhs: &[f64]) -> Vec<f64> {
    let p = rhs.len();
    let mut l = vec![0.0; p * p];
    for j in 0..p {
        let row_j = l[j * p..j * p + j].to_vec();
        // Every pivot of a matrix at least λI is at least λ: a smaller one
        // is rounding error.
        let pivot = (gram[j * p + j] + lambda - dot(&row_j, &row_j))
            .max(lambda)
            .sqrt();
        l[j * p + j] = pivot;
        for i in (j + 1)..p {
            let row_i = &mut l[i * p..i * p + j + 1];
            row_i[j] = (gram[i * p + j] - dot(&row_i[..j], &row_j)) / pivot;
        }
    }
    let mut x = rhs.to_vec();
    for i in 0..p {
        let row = &l[i * p..(i + 1) * p];
        x[i] = (x[i] - dot(&row[..i], &x[..i])) / row[i];
    }
    for i in (0..p).rev() {
        let tail: f64 = ((i + 1)..p).map(|k| l[k * p + i] * x[k]).sum();
        x[i] = (x[i] - tail) / l[i * p + i];
    }
    x
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Spearman's rank correlation (average ranks for ties); `None` when either
/// side does not vary.
fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// 1-based ranks, ties sharing their average rank. Values within
/// [`TIE_TOLERANCE`] of the first of a run are ties: the same weights summed
/// in another order differ in the last bits, and must still tie.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let value = values[order[start]];
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| values[i] - value <= TIE_TOLERANCE)
                .count();
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// `0..n` shuffled by a generator seeded with `seed` (SplitMix64 and
/// Fisher–Yates): the same on every platform and in every release.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// `docs/calibration.md`'s Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/calibration.md")]
pub struct CalibrationDocDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ridge_solve_matches_a_known_system() {
        // (G + I)x = b with G = [[3, 1], [1, 2]]: [[4, 1], [1, 3]] x = [1, 2].
        let x = ridge_solve(&[3.0, 1.0, 1.0, 2.0], 1.0, &[1.0, 2.0]);
        assert!((x[0] - 1.0 / 11.0).abs() < 1e-12, "{x:?}");
        assert!((x[1] - 7.0 / 11.0).abs() < 1e-12, "{x:?}");
    }

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn spearman_is_none_without_variation() {
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        let rho = spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 15.0]).unwrap();
        assert!((rho - 0.5).abs() < 1e-12);
    }

    #[test]
    fn sums_in_another_order_still_tie() {
        assert_ne!(0.1 + 0.2, 0.3);
        assert_eq!(ranks(&[0.1 + 0.2, 0.3, 0.0]), [2.5, 2.5, 1.0]);
    }

    #[test]
    fn rounding_keeps_old_weights_and_signs() {
        assert_eq!(rounded(1.0004, 1.0), 1.0);
        assert_eq!(rounded(1.23456, 1.0), 1.235);
        assert_eq!(rounded(0.0002, 1.0), 0.001);
        assert_eq!(rounded(-0.0002, 1.0), -0.001);
    }

    #[test]
    fn shuffle_is_a_seeded_permutation() {
        let a = shuffled(50, 7);
        assert_eq!(a, shuffled(50, 7));
        assert_ne!(a, shuffled(50, 8));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn versions_gain_build_metadata() {
        assert_eq!(calibrated_version("1.0.0"), "1.0.0+calibrated");
        assert_eq!(calibrated_version("1.0.0+a"), "1.0.0+a.calibrated");
        assert_eq!(calibrated_version(""), "calibrated");
    }
}

//! What scoring gives: a [`Stance`] per statement, one [`AxisScore`] per
//! axis, and the [`Contribution`]s (with their [`Factor`]s) that explain
//! it. Plain data, shared by both engines, the targets and the bindings.
//!
//! # Normalization
//!
//! Each axis has a raw score, the sum of its contributions, and a bounded
//! score `raw / sqrt(raw² + α)` in (−1, 1), α being the lexicon's
//! [`alpha`](crate::Lexicon::alpha). The map keeps the sign, is nearly
//! linear for small sums and saturates as evidence piles up, so one clear
//! term (weight 2 with α = 4) scores 0.71 and three score 0.95. Scores are
//! not divided by length: a statement is as threatening as its threats,
//! however much procedure surrounds them. The raw sum and the hit count are
//! reported too, for users who prefer densities.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Scores one axis of one statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxisScore {
    /// The axis id.
    pub axis: String,
    /// Bounded score in (−1, 1); see the module docs.
    pub score: f64,
    /// Sum of the contributions.
    pub raw: f64,
    /// Number of contributions with a non-zero weight on this axis.
    pub hits: usize,
}

/// A modifier that changed a contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// The rule.
    pub rule: Rule,
    /// The multiplier it applied.
    pub factor: f64,
    /// The modifier term that triggered it, if a word did.
    pub trigger: Option<String>,
    /// Byte span of the trigger in the statement.
    pub trigger_span: Option<Range<usize>>,
    /// The axes it applies to, when not all: a negator is replaced on the
    /// axes where the lexicon keeps negated positive weights (see
    /// [`Lexicon::negated_positive`](crate::Lexicon::negated_positive)), a
    /// governing head applies on its own axes, and a directive on the axes
    /// where the entry weighs the negative pole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axes: Option<Vec<String>>,
}

impl std::fmt::Display for Factor {
    /// `negation ×-0.75 ("not")`: the rule, its factor, and the word that
    /// triggered it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ×{:.2}", self.rule.name(), self.factor)?;
        if let Some(trigger) = &self.trigger {
            write!(f, " ({trigger:?})")?;
        }
        match &self.axes {
            Some(axes) => write!(f, " on {}", axes.join(", ")),
            None => Ok(()),
        }
    }
}

/// One lexicon hit and what it added to each axis.
///
/// `values[i] = weights[i] × Π factors` (those that apply to axis `i`: all,
/// unless a factor lists its `axes`), and the values of all contributions
/// add up to each axis' raw score exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Byte span in the statement.
    pub span: Range<usize>,
    /// Token span.
    pub tokens: Range<usize>,
    /// The statement's text at `span`.
    pub text: String,
    /// The lexicon term that matched (`provoc*`).
    pub term: String,
    /// The term's group in the lexicon.
    pub group: String,
    /// The term's weights, in axis order.
    pub weights: Vec<f64>,
    /// The factors applied, in order.
    pub factors: Vec<Factor>,
    /// Final value per axis, in axis order.
    pub values: Vec<f64>,
    /// Sentence index of the hit.
    pub sentence: usize,
}

/// The stance of one statement: one score per axis, with its explanation.
///
/// # Examples
///
/// ```
/// let stance = stancekit::score("Lavrov accused the United States of trying to provoke a conflict.");
/// assert!(stance["blame"] > 0.0);
/// println!("{}", stance.explain());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    /// One score per axis, in the lexicon's axis order.
    pub axes: Vec<AxisScore>,
    /// Number of tokens.
    pub tokens: usize,
    /// Number of sentences.
    pub sentences: usize,
    /// Hash of the lexicon that scored it.
    pub lexicon: String,
    /// Every hit, in text order.
    pub contributions: Vec<Contribution>,
}

impl Stance {
    /// The score of `axis`, if the lexicon has it.
    ///
    /// # Examples
    ///
    /// ```
    /// let stance = stancekit::score("We will retaliate.");
    /// assert!(stance.score("threat").unwrap() > 0.0);
    /// assert_eq!(stance.score("tone"), None);
    /// ```
    pub fn score(&self, axis: &str) -> Option<f64> {
        self.get(axis).map(|a| a.score)
    }

    /// The raw sum of `axis`, if the lexicon has it.
    ///
    /// # Examples
    ///
    /// ```
    /// let stance = stancekit::score("We will retaliate.");
    /// let sum: f64 = stance.contributions.iter().map(|c| c.values[0]).sum();
    /// assert_eq!(stance.raw("threat"), Some(sum));
    /// ```
    pub fn raw(&self, axis: &str) -> Option<f64> {
        self.get(axis).map(|a| a.raw)
    }

    /// The full result for `axis`.
    ///
    /// # Examples
    ///
    /// ```
    /// let stance = stancekit::score("We condemn this aggression.");
    /// let blame = stance.get("blame").unwrap();
    /// assert!(blame.hits >= 1 && blame.score > 0.0);
    /// ```
    pub fn get(&self, axis: &str) -> Option<&AxisScore> {
        self.axes.iter().find(|a| a.axis == axis)
    }

    /// The scores in axis order.
    ///
    /// # Examples
    ///
    /// ```
    /// let stance = stancekit::score("We welcome the talks.");
    /// assert_eq!(stance.vector().len(), 4);
    /// assert!(stance.vector()[0] < 0.0);
    /// ```
    pub fn vector(&self) -> Vec<f64> {
        self.axes.iter().map(|a| a.score).collect()
    }

    /// A plain-text table of the contributions.
    ///
    /// # Examples
    ///
    /// ```
    /// let text = stancekit::score("We will not break off talks.").explain();
    /// assert!(text.contains("break off talks"));
    /// assert!(text.contains("negation"));
    /// ```
    pub fn explain(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let header: Vec<String> = self.axes.iter().map(|a| format!("{:>9}", a.axis)).collect();
        let _ = writeln!(out, "{:<28} {}  factors", "term", header.join(""));
        for c in &self.contributions {
            let values: Vec<String> = c.values.iter().map(|v| format!("{v:>9.3}")).collect();
            let factors: Vec<String> = c.factors.iter().map(Factor::to_string).collect();
            let label = format!("{:?}", c.text);
            let _ = writeln!(
                out,
                "{label:<28} {}  {}",
                values.join(""),
                factors.join(", ")
            );
        }
        let raw: Vec<String> = self
            .axes
            .iter()
            .map(|a| format!("{:>9.3}", a.raw))
            .collect();
        let scores: Vec<String> = self
            .axes
            .iter()
            .map(|a| format!("{:>9.3}", a.score))
            .collect();
        let _ = writeln!(out, "{:<28} {}", "raw", raw.join(""));
        let _ = write!(out, "{:<28} {}", "score", scores.join(""));
        out
    }
}

impl std::ops::Index<&str> for Stance {
    type Output = f64;

    /// The score of an axis; panics on an axis the lexicon lacks, like a map.
    fn index(&self, axis: &str) -> &f64 {
        &self
            .get(axis)
            .unwrap_or_else(|| panic!("no axis {axis:?}"))
            .score
    }
}

/// The rule that produced a factor.
///
/// # Examples
///
/// ```
/// let stance = stancekit::Scorer::default().score("We urge them to return to talks.").unwrap();
/// let talks = stance.contributions.iter().find(|c| c.term == "talks").unwrap();
/// let rules: Vec<_> = talks.factors.iter().map(|f| f.rule).collect();
/// assert_eq!(rules, [stancekit::Rule::Directive]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// A negator before the entry, in its clause.
    Negation,
    /// A governing head before the entry, in its clause ("undermines
    /// security", "halting the annexation").
    Head,
    /// A directive frame before the entry, in its clause: what is demanded
    /// of the addressee ("we urge Moscow to show restraint").
    Directive,
    /// An intensifier right before the entry.
    Intensifier,
    /// A dampener right before the entry.
    Dampener,
    /// A hedge in the entry's clause.
    Hedge,
    /// A contrast marker in the entry's sentence.
    Contrast,
    /// The entry is written in capitals.
    Caps,
    /// The entry's sentence has exclamation marks.
    Exclamation,
    /// An idiom replaced the entry's value (the VADER profile's special
    /// cases, such as "the bomb").
    Idiom,
}

impl Rule {
    /// The rule's name as in outputs (`negation`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Negation => "negation",
            Rule::Head => "head",
            Rule::Directive => "directive",
            Rule::Intensifier => "intensifier",
            Rule::Dampener => "dampener",
            Rule::Hedge => "hedge",
            Rule::Contrast => "contrast",
            Rule::Caps => "caps",
            Rule::Exclamation => "exclamation",
            Rule::Idiom => "idiom",
        }
    }
}

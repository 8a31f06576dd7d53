//! The scorer: a compiled lexicon that turns statements into stance vectors
//! with explanations, one at a time or in parallel batches.
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

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use ndarray::{Array2, ArrayViewMut2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::actors::Actors;
use crate::error::Error;
use crate::lexicon::{Axis, Lexicon, ModifierKind};
use crate::matcher::{Keys, Match, Matcher, Term};
use crate::rules::{self, Applied, Context, Rule, Rules};
use crate::segment::Layout;
use crate::targets::{attribute, Place, Targets};
use crate::tokenize::{Tokenizer, Tokens};

/// Statements per parallel task in batch scoring: large enough to amortize
/// scheduling, small enough to balance two to a hundred threads.
const BATCH_CHUNK: usize = 256;

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

/// Per-thread buffers, reused across statements.
#[derive(Default)]
struct Scratch {
    tokens: Tokens,
    keys: Keys,
    matches: Vec<Match>,
    markers: Vec<usize>,
    layout: Layout,
    rules: rules::Scratch,
    vader: crate::vader::Scratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's buffers, or with fresh ones when they are in
/// use (a call made from inside another).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// A compiled lexicon, ready to score. `Send + Sync`; share it by reference
/// or wrap it in an `Arc`; cloning it is cheap.
///
/// # Examples
///
/// ```
/// use stancekit::{Lexicon, Scorer};
/// let scorer = Scorer::new(&Lexicon::default()).unwrap();
/// let stance = scorer.score("Moscow would not break off talks with the West.").unwrap();
/// assert!(stance["threat"] < 0.0);
///
/// let scores = scorer.score_batch(&["We welcome the talks.", "We warn of grave consequences."]).unwrap();
/// assert_eq!(scores.shape(), [2, 4]);
/// assert!(scores[[1, 0]] > scores[[0, 0]]);
/// ```
#[derive(Clone)]
pub struct Scorer {
    inner: Arc<Compiled>,
    rules: Rules,
}

struct Compiled {
    tokenizer: Tokenizer,
    matcher: Matcher,
    terms: Vec<Term>,
    axes: Vec<Axis>,
    alpha: f64,
    hash: String,
    negated_positive: Vec<(usize, f64)>,
    /// The VADER profile's tables, when it is the profile.
    vader: Option<crate::vader::Compiled>,
}

/// Which rules a [`Scorer`] applies to its lexicon.
///
/// # Examples
///
/// ```
/// use stancekit::{vader, Profile, Scorer};
/// let parity = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
/// let corrected = Scorer::with_profile(&vader::lexicon(), Profile::Stancekit).unwrap();
/// let text = "The plot was not good, but I loved the cast.";
/// assert!(parity.score(text).unwrap()["valence"] > 0.0);
/// assert!(corrected.score(text).unwrap()["valence"] > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// stancekit's tokens and rules (see [`rules`](crate::rules)).
    #[default]
    Stancekit,
    /// vaderSentiment 3.3.2's tokens and rules, reproduced exactly, quirks
    /// included; for a lexicon in VADER's format (see
    /// [`vader`](crate::vader)). Scores are VADER's `compound` on the
    /// lexicon's first axis.
    Vader,
}

impl Default for Scorer {
    /// A scorer of the built-in lexicon, compiled once per process.
    fn default() -> Self {
        static DEFAULT: std::sync::OnceLock<Scorer> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                Scorer::new(&Lexicon::default()).expect("the built-in lexicon compiles (tested)")
            })
            .clone()
    }
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scorer")
            .field("lexicon", &self.inner.hash)
            .field("terms", &self.inner.terms.len())
            .finish_non_exhaustive()
    }
}

impl Scorer {
    /// Compiles `lexicon` with the default tokenizer.
    pub fn new(lexicon: &Lexicon) -> Result<Self, Error> {
        Scorer::with_tokenizer(lexicon, Tokenizer::default())
    }

    /// Compiles `lexicon` for a rule [`Profile`].
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// assert_eq!(scorer.profile(), Profile::Vader);
    /// assert_eq!(scorer.polarity("Not bad at all").unwrap().compound, 0.431);
    /// ```
    pub fn with_profile(lexicon: &Lexicon, profile: Profile) -> Result<Self, Error> {
        let mut scorer = Scorer::new(lexicon)?;
        if profile == Profile::Vader {
            let inner = Arc::get_mut(&mut scorer.inner).expect("just built, not shared");
            inner.vader = Some(crate::vader::Compiled::new(lexicon)?);
        }
        Ok(scorer)
    }

    /// The rule profile.
    pub fn profile(&self) -> Profile {
        match self.inner.vader {
            Some(_) => Profile::Vader,
            None => Profile::Stancekit,
        }
    }

    /// VADER's `neg`, `neu`, `pos` and `compound` for `text`, rounded as
    /// vaderSentiment rounds them. Under the stancekit profile they are
    /// computed the same way from the first axis' contributions, each word
    /// token without one counting as neutral.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let p = scorer.polarity("VADER is VERY SMART, handsome, and FUNNY!!!").unwrap();
    /// assert_eq!(p.compound, 0.9342);
    /// ```
    pub fn polarity(&self, text: &str) -> Result<crate::vader::Polarity, Error> {
        with_scratch(|s| self.polarity_with(text, s))
    }

    fn polarity_with(&self, text: &str, s: &mut Scratch) -> Result<crate::vader::Polarity, Error> {
        if let Some(vader) = &self.inner.vader {
            return Ok(vader.polarity(text, &mut s.vader));
        }
        let stance = self.score_with(text, s)?;
        let words = stance.tokens
            - s.tokens
                .iter()
                .filter(|(t, _)| !t.chars().any(char::is_alphanumeric))
                .count();
        let values = stance.contributions.iter().map(|c| c.values[0]);
        let nonzero = values.clone().filter(|v| *v != 0.0).count();
        Ok(crate::vader::Polarity::new(values, words.max(nonzero), 0.0))
    }

    /// Compiles `lexicon`; its terms are tokenized by `tokenizer`, the same
    /// one that will tokenize statements, so they always agree.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Lexicon, Pipeline, Scorer, Tokenizer};
    /// let json = r#"{"normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"}}"#;
    /// let tokenizer = Tokenizer::from_pipeline(Pipeline::from_json(json).unwrap());
    /// let scorer = Scorer::with_tokenizer(&Lexicon::default(), tokenizer).unwrap();
    /// assert!(scorer.score("They threaten war").unwrap()["threat"] > 0.0);
    /// ```
    pub fn with_tokenizer(lexicon: &Lexicon, tokenizer: Tokenizer) -> Result<Self, Error> {
        let axes = lexicon.axes().to_vec();
        let mut terms: Vec<Term> = Vec::new();
        let mut index = std::collections::BTreeMap::new();
        for (text, entry) in lexicon.entries() {
            let weights = axes
                .iter()
                .map(|a| lexicon.weight_on(&entry.weights, &a.id))
                .collect();
            index.insert(text, terms.len());
            terms.push(Term {
                text: text.to_string(),
                group: entry.group.clone(),
                weights: Some(weights),
                modifier: None,
                modifier_axes: u64::MAX,
            });
        }
        for (text, kind) in lexicon.modifiers() {
            // The lexicon checked that the axes exist and are within the
            // first 64.
            let modifier_axes = match kind.axes() {
                [] => u64::MAX,
                named => named
                    .iter()
                    .filter_map(|id| axes.iter().position(|a| &a.id == id))
                    .fold(0, |mask, i| mask | 1 << i),
            };
            match index.get(text) {
                Some(&i) => {
                    terms[i].modifier = Some(kind.clone());
                    terms[i].modifier_axes = modifier_axes;
                }
                None => terms.push(Term {
                    text: text.to_string(),
                    group: String::new(),
                    weights: None,
                    modifier: Some(kind.clone()),
                    modifier_axes,
                }),
            }
        }
        let mut matcher = Matcher::default();
        for (i, term) in terms.iter().enumerate() {
            let (text, wildcard) = crate::lexicon::term_pattern(&term.text);
            let tokens = tokenizer.tokenize(&text)?;
            let words: Vec<&str> = tokens.iter().map(|(t, _)| t).collect();
            if words.is_empty() {
                return Err(Error::Tokenizer(format!(
                    "term {:?} has no tokens",
                    term.text
                )));
            }
            matcher.add(&words, wildcard, i as u32);
        }
        Ok(Scorer {
            inner: Arc::new(Compiled {
                tokenizer,
                matcher,
                terms,
                axes: axes.clone(),
                alpha: lexicon.alpha(),
                hash: lexicon.hash(),
                vader: None,
                negated_positive: lexicon
                    .negated_positive()
                    .iter()
                    .filter_map(|(id, &f)| axes.iter().position(|a| &a.id == id).map(|i| (i, f)))
                    .collect(),
            }),
            rules: Rules::default(),
        })
    }

    /// The same scorer with other rule constants.
    pub fn with_rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }

    /// The axes, in output order: the columns of
    /// [`score_batch`](Self::score_batch).
    ///
    /// # Examples
    ///
    /// ```
    /// let ids: Vec<_> = stancekit::Scorer::default().axes().iter().map(|a| a.id.clone()).collect();
    /// assert_eq!(ids, ["threat", "blame", "rigidity", "certainty"]);
    /// ```
    pub fn axes(&self) -> &[Axis] {
        &self.inner.axes
    }

    /// Hash of the compiled lexicon.
    pub fn lexicon_hash(&self) -> &str {
        &self.inner.hash
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.inner.tokenizer
    }

    /// Tokenizes, matches and lays out `text` in `s`, then calls `emit` for
    /// every entry with its match and factors. The one code path behind
    /// every output, so batch and single scores are bit-identical.
    ///
    /// With `explained` false, a statement without entries stops after
    /// matching: its scores are zero whatever its layout.
    fn run(
        &self,
        text: &str,
        s: &mut Scratch,
        explained: bool,
        mut emit: impl FnMut(&Match, &Term, &[Applied], &Scratch),
    ) -> Result<(), Error> {
        let c = &*self.inner;
        c.tokenizer.tokenize_into(text, &mut s.tokens)?;
        c.matcher.find(&s.tokens, &mut s.keys, &mut s.matches);
        if !explained
            && !s
                .matches
                .iter()
                .any(|m| c.terms[m.term as usize].weights.is_some())
        {
            return Ok(());
        }
        s.markers.clear();
        for m in &s.matches {
            if matches!(
                c.terms[m.term as usize].modifier,
                Some(ModifierKind::Contrast { .. })
            ) {
                s.markers.push(m.start);
            }
        }
        s.layout.build(&s.tokens, &s.markers);
        let ctx = Context {
            text,
            tokens: &s.tokens,
            matches: &s.matches,
            terms: &c.terms,
            layout: &s.layout,
            rules: &self.rules,
            negated_positive: &c.negated_positive,
        };
        let mut rule_scratch = std::mem::take(&mut s.rules);
        ctx.evaluate(&mut rule_scratch, |mi, applied| {
            let m = &s.matches[mi];
            emit(m, &c.terms[m.term as usize], applied, s);
        });
        s.rules = rule_scratch;
        Ok(())
    }

    fn bounded(&self, raw: f64) -> f64 {
        raw / (raw * raw + self.inner.alpha).sqrt()
    }

    /// Scores one statement, with its explanation.
    ///
    /// # Examples
    ///
    /// ```
    /// let stance = stancekit::Scorer::default().score("Russia would not give up its claims.").unwrap();
    /// assert!(stance["rigidity"] > 0.0);
    /// assert_eq!(stance.tokens, 8); // seven words and the period
    /// ```
    pub fn score(&self, text: &str) -> Result<Stance, Error> {
        with_scratch(|s| self.score_with(text, s))
    }

    /// The stance toward each actor `text` names: the explained stance, the
    /// actors' mentions, whom each contribution is about (and by which
    /// rule), and one stance vector per actor; see [`targets`](crate::targets).
    ///
    /// ```
    /// use stancekit::{Actors, Scorer};
    /// let text = "We welcome the constructive answer of Washington and condemn the provocations of NATO.";
    /// let t = Scorer::default().score_targets(text, &Actors::builtin()).unwrap();
    /// assert!(t.target("US").unwrap().axes[1].score < 0.0); // blame: appreciated
    /// assert!(t.target("NATO").unwrap().axes[1].score > 0.0); // blame: accused
    /// ```
    pub fn score_targets(&self, text: &str, actors: &Actors) -> Result<Targets, Error> {
        if self.inner.vader.is_some() {
            return Err(Error::Unsupported(
                "stance toward actors needs the stancekit profile: score with Profile::Stancekit",
            ));
        }
        with_scratch(|s| {
            let stance = self.score_with(text, s)?;
            let mentions = actors.mentions_in(text, &s.tokens);
            let layout = &s.layout;
            let place = Place {
                tokens: &s.tokens,
                sentence: &|i| layout.sentence(i),
                clause: &|i| layout.clause(i),
            };
            Ok(attribute(stance, actors, &mentions, &place, |raw| {
                self.bounded(raw)
            }))
        })
    }

    fn score_with(&self, text: &str, s: &mut Scratch) -> Result<Stance, Error> {
        if let Some(vader) = &self.inner.vader {
            let axis = &self.inner.axes[0].id;
            return Ok(vader.stance(text, &mut s.vader, axis, &self.inner.hash));
        }
        let n = self.inner.axes.len();
        let mut raw = vec![0.0; n];
        let mut hits = vec![0; n];
        let mut contributions = Vec::new();
        self.run(text, s, true, |m, term, applied, s| {
            let weights = term.weights.as_deref().expect("entries have weights");
            let mut values = vec![0.0; weights.len()];
            apply(weights, applied, |i, v| values[i] = v);
            for (i, v) in values.iter().enumerate() {
                raw[i] += v;
                hits[i] += usize::from(weights[i] != 0.0);
            }
            let all = s.tokens.tokens();
            let span = all[m.start].span().start..all[m.end - 1].span().end;
            let factors = applied
                .iter()
                .map(|a| {
                    let trigger = a.trigger.map(|t| {
                        let tm = &s.matches[t];
                        (
                            &self.inner.terms[tm.term as usize].text,
                            all[tm.start].span().start..all[tm.end - 1].span().end,
                        )
                    });
                    Factor {
                        rule: a.rule,
                        factor: a.factor,
                        trigger: trigger.as_ref().map(|(t, _)| (*t).clone()),
                        trigger_span: trigger.map(|(_, s)| s),
                        axes: (!a.axes.is_all()).then(|| {
                            (self.inner.axes.iter().enumerate())
                                .filter(|&(i, _)| a.axes.contains(i))
                                .map(|(_, axis)| axis.id.clone())
                                .collect()
                        }),
                    }
                })
                .collect();
            contributions.push(Contribution {
                text: text[span.clone()].to_string(),
                span,
                tokens: m.start..m.end,
                term: term.text.clone(),
                group: term.group.clone(),
                weights: weights.to_vec(),
                factors,
                values,
                sentence: s.layout.sentence(m.start) as usize,
            });
        })?;
        let axes = self
            .inner
            .axes
            .iter()
            .zip(raw.iter().zip(&hits))
            .map(|(axis, (&raw, &hits))| AxisScore {
                axis: axis.id.clone(),
                score: self.bounded(raw),
                raw,
                hits,
            })
            .collect();
        Ok(Stance {
            axes,
            tokens: s.tokens.len(),
            sentences: s.layout.sentences(),
            lexicon: self.inner.hash.clone(),
            contributions,
        })
    }

    /// Writes the bounded scores of `text` into `out` (one per axis),
    /// without building an explanation.
    fn score_into(&self, text: &str, s: &mut Scratch, out: &mut [f32]) -> Result<(), Error> {
        if let Some(vader) = &self.inner.vader {
            out.fill(0.0);
            out[0] = vader.compound(text, &mut s.vader).1 as f32;
            return Ok(());
        }
        let mut raw = [0.0f64; 16];
        let mut raw_vec;
        let raw: &mut [f64] = if out.len() <= raw.len() {
            &mut raw[..out.len()]
        } else {
            raw_vec = vec![0.0; out.len()];
            &mut raw_vec
        };
        self.run(text, s, false, |_, term, applied, _| {
            let weights = term.weights.as_deref().expect("entries have weights");
            apply(weights, applied, |i, v| raw[i] += v);
        })?;
        for (o, &r) in out.iter_mut().zip(raw.iter()) {
            *o = self.bounded(r) as f32;
        }
        Ok(())
    }

    /// Scores many statements on all cores (rayon's global pool): one row per
    /// statement, one column per axis, `f32`. Identical to scoring one by one.
    pub fn score_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Array2<f32>, Error> {
        let mut out = Array2::<f32>::zeros((texts.len(), self.inner.axes.len()));
        self.score_batch_into(texts, out.view_mut())?;
        Ok(out)
    }

    /// [`score_batch`](Self::score_batch) into rows the caller owns, so that
    /// a large batch scored in chunks (to report progress, or to stop
    /// between chunks) fills one array without copying. On an error, rows
    /// up to the failing statement may have been written.
    ///
    /// # Panics
    ///
    /// If `out` is not `texts.len()` rows by [`axes`](Self::axes) columns.
    ///
    /// # Examples
    ///
    /// ```
    /// use ndarray::{Array2, Axis};
    /// let scorer = stancekit::Scorer::default();
    /// let texts = vec!["We will retaliate."; 10];
    /// let mut out = Array2::<f32>::zeros((texts.len(), scorer.axes().len()));
    /// for (rows, chunk) in out.axis_chunks_iter_mut(Axis(0), 4).zip(texts.chunks(4)) {
    ///     scorer.score_batch_into(chunk, rows).unwrap();
    /// }
    /// assert_eq!(out, scorer.score_batch(&texts).unwrap());
    /// ```
    pub fn score_batch_into<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        mut out: ArrayViewMut2<'_, f32>,
    ) -> Result<(), Error> {
        let n = self.inner.axes.len();
        assert_eq!(
            out.dim(),
            (texts.len(), n),
            "score_batch_into: `out` must be one row per statement, one column per axis"
        );
        if n == 0 || texts.is_empty() {
            return Ok(());
        }
        // Rows of a standard-layout array are scored in place; any other
        // view gets a fresh array copied in.
        let Some(flat) = out.as_slice_mut() else {
            let scores = self.score_batch(texts)?;
            out.assign(&scores);
            return Ok(());
        };
        fill_rows(texts, flat, n, |text, s, row| self.score_into(text, s, row))
    }

    /// [`score_batch`](Self::score_batch) on a pool of exactly `threads`
    /// threads (0 means rayon's default, one per core).
    ///
    /// # Examples
    ///
    /// ```
    /// let scorer = stancekit::Scorer::default();
    /// let texts = vec!["We will retaliate."; 1000];
    /// assert_eq!(scorer.score_batch_threads(&texts, 1).unwrap(), scorer.score_batch_threads(&texts, 2).unwrap());
    /// ```
    pub fn score_batch_threads<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        threads: usize,
    ) -> Result<Array2<f32>, Error> {
        on_threads(threads, || self.score_batch(texts))
    }

    /// [`polarity`](Scorer::polarity) of many statements on all cores
    /// (rayon's global pool): one row per statement, the columns `neg`,
    /// `neu`, `pos` and `compound`.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let rows = scorer.polarity_batch(&["The book was good.", "Today SUX!"]).unwrap();
    /// assert_eq!(rows[[0, 3]], 0.4404);
    /// assert!(rows[[1, 3]] < 0.0);
    /// ```
    pub fn polarity_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Array2<f64>, Error> {
        let mut out = Array2::<f64>::zeros((texts.len(), 4));
        let flat = out.as_slice_mut().expect("a new array is contiguous");
        fill_rows(texts, flat, 4, |text, s, row| {
            let p = self.polarity_with(text, s)?;
            row.copy_from_slice(&[p.neg, p.neu, p.pos, p.compound]);
            Ok(())
        })?;
        Ok(out)
    }

    /// [`polarity_batch`](Self::polarity_batch) on a pool of exactly
    /// `threads` threads (0 means rayon's default, one per core).
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let texts = vec!["The book was good."; 1000];
    /// assert_eq!(scorer.polarity_batch_threads(&texts, 1).unwrap(), scorer.polarity_batch_threads(&texts, 2).unwrap());
    /// ```
    pub fn polarity_batch_threads<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        threads: usize,
    ) -> Result<Array2<f64>, Error> {
        on_threads(threads, || self.polarity_batch(texts))
    }
}

/// Runs `f` on a pool of exactly `threads` threads (0: one per core).
fn on_threads<R: Send>(
    threads: usize,
    f: impl FnOnce() -> Result<R, Error> + Send,
) -> Result<R, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Threads {
            threads,
            reason: e.to_string(),
        })?;
    pool.install(f)
}

/// Fills `flat`, `width` values per statement, by `row(text, scratch,
/// row)` on all cores, in chunks of [`BATCH_CHUNK`] statements with one
/// scratch per task; a failing statement is reported by its index.
fn fill_rows<S: AsRef<str> + Sync, T: Send>(
    texts: &[S],
    flat: &mut [T],
    width: usize,
    row: impl Fn(&str, &mut Scratch, &mut [T]) -> Result<(), Error> + Sync,
) -> Result<(), Error> {
    flat.par_chunks_mut(BATCH_CHUNK * width)
        .zip(texts.par_chunks(BATCH_CHUNK))
        .enumerate()
        .try_for_each_init(Scratch::default, |s, (chunk, (rows, texts))| {
            for (i, (out, text)) in rows.chunks_mut(width).zip(texts).enumerate() {
                row(text.as_ref(), s, out).map_err(|e| Error::Statement {
                    index: chunk * BATCH_CHUNK + i,
                    source: Box::new(e),
                })?;
            }
            Ok(())
        })
}

/// Calls `out(axis, value)` with each weight times the product of the
/// factors that apply to its axis, multiplied in the order they were
/// applied: the one computation behind explained and batch scores.
fn apply(weights: &[f64], applied: &[Applied], mut out: impl FnMut(usize, f64)) {
    if applied.iter().all(|a| a.axes.is_all()) {
        let product = applied.iter().fold(1.0, |p, a| p * a.factor);
        for (i, w) in weights.iter().enumerate() {
            out(i, w * product);
        }
    } else {
        for (i, w) in weights.iter().enumerate() {
            let product = (applied.iter())
                .filter(|a| a.axes.contains(i))
                .fold(1.0, |p, a| p * a.factor);
            out(i, w * product);
        }
    }
}

/// Scores `text` with the built-in lexicon; the scorer is compiled once.
///
/// # Panics
///
/// On a statement over [`MAX_STATEMENT_BYTES`](crate::MAX_STATEMENT_BYTES),
/// the only input the default tokenizer refuses; use [`Scorer::score`] to
/// get that as an error.
///
/// # Examples
///
/// ```
/// let stance = stancekit::score("Russia would not give up its claims.");
/// assert!(stance["rigidity"] > 0.0);
/// ```
pub fn score(text: &str) -> Stance {
    Scorer::default()
        .score(text)
        .expect("the default tokenizer does not fail")
}

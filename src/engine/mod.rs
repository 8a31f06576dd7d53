//! The stancekit engine: a lexicon compiled into a phrase [`Matcher`] and
//! the valence-shifting [`rules`], turning a statement into contributions.
//!
//! One code path ([`Compiled::run`]) is behind every output, explained or
//! not, so a batch and one-by-one scoring give bit-identical scores; and
//! each contribution's values are its weights times its factors, so the
//! contributions add up to the raw score exactly.

pub(crate) mod matcher;
pub mod rules;

use crate::actors::Actors;
use crate::error::{Error, TokenizerError};
use crate::lexicon::{Axis, Lexicon, ModifierKind};
use crate::segment::Layout;
use crate::stance::{AxisScore, Contribution, Factor, Stance};
use crate::targets::{attribute, Place, Targets};
use crate::tokenize::{Tokenizer, Tokens};
use matcher::{Keys, Match, Matcher, Term};
use rules::{Applied, Context, Rules};

/// A lexicon compiled for the stancekit rules.
pub(crate) struct Compiled {
    tokenizer: Tokenizer,
    matcher: Matcher,
    terms: Vec<Term>,
    axes: Vec<Axis>,
    alpha: f64,
    hash: String,
    negated_positive: Vec<(usize, f64)>,
}

/// Buffers reused from statement to statement.
#[derive(Default)]
pub(crate) struct Scratch {
    tokens: Tokens,
    keys: Keys,
    matches: Vec<Match>,
    markers: Vec<usize>,
    layout: Layout,
    rules: rules::Scratch,
}

impl Compiled {
    /// Compiles `lexicon`; its terms are tokenized by `tokenizer`, the same
    /// one that will tokenize statements, so they always agree.
    pub(crate) fn new(lexicon: &Lexicon, tokenizer: Tokenizer) -> Result<Self, Error> {
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
                return Err(TokenizerError::TermWithoutTokens(term.text.clone()).into());
            }
            matcher.add(&words, wildcard, i as u32);
        }
        let negated_positive = (lexicon.negated_positive().iter())
            .filter_map(|(id, &f)| axes.iter().position(|a| &a.id == id).map(|i| (i, f)))
            .collect();
        Ok(Compiled {
            tokenizer,
            matcher,
            terms,
            axes,
            alpha: lexicon.alpha(),
            hash: lexicon.hash(),
            negated_positive,
        })
    }

    pub(crate) fn axes(&self) -> &[Axis] {
        &self.axes
    }

    pub(crate) fn hash(&self) -> &str {
        &self.hash
    }

    pub(crate) fn terms(&self) -> usize {
        self.terms.len()
    }

    pub(crate) fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Tokenizes, matches and lays out `text` in `s`, then calls `emit` for
    /// every entry with its match and factors.
    ///
    /// With `explained` false, a statement without entries stops after
    /// matching: its scores are zero whatever its layout.
    fn run(
        &self,
        text: &str,
        rules: &Rules,
        s: &mut Scratch,
        explained: bool,
        mut emit: impl FnMut(&Match, &Term, &[Applied], &Scratch),
    ) -> Result<(), Error> {
        self.tokenizer.tokenize_into(text, &mut s.tokens)?;
        self.matcher.find(&s.tokens, &mut s.keys, &mut s.matches);
        let weighs = |m: &Match| self.terms[m.term as usize].weights.is_some();
        if !explained && !s.matches.iter().any(weighs) {
            return Ok(());
        }
        s.markers.clear();
        for m in &s.matches {
            if matches!(
                self.terms[m.term as usize].modifier,
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
            terms: &self.terms,
            layout: &s.layout,
            rules,
            negated_positive: &self.negated_positive,
        };
        let mut rule_scratch = std::mem::take(&mut s.rules);
        ctx.evaluate(&mut rule_scratch, |mi, applied| {
            let m = &s.matches[mi];
            emit(m, &self.terms[m.term as usize], applied, s);
        });
        s.rules = rule_scratch;
        Ok(())
    }

    /// The bounded score of a raw sum (see [`stance`](crate::stance)).
    pub(crate) fn bounded(&self, raw: f64) -> f64 {
        raw / (raw * raw + self.alpha).sqrt()
    }

    /// The explained stance of `text`.
    pub(crate) fn stance(
        &self,
        text: &str,
        rules: &Rules,
        s: &mut Scratch,
    ) -> Result<Stance, Error> {
        let n = self.axes.len();
        let mut raw = vec![0.0; n];
        let mut hits = vec![0; n];
        let mut contributions = Vec::new();
        self.run(text, rules, s, true, |m, term, applied, s| {
            let weights = term.weights.as_deref().expect("entries have weights");
            let mut values = vec![0.0; weights.len()];
            apply(weights, applied, |i, v| values[i] = v);
            for (i, v) in values.iter().enumerate() {
                raw[i] += v;
                hits[i] += usize::from(weights[i] != 0.0);
            }
            let all = s.tokens.tokens();
            let span_of = |m: &Match| all[m.start].span().start..all[m.end - 1].span().end;
            let span = span_of(m);
            let factors = (applied.iter())
                .map(|a| {
                    let trigger = a.trigger.map(|t| &s.matches[t]);
                    Factor {
                        rule: a.rule,
                        factor: a.factor,
                        trigger: trigger.map(|tm| self.terms[tm.term as usize].text.clone()),
                        trigger_span: trigger.map(span_of),
                        axes: (!a.axes.is_all()).then(|| {
                            (self.axes.iter().enumerate())
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
        let axes = (self.axes.iter().zip(raw.iter().zip(&hits)))
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
            lexicon: self.hash.clone(),
            contributions,
        })
    }

    /// The stance of `text` toward each actor it names.
    pub(crate) fn targets(
        &self,
        text: &str,
        actors: &Actors,
        rules: &Rules,
        s: &mut Scratch,
    ) -> Result<Targets, Error> {
        let stance = self.stance(text, rules, s)?;
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
    }

    /// Writes the bounded scores of `text` into `out` (one per axis),
    /// without building an explanation.
    pub(crate) fn score_into(
        &self,
        text: &str,
        rules: &Rules,
        s: &mut Scratch,
        out: &mut [f32],
    ) -> Result<(), Error> {
        let mut raw = [0.0f64; 16];
        let mut raw_vec;
        let raw: &mut [f64] = if out.len() <= raw.len() {
            &mut raw[..out.len()]
        } else {
            raw_vec = vec![0.0; out.len()];
            &mut raw_vec
        };
        self.run(text, rules, s, false, |_, term, applied, _| {
            let weights = term.weights.as_deref().expect("entries have weights");
            apply(weights, applied, |i, v| raw[i] += v);
        })?;
        for (o, &r) in out.iter_mut().zip(raw.iter()) {
            *o = self.bounded(r) as f32;
        }
        Ok(())
    }

    /// VADER's four outputs computed from the first axis' contributions,
    /// each word token without one counting as neutral.
    pub(crate) fn polarity(
        &self,
        text: &str,
        rules: &Rules,
        s: &mut Scratch,
    ) -> Result<crate::vader::Polarity, Error> {
        let stance = self.stance(text, rules, s)?;
        Ok(polarity_of(&stance, &s.tokens))
    }
}

/// VADER's four outputs of an explained stance (see
/// [`Compiled::polarity`]).
fn polarity_of(stance: &Stance, tokens: &Tokens) -> crate::vader::Polarity {
    let punctuation = (tokens.iter())
        .filter(|(t, _)| !t.chars().any(char::is_alphanumeric))
        .count();
    let words = stance.tokens - punctuation;
    let values = stance.contributions.iter().map(|c| c.values[0]);
    let nonzero = values.clone().filter(|v| *v != 0.0).count();
    crate::vader::Polarity::new(values, words.max(nonzero), 0.0)
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

//! Valence shifters: the rules that scale an entry's weights by what stands
//! around it. Each rule is a small named step with its constant here; the
//! words that trigger them come from the lexicon's modifier sections.
//!
//! For each entry the factors are applied in a fixed order (negation,
//! governing heads and directives, intensity, hedges, contrast, caps,
//! exclamation) and all of them are
//! reported, so an explanation shows exactly how a weight became a
//! contribution.

use std::cell::OnceCell;

pub use crate::lexicon::{MAX_NEGATED_POSITIVE_AXIS, NEGATION_FACTOR, NEGATION_SCOPE};
pub use crate::stance::Rule;

use super::matcher::{Match, Term};
use crate::lexicon::{ContrastScope, ModifierKind};
use crate::segment::Layout;
use crate::tokenize::Tokens;

/// How far an intensifier or dampener reaches, in tokens: "very serious",
/// "extremely grave and ...": the next entry starting within two tokens.
pub const DEGREE_REACH: usize = 2;

/// Factor for an entry written in capitals ("we will NEVER accept") when the
/// statement also has lower-case letters (so headlines and acronym-heavy
/// text are not all emphasized).
pub const CAPS_FACTOR: f64 = 1.25;

/// Each `!` in a sentence raises its entries by this share...
pub const EXCLAMATION_STEP: f64 = 0.1;

/// ...counting at most this many marks.
pub const EXCLAMATION_MAX: u32 = 3;

/// Constants of the rules that have no lexicon vocabulary.
///
/// # Examples
///
/// ```
/// use stancekit::{Lexicon, Rules, Scorer};
/// let plain = Rules { caps_factor: 1.0, ..Rules::default() };
/// let scorer = Scorer::new(&Lexicon::default()).unwrap().with_rules(plain).unwrap();
/// let a = scorer.score("They THREATEN us.").unwrap();
/// let b = scorer.score("They threaten us.").unwrap();
/// assert_eq!(a.raw("threat"), b.raw("threat"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// See [`CAPS_FACTOR`]; 1.0 turns the rule off.
    pub caps_factor: f64,
    /// See [`EXCLAMATION_STEP`]; 0.0 turns the rule off.
    pub exclamation_step: f64,
    /// See [`EXCLAMATION_MAX`].
    pub exclamation_max: u32,
    /// See [`DEGREE_REACH`].
    pub degree_reach: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            caps_factor: CAPS_FACTOR,
            exclamation_step: EXCLAMATION_STEP,
            exclamation_max: EXCLAMATION_MAX,
            degree_reach: DEGREE_REACH,
        }
    }
}

/// One factor applied to an entry; `trigger` is the index of the modifier's
/// match, if a word triggered it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Applied {
    pub rule: Rule,
    pub factor: f64,
    pub trigger: Option<usize>,
    pub axes: AxisSet,
}

/// The axes a factor applies to: all of them but, or only, those in `mask`
/// (bit `i` is axis `i`; see [`MAX_NEGATED_POSITIVE_AXIS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AxisSet {
    mask: u64,
    except: bool,
}

impl AxisSet {
    pub const ALL: AxisSet = AxisSet {
        mask: 0,
        except: true,
    };

    pub fn contains(self, axis: usize) -> bool {
        let listed = axis < 64 && self.mask >> axis & 1 == 1;
        listed != self.except
    }

    /// The axes whose bits `mask` sets; every axis for `u64::MAX`.
    pub fn only(mask: u64) -> AxisSet {
        if mask == u64::MAX {
            AxisSet::ALL
        } else {
            AxisSet {
                mask,
                except: false,
            }
        }
    }

    pub fn is_all(self) -> bool {
        self == AxisSet::ALL
    }
}

/// A statement ready for the rules.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub tokens: &'a Tokens,
    pub matches: &'a [Match],
    pub terms: &'a [Term],
    pub layout: &'a Layout,
    pub rules: &'a Rules,
    /// The lexicon's `negated_positive` factors, by axis index.
    pub negated_positive: &'a [(usize, f64)],
}

/// A modifier that reaches the entries after it: a negator, a governing
/// head or a directive.
#[derive(Debug, Clone, Copy)]
struct Reach {
    /// Index of the modifier's match.
    trigger: usize,
    /// Token after the modifier's last.
    end: usize,
    /// How many tokens after `end` it reaches.
    scope: usize,
    factor: f64,
    clause: u32,
    rule: Rule,
    /// The axes it applies to, bit `i` for axis `i`.
    axes: u64,
}

impl Reach {
    /// True while `start` is in its clause and within its scope.
    fn reaches(&self, clause: u32, start: usize) -> bool {
        self.clause == clause && start < self.end + self.scope
    }
}

/// An intensifier or dampener, waiting for an entry to start within
/// [`Rules::degree_reach`] tokens of its `end`, in its clause.
#[derive(Debug, Clone, Copy)]
struct Degree {
    /// Index of the modifier's match.
    trigger: usize,
    /// Token after the modifier's last.
    end: usize,
    factor: f64,
    clause: u32,
    rule: Rule,
}

/// A hedge, which weakens every entry of its clause.
#[derive(Debug, Clone, Copy)]
struct Hedge {
    clause: u32,
    /// Index of the hedge's match.
    trigger: usize,
    factor: f64,
}

/// Reusable buffers.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    applied: Vec<Applied>,
    hedges: Vec<Hedge>,
    contrasts: Vec<usize>,
    reaching: Vec<Reach>,
    pending: Vec<Degree>,
}

impl Context<'_> {
    fn term(&self, mi: usize) -> &Term {
        &self.terms[self.matches[mi].term as usize]
    }

    /// True when the match's original text has two or more letters, all
    /// upper-case.
    fn in_capitals(&self, m: &Match) -> bool {
        let all = self.tokens.tokens();
        let span = all[m.start].span().start..all[m.end - 1].span().end;
        let mut letters = 0;
        for c in self.text[span].chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
        letters >= 2
    }

    fn has_lowercase(&self, cache: &OnceCell<bool>) -> bool {
        *cache.get_or_init(|| self.text.chars().any(char::is_lowercase))
    }

    /// Calls `emit(match index, factors)` for every entry match, in order.
    pub(crate) fn evaluate(&self, s: &mut Scratch, mut emit: impl FnMut(usize, &[Applied])) {
        let layout = self.layout;
        s.hedges.clear();
        s.contrasts.clear();
        s.reaching.clear();
        s.pending.clear();
        for (mi, m) in self.matches.iter().enumerate() {
            match &self.term(mi).modifier {
                Some(ModifierKind::Hedge { factor }) => s.hedges.push(Hedge {
                    clause: layout.clause(m.start),
                    trigger: mi,
                    factor: *factor,
                }),
                Some(ModifierKind::Contrast { .. }) => s.contrasts.push(mi),
                _ => {}
            }
        }
        let lowercase = OnceCell::new();
        let (mut hedge_at, mut contrast_at) = (0, 0);
        for (mi, m) in self.matches.iter().enumerate() {
            let term = self.term(mi);
            let clause = layout.clause(m.start);
            let sentence = layout.sentence(m.start);
            s.reaching.retain(|r| r.reaches(clause, m.start));
            let reach = self.rules.degree_reach;
            s.pending
                .retain(|d| d.clause == clause && m.start < d.end + reach);
            if term.weights.is_some() {
                s.applied.clear();
                let weights = term.weights.as_deref().unwrap_or_default();
                negation(s, weights, self.negated_positive);
                heads_and_directives(s, weights);
                degree(s);
                while hedge_at < s.hedges.len() && s.hedges[hedge_at].clause < clause {
                    hedge_at += 1;
                }
                hedges(s, hedge_at, clause, mi);
                while contrast_at < s.contrasts.len()
                    && layout.sentence(self.matches[s.contrasts[contrast_at]].start) < sentence
                {
                    contrast_at += 1;
                }
                self.contrast(s, contrast_at, mi);
                if self.rules.caps_factor != 1.0
                    && self.in_capitals(m)
                    && self.has_lowercase(&lowercase)
                {
                    s.applied.push(Applied {
                        rule: Rule::Caps,
                        factor: self.rules.caps_factor,
                        trigger: None,
                        axes: AxisSet::ALL,
                    });
                }
                let marks = layout
                    .exclamations(sentence)
                    .min(self.rules.exclamation_max);
                if marks > 0 && self.rules.exclamation_step != 0.0 {
                    let factor = 1.0 + self.rules.exclamation_step * f64::from(marks);
                    s.applied.push(Applied {
                        rule: Rule::Exclamation,
                        factor,
                        trigger: None,
                        axes: AxisSet::ALL,
                    });
                }
                emit(mi, &s.applied);
            }
            let degree = |rule, factor| Degree {
                trigger: mi,
                end: m.end,
                factor,
                clause,
                rule,
            };
            let reaching = |scope, factor, rule| Reach {
                trigger: mi,
                end: m.end,
                scope,
                factor,
                clause,
                rule,
                axes: term.modifier_axes,
            };
            match term.modifier {
                Some(ModifierKind::Negator { scope, factor }) => {
                    s.reaching.push(reaching(scope, factor, Rule::Negation))
                }
                Some(ModifierKind::Head { scope, factor, .. }) => {
                    s.reaching.push(reaching(scope, factor, Rule::Head))
                }
                Some(ModifierKind::Directive { scope, factor, .. }) => {
                    s.reaching.push(reaching(scope, factor, Rule::Directive))
                }
                Some(ModifierKind::Intensifier { factor }) => {
                    s.pending.push(degree(Rule::Intensifier, factor))
                }
                Some(ModifierKind::Dampener { factor }) => {
                    s.pending.push(degree(Rule::Dampener, factor))
                }
                _ => {}
            }
        }
    }

    /// Contrast: the last sentence-scope marker of the sentence splits it
    /// into a `before` and an `after` part; each clause-scope marker weighs
    /// what precedes it in the sentence by `before` and its own clause by
    /// `after`.
    fn contrast(&self, s: &mut Scratch, from: usize, mi: usize) {
        let layout = self.layout;
        let m = &self.matches[mi];
        let sentence = layout.sentence(m.start);
        let in_sentence = s.contrasts[from..]
            .iter()
            .take_while(|&&c| layout.sentence(self.matches[c].start) == sentence);
        let is_sentence_scope = |c: usize| {
            matches!(
                self.term(c).modifier,
                Some(ModifierKind::Contrast {
                    scope: ContrastScope::Sentence,
                    ..
                })
            )
        };
        let last_sentence_marker = in_sentence
            .clone()
            .filter(|&&c| is_sentence_scope(c))
            .last()
            .copied();
        for &c in in_sentence {
            let Some(ModifierKind::Contrast {
                before,
                after,
                scope,
            }) = self.term(c).modifier
            else {
                continue;
            };
            let marker = &self.matches[c];
            if c == mi {
                continue;
            }
            let factor = match scope {
                ContrastScope::Sentence if Some(c) != last_sentence_marker => 1.0,
                _ if m.start < marker.start => before,
                ContrastScope::Sentence => after,
                ContrastScope::Clause if layout.clause(m.start) == layout.clause(marker.start) => {
                    after
                }
                ContrastScope::Clause => 1.0,
            };
            if factor != 1.0 {
                s.applied.push(Applied {
                    rule: Rule::Contrast,
                    factor,
                    trigger: Some(c),
                    axes: AxisSet::ALL,
                });
            }
        }
    }
}

/// Negation: every negator still in reach applies, except on the axes
/// where the lexicon keeps a positive weight on its pole
/// ([`negated_positive`](crate::Lexicon::negated_positive)): there the
/// lexicon's factor replaces the negator's.
fn negation(s: &mut Scratch, weights: &[f64], negated_positive: &[(usize, f64)]) {
    let kept = negated_positive
        .iter()
        .filter(|&&(axis, _)| weights[axis] > 0.0);
    let mask = kept.clone().fold(0u64, |m, &(axis, _)| m | 1 << axis);
    for n in s.reaching.iter().filter(|r| r.rule == Rule::Negation) {
        let mi = n.trigger;
        s.applied.push(Applied {
            rule: Rule::Negation,
            factor: n.factor,
            trigger: Some(mi),
            axes: AxisSet { mask, except: true },
        });
        for &(axis, factor) in kept.clone() {
            s.applied.push(Applied {
                rule: Rule::Negation,
                factor,
                trigger: Some(mi),
                axes: AxisSet {
                    mask: 1 << axis,
                    except: false,
                },
            });
        }
    }
}

/// Governing heads apply on their axes; directives on their axes where the
/// entry's weight is negative (what is asked for), so that a demand for
/// restraint is pressure and a demand to stop an attack stays an accusation.
fn heads_and_directives(s: &mut Scratch, weights: &[f64]) {
    if s.reaching.iter().all(|r| r.rule == Rule::Negation) {
        return;
    }
    let bits = |keep: fn(f64) -> bool| {
        (weights.iter().enumerate())
            .filter(|&(_, &w)| keep(w))
            .fold(0u64, |m, (i, _)| {
                m | 1u64.checked_shl(i as u32).unwrap_or(0)
            })
    };
    let (weighted, negative) = (bits(|w| w != 0.0), bits(|w| w < 0.0));
    for r in &s.reaching {
        // A factor is listed only where it changes a weight, so that the
        // explanation of "stop spreading lies" shows no head on its blame.
        let mask = match r.rule {
            Rule::Head => r.axes & weighted,
            Rule::Directive => r.axes & negative,
            _ => continue,
        };
        if mask != 0 {
            s.applied.push(Applied {
                rule: r.rule,
                factor: r.factor,
                trigger: Some(r.trigger),
                axes: AxisSet::only(if mask == weighted && r.axes == u64::MAX {
                    u64::MAX
                } else {
                    mask
                }),
            });
        }
    }
}

/// Intensifiers and dampeners: those in reach apply to this entry and are
/// used up, so "very serious provocation" intensifies `serious` only.
fn degree(s: &mut Scratch) {
    for d in s.pending.drain(..) {
        s.applied.push(Applied {
            rule: d.rule,
            factor: d.factor,
            trigger: Some(d.trigger),
            axes: AxisSet::ALL,
        });
    }
}

/// Hedges: every hedge of the entry's clause but the entry itself.
fn hedges(s: &mut Scratch, from: usize, clause: u32, mi: usize) {
    let in_clause = s.hedges[from..].iter().take_while(|h| h.clause == clause);
    for h in in_clause.filter(|h| h.trigger != mi) {
        s.applied.push(Applied {
            rule: Rule::Hedge,
            factor: h.factor,
            trigger: Some(h.trigger),
            axes: AxisSet::ALL,
        });
    }
}

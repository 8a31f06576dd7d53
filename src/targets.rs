//! Stance toward each actor a statement names.
//!
//! Each contribution of an explained score is attributed to the actor it
//! is about. The patterns are ones a lexicon tool can afford without a
//! parse:
//!
//! 1. **passive**: a passive verb with a `by`-agent after it is about the
//!    actor before it ("*X* was attacked by Y");
//! 2. **agent**: any other term with a `by`-agent after it is the agent's
//!    deed ("the abduction of a priest by *Y*");
//! 3. **object**: the nearest actor named after the term in its clause,
//!    up to a conjunction and not after a preposition of place ("we
//!    condemn *NATO*", "accused *the United States* of", not "raids in
//!    Gaza");
//! 4. **subject**: else the nearest actor named before the term in its
//!    clause ("*Washington*'s answer was a model of decency", "*Israel*
//!    must halt its raids in Gaza");
//! 5. **sentence**: else the only actor named in the sentence.
//!
//! Clauses end at punctuation and contrast markers (see `segment`) and, for
//! attribution only, at `while`, `whereas` and `whilst`, so that "X offered
//! talks while Y issued threats" keeps its two sides apart. An actor
//! coordinated with the chosen one ("X and Y", "X, Y and Z") shares the
//! attribution. The speaker (we, us, our) is a target only when no other
//! actor is named in the clause, and has a vector only when something is
//! attributed to it. Every attribution names its rule and the
//! mention it chose, so it shows in the explanation.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::actors::{Actors, Mention, SPEAKER};
use crate::score::{AxisScore, Contribution, Stance};
use crate::tokenize::Tokens;

/// Words that split a clause for attribution.
const SPLITTERS: &[&str] = &["while", "whereas", "whilst"];

/// How many tokens from a term an actor can be and still be its object or
/// subject.
const WINDOW: usize = 40;

/// Prepositions that make a mention a place rather than an object.
const LOCATIVES: &[&str] = &[
    "in",
    "into",
    "from",
    "at",
    "near",
    "within",
    "across",
    "throughout",
    "inside",
];

/// Forms of `be` that make the next word a passive participle.
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];

/// Conjunctions past which an actor is no longer the term's object.
const JOINS: &[&str] = &["and", "or", "but", "nor", "yet"];

/// Tokens that may stand between coordinated actors besides the
/// coordinators: an article, and the brackets of an abbreviation
/// ("the Central African Republic (CAR), the Democratic Republic...").
const FILLERS: &[&str] = &["the", "(", ")"];

/// Words that coordinate actors into one group.
const COORDINATORS: &[&str] = &["and", "or", "nor", ","];

/// How a contribution's actor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attribution {
    /// The nearest actor after the term in its clause.
    Object,
    /// The actor before a passive's `by`-phrase.
    Passive,
    /// The `by`-agent of a deed named by a noun ("attacks by X").
    Agent,
    /// The nearest actor before the term in its clause.
    Subject,
    /// The only actor in the sentence.
    Sentence,
}

impl Attribution {
    /// The rule's name, as serialized: `object`, `passive`, `agent`,
    /// `subject` or `sentence`.
    pub fn name(self) -> &'static str {
        match self {
            Attribution::Object => "object",
            Attribution::Passive => "passive",
            Attribution::Agent => "agent",
            Attribution::Subject => "subject",
            Attribution::Sentence => "sentence",
        }
    }
}

/// Whom one contribution is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attributed {
    /// Index into the stance's contributions.
    pub contribution: usize,
    /// The actors' ids: one, or several coordinated ones.
    pub actors: Vec<String>,
    /// The rule that chose them.
    pub rule: Attribution,
    /// Byte span of the mention the rule chose.
    pub mention: Range<usize>,
}

/// The stance toward one actor: the contributions attributed to it, scored
/// like a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetStance {
    /// The actor's id.
    pub actor: String,
    /// How many times the statement names it.
    pub mentions: usize,
    /// One score per axis, in the lexicon's axis order.
    pub axes: Vec<AxisScore>,
}

/// A statement's overall stance, the actors it names, whom each
/// contribution is about, and the stance toward each actor named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    /// The whole statement's stance, with its contributions.
    pub stance: Stance,
    /// Each mention: the actor's id and its byte span.
    pub mentions: Vec<(String, Range<usize>)>,
    /// One per attributed contribution; contributions without an actor in
    /// reach have none.
    pub attributions: Vec<Attributed>,
    /// One per actor named, in order of first mention.
    pub targets: Vec<TargetStance>,
}

impl Targets {
    /// The stance toward `actor`, if the statement names it.
    pub fn target(&self, actor: &str) -> Option<&TargetStance> {
        self.targets.iter().find(|t| t.actor == actor)
    }

    /// The contributions attributed to `actor`: the words behind its
    /// stance, whose values add up to its raw scores.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Actors, Scorer};
    /// let t = Scorer::default().score_targets("We praise Egypt and condemn Iran.", &Actors::builtin()).unwrap();
    /// let words: Vec<&str> = t.toward("Iran").map(|c| c.text.as_str()).collect();
    /// assert_eq!(words, ["condemn"]);
    /// ```
    pub fn toward<'a>(&'a self, actor: &'a str) -> impl Iterator<Item = &'a Contribution> + 'a {
        (self.attributions.iter())
            .filter(move |a| a.actors.iter().any(|x| x == actor))
            .map(|a| &self.stance.contributions[a.contribution])
    }
}

/// Where each token stands, as attribution reads it.
pub(crate) struct Place<'a> {
    pub tokens: &'a Tokens,
    pub sentence: &'a dyn Fn(usize) -> u32,
    pub clause: &'a dyn Fn(usize) -> u32,
}

/// Attributes `stance`'s contributions among `mentions` and scores each
/// actor with `bounded` (the scorer's normalization of a raw sum).
pub(crate) fn attribute(
    stance: Stance,
    actors: &Actors,
    mentions: &[Mention],
    place: &Place,
    bounded: impl Fn(f64) -> f64,
) -> Targets {
    let words = place.tokens.tokens();
    let word = |i: usize| place.tokens.text(&words[i]);
    // Attribution clauses: the layout's, split again at `while`.
    let mut splits = 0u32;
    let clause: Vec<(u32, u32)> = (0..words.len())
        .map(|i| {
            splits += u32::from(SPLITTERS.contains(&word(i)));
            ((place.clause)(i), splits)
        })
        .collect();
    let clause_of = |i: usize| clause.get(i).copied().unwrap_or_default();
    let is_speaker = |m: &Mention| actors.id(m.actor) == SPEAKER;

    // Per sentence with actors other than the speaker: its first mention
    // if they are all one actor.
    let mut sole: Vec<(u32, Option<usize>)> = Vec::new();
    for (k, m) in mentions.iter().enumerate().filter(|(_, m)| !is_speaker(m)) {
        let sentence = (place.sentence)(m.tokens.start);
        match sole.last_mut() {
            Some((s, first)) if *s == sentence => {
                if first.is_some_and(|f| mentions[f].actor != m.actor) {
                    *first = None;
                }
            }
            _ => sole.push((sentence, Some(k))),
        }
    }

    let mut attributions = Vec::new();
    for (c, contribution) in stance.contributions.iter().enumerate() {
        let (start, end) = (contribution.tokens.start, contribution.tokens.end);
        if start >= words.len() {
            continue;
        }
        let here = clause_of(start);
        // Mentions near the term, in its clause: mentions are in token
        // order, so the window is found by binary search, which keeps a
        // huge statement linear.
        let lo = mentions.partition_point(|m| m.tokens.start + WINDOW < start);
        let hi = mentions.partition_point(|m| m.tokens.start < end + WINDOW);
        let in_clause: Vec<usize> = (lo..hi)
            .filter(|&k| clause_of(mentions[k].tokens.start) == here)
            .collect();
        let others: Vec<usize> = (in_clause.iter().copied())
            .filter(|&k| !is_speaker(&mentions[k]))
            .collect();
        let pool = if others.is_empty() { in_clause } else { others };
        let by = |k: usize| {
            let first = mentions[k].tokens.start;
            first > 0 && word(first - 1) == "by"
        };
        // After the term, only up to a conjunction: "X is escalating
        // tensions and Y refuses" does not make Y the object.
        let open = |k: usize| {
            mentions[k].tokens.start >= end
                && !(end..mentions[k].tokens.start).any(|i| JOINS.contains(&word(i)))
        };
        // A place ("raids in Gaza") is where, not whom.
        let place_of = |k: usize| {
            let first = mentions[k].tokens.start;
            first > 0 && LOCATIVES.contains(&word(first - 1))
        };
        let agent = (pool.iter().copied()).find(|&k| open(k) && by(k));
        let after = (pool.iter().copied()).find(|&k| open(k) && !by(k) && !place_of(k));
        let passive = start > 0 && BE.contains(&word(start - 1));
        // Before the term, a `by`-agent is passed over for the subject
        // before it ("X was accused by Y of violating": X violates).
        let mut earlier = (pool.iter().copied().rev()).filter(|&k| mentions[k].tokens.end <= start);
        let before = match earlier.next() {
            Some(k) if by(k) => earlier.next().or(Some(k)),
            found => found,
        };
        let chosen = match (agent, after, before) {
            (Some(_), _, Some(b)) if passive => Some((b, Attribution::Passive)),
            (Some(a), _, _) if !passive => Some((a, Attribution::Agent)),
            (_, Some(a), _) => Some((a, Attribution::Object)),
            (_, None, Some(b)) => Some((b, Attribution::Subject)),
            (_, None, None) => {
                let sentence = (place.sentence)(start);
                let at = sole.partition_point(|&(s, _)| s < sentence);
                (sole.get(at))
                    .filter(|&&(s, _)| s == sentence)
                    .and_then(|&(_, k)| k)
                    .map(|k| (k, Attribution::Sentence))
            }
        };
        let Some((k, rule)) = chosen else {
            continue;
        };
        let group = coordinated(mentions, k, &word);
        let mut ids: Vec<String> = Vec::new();
        for g in group {
            let id = actors.id(mentions[g].actor).to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        attributions.push(Attributed {
            contribution: c,
            actors: ids,
            rule,
            mention: mentions[k].span.clone(),
        });
    }

    let mut targets: Vec<TargetStance> = Vec::new();
    // The speaker is a target only when something is about it.
    let about_speaker = attributions
        .iter()
        .any(|a| a.actors.iter().any(|x| x == SPEAKER));
    for m in mentions.iter().filter(|m| about_speaker || !is_speaker(m)) {
        let id = actors.id(m.actor);
        match targets.iter_mut().find(|t| t.actor == id) {
            Some(t) => t.mentions += 1,
            None => targets.push(TargetStance {
                actor: id.to_string(),
                mentions: 1,
                axes: stance
                    .axes
                    .iter()
                    .map(|a| AxisScore {
                        axis: a.axis.clone(),
                        score: 0.0,
                        raw: 0.0,
                        hits: 0,
                    })
                    .collect(),
            }),
        }
    }
    for a in &attributions {
        let values = &stance.contributions[a.contribution].values;
        for target in targets.iter_mut().filter(|t| a.actors.contains(&t.actor)) {
            for (axis, v) in target.axes.iter_mut().zip(values) {
                axis.raw += v;
                axis.hits += usize::from(*v != 0.0);
            }
        }
    }
    for axis in targets.iter_mut().flat_map(|t| &mut t.axes) {
        axis.score = bounded(axis.raw);
    }
    Targets {
        mentions: mentions
            .iter()
            .map(|m| (actors.id(m.actor).to_string(), m.span.clone()))
            .collect(),
        stance,
        attributions,
        targets,
    }
}

/// Mention `k` with the mentions coordinated with it: neighbours joined
/// only by `and`, `or`, `nor` or commas ("Russia, China and Iran").
fn coordinated<'w>(mentions: &[Mention], k: usize, word: &impl Fn(usize) -> &'w str) -> Vec<usize> {
    let joined = |a: &Mention, b: &Mention| {
        a.tokens.end < b.tokens.start
            && (a.tokens.end..b.tokens.start)
                .all(|i| COORDINATORS.contains(&word(i)) || FILLERS.contains(&word(i)))
            // An actor and its own abbreviation need no coordinator.
            && (a.actor == b.actor
                || (a.tokens.end..b.tokens.start).any(|i| COORDINATORS.contains(&word(i))))
    };
    let mut first = k;
    while first > 0 && joined(&mentions[first - 1], &mentions[first]) {
        first -= 1;
    }
    let mut last = k;
    while last + 1 < mentions.len() && joined(&mentions[last], &mentions[last + 1]) {
        last += 1;
    }
    (first..=last).collect()
}

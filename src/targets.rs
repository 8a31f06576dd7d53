//! Stance toward each actor a statement names.
//!
//! Each contribution of an explained score is attributed to the actor it
//! is about, by the role that actor plays, as a reader attributes it. The
//! roles are found by patterns a lexicon tool can afford without a parse,
//! tried in this order:
//!
//! 1. **passive**: a passive evaluation with a `by`-agent after it is
//!    about the actor before it ("*X* was accused by Y");
//! 2. **agent**: any other term with a `by`-agent after it is the agent's
//!    deed ("the abduction of a priest by *Y*", "X was attacked by *Y*"),
//!    and a passive deed without one is its origin's ("X was shelled from
//!    the territory of *Y*");
//! 3. **owner**: an actor that owns the evaluated thing, named just before
//!    it ("*NATO*'s answer", "the *Russian* aggression") or by `of` right
//!    after it ("the answer of *NATO*");
//! 4. **object**: for a term that addresses an actor (an evaluative verb:
//!    condemn, criticise, accuse, praise, thank, welcome, commend; a
//!    directive: urge, call on, demand; a warning), the nearest actor after
//!    it in its clause ("we condemn *NATO*", "we thank *Egypt*");
//! 5. **subject**: else the deed's agent, the nearest actor before the term
//!    in its clause ("*Washington* and its allies are trying to provoke a
//!    war between Ukraine and Russia", "*Moscow* is resorting to lies to
//!    weaken Ukraine"); when that is the speaker, what the speaker does is
//!    done to the nearest actor after ("we will retaliate against *X*");
//! 6. **object** again: else the nearest actor after the term, but not the
//!    recipient of a blameworthy deed ("aggression against Ukraine" does not
//!    blame Ukraine) nor a place ("raids in Gaza", "the territory of
//!    Ukraine", "the Ukrainian border");
//! 7. **sentence**: else no role is found, and what the sentence says is
//!    said of every actor it names but places; **statement**: if it names
//!    none, of every actor the statement names. Readers give a statement's
//!    stance to each actor in it unless a role says otherwise.
//!
//! **Partner**: a conciliatory or appreciative act whose doer is its
//! subject is toward the actor after it as well ("China will always stand
//! with *Pakistan*").
//!
//! **Context**: on each axis where no role gave an actor a value, an actor
//! that is no place, recipient of a deed or `by`-agent shares what the
//! statement says on that axis at half weight: praised by a role, it still
//! takes the statement's threat.
//!
//! **Contrast**: an actor named after `unlike`, `in contrast to`, `as
//! opposed to` or `contrary to` gets the other pole of what its sentence
//! says of the others ("a model of decency, unlike the response of
//! *NATO*").
//!
//! A relative clause carries the role to its antecedent ("NATO, which keeps
//! expanding eastward": NATO expands).
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
use crate::stance::{AxisScore, Contribution, Stance};
use crate::tokenize::Tokens;

/// Words that split a clause for attribution.
const SPLITTERS: &[&str] = &["while", "whereas", "whilst"];

/// The weight of what an actor no role reaches shares of its statement
/// ([`Attribution::Context`]).
const CONTEXT: f64 = 0.5;

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

/// Nouns of geography: a mention before one of them ("Ukraine's eastern
/// border", "the Ukrainian border") or governed by one ("the territory of
/// Ukraine") names a place.
const GEOGRAPHY: &[&str] = &[
    "border",
    "borders",
    "territory",
    "territories",
    "soil",
    "region",
    "regions",
    "frontier",
    "frontiers",
    "airspace",
    "waters",
    "coast",
    "part",
    "parts",
];

/// Adjectives of direction that may stand between a place and its
/// preposition or noun ("in eastern Ukraine", "Ukraine's eastern border").
const COMPASS: &[&str] = &["eastern", "western", "northern", "southern", "central"];

/// Forms of `be` that make the next word a passive participle.
const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];

/// Prepositions that make a mention the recipient of a deed: "aggression
/// against Ukraine" does not blame Ukraine.
const RECIPIENTS: &[&str] = &["against", "on", "upon", "towards", "toward"];

/// Words that open a comparison: the actor named after them takes the
/// other pole ("unlike NATO", "in contrast to Washington").
const COMPARISONS: &[&[&str]] = &[
    &["unlike"],
    &["in", "contrast", "to"],
    &["as", "opposed", "to"],
    &["contrary", "to"],
];

/// How many tokens a comparison word may stand before its actor ("unlike
/// the response of NATO").
const COMPARISON_REACH: usize = 5;

/// The stems of terms that address an actor, whose object is their target:
/// evaluative verbs and nouns, directives and warnings.
const ADDRESSING: &[&str] = &[
    "condemn",
    "criticiz",
    "criticis",
    "critic",
    "accus",
    "blam",
    "denounc",
    "deplor",
    "rebuk",
    "reproach",
    "censur",
    "prais",
    "thank",
    "welcom",
    "commend",
    "congratulat",
    "applaud",
    "salut",
    "apprecia",
    "grateful",
    "gratitude",
    "urg",
    "call on",
    "call upon",
    "calls on",
    "calls upon",
    "called on",
    "called upon",
    "calling on",
    "calling upon",
    "demand",
    "warn",
    "appeal to",
    "appealed to",
    "appeals to",
];

/// Conjunctions past which an actor is no longer the term's object.
const JOINS: &[&str] = &["and", "or", "but", "nor", "yet"];

/// Tokens that may stand between coordinated actors besides the
/// coordinators: an article, and the brackets of an abbreviation
/// ("the Central African Republic (CAR), the Democratic Republic...").
const FILLERS: &[&str] = &["the", "(", ")"];

/// Words that coordinate actors into one group.
const COORDINATORS: &[&str] = &["and", "or", "nor", ","];

/// How a contribution's actor was found: the role it plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attribution {
    /// The actor a term addresses, or the nearest after it in its clause.
    Object,
    /// The actor before a passive's `by`-phrase.
    Passive,
    /// The `by`-agent of a deed named by a noun ("attacks by X").
    Agent,
    /// The owner of the evaluated thing ("NATO's answer", "the answer of
    /// NATO").
    Owner,
    /// The nearest actor before the term in its clause: the deed's agent.
    Subject,
    /// No role found: every actor the sentence names (but places) shares
    /// it.
    Sentence,
    /// No role found and no actor in the sentence: every actor the
    /// statement names shares it.
    Statement,
    /// An actor compared with the others ("unlike NATO"): it gets the
    /// other pole, so its contributions count with the opposite sign.
    Contrast,
    /// The partner of a conciliatory or appreciative act, which is toward
    /// it as well as toward its doer: "X will stand with *Y*".
    Partner,
    /// An actor no role reaches (and no place, recipient of a deed or
    /// `by`-agent): it shares everything the statement says, at half
    /// weight.
    Context,
}

impl Attribution {
    /// The rule's name, as serialized: `object`, `passive`, `agent`,
    /// `owner`, `subject`, `sentence`, `statement`, `contrast`, `partner`
    /// or `context`.
    pub fn name(self) -> &'static str {
        match self {
            Attribution::Object => "object",
            Attribution::Passive => "passive",
            Attribution::Agent => "agent",
            Attribution::Owner => "owner",
            Attribution::Subject => "subject",
            Attribution::Sentence => "sentence",
            Attribution::Statement => "statement",
            Attribution::Contrast => "contrast",
            Attribution::Partner => "partner",
            Attribution::Context => "context",
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
    /// How the contribution counts toward these actors: 1; −1 for a
    /// [`Contrast`](Attribution::Contrast), which gives them the other
    /// pole; 0.5 for a [`Context`](Attribution::Context) share.
    pub weight: f64,
    /// The axes it counts on, when not all: a context share counts only on
    /// the axes where no role gave the actor a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axes: Option<Vec<String>>,
}

impl Attributed {
    /// True when the attribution counts on `axis`.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Actors, Scorer};
    /// let t = Scorer::default().score_targets("We condemn Iran.", &Actors::builtin()).unwrap();
    /// assert!(t.attributions[0].applies_to("blame"));
    /// ```
    pub fn applies_to(&self, axis: &str) -> bool {
        (self.axes.as_ref()).is_none_or(|axes| axes.iter().any(|a| a == axis))
    }
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
    /// stance, whose values, each times its attribution's
    /// [`weight`](Attributed::weight) on the axes it
    /// [applies to](Attributed::applies_to), add up to its raw scores.
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
        self.roles(actor).map(|(c, _)| c)
    }

    /// The contributions attributed to `actor`, each with the attribution
    /// that gave it: the role that produced it, its weight and its axes.
    /// Their values times the weights, on the axes each applies to, add up
    /// to the actor's raw scores.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Actors, Attribution, Scorer};
    /// let text = "The American response was a model of decency, unlike the response of NATO.";
    /// let t = Scorer::default().score_targets(text, &Actors::builtin()).unwrap();
    /// let roles: Vec<_> = t.roles("NATO").map(|(c, a)| (c.text.as_str(), a.rule, a.weight)).collect();
    /// assert_eq!(roles, [("a model of", Attribution::Contrast, -1.0), ("decency", Attribution::Contrast, -1.0)]);
    /// ```
    pub fn roles<'a>(
        &'a self,
        actor: &'a str,
    ) -> impl Iterator<Item = (&'a Contribution, &'a Attributed)> + 'a {
        (self.attributions.iter())
            .filter(move |a| a.actors.iter().any(|x| x == actor))
            .map(|a| (&self.stance.contributions[a.contribution], a))
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
    // Past the last token, a word is empty.
    let word = |i: usize| words.get(i).map_or("", |t| place.tokens.text(t));
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

    let before_mention = |k: usize| {
        let first = mentions[k].tokens.start;
        (first > 0).then(|| word(first - 1))
    };
    // A place ("raids in Gaza") is where, not whom; a recipient ("against
    // Ukraine") suffers a deed.
    let place_of = |k: usize| is_place(&mentions[k], words.len(), &word);
    // The preposition must stand outside the term: in "calls on Russia",
    // `on` is part of the directive and Russia its addressee.
    let recipient_of = |k: usize, term_end: usize| {
        mentions[k].tokens.start > term_end
            && before_mention(k).is_some_and(|w| RECIPIENTS.contains(&w))
    };
    // "anti-China manipulation" is against China, not China's: such a
    // mention is no subject, object, owner or sharer.
    let against = |k: usize| word(mentions[k].tokens.start).starts_with("anti-");
    let recipient = |k: usize| recipient_of(k, 0);
    // A `by`-agent, or its longer form "on the part of X".
    let by = |k: usize| {
        let first = mentions[k].tokens.start;
        before_mention(k) == Some("by")
            || first >= 4
                && (first - 4..first)
                    .map(&word)
                    .eq(["on", "the", "part", "of"])
    };

    // What no role claims goes to the actors its sentence names, or to
    // those of the statement: both computed once, so that attribution
    // stays linear in the statement's length.
    let compared_at: Vec<bool> = (0..mentions.len())
        .map(|k| compared(mentions, k, &word))
        .collect();
    let shareable: Vec<usize> = (0..mentions.len())
        .filter(|&k| !(is_speaker(&mentions[k]) || place_of(k) || compared_at[k] || against(k)))
        .collect();
    let ids_of = |ks: &mut dyn Iterator<Item = usize>| {
        let mut ids: Vec<String> = Vec::new();
        for k in ks {
            let id = actors.id(mentions[k].actor).to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    };
    let mut by_sentence: Vec<(u32, usize, Vec<String>)> = Vec::new();
    for chunk in shareable.chunk_by(|&a, &b| {
        (place.sentence)(mentions[a].tokens.start) == (place.sentence)(mentions[b].tokens.start)
    }) {
        let sentence = (place.sentence)(mentions[chunk[0]].tokens.start);
        by_sentence.push((sentence, chunk[0], ids_of(&mut chunk.iter().copied())));
    }
    let statement = (shareable.first()).map(|&k| (k, ids_of(&mut shareable.iter().copied())));

    let mut attributions = Vec::new();
    let mut victims = Vec::new();
    // The object of an addressing word is the subject of what follows it
    // in its clause: "we call on X to cooperate with Y" (X is to
    // cooperate), "we urge X to stop ...", "we thank X for mediating
    // between Y and Z". Per token, the addressee of the last addressing
    // word before it in its clause, once named.
    let mut addressee: Vec<Option<usize>> = vec![None; words.len()];
    let mut pending = false;
    let mut current = None;
    let mut m = 0;
    for (i, slot) in addressee.iter_mut().enumerate() {
        if i > 0 && clause_of(i) != clause_of(i - 1) {
            (pending, current) = (false, None);
        }
        while m < mentions.len() && mentions[m].tokens.start < i {
            m += 1;
        }
        if pending
            && (mentions.get(m)).is_some_and(|x| x.tokens.start == i && !is_speaker(x))
            && !(place_of(m) || by(m))
        {
            (pending, current) = (false, Some(m));
        }
        *slot = current.filter(|&k| mentions[k].tokens.end <= i);
        if addressing(word(i), word(i + 1)) {
            (pending, current) = (true, None);
        }
    }
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
            .filter(|&k| {
                clause_of(mentions[k].tokens.start) == here && !compared_at[k] && !against(k)
            })
            .collect();
        let others: Vec<usize> = (in_clause.iter().copied())
            .filter(|&k| !is_speaker(&mentions[k]))
            .collect();
        let pool = if others.is_empty() {
            in_clause.clone()
        } else {
            others
        };
        // After the term, only up to a conjunction: "X is escalating
        // tensions and Y refuses" does not make Y the object.
        let open = |k: usize| {
            mentions[k].tokens.start >= end
                && !(end..mentions[k].tokens.start).any(|i| JOINS.contains(&word(i)))
        };
        let deed = contribution
            .values
            .iter()
            .zip(&stance.axes)
            .any(|(v, a)| a.axis == "blame" && *v > 0.0);
        let passive = start > 0
            && (BE.contains(&word(start - 1))
                || start > 1 && word(start - 1).ends_with("ly") && BE.contains(&word(start - 2)));
        // The origin of a deed done to someone is its agent: "the forces
        // were shelled from the territory of Russia".
        let origin = |k: usize| {
            let first = mentions[k].tokens.start;
            before_mention(k) == Some("from")
                || first >= 4
                    && word(first - 4) == "from"
                    && word(first - 3) == "the"
                    && GEOGRAPHY.contains(&word(first - 2))
                    && word(first - 1) == "of"
        };
        let agent = (pool.iter().copied())
            .find(|&k| open(k) && by(k))
            .or_else(|| (pool.iter().copied()).find(|&k| deed && passive && open(k) && origin(k)));
        let after = (pool.iter().copied())
            .find(|&k| open(k) && !(by(k) || place_of(k) || deed && recipient_of(k, end)));
        // What the speaker does against an actor is about that actor: "we
        // will retaliate against NATO".
        let done_to = (pool.iter().copied()).find(|&k| open(k) && !(by(k) || place_of(k)));
        // Before the term, a `by`-agent is passed over for the subject
        // before it ("X was accused by Y of violating": X violates).
        let mut earlier = (in_clause.iter().copied().rev())
            .filter(|&k| mentions[k].tokens.end <= start && !place_of(k));
        let nearest = match earlier.next() {
            Some(k) if by(k) => earlier.next().or(Some(k)),
            found => found,
        };
        // The object of an addressing term is the subject of what follows
        // it in its clause: "we call on X to cooperate with Y" (X is to
        // cooperate), "we thank X for mediating between Y and Z".
        let controller = addressee.get(start).copied().flatten();
        let before = controller.or(nearest);
        // A relative clause carries the role to its antecedent: in "NATO,
        // which keeps expanding, ...", NATO is the subject of `expanding`.
        let before = before.or_else(|| antecedent(mentions, start, &clause_of, &word));
        let owner = owner_of(mentions, &in_clause, start, end, &word);
        let addressing_term = addresses(&contribution.text);
        let chosen = match (agent, after, before) {
            // "X was accused by Y": the evaluation is of X; "X was attacked
            // by Y": the deed is Y's.
            (Some(_), _, Some(b)) if passive && addressing_term => Some((b, Attribution::Passive)),
            (Some(a), _, _) if !(passive && addressing_term) => Some((a, Attribution::Agent)),
            (_, Some(a), _) if addressing_term => Some((a, Attribution::Object)),
            _ if owner.is_some() => owner.map(|k| (k, Attribution::Owner)),
            // What the speaker does is done to the actor after it.
            (_, _, Some(b)) if is_speaker(&mentions[b]) && done_to.is_some() => {
                done_to.map(|a| (a, Attribution::Object))
            }
            (_, _, Some(b)) if controller == Some(b) || !(deed && recipient(b)) => {
                Some((b, Attribution::Subject))
            }
            (_, Some(a), _) => Some((a, Attribution::Object)),
            _ => None,
        };
        // The subject of a passive deed suffered it ("X was attacked by Y").
        if let (Some((_, Attribution::Agent)), true, Some(b)) = (chosen, passive, before) {
            victims.push(b);
        }
        // A conciliatory or appreciative act is toward its partner as well
        // as its doer: "China will always stand with *Pakistan*", "X
        // offered talks to *Y*". A warm term is conciliatory or
        // appreciative, and weighs no axis' positive pole.
        let warm = (contribution.values.iter()).all(|v| *v <= 0.0)
            && (contribution.values.iter().zip(&stance.axes))
                .any(|(v, a)| *v < 0.0 && matches!(a.axis.as_str(), "threat" | "blame"));
        let partner = match chosen {
            Some((b, Attribution::Subject)) if warm => after.filter(|&a| {
                !is_speaker(&mentions[a]) && !coordinated(mentions, b, &word).contains(&a)
            }),
            _ => None,
        };
        if let Some(a) = partner {
            attributions.push(Attributed {
                contribution: c,
                actors: group_ids(mentions, a, actors, &word),
                rule: Attribution::Partner,
                mention: mentions[a].span.clone(),
                weight: 1.0,
                axes: None,
            });
        }
        match chosen {
            Some((k, rule)) => attributions.push(Attributed {
                contribution: c,
                actors: group_ids(mentions, k, actors, &word),
                rule,
                mention: mentions[k].span.clone(),
                weight: 1.0,
                axes: None,
            }),
            // No role: what the sentence says is said of every actor it
            // names, or, if it names none, of every actor the statement
            // names.
            None => {
                let sentence = (place.sentence)(start);
                let at = by_sentence.partition_point(|(s, _, _)| *s < sentence);
                let shared = match by_sentence.get(at) {
                    Some((s, k, ids)) if *s == sentence => Some((*k, ids, Attribution::Sentence)),
                    _ => (statement.as_ref()).map(|(k, ids)| (*k, ids, Attribution::Statement)),
                };
                if let Some((k, ids, rule)) = shared {
                    attributions.push(Attributed {
                        contribution: c,
                        actors: ids.clone(),
                        rule,
                        mention: mentions[k].span.clone(),
                        weight: 1.0,
                        axes: None,
                    });
                }
            }
        }
    }

    // Compared actors take the other pole of what their sentence says of
    // the others, within the window around them (attributions are in text
    // order, so the window is found by binary search).
    let attributed = attributions.len();
    let start_of = |a: &Attributed| stance.contributions[a.contribution].tokens.start;
    for (k, m) in mentions.iter().enumerate().filter(|&(k, _)| compared_at[k]) {
        let sentence = (place.sentence)(m.tokens.start);
        let ids = group_ids(mentions, k, actors, &word);
        let near = &attributions[..attributed];
        let lo = near.partition_point(|a| start_of(a) + WINDOW < m.tokens.start);
        let hi = near.partition_point(|a| start_of(a) < m.tokens.end + WINDOW);
        let said: Vec<usize> = (near[lo..hi].iter())
            .filter(|a| a.weight > 0.0 && !a.actors.iter().any(|x| ids.contains(x)))
            .filter(|a| (place.sentence)(start_of(a)) == sentence)
            .map(|a| a.contribution)
            .collect();
        for c in said {
            attributions.push(Attributed {
                contribution: c,
                actors: ids.clone(),
                rule: Attribution::Contrast,
                mention: m.span.clone(),
                weight: -1.0,
                axes: None,
            });
        }
    }

    // On each axis where no role gives an actor a value, it shares what
    // the statement says, at half weight: readers give a statement's
    // stance to each actor in it, but less surely than a role does. A
    // place, the recipient or victim of a deed and a `by`-agent (the
    // accuser of "X was accused by Y") share nothing.
    let width = stance.axes.len();
    let mut valued: Vec<(&str, Vec<bool>)> = Vec::new();
    for a in &attributions {
        let values = &stance.contributions[a.contribution].values;
        for id in &a.actors {
            let at = match valued.iter().position(|(x, _)| x == id) {
                Some(at) => at,
                None => {
                    valued.push((id, vec![false; width]));
                    valued.len() - 1
                }
            };
            for (seen, v) in valued[at].1.iter_mut().zip(values) {
                *seen |= *v != 0.0;
            }
        }
    }
    let eligible: Vec<usize> = (shareable.iter().copied())
        .filter(|&k| !(recipient(k) || victims.contains(&k) || by(k)))
        .collect();
    // Actors grouped by the axes they share on, so that each group takes
    // one attribution per contribution.
    let mut groups: Vec<(Vec<bool>, usize, Vec<String>)> = Vec::new();
    for id in ids_of(&mut eligible.iter().copied()) {
        let open: Vec<bool> = match valued.iter().find(|(x, _)| *x == id) {
            Some((_, seen)) => seen.iter().map(|s| !s).collect(),
            None => vec![true; width],
        };
        if !open.contains(&true) {
            continue;
        }
        let first = (eligible.iter().copied())
            .find(|&k| actors.id(mentions[k].actor) == id)
            .unwrap_or_default();
        match groups.iter_mut().find(|(mask, _, _)| *mask == open) {
            Some((_, _, ids)) => ids.push(id),
            None => groups.push((open, first, vec![id])),
        }
    }
    for (open, first, ids) in groups {
        let axes = (open.contains(&false)).then(|| {
            (stance.axes.iter().zip(&open))
                .filter(|(_, o)| **o)
                .map(|(a, _)| a.axis.clone())
                .collect::<Vec<_>>()
        });
        for (c, contribution) in stance.contributions.iter().enumerate() {
            if contribution
                .values
                .iter()
                .zip(&open)
                .any(|(v, o)| *o && *v != 0.0)
            {
                attributions.push(Attributed {
                    contribution: c,
                    actors: ids.clone(),
                    rule: Attribution::Context,
                    mention: mentions[first].span.clone(),
                    weight: CONTEXT,
                    axes: axes.clone(),
                });
            }
        }
    }
    // In text order, as the explanation reads them.
    attributions.sort_by_key(|a| a.contribution);

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
                if a.applies_to(&axis.axis) {
                    axis.raw += a.weight * v;
                    axis.hits += usize::from(*v != 0.0);
                }
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

/// True when a mention names a place rather than an actor: after a
/// preposition of place ("raids in Gaza", "in eastern Ukraine"), before a
/// noun of geography ("the Ukrainian border", "Ukraine's eastern border"),
/// or governed by one ("the territory of Ukraine").
fn is_place<'w>(m: &Mention, len: usize, word: &impl Fn(usize) -> &'w str) -> bool {
    let at = |i: usize| (i < len).then(|| word(i));
    let back = |n: usize| m.tokens.start.checked_sub(n).and_then(at);
    // A possessive written apart ("Ukraine 's border") is skipped.
    let skip = apart(m, word);
    let ahead = |n: usize| at(m.tokens.end + skip + n);
    let compass = |w: Option<&str>| w.is_some_and(|w| COMPASS.contains(&w));
    let locative = |w: Option<&str>| w.is_some_and(|w| LOCATIVES.contains(&w));
    let geography = |w: Option<&str>| w.is_some_and(|w| GEOGRAPHY.contains(&w));
    locative(back(1))
        || compass(back(1)) && locative(back(2))
        || geography(ahead(0))
        || compass(ahead(0)) && geography(ahead(1))
        || back(1) == Some("of") && geography(back(2))
        || back(1) == Some("of") && back(2) == Some("the") && geography(back(3))
        || back(1) == Some("of") && compass(back(2)) && geography(back(3))
}

/// Relative pronouns that open a clause about the actor before them.
const RELATIVES: &[&str] = &["which", "who", "whose", "that"];

/// The antecedent of the relative clause the term at `start` stands in: the
/// mention that ends right before the `,` that precedes the clause's
/// relative pronoun ("NATO, which ..."), if any.
fn antecedent<'w>(
    mentions: &[Mention],
    start: usize,
    clause_of: &impl Fn(usize) -> (u32, u32),
    word: &impl Fn(usize) -> &'w str,
) -> Option<usize> {
    let here = clause_of(start);
    let first = (0..start)
        .rev()
        .take_while(|&i| clause_of(i) == here)
        .last()
        .unwrap_or(start);
    // The comma that ends the previous clause opens this one.
    let relative = if word(first) == "," { first + 1 } else { first };
    if relative >= start || relative < 2 || !RELATIVES.contains(&word(relative)) {
        return None;
    }
    let comma = relative - 1;
    if word(comma) != "," {
        return None;
    }
    let k = mentions.partition_point(|m| m.tokens.end < comma);
    (mentions.get(k))
        .filter(|m| m.tokens.end == comma)
        .map(|_| k)
}

/// The ids of mention `k` and of the mentions coordinated with it.
fn group_ids<'w>(
    mentions: &[Mention],
    k: usize,
    actors: &Actors,
    word: &impl Fn(usize) -> &'w str,
) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for g in coordinated(mentions, k, word) {
        let id = actors.id(mentions[g].actor).to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// True when a comparison word ("unlike", "in contrast to") stands within
/// [`COMPARISON_REACH`] tokens before mention `k`, with no other mention
/// between.
fn compared<'w>(mentions: &[Mention], k: usize, word: &impl Fn(usize) -> &'w str) -> bool {
    let first = mentions[k].tokens.start;
    let floor = if k > 0 { mentions[k - 1].tokens.end } else { 0 };
    let from = first.saturating_sub(COMPARISON_REACH).max(floor);
    (from..first).any(|i| {
        COMPARISONS.iter().any(|phrase| {
            i + phrase.len() <= first && phrase.iter().enumerate().all(|(j, w)| word(i + j) == *w)
        })
    })
}

/// The owner of the thing the term at `start..end` evaluates: a mention in
/// its clause right before it ("NATO's answer", "the Russian aggression"),
/// a possessive one word before it ("NATO's constructive answer"), or one
/// after it joined by `of` ("the answer of NATO").
fn owner_of<'w>(
    mentions: &[Mention],
    in_clause: &[usize],
    start: usize,
    end: usize,
    word: &impl Fn(usize) -> &'w str,
) -> Option<usize> {
    let apart = |m: &Mention| apart(m, word);
    // The speaker owns only by `our`: "we will" is a subject.
    let subject_pronoun = |m: &Mention| matches!(word(m.tokens.start), "we" | "us");
    let before = (in_clause.iter().copied()).find(|&k| {
        let m = &mentions[k];
        m.tokens.end <= start
            && !subject_pronoun(m)
            && (m.tokens.end + apart(m) == start
                || possessive(m, word) && m.tokens.end + apart(m) + 1 == start)
            && (m.tokens.start == 0 || !matches!(word(m.tokens.start - 1), "by" | "to" | "with"))
    });
    let after = (in_clause.iter().copied()).find(|&k| {
        let m = &mentions[k];
        m.tokens.start > end
            && word(end) == "of"
            && (end + 1..m.tokens.start).all(|i| word(i) == "the")
    });
    after.or(before)
}

/// How many tokens a possessive written apart takes after the mention
/// ("Ukraine 's"): 0 when there is none.
fn apart<'w>(m: &Mention, word: &impl Fn(usize) -> &'w str) -> usize {
    match (word(m.tokens.end), word(m.tokens.end + 1)) {
        ("'s", _) => 1,
        ("'", "s") => 2,
        _ => 0,
    }
}

/// True when the mention is possessive: "NATO's", "Ukraine 's", "allies'".
fn possessive<'w>(m: &Mention, word: &impl Fn(usize) -> &'w str) -> bool {
    let last = word(m.tokens.end - 1);
    last.ends_with("'s") || last.ends_with("’s") || last.ends_with("s'") || apart(m, word) > 0
}

/// True when the contribution's text addresses an actor (an evaluative
/// verb or noun, a directive, a warning): see [`ADDRESSING`].
fn addresses(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    (0..words.len()).any(|i| addressing(words[i], words.get(i + 1).copied().unwrap_or("")))
}

/// True when the words `first` and `next` (lower-cased) begin a term that
/// addresses an actor: see [`ADDRESSING`]. "urgent" is no "urge".
fn addressing(first: &str, next: &str) -> bool {
    !first.starts_with("urgen")
        && ADDRESSING.iter().any(|stem| match stem.split_once(' ') {
            Some((verb, particle)) => first == verb && next == particle,
            None => first.starts_with(stem),
        })
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

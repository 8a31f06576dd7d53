//! VADER (Hutto & Gilbert, 2014) in stancekit: its lexicon file format,
//! its lexicon, and its rules as a profile of the engine.
//!
//! Two profiles read VADER's lexicon:
//!
//! - [`Profile::Vader`](crate::Profile::Vader) reproduces vaderSentiment
//!   3.3.2 exactly: its tokens, its rules with their quirks, its
//!   `neg`/`neu`/`pos`/`compound` and its rounding. `docs/vader.md`
//!   measures the parity on VADER's 23,703 public texts.
//! - [`Profile::Stancekit`](crate::Profile::Stancekit) applies stancekit's
//!   own rules (negation scope in the clause, multiplicative degree words,
//!   contrast per sentence, phrases such as `can't stand`) to the same
//!   lexicon, which [`lexicon`] provides with VADER's boosters, negations,
//!   `but` and idioms as modifiers and phrases.
//!
//! ```
//! use stancekit::{vader, Profile, Scorer};
//! let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
//! let p = scorer.polarity("VADER is smart, handsome, and funny!").unwrap();
//! assert_eq!((p.neg, p.neu, p.pos, p.compound), (0.0, 0.248, 0.752, 0.8439));
//! ```
//!
//! The lexicon files are vaderSentiment's, under the MIT licence (see
//! `src/vader/data/`); the code was written for stancekit.

mod rules;
mod tokenize;

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::error::{Error, LexiconError, Problem};
use crate::lexicon::{term_pattern, Axis, ContrastScope, Lexicon, ModifierKind};
use crate::tokenize::Tokens;
use crate::{Contribution, Factor, Rule};

pub(crate) use rules::{Sentiments, Statement, Tables, Word};
pub(crate) use tokenize::{AsciiWords, Words};

/// Added to a word's valence by a booster before it ("very good").
pub const B_INCR: f64 = 0.293;
/// Added by a dampener ("kind of good").
pub const B_DECR: f64 = -0.293;
/// Added for a word in capitals when others are not ("GOOD").
pub const C_INCR: f64 = 0.733;
/// Multiplies a negated word ("not good").
pub const N_SCALAR: f64 = -0.74;
/// VADER's normalization constant: `compound = sum / sqrt(sum² + 15)`.
pub const ALPHA: f64 = 15.0;

/// vaderSentiment 3.3.2's negation words.
pub const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

/// vaderSentiment 3.3.2's boosters (`B_INCR`) and dampeners (`B_DECR`).
pub const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", B_INCR),
    ("amazingly", B_INCR),
    ("awfully", B_INCR),
    ("completely", B_INCR),
    ("considerable", B_INCR),
    ("considerably", B_INCR),
    ("decidedly", B_INCR),
    ("deeply", B_INCR),
    ("effing", B_INCR),
    ("enormous", B_INCR),
    ("enormously", B_INCR),
    ("entirely", B_INCR),
    ("especially", B_INCR),
    ("exceptional", B_INCR),
    ("exceptionally", B_INCR),
    ("extreme", B_INCR),
    ("extremely", B_INCR),
    ("fabulously", B_INCR),
    ("flipping", B_INCR),
    ("flippin", B_INCR),
    ("frackin", B_INCR),
    ("fracking", B_INCR),
    ("fricking", B_INCR),
    ("frickin", B_INCR),
    ("frigging", B_INCR),
    ("friggin", B_INCR),
    ("fully", B_INCR),
    ("fuckin", B_INCR),
    ("fucking", B_INCR),
    ("fuggin", B_INCR),
    ("fugging", B_INCR),
    ("greatly", B_INCR),
    ("hella", B_INCR),
    ("highly", B_INCR),
    ("hugely", B_INCR),
    ("incredible", B_INCR),
    ("incredibly", B_INCR),
    ("intensely", B_INCR),
    ("major", B_INCR),
    ("majorly", B_INCR),
    ("more", B_INCR),
    ("most", B_INCR),
    ("particularly", B_INCR),
    ("purely", B_INCR),
    ("quite", B_INCR),
    ("really", B_INCR),
    ("remarkably", B_INCR),
    ("so", B_INCR),
    ("substantially", B_INCR),
    ("thoroughly", B_INCR),
    ("total", B_INCR),
    ("totally", B_INCR),
    ("tremendous", B_INCR),
    ("tremendously", B_INCR),
    ("uber", B_INCR),
    ("unbelievably", B_INCR),
    ("unusually", B_INCR),
    ("utter", B_INCR),
    ("utterly", B_INCR),
    ("very", B_INCR),
    ("almost", B_DECR),
    ("barely", B_DECR),
    ("hardly", B_DECR),
    ("just enough", B_DECR),
    ("kind of", B_DECR),
    ("kinda", B_DECR),
    ("kindof", B_DECR),
    ("kind-of", B_DECR),
    ("less", B_DECR),
    ("little", B_DECR),
    ("marginal", B_DECR),
    ("marginally", B_DECR),
    ("occasional", B_DECR),
    ("occasionally", B_DECR),
    ("partly", B_DECR),
    ("scarce", B_DECR),
    ("scarcely", B_DECR),
    ("slight", B_DECR),
    ("slightly", B_DECR),
    ("somewhat", B_DECR),
    ("sort of", B_DECR),
    ("sorta", B_DECR),
    ("sortof", B_DECR),
    ("sort-of", B_DECR),
];

/// vaderSentiment 3.3.2's special-case idioms and their valences.
pub const SPECIAL_CASES: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
];

/// Factor of a booster in the stancekit profile: VADER adds 0.293 to
/// valences around 2, about 15%.
const BOOSTER_FACTOR: f64 = 1.15;
/// Factor of a dampener in the stancekit profile.
const DAMPENER_FACTOR: f64 = 0.85;

/// Group of entries whose key has capitals: vaderSentiment lowercases a
/// word before looking it up, so it never finds them (`:D`); the parity
/// profile leaves them out, the stancekit profile uses them.
pub const UNREACHABLE_GROUP: &str = "vader-unreachable";

const LEXICON: &str = include_str!("data/vader_lexicon.txt");
const EMOJI: &str = include_str!("data/emoji_utf8_lexicon.txt");

/// VADER 3.3.2's lexicon with its rule words as modifiers; built once.
///
/// # Examples
///
/// ```
/// let lexicon = stancekit::vader::lexicon();
/// assert_eq!(lexicon.entry("good").unwrap().weights["valence"], 1.9);
/// assert_eq!(lexicon.alpha(), 15.0);
/// ```
pub fn lexicon() -> Lexicon {
    static VADER: OnceLock<Lexicon> = OnceLock::new();
    VADER
        .get_or_init(|| {
            lexicon_from_str(LEXICON, "<builtin vader 3.3.2>")
                .expect("vaderSentiment's lexicon parses (tested)")
        })
        .clone()
}

/// Reads a lexicon in VADER's format: one `token<TAB>mean<TAB>sd<TAB>ratings`
/// per line, only the first two fields read, the last of duplicate tokens
/// winning (as vaderSentiment does), into a lexicon of one `valence` axis
/// with VADER's boosters, negations, `but` and idioms as modifiers.
///
/// # Examples
///
/// ```
/// let lexicon = stancekit::vader::lexicon_from_str("good\t1.9\t0.9\t[2, 2]\nbad\t-2.5\n", "mine.txt").unwrap();
/// assert_eq!(lexicon.len(), 2 + stancekit::vader::SPECIAL_CASES.len() - 1);
/// let err = stancekit::vader::lexicon_from_str("good\tvery\n", "mine.txt").unwrap_err();
/// assert_eq!(err.to_string(), "mine.txt:1: \"good\": the valence \"very\" is not a number");
/// ```
pub fn lexicon_from_str(text: &str, origin: &str) -> Result<Lexicon, Error> {
    let axis = Axis {
        id: "valence".into(),
        negative: "negative".into(),
        positive: "positive".into(),
        description: "VADER's sentiment valence, from −4 (extremely negative) to +4.".into(),
    };
    let mut lexicon = Lexicon::new(origin_name(origin), vec![axis])?;
    lexicon.set_alpha(ALPHA)?;
    let error = |line: usize, problem: Problem| LexiconError::new(origin, Some(line), problem);
    let mut exact: FxHashSet<String> = FxHashSet::default();
    let mut capitalized = Vec::new();
    for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        let line_no = n + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let token = fields.next().unwrap_or_default();
        let Some(measure) = fields.next() else {
            let problem = Problem::Syntax(format!("{token:?}: expected token<TAB>valence"));
            return Err(error(line_no, problem).into());
        };
        let valence: f64 = measure.trim().parse().map_err(|_| {
            let reason = format!("{token:?}: the valence {measure:?} is not a number");
            error(line_no, Problem::Syntax(reason))
        })?;
        if !valence.is_finite() {
            let problem = Problem::NonFinite {
                term: token.to_string(),
                field: "valence".into(),
            };
            return Err(error(line_no, problem).into());
        }
        let term = token.replace('*', "\\*");
        if token != token.to_lowercase() {
            capitalized.push((line_no, term, valence));
            continue;
        }
        exact.insert(token.to_string());
        lexicon
            .add_entry(&term, "vader", [("valence", valence)])
            .map_err(|e| relocate(e, origin, line_no))?;
    }
    // Capitalized keys are added under their own group unless a lowercase
    // key already stands for them.
    for (line_no, term, valence) in capitalized {
        if !exact.contains(&term.to_lowercase().replace("\\*", "*")) {
            lexicon
                .add_entry(&term, UNREACHABLE_GROUP, [("valence", valence)])
                .map_err(|e| relocate(e, origin, line_no))?;
        }
    }
    for (idiom, valence) in SPECIAL_CASES {
        // "badass" is one word: as a bigram idiom it never fires in VADER.
        if idiom.contains(' ') {
            lexicon.add_entry(idiom, "vader-idioms", [("valence", *valence)])?;
        }
    }
    for word in NEGATE {
        let kind = ModifierKind::Negator {
            scope: 3,
            factor: N_SCALAR,
        };
        lexicon.add_modifier(word, kind)?;
    }
    for &(word, b) in BOOSTERS {
        let kind = if b > 0.0 {
            ModifierKind::Intensifier {
                factor: BOOSTER_FACTOR,
            }
        } else {
            ModifierKind::Dampener {
                factor: DAMPENER_FACTOR,
            }
        };
        lexicon.add_modifier(word, kind)?;
    }
    let but = ModifierKind::Contrast {
        before: 0.5,
        after: 1.5,
        scope: ContrastScope::Sentence,
    };
    lexicon.add_modifier("but", but)?;
    Ok(lexicon)
}

/// Reads a VADER-format lexicon file (see [`lexicon_from_str`]).
///
/// # Examples
///
/// ```no_run
/// let lexicon = stancekit::vader::lexicon_from_path("vader_lexicon.txt").unwrap();
/// ```
pub fn lexicon_from_path(path: impl AsRef<std::path::Path>) -> Result<Lexicon, Error> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    lexicon_from_str(
        text.trim_start_matches('\u{feff}'),
        &path.display().to_string(),
    )
}

fn origin_name(origin: &str) -> &str {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    name.split('.')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("vader")
}

/// Gives a lexicon error from [`Lexicon::add_entry`] the file and line.
fn relocate(e: Error, origin: &str, line: usize) -> Error {
    match e {
        Error::Lexicon(e) => LexiconError::new(origin, Some(line), e.problem).into(),
        other => other,
    }
}

/// VADER's four outputs, rounded as vaderSentiment rounds them (`neg`,
/// `neu`, `pos` to 3 decimals, `compound` to 4).
///
/// # Examples
///
/// ```
/// use stancekit::{vader, Profile, Scorer};
/// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
/// let p = scorer.polarity("The book was good.").unwrap();
/// assert_eq!(p.compound, 0.4404);
/// assert_eq!(p.neg + p.neu + p.pos, 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Polarity {
    /// Share of negative sentiment.
    pub neg: f64,
    /// Share of neutral words.
    pub neu: f64,
    /// Share of positive sentiment.
    pub pos: f64,
    /// The normalized sum, in [−1, 1].
    pub compound: f64,
}

impl Polarity {
    /// `neg`, `neu`, `pos` and `compound`, the columns of a VADER row.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = stancekit::Scorer::with_profile(&stancekit::vader::lexicon(), stancekit::Profile::Vader)
    ///     .unwrap()
    ///     .polarity("The book was good.")
    ///     .unwrap();
    /// assert_eq!(p.values(), [0.0, 0.508, 0.492, 0.4404]);
    /// ```
    pub fn values(&self) -> [f64; 4] {
        [self.neg, self.neu, self.pos, self.compound]
    }

    /// `score_valence` for a statement of `words` tokens: `sentiments`
    /// are the values of its scored words in token order (every other
    /// token's is 0), `emphasis` the punctuation amplifier.
    pub(crate) fn new(
        sentiments: impl Iterator<Item = f64> + Clone,
        words: usize,
        emphasis: f64,
    ) -> Polarity {
        let sum: f64 = sentiments.clone().sum();
        if words == 0 {
            return Polarity {
                neg: 0.0,
                neu: 0.0,
                pos: 0.0,
                compound: 0.0,
            };
        }
        let (_, compound) = emphasized(sum, emphasis);
        let (mut pos_sum, mut neg_sum, mut nonzero) = (0.0, 0.0, 0);
        for s in sentiments {
            if s > 0.0 {
                pos_sum += s + 1.0;
            }
            if s < 0.0 {
                neg_sum += s - 1.0;
            }
            nonzero += usize::from(s != 0.0);
        }
        let neu_count = words.saturating_sub(nonzero) as u32;
        if pos_sum > neg_sum.abs() {
            pos_sum += emphasis;
        } else if pos_sum < neg_sum.abs() {
            neg_sum -= emphasis;
        }
        let total = pos_sum + neg_sum.abs() + f64::from(neu_count);
        Polarity {
            neg: round(neg_sum.abs() / total, 3),
            neu: round((f64::from(neu_count) / total).abs(), 3),
            pos: round((pos_sum / total).abs(), 3),
            compound: round(compound, 4),
        }
    }
}

/// `_punctuation_emphasis`: 0.292 per `!` (at most 4), and for two or
/// more `?`, 0.18 each (at most 0.96).
pub(crate) fn punctuation_emphasis(text: &str) -> f64 {
    let (mut ep, mut qm) = (0, 0);
    // Counts in bytes, 255 bytes at a time, which vectorizes 16 at once.
    for chunk in text.as_bytes().chunks(255) {
        let (mut e, mut q) = (0u8, 0u8);
        for &b in chunk {
            e += u8::from(b == b'!');
            q += u8::from(b == b'?');
        }
        ep += usize::from(e);
        qm += usize::from(q);
    }
    let ep = ep.min(4);
    let qm_amplifier = match qm {
        0 | 1 => 0.0,
        2 | 3 => qm as f64 * 0.18,
        _ => 0.96,
    };
    ep as f64 * 0.292 + qm_amplifier
}

/// Python's `round(x, digits)` for `digits` up to 4: the double nearest the
/// decimal nearest `x`, ties to even. Scaling by a power of ten is exact
/// enough unless `x` is within rounding error of a tie; then Rust's
/// formatting, which computes the decimal exactly, decides.
///
/// The integer part comes from a conversion to `i64`, one instruction on
/// x86-64's baseline, where `f64::round` and `f64::trunc` are library calls.
fn round(x: f64, digits: usize) -> f64 {
    const SCALES: [f64; 5] = [1.0, 10.0, 100.0, 1e3, 1e4];
    let scale = SCALES[digits];
    let scaled = x * scale;
    if scaled.abs() < 1e15 {
        let whole = scaled as i64 as f64;
        let fraction = (scaled - whole).abs();
        if (fraction - 0.5).abs() > 1e-6 {
            let rounded = if fraction > 0.5 {
                whole + 1f64.copysign(scaled)
            } else {
                whole
            };
            // A result of zero keeps the sign of `x`, as Python's does.
            return rounded.copysign(scaled) / scale;
        }
    }
    format!("{x:.digits$}")
        .parse()
        .expect("a formatted float parses")
}

/// VADER's emoji descriptions, keyed by single characters (vaderSentiment
/// replaces one character at a time, so longer sequences never match).
fn emoji() -> &'static FxHashMap<char, &'static str> {
    static EMOJI_MAP: OnceLock<FxHashMap<char, &'static str>> = OnceLock::new();
    EMOJI_MAP.get_or_init(|| {
        let mut map = FxHashMap::default();
        for line in EMOJI.trim_end_matches('\n').split('\n') {
            let mut fields = line.trim().split('\t');
            let (Some(key), Some(description)) = (fields.next(), fields.next()) else {
                continue;
            };
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                map.insert(c, description);
            }
        }
        map
    })
}

/// The VADER profile, compiled for one lexicon.
pub(crate) struct Compiled {
    tables: Tables,
    /// The lexicon's axes: VADER scores the first.
    axes: Vec<crate::Axis>,
    hash: String,
}

/// Reusable buffers.
#[derive(Default)]
pub(crate) struct Scratch {
    words: Words,
    tokens: Tokens,
    /// `tokens` as the rules read them.
    statement: Statement,
    ascii: AsciiWords,
    sentiments: Sentiments,
}

impl Compiled {
    /// Reads the rules' tables from `lexicon`: single-token entries on its
    /// first axis (not those of [`UNREACHABLE_GROUP`]), intensifiers and
    /// dampeners as boosters (VADER's ±0.293, whatever their factor), and
    /// negators.
    pub fn new(lexicon: &Lexicon) -> Result<Compiled, Error> {
        let Some(axis) = lexicon.axes().first() else {
            return Err(Error::NoAxes);
        };
        let mut words: FxHashMap<String, Word> = FxHashMap::default();
        for (term, entry) in lexicon.entries() {
            let (text, wildcard) = term_pattern(term);
            if wildcard || text.contains(' ') || entry.group == UNREACHABLE_GROUP {
                continue;
            }
            words
                .entry(text)
                .or_default()
                .set_valence(entry.weights.get(&axis.id).copied().unwrap_or(0.0));
        }
        for (term, kind) in lexicon.modifiers() {
            let (booster, negator) = match kind {
                ModifierKind::Intensifier { .. } => (Some(true), false),
                ModifierKind::Dampener { .. } => (Some(false), false),
                ModifierKind::Negator { .. } => (None, true),
                _ => continue,
            };
            let word = words.entry(term.to_string()).or_default();
            if let Some(increments) = booster {
                word.set_booster(increments);
            }
            word.negator |= negator;
        }
        Ok(Compiled {
            tables: Tables::new(words, SPECIAL_CASES),
            axes: lexicon.axes().to_vec(),
            hash: lexicon.hash(),
        })
    }

    /// Runs the rules over `text` with its full tokens (spans included).
    fn run(&self, text: &str, s: &mut Scratch) {
        s.words.split(text, emoji(), &mut s.tokens);
        s.statement.clear();
        for ((token, _), &upper) in s.tokens.iter().zip(s.words.upper()) {
            let word = self.tables.word(token);
            s.statement.push(word, upper);
        }
        self.tables.evaluate(&s.statement, &mut s.sentiments);
    }

    /// [`run`](Self::run) without the tokens (their spans and buffer),
    /// which only explanations need: ASCII statements, which cannot hold
    /// emoji, are lowercased once and split in place; the split finds out
    /// whether a statement is ASCII as it goes.
    fn run_unexplained(&self, text: &str, s: &mut Scratch) {
        if !s.ascii.split(text, &self.tables) {
            return self.run(text, s);
        }
        self.tables.evaluate(s.ascii.statement(), &mut s.sentiments);
    }

    pub fn axes(&self) -> &[crate::Axis] {
        &self.axes
    }

    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// VADER's four outputs for `text`.
    pub fn polarity(&self, text: &str, s: &mut Scratch) -> Polarity {
        self.run_unexplained(text, s);
        let values = s.sentiments.scored.iter().map(|x| x.value);
        Polarity::new(values, s.sentiments.tokens, punctuation_emphasis(text))
    }

    /// The unrounded compound score and the sum it normalizes.
    pub fn compound(&self, text: &str, s: &mut Scratch) -> (f64, f64) {
        self.run_unexplained(text, s);
        raw_and_compound(&s.sentiments, text)
    }

    /// The explained stance and VADER's four outputs, from one run of the
    /// rules.
    pub fn explained(&self, text: &str, s: &mut Scratch) -> (crate::Stance, Polarity) {
        let stance = self.stance(text, s);
        let values = s.sentiments.scored.iter().map(|x| x.value);
        let polarity = Polarity::new(values, s.sentiments.tokens, punctuation_emphasis(text));
        (stance, polarity)
    }

    /// The explained stance: one contribution per lexicon word, and one for
    /// the punctuation emphasis when it applies.
    pub fn stance(&self, text: &str, s: &mut Scratch) -> crate::Stance {
        self.run(text, s);
        let (axis, hash) = (&self.axes[0].id, &self.hash);
        let (raw, compound) = raw_and_compound(&s.sentiments, text);
        let mut contributions = Vec::new();
        let tokens: Vec<_> = s.tokens.iter().collect();
        for scored in &s.sentiments.scored {
            let i = scored.token;
            let (word, span) = tokens[i].clone();
            let weight = (s.statement.word(i).valence()).expect("a scored word is in the lexicon");
            let steps = &s.sentiments.steps[scored.steps.clone()];
            let mut factors: Vec<Factor> = steps
                .iter()
                .map(|step| {
                    let trigger = step.trigger.map(|t| &tokens[t]);
                    Factor {
                        rule: step.rule,
                        factor: step.factor,
                        trigger: trigger.map(|(w, _)| w.to_string()),
                        trigger_span: trigger.map(|(_, span)| span.clone()),
                        axes: None,
                    }
                })
                .collect();
            for &(_, factor, bi) in s.sentiments.contrast.iter().filter(|c| c.0 == i) {
                factors.push(Factor {
                    rule: Rule::Contrast,
                    factor,
                    trigger: Some("but".into()),
                    trigger_span: Some(tokens[bi].1.clone()),
                    axes: None,
                });
            }
            contributions.push(Contribution {
                text: text[span.clone()].to_string(),
                span: span.clone(),
                tokens: i..i + 1,
                term: word.to_string(),
                group: "vader".into(),
                weights: vec![weight],
                factors,
                values: vec![scored.value],
                sentence: 0,
            });
        }
        let sum: f64 = s.sentiments.scored.iter().map(|x| x.value).sum();
        if raw != sum {
            let first = text.find(['!', '?']).unwrap_or(0);
            contributions.push(Contribution {
                text: text[first..]
                    .chars()
                    .filter(|c| matches!(c, '!' | '?'))
                    .collect(),
                span: first..text.len(),
                tokens: s.tokens.len()..s.tokens.len(),
                term: "punctuation emphasis".into(),
                group: "vader".into(),
                weights: vec![raw - sum],
                factors: Vec::new(),
                values: vec![raw - sum],
                sentence: 0,
            });
        }
        let hits = contributions.iter().filter(|c| c.values[0] != 0.0).count();
        crate::Stance {
            axes: vec![crate::AxisScore {
                axis: axis.to_string(),
                score: compound,
                raw,
                hits,
            }],
            tokens: s.tokens.len(),
            sentences: usize::from(!s.tokens.is_empty()),
            lexicon: hash.to_string(),
            contributions,
        }
    }
}

/// The punctuation-emphasized sum and its unrounded compound score.
fn raw_and_compound(sentiments: &Sentiments, text: &str) -> (f64, f64) {
    let sum = sentiments.scored.iter().map(|x| x.value).sum();
    emphasized(sum, punctuation_emphasis(text))
}

/// `score_valence`'s sum with the punctuation `emphasis` pushed away from
/// zero (a zero sum stays zero), and its compound: `normalize`.
fn emphasized(sum: f64, emphasis: f64) -> (f64, f64) {
    let sum = if sum > 0.0 {
        sum + emphasis
    } else if sum < 0.0 {
        sum - emphasis
    } else {
        sum
    };
    (sum, (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_pythons() {
        assert_eq!(round(0.1235, 3), 0.123); // 0.1235 is 0.12349999… in binary
        assert_eq!(round(0.2345, 3), 0.234); // 0.23449999… too
        assert_eq!(round(0.2375, 3), 0.237); // 0.23749999…
        assert_eq!(round(0.8439129, 4), 0.8439);
        assert_eq!(round(-0.00004, 4).to_bits(), (-0.0f64).to_bits());
        assert_eq!(round(-0.8439129, 4), -0.8439);
        assert_eq!(round(0.99996, 4), 1.0);
        assert_eq!(round(-0.12351, 3), -0.124);
        assert_eq!(round(0.5, 0), 0.0); // ties to even
        assert_eq!(round(1.5, 0), 2.0);
        assert!(round(f64::NAN, 3).is_nan());
    }

    #[test]
    fn the_lexicon_parses_with_its_quirks() {
        let lexicon = lexicon();
        // Duplicates: the last line wins.
        assert!(lexicon.entry("lol").is_some());
        // Literal stars are escaped, capitals are kept apart.
        assert!(lexicon.entry(":-\\*").is_some());
        assert_eq!(lexicon.entry(":þ").unwrap().group, UNREACHABLE_GROUP);
        assert_eq!(lexicon.entry(":d").unwrap().group, "vader");
        assert_eq!(emoji().get(&'😁'), Some(&"beaming face with smiling eyes"));
    }
}

//! VADER 3.3.2's rules, step for step, on stancekit's tokens and lexicon.
//!
//! Each token gets a sentiment (0 for words that are not in the lexicon),
//! exactly as `SentimentIntensityAnalyzer.polarity_scores` computes it,
//! quirks included; see `docs/vader.md` for the list. Every step that
//! changes a sentiment is also recorded as a [`Factor`] (its ratio), so the
//! profile explains itself like the stancekit profile does.

use rustc_hash::FxHashMap;

use super::{B_DECR, B_INCR, C_INCR, N_SCALAR};
use crate::rules::Rule;

/// What the rules read, compiled from a lexicon.
///
/// Every word the rules compare a token with (`no`, `but`, the words of
/// idioms and of multi-word boosters) is in the word table, so the rules
/// compare table ids and never read a token's text.
pub(crate) struct Tables {
    /// The boosters of several words, as word ids.
    phrase_boosters: Vec<(Vec<u32>, f64)>,
    /// VADER's special-case idioms, as word ids.
    idioms: Vec<(Vec<u32>, f64)>,
    /// What each word is (lexicon word, booster, negator), so that each
    /// token is looked up once.
    words: FxHashMap<String, Word>,
    /// The same for words of up to 7 bytes, keyed by [`short_key`].
    short: FxHashMap<u64, Word>,
    /// The ids of the words the rules name.
    ids: Ids,
}

/// The ids of the words VADER's rules name.
struct Ids {
    no: u32,
    or: u32,
    nor: u32,
    kind: u32,
    of: u32,
    never: u32,
    so: u32,
    this: u32,
    without: u32,
    doubt: u32,
    least: u32,
    at: u32,
    very: u32,
    but: u32,
}

/// The id of a word that is not in the table.
const UNKNOWN: u32 = u32::MAX;

/// Whether a word holds `n't`, which makes it a negator.
fn has_nt(word: &[u8]) -> bool {
    word.windows(3).any(|w| w == b"n't")
}

/// A word of up to 7 bytes packed with its length into one integer, which
/// hashes and compares faster than the string.
pub(crate) fn short_key(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 7).then(|| {
        let mut first = [0u8; 8];
        first[..bytes.len()].copy_from_slice(bytes);
        pack_key(first, bytes.len())
    })
}

/// The [`short_key`] of a word of `len` bytes (7 or fewer) whose bytes
/// start `first`; what follows them in `first` is ignored.
pub(crate) fn pack_key(first: [u8; 8], len: usize) -> u64 {
    let mask = (1u64 << (8 * len)) - 1;
    u64::from_le_bytes(first) & mask | (len as u64) << 56
}

/// What the tables say about one word, in 16 bytes so that the table of
/// short words stays small for the cache.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Its valence, NaN if it is not in the lexicon (whose weights are
    /// finite).
    valence: f64,
    /// Its index in the table, [`UNKNOWN`] for a word not in it.
    id: u32,
    /// 1 for a booster, −1 for a dampener, 0 for neither.
    booster: i8,
    /// Whether it negates (`not`, or any word with `n't`).
    pub negator: bool,
    /// Whether it is a word of an idiom or of a multi-word booster, the
    /// only words `_special_idioms_check` can match.
    pub idiom_part: bool,
    /// Whether the token is written in capitals (Python's `isupper`):
    /// false in the table, set for each token.
    pub upper: bool,
}

impl Default for Word {
    fn default() -> Word {
        Word {
            valence: f64::NAN,
            id: UNKNOWN,
            booster: 0,
            negator: false,
            idiom_part: false,
            upper: false,
        }
    }
}

impl Word {
    /// Its valence, if it is in the lexicon.
    pub fn valence(&self) -> Option<f64> {
        (!self.valence.is_nan()).then_some(self.valence)
    }

    /// Sets its valence, which must be finite.
    pub fn set_valence(&mut self, valence: f64) {
        debug_assert!(valence.is_finite());
        self.valence = valence;
    }

    /// Its booster increment ([`B_INCR`] or [`B_DECR`]), if it is a booster
    /// or dampener.
    pub fn booster(&self) -> Option<f64> {
        match self.booster {
            1 => Some(B_INCR),
            -1 => Some(B_DECR),
            _ => None,
        }
    }

    /// Makes it a booster (`true`) or a dampener.
    pub fn set_booster(&mut self, increments: bool) {
        self.booster = if increments { 1 } else { -1 };
    }
}

/// One step of the rules on one token: the rule, the ratio of the
/// sentiment after it to before, and the token that triggered it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Step {
    pub rule: Rule,
    pub factor: f64,
    pub trigger: Option<usize>,
}

/// The sentiments of a statement's lexicon words (every other token's is
/// 0), and the steps that made them.
#[derive(Default)]
pub(crate) struct Sentiments {
    /// The number of tokens.
    pub tokens: usize,
    /// In token order.
    pub scored: Vec<Scored>,
    pub steps: Vec<Step>,
    /// `but`'s factor on a token, by token: (token, factor, `but`'s token).
    pub contrast: Vec<(usize, f64, usize)>,
}

/// The sentiment of one lexicon word.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    pub token: usize,
    pub value: f64,
    /// The range of its steps in [`Sentiments::steps`].
    pub steps: std::ops::Range<usize>,
}

/// The statement as the rules see it: what the tables say about each
/// token, gathered token by token with what the rules ask of all of them,
/// so that they visit only the words that have a sentiment.
#[derive(Default)]
pub(crate) struct Statement {
    words: Vec<Word>,
    /// The tokens that get a sentiment of their own: lexicon words that
    /// are not boosters.
    scored: Vec<usize>,
    /// How many tokens are in capitals.
    caps: usize,
}

impl Statement {
    pub fn clear(&mut self) {
        self.words.clear();
        self.scored.clear();
        self.caps = 0;
    }

    /// Adds the next token: the tables' `word`, written in capitals or
    /// not.
    #[inline]
    pub fn push(&mut self, mut word: Word, upper: bool) {
        word.upper = upper;
        if !word.valence.is_nan() && word.booster == 0 {
            self.scored.push(self.words.len());
        }
        self.caps += usize::from(word.upper);
        self.words.push(word);
    }

    /// Token `i`.
    pub fn word(&self, i: usize) -> &Word {
        &self.words[i]
    }
}

impl Tables {
    /// Indexes `words` (their valences, boosters and negators) with the
    /// idioms, whose words it marks, and the words the rules name.
    pub fn new(mut words: FxHashMap<String, Word>, idioms: &[(&str, f64)]) -> Tables {
        let phrase_boosters: Vec<_> = (words.iter())
            .filter(|(w, _)| w.contains(' '))
            .filter_map(|(w, word)| Some((w.clone(), word.booster()?)))
            .collect();
        let phrases =
            (idioms.iter().map(|&(p, _)| p)).chain(phrase_boosters.iter().map(|(p, _)| p.as_str()));
        for part in phrases.flat_map(|phrase| phrase.split(' ')) {
            words.entry(part.to_string()).or_default().idiom_part = true;
        }
        let named = [
            "no", "or", "nor", "kind", "of", "never", "so", "this", "without", "doubt", "least",
            "at", "very", "but",
        ];
        for word in named {
            words.entry(word.to_string()).or_default();
        }
        for (id, word) in words.values_mut().enumerate() {
            word.id = id as u32;
        }
        let id = |w: &str| words[w].id;
        let ids = Ids {
            no: id("no"),
            or: id("or"),
            nor: id("nor"),
            kind: id("kind"),
            of: id("of"),
            never: id("never"),
            so: id("so"),
            this: id("this"),
            without: id("without"),
            doubt: id("doubt"),
            least: id("least"),
            at: id("at"),
            very: id("very"),
            but: id("but"),
        };
        let as_ids = |(phrase, v): (&str, f64)| (phrase.split(' ').map(id).collect(), v);
        let idioms = idioms.iter().copied().map(as_ids).collect();
        let phrase_boosters = (phrase_boosters.iter())
            .map(|(p, v)| as_ids((p.as_str(), *v)))
            .collect();
        let short = (words.iter())
            .filter_map(|(w, &word)| Some((short_key(w)?, word)))
            .collect();
        Tables {
            phrase_boosters,
            idioms,
            words,
            short,
            ids,
        }
    }

    /// The tables' word for a token (`negated([word])` included).
    pub fn word(&self, lower: &str) -> Word {
        match short_key(lower) {
            Some(key) => self.short_word(key),
            None => self.long_word(lower),
        }
    }

    /// [`word`](Self::word) for a word of up to 7 bytes, by its key.
    #[inline]
    pub fn short_word(&self, key: u64) -> Word {
        let mut word = self.short.get(&key).copied().unwrap_or_default();
        // Only a word with an apostrophe can hold "n't"; a zero byte in the
        // key xor apostrophes tells, without reading the word.
        let x = key ^ 0x0027_2727_2727_2727;
        if (x.wrapping_sub(0x0001_0101_0101_0101) & !x & 0x0080_8080_8080_8080) != 0 {
            let bytes = key.to_le_bytes();
            word.negator |= has_nt(&bytes[..(key >> 56) as usize]);
        }
        word
    }

    /// [`word`](Self::word) for a longer word, lowercased.
    pub fn long_word(&self, lower: &str) -> Word {
        let mut word = self.words.get(lower).copied().unwrap_or_default();
        let bytes = lower.as_bytes();
        word.negator |= bytes.contains(&b'\'') && has_nt(bytes);
        word
    }

    /// `scalar_inc_dec`.
    fn scalar(word: Word, valence: f64, cap_diff: bool) -> f64 {
        let Some(b) = word.booster() else {
            return 0.0;
        };
        let mut scalar = if valence < 0.0 { -b } else { b };
        if cap_diff && word.upper {
            scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
        }
        scalar
    }

    /// Runs the rules over a statement into `out`.
    pub fn evaluate(&self, st: &Statement, out: &mut Sentiments) {
        out.scored.clear();
        out.steps.clear();
        out.contrast.clear();
        let (w, ids) = (&st.words[..], &self.ids);
        out.tokens = w.len();
        let cap_diff = st.caps > 0 && st.caps < w.len();
        // Every other token (outside the lexicon, or a booster) has
        // sentiment 0.
        for &i in &st.scored {
            let start = out.steps.len();
            let kind_of = w[i].id == ids.kind && w.get(i + 1).is_some_and(|n| n.id == ids.of);
            let value = if kind_of {
                0.0
            } else {
                self.valence(w, i, cap_diff, &mut out.steps)
            };
            let steps = start..out.steps.len();
            out.scored.push(Scored {
                token: i,
                value,
                steps,
            });
        }
        if !out.scored.is_empty() {
            but_check(w, ids.but, out);
        }
    }

    /// `sentiment_valence` for token `i`.
    fn valence(&self, w: &[Word], i: usize, cap_diff: bool, steps: &mut Vec<Step>) -> f64 {
        let Some(lexical) = w[i].valence() else {
            return 0.0;
        };
        let ids = &self.ids;
        let is = |k: usize, id: u32| w[k].id == id;
        let mut v = lexical;
        let mut step = |rule: Rule, before: f64, after: f64, trigger: Option<usize>| {
            if before != 0.0 && after != before {
                steps.push(Step {
                    rule,
                    factor: after / before,
                    trigger,
                });
            }
        };
        let n = w.len();
        if is(i, ids.no) && i != n - 1 && w[i + 1].valence().is_some() {
            step(Rule::Negation, v, 0.0, None);
            v = 0.0;
        }
        let no_before = (i > 0 && is(i - 1, ids.no))
            || (i > 1 && is(i - 2, ids.no))
            || (i > 2 && is(i - 3, ids.no) && (is(i - 1, ids.or) || is(i - 1, ids.nor)));
        if no_before {
            let at = (1..=3).find(|&k| i >= k && is(i - k, ids.no));
            let after = lexical * N_SCALAR;
            step(Rule::Negation, v, after, at.map(|k| i - k));
            v = after;
        }
        if cap_diff && w[i].upper {
            let after = if v > 0.0 { v + C_INCR } else { v - C_INCR };
            step(Rule::Caps, v, after, None);
            v = after;
        }
        for start_i in 0..3 {
            let j = i.wrapping_sub(start_i + 1);
            if i <= start_i || w[j].valence().is_some() {
                continue;
            }
            let mut s = Tables::scalar(w[j], v, cap_diff);
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            let rule = if (s > 0.0) == (v > 0.0) {
                Rule::Intensifier
            } else {
                Rule::Dampener
            };
            step(rule, v, v + s, Some(j));
            v += s;
            let after = self.negation_check(v, w, start_i, i);
            step(Rule::Negation, v, after, Some(j));
            v = after;
            // Only a window with a word of an idiom can change anything.
            if start_i == 2 && w[i - 3..(i + 3).min(n)].iter().any(|x| x.idiom_part) {
                let after = self.special_idioms(v, w, i);
                step(Rule::Idiom, v, after, None);
                v = after;
            }
        }
        // `_least_check`.
        let least = i > 0 && w[i - 1].valence().is_none() && is(i - 1, ids.least);
        if least && (i == 1 || !(is(i - 2, ids.at) || is(i - 2, ids.very))) {
            step(Rule::Negation, v, v * N_SCALAR, Some(i - 1));
            v *= N_SCALAR;
        }
        v
    }

    /// `_negation_check`, with its precedence slip: at distance three,
    /// `never so/this X` or just `so X`/`this X` multiplies by 1.25.
    fn negation_check(&self, v: f64, w: &[Word], start_i: usize, i: usize) -> f64 {
        let ids = &self.ids;
        let is = |k: usize, id: u32| w[i - k].id == id;
        let so_this = |k: usize| is(k, ids.so) || is(k, ids.this);
        match start_i {
            0 if w[i - 1].negator => v * N_SCALAR,
            1 if is(2, ids.never) && so_this(1) => v * 1.25,
            1 if is(2, ids.without) && is(1, ids.doubt) => v,
            1 if w[i - 2].negator => v * N_SCALAR,
            2 if (is(3, ids.never) && so_this(2)) || so_this(1) => v * 1.25,
            2 if is(3, ids.without) && (is(2, ids.doubt) || is(1, ids.doubt)) => v,
            2 if w[i - 3].negator => v * N_SCALAR,
            _ => v,
        }
    }

    /// `_special_idioms_check`: the first idiom found before the word wins,
    /// then idioms starting at the word; then multi-word boosters before it
    /// add. Tokens hold no white space, so comparing the words of a
    /// sequence is comparing VADER's space-joined strings; every word of a
    /// phrase is in the table, so a token with another id (or none) is
    /// another word.
    fn special_idioms(&self, v: f64, w: &[Word], i: usize) -> f64 {
        let same =
            |phrase: &[u32], seq: &[Word]| phrase.iter().copied().eq(seq.iter().map(|x| x.id));
        let idiom = |seq: &[Word]| {
            (self.idioms.iter())
                .find(|(phrase, _)| same(phrase, seq))
                .map(|&(_, v)| v)
        };
        let mut v = v;
        let before: [&[Word]; 5] = [
            &w[i - 1..=i],
            &w[i - 2..=i],
            &w[i - 2..i],
            &w[i - 3..i],
            &w[i - 3..i - 1],
        ];
        if let Some(found) = before.iter().find_map(|seq| idiom(seq)) {
            v = found;
        }
        if w.len() - 1 > i {
            if let Some(found) = idiom(&w[i..i + 2]) {
                v = found;
            }
        }
        if w.len() - 1 > i + 1 {
            if let Some(found) = idiom(&w[i..i + 3]) {
                v = found;
            }
        }
        for n_gram in [before[3], before[4], before[2]] {
            let booster = (self.phrase_boosters.iter()).find(|(phrase, _)| same(phrase, n_gram));
            if let Some(&(_, b)) = booster {
                v += b;
            }
        }
        v
    }
}

/// `_but_check`, as written: each sentiment is found again by value
/// (`list.index`), so of equal values the first is the one scaled. Zeros
/// stay zeros, so only the lexicon words' sentiments matter, and among
/// them a nonzero value is found where it is found among all tokens'.
fn but_check(w: &[Word], but: u32, out: &mut Sentiments) {
    let Some(bi) = w.iter().position(|t| t.id == but) else {
        return;
    };
    for k in 0..out.scored.len() {
        let sentiment = out.scored[k].value;
        if sentiment == 0.0 {
            continue;
        }
        let si = (out.scored.iter())
            .position(|x| x.value == sentiment)
            .expect("the value is in the list");
        let token = out.scored[si].token;
        let factor = match token.cmp(&bi) {
            std::cmp::Ordering::Less => 0.5,
            std::cmp::Ordering::Greater => 1.5,
            std::cmp::Ordering::Equal => continue,
        };
        out.scored[si].value = sentiment * factor;
        out.contrast.push((token, factor, bi));
    }
}

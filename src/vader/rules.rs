//! VADER 3.3.2's rules, step for step, on stancekit's tokens and lexicon.
//!
//! Each token gets a sentiment (0 for words that are not in the lexicon),
//! exactly as `SentimentIntensityAnalyzer.polarity_scores` computes it,
//! quirks included; see `docs/vader.md` for the list. Every step that
//! changes a sentiment is also recorded as a [`Factor`] (its ratio), so the
//! profile explains itself like the stancekit profile does.

use rustc_hash::FxHashMap;

use super::{B_DECR, B_INCR, C_INCR, N_SCALAR};
use crate::keys::{length_tag, load};
use crate::stance::Rule;

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
    /// The same for words of up to 7 bytes, by their key (see
    /// [`crate::keys`]).
    short: FxHashMap<u64, Word>,
    /// The same for words of 8 to 15 bytes, by their two-integer key.
    medium: FxHashMap<(u64, u64), Word>,
}

/// The words VADER's rules name; each word's id is its place here, so the
/// rules compare a token's id with a constant.
const NAMED: [&str; 14] = [
    "no", "or", "nor", "kind", "of", "never", "so", "this", "without", "doubt", "least", "at",
    "very", "but",
];
const NO: u32 = 0;
const OR: u32 = 1;
const NOR: u32 = 2;
const KIND: u32 = 3;
const OF: u32 = 4;
const NEVER: u32 = 5;
const SO: u32 = 6;
const THIS: u32 = 7;
const WITHOUT: u32 = 8;
const DOUBT: u32 = 9;
const LEAST: u32 = 10;
const AT: u32 = 11;
const VERY: u32 = 12;
const BUT: u32 = 13;

/// The id of a word that is not in the table.
const UNKNOWN: u32 = u32::MAX;

/// Whether a word holds `n't`, which makes it a negator.
fn has_nt(word: &[u8]) -> bool {
    word.windows(3).any(|w| w == b"n't")
}

/// Whether a key (or any integer of ASCII bytes) holds an apostrophe: a
/// zero byte in it xor apostrophes. The length in a key's top byte is
/// below 16, so never taken for one.
#[inline(always)]
fn has_apostrophe(x: u64) -> bool {
    let y = x ^ 0x2727_2727_2727_2727;
    (y.wrapping_sub(0x0101_0101_0101_0101) & !y & 0x8080_8080_8080_8080) != 0
}

/// A lowercased word's key in the tables (see [`crate::keys`]).
enum Key<'a> {
    Short(u64),
    Medium(u64, u64),
    Long(&'a str),
}

impl Key<'_> {
    fn of(word: &str) -> Key<'_> {
        let b = word.as_bytes();
        let (len, tag) = (b.len(), length_tag(b.len()));
        match len {
            ..=7 => Key::Short(load(b, 0, len) | tag),
            8..=15 => Key::Medium(load(b, 0, 8), load(b, 8, len - 8) | tag),
            _ => Key::Long(word),
        }
    }
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

/// A word in no table. Lookups copy it from memory, as one 16-byte value:
/// a word built field by field and then copied whole would stall the copy
/// (stores that cannot be forwarded to the load).
static NOT_IN_TABLES: Word = Word {
    valence: f64::NAN,
    id: UNKNOWN,
    booster: 0,
    negator: false,
    idiom_part: false,
    upper: false,
};

impl Default for Word {
    fn default() -> Word {
        NOT_IN_TABLES
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
    /// The first `but`.
    but: Option<usize>,
}

impl Statement {
    pub fn clear(&mut self) {
        self.words.clear();
        self.scored.clear();
        self.caps = 0;
        self.but = None;
    }

    /// Adds the next token: the tables' `word`, written in capitals or
    /// not.
    #[inline]
    pub fn push(&mut self, word: Word, upper: bool) {
        if !word.valence.is_nan() && word.booster == 0 {
            self.scored.push(self.words.len());
        }
        self.caps += usize::from(upper);
        if word.id == BUT && self.but.is_none() {
            self.but = Some(self.words.len());
        }
        // Set in place, after the copy (see `NOT_IN_TABLES`).
        self.words.push(word);
        if let Some(last) = self.words.last_mut() {
            last.upper = upper;
        }
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
        for word in NAMED {
            words.entry(word.to_string()).or_default();
        }
        let mut next = NAMED.len() as u32..;
        for (text, word) in &mut words {
            word.id = match NAMED.iter().position(|n| n == text) {
                Some(named) => named as u32,
                None => next.next().expect("fewer than 2^32 words"),
            };
        }
        let id = |w: &str| words[w].id;
        let as_ids = |(phrase, v): (&str, f64)| (phrase.split(' ').map(id).collect(), v);
        let idioms = idioms.iter().copied().map(as_ids).collect();
        let phrase_boosters = (phrase_boosters.iter())
            .map(|(p, v)| as_ids((p.as_str(), *v)))
            .collect();
        let (mut short, mut medium) = (FxHashMap::default(), FxHashMap::default());
        for (text, &word) in &words {
            match Key::of(text) {
                Key::Short(key) => _ = short.insert(key, word),
                Key::Medium(first, rest) => _ = medium.insert((first, rest), word),
                Key::Long(_) => {}
            }
        }
        Tables {
            phrase_boosters,
            idioms,
            words,
            short,
            medium,
        }
    }

    /// The tables' word for a token (`negated([word])` included).
    pub fn word(&self, lower: &str) -> Word {
        match Key::of(lower) {
            Key::Short(key) => self.short_word(key),
            Key::Medium(first, rest) => self.medium_word(first, rest),
            Key::Long(text) => self.long_word(text),
        }
    }

    /// [`word`](Self::word) for a word of up to 7 bytes, by its key.
    #[inline]
    pub fn short_word(&self, key: u64) -> Word {
        let mut word = *self.short.get(&key).unwrap_or(&NOT_IN_TABLES);
        // Only a word with an apostrophe can hold "n't".
        if has_apostrophe(key) {
            let bytes = key.to_le_bytes();
            word.negator |= has_nt(&bytes[..(key >> 56) as usize]);
        }
        word
    }

    /// [`word`](Self::word) for a word of 8 to 15 bytes, by its key.
    #[inline]
    pub fn medium_word(&self, first: u64, rest: u64) -> Word {
        let mut word = *self.medium.get(&(first, rest)).unwrap_or(&NOT_IN_TABLES);
        if has_apostrophe(first) || has_apostrophe(rest) {
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&first.to_le_bytes());
            bytes[8..].copy_from_slice(&rest.to_le_bytes());
            word.negator |= has_nt(&bytes[..(rest >> 56) as usize]);
        }
        word
    }

    /// [`word`](Self::word) for a word of 16 bytes or more, lowercased.
    pub fn long_word(&self, lower: &str) -> Word {
        let mut word = *self.words.get(lower).unwrap_or(&NOT_IN_TABLES);
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
        let w = &st.words[..];
        out.tokens = w.len();
        let cap_diff = st.caps > 0 && st.caps < w.len();
        // Every other token (outside the lexicon, or a booster) has
        // sentiment 0.
        for &i in &st.scored {
            let start = out.steps.len();
            let kind_of = w[i].id == KIND && w.get(i + 1).is_some_and(|n| n.id == OF);
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
            but_check(st.but, out);
        }
    }

    /// `sentiment_valence` for token `i`.
    fn valence(&self, w: &[Word], i: usize, cap_diff: bool, steps: &mut Vec<Step>) -> f64 {
        let Some(lexical) = w[i].valence() else {
            return 0.0;
        };
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
        if is(i, NO) && i != n - 1 && w[i + 1].valence().is_some() {
            step(Rule::Negation, v, 0.0, None);
            v = 0.0;
        }
        let no_before = (i > 0 && is(i - 1, NO))
            || (i > 1 && is(i - 2, NO))
            || (i > 2 && is(i - 3, NO) && (is(i - 1, OR) || is(i - 1, NOR)));
        if no_before {
            let at = (1..=3).find(|&k| i >= k && is(i - k, NO));
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
        let least = i > 0 && w[i - 1].valence().is_none() && is(i - 1, LEAST);
        if least && (i == 1 || !(is(i - 2, AT) || is(i - 2, VERY))) {
            step(Rule::Negation, v, v * N_SCALAR, Some(i - 1));
            v *= N_SCALAR;
        }
        v
    }

    /// `_negation_check`, with its precedence slip: at distance three,
    /// `never so/this X` or just `so X`/`this X` multiplies by 1.25.
    fn negation_check(&self, v: f64, w: &[Word], start_i: usize, i: usize) -> f64 {
        let is = |k: usize, id: u32| w[i - k].id == id;
        let so_this = |k: usize| is(k, SO) || is(k, THIS);
        match start_i {
            0 if w[i - 1].negator => v * N_SCALAR,
            1 if is(2, NEVER) && so_this(1) => v * 1.25,
            1 if is(2, WITHOUT) && is(1, DOUBT) => v,
            1 if w[i - 2].negator => v * N_SCALAR,
            2 if (is(3, NEVER) && so_this(2)) || so_this(1) => v * 1.25,
            2 if is(3, WITHOUT) && (is(2, DOUBT) || is(1, DOUBT)) => v,
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
        // Every word of a phrase is marked, so a sequence with an unmarked
        // word (most sequences) is none.
        let find = |phrases: &[(Vec<u32>, f64)], seq: &[Word]| {
            if !seq.iter().all(|x| x.idiom_part) {
                return None;
            }
            let ids = seq.iter().map(|x| x.id);
            (phrases.iter())
                .find(|(phrase, _)| phrase.iter().copied().eq(ids.clone()))
                .map(|&(_, v)| v)
        };
        let idiom = |seq: &[Word]| find(&self.idioms, seq);
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
            if let Some(b) = find(&self.phrase_boosters, n_gram) {
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
fn but_check(but: Option<usize>, out: &mut Sentiments) {
    let Some(bi) = but else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_words_have_their_constants_as_ids() {
        let tables = Tables::new(FxHashMap::default(), &[("the bomb", 3.0)]);
        let named = [
            (NO, "no"),
            (OR, "or"),
            (NOR, "nor"),
            (KIND, "kind"),
            (OF, "of"),
            (NEVER, "never"),
            (SO, "so"),
            (THIS, "this"),
            (WITHOUT, "without"),
            (DOUBT, "doubt"),
            (LEAST, "least"),
            (AT, "at"),
            (VERY, "very"),
            (BUT, "but"),
        ];
        for (id, text) in named {
            assert_eq!(tables.word(text).id, id, "{text}");
        }
        // Other words follow them, each with its own id, in every table.
        let (the, bomb) = (tables.word("the").id, tables.word("bomb").id);
        assert!(the >= 14 && bomb >= 14 && the != bomb);
        assert_eq!(tables.word("unheard-of").id, UNKNOWN);
    }

    #[test]
    fn keys_of_every_length_find_their_word() {
        // One word of each key: short, medium (8 and 15 bytes), long.
        let lengths = [
            "a",
            "seven77",
            "eight888",
            "fifteen15151515",
            "sixteen161616161",
        ];
        let mut words = FxHashMap::default();
        for text in lengths.iter().chain(&["don't"]) {
            let mut word = Word::default();
            word.set_valence(text.len() as f64);
            words.insert(text.to_string(), word);
        }
        let tables = Tables::new(words, &[]);
        for text in lengths {
            let found = tables.word(text).valence();
            assert_eq!(found, Some(text.len() as f64), "{text}");
        }
        assert_eq!(tables.word("eight88").valence(), None);
        // "n't" makes a negator at any length, in the table or not.
        assert!(tables.word("don't").negator && !tables.word("dont").negator);
        assert!(tables.word("shouldn't").negator && tables.word("absolutelyshouldn't").negator);
    }
}

//! VADER 3.3.2's rules, step for step, on stancekit's tokens and lexicon.
//!
//! Each token gets a sentiment (0 for words that are not in the lexicon),
//! exactly as `SentimentIntensityAnalyzer.polarity_scores` computes it,
//! quirks included; see `docs/vader.md` for the list. Every step that
//! changes a sentiment is also recorded as a [`Factor`] (its ratio), so the
//! profile explains itself like the stancekit profile does.

use rustc_hash::FxHashMap;

use super::tokenize::LONG_WORD;
use super::{C_INCR, N_SCALAR};
use crate::rules::Rule;

/// What the rules read, compiled from a lexicon.
pub(crate) struct Tables {
    /// The boosters of several words, split into words.
    phrase_boosters: Vec<(Vec<String>, f64)>,
    /// VADER's special-case idioms, split into words.
    idioms: Vec<(Vec<String>, f64)>,
    /// What each word is (lexicon word, booster, negator), so that each
    /// token is looked up once.
    words: FxHashMap<String, Word>,
    /// The same for words of up to 7 bytes, keyed by [`short_key`].
    short: FxHashMap<u64, Word>,
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

/// What the tables say about one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Word {
    /// Its valence, if it is in the lexicon.
    pub valence: Option<f64>,
    /// Its booster increment, if it is a booster or dampener.
    pub booster: Option<f64>,
    /// Whether it negates (`not`, or any word with `n't`).
    pub negator: bool,
    /// Whether it is a word of an idiom or of a multi-word booster, the
    /// only words `_special_idioms_check` can match.
    pub idiom_part: bool,
}

/// One step of the rules on one token: the rule, the ratio of the
/// sentiment after it to before, and the token that triggered it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Step {
    pub rule: Rule,
    pub factor: f64,
    pub trigger: Option<usize>,
}

/// The sentiment of each token, and the steps that made it.
#[derive(Default)]
pub(crate) struct Sentiments {
    pub values: Vec<f64>,
    /// Per token, the range of its steps in `steps`.
    pub spans: Vec<std::ops::Range<usize>>,
    pub steps: Vec<Step>,
    /// `but`'s factor on a token, by token: (token, factor, `but`'s token).
    pub contrast: Vec<(usize, f64, usize)>,
    /// The tables' word for each token.
    info: Vec<Word>,
}

/// The statement as the rules see it.
pub(crate) struct Statement<'a> {
    /// The lowercased tokens.
    pub lower: &'a [&'a str],
    /// Whether each token is written in capitals.
    pub upper: &'a [bool],
    /// Each token's [`short_key`] (or `LONG_WORD`), when already computed.
    pub keys: Option<&'a [u64]>,
}

impl Tables {
    /// Indexes `words` (their valences, boosters and negators) with the
    /// idioms, whose words it marks.
    pub fn new(mut words: FxHashMap<String, Word>, idioms: &[(&str, f64)]) -> Tables {
        let split = |(phrase, v): (&str, f64)| -> (Vec<String>, f64) {
            (phrase.split(' ').map(str::to_string).collect(), v)
        };
        let idioms: Vec<_> = idioms.iter().copied().map(split).collect();
        let phrase_boosters: Vec<_> = (words.iter())
            .filter(|(w, _)| w.contains(' '))
            .filter_map(|(w, word)| Some((w.as_str(), word.booster?)))
            .map(split)
            .collect();
        let phrases = idioms.iter().chain(&phrase_boosters);
        for part in phrases.flat_map(|(parts, _)| parts) {
            words.entry(part.clone()).or_default().idiom_part = true;
        }
        let short = (words.iter())
            .filter_map(|(w, &word)| short_key(w).map(|key| (key, word)))
            .collect();
        Tables {
            phrase_boosters,
            idioms,
            words,
            short,
        }
    }

    /// The tables' word for a token (`negated([word])` included).
    pub fn word(&self, lower: &str) -> Word {
        self.word_by_key(short_key(lower).unwrap_or(LONG_WORD), lower)
    }

    /// [`word`](Self::word) with the token's key already computed.
    fn word_by_key(&self, key: u64, lower: &str) -> Word {
        let found = match key {
            LONG_WORD => self.words.get(lower),
            key => self.short.get(&key),
        };
        let mut word = found.copied().unwrap_or_default();
        // Only a word with an apostrophe can hold "n't"; a short key tells
        // without reading the word (a zero byte in the key xor apostrophes).
        let apostrophe = match key {
            LONG_WORD => lower.as_bytes().contains(&b'\''),
            key => {
                let x = key ^ 0x0027_2727_2727_2727;
                (x.wrapping_sub(0x0001_0101_0101_0101) & !x & 0x0080_8080_8080_8080) != 0
            }
        };
        word.negator |= apostrophe && lower.as_bytes().windows(3).any(|w| w == b"n't");
        word
    }

    /// `scalar_inc_dec`.
    fn scalar(word: Word, upper: bool, valence: f64, cap_diff: bool) -> f64 {
        let Some(b) = word.booster else {
            return 0.0;
        };
        let mut scalar = if valence < 0.0 { -b } else { b };
        if cap_diff && upper {
            scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
        }
        scalar
    }

    /// Runs the rules over a statement into `out`.
    pub fn evaluate(&self, st: &Statement, out: &mut Sentiments) {
        out.values.clear();
        out.spans.clear();
        out.steps.clear();
        out.contrast.clear();
        let words = st.lower;
        let n = words.len();
        out.info.clear();
        match st.keys {
            Some(keys) => {
                (out.info).extend(keys.iter().zip(words).map(|(&k, w)| self.word_by_key(k, w)))
            }
            None => out.info.extend(words.iter().map(|w| self.word(w))),
        }
        let info = std::mem::take(&mut out.info);
        let caps = st.upper.iter().filter(|&&u| u).count();
        let cap_diff = caps > 0 && caps < n;
        for i in 0..n {
            let start = out.steps.len();
            let item = words[i];
            let value = if info[i].booster.is_some()
                || (i + 1 < n && item == "kind" && words[i + 1] == "of")
            {
                0.0
            } else {
                self.valence(words, &info, st.upper, i, cap_diff, &mut out.steps)
            };
            out.values.push(value);
            out.spans.push(start..out.steps.len());
        }
        out.info = info;
        but_check(words, out);
    }

    /// `sentiment_valence` for token `i`.
    fn valence(
        &self,
        w: &[&str],
        info: &[Word],
        upper: &[bool],
        i: usize,
        cap_diff: bool,
        steps: &mut Vec<Step>,
    ) -> f64 {
        let Some(lexical) = info[i].valence else {
            return 0.0;
        };
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
        if w[i] == "no" && i != n - 1 && info[i + 1].valence.is_some() {
            step(Rule::Negation, v, 0.0, None);
            v = 0.0;
        }
        let no_before = (i > 0 && w[i - 1] == "no")
            || (i > 1 && w[i - 2] == "no")
            || (i > 2 && w[i - 3] == "no" && (w[i - 1] == "or" || w[i - 1] == "nor"));
        if no_before {
            let at = (1..=3).find(|&k| i >= k && w[i - k] == "no");
            let after = lexical * N_SCALAR;
            step(Rule::Negation, v, after, at.map(|k| i - k));
            v = after;
        }
        if cap_diff && upper[i] {
            let after = if v > 0.0 { v + C_INCR } else { v - C_INCR };
            step(Rule::Caps, v, after, None);
            v = after;
        }
        for start_i in 0..3 {
            let j = i.wrapping_sub(start_i + 1);
            if i <= start_i || info[j].valence.is_some() {
                continue;
            }
            let mut s = Tables::scalar(info[j], upper[j], v, cap_diff);
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
            let after = negation_check(v, w, info, start_i, i);
            step(Rule::Negation, v, after, Some(j));
            v = after;
            // Only a window with a word of an idiom can change anything.
            if start_i == 2 && info[i - 3..(i + 3).min(n)].iter().any(|x| x.idiom_part) {
                let after = self.special_idioms(v, w, i);
                step(Rule::Idiom, v, after, None);
                v = after;
            }
        }
        // `_least_check`.
        let least = i > 0 && info[i - 1].valence.is_none() && w[i - 1] == "least";
        if least && (i == 1 || (w[i - 2] != "at" && w[i - 2] != "very")) {
            step(Rule::Negation, v, v * N_SCALAR, Some(i - 1));
            v *= N_SCALAR;
        }
        v
    }
}

/// `_negation_check`, with its precedence slip: at distance three,
/// `never so/this X` or just `so X`/`this X` multiplies by 1.25.
fn negation_check(v: f64, w: &[&str], info: &[Word], start_i: usize, i: usize) -> f64 {
    let so_this = |k: usize| w[i - k] == "so" || w[i - k] == "this";
    match start_i {
        0 if info[i - 1].negator => v * N_SCALAR,
        1 if w[i - 2] == "never" && so_this(1) => v * 1.25,
        1 if w[i - 2] == "without" && w[i - 1] == "doubt" => v,
        1 if info[i - 2].negator => v * N_SCALAR,
        2 if (w[i - 3] == "never" && so_this(2)) || so_this(1) => v * 1.25,
        2 if w[i - 3] == "without" && (w[i - 2] == "doubt" || w[i - 1] == "doubt") => v,
        2 if info[i - 3].negator => v * N_SCALAR,
        _ => v,
    }
}

impl Tables {
    /// `_special_idioms_check`: the first idiom found before the word wins,
    /// then idioms starting at the word; then multi-word boosters before it
    /// add. Tokens hold no white space, so comparing the words of a
    /// sequence is comparing VADER's space-joined strings.
    fn special_idioms(&self, v: f64, w: &[&str], i: usize) -> f64 {
        let idiom = |seq: &[&str]| {
            (self.idioms.iter())
                .find(|(words, _)| words.iter().map(String::as_str).eq(seq.iter().copied()))
                .map(|&(_, v)| v)
        };
        let mut v = v;
        let before: [&[&str]; 5] = [
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
            let booster = self
                .phrase_boosters
                .iter()
                .find(|(words, _)| words.iter().map(String::as_str).eq(n_gram.iter().copied()));
            if let Some(&(_, b)) = booster {
                v += b;
            }
        }
        v
    }
}

/// `_but_check`, as written: each sentiment is found again by value
/// (`list.index`), so of equal values the first is the one scaled.
fn but_check(w: &[&str], out: &mut Sentiments) {
    let Some(bi) = w.iter().position(|&t| t == "but") else {
        return;
    };
    for k in 0..out.values.len() {
        let sentiment = out.values[k];
        let si = out
            .values
            .iter()
            .position(|&x| x == sentiment)
            .expect("the value is in the list");
        let factor = match si.cmp(&bi) {
            std::cmp::Ordering::Less => 0.5,
            std::cmp::Ordering::Greater => 1.5,
            std::cmp::Ordering::Equal => continue,
        };
        out.values[si] = sentiment * factor;
        if sentiment != 0.0 {
            out.contrast.push((si, factor, bi));
        }
    }
}

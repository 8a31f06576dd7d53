//! The compiled lexicon: every entry and modifier term as a token pattern
//! (exact words, a trailing wildcard stem, multi-word phrases), found in a
//! statement leftmost-longest.
//!
//! Overlaps resolve deterministically: scanning left to right, at each
//! token the best pattern starting there is taken and the scan resumes after
//! it. "Best" is, in order: more tokens; more exact (non-wildcard) tokens;
//! longer wildcard stems; the term that sorts first. So `break off talks`
//! beats `talks`, `provocation` beats `provoc*`, and `provocat*` beats
//! `provoc*`.

use rustc_hash::FxHashMap;

use crate::lexicon::ModifierKind;
use crate::tokenize::Tokens;

/// A compiled term: what a match's `term` index points to.
#[derive(Debug)]
pub(crate) struct Term {
    /// The lexicon term (`provoc*`).
    pub text: String,
    /// Its entry group; empty for pure modifiers.
    pub group: String,
    /// Weight per axis, in axis order; `None` for pure modifiers.
    pub weights: Option<Box<[f64]>>,
    /// Its modifier role, if any.
    pub modifier: Option<ModifierKind>,
}

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Elem {
    /// A token equal to the word with this id.
    Word(u32),
    /// A token starting with the stem with this id.
    Stem(u32),
}

#[derive(Debug)]
struct Pattern {
    elems: Box<[Elem]>,
    /// Index of the term (in the scorer's term table) it came from.
    term: u32,
    exact: usize,
    stem_chars: usize,
}

impl Pattern {
    /// Ordering key: smaller is better.
    fn rank(
        &self,
    ) -> (
        std::cmp::Reverse<usize>,
        std::cmp::Reverse<usize>,
        std::cmp::Reverse<usize>,
        u32,
    ) {
        use std::cmp::Reverse;
        (
            Reverse(self.elems.len()),
            Reverse(self.exact),
            Reverse(self.stem_chars),
            self.term,
        )
    }
}

/// A term found in a statement: tokens `start..end` matched term `term`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub term: u32,
}

/// What each token of a statement is, as far as the lexicon cares.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    words: Vec<u32>,
    stems: Vec<(u32, u32)>,
    stem_ids: Vec<u32>,
}

const NO_WORD: u32 = u32::MAX;

/// Compiled patterns of a lexicon.
#[derive(Debug, Default)]
pub(crate) struct Matcher {
    words: FxHashMap<Box<str>, u32>,
    stems: FxHashMap<Box<str>, u32>,
    /// Distinct stem lengths in bytes, longest first.
    stem_lens: Vec<usize>,
    /// Bit per two-byte prefix of a stem: a token whose first two bytes are
    /// not set cannot match any stem, which spares most hash lookups.
    stem_prefixes: Vec<u64>,
    patterns: Vec<Pattern>,
    by_word: Vec<Vec<u32>>,
    by_stem: Vec<Vec<u32>>,
}

fn prefix_bit(token: &str) -> Option<usize> {
    let b = token.as_bytes();
    (b.len() >= 2).then(|| (usize::from(b[0]) << 8) | usize::from(b[1]))
}

impl Matcher {
    /// Adds a term given as its tokens; `wildcard` makes the last token a
    /// stem. `term` is the caller's index for it.
    pub(crate) fn add(&mut self, tokens: &[&str], wildcard: bool, term: u32) {
        let mut elems = Vec::with_capacity(tokens.len());
        let mut stem_chars = 0;
        for (i, token) in tokens.iter().enumerate() {
            if wildcard && i + 1 == tokens.len() {
                let next = self.stems.len() as u32;
                let id = *self.stems.entry((*token).into()).or_insert(next);
                if id == next {
                    self.by_stem.push(Vec::new());
                    if !self.stem_lens.contains(&token.len()) {
                        self.stem_lens.push(token.len());
                        self.stem_lens.sort_unstable_by(|a, b| b.cmp(a));
                    }
                    if let Some(bit) = prefix_bit(token) {
                        self.stem_prefixes.resize(1024, 0);
                        self.stem_prefixes[bit / 64] |= 1 << (bit % 64);
                    }
                }
                stem_chars = token.chars().count();
                elems.push(Elem::Stem(id));
            } else {
                let next = self.words.len() as u32;
                let id = *self.words.entry((*token).into()).or_insert(next);
                if id == next {
                    self.by_word.push(Vec::new());
                }
                elems.push(Elem::Word(id));
            }
        }
        let exact = elems.iter().filter(|e| matches!(e, Elem::Word(_))).count();
        let id = self.patterns.len() as u32;
        let list = match elems[0] {
            Elem::Word(w) => &mut self.by_word[w as usize],
            Elem::Stem(s) => &mut self.by_stem[s as usize],
        };
        list.push(id);
        self.patterns.push(Pattern {
            elems: elems.into(),
            term,
            exact,
            stem_chars,
        });
    }

    /// Sorts each candidate list best-first; call once after the last `add`.
    pub(crate) fn finish(&mut self) {
        let patterns = &self.patterns;
        for list in self.by_word.iter_mut().chain(self.by_stem.iter_mut()) {
            list.sort_by_key(|&p| patterns[p as usize].rank());
        }
    }

    fn key_tokens(&self, tokens: &Tokens, keys: &mut Keys) {
        keys.words.clear();
        keys.stems.clear();
        keys.stem_ids.clear();
        for token in tokens.tokens() {
            let text = tokens.text(token);
            keys.words
                .push(self.words.get(text).copied().unwrap_or(NO_WORD));
            let start = keys.stem_ids.len() as u32;
            let maybe = prefix_bit(text).is_some_and(|bit| {
                self.stem_prefixes
                    .get(bit / 64)
                    .is_some_and(|w| w & (1 << (bit % 64)) != 0)
            });
            if maybe {
                for &len in &self.stem_lens {
                    if len <= text.len() && text.is_char_boundary(len) {
                        if let Some(&id) = self.stems.get(&text[..len]) {
                            keys.stem_ids.push(id);
                        }
                    }
                }
            }
            keys.stems.push((start, keys.stem_ids.len() as u32));
        }
    }

    fn elem_matches(&self, keys: &Keys, at: usize, elem: Elem) -> bool {
        match elem {
            Elem::Word(w) => keys.words[at] == w,
            Elem::Stem(s) => {
                let (a, b) = keys.stems[at];
                keys.stem_ids[a as usize..b as usize].contains(&s)
            }
        }
    }

    /// The best pattern of `list` that matches at `at`.
    fn best_in(&self, keys: &Keys, at: usize, list: &[u32]) -> Option<&Pattern> {
        let n = keys.words.len();
        list.iter().map(|&p| &self.patterns[p as usize]).find(|p| {
            at + p.elems.len() <= n
                && p.elems
                    .iter()
                    .enumerate()
                    .all(|(k, &e)| self.elem_matches(keys, at + k, e))
        })
    }

    /// Finds the terms of a statement, leftmost-longest, into `out`.
    pub(crate) fn find(&self, tokens: &Tokens, keys: &mut Keys, out: &mut Vec<Match>) {
        out.clear();
        self.key_tokens(tokens, keys);
        let n = keys.words.len();
        let mut at = 0;
        while at < n {
            let word = keys.words[at];
            let (a, b) = keys.stems[at];
            let by_word = (word != NO_WORD).then(|| self.by_word[word as usize].as_slice());
            let by_stem = keys.stem_ids[a as usize..b as usize]
                .iter()
                .map(|&s| self.by_stem[s as usize].as_slice());
            let best = by_word
                .into_iter()
                .chain(by_stem)
                .filter_map(|list| self.best_in(keys, at, list))
                .min_by_key(|p| p.rank());
            match best {
                Some(p) => {
                    out.push(Match {
                        start: at,
                        end: at + p.elems.len(),
                        term: p.term,
                    });
                    at += p.elems.len();
                }
                None => at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tokenizer;

    fn matcher(terms: &[&str]) -> Matcher {
        let mut m = Matcher::default();
        for (i, term) in terms.iter().enumerate() {
            let wildcard = term.ends_with('*');
            let words: Vec<&str> = term.trim_end_matches('*').split(' ').collect();
            m.add(&words, wildcard, i as u32);
        }
        m.finish();
        m
    }

    fn found(m: &Matcher, text: &str) -> Vec<(usize, usize, u32)> {
        let tokens = Tokenizer::default().tokenize(text).unwrap();
        let mut out = Vec::new();
        m.find(&tokens, &mut Keys::default(), &mut out);
        out.iter().map(|x| (x.start, x.end, x.term)).collect()
    }

    #[test]
    fn longest_match_wins() {
        let m = matcher(&["talks", "break off talks", "break"]);
        assert_eq!(found(&m, "they break off talks"), [(1, 4, 1)]);
        assert_eq!(found(&m, "they break off"), [(1, 2, 2)]);
    }

    #[test]
    fn exact_beats_wildcard_and_longer_stem_beats_shorter() {
        let m = matcher(&["provoc*", "provocation", "provocat*"]);
        assert_eq!(found(&m, "provocation"), [(0, 1, 1)]);
        assert_eq!(found(&m, "provocative"), [(0, 1, 2)]);
        assert_eq!(found(&m, "provokes provoca"), [(1, 2, 0)]);
    }

    #[test]
    fn phrase_with_trailing_wildcard() {
        let m = matcher(&["red line*"]);
        assert_eq!(found(&m, "Crossing red lines."), [(1, 3, 0)]);
        assert_eq!(found(&m, "red tape"), []);
    }

    #[test]
    fn matches_do_not_overlap_and_scan_resumes() {
        let m = matcher(&["a b", "b c", "c"]);
        assert_eq!(found(&m, "a b c"), [(0, 2, 0), (2, 3, 2)]);
    }

    #[test]
    fn phrase_at_end_of_text_does_not_overrun() {
        let m = matcher(&["legal guarantees"]);
        assert_eq!(found(&m, "legal"), []);
    }
}

//! The compiled lexicon: every entry and modifier term as a token pattern
//! (exact words, a trailing wildcard stem, multi-word phrases) in a trie,
//! found in a statement leftmost-longest.
//!
//! Overlaps resolve deterministically: scanning left to right, at each
//! token the best pattern starting there is taken and the scan resumes after
//! it. "Best" is, in order: more tokens; more exact (non-wildcard) tokens;
//! longer wildcard stems; the term that sorts first. So `break off talks`
//! beats `talks`, `provocation` beats `provoc*`, and `provocat*` beats
//! `provoc*`.

use rustc_hash::FxHashMap;

use crate::keys::{length_tag, load};
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
    /// The axes its modifier role applies to, as bits in axis order (bit
    /// `i` is axis `i`): those a head or directive names, else all.
    pub modifier_axes: u64,
}

/// A term's place in the ranking of overlapping matches.
#[derive(Debug, Clone, Copy)]
struct Rank {
    /// Smaller is better: more tokens, then more exact tokens, then longer
    /// stems, then the term that sorts first, packed into one integer so
    /// that comparing is one instruction.
    key: u64,
    tokens: usize,
    term: u32,
}

impl Rank {
    fn new(tokens: usize, exact: usize, stem_chars: usize, term: u32) -> Self {
        let inverse = |v: usize, max: u64| max - (v as u64).min(max);
        let key = inverse(tokens, 0xFF) << 56
            | inverse(exact, 0xFF) << 48
            | inverse(stem_chars, 0xFFFF) << 32
            | u64::from(term);
        Rank { key, tokens, term }
    }
}

/// A trie node, kept small so the trie stays in cache: the rank of the
/// term ending here (an index into [`Matcher::ranks`]) and which kinds of
/// edges leave it (word edges live in [`Matcher::edges`], stem edges in
/// [`Matcher::stem_edges`]).
#[derive(Debug, Clone, Copy)]
struct Node {
    terminal: u32,
    has_stems: bool,
    /// Bit `w % 64` set for each word edge `w` leaving this node: most
    /// continuations are ruled out without a hash lookup.
    word_mask: u64,
}

const NO_TERMINAL: u32 = u32::MAX;

impl Default for Node {
    fn default() -> Self {
        Node {
            terminal: NO_TERMINAL,
            word_mask: 0,
            has_stems: false,
        }
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
const NO_NODE: u32 = u32::MAX;
const ROOT: u32 = 0;

/// Compiled patterns of a lexicon.
#[derive(Debug)]
pub(crate) struct Matcher {
    words: FxHashMap<Box<str>, u32>,
    /// The same ids for words under eight bytes, keyed by their bytes packed
    /// into an integer: most tokens are short, and this spares hashing and
    /// comparing strings.
    short_words: FxHashMap<u64, u32>,
    stems: FxHashMap<Box<str>, u32>,
    /// Stem texts by id.
    stem_texts: Vec<Box<str>>,
    /// Stems grouped by their first two bytes: a token is compared only
    /// with the few stems that share its start.
    stem_buckets: Vec<Vec<u32>>,
    /// For each two-byte prefix, 1 + its index in `stem_buckets`, or 0:
    /// one array read tells most tokens that no stem can match.
    stem_bucket_of: Box<[u16]>,
    nodes: Vec<Node>,
    /// Ranks of the terms that end at a node.
    ranks: Vec<Rank>,
    /// node -> (stem id, child node) edges.
    stem_edges: FxHashMap<u32, Vec<(u32, u32)>>,
    /// The root's stem edges by stem id, dense ([`NO_NODE`] for stems that
    /// only end phrases): a token meets the root's edges of its own stems
    /// only, not all of them.
    stem_starts: Vec<u32>,
    /// (node, word id) -> child node.
    edges: FxHashMap<(u32, u32), u32>,
    /// The root's word edges by word id, dense: most tokens stop here.
    starts: Vec<u32>,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            words: FxHashMap::default(),
            short_words: FxHashMap::default(),
            stems: FxHashMap::default(),
            stem_texts: Vec::new(),
            stem_buckets: Vec::new(),
            stem_bucket_of: vec![0; 1 << 16].into_boxed_slice(),
            nodes: vec![Node::default()],
            ranks: Vec::new(),
            stem_edges: FxHashMap::default(),
            stem_starts: Vec::new(),
            edges: FxHashMap::default(),
            starts: Vec::new(),
        }
    }
}

/// A word under eight bytes as one integer (see [`crate::keys`]), which
/// identifies it exactly.
fn short_key(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() < 8).then(|| load(bytes, 0, bytes.len()) | length_tag(bytes.len()))
}

fn prefix_bit(token: &str) -> Option<usize> {
    let b = token.as_bytes();
    (b.len() >= 2).then(|| (usize::from(b[0]) << 8) | usize::from(b[1]))
}

impl Matcher {
    fn word_id(&mut self, token: &str) -> u32 {
        let next = self.words.len() as u32;
        let id = *self.words.entry(token.into()).or_insert(next);
        if let Some(key) = short_key(token) {
            self.short_words.insert(key, id);
        }
        id
    }

    /// The id of a token's word, or [`NO_WORD`].
    fn lookup(&self, token: &str) -> u32 {
        let found = match short_key(token) {
            Some(key) => self.short_words.get(&key),
            None => self.words.get(token),
        };
        found.copied().unwrap_or(NO_WORD)
    }

    fn stem_id(&mut self, stem: &str) -> u32 {
        let next = self.stems.len() as u32;
        let id = *self.stems.entry(stem.into()).or_insert(next);
        if id == next {
            self.stem_texts.push(stem.into());
            // Stems have at least MIN_STEM_CHARS characters, so two bytes.
            if let Some(bit) = prefix_bit(stem) {
                if self.stem_bucket_of[bit] == 0 {
                    self.stem_buckets.push(Vec::new());
                    self.stem_bucket_of[bit] = self.stem_buckets.len() as u16;
                }
                self.stem_buckets[usize::from(self.stem_bucket_of[bit]) - 1].push(id);
            }
        }
        id
    }

    fn new_node(&mut self) -> u32 {
        self.nodes.push(Node::default());
        (self.nodes.len() - 1) as u32
    }

    /// Adds a term given as its tokens; `wildcard` makes the last token a
    /// stem. `term` is the caller's index for it; of two terms with the
    /// same tokens, the one added first is kept.
    pub(crate) fn add(&mut self, tokens: &[&str], wildcard: bool, term: u32) {
        let mut node = ROOT;
        let mut stem_chars = 0;
        for (i, token) in tokens.iter().enumerate() {
            node = if wildcard && i + 1 == tokens.len() {
                stem_chars = token.chars().count();
                let stem = self.stem_id(token);
                let existing = self
                    .stem_edges
                    .get(&node)
                    .and_then(|edges| edges.iter().find(|e| e.0 == stem));
                match existing {
                    Some(&(_, child)) => child,
                    None => {
                        let child = self.new_node();
                        self.stem_edges.entry(node).or_default().push((stem, child));
                        if node == ROOT {
                            let s = stem as usize;
                            if self.stem_starts.len() <= s {
                                self.stem_starts.resize(s + 1, NO_NODE);
                            }
                            self.stem_starts[s] = child;
                        }
                        self.nodes[node as usize].has_stems = true;
                        child
                    }
                }
            } else {
                let word = self.word_id(token);
                match self.edges.get(&(node, word)) {
                    Some(&child) => child,
                    None => {
                        let child = self.new_node();
                        self.edges.insert((node, word), child);
                        self.nodes[node as usize].word_mask |= 1 << (word % 64);
                        if node == ROOT {
                            let w = word as usize;
                            if self.starts.len() <= w {
                                self.starts.resize(w + 1, NO_NODE);
                            }
                            self.starts[w] = child;
                        }
                        child
                    }
                }
            };
        }
        let rank = Rank::new(
            tokens.len(),
            tokens.len() - usize::from(wildcard),
            stem_chars,
            term,
        );
        if self.nodes[node as usize].terminal == NO_TERMINAL {
            self.nodes[node as usize].terminal = self.ranks.len() as u32;
            self.ranks.push(rank);
        }
    }

    fn key_tokens(&self, tokens: &Tokens, keys: &mut Keys) {
        keys.words.clear();
        keys.stems.clear();
        keys.stem_ids.clear();
        keys.words.reserve(tokens.len());
        keys.stems.reserve(tokens.len());
        for token in tokens.tokens() {
            let text = tokens.text(token);
            keys.words.push(self.lookup(text));
            let start = keys.stem_ids.len() as u32;
            let bucket = prefix_bit(text)
                .map(|bit| self.stem_bucket_of[bit])
                .filter(|&b| b != 0)
                .map(|b| &self.stem_buckets[usize::from(b) - 1]);
            for &id in bucket.into_iter().flatten() {
                if text.starts_with(&*self.stem_texts[id as usize]) {
                    keys.stem_ids.push(id);
                }
            }
            keys.stems.push((start, keys.stem_ids.len() as u32));
        }
    }

    /// Walks the trie from `node` with the tokens from `at`, keeping the
    /// best terminal seen. Word edges are followed in a loop; stem edges,
    /// rare below the root, branch by recursion.
    fn walk(&self, keys: &Keys, mut node: u32, mut at: usize, best: &mut Option<Rank>) {
        loop {
            let here = self.nodes[node as usize];
            if here.terminal != NO_TERMINAL {
                let rank = self.ranks[here.terminal as usize];
                if best.is_none_or(|b| rank.key < b.key) {
                    *best = Some(rank);
                }
            }
            if at == keys.words.len() {
                return;
            }
            let (a, b) = keys.stems[at];
            let stems = &keys.stem_ids[a as usize..b as usize];
            if node == ROOT {
                for &stem in stems {
                    match self.stem_starts.get(stem as usize) {
                        Some(&child) if child != NO_NODE => self.walk(keys, child, at + 1, best),
                        _ => {}
                    }
                }
            } else if here.has_stems {
                for &(stem, child) in &self.stem_edges[&node] {
                    if stems.contains(&stem) {
                        self.walk(keys, child, at + 1, best);
                    }
                }
            }
            let word = keys.words[at];
            if word == NO_WORD || here.word_mask & (1 << (word % 64)) == 0 {
                return;
            }
            let child = if node == ROOT {
                self.starts.get(word as usize).copied().unwrap_or(NO_NODE)
            } else {
                self.edges.get(&(node, word)).copied().unwrap_or(NO_NODE)
            };
            if child == NO_NODE {
                return;
            }
            node = child;
            at += 1;
        }
    }

    /// Finds the terms of a statement, leftmost-longest, into `out`.
    pub(crate) fn find(&self, tokens: &Tokens, keys: &mut Keys, out: &mut Vec<Match>) {
        out.clear();
        self.key_tokens(tokens, keys);
        let n = keys.words.len();
        let mut at = 0;
        while at < n {
            let (a, b) = keys.stems[at];
            let word = keys.words[at];
            let starts_term = word != NO_WORD
                && self
                    .starts
                    .get(word as usize)
                    .is_some_and(|&n| n != NO_NODE);
            if !starts_term && a == b {
                at += 1;
                continue;
            }
            let mut best = None;
            self.walk(keys, ROOT, at, &mut best);
            match best {
                Some(rank) => {
                    out.push(Match {
                        start: at,
                        end: at + rank.tokens,
                        term: rank.term,
                    });
                    at += rank.tokens;
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

//! VADER's tokens: emoji replaced by their descriptions, the text split at
//! white space, and ASCII punctuation stripped from each end of a token
//! unless that leaves two characters or fewer (so `:)` stays an emoticon).
//!
//! Python's string semantics are reproduced where they matter: `split()`
//! and `strip()` use `str.isspace` (which also counts `\x1c`–`\x1f`),
//! lengths count code points, and `isupper` is Python's.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::tokenize::Tokens;

use super::rules::pack_key;

/// `str.isspace` in Python: Unicode white space plus the four ASCII
/// information separators.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `str.isspace` for ASCII bytes: `\t \n \v \f \r`, `\x1c`–`\x1f` and space.
const ASCII_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'\t'..=b'\r' | 0x1c..=0x1f | b' ');
        b += 1;
    }
    table
};

/// Python's `str.isupper`: at least one cased character, and none in lower
/// or title case.
fn is_upper(word: &str) -> bool {
    if word.is_ascii() {
        return is_ascii_upper(word.as_bytes());
    }
    let mut cased = false;
    for c in word.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// [`is_upper`] for ASCII bytes: some upper case, no lower case.
fn is_ascii_upper(bytes: &[u8]) -> bool {
    let (mut upper, mut lower) = (false, false);
    for b in bytes {
        upper |= b.is_ascii_uppercase();
        lower |= b.is_ascii_lowercase();
    }
    upper && !lower
}

/// The title-case letters (general category Lt), which Rust's `char` has
/// no predicate for.
fn is_titlecase(c: char) -> bool {
    matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ' | 'ᾈ'..='ᾏ' | 'ᾘ'..='ᾟ' | 'ᾨ'..='ᾯ' | 'ᾼ' | 'ῌ' | 'ῼ')
}

/// One character of the text after emoji replacement, with the byte span
/// of what it came from in the statement (an emoji's whole span for each
/// character of its description).
#[derive(Clone, Copy)]
struct Origin {
    start: u32,
    end: u32,
}

/// Reusable buffers for VADER's tokenization.
#[derive(Default)]
pub(crate) struct Words {
    /// The text after emoji replacement.
    text: String,
    /// The origin of each byte of `text`.
    origins: Vec<Origin>,
    /// Byte ranges in `text` of each token, as written (case kept).
    words: Vec<Range<usize>>,
    /// Whether each token is in capitals (Python's `isupper`).
    upper: Vec<bool>,
}

impl Words {
    /// Token `i` as written.
    #[cfg(test)]
    fn word(&self, i: usize) -> &str {
        &self.text[self.words[i].clone()]
    }

    /// Whether each token is in capitals.
    pub fn upper(&self) -> &[bool] {
        &self.upper
    }

    /// Splits `text` as vaderSentiment 3.3.2 does, and writes the lowercased
    /// tokens with their spans in the statement into `tokens`.
    pub fn split(&mut self, text: &str, emoji: &FxHashMap<char, &str>, tokens: &mut Tokens) {
        self.text.clear();
        self.origins.clear();
        self.words.clear();
        self.upper.clear();
        tokens.clear();
        // Without emoji, the text is its own replacement: each byte is its
        // own origin.
        if text.is_ascii() || !text.chars().any(|c| emoji.contains_key(&c)) {
            self.text.push_str(text);
            self.split_words(tokens, true);
            return;
        }
        let mut prev_space = true;
        for (at, c) in text.char_indices() {
            let origin = Origin {
                start: at as u32,
                end: (at + c.len_utf8()) as u32,
            };
            match emoji.get(&c) {
                Some(description) => {
                    if !prev_space {
                        self.push(" ", origin);
                    }
                    self.push(description, origin);
                    prev_space = false;
                }
                None => {
                    let mut buf = [0; 4];
                    self.push(c.encode_utf8(&mut buf), origin);
                    prev_space = c == ' ';
                }
            }
        }
        self.split_words(tokens, false);
    }

    fn push(&mut self, s: &str, origin: Origin) {
        self.text.push_str(s);
        self.origins.extend(std::iter::repeat_n(origin, s.len()));
    }

    /// `strip()` then `split()`, which is just `split()`: runs of white
    /// space. `identity` when the text is the statement itself.
    fn split_words(&mut self, tokens: &mut Tokens, identity: bool) {
        let text = std::mem::take(&mut self.text);
        if text.is_ascii() {
            ascii_words(text.as_bytes(), |range| {
                self.add_word(&text, range, tokens, identity)
            });
        } else {
            let mut start = None;
            for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (start, is_space(c)) {
                    (None, false) => start = Some(at),
                    (Some(s), true) => {
                        self.add_word(&text, s..at, tokens, identity);
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        self.text = text;
    }

    /// `_strip_punc_if_word`: strips ASCII punctuation from both ends unless
    /// two characters or fewer would remain.
    fn add_word(&mut self, text: &str, range: Range<usize>, tokens: &mut Tokens, identity: bool) {
        let range = stripped(text, range);
        let word = &text[range.clone()];
        let span = if identity {
            range.clone()
        } else {
            self.origins[range.start].start as usize..self.origins[range.end - 1].end as usize
        };
        tokens.push_lowercase(word, span);
        self.upper.push(is_upper(word));
        self.words.push(range);
    }
}

/// `_strip_punc_if_word` on the word at `range`: ASCII punctuation (one
/// byte each) trimmed from both ends, unless two characters or fewer would
/// remain.
#[inline]
fn stripped(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (range.start, range.end);
    while start < end && bytes[start].is_ascii_punctuation() {
        start += 1;
    }
    while end > start && bytes[end - 1].is_ascii_punctuation() {
        end -= 1;
    }
    let kept = start..end;
    let rest = &text[kept.clone()];
    // Nine bytes or more always hold three characters or more.
    if rest.len() <= 2 || (rest.len() < 9 && rest.chars().nth(2).is_none()) {
        range
    } else {
        kept
    }
}

/// Calls `word` with the byte range of each run of non-space bytes.
fn ascii_words(bytes: &[u8], mut word: impl FnMut(Range<usize>)) {
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && ASCII_SPACE[usize::from(bytes[at])] {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !ASCII_SPACE[usize::from(bytes[at])] {
            at += 1;
        }
        if start < at {
            word(start..at);
        }
    }
}

/// The words of an ASCII statement, for scores without explanations: the
/// lowercased text once, the words' ranges in it, and whether each is in
/// capitals. No emoji can occur, so the text is its own replacement.
#[derive(Default)]
pub(crate) struct AsciiWords {
    lowered: String,
    ranges: Vec<Range<usize>>,
    upper: Vec<bool>,
    keys: Vec<u64>,
}

/// The key of a word too long for [`short_key`](super::rules::short_key).
pub(crate) const LONG_WORD: u64 = u64::MAX;

impl AsciiWords {
    /// Splits `text`, which must be ASCII.
    pub fn split(&mut self, text: &str) {
        debug_assert!(text.is_ascii());
        self.lowered.clear();
        self.lowered.push_str(text);
        self.lowered.make_ascii_lowercase();
        // Eight bytes of padding, so that any word's first eight bytes can
        // be read at once.
        self.lowered.push_str("\0\0\0\0\0\0\0\0");
        self.ranges.clear();
        self.upper.clear();
        self.keys.clear();
        let lowered = self.lowered.as_bytes();
        let (ranges, upper, keys) = (&mut self.ranges, &mut self.upper, &mut self.keys);
        ascii_words(text.as_bytes(), |range| {
            let range = stripped(text, range);
            upper.push(is_ascii_upper(&text.as_bytes()[range.clone()]));
            keys.push(if range.len() <= 7 {
                let first = lowered[range.start..range.start + 8]
                    .try_into()
                    .expect("eight bytes");
                pack_key(first, range.len())
            } else {
                LONG_WORD
            });
            ranges.push(range);
        });
    }

    /// Each word's [`short_key`](super::rules::short_key), or [`LONG_WORD`].
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// The lowercased words.
    pub fn lower(&self) -> impl Iterator<Item = &str> {
        self.ranges.iter().map(|r| &self.lowered[r.clone()])
    }

    /// Whether each word is in capitals.
    pub fn upper(&self) -> &[bool] {
        &self.upper
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Vec<String>, Vec<String>, Vec<Range<usize>>) {
        let mut emoji = FxHashMap::default();
        emoji.insert('😁', "beaming face with smiling eyes");
        let mut words = Words::default();
        let mut tokens = Tokens::default();
        words.split(text, &emoji, &mut tokens);
        let written = (0..tokens.len())
            .map(|i| words.word(i).to_string())
            .collect();
        let lower = tokens.iter().map(|(t, _)| t.to_string()).collect();
        let spans = tokens.iter().map(|(_, s)| s).collect();
        (written, lower, spans)
    }

    #[test]
    fn punctuation_is_stripped_from_words_but_not_emoticons() {
        let (written, lower, _) = split("VADER is smart, handsome, and funny! :) :D 'ok'");
        assert_eq!(
            written,
            ["VADER", "is", "smart", "handsome", "and", "funny", ":)", ":D", "'ok'"]
        );
        assert_eq!(lower[0], "vader");
    }

    #[test]
    fn emoji_become_their_descriptions_with_the_emoji_span() {
        let (written, _, spans) = split("great😁!");
        // "eyes!" loses its "!", so the last word maps back to the emoji.
        let expected = ["great", "beaming", "face", "with", "smiling", "eyes"];
        assert_eq!(written, expected);
        assert_eq!(spans[0], 0..5);
        assert_eq!(spans[1], 5..9);
        assert_eq!(spans[5], 5..9);
    }

    #[test]
    fn python_white_space_and_isupper() {
        let (written, _, _) = split("a\u{1c}b\u{a0}c");
        assert_eq!(written, ["a", "b", "c"]);
        assert!(is_upper("GREAT!") && is_upper("A1") && !is_upper("123") && !is_upper("Great"));
        assert!(!is_upper("ǅX"));
    }
}

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

use super::rules::{Statement, Tables};
use crate::keys::{length_tag, load};

/// `str.isspace` in Python: Unicode white space plus the four ASCII
/// information separators.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

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
            let complete = ascii_words(text.as_bytes(), |start, end| {
                self.add_word(&text, start..end, tokens, identity)
            });
            debug_assert!(complete);
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
    let kept = trimmed(text.as_bytes(), range.clone());
    let rest = &text[kept.clone()];
    // Nine bytes or more always hold three characters or more.
    if rest.len() <= 2 || (rest.len() < 9 && rest.chars().nth(2).is_none()) {
        range
    } else {
        kept
    }
}

/// [`stripped`] for ASCII, where each character is one byte, on the word
/// from `start` to `end` (not empty).
#[inline(always)]
fn ascii_stripped(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    // Most words have no punctuation at either end.
    if !is_punctuation(bytes[start]) && !is_punctuation(bytes[end - 1]) {
        return (start, end);
    }
    let kept = trimmed(bytes, start..end);
    if kept.len() <= 2 {
        (start, end)
    } else {
        (kept.start, kept.end)
    }
}

/// `range` without the ASCII punctuation at either end.
#[inline(always)]
fn trimmed(bytes: &[u8], range: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (range.start, range.end);
    while start < end && is_punctuation(bytes[start]) {
        start += 1;
    }
    while end > start && is_punctuation(bytes[end - 1]) {
        end -= 1;
    }
    start..end
}

/// `u8::is_ascii_punctuation` for every byte, as one load.
static PUNCTUATION: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_punctuation();
        b += 1;
    }
    table
};

#[inline(always)]
fn is_punctuation(b: u8) -> bool {
    PUNCTUATION[usize::from(b)]
}

/// Calls `word(start, end)` with the byte range of each run of non-space
/// bytes, if `bytes` are ASCII; otherwise stops at the first 64 bytes that
/// are not, and returns false.
///
/// The bytes are read 64 at a time into a bitmap of spaces, from which
/// shifts give bitmaps of where words start and end; words are then found
/// from bit to bit, so the work is per word rather than per byte.
fn ascii_words(bytes: &[u8], mut word: impl FnMut(usize, usize)) -> bool {
    // Whether the byte before the chunk is a space (the text's start is).
    let mut space_before = 1;
    // The start of a word that runs on past its chunk.
    let mut open = None;
    for (c, chunk) in bytes.chunks(64).enumerate() {
        let base = c * 64;
        let Some(spaces) = space_bits(chunk) else {
            return false;
        };
        // Past the end counts as space, which ends the last word.
        let spaces = spaces | (!0u64).checked_shl(chunk.len() as u32).unwrap_or(0);
        let text = !spaces;
        let mut starts = text & (spaces << 1 | space_before);
        let mut ends = spaces & (text << 1 | (space_before ^ 1));
        space_before = spaces >> 63;
        if let Some(start) = open {
            if ends == 0 {
                continue;
            }
            word(start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
            open = None;
        }
        // Starts and ends now alternate, each start before its end.
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some(start);
                break;
            }
            word(start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
    }
    if let Some(start) = open {
        word(start, bytes.len());
    }
    true
}

/// Bit `i` set where `chunk[i]` is `str.isspace` white space (`\t`–`\r`,
/// `\x1c`–`\x1f`, space), for a chunk of up to 64 bytes; `None` if one of
/// them is not ASCII.
fn space_bits(chunk: &[u8]) -> Option<u64> {
    // A short chunk (the text's last) is copied once into zeros, so that
    // every eight bytes are read as one integer, without a copy each.
    let mut padded = [0u8; 64];
    let chunk: &[u8; 64] = match chunk.try_into() {
        Ok(full) => full,
        Err(_) => {
            padded[..chunk.len()].copy_from_slice(chunk);
            &padded
        }
    };
    let (mut bits, mut high_bytes) = (0, 0);
    for (k, eight) in chunk.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        high_bytes |= x;
        let high = in_range(x, b'\t', b'\r') | in_range(x, 0x1c, b' ');
        // Gathers the high bit of byte i into bit 56 + i.
        let gathered = (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        bits |= gathered << (8 * k);
    }
    (high_bytes & HIGH_BITS == 0).then_some(bits)
}

/// The words of an ASCII statement, for scores without explanations, read
/// in one pass: each word is split, stripped, tested for capitals and
/// looked up in the tables without being copied. No emoji can occur in
/// ASCII, so the text is its own replacement.
#[derive(Default)]
pub(crate) struct AsciiWords {
    statement: Statement,
    /// A long word, lowercased for its lookup.
    long: String,
}

/// One bit per byte of an ASCII word (the high bit of each byte).
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (ASCII) that lies in `lo..=hi`: adding
/// `0x80 - lo` sets the bit from `lo` up and adding `0x7f - hi` from past
/// `hi` up, and no byte below 0x80 carries into the next.
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let from_lo = x.wrapping_add(0x0101_0101_0101_0101 * (0x80 - lo as u64));
    let past_hi = x.wrapping_add(0x0101_0101_0101_0101 * (0x7f - hi as u64));
    from_lo & !past_hi & HIGH_BITS
}

/// The ASCII bytes of `x` in lower case, with the high bit set of each
/// byte that was a capital, and of each that was a small letter.
#[inline(always)]
fn lowercase(x: u64) -> (u64, u64, u64) {
    let capitals = in_range(x, b'A', b'Z');
    let small = in_range(x, b'a', b'z');
    // A capital's high bit, moved to 0x20, lowercases it.
    (x | capitals >> 2, capitals, small)
}

impl AsciiWords {
    /// Splits `text` and looks each word up, if `text` is ASCII; returns
    /// false otherwise (the statement is then incomplete).
    pub fn split(&mut self, text: &str, tables: &Tables) -> bool {
        self.statement.clear();
        let bytes = text.as_bytes();
        ascii_words(bytes, |start, end| {
            let (start, end) = ascii_stripped(bytes, start, end);
            let len = end - start;
            let tag = length_tag(len);
            let (word, capitals, small) = match len {
                ..=7 => {
                    let (key, capitals, small) = lowercase(load(bytes, start, len));
                    (tables.short_word(key | tag), capitals, small)
                }
                8..=15 => {
                    let (first, capitals, small) = lowercase(load(bytes, start, 8));
                    let (rest, more_capitals, more_small) =
                        lowercase(load(bytes, start + 8, len - 8));
                    let word = tables.medium_word(first, rest | tag);
                    (word, capitals | more_capitals, small | more_small)
                }
                _ => {
                    self.long.clear();
                    self.long.push_str(&text[start..end]);
                    self.long.make_ascii_lowercase();
                    let upper = is_ascii_upper(&bytes[start..end]);
                    return self.statement.push(tables.long_word(&self.long), upper);
                }
            };
            // Python's `isupper`: a capital and no small letter.
            self.statement.push(word, capitals != 0 && small == 0);
        })
    }

    /// The words, as the rules read them.
    pub fn statement(&self) -> &Statement {
        &self.statement
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
    fn ascii_words_agree_with_a_split_at_white_space() {
        // Pseudo-random texts of every length up to three chunks, dense in
        // spaces so that words start and end at every chunk boundary.
        let alphabet = b"a Z!\t\x1c'.\n";
        let mut state = 1u64;
        for len in 0..200 {
            for _ in 0..20 {
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        alphabet[(state >> 59) as usize % alphabet.len()]
                    })
                    .collect();
                let mut found = Vec::new();
                ascii_words(&text, |start, end| found.push(start..end));
                let text = std::str::from_utf8(&text).unwrap();
                let expected: Vec<_> = text
                    .split(is_space)
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let start = w.as_ptr() as usize - text.as_ptr() as usize;
                        start..start + w.len()
                    })
                    .collect();
                assert_eq!(found, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn python_white_space_and_isupper() {
        let (written, _, _) = split("a\u{1c}b\u{a0}c");
        assert_eq!(written, ["a", "b", "c"]);
        assert!(is_upper("GREAT!") && is_upper("A1") && !is_upper("123") && !is_upper("Great"));
        assert!(!is_upper("ǅX"));
    }
}

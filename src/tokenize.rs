//! Statements to tokens, as defined by a Hugging Face `tokenizers` pipeline.
//!
//! A [`Pipeline`] is a normalizer plus a pre-tokenizer, serializable as JSON,
//! so a user can swap in their own (for example the one of a transformer
//! model). The default pipeline is designed for statements:
//!
//! 1. `NFKC` folds compatibility forms (full-width letters, ligatures, `…`);
//! 2. `’` becomes `'`, so `don’t` and `don't` are the same token;
//! 3. `Lowercase` folds case. Rules that need the original case (ALL-CAPS
//!    emphasis) read it through each token's byte span into the original text;
//! 4. a `Split` pre-tokenizer keeps the matches of [`TOKEN_PATTERN`]: URLs,
//!    `@handles`, `#hashtags`, dotted abbreviations (`u.s.`), numbers with
//!    separators (`5,000`, `3.5`), words joined by apostrophes or hyphens
//!    (`don't`, `russia's`, `military-technical`) and any other single
//!    non-space character (punctuation, symbols, emoji).
//!
//! The pipeline runs at a few MB/s, far below the scorer's budget, so the
//! default tokenizer has a fast path: a byte scanner that gives exactly the
//! same tokens and offsets for any text made of ASCII and the typographic
//! quotes and dashes `‘ ’ “ ” – —` (all NFKC-stable and caseless). Any other
//! text goes through the pipeline. `tests/tokenizer_differential.rs` proves
//! the two agree.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use tokenizers::normalizers::{Lowercase, Replace, Sequence, NFKC};
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{
    NormalizedString, Normalizer, NormalizerWrapper, OffsetReferential, OffsetType,
    PreTokenizedString, PreTokenizer, PreTokenizerWrapper, SplitDelimiterBehavior,
};

use crate::error::{Error, TokenizerError};

/// The regular expression (Oniguruma syntax) whose matches are the default
/// pipeline's tokens, tried in this order at each position.
///
/// Everything that no alternative matches is white space and is dropped.
pub const TOKEN_PATTERN: &str = concat!(
    r#"(?:https?://|www\.)\S*[^\s.,;:!?'"()\[\]{}<>]"#,
    r"|[@#][\p{L}\p{M}\p{N}_]+",
    r"|(?:\p{L}\.){2,}",
    r"|\p{N}+(?:[.,]\p{N}+)+",
    r"|[\p{L}\p{M}\p{N}_]+(?:['\-][\p{L}\p{M}\p{N}_]+)*",
    r"|\S",
);

/// One token: its normalized text and where it stands in the original.
///
/// # Examples
///
/// ```
/// let tokens = stancekit::Tokenizer::default().tokenize("NATO’s answer").unwrap();
/// let first = &tokens.tokens()[0];
/// assert_eq!(tokens.text(first), "nato's");
/// assert_eq!(first.span(), 0..8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the normalized text inside [`Tokens`]' buffer.
    norm: [u32; 2],
    /// Byte range in the original statement.
    span: [u32; 2],
}

/// Longest statement the tokenizer takes, in bytes. Offsets are stored in
/// 32 bits (tokens stay small, which batch scoring feels), and the
/// normalized text of a statement can be longer than the statement.
pub const MAX_STATEMENT_BYTES: usize = 1 << 30;

impl Token {
    fn new(norm: Range<usize>, span: Range<usize>) -> Self {
        // Callers keep both ranges under 2^32 (see MAX_STATEMENT_BYTES).
        Token {
            norm: [norm.start as u32, norm.end as u32],
            span: [span.start as u32, span.end as u32],
        }
    }

    /// Byte range of the token in the original statement.
    pub fn span(&self) -> Range<usize> {
        self.span[0] as usize..self.span[1] as usize
    }

    fn norm(&self) -> Range<usize> {
        self.norm[0] as usize..self.norm[1] as usize
    }
}

/// The tokens of one statement; reusable across statements to avoid
/// allocating in batch scoring.
///
/// # Examples
///
/// ```
/// let tokens = stancekit::Tokenizer::default().tokenize("Don't cross red lines!").unwrap();
/// let words: Vec<&str> = tokens.iter().map(|(text, _)| text).collect();
/// assert_eq!(words, ["don't", "cross", "red", "lines", "!"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    buf: String,
    tokens: Vec<Token>,
}

impl Tokens {
    /// The tokens in order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The normalized text of `token`.
    pub fn text(&self, token: &Token) -> &str {
        &self.buf[token.norm()]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the statement has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Iterates over (normalized text, original byte span).
    pub fn iter(&self) -> impl Iterator<Item = (&str, Range<usize>)> + '_ {
        self.tokens.iter().map(|t| (self.text(t), t.span()))
    }

    pub(crate) fn clear(&mut self) {
        self.buf.clear();
        self.tokens.clear();
    }

    pub(crate) fn push(&mut self, text: &str, span: Range<usize>) {
        let start = self.buf.len();
        self.buf.push_str(text);
        self.tokens.push(Token::new(start..self.buf.len(), span));
    }

    /// Pushes `text` lowercased (`str::to_lowercase`, final sigma included),
    /// without allocating when it is ASCII.
    pub(crate) fn push_lowercase(&mut self, text: &str, span: Range<usize>) {
        let start = self.buf.len();
        if text.is_ascii() {
            self.buf.push_str(text);
            self.buf[start..].make_ascii_lowercase();
        } else {
            self.buf.push_str(&text.to_lowercase());
        }
        self.tokens.push(Token::new(start..self.buf.len(), span));
    }
}

/// A normalizer plus a pre-tokenizer from the `tokenizers` crate.
///
/// Serializes to the same JSON as the `normalizer` and `pre_tokenizer` keys
/// of a `tokenizer.json`, so either can be copied from a model's tokenizer.
///
/// # Examples
///
/// ```
/// use stancekit::{Pipeline, Tokenizer};
/// let json = Pipeline::default().to_json();
/// let same = Tokenizer::from_pipeline(Pipeline::from_json(&json).unwrap());
/// assert!(same.has_fast_path());
/// ```
#[derive(Clone, Serialize, Deserialize)]
pub struct Pipeline {
    /// Applied first, to the whole statement; `None` keeps the text as is.
    pub normalizer: Option<NormalizerWrapper>,
    /// Splits the normalized statement into tokens.
    pub pre_tokenizer: PreTokenizerWrapper,
}

impl Default for Pipeline {
    fn default() -> Self {
        let apostrophe = Replace::new("’", "'").expect("a literal pattern is valid");
        let split = Split::new(
            SplitPattern::Regex(TOKEN_PATTERN.to_string()),
            SplitDelimiterBehavior::Removed,
            true,
        )
        .expect("TOKEN_PATTERN is a valid regex");
        Pipeline {
            normalizer: Some(NormalizerWrapper::Sequence(Sequence::new(vec![
                NFKC.into(),
                apostrophe.into(),
                Lowercase.into(),
            ]))),
            pre_tokenizer: PreTokenizerWrapper::Split(split),
        }
    }
}

impl Pipeline {
    /// Reads a pipeline from JSON (`{"normalizer": ..., "pre_tokenizer": ...}`).
    ///
    /// # Examples
    ///
    /// ```
    /// let json = r#"{"normalizer": {"type": "Lowercase"},
    ///                "pre_tokenizer": {"type": "Whitespace"}}"#;
    /// let tokenizer = stancekit::Tokenizer::from_pipeline(stancekit::Pipeline::from_json(json).unwrap());
    /// assert_eq!(tokenizer.tokenize("Hello, World").unwrap().len(), 3);
    /// ```
    pub fn from_json(json: &str) -> Result<Self, Error> {
        serde_json::from_str(json).map_err(|e| TokenizerError::PipelineJson(e).into())
    }

    /// The pipeline as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("tokenizers components serialize")
    }

    fn run(&self, text: &str, out: &mut Tokens) -> Result<(), Error> {
        let wrap = |e| Error::from(TokenizerError::Pipeline(e));
        let mut normalized = NormalizedString::from(text);
        if let Some(normalizer) = &self.normalizer {
            normalizer.normalize(&mut normalized).map_err(wrap)?;
        }
        let mut pretokenized = PreTokenizedString::from(normalized);
        self.pre_tokenizer
            .pre_tokenize(&mut pretokenized)
            .map_err(wrap)?;
        for (piece, (start, end), _) in
            pretokenized.get_splits(OffsetReferential::Original, OffsetType::Byte)
        {
            // Normalization can lengthen a text manyfold (NFKC expands some
            // ligatures to 18 characters): keep offsets within 32 bits.
            if out.buf.len() + piece.len() > u32::MAX as usize {
                return Err(TokenizerError::NormalizedTooLong.into());
            }
            out.push(piece, start..end);
        }
        Ok(())
    }
}

/// Turns statements into [`Tokens`].
///
/// Cheap to share across threads; holds no per-statement state.
///
/// # Examples
///
/// ```
/// let tokenizer = stancekit::Tokenizer::default();
/// let tokens = tokenizer.tokenize("The U.S. won’t accept it, @StateDept.").unwrap();
/// let words: Vec<&str> = tokens.iter().map(|(t, _)| t).collect();
/// assert_eq!(words, ["the", "u.s.", "won't", "accept", "it", ",", "@statedept", "."]);
/// ```
#[derive(Clone)]
pub struct Tokenizer {
    pipeline: Pipeline,
    fast_path: bool,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            pipeline: Pipeline::default(),
            fast_path: true,
        }
    }
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("fast_path", &self.fast_path)
            .finish_non_exhaustive()
    }
}

impl Tokenizer {
    /// A tokenizer running `pipeline`. The fast path is kept only when the
    /// pipeline is the default one, since it reproduces that pipeline alone.
    pub fn from_pipeline(pipeline: Pipeline) -> Self {
        let fast_path = pipeline.to_json() == Pipeline::default().to_json();
        Tokenizer {
            pipeline,
            fast_path,
        }
    }

    /// The pipeline that defines this tokenizer's tokens.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Whether statements the byte scanner can handle skip the pipeline.
    pub fn has_fast_path(&self) -> bool {
        self.fast_path
    }

    /// Tokenizes one statement.
    pub fn tokenize(&self, text: &str) -> Result<Tokens, Error> {
        let mut tokens = Tokens::default();
        self.tokenize_into(text, &mut tokens)?;
        Ok(tokens)
    }

    /// Tokenizes into a reused buffer (cleared first).
    pub fn tokenize_into(&self, text: &str, out: &mut Tokens) -> Result<(), Error> {
        out.clear();
        if text.len() > MAX_STATEMENT_BYTES {
            let (bytes, limit) = (text.len(), MAX_STATEMENT_BYTES);
            return Err(TokenizerError::TooLong { bytes, limit }.into());
        }
        if self.fast_path && fast::applies(text) {
            fast::scan(text, out);
            Ok(())
        } else {
            self.pipeline.run(text, out)
        }
    }

    /// Tokenizes through the `tokenizers` pipeline alone, never the fast
    /// path: the reference the fast path is tested against.
    pub fn tokenize_with_pipeline(&self, text: &str) -> Result<Tokens, Error> {
        let mut tokens = Tokens::default();
        self.pipeline.run(text, &mut tokens)?;
        Ok(tokens)
    }
}

/// The byte scanner: [`TOKEN_PATTERN`] written out by hand for texts whose
/// normalization is known without running the normalizer.
mod fast {
    use super::Tokens;

    /// The three-byte UTF-8 characters the scanner accepts: `– — ‘ ’ “ ”`
    /// (`E2 80 93/94/98/99/9C/9D`). NFKC and lowercasing leave them as they
    /// are; the pipeline turns `’` into `'`.
    fn typographic(bytes: &[u8], i: usize) -> Option<u8> {
        match bytes.get(i..i + 3)? {
            [0xE2, 0x80, last @ (0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D)] => Some(*last),
            _ => None,
        }
    }

    const RIGHT_QUOTE: u8 = 0x99;

    /// True when every character is ASCII or one of the typographic marks.
    pub(super) fn applies(text: &str) -> bool {
        if text.is_ascii() {
            return true;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                i += 1;
            } else if typographic(bytes, i).is_some() {
                i += 3;
            } else {
                return false;
            }
        }
        true
    }

    /// ASCII white space as the pipeline's `\s` sees it.
    fn is_space(b: u8) -> bool {
        matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
    }

    /// `[\p{L}\p{M}\p{N}_]` for ASCII bytes, as a table: the scanner's
    /// inner loop.
    static WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || c == b'_';
            b += 1;
        }
        table
    };

    fn is_word(b: u8) -> bool {
        WORD[usize::from(b)]
    }

    /// Characters a URL may not end with.
    fn url_trailing(b: u8) -> bool {
        matches!(
            b,
            b'.' | b','
                | b';'
                | b':'
                | b'!'
                | b'?'
                | b'\''
                | b'"'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'<'
                | b'>'
        )
    }

    fn run_while(bytes: &[u8], mut i: usize, pred: impl Fn(u8) -> bool) -> usize {
        while i < bytes.len() && pred(bytes[i]) {
            i += 1;
        }
        i
    }

    /// `(?:https?://|www\.)\S*[^\s<trailing>]`
    fn url(bytes: &[u8], i: usize) -> Option<usize> {
        let rest = &bytes[i..];
        let lower_starts =
            |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
        let prefix = [&b"https://"[..], b"http://", b"www."]
            .into_iter()
            .find(|p| lower_starts(p))?
            .len();
        // A non-space run; typographic marks are non-space and may not end it.
        let mut end = i + prefix;
        while end < bytes.len() && !is_space(bytes[end]) {
            end += 1;
        }
        let mut last = end;
        while last > i + prefix {
            let b = bytes[last - 1];
            if b >= 0x80 {
                // The last byte of a typographic mark. Only `’` (normalized to
                // `'`) is in the trailing set.
                if typographic(bytes, last - 3) != Some(RIGHT_QUOTE) {
                    return Some(last);
                }
                last -= 3;
            } else if !url_trailing(b) {
                return Some(last);
            } else {
                last -= 1;
            }
        }
        None
    }

    /// `[@#][\p{L}\p{M}\p{N}_]+`
    fn handle(bytes: &[u8], i: usize) -> Option<usize> {
        if !matches!(bytes[i], b'@' | b'#') {
            return None;
        }
        let end = run_while(bytes, i + 1, is_word);
        (end > i + 1).then_some(end)
    }

    /// `(?:\p{L}\.){2,}`
    fn abbreviation(bytes: &[u8], i: usize) -> Option<usize> {
        let mut end = i;
        let mut pairs = 0;
        while end + 1 < bytes.len() && bytes[end].is_ascii_alphabetic() && bytes[end + 1] == b'.' {
            end += 2;
            pairs += 1;
        }
        (pairs >= 2).then_some(end)
    }

    /// `\p{N}+(?:[.,]\p{N}+)+`
    fn number(bytes: &[u8], i: usize) -> Option<usize> {
        let digit = |b: u8| b.is_ascii_digit();
        let mut end = run_while(bytes, i, digit);
        if end == i {
            return None;
        }
        let mut groups = 0;
        while end + 1 < bytes.len() && matches!(bytes[end], b'.' | b',') && digit(bytes[end + 1]) {
            end = run_while(bytes, end + 1, digit);
            groups += 1;
        }
        (groups > 0).then_some(end)
    }

    /// `[\p{L}\p{M}\p{N}_]+(?:['\-][\p{L}\p{M}\p{N}_]+)*`, where `’` counts
    /// as `'`.
    fn word(bytes: &[u8], i: usize) -> Option<usize> {
        let mut end = run_while(bytes, i, is_word);
        if end == i {
            return None;
        }
        loop {
            let joiner = match bytes.get(end) {
                Some(b'\'' | b'-') => 1,
                Some(_) if typographic(bytes, end) == Some(RIGHT_QUOTE) => 3,
                _ => break,
            };
            let after = run_while(bytes, end + joiner, is_word);
            if after == end + joiner {
                break;
            }
            end = after;
        }
        Some(end)
    }

    /// Writes `text[start..end]` normalized: ASCII lowercased, `’` as `'`.
    fn push(text: &str, start: usize, end: usize, out: &mut Tokens) {
        let norm_start = out.buf.len();
        let piece = &text[start..end];
        if piece.is_ascii() {
            out.buf.push_str(piece);
            out.buf[norm_start..].make_ascii_lowercase();
        } else {
            for c in piece.chars() {
                out.buf.push(if c == '’' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                });
            }
        }
        out.tokens
            .push(super::Token::new(norm_start..out.buf.len(), start..end));
    }

    /// Scans a text for which [`applies`] is true.
    pub(super) fn scan(text: &str, out: &mut Tokens) {
        let bytes = text.as_bytes();
        // Pure ASCII normalizes in place: one lowercased copy of the whole
        // text, each token's normalized range equal to its span.
        let ascii = text.is_ascii();
        if ascii {
            out.buf.push_str(text);
            out.buf.make_ascii_lowercase();
        }
        let mut i = 0;
        while i < bytes.len() {
            if is_space(bytes[i]) {
                i += 1;
                continue;
            }
            let b = bytes[i];
            // Dispatch on the first byte to the alternatives that can start
            // with it, in TOKEN_PATTERN's order.
            let end = if b.is_ascii_alphabetic() {
                // Only `http` and `www.` can start a URL.
                let starts_url = |rest: &[u8]| {
                    bytes
                        .get(i + 1..i + 4)
                        .is_some_and(|b| b.eq_ignore_ascii_case(rest))
                };
                let url = if matches!(b, b'h' | b'H') && starts_url(b"ttp")
                    || matches!(b, b'w' | b'W') && starts_url(b"ww.")
                {
                    url(bytes, i)
                } else {
                    None
                };
                url.or_else(|| abbreviation(bytes, i))
                    .or_else(|| word(bytes, i))
            } else if b.is_ascii_digit() {
                number(bytes, i).or_else(|| word(bytes, i))
            } else if b == b'_' {
                word(bytes, i)
            } else if b == b'@' || b == b'#' {
                handle(bytes, i)
            } else {
                None
            }
            .unwrap_or(if b < 0x80 { i + 1 } else { i + 3 });
            if ascii {
                out.tokens.push(super::Token::new(i..end, i..end));
            } else {
                push(text, i, end, out);
            }
            i = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let t = Tokenizer::default().tokenize(text).unwrap();
        t.iter().map(|(w, _)| w.to_string()).collect()
    }

    fn pipeline_words(text: &str) -> Vec<(String, Range<usize>)> {
        let t = Tokenizer::default().tokenize_with_pipeline(text).unwrap();
        t.iter().map(|(w, s)| (w.to_string(), s)).collect()
    }

    #[test]
    fn contractions_and_possessives_stay_whole() {
        assert_eq!(
            words("We don't, won’t, can't."),
            ["we", "don't", ",", "won't", ",", "can't", "."]
        );
        assert_eq!(words("Russia's and NATO’s"), ["russia's", "and", "nato's"]);
    }

    #[test]
    fn trailing_apostrophe_is_its_own_token() {
        assert_eq!(words("the States' view"), ["the", "states", "'", "view"]);
    }

    #[test]
    fn hyphenated_compounds_are_one_token() {
        assert_eq!(
            words("military-technical means"),
            ["military-technical", "means"]
        );
        assert_eq!(words("a - b"), ["a", "-", "b"]);
    }

    #[test]
    fn urls_handles_hashtags_numbers() {
        assert_eq!(
            words("See https://state.gov/x?a=1). @Lavrov #NATO 5,000 3.5% 2022"),
            [
                "see",
                "https://state.gov/x?a=1",
                ")",
                ".",
                "@lavrov",
                "#nato",
                "5,000",
                "3.5",
                "%",
                "2022"
            ]
        );
    }

    #[test]
    fn abbreviations_keep_their_dots() {
        assert_eq!(
            words("The U.S. and Mr. Li"),
            ["the", "u.s.", "and", "mr", ".", "li"]
        );
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "NATO’s “red line”";
        let t = Tokenizer::default().tokenize(text).unwrap();
        let spans: Vec<&str> = t.tokens().iter().map(|tok| &text[tok.span()]).collect();
        assert_eq!(spans, ["NATO’s", "“", "red", "line", "”"]);
    }

    #[test]
    fn pipeline_handles_other_scripts() {
        let got = pipeline_words("Россия НЕ отступит — 和平 ١٢");
        let texts: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(texts, ["россия", "не", "отступит", "—", "和平", "١٢"]);
        assert_eq!(got[1].1, 13..17);
    }

    #[test]
    fn fast_path_matches_pipeline_on_tricky_ascii() {
        let tokenizer = Tokenizer::default();
        for text in [
            "http://. www. www.x http://a) (http://x.com). HTTP://X.COM/A",
            "1,2x 12, 3.5bn a.b. a.b u.s.a. e.g.,",
            "don'' don'-t -x x- x--y o'neill's 'quoted' __init__",
            "@ # @_ #1 a@b.c",
            "don’t ’tis it’’s “a” – b — c ‘d’",
            "\t\x0b\x0c\r\n\x1c\x1f\x7f\x00 end",
        ] {
            assert!(fast::applies(text));
            let a = tokenizer.tokenize(text).unwrap();
            let b = tokenizer.tokenize_with_pipeline(text).unwrap();
            let fa: Vec<_> = a.iter().collect();
            let fb: Vec<_> = b.iter().collect();
            assert_eq!(fa, fb, "on {text:?}");
        }
    }

    #[test]
    fn fast_path_declines_other_unicode() {
        assert!(!fast::applies("café"));
        assert!(!fast::applies("a\u{2026}"));
        assert!(fast::applies("it’s — “so”"));
    }

    #[test]
    fn custom_pipeline_drops_the_fast_path() {
        let json = r#"{"normalizer": null, "pre_tokenizer": {"type": "Whitespace"}}"#;
        let tokenizer = Tokenizer::from_pipeline(Pipeline::from_json(json).unwrap());
        assert!(!tokenizer.has_fast_path());
        let t = tokenizer.tokenize("Don't").unwrap();
        let w: Vec<&str> = t.iter().map(|(w, _)| w).collect();
        assert_eq!(w, ["Don", "'", "t"]);
    }

    #[test]
    fn bad_pipeline_json_is_an_error() {
        assert!(Pipeline::from_json("{").is_err());
    }
}

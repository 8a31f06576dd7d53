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
//! default tokenizer has a fast path: a scanner that gives exactly the same
//! tokens and offsets for any text made of ASCII and of the Latin, Greek,
//! Cyrillic, punctuation, symbol and emoji characters whose normalization
//! is known one character at a time (see `fast.rs`): accented names,
//! Russian, typographic quotes. Any other text goes through the pipeline.
//! `tests/tokenizer_differential.rs` proves the two agree.

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

    /// Whether `text` is tokenized by the fast path rather than the
    /// pipeline: for measuring how much of a corpus falls back.
    ///
    /// # Examples
    ///
    /// ```
    /// let tokenizer = stancekit::Tokenizer::default();
    /// assert!(tokenizer.takes_fast_path("Лавров: «НАТО» – Çavuşoğlu"));
    /// assert!(!tokenizer.takes_fast_path("ﬁnal")); // a ligature NFKC unfolds
    /// ```
    pub fn takes_fast_path(&self, text: &str) -> bool {
        self.fast_path && text.len() <= MAX_STATEMENT_BYTES && fast::applies(text)
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

mod fast;

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
    fn fast_path_takes_known_scripts_and_declines_what_nfkc_changes() {
        assert!(fast::applies("café, Ελλάδα, Россия, it’s — “so” 🙂"));
        // NFKC unfolds the ellipsis and the ligature; a combining accent
        // may compose; CJK is not in the table.
        for text in ["a\u{2026}", "\u{FB01}nal", "cafe\u{0301}", "北京"] {
            assert!(!fast::applies(text), "{text}");
        }
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

//! The default tokenizer's byte-scanner fast path against the `tokenizers`
//! pipeline it reproduces: the same tokens with the same spans, every span
//! on char boundaries of the input (as `tests/tokenizer_differential.rs`
//! checks on random text).
//!
//! Each input is checked as UTF-8 (skipped when invalid, and then mostly
//! outside the fast path), and also projected byte by byte onto the
//! alphabet the fast path accepts, so that every input exercises it.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stancekit::{Tokenizer, Tokens};

/// Characters the fast path accepts, the ones its rules treat specially
/// first: 128 ASCII plus the typographic marks.
const ALPHABET: &[char] = &[
    ' ', '\'', '-', '.', ',', '@', '#', '_', ':', '/', 'h', 't', 'p', 's', 'w', '!', '?', '(', ')',
    '"', '\t', '\n', '’', '‘', '“', '”', '–', '—', 'a', 'b', 'A', 'B', '0', '1', '9', 'H', 'T',
    'P', 'S', 'W', 'x', 'z', '[', ']', '{', '}', '<', '>', ';', '%', '\r', '\x0b', '\x0c', '\x1c',
    '\x1f', '\x7f', '\0',
];

fn tokenizer() -> &'static Tokenizer {
    static TOKENIZER: OnceLock<Tokenizer> = OnceLock::new();
    TOKENIZER.get_or_init(Tokenizer::default)
}

fn check_spans(text: &str, tokens: &Tokens, which: &str) {
    for token in tokens.tokens() {
        let span = token.span();
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{which}: span {span:?} outside {text:?}"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{which}: span {span:?} not on char boundaries of {text:?}"
        );
    }
}

fn check(text: &str) {
    let tokenizer = tokenizer();
    let fast = tokenizer.tokenize(text);
    let pipe = tokenizer.tokenize_with_pipeline(text);
    let (fast, pipe) = match (fast, pipe) {
        (Ok(fast), Ok(pipe)) => (fast, pipe),
        // Errors are fine, as long as both paths agree that it is one.
        (Err(_), Err(_)) => return,
        (fast, pipe) => panic!(
            "one path failed on {text:?}: fast {:?}, pipeline {:?}",
            fast.err(),
            pipe.err()
        ),
    };
    check_spans(text, &fast, "tokenize");
    check_spans(text, &pipe, "pipeline");
    let a: Vec<_> = fast.iter().collect();
    let b: Vec<_> = pipe.iter().collect();
    assert_eq!(a, b, "fast path differs from the pipeline on {text:?}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    let projected: String = data
        .iter()
        .map(|&b| {
            ALPHABET
                .get(usize::from(b))
                .copied()
                .unwrap_or(char::from(b & 0x7f))
        })
        .collect();
    check(&projected);
});

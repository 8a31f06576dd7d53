//! The fast path must give exactly the tokens and offsets of the
//! `tokenizers` pipeline. Checked on every text of the shared VADER and
//! evaluation corpora (when `../shared` is beside the checkout, or
//! `STANCEKIT_SHARED` points to it), on the bundled examples, and on random
//! text.

use std::path::PathBuf;

use proptest::prelude::*;
use stancekit::Tokenizer;

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("STANCEKIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

/// Texts of the shared corpora: VADER's `id<TAB>rating<TAB>text` files,
/// the eval JSONL and TSV. Whole lines are used, so no text is skipped.
fn shared_texts(dir: &std::path::Path) -> Vec<String> {
    let mut texts = Vec::new();
    for sub in ["vader", "eval"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            texts.extend(text.lines().map(str::to_string));
        }
    }
    texts
}

fn same_tokens(tokenizer: &Tokenizer, text: &str) -> Result<(), String> {
    let fast = tokenizer.tokenize(text).unwrap();
    let reference = tokenizer.tokenize_with_pipeline(text).unwrap();
    let a: Vec<_> = fast.iter().collect();
    let b: Vec<_> = reference.iter().collect();
    if a == b {
        Ok(())
    } else {
        Err(format!(
            "fast path differs on {text:?}:\n fast: {a:?}\n pipe: {b:?}"
        ))
    }
}

#[test]
fn fast_path_equals_pipeline_on_shared_corpora() {
    let Some(dir) = shared_dir() else {
        eprintln!(
            "../shared not found: corpus differential skipped (random and bundled texts still run)"
        );
        return;
    };
    let tokenizer = Tokenizer::default();
    let texts = shared_texts(&dir);
    assert!(
        texts.len() > 20_000,
        "expected the VADER corpora, got {} lines",
        texts.len()
    );
    let mut fast = 0;
    for text in &texts {
        same_tokens(&tokenizer, text).unwrap();
        // Also every text in capitals, which exercises case folding.
        same_tokens(&tokenizer, &text.to_uppercase()).unwrap();
        fast += usize::from(text.is_ascii());
    }
    eprintln!("{} texts, {} pure ASCII", texts.len(), fast);
}

#[test]
fn fast_path_equals_pipeline_on_bundled_examples() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/statements.jsonl");
    let tokenizer = Tokenizer::default();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        same_tokens(&tokenizer, line).unwrap();
    }
}

/// Characters the fast path accepts, weighted toward the ones its rules
/// treat specially.
fn fast_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        2 => prop::char::range('0', '9'),
        3 => prop::sample::select(vec![
            ' ', '\'', '-', '.', ',', '@', '#', '_', ':', '/', 'h', 't', 'p', 's', 'w', '!', '?', '(', ')',
            '"', '\t', '\n', '’', '‘', '“', '”', '–', '—',
        ]),
        1 => prop::char::range('\0', '\x7f'),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn fast_path_equals_pipeline_on_random_ascii(chars in prop::collection::vec(fast_char(), 0..60)) {
        let text: String = chars.into_iter().collect();
        let tokenizer = Tokenizer::default();
        same_tokens(&tokenizer, &text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn urls_and_words_agree(parts in prop::collection::vec(prop::sample::select(vec![
        "http://", "https://", "www.", "x.com", ")", ".", "'", "-", "don", "t", "u.", "s.", "5", ",", "3", " ", "’", "#", "@",
    ]), 0..12)) {
        let text = parts.concat();
        same_tokens(&Tokenizer::default(), &text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn any_unicode_tokenizes_within_bounds(text in "\\PC{0,40}|[\\u{0300}-\\u{036f}\\u{200b}-\\u{200f}\\u{0590}-\\u{06ff}\\x00-\\x1f]{0,20}") {
        let tokens = Tokenizer::default().tokenize(&text).unwrap();
        for token in tokens.tokens() {
            let span = token.span();
            prop_assert!(span.start < span.end && span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
}

/// Every character of the ranges the fast path covers (and their
/// neighbours), alone and in the contexts the token pattern treats
/// specially: inside and around words, joined by `'`, `’` and `-`, in
/// abbreviations, handles, hashtags, numbers and URLs, in capitals.
#[test]
fn fast_path_equals_pipeline_on_every_covered_character() {
    let tokenizer = Tokenizer::default();
    let ranges = [
        0x80..0x540,
        0x1E00..0x1F10,
        0x2000..0x20D0,
        0x2180..0x27D0,
        0xFE00..0xFE20,
        0x1F300..0x1FB10,
    ];
    let mut fast = 0;
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let contexts = [
            format!("{c}"),
            format!("a{c}b"),
            format!("{c}{c} {c}"),
            format!("x-{c}y x{c}-y"),
            format!("{c}'s {c}’s don{c}t"),
            format!("{c}.{c}. u.{c}."),
            format!("@{c}a #{c} @a{c}"),
            format!("5{c}3 5,{c} {c}5"),
            format!("http://a.b/{c} www.x{c}. https://{c}’"),
            format!("{c}!?{c}\"({c})"),
        ];
        for text in contexts {
            same_tokens(&tokenizer, &text).unwrap();
            same_tokens(&tokenizer, &text.to_uppercase()).unwrap();
        }
        fast += usize::from(tokenizer.takes_fast_path(&format!("{c}")));
    }
    // Latin, Greek, Cyrillic, punctuation and emoji: most of them.
    assert!(fast > 4000, "only {fast} characters on the fast path");
    for text in [
        "Çavuşoğlu and Sánchez",
        "Лавров заявил, что НАТО",
        "Ελλάδα",
        "🙂👍",
    ] {
        assert!(tokenizer.takes_fast_path(text), "{text}");
    }
}

/// Characters of the covered ranges, mixed with ASCII.
fn unicode_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => fast_char(),
        2 => prop::char::range('\u{00A0}', '\u{052F}'),
        1 => prop::char::range('\u{1E00}', '\u{1EFF}'),
        1 => prop::char::range('\u{200B}', '\u{206F}'),
        1 => prop::char::range('\u{2190}', '\u{27BF}'),
        1 => prop::char::range('\u{1F300}', '\u{1FAFF}'),
        1 => prop::sample::select(vec!['\u{FE0F}', '\u{0301}', '\u{200D}', 'İ', 'Σ', 'ß', 'ς']),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn fast_path_equals_pipeline_on_random_unicode(chars in prop::collection::vec(unicode_char(), 0..40)) {
        let text: String = chars.into_iter().collect();
        let tokenizer = Tokenizer::default();
        same_tokens(&tokenizer, &text).map_err(TestCaseError::fail)?;
    }
}

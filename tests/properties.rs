//! Properties that hold for any text, checked on random Unicode weighted
//! toward what breaks text tools: lone combining marks, right-to-left
//! scripts, zero-width and control characters, emoji, lexicon words with
//! negators and intensifiers around them. For both rule profiles.

use std::sync::OnceLock;

use proptest::prelude::*;
use stancekit::{vader, Profile, Scorer, Stance};

fn stancekit_scorer() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(Scorer::default)
}

fn vader_scorer() -> &'static Scorer {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    SCORER.get_or_init(|| Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap())
}

/// Pieces of hostile or meaningful text, joined by random separators.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Any character at all, including unassigned and private use.
        any::<char>().prop_map(String::from),
        // Lone combining marks, zero-width and direction controls.
        prop::sample::select(vec![
            "\u{301}",
            "\u{20dd}",
            "\u{200b}",
            "\u{200c}",
            "\u{200d}",
            "\u{200e}",
            "\u{200f}",
            "\u{202e}",
            "\u{2066}",
            "\u{feff}",
            "\u{fe0f}",
            "\u{0}",
            "\u{7}",
            "\u{1b}[31m",
            "\r\n",
            "\t",
            "\u{85}",
            "\u{2028}",
            "\u{1c}",
        ])
        .prop_map(String::from),
        // Right-to-left text, other scripts, emoji and their sequences.
        prop::sample::select(vec![
            "مرحبا بالمحادثات",
            "לא נסכים",
            "Россия не отступит",
            "中国反对制裁",
            "😁",
            "👍🏽",
            "👨‍👩‍👧",
            "🇺🇸",
            "ǅX",
            "İ",
            "ß",
            "ﬁ",
        ])
        .prop_map(String::from),
        // Words the lexicons and rules act on.
        prop::sample::select(vec![
            "not",
            "never",
            "no",
            "n't",
            "very",
            "extremely",
            "slightly",
            "but",
            "however",
            "may",
            "perhaps",
            "retaliate",
            "ultimatum",
            "welcome",
            "talks",
            "accused",
            "condemn",
            "good",
            "GREAT",
            "kind of",
            "least",
            "without doubt",
            "so",
            "this",
            "!!!",
            "???",
            ".",
            ",",
            ";",
            "'",
            "\"",
            ":)",
            "we",
            "will",
            "the",
        ])
        .prop_map(String::from),
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            piece(),
            prop::sample::select(vec!["", " ", "  ", "\n", "-"]),
        ),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, sep)| p + sep).collect())
}

/// Scores finite and in [-1, 1], spans on character boundaries, and per
/// axis the contributions summing to the raw score.
fn well_formed(text: &str, stance: &Stance) -> Result<(), TestCaseError> {
    for axis in &stance.axes {
        prop_assert!(
            axis.score.is_finite() && (-1.0..=1.0).contains(&axis.score),
            "{axis:?}"
        );
        prop_assert!(axis.raw.is_finite(), "{axis:?}");
    }
    for c in &stance.contributions {
        prop_assert!(
            c.span.start <= c.span.end && c.span.end <= text.len(),
            "{c:?}"
        );
        prop_assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        for f in &c.factors {
            if let Some(span) = &f.trigger_span {
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(span.end <= text.len());
            }
        }
    }
    for (i, axis) in stance.axes.iter().enumerate() {
        let sum: f64 = stance.contributions.iter().map(|c| c.values[i]).sum();
        let tolerance = 1e-9 * axis.raw.abs().max(1.0);
        prop_assert!(
            (sum - axis.raw).abs() <= tolerance,
            "{}: {sum} vs {}",
            axis.axis,
            axis.raw
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_text_scores_well_formed(text in hostile_text()) {
        for scorer in [stancekit_scorer(), vader_scorer()] {
            let stance = scorer.score(&text).unwrap();
            well_formed(&text, &stance)?;
            // Deterministic: the same text scores the same again.
            prop_assert_eq!(&scorer.score(&text).unwrap(), &stance);
        }
        let p = vader_scorer().polarity(&text).unwrap();
        for share in [p.neg, p.neu, p.pos] {
            prop_assert!((0.0..=1.0).contains(&share), "{p:?}");
        }
        prop_assert!((-1.0..=1.0).contains(&p.compound), "{p:?}");
    }

    #[test]
    fn any_text_gives_consistent_targets(text in hostile_text()) {
        let t = stancekit_scorer().score_targets(&text, &stancekit::Actors::builtin()).unwrap();
        for a in &t.attributions {
            prop_assert!(a.contribution < t.stance.contributions.len());
            prop_assert!(text.is_char_boundary(a.mention.start) && text.is_char_boundary(a.mention.end));
        }
        for target in &t.targets {
            for (i, axis) in target.axes.iter().enumerate() {
                let sum: f64 = (t.attributions.iter())
                    .filter(|a| a.actors.contains(&target.actor))
                    .map(|a| a.weight * t.stance.contributions[a.contribution].values[i])
                    .sum();
                prop_assert!((sum - axis.raw).abs() <= 1e-9 * sum.abs().max(1.0));
                prop_assert!(axis.score.is_finite() && axis.score.abs() <= 1.0);
            }
        }
    }

    #[test]
    fn any_bytes_read_lossily_score_well_formed(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        for scorer in [stancekit_scorer(), vader_scorer()] {
            well_formed(&text, &scorer.score(&text).unwrap())?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Batch scoring equals scoring one by one, on any number of threads,
    /// and a freshly compiled scorer gives the same numbers.
    #[test]
    fn batch_equals_one_by_one_on_any_threads(
        texts in prop::collection::vec(hostile_text(), 0..60),
        threads in 1usize..5,
    ) {
        for scorer in [stancekit_scorer(), vader_scorer()] {
            let batch = scorer.score_batch_threads(&texts, threads).unwrap();
            prop_assert_eq!(batch.dim(), (texts.len(), scorer.axes().len()));
            for (row, text) in batch.rows().into_iter().zip(&texts) {
                let one: Vec<f32> = scorer.score(text).unwrap().axes.iter().map(|a| a.score as f32).collect();
                prop_assert_eq!(row.to_vec(), one, "{:?}", text);
            }
        }
        let fresh = Scorer::default();
        prop_assert_eq!(fresh.score_batch_threads(&texts, 1).unwrap(), stancekit_scorer().score_batch_threads(&texts, threads).unwrap());
    }
}

/// ASCII text, which the VADER profile scores by a fast path of its own
/// when unexplained: its rule words in any case, lexicon words around the
/// limits of its integer keys (7, 8, 15 and 16 bytes), random printable
/// words, and all of Python's white space, often longer than one 64-byte
/// block.
fn ascii_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        prop::sample::select(vec![
            "no",
            "NO",
            "not",
            "Not",
            "don't",
            "DON'T",
            "isn't",
            "ISN'T",
            "never",
            "so",
            "this",
            "kind",
            "of",
            "sort",
            "least",
            "at",
            "very",
            "VERY",
            "but",
            "BUT",
            "without",
            "doubt",
            "the",
            "bomb",
            "shit",
            "good",
            "GOOD",
            "bad",
            "great",
            "GREAT!",
            "horrible",
            "awful",
            "excellent",
            "wonderful",
            "adventurousness",
            "ADVENTUROUSNESS",
            "antagonistically",
            "apprehensively",
            "aggressiveness",
            ":)",
            ":D",
            ":(",
            "'ok'",
            "!!!",
            "??",
            "?",
        ])
        .prop_map(String::from),
        "[!-~]{1,20}",
    ];
    let space = prop::sample::select(vec![
        " ", "  ", "\t", "\n", "\x0b", "\x0c", "\r\n", "\x1c", "\x1f",
    ]);
    prop::collection::vec((word, space), 0..80)
        .prop_map(|parts| parts.into_iter().map(|(w, s)| w + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The VADER profile's fast path for ASCII (batch scores and
    /// `polarity`) agrees with its explained path, which reads the tokens.
    #[test]
    fn the_vader_fast_path_agrees_with_the_explained_path(text in ascii_text()) {
        let scorer = vader_scorer();
        let explained = scorer.score(&text).unwrap().axes[0].score;
        let batch = scorer.score_batch(&[&text]).unwrap()[[0, 0]];
        prop_assert_eq!(batch, explained as f32, "{:?}", text);
        let compound = scorer.polarity(&text).unwrap().compound;
        prop_assert!((compound - explained).abs() <= 0.00005 + 1e-12, "{:?}: {} vs {}", text, compound, explained);
    }
}

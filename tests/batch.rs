//! Batch scoring is bit-identical to scoring one by one, whatever the
//! thread count, and every score is bounded and finite.

use std::path::PathBuf;

use proptest::prelude::*;
use stancekit::Scorer;

fn corpus() -> Vec<String> {
    let mut texts: Vec<String> = include_str!("../examples/statements.jsonl")
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // The shared VADER corpora, when present beside the checkout.
    let vader =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vader/tweets_GroundTruth.txt");
    if let Ok(bytes) = std::fs::read(vader) {
        texts.extend(
            String::from_utf8_lossy(&bytes)
                .lines()
                .filter_map(|l| l.splitn(3, '\t').nth(2))
                .map(str::to_string),
        );
    }
    texts.extend([
        "".to_string(),
        "   ".to_string(),
        "!!!".to_string(),
        "NOT. not, not".to_string(),
    ]);
    texts
}

fn assert_matches_one_by_one(scorer: &Scorer, texts: &[String], threads: usize) {
    let batch = scorer.score_batch_threads(texts, threads).unwrap();
    assert_eq!(batch.shape(), [texts.len(), scorer.axes().len()]);
    for (i, text) in texts.iter().enumerate() {
        let stance = scorer.score(text).unwrap();
        for (j, axis) in stance.axes.iter().enumerate() {
            assert_eq!(
                batch[[i, j]].to_bits(),
                (axis.score as f32).to_bits(),
                "row {i} axis {j}: {text:?}"
            );
        }
    }
}

#[test]
fn batch_is_bit_identical_to_single_scoring_on_any_thread_count() {
    let scorer = Scorer::default();
    let texts = corpus();
    for threads in [1, 2, 3, 8] {
        assert_matches_one_by_one(&scorer, &texts, threads);
    }
    assert_eq!(
        scorer.score_batch(&texts).unwrap(),
        scorer.score_batch_threads(&texts, 1).unwrap()
    );
}

#[test]
fn empty_batches_have_the_right_shape() {
    let scorer = Scorer::default();
    let none: [&str; 0] = [];
    assert_eq!(scorer.score_batch(&none).unwrap().shape(), [0, 4]);
}

#[test]
fn scorer_is_send_and_sync_and_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scorer>();
    let scorer = Scorer::default();
    let texts = corpus();
    let serial: Vec<_> = texts.iter().map(|t| scorer.score(t).unwrap()).collect();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for (t, expected) in texts.iter().zip(&serial) {
                    assert_eq!(&scorer.score(t).unwrap(), expected);
                }
            });
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn scores_are_bounded_and_contributions_sum_to_raw(text in "\\PC{0,80}|([A-Za-z!.,' ]|not |but |will |very |may |threat |talks ){0,30}") {
        let stance = Scorer::default().score(&text).unwrap();
        for (i, axis) in stance.axes.iter().enumerate() {
            prop_assert!(axis.score.is_finite() && axis.score > -1.0 && axis.score < 1.0);
            let sum: f64 = stance.contributions.iter().map(|c| c.values[i]).sum();
            prop_assert_eq!(sum, axis.raw);
        }
        for c in &stance.contributions {
            prop_assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            prop_assert_eq!(&text[c.span.clone()], c.text.as_str());
        }
    }
}

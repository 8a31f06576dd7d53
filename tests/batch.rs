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

/// The rows of `score_rows` with `batch`, continuing through every chunk.
fn rows(scorer: &Scorer, texts: &[Option<&str>], batch: &stancekit::Batch) -> stancekit::Rows {
    scorer
        .score_rows(texts, batch, |_| std::ops::ControlFlow::Continue(()))
        .unwrap()
}

#[test]
fn the_batch_driver_equals_one_by_one_with_each_detail_and_keeps_bad_rows() {
    use stancekit::{Actors, Batch, Outcome};
    let scorer = Scorer::default();
    let corpus = corpus();
    let too_long = "a".repeat(stancekit::MAX_STATEMENT_BYTES + 1);
    let mut texts: Vec<Option<&str>> = corpus.iter().map(|t| Some(t.as_str())).collect();
    texts.insert(3, None);
    texts.insert(7, Some(&too_long));
    let actors = Actors::builtin();
    for batch in [
        Batch::new().chunk(5),
        Batch::new().threads(2).unwrap().chunk(64).explained(),
        Batch::new().threads(1).unwrap().targets(&actors),
    ] {
        let rows = rows(&scorer, &texts, &batch);
        assert_eq!(rows.outcomes.len(), texts.len());
        assert!(!rows.stopped);
        for (i, (text, outcome)) in texts.iter().zip(&rows.outcomes).enumerate() {
            let row = rows.scores.row(i);
            match (text, outcome) {
                (None, Outcome::Missing) => assert!(row.iter().all(|v| v.is_nan())),
                (Some(_), Outcome::Failed(e)) => {
                    assert!(e.to_string().contains("over the limit"), "{e}");
                    assert!(row.iter().all(|v| v.is_nan()));
                }
                (Some(text), outcome) => {
                    let stance = scorer.score(text).unwrap();
                    let expected: Vec<f32> = stance.vector().iter().map(|&v| v as f32).collect();
                    assert_eq!(row.to_vec(), expected, "row {i}: {text:?}");
                    match outcome {
                        Outcome::Scored => {}
                        Outcome::Explained(s) => assert_eq!(**s, stance),
                        Outcome::Targets(t) => {
                            assert_eq!(**t, scorer.score_targets(text, &actors).unwrap())
                        }
                        other => panic!("row {i}: {other:?}"),
                    }
                }
                (text, outcome) => panic!("row {i}: {text:?} gave {outcome:?}"),
            }
        }
    }
}

#[test]
fn the_batch_driver_stops_between_chunks_when_asked() {
    use std::ops::ControlFlow;
    let scorer = Scorer::default();
    let texts = vec![Some("We will retaliate."); 25];
    let batch = stancekit::Batch::new().chunk(10);
    let mut seen = Vec::new();
    let rows = scorer
        .score_rows(&texts, &batch, |done| {
            seen.push(done);
            if done >= 20 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    assert_eq!(seen, [10, 20]);
    assert!(rows.stopped);
    assert_eq!((rows.outcomes.len(), rows.scores.nrows()), (20, 20));
    // Stopping after the last chunk is no stop.
    let rows = scorer
        .score_rows(&texts[..10], &batch, |_| ControlFlow::Break(()))
        .unwrap();
    assert!(rows.outcomes.len() == 10 && !rows.stopped);
}

#[test]
fn the_vader_profile_has_its_own_columns_and_refuses_what_it_does_not_do() {
    use stancekit::{vader, Actors, Batch, Error, Feature, Outcome, Profile, Rules};
    let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    assert_eq!(scorer.columns(), ["neg", "neu", "pos", "compound"]);
    assert!(scorer.tokenizer().is_none());
    let texts = [Some("The book was good."), Some("Today SUX!")];
    let polarity = scorer
        .polarity_batch(&["The book was good.", "Today SUX!"])
        .unwrap();
    for batch in [Batch::new(), Batch::new().explained()] {
        let rows = rows(&scorer, &texts, &batch);
        assert_eq!(rows.scores, polarity.mapv(|v| v as f32));
        if let Outcome::Explained(stance) = &rows.outcomes[0] {
            assert_eq!(**stance, scorer.score("The book was good.").unwrap());
        }
    }
    let actors = Actors::builtin();
    let err = scorer
        .score_rows(&texts, &Batch::new().targets(&actors), |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Unsupported {
            feature: Feature::Targets,
            ..
        }
    ));
    let err = scorer.with_rules(Rules::default()).unwrap_err();
    assert!(matches!(
        err,
        Error::Unsupported {
            feature: Feature::Rules,
            ..
        }
    ));
}

//! Scoring any UTF-8 text with the default scorer and the VADER profile:
//! never a panic; scores finite and bounded; every span (contributions and
//! their triggers) on char boundaries of the text; each axis' raw score the
//! sum of its contributions; the explained and batch paths agree.
#![no_main]

use std::ops::Range;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stancekit::{vader, Profile, Scorer, Stance};

fn vader_scorer() -> &'static Scorer {
    static VADER: OnceLock<Scorer> = OnceLock::new();
    VADER.get_or_init(|| {
        Scorer::with_profile(&vader::lexicon(), Profile::Vader).expect("VADER compiles")
    })
}

fn check_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside a text of {} bytes: {text:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries of {text:?}"
    );
}

/// Scores in [-1, 1], spans on char boundaries, contributions that add up
/// to each raw score.
fn check_stance(text: &str, stance: &Stance) {
    for (i, axis) in stance.axes.iter().enumerate() {
        assert!(
            axis.score.is_finite() && (-1.0..=1.0).contains(&axis.score),
            "axis {} score {} on {text:?}",
            axis.axis,
            axis.score
        );
        assert!(
            axis.raw.is_finite(),
            "axis {} raw {} on {text:?}",
            axis.axis,
            axis.raw
        );
        let values = stance.contributions.iter().map(|c| c.values[i]);
        let sum: f64 = values.clone().sum();
        let scale = values.map(f64::abs).sum::<f64>().max(axis.raw.abs());
        assert!(
            (sum - axis.raw).abs() <= 1e-9 * scale,
            "axis {}: contributions add up to {sum}, raw is {} on {text:?}",
            axis.axis,
            axis.raw
        );
    }
    for c in &stance.contributions {
        assert_eq!(
            c.values.len(),
            stance.axes.len(),
            "values per axis on {text:?}"
        );
        check_span(text, &c.span, "contribution");
        for f in &c.factors {
            if let Some(span) = &f.trigger_span {
                check_span(text, span, "trigger");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    let scorer = Scorer::default();
    if let Ok(stance) = scorer.score(text) {
        check_stance(text, &stance);
        let batch = scorer
            .score_batch(&[text])
            .expect("scored once, so batch scores");
        for (i, axis) in stance.axes.iter().enumerate() {
            assert_eq!(
                batch[[0, i]],
                axis.score as f32,
                "axis {}: batch and explained scores differ on {text:?}",
                axis.axis
            );
        }
    }

    let vader = vader_scorer();
    if let Ok(p) = vader.polarity(text) {
        for (name, v) in [("neg", p.neg), ("neu", p.neu), ("pos", p.pos)] {
            assert!(
                v.is_finite() && (0.0..=1.0).contains(&v),
                "VADER {name} = {v} on {text:?}"
            );
        }
        assert!(
            p.compound.is_finite() && (-1.0..=1.0).contains(&p.compound),
            "VADER compound = {} on {text:?}",
            p.compound
        );
    }
    if let Ok(stance) = vader.score(text) {
        check_stance(text, &stance);
        let batch = vader
            .score_batch(&[text])
            .expect("scored once, so batch scores");
        assert_eq!(
            batch[[0, 0]],
            stance.axes[0].score as f32,
            "VADER: batch and explained compound differ on {text:?}"
        );
    }
});

//! Calibration on synthetic data with a known answer: a lexicon whose
//! weights are partly wrong, statements made from its vocabulary, and
//! ratings from the true weights. Lexicons are built here, never the
//! default, whose weights change.

use std::collections::BTreeMap;

use stancekit::calibrate::{calibrate, Calibration, CalibrationOptions};
use stancekit::{Axis, CalibrationError, Error, Lexicon, ModifierKind, Scorer};

/// xorshift64*: a deterministic generator without dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Roughly normal, mean 0 and standard deviation `sd` (Irwin–Hall).
    fn noise(&mut self, sd: f64) -> f64 {
        ((0..12).map(|_| self.unit()).sum::<f64>() - 6.0) * sd
    }
}

const WORDS: usize = 24;
/// Words whose prior threat weight has the wrong sign.
const FLIPPED: [usize; 4] = [0, 1, 2, 3];
/// Words whose prior threat magnitude is off.
const MISSCALED: [usize; 4] = [4, 5, 6, 7];
/// Words with no threat weight, only blame.
const BLAME_ONLY: [usize; 2] = [22, 23];
const UNSEEN: &str = "neverseen";

fn word(i: usize) -> String {
    const SYLLABLES: [&str; 8] = ["ka", "lo", "mi", "nu", "pe", "ru", "si", "to"];
    format!("{}{}z", SYLLABLES[i % 8], SYLLABLES[i / 8])
}

fn axes() -> Vec<Axis> {
    ["threat", "blame"]
        .iter()
        .map(|id| Axis {
            id: id.to_string(),
            negative: String::new(),
            positive: String::new(),
            description: String::new(),
        })
        .collect()
}

/// The true threat weight of each word: ±0.5..2.5, alternating signs.
fn truth() -> Vec<f64> {
    (0..WORDS)
        .map(|i| {
            if BLAME_ONLY.contains(&i) {
                0.0
            } else {
                let magnitude = 0.5 + 2.0 * ((i * 7) % 11) as f64 / 10.0;
                if i % 2 == 0 {
                    magnitude
                } else {
                    -magnitude
                }
            }
        })
        .collect()
}

/// A lexicon of the words with the given threat weights, blame weights on
/// every third word, an entry never used, and a negator.
fn lexicon(threat: &[f64]) -> Lexicon {
    let mut lexicon = Lexicon::new("synthetic", axes()).unwrap();
    for (i, &w) in threat.iter().enumerate() {
        let mut weights = Vec::new();
        if w != 0.0 {
            weights.push(("threat", w));
        }
        if i % 3 == 0 || BLAME_ONLY.contains(&i) {
            weights.push(("blame", 1.0 + i as f64 / 10.0));
        }
        lexicon.add_entry(&word(i), "words", weights).unwrap();
    }
    lexicon
        .add_entry(UNSEEN, "words", [("threat", 1.7), ("blame", -0.4)])
        .unwrap();
    lexicon
        .add_modifier(
            "not",
            ModifierKind::Negator {
                scope: 2,
                factor: -0.75,
            },
        )
        .unwrap();
    lexicon
}

fn prior() -> Lexicon {
    let mut weights = truth();
    for i in FLIPPED {
        weights[i] = -weights[i];
    }
    for (k, i) in MISSCALED.into_iter().enumerate() {
        weights[i] *= if k % 2 == 0 { 3.0 } else { 0.3 };
    }
    // A version comes from a file: the prior as its maintainer ships it.
    let toml = lexicon(&weights)
        .to_toml()
        .replacen("version = \"\"", "version = \"1.0.0\"", 1);
    Lexicon::from_toml_str(&toml).unwrap()
}

/// `n` statements of 2 to 5 words of the vocabulary (some negated, with
/// filler between), and their threat ratings: the true raw score squashed
/// to −2..2, plus noise.
fn statements(n: usize, seed: u64) -> (Vec<String>, Vec<Option<f64>>) {
    let scorer = Scorer::new(&lexicon(&truth())).unwrap();
    let mut rng = Rng(seed);
    let mut texts = Vec::new();
    let mut ratings = Vec::new();
    for _ in 0..n {
        let mut words = Vec::new();
        for _ in 0..2 + rng.below(4) {
            if rng.below(6) == 0 {
                words.push("not".to_string());
            }
            words.push(word(rng.below(WORDS)));
            words.push(["the", "and", "of"][rng.below(3)].to_string());
        }
        let text = format!("{}.", words.join(" "));
        let raw = scorer.score(&text).unwrap().raw("threat").unwrap();
        ratings.push(Some(2.0 * raw / (raw * raw + 4.0).sqrt() + rng.noise(0.1)));
        texts.push(text);
    }
    (texts, ratings)
}

fn threat(ratings: Vec<Option<f64>>) -> BTreeMap<String, Vec<Option<f64>>> {
    BTreeMap::from([("threat".to_string(), ratings)])
}

fn weight(lexicon: &Lexicon, term: &str, axis: &str) -> Option<f64> {
    lexicon.entry(term).unwrap().weights.get(axis).copied()
}

fn run(n: usize, options: &CalibrationOptions) -> Calibration {
    let (texts, ratings) = statements(n, 42);
    calibrate(&prior(), &texts, &threat(ratings), options).unwrap()
}

#[test]
fn calibration_recovers_the_true_weights() {
    let result = run(400, &CalibrationOptions::default());
    let report = &result.report[0];
    println!("{result}");
    assert_eq!(result.report.len(), 1);
    assert_eq!((report.axis.as_str(), report.statements), ("threat", 400));
    let prior_rho = report.prior_spearman.unwrap();
    let heldout_rho = report.heldout_spearman.unwrap();
    assert!(
        heldout_rho > prior_rho + 0.15,
        "held-out {heldout_rho} vs prior {prior_rho}"
    );
    assert!(heldout_rho > 0.9, "held-out {heldout_rho}");
    let truth = truth();
    for i in FLIPPED {
        let w = weight(&result.lexicon, &word(i), "threat").unwrap();
        assert_eq!(w.signum(), truth[i].signum(), "{}: {w}", word(i));
    }
    // Every threat weight ends up on the side of the truth, and the
    // calibrated lexicon ranks by the truth better than the prior did.
    for i in (0..WORDS).filter(|i| !BLAME_ONLY.contains(i)) {
        let w = weight(&result.lexicon, &word(i), "threat").unwrap();
        assert_eq!(w.signum(), truth[i].signum(), "{}: {w}", word(i));
    }
    assert_eq!(report.refitted, WORDS - BLAME_ONLY.len());
    assert!(report.changed >= FLIPPED.len() + MISSCALED.len());
    assert!(report.lambda > 0.0 && report.scale > 0.0);
}

#[test]
fn what_was_not_calibrated_stays_exactly() {
    let prior = prior();
    let result = run(300, &CalibrationOptions::default());
    // An entry without hits, an axis without ratings, and entries that do
    // not weigh the calibrated axis keep their weights exactly.
    assert_eq!(
        result.lexicon.entry(UNSEEN).unwrap().weights,
        prior.entry(UNSEEN).unwrap().weights
    );
    for (term, entry) in prior.entries() {
        let new = result.lexicon.entry(term).unwrap();
        assert_eq!(
            new.weights.get("blame"),
            entry.weights.get("blame"),
            "{term}"
        );
        assert_eq!(new.weights.len(), entry.weights.len(), "{term}");
        assert_eq!(new.group, entry.group);
    }
    for i in BLAME_ONLY {
        assert_eq!(weight(&result.lexicon, &word(i), "threat"), None);
    }
    assert_eq!(result.lexicon.len(), prior.len());
    assert_eq!(
        result.lexicon.modifiers().count(),
        prior.modifiers().count()
    );
    assert_eq!(result.lexicon.alpha(), prior.alpha());
    assert_eq!(result.lexicon.name(), "synthetic");
    assert_eq!(result.lexicon.version(), "1.0.0+calibrated");
    assert!(
        result
            .lexicon
            .description()
            .contains("300 rated statements"),
        "{}",
        result.lexicon.description()
    );
}

#[test]
fn a_huge_lambda_gives_back_the_prior() {
    let options = CalibrationOptions {
        lambdas: vec![1e12],
        ..CalibrationOptions::default()
    };
    let result = run(200, &options);
    assert_eq!(result.lexicon.hash(), prior().hash());
    assert_eq!(result.report[0].changed, 0);
}

#[test]
fn min_hits_keeps_rare_entries() {
    let options = CalibrationOptions {
        min_hits: 1_000_000,
        ..CalibrationOptions::default()
    };
    let result = run(200, &options);
    assert_eq!(result.report[0].refitted, 0);
    assert_eq!(result.lexicon.hash(), prior().hash());
}

#[test]
fn the_written_lexicon_reads_back_identical() {
    let options = CalibrationOptions {
        name: Some("synthetic-calibrated".into()),
        version: Some("2.0.0".into()),
        ..CalibrationOptions::default()
    };
    let lexicon = run(300, &options).lexicon;
    assert_eq!(
        (lexicon.name(), lexicon.version()),
        ("synthetic-calibrated", "2.0.0")
    );
    let toml = lexicon.to_toml();
    let read = Lexicon::from_toml_str(&toml).unwrap();
    assert_eq!(read, lexicon);
    assert_eq!(read.hash(), lexicon.hash());
    for (term, entry) in lexicon.entries() {
        assert_eq!(read.entry(term).unwrap().weights, entry.weights, "{term}");
        for w in entry.weights.values() {
            // Multiples of 0.001, written as short decimals.
            assert!(((w * 1000.0).round() / 1000.0 - w).abs() < 1e-12 || *w == 1.7);
        }
    }
}

#[test]
fn same_seed_same_result_and_missing_ratings_are_skipped() {
    let (texts, mut ratings) = statements(300, 7);
    for (i, r) in ratings.iter_mut().enumerate() {
        match i % 10 {
            0 => *r = None,
            1 => *r = Some(f64::NAN),
            _ => {}
        }
    }
    let ratings = threat(ratings);
    let options = CalibrationOptions::default();
    let a = calibrate(&prior(), &texts, &ratings, &options).unwrap();
    let b = calibrate(&prior(), &texts, &ratings, &options).unwrap();
    assert_eq!(a.report, b.report);
    assert_eq!(a.lexicon, b.lexicon);
    assert_eq!(a.report[0].statements, 240);
}

#[test]
fn both_axes_can_be_calibrated_and_report_in_axis_order() {
    let (texts, threat_ratings) = statements(200, 3);
    let blame_ratings: Vec<Option<f64>> = threat_ratings.iter().map(|r| r.map(|r| -r)).collect();
    let ratings = BTreeMap::from([
        ("threat".to_string(), threat_ratings),
        ("blame".to_string(), blame_ratings),
    ]);
    let result = calibrate(&prior(), &texts, &ratings, &CalibrationOptions::default()).unwrap();
    let axes: Vec<&str> = result.report.iter().map(|r| r.axis.as_str()).collect();
    assert_eq!(axes, ["threat", "blame"]);
    let table = result.to_string();
    assert!(
        table.lines().count() == 3 && table.contains("held-out"),
        "{table}"
    );
}

fn error(
    texts: &[String],
    ratings: BTreeMap<String, Vec<Option<f64>>>,
    options: &CalibrationOptions,
) -> CalibrationError {
    match calibrate(&prior(), texts, &ratings, options) {
        Err(Error::Calibration(e)) => e,
        other => panic!("expected a calibration error, got {other:?}"),
    }
}

#[test]
fn bad_ratings_and_options_are_errors() {
    let (texts, ratings) = statements(20, 1);
    let defaults = CalibrationOptions::default();
    let e = error(&texts, BTreeMap::new(), &defaults);
    assert_eq!(e, CalibrationError::NoRatings);

    let e = error(
        &texts,
        BTreeMap::from([("theat".to_string(), ratings.clone())]),
        &defaults,
    );
    assert!(matches!(&e, CalibrationError::UnknownAxis { axis, .. } if axis == "theat"));
    assert_eq!(
        e.to_string(),
        "ratings name axis \"theat\", which the lexicon lacks (axes: threat, blame)"
    );

    let e = error(&texts, threat(ratings[..19].to_vec()), &defaults);
    assert_eq!(
        e,
        CalibrationError::RatingsLength {
            axis: "threat".into(),
            expected: 20,
            found: 19
        }
    );

    let mut infinite = ratings.clone();
    infinite[4] = Some(f64::INFINITY);
    let e = error(&texts, threat(infinite), &defaults);
    assert!(matches!(
        e,
        CalibrationError::NonFiniteRating { index: 4, .. }
    ));

    let mut sparse = vec![None; 20];
    sparse[..9].clone_from_slice(&ratings[..9]);
    let e = error(&texts, threat(sparse), &defaults);
    assert_eq!(
        e.to_string(),
        "axis \"threat\" has 9 rated statements, too few for 5 folds (at least 10)"
    );

    for (options, option) in [
        (
            CalibrationOptions {
                folds: 1,
                ..CalibrationOptions::default()
            },
            "folds",
        ),
        (
            CalibrationOptions {
                lambdas: vec![],
                ..CalibrationOptions::default()
            },
            "lambdas",
        ),
        (
            CalibrationOptions {
                lambdas: vec![1.0, -1.0],
                ..CalibrationOptions::default()
            },
            "lambdas",
        ),
        (
            CalibrationOptions {
                lambdas: vec![f64::NAN],
                ..CalibrationOptions::default()
            },
            "lambdas",
        ),
    ] {
        let e = error(&texts, threat(ratings.clone()), &options);
        assert!(
            matches!(&e, CalibrationError::BadOption { option: o, .. } if *o == option),
            "{e}"
        );
    }
}

#[test]
fn a_statement_the_tokenizer_refuses_is_named() {
    let (mut texts, ratings) = statements(20, 1);
    texts[3] = "x".repeat(stancekit::MAX_STATEMENT_BYTES + 1);
    let err = calibrate(
        &prior(),
        &texts,
        &threat(ratings),
        &CalibrationOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Statement { index: 3, .. }), "{err}");
}

#[test]
fn an_entry_refitted_on_two_axes_keeps_both_new_weights() {
    // One word weighing both axes, wrong on both; ratings from the truth.
    let mut prior = Lexicon::new("two", axes()).unwrap();
    prior
        .add_entry("bothz", "g", [("threat", 1.0), ("blame", -1.0)])
        .unwrap();
    prior
        .add_entry("otherz", "g", [("threat", 0.5), ("blame", 0.5)])
        .unwrap();
    let mut rng = Rng(7);
    let mut texts = Vec::new();
    let (mut threat, mut blame) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let (a, b) = (rng.below(3), rng.below(3));
        texts.push(format!(
            "{} {}",
            vec!["bothz"; a].join(" "),
            vec!["otherz"; b].join(" ")
        ));
        threat.push(Some(-2.0 * a as f64 + 0.5 * b as f64 + rng.noise(0.05)));
        blame.push(Some(2.0 * a as f64 + 0.5 * b as f64 + rng.noise(0.05)));
    }
    let ratings = BTreeMap::from([("threat".to_string(), threat), ("blame".to_string(), blame)]);
    let options = CalibrationOptions {
        lambdas: vec![0.01],
        ..CalibrationOptions::default()
    };
    let result = calibrate(&prior, &texts, &ratings, &options).unwrap();
    let both = &result.lexicon.entry("bothz").unwrap().weights;
    assert!(both["threat"] < 0.0, "{both:?}");
    assert!(both["blame"] > 0.0, "{both:?}");
}

#[test]
fn implied_weights_are_priors_of_calibration() {
    let mut prior = Lexicon::new("implied", axes()).unwrap();
    prior.add_entry("hotz", "g", [("threat", 2.0)]).unwrap();
    prior.set_implied("blame", Some(0.5)).unwrap();
    let texts: Vec<String> = (0..40).map(|i| "hotz ".repeat(i % 4)).collect();
    // Ratings that agree with the implied weight exactly.
    let blame = texts
        .iter()
        .map(|t| Some(t.matches("hotz").count() as f64))
        .collect();
    let ratings = BTreeMap::from([("blame".to_string(), blame)]);
    let options = CalibrationOptions {
        lambdas: vec![1000.0],
        ..CalibrationOptions::default()
    };
    let result = calibrate(&prior, &texts, &ratings, &options).unwrap();
    // The implied weight (0.5 x 2.0) is the prior: the data agrees, so the
    // entry stays as it was and keeps implying it.
    assert_eq!(
        result.lexicon.entry("hotz").unwrap(),
        prior.entry("hotz").unwrap()
    );
    let s = Scorer::new(&result.lexicon).unwrap().score("hotz").unwrap();
    assert_eq!(s.raw("blame"), Some(1.0));
}

//! Each rule, where it must fire and where it must not, on a small lexicon
//! written for the purpose (so the default lexicon's weights can change
//! without touching these tests).

use stancekit::{Rule, Scorer, Stance};

const LEXICON: &str = r#"
[lexicon]
name = "rules-test"
alpha = 4.0

[[axes]]
id = "threat"
[[axes]]
id = "certainty"

[entries.test]
"attack" = { threat = 2.0 }
"talks" = { threat = -1.0 }
"break off talks" = { threat = 1.5 }
"doubt" = { certainty = -1.0 }
"no doubt" = { certainty = 1.5 }
"may" = { certainty = -0.5 }

[modifiers.negators]
"not" = { scope = 3, factor = -0.75 }
"never" = { scope = 2, factor = -0.5 }
[modifiers.intensifiers]
"very" = 1.5
[modifiers.dampeners]
"slightly" = 0.5
[modifiers.hedges]
"may" = 0.8
[modifiers.contrasts]
"but" = { before = 0.5, after = 1.5 }
"although" = { before = 1.0, after = 0.5, scope = "clause" }
[modifiers.fixed]
"not only" = {}
"#;

fn stance(text: &str) -> Stance {
    let lexicon = stancekit::Lexicon::from_toml_str(LEXICON).unwrap();
    Scorer::new(&lexicon).unwrap().score(text).unwrap()
}

/// The rules applied to the contribution of `term`, with their factors.
fn factors(text: &str, term: &str) -> Vec<(Rule, f64)> {
    let s = stance(text);
    let c = s
        .contributions
        .iter()
        .find(|c| c.term == term)
        .unwrap_or_else(|| panic!("{term} not in {text}"));
    c.factors.iter().map(|f| (f.rule, f.factor)).collect()
}

#[test]
fn negation_flips_within_scope() {
    assert_eq!(
        factors("They will not attack.", "attack"),
        [(Rule::Negation, -0.75)]
    );
    assert!(stance("They will not attack.")["threat"] < 0.0);
    // Three tokens of reach: "not really ever quite attack" is four away.
    assert_eq!(
        factors("not really ever attack", "attack"),
        [(Rule::Negation, -0.75)]
    );
    assert_eq!(factors("not really ever quite attack", "attack"), []);
}

#[test]
fn negation_stops_at_clause_and_sentence_boundaries() {
    assert_eq!(factors("We do not, attack.", "attack"), []);
    assert_eq!(
        factors("We will not. Attack!", "attack"),
        [(Rule::Exclamation, 1.1)]
    );
    assert_eq!(
        factors("not now but attack", "attack"),
        [(Rule::Contrast, 1.5)]
    );
}

#[test]
fn negation_has_a_per_term_scope_and_stacks() {
    assert_eq!(factors("never ever really attack", "attack"), []);
    assert_eq!(
        factors("never ever attack", "attack"),
        [(Rule::Negation, -0.5)]
    );
    assert_eq!(factors("never attack", "attack"), [(Rule::Negation, -0.5)]);
    assert_eq!(
        factors("not never attack", "attack"),
        [(Rule::Negation, -0.75), (Rule::Negation, -0.5)]
    );
}

#[test]
fn phrases_absorb_their_negators_and_fixed_phrases_block() {
    // "no doubt" is an entry of its own, not a negated "doubt".
    let s = stance("There is no doubt.");
    assert_eq!(s.contributions.len(), 1);
    assert_eq!(s.contributions[0].term, "no doubt");
    // "not only" is fixed: the "not" in it negates nothing.
    assert_eq!(factors("not only attack", "attack"), []);
    // A negated phrase flips as a whole.
    assert!(stance("We would not break off talks.")["threat"] < 0.0);
}

#[test]
fn intensifier_and_dampener_reach_the_next_entry_only() {
    assert_eq!(
        factors("a very attack", "attack"),
        [(Rule::Intensifier, 1.5)]
    );
    assert_eq!(
        factors("very big attack", "attack"),
        [(Rule::Intensifier, 1.5)]
    );
    assert_eq!(factors("very big bad attack", "attack"), []);
    assert_eq!(
        factors("slightly attack", "attack"),
        [(Rule::Dampener, 0.5)]
    );
    let s = stance("very attack attack");
    assert_eq!(s.contributions[0].factors.len(), 1);
    assert_eq!(s.contributions[1].factors.len(), 0);
    assert_eq!(factors("very, attack", "attack"), []);
}

#[test]
fn hedges_weaken_their_clause_both_ways_but_not_themselves() {
    assert_eq!(factors("They may attack.", "attack"), [(Rule::Hedge, 0.8)]);
    assert_eq!(factors("attack, as they may", "attack"), []);
    assert_eq!(
        factors("attack as they may", "attack"),
        [(Rule::Hedge, 0.8)]
    );
    assert_eq!(factors("They may attack.", "may"), []);
    assert!(stance("They may attack.")["certainty"] < 0.0);
}

#[test]
fn but_discounts_before_and_stresses_after() {
    let s = stance("talks but attack");
    assert_eq!(s.contributions[0].factors[0].rule, Rule::Contrast);
    assert_eq!(s.contributions[0].factors[0].factor, 0.5);
    assert_eq!(s.contributions[1].factors[0].factor, 1.5);
    // Not across sentences.
    assert_eq!(factors("talks. But attack", "talks"), []);
}

#[test]
fn only_the_last_but_of_a_sentence_splits_it() {
    let s = stance("talks but talks but attack");
    let f: Vec<f64> = s
        .contributions
        .iter()
        .map(|c| c.factors.iter().map(|f| f.factor).product())
        .collect();
    assert_eq!(f, [0.5, 0.5, 1.5]);
}

#[test]
fn although_weakens_only_its_own_clause() {
    assert_eq!(
        factors("attack, although talks, then attack", "talks"),
        [(Rule::Contrast, 0.5)]
    );
    let s = stance("attack, although talks, then attack");
    assert!(s.contributions[0].factors.is_empty());
    assert!(s.contributions[2].factors.is_empty());
}

#[test]
fn capitals_emphasize_only_in_mixed_case_text() {
    assert_eq!(
        factors("They will ATTACK now", "attack"),
        [(Rule::Caps, 1.25)]
    );
    assert_eq!(factors("THEY WILL ATTACK NOW", "attack"), []);
    assert_eq!(factors("They will Attack now", "attack"), []);
}

#[test]
fn exclamations_raise_their_sentence_up_to_three() {
    assert_eq!(factors("attack!", "attack"), [(Rule::Exclamation, 1.1)]);
    assert_eq!(
        factors("attack!!!!!", "attack"),
        [(Rule::Exclamation, 1.0 + 0.1 * 3.0)]
    );
    assert_eq!(factors("attack. Talks!", "attack"), []);
}

#[test]
fn factors_compose_in_documented_order() {
    let got: Vec<Rule> = factors("They may not very ATTACK, but talks!", "attack")
        .iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        got,
        [
            Rule::Negation,
            Rule::Intensifier,
            Rule::Hedge,
            Rule::Contrast,
            Rule::Caps,
            Rule::Exclamation
        ]
    );
}

#[test]
fn contributions_sum_to_raw_and_score_is_bounded() {
    let s = stance("They may not very ATTACK, but talks! Although attack, no doubt.");
    for (i, axis) in s.axes.iter().enumerate() {
        let sum: f64 = s.contributions.iter().map(|c| c.values[i]).sum();
        assert_eq!(sum, axis.raw);
        assert!(axis.score > -1.0 && axis.score < 1.0);
        assert_eq!(axis.score, axis.raw / (axis.raw * axis.raw + 4.0).sqrt());
    }
    for c in &s.contributions {
        let product: f64 = c.factors.iter().map(|f| f.factor).product();
        for (w, v) in c.weights.iter().zip(&c.values) {
            assert!((w * product - v).abs() < 1e-12);
        }
    }
}

#[test]
fn triggers_point_at_their_words() {
    let text = "They will not attack.";
    let s = stance(text);
    let f = &s.contributions[0].factors[0];
    assert_eq!(f.trigger.as_deref(), Some("not"));
    assert_eq!(&text[f.trigger_span.clone().unwrap()], "not");
}

/// With `negated_positive`, a negated positive weight stays on its pole on
/// that axis, while its other axes and negative weights flip as usual.
#[test]
fn negated_positive_keeps_the_pole_on_its_axes_only() {
    let text = LEXICON.replace(
        "alpha = 4.0",
        "alpha = 4.0\nnegated_positive = { certainty = 0.25 }",
    );
    let text = text.replace(
        "\"attack\" = { threat = 2.0 }",
        "\"attack\" = { threat = 2.0, certainty = 1.0 }",
    );
    let lexicon = stancekit::Lexicon::from_toml_str(&text).unwrap();
    let scorer = Scorer::new(&lexicon).unwrap();

    let s = scorer.score("They will not attack, but no doubt.").unwrap();
    let attack = s.contributions.iter().find(|c| c.term == "attack").unwrap();
    // threat flips (×−0.75), certainty stays positive (×0.25); both halved by "but".
    assert_eq!(attack.values, vec![2.0 * -0.75 * 0.5, 1.0 * 0.25 * 0.5]);
    let on: Vec<_> = attack.factors.iter().map(|f| f.axes.clone()).collect();
    assert_eq!(
        on,
        [
            Some(vec!["threat".to_string()]),
            Some(vec!["certainty".to_string()]),
            None
        ]
    );
    assert!(attack.factors[0].to_string().ends_with("on threat"));
    // The explanation still adds up, and the batch path agrees.
    for (i, axis) in s.axes.iter().enumerate() {
        let sum: f64 = s.contributions.iter().map(|c| c.values[i]).sum();
        assert_eq!(sum, axis.raw);
    }
    let batch = scorer
        .score_batch(&["They will not attack, but no doubt."])
        .unwrap();
    assert_eq!(batch[[0, 1]], s.axes[1].score as f32);

    // A negative weight on the axis flips as before.
    let doubt = scorer.score("They do not doubt it.").unwrap();
    assert!(doubt.raw("certainty").unwrap() > 0.0);
    assert_eq!(doubt.contributions[0].factors[0].axes, None);
}

/// Governing heads and directives, on a lexicon with a blame axis.
const FRAMES: &str = r#"
[lexicon]
name = "frames-test"

[[axes]]
id = "threat"
[[axes]]
id = "blame"

[entries.test]
"peace" = { threat = -1.5, blame = -0.5 }
"restraint" = { threat = -1.0, blame = -0.5 }
"attack" = { threat = 2.0, blame = 1.0 }
"lies" = { blame = 2.0 }
"undermine" = { blame = 1.5 }

[modifiers.heads]
"undermine" = { scope = 4, factor = -0.75, axes = ["threat"] }
"stop" = { scope = 4, factor = -0.75, axes = ["threat"] }
"abandon" = { scope = 2, factor = 0.0 }
[modifiers.directives]
"urge" = { scope = 8, factor = -0.5, axes = ["threat", "blame"] }
[modifiers.negators]
"not" = { scope = 3, factor = -0.75 }
"#;

/// A scorer of the frames lexicon with `keys` added to its `[lexicon]` table.
fn framed_with(keys: &str) -> Scorer {
    let text = FRAMES.replace(
        "name = \"frames-test\"",
        &format!("name = \"frames-test\"\n{keys}"),
    );
    Scorer::new(&stancekit::Lexicon::from_toml_str(&text).unwrap()).unwrap()
}

fn framed(text: &str) -> Stance {
    let lexicon = stancekit::Lexicon::from_toml_str(FRAMES).unwrap();
    Scorer::new(&lexicon).unwrap().score(text).unwrap()
}

fn values(s: &Stance, term: &str) -> Vec<f64> {
    let c = s.contributions.iter().find(|c| c.term == term);
    c.unwrap_or_else(|| panic!("{term} not scored"))
        .values
        .clone()
}

#[test]
fn a_head_reverses_what_it_governs_on_its_axes_only() {
    let s = framed("They undermine peace.");
    // threat reversed, blame untouched; the head keeps its own weight.
    assert_eq!(values(&s, "peace"), [-1.5 * -0.75, -0.5]);
    assert_eq!(values(&s, "undermine"), [0.0, 1.5]);
    let peace = s.contributions.iter().find(|c| c.term == "peace").unwrap();
    assert_eq!(peace.factors.len(), 1);
    assert_eq!(peace.factors[0].rule, Rule::Head);
    assert_eq!(peace.factors[0].trigger.as_deref(), Some("undermine"));
    assert_eq!(peace.factors[0].axes, Some(vec!["threat".to_string()]));
    assert_eq!(
        peace.factors[0].to_string(),
        "head ×-0.75 (\"undermine\") on threat"
    );
    // A head without axes applies to all of them; factor 0 cancels.
    assert_eq!(values(&framed("They abandon peace."), "peace"), [0.0, 0.0]);
}

#[test]
fn a_head_does_not_reach_past_its_scope_clause_or_backwards() {
    for text in [
        "They undermine the long road to peace.",
        "They undermine it, and peace holds.",
        "Peace, they undermine.",
        "They undermine it. Peace holds.",
    ] {
        assert_eq!(values(&framed(text), "peace"), [-1.5, -0.5], "{text}");
    }
    // An entry with no weight on the head's axes gets no factor at all.
    let s = framed("Stop the lies.");
    let lies = s.contributions.iter().find(|c| c.term == "lies").unwrap();
    assert!(lies.factors.is_empty(), "{:?}", lies.factors);
    // The head reverses threat only, so stopping an attack keeps the blame.
    assert_eq!(
        values(&framed("Stop the attack."), "attack"),
        [2.0 * -0.75, 1.0]
    );
}

#[test]
fn a_directive_turns_what_is_asked_for_into_pressure() {
    let s = framed("We urge them to show restraint and return to peace.");
    assert_eq!(values(&s, "restraint"), [-1.0 * -0.5, -0.5 * -0.5]);
    assert_eq!(values(&s, "peace"), [-1.5 * -0.5, -0.5 * -0.5]);
    assert!(s.raw("threat").unwrap() > 0.0 && s.raw("blame").unwrap() > 0.0);
    let peace = s.contributions.iter().find(|c| c.term == "peace").unwrap();
    assert_eq!(peace.factors[0].rule, Rule::Directive);
    // Positive weights are left alone: a demand to stop an attack is no offer.
    let s = framed("We urge them to end the attack.");
    assert_eq!(values(&s, "attack"), [2.0, 1.0]);
    assert!(s.contributions[0].factors.is_empty());
}

#[test]
fn a_directive_does_not_reach_past_its_scope_clause_or_backwards() {
    for text in [
        "We urge them to do one thing above all others and then peace.",
        "We urge them, and peace will come.",
        "Peace, we urge.",
        "We urge it. Peace will come.",
    ] {
        assert_eq!(values(&framed(text), "peace"), [-1.5, -0.5], "{text}");
    }
}

#[test]
fn heads_and_directives_compose_with_negation_and_sum_to_raw() {
    let lexicon = stancekit::Lexicon::from_toml_str(FRAMES).unwrap();
    let scorer = Scorer::new(&lexicon).unwrap();
    let text = "They did not undermine peace, but we urge restraint.";
    let s = scorer.score(text).unwrap();
    // "not" reaches "peace" too: two reversals of threat, and negation of blame.
    let peace = s.contributions.iter().find(|c| c.term == "peace").unwrap();
    let rules: Vec<Rule> = peace.factors.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [Rule::Negation, Rule::Head]);
    assert_eq!(peace.values, [-1.5 * -0.75 * -0.75, -0.5 * -0.75]);
    for (i, axis) in s.axes.iter().enumerate() {
        let sum: f64 = s.contributions.iter().map(|c| c.values[i]).sum();
        assert_eq!(sum, axis.raw);
    }
    let batch = scorer.score_batch(&[text]).unwrap();
    for (i, axis) in s.axes.iter().enumerate() {
        assert_eq!(batch[[0, i]], axis.score as f32);
    }
}

#[test]
fn implied_weights_come_from_the_strongest_positive_weight_only() {
    let text = FRAMES.replace(
        "name = \"frames-test\"",
        "name = \"frames-test\"\nimplied = { blame = 0.5 }",
    );
    let text = text.replace(
        "\"lies\" = { blame = 2.0 }",
        "\"lies\" = { blame = 2.0 }\n\"raid\" = { threat = 3.0 }",
    );
    let scorer = Scorer::new(&stancekit::Lexicon::from_toml_str(&text).unwrap()).unwrap();
    // A positive weight implies half of itself; its own weight wins.
    let s = scorer.score("A raid and lies.").unwrap();
    assert_eq!(values(&s, "raid"), [3.0, 1.5]);
    assert_eq!(values(&s, "lies"), [0.0, 2.0]);
    let raid = s.contributions.iter().find(|c| c.term == "raid").unwrap();
    assert_eq!(raid.weights, [3.0, 1.5]);
    // A negative weight implies nothing, and its own blame weight stays.
    assert_eq!(
        values(&scorer.score("Peace.").unwrap(), "peace"),
        [-1.5, -0.5]
    );
    // The implied weight is an ordinary weight to the rules.
    let s = scorer.score("Not a raid.").unwrap();
    assert_eq!(values(&s, "raid"), [3.0 * -0.75, 1.5 * -0.75]);
}

#[test]
fn an_implied_weight_comes_from_own_weights_even_on_another_implied_axis() {
    // Two implied axes: an entry's own blame still implies threat, and an
    // implied weight implies nothing further.
    let scorer = framed_with("implied = { blame = 0.5, threat = 0.25 }");
    // "lies" weighs blame 2.0 of its own: threat 0.25 x 2.0.
    assert_eq!(values(&scorer.score("Lies.").unwrap(), "lies"), [0.5, 2.0]);
    // "attack" weighs both axes itself: nothing is implied.
    assert_eq!(
        values(&scorer.score("An attack.").unwrap(), "attack"),
        [2.0, 1.0]
    );
}

#[test]
fn only_the_implied_from_axes_imply() {
    let scorer =
        framed_with("implied = { blame = 0.5, threat = 0.25 }\nimplied_from = [\"threat\"]");
    // "lies" weighs blame only, which implies nothing here.
    assert_eq!(values(&scorer.score("Lies.").unwrap(), "lies"), [0.0, 2.0]);
}

//! The sentences from the analysis that started stancekit, scored by the
//! built-in lexicon: each must point the way a careful reader would.

use stancekit::score;

#[test]
fn not_breaking_off_talks_is_conciliatory() {
    assert!(score("Moscow would not break off talks with the West.")["threat"] < 0.0);
}

#[test]
fn sanctions_leading_to_severance_is_a_threat() {
    let s = score("The application of harsh sanctions announced by the West would result in the severance of relations.");
    assert!(s["threat"] > 0.0);
}

#[test]
fn not_allowing_disregard_is_threatening_and_intransigent() {
    let s = score("Russia will not allow the brutal disregard of its interests.");
    assert!(s["threat"] > 0.0);
    assert!(s["rigidity"] > 0.0);
}

#[test]
fn compliments_are_appreciative() {
    let s = score("Lavrov complimented the American response as a model of diplomatic decency.");
    assert!(s["blame"] < 0.0);
}

#[test]
fn accusations_are_accusatory() {
    let s = score("Lavrov accused the United States of trying to provoke a conflict between Ukraine and Russia.");
    assert!(s["blame"] > 0.0);
}

#[test]
fn not_giving_up_claims_is_intransigent() {
    assert!(score("Russia would not give up its claims.")["rigidity"] > 0.0);
}

#[test]
fn hoping_while_hardly_believing_is_hedged() {
    let s = score("He still hopes, although he hardly believes it, that Washington would force Kyiv to implement the Minsk agreements.");
    assert!(s["certainty"] < 0.0);
}

#[test]
fn one_statement_can_be_conciliatory_and_intransigent() {
    let s = score("Moscow would not break off talks, but Russia will not give up its claims.");
    let talks = s
        .contributions
        .iter()
        .find(|c| c.term == "break off talks")
        .unwrap();
    assert!(talks.values[0] < 0.0);
    assert!(s["rigidity"] > 0.0);
}

#[test]
fn the_default_lexicon_meets_its_size_and_axes() {
    let lexicon = stancekit::Lexicon::default();
    let ids: Vec<&str> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["threat", "blame", "rigidity", "certainty"]);
    assert_eq!(lexicon.name(), "diplomatic-en");
    assert!(lexicon.len() >= 1500);
    assert!(lexicon.entries().filter(|(t, _)| t.contains(' ')).count() >= 300);
    let scorer = stancekit::Scorer::new(&lexicon).unwrap();
    assert_eq!(scorer.lexicon_hash(), lexicon.hash());
}

#[test]
fn every_default_entry_is_reachable() {
    // Written alone, each term (a wildcard with its bare stem) must match
    // itself: no entry is shadowed by tokenization or by a longer term.
    let lexicon = stancekit::Lexicon::default();
    let scorer = stancekit::Scorer::new(&lexicon).unwrap();
    let mut unreachable = Vec::new();
    for (term, _) in lexicon.entries() {
        let stance = scorer.score(term.trim_end_matches('*')).unwrap();
        if !stance.contributions.iter().any(|c| c.term == term) {
            unreachable.push(term.to_string());
        }
    }
    assert!(
        unreachable.is_empty(),
        "unreachable entries: {unreachable:?}"
    );
}

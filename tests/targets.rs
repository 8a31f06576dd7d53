//! Stance toward each actor: attribution rules, coordination, clause
//! splits, and per-actor vectors that add up to what was attributed.

use stancekit::{Actors, Attribution, Scorer, Targets};

fn targets(text: &str) -> Targets {
    Scorer::default()
        .score_targets(text, &Actors::builtin())
        .unwrap()
}

/// The blame score toward `actor`.
fn blame(t: &Targets, actor: &str) -> f64 {
    let target = t
        .target(actor)
        .unwrap_or_else(|| panic!("{actor} not named"));
    target
        .axes
        .iter()
        .find(|a| a.axis == "blame")
        .unwrap()
        .score
}

#[test]
fn praise_and_criticism_go_to_the_actor_they_are_about() {
    let t = targets(
        "We welcome the constructive answer of Washington, but we condemn the provocations of NATO.",
    );
    assert!(blame(&t, "US") < 0.0, "{:?}", t.targets);
    assert!(blame(&t, "NATO") > 0.0, "{:?}", t.targets);
    // Roles give the blame; a context share only fills the axes no role
    // gave the actor a value on.
    for a in &t.attributions {
        let role = matches!(a.rule, Attribution::Object | Attribution::Owner);
        assert!(
            role || a.rule == Attribution::Context && !a.applies_to("blame"),
            "{a:?}"
        );
    }
    // The name the CLI and Python print is the serialized one.
    let serialized = serde_json::to_value(Attribution::Object).unwrap();
    assert_eq!(serialized, Attribution::Object.name());
}

#[test]
fn while_splits_the_two_sides() {
    let t =
        targets("Washington offered constructive talks while NATO issued threats and accusations.");
    assert!(blame(&t, "US") <= 0.0, "{:?}", t.attributions);
    assert!(blame(&t, "NATO") > 0.0, "{:?}", t.attributions);
}

#[test]
fn a_passive_blames_its_subject_not_its_agent() {
    let t = targets("Iran was accused by Israel of violating the agreement.");
    let accused = t
        .attributions
        .iter()
        .find(|a| a.rule == Attribution::Passive);
    assert!(accused.is_some(), "{:?}", t.attributions);
    assert!(blame(&t, "Iran") > 0.0);
    assert_eq!(blame(&t, "Israel"), 0.0);
    // A passive deed is its agent's, and its victim is not blamed.
    let t = targets("Ukraine was attacked by Russia.");
    assert!(blame(&t, "Russia") > 0.0, "{:?}", t.attributions);
    assert_eq!(blame(&t, "Ukraine"), 0.0, "{:?}", t.attributions);
}

#[test]
fn coordinated_actors_share_an_attribution() {
    let t = targets("We condemn Russia, Iran and North Korea for these violations.");
    let shared = &t.attributions[0].actors;
    assert_eq!(shared, &["Russia", "Iran", "North Korea"]);
    for actor in ["Russia", "Iran", "North Korea"] {
        assert!(blame(&t, actor) > 0.0);
    }
}

#[test]
fn every_actor_named_has_a_vector_and_values_add_up() {
    let t = targets(
        "The UN Security Council thanked Egypt and Qatar; Hamas and Israel must stop the fighting.",
    );
    let named: Vec<&str> = t.targets.iter().map(|x| x.actor.as_str()).collect();
    assert_eq!(named, ["UN", "Egypt", "Qatar", "Hamas", "Israel"]);
    for target in &t.targets {
        for (i, axis) in target.axes.iter().enumerate() {
            let sum: f64 = (t.attributions.iter())
                .filter(|a| a.actors.contains(&target.actor) && a.applies_to(&axis.axis))
                .map(|a| a.weight * t.stance.contributions[a.contribution].values[i])
                .sum();
            assert!((sum - axis.raw).abs() < 1e-12);
            assert!(axis.score.abs() <= 1.0);
        }
    }
}

#[test]
fn the_speaker_is_a_target_only_alone() {
    let t = targets("We regret our mistakes.");
    assert!(t.target("speaker").is_some());
    let t = targets("We will retaliate against NATO.");
    assert!(
        t.attributions.iter().all(|a| a.actors == ["NATO"]),
        "{:?}",
        t.attributions
    );
}

#[test]
fn the_vader_profile_says_what_to_use_instead() {
    let scorer =
        Scorer::with_profile(&stancekit::vader::lexicon(), stancekit::Profile::Vader).unwrap();
    let err = scorer
        .score_targets("We condemn NATO.", &Actors::builtin())
        .unwrap_err();
    assert!(matches!(
        err,
        stancekit::Error::Unsupported {
            feature: stancekit::Feature::Targets,
            needs: stancekit::Profile::Stancekit,
            profile: stancekit::Profile::Vader,
        }
    ));
    assert!(
        err.to_string().contains("needs the stancekit profile"),
        "{err}"
    );
}

#[test]
fn a_deed_belongs_to_its_agent_and_a_place_is_not_an_object() {
    let t = targets("We condemn the attacks by Russia on Ukraine.");
    assert!(t.attributions.iter().any(|a| a.rule == Attribution::Agent));
    assert!(blame(&t, "Russia") > 0.0, "{:?}", t.attributions);
    assert_eq!(blame(&t, "Ukraine"), 0.0, "{:?}", t.attributions);
    let t = targets("We urge Israel to halt its military raids in Gaza.");
    assert!(
        t.attributions.iter().all(|a| a.actors == ["Israel"]),
        "{:?}",
        t.attributions
    );
}

#[test]
fn roles_attribute_by_who_did_what_to_whom() {
    // The agent of a deed is blamed; the actors it is done to are not.
    let t = targets(
        "Washington and its allies are trying to provoke a war between Ukraine and Russia.",
    );
    assert!(blame(&t, "US") > 0.0, "{:?}", t.attributions);
    let provoke = &t.attributions[0];
    assert_eq!(
        (provoke.rule, provoke.actors.as_slice()),
        (Attribution::Subject, &["US".to_string()][..])
    );
    // The owner of an evaluated thing receives the evaluation.
    let t = targets("We regret NATO's disappointing answer.");
    assert!(t
        .attributions
        .iter()
        .any(|a| a.rule == Attribution::Owner && a.actors == ["NATO"]));
    assert!(blame(&t, "NATO") > 0.0);
    // An evaluative verb addresses its object, not its subject.
    let t = targets("Russia thanked Turkey for its mediation.");
    let thanked = &t.attributions[0];
    assert_eq!(thanked.actors, ["Turkey"]);
    assert!(blame(&t, "Turkey") < blame(&t, "Russia"));
}

#[test]
fn a_compared_actor_gets_the_other_pole() {
    let t = targets("The American response was a model of decency, unlike the response of NATO.");
    assert!(blame(&t, "US") < 0.0, "{:?}", t.attributions);
    assert!(blame(&t, "NATO") > 0.0, "{:?}", t.attributions);
    assert!(t
        .attributions
        .iter()
        .any(|a| a.rule == Attribution::Contrast && a.weight == -1.0));
    // Without the comparison word, no contrast.
    let t =
        targets("The American response was a model of decency, and so was the response of NATO.");
    assert!(t
        .attributions
        .iter()
        .all(|a| a.rule != Attribution::Contrast));
}

#[test]
fn a_place_a_victim_and_an_accuser_are_not_blamed() {
    for (text, spared) in [
        ("Israeli troops carried out raids in Gaza.", "Palestine"),
        (
            "We condemn the aggression against Ukraine by Russia.",
            "Ukraine",
        ),
        (
            "Iran was accused by Israel of violating the agreement.",
            "Israel",
        ),
        (
            "Russia launched an unprovoked attack on Ukraine.",
            "Ukraine",
        ),
    ] {
        let t = targets(text);
        assert_eq!(blame(&t, spared), 0.0, "{text}: {:?}", t.attributions);
    }
}

#[test]
fn what_no_role_claims_is_shared_by_the_sentence() {
    // "constructive" has no actor in its clause, which ends at the comma:
    // the sentence's actors share it.
    let t = targets("Armenia and Azerbaijan held talks, constructive ones.");
    let shared = t
        .attributions
        .iter()
        .find(|a| a.rule == Attribution::Sentence);
    assert!(
        shared.is_some_and(|a| a.actors == ["Armenia", "Azerbaijan"]),
        "{:?}",
        t.attributions
    );
    // A sentence without actors: those of the statement share it.
    let t = targets("Armenia spoke. The talks were constructive.");
    assert!(
        t.attributions
            .iter()
            .any(|a| a.rule == Attribution::Statement),
        "{:?}",
        t.attributions
    );
}

#[test]
fn a_place_in_the_name_of_an_agreement_names_no_actor() {
    let t = targets("We support the Minsk agreements and the Washington Treaty.");
    assert!(
        t.target("Belarus").is_none() && t.target("US").is_none(),
        "{:?}",
        t.mentions
    );
    let t = targets("Minsk agreed, and Washington signed.");
    assert!(t.target("Belarus").is_some() && t.target("US").is_some());
}

#[test]
fn the_west_and_hyphenated_names_are_actors() {
    let t = targets("The collective West and the NATO-controlled regime in Kyiv provoke Russian-British tensions.");
    let named: Vec<&str> = t.targets.iter().map(|x| x.actor.as_str()).collect();
    for actor in ["West", "NATO", "Ukraine", "Russia", "UK"] {
        assert!(named.contains(&actor), "{actor}: {named:?}");
    }
}

#[test]
fn hyphenated_names_outside_ascii_do_not_split_inside_a_character() {
    // Found by the property test: "ﬁ" folds to "fi", so the token is not
    // the text byte for byte.
    for text in ["ﬁ-NATO forces", "Ωmega-Russian talks", "NATO-ﬁ"] {
        let t = targets(text);
        for (_, span) in &t.mentions {
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
}

#[test]
fn a_place_named_by_geography_is_not_the_agent() {
    // "Ukraine's eastern border" is where, not who: the build-up's owner is
    // the agent of the provocation.
    let t = targets(
        "Russia's military build-up along Ukraine's eastern border is a deliberate provocation.",
    );
    assert!(blame(&t, "Russia") > 0.0, "{:?}", t.attributions);
    assert_eq!(blame(&t, "Ukraine"), 0.0, "{:?}", t.attributions);
    for text in [
        "Weapons are entering the territory of Ukraine through the border.",
        "Provocations on the Ukrainian border have increased.",
        "Terrorists spread chaos in eastern Ukraine.",
    ] {
        let t = targets(text);
        assert_eq!(blame(&t, "Ukraine"), 0.0, "{text}: {:?}", t.attributions);
    }
    // Not a place: an actor that acts.
    let t = targets("Ukraine provoked the border incident.");
    assert!(blame(&t, "Ukraine") > 0.0, "{:?}", t.attributions);
}

#[test]
fn a_relative_clause_carries_the_role_to_its_antecedent() {
    let t = targets("We are worried about NATO, which keeps provoking tensions.");
    let provoking = t
        .attributions
        .iter()
        .find(|a| a.rule == Attribution::Subject);
    assert!(
        provoking.is_some_and(|a| a.actors == ["NATO"]),
        "{:?}",
        t.attributions
    );
    // Without a relative pronoun the clause after the comma has no subject.
    let t = targets("We are worried about NATO, and provocations continue.");
    assert!(
        t.attributions
            .iter()
            .all(|a| a.rule != Attribution::Subject),
        "{:?}",
        t.attributions
    );
}

#[test]
fn a_speaker_of_a_state_is_not_its_own_target() {
    let actors = Actors::builtin().speaking_as("North Korea").unwrap();
    let t = Scorer::default()
        .score_targets(
            "The DPRK strongly condemns the US for its hostile drills.",
            &actors,
        )
        .unwrap();
    assert!(t.target("North Korea").is_none(), "{:?}", t.targets);
    assert!(blame(&t, "US") > 0.0);
    // The other actors and self-reference are unchanged.
    let ids: Vec<&str> = actors.ids().collect();
    assert!(ids.contains(&"US") && !ids.contains(&"North Korea") && ids.last() == Some(&"speaker"));
    assert!(Actors::builtin().speaking_as("nobody").is_err());
}

#[test]
fn on_the_part_of_names_the_agent_and_a_spaced_possessive_is_one() {
    let t = targets(
        "We consider these acts of aggression on the part of Ukraine against Russian citizens.",
    );
    assert!(
        t.attributions
            .iter()
            .any(|a| a.rule == Attribution::Agent && a.actors == ["Ukraine"]),
        "{:?}",
        t.attributions
    );
    assert_eq!(blame(&t, "Russia"), 0.0, "{:?}", t.attributions);
    // Corpora tokenized with a space before "'s" ("Ukraine 's border").
    let t =
        targets("Russia 's military build-up along Ukraine 's eastern border is a provocation .");
    assert_eq!(blame(&t, "Ukraine"), 0.0, "{:?}", t.attributions);
    assert!(blame(&t, "Russia") > 0.0, "{:?}", t.attributions);
}

#[test]
fn the_addressee_of_a_directive_is_the_subject_of_what_it_is_asked() {
    // `on` belongs to "calls on": Russia is addressed, not a recipient, and
    // is the one asked to cooperate, not Ukraine.
    let t = targets("Lithuania calls on Russia to cooperate with Ukraine.");
    let russia: Vec<&str> = t.toward("Russia").map(|c| c.text.as_str()).collect();
    assert_eq!(russia, ["calls on", "cooperate"], "{:?}", t.attributions);
    assert!(t
        .roles("Ukraine")
        .all(|(_, a)| a.rule == Attribution::Context));
    // A directive that is no lexicon term addresses too.
    let t = targets("We urge the British side to stop spreading false information.");
    assert!(blame(&t, "UK") > 0.0, "{:?}", t.attributions);
    // The addressee stays the subject past a nearer actor.
    let t = targets("We call on Russia to end its cooperation with Iran and to stop the attacks.");
    let attacks: Vec<_> = (t.attributions.iter())
        .filter(|a| t.stance.contributions[a.contribution].text == "attacks")
        .map(|a| (a.actors.clone(), a.rule))
        .collect();
    assert_eq!(
        attacks[0],
        (vec!["Russia".to_string()], Attribution::Subject),
        "{:?}",
        t.attributions
    );
}

#[test]
fn an_actor_no_role_reaches_shares_the_statement_at_half_weight() {
    // Russia's sentence says nothing, and no role reaches it.
    let t = targets("Iran is spreading lies and threats. Russia was in the room.");
    let context: Vec<_> = (t.attributions.iter())
        .filter(|a| a.rule == Attribution::Context)
        .collect();
    assert!(!context.is_empty(), "{:?}", t.attributions);
    assert!(context
        .iter()
        .all(|a| a.weight == 0.5 && a.actors == ["Russia"]));
    assert!(blame(&t, "Russia") > 0.0 && blame(&t, "Russia") < blame(&t, "Iran"));
    // Reached actors, places, victims and accusers take no share.
    for (text, spared) in [
        ("We condemn Iran, which is holding talks in Oman.", "Oman"),
        (
            "Russia launched an unprovoked attack on Ukraine.",
            "Ukraine",
        ),
        ("Iran was accused by Israel of lying.", "Israel"),
    ] {
        let t = targets(text);
        assert!(
            t.attributions
                .iter()
                .all(|a| a.rule != Attribution::Context || !a.actors.iter().any(|x| x == spared)),
            "{text}: {:?}",
            t.attributions
        );
    }
}

#[test]
fn an_anti_compound_is_against_its_actor() {
    let t = targets("They keep up their anti-China manipulation and slander.");
    assert_eq!(blame(&t, "China"), 0.0, "{:?}", t.attributions);
    // Any other compound names an agent.
    let t = targets("The NATO-led provocations continue.");
    assert!(blame(&t, "NATO") > 0.0, "{:?}", t.attributions);
}

#[test]
fn a_warm_act_is_toward_its_partner_too() {
    let t = targets("China will always stand with Pakistan.");
    let partner: Vec<_> = (t.attributions.iter())
        .filter(|a| a.rule == Attribution::Partner)
        .map(|a| a.actors.clone())
        .collect();
    assert_eq!(partner, [["Pakistan"]], "{:?}", t.attributions);
    assert!(blame(&t, "Pakistan") < 0.0);
    // A hostile deed is its doer's alone: the recipient is not its partner.
    let t = targets("Russia launched an unprovoked attack on Ukraine.");
    assert!(t
        .attributions
        .iter()
        .all(|a| a.rule != Attribution::Partner));
}

#[test]
fn a_context_share_fills_only_the_axes_no_role_gave_a_value() {
    // NATO's blame comes from its role; what the statement says on axes
    // no role gave NATO a value reaches it as a context share.
    let t = targets("We condemn NATO. Russia is ready for dialogue.");
    for a in t.attributions.iter().filter(|a| a.actors == ["NATO"]) {
        if a.rule == Attribution::Context {
            assert!(!a.applies_to("blame"), "{a:?}");
            assert_eq!(a.weight, 0.5);
        }
    }
    // An actor with values on every axis takes no share.
    let shared = |actor: &str| {
        (t.roles(actor))
            .filter(|(_, a)| a.rule == Attribution::Context)
            .count()
    };
    let full = t.target("NATO").unwrap().axes.iter().all(|a| a.hits > 0);
    assert!(!full || shared("NATO") == 0);
    let serialized = serde_json::to_value(&t.attributions).unwrap();
    let with_axes = serialized
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a.get("axes").is_some());
    assert!(with_axes.count() <= t.attributions.iter().filter(|a| a.axes.is_some()).count());
}

#[test]
fn the_origin_of_a_deed_done_to_someone_is_its_agent() {
    // Passive, with an adverb between `been` and the deed: the origin is
    // blamed, and the place that suffered it is not.
    let t =
        targets("The forces in Ukraine have been repeatedly shelled from the territory of Russia.");
    assert!(blame(&t, "Russia") > 0.0);
    assert_eq!(blame(&t, "Ukraine"), 0.0);
    let rules: Vec<_> = t.attributions.iter().map(|a| a.rule).collect();
    assert!(rules.contains(&Attribution::Agent), "{rules:?}");
    // In the active voice the subject did it, wherever from.
    let t = targets("Russia attacked Ukraine from Belarus.");
    assert!(blame(&t, "Russia") > 0.0);
    assert!(blame(&t, "Belarus") <= 0.0);
}

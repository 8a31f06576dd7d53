//! LIWC `.dic` and quanteda YAML dictionaries read as lexicons: categories
//! become unipolar axes, each word weighs 1.0, and raw scores count words.
//! Every refusal names its line.

use std::path::PathBuf;

use proptest::prelude::*;
use stancekit::{Error, Lexicon, LexiconError, Problem, Rules, Scorer, Stance};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "stancekit-import-test-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Scores with the caps and exclamation rules off, so raw scores are
/// plain word counts.
fn counts(lexicon: &Lexicon, text: &str) -> Stance {
    let rules = Rules {
        caps_factor: 1.0,
        exclamation_step: 0.0,
        ..Rules::default()
    };
    Scorer::new(lexicon)
        .unwrap()
        .with_rules(rules)
        .unwrap()
        .score(text)
        .unwrap()
}

fn raws(stance: &Stance) -> Vec<f64> {
    stance.axes.iter().map(|a| a.raw).collect()
}

fn liwc_error(text: &str) -> LexiconError {
    match Lexicon::from_liwc_str(text, "x") {
        Err(Error::Lexicon(e)) => e,
        other => panic!("expected a lexicon error for {text:?}, got {other:?}"),
    }
}

fn yaml_error(text: &str) -> LexiconError {
    match Lexicon::from_quanteda_yaml_str(text, "x") {
        Err(Error::Lexicon(e)) => e,
        other => panic!("expected a lexicon error for {text:?}, got {other:?}"),
    }
}

#[test]
fn liwc_categories_become_unipolar_axes() {
    let lexicon = Lexicon::from_path(data("mini.dic")).unwrap();
    assert_eq!((lexicon.name(), lexicon.version()), ("mini", ""));
    assert_eq!(lexicon.alpha(), stancekit::DEFAULT_ALPHA);
    let axes: Vec<_> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(axes, ["posemo", "negemo", "social"]);
    let social = &lexicon.axes()[2];
    assert_eq!(
        (social.positive.as_str(), social.negative.as_str()),
        ("social", "")
    );
    assert!(
        social.description.contains("LIWC"),
        "{}",
        social.description
    );
    assert_eq!(lexicon.modifiers().count(), 0);
    // A word in two categories is one entry, grouped by its first.
    let kind_of = lexicon.entry("kind of").unwrap();
    assert_eq!(kind_of.group, "posemo");
    assert_eq!(kind_of.weights.len(), 2);
    assert_eq!(kind_of.weights["social"], 1.0);
}

#[test]
fn liwc_raw_scores_count_words() {
    let lexicon = Lexicon::from_path(data("mini.dic")).unwrap();
    let text = "They were happy and happier, kind of good, but my friends hurt.";
    let stance = counts(&lexicon, text);
    // happy, happier, kind of, good, friends | hurt | they, kind of, friends
    assert_eq!(raws(&stance), [5.0, 1.0, 3.0]);
    for axis in &stance.axes {
        assert_eq!(axis.hits as f64, axis.raw, "{}", axis.axis);
    }
    // Tokens include the three punctuation marks, which LIWC does not
    // count as words: divide by words yourself for LIWC percentages.
    assert_eq!(stance.tokens, 15);
    // No modifiers, so no negation: "not happy" still counts as posemo.
    assert_eq!(raws(&counts(&lexicon, "not happy")), [1.0, 0.0, 0.0]);
    // `happ*` matches its stem and its continuations, nothing before it.
    assert_eq!(raws(&counts(&lexicon, "happ unhappy")), [1.0, 0.0, 0.0]);
}

#[test]
fn liwc_spaces_crlf_and_bom_read_the_same() {
    let tabs = std::fs::read_to_string(data("mini.dic")).unwrap();
    let reference = Lexicon::from_liwc_str(&tabs, "mini").unwrap();
    let spaces = tabs.replace('\t', "   ");
    let crlf = format!("\u{feff}\n{}\n\n", tabs.replace('\n', "\r\n\r\n"));
    for text in [spaces, crlf] {
        let lexicon = Lexicon::from_liwc_str(&text, "mini").unwrap();
        assert_eq!(lexicon.hash(), reference.hash(), "{text:?}");
        assert!(lexicon.entry("kind of").is_some());
    }
}

#[test]
fn liwc_multi_word_terms_and_number_words() {
    let dic = "%\n1 a\n2 b\n%\nkind of 1 2\nat the end of the day\t2\ntop 10\t1\n";
    let lexicon = Lexicon::from_liwc_str(dic, "x").unwrap();
    assert_eq!(lexicon.entry("kind of").unwrap().weights.len(), 2);
    assert!(lexicon.entry("at the end of the day").is_some());
    // With a tab, a term may end in a number.
    assert!(lexicon.entry("top 10").is_some());
}

#[test]
fn liwc_errors_name_their_line() {
    let head = "%\n1\tposemo\n2\tnegemo\n%\n";
    let cases: &[(&str, Option<usize>, &str)] = &[
        ("", None, "empty dictionary"),
        ("\n1\tposemo\n%\n", Some(2), "starts with a `%` line"),
        (
            "%\n1\tposemo\nx\tnegemo\n%\n",
            Some(3),
            "category id \"x\" is not a whole number",
        ),
        ("%\n1\n%\n", Some(2), "category 1 has no name"),
        (
            "%\n1 a\n1 b\n%\n",
            Some(3),
            "category id 1 is declared twice",
        ),
        (
            "%\n1 a\n2 a\n%\n",
            Some(3),
            "category name \"a\" is declared twice",
        ),
        ("%\n1 a\n2 b\n", None, "no closing `%`"),
        ("%\n1 a\ngood 1\n", Some(3), "or `%` to end the categories"),
        (
            &format!("{head}good\t1\nbad\t3\n"),
            Some(6),
            "names category id 3, which is not declared (ids: 1, 2)",
        ),
        (&format!("{head}good\n"), Some(5), "has no category ids"),
        (
            &format!("{head}good\t1\tx\n"),
            Some(5),
            "category id \"x\" of word \"good\"",
        ),
        (
            &format!("{head}like\t1\t(02 134)125/464\n"),
            Some(5),
            "conditional category \"(02\"",
        ),
        (
            &format!("{head}kind 1 <of>131/125 2\n"),
            Some(5),
            "conditional category",
        ),
        (
            &format!("{head}good\t1\na*\t2\n"),
            Some(6),
            "bad wildcard \"a*\": a stem needs at least 3 characters",
        ),
        (
            &format!("{head}*\t2\n"),
            Some(5),
            "a pattern of only `*` would match every word",
        ),
        (&format!("{head}**\t2\n"), Some(5), "only `*`"),
    ];
    for (text, line, message) in cases {
        let e = liwc_error(text);
        assert_eq!(e.line, *line, "{text:?}: {e}");
        assert!(e.to_string().contains(message), "{text:?}: {e}");
        assert_eq!(e.origin, "<string>");
    }
}

#[test]
fn unsupported_wildcards_say_what_to_do() {
    let e = liwc_error("%\n1\ta\n%\nab*\t1\n");
    assert!(matches!(e.problem, Problem::BadWildcard { .. }));
    assert_eq!(
        e.to_string(),
        "<string>:4: bad wildcard \"ab*\": a stem needs at least 3 characters before `*`; \
         stancekit matches only a trailing `*` after at least 3 characters: \
         replace the pattern with the words it should match, or delete it"
    );
}

#[test]
fn quanteda_keys_flatten_into_axes() {
    let lexicon = Lexicon::from_path(data("econ.yml")).unwrap();
    assert_eq!(lexicon.name(), "econ");
    let axes: Vec<_> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(axes, ["economy.positive", "economy.negative", "politics"]);
    assert!(lexicon.axes()[0].description.contains("quanteda"));
    // `no` is a word, not YAML 1.1's false.
    assert!(lexicon.entry("no").is_some());
    let text = "Growth and jobs, free trade: not good at all, no. Vote!";
    let stance = counts(&lexicon, text);
    assert_eq!(raws(&stance), [3.0, 2.0, 1.0]);
}

#[test]
fn quanteda_yaml_styles() {
    // R's yaml package writes sequences without indentation; flow style,
    // a lone scalar, an empty key and quoting all read the same way.
    let yaml = "\u{feff}positive:\r\n- good\r\n- 'great*'\r\nnegative: [bad, \"awful\"]\r\nneutral:\r\nsingle: fine\r\n";
    let lexicon = Lexicon::from_quanteda_yaml_str(yaml, "x").unwrap();
    let axes: Vec<_> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(axes, ["positive", "negative", "neutral", "single"]);
    assert_eq!(
        raws(&counts(&lexicon, "good, greatest, awful, fine")),
        [2.0, 1.0, 0.0, 1.0]
    );
    // A key with values and subkeys, as quanteda writes mixed levels; a
    // pattern under two keys weighs both.
    let yaml = "a:\n  - x1\n  - b:\n      - y1\n      - x1\nc: [y1]\n";
    let lexicon = Lexicon::from_quanteda_yaml_str(yaml, "x").unwrap();
    let axes: Vec<_> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(axes, ["a", "a.b", "c"]);
    assert_eq!(lexicon.entry("x1").unwrap().weights.len(), 2);
    assert_eq!(lexicon.entry("y1").unwrap().group, "a.b");
}

#[test]
fn quanteda_errors_name_their_line() {
    let cases: &[(&str, Option<usize>, &str)] = &[
        ("", None, "the file is empty"),
        ("a: [x\nb: y\n", Some(2), "YAML: illegal placement"),
        ("a: [x]\na: [y]\n", Some(2), "duplicated key"),
        ("- x\n- y\n", Some(1), "the top level is not a mapping"),
        ("a: [x]\n---\nb: [y]\n", Some(3), "a second YAML document"),
        (
            "a:\n  - [x, y]\n",
            Some(2),
            "a list item must be a pattern or a mapping",
        ),
        (
            "a.b: [x]\na:\n  b: [y]\n",
            Some(3),
            "key \"a.b\" appears twice (first at line 1)",
        ),
        ("a:\n  - good\n  - colo?r\n", Some(3), "quanteda's `?`"),
        (
            "a:\n  - good\n  - \"*ism\"\n",
            Some(3),
            "`*` may only end the term",
        ),
        ("a: [pro*voc]\n", Some(1), "`*` may only end the term"),
        ("a: [red * line]\n", Some(1), "`*` may only end the term"),
        (
            "a:\n  - ab*\n",
            Some(2),
            "a stem needs at least 3 characters",
        ),
        ("a:\n  - '*'\n", Some(2), "only `*`"),
        ("a:\n  - '**'\n", Some(2), "only `*`"),
        ("a:\n  - '  '\n", Some(2), "empty term"),
        ("'': [x]\n", Some(1), "has an empty id"),
    ];
    for (text, line, message) in cases {
        let e = yaml_error(text);
        assert_eq!(e.line, *line, "{text:?}: {e}");
        assert!(e.to_string().contains(message), "{text:?}: {e}");
    }
}

#[test]
fn extension_uses_the_base_axes_like_a_table() {
    // On the built-in lexicon the first category is not an axis.
    let Err(Error::Lexicon(e)) = Lexicon::default().extended_by_path(data("mini.dic")) else {
        panic!()
    };
    assert_eq!(e.line, Some(2));
    assert!(
        e.to_string().ends_with(
            "category \"posemo\" is not an axis of the lexicon this file extends \
             (axes: threat, blame, rigidity, certainty): load the dictionary on its own \
             (`Lexicon::from_path`, `--no-default`)"
        ),
        "{e}"
    );
    // On a lexicon with those axes, the words join it and the base keeps
    // its name and axes.
    let base =
        Lexicon::from_liwc_str("%\n1 posemo\n2 negemo\n3 social\n%\njoy 1\n", "base").unwrap();
    let merged = base.extended_by_path(data("mini.dic")).unwrap();
    assert_eq!(merged.name(), "base");
    assert!(merged.entry("joy").is_some() && merged.entry("happ*").is_some());
    let merged = Lexicon::from_quanteda_yaml_str(
        "economy.positive: [boom]\neconomy.negative: []\npolitics: []\n",
        "base",
    )
    .unwrap()
    .extended_by_path(data("econ.yml"))
    .unwrap();
    assert_eq!(merged.len(), 9); // boom and the eight of econ.yml
}

#[test]
fn toml_can_extend_an_imported_dictionary() {
    let dir = temp_dir("extends");
    std::fs::copy(data("mini.dic"), dir.join("mini.dic")).unwrap();
    std::fs::write(
        dir.join("mine.toml"),
        r#"
[lexicon]
name = "mini-negated"
extends = "mini.dic"
# A negated emotion word counts for nothing instead of for the other pole.
negated_positive = { posemo = 0.0, negemo = 0.0 }

[entries.extra]
"glad" = { posemo = 1.0 }

[modifiers.negators]
not = {}
"#,
    )
    .unwrap();
    let lexicon = Lexicon::from_path(dir.join("mine.toml")).unwrap();
    assert_eq!(lexicon.axes().len(), 3);
    let stance = counts(&lexicon, "I am not happy, but glad.");
    assert_eq!(raws(&stance), [1.0, 0.0, 0.0]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn yaml_and_yml_extensions_both_read_quanteda() {
    let dir = temp_dir("ext");
    let text = std::fs::read_to_string(data("econ.yml")).unwrap();
    std::fs::write(dir.join("econ.yaml"), &text).unwrap();
    let a = Lexicon::from_path(dir.join("econ.yaml")).unwrap();
    let b = Lexicon::from_path(data("econ.yml")).unwrap();
    assert_eq!(a.hash(), b.hash());
    // Errors from files name the file.
    std::fs::write(dir.join("bad.dic"), "%\n1 a\n%\nab*\t1\n").unwrap();
    let Err(Error::Lexicon(e)) = Lexicon::from_path(dir.join("bad.dic")) else {
        panic!()
    };
    assert!(e
        .to_string()
        .starts_with(&format!("{}:4: ", dir.join("bad.dic").display())));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn imported_lexicons_round_trip_through_toml() {
    for path in [data("mini.dic"), data("econ.yml")] {
        let lexicon = Lexicon::from_path(&path).unwrap();
        let again = Lexicon::from_toml_str(&lexicon.to_toml()).unwrap();
        assert_eq!(again.hash(), lexicon.hash(), "{}", path.display());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}", words in "[%0-9a-z*? \t\n\r:\\[\\]{}',-]{0,80}") {
        let _ = Lexicon::from_liwc_str(&text, "x");
        let _ = Lexicon::from_quanteda_yaml_str(&text, "x");
        let _ = Lexicon::from_liwc_str(&format!("%\n1 a\n2 b\n%\n{words}"), "x");
        let _ = Lexicon::from_quanteda_yaml_str(&format!("a:\n{words}"), "x");
    }
}

//! Keeps `docs/lexicon-format.md` honest: every fenced `toml`, `json`,
//! `csv`, `dic` (LIWC) and `yaml` (quanteda) block loads, the TOML example
//! scores the way the document says, every row of the validation table
//! produces exactly the message shown, and the normalization table matches
//! the scorer. Also re-scores every `stancekit explain` example of
//! `docs/rules.md`.
//!
//! Blocks fenced as `text` are fragments or deliberately invalid and are
//! skipped; any other info string is refused so a typo cannot hide a block.

use std::path::PathBuf;

use stancekit::{ContrastScope, Error, Lexicon, ModifierKind, Rule, Scorer, Stance};

const DOC: &str = "docs/lexicon-format.md";
const RULES_DOC: &str = "docs/rules.md";

fn read_doc(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn doc() -> String {
    read_doc(DOC)
}

/// A fenced code block: its info string, its text and the line of its
/// opening fence.
struct Block {
    info: String,
    text: String,
    line: usize,
}

/// The fenced blocks of a Markdown text (fences of three or more
/// backticks at the start of a line).
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let fence = line.len() - line.trim_start_matches('`').len();
        match &mut open {
            None if fence >= 3 => {
                let block = Block {
                    info: line[fence..].trim().to_string(),
                    text: String::new(),
                    line: i + 1,
                };
                open = Some((fence, block));
            }
            Some((width, _)) if fence >= *width && line.trim_end().len() == fence => {
                let (_, block) = open.take().expect("a block is open");
                out.push(block);
            }
            Some((_, block)) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            None => {}
        }
    }
    assert!(open.is_none(), "{DOC}: unclosed code block");
    out
}

fn blocks_of(markdown: &str, info: &str) -> Vec<Block> {
    blocks(markdown)
        .into_iter()
        .filter(|b| b.info == info)
        .collect()
}

/// The one block of `info` whose text contains `marker`.
fn example(info: &str, marker: &str) -> String {
    let found: Vec<Block> = blocks_of(&doc(), info)
        .into_iter()
        .filter(|b| b.text.contains(marker))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one ```{info} block containing {marker:?}"
    );
    found.into_iter().next().expect("one block").text
}

fn toml_example() -> Lexicon {
    Lexicon::from_toml_str(&example("toml", "[lexicon]")).expect("the TOML example loads")
}

/// The section of the document under the `## ` heading that starts with
/// `title`, up to the next `## ` heading.
fn section(markdown: &str, title: &str) -> String {
    let start = markdown
        .find(&format!("\n## {title}"))
        .unwrap_or_else(|| panic!("{DOC}: no section {title:?}"));
    let rest = &markdown[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 4);
    rest[..end].to_string()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "stancekit-docs-examples-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

fn has(stance: &Stance, term: &str) -> bool {
    stance.contributions.iter().any(|c| c.term == term)
}

fn rules_on(stance: &Stance, term: &str) -> Vec<Rule> {
    stance
        .contributions
        .iter()
        .filter(|c| c.term == term)
        .flat_map(|c| c.factors.iter().map(|f| f.rule))
        .collect()
}

#[test]
fn every_toml_json_and_csv_block_loads() {
    let markdown = doc();
    let all = blocks(&markdown);
    let mut counts = [0; 5];
    for block in &all {
        let loaded = match block.info.as_str() {
            "toml" => {
                counts[0] += 1;
                Lexicon::from_toml_str(&block.text)
            }
            "json" => {
                counts[1] += 1;
                Lexicon::from_json_str(&block.text)
            }
            "csv" => {
                counts[2] += 1;
                Lexicon::from_csv_str(&block.text, b',')
            }
            "dic" => {
                counts[3] += 1;
                Lexicon::from_liwc_str(&block.text, "doc")
            }
            "yaml" => {
                counts[4] += 1;
                Lexicon::from_quanteda_yaml_str(&block.text, "doc")
            }
            "text" => continue,
            other => panic!(
                "{DOC}:{}: unexpected fence info {other:?}; use toml, json, csv, dic, yaml or text",
                block.line
            ),
        };
        if let Err(e) = loaded {
            panic!(
                "{DOC}:{}: the ```{} block does not load: {e}",
                block.line, block.info
            );
        }
    }
    assert_eq!(
        counts.iter().map(|&n| n > 0).collect::<Vec<_>>(),
        [true; 5],
        "expected at least one toml, json, csv, dic and yaml block, got {counts:?}"
    );
}

#[test]
fn liwc_example_counts_as_documented() {
    let lexicon = Lexicon::from_liwc_str(&example("dic", "posemo"), "emotions").unwrap();
    let rules = stancekit::Rules {
        caps_factor: 1.0,
        exclamation_step: 0.0,
        ..stancekit::Rules::default()
    };
    let stance = Scorer::new(&lexicon)
        .unwrap()
        .with_rules(rules)
        .unwrap()
        .score("They were happy, kind of good, but my friends were sad.")
        .unwrap();
    let raws: Vec<f64> = stance.axes.iter().map(|a| a.raw).collect();
    assert_eq!(raws, [4.0, 1.0, 2.0]);
    assert!(doc().contains(
        "gives posemo 4 (`happy`, `kind of`,\n`good`, `friends`), negemo 1 and social 2."
    ));
    let yaml = Lexicon::from_quanteda_yaml_str(&example("yaml", "economy"), "econ").unwrap();
    let axes: Vec<&str> = yaml.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(axes, ["economy.positive", "economy.negative", "politics"]);
}

#[test]
fn toml_example_has_every_documented_part() {
    let lexicon = toml_example();
    let base = Lexicon::default();
    assert_eq!(lexicon.name(), "sovereignty-en");
    assert_eq!(lexicon.version(), "0.1.0");
    assert_eq!(lexicon.alpha(), 4.0);
    let ids: Vec<&str> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["threat", "blame", "rigidity", "certainty", "sovereignty"]
    );
    let sovereignty = &lexicon.axes()[4];
    assert_eq!(
        (sovereignty.negative.as_str(), sovereignty.positive.as_str()),
        ("internationalist", "sovereigntist")
    );

    // `remove` drops both roles of "would".
    assert!(base.entry("would").is_some() && base.modifier("would").is_some());
    assert!(lexicon.entry("would").is_none() && lexicon.modifier("would").is_none());

    // A phrase, a wildcard, a multi-axis entry, a hyphenated word.
    let phrase = lexicon
        .entry("interference in our internal affairs")
        .expect("the phrase entry");
    assert_eq!(phrase.weights.len(), 3);
    assert_eq!(phrase.group, "sovereignty");
    assert!(lexicon.entry("supranational*").is_some());
    assert!(lexicon.entry("non-interference").is_some());

    // Overrides replace the whole weight map; keys are normalized.
    // `negated_positive` adds the new axis and keeps the base's.
    assert_eq!(lexicon.negated_positive()["sovereignty"], 0.5);
    for (axis, factor) in base.negated_positive() {
        assert_eq!(lexicon.negated_positive()[axis], *factor);
    }

    let overridden = lexicon.entry("sovereignty").expect("the override");
    let base_weights = &base.entry("sovereignty").expect("in the base").weights;
    assert!(
        base_weights
            .keys()
            .any(|axis| axis != "rigidity" && !overridden.weights.contains_key(axis)),
        "the override keeps none of the base's other weights"
    );
    assert_eq!(overridden.weights["rigidity"], 0.5);
    assert_eq!(overridden.weights["sovereignty"], 1.5);
    assert_eq!(overridden.group, "overrides");

    // Every modifier kind, with the documented parameters and defaults.
    let defaults = ModifierKind::Negator {
        scope: stancekit::rules::NEGATION_SCOPE,
        factor: stancekit::rules::NEGATION_FACTOR,
    };
    assert_eq!(lexicon.modifier("no longer"), Some(&defaults));
    assert_eq!(
        lexicon.modifier("hardly ever"),
        Some(&ModifierKind::Negator {
            scope: 2,
            factor: -0.5
        })
    );
    assert_eq!(
        lexicon.modifier("downright"),
        Some(&ModifierKind::Intensifier { factor: 1.4 })
    );
    assert_eq!(
        lexicon.modifier("ever so"),
        Some(&ModifierKind::Intensifier { factor: 1.2 })
    );
    assert_eq!(
        lexicon.modifier("a tad"),
        Some(&ModifierKind::Dampener { factor: 0.7 })
    );
    assert_eq!(
        lexicon.modifier("it would seem"),
        Some(&ModifierKind::Hedge { factor: 0.8 })
    );
    assert_eq!(
        lexicon.modifier("all the same"),
        Some(&ModifierKind::Contrast {
            before: 0.6,
            after: 1.3,
            scope: ContrastScope::Sentence
        })
    );
    assert_eq!(
        lexicon.modifier("even as"),
        Some(&ModifierKind::Contrast {
            before: 1.0,
            after: 0.6,
            scope: ContrastScope::Clause
        })
    );
    assert_eq!(lexicon.modifier("never mind"), Some(&ModifierKind::Fixed));

    // The example's comments state the negator defaults; check the claim
    // that `{}` is the same thing.
    let mut braces = Lexicon::default();
    braces.add_modifier("no longer", defaults).expect("valid");
    let empty = Lexicon::from_toml_str(
        "[lexicon]\nname = \"x\"\nextends = \"diplomatic-en\"\n[modifiers.negators]\n\"no longer\" = {}\n",
    )
    .expect("valid");
    assert_eq!(empty.modifier("no longer"), braces.modifier("no longer"));
}

#[test]
fn toml_example_scores_as_the_document_says() -> Result<(), Error> {
    let base = Scorer::new(&Lexicon::default())?;
    let mine = Scorer::new(&toml_example())?;

    // The phrase wins over "interference" and "internal affairs".
    let text = "We will not tolerate interference in our internal affairs.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(b["blame"] > 0.0 && b["threat"] > 0.0 && b.score("sovereignty").is_none());
    assert!(m["blame"] > 0.0 && m["threat"] > 0.0 && m["sovereignty"] > 0.0);
    assert!(has(&m, "interference in our internal affairs"));
    assert!(!has(&m, "interference") && !has(&m, "internal affairs"));
    assert!(!rules_on(&m, "interference in our internal affairs").contains(&Rule::Negation));

    // The wildcard and the phrase on the negative pole.
    let text = "Supranational bodies carry a shared responsibility.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(b.contributions.is_empty());
    assert!(m["sovereignty"] < 0.0);
    assert!(has(&m, "supranational*") && has(&m, "shared responsibility"));

    // The phrase absorbs its negator.
    let text = "We will not be intimidated.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(b["threat"] < 0.0);
    assert!(rules_on(&b, "intimidat*").contains(&Rule::Negation));
    // The firm refusal implies a threat of 0.2 x its rigidity (the base's
    // `implied`), and nothing is negated.
    assert_eq!(m.raw("threat"), Some(0.2 * 2.0));
    assert!(m["rigidity"] > 0.0);
    assert_eq!(m.contributions.len(), 1);
    assert!(m.contributions[0].factors.is_empty());

    // The fixed phrase keeps "never" from negating "threats".
    let text = "Never mind the threats.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(b["threat"] < 0.0);
    assert!(m["threat"] > 0.0);
    assert!(rules_on(&m, "threats").is_empty());

    // `remove = ["would"]`: no hedge any more.
    let text = "We would welcome talks.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(rules_on(&b, "welcome").contains(&Rule::Hedge));
    let welcome = m
        .contributions
        .iter()
        .find(|c| c.term == "welcome")
        .expect("welcome matches");
    assert!(welcome.factors.is_empty());
    assert!(!has(&m, "would"));

    // The new negator replaces the dampener "hardly".
    let text = "They hardly ever threaten us.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(b["threat"] > 0.0);
    assert_eq!(rules_on(&b, "threaten"), [Rule::Dampener]);
    assert!(m["threat"] < 0.0);
    let threaten = m
        .contributions
        .iter()
        .find(|c| c.term == "threaten")
        .expect("threaten matches");
    // The negator's own factor, and the base's `negated_positive` factors
    // on the blame and certainty that `threaten` implies.
    let factors: Vec<_> = (threaten.factors.iter())
        .map(|f| (f.rule, f.factor, f.axes.clone()))
        .collect();
    let on = |axes: &[&str]| Some(axes.iter().map(|a| a.to_string()).collect::<Vec<_>>());
    assert_eq!(
        factors,
        [
            (
                Rule::Negation,
                -0.5,
                on(&["threat", "rigidity", "sovereignty"])
            ),
            (Rule::Negation, 0.25, on(&["blame"])),
            (Rule::Negation, 0.5, on(&["certainty"])),
        ]
    );
    // The clause-scope contrast backgrounds its own clause only.
    let text = "Even as they threaten us, we remain open to dialogue.";
    let (b, m) = (base.score(text)?, mine.score(text)?);
    assert!(rules_on(&b, "threaten").is_empty());
    let threaten = m
        .contributions
        .iter()
        .find(|c| c.term == "threaten")
        .expect("threaten matches");
    assert_eq!(threaten.factors.len(), 1);
    assert_eq!(
        (threaten.factors[0].rule, threaten.factors[0].factor),
        (Rule::Contrast, 0.6)
    );
    assert!(rules_on(&m, "dialogue").is_empty());

    // The sentence-scope contrast, intensifier and dampener of the example.
    let s = mine.score("We welcome the talks; all the same, we warn them.")?;
    assert!(rules_on(&s, "we welcome").contains(&Rule::Contrast));
    assert!(rules_on(&s, "we warn").contains(&Rule::Contrast));
    let s = mine.score("This is downright provocative.")?;
    assert_eq!(rules_on(&s, "provocat*"), [Rule::Intensifier]);
    let s = mine.score("This is a tad provocative.")?;
    assert_eq!(rules_on(&s, "provocat*"), [Rule::Dampener]);
    Ok(())
}

#[test]
fn toml_example_loads_the_same_from_a_file_and_as_an_extension() -> Result<(), Error> {
    let text = example("toml", "[lexicon]");
    let from_str = toml_example();
    let dir = temp_dir("toml");
    let path = dir.join("my-lexicon.toml");
    std::fs::write(&path, &text).expect("write the example");
    let from_path = Lexicon::from_path(&path)?;
    let extended = Lexicon::default().extended_by_path(&path)?;
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(from_path, from_str);
    assert_eq!(extended.hash(), from_str.hash());
    // An export has the same hash as the lexicon it was written from.
    assert_eq!(
        Lexicon::from_toml_str(&from_str.to_toml())?.hash(),
        from_str.hash()
    );
    assert_eq!(
        Lexicon::from_json_str(&from_str.to_json())?.hash(),
        from_str.hash()
    );
    Ok(())
}

#[test]
fn json_example_is_a_short_form_of_the_toml_example() -> Result<(), Error> {
    let json = Lexicon::from_json_str(&example("json", "\"lexicon\""))?;
    let toml = toml_example();
    assert_eq!(json.name(), toml.name());
    let poles = |l: &Lexicon| -> Vec<(String, String, String)> {
        l.axes()
            .iter()
            .map(|a| (a.id.clone(), a.negative.clone(), a.positive.clone()))
            .collect()
    };
    assert_eq!(poles(&json), poles(&toml));
    for (term, entry) in json.entries() {
        if Lexicon::default().entry(term) != Some(entry) {
            assert_eq!(toml.entry(term), Some(entry), "{term}");
        }
    }
    for (term, kind) in json.modifiers() {
        assert_eq!(toml.modifier(term), Some(kind), "{term}");
    }
    assert!(json.entry("would").is_none() && json.modifier("would").is_none());
    let scorer = Scorer::new(&json)?;
    assert!(scorer.score("Supranational bodies decide.")?["sovereignty"] < 0.0);
    assert!(scorer.score("Never mind the threats.")?["threat"] > 0.0);
    Ok(())
}

#[test]
fn csv_example_standalone_and_as_an_extension() -> Result<(), Error> {
    let text = example("csv", "term,axis,weight");

    let alone = Lexicon::from_csv_str(&text, b',')?;
    let ids: Vec<&str> = alone.axes().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["blame", "certainty", "rigidity", "threat"]);
    assert!(alone
        .axes()
        .iter()
        .all(|a| a.negative == "negative" && a.positive == "positive"));
    assert_eq!(alone.name(), "table");
    assert_eq!(alone.alpha(), 4.0);
    assert_eq!(alone.len(), 5);
    assert_eq!(alone.entry("wolf warrior*").expect("row").group, "table");
    assert_eq!(alone.entry("lawfare").expect("rows").group, "coercion");
    assert_eq!(
        alone.entry("no ifs, no buts").expect("rows").weights.len(),
        2
    );

    let dir = temp_dir("csv");
    let path = dir.join("my-terms.csv");
    std::fs::write(&path, &text).expect("write the example");
    let base = Lexicon::default();
    let extended = base.extended_by_path(&path)?;
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(extended.name(), base.name());
    assert_eq!(extended.version(), base.version());
    assert_eq!(extended.axes(), base.axes());
    assert_eq!(
        extended.entry("wolf warrior*").expect("row").group,
        "my-terms"
    );
    let gunboat = &extended
        .entry("gunboat diplomacy")
        .expect("override")
        .weights;
    assert_eq!((gunboat["threat"], gunboat["blame"]), (2.5, 1.0));
    assert_eq!(
        base.entry("gunboat diplomacy").expect("base").weights["threat"],
        1.5
    );
    // Four new terms; gunboat diplomacy was already there.
    assert_eq!(extended.len(), base.len() + 4);

    let stance = Scorer::new(&extended)?.score("No ifs, no buts: salami tactics are lawfare.")?;
    assert!(stance["rigidity"] > 0.0 && stance["threat"] > 0.0);
    assert!(has(&stance, "no ifs, no buts") && has(&stance, "salami tactic*"));
    assert!(stance.contributions.iter().all(|c| c.factors.is_empty()));
    Ok(())
}

/// The code spans of a Markdown table cell, as CommonMark reads them.
fn code_spans(cell: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = cell;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let after = &rest[start + ticks..];
        let fence = "`".repeat(ticks);
        let mut search = 0;
        let end = loop {
            let at = search
                + after[search..]
                    .find(&fence)
                    .unwrap_or_else(|| panic!("unclosed code span in {cell:?}"));
            let run = after[at..].len() - after[at..].trim_start_matches('`').len();
            if run == ticks {
                break at;
            }
            search = at + run;
        };
        let inner = &after[..end];
        let inner = if inner.len() > 2 && inner.starts_with(' ') && inner.ends_with(' ') {
            &inner[1..inner.len() - 1]
        } else {
            inner
        };
        spans.push(inner.to_string());
        rest = &after[end + ticks..];
    }
    spans
}

#[test]
fn validation_table_messages_are_exact() {
    let markdown = doc();
    let validation = section(&markdown, "7. Validation");
    let header = blocks_of(&validation, "text")
        .into_iter()
        .find(|b| b.text.starts_with("[lexicon]"))
        .expect("the base file of the validation examples")
        .text;
    let dir = temp_dir("validation");
    let mut problems = std::collections::BTreeSet::new();
    let mut rows = 0;
    for line in validation.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 6, "four cells in {line:?}");
        let (problem, example, message) = (cells[1], cells[3], cells[4]);
        problems.insert(problem.trim_matches('`').to_string());
        let input = code_spans(example).join("\n") + "\n";
        let [expected] = <[String; 1]>::try_from(code_spans(message))
            .unwrap_or_else(|_| panic!("one code span in the message of {line:?}"));
        // The result, and the origin as loaded -> the origin as shown.
        let (result, origin) = if example.starts_with("CSV extending diplomatic-en") {
            let path = dir.join("my.csv");
            std::fs::write(&path, &input).expect("write the example");
            let result = Lexicon::default().extended_by_path(&path);
            (result, (path.display().to_string(), "my.csv"))
        } else if example.starts_with("CSV") {
            let result = Lexicon::from_csv_str(&input, b',');
            (result, ("<string>".to_string(), "my.csv"))
        } else {
            let text = if input.starts_with("[lexicon]") {
                input
            } else {
                format!("{header}{input}")
            };
            let shown = if expected.starts_with("<string>") {
                "<string>"
            } else {
                "my.toml"
            };
            (
                Lexicon::from_toml_str(&text),
                ("<string>".to_string(), shown),
            )
        };
        let error = match result {
            Ok(_) => panic!("{line}\nloads without error"),
            Err(Error::Lexicon(e)) => e,
            Err(other) => panic!("{line}\nnot a lexicon error: {other}"),
        };
        let variant = problem.trim_matches('`');
        assert!(
            format!("{:?}", error.problem).starts_with(variant),
            "{line}\nis a {:?}",
            error.problem
        );
        let got = error.to_string().replace(&origin.0, origin.1);
        assert_eq!(got.lines().next().unwrap_or_default(), expected, "\n{line}");
        rows += 1;
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(rows >= 30, "only {rows} rows found in the validation table");
    let all = [
        "Syntax",
        "UnknownAxis",
        "NonFinite",
        "EmptyTerm",
        "BadWildcard",
        "ConflictingDuplicate",
        "UnknownModifierKind",
        "BadModifier",
        "BadAxis",
        "UnknownBase",
    ];
    for name in all {
        assert!(problems.contains(name), "no row for Problem::{name}");
    }
}

#[test]
fn hash_ignores_what_the_document_says_it_ignores() -> Result<(), Error> {
    let head = "[lexicon]\nname = \"a\"\n[[axes]]\nid = \"tone\"\n";
    let a = Lexicon::from_toml_str(&format!(
        "{head}[entries.g]\n\"red line*\" = {{ tone = 1.0 }}\n[modifiers.intensifiers]\nvery = 1.3\n[modifiers.negators]\nnot = {{}}\n"
    ))?;
    let b = Lexicon::from_toml_str(&format!(
        "{}# a comment\n[modifiers.negators]\nnot = {{ scope = 3, factor = -0.75 }}\n[modifiers.intensifiers]\nvery = {{ factor = 1.3 }}\n[entries.other]\n\"Red  Line*\" = {{ tone = 1.0 }}\n",
        head.replace("name = \"a\"", "name = \"b\"\nversion = \"2\"\ndescription = \"x\"")
    ))?;
    assert_eq!(a.hash(), b.hash());
    let c = Lexicon::from_toml_str(&format!(
        "{}[entries.g]\n\"red line*\" = {{ tone = 1.0 }}\n[modifiers.intensifiers]\nvery = 1.3\n[modifiers.negators]\nnot = {{}}\n",
        head.replace("id = \"tone\"", "id = \"tone\"\npositive = \"heated\"")
    ))?;
    assert_ne!(a.hash(), c.hash());
    let hash = a.hash();
    assert!(hash.starts_with("sha256:") && hash.len() == "sha256:".len() + 16);
    Ok(())
}

#[test]
fn normalization_table_matches_the_scorer() -> Result<(), Error> {
    let markdown = doc();
    let scores = section(&markdown, "9. Scores");
    let row = |name: &str| -> Vec<f64> {
        let line = scores
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no `{name}` row in section 9"));
        line.split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .skip(1)
            .map(|c| c.parse().expect("a number"))
            .collect()
    };
    let (raw, expected) = (row("raw"), row("score"));
    assert_eq!(raw.len(), expected.len());
    for (raw, expected) in raw.iter().zip(expected) {
        let lexicon = Lexicon::from_toml_str(&format!(
            "[lexicon]\nname = \"n\"\nalpha = 4.0\n[[axes]]\nid = \"tone\"\n[entries.g]\nzorble = {{ tone = {raw:?} }}\n"
        ))?;
        let score = Scorer::new(&lexicon)?.score("zorble")?["tone"];
        assert!(
            (score - expected).abs() < 0.0005,
            "raw {raw}: scorer {score:.4}, document {expected}"
        );
    }
    Ok(())
}

/// The rows of `stancekit explain`'s table for `stance`, without colour,
/// poles or alignment: what `docs/rules.md` shows, one string per line
/// with white space collapsed.
fn explain_rows(stance: &Stance) -> Vec<String> {
    let number = |v: f64| format!("{:.3}", if v == 0.0 { 0.0 } else { v });
    let mut rows = vec![format!(
        "term {} factors",
        stance
            .axes
            .iter()
            .map(|a| a.axis.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    )];
    if stance.contributions.is_empty() {
        rows.push("(no lexicon term matched)".into());
    }
    for c in &stance.contributions {
        let mut row = format!("{:?}", c.text);
        if c.text.to_lowercase() != c.term {
            row.push_str(&format!(" [{}]", c.term));
        }
        for v in &c.values {
            row.push(' ');
            row.push_str(&number(*v));
        }
        let factors: Vec<String> = c
            .factors
            .iter()
            .map(|f| {
                let mut text = format!("{} ×{:.2}", f.rule.name(), f.factor);
                if let Some(t) = &f.trigger {
                    text.push_str(&format!(" ({t:?})"));
                }
                if let Some(axes) = &f.axes {
                    text.push_str(&format!(" on {}", axes.join(", ")));
                }
                text
            })
            .collect();
        if !factors.is_empty() {
            row.push(' ');
            row.push_str(&factors.join(", "));
        }
        rows.push(row);
    }
    for (name, values) in [
        ("raw", stance.axes.iter().map(|a| a.raw).collect::<Vec<_>>()),
        ("score", stance.axes.iter().map(|a| a.score).collect()),
    ] {
        let values: Vec<String> = values.into_iter().map(number).collect();
        rows.push(format!("{name} {}", values.join(" ")));
    }
    let sentences = if stance.sentences == 1 {
        "sentence"
    } else {
        "sentences"
    };
    rows.push(format!(
        "{} tokens, {} {sentences}, lexicon",
        stance.tokens, stance.sentences
    ));
    rows
}

#[test]
fn rules_doc_examples_match_the_scorer() -> Result<(), Error> {
    let scorer = Scorer::new(&Lexicon::default())?;
    let markdown = read_doc(RULES_DOC);
    let mut checked = 0;
    for block in blocks_of(&markdown, "text") {
        let Some(command) = block
            .text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("$ stancekit explain "))
        else {
            continue;
        };
        let statement = command
            .strip_prefix('\'')
            .and_then(|c| c.strip_suffix('\''))
            .filter(|c| !c.contains('\''))
            .unwrap_or_else(|| panic!("{RULES_DOC}:{}: quote the statement in '...'", block.line));
        let shown: Vec<String> = block
            .text
            .lines()
            .skip(1)
            .map(|l| {
                let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
                // The hash depends on the whole lexicon; it is not checked.
                match l.find(", lexicon ") {
                    Some(i) => l[..i + ", lexicon".len()].to_string(),
                    None => l,
                }
            })
            .collect();
        let expected = explain_rows(&scorer.score(statement)?);
        assert_eq!(
            shown, expected,
            "{RULES_DOC}:{}: the example for {statement:?} is out of date",
            block.line
        );
        checked += 1;
    }
    assert!(
        checked >= 30,
        "only {checked} explain examples in {RULES_DOC}"
    );
    Ok(())
}

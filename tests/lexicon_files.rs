//! Lexicon file formats: what each accepts, and for each malformed input a
//! typed error naming file, line and problem.

use std::path::PathBuf;

use stancekit::{Error, Lexicon, LexiconError, ModifierKind, Problem};

const HEAD: &str =
    "[lexicon]\nname = \"t\"\n\n[[axes]]\nid = \"threat\"\n\n[[axes]]\nid = \"blame\"\n";

fn toml_err(body: &str) -> LexiconError {
    match Lexicon::from_toml_str(&format!("{HEAD}{body}")) {
        Err(Error::Lexicon(e)) => e,
        other => panic!("expected a lexicon error, got {other:?}"),
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "stancekit-lexicon-test-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn toml_reads_entries_modifiers_and_groups() {
    let lexicon = Lexicon::from_toml_str(&format!(
        "{HEAD}[entries.warnings]\n\"ultimatum\" = {{ threat = 2.0, blame = 0.5 }}\n\"Red Line*\" = {{ threat = 1.5 }}\n\
         [modifiers.negators]\nnot = {{ scope = 2, factor = -0.5 }}\nnever = {{}}\n[modifiers.intensifiers]\nvery = 1.3\n\
         [modifiers.contrasts]\nbut = {{ before = 0.5, after = 1.5 }}\n[modifiers.fixed]\n\"no doubt\" = {{}}\n"
    ))
    .unwrap();
    assert_eq!(lexicon.len(), 2);
    assert_eq!(lexicon.entry("red line*").unwrap().group, "warnings");
    assert_eq!(
        lexicon.modifier("not"),
        Some(&ModifierKind::Negator {
            scope: 2,
            factor: -0.5
        })
    );
    assert_eq!(
        lexicon.modifier("never"),
        Some(&ModifierKind::Negator {
            scope: stancekit::rules::NEGATION_SCOPE,
            factor: stancekit::rules::NEGATION_FACTOR
        })
    );
    assert_eq!(lexicon.modifier("no doubt"), Some(&ModifierKind::Fixed));
}

#[test]
fn unknown_axis_names_line_and_known_axes() {
    let e = toml_err("[entries.g]\n\"war\" = { threat = 1.0 }\n\"peace\" = { theat = -1.0 }\n");
    assert_eq!(e.line, Some(11));
    assert!(
        matches!(&e.problem, Problem::UnknownAxis { axis, known, .. } if axis == "theat" && known == "threat, blame")
    );
}

#[test]
fn non_finite_weight() {
    let e = toml_err("[entries.g]\nwar = { threat = nan }\n");
    assert_eq!(e.line, Some(10));
    assert!(matches!(e.problem, Problem::NonFinite { .. }));
    let e = toml_err("[entries.g]\nwar = { threat = inf }\n");
    assert!(matches!(e.problem, Problem::NonFinite { .. }));
}

#[test]
fn empty_term() {
    let e = toml_err("[entries.g]\n\"  \" = { threat = 1.0 }\n");
    assert_eq!(e.problem, Problem::EmptyTerm);
    assert_eq!(e.line, Some(10));
}

#[test]
fn bad_wildcards() {
    for (term, line) in [("*", 10), ("a*", 10), ("pro*voc", 10), ("*ism", 10)] {
        let e = toml_err(&format!("[entries.g]\n\"{term}\" = {{ threat = 1.0 }}\n"));
        assert!(
            matches!(e.problem, Problem::BadWildcard { .. }),
            "{term}: {e}"
        );
        assert_eq!(e.line, Some(line));
    }
}

#[test]
fn conflicting_duplicate_across_groups() {
    let e = toml_err("[entries.a]\nwar = { threat = 1.0 }\n[entries.b]\nwar = { threat = 2.0 }\n");
    assert_eq!(e.line, Some(12));
    assert_eq!(
        e.problem,
        Problem::ConflictingDuplicate {
            term: "war".into(),
            first: 10
        }
    );
    // The same weights twice are harmless.
    assert!(Lexicon::from_toml_str(&format!(
        "{HEAD}[entries.a]\nwar = {{ threat = 1.0 }}\n[entries.b]\nwar = {{ threat = 1.0 }}\n"
    ))
    .is_ok());
}

#[test]
fn toml_duplicate_key_is_a_syntax_error_with_line() {
    let e = toml_err("[entries.a]\nwar = { threat = 1.0 }\nwar = { threat = 2.0 }\n");
    assert!(matches!(e.problem, Problem::Syntax(_)));
    assert_eq!(e.line, Some(11));
}

#[test]
fn a_table_of_the_wrong_shape_is_named_in_the_schemas_terms() {
    let origin = "<string>";
    for (text, line, says) in [
        (
            "[lexicon]\nname = \"x\"\n\n[[entries]]\nterm = \"war\"\nthreat = 1.0\n",
            4,
            "`entries` is an array of tables; expected [entries.GROUP] tables",
        ),
        (
            "[lexicon]\nname = \"x\"\n[axes]\nid = \"t\"\n",
            3,
            "`axes` is a table; expected one [[axes]] table per axis",
        ),
    ] {
        let Error::Lexicon(e) = Lexicon::from_toml_str(text).unwrap_err() else {
            panic!("not a lexicon error")
        };
        assert_eq!((e.origin.as_str(), e.line), (origin, Some(line)), "{text}");
        assert!(e.to_string().contains(says), "{e}");
    }
    // JSON reads the same schema and says the same.
    let json = r#"{"lexicon": {"name": "x"}, "entries": [{"term": "war"}]}"#;
    let e = Lexicon::from_json_str(json).unwrap_err();
    assert!(
        e.to_string().contains("`entries` is an array of tables"),
        "{e}"
    );
}

#[test]
fn unknown_modifier_kind() {
    let e = toml_err("[modifiers.boosters]\nvery = 1.3\n");
    assert_eq!(
        e.problem,
        Problem::UnknownModifierKind {
            kind: "boosters".into()
        }
    );
    assert_eq!(e.line, Some(9));
}

#[test]
fn bad_modifier_parameters() {
    for body in [
        "[modifiers.intensifiers]\nvery = 0.5\n",
        "[modifiers.dampeners]\nbit = 2.0\n",
        "[modifiers.negators]\nnot = { scope = 0 }\n",
        "[modifiers.negators]\nnot = { reach = 3 }\n",
        "[modifiers.contrasts]\nbut = { scope = \"paragraph\" }\n",
        "[modifiers.hedges]\nmay = \"a lot\"\n",
    ] {
        let e = toml_err(body);
        assert!(
            matches!(e.problem, Problem::BadModifier { .. }),
            "{body}: {e}"
        );
        assert_eq!(e.line, Some(10), "{body}");
    }
}

#[test]
fn syntax_errors_carry_lines_and_never_panic() {
    let e = toml_err("[entries.g\nwar = 1\n");
    assert!(matches!(e.problem, Problem::Syntax(_)));
    assert_eq!(e.line, Some(9));
    for garbage in [
        "",
        "\0\0",
        "[lexicon]",
        "[[axes]]\nid = 3",
        "lexicon = 5",
        "[lexicon]\nname=\"x\"\n[[axes]]\nid=\"\"\n",
    ] {
        assert!(Lexicon::from_toml_str(garbage).is_err(), "{garbage:?}");
        assert!(Lexicon::from_json_str(garbage).is_err(), "{garbage:?}");
    }
}

#[test]
fn json_has_the_same_schema_and_lines() {
    let json = r#"{
  "lexicon": {"name": "j"},
  "axes": [{"id": "threat"}],
  "entries": {"g": {
    "war": {"threat": 1.0},
    "peace": {"blame": -1.0}
  }}
}"#;
    let Err(Error::Lexicon(e)) = Lexicon::from_json_str(json) else {
        panic!()
    };
    assert_eq!(e.line, Some(6));
    assert!(matches!(e.problem, Problem::UnknownAxis { .. }));
    let Err(Error::Lexicon(e)) =
        Lexicon::from_json_str("{\n\"lexicon\": {\"name\": \"j\"},\n\"axes\": [}\n")
    else {
        panic!()
    };
    assert_eq!(e.line, Some(3));
}

#[test]
fn exports_round_trip() {
    let lexicon = Lexicon::default();
    assert_eq!(Lexicon::from_toml_str(&lexicon.to_toml()).unwrap(), lexicon);
    assert_eq!(Lexicon::from_json_str(&lexicon.to_json()).unwrap(), lexicon);
    assert_eq!(
        Lexicon::from_toml_str(&lexicon.to_toml()).unwrap().hash(),
        lexicon.hash()
    );
}

#[test]
fn hash_ignores_order_and_formatting() {
    let a = Lexicon::from_toml_str(&format!(
        "{HEAD}[entries.g]\nwar = {{ threat = 1.0 }}\npeace = {{ threat = -1.0 }}\n"
    ))
    .unwrap();
    let b = Lexicon::from_toml_str(&format!("{HEAD}# comment\n[entries.g]\n\"peace\" = {{ threat = -1.0 }}\n\"War\" = {{ threat = 1.0 }}\n")).unwrap();
    assert_eq!(a.hash(), b.hash());
    let c = Lexicon::from_toml_str(&format!(
        "{HEAD}[entries.g]\nwar = {{ threat = 1.5 }}\npeace = {{ threat = -1.0 }}\n"
    ))
    .unwrap();
    assert_ne!(a.hash(), c.hash());
    assert!(a.hash().starts_with("sha256:") && a.hash().len() == 23);
}

#[test]
fn csv_and_tsv_tables() {
    let lexicon = Lexicon::from_csv_str("term,axis,weight\n# comment\nultimatum,threat,2\nultimatum,rigidity,1.5\n\"red line*\",threat,1\n", b',').unwrap();
    assert_eq!(lexicon.len(), 2);
    assert_eq!(lexicon.axes().len(), 2);
    assert_eq!(lexicon.entry("ultimatum").unwrap().weights.len(), 2);
    let tsv = Lexicon::from_csv_str("ultimatum\tthreat\t2\n", b'\t').unwrap();
    assert_eq!(tsv.entry("ultimatum").unwrap().weights["threat"], 2.0);
}

#[test]
fn csv_errors_name_the_line() {
    type Check = fn(&Problem) -> bool;
    let cases: [(&str, usize, Check); 4] = [
        ("term,axis,weight\nwar,threat,1\nwar,threat,2\n", 3, |p| {
            matches!(p, Problem::ConflictingDuplicate { first: 2, .. })
        }),
        ("war,threat,high\n", 1, |p| matches!(p, Problem::Syntax(_))),
        ("war,threat\n", 1, |p| matches!(p, Problem::Syntax(_))),
        ("ok,threat,1\na*,threat,1\n", 2, |p| {
            matches!(p, Problem::BadWildcard { .. })
        }),
    ];
    for (text, line, check) in cases {
        let Err(Error::Lexicon(e)) = Lexicon::from_csv_str(text, b',') else {
            panic!("{text}")
        };
        assert_eq!(e.line, Some(line), "{text}: {e}");
        assert!(check(&e.problem), "{text}: {e}");
    }
}

#[test]
fn csv_extension_must_use_the_base_axes() {
    let dir = temp_dir("csv");
    let path = dir.join("extra.csv");
    std::fs::write(
        &path,
        "term,axis,weight\nzorble-fluxing,threat,2\nnice,tone,1\n",
    )
    .unwrap();
    let Err(Error::Lexicon(e)) = Lexicon::default().extended_by_path(&path) else {
        panic!()
    };
    assert_eq!(e.origin, path.display().to_string());
    assert_eq!(e.line, Some(3));
    assert!(e.to_string().starts_with(&format!(
        "{}:3: entry \"nice\" names unknown axis \"tone\"",
        path.display()
    )));
    std::fs::write(&path, "zorble-fluxing,threat,2\n").unwrap();
    let lexicon = Lexicon::default().extended_by_path(&path).unwrap();
    assert_eq!(lexicon.len(), Lexicon::default().len() + 1);
    assert_eq!(lexicon.entry("zorble-fluxing").unwrap().group, "extra");
}

#[test]
fn toml_extends_builtin_and_relative_paths_with_removals() {
    let dir = temp_dir("extends");
    std::fs::write(
        dir.join("base.toml"),
        format!("{HEAD}[entries.g]\nwar = {{ threat = 2.0 }}\npeace = {{ threat = -2.0 }}\n[modifiers.negators]\nnot = {{}}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("child.toml"),
        "[lexicon]\nname = \"child\"\nextends = \"base.toml\"\nremove = []\n[entries.mine]\nwar = { threat = 3.0 }\ntruce = { threat = -1.0 }\n",
    )
    .unwrap_or(());
    // `remove` is a top-level key, not part of [lexicon].
    assert!(Lexicon::from_path(dir.join("child.toml")).is_err());
    std::fs::write(
        dir.join("child.toml"),
        "remove = [\"peace\"]\n[lexicon]\nname = \"child\"\nextends = \"base.toml\"\n[entries.mine]\nwar = { threat = 3.0 }\ntruce = { threat = -1.0 }\n",
    )
    .unwrap();
    let child = Lexicon::from_path(dir.join("child.toml")).unwrap();
    assert_eq!(child.name(), "child");
    assert_eq!(child.entry("war").unwrap().weights["threat"], 3.0);
    assert!(child.entry("peace").is_none());
    assert!(child.entry("truce").is_some());
    assert!(child.modifier("not").is_some());

    let on_default = Lexicon::from_toml_str("[lexicon]\nname = \"mine\"\nextends = \"diplomatic-en\"\n[entries.mine]\n\"zorble-fluxing\" = { threat = 2.0 }\n").unwrap();
    assert_eq!(on_default.len(), Lexicon::default().len() + 1);
    let Err(Error::Lexicon(e)) =
        Lexicon::from_toml_str("[lexicon]\nname = \"m\"\nextends = \"nope\"\n")
    else {
        panic!()
    };
    assert!(matches!(e.problem, Problem::UnknownBase(..)));
    assert_eq!(e.line, Some(3));
}

#[test]
fn unreadable_files_and_unknown_extensions() {
    assert!(matches!(
        Lexicon::from_path("/nonexistent/x.toml"),
        Err(Error::Io { .. })
    ));
    let dir = temp_dir("ext");
    std::fs::write(dir.join("x.xml"), "<a/>").unwrap();
    let Err(Error::Lexicon(e)) = Lexicon::from_path(dir.join("x.xml")) else {
        panic!()
    };
    assert!(e
        .to_string()
        .contains("use .toml, .json, .csv, .tsv, .dic (LIWC) or .yml (quanteda)"));
}

#[test]
fn csv_lines_count_comments_and_blank_lines() {
    for text in [
        "term,axis,weight\n# comment\n\nwar,threat,x\n",
        "term,axis,weight\n\n\n# c\nwar,threat,x\n",
    ] {
        let Err(Error::Lexicon(e)) = Lexicon::from_csv_str(text, b',') else {
            panic!("{text}")
        };
        let expected = text.lines().position(|l| l.starts_with("war")).unwrap() + 1;
        assert_eq!(e.line, Some(expected), "{text:?}: {e}");
    }
}

#[test]
fn cyclic_extends_is_an_error_not_a_crash() {
    let dir = temp_dir("cycle");
    std::fs::write(
        dir.join("a.toml"),
        "[lexicon]\nname = \"a\"\nextends = \"b.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.toml"),
        "[lexicon]\nname = \"b\"\nextends = \"a.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("self.toml"),
        "[lexicon]\nname = \"s\"\nextends = \"self.toml\"\n",
    )
    .unwrap();
    for file in ["a.toml", "self.toml"] {
        let Err(Error::Lexicon(e)) = Lexicon::from_path(dir.join(file)) else {
            panic!("{file}")
        };
        assert!(
            matches!(e.problem, Problem::CyclicExtends(_)),
            "{file}: {e}"
        );
    }
}

#[test]
fn modifiers_take_bare_factors_or_tables_and_refuse_other_shapes() {
    let lexicon =
        Lexicon::from_toml_str(&format!("{HEAD}[modifiers.negators]\nnot = -0.5\n")).unwrap();
    assert_eq!(
        lexicon.modifier("not"),
        Some(&ModifierKind::Negator {
            scope: stancekit::rules::NEGATION_SCOPE,
            factor: -0.5
        })
    );
    for body in [
        "[modifiers.contrasts]\nbut = 1.5\n",
        "[modifiers.fixed]\n\"no doubt\" = 1\n",
        "[modifiers.hedges]\nmay = [0.5]\n",
    ] {
        let e = toml_err(body);
        assert!(
            matches!(e.problem, Problem::BadModifier { .. }),
            "{body}: {e}"
        );
    }
    let e = toml_err("[modifiers.hedges]\nmay = nan\n");
    assert!(matches!(e.problem, Problem::NonFinite { .. }), "{e}");
    let e = toml_err("[modifiers.negators]\nnot = { factor = nan }\n");
    assert!(matches!(e.problem, Problem::NonFinite { .. }), "{e}");
}

#[test]
fn case_variants_of_a_term_must_agree() {
    let e = toml_err("[entries.a]\nWar = { threat = 1.0 }\n[entries.b]\nwar = { threat = 2.0 }\n");
    assert!(
        matches!(e.problem, Problem::ConflictingDuplicate { .. }),
        "{e}"
    );
    assert_eq!(e.line, Some(12));
}

#[test]
fn bad_alpha_is_named() {
    let Err(Error::Lexicon(e)) =
        Lexicon::from_toml_str("[lexicon]\nname = \"x\"\nalpha = 0\n[[axes]]\nid = \"t\"\n")
    else {
        panic!()
    };
    assert_eq!(e.problem, Problem::BadAlpha(0.0));
    assert_eq!(e.line, Some(3));
}

#[test]
fn negated_positive_reads_checks_and_round_trips() {
    let head = |extra: &str| {
        format!("[lexicon]\nname = \"t\"\n{extra}\n[[axes]]\nid = \"threat\"\n[[axes]]\nid = \"blame\"\n")
    };
    let lexicon = Lexicon::from_toml_str(&head("negated_positive = { blame = 0.25 }")).unwrap();
    assert_eq!(lexicon.negated_positive()["blame"], 0.25);
    assert_eq!(Lexicon::from_toml_str(&lexicon.to_toml()).unwrap(), lexicon);
    assert_eq!(Lexicon::from_json_str(&lexicon.to_json()).unwrap(), lexicon);
    let plain = Lexicon::from_toml_str(&head("")).unwrap();
    assert_ne!(plain.hash(), lexicon.hash());

    for (extra, reason) in [
        ("negated_positive = { blam = 0.25 }", "no such axis"),
        ("negated_positive = { blame = 1.5 }", "below 1"),
        ("negated_positive = { blame = -0.5 }", "at least 0"),
    ] {
        match Lexicon::from_toml_str(&head(extra)) {
            Err(Error::Lexicon(e)) => {
                assert_eq!(e.line, Some(3), "{extra}");
                assert!(
                    matches!(&e.problem, Problem::BadNegatedPositive { reason: r, .. } if r.contains(reason)),
                    "{extra}: {:?}",
                    e.problem
                );
            }
            other => panic!("{extra}: expected a lexicon error, got {other:?}"),
        }
    }
}

#[test]
fn negated_positive_is_inherited_and_overridden() {
    let dir = temp_dir("negated-positive");
    let child = dir.join("child.toml");
    std::fs::write(
        &child,
        "[lexicon]\nname = \"child\"\nextends = \"diplomatic-en\"\nnegated_positive = { threat = 0.5 }\n",
    )
    .unwrap();
    let lexicon = Lexicon::from_path(&child).unwrap();
    let base = Lexicon::default();
    assert_eq!(
        lexicon.negated_positive()["blame"],
        base.negated_positive()["blame"]
    );
    assert_eq!(lexicon.negated_positive()["threat"], 0.5);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn heads_and_directives_read_their_axes_and_round_trip() {
    let lexicon = Lexicon::from_toml_str(&format!(
        "{HEAD}[modifiers.heads]\n\"undermine\" = {{ scope = 4, factor = -0.75, axes = [\"threat\"] }}\n\
         \"abandon\" = {{ scope = 2, factor = 0.0 }}\n\
         [modifiers.directives]\n\"urge\" = {{ scope = 8, factor = -0.5, axes = [\"threat\", \"blame\"] }}\n"
    ))
    .unwrap();
    assert_eq!(
        lexicon.modifier("undermine"),
        Some(&ModifierKind::Head {
            scope: 4,
            factor: -0.75,
            axes: vec!["threat".into()]
        })
    );
    assert!(lexicon.modifier("abandon").unwrap().axes().is_empty());
    assert_eq!(
        lexicon.modifier("urge").unwrap().axes(),
        ["threat", "blame"]
    );
    assert!(matches!(
        lexicon.modifier("urge"),
        Some(ModifierKind::Directive { scope: 8, .. })
    ));
    assert_eq!(Lexicon::from_toml_str(&lexicon.to_toml()).unwrap(), lexicon);
    assert_eq!(Lexicon::from_json_str(&lexicon.to_json()).unwrap(), lexicon);
}

#[test]
fn heads_and_directives_reject_bad_parameters_with_their_line() {
    for body in [
        "[modifiers.heads]\nend = { factor = -0.75 }\n",
        "[modifiers.heads]\nend = { scope = 4 }\n",
        "[modifiers.heads]\nend = { scope = 40, factor = -0.75 }\n",
        "[modifiers.heads]\nend = { scope = 4, factor = 1.5 }\n",
        "[modifiers.heads]\nend = -0.75\n",
        "[modifiers.directives]\nurge = { scope = 8, factor = -0.5, axes = \"threat\" }\n",
        "[modifiers.directives]\nurge = { scope = 8, factor = -0.5, axes = [1] }\n",
        "[modifiers.directives]\nurge = { scope = 8, factor = -0.5, addressee = 1 }\n",
        "[modifiers.heads]\n\"end*\" = { scope = 4, factor = -0.75 }\n",
    ] {
        let e = toml_err(body);
        assert!(
            matches!(e.problem, Problem::BadModifier { .. }),
            "{body}: {e}"
        );
        assert_eq!(e.line, Some(10), "{body}");
    }
    let e = toml_err("[modifiers.heads]\nend = { scope = 4, factor = -0.75, axes = [\"tone\"] }\n");
    assert!(
        matches!(&e.problem, Problem::UnknownAxis { axis, .. } if axis == "tone"),
        "{e}"
    );
    assert_eq!(e.line, Some(10));
    assert!(e.to_string().contains("threat, blame"), "{e}");
}

#[test]
fn implied_reads_checks_and_round_trips() {
    let lexicon = Lexicon::from_toml_str(
        "[lexicon]\nname = \"t\"\nimplied = { blame = 0.25 }\n\n[[axes]]\nid = \"threat\"\n\n[[axes]]\nid = \"blame\"\n",
    )
    .unwrap();
    assert_eq!(lexicon.implied().get("blame"), Some(&0.25));
    assert_eq!(Lexicon::from_toml_str(&lexicon.to_toml()).unwrap(), lexicon);
    assert_eq!(Lexicon::from_json_str(&lexicon.to_json()).unwrap(), lexicon);
    let mut other = lexicon.clone();
    other.set_implied("blame", Some(0.5)).unwrap();
    assert_ne!(other.hash(), lexicon.hash());
    for (table, reason) in [
        ("{ tone = 0.25 }", "no such axis"),
        ("{ blame = 1.5 }", "between 0 and 1"),
        ("{ blame = -0.1 }", "between 0 and 1"),
    ] {
        let text = format!(
            "[lexicon]\nname = \"t\"\nimplied = {table}\n\n[[axes]]\nid = \"threat\"\n\n[[axes]]\nid = \"blame\"\n"
        );
        match Lexicon::from_toml_str(&text) {
            Err(Error::Lexicon(e)) => {
                assert!(matches!(e.problem, Problem::BadImplied { .. }), "{e}");
                assert_eq!(e.line, Some(3), "{e}");
                assert!(e.to_string().contains(reason), "{e}");
            }
            other => panic!("expected a lexicon error, got {other:?}"),
        }
    }
}

#[test]
fn implied_from_reads_checks_and_round_trips() {
    let head = "[lexicon]\nname = \"t\"\nimplied = { blame = 0.5, threat = 0.5 }\n";
    let axes = "\n[[axes]]\nid = \"threat\"\n\n[[axes]]\nid = \"blame\"\n";
    let lexicon =
        Lexicon::from_toml_str(&format!("{head}implied_from = [\"threat\"]\n{axes}")).unwrap();
    assert_eq!(lexicon.implied_from(), ["threat"]);
    assert_eq!(Lexicon::from_toml_str(&lexicon.to_toml()).unwrap(), lexicon);
    assert_eq!(Lexicon::from_json_str(&lexicon.to_json()).unwrap(), lexicon);
    let all = Lexicon::from_toml_str(&format!("{head}{axes}")).unwrap();
    assert_ne!(all.hash(), lexicon.hash());
    match Lexicon::from_toml_str(&format!("{head}implied_from = [\"tone\"]\n{axes}")) {
        Err(Error::Lexicon(e)) => {
            assert!(matches!(e.problem, Problem::BadImplied { .. }), "{e}");
            assert_eq!(e.line, Some(4), "{e}");
        }
        other => panic!("expected a lexicon error, got {other:?}"),
    }
}

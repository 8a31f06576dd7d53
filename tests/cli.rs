//! End-to-end tests of the `stancekit` command-line tool.
//!
//! They stick to robust terms of the built-in lexicon ("retaliate",
//! "ultimatum", "welcome", "talks", "accused", "not") and test behaviour,
//! not weights.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_stancekit");
const AXES: [&str; 4] = ["threat", "blame", "rigidity", "certainty"];

/// Runs the tool with `args`, feeding `stdin`.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_env(args, stdin, &[])
}

/// Runs the tool with `args`, feeding `stdin`, with environment variables
/// set (`Some`) or removed (`None`).
fn run_env(args: &[&str], stdin: &[u8], env: &[(&str, Option<&str>)]) -> Output {
    let mut command = Command::new(BIN);
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The tool may finish without reading everything (a fatal error).
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("the binary runs");
    writer.join().expect("the writer thread ends");
    assert!(
        !stderr(&output).contains("panicked"),
        "panic: {}",
        stderr(&output)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts that the command's stderr contains `needle`, showing it if not.
fn assert_stderr_has(out: &Output, needle: &str) {
    let err = stderr(out);
    assert!(err.contains(needle), "{needle:?} not in stderr:\n{err}");
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

/// The JSONL rows of a successful run.
fn rows(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSONL {line:?}: {e}"))
        })
        .collect()
}

fn num(row: &Value, field: &str) -> f64 {
    row[field]
        .as_f64()
        .unwrap_or_else(|| panic!("{field} is not a number in {row}"))
}

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("stancekit-cli-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        fs::write(&path, content).expect("write temp file");
        path.to_str().expect("UTF-8 temp path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn text_from_stdin_gives_one_row_per_line() {
    let out = run(
        &["score"],
        b"We will retaliate.\n\nWe welcome the constructive talks.\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = rows(&out);
    assert_eq!(rows.len(), 3);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"], i as u64 + 1);
        assert!(row["error"].is_null());
        assert!(row["lexicon"]
            .as_str()
            .is_some_and(|h| h.starts_with("sha256:")));
    }
    assert_eq!(rows[0]["text"], "We will retaliate.");
    assert!(num(&rows[0], "threat") > 0.0);
    // An empty line is an empty statement: a row, scored zero.
    assert_eq!(rows[1]["text"], "");
    for axis in AXES {
        assert_eq!(num(&rows[1], axis), 0.0);
    }
    assert!(num(&rows[2], "threat") < 0.0);
    assert!(num(&rows[2], "blame") < 0.0);
    // Field order: line, text, the axes, lexicon, error.
    let first = stdout(&out).lines().next().unwrap_or_default().to_string();
    let keys = [
        "\"line\"",
        "\"text\"",
        "\"threat\"",
        "\"blame\"",
        "\"rigidity\"",
        "\"certainty\"",
        "\"lexicon\"",
        "\"error\"",
    ];
    let positions: Vec<usize> = keys.iter().map(|k| first.find(k).expect(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
    // The summary line.
    assert_stderr_has(&out, "3 rows, 0 errors");
}

#[test]
fn jsonl_passes_fields_through_and_keeps_bad_rows() {
    let dir = TempDir::new("jsonl");
    let mut input = Vec::new();
    input.extend_from_slice(
        b"{\"id\":1,\"text\":\"We will retaliate.\",\"meta\":{\"b\":1,\"a\":[2.5,true]}}\n",
    );
    input.extend_from_slice(b"{\"id\":2,\"body\":\"no text field\"}\n");
    input.extend_from_slice(b"{this is not json\n");
    input.extend_from_slice(b"{\"id\":4,\"text\":\"caf\xe9 accused\"}\n");
    input.extend_from_slice(b"{\"id\":5,\"text\":5}\n");
    input.extend_from_slice(b"{\"id\":6,\"text\":\"They accused us.\"}");
    let file = dir.write("in.jsonl", &input);
    let out = run(&["score", &file], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = rows(&out);
    assert_eq!(rows.len(), 6);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"], i as u64 + 1);
    }
    // Passed through unchanged, in their order, before the scores.
    let first = stdout(&out).lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with(r#"{"line":1,"id":1,"text":"We will retaliate.","meta":{"b":1,"a":[2.5,true]},"threat":"#),
        "{first}"
    );
    assert!(num(&rows[0], "threat") > 0.0);
    assert!(num(&rows[5], "blame") > 0.0);
    assert_eq!(rows[5]["id"], 6);
    for (i, what) in [
        (1, "missing field"),
        (2, "invalid JSON"),
        (3, "UTF-8"),
        (4, "not a string"),
    ] {
        let row = &rows[i];
        let error = row["error"]
            .as_str()
            .unwrap_or_else(|| panic!("row {i} has no error: {row}"));
        assert!(error.contains(what), "{error}");
        for axis in AXES {
            assert!(row[axis].is_null(), "{row}");
        }
        assert_stderr_has(&out, &format!("{file}:{}: ", i + 1));
    }
    assert_eq!(rows[1]["body"], "no text field");
    assert!(rows[0]["error"].is_null() && rows[5]["error"].is_null());
    assert_stderr_has(&out, "6 rows, 4 errors");
}

#[test]
fn jsonl_text_field_is_configurable() {
    let out = run(
        &["score", "--format", "jsonl", "--text-field", "body", "-q"],
        b"{\"body\":\"an ultimatum\",\"text\":\"We welcome the talks.\"}\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = rows(&out);
    assert!(num(&rows[0], "threat") > 0.0);
    assert_eq!(rows[0]["text"], "We welcome the talks.");
}

#[test]
fn strict_fails_only_when_a_row_failed() {
    let good = run(
        &["score", "--strict", "--format", "jsonl"],
        b"{\"text\":\"We welcome the talks.\"}\n",
    );
    assert_eq!(code(&good), 0, "{}", stderr(&good));
    let bad = run(
        &["score", "--strict", "--format", "jsonl"],
        b"{\"text\":\"We welcome the talks.\"}\n[]\n",
    );
    assert_eq!(code(&bad), 1);
    assert_eq!(rows(&bad).len(), 2, "all rows are still written");
    assert!(stderr(&bad).contains("<stdin>:2: "), "{}", stderr(&bad));
}

#[test]
fn csv_in_csv_out() {
    let dir = TempDir::new("csv");
    let file = dir.write(
        "in.csv",
        "id,text,lang\n1,\"They accused us, and sent an ultimatum.\",en\n2,too few fields\n3,\"We welcome\nthe talks.\",fr\n",
    );
    let out = run(&["score", "--output-format", "csv", &file], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "line",
            "id",
            "text",
            "lang",
            "threat",
            "blame",
            "rigidity",
            "certainty",
            "lexicon",
            "error"
        ]
    );
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(records.len(), 3);
    assert_eq!(&records[0][0], "2");
    assert_eq!(&records[0][2], "They accused us, and sent an ultimatum.");
    assert!(records[0][4].parse::<f64>().expect("a number") > 0.0);
    assert!(records[0][5].parse::<f64>().expect("a number") > 0.0);
    assert_eq!(&records[0][9], "");
    assert_eq!(&records[1][0], "3");
    assert!(records[1][9].contains("fields"), "{:?}", &records[1]);
    assert_eq!(&records[1][4], "", "a bad row has no scores");
    assert_stderr_has(&out, &format!("{file}:3: "));
    assert_eq!(&records[2][2], "We welcome\nthe talks.");
    assert!(records[2][4].parse::<f64>().expect("a number") < 0.0);
}

#[test]
fn tsv_with_a_custom_column_to_jsonl() {
    let out = run(
        &[
            "score",
            "--format",
            "tsv",
            "--text-column",
            "statement",
            "-q",
        ],
        b"speaker\tstatement\nA\t\"We will retaliate.\nB\tWe welcome the talks.\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = rows(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["speaker"], "A");
    assert_eq!(
        rows[0]["statement"], "\"We will retaliate.",
        "TSV has no quoting"
    );
    assert_eq!(rows[1]["line"], 3);
    assert!(num(&rows[1], "threat") < 0.0);
}

#[test]
fn csv_without_the_text_column_stops_the_run() {
    let out = run(&["score", "--format", "csv"], b"id,body\n1,hello\n");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("stancekit: ") && stderr(&out).contains("\"text\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn csv_output_columns_come_from_the_first_chunk() {
    let input = b"{\"a\":1,\"text\":\"talks\"}\n{\"b\":2,\"text\":\"talks\"}\n";
    let out = run(&["score", "-f", "jsonl", "-O", "csv", "-q"], input);
    let header = stdout(&out).lines().next().unwrap_or_default().to_string();
    assert!(header.starts_with("line,a,text,b,threat"), "{header}");
    assert_eq!(stdout(&out).lines().count(), 3);

    let out = run(
        &[
            "score",
            "-f",
            "jsonl",
            "-O",
            "csv",
            "--chunk-size",
            "1",
            "-q",
        ],
        input,
    );
    let header = stdout(&out).lines().next().unwrap_or_default().to_string();
    assert!(header.starts_with("line,a,text,threat"), "{header}");
    assert!(
        stderr(&out).contains("\"b\""),
        "the dropped field is reported: {}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 3);
}

#[test]
fn explain_flag_adds_contributions() {
    let out = run(
        &["score", "--explain", "-q"],
        b"We will not break off talks.\nNothing here.\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = rows(&out);
    let contributions = rows[0]["contributions"].as_array().expect("contributions");
    let hit = contributions
        .iter()
        .find(|c| c["term"] == "break off talks")
        .expect("the phrase matched");
    assert_eq!(hit["text"], "break off talks");
    assert_eq!(hit["span"], serde_json::json!([12, 27]));
    assert!(hit["values"]["threat"].as_f64().expect("a value") < 0.0);
    let factor = &hit["factors"][0];
    assert_eq!(factor["rule"], "negation");
    assert_eq!(factor["trigger"], "not");
    assert!(factor["factor"].as_f64().expect("a factor") < 0.0);
    assert_eq!(rows[1]["contributions"], serde_json::json!([]));
}

#[test]
fn explain_flag_does_not_change_scores() {
    let input = b"We will not break off talks.\nThey accused us of trying to provoke a very serious crisis, but we welcome talks.\n";
    let plain = rows(&run(&["score", "-q"], input));
    let explained = rows(&run(&["score", "-q", "--explain"], input));
    for (a, b) in plain.iter().zip(&explained) {
        for axis in AXES {
            assert_eq!(a[axis], b[axis]);
        }
    }
}

#[test]
fn thread_count_and_chunk_size_do_not_change_output() {
    let statements = [
        "We will retaliate.",
        "We welcome the constructive talks.",
        "They accused us of trying to provoke a conflict, but we will not break off talks.",
        "",
        "This ultimatum is very serious.",
    ];
    let mut input = String::new();
    for i in 0..3000 {
        input.push_str(statements[i % statements.len()]);
        input.push('\n');
    }
    let one = run(
        &["score", "-q", "--threads", "1", "--chunk-size", "700"],
        input.as_bytes(),
    );
    let two = run(
        &["score", "-q", "--threads", "2", "--chunk-size", "700"],
        input.as_bytes(),
    );
    let default = run(&["score", "-q"], input.as_bytes());
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    assert_eq!(stdout(&one).lines().count(), 3000);
    assert!(
        one.stdout == two.stdout,
        "--threads 1 and --threads 2 differ"
    );
    assert!(one.stdout == default.stdout, "chunk sizes differ");
    let last: Value =
        serde_json::from_str(stdout(&one).lines().last().unwrap_or_default()).expect("JSON");
    assert_eq!(last["line"], 3000);
}

#[test]
fn several_inputs_name_their_file() {
    let dir = TempDir::new("multi");
    let a = dir.write("a.txt", "We will retaliate.\n");
    let b = dir.write(
        "b.jsonl",
        "{\"text\":\"an ultimatum\"}\n{\"text\":\"talks\"}\n",
    );
    let out = run(&["score", "-q", &a, &b], b"");
    let rows = rows(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["file"], a.as_str());
    assert_eq!(rows[2]["file"], b.as_str());
    assert_eq!(rows[2]["line"], 2);
}

#[test]
fn output_file_and_extra_lexicon() {
    let dir = TempDir::new("output");
    let lexicon = dir.write(
        "mine.toml",
        "[lexicon]\nname = \"mine\"\n[entries.mine]\n\"zorble-fluxing\" = { threat = 2.0 }\n",
    );
    let target = dir.0.join("out.jsonl");
    let target_str = target.to_str().expect("UTF-8 path");
    let out = run(
        &["score", "-q", "--lexicon", &lexicon, "-o", target_str],
        b"More zorble-fluxing.\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let written = fs::read_to_string(&target).expect("the output file");
    let row: Value = serde_json::from_str(written.trim()).expect("JSON");
    assert!(num(&row, "threat") > 0.0);
    let plain = rows(&run(&["score", "-q"], b"More zorble-fluxing.\n"));
    assert_eq!(num(&plain[0], "threat"), 0.0);
    assert_ne!(
        row["lexicon"], plain[0]["lexicon"],
        "the hash names the lexicon"
    );
}

#[test]
fn explain_command_prints_a_table() {
    let out = run(&["explain", "We will not break off talks."], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("break off talks"), "{text}");
    assert!(
        text.contains("negation") && text.contains("\"not\""),
        "{text}"
    );
    for word in ["term", "threat", "certainty", "raw", "score"] {
        assert!(text.contains(word), "{word} in {text}");
    }
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );

    let coloured = stdout(&run(
        &["explain", "--color", "always", "We will retaliate."],
        b"",
    ));
    assert!(
        coloured.contains("\x1b[31m"),
        "positive values are red: {coloured}"
    );

    let json = run(
        &["explain", "--json", "We", "welcome", "the", "talks."],
        b"",
    );
    let stance: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(stance["axes"].as_array().map(Vec::len), Some(4));
    assert_eq!(stance["axes"][0]["axis"], "threat");
    assert!(stance["axes"][0]["score"].as_f64().expect("a score") < 0.0);
    assert!(stance["contributions"].as_array().is_some_and(|c| c
        .iter()
        .any(|c| c["text"].as_str().is_some_and(|t| t.contains("welcome")))));
}

#[test]
fn lexicon_check_reports_file_and_line() {
    let dir = TempDir::new("check");
    let good = dir.write(
        "good.toml",
        "[lexicon]\nname = \"mine\"\n[entries.mine]\n\"zorble-fluxing\" = { threat = 2.0 }\n",
    );
    let bad = dir.write(
        "bad.toml",
        "[lexicon]\nname = \"bad\"\n[entries.mine]\n\"war\" = { thraet = 1.0 }\n",
    );

    let out = run(&["lexicon", "check", &good], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(&format!("{good}: ok (")),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("entries") && stdout(&out).contains("hash sha256:"));

    let out = run(&["lexicon", "check", &good, &bad], b"");
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains(&format!("{good}: ok")));
    assert_stderr_has(&out, &format!("{bad}:4: "));
    assert_stderr_has(&out, "thraet");

    // The good file alone has no axes to weigh.
    let out = run(&["lexicon", "check", "--no-default", &good], b"");
    assert_eq!(code(&out), 1, "{}", stdout(&out));
}

#[test]
fn liwc_and_quanteda_dictionaries_load_by_extension() {
    let dir = TempDir::new("import");
    let dic = dir.write("emo.dic", "%\n1\tposemo\n2\tnegemo\n%\nhapp*\t1\nsad\t2\n");
    let yml = dir.write(
        "econ.yml",
        "economy:\n  positive: [growth, job*]\n  negative: [recession]\n",
    );
    let bad = dir.write("bad.yaml", "economy:\n  positive:\n    - colo?r\n");

    let out = run(&["lexicon", "check", "--no-default", &dic, &yml], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with(&format!("{dic}: ok (2 entries, 0 modifiers")));
    // As an extension of the built-in lexicon, the categories are not axes.
    let out = run(&["lexicon", "check", &dic], b"");
    assert_eq!(code(&out), 1);
    assert_stderr_has(
        &out,
        &format!("{dic}:2: category \"posemo\" is not an axis"),
    );

    let out = run(
        &["score", "-q", "--no-default", "--lexicon", &yml],
        b"Growth and jobs.\nA recession.\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = rows(&out);
    assert!(num(&rows[0], "economy.positive") > 0.0 && num(&rows[0], "economy.negative") == 0.0);
    assert!(num(&rows[1], "economy.negative") > 0.0);

    let out = run(&["score", "-q", "--no-default", "--lexicon", &bad], b"x\n");
    assert_eq!(code(&out), 2);
    assert_stderr_has(&out, &format!("{bad}:3: bad wildcard \"colo?r\""));
}

#[test]
fn lexicon_show_and_export_round_trip() {
    let show = run(&["lexicon", "show"], b"");
    assert_eq!(code(&show), 0, "{}", stderr(&show));
    let text = stdout(&show);
    for word in [
        "diplomatic-en",
        "threat",
        "conciliatory",
        "threatening",
        "entries",
        "phrases",
        "wildcards",
        "negators",
    ] {
        assert!(text.contains(word), "{word} in {text}");
    }
    let hash = text
        .lines()
        .find_map(|l| l.strip_prefix("hash:"))
        .map(str::trim)
        .expect("a hash line")
        .to_string();
    assert!(hash.starts_with("sha256:"));

    let dir = TempDir::new("export");
    let export = run(&["lexicon", "export", "--format", "json"], b"");
    assert_eq!(code(&export), 0, "{}", stderr(&export));
    let json: Value = serde_json::from_slice(&export.stdout).expect("JSON");
    assert_eq!(json["lexicon"]["name"], "diplomatic-en");
    let file = dir.write("exported.json", &export.stdout);
    let check = run(&["lexicon", "check", "--no-default", &file], b"");
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(
        stdout(&check).contains(&format!("hash {hash})")),
        "{} vs {hash}",
        stdout(&check)
    );

    let toml = dir.0.join("exported.toml");
    let toml = toml.to_str().expect("UTF-8 path");
    let export = run(&["lexicon", "export", "--output", toml], b"");
    assert_eq!(code(&export), 0, "{}", stderr(&export));
    let check = run(&["lexicon", "check", toml], b"");
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(
        stdout(&check).contains(&format!("hash {hash})")),
        "{}",
        stdout(&check)
    );
}

#[test]
fn unreadable_input_stops_with_status_2() {
    let dir = TempDir::new("unreadable");
    let missing = dir.0.join("missing.txt");
    let missing = missing.to_str().expect("UTF-8 path");
    let out = run(&["score", missing], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("stancekit: "), "{}", stderr(&out));
    assert_stderr_has(&out, "missing.txt");
    assert!(out.stdout.is_empty());

    let directory = dir.0.to_str().expect("UTF-8 path");
    assert_eq!(code(&run(&["score", directory], b"")), 2);
}

#[test]
fn bad_lexicon_stops_with_status_2() {
    let dir = TempDir::new("badlexicon");
    let bad = dir.write(
        "bad.toml",
        "[lexicon]\nname = \"bad\"\n[entries.mine]\n\"war\" = { thraet = 1.0 }\n",
    );
    let out = run(&["score", "--lexicon", &bad], b"talks\n");
    assert_eq!(code(&out), 2);
    assert_stderr_has(&out, &format!("stancekit: {bad}:4: "));
    let out = run(&["explain", "--lexicon", &bad, "talks"], b"");
    assert_eq!(code(&out), 2);
    // --no-default without a lexicon is a usage error.
    assert_eq!(code(&run(&["score", "--no-default"], b"")), 2);
}

#[test]
fn closed_stdout_ends_quietly() {
    let input = "We will retaliate, and we welcome the constructive talks.\n".repeat(20_000);
    let mut child = Command::new(BIN)
        .args(["score", "--chunk-size", "256"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let mut reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("a first row");
    assert!(first.starts_with("{\"line\":1,"), "{first}");
    drop(reader);
    let output = child.wait_with_output().expect("the binary runs");
    writer.join().expect("the writer thread ends");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[test]
fn help_has_examples() {
    let out = run(&["score", "--help"], b"");
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.contains("Examples:") && text.contains("empty lines"),
        "{text}"
    );
    assert!(stdout(&run(&["--help"], b"")).contains("stancekit explain"));
    assert!(stdout(&run(&["--version"], b"")).starts_with("stancekit "));
}

/// A table run with the default width and no colour settings inherited.
fn run_table(args: &[&str], stdin: &[u8], columns: Option<&str>) -> Output {
    run_env(
        args,
        stdin,
        &[
            ("COLUMNS", columns),
            ("NO_COLOR", None),
            ("CLICOLOR_FORCE", None),
        ],
    )
}

/// The parts of table output: header, row lines, summary lines (after the
/// separator).
fn table_parts(text: &str) -> (String, Vec<String>, Vec<String>) {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let separator = lines
        .iter()
        .position(|l| !l.is_empty() && l.chars().all(|c| c == '-'))
        .unwrap_or_else(|| panic!("no separator in {text}"));
    assert!(separator >= 1, "{text}");
    (
        lines[0].clone(),
        lines[1..separator].to_vec(),
        lines[separator + 1..].to_vec(),
    )
}

/// The signed 2-decimal scores of a table row (`+0.71`, `-0.32`, `0.00`).
fn table_scores(line: &str) -> Vec<f64> {
    line.split_whitespace()
        .skip(1)
        .take(AXES.len())
        .map(|cell| {
            assert!(
                cell.len() == 5 || cell == "0.00",
                "not a 2-decimal score: {cell:?} in {line:?}"
            );
            assert!(
                cell == "0.00" || cell.starts_with('+') || cell.starts_with('-'),
                "unsigned score {cell:?} in {line:?}"
            );
            cell.parse().unwrap_or_else(|e| panic!("{cell:?}: {e}"))
        })
        .collect()
}

#[test]
fn table_output_on_the_bundled_examples() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/statements.jsonl");
    let input: Vec<Value> = fs::read_to_string(path)
        .expect("examples/statements.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("an example row"))
        .collect();
    assert!(input.len() > 5);

    let out = run_table(&["score", path, "-O", "table"], b"", None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "no colour in a pipe: {text}");
    let (header, lines, summary) = table_parts(&text);
    for axis in AXES {
        assert!(header.contains(axis), "{axis} in {header}");
    }
    assert!(header.contains("text"), "{header}");
    assert_eq!(lines.len(), input.len(), "one line per input row: {text}");

    // Same scores as JSONL, in the same order, labelled by `id`.
    let jsonl = rows(&run(&["score", path], b""));
    assert_eq!(jsonl.len(), input.len());
    for ((line, row), statement) in lines.iter().zip(&jsonl).zip(&input) {
        let id = statement["id"].as_str().expect("an id");
        assert!(line.starts_with(&format!("{id} ")), "{line}");
        assert!(!line.contains("error"), "{line}");
        assert!(line.chars().count() <= 100, "wider than 100: {line}");
        let scores = table_scores(line);
        assert_eq!(scores.len(), AXES.len(), "{line}");
        for (axis, score) in AXES.iter().zip(scores) {
            let exact = num(row, axis);
            assert!((score - exact).abs() <= 0.0051, "{axis}: {line} vs {row}");
        }
        // The text, or the start of it.
        let statement = statement["text"].as_str().expect("a text");
        let shown = line.split("  ").last().unwrap_or_default();
        let prefix = shown.strip_suffix('…').unwrap_or(shown);
        assert!(!prefix.is_empty(), "{line}");
        assert!(
            statement.starts_with(prefix),
            "{prefix:?} starts {statement:?}"
        );
    }

    // The summary: one line per axis with its mean, count and extremes.
    assert!(
        summary.first().is_some_and(|l| l.contains("mean")),
        "{summary:?}"
    );
    for axis in AXES {
        let line = summary
            .iter()
            .find(|l| l.split_whitespace().next() == Some(axis))
            .unwrap_or_else(|| panic!("no summary line for {axis}: {summary:?}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            cells.len(),
            7,
            "axis mean count max label min label: {line}"
        );
        assert_eq!(cells[2], input.len().to_string(), "{line}");
        let mean: f64 = cells[1].parse().expect("a mean");
        let exact = jsonl.iter().map(|r| num(r, axis)).sum::<f64>() / jsonl.len() as f64;
        assert!((mean - exact).abs() <= 0.0051, "{line}: mean {exact}");
        let (max, min) = jsonl
            .iter()
            .map(|r| num(r, axis))
            .fold((f64::MIN, f64::MAX), |(hi, lo), v| (hi.max(v), lo.min(v)));
        let shown_max: f64 = cells[3].parse().expect("a max");
        let shown_min: f64 = cells[5].parse().expect("a min");
        assert!((shown_max - max).abs() <= 0.0051, "{line}: max {max}");
        assert!((shown_min - min).abs() <= 0.0051, "{line}: min {min}");
        for label in [cells[4], cells[6]] {
            assert!(
                input.iter().any(|s| s["id"] == label),
                "{label} is an id: {line}"
            );
        }
    }

    // The short flag and the long one agree; --help tells of the format.
    let long = run_table(&["score", "--output-format", "table", path], b"", None);
    assert_eq!(stdout(&long), text);
    let help = stdout(&run(&["score", "--help"], b""));
    assert!(help.contains("table") && help.contains("COLUMNS"), "{help}");
    // --explain has nothing to add to a table.
    let explain = run_table(&["score", "-O", "table", "--explain", path], b"", None);
    assert_eq!(code(&explain), 2, "{}", stdout(&explain));
}

#[test]
fn table_shows_errors_in_place_of_scores() {
    let input = concat!(
        "{\"id\": \"good\", \"text\": \"We will retaliate.\"}\n",
        "{\"id\": \"bad\", \"body\": \"no text field\"}\n",
        "{not json\n",
        "{\"speaker\": \"Envoy\", \"text\": \"We welcome the constructive talks.\"}\n",
    );
    let out = run_table(
        &["score", "--format", "jsonl", "-O", "table"],
        input.as_bytes(),
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let (_, lines, summary) = table_parts(&text);
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("good "), "{text}");
    assert_eq!(table_scores(&lines[0]).len(), AXES.len());
    assert!(table_scores(&lines[0])[0] > 0.0, "{text}");
    // Labelled by id, else by line number; the error instead of scores.
    for (line, label) in [(&lines[1], "bad"), (&lines[2], "3")] {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[0], label, "{line}");
        assert_eq!(cells[1], "error:", "{line}");
        assert!(!line.contains("+0.") && !line.contains("-0."), "{line}");
    }
    assert!(lines[1].contains("text"), "names the missing field: {text}");
    // Labelled by speaker.
    assert!(lines[3].starts_with("Envoy "), "{text}");
    // Only the two good rows count in the summary.
    for axis in AXES {
        let line = summary
            .iter()
            .find(|l| l.split_whitespace().next() == Some(axis))
            .unwrap_or_else(|| panic!("{axis} in {summary:?}"));
        assert_eq!(line.split_whitespace().nth(2), Some("2"), "{line}");
    }
    assert!(
        summary
            .iter()
            .any(|l| l.contains("good") && l.contains("Envoy")),
        "{summary:?}"
    );
    assert_stderr_has(&out, "<stdin>:3:");

    let strict = run_table(
        &["score", "--format", "jsonl", "-O", "table", "--strict"],
        input.as_bytes(),
        None,
    );
    assert_eq!(code(&strict), 1);
    assert_eq!(stdout(&strict), text);
}

#[test]
fn table_truncates_text_to_columns() {
    let long = "We will retaliate against the aggression, and we reject the ultimatum \
                that Moscow’s envoys délivered — the talks are over.";
    let input = format!("{long}\nShort.\n\n");
    let out = run_table(&["score", "-O", "table"], input.as_bytes(), Some("60"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for line in text.lines() {
        assert!(line.chars().count() <= 60, "wider than 60: {line:?}");
    }
    let (_, lines, _) = table_parts(&text);
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0].chars().count(), 60, "the long text fills the line");
    let cut = lines[0].split("  ").last().unwrap_or_default();
    let prefix = cut.strip_suffix('…').expect("cut with an ellipsis");
    assert!(prefix.len() > 3 && long.starts_with(prefix), "{cut:?}");
    assert!(lines[1].ends_with("  Short."), "{text}");
    assert!(lines[2].ends_with("0.00"), "an empty statement: {text}");

    // Cut on characters: at every width (that leaves room for text), a line
    // exactly as wide as asked.
    let multibyte = "’é—".repeat(40);
    for columns in 50..=80 {
        let out = run_table(
            &["score", "-O", "table"],
            multibyte.as_bytes(),
            Some(&columns.to_string()),
        );
        let text = stdout(&out);
        let (_, lines, _) = table_parts(&text);
        assert_eq!(lines[0].chars().count(), columns, "{text}");
        assert!(lines[0].ends_with('…'), "{text}");
    }

    // Without COLUMNS the width is 100.
    let wide = stdout(&run_table(
        &["score", "-O", "table"],
        input.as_bytes(),
        None,
    ));
    let (_, lines, _) = table_parts(&wide);
    assert_eq!(lines[0].chars().count(), 100, "{wide}");
}

/// A standalone lexicon of four made-up words, one of them ("loz") with
/// the wrong sign, and rated statements of pairs of them: JSONL rows with
/// nested ratings, and the same as CSV with one column per axis.
fn calibration_files(dir: &TempDir) -> (String, String, String) {
    let lexicon = dir.write(
        "prior.toml",
        "[lexicon]\nname = \"made-up\"\nversion = \"0.1.0\"\n[[axes]]\nid = \"threat\"\n[[axes]]\nid = \"blame\"\n\
         [entries.words]\nkaz = { threat = 2.0 }\nloz = { threat = 1.0, blame = 1.0 }\nmiz = { threat = -1.0 }\nnuz = { threat = 0.5 }\n",
    );
    let words = ["kaz", "loz", "miz", "nuz"];
    let truth = [2.0, -1.0, -1.0, 0.5];
    let mut jsonl = String::new();
    let mut csv = String::from("id,text,threat\n");
    for i in 0..80 {
        let (a, b) = (i % 4, i / 4 % 4);
        let text = format!("{} and {}.", words[a], words[b]);
        let rating = (truth[a] + truth[b]) / 2.0;
        jsonl.push_str(&format!(
            "{{\"id\": {i}, \"text\": \"{text}\", \"mean\": {{\"threat\": {rating}}}}}\n"
        ));
        csv.push_str(&format!("{i},{text},{rating}\n"));
    }
    jsonl.push_str("{\"id\": 80, \"text\": \"kaz.\", \"mean\": {\"threat\": \"high\"}}\n");
    jsonl.push_str("not json\n");
    csv.push_str("81,kaz.,\n");
    (
        lexicon,
        dir.write("rated.jsonl", jsonl),
        dir.write("rated.csv", csv),
    )
}

#[test]
fn calibrate_writes_a_lexicon_and_reports_held_out_agreement() {
    let dir = TempDir::new("calibrate");
    let (lexicon, jsonl, csv) = calibration_files(&dir);
    let out_toml = dir.0.join("out.toml");
    let out_path = out_toml.to_str().unwrap_or_default();
    let out = run(
        &[
            "calibrate",
            &jsonl,
            "--no-default",
            "--lexicon",
            &lexicon,
            "--ratings-field",
            "mean",
            "--seed",
            "3",
            "-o",
            out_path,
            "--json",
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Bad rows are named and skipped.
    assert_stderr_has(
        &out,
        "rated.jsonl:81: rating \"threat\": \"high\" is not a finite number",
    );
    assert_stderr_has(&out, "rated.jsonl:82: invalid JSON");
    let report: Value = serde_json::from_str(&stdout(&out)).expect("a JSON report");
    assert_eq!(report["statements"], 80);
    assert_eq!(report["skipped"], 2);
    assert_eq!(report["lexicon"]["version"], "0.1.0+calibrated");
    let axes = report["axes"].as_array().expect("axes");
    assert_eq!(axes.len(), 1, "blame has no ratings: {report}");
    assert_eq!(axes[0]["axis"], "threat");
    assert!(num(&axes[0], "heldout_spearman") > num(&axes[0], "prior_spearman"));
    // The file is a standalone lexicon in which "loz" now calms, and its
    // blame weight is untouched.
    let written = fs::read_to_string(&out_toml).expect("the lexicon was written");
    assert!(
        written.contains(r#""loz" = { "blame" = 1.0, "threat" = -"#),
        "{written}"
    );
    let check = run(&["lexicon", "check", "--no-default", out_path], b"");
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(stdout(&check).contains(report["lexicon"]["hash"].as_str().unwrap_or("?")));

    // CSV with a column per axis gives the same table; the empty rating
    // row is simply unrated.
    let out = run(
        &[
            "calibrate",
            &csv,
            "--no-default",
            "--lexicon",
            &lexicon,
            "--seed",
            "3",
            "-o",
            out_path,
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with("axis") && table.contains("held-out ρ"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("threat") && l.contains(" 80 ")),
        "{table}"
    );
    assert_eq!(fs::read_to_string(&out_toml).ok(), Some(written));
}

#[test]
fn calibrate_refuses_unusable_input() {
    let dir = TempDir::new("calibrate-bad");
    let (lexicon, jsonl, _) = calibration_files(&dir);
    let out_path = dir.0.join("out.toml");
    let out_path = out_path.to_str().unwrap_or_default();
    let base = [
        "calibrate",
        jsonl.as_str(),
        "--no-default",
        "--lexicon",
        lexicon.as_str(),
        "-o",
        out_path,
    ];
    // Without --ratings-field the nested ratings are not found.
    let out = run(&base, b"");
    assert_eq!(code(&out), 2);
    assert_stderr_has(
        &out,
        "no ratings for any axis of the lexicon (threat, blame); are they nested?",
    );
    let out = run(
        &[&base[..], &["--ratings-field", "mean", "--axes", "tone"]].concat(),
        b"",
    );
    assert_eq!(code(&out), 2);
    assert_stderr_has(&out, "ratings name axis \"tone\"");
    let out = run(
        &[&base[..], &["--ratings-field", "mean", "--folds", "50"]].concat(),
        b"",
    );
    assert_eq!(code(&out), 2);
    assert_stderr_has(&out, "too few for 50 folds");
    assert!(!dir.0.join("out.toml").exists());
}

#[test]
fn vader_profile_scores_vaders_compound_and_reads_its_format() {
    let out = run(
        &["score", "--profile", "vader", "--quiet"],
        b"VADER is smart, handsome, and funny!\nToday SUX!\n",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let scored = rows(&out);
    // vaderSentiment 3.3.2 gives {neg 0.0, neu 0.248, pos 0.752, compound
    // 0.8439} and {0.779, 0.221, 0.0, -0.5461}.
    let four = |row: &Value| ["neg", "neu", "pos", "compound"].map(|k| num(row, k));
    assert_eq!(four(&scored[0]), [0.0, 0.248, 0.752, 0.8439]);
    assert_eq!(four(&scored[1]), [0.779, 0.221, 0.0, -0.5461]);
    let explained = run(
        &["score", "--profile", "vader", "--explain", "--quiet"],
        b"Today SUX!\n",
    );
    assert_eq!(four(&rows(&explained)[0]), [0.779, 0.221, 0.0, -0.5461]);

    let dir = TempDir::new("vader");
    let good = dir.write("mine.txt", "zorble\t2.5\t0.4\t[2, 3]\n");
    let args = [
        "score",
        "--profile",
        "vader",
        "--vader-lexicon",
        &good,
        "--quiet",
    ];
    let out = run(&args, b"so zorble\n");
    assert!(num(&rows(&out)[0], "compound") > 0.0, "{}", stderr(&out));
    let bad = dir.write("bad.txt", "zorble\tlots\n");
    let args = [
        "score",
        "--profile",
        "vader",
        "--vader-lexicon",
        &bad,
        "--quiet",
    ];
    let out = run(&args, b"so zorble\n");
    assert_ne!(code(&out), 0);
    assert_stderr_has(
        &out,
        "bad.txt:1: \"zorble\": the valence \"lots\" is not a number",
    );
}

/// `n` JSONL statements numbered by an `id` field.
fn numbered(n: usize) -> String {
    (0..n)
        .map(|i| format!("{{\"id\":{i},\"text\":\"Statement {i}: we will retaliate, but we welcome talks.\"}}\n"))
        .collect()
}

#[test]
fn skip_leaves_out_exactly_the_first_rows() {
    let dir = TempDir::new("skip");
    let input = dir.write("in.jsonl", numbered(20));
    let full = run(&["score", &input, "--quiet"], b"");
    let skipped = run(
        &[
            "score",
            &input,
            "--quiet",
            "--skip",
            "7",
            "--chunk-size",
            "3",
        ],
        b"",
    );
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    let full_lines: Vec<&str> = std::str::from_utf8(&full.stdout).unwrap().lines().collect();
    let skipped_out = stdout(&skipped);
    assert_eq!(skipped_out.lines().collect::<Vec<_>>(), full_lines[7..]);
    let beyond = run(&["score", &input, "--quiet", "--skip", "25"], b"");
    assert!(beyond.status.success());
    assert!(beyond.stdout.is_empty());
    assert!(stderr(&beyond).contains("only 20 rows, fewer than the 25 to skip"));
}

#[test]
fn resume_cuts_an_incomplete_last_row_and_appends_the_rest() {
    let dir = TempDir::new("resume");
    let input = dir.write("in.jsonl", numbered(30));
    for format in ["jsonl", "csv"] {
        let out = dir.0.join(format!("out.{format}"));
        let out = out.to_str().unwrap();
        let args = [
            "score",
            &input,
            "--quiet",
            "-O",
            format,
            "--chunk-size",
            "4",
            "-o",
            out,
        ];
        assert!(run(&args, b"").status.success());
        let full = fs::read(out).unwrap();
        // A run killed mid-row: the header (CSV) and 11 rows, then half of
        // the 12th.
        let ends: Vec<usize> = (full.iter().enumerate())
            .filter(|(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        let rows = if format == "csv" { 12 } else { 11 };
        let partial = ends[rows - 1] + (ends[rows] - ends[rows - 1]) / 2;
        fs::write(out, &full[..partial]).unwrap();
        let resumed = run(&[&args[..], &["--resume"]].concat(), b"");
        assert!(resumed.status.success(), "{}", stderr(&resumed));
        assert!(
            stderr(&resumed).contains("cut an incomplete last row"),
            "{}",
            stderr(&resumed)
        );
        assert_eq!(fs::read(out).unwrap(), full, "{format}");
        // Resuming a complete output adds nothing.
        let again = run(&[&args[..], &["--resume"]].concat(), b"");
        assert!(again.status.success());
        assert_eq!(fs::read(out).unwrap(), full, "{format}");
    }
}

#[test]
fn resume_refuses_an_output_with_other_columns() {
    let dir = TempDir::new("resume-columns");
    let input = dir.write("in.jsonl", numbered(5));
    let out = dir.0.join("out.csv");
    let out = out.to_str().unwrap();
    let plain = ["score", &input, "--quiet", "-O", "csv", "-o", out];
    assert!(run(&plain, b"").status.success());
    let before = fs::read(out).unwrap();
    let explained = run(&[&plain[..], &["--resume", "--explain"]].concat(), b"");
    assert_eq!(explained.status.code(), Some(2));
    assert!(stderr(&explained).contains("resume with the inputs and options of the first run"));
    assert_eq!(
        fs::read(out).unwrap(),
        before,
        "a refused resume changes nothing"
    );
    let table = run(
        &["score", &input, "-O", "table", "-o", out, "--resume"],
        b"",
    );
    assert_eq!(table.status.code(), Some(2));
    assert!(stderr(&table).contains("not a table"));
}

/// SIGINT or SIGTERM mid-run: the output ends with a complete row, the
/// count on standard error is the rows in the file, and `--resume` ends
/// with every input row once, in order.
#[cfg(unix)]
#[test]
fn a_signal_stops_between_chunks_and_resume_completes_the_run() {
    let dir = TempDir::new("signals");
    let n = 20_000;
    let input = dir.write("in.jsonl", numbered(n));
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let out = dir.0.join(format!("out-{signal}.jsonl"));
        let out = out.to_str().unwrap();
        let args = [
            "score",
            &input,
            "--explain",
            "-j",
            "1",
            "--chunk-size",
            "50",
            "-o",
            out,
            "--quiet",
        ];
        let child = Command::new(BIN)
            .args(args)
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        // Wait for the first chunk, so the signal comes mid-run.
        let started = std::time::Instant::now();
        while fs::metadata(out).map_or(0, |m| m.len()) == 0 {
            assert!(started.elapsed().as_secs() < 60, "no output");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let pid = child.id().to_string();
        assert!(Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap()
            .success());
        let stopped = child.wait_with_output().unwrap();
        let message = stderr(&stopped);
        assert_eq!(stopped.status.code(), Some(code), "{message}");
        assert!(
            message.contains(&format!("stopped by SIG{signal}: ")),
            "{message}"
        );
        let (before, _) = message.split_once(" rows written").expect("a count");
        let written: usize = before.rsplit(' ').next().unwrap().parse().unwrap();
        let text = fs::read_to_string(out).unwrap();
        assert!(text.ends_with('\n'));
        assert_eq!(text.lines().count(), written, "{message}");
        assert!(written < n, "the run was not interrupted: {message}");
        for line in text.lines() {
            serde_json::from_str::<Value>(line).expect("every row is whole JSON");
        }
        let resumed = run(&[&args[..], &["--resume"]].concat(), b"");
        assert!(resumed.status.success(), "{}", stderr(&resumed));
        let lines: Vec<u64> = fs::read_to_string(out)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["line"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            lines,
            (1..=n as u64).collect::<Vec<_>>(),
            "no duplicate, no gap"
        );
    }
}

#[test]
fn targets_and_grouping_by_speaker_and_target() {
    let input = concat!(
        "{\"speaker\":\"A\",\"text\":\"We condemn the provocations of NATO.\"}\n",
        "{\"speaker\":\"A\",\"text\":\"NATO threatens us, but we thank Washington.\"}\n",
        "{\"speaker\":\"B\",\"text\":\"We welcome the answer of Washington.\"}\n",
        "{\"speaker\":\"B\",\"text\":broken\n",
    );
    let rows = run(
        &[
            "score",
            "-",
            "--format",
            "jsonl",
            "--targets",
            "--explain",
            "--quiet",
        ],
        input.as_bytes(),
    );
    let first: Value = serde_json::from_str(stdout(&rows).lines().next().unwrap()).unwrap();
    assert!(
        first["targets"]["NATO"]["blame"].as_f64().unwrap() > 0.0,
        "{first}"
    );
    assert_eq!(first["attributions"][0]["actors"][0], "NATO");
    assert_eq!(first["attributions"][0]["rule"], "object");

    let grouped = run(
        &[
            "score",
            "-",
            "--format",
            "jsonl",
            "--by",
            "speaker,target",
            "--quiet",
        ],
        input.as_bytes(),
    );
    assert!(grouped.status.success(), "{}", stderr(&grouped));
    assert!(
        stderr(&grouped).contains(":4: invalid JSON"),
        "the bad row is reported"
    );
    let groups: Vec<Value> = stdout(&grouped)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |speaker: &str, target: &str| {
        groups
            .iter()
            .find(|g| g["speaker"] == speaker && g["target"] == target)
            .unwrap_or_else(|| panic!("no group {speaker}/{target} in {groups:?}"))
    };
    assert_eq!(find("A", "NATO")["count"], 2);
    assert!(find("A", "NATO")["blame"].as_f64().unwrap() > 0.0);
    assert!(find("A", "NATO")["blame_sd"].as_f64().unwrap() >= 0.0);
    assert_eq!(find("B", "US")["count"], 1);
    assert!(find("B", "US")["blame"].as_f64().unwrap() < 0.0);

    let dated = concat!(
        "{\"date\":\"2022-01-05\",\"text\":\"We condemn NATO.\"}\n",
        "{\"date\":\"2022-01-20\",\"text\":\"We thank Washington.\"}\n",
        "{\"date\":\"2022-02-01\",\"text\":\"We condemn NATO.\"}\n",
    );
    let monthly = run(
        &[
            "score",
            "-",
            "--format",
            "jsonl",
            "--by",
            "date:month",
            "--quiet",
        ],
        dated.as_bytes(),
    );
    let months: Vec<Value> = stdout(&monthly)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(months.len(), 2);
    assert_eq!(
        (
            months[0]["date:month"].as_str(),
            months[0]["count"].as_u64()
        ),
        (Some("2022-01"), Some(2))
    );

    let by_speaker = run(
        &[
            "score", "-", "--format", "jsonl", "--by", "speaker", "-O", "csv", "--quiet",
        ],
        input.as_bytes(),
    );
    let csv = stdout(&by_speaker);
    assert!(csv.starts_with("speaker,count,threat,threat_sd,"), "{csv}");
    assert_eq!(csv.lines().count(), 3);

    let vader = run(
        &[
            "score",
            "-",
            "--format",
            "jsonl",
            "--targets",
            "--profile",
            "vader",
        ],
        input.as_bytes(),
    );
    assert_eq!(vader.status.code(), Some(2));
    assert!(stderr(&vader).contains("stancekit profile"));
}

/// A signal stops the run even while standard input stays open with no
/// more lines: the reading thread is not waited for.
#[cfg(unix)]
#[test]
fn a_signal_stops_a_run_that_waits_for_standard_input() {
    use std::io::Write as _;
    let dir = TempDir::new("signals-stdin");
    let out = dir.0.join("out.jsonl");
    let out = out.to_str().unwrap();
    let mut child = Command::new(BIN)
        .args(["score", "-", "--chunk-size", "1", "-o", out, "--quiet"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"We will retaliate.\nWe welcome the talks.\n")
        .unwrap();
    stdin.flush().unwrap();
    let started = std::time::Instant::now();
    while fs::read_to_string(out).map_or(0, |t| t.lines().count()) < 2 {
        assert!(started.elapsed().as_secs() < 60, "no output");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    // Standard input is still open; the run must end anyway.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "the run waits for standard input"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    assert_eq!(fs::read_to_string(out).unwrap().lines().count(), 2);
}

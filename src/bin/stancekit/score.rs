//! `stancekit score`: stream statements through the scorer in chunks.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use ndarray::Array2;
use rustc_hash::FxHashSet;
use stancekit::group::Groups;
use stancekit::{Actors, Batch, Feature, Outcome, Scorer, Stance, Targets};

use crate::input::{Input, Record};
use crate::json::Json;
use crate::output::{self, Row, Writer};
use crate::resume::{self, Interrupt};
use crate::table::{self, Line, Table};
use crate::{lexicon, note, Fail, OutputFormat, ScoreArgs};

pub const LONG_ABOUT: &str = "\
Score statements from files or standard input.

Input (--format, `auto` by default):
  text   one statement per line; empty lines are scored as empty statements
         (all scores 0), so every line gives a row. Standard input is text
         unless --format says otherwise.
  jsonl  one JSON object per line, the statement in --text-field (default
         `text`); all fields are passed through unchanged.
  csv    a header row, the statement in --text-column (default `text`); all
  tsv    columns are passed through as strings. TSV has no quoting.
With `auto` the extension decides: .txt text, .jsonl/.ndjson/.json JSONL,
.csv CSV, .tsv/.tab TSV, anything else text.

Output (--output-format, JSONL by default; CSV; or a table, below): JSONL
and CSV give one row per input row, in input order, with the fields:
  file          the input file, only when there are several inputs
  line          1-based line where the row starts in its input
  ...           the passed-through fields (plain text: `text`)
  <axis>        one score in (-1, 1) per lexicon axis, rounded to 4 decimals
                (threat, blame, rigidity, certainty for the default lexicon)
  lexicon       the hash of the lexicon that scored it
  error         null, or what was wrong with the row
  contributions with --explain: each matched term with its text, byte span,
                term, group, values by axis and factors (rule, factor,
                trigger); a JSON string in a CSV cell
Generated fields win over passed-through fields of the same name.

CSV output takes its header from the first chunk (--chunk-size rows): the
union of the passed-through fields of those rows. With JSONL input whose
fields vary, a field first seen after the first chunk has no column and is
dropped with a warning; missing fields are left empty. Nested JSON values
are written as JSON text.

Table output (--output-format table, -O table) is for reading, not for
further processing: a header with the axis ids, then one aligned line per
input row with its label (the `id` field, else `speaker`, else the line
number), each axis score with a sign and 2 decimals (positive +0.71,
negative -0.32, zero 0.00), and the text on one line, cut with `…` to the
width (the COLUMNS environment variable, else 100 columns). A bad row shows
`error: problem` in place of its scores. The label column is sized by the
first chunk; longer labels are cut. Lines are written a chunk at a time as
they are scored; after the last come a separator and a summary, one line per
axis: the mean, the number of rows scored, and the most positive and most
negative row (label and score). On a terminal, positive scores are red and
negative ones green, unless NO_COLOR is set; there is no colour in a pipe or
with --output. --explain does not apply to tables.

Bad rows (invalid UTF-8, unparsable JSON, a missing or non-string text
field, a CSV record with the wrong number of fields) are reported on
standard error as FILE:LINE: problem and kept in the output with `error`
set and null scores, so output rows always equal input rows.

Rows are read, scored (in parallel, --threads) and written --chunk-size at a
time, so memory stays bounded however long the input is.

SIGINT (Ctrl-C) or SIGTERM stops a run cleanly: the chunk being scored is
finished and written, so the output ends with a complete row, and standard
error tells how many rows were written. Run the same command with --resume
(output to a file, -o) to continue where it stopped, or with --skip N.
A second signal stops at once. On a terminal a
progress bar is drawn on standard error; a summary line (rows, errors,
seconds, rows/s, MB/s) ends the run unless --quiet.";

pub const AFTER_HELP: &str = "\
Examples:
  stancekit score statements.txt > scores.jsonl
  cat statements.txt | stancekit score - | head
  stancekit score --explain --threads 4 speeches.jsonl -o scored.jsonl
  stancekit score --format jsonl --text-field body --output-format csv -o out.csv posts.json
  stancekit score --text-column statement --strict data.csv > scored.jsonl
  stancekit score --lexicon my-terms.toml --output-format csv *.tsv > all.csv
  stancekit score examples/statements.jsonl -O table
  stancekit score big.jsonl -o scored.jsonl --resume    # after Ctrl-C
  COLUMNS=160 stancekit score -O table speeches.csv

Exit status: 0 (also when bad rows were reported, unless --strict), 1 with
--strict when any row had an error, 2 when the run stopped (unreadable
input, bad lexicon, unwritable output), 130 or 143 when SIGINT or SIGTERM
stopped it (the output is complete up to the rows it reports).";

/// A progress bar on standard error when it is a terminal; clones draw on
/// the same bar.
#[derive(Clone)]
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(total: Option<u64>, quiet: bool) -> Progress {
        if quiet || !io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = match total {
            Some(total) => {
                let style = ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {msg} ({eta} left)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
                ProgressBar::new(total).with_style(style)
            }
            None => {
                let style =
                    ProgressStyle::with_template("{spinner} {elapsed_precise} {bytes} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner());
                ProgressBar::new_spinner().with_style(style)
            }
        };
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    fn update(&self, bytes: u64, rows: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            bar.set_message(format!("{rows} rows"));
        }
    }

    /// Prints a line on standard error without tearing the bar.
    fn note(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| note(message)),
            None => note(message),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What scoring gave for one good row: its scores (one per
/// [`Scorer::columns`]) and, with --explain or --targets, the rest.
struct Scored {
    /// Its row in the chunk's [`ScoredChunk::scores`].
    row: usize,
    outcome: Outcome,
}

impl Scored {
    fn stance(&self) -> Option<&Stance> {
        self.outcome.stance()
    }

    fn targets(&self) -> Option<&Targets> {
        match &self.outcome {
            Outcome::Targets(targets) => Some(targets),
            _ => None,
        }
    }
}

/// What became of one row: its scores, or what was wrong with it.
type RowResult = Result<Scored, String>;

/// A chunk of records of `inputs[input]`, scored.
struct ScoredChunk {
    input: usize,
    results: Vec<(Record, RowResult)>,
    /// One row per record, one column per [`Scorer::columns`].
    scores: Array2<f32>,
}

/// The `contributions` array of a row.
fn contributions(stance: &Stance) -> Json {
    let axes: Vec<&str> = stance.axes.iter().map(|a| a.axis.as_str()).collect();
    let items = stance.contributions.iter().map(|c| {
        let values = axes
            .iter()
            .zip(&c.values)
            .map(|(a, v)| (a.to_string(), Json::rounded(*v)));
        let factors = c.factors.iter().map(|f| {
            let mut fields = vec![
                ("rule".to_string(), f.rule.name().into()),
                ("factor".to_string(), Json::rounded(f.factor)),
                ("trigger".to_string(), f.trigger.clone().into()),
            ];
            if let Some(axes) = &f.axes {
                let axes = axes.iter().map(|a| a.as_str().into()).collect();
                fields.push(("axes".to_string(), Json::Array(axes)));
            }
            Json::Object(fields)
        });
        Json::Object(vec![
            ("text".to_string(), c.text.as_str().into()),
            (
                "span".to_string(),
                Json::Array(vec![
                    (c.span.start as u64).into(),
                    (c.span.end as u64).into(),
                ]),
            ),
            ("term".to_string(), c.term.as_str().into()),
            ("group".to_string(), c.group.as_str().into()),
            ("values".to_string(), Json::Object(values.collect())),
            ("factors".to_string(), Json::Array(factors.collect())),
        ])
    });
    Json::Array(items.collect())
}

/// The `targets` object of a row: actor -> axis -> score.
fn targets_json(targets: &Targets) -> Json {
    let actors = targets.targets.iter().map(|t| {
        let axes = t
            .axes
            .iter()
            .map(|a| (a.axis.clone(), Json::rounded(a.score)));
        (t.actor.clone(), Json::Object(axes.collect()))
    });
    Json::Object(actors.collect())
}

/// The `attributions` array of a row: whom each contribution is about.
fn attributions_json(targets: &Targets) -> Json {
    let items = targets.attributions.iter().map(|a| {
        Json::Object(vec![
            ("contribution".to_string(), (a.contribution as u64).into()),
            (
                "actors".to_string(),
                Json::Array(a.actors.iter().map(|x| x.as_str().into()).collect()),
            ),
            ("rule".to_string(), a.rule.name().into()),
            ("weight".to_string(), Json::float(a.weight)),
            (
                "mention".to_string(),
                Json::Array(vec![
                    (a.mention.start as u64).into(),
                    (a.mention.end as u64).into(),
                ]),
            ),
        ])
    });
    Json::Array(items.collect())
}

/// Adds a chunk's good rows to `groups`: per actor named when a key is
/// `target`, else once per statement.
fn add_to_groups(groups: &mut Groups, by: &[String], chunk: &ScoredChunk) {
    for (record, result) in &chunk.results {
        let Ok(scored) = result else {
            continue;
        };
        let field = |spec: &str| {
            // `date:month` groups ISO dates (2022-02-24) by their first
            // 7 characters; `:year` 4, `:day` 10.
            let (name, width) = match spec.rsplit_once(':') {
                Some((name, "year")) => (name, 4),
                Some((name, "month")) => (name, 7),
                Some((name, "day")) => (name, 10),
                _ => (spec, usize::MAX),
            };
            let value = (record.fields.iter())
                .find(|(key, _)| key == name)
                .map_or(String::new(), |(_, value)| value.cell().into_owned());
            value.chars().take(width).collect::<String>()
        };
        let keys = |target: &str| -> Vec<String> {
            by.iter()
                .map(|k| {
                    if k == "target" {
                        target.to_string()
                    } else {
                        field(k)
                    }
                })
                .collect()
        };
        match scored.targets() {
            Some(targets) if by.iter().any(|k| k == "target") => {
                for t in &targets.targets {
                    let scores: Vec<f64> = t.axes.iter().map(|a| a.score).collect();
                    groups.add(&keys(&t.actor), &scores);
                }
            }
            _ => {
                let row = chunk.scores.row(scored.row);
                let scores: Vec<f64> = row.iter().map(|&v| f64::from(v)).collect();
                groups.add(&keys(""), &scores);
            }
        }
    }
}

/// Writes one row per group: its keys, `count`, and per axis the mean
/// (named after the axis) and the standard deviation (`<axis>_sd`).
fn write_groups(sink: &mut Sink, groups: &Groups, by: &[String]) -> Result<(), Fail> {
    let groups = groups.rows();
    match sink {
        // A line per group: its keys as the label, the means as scores.
        Sink::Table(table) => {
            let lines: Vec<Line> = (groups.into_iter())
                .map(|g| Line {
                    label: g.keys.join(" · "),
                    scores: Ok(g.axes.iter().map(|a| a.mean as f32).collect()),
                    text: Some(format!("n={}", g.count)),
                })
                .collect();
            table.write(&lines)
        }
        Sink::Rows(writer) => {
            let rows: Vec<Row<'_>> = (groups.into_iter())
                .map(|g| {
                    let fields = (by.iter().zip(&g.keys))
                        .map(|(k, v)| (k.clone(), Json::from(v.as_str())))
                        .collect();
                    let mut tail = vec![("count".into(), Json::from(g.count))];
                    for a in &g.axes {
                        tail.push((a.axis.clone().into(), Json::rounded(a.mean)));
                        tail.push((format!("{}_sd", a.axis).into(), Json::rounded(a.sd)));
                    }
                    Row {
                        head: Vec::new(),
                        fields,
                        tail,
                    }
                })
                .collect();
            writer.write(&rows, &mut |message| note(&format!("stancekit: {message}")))
        }
    }
}

/// Counts for the summary line.
#[derive(Default)]
struct Stats {
    rows: u64,
    errors: u64,
}

/// Everything that stays the same from chunk to chunk.
struct Job<'a> {
    args: &'a ScoreArgs,
    scorer: Scorer,
    axes: Vec<String>,
    hash: Arc<str>,
    reserved: FxHashSet<String>,
    /// The threads and what each row gets, but the actors (`actors`).
    batch: Batch<'static>,
    multi: bool,
    /// The actors, when rows get the stance toward each.
    actors: Option<Actors>,
}

impl Job<'_> {
    /// Scores `records`, pairing each with its result; bad rows are
    /// counted and reported through `progress`.
    fn score(
        &self,
        inputs: &[Input],
        chunk: Chunk,
        progress: &Progress,
        stats: &mut Stats,
    ) -> Result<ScoredChunk, Fail> {
        let (input, records) = (&inputs[chunk.input], chunk.records);
        // A row that could not be read has no statement; it keeps its error.
        let texts: Vec<Option<&str>> = (records.iter())
            .map(|r| r.text().filter(|_| r.error.is_none()))
            .collect();
        let batch = match &self.actors {
            Some(actors) => self.batch.clone().targets(actors),
            None => self.batch.clone(),
        };
        let rows = (self.scorer).score_rows(&texts, &batch, |_| ControlFlow::Continue(()))?;
        drop(texts);
        let mut results = Vec::with_capacity(records.len());
        for (row, (mut record, outcome)) in records.into_iter().zip(rows.outcomes).enumerate() {
            let result = match (record.error.take(), outcome) {
                (Some(error), _) => Err(error),
                (None, Outcome::Missing) => Err("no statement".to_string()),
                (None, Outcome::Failed(e)) => Err(e.to_string()),
                (None, outcome) => Ok(Scored { row, outcome }),
            };
            stats.rows += 1;
            if let Err(error) = &result {
                stats.errors += 1;
                progress.note(&format!("{}:{}: {error}", input.name, record.line));
            }
            results.push((record, result));
        }
        Ok(ScoredChunk {
            input: chunk.input,
            results,
            scores: rows.scores,
        })
    }

    /// Turns scored records into output rows.
    fn rows(
        &self,
        input: &Input,
        chunk: ScoredChunk,
        progress: &Progress,
        shadowed: &mut HashSet<String>,
    ) -> Vec<Row<'_>> {
        let mut rows = Vec::with_capacity(chunk.results.len());
        for (record, result) in chunk.results {
            let mut head = Vec::with_capacity(2);
            if self.multi {
                head.push(("file", Json::from(input.name.as_str())));
            }
            head.push(("line", Json::from(record.line)));
            let mut fields = record.fields;
            fields.retain(|(key, _)| {
                let keep = !self.reserved.contains(key);
                if !keep && shadowed.insert(key.clone()) {
                    progress.note(&format!(
                        "stancekit: warning: {}: input field {key:?} is replaced by the generated field of that name",
                        input.name
                    ));
                }
                keep
            });
            let mut tail = Vec::with_capacity(self.axes.len() + 3);
            match result {
                Ok(scored) => {
                    for (axis, score) in self.axes.iter().zip(chunk.scores.row(scored.row)) {
                        tail.push((
                            Cow::Borrowed(axis.as_str()),
                            Json::rounded(f64::from(*score)),
                        ));
                    }
                    tail.push(("lexicon".into(), Json::Shared(self.hash.clone())));
                    tail.push(("error".into(), Json::Null));
                    if self.args.explain {
                        let value = scored.stance().map_or(Json::Null, contributions);
                        tail.push(("contributions".into(), value));
                    }
                    if let Some(targets) = scored.targets() {
                        tail.push(("targets".into(), targets_json(targets)));
                        if self.args.explain {
                            tail.push(("attributions".into(), attributions_json(targets)));
                        }
                    }
                }
                Err(error) => {
                    tail.extend(
                        self.axes
                            .iter()
                            .map(|axis| (Cow::Borrowed(axis.as_str()), Json::Null)),
                    );
                    tail.push(("lexicon".into(), Json::Shared(self.hash.clone())));
                    tail.push(("error".into(), Json::String(error)));
                    if self.args.explain {
                        tail.push(("contributions".into(), Json::Null));
                    }
                    if self.actors.is_some() {
                        tail.push(("targets".into(), Json::Null));
                        if self.args.explain {
                            tail.push(("attributions".into(), Json::Null));
                        }
                    }
                }
            }
            rows.push(Row { head, fields, tail });
        }
        rows
    }

    /// Turns scored records into table lines.
    fn lines(chunk: ScoredChunk) -> Vec<Line> {
        let scores = &chunk.scores;
        (chunk.results.into_iter())
            .map(|(record, result)| Line {
                label: label(&record),
                scores: result.map(|scored| scores.row(scored.row).to_vec()),
                text: record.text().map(str::to_string),
            })
            .collect()
    }
}

/// A row's label in a table: its `id` field, else its `speaker`, else its
/// line number.
fn label(record: &Record) -> String {
    ["id", "speaker"]
        .iter()
        .find_map(|name| {
            let (_, value) = record.fields.iter().find(|(key, _)| key == name)?;
            match value {
                Json::Null | Json::Array(_) | Json::Object(_) => None,
                value => Some(value.cell().trim().to_string()).filter(|v| !v.is_empty()),
            }
        })
        .unwrap_or_else(|| record.line.to_string())
}

/// Reads how far the output at `path` got, for `--resume`, and checks that
/// its CSV columns start with `head` and end with `tail`, as this run's
/// will.
fn resumed(
    path: &Path,
    format: OutputFormat,
    head: &[&str],
    tail: &[&str],
) -> Result<resume::Done, Fail> {
    let done = match format {
        OutputFormat::Jsonl => resume::jsonl(path)?,
        OutputFormat::Csv => resume::csv(path)?,
        OutputFormat::Table => {
            return Err(Fail::fatal(
                "--resume continues JSONL or CSV output, not a table; use --skip N",
            ))
        }
    };
    if let Some(header) = &done.header {
        let fits = header.len() >= head.len() + tail.len()
            && header.iter().zip(head).all(|(a, b)| a == b)
            && header
                .iter()
                .rev()
                .zip(tail.iter().rev())
                .all(|(a, b)| a == b);
        if !fits {
            return Err(Fail::fatal(format_args!(
                "cannot resume {}: its columns ({}) are not this run's ({} ... {}); resume with the inputs and options of the first run",
                path.display(),
                header.join(","),
                head.join(","),
                tail.join(","),
            )));
        }
    }
    if done.cut > 0 {
        note(&format!(
            "stancekit: {}: cut an incomplete last row ({} bytes)",
            path.display(),
            done.cut
        ));
    }
    Ok(done)
}

/// Where scored rows go.
enum Sink {
    Rows(Writer),
    Table(Table),
}

/// A chunk of records read from `inputs[input]`.
struct Chunk {
    input: usize,
    records: Vec<Record>,
}

/// What the reading stage needs of the options.
struct Reading {
    text_field: String,
    text_column: String,
    quiet: bool,
    chunk_size: usize,
    /// Rows to skip first.
    skip: u64,
}

/// The reading stage: reads `inputs` in chunks of records, after skipping
/// the rows to skip, and sends them on until the end or until the receiver
/// hangs up. Returns how many rows were left to skip.
fn read(
    inputs: Vec<Input>,
    how: Reading,
    counter: Arc<AtomicU64>,
    progress: Progress,
    tx: mpsc::SyncSender<Result<Chunk, Fail>>,
) -> u64 {
    let mut to_skip = how.skip;
    for (i, input) in inputs.iter().enumerate() {
        if input.path.is_none() && io::stdin().is_terminal() && !how.quiet {
            progress.note(
                "stancekit: reading statements from the terminal, one per line; end with Ctrl-D",
            );
        }
        let mut source = match input.open(counter.clone(), &how.text_field, &how.text_column) {
            Ok(source) => source,
            Err(e) => {
                let _ = tx.send(Err(e));
                return to_skip;
            }
        };
        loop {
            let mut records = Vec::with_capacity(how.chunk_size.min(1 << 16));
            while records.len() < how.chunk_size {
                match source.next_record() {
                    Ok(Some(_)) if to_skip > 0 => to_skip -= 1,
                    Ok(Some(record)) => records.push(record),
                    Ok(None) => break,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return to_skip;
                    }
                }
            }
            if records.is_empty() {
                break;
            }
            let last = records.len() < how.chunk_size;
            if tx.send(Ok(Chunk { input: i, records })).is_err() {
                return to_skip;
            }
            if last {
                break;
            }
        }
    }
    to_skip
}

/// The writing stage: turns each scored chunk into rows, lines or group
/// statistics and writes them, then the groups and the end of the output.
fn write(
    job: &Job<'_>,
    inputs: &[Input],
    mut sink: Sink,
    mut groups: Option<Groups>,
    progress: &Progress,
    rx: mpsc::Receiver<ScoredChunk>,
) -> Result<(), Fail> {
    let mut shadowed = HashSet::new();
    for chunk in rx {
        if let Some(groups) = &mut groups {
            add_to_groups(groups, &job.args.by, &chunk);
            continue;
        }
        match &mut sink {
            Sink::Rows(writer) => {
                let input = &inputs[chunk.input];
                let rows = job.rows(input, chunk, progress, &mut shadowed);
                writer.write(&rows, &mut |message| {
                    progress.note(&format!("stancekit: {message}"))
                })?;
            }
            Sink::Table(table) => table.write(&Job::lines(chunk))?,
        }
    }
    if let Some(groups) = &groups {
        write_groups(&mut sink, groups, &job.args.by)?;
    }
    match sink {
        Sink::Rows(writer) => writer.finish(),
        Sink::Table(table) => table.finish(),
    }
}

pub fn run(args: &ScoreArgs) -> Result<ExitCode, Fail> {
    if args.explain && args.output_format == OutputFormat::Table {
        return Err(Fail::fatal(
            "--explain adds contributions to JSONL or CSV rows, not to --output-format table; \
             for one statement, try `stancekit explain TEXT`",
        ));
    }
    let scorer = lexicon::scorer(&args.lexicon)?;
    let by_target = args.by.iter().any(|k| k == "target");
    let actors = match &args.actors {
        Some(path) => Some(Actors::from_path(path)?),
        None => (args.targets || by_target).then(Actors::builtin),
    };
    if actors.is_some() {
        (scorer.supports(Feature::Targets))
            .map_err(|e| Fail::fatal(format_args!("--targets, --actors and --by target: {e}")))?;
    }

    let paths = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Fail::fatal("standard input (-) can be read only once"));
    }
    let inputs = paths
        .iter()
        .map(|p| Input::new(p, args.format))
        .collect::<Result<Vec<_>, _>>()?;

    // The generated columns, first and last; --resume checks them against
    // the output it continues.
    let axes = scorer.columns();
    let multi = inputs.len() > 1;
    let head: Vec<&str> = [multi.then_some("file"), Some("line")]
        .into_iter()
        .flatten()
        .collect();
    let mut tail: Vec<&str> = axes.iter().map(String::as_str).collect();
    tail.extend(["lexicon", "error"]);
    if args.explain {
        tail.push("contributions");
    }
    let done = match (&args.output, args.resume) {
        (Some(path), true) => Some(resumed(path, args.output_format, &head, &tail)?),
        _ => None,
    };
    let skip = done.as_ref().map_or(args.skip, |d| d.rows);

    let (out, target): (Box<dyn Write + Send>, String) = match &args.output {
        Some(path) => {
            let file = match args.resume {
                true => File::options().append(true).create(true).open(path),
                false => File::create(path),
            }
            .map_err(|e| Fail::fatal(format_args!("cannot write {}: {e}", path.display())))?;
            (
                Box::new(BufWriter::with_capacity(1 << 16, file)),
                path.display().to_string(),
            )
        }
        None => (output::stdout(), "standard output".to_string()),
    };
    let header = done.as_ref().and_then(|d| d.header.as_deref());
    let sink = match (args.output_format, header) {
        (OutputFormat::Jsonl, _) => Sink::Rows(Writer::jsonl(out, &target)),
        (OutputFormat::Csv, Some(header)) => Sink::Rows(Writer::csv_after(
            out,
            &target,
            header,
            head.len(),
            tail.len(),
        )),
        (OutputFormat::Csv, None) => Sink::Rows(Writer::csv(out, &target)),
        (OutputFormat::Table, _) => {
            // Colour only on a terminal, and never into a file.
            let color = args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let width = table::width_from_env();
            Sink::Table(Table::new(out, &target, axes.clone(), width, color))
        }
    };
    let mut reserved: FxHashSet<String> = axes.iter().cloned().collect();
    reserved.extend(["line", "lexicon", "error"].map(String::from));
    if multi {
        reserved.insert("file".to_string());
    }
    if args.explain {
        reserved.insert("contributions".to_string());
    }
    if actors.is_some() {
        reserved.insert("targets".to_string());
        if args.explain {
            reserved.insert("attributions".to_string());
        }
    }
    let chunk_size = usize::try_from(args.chunk_size).unwrap_or(usize::MAX);
    let mut batch = Batch::new().threads(args.threads)?.chunk(chunk_size);
    if args.explain {
        batch = batch.explained();
    }
    let hash: Arc<str> = scorer.lexicon_hash().into();
    let job = Job {
        args,
        scorer,
        axes,
        hash,
        reserved,
        batch,
        multi,
        actors,
    };

    let total = inputs.iter().map(|i| i.size).sum::<Option<u64>>();
    let progress = Progress::new(total, args.quiet);
    let counter = Arc::new(AtomicU64::new(0));
    let mut stats = Stats::default();
    let start = Instant::now();
    let interrupt = Interrupt::install()?;
    let groups = (!args.by.is_empty()).then(|| Groups::new(job.axes.clone()));
    let mut stopped = None;

    // Three stages that overlap: reading and parsing on one thread,
    // scoring on the pool, and writing on a third; a chunk waits in each
    // channel at most, so memory stays bounded.
    let (read_tx, read_rx) = mpsc::sync_channel::<Result<Chunk, Fail>>(1);
    let (scored_tx, scored_rx) = mpsc::sync_channel::<ScoredChunk>(1);
    // The reader is not scoped: after a signal it may be waiting for
    // standard input, and the run ends without waiting for it.
    let how = Reading {
        text_field: args.text_field.clone(),
        text_column: args.text_column.clone(),
        quiet: args.quiet,
        chunk_size,
        skip,
    };
    let spawn = |name: &str| std::thread::Builder::new().name(format!("stancekit-{name}"));
    let reader = {
        let (inputs, counter, progress) = (inputs.clone(), counter.clone(), progress.clone());
        spawn("read")
            .spawn(move || read(inputs, how, counter, progress, read_tx))
            .map_err(|e| Fail::fatal(format_args!("cannot start the reading thread: {e}")))?
    };
    std::thread::scope(|scope| -> Result<(), Fail> {
        let writer = spawn("write")
            .spawn_scoped(scope, || {
                write(&job, &inputs, sink, groups, &progress, scored_rx)
            })
            .map_err(|e| Fail::fatal(format_args!("cannot start the writing thread: {e}")))?;
        let mut input = 0;
        loop {
            // Waiting for a chunk, a signal is still seen: input that stays
            // open with no more lines does not hold the run.
            match read_rx.recv_timeout(Duration::from_millis(50)) {
                Ok(chunk) => {
                    let scored = job.score(&inputs, chunk?, &progress, &mut stats)?;
                    input = scored.input;
                    if scored_tx.send(scored).is_err() {
                        break; // the writer failed: its error is below
                    }
                    progress.update(counter.load(Ordering::Relaxed), stats.rows);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            // Between chunks: everything scored so far is written.
            if let Some(sig) = interrupt.requested() {
                stopped = Some((sig, inputs[input].name.clone()));
                break;
            }
        }
        drop(scored_tx);
        drop(read_rx);
        writer.join().expect("the writing thread does not panic")
    })?;
    // Without a signal the reader has finished: it hung up first.
    let to_skip = match stopped {
        None => reader.join().expect("the reading thread does not panic"),
        Some(_) => 0,
    };
    progress.finish();
    if to_skip > 0 {
        note(&format!(
            "stancekit: warning: the input has only {} rows, fewer than the {skip} to skip; nothing was scored",
            skip - to_skip
        ));
    }
    if !args.quiet {
        let seconds = start.elapsed().as_secs_f64();
        let per_second = |n: f64| n / seconds.max(1e-9);
        let mb = counter.load(Ordering::Relaxed) as f64 / 1e6;
        note(&format!(
            "stancekit: {} {}, {} {}, {seconds:.2} s, {:.0} rows/s, {:.2} MB/s",
            stats.rows,
            if stats.rows == 1 { "row" } else { "rows" },
            stats.errors,
            if stats.errors == 1 { "error" } else { "errors" },
            per_second(stats.rows as f64),
            per_second(mb),
        ));
    }
    if let Some((sig, name)) = stopped {
        let done = skip + stats.rows;
        let how = match (&args.output, args.output_format) {
            (Some(_), OutputFormat::Jsonl | OutputFormat::Csv) => {
                "the same command with --resume".to_string()
            }
            _ => format!("the same command with --skip {done}"),
        };
        note(&format!(
            "stancekit: stopped by {}: {} rows written ({done} input rows done, the last in {name}); to continue, run {how}",
            resume::signal_name(sig),
            stats.rows,
        ));
        return Ok(ExitCode::from(128 + sig as u8));
    }
    Ok(if args.strict && stats.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

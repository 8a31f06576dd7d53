//! `stancekit calibrate`: refit a lexicon's weights to rated statements and
//! write the result as a new lexicon file.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::process::ExitCode;

use stancekit::calibrate::{calibrate, CalibrationOptions};

use crate::input::{Input, Kind, Record};
use crate::json::Json;
use crate::{lexicon, note, CalibrateArgs, Fail};

pub const LONG_ABOUT: &str = "\
Refit the weights of a lexicon to your own rated statements, and write the
result as a new lexicon file.

Input: JSONL (the statement in --text-field, default `text`) or CSV/TSV (the
statement in the column --text-field names). Ratings are numbers, one per
axis: top-level fields or columns named after the lexicon's axes, or, with
--ratings-field NAME, the fields of a nested JSON object
({\"text\": \"...\", \"mean\": {\"threat\": 1.0, \"blame\": -0.5}}). A missing
field, null, an empty cell, NA or NaN means not rated on that axis. Rows
that cannot be read or have a rating that is not a number are reported on
standard error as FILE:LINE: problem and skipped.

For each axis (--axes, else every lexicon axis with a rating in the data),
the weights of the entries that weigh it are fitted to the ratings by ridge
regression towards their current values, with lambda chosen by --folds-fold
cross-validation; entries with fewer than --min-hits hits, other axes and
the modifiers stay as they are. See docs/calibration.md.

The report, one line per axis (to standard output, or as JSON with --json):
  n            statements rated on the axis
  prior ρ      Spearman correlation of the current lexicon's scores with the
               ratings
  held-out ρ   the same for the calibrated model, each statement predicted
               by a model fitted without it (cross-validation): compare this
               with prior ρ, not a fit to the same data
  λ            the chosen lambda, in hits of evidence
  refitted     entries fitted; changed: entries whose weight changed
The new lexicon is written to --output; its version is the old one with
`+calibrated` (or --new-version), its description names the data.";

pub const AFTER_HELP: &str = "\
Examples:
  stancekit calibrate rated.jsonl -o calibrated.toml
  stancekit calibrate rated.jsonl --ratings-field mean --axes threat,blame -o calibrated.toml
  stancekit calibrate rated.csv --text-field statement --folds 10 --seed 1 -o mine.toml --json
  stancekit calibrate rated.tsv --lexicon my-terms.toml -o mine.toml
  stancekit score --lexicon calibrated.toml --no-default held-out.jsonl

Calibrate on one part of your data and judge the result on another: the
held-out ρ is honest about the fit, but λ was chosen on the same folds.

Exit status: 0 on success, 2 when the run could not be done (unreadable
input, no usable ratings, bad lexicon, unwritable output).";

/// Ratings of one row by axis (`None`: not rated), or what is wrong.
fn row_ratings(
    record: &Record,
    args: &CalibrateArgs,
    axes: &[String],
) -> Result<Vec<Option<f64>>, String> {
    let fields: &[(String, Json)] = match &args.ratings_field {
        None => &record.fields,
        Some(name) => match record.fields.iter().find(|(k, _)| k == name) {
            Some((_, Json::Object(fields))) => fields,
            Some((_, Json::Null)) | None => return Ok(vec![None; axes.len()]),
            Some((_, other)) => {
                return Err(format!("field {name:?} is {}, not an object", other.kind()))
            }
        },
    };
    axes.iter()
        .map(|axis| match fields.iter().find(|(k, _)| k == axis) {
            None => Ok(None),
            Some((_, value)) => number(value).map_err(|e| format!("rating {axis:?}: {e}")),
        })
        .collect()
}

/// A rating: a number, or a string holding one; null, an empty string, NA
/// and NaN are missing.
fn number(value: &Json) -> Result<Option<f64>, String> {
    let parsed = match value {
        Json::Null => return Ok(None),
        Json::Number(n) => n.as_f64(),
        Json::String(s) => {
            let s = s.trim();
            if s.is_empty() || ["na", "nan", "null"].contains(&s.to_ascii_lowercase().as_str()) {
                return Ok(None);
            }
            s.parse::<f64>().ok()
        }
        other => return Err(format!("{} is not a number", other.kind())),
    };
    match parsed {
        Some(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("{value} is not a finite number")),
    }
}

pub fn run(args: &CalibrateArgs) -> Result<ExitCode, Fail> {
    let lexicon = lexicon::load(&args.lexicon)?;
    let input = Input::new(&args.ratings, args.format)?;
    if input.kind == Kind::Text {
        return Err(Fail::fatal(format_args!(
            "{}: calibrate reads JSONL or CSV/TSV (by extension, or --format)",
            input.name
        )));
    }
    let candidates: Vec<String> = if args.axes.is_empty() {
        lexicon.axes().iter().map(|a| a.id.clone()).collect()
    } else {
        args.axes.clone()
    };
    let mut source = input.open(Default::default(), &args.text_field, &args.text_field)?;
    let mut texts = Vec::new();
    let mut columns: Vec<Vec<Option<f64>>> = vec![Vec::new(); candidates.len()];
    let mut skipped = 0usize;
    while let Some(record) = source.next_record()? {
        let parsed = match (record.text(), &record.error) {
            (_, Some(error)) => Err(error.clone()),
            (None, None) => Err("no statement".to_string()),
            (Some(_), None) => row_ratings(&record, args, &candidates),
        };
        match parsed {
            Err(error) => {
                skipped += 1;
                note(&format!("{}:{}: {error}", input.name, record.line));
            }
            Ok(values) if values.iter().all(Option::is_none) => {}
            Ok(values) => {
                texts.push(record.text().unwrap_or_default().to_string());
                for (column, value) in columns.iter_mut().zip(values) {
                    column.push(value);
                }
            }
        }
    }
    let ratings: BTreeMap<String, Vec<Option<f64>>> = candidates
        .into_iter()
        .zip(columns)
        .filter(|(_, values)| !args.axes.is_empty() || values.iter().any(Option::is_some))
        .collect();
    if ratings.is_empty() {
        let axes: Vec<&str> = lexicon.axes().iter().map(|a| a.id.as_str()).collect();
        return Err(Fail::fatal(format_args!(
            "{}: no ratings for any axis of the lexicon ({}){}",
            input.name,
            axes.join(", "),
            if args.ratings_field.is_none() {
                "; are they nested? see --ratings-field"
            } else {
                ""
            }
        )));
    }
    let options = CalibrationOptions {
        folds: args.folds,
        seed: args.seed,
        min_hits: args.min_hits,
        lambdas: if args.lambdas.is_empty() {
            CalibrationOptions::default().lambdas
        } else {
            args.lambdas.clone()
        },
        name: args.new_name.clone(),
        version: args.new_version.clone(),
    };
    let result = calibrate(&lexicon, &texts, &ratings, &options)?;
    let target = args.output.display().to_string();
    std::fs::write(&args.output, result.lexicon.to_toml())
        .map_err(|e| Fail::fatal(format_args!("cannot write {target}: {e}")))?;

    let mut out = io::stdout().lock();
    let report = if args.json {
        let report = serde_json::json!({
            "statements": texts.len(),
            "skipped": skipped,
            "output": target,
            "lexicon": {
                "name": result.lexicon.name(),
                "version": result.lexicon.version(),
                "hash": result.lexicon.hash(),
            },
            "axes": result.report,
        });
        format!("{report:#}")
    } else {
        result.to_string()
    };
    writeln!(out, "{report}").map_err(|e| Fail::write(e, "standard output"))?;
    note(&format!(
        "stancekit: calibrated on {} rated statements ({skipped} rows skipped); wrote {target} ({} {}, {})",
        texts.len(),
        result.lexicon.name(),
        result.lexicon.version(),
        result.lexicon.hash()
    ));
    Ok(ExitCode::SUCCESS)
}

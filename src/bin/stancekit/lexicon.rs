//! `stancekit lexicon check|show|export`, and loading the lexicon that the
//! other commands use.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::process::ExitCode;

use stancekit::{Lexicon, Scorer};

use crate::{note, CheckArgs, ExportArgs, ExportFormat, Fail, LexiconArgs, ShowArgs};

pub const LONG_ABOUT: &str = "\
Check, show or export lexicons.

A lexicon file (TOML, or JSON of the same schema, or a term,axis,weight
CSV/TSV table) usually extends the built-in `diplomatic-en` lexicon: its
entries add to or override the default ones and its `remove` list drops
terms. Every command that scores takes --lexicon FILE (repeatable) for
that, and --no-default to start from the first file alone.";

pub const CHECK_AFTER_HELP: &str = "\
Prints `FILE: ok (N entries, M modifiers, hash H)` for each good file on
standard output, and the problem (`FILE:LINE: problem`) for each bad one on
standard error. Exit status 1 if any file failed.

Examples:
  stancekit lexicon check my-terms.toml
  stancekit lexicon check --no-default full-lexicon.json";

pub const SHOW_AFTER_HELP: &str = "\
Examples:
  stancekit lexicon show
  stancekit lexicon show --lexicon my-terms.toml";

pub const EXPORT_AFTER_HELP: &str = "\
The export is a complete, standalone lexicon: `lexicon check --no-default`
accepts it and reports the same hash as `lexicon show`.

Examples:
  stancekit lexicon export > diplomatic-en.toml
  stancekit lexicon export --format json --lexicon my-terms.toml -o merged.json";

/// The lexicon that `args` describe: the built-in one extended by each
/// file, or the first file extended by the others with `--no-default`.
pub fn load(args: &LexiconArgs) -> Result<Lexicon, Fail> {
    let mut files = args.lexicon.iter();
    let mut lexicon = if args.no_default {
        let first = files
            .next()
            .ok_or_else(|| Fail::fatal("--no-default needs at least one --lexicon FILE"))?;
        Lexicon::from_path(first)?
    } else if let Some(path) = &args.vader_lexicon {
        stancekit::vader::lexicon_from_path(path)?
    } else {
        args.profile.default_lexicon()
    };
    for file in files {
        lexicon = lexicon.extended_by_path(file)?;
    }
    Ok(lexicon)
}

/// The lexicon of `args`, compiled.
pub fn scorer(args: &LexiconArgs) -> Result<Scorer, Fail> {
    let lexicon = load(args)?;
    Ok(Scorer::with_profile(&lexicon, args.profile)?)
}

pub fn check(args: &CheckArgs) -> Result<ExitCode, Fail> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for file in &args.files {
        let name = file.display().to_string();
        let loaded = if args.no_default {
            Lexicon::from_path(file)
        } else {
            Lexicon::default().extended_by_path(file)
        };
        // Compiling catches what loading cannot: a term with no tokens.
        let checked = loaded.and_then(|lexicon| Scorer::new(&lexicon).map(|_| lexicon));
        match checked {
            Ok(lexicon) => {
                let line = format!(
                    "{name}: ok ({} entries, {} modifiers, hash {})",
                    lexicon.len(),
                    lexicon.modifiers().count(),
                    lexicon.hash()
                );
                writeln!(out, "{line}").map_err(|e| Fail::write(e, "standard output"))?;
            }
            Err(err) => {
                failed = true;
                let message = err.to_string();
                if message.contains(&name) {
                    note(&message);
                } else {
                    note(&format!("{name}: {message}"));
                }
            }
        }
    }
    out.flush().map_err(|e| Fail::write(e, "standard output"))?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The modifier kinds in the order they are shown, as named in lexicon files.
const KINDS: [(&str, &str); 6] = [
    ("negator", "negators"),
    ("intensifier", "intensifiers"),
    ("dampener", "dampeners"),
    ("hedge", "hedges"),
    ("contrast", "contrasts"),
    ("fixed", "fixed"),
];

/// The description printed by `lexicon show`.
fn describe(lexicon: &Lexicon, args: &LexiconArgs) -> String {
    let mut out = String::new();
    let mut sources: Vec<String> = Vec::new();
    if !args.no_default {
        sources.push("built-in diplomatic-en".to_string());
    }
    sources.extend(args.lexicon.iter().map(|p| p.display().to_string()));
    let field = |out: &mut String, name: &str, value: &dyn std::fmt::Display| {
        let _ = writeln!(out, "{:<12} {value}", format!("{name}:"));
    };
    field(&mut out, "name", &lexicon.name());
    let version = if lexicon.version().is_empty() {
        "(none)"
    } else {
        lexicon.version()
    };
    field(&mut out, "version", &version);
    if !lexicon.description().is_empty() {
        field(&mut out, "description", &lexicon.description());
    }
    field(&mut out, "hash", &lexicon.hash());
    field(&mut out, "alpha", &lexicon.alpha());
    field(&mut out, "sources", &sources.join(" + "));

    let axes = lexicon.axes();
    let counts: Vec<(usize, usize)> = axes
        .iter()
        .map(|axis| {
            let weights = lexicon
                .entries()
                .filter_map(|(_, e)| e.weights.get(&axis.id));
            weights.fold((0, 0), |(pos, neg), &w| {
                (pos + usize::from(w > 0.0), neg + usize::from(w < 0.0))
            })
        })
        .collect();
    let width = |header: &str, values: &mut dyn Iterator<Item = usize>| {
        values.fold(header.chars().count(), usize::max)
    };
    let id_w = width("id", &mut axes.iter().map(|a| a.id.chars().count()));
    let neg_w = width(
        "negative (−)",
        &mut axes.iter().map(|a| a.negative.chars().count()),
    );
    let pos_w = width(
        "positive (+)",
        &mut axes.iter().map(|a| a.positive.chars().count()),
    );
    let _ = writeln!(out, "axes:        {}", axes.len());
    let _ = writeln!(
        out,
        "  {:<id_w$}  {:<neg_w$}  {:<pos_w$}  {:>9}  {:>9}",
        "id", "negative (−)", "positive (+)", "+ entries", "− entries"
    );
    for (axis, (pos, neg)) in axes.iter().zip(&counts) {
        let _ = writeln!(
            out,
            "  {:<id_w$}  {:<neg_w$}  {:<pos_w$}  {pos:>9}  {neg:>9}",
            axis.id, axis.negative, axis.positive
        );
    }

    let phrases = lexicon.entries().filter(|(t, _)| t.contains(' ')).count();
    let wildcards = lexicon.entries().filter(|(t, _)| t.ends_with('*')).count();
    field(&mut out, "entries", &lexicon.len());
    field(&mut out, "phrases", &phrases);
    field(&mut out, "wildcards", &wildcards);

    // Kinds are read from the serialized form so that a kind added to the
    // library later is still counted.
    let mut by_kind: Vec<(String, usize)> = KINDS
        .iter()
        .map(|(_, plural)| (plural.to_string(), 0))
        .collect();
    for (_, kind) in lexicon.modifiers() {
        let tag = serde_json::to_value(kind)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
            .unwrap_or_else(|| "other".to_string());
        let plural = KINDS
            .iter()
            .find(|(k, _)| *k == tag)
            .map_or(tag, |(_, p)| p.to_string());
        match by_kind.iter_mut().find(|(k, _)| *k == plural) {
            Some(slot) => slot.1 += 1,
            None => by_kind.push((plural, 1)),
        }
    }
    let total: usize = by_kind.iter().map(|(_, n)| n).sum();
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    field(
        &mut out,
        "modifiers",
        &format!("{total} ({})", kinds.join(", ")),
    );
    out
}

pub fn show(args: &ShowArgs) -> Result<ExitCode, Fail> {
    let lexicon = load(&args.lexicon)?;
    let text = describe(&lexicon, &args.lexicon);
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Fail::write(e, "standard output"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(args: &ExportArgs) -> Result<ExitCode, Fail> {
    let lexicon = load(&args.lexicon)?;
    let mut text = match args.format {
        ExportFormat::Toml => lexicon.to_toml(),
        ExportFormat::Json => lexicon.to_json(),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Fail::fatal(format_args!("cannot write {}: {e}", path.display())))?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Fail::write(e, "standard output"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

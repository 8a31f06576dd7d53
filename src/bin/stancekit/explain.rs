//! `stancekit explain`: one statement as a table of contributions.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

use stancekit::{Contribution, Stance};

use crate::{lexicon, ColorChoice, ExplainArgs, Fail};

pub const LONG_ABOUT: &str = "\
Explain the score of one statement.

Prints one row per matched lexicon term: the words as they appear in the
statement (and the lexicon term when it differs, e.g. a wildcard), what the
term added to each axis after the rules, and the factors applied with the
words that triggered them (negation, intensifier, dampener, hedge, contrast,
caps, exclamation). Then the raw sum per axis and the bounded score
raw / sqrt(raw² + alpha). On a terminal, positive values (the positive pole:
threatening, accusatory, ...) are red and negative ones green.";

pub const AFTER_HELP: &str = "\
Examples:
  stancekit explain 'We will not break off talks.'
  stancekit explain We will retaliate.
  echo 'They accused us of provocations.' | stancekit explain -
  stancekit explain --json 'We welcome the constructive talks.'";

pub(crate) const RED: &str = "\x1b[31m";
pub(crate) const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
pub(crate) const RESET: &str = "\x1b[0m";

pub fn run(args: &ExplainArgs) -> Result<ExitCode, Fail> {
    let scorer = lexicon::scorer(&args.lexicon)?;
    let text = if args.text.len() == 1 && args.text[0] == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Fail::fatal(format_args!("cannot read standard input: {e}")))?;
        text.trim_end_matches(['\n', '\r']).to_string()
    } else {
        args.text.join(" ")
    };
    let stance = scorer.score(&text)?;
    let output = if args.json {
        let mut json = serde_json::to_string_pretty(&stance).map_err(Fail::fatal)?;
        json.push('\n');
        json
    } else {
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        let poles: Vec<(String, String, String)> = scorer
            .axes()
            .iter()
            .map(|a| (a.id.clone(), a.negative.clone(), a.positive.clone()))
            .collect();
        table(&stance, &poles, color)
    };
    let mut out = io::stdout().lock();
    out.write_all(output.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Fail::write(e, "standard output"))?;
    Ok(ExitCode::SUCCESS)
}

/// `value` right-aligned in `width`, coloured by its sign.
fn number(value: f64, width: usize, color: bool) -> String {
    // A negated zero weight is still zero.
    let value = if value == 0.0 { 0.0 } else { value };
    let text = format!("{value:>width$.3}");
    match (color, value) {
        (true, v) if v > 0.0 => format!("{RED}{text}{RESET}"),
        (true, v) if v < 0.0 => format!("{GREEN}{text}{RESET}"),
        _ => text,
    }
}

fn label(c: &Contribution) -> String {
    let shown = format!("{:?}", c.text);
    if c.text.to_lowercase() == c.term {
        shown
    } else {
        format!("{shown} [{}]", c.term)
    }
}

fn factors(c: &Contribution) -> String {
    let parts: Vec<String> = c.factors.iter().map(ToString::to_string).collect();
    parts.join(", ")
}

/// The readable table: a header, one row per contribution, then raw and
/// score rows and the poles of each axis.
fn table(stance: &Stance, poles: &[(String, String, String)], color: bool) -> String {
    let labels: Vec<String> = stance.contributions.iter().map(label).collect();
    let first = labels
        .iter()
        .map(|l| l.chars().count())
        .fold("term".len(), usize::max);
    let widths: Vec<usize> = stance
        .axes
        .iter()
        .map(|a| a.axis.chars().count().max(7))
        .collect();
    let bold = |s: &str| {
        if color {
            format!("{BOLD}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();

    let mut header = format!("{:<first$}", "term");
    for (axis, w) in stance.axes.iter().zip(&widths) {
        let _ = write!(header, "  {:>w$}", axis.axis);
    }
    header.push_str("  factors");
    let _ = writeln!(out, "{}", bold(&header));

    if stance.contributions.is_empty() {
        let _ = writeln!(out, "{:<first$}", "(no lexicon term matched)");
    }
    for (c, label) in stance.contributions.iter().zip(&labels) {
        let mut row = format!("{label:<first$}");
        for (v, w) in c.values.iter().zip(&widths) {
            let _ = write!(row, "  {}", number(*v, *w, color));
        }
        let factors = factors(c);
        if !factors.is_empty() {
            let _ = write!(row, "  {factors}");
        }
        let _ = writeln!(out, "{}", row.trim_end());
    }

    for (name, values) in [
        ("raw", stance.axes.iter().map(|a| a.raw).collect::<Vec<_>>()),
        ("score", stance.axes.iter().map(|a| a.score).collect()),
    ] {
        let name = format!("{name:<first$}");
        let mut row = if name.starts_with("score") {
            bold(&name)
        } else {
            name
        };
        for (v, w) in values.iter().zip(&widths) {
            let _ = write!(row, "  {}", number(*v, *w, color));
        }
        let _ = writeln!(out, "{row}");
    }

    let legend: Vec<String> = poles
        .iter()
        .map(|(id, negative, positive)| format!("{id}: − {negative} / + {positive}"))
        .collect();
    let sentences = if stance.sentences == 1 {
        "sentence"
    } else {
        "sentences"
    };
    let _ = writeln!(out);
    let _ = writeln!(out, "poles: {}", legend.join("; "));
    let _ = writeln!(
        out,
        "{} tokens, {} {sentences}, lexicon {}",
        stance.tokens, stance.sentences, stance.lexicon
    );
    out
}

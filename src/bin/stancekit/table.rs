//! `score --output-format table`: aligned, human-readable rows, streamed a
//! chunk at a time, then a summary per axis.

use std::fmt::Write as _;
use std::io::Write;

use crate::explain::{GREEN, RED, RESET};
use crate::Fail;

/// Total width when `COLUMNS` does not say.
pub const DEFAULT_WIDTH: usize = 100;
/// The narrowest and widest label column.
const MIN_LABEL: usize = 5;
const MAX_LABEL: usize = 24;
/// A score is `+0.71`: 5 characters.
const SCORE: usize = 5;
const GAP: &str = "  ";

/// The table's total width: `COLUMNS` if it is a positive number, else
/// [`DEFAULT_WIDTH`].
pub fn width_from_env() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

/// One row of the table.
#[derive(Debug)]
pub struct Line {
    /// `id`, else `speaker`, else the line number.
    pub label: String,
    /// One score per axis, or what was wrong with the row.
    pub scores: Result<Vec<f32>, String>,
    /// The statement, when there is one.
    pub text: Option<String>,
}

/// The running summary of one axis: nothing is kept per row.
#[derive(Debug, Default)]
struct Summary {
    sum: f64,
    count: u64,
    max: Option<(f64, String)>,
    min: Option<(f64, String)>,
}

impl Summary {
    fn add(&mut self, score: f64, label: &str) {
        if !score.is_finite() {
            return;
        }
        self.sum += score;
        self.count += 1;
        // The first row wins a tie.
        if self.max.as_ref().is_none_or(|(max, _)| score > *max) {
            self.max = Some((score, label.to_string()));
        }
        if self.min.as_ref().is_none_or(|(min, _)| score < *min) {
            self.min = Some((score, label.to_string()));
        }
    }
}

pub struct Table {
    out: Box<dyn Write + Send>,
    target: String,
    axes: Vec<String>,
    /// Width of each axis column.
    widths: Vec<usize>,
    width: usize,
    color: bool,
    /// The label column's width, fixed by the first chunk.
    label: Option<usize>,
    summary: Vec<Summary>,
    /// The widest row written, for the separator.
    widest: usize,
    buf: String,
}

impl Table {
    /// A table of `axes` on `out`, `width` columns wide, coloured or not.
    pub fn new(
        out: Box<dyn Write + Send>,
        target: &str,
        axes: Vec<String>,
        width: usize,
        color: bool,
    ) -> Table {
        let widths = axes.iter().map(|a| a.chars().count().max(SCORE)).collect();
        let summary = axes.iter().map(|_| Summary::default()).collect();
        Table {
            out,
            target: target.to_string(),
            axes,
            widths,
            width,
            color,
            label: None,
            summary,
            widest: 0,
            buf: String::new(),
        }
    }

    /// Width of the score block: the axis columns and the gaps between them.
    fn block(&self) -> usize {
        self.widths.iter().sum::<usize>() + GAP.len() * self.widths.len().saturating_sub(1)
    }

    /// Fixes the label column from `lines` and writes the header.
    fn header(&mut self, lines: &[Line]) -> usize {
        if let Some(label) = self.label {
            return label;
        }
        let widest = lines
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        let cap = (self.width / 5).clamp(MIN_LABEL, MAX_LABEL);
        let label = widest.clamp(MIN_LABEL, cap);
        self.label = Some(label);
        self.widest = label + GAP.len() + self.block() + GAP.len() + "text".len();
        let mut line = format!("{:<label$}", "row");
        for (axis, w) in self.axes.iter().zip(&self.widths) {
            let _ = write!(line, "{GAP}{axis:>w$}");
        }
        let _ = write!(line, "{GAP}text");
        self.buf.push_str(&line);
        self.buf.push('\n');
        label
    }

    /// Writes `lines` and flushes, so that each chunk shows as soon as it
    /// is scored.
    pub fn write(&mut self, lines: &[Line]) -> Result<(), Fail> {
        if lines.is_empty() {
            return Ok(());
        }
        self.buf.clear();
        let label_width = self.header(lines);
        let block = self.block();
        for line in lines {
            let mut row = String::new();
            let label = fit(&line.label, label_width);
            let _ = write!(row, "{label:<label_width$}");
            // Visible width so far (colour codes take none).
            let mut used = label_width;
            match &line.scores {
                Ok(scores) => {
                    for ((score, w), summary) in
                        scores.iter().zip(&self.widths).zip(&mut self.summary)
                    {
                        let score = f64::from(*score);
                        summary.add(score, &line.label);
                        let _ = write!(row, "{GAP}{}", number(score, *w, self.color));
                        used += GAP.len() + w;
                    }
                }
                Err(error) => {
                    let room = self.width.saturating_sub(used + GAP.len()).max(block);
                    let cell = fit(&format!("error: {error}"), room);
                    let cell_width = cell.chars().count().max(block);
                    let _ = write!(row, "{GAP}{cell:<cell_width$}");
                    used += GAP.len() + cell_width;
                }
            }
            let room = self.width.saturating_sub(used + GAP.len());
            let text = line.text.as_deref().map(|t| fit(t, room));
            match text {
                Some(text) if !text.is_empty() => {
                    let _ = write!(row, "{GAP}{text}");
                    used += GAP.len() + text.chars().count();
                }
                _ => row.truncate(row.trim_end().len()),
            }
            self.widest = self.widest.max(used);
            self.buf.push_str(&row);
            self.buf.push('\n');
        }
        self.flush()
    }

    fn flush(&mut self) -> Result<(), Fail> {
        self.out
            .write_all(self.buf.as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(|e| Fail::write(e, &self.target))
    }

    /// Writes the separator and the summary: per axis the mean, the rows
    /// scored, and the most positive and most negative row.
    pub fn finish(mut self) -> Result<(), Fail> {
        self.buf.clear();
        let label = self.header(&[]);
        let axis_width = self
            .axes
            .iter()
            .map(|a| a.chars().count())
            .fold("axis".len(), usize::max);
        let count_width = self
            .summary
            .iter()
            .map(|s| s.count.to_string().len())
            .fold("scored".len(), usize::max);
        // `+0.71 label`
        let extreme_width = (SCORE + 1 + label).max("most negative".len());
        let summary_width = axis_width + 4 * GAP.len() + SCORE + count_width + 2 * extreme_width;
        let rule = self.widest.max(summary_width).min(self.width);
        self.buf.push_str(&"-".repeat(rule));
        self.buf.push('\n');
        let header = format!(
            "{:<axis_width$}{GAP}{:>SCORE$}{GAP}{:>count_width$}{GAP}{:<extreme_width$}{GAP}{}",
            "axis", "mean", "scored", "most positive", "most negative"
        );
        self.buf.push_str(&header);
        self.buf.push('\n');
        for (axis, summary) in self.axes.iter().zip(&self.summary) {
            let mean = if summary.count > 0 {
                number(summary.sum / summary.count as f64, SCORE, self.color)
            } else {
                format!("{:>SCORE$}", "-")
            };
            let extreme = |value: &Option<(f64, String)>| match value {
                Some((score, name)) => {
                    let name = fit(name, label);
                    let visible = SCORE + 1 + name.chars().count();
                    let pad = extreme_width.saturating_sub(visible);
                    format!("{} {name}{:pad$}", number(*score, SCORE, self.color), "")
                }
                None => format!("{:<extreme_width$}", "-"),
            };
            let line = format!(
                "{axis:<axis_width$}{GAP}{mean}{GAP}{:>count_width$}{GAP}{}{GAP}{}",
                summary.count,
                extreme(&summary.max),
                extreme(&summary.min),
            );
            self.buf.push_str(line.trim_end());
            self.buf.push('\n');
        }
        self.flush()
    }
}

/// `value` with a sign and 2 decimals (` 0.00` for what rounds to zero),
/// right-aligned in `width`; positive red, negative green when `color`.
fn number(value: f64, width: usize, color: bool) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = if rounded == 0.0 {
        " 0.00".to_string()
    } else {
        format!("{rounded:+.2}")
    };
    let pad = " ".repeat(width.saturating_sub(text.chars().count()));
    match color {
        true if rounded > 0.0 => format!("{pad}{RED}{text}{RESET}"),
        true if rounded < 0.0 => format!("{pad}{GREEN}{text}{RESET}"),
        _ => format!("{pad}{text}"),
    }
}

/// `text` on one line (every run of whitespace or control characters made
/// one space) in at most `width` characters, cut with `…` when it is
/// longer.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        for c in space.then_some(' ').into_iter().chain([c]) {
            if count == width {
                // One character too many: the last one shown gives way to `…`.
                out.pop();
                if width > 0 {
                    out.push('…');
                }
                return out;
            }
            out.push(c);
            count += 1;
        }
        space = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fit, number};

    #[test]
    fn numbers_are_signed_with_two_decimals() {
        assert_eq!(number(0.714, 5, false), "+0.71");
        assert_eq!(number(-0.3249, 5, false), "-0.32");
        assert_eq!(number(0.0, 5, false), " 0.00");
        assert_eq!(number(-0.004, 5, false), " 0.00");
        assert_eq!(number(0.999, 5, false), "+1.00");
        assert_eq!(number(0.5, 8, false), "   +0.50");
        assert_eq!(number(0.5, 5, true), "\x1b[31m+0.50\x1b[0m");
        assert_eq!(number(0.5, 7, true), "  \x1b[31m+0.50\x1b[0m");
        assert_eq!(number(-0.5, 5, true), "\x1b[32m-0.50\x1b[0m");
        assert_eq!(number(0.001, 5, true), " 0.00");
    }

    #[test]
    fn fit_cuts_on_characters_with_an_ellipsis() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("exactly10!", 10), "exactly10!");
        assert_eq!(fit("eleven chars", 11), "eleven cha…");
        assert_eq!(fit("Russia’s legitimate", 8), "Russia’…");
        assert_eq!(fit("ééééé", 3), "éé…");
        assert_eq!(fit("a\nb\t\tc  d", 20), "a b c d");
        assert_eq!(fit("  padded  ", 20), "padded");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
        assert_eq!(fit("", 5), "");
    }
}

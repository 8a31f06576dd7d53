//! CSV and TSV lexicons: one `term, axis, weight` row per weight, an
//! optional header, an optional fourth `group` column, `#` comments.
//!
//! A table cannot declare axes. Read on its own, its axes are the axis ids
//! it uses; read as an extension, it must use the base lexicon's axes.

use std::collections::BTreeMap;

use super::file::Source;
use super::{Axis, Lexicon};
use crate::error::{Error, Problem};

/// One term's rows: its group and, per axis, the weight and its line.
type Row = (String, BTreeMap<String, (f64, usize)>);

pub(super) fn parse(
    text: &str,
    origin: &str,
    delimiter: u8,
    base: Option<Lexicon>,
) -> Result<Lexicon, Error> {
    let source = Source { text, origin };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let default_group = std::path::Path::new(origin)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.starts_with('<'))
        .unwrap_or("table")
        .to_string();

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            source.error(line, Problem::Syntax(e.to_string()))
        })?;
        let line = record
            .position()
            .map_or(index + 1, |p| record_line(text, p));
        let fields: Vec<&str> = record.iter().collect();
        if index == 0
            && fields
                .get(2)
                .is_some_and(|w| w.eq_ignore_ascii_case("weight"))
        {
            continue;
        }
        if !(3..=4).contains(&fields.len()) {
            let problem = Problem::Syntax(format!(
                "expected term, axis, weight[, group]; got {} field(s)",
                fields.len()
            ));
            return Err(source.error(Some(line), problem));
        }
        let (term, axis) = (fields[0], fields[1]);
        let weight: f64 = fields[2].parse().map_err(|_| {
            source.error(
                Some(line),
                Problem::Syntax(format!("weight {:?} is not a number", fields[2])),
            )
        })?;
        let group = fields
            .get(3)
            .map_or(default_group.clone(), |g| g.to_string());
        let slot = rows.entry(term.to_string()).or_insert_with(|| {
            order.push(term.to_string());
            (group, BTreeMap::new())
        });
        match slot.1.get(axis) {
            Some((earlier, first)) if *earlier != weight => {
                let problem = Problem::ConflictingDuplicate {
                    term: format!("{term} ({axis})"),
                    first: *first,
                };
                return Err(source.error(Some(line), problem));
            }
            _ => {
                slot.1.insert(axis.to_string(), (weight, line));
            }
        }
    }

    let mut lexicon = match base {
        Some(base) => base,
        None => {
            let mut ids: Vec<&String> = rows.values().flat_map(|(_, w)| w.keys()).collect();
            ids.sort();
            ids.dedup();
            let axes = ids
                .into_iter()
                .map(|id| Axis {
                    id: id.clone(),
                    negative: "negative".into(),
                    positive: "positive".into(),
                    description: String::new(),
                })
                .collect();
            Lexicon::new(&default_group, axes)?
        }
    };
    for term in order {
        let (group, weights) = &rows[&term];
        let line = weights.values().map(|(_, l)| *l).min();
        let weights = weights.iter().map(|(a, (w, _))| (a.clone(), *w)).collect();
        lexicon
            .insert_entry(&term, group, weights)
            .map_err(|p| source.error(line, p))?;
    }
    Ok(lexicon)
}

/// The 1-based line where a record starts: the csv reader reports the
/// position (byte and line) where it began reading, which may be a blank
/// or comment line it skipped. Only those skipped lines are read, so
/// finding every record's line stays linear in the file.
fn record_line(text: &str, position: &csv::Position) -> usize {
    let (mut at, mut line) = (position.byte() as usize, position.line() as usize);
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let content = text[at..end].trim();
        if !(content.is_empty() || content.starts_with('#')) {
            break;
        }
        at = end;
        line += 1;
    }
    line
}

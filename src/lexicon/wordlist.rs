//! Category word lists (LIWC `.dic`, quanteda YAML) as lexicons: what the
//! two import formats share once their syntax is read.
//!
//! Each category becomes a unipolar axis and each word weighs 1.0 on each
//! of its categories, so an axis' raw score counts the matched words.
//! These formats carry no polarity and no weights; pairing categories into
//! a bipolar axis is the user's decision, not the importer's.

use std::collections::BTreeMap;

use super::file::Source;
use super::{Axis, Lexicon};
use crate::error::{Error, Problem};

/// A dictionary read from its file: categories in file order, each with
/// the line that declares it, and patterns with their categories.
pub(super) struct WordList {
    /// Which format it came from (`LIWC`, `quanteda`), for axis
    /// descriptions and advice in errors.
    pub(super) format: &'static str,
    /// Category names and their lines, in file order.
    pub(super) categories: Vec<(String, usize)>,
    /// Patterns as written, with the category they belong to and their line.
    pub(super) words: Vec<Pattern>,
}

/// One pattern of one category.
pub(super) struct Pattern {
    /// As written in the file.
    pub(super) text: String,
    /// The category it belongs to.
    pub(super) category: String,
    /// 1-based line.
    pub(super) line: usize,
}

/// The source to parse: `text` without its UTF-8 byte-order mark, which
/// dictionaries saved on Windows often start with.
pub(super) fn source<'a>(text: &'a str, origin: &'a str) -> Source<'a> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Source { text, origin }
}

impl WordList {
    /// The lexicon named `name`: standalone, one axis per category; or, as
    /// with a CSV table, entries on the axes of `base`, which must have one
    /// with each category's name.
    pub(super) fn into_lexicon(
        self,
        source: &Source,
        name: &str,
        base: Option<Lexicon>,
    ) -> Result<Lexicon, Error> {
        let mut lexicon = match base {
            Some(base) => {
                let known = |c: &String| base.axes.iter().any(|a| &a.id == c);
                if let Some((category, line)) = self.categories.iter().find(|(c, _)| !known(c)) {
                    let axes: Vec<&str> = base.axes.iter().map(|a| a.id.as_str()).collect();
                    let problem = Problem::Syntax(format!(
                        "category {category:?} is not an axis of the lexicon this file extends \
                         (axes: {}): load the dictionary on its own \
                         (`Lexicon::from_path`, `--no-default`)",
                        axes.join(", ")
                    ));
                    return Err(source.error(Some(*line), problem));
                }
                base
            }
            None => {
                let mut lexicon = Lexicon::empty(name);
                for (category, line) in &self.categories {
                    let axis = Axis {
                        id: category.clone(),
                        negative: String::new(),
                        positive: category.clone(),
                        description: format!(
                            "{} category {category:?}: each matching word adds 1",
                            self.format
                        ),
                    };
                    lexicon
                        .set_axis(axis)
                        .map_err(|p| source.error(Some(*line), p))?;
                }
                lexicon
            }
        };
        // A word in several categories is one entry weighing each of them;
        // its group is its first category.
        let mut entries: BTreeMap<String, (String, BTreeMap<String, f64>, usize)> = BTreeMap::new();
        let mut order = Vec::new();
        for word in self.words {
            check_pattern(&word.text, self.format).map_err(|p| source.error(Some(word.line), p))?;
            let key = super::normalize_term(&word.text)
                .map_err(|p| source.error(Some(word.line), advise(p)))?;
            let slot = entries.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                (word.category.clone(), BTreeMap::new(), word.line)
            });
            slot.1.insert(word.category, 1.0);
        }
        for key in order {
            let (group, weights, line) = entries.remove(&key).expect("recorded above");
            lexicon
                .insert_entry(&key, &group, weights)
                .map_err(|p| source.error(Some(line), p))?;
        }
        Ok(lexicon)
    }
}

/// Refuses what stancekit would otherwise read differently from the
/// dictionary's author: a pattern of stars alone, and quanteda's `?`
/// (stancekit would take it as a literal character).
fn check_pattern(pattern: &str, format: &str) -> Result<(), Problem> {
    let bad = |reason: &str| Problem::BadWildcard {
        term: pattern.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = pattern.trim();
    if !trimmed.is_empty() && trimmed.chars().all(|c| c == '*' || c.is_whitespace()) {
        return Err(bad(
            "a pattern of only `*` would match every word: delete it",
        ));
    }
    if format == QUANTEDA && pattern.contains('?') {
        return Err(bad(
            "quanteda's `?` (any one character) has no stancekit equivalent: \
             replace the pattern with the words it should match",
        ));
    }
    Ok(())
}

/// The format name of quanteda dictionaries, the only one with `?`.
pub(super) const QUANTEDA: &str = "quanteda";

/// Adds to a wildcard problem what stancekit can match and what to do.
fn advise(problem: Problem) -> Problem {
    match problem {
        Problem::BadWildcard { term, reason } => Problem::BadWildcard {
            term,
            reason: format!(
                "{reason}; stancekit matches only a trailing `*` after at least {} characters: \
                 replace the pattern with the words it should match, or delete it",
                super::MIN_STEM_CHARS
            ),
        },
        other => other,
    }
}

//! LIWC-style `.dic` dictionaries: a `%` line, `ID<TAB>name` category
//! lines, a closing `%`, then `word<TAB>id<TAB>id…` lines.
//!
//! Fields may be separated by tabs or runs of spaces. A term may be a
//! phrase (`kind of`): with tabs, the first field is the term; with spaces
//! only, the trailing fields that are whole numbers are the ids and the
//! rest is the term. LIWC2007's conditional ids (`(02 134)125/464`) are
//! refused, since stancekit has no rule that reads them.

use super::wordlist::{self, Pattern, WordList};
use super::Lexicon;
use crate::error::{Error, Problem};

/// Reads a `.dic` dictionary named `name`; see [`WordList::into_lexicon`]
/// for `base`.
pub(super) fn parse(
    text: &str,
    origin: &str,
    name: &str,
    base: Option<Lexicon>,
) -> Result<Lexicon, Error> {
    let source = wordlist::source(text, origin);
    let text = source.text;
    let syntax = |line: usize, message: String| source.error(Some(line), Problem::Syntax(message));

    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    match lines.next() {
        Some((_, "%")) => {}
        Some((line, _)) => {
            return Err(syntax(
                line,
                "a LIWC dictionary starts with a `%` line, then one `ID<TAB>name` line per \
                 category, then `%`"
                    .into(),
            ))
        }
        None => return Err(source.error(None, Problem::Syntax("empty dictionary".into()))),
    }

    // id -> category name
    let mut ids: Vec<(u64, String)> = Vec::new();
    let mut categories = Vec::new();
    let mut closed = false;
    for (line, content) in lines.by_ref() {
        if content == "%" {
            closed = true;
            break;
        }
        let mut fields = content.split_whitespace();
        let id = fields.next().expect("the line is not blank");
        let id: u64 = id.parse().map_err(|_| {
            syntax(
                line,
                format!("category id {id:?} is not a whole number (expected `ID<TAB>name`, or `%` to end the categories)"),
            )
        })?;
        let category = fields.collect::<Vec<_>>().join(" ");
        if category.is_empty() {
            return Err(syntax(line, format!("category {id} has no name")));
        }
        if let Some((_, earlier)) = ids.iter().find(|(i, _)| *i == id) {
            return Err(syntax(
                line,
                format!("category id {id} is declared twice ({earlier:?} and {category:?})"),
            ));
        }
        if let Some((earlier, _)) = ids.iter().find(|(_, c)| *c == category) {
            return Err(syntax(
                line,
                format!("category name {category:?} is declared twice (ids {earlier} and {id})"),
            ));
        }
        ids.push((id, category.clone()));
        categories.push((category, line));
    }
    if !closed {
        return Err(source.error(
            None,
            Problem::Syntax("no closing `%` line after the categories".into()),
        ));
    }

    let mut words = Vec::new();
    for (line, content) in lines {
        let (term, id_fields) = split_word_line(content);
        if let Some(conditional) = id_fields
            .iter()
            .chain(&term.split_whitespace().collect::<Vec<_>>())
            .find(|f| is_conditional(f))
        {
            return Err(syntax(
                line,
                format!(
                    "conditional category {conditional:?} (LIWC2007 syntax) is not supported: \
                     replace it with the plain category ids the word should count for"
                ),
            ));
        }
        if id_fields.is_empty() {
            return Err(syntax(
                line,
                format!("word {term:?} has no category ids (expected `word<TAB>id<TAB>id…`)"),
            ));
        }
        for field in id_fields {
            let id: u64 = field.parse().map_err(|_| {
                syntax(
                    line,
                    format!("category id {field:?} of word {term:?} is not a whole number"),
                )
            })?;
            let Some((_, category)) = ids.iter().find(|(i, _)| *i == id) else {
                let known: Vec<String> = ids.iter().map(|(i, _)| i.to_string()).collect();
                return Err(syntax(
                    line,
                    format!(
                        "word {term:?} names category id {id}, which is not declared (ids: {})",
                        known.join(", ")
                    ),
                ));
            };
            words.push(Pattern {
                text: term.to_string(),
                category: category.clone(),
                line,
            });
        }
    }
    let list = WordList {
        format: "LIWC",
        categories,
        words,
    };
    list.into_lexicon(&source, name, base)
}

/// Splits a word line into its term and its id fields. With a tab, the
/// first tab-separated field is the term; with spaces only, the trailing
/// whole numbers are the ids (so a term never ends in a number there).
fn split_word_line(content: &str) -> (String, Vec<&str>) {
    if let Some((term, rest)) = content.split_once('\t') {
        return (term.trim().to_string(), rest.split_whitespace().collect());
    }
    let fields: Vec<&str> = content.split_whitespace().collect();
    let numbers = fields
        .iter()
        .rev()
        .take_while(|f| f.parse::<u64>().is_ok())
        .count()
        // At least the first field is the term, even if it is a number.
        .min(fields.len() - 1);
    let (term, ids) = fields.split_at(fields.len() - numbers);
    (term.join(" "), ids.to_vec())
}

/// LIWC2007's conditional ids: `(02 134)125/464`, `(53)126`, `<of>131/125`.
fn is_conditional(field: &str) -> bool {
    let bytes = field.as_bytes();
    let opens = bytes.first() == Some(&b'(') && bytes.get(1).is_some_and(u8::is_ascii_digit);
    let closes = bytes
        .windows(2)
        .any(|w| matches!(w[0], b')' | b'>') && w[1].is_ascii_digit());
    opens || closes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lines_split() {
        assert_eq!(
            split_word_line("kind of\t1\t2"),
            ("kind of".into(), vec!["1", "2"])
        );
        assert_eq!(
            split_word_line("kind of 1 2"),
            ("kind of".into(), vec!["1", "2"])
        );
        assert_eq!(split_word_line("2020 5"), ("2020".into(), vec!["5"]));
        assert_eq!(split_word_line("alone"), ("alone".into(), vec![]));
    }

    #[test]
    fn conditionals_are_recognized() {
        for c in ["(02", "134)125/464", "(53)126", "<of>131/125"] {
            assert!(is_conditional(c), "{c}");
        }
        for w in ["(", ":)", "and/or", "<3", "x)"] {
            assert!(!is_conditional(w), "{w}");
        }
    }
}

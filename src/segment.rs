//! Sentences and clauses, from tokens alone.
//!
//! A sentence ends after `.`, `!` or `?` (and any closing quotes or brackets
//! right after), except a `.` that closes an abbreviation: a known title or
//! short form written against it (`Mr.`, `Gen.`, `Dept.`), `No.` before a
//! number, or a single letter (`J. Biden`). Dotted abbreviations such as
//! `U.S.` are single tokens and so never end a sentence. A clause ends at a
//! sentence end, at `, ; : ( ) [ ] – —` or a spaced hyphen, and before a
//! contrast marker; negation never reaches across one.

use crate::tokenize::Tokens;

/// Titles and short forms whose following `.` does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen", "rep",
    "gov", "pres", "amb", "hon", "rev", "st", "jr", "sr", "vs", "inc", "ltd", "corp", "co", "dept",
    "univ", "approx", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "art", "para", "vol", "p", "pp", "cf",
];

/// Where each token stands.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Sentence index of each token.
    pub sentence: Vec<u32>,
    /// Clause index of each token (counted across the whole statement).
    pub clause: Vec<u32>,
    /// Number of `!` tokens in each sentence.
    pub exclamations: Vec<u32>,
}

fn is_terminator(text: &str) -> bool {
    matches!(text, "." | "!" | "?")
}

fn is_closer(text: &str) -> bool {
    matches!(text, "\"" | "'" | "”" | "’" | ")" | "]")
}

fn is_clause_break(text: &str) -> bool {
    matches!(
        text,
        "," | ";" | ":" | "(" | ")" | "[" | "]" | "–" | "—" | "-"
    )
}

/// True when the `.` at `i` closes an abbreviation rather than a sentence.
fn closes_abbreviation(tokens: &Tokens, i: usize) -> bool {
    let all = tokens.tokens();
    if i == 0 || all[i - 1].span.end != all[i].span.start {
        return false;
    }
    let prev = tokens.text(&all[i - 1]);
    let next_is_number = all
        .get(i + 1)
        .is_some_and(|t| tokens.text(t).starts_with(|c: char| c.is_ascii_digit()));
    ABBREVIATIONS.contains(&prev)
        || (prev == "no" && next_is_number)
        || (prev.chars().count() == 1 && prev.chars().all(char::is_alphabetic))
}

impl Layout {
    /// Lays out `tokens`; `clause_starts` holds the token indices where a
    /// contrast marker begins (sorted).
    pub(crate) fn build(&mut self, tokens: &Tokens, clause_starts: &[usize]) {
        self.sentence.clear();
        self.clause.clear();
        self.exclamations.clear();
        self.exclamations.push(0);
        let (mut sentence, mut clause) = (0u32, 0u32);
        let mut ended = false;
        let mut next_marker = clause_starts.iter().peekable();
        for (i, token) in tokens.tokens().iter().enumerate() {
            let text = tokens.text(token);
            if ended && !is_terminator(text) && !is_closer(text) {
                sentence += 1;
                clause += 1;
                self.exclamations.push(0);
                ended = false;
            }
            if next_marker.peek() == Some(&&i) {
                next_marker.next();
                clause += 1;
            }
            if is_clause_break(text) {
                clause += 1;
            }
            self.sentence.push(sentence);
            self.clause.push(clause);
            if text == "!" {
                self.exclamations[sentence as usize] += 1;
            }
            if is_terminator(text) && !(text == "." && closes_abbreviation(tokens, i)) {
                ended = true;
            }
        }
    }

    /// Number of sentences (at least one, even for an empty statement).
    pub(crate) fn sentences(&self) -> usize {
        self.exclamations.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tokenizer;

    fn layout(text: &str) -> (Vec<u32>, Vec<u32>) {
        let tokens = Tokenizer::default().tokenize(text).unwrap();
        let mut l = Layout::default();
        l.build(&tokens, &[]);
        (l.sentence, l.clause)
    }

    #[test]
    fn sentences_split_on_terminators() {
        let (s, _) = layout("We warn. They listen! Do they?");
        assert_eq!(s, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
    }

    #[test]
    fn abbreviations_do_not_split() {
        let (s, _) = layout("Mr. Li met the U.S. envoy on No. 5 street. Then left.");
        assert_eq!(*s.last().unwrap(), 1);
        let (s, _) = layout("J. Biden spoke.");
        assert_eq!(s, [0, 0, 0, 0, 0]);
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let (s, _) = layout("He said “no.” Then");
        assert_eq!(s, [0, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn a_spaced_word_before_a_dot_is_not_an_abbreviation() {
        let (s, _) = layout("Talk to Mr . Then");
        assert_eq!(s, [0, 0, 0, 0, 1]);
    }

    #[test]
    fn clauses_split_on_punctuation_and_markers() {
        let tokens = Tokenizer::default()
            .tokenize("not now, but later; fine")
            .unwrap();
        let mut l = Layout::default();
        l.build(&tokens, &[3]);
        assert_eq!(l.clause, [0, 0, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn exclamations_are_counted_per_sentence() {
        let tokens = Tokenizer::default().tokenize("No!! Yes.").unwrap();
        let mut l = Layout::default();
        l.build(&tokens, &[]);
        assert_eq!(l.exclamations, [2, 0]);
    }
}

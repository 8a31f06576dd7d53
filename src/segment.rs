//! Sentences and clauses, from tokens alone.
//!
//! A sentence ends after `.`, `!` or `?` (and any closing quotes or brackets
//! right after), except a `.` that closes an abbreviation: a known title or
//! short form written against it (`Mr.`, `Gen.`, `Dept.`), `No.` before a
//! number, or a single letter (`J. Biden`). Dotted abbreviations such as
//! `U.S.` are single tokens and so never end a sentence. A clause ends at a
//! sentence end, at `, ; : ( ) [ – —` or a spaced hyphen, and before a
//! contrast marker; negation never reaches across one.

use crate::tokenize::Tokens;

/// Titles and short forms whose following `.` does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen", "rep",
    "gov", "pres", "amb", "hon", "rev", "st", "jr", "sr", "vs", "inc", "ltd", "corp", "co", "dept",
    "univ", "approx", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "art", "para", "vol", "p", "pp", "cf",
];

/// Where each token stands, stored sparsely as the token indices where a
/// sentence or a clause begins: statements have few of them, and the rules
/// only ask about the tokens of their matches.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Token index where each sentence after the first begins.
    sentence_starts: Vec<usize>,
    /// Token index of each clause increment, sorted (an index may repeat).
    clause_starts: Vec<usize>,
    /// Number of `!` tokens in each sentence.
    exclamations: Vec<u32>,
}

/// What a token means to the layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `.`
    Period,
    /// `!`
    Exclamation,
    /// `?`
    Question,
    /// A closing quote or bracket, kept with the sentence before it.
    Closer,
    /// `)`: a closer that also ends a clause.
    CloseParen,
    /// Ends a clause.
    ClauseBreak,
    /// Anything else.
    None,
}

/// Classifies a token by its bytes (this runs on every token, so no string
/// comparisons): every mark is one character.
fn mark(text: &str) -> Mark {
    match text.as_bytes() {
        [b'.'] => Mark::Period,
        [b'!'] => Mark::Exclamation,
        [b'?'] => Mark::Question,
        [b'"' | b'\'' | b']'] => Mark::Closer,
        [b')'] => Mark::CloseParen,
        [b',' | b';' | b':' | b'(' | b'[' | b'-'] => Mark::ClauseBreak,
        // ’ ”
        [0xE2, 0x80, 0x99 | 0x9D] => Mark::Closer,
        // – —
        [0xE2, 0x80, 0x93 | 0x94] => Mark::ClauseBreak,
        _ => Mark::None,
    }
}

/// True when the `.` at `i` closes an abbreviation rather than a sentence.
fn closes_abbreviation(tokens: &Tokens, i: usize) -> bool {
    let all = tokens.tokens();
    if i == 0 || all[i - 1].span().end != all[i].span().start {
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
    /// Lays out `tokens`; `markers` holds the token indices where a
    /// contrast marker begins (sorted).
    pub(crate) fn build(&mut self, tokens: &Tokens, markers: &[usize]) {
        self.sentence_starts.clear();
        self.clause_starts.clear();
        self.exclamations.clear();
        self.exclamations.push(0);
        let mut ended = false;
        let mut markers = markers.iter().peekable();
        for (i, token) in tokens.tokens().iter().enumerate() {
            let mark = mark(tokens.text(token));
            let terminal = matches!(mark, Mark::Period | Mark::Exclamation | Mark::Question);
            if ended && !terminal && !matches!(mark, Mark::Closer | Mark::CloseParen) {
                self.sentence_starts.push(i);
                self.clause_starts.push(i);
                self.exclamations.push(0);
                ended = false;
            }
            if markers.next_if_eq(&&i).is_some() {
                self.clause_starts.push(i);
            }
            match mark {
                Mark::ClauseBreak | Mark::CloseParen => self.clause_starts.push(i),
                Mark::Exclamation => *self.exclamations.last_mut().expect("one per sentence") += 1,
                _ => {}
            }
            if terminal && !(mark == Mark::Period && closes_abbreviation(tokens, i)) {
                ended = true;
            }
        }
    }

    /// Sentence index of token `i`.
    pub(crate) fn sentence(&self, i: usize) -> u32 {
        self.sentence_starts.partition_point(|&s| s <= i) as u32
    }

    /// Clause index of token `i`, counted across the whole statement.
    pub(crate) fn clause(&self, i: usize) -> u32 {
        self.clause_starts.partition_point(|&s| s <= i) as u32
    }

    /// Number of `!` in sentence `sentence`.
    pub(crate) fn exclamations(&self, sentence: u32) -> u32 {
        self.exclamations[sentence as usize]
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

    fn per_token(l: &Layout, n: usize) -> (Vec<u32>, Vec<u32>) {
        (
            (0..n).map(|i| l.sentence(i)).collect(),
            (0..n).map(|i| l.clause(i)).collect(),
        )
    }

    fn layout(text: &str) -> (Vec<u32>, Vec<u32>) {
        let tokens = Tokenizer::default().tokenize(text).unwrap();
        let mut l = Layout::default();
        l.build(&tokens, &[]);
        per_token(&l, tokens.len())
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
        assert_eq!(per_token(&l, tokens.len()).1, [0, 0, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn exclamations_are_counted_per_sentence() {
        let tokens = Tokenizer::default().tokenize("No!! Yes.").unwrap();
        let mut l = Layout::default();
        l.build(&tokens, &[]);
        assert_eq!(l.exclamations, [2, 0]);
    }
}

//! Actors: who a statement names. Each actor has an id and the aliases
//! that stand for it ("Washington" for the US, "the Alliance" for NATO),
//! and the speaker is named by self-reference (we, us, our).
//!
//! Aliases are matched on the scorer's tokens, so case, typographic
//! apostrophes and compatibility forms are folded as in the lexicon. Case
//! matters only where it tells two aliases apart: an alias written in
//! capitals ("US") and a lower-case one of the same letters ("us", the
//! speaker) are told apart by how the text writes them. A final `*`
//! matches any ending of the last word ("American*": "Americans").
//!
//! ```
//! use stancekit::Actors;
//! let actors = Actors::builtin();
//! let text = "We reject the US demands, which NATO's members drafted.";
//! let ids: Vec<&str> = actors.mentions(text).unwrap().iter().map(|m| actors.id(m.actor)).collect();
//! assert_eq!(ids, ["speaker", "US", "NATO"]);
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, LexiconError, Problem};
use crate::tokenize::{Tokenizer, Tokens};

/// The id of the actor that self-reference names.
pub const SPEAKER: &str = "speaker";

/// The words by which a speaker names itself.
const SELF_REFERENCE: &[&str] = &["we", "us", "our", "ours", "ourselves"];

const BUILTIN: &str = include_str!("data/actors-en.toml");

/// Nouns that make the name before them part of the name of a treaty,
/// agreement, format or meeting: "the Minsk agreements", "the Washington
/// Treaty", "the Normandy format" name no actor.
const INSTRUMENTS: &[&str] = &[
    "agreement",
    "agreements",
    "accord",
    "accords",
    "treaty",
    "format",
    "protocol",
    "protocols",
    "memorandum",
    "declaration",
    "communique",
    "communiqué",
    "process",
    "formula",
    "charter",
];

/// A list of actors with their aliases, compiled for matching.
#[derive(Debug, Clone)]
pub struct Actors {
    /// The actors as given (without the speaker), to extend them.
    list: Vec<(String, Vec<String>)>,
    /// The aliases the speaker names itself by besides self-reference: its
    /// own state's, after [`speaking_as`](Actors::speaking_as).
    own: Vec<String>,
    ids: Vec<String>,
    aliases: Vec<Alias>,
    /// Aliases by their first token, longest first.
    by_first: FxHashMap<String, Vec<usize>>,
    /// Aliases whose only token ends in `*`.
    stems: Vec<usize>,
    /// Tokens written both as an alias in capitals and as a lower-case one.
    case_sensitive: FxHashSet<String>,
}

/// One alias, as tokens.
#[derive(Debug, Clone)]
struct Alias {
    actor: usize,
    tokens: Vec<AliasToken>,
    /// Whether the last token is a stem (`American*`).
    stem: bool,
}

#[derive(Debug, Clone)]
struct AliasToken {
    text: String,
    /// Written in capitals in the alias (two letters or more).
    capitals: bool,
}

/// Where a statement names an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The actor's index ([`Actors::id`] gives its id).
    pub actor: usize,
    /// Byte span in the statement.
    pub span: Range<usize>,
    /// Token range.
    pub tokens: Range<usize>,
}

impl Actors {
    /// Actors from `(id, aliases)` pairs, plus the speaker. An id may not
    /// be repeated or empty, and an alias may not be empty.
    ///
    /// ```
    /// let actors = stancekit::Actors::new([("US", vec!["Washington", "American*"])]).unwrap();
    /// assert_eq!(actors.mentions("Americans and Washington").unwrap().len(), 2);
    /// ```
    pub fn new<I, A, S>(actors: I) -> Result<Actors, Error>
    where
        I: IntoIterator<Item = (S, A)>,
        A: IntoIterator,
        A::Item: AsRef<str>,
        S: AsRef<str>,
    {
        let mut list: Vec<(String, Vec<String>)> = Vec::new();
        for (id, aliases) in actors {
            let aliases = aliases
                .into_iter()
                .map(|a| a.as_ref().to_string())
                .collect();
            list.push((id.as_ref().to_string(), aliases));
        }
        Actors::compile(list, Vec::new(), "<actors>")
    }

    /// The built-in list: 109 states, organizations and armed movements (see
    /// `src/actors/data/actors-en.toml`), plus the speaker.
    ///
    /// ```
    /// let actors = stancekit::Actors::builtin();
    /// assert!(actors.ids().any(|id| id == "NATO"));
    /// ```
    pub fn builtin() -> Actors {
        static BUILT: std::sync::OnceLock<Actors> = std::sync::OnceLock::new();
        (BUILT.get_or_init(|| {
            Actors::from_toml_str(BUILTIN, "<builtin>").expect("the built-in actors parse (tested)")
        }))
        .clone()
    }

    /// Actors from TOML: one key per actor, its value the list of aliases
    /// (`US = ["United States", "Washington"]`). `origin` names the text
    /// in errors.
    ///
    /// ```
    /// let actors = stancekit::Actors::from_toml_str("NATO = [\"NATO\", \"the Alliance\"]", "mine.toml").unwrap();
    /// assert_eq!(actors.mentions("the Alliance").unwrap()[0].span, 0..12);
    /// ```
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Actors, Error> {
        let map: BTreeMap<String, Vec<String>> = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
            bad(origin, line, e.message())
        })?;
        Actors::compile(in_file_order(map, text), Vec::new(), origin)
    }

    /// Actors from JSON: `{"US": ["United States", "Washington"], ...}`.
    ///
    /// ```
    /// let actors = stancekit::Actors::from_json_str(r#"{"EU": ["EU", "Brussels"]}"#, "mine.json").unwrap();
    /// assert_eq!(actors.mentions("Brussels said").unwrap().len(), 1);
    /// ```
    pub fn from_json_str(text: &str, origin: &str) -> Result<Actors, Error> {
        let map: BTreeMap<String, Vec<String>> = serde_json::from_str(text)
            .map_err(|e| bad(origin, (e.line() > 0).then_some(e.line()), &e.to_string()))?;
        Actors::compile(in_file_order(map, text), Vec::new(), origin)
    }

    /// Actors from a `.toml` or `.json` file.
    ///
    /// ```no_run
    /// let actors = stancekit::Actors::from_path("actors.toml").unwrap();
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Actors, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let origin = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Actors::from_json_str(&text, &origin),
            _ => Actors::from_toml_str(&text, &origin),
        }
    }

    /// These actors and `more`: a new id is added, a known one gets the
    /// new aliases too.
    ///
    /// ```
    /// let actors = stancekit::Actors::builtin().extended([("Hezbollah", vec!["Hezbollah", "Hizbullah"])]).unwrap();
    /// assert_eq!(actors.mentions("Hizbullah and Israel").unwrap().len(), 2);
    /// ```
    pub fn extended<I, A, S>(&self, more: I) -> Result<Actors, Error>
    where
        I: IntoIterator<Item = (S, A)>,
        A: IntoIterator,
        A::Item: AsRef<str>,
        S: AsRef<str>,
    {
        let mut list = self.list.clone();
        for (id, aliases) in more {
            let aliases = aliases.into_iter().map(|a| a.as_ref().to_string());
            match list.iter_mut().find(|(known, _)| known == id.as_ref()) {
                Some((_, known)) => known.extend(aliases),
                None => list.push((id.as_ref().to_string(), aliases.collect())),
            }
        }
        Actors::compile(list, self.own.clone(), "<actors>")
    }

    /// These actors as seen by a speaker of actor `id`: its aliases name
    /// the speaker, like "we", and it is no longer another actor. A
    /// statement by the DPRK's foreign ministry that names "the DPRK" is
    /// about its counterparts, not about the DPRK; readers do not rate the
    /// speaker's own side.
    ///
    /// ```
    /// let actors = stancekit::Actors::builtin().speaking_as("North Korea").unwrap();
    /// let ids: Vec<&str> = actors.mentions("The DPRK condemns the US.").unwrap().iter().map(|m| actors.id(m.actor)).collect();
    /// assert_eq!(ids, ["speaker", "US"]);
    /// assert!(stancekit::Actors::builtin().speaking_as("Atlantis").is_err());
    /// ```
    pub fn speaking_as(&self, id: &str) -> Result<Actors, Error> {
        let mut list = self.list.clone();
        let at = (list.iter().position(|(known, _)| known == id))
            .ok_or_else(|| bad("<actors>", None, &format!("no actor {id:?} to speak as")))?;
        let (_, aliases) = list.remove(at);
        let mut own = self.own.clone();
        own.extend(aliases);
        Actors::compile(list, own, "<actors>")
    }

    /// The actors' ids, the speaker last.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    /// The id of actor `index`.
    pub fn id(&self, index: usize) -> &str {
        &self.ids[index]
    }

    /// The mentions of actors in `text`, tokenized by the default
    /// tokenizer, in order.
    pub fn mentions(&self, text: &str) -> Result<Vec<Mention>, Error> {
        let tokens = Tokenizer::default().tokenize(text)?;
        Ok(self.mentions_in(text, &tokens))
    }

    /// The mentions of actors in `text` given its `tokens`: at each token
    /// the longest alias that starts there, then on after it. A name
    /// followed by the noun of an instrument (agreement, treaty, format,
    /// ...: "the Minsk agreements") is part of the instrument's name and
    /// mentions no actor.
    pub fn mentions_in(&self, text: &str, tokens: &Tokens) -> Vec<Mention> {
        let toks = tokens.tokens();
        let word = |i: usize| tokens.text(&toks[i]);
        let capitals = |i: usize| written_in_capitals(&text[toks[i].span()]);
        // The last word of an alias may be possessive ("NATO's").
        let fits = |t: &AliasToken, i: usize, last: bool, stem: bool| {
            let w = word(i);
            let same = match (last, stem) {
                // A stem does not reach across a hyphen ("Russian-British"
                // is two mentions, found part by part).
                (true, true) => w
                    .strip_prefix(t.text.as_str())
                    .is_some_and(|rest| !rest.contains('-')),
                (true, false) => w.strip_suffix("'s").unwrap_or(w) == t.text,
                (false, _) => w == t.text,
            };
            same && (!self.case_sensitive.contains(&t.text) || t.capitals == capitals(i))
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let w = word(i);
            let keys = [Some(w), w.strip_suffix("'s")].into_iter().flatten();
            let candidates = keys.filter_map(|k| self.by_first.get(k)).flatten();
            let found = candidates.chain(&self.stems).copied().find(|&a| {
                let alias = &self.aliases[a];
                let n = alias.tokens.len();
                i + n <= toks.len()
                    && (alias.tokens.iter().enumerate())
                        .all(|(k, t)| fits(t, i + k, k == n - 1, alias.stem))
            });
            match found {
                // "the Minsk agreements": a place in an instrument's name.
                Some(a)
                    if toks
                        .get(i + self.aliases[a].tokens.len())
                        .is_some_and(|t| INSTRUMENTS.contains(&tokens.text(t))) =>
                {
                    i += self.aliases[a].tokens.len();
                }
                Some(a) => {
                    let (alias, end) = (&self.aliases[a], i + self.aliases[a].tokens.len());
                    out.push(Mention {
                        actor: alias.actor,
                        span: toks[i].span().start..toks[end - 1].span().end,
                        tokens: i..end,
                    });
                    i = end;
                }
                None => {
                    self.compound_mentions(text, tokens, i, &mut out);
                    i += 1
                }
            }
        }
        out
    }

    /// The mentions inside a hyphenated compound at token `i`: each part
    /// that is a one-word alias ("NATO-controlled", "Russian-British
    /// relations", "US-led"), as a span inside the token.
    fn compound_mentions(&self, text: &str, tokens: &Tokens, i: usize, out: &mut Vec<Mention>) {
        let token = &tokens.tokens()[i];
        let word = tokens.text(token);
        // ASCII only: there the token is the text lower-cased, byte for
        // byte, so its parts are spans of the text.
        if !word.contains('-') || !text[token.span()].is_ascii() || word.len() != token.span().len()
        {
            return;
        }
        let mut at = 0;
        for part in word.split('-') {
            let (start, end) = (
                token.span().start + at,
                token.span().start + at + part.len(),
            );
            at += part.len() + 1;
            if part.is_empty() {
                continue;
            }
            let capitals = written_in_capitals(&text[start..end]);
            let one_word = |a: &usize| {
                let alias = &self.aliases[*a];
                let t = &alias.tokens[0];
                alias.tokens.len() == 1
                    && (if alias.stem {
                        part.starts_with(&t.text)
                    } else {
                        part == t.text
                    })
                    && (!self.case_sensitive.contains(&t.text) || t.capitals == capitals)
            };
            let exact = self.by_first.get(part).into_iter().flatten();
            if let Some(&a) = exact.chain(&self.stems).find(|a| one_word(a)) {
                out.push(Mention {
                    actor: self.aliases[a].actor,
                    span: start..end,
                    tokens: i..i + 1,
                });
            }
        }
    }

    fn compile(
        list: Vec<(String, Vec<String>)>,
        own: Vec<String>,
        origin: &str,
    ) -> Result<Actors, Error> {
        let given = list.clone();
        let tokenizer = Tokenizer::default();
        let mut ids: Vec<String> = Vec::new();
        let mut aliases = Vec::new();
        let speaker = (
            SPEAKER.to_string(),
            (SELF_REFERENCE.iter().map(|s| s.to_string()))
                .chain(own.iter().cloned())
                .collect(),
        );
        for (id, names) in list.into_iter().chain([speaker]) {
            if id.trim().is_empty() {
                return Err(bad(origin, None, "an actor id is empty"));
            }
            if ids.contains(&id) {
                return Err(bad(
                    origin,
                    None,
                    &format!("actor {id:?} is listed twice; merge its aliases"),
                ));
            }
            for name in names {
                // The lexicon's wildcard rule: a final `*` is a stem, `\*`
                // a literal star.
                let (body, stem) = crate::lexicon::term_pattern(&name);
                let body = body.as_str();
                let tokens = tokenizer.tokenize(body)?;
                if tokens.is_empty() {
                    return Err(bad(
                        origin,
                        None,
                        &format!("actor {id:?} has an empty alias {name:?}"),
                    ));
                }
                let tokens = (tokens.tokens().iter())
                    .map(|t| AliasToken {
                        text: tokens.text(t).to_string(),
                        capitals: written_in_capitals(&body[t.span()]),
                    })
                    .collect();
                aliases.push(Alias {
                    actor: ids.len(),
                    tokens,
                    stem,
                });
            }
            ids.push(id);
        }
        // Longest first, so that "the United States" wins over "the".
        let mut order: Vec<usize> = (0..aliases.len()).collect();
        order.sort_by_key(|&a| std::cmp::Reverse(aliases[a].tokens.len()));
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut stems = Vec::new();
        for a in order {
            let alias: &Alias = &aliases[a];
            if alias.stem && alias.tokens.len() == 1 {
                stems.push(a);
            } else {
                by_first
                    .entry(alias.tokens[0].text.clone())
                    .or_default()
                    .push(a);
            }
        }
        let mut cases: FxHashMap<&str, (bool, bool)> = FxHashMap::default();
        for t in aliases.iter().flat_map(|a| &a.tokens) {
            let seen = cases.entry(&t.text).or_default();
            if t.capitals {
                seen.0 = true
            } else {
                seen.1 = true
            }
        }
        let case_sensitive = (cases.into_iter())
            .filter(|(_, (caps, lower))| *caps && *lower)
            .map(|(t, _)| t.to_string())
            .collect();
        Ok(Actors {
            list: given,
            own,
            ids,
            aliases,
            by_first,
            stems,
            case_sensitive,
        })
    }
}

/// Whether a word is written in capitals: two letters or more, none lower
/// case ("US", "U.S.", not "I" or "Us").
fn written_in_capitals(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase)
}

/// The map's actors in the order their ids first appear in `text`, so that
/// indices follow the file rather than the alphabet.
fn in_file_order(map: BTreeMap<String, Vec<String>>, text: &str) -> Vec<(String, Vec<String>)> {
    let mut list: Vec<_> = map.into_iter().collect();
    list.sort_by_key(|(id, _)| text.find(id.as_str()).unwrap_or(usize::MAX));
    list
}

fn bad(origin: &str, line: Option<usize>, message: &str) -> Error {
    LexiconError::new(origin, line, Problem::Syntax(message.to_string())).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(actors: &Actors, text: &str) -> Vec<String> {
        let mentions = actors.mentions(text).unwrap();
        mentions
            .iter()
            .map(|m| actors.id(m.actor).to_string())
            .collect()
    }

    #[test]
    fn capitals_tell_the_country_from_the_pronoun() {
        let actors = Actors::builtin();
        assert_eq!(
            ids(&actors, "The US told us that the U.S. will act."),
            ["US", "speaker", "US"]
        );
        assert_eq!(ids(&actors, "Us and the Alliance"), ["speaker", "NATO"]);
    }

    #[test]
    fn longest_alias_and_stems() {
        let actors = Actors::builtin();
        assert_eq!(
            ids(&actors, "the United States of America and Americans"),
            ["US", "US"]
        );
        let mentions = actors.mentions("Russian officials in Moscow").unwrap();
        assert_eq!(mentions[0].span, 0..7);
        assert_eq!(mentions[1].tokens, 3..4);
        assert!(ids(&actors, "the Amer").is_empty());
    }

    #[test]
    fn aliases_follow_the_lexicons_wildcard_rule() {
        let actors = Actors::new([("G", vec![r"G\*"]), ("Stars", vec!["Star*"])]).unwrap();
        // `\*` is a literal star, not a stem: "Gx" is no mention of G.
        assert_eq!(ids(&actors, "G* met; Gx left"), ["G"]);
        assert_eq!(ids(&actors, "Starship"), ["Stars"]);
    }

    #[test]
    fn files_name_their_line_and_ids_must_be_unique() {
        let err = Actors::from_toml_str("US = [\"US\"]\nNATO = 3\n", "a.toml").unwrap_err();
        assert!(err.to_string().starts_with("a.toml:2: "), "{err}");
        let err = Actors::new([("US", vec!["US"]), ("US", vec!["America"])]).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let err = Actors::new([("US", vec![" "])]).unwrap_err();
        assert!(err.to_string().contains("empty alias"), "{err}");
    }
}

//! quanteda's YAML dictionaries (`dictionary(file = , format = "YAML")`,
//! `as.yaml`): a mapping of keys to lists of glob patterns or to nested
//! mappings, flattened with `.` as quanteda does (`economy.positive`).
//!
//! Scalars are read as written (saphyr with `early_parse` off), so a word
//! such as `no`, `null` or `1.50` stays that word instead of becoming a
//! boolean or a number; every node keeps its line for errors.

use std::borrow::Cow;

use saphyr::{MarkedYaml, Scalar, YamlData, YamlLoader};
use saphyr_parser::{Parser, ScalarStyle};

use super::file::Source;
use super::wordlist::{self, Pattern, WordList, QUANTEDA};
use super::Lexicon;
use crate::error::{Error, Problem};

/// Most categories (keys that hold patterns, nested ones included) a
/// dictionary may have: each becomes an axis. YAML aliases copy a whole
/// subtree, so a few hundred bytes of nested anchors expand to tens of
/// thousands of keys, each checked against all the others and compiled
/// as an axis of every entry; real dictionaries have a few dozen.
const MAX_KEYS: usize = 1000;

/// Reads a YAML dictionary named `name`; see [`WordList::into_lexicon`]
/// for `base`.
pub(super) fn parse(
    text: &str,
    origin: &str,
    name: &str,
    base: Option<Lexicon>,
) -> Result<Lexicon, Error> {
    let source = wordlist::source(text, origin);
    let text = source.text;
    let mut loader: YamlLoader<MarkedYaml> = YamlLoader::default();
    loader.early_parse(false);
    let mut parser = Parser::new_from_str(text);
    let loaded = parser.load(&mut loader, true);
    if let Some(e) = loaded.err().or_else(|| loader.error().cloned()) {
        return Err(source.error(
            Some(e.marker().line()),
            Problem::Syntax(format!("YAML: {}", e.info())),
        ));
    }
    let mut documents = loader.into_documents().into_iter();
    let root = match (documents.next(), documents.next()) {
        (Some(root), None) => root,
        (None, _) => return Err(shape(&source, None, "the file is empty")),
        (Some(_), Some(second)) => {
            return Err(shape(
                &source,
                Some(second.span.start.line()),
                "a second YAML document: a dictionary is one mapping",
            ))
        }
    };
    let mut list = WordList {
        format: QUANTEDA,
        categories: Vec::new(),
        words: Vec::new(),
    };
    let YamlData::Mapping(map) = &root.data else {
        return Err(shape(
            &source,
            Some(line(&root)),
            "the top level is not a mapping",
        ));
    };
    for (key, value) in map {
        walk(&source, &mut list, "", key, value)?;
    }
    list.into_lexicon(&source, name, base)
}

/// Adds the key `key` under `prefix` and what `value` holds: a list of
/// patterns (and, as quanteda writes mixed keys, mappings of subkeys), one
/// pattern, or a mapping of subkeys.
fn walk(
    source: &Source,
    list: &mut WordList,
    prefix: &str,
    key: &MarkedYaml,
    value: &MarkedYaml,
) -> Result<(), Error> {
    let Some(name) = scalar(key) else {
        return Err(shape(
            source,
            Some(line(key)),
            "a key must be a plain string",
        ));
    };
    let category = if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}.{name}")
    };
    let items: Vec<&MarkedYaml> = match &value.data {
        YamlData::Mapping(map) => {
            for (k, v) in map {
                walk(source, list, &category, k, v)?;
            }
            return Ok(());
        }
        YamlData::Sequence(items) => items.iter().collect(),
        _ if is_null(value) => Vec::new(),
        _ => vec![value],
    };
    if list.categories.len() == MAX_KEYS {
        return Err(source.error(
            Some(line(key)),
            Problem::Syntax(format!(
                "key {category:?} is one category too many: a quanteda dictionary may have at \
                 most {MAX_KEYS} keys that hold patterns, nested ones included (do YAML aliases \
                 repeat a mapping?)"
            )),
        ));
    }
    if let Some((_, first)) = list.categories.iter().find(|(c, _)| *c == category) {
        let message = format!("key {category:?} appears twice (first at line {first})");
        return Err(shape(source, Some(line(key)), &message));
    }
    list.categories.push((category.clone(), line(key)));
    for item in items {
        if let YamlData::Mapping(map) = &item.data {
            for (k, v) in map {
                walk(source, list, &category, k, v)?;
            }
            continue;
        }
        let Some(text) = scalar(item) else {
            let message = format!("key {category:?}: a list item must be a pattern or a mapping");
            return Err(shape(source, Some(line(item)), &message));
        };
        list.words.push(Pattern {
            text: text.into_owned(),
            category: category.clone(),
            line: line(item),
        });
    }
    Ok(())
}

/// The text of a scalar node, as written.
fn scalar<'a>(node: &'a MarkedYaml) -> Option<Cow<'a, str>> {
    match &node.data {
        YamlData::Representation(text, _, _) => Some(Cow::Borrowed(text.as_ref())),
        YamlData::Value(Scalar::String(text)) => Some(Cow::Borrowed(text.as_ref())),
        _ => None,
    }
}

/// An empty value (`key:`, `key: ~`): a category without patterns.
fn is_null(node: &MarkedYaml) -> bool {
    match &node.data {
        YamlData::Representation(text, ScalarStyle::Plain, _) => {
            matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
        }
        YamlData::Value(Scalar::Null) => true,
        _ => false,
    }
}

fn line(node: &MarkedYaml) -> usize {
    node.span.start.line()
}

/// A dictionary that is valid YAML but not a quanteda dictionary.
fn shape(source: &Source, line: Option<usize>, what: &str) -> Error {
    source.error(
        line,
        Problem::Syntax(format!(
            "{what} (a quanteda dictionary maps keys to lists of patterns or to nested keys)"
        )),
    )
}

//! The TOML lexicon format and its JSON twin: parsing, validation with
//! file and line, `extends`, and export.
//!
//! Problems found after parsing (an unknown axis, a bad wildcard) are
//! located by finding the term's key in the source text, which works the
//! same for TOML and JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{liwc, quanteda, table, Axis, ContrastScope, Lexicon, ModifierKind, DEFAULT_ALPHA};
use crate::error::{Error, LexiconError, Problem};

#[derive(Clone, Copy)]
pub(super) enum Format {
    Toml,
    Json,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    name: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alpha: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    extends: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    negated_positive: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    implied: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    implied_from: Vec<String>,
}

/// The schema shared by TOML and JSON files.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    lexicon: Meta,
    #[serde(default)]
    axes: Vec<Axis>,
    /// group -> term -> axis -> weight
    #[serde(default)]
    entries: BTreeMap<String, BTreeMap<String, BTreeMap<String, f64>>>,
    /// kind -> term -> parameters
    #[serde(default)]
    modifiers: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Terms to drop from the lexicon being extended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    remove: Vec<String>,
}

/// Source text with its name, for locating problems.
pub(super) struct Source<'a> {
    pub(super) text: &'a str,
    pub(super) origin: &'a str,
}

impl Source<'_> {
    pub(super) fn error(&self, line: Option<usize>, problem: Problem) -> Error {
        LexiconError::new(self.origin, line, problem).into()
    }

    /// `problem`, located at the first line whose key is `key`.
    fn error_at_key(&self, key: &str, problem: Problem) -> Error {
        self.error(self.line_of_key(key, 0), problem)
    }

    /// 1-based line of the `nth` (0-based) line whose first key is `key`
    /// (`key =`, `"key" =`, `'key' =` or `"key":`).
    fn line_of_key(&self, key: &str, nth: usize) -> Option<usize> {
        let quoted = [format!("\"{key}\""), format!("'{key}'"), key.to_string()];
        let mut seen = 0;
        for (i, line) in self.text.lines().enumerate() {
            let line = line.trim_start();
            let is_key = quoted.iter().any(|q| {
                line.strip_prefix(q.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
            });
            if is_key {
                if seen == nth {
                    return Some(i + 1);
                }
                seen += 1;
            }
        }
        None
    }

    fn line_of_offset(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }
}

/// Reads a file by extension; `base` is the lexicon it extends, if any.
pub(super) fn read(path: &Path, base: Option<Lexicon>) -> Result<Lexicon, Error> {
    read_in_chain(path, base, &[])
}

/// Reads `path`, which `chain` (outermost first) extends: a file met again
/// would extend itself forever, so it is refused.
fn read_in_chain(path: &Path, base: Option<Lexicon>, chain: &[PathBuf]) -> Result<Lexicon, Error> {
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if chain.contains(&identity) {
        let cycle: Vec<String> = chain
            .iter()
            .chain([&identity])
            .map(|p| p.display().to_string())
            .collect();
        let origin = chain
            .last()
            .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
        return Err(
            LexiconError::new(&origin, None, Problem::CyclicExtends(cycle.join(" -> "))).into(),
        );
    }
    let chain: Vec<PathBuf> = chain.iter().cloned().chain([identity]).collect();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match ext.as_str() {
        "csv" => table::parse(&text, &origin, b',', base),
        "tsv" | "tab" => table::parse(&text, &origin, b'\t', base),
        "dic" => liwc::parse(&text, &origin, stem, base),
        "yml" | "yaml" => quanteda::parse(&text, &origin, stem, base),
        "json" => parse_at(&text, &origin, Format::Json, base, path.parent(), &chain),
        "toml" => parse_at(&text, &origin, Format::Toml, base, path.parent(), &chain),
        _ => Err(LexiconError::new(
            &origin,
            None,
            Problem::Syntax(format!(
                "unknown lexicon extension {ext:?}: use .toml, .json, .csv, .tsv, .dic (LIWC) or .yml (quanteda)"
            )),
        )
        .into()),
    }
}

pub(super) fn parse(
    text: &str,
    origin: &str,
    format: Format,
    base: Option<Lexicon>,
) -> Result<Lexicon, Error> {
    parse_at(text, origin, format, base, None, &[])
}

/// What is wrong with the shape of a parsed file's top-level tables, in
/// the schema's terms: `[[entries]]` written for `[entries.GROUP]`, or
/// `[axes]` for `[[axes]]`.
fn misshapen(doc: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let kind = |v: &Value| match v {
        Value::Array(_) => "an array of tables",
        Value::Object(_) => "a table",
        _ => "a single value",
    };
    let tables = |v: &Value| {
        v.as_object()
            .is_some_and(|t| t.values().all(Value::is_object))
    };
    doc.as_object()?.iter().find_map(|(key, value)| {
        let (fits, shape) = match key.as_str() {
            "lexicon" => (value.is_object(), "a [lexicon] table with name = \"...\""),
            "axes" => (
                value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_object)),
                "one [[axes]] table per axis, each with id = \"...\"",
            ),
            "entries" => (
                tables(value),
                "[entries.GROUP] tables of \"term\" = { axis = weight }",
            ),
            "modifiers" => (
                tables(value),
                "[modifiers.KIND] tables of \"term\" = parameters",
            ),
            _ => (true, ""),
        };
        (!fits).then(|| format!("`{key}` is {}; expected {shape}", kind(value)))
    })
}

/// A parser's message with what to do about the common mistakes it
/// describes in its own terms.
fn with_hint(message: &str) -> String {
    const HINTS: &[(&str, &str)] = &[
        (
            "expected f64",
            "weights and factors are numbers, as in `war = { threat = 1.5 }`",
        ),
        (
            "missing field",
            "add it: docs/lexicon-format.md lists each table's fields",
        ),
        (
            "unknown field",
            "check its spelling against the fields listed",
        ),
        (
            "duplicate key",
            "a key appears twice in one table; keep one",
        ),
        (
            "EOF while parsing",
            "the file ends early: a bracket, brace or quote is not closed",
        ),
    ];
    let message = message.trim_end();
    match HINTS.iter().find(|(pattern, _)| message.contains(pattern)) {
        Some((_, hint)) => format!("{message} ({hint})"),
        None => message.to_string(),
    }
}

fn parse_at(
    text: &str,
    origin: &str,
    format: Format,
    base: Option<Lexicon>,
    dir: Option<&Path>,
    chain: &[PathBuf],
) -> Result<Lexicon, Error> {
    let source = Source { text, origin };
    // On a failure, the parser's message is replaced by the schema's own
    // when the file parses but a table has the wrong shape.
    let syntax = |line: Option<usize>, message: &str| {
        let generic = match format {
            Format::Toml => toml::from_str::<serde_json::Value>(text).ok(),
            Format::Json => serde_json::from_str::<serde_json::Value>(text).ok(),
        };
        let message = generic
            .as_ref()
            .and_then(misshapen)
            .unwrap_or_else(|| with_hint(message));
        source.error(line, Problem::Syntax(message))
    };
    let doc: Document = match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| source.line_of_offset(s.start));
            syntax(line, e.message())
        })?,
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let line = (e.line() > 0).then_some(e.line());
            syntax(line, &e.to_string())
        })?,
    };
    let base = match (&doc.lexicon.extends, base) {
        (_, Some(base)) => base,
        (Some(name), None) => resolve_base(name, dir, &source, chain)?,
        (None, None) => Lexicon::empty(&doc.lexicon.name),
    };
    apply(doc, base, &source)
}

fn resolve_base(
    name: &str,
    dir: Option<&Path>,
    source: &Source,
    chain: &[PathBuf],
) -> Result<Lexicon, Error> {
    if let Some(builtin) = Lexicon::builtin(name) {
        return Ok(builtin);
    }
    let line = source.line_of_key("extends", 0);
    match dir {
        Some(dir) => read_in_chain(&dir.join(name), None, chain),
        _ => Err(source.error(
            line,
            Problem::UnknownBase(name.to_string(), Lexicon::builtin_names().join(", ")),
        )),
    }
}

fn apply(doc: Document, mut lexicon: Lexicon, source: &Source) -> Result<Lexicon, Error> {
    let meta = doc.lexicon;
    lexicon.name = meta.name;
    lexicon.version = meta.version;
    lexicon.description = meta.description;
    if let Some(alpha) = meta.alpha {
        if !(alpha.is_finite() && alpha > 0.0) {
            let problem = Problem::BadAlpha(alpha);
            return Err(source.error(source.line_of_key("alpha", 0), problem));
        }
        lexicon.alpha = alpha;
    } else if lexicon.axes.is_empty() {
        lexicon.alpha = DEFAULT_ALPHA;
    }

    let mut declared = std::collections::HashSet::new();
    for axis in doc.axes {
        let id = axis.id.clone();
        // Like terms, axes are located only for errors.
        let at_axis = |problem| {
            let line = source
                .text
                .lines()
                .position(|l| l.contains(&format!("\"{id}\"")));
            source.error(line.map(|i| i + 1), problem)
        };
        if !declared.insert(id.clone()) {
            return Err(at_axis(Problem::BadAxis(id.clone())));
        }
        lexicon.set_axis(axis).map_err(at_axis)?;
    }
    if lexicon.axes.is_empty() {
        return Err(source.error(
            None,
            Problem::Syntax("no axes: declare at least one [[axes]]".into()),
        ));
    }

    for (axis, factor) in meta.negated_positive {
        lexicon
            .check_negated_positive(&axis, Some(factor))
            .map_err(|p| source.error_at_key("negated_positive", p))?;
        lexicon.negated_positive.insert(axis, factor);
    }
    for (axis, share) in meta.implied {
        lexicon
            .check_implied(&axis, Some(share))
            .map_err(|p| source.error_at_key("implied", p))?;
        lexicon.implied.insert(axis, share);
    }
    for axis in &meta.implied_from {
        lexicon
            .check_implied(axis, None)
            .map_err(|p| source.error_at_key("implied_from", p))?;
    }
    if !meta.implied_from.is_empty() {
        lexicon.implied_from = meta.implied_from;
    }

    for term in &doc.remove {
        lexicon.remove(term);
    }

    // Lines are looked up only for errors: searching the source is slow.
    let mut weights_seen = BTreeMap::new();
    for (group, terms) in doc.entries {
        for (term, weights) in terms {
            once(&mut weights_seen, &term, weights.clone(), source)?;
            lexicon
                .insert_entry(&term, &group, weights)
                .map_err(|p| source.error_at_key(&term, p))?;
        }
    }

    let mut roles_seen = BTreeMap::new();
    for (kind, terms) in doc.modifiers {
        for (term, value) in terms {
            let parsed = modifier_kind(&kind, &term, value).map_err(|p| match p {
                Problem::UnknownModifierKind { .. } => {
                    let header = source
                        .text
                        .lines()
                        .position(|l| l.contains(&format!("modifiers.{kind}")));
                    source.error(
                        header
                            .map(|i| i + 1)
                            .or_else(|| source.line_of_key(&kind, 0)),
                        p,
                    )
                }
                _ => source.error_at_key(&term, p),
            })?;
            once(&mut roles_seen, &term, parsed.clone(), source)?;
            lexicon
                .insert_modifier(&term, parsed)
                .map_err(|p| source.error_at_key(&term, p))?;
        }
    }
    Ok(lexicon)
}

/// Records `value` for `term`: a term may be defined twice (in two groups,
/// say, or spelled in other case) only with the same value; otherwise the
/// second definition is a conflict. `seen` maps normalized terms to their
/// value and first spelling.
fn once<T: PartialEq>(
    seen: &mut BTreeMap<String, (T, String)>,
    term: &str,
    value: T,
    source: &Source,
) -> Result<(), Error> {
    let key = super::normalize_term(term).unwrap_or_else(|_| term.to_string());
    if let Some((earlier, spelling)) = seen.get(&key) {
        if *earlier != value {
            let first = source.line_of_key(spelling, 0).unwrap_or(0);
            let line = source.line_of_key(term, usize::from(spelling == term));
            let problem = Problem::ConflictingDuplicate {
                term: term.to_string(),
                first,
            };
            return Err(source.error(line, problem));
        }
        return Ok(());
    }
    seen.insert(key, (value, term.to_string()));
    Ok(())
}

/// Reads one modifier's parameters; a bare number is the factor.
fn modifier_kind(
    kind: &str,
    term: &str,
    value: serde_json::Value,
) -> Result<ModifierKind, Problem> {
    let bad = |reason: String| Problem::BadModifier {
        term: term.to_string(),
        reason,
    };
    // NaN and infinities arrive as null: JSON has no spelling for them.
    let number = |v: &serde_json::Value, field: &str| -> Result<f64, Problem> {
        match v {
            serde_json::Value::Null => Err(Problem::NonFinite {
                term: term.to_string(),
                field: field.to_string(),
            }),
            _ => v
                .as_f64()
                .ok_or_else(|| bad(format!("{field} must be a number, got {v}"))),
        }
    };
    let field = |name: &str| match &value {
        serde_json::Value::Object(map) => map.get(name),
        // A bare number is the factor.
        _ if name == "factor" => Some(&value),
        _ => None,
    };
    let factor = || {
        number(
            field("factor").ok_or_else(|| bad("missing `factor`".into()))?,
            "factor",
        )
    };
    // The shapes a kind accepts: a table with some of `allowed`, or also a
    // bare number (the factor) when `bare` is true.
    let shape = |allowed: &[&str], bare: bool| -> Result<(), Problem> {
        match &value {
            serde_json::Value::Object(map) => {
                match map.keys().find(|k| !allowed.contains(&k.as_str())) {
                    Some(k) => Err(bad(format!(
                        "unknown parameter `{k}` (expected: {})",
                        allowed.join(", ")
                    ))),
                    None => Ok(()),
                }
            }
            serde_json::Value::Number(_) | serde_json::Value::Null if bare => Ok(()),
            other => Err(bad(format!(
                "expected {}a table of {}, got {other}",
                if bare { "a number or " } else { "" },
                if allowed.is_empty() {
                    "nothing ({})".to_string()
                } else {
                    allowed.join(", ")
                }
            ))),
        }
    };
    Ok(match kind {
        "negators" => {
            shape(&["scope", "factor"], true)?;
            let scope = match field("scope") {
                None => super::NEGATION_SCOPE,
                Some(v) => v
                    .as_u64()
                    .ok_or_else(|| bad(format!("scope must be a whole number, got {v}")))?
                    as usize,
            };
            let factor = match field("factor") {
                None => super::NEGATION_FACTOR,
                Some(v) => number(v, "factor")?,
            };
            ModifierKind::Negator { scope, factor }
        }
        "heads" | "directives" => {
            shape(&["scope", "factor", "axes"], false)?;
            let scope = match field("scope") {
                None => return Err(bad("missing `scope`".into())),
                Some(v) => v
                    .as_u64()
                    .ok_or_else(|| bad(format!("scope must be a whole number, got {v}")))?
                    as usize,
            };
            let factor = factor()?;
            let axes = match field("axes") {
                None => Vec::new(),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| bad(format!("axes must be a list of axis ids, got {v}")))
                    })
                    .collect::<Result<_, _>>()?,
                Some(v) => return Err(bad(format!("axes must be a list of axis ids, got {v}"))),
            };
            if kind == "heads" {
                ModifierKind::Head {
                    scope,
                    factor,
                    axes,
                }
            } else {
                ModifierKind::Directive {
                    scope,
                    factor,
                    axes,
                }
            }
        }
        "intensifiers" => {
            shape(&["factor"], true)?;
            ModifierKind::Intensifier { factor: factor()? }
        }
        "dampeners" => {
            shape(&["factor"], true)?;
            ModifierKind::Dampener { factor: factor()? }
        }
        "hedges" => {
            shape(&["factor"], true)?;
            ModifierKind::Hedge { factor: factor()? }
        }
        "contrasts" => {
            shape(&["before", "after", "scope"], false)?;
            let get = |name: &str| field(name).map_or(Ok(1.0), |v| number(v, name));
            let scope = match field("scope") {
                None => ContrastScope::Sentence,
                Some(v) => match v.as_str() {
                    Some("sentence") => ContrastScope::Sentence,
                    Some("clause") => ContrastScope::Clause,
                    _ => {
                        return Err(bad(format!(
                            "scope must be \"sentence\" or \"clause\", got {v}"
                        )))
                    }
                },
            };
            ModifierKind::Contrast {
                before: get("before")?,
                after: get("after")?,
                scope,
            }
        }
        "fixed" => {
            shape(&[], false)?;
            ModifierKind::Fixed
        }
        _ => {
            return Err(Problem::UnknownModifierKind {
                kind: kind.to_string(),
            })
        }
    })
}

fn document(lexicon: &Lexicon) -> Document {
    let mut entries: BTreeMap<String, BTreeMap<String, BTreeMap<String, f64>>> = BTreeMap::new();
    for (term, entry) in &lexicon.entries {
        entries
            .entry(entry.group.clone())
            .or_default()
            .insert(term.clone(), entry.weights.clone());
    }
    let mut modifiers: BTreeMap<String, BTreeMap<String, serde_json::Value>> = BTreeMap::new();
    for (term, kind) in &lexicon.modifiers {
        let reaching = |scope: usize, factor: f64, axes: &[String]| {
            let mut value = serde_json::json!({"scope": scope, "factor": factor});
            if !axes.is_empty() {
                value["axes"] = axes.into();
            }
            value
        };
        let (section, value) = match *kind {
            ModifierKind::Head {
                scope,
                factor,
                ref axes,
            } => ("heads", reaching(scope, factor, axes)),
            ModifierKind::Directive {
                scope,
                factor,
                ref axes,
            } => ("directives", reaching(scope, factor, axes)),
            ModifierKind::Negator { scope, factor } => (
                "negators",
                serde_json::json!({"scope": scope, "factor": factor}),
            ),
            ModifierKind::Intensifier { factor } => ("intensifiers", factor.into()),
            ModifierKind::Dampener { factor } => ("dampeners", factor.into()),
            ModifierKind::Hedge { factor } => ("hedges", factor.into()),
            ModifierKind::Contrast {
                before,
                after,
                scope,
            } => {
                let scope = match scope {
                    ContrastScope::Sentence => "sentence",
                    ContrastScope::Clause => "clause",
                };
                (
                    "contrasts",
                    serde_json::json!({"before": before, "after": after, "scope": scope}),
                )
            }
            ModifierKind::Fixed => ("fixed", serde_json::json!({})),
        };
        modifiers
            .entry(section.to_string())
            .or_default()
            .insert(term.clone(), value);
    }
    Document {
        lexicon: Meta {
            name: lexicon.name.clone(),
            version: lexicon.version.clone(),
            description: lexicon.description.clone(),
            alpha: Some(lexicon.alpha),
            extends: None,
            negated_positive: lexicon.negated_positive.clone(),
            implied: lexicon.implied.clone(),
            implied_from: lexicon.implied_from.clone(),
        },
        axes: lexicon.axes.clone(),
        entries,
        modifiers,
        remove: Vec::new(),
    }
}

pub(super) fn to_json(lexicon: &Lexicon) -> String {
    serde_json::to_string_pretty(&document(lexicon)).expect("plain data serializes")
}

/// Writes TOML by hand so that each entry stays on one line, as in the
/// files people maintain.
pub(super) fn to_toml(lexicon: &Lexicon) -> String {
    let mut doc = document(lexicon);
    let key = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::new();
    // Inline tables, not the `[negated_positive]` sections `toml` would write.
    let negated_positive = std::mem::take(&mut doc.lexicon.negated_positive);
    let implied = std::mem::take(&mut doc.lexicon.implied);
    let meta = toml::to_string(&doc.lexicon).expect("plain data serializes");
    let _ = write!(out, "[lexicon]\n{meta}");
    for (name, table) in [("negated_positive", negated_positive), ("implied", implied)] {
        if !table.is_empty() {
            let inline: Vec<String> = table
                .iter()
                .map(|(a, f)| format!("{} = {}", key(a), toml_float(*f)))
                .collect();
            let _ = writeln!(out, "{name} = {{ {} }}", inline.join(", "));
        }
    }
    out.push('\n');
    for axis in &doc.axes {
        let table = toml::to_string(axis).expect("plain data serializes");
        let _ = writeln!(out, "[[axes]]\n{table}");
    }
    for (group, terms) in &doc.entries {
        let _ = writeln!(out, "[entries.{}]", key(group));
        for (term, weights) in terms {
            let inline: Vec<String> = weights
                .iter()
                .map(|(a, w)| format!("{} = {}", key(a), toml_float(*w)))
                .collect();
            let _ = writeln!(out, "{} = {{ {} }}", key(term), inline.join(", "));
        }
        out.push('\n');
    }
    for (kind, terms) in &doc.modifiers {
        let _ = writeln!(out, "[modifiers.{kind}]");
        for (term, value) in terms {
            let value = match value {
                serde_json::Value::Object(map) => {
                    let parts: Vec<String> = map
                        .iter()
                        .map(|(k, v)| match v {
                            serde_json::Value::String(s) => format!("{k} = {}", key(s)),
                            serde_json::Value::Number(n) if n.is_f64() => {
                                format!("{k} = {}", toml_float(n.as_f64().unwrap_or(0.0)))
                            }
                            other => format!("{k} = {other}"),
                        })
                        .collect();
                    format!("{{ {} }}", parts.join(", "))
                }
                serde_json::Value::Number(n) => toml_float(n.as_f64().unwrap_or(0.0)),
                other => other.to_string(),
            };
            let _ = writeln!(out, "{} = {value}", key(term));
        }
        out.push('\n');
    }
    out
}

/// A float as TOML writes it, always with a decimal point.
fn toml_float(v: f64) -> String {
    toml::Value::Float(v).to_string()
}

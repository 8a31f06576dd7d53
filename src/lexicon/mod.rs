//! The lexicon model: axes, weighted entries and the modifiers that the
//! rules read, with the built-in default and the content hash that
//! identifies a lexicon in every output.
//!
//! Files are read by [`file`] (TOML, JSON), [`table`] (CSV, TSV), [`liwc`]
//! and [`quanteda`] (category word lists, through [`wordlist`]); all go
//! through the same validating methods here, so a lexicon built in code
//! obeys the same rules as one read from disk.

mod file;
mod liwc;
mod quanteda;
mod table;
mod wordlist;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, LexiconError, Problem};

/// Smallest number of characters before a trailing `*`: shorter stems
/// (`a*`, `*`) match most of a language and are refused.
pub const MIN_STEM_CHARS: usize = 3;

/// Normalization constant used when a lexicon does not set one; see
/// [`Lexicon::alpha`].
pub const DEFAULT_ALPHA: f64 = 4.0;

/// Default reach of a negator, in tokens after it: "would **not** break off
/// talks" reaches `break off talks`; three words covers an auxiliary and an
/// adverb ("not ever really") without drifting into the next idea.
pub const NEGATION_SCOPE: usize = 3;

/// Default negator factor. A negated term flips pole but weakens: "not
/// hostile" is less friendly than "friendly". −0.75 is close to the −0.74
/// that VADER's authors measured for English sentiment.
pub const NEGATION_FACTOR: f64 = -0.75;

/// How many leading axes of a lexicon can have a
/// [`negated_positive`](crate::Lexicon::negated_positive) factor: the
/// rules mark the axes a factor applies to in one 64-bit set.
pub const MAX_NEGATED_POSITIVE_AXIS: usize = 64;

const DIPLOMATIC_EN: &str = include_str!("data/diplomatic-en.toml");

/// A bipolar axis such as conciliatory (−) vs threatening (+).
///
/// # Examples
///
/// ```
/// let lexicon = stancekit::Lexicon::default();
/// let threat = &lexicon.axes()[0];
/// assert_eq!((threat.id.as_str(), threat.positive.as_str()), ("threat", "threatening"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// Identifier used in entries and outputs (`threat`).
    pub id: String,
    /// Name of the negative pole (`conciliatory`).
    #[serde(default)]
    pub negative: String,
    /// Name of the positive pole (`threatening`).
    #[serde(default)]
    pub positive: String,
    /// What the axis measures.
    #[serde(default)]
    pub description: String,
}

/// A weighted term: a word, a wildcard stem (`provoc*`) or a phrase
/// (`break off talks`).
///
/// # Examples
///
/// ```
/// let lexicon = stancekit::Lexicon::default();
/// let entry = lexicon.entry("ultimatum").unwrap();
/// assert!(entry.weights["threat"] > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The group it belongs to in its file (what it captures).
    pub group: String,
    /// Weight per axis id; axes not named weigh zero.
    pub weights: BTreeMap<String, f64>,
}

/// How a contrast marker's `after` factor reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ContrastScope {
    /// The rest of the sentence (`but`, `however`).
    #[default]
    Sentence,
    /// Only the marker's own clause (`although ...,`).
    Clause,
}

/// What a modifier term does to the entries around it. The rules that
/// apply them are documented in [`rules`](crate::rules).
///
/// # Examples
///
/// ```
/// use stancekit::{Lexicon, ModifierKind};
/// let lexicon = Lexicon::default();
/// assert!(matches!(lexicon.modifier("not"), Some(ModifierKind::Negator { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ModifierKind {
    /// Multiplies entries starting within `scope` tokens after it, in the
    /// same clause, by `factor` (negative: flips the pole).
    Negator {
        /// Reach in tokens.
        scope: usize,
        /// Usually about −0.75: a negated threat is a weaker reassurance.
        factor: f64,
    },
    /// Multiplies the next entry (within two tokens) by `factor` > 1.
    Intensifier {
        /// Greater than 1.
        factor: f64,
    },
    /// Multiplies the next entry (within two tokens) by `factor` in (0, 1).
    Dampener {
        /// Between 0 and 1.
        factor: f64,
    },
    /// Multiplies every other entry of its clause by `factor` in (0, 1).
    Hedge {
        /// Between 0 and 1.
        factor: f64,
    },
    /// Re-weights the entries before and after it in its sentence.
    Contrast {
        /// Factor for entries before the marker.
        before: f64,
        /// Factor for entries after it.
        after: f64,
        /// How far `after` reaches.
        #[serde(default)]
        scope: ContrastScope,
    },
    /// A governing head: a verb or noun that sets the polarity of the value
    /// words it governs ("**undermines** regional security", "**violated**
    /// the ceasefire", "**halting** the annexation"). Multiplies entries
    /// starting within `scope` tokens after it, in the same clause, by
    /// `factor`, on `axes` only (every axis when empty).
    Head {
        /// Reach in tokens.
        scope: usize,
        /// Below 1: negative reverses what it governs, 0 cancels it.
        factor: f64,
        /// The axes it applies to; empty for all.
        #[serde(default)]
        axes: Vec<String>,
    },
    /// A directive frame ("we **urge** Moscow to show restraint", "Kyiv
    /// **must** return to talks"): what stands under it is demanded of the
    /// addressee, not offered by the speaker. The negative weights on `axes`
    /// of entries starting within `scope` tokens after it, in the same
    /// clause, are multiplied by `factor`; positive weights are left alone,
    /// so "must stop the aggression" stays accusatory.
    Directive {
        /// Reach in tokens.
        scope: usize,
        /// Below 1: negative turns what is asked for into pressure.
        factor: f64,
        /// The axes it applies to; empty for all.
        #[serde(default)]
        axes: Vec<String>,
    },
    /// A fixed phrase (`no doubt`, `not only`): it does nothing but keep its
    /// words from being read as modifiers.
    Fixed,
}

impl ModifierKind {
    /// The axes a head or directive is restricted to (empty: all, and for
    /// every other kind).
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Lexicon, ModifierKind};
    /// let lexicon = Lexicon::default();
    /// assert_eq!(lexicon.modifier("halt").unwrap().axes(), ["threat"]);
    /// assert!(lexicon.modifier("not").unwrap().axes().is_empty());
    /// ```
    pub fn axes(&self) -> &[String] {
        match self {
            ModifierKind::Head { axes, .. } | ModifierKind::Directive { axes, .. } => axes,
            _ => &[],
        }
    }
}

/// A named, versioned set of axes, entries and modifiers.
///
/// # Examples
///
/// ```
/// use stancekit::Lexicon;
/// let mut lexicon = Lexicon::default();
/// let extra = Lexicon::from_toml_str(r#"
///     [lexicon]
///     name = "mine"
///     extends = "diplomatic-en"
///     [entries.mine]
///     "zorble-fluxing" = { threat = 2.0 }
/// "#).unwrap();
/// lexicon.extend(&extra).unwrap();
/// assert_eq!(lexicon.entry("zorble-fluxing").unwrap().weights["threat"], 2.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    name: String,
    version: String,
    description: String,
    alpha: f64,
    axes: Vec<Axis>,
    entries: BTreeMap<String, Entry>,
    modifiers: BTreeMap<String, ModifierKind>,
    negated_positive: BTreeMap<String, f64>,
    implied: BTreeMap<String, f64>,
    implied_from: Vec<String>,
}

impl Default for Lexicon {
    /// The built-in `diplomatic-en` lexicon.
    fn default() -> Self {
        static DEFAULT: OnceLock<Lexicon> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                file::parse(
                    DIPLOMATIC_EN,
                    "<builtin diplomatic-en>",
                    file::Format::Toml,
                    None,
                )
                .expect("the built-in lexicon is valid (tested)")
            })
            .clone()
    }
}

impl Lexicon {
    /// An empty lexicon with the given axes, to fill in code.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Axis, Lexicon};
    /// let axis = Axis { id: "tone".into(), negative: "calm".into(), positive: "angry".into(), description: String::new() };
    /// let mut lexicon = Lexicon::new("mine", vec![axis]).unwrap();
    /// lexicon.add_entry("outrage*", "anger", [("tone", 2.0)]).unwrap();
    /// assert_eq!(lexicon.len(), 1);
    /// ```
    pub fn new(name: &str, axes: Vec<Axis>) -> Result<Self, Error> {
        let mut lexicon = Lexicon::empty(name);
        for axis in axes {
            lexicon
                .set_axis(axis)
                .map_err(|p| LexiconError::new("<code>", None, p))?;
        }
        Ok(lexicon)
    }

    fn empty(name: &str) -> Self {
        Lexicon {
            name: name.to_string(),
            version: String::new(),
            description: String::new(),
            alpha: DEFAULT_ALPHA,
            axes: Vec::new(),
            entries: BTreeMap::new(),
            modifiers: BTreeMap::new(),
            negated_positive: BTreeMap::new(),
            implied: BTreeMap::new(),
            implied_from: Vec::new(),
        }
    }

    /// A built-in lexicon by name (`diplomatic-en`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(stancekit::Lexicon::builtin("diplomatic-en").is_some());
    /// assert!(stancekit::Lexicon::builtin("nope").is_none());
    /// ```
    pub fn builtin(name: &str) -> Option<Self> {
        (name == "diplomatic-en").then(Lexicon::default)
    }

    /// Names of the built-in lexicons.
    pub fn builtin_names() -> &'static [&'static str] {
        &["diplomatic-en"]
    }

    /// Reads a lexicon in the TOML format (see `docs/lexicon-format.md`).
    ///
    /// # Examples
    ///
    /// ```
    /// let lexicon = stancekit::Lexicon::from_toml_str(r#"
    ///     [lexicon]
    ///     name = "tone"
    ///     [[axes]]
    ///     id = "tone"
    ///     [entries.anger]
    ///     "outrage*" = { tone = 2.0 }
    ///     [modifiers.negators]
    ///     not = {}
    /// "#).unwrap();
    /// assert_eq!(lexicon.len(), 1);
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        file::parse(text, "<string>", file::Format::Toml, None)
    }

    /// Reads a lexicon in the JSON form of the TOML schema.
    ///
    /// # Examples
    ///
    /// ```
    /// let json = stancekit::Lexicon::default().to_json();
    /// assert_eq!(stancekit::Lexicon::from_json_str(&json).unwrap(), stancekit::Lexicon::default());
    /// ```
    pub fn from_json_str(text: &str) -> Result<Self, Error> {
        file::parse(text, "<string>", file::Format::Json, None)
    }

    /// Reads a standalone `term,axis,weight` table; `delimiter` is `b','` or
    /// `b'\t'`. Its axes are the distinct axis ids, with unnamed poles.
    ///
    /// # Examples
    ///
    /// ```
    /// let lexicon = stancekit::Lexicon::from_csv_str("term,axis,weight\nthreat*,tone,1.5\n", b',').unwrap();
    /// assert_eq!(lexicon.axes()[0].id, "tone");
    /// ```
    pub fn from_csv_str(text: &str, delimiter: u8) -> Result<Self, Error> {
        table::parse(text, "<string>", delimiter, None)
    }

    /// Reads a LIWC-style `.dic` dictionary as a lexicon named `name`: one
    /// unipolar axis per category, each word weighing 1.0 on each of its
    /// categories, so an axis' raw score counts matched words (see
    /// "LIWC and quanteda dictionaries" in `docs/lexicon-format.md`).
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Lexicon, Scorer};
    /// let dic = "%\n1\tposemo\n2\tnegemo\n%\nhapp*\t1\nkind of\t1\t2\nsad\t2\n";
    /// let lexicon = Lexicon::from_liwc_str(dic, "mini").unwrap();
    /// assert_eq!(lexicon.axes()[1].id, "negemo");
    /// let stance = Scorer::new(&lexicon).unwrap().score("Happier, but kind of sad.").unwrap();
    /// assert_eq!((stance.raw("posemo"), stance.raw("negemo")), (Some(2.0), Some(2.0)));
    /// ```
    pub fn from_liwc_str(text: &str, name: &str) -> Result<Self, Error> {
        liwc::parse(text, "<string>", name, None)
    }

    /// Reads a quanteda YAML dictionary as a lexicon named `name`: one
    /// unipolar axis per key (nested keys joined with `.`), each pattern
    /// weighing 1.0, as [`from_liwc_str`](Lexicon::from_liwc_str) does.
    /// Glob patterns stancekit cannot match exactly (`?`, a leading or
    /// inner `*`, a stem under [`MIN_STEM_CHARS`]) are errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::Lexicon;
    /// let yaml = "economy:\n  positive: [growth, job*]\n  negative: [recession, not good*]\n";
    /// let lexicon = Lexicon::from_quanteda_yaml_str(yaml, "econ").unwrap();
    /// assert_eq!(lexicon.axes()[0].id, "economy.positive");
    /// assert!(Lexicon::from_quanteda_yaml_str("a: [colo?r]\n", "x").is_err());
    /// ```
    pub fn from_quanteda_yaml_str(text: &str, name: &str) -> Result<Self, Error> {
        quanteda::parse(text, "<string>", name, None)
    }

    /// Reads a lexicon file, choosing the format by extension (`.toml`,
    /// `.json`, `.csv`, `.tsv`, `.dic` for LIWC, `.yml`/`.yaml` for
    /// quanteda). `extends` in a TOML/JSON file may name a built-in lexicon
    /// or a path relative to the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        file::read(path.as_ref(), None)
    }

    /// Reads a lexicon file as an extension of `self`: its entries and
    /// modifiers override, its `remove` list removes, and a CSV/TSV, LIWC or
    /// quanteda file must use `self`'s axes (a category weighs the axis of
    /// its name). This is how a user's additions join the default.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let lexicon = stancekit::Lexicon::default().extended_by_path("my-terms.csv").unwrap();
    /// ```
    pub fn extended_by_path(&self, path: impl AsRef<Path>) -> Result<Self, Error> {
        file::read(path.as_ref(), Some(self.clone()))
    }

    /// Merges `other` into `self`: its axes are added (or replace ones with
    /// the same id), its entries and modifiers override those with the same
    /// term, its [`negated_positive`](Lexicon::negated_positive) factors
    /// and [`implied`](Lexicon::implied) shares those of the same axis, its
    /// [`implied_from`](Lexicon::implied_from) axes (if any) replace
    /// `self`'s, and so do its name, version and alpha.
    pub fn extend(&mut self, other: &Lexicon) -> Result<(), Error> {
        for axis in &other.axes {
            self.set_axis(axis.clone())
                .map_err(|p| LexiconError::new(&other.name, None, p))?;
        }
        self.entries
            .extend(other.entries.iter().map(|(t, e)| (t.clone(), e.clone())));
        self.modifiers
            .extend(other.modifiers.iter().map(|(t, m)| (t.clone(), m.clone())));
        self.negated_positive
            .extend(other.negated_positive.iter().map(|(a, f)| (a.clone(), *f)));
        self.implied
            .extend(other.implied.iter().map(|(a, f)| (a.clone(), *f)));
        if !other.implied_from.is_empty() {
            self.implied_from = other.implied_from.clone();
        }
        self.name = other.name.clone();
        self.version = other.version.clone();
        self.description = other.description.clone();
        self.alpha = other.alpha;
        Ok(())
    }

    /// Adds or replaces an entry after validating its term and weights.
    pub fn add_entry<'a>(
        &mut self,
        term: &str,
        group: &str,
        weights: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> Result<(), Error> {
        let weights = weights
            .into_iter()
            .map(|(a, w)| (a.to_string(), w))
            .collect();
        self.insert_entry(term, group, weights)
            .map_err(|p| LexiconError::new("<code>", None, p).into())
    }

    fn insert_entry(
        &mut self,
        term: &str,
        group: &str,
        weights: BTreeMap<String, f64>,
    ) -> Result<(), Problem> {
        let term = normalize_term(term)?;
        for (axis, weight) in &weights {
            if !self.axes.iter().any(|a| &a.id == axis) {
                return Err(Problem::UnknownAxis {
                    term: term.clone(),
                    axis: axis.clone(),
                    known: self
                        .axes
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            if !weight.is_finite() {
                return Err(Problem::NonFinite {
                    term,
                    field: axis.clone(),
                });
            }
        }
        let group = group.to_string();
        self.entries.insert(term, Entry { group, weights });
        Ok(())
    }

    /// Adds or replaces a modifier after validating its parameters.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Lexicon, ModifierKind};
    /// let mut lexicon = Lexicon::default();
    /// lexicon.add_modifier("ever so", ModifierKind::Intensifier { factor: 1.2 }).unwrap();
    /// assert!(lexicon.add_modifier("meh", ModifierKind::Intensifier { factor: 0.5 }).is_err());
    /// ```
    pub fn add_modifier(&mut self, term: &str, kind: ModifierKind) -> Result<(), Error> {
        self.insert_modifier(term, kind)
            .map_err(|p| LexiconError::new("<code>", None, p).into())
    }

    fn insert_modifier(&mut self, term: &str, kind: ModifierKind) -> Result<(), Problem> {
        let term = normalize_term(term)?;
        check_modifier(&term, &kind)?;
        for axis in kind.axes() {
            match self.axes.iter().position(|a| &a.id == axis) {
                Some(i) if i < MAX_NEGATED_POSITIVE_AXIS => {}
                Some(_) => {
                    return Err(Problem::BadModifier {
                        term,
                        reason: format!(
                            "axis {axis:?} is past the first {} axes, which are all a modifier can name",
                            MAX_NEGATED_POSITIVE_AXIS
                        ),
                    })
                }
                None => {
                    return Err(Problem::UnknownAxis {
                        term: term.clone(),
                        axis: axis.clone(),
                        known: self
                            .axes
                            .iter()
                            .map(|a| a.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
        self.modifiers.insert(term, kind);
        Ok(())
    }

    /// Removes a term's entry and modifier; true if there was either.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lexicon = stancekit::Lexicon::default();
    /// assert!(lexicon.remove("Ultimatum"));
    /// assert!(lexicon.entry("ultimatum").is_none());
    /// ```
    pub fn remove(&mut self, term: &str) -> bool {
        let Ok(term) = normalize_term(term) else {
            return false;
        };
        let had_entry = self.entries.remove(&term).is_some();
        self.modifiers.remove(&term).is_some() || had_entry
    }

    fn set_axis(&mut self, axis: Axis) -> Result<(), Problem> {
        if axis.id.trim().is_empty() || axis.id.trim() != axis.id {
            return Err(Problem::BadAxis(axis.id));
        }
        match self.axes.iter_mut().find(|a| a.id == axis.id) {
            Some(existing) => *existing = axis,
            None => self.axes.push(axis),
        }
        Ok(())
    }

    /// Renames the lexicon and replaces its version and description, for
    /// a lexicon derived from another (calibration).
    pub(crate) fn set_identity(&mut self, name: String, version: String, description: String) {
        self.name = name;
        self.version = version;
        self.description = description;
    }

    /// The lexicon's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The lexicon's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// What the lexicon is for.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The normalization constant α: an axis score is
    /// `raw / sqrt(raw² + α)`, so a raw sum of `sqrt(α)` scores 0.71. It
    /// belongs to the lexicon because it depends on its weight scale.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Axes on which negation does not flip a positive weight, with the
    /// factor that replaces the negator's there.
    ///
    /// Negating a term usually turns it to the other pole: "will not break
    /// off talks" is conciliatory. On some axes the positive pole does not
    /// turn over: a negated accusation ("no aggression", "it was not India
    /// which scuttled the process") is not praise. For such an axis, a
    /// negator that reaches an entry with a positive weight on it multiplies
    /// that weight by this factor instead of its own, so the entry stays on
    /// its pole, weakened; its other axes are negated as usual. In files:
    /// `negated_positive = { blame = 0.25 }` in the `[lexicon]` table.
    ///
    /// # Examples
    ///
    /// ```
    /// let lexicon = stancekit::Lexicon::default();
    /// assert!(lexicon.negated_positive()["blame"] < 1.0);
    /// let stance = stancekit::Scorer::new(&lexicon).unwrap().score("It was no aggression.").unwrap();
    /// assert!(stance["blame"] > 0.0); // weakened, not turned into praise
    /// ```
    pub fn negated_positive(&self) -> &BTreeMap<String, f64> {
        &self.negated_positive
    }

    /// Sets the [`negated_positive`](Lexicon::negated_positive) factor of
    /// `axis`, in [0, 1), or removes it with `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lexicon = stancekit::Lexicon::default();
    /// lexicon.set_negated_positive("blame", None).unwrap();
    /// let stance = stancekit::Scorer::new(&lexicon).unwrap().score("It was no aggression.").unwrap();
    /// assert!(stance["blame"] < 0.0); // flipped like any other axis
    /// assert!(lexicon.set_negated_positive("tone", Some(0.5)).is_err());
    /// ```
    pub fn set_negated_positive(&mut self, axis: &str, factor: Option<f64>) -> Result<(), Error> {
        let checked = self.check_negated_positive(axis, factor);
        set_per_axis(&mut self.negated_positive, axis, factor, checked)
    }

    /// Axes whose weight an entry implies from its positive weights on the
    /// other axes, with the share it implies.
    ///
    /// Hostile and unyielding wording is said with conviction: a reader
    /// takes "a blatant defiance of the court" as assertive although no word
    /// in it speaks of certainty, and an accusation is also a conflictual
    /// act, while conciliatory wording implies nothing. With `implied = {
    /// certainty = 0.2 }` in the `[lexicon]` table, an entry that has no
    /// weight of its own on `certainty` weighs it `0.2 ×` its largest
    /// positive weight of its own on the [`implied_from`](Lexicon::implied_from)
    /// axes (0 if it has none); implied weights imply nothing further. The
    /// implied weight is an ordinary weight to the rules, and a
    /// contribution's `weights` show it.
    ///
    /// # Examples
    ///
    /// ```
    /// let lexicon = stancekit::Lexicon::default();
    /// let share = lexicon.implied()["certainty"];
    /// let entry = lexicon.entry("provocat*").unwrap();
    /// assert!(!entry.weights.contains_key("certainty"));
    /// let stance = stancekit::Scorer::new(&lexicon).unwrap().score("A provocation.").unwrap();
    /// assert_eq!(stance.raw("certainty").unwrap(), share * entry.weights["blame"]);
    /// ```
    pub fn implied(&self) -> &BTreeMap<String, f64> {
        &self.implied
    }

    /// Sets the [`implied`](Lexicon::implied) share of `axis`, in [0, 1],
    /// or removes it with `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lexicon = stancekit::Lexicon::default();
    /// lexicon.set_implied("certainty", None).unwrap();
    /// let stance = stancekit::Scorer::new(&lexicon).unwrap().score("A provocation.").unwrap();
    /// assert_eq!(stance.raw("certainty"), Some(0.0));
    /// assert!(lexicon.set_implied("tone", Some(0.1)).is_err());
    /// assert!(lexicon.set_implied("certainty", Some(1.5)).is_err());
    /// ```
    pub fn set_implied(&mut self, axis: &str, share: Option<f64>) -> Result<(), Error> {
        let checked = self.check_implied(axis, share);
        set_per_axis(&mut self.implied, axis, share, checked)
    }

    /// The axes whose weights imply the [`implied`](Lexicon::implied)
    /// ones; empty for all. `diplomatic-en` implies from threat, blame and
    /// rigidity, so that how firmly a thing is said (certainty) implies
    /// nothing about what is said. In files: `implied_from = ["threat",
    /// "blame", "rigidity"]` in the `[lexicon]` table.
    ///
    /// # Examples
    ///
    /// ```
    /// let lexicon = stancekit::Lexicon::default();
    /// assert_eq!(lexicon.implied_from(), ["threat", "blame", "rigidity"]);
    /// // "certain" weighs certainty only, and implies no threat.
    /// let stance = stancekit::Scorer::new(&lexicon).unwrap().score("We are certain.").unwrap();
    /// assert_eq!(stance.raw("threat"), Some(0.0));
    /// ```
    pub fn implied_from(&self) -> &[String] {
        &self.implied_from
    }

    /// Sets the axes whose weights imply the [`implied`](Lexicon::implied)
    /// ones (empty: all).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lexicon = stancekit::Lexicon::default();
    /// lexicon.set_implied_from(&["blame"]).unwrap();
    /// assert!(lexicon.set_implied_from(&["tone"]).is_err());
    /// ```
    pub fn set_implied_from(&mut self, axes: &[&str]) -> Result<(), Error> {
        for axis in axes {
            self.check_implied(axis, None)
                .map_err(|p| LexiconError::new("<code>", None, p))?;
        }
        self.implied_from = axes.iter().map(|a| a.to_string()).collect();
        Ok(())
    }

    pub(super) fn check_implied(&self, axis: &str, share: Option<f64>) -> Result<(), Problem> {
        let bad = |reason: String| Problem::BadImplied {
            axis: axis.to_string(),
            reason,
        };
        if !self.axes.iter().any(|a| a.id == axis) {
            return Err(bad("no such axis".into()));
        }
        match share {
            Some(f) if !(0.0..=1.0).contains(&f) => {
                Err(bad(format!("share {f} should be between 0 and 1")))
            }
            _ => Ok(()),
        }
    }

    /// The weight of an entry with `weights` on `axis`: its own, or the one
    /// it [implies](Lexicon::implied). The one definition the scorer and
    /// calibration both use.
    pub(crate) fn weight_on(&self, weights: &BTreeMap<String, f64>, axis: &str) -> f64 {
        if let Some(&w) = weights.get(axis) {
            return w;
        }
        let Some(&share) = self.implied.get(axis) else {
            return 0.0;
        };
        // Its own weights only: an implied weight implies nothing further.
        let from = |a: &String| self.implied_from.is_empty() || self.implied_from.contains(a);
        let strongest = (weights.iter())
            .filter(|(a, _)| from(a))
            .map(|(_, &w)| w)
            .fold(0.0, f64::max);
        share * strongest
    }

    pub(super) fn check_negated_positive(
        &self,
        axis: &str,
        factor: Option<f64>,
    ) -> Result<(), Problem> {
        let bad = |reason: String| Problem::BadNegatedPositive {
            axis: axis.to_string(),
            reason,
        };
        match self.axes.iter().position(|a| a.id == axis) {
            None => return Err(bad("no such axis".into())),
            Some(i) if i >= MAX_NEGATED_POSITIVE_AXIS => {
                return Err(bad(format!(
                    "only the first {} axes can have it",
                    MAX_NEGATED_POSITIVE_AXIS
                )))
            }
            Some(_) => {}
        }
        match factor {
            Some(f) if !(0.0..1.0).contains(&f) => {
                Err(bad(format!("factor {f} should be at least 0 and below 1")))
            }
            _ => Ok(()),
        }
    }

    /// Sets [`alpha`](Lexicon::alpha), a positive number.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lexicon = stancekit::Lexicon::default();
    /// lexicon.set_alpha(15.0).unwrap();
    /// assert_eq!(lexicon.alpha(), 15.0);
    /// assert!(lexicon.set_alpha(0.0).is_err());
    /// ```
    pub fn set_alpha(&mut self, alpha: f64) -> Result<(), Error> {
        if !(alpha.is_finite() && alpha > 0.0) {
            return Err(LexiconError::new("<code>", None, Problem::BadAlpha(alpha)).into());
        }
        self.alpha = alpha;
        Ok(())
    }

    /// The axes, in output order.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// Entries by term, sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// let lexicon = stancekit::Lexicon::default();
    /// let phrases = lexicon.entries().filter(|(term, _)| term.contains(' ')).count();
    /// assert!(phrases >= 300);
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(t, e)| (t.as_str(), e))
    }

    /// The entry for `term`, if any.
    pub fn entry(&self, term: &str) -> Option<&Entry> {
        normalize_term(term).ok().and_then(|t| self.entries.get(&t))
    }

    /// Modifiers by term, sorted.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::ModifierKind;
    /// let lexicon = stancekit::Lexicon::default();
    /// let negators = lexicon.modifiers().filter(|(_, m)| matches!(m, ModifierKind::Negator { .. })).count();
    /// assert!(negators > 10);
    /// ```
    pub fn modifiers(&self) -> impl Iterator<Item = (&str, &ModifierKind)> {
        self.modifiers.iter().map(|(t, m)| (t.as_str(), m))
    }

    /// The modifier for `term`, if any.
    pub fn modifier(&self, term: &str) -> Option<&ModifierKind> {
        normalize_term(term)
            .ok()
            .and_then(|t| self.modifiers.get(&t))
    }

    /// Number of entries (modifiers not counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A stable content hash (`sha256:` and 16 hex digits) of everything
    /// that affects scores: axes, entries, modifiers, alpha,
    /// [`negated_positive`](Lexicon::negated_positive) and
    /// [`implied`](Lexicon::implied). Formatting,
    /// comments and order in the file do not change it.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = stancekit::Lexicon::default();
    /// let mut b = a.clone();
    /// assert_eq!(a.hash(), b.hash());
    /// b.remove("ultimatum");
    /// assert_ne!(a.hash(), b.hash());
    /// ```
    pub fn hash(&self) -> String {
        #[derive(Serialize)]
        struct Content<'a> {
            alpha: f64,
            axes: &'a [Axis],
            entries: BTreeMap<&'a str, &'a BTreeMap<String, f64>>,
            modifiers: &'a BTreeMap<String, ModifierKind>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            negated_positive: &'a BTreeMap<String, f64>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            implied: &'a BTreeMap<String, f64>,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            implied_from: &'a [String],
        }
        let content = Content {
            alpha: self.alpha,
            axes: &self.axes,
            entries: self
                .entries
                .iter()
                .map(|(t, e)| (t.as_str(), &e.weights))
                .collect(),
            modifiers: &self.modifiers,
            negated_positive: &self.negated_positive,
            implied: &self.implied,
            implied_from: &self.implied_from,
        };
        let json = serde_json::to_vec(&content).expect("plain data serializes");
        let digest = Sha256::digest(&json);
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }

    /// The lexicon in the TOML format, grouped as in its file.
    pub fn to_toml(&self) -> String {
        file::to_toml(self)
    }

    /// The lexicon as JSON of the same schema as the TOML format.
    pub fn to_json(&self) -> String {
        file::to_json(self)
    }
}

/// A term's literal text and whether it is a wildcard: a final unescaped
/// `*` makes a wildcard, and `\*` stands for a literal `*` (VADER's
/// emoticon `:-*`, say, is written `:-\*`).
///
/// # Examples
///
/// ```
/// use stancekit::term_pattern;
/// assert_eq!(term_pattern("provoc*"), ("provoc".to_string(), true));
/// assert_eq!(term_pattern(r":-\*"), (":-*".to_string(), false));
/// ```
pub fn term_pattern(term: &str) -> (String, bool) {
    let wildcard = term.ends_with('*') && !term.ends_with("\\*");
    let body = if wildcard {
        &term[..term.len() - 1]
    } else {
        term
    };
    (body.replace("\\*", "*"), wildcard)
}

/// Lowercases, folds `’` to `'`, trims and collapses white space, and checks
/// the wildcard rule, so `"Red  Line*"` and `"red line*"` are one term.
fn normalize_term(term: &str) -> Result<String, Problem> {
    let folded = term.to_lowercase().replace('’', "'");
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        return Err(Problem::EmptyTerm);
    }
    let term = words.join(" ");
    let bad = |reason: &str| Problem::BadWildcard {
        term: term.clone(),
        reason: reason.to_string(),
    };
    // Escaped stars are literal characters, not wildcards.
    let unescaped = term.replace("\\*", "");
    if let Some(star) = unescaped.find('*') {
        if star != unescaped.len() - 1 {
            return Err(bad(
                "`*` may only end the term (write `\\*` for a literal star)",
            ));
        }
        let (body, _) = term_pattern(&term);
        let stem = body.rsplit(' ').next().unwrap_or_default();
        if stem.chars().count() < MIN_STEM_CHARS {
            return Err(bad(&format!(
                "a stem needs at least {MIN_STEM_CHARS} characters before `*`"
            )));
        }
        if !stem.chars().last().is_some_and(char::is_alphanumeric) {
            return Err(bad("the stem must end in a letter or digit"));
        }
    }
    Ok(term)
}

/// Sets `axis` to `value` in one of a lexicon's per-axis tables
/// (`negated_positive`, `implied`), or removes it with `None`, once
/// `checked` has found the value valid.
fn set_per_axis(
    table: &mut BTreeMap<String, f64>,
    axis: &str,
    value: Option<f64>,
    checked: Result<(), Problem>,
) -> Result<(), Error> {
    checked.map_err(|p| LexiconError::new("<code>", None, p))?;
    match value {
        Some(v) => table.insert(axis.to_string(), v),
        None => table.remove(axis),
    };
    Ok(())
}

fn check_modifier(term: &str, kind: &ModifierKind) -> Result<(), Problem> {
    let bad = |reason: String| Problem::BadModifier {
        term: term.to_string(),
        reason,
    };
    let finite = |field: &str, v: f64| {
        if v.is_finite() {
            Ok(())
        } else {
            Err(Problem::NonFinite {
                term: term.to_string(),
                field: field.to_string(),
            })
        }
    };
    if term_pattern(term).1 {
        return Err(bad("modifiers cannot be wildcards".into()));
    }
    match *kind {
        ModifierKind::Negator { scope, factor }
        | ModifierKind::Head { scope, factor, .. }
        | ModifierKind::Directive { scope, factor, .. } => {
            finite("factor", factor)?;
            if !(1..=10).contains(&scope) {
                return Err(bad(format!("scope {scope} is not between 1 and 10 tokens")));
            }
            if factor >= 1.0 {
                let name = match kind {
                    ModifierKind::Negator { .. } => "negator",
                    ModifierKind::Head { .. } => "head",
                    _ => "directive",
                };
                return Err(bad(format!("{name} factor {factor} should be below 1")));
            }
        }
        ModifierKind::Intensifier { factor } => {
            finite("factor", factor)?;
            if factor <= 1.0 {
                return Err(bad(format!(
                    "intensifier factor {factor} should be above 1"
                )));
            }
        }
        ModifierKind::Dampener { factor } | ModifierKind::Hedge { factor } => {
            finite("factor", factor)?;
            if !(factor > 0.0 && factor < 1.0) {
                return Err(bad(format!("factor {factor} should be between 0 and 1")));
            }
        }
        ModifierKind::Contrast { before, after, .. } => {
            finite("before", before)?;
            finite("after", after)?;
            if before < 0.0 || after < 0.0 {
                return Err(bad("contrast factors cannot be negative".into()));
            }
        }
        ModifierKind::Fixed => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_normalize() {
        assert_eq!(normalize_term(" Red  Line* ").unwrap(), "red line*");
        assert_eq!(normalize_term("Don’t").unwrap(), "don't");
    }

    #[test]
    fn wildcards_are_checked() {
        for bad in ["*", "a*", "ab*", "*ism", "pro*voc", "red *", "anti-*"] {
            assert!(
                matches!(normalize_term(bad), Err(Problem::BadWildcard { .. })),
                "{bad}"
            );
        }
        for good in ["provoc*", "red line*", "so-call*"] {
            assert!(normalize_term(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn empty_terms_are_refused() {
        assert_eq!(normalize_term("  \t"), Err(Problem::EmptyTerm));
    }

    #[test]
    fn modifier_ranges() {
        let ok = |k| check_modifier("x", &k).is_ok();
        assert!(ok(ModifierKind::Negator {
            scope: 3,
            factor: -0.75
        }));
        assert!(!ok(ModifierKind::Negator {
            scope: 0,
            factor: -0.75
        }));
        assert!(!ok(ModifierKind::Negator {
            scope: 3,
            factor: f64::NAN
        }));
        assert!(ok(ModifierKind::Dampener { factor: 0.5 }));
        assert!(!ok(ModifierKind::Dampener { factor: 1.5 }));
        assert!(!ok(ModifierKind::Hedge { factor: 0.0 }));
        assert!(!ok(ModifierKind::Contrast {
            before: -1.0,
            after: 1.0,
            scope: ContrastScope::Sentence
        }));
    }

    #[test]
    fn extend_overrides_and_adds() {
        let mut base = Lexicon::default();
        let n = base.len();
        let mut extra = Lexicon::new("extra", base.axes().to_vec()).unwrap();
        extra
            .add_entry("ultimatum", "mine", [("threat", 0.5)])
            .unwrap();
        extra
            .add_entry("zzz-new-term", "mine", [("blame", 1.0)])
            .unwrap();
        base.extend(&extra).unwrap();
        assert_eq!(base.len(), n + 1);
        assert_eq!(base.entry("ultimatum").unwrap().weights["threat"], 0.5);
        assert_eq!(base.name(), "extra");
    }

    #[test]
    fn remove_drops_entries_and_modifiers() {
        let mut lexicon = Lexicon::default();
        assert!(lexicon.remove("not"));
        assert!(lexicon.modifier("not").is_none());
        assert!(!lexicon.remove("not"));
    }
}

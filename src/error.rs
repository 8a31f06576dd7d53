//! The error type: what went wrong and where (file, line), never how it is
//! shown to Python (that mapping lives in one place, the Python layer).

use std::fmt;
use std::path::PathBuf;

use crate::profile::Profile;

/// Everything that can go wrong in stancekit.
///
/// # Examples
///
/// ```
/// let err = stancekit::Lexicon::from_toml_str("[lexicon]\nname = 1\n").unwrap_err();
/// assert!(matches!(err, stancekit::Error::Lexicon(_)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A lexicon that could not be read, parsed or validated.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// A file that could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A tokenizer pipeline that could not be built or failed on a text.
    #[error("tokenizer: {0}")]
    Tokenizer(#[from] TokenizerError),
    /// A statement of a batch that could not be scored.
    #[error("statement {index}: {source}")]
    Statement {
        /// Position of the statement in the batch.
        index: usize,
        /// Why it failed.
        source: Box<Error>,
    },
    /// A thread pool that could not be started.
    #[error("cannot start {threads} scoring threads: {source}")]
    Threads {
        /// The requested thread count.
        threads: usize,
        /// rayon's reason.
        source: rayon::ThreadPoolBuildError,
    },
    /// Ratings or options that [`calibrate`](crate::calibrate::calibrate)
    /// cannot use.
    #[error(transparent)]
    Calibration(#[from] CalibrationError),
    /// An option or a request that the scorer's rule profile does not
    /// serve: asked of it, it is refused rather than ignored.
    #[error("{feature} needs the {needs} profile; this scorer has the {profile} profile")]
    Unsupported {
        /// What was asked.
        feature: Feature,
        /// The profile that serves it.
        needs: Profile,
        /// The scorer's profile.
        profile: Profile,
    },
    /// A lexicon without axes, which no engine can score.
    #[error("the lexicon has no axes: declare at least one")]
    NoAxes,
}

/// What a scorer can be asked for that not every rule
/// [`Profile`] serves (see [`Error::Unsupported`]).
///
/// # Examples
///
/// ```
/// use stancekit::{vader, Actors, Error, Feature, Profile, Scorer};
/// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
/// let err = scorer.score_targets("We condemn NATO.", &Actors::builtin()).unwrap_err();
/// assert!(matches!(err, Error::Unsupported { feature: Feature::Targets, .. }));
/// assert_eq!(err.to_string(), "stance toward actors needs the stancekit profile; this scorer has the vader profile");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Feature {
    /// Stance toward each actor ([`Scorer::score_targets`](crate::Scorer::score_targets)).
    Targets,
    /// Other rule constants ([`Scorer::with_rules`](crate::Scorer::with_rules)).
    Rules,
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Feature::Targets => "stance toward actors",
            Feature::Rules => "rule constants (with_rules)",
        })
    }
}

/// Why a text or a term could not be tokenized.
///
/// # Examples
///
/// ```
/// use stancekit::{Error, Tokenizer, TokenizerError, MAX_STATEMENT_BYTES};
/// let long = "a".repeat(MAX_STATEMENT_BYTES + 1);
/// let err = Tokenizer::default().tokenize(&long).unwrap_err();
/// assert!(matches!(err, Error::Tokenizer(TokenizerError::TooLong { .. })));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenizerError {
    /// A statement over [`MAX_STATEMENT_BYTES`](crate::MAX_STATEMENT_BYTES).
    #[error("a statement of {bytes} bytes is over the limit of {limit}")]
    TooLong {
        /// The statement's length.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A statement whose normalized form would pass 4 GiB, beyond the
    /// 32-bit offsets of [`Tokens`](crate::Tokens).
    #[error("the normalized statement exceeds 4 GiB")]
    NormalizedTooLong,
    /// Pipeline JSON that does not describe a pipeline.
    #[error("invalid pipeline JSON: {0}")]
    PipelineJson(#[source] serde_json::Error),
    /// The `tokenizers` pipeline failed on a text.
    #[error("the pipeline failed: {0}")]
    Pipeline(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A lexicon term that the tokenizer turns into no tokens, so that it
    /// could never match.
    #[error("term {0:?} has no tokens")]
    TermWithoutTokens(String),
}

/// Why ratings or options cannot calibrate a lexicon: each names the axis
/// (and the statement) at fault, so a user can fix the data.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use stancekit::calibrate::{calibrate, CalibrationOptions};
/// use stancekit::{CalibrationError, Error, Lexicon};
/// let ratings = BTreeMap::from([("tone".to_string(), vec![Some(1.0)])]);
/// let err = calibrate(&Lexicon::default(), &["We will retaliate."], &ratings, &CalibrationOptions::default()).unwrap_err();
/// assert!(matches!(err, Error::Calibration(CalibrationError::UnknownAxis { .. })));
/// assert_eq!(err.to_string(), "ratings name axis \"tone\", which the lexicon lacks (axes: threat, blame, rigidity, certainty)");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrationError {
    /// No axis has ratings.
    #[error("no ratings: give ratings for at least one axis")]
    NoRatings,
    /// Ratings for an axis the lexicon does not have.
    #[error("ratings name axis {axis:?}, which the lexicon lacks (axes: {known})")]
    UnknownAxis {
        /// The axis named by the ratings.
        axis: String,
        /// The lexicon's axes, comma-separated.
        known: String,
    },
    /// Not one rating per statement.
    #[error("axis {axis:?} has {found} ratings for {expected} statements")]
    RatingsLength {
        /// The axis.
        axis: String,
        /// The number of statements.
        expected: usize,
        /// The number of ratings.
        found: usize,
    },
    /// An infinite rating (a missing one is `None` or NaN).
    #[error("axis {axis:?}: rating of statement {index} is {value}, not a finite number")]
    NonFiniteRating {
        /// The axis.
        axis: String,
        /// Position of the statement.
        index: usize,
        /// The rating.
        value: f64,
    },
    /// Too few rated statements for cross-validation.
    #[error(
        "axis {axis:?} has {found} rated statements, too few for {folds} folds (at least {needed})"
    )]
    TooFewStatements {
        /// The axis.
        axis: String,
        /// Statements with a rating on it.
        found: usize,
        /// The number of folds asked for.
        folds: usize,
        /// The least number that works: two per fold.
        needed: usize,
    },
    /// An option out of range.
    #[error("calibration option {option}: {reason}")]
    BadOption {
        /// The option (`folds`, `lambdas`).
        option: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
}

/// A lexicon problem, located in its file.
///
/// # Examples
///
/// ```
/// use stancekit::{Lexicon, Problem};
/// let toml = "[lexicon]\nname = \"x\"\n[[axes]]\nid = \"threat\"\n[entries.g]\n\"war\" = { thraet = 1.0 }\n";
/// let err = Lexicon::from_toml_str(toml).unwrap_err();
/// let stancekit::Error::Lexicon(err) = err else { panic!() };
/// assert_eq!(err.line, Some(6));
/// assert!(matches!(err.problem, Problem::UnknownAxis { .. }));
/// assert_eq!(err.to_string(), "<string>:6: entry \"war\" names unknown axis \"thraet\" (axes: threat)");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct LexiconError {
    /// The file, or `<string>` / `<builtin>` for in-memory text.
    pub origin: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.origin, line, self.problem),
            None => write!(f, "{}: {}", self.origin, self.problem),
        }
    }
}

/// What is wrong with a lexicon.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// The file is not valid TOML, JSON or CSV, or does not fit the schema.
    #[error("{0}")]
    Syntax(String),
    /// An entry weighs an axis the lexicon does not declare.
    #[error("entry {term:?} names unknown axis {axis:?} (axes: {known})")]
    UnknownAxis {
        /// The entry.
        term: String,
        /// The undeclared axis.
        axis: String,
        /// The declared axes, comma-separated.
        known: String,
    },
    /// A weight or factor that is NaN or infinite.
    #[error("{term:?} has a non-finite value for {field:?}")]
    NonFinite {
        /// The entry or modifier.
        term: String,
        /// The axis or parameter.
        field: String,
    },
    /// A term that is empty or only white space.
    #[error("empty term")]
    EmptyTerm,
    /// A wildcard other than a trailing `*` after at least
    /// [`MIN_STEM_CHARS`](crate::MIN_STEM_CHARS) word characters.
    #[error("bad wildcard {term:?}: {reason}")]
    BadWildcard {
        /// The term.
        term: String,
        /// Why it is refused.
        reason: String,
    },
    /// The same term (or term and axis) given twice with different values.
    #[error("{term:?} is defined twice with different values (first at line {first})")]
    ConflictingDuplicate {
        /// The term.
        term: String,
        /// Line of the first definition (0 when unknown).
        first: usize,
    },
    /// A `[modifiers.KIND]` section of an unknown kind.
    #[error("unknown modifier kind {kind:?} (expected one of: negators, heads, directives, intensifiers, dampeners, hedges, contrasts, fixed)")]
    UnknownModifierKind {
        /// The kind given.
        kind: String,
    },
    /// A modifier whose parameters are out of range or malformed.
    #[error("modifier {term:?}: {reason}")]
    BadModifier {
        /// The modifier's term.
        term: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An axis declared twice, or with an empty id.
    #[error("axis {0:?} is declared twice or has an empty id")]
    BadAxis(String),
    /// `alpha` that is not a positive finite number.
    #[error("alpha {0} must be a positive number")]
    BadAlpha(f64),
    /// A `negated_positive` factor names an unknown axis or is out of range.
    #[error("negated_positive for axis {axis:?}: {reason}")]
    BadNegatedPositive {
        /// The axis named.
        axis: String,
        /// What is wrong.
        reason: String,
    },
    /// An `implied` share names an unknown axis or is out of range.
    #[error("implied for axis {axis:?}: {reason}")]
    BadImplied {
        /// The axis named.
        axis: String,
        /// What is wrong.
        reason: String,
    },
    /// Files that extend each other in a circle.
    #[error("lexicon files extend each other in a circle: {0}")]
    CyclicExtends(String),
    /// `extends` names neither a built-in lexicon nor a readable file.
    #[error("cannot extend {0:?}: not a built-in lexicon name ({1})")]
    UnknownBase(String, String),
}

impl LexiconError {
    pub(crate) fn new(origin: &str, line: Option<usize>, problem: Problem) -> Self {
        LexiconError {
            origin: origin.to_string(),
            line,
            problem,
        }
    }
}

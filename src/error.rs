//! The error type: what went wrong and where (file, line), never how it is
//! shown to Python (that mapping lives in one place, the Python layer).

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong in stancekit.
///
/// # Examples
///
/// ```
/// let err = stancekit::Lexicon::from_toml_str("[lexicon]\nname = 1\n").unwrap_err();
/// assert!(matches!(err, stancekit::Error::Lexicon(_)));
/// ```
#[derive(Debug, thiserror::Error)]
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
    Tokenizer(String),
    /// A statement of a batch that could not be scored.
    #[error("statement {index}: {source}")]
    Statement {
        /// Position of the statement in the batch.
        index: usize,
        /// Why it failed.
        source: Box<Error>,
    },
    /// A thread pool that could not be started.
    #[error("cannot start {threads} scoring threads: {reason}")]
    Threads {
        /// The requested thread count.
        threads: usize,
        /// rayon's reason.
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
    #[error("unknown modifier kind {kind:?} (expected one of: negators, intensifiers, dampeners, hedges, contrasts, fixed)")]
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

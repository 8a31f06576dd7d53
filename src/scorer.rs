//! The [`Scorer`]: one facade over the two engines (stancekit's rules, or
//! VADER's reproduced exactly), and the one batch driver that the command
//! line, Python and the Dask and Spark helpers all run on.
//!
//! A scorer holds exactly one compiled engine; every method matches on it
//! once. An option that its [`Profile`] does not serve is an
//! [`Error::Unsupported`], never silently ignored.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::Arc;

use ndarray::{s, Array2, ArrayViewMut2};
use rayon::prelude::*;

use crate::actors::Actors;
use crate::engine::rules::Rules;
use crate::engine::{self, Compiled};
use crate::error::{Error, Feature};
use crate::lexicon::{Axis, Lexicon};
use crate::profile::Profile;
use crate::stance::Stance;
use crate::targets::Targets;
use crate::tokenize::Tokenizer;
use crate::vader::{self, Polarity};

/// Statements per parallel task: large enough to amortize scheduling, small
/// enough to balance two to a hundred threads.
const TASK: usize = 256;

/// Statements per chunk of [`Scorer::score_rows`] by default: 10 to 100 ms
/// of work on one core for statements of a sentence to a paragraph, so a
/// caller can report progress or stop between chunks.
pub const DEFAULT_CHUNK: usize = 10_000;

/// VADER's four outputs, the columns of a VADER-profile scorer's rows.
const POLARITY_COLUMNS: [&str; 4] = ["neg", "neu", "pos", "compound"];

impl Profile {
    /// The lexicon a scorer of this profile starts from when none is given:
    /// the built-in `diplomatic-en`, or VADER's own.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::Profile;
    /// assert_eq!(Profile::Vader.default_lexicon().axes()[0].id, "valence");
    /// ```
    pub fn default_lexicon(self) -> Lexicon {
        match self {
            Profile::Stancekit => Lexicon::default(),
            Profile::Vader => vader::lexicon(),
        }
    }
}

/// The compiled engine a scorer runs.
#[derive(Clone)]
enum Engine {
    Stancekit {
        compiled: Arc<Compiled>,
        rules: Rules,
    },
    Vader(Arc<vader::Compiled>),
}

/// Per-thread buffers of both engines, reused across statements.
#[derive(Default)]
struct Scratch {
    stancekit: engine::Scratch,
    vader: vader::Scratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's buffers, or with fresh ones when they are in
/// use (a call made from inside another).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// A compiled lexicon, ready to score. `Send + Sync`; share it by reference
/// or wrap it in an `Arc`; cloning it is cheap.
///
/// # Examples
///
/// ```
/// use stancekit::{Lexicon, Scorer};
/// let scorer = Scorer::new(&Lexicon::default()).unwrap();
/// let stance = scorer.score("Moscow would not break off talks with the West.").unwrap();
/// assert!(stance["threat"] < 0.0);
///
/// let scores = scorer.score_batch(&["We welcome the talks.", "We warn of grave consequences."]).unwrap();
/// assert_eq!(scores.shape(), [2, 4]);
/// assert!(scores[[1, 0]] > scores[[0, 0]]);
/// ```
#[derive(Clone)]
pub struct Scorer {
    engine: Engine,
}

impl Default for Scorer {
    /// A scorer of the built-in lexicon, compiled once per process.
    fn default() -> Self {
        static DEFAULT: std::sync::OnceLock<Scorer> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                Scorer::new(&Lexicon::default()).expect("the built-in lexicon compiles (tested)")
            })
            .clone()
    }
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Scorer");
        d.field("profile", &self.profile())
            .field("lexicon", &self.lexicon_hash());
        if let Engine::Stancekit { compiled, .. } = &self.engine {
            d.field("terms", &compiled.terms());
        }
        d.finish_non_exhaustive()
    }
}

/// What each row of a batch gets besides its scores.
#[derive(Debug, Clone, Copy, Default)]
pub enum Detail<'a> {
    /// Scores only: the fast path.
    #[default]
    Scores,
    /// The explained [`Stance`] of each statement.
    Explained,
    /// The [`Targets`] of each statement toward these actors (the
    /// stancekit profile only).
    Targets(&'a Actors),
}

/// What a row's columns hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Columns {
    /// [`Scorer::columns`]: the axes, or VADER's four outputs under the
    /// VADER profile.
    #[default]
    Output,
    /// One bounded score per axis, as [`Scorer::score_batch`] (under the
    /// VADER profile, `compound` on the first axis and 0 on the others).
    Axes,
}

/// How [`Scorer::score_rows`] runs a batch: on which threads, in chunks of
/// how many statements, and with what for each row.
///
/// # Examples
///
/// ```
/// use stancekit::Batch;
/// let batch = Batch::new().threads(2).unwrap().chunk(1_000).explained();
/// assert_eq!(batch.chunk_size(), 1_000);
/// ```
#[derive(Debug, Clone)]
pub struct Batch<'a> {
    pool: Option<Arc<rayon::ThreadPool>>,
    chunk: usize,
    detail: Detail<'a>,
    columns: Columns,
}

impl Default for Batch<'_> {
    fn default() -> Self {
        Batch::new()
    }
}

impl<'a> Batch<'a> {
    /// Scores only, in chunks of [`DEFAULT_CHUNK`], on rayon's global pool
    /// (one thread per core).
    pub fn new() -> Self {
        Batch {
            pool: None,
            chunk: DEFAULT_CHUNK,
            detail: Detail::Scores,
            columns: Columns::Output,
        }
    }

    /// On a pool of exactly `threads` threads, started once here and reused
    /// by every run of this batch; 0 means rayon's global pool.
    pub fn threads(mut self, threads: usize) -> Result<Self, Error> {
        self.pool = match threads {
            0 => None,
            n => Some(Arc::new(pool(n)?)),
        };
        Ok(self)
    }

    /// Statements per chunk (at least 1): the callback of
    /// [`Scorer::score_rows`] runs after each.
    pub fn chunk(mut self, statements: usize) -> Self {
        self.chunk = statements.max(1);
        self
    }

    /// The statements per chunk.
    pub fn chunk_size(&self) -> usize {
        self.chunk
    }

    /// Each row with its explained stance.
    pub fn explained(mut self) -> Self {
        self.detail = Detail::Explained;
        self
    }

    /// Each row with its stance toward `actors`.
    pub fn targets(mut self, actors: &'a Actors) -> Self {
        self.detail = Detail::Targets(actors);
        self
    }

    /// Rows of [`Columns`].
    pub fn columns(mut self, columns: Columns) -> Self {
        self.columns = columns;
        self
    }

    fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(pool) => pool.install(f),
            None => f(),
        }
    }
}

/// What became of one statement of a batch.
#[derive(Debug)]
pub enum Outcome {
    /// Scored; its scores are its row.
    Scored,
    /// Scored, with its explanation ([`Batch::explained`]).
    Explained(Box<Stance>),
    /// Scored, with its stance toward each actor ([`Batch::targets`]).
    Targets(Box<Targets>),
    /// No statement (`None`): a row of NaN.
    Missing,
    /// The statement could not be scored: a row of NaN. Boxed, so that an
    /// outcome costs a batch 16 bytes per statement, not an error's size.
    Failed(Box<Error>),
}

impl Outcome {
    /// The explained stance, when the row has one.
    pub fn stance(&self) -> Option<&Stance> {
        match self {
            Outcome::Explained(stance) => Some(stance),
            Outcome::Targets(targets) => Some(&targets.stance),
            _ => None,
        }
    }
}

/// The rows of a batch, in input order.
#[derive(Debug)]
pub struct Rows<T = f32> {
    /// One row per statement done, one column per [`Columns`]; NaN where
    /// the statement is missing or failed.
    pub scores: Array2<T>,
    /// What became of each statement done.
    pub outcomes: Vec<Outcome>,
    /// Whether the callback stopped the batch before its end: then only
    /// the first chunks are done.
    pub stopped: bool,
}

impl<T> Rows<T> {
    /// The first failed statement, as an [`Error::Statement`] with its
    /// index in the batch, for callers that refuse a batch with a bad row.
    pub fn first_error(self) -> Result<Self, Error> {
        let failed = self
            .outcomes
            .iter()
            .position(|o| matches!(o, Outcome::Failed(_)));
        let Some(index) = failed else {
            return Ok(self);
        };
        let mut outcomes = self.outcomes;
        match outcomes.swap_remove(index) {
            Outcome::Failed(source) => Err(Error::Statement { index, source }),
            _ => unreachable!("found as failed"),
        }
    }
}

impl Scorer {
    /// Compiles `lexicon` with the default tokenizer.
    pub fn new(lexicon: &Lexicon) -> Result<Self, Error> {
        Scorer::with_tokenizer(lexicon, Tokenizer::default())
    }

    /// Compiles `lexicon` for a rule [`Profile`]: only what that profile's
    /// engine uses.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// assert_eq!(scorer.profile(), Profile::Vader);
    /// assert_eq!(scorer.polarity("Not bad at all").unwrap().compound, 0.431);
    /// ```
    pub fn with_profile(lexicon: &Lexicon, profile: Profile) -> Result<Self, Error> {
        match profile {
            Profile::Stancekit => Scorer::new(lexicon),
            Profile::Vader => Ok(Scorer {
                engine: Engine::Vader(Arc::new(vader::Compiled::new(lexicon)?)),
            }),
        }
    }

    /// Compiles `lexicon` for the stancekit rules; its terms are tokenized
    /// by `tokenizer`, the same one that will tokenize statements, so they
    /// always agree.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{Lexicon, Pipeline, Scorer, Tokenizer};
    /// let json = r#"{"normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"}}"#;
    /// let tokenizer = Tokenizer::from_pipeline(Pipeline::from_json(json).unwrap());
    /// let scorer = Scorer::with_tokenizer(&Lexicon::default(), tokenizer).unwrap();
    /// assert!(scorer.score("They threaten war").unwrap()["threat"] > 0.0);
    /// ```
    pub fn with_tokenizer(lexicon: &Lexicon, tokenizer: Tokenizer) -> Result<Self, Error> {
        if lexicon.axes().is_empty() {
            return Err(Error::NoAxes);
        }
        let compiled = Arc::new(Compiled::new(lexicon, tokenizer)?);
        Ok(Scorer {
            engine: Engine::Stancekit {
                compiled,
                rules: Rules::default(),
            },
        })
    }

    /// The same scorer with other rule constants; the VADER profile has
    /// its own, fixed, so there it is an [`Error::Unsupported`].
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Rules, Scorer};
    /// let plain = Rules { caps_factor: 1.0, ..Rules::default() };
    /// assert!(Scorer::default().with_rules(plain.clone()).is_ok());
    /// let parity = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// assert!(parity.with_rules(plain).is_err());
    /// ```
    pub fn with_rules(self, rules: Rules) -> Result<Self, Error> {
        match self.engine {
            Engine::Stancekit { compiled, .. } => Ok(Scorer {
                engine: Engine::Stancekit { compiled, rules },
            }),
            Engine::Vader(_) => Err(self.unsupported(Feature::Rules)),
        }
    }

    fn unsupported(&self, feature: Feature) -> Error {
        Error::Unsupported {
            feature,
            needs: Profile::Stancekit,
            profile: self.profile(),
        }
    }

    /// `Ok` when this scorer serves `feature`, else the
    /// [`Error::Unsupported`] that asking for it would give: for checking
    /// options before any work is done.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Feature, Profile, Scorer};
    /// assert!(Scorer::default().supports(Feature::Targets).is_ok());
    /// let parity = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// assert!(parity.supports(Feature::Targets).is_err());
    /// ```
    pub fn supports(&self, feature: Feature) -> Result<(), Error> {
        match (&self.engine, feature) {
            (Engine::Stancekit { .. }, _) => Ok(()),
            (Engine::Vader(_), feature) => Err(self.unsupported(feature)),
        }
    }

    /// The rule profile.
    pub fn profile(&self) -> Profile {
        match self.engine {
            Engine::Stancekit { .. } => Profile::Stancekit,
            Engine::Vader(_) => Profile::Vader,
        }
    }

    /// The lexicon's axes, in the order of a [`Stance`]'s scores and of
    /// [`score_batch`](Self::score_batch)'s columns.
    ///
    /// # Examples
    ///
    /// ```
    /// let ids: Vec<_> = stancekit::Scorer::default().axes().iter().map(|a| a.id.clone()).collect();
    /// assert_eq!(ids, ["threat", "blame", "rigidity", "certainty"]);
    /// ```
    pub fn axes(&self) -> &[Axis] {
        match &self.engine {
            Engine::Stancekit { compiled, .. } => compiled.axes(),
            Engine::Vader(compiled) => compiled.axes(),
        }
    }

    /// The columns of a row of [`score_rows`](Self::score_rows): the axis
    /// ids, or under the VADER profile VADER's `neg`, `neu`, `pos` and
    /// `compound`. Outputs take their column names from here.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// assert_eq!(Scorer::default().columns(), ["threat", "blame", "rigidity", "certainty"]);
    /// let parity = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// assert_eq!(parity.columns(), ["neg", "neu", "pos", "compound"]);
    /// ```
    pub fn columns(&self) -> Vec<String> {
        match &self.engine {
            Engine::Stancekit { compiled, .. } => {
                compiled.axes().iter().map(|a| a.id.clone()).collect()
            }
            Engine::Vader(_) => POLARITY_COLUMNS.map(String::from).to_vec(),
        }
    }

    fn width(&self, columns: Columns) -> usize {
        match (&self.engine, columns) {
            (Engine::Vader(_), Columns::Output) => POLARITY_COLUMNS.len(),
            _ => self.axes().len(),
        }
    }

    /// Hash of the compiled lexicon.
    pub fn lexicon_hash(&self) -> &str {
        match &self.engine {
            Engine::Stancekit { compiled, .. } => compiled.hash(),
            Engine::Vader(compiled) => compiled.hash(),
        }
    }

    /// The tokenizer of the stancekit engine; the VADER profile splits
    /// words its own way and has none.
    pub fn tokenizer(&self) -> Option<&Tokenizer> {
        match &self.engine {
            Engine::Stancekit { compiled, .. } => Some(compiled.tokenizer()),
            Engine::Vader(_) => None,
        }
    }

    /// Scores one statement, with its explanation.
    ///
    /// # Examples
    ///
    /// ```
    /// let stance = stancekit::Scorer::default().score("Russia would not give up its claims.").unwrap();
    /// assert!(stance["rigidity"] > 0.0);
    /// assert_eq!(stance.tokens, 8); // seven words and the period
    /// ```
    pub fn score(&self, text: &str) -> Result<Stance, Error> {
        with_scratch(|s| self.stance_with(text, s))
    }

    fn stance_with(&self, text: &str, s: &mut Scratch) -> Result<Stance, Error> {
        match &self.engine {
            Engine::Stancekit { compiled, rules } => compiled.stance(text, rules, &mut s.stancekit),
            Engine::Vader(compiled) => Ok(compiled.stance(text, &mut s.vader)),
        }
    }

    /// The stance toward each actor `text` names: the explained stance, the
    /// actors' mentions, whom each contribution is about (and by which
    /// rule), and one stance vector per actor; see [`targets`](crate::targets).
    /// The stancekit profile only.
    ///
    /// ```
    /// use stancekit::{Actors, Scorer};
    /// let text = "We welcome the constructive answer of Washington and condemn the provocations of NATO.";
    /// let t = Scorer::default().score_targets(text, &Actors::builtin()).unwrap();
    /// assert!(t.target("US").unwrap().axes[1].score < 0.0); // blame: appreciated
    /// assert!(t.target("NATO").unwrap().axes[1].score > 0.0); // blame: accused
    /// ```
    pub fn score_targets(&self, text: &str, actors: &Actors) -> Result<Targets, Error> {
        with_scratch(|s| self.targets_with(text, actors, s))
    }

    fn targets_with(&self, text: &str, actors: &Actors, s: &mut Scratch) -> Result<Targets, Error> {
        match &self.engine {
            Engine::Stancekit { compiled, rules } => {
                compiled.targets(text, actors, rules, &mut s.stancekit)
            }
            Engine::Vader(_) => Err(self.unsupported(Feature::Targets)),
        }
    }

    /// VADER's `neg`, `neu`, `pos` and `compound` for `text`, rounded as
    /// vaderSentiment rounds them. Under the stancekit profile they are
    /// computed the same way from the first axis' contributions, each word
    /// token without one counting as neutral.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let p = scorer.polarity("VADER is VERY SMART, handsome, and FUNNY!!!").unwrap();
    /// assert_eq!(p.compound, 0.9342);
    /// ```
    pub fn polarity(&self, text: &str) -> Result<Polarity, Error> {
        with_scratch(|s| self.polarity_with(text, s))
    }

    fn polarity_with(&self, text: &str, s: &mut Scratch) -> Result<Polarity, Error> {
        match &self.engine {
            Engine::Stancekit { compiled, rules } => {
                compiled.polarity(text, rules, &mut s.stancekit)
            }
            Engine::Vader(compiled) => Ok(compiled.polarity(text, &mut s.vader)),
        }
    }

    /// One row of a batch: its scores into `out` and what else `detail`
    /// asks for. The one place both engines' rows are made.
    fn row(
        &self,
        text: &str,
        detail: Detail<'_>,
        columns: Columns,
        s: &mut Scratch,
        out: &mut [f32],
    ) -> Result<Outcome, Error> {
        let polarity_row = |p: &Polarity, out: &mut [f32]| {
            for (o, v) in out.iter_mut().zip(p.values()) {
                *o = v as f32;
            }
        };
        let axis_row = |stance: &Stance, out: &mut [f32]| {
            out.fill(0.0);
            for (o, a) in out.iter_mut().zip(&stance.axes) {
                *o = a.score as f32;
            }
        };
        match (&self.engine, detail) {
            (Engine::Stancekit { compiled, rules }, Detail::Scores) => {
                compiled.score_into(text, rules, &mut s.stancekit, out)?;
                Ok(Outcome::Scored)
            }
            (Engine::Stancekit { compiled, rules }, Detail::Explained) => {
                let stance = compiled.stance(text, rules, &mut s.stancekit)?;
                axis_row(&stance, out);
                Ok(Outcome::Explained(Box::new(stance)))
            }
            (Engine::Stancekit { compiled, rules }, Detail::Targets(actors)) => {
                let targets = compiled.targets(text, actors, rules, &mut s.stancekit)?;
                axis_row(&targets.stance, out);
                Ok(Outcome::Targets(Box::new(targets)))
            }
            (Engine::Vader(compiled), Detail::Scores) => {
                match columns {
                    Columns::Output => polarity_row(&compiled.polarity(text, &mut s.vader), out),
                    Columns::Axes => {
                        out.fill(0.0);
                        out[0] = compiled.compound(text, &mut s.vader).1 as f32;
                    }
                }
                Ok(Outcome::Scored)
            }
            (Engine::Vader(compiled), Detail::Explained) => {
                let (stance, polarity) = compiled.explained(text, &mut s.vader);
                match columns {
                    Columns::Output => polarity_row(&polarity, out),
                    Columns::Axes => axis_row(&stance, out),
                }
                Ok(Outcome::Explained(Box::new(stance)))
            }
            (Engine::Vader(_), Detail::Targets(_)) => Err(self.unsupported(Feature::Targets)),
        }
    }

    /// Scores a corpus: the one batch driver. Each statement gets a row of
    /// [`Columns`] and an [`Outcome`], in input order, scored on the
    /// batch's threads a chunk at a time; after each chunk `on_chunk` is
    /// told how many statements are done and may stop the run
    /// (`ControlFlow::Break`), so a caller can show progress and honour
    /// Ctrl-C. A `None` statement is [`Outcome::Missing`]; a statement that
    /// fails is [`Outcome::Failed`] and the others are still scored. Rows
    /// equal scoring one by one.
    ///
    /// Asking for stance toward actors under the VADER profile is an
    /// [`Error::Unsupported`] before anything is scored.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use stancekit::{Batch, Outcome, Scorer};
    /// let scorer = Scorer::default();
    /// let texts = [Some("We will retaliate."), None, Some("We welcome the talks.")];
    /// let rows = scorer.score_rows(&texts, &Batch::new().chunk(2), |_| ControlFlow::Continue(())).unwrap();
    /// assert!(matches!(rows.outcomes[1], Outcome::Missing) && rows.scores[[1, 0]].is_nan());
    /// assert_eq!(rows.scores.row(2), scorer.score_batch(&["We welcome the talks."]).unwrap().row(0));
    ///
    /// // Stopped after the first chunk: two rows done.
    /// let rows = scorer.score_rows(&texts, &Batch::new().chunk(2), |_| ControlFlow::Break(())).unwrap();
    /// assert!(rows.stopped && rows.outcomes.len() == 2);
    /// ```
    pub fn score_rows<S: AsRef<str> + Sync>(
        &self,
        texts: &[Option<S>],
        batch: &Batch<'_>,
        on_chunk: impl FnMut(usize) -> ControlFlow<()>,
    ) -> Result<Rows, Error> {
        if let Detail::Targets(_) = batch.detail {
            self.supports(Feature::Targets)?;
        }
        let width = self.width(batch.columns);
        drive(texts, batch, width, on_chunk, |text, s, out| {
            self.row(text, batch.detail, batch.columns, s, out)
        })
    }

    /// [`polarity`](Self::polarity) of a corpus, on the batch driver of
    /// [`score_rows`](Self::score_rows): rows of `neg`, `neu`, `pos` and
    /// `compound` in `f64`, exactly as vaderSentiment rounds them.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use stancekit::{vader, Batch, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let rows = scorer.polarity_rows(&[Some("The book was good.")], &Batch::new(), |_| ControlFlow::Continue(())).unwrap();
    /// assert_eq!(rows.scores.row(0).to_vec(), [0.0, 0.508, 0.492, 0.4404]);
    /// ```
    pub fn polarity_rows<S: AsRef<str> + Sync>(
        &self,
        texts: &[Option<S>],
        batch: &Batch<'_>,
        on_chunk: impl FnMut(usize) -> ControlFlow<()>,
    ) -> Result<Rows<f64>, Error> {
        drive(
            texts,
            batch,
            POLARITY_COLUMNS.len(),
            on_chunk,
            |text, s, out| {
                out.copy_from_slice(&self.polarity_with(text, s)?.values());
                Ok(Outcome::Scored)
            },
        )
    }

    /// Scores many statements on all cores (rayon's global pool): one row per
    /// statement, one column per axis, `f32`. Identical to scoring one by one.
    /// A failing statement is an [`Error::Statement`] with its index.
    pub fn score_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Array2<f32>, Error> {
        let mut out = Array2::<f32>::zeros((texts.len(), self.axes().len()));
        self.score_batch_into(texts, out.view_mut())?;
        Ok(out)
    }

    /// [`score_batch`](Self::score_batch) into rows the caller owns. On an
    /// error, rows up to the failing statement may have been written.
    ///
    /// # Panics
    ///
    /// If `out` is not `texts.len()` rows by [`axes`](Self::axes) columns.
    ///
    /// # Examples
    ///
    /// ```
    /// use ndarray::{Array2, Axis};
    /// let scorer = stancekit::Scorer::default();
    /// let texts = vec!["We will retaliate."; 10];
    /// let mut out = Array2::<f32>::zeros((texts.len(), scorer.axes().len()));
    /// for (rows, chunk) in out.axis_chunks_iter_mut(Axis(0), 4).zip(texts.chunks(4)) {
    ///     scorer.score_batch_into(chunk, rows).unwrap();
    /// }
    /// assert_eq!(out, scorer.score_batch(&texts).unwrap());
    /// ```
    pub fn score_batch_into<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        mut out: ArrayViewMut2<'_, f32>,
    ) -> Result<(), Error> {
        let width = self.axes().len();
        assert_eq!(
            out.dim(),
            (texts.len(), width),
            "score_batch_into: `out` must be one row per statement, one column per axis"
        );
        let row = |text: &str, s: &mut Scratch, row: &mut [f32]| {
            self.row(text, Detail::Scores, Columns::Axes, s, row)
                .map(drop)
        };
        match out.as_slice_mut() {
            Some(flat) => fill(texts, flat, width, row),
            // A view that is not in standard layout gets a fresh array
            // copied in.
            None => {
                let scores = self.score_batch(texts)?;
                out.assign(&scores);
                Ok(())
            }
        }
    }

    /// [`score_batch`](Self::score_batch) on a pool of exactly `threads`
    /// threads (0 means rayon's default, one per core).
    ///
    /// # Examples
    ///
    /// ```
    /// let scorer = stancekit::Scorer::default();
    /// let texts = vec!["We will retaliate."; 1000];
    /// assert_eq!(scorer.score_batch_threads(&texts, 1).unwrap(), scorer.score_batch_threads(&texts, 2).unwrap());
    /// ```
    pub fn score_batch_threads<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        threads: usize,
    ) -> Result<Array2<f32>, Error> {
        Batch::new()
            .threads(threads)?
            .install(|| self.score_batch(texts))
    }

    /// [`polarity`](Scorer::polarity) of many statements on all cores
    /// (rayon's global pool): one row per statement, the columns `neg`,
    /// `neu`, `pos` and `compound`.
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let rows = scorer.polarity_batch(&["The book was good.", "Today SUX!"]).unwrap();
    /// assert_eq!(rows[[0, 3]], 0.4404);
    /// assert!(rows[[1, 3]] < 0.0);
    /// ```
    pub fn polarity_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Result<Array2<f64>, Error> {
        let mut out = Array2::<f64>::zeros((texts.len(), POLARITY_COLUMNS.len()));
        let flat = out.as_slice_mut().expect("a new array is contiguous");
        fill(texts, flat, POLARITY_COLUMNS.len(), |text, s, row| {
            row.copy_from_slice(&self.polarity_with(text, s)?.values());
            Ok(())
        })?;
        Ok(out)
    }

    /// [`polarity_batch`](Self::polarity_batch) on a pool of exactly
    /// `threads` threads (0 means rayon's default, one per core).
    ///
    /// # Examples
    ///
    /// ```
    /// use stancekit::{vader, Profile, Scorer};
    /// let scorer = Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap();
    /// let texts = vec!["The book was good."; 1000];
    /// assert_eq!(scorer.polarity_batch_threads(&texts, 1).unwrap(), scorer.polarity_batch_threads(&texts, 2).unwrap());
    /// ```
    pub fn polarity_batch_threads<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        threads: usize,
    ) -> Result<Array2<f64>, Error> {
        Batch::new()
            .threads(threads)?
            .install(|| self.polarity_batch(texts))
    }
}

/// A pool of exactly `threads` threads.
fn pool(threads: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| Error::Threads { threads, source })
}

/// A value for the cells of a row without a score.
trait Cell: Copy + Send + Sync {
    const NAN: Self;
}

impl Cell for f32 {
    const NAN: Self = f32::NAN;
}

impl Cell for f64 {
    const NAN: Self = f64::NAN;
}

/// The batch driver behind [`Scorer::score_rows`] and
/// [`Scorer::polarity_rows`]: chunk by chunk on the batch's pool, each
/// chunk in parallel tasks of [`TASK`] statements, each thread with its own
/// buffers from chunk to chunk; a missing or failed statement gets a row of
/// NaN.
fn drive<S: AsRef<str> + Sync, T: Cell>(
    texts: &[Option<S>],
    batch: &Batch<'_>,
    width: usize,
    mut on_chunk: impl FnMut(usize) -> ControlFlow<()>,
    row: impl Fn(&str, &mut Scratch, &mut [T]) -> Result<Outcome, Error> + Sync,
) -> Result<Rows<T>, Error> {
    // Every scorer has an axis, so rows are never empty.
    debug_assert!(width > 0);
    let mut scores = Array2::from_elem((texts.len(), width), T::NAN);
    let mut outcomes = Vec::with_capacity(texts.len());
    let mut done = 0;
    let mut stopped = false;
    {
        let flat = scores.as_slice_mut().expect("a new array is contiguous");
        for chunk in texts.chunks(batch.chunk) {
            let rows = &mut flat[done * width..(done + chunk.len()) * width];
            let scored: Vec<Vec<Outcome>> = batch.install(|| {
                (rows.par_chunks_mut(TASK * width))
                    .zip(chunk.par_chunks(TASK))
                    .map(|(rows, texts)| {
                        with_scratch(|s| {
                            let rows = rows.chunks_mut(width);
                            (texts.iter().zip(rows))
                                .map(|(text, out)| {
                                    let Some(text) = text else {
                                        return Outcome::Missing;
                                    };
                                    match row(text.as_ref(), s, &mut out[..width]) {
                                        Ok(outcome) => outcome,
                                        Err(e) => {
                                            out.fill(T::NAN);
                                            Outcome::Failed(Box::new(e))
                                        }
                                    }
                                })
                                .collect()
                        })
                    })
                    .collect()
            });
            outcomes.extend(scored.into_iter().flatten());
            done += chunk.len();
            if on_chunk(done).is_break() && done < texts.len() {
                stopped = true;
                break;
            }
        }
    }
    if stopped {
        scores = scores.slice_move(s![..done, ..]);
    }
    Ok(Rows {
        scores,
        outcomes,
        stopped,
    })
}

/// Fills `flat`, `width` values per statement, by `row(text, scratch,
/// row)` on the current pool, in tasks of [`TASK`] statements, each thread
/// with its own buffers as in [`drive`]; the first failing statement is
/// reported by its index.
fn fill<S: AsRef<str> + Sync, T: Send>(
    texts: &[S],
    flat: &mut [T],
    width: usize,
    row: impl Fn(&str, &mut Scratch, &mut [T]) -> Result<(), Error> + Sync,
) -> Result<(), Error> {
    if width == 0 || texts.is_empty() {
        return Ok(());
    }
    flat.par_chunks_mut(TASK * width)
        .zip(texts.par_chunks(TASK))
        .enumerate()
        .try_for_each(|(task, (rows, texts))| {
            with_scratch(|s| {
                for (i, (out, text)) in rows.chunks_mut(width).zip(texts).enumerate() {
                    row(text.as_ref(), s, out).map_err(|e| Error::Statement {
                        index: task * TASK + i,
                        source: Box::new(e),
                    })?;
                }
                Ok(())
            })
        })
}

/// Scores `text` with the built-in lexicon; the scorer is compiled once.
///
/// # Panics
///
/// On a statement over [`MAX_STATEMENT_BYTES`](crate::MAX_STATEMENT_BYTES),
/// the only input the default tokenizer refuses; use [`Scorer::score`] to
/// get that as an error.
///
/// # Examples
///
/// ```
/// let stance = stancekit::score("Russia would not give up its claims.");
/// assert!(stance["rigidity"] > 0.0);
/// ```
pub fn score(text: &str) -> Stance {
    Scorer::default()
        .score(text)
        .expect("the default tokenizer does not fail")
}

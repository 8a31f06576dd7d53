//! # stancekit
//!
//! Lexicon-weighted **stance vectors** for political and diplomatic
//! statements: one score per bipolar axis (conciliatory vs threatening,
//! appreciative vs accusatory, flexible vs intransigent, hedged vs
//! assertive), with negation, intensifiers, hedges and contrast handled, and
//! every score explained down to the words and rule factors that produced it.
//!
//! ```
//! use stancekit::{Lexicon, Scorer};
//!
//! // The built-in `diplomatic-en` lexicon, compiled once.
//! let scorer = Scorer::new(&Lexicon::default()).unwrap();
//! let stance = scorer.score("Moscow would not break off talks, but Russia will not give up its claims.").unwrap();
//! assert!(stance["rigidity"] > 0.0);
//! for c in &stance.contributions {
//!     println!("{:<20} {:?} {:?}", c.text, c.values, c.factors);
//! }
//!
//! // Many statements on all cores: one row per statement, one column per axis.
//! let matrix = scorer.score_batch(&["We welcome the constructive talks.", "We will retaliate."]).unwrap();
//! assert!(matrix[[0, 0]] < 0.0 && matrix[[1, 0]] > 0.0);
//! ```
//!
//! A lexicon is data: axes, weighted entries (words, `stem*` wildcards,
//! phrases) and the modifier words the rules read. Read one from TOML, JSON
//! or CSV, or extend the default with your own terms:
//!
//! ```
//! let mut lexicon = stancekit::Lexicon::default();
//! lexicon.add_entry("zorble-fluxing", "mine", [("threat", 2.0)]).unwrap();
//! let stance = stancekit::Scorer::new(&lexicon).unwrap().score("More zorble-fluxing.").unwrap();
//! assert_eq!(stance.contributions[0].term, "zorble-fluxing");
//! ```

#![warn(missing_docs)]

mod actors;
pub mod calibrate;
mod engine;
mod error;
pub mod group;
pub(crate) mod keys;
mod lexicon;
mod profile;
#[cfg(feature = "python")]
mod python;
mod scorer;
mod segment;
pub mod stance;
pub mod targets;
mod tokenize;
pub mod vader;

pub use engine::rules;

pub use actors::{Actors, Mention, SPEAKER};
pub use error::{CalibrationError, Error, Feature, LexiconError, Problem, TokenizerError};
pub use lexicon::{
    term_pattern, Axis, ContrastScope, Entry, Lexicon, ModifierKind, DEFAULT_ALPHA, MIN_STEM_CHARS,
};
pub use profile::{Profile, UnknownProfile};
pub use rules::Rules;
pub use scorer::{score, Batch, Columns, Detail, Outcome, Rows, Scorer, DEFAULT_CHUNK};
pub use stance::{AxisScore, Contribution, Factor, Rule, Stance};
pub use targets::{Attributed, Attribution, TargetStance, Targets};
pub use tokenize::{Pipeline, Token, Tokenizer, Tokens, MAX_STATEMENT_BYTES, TOKEN_PATTERN};

/// The README's Rust examples, compiled and run as doctests so that they
/// stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

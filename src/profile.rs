//! The rule profiles a [`Scorer`](crate::Scorer) can run, named in one
//! place: the CLI's `--profile` and Python's `profile=` parse them here.

use serde::{Deserialize, Serialize};

/// Which rules a [`Scorer`](crate::Scorer) applies to its lexicon. Parsed from and printed
/// as its name (`stancekit`, `vader`) here only.
///
/// # Examples
///
/// ```
/// use stancekit::{vader, Profile, Scorer};
/// let parity = Scorer::with_profile(&vader::lexicon(), "vader".parse().unwrap()).unwrap();
/// let corrected = Scorer::with_profile(&vader::lexicon(), Profile::Stancekit).unwrap();
/// let text = "The plot was not good, but I loved the cast.";
/// assert!(parity.score(text).unwrap()["valence"] > 0.0);
/// assert!(corrected.score(text).unwrap()["valence"] > 0.0);
/// assert_eq!(parity.profile().to_string(), "vader");
/// assert!("vadr".parse::<Profile>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// stancekit's tokens and rules (see [`rules`](crate::rules)).
    #[default]
    Stancekit,
    /// vaderSentiment 3.3.2's tokens and rules, reproduced exactly, quirks
    /// included; for a lexicon in VADER's format (see
    /// [`vader`](crate::vader)). A stance has one score, VADER's `compound`,
    /// on the lexicon's first axis; a batch row has VADER's four outputs.
    Vader,
}

impl Profile {
    /// Every profile, in the order of their names in messages.
    pub const ALL: [Profile; 2] = [Profile::Stancekit, Profile::Vader];

    /// The profile's name, as the CLI and Python spell it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Stancekit => "stancekit",
            Profile::Vader => "vader",
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Profile {
    type Err = UnknownProfile;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        (Profile::ALL.into_iter())
            .find(|p| p.name() == name)
            .ok_or_else(|| UnknownProfile(name.to_string()))
    }
}

/// A profile name that is none of [`Profile::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile {0:?} (expected \"stancekit\" or \"vader\")")]
pub struct UnknownProfile(pub String);

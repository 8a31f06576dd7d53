//! Scores aggregated by group (speaker, target, date, or any keys): mean,
//! count and spread per axis, in one pass and constant memory per group.
//!
//! ```
//! use stancekit::group::Groups;
//! let mut groups = Groups::new(vec!["threat".into(), "blame".into()]);
//! groups.add(&["Lavrov", "NATO"], &[0.8, 0.9]);
//! groups.add(&["Lavrov", "NATO"], &[0.4, 0.5]);
//! groups.add(&["Lavrov", "US"], &[-0.2, -0.6]);
//! let rows = groups.rows();
//! assert_eq!(rows[0].keys, ["Lavrov", "NATO"]);
//! assert_eq!(rows[0].count, 2);
//! assert!((rows[0].axes[0].mean - 0.6).abs() < 1e-12);
//! assert!((rows[0].axes[0].sd - 0.2828).abs() < 1e-4);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Running mean and sum of squared deviations of one axis (Welford), exact
/// enough for millions of values and needing no second pass.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    mean: f64,
    m2: f64,
}

impl Moments {
    /// Adds `x` as the `n`-th value.
    fn add(&mut self, x: f64, n: u64) {
        let delta = x - self.mean;
        self.mean += delta / n as f64;
        self.m2 += delta * (x - self.mean);
    }
}

/// Groups of scores, keyed by strings: each group's count and moments per
/// axis.
#[derive(Debug, Clone)]
pub struct Groups {
    axes: Vec<String>,
    groups: BTreeMap<Vec<String>, (u64, Vec<Moments>)>,
}

/// One group's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The group's keys, in the order given to [`Groups::add`].
    pub keys: Vec<String>,
    /// How many score vectors the group holds.
    pub count: u64,
    /// Per axis, in axis order.
    pub axes: Vec<GroupAxis>,
}

/// One axis of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupAxis {
    /// The axis id.
    pub axis: String,
    /// The mean score.
    pub mean: f64,
    /// The sample standard deviation (0 for a group of one).
    pub sd: f64,
    /// The standard error of the mean, `sd / √count`.
    pub sem: f64,
}

impl Groups {
    /// No groups yet, for scores on `axes`.
    pub fn new(axes: Vec<String>) -> Groups {
        Groups {
            axes,
            groups: BTreeMap::new(),
        }
    }

    /// Adds one score vector (one value per axis) to the group `keys`.
    ///
    /// # Panics
    ///
    /// If `scores` does not have one value per axis.
    pub fn add<K: AsRef<str>>(&mut self, keys: &[K], scores: &[f64]) {
        assert_eq!(scores.len(), self.axes.len(), "one score per axis");
        let keys: Vec<String> = keys.iter().map(|k| k.as_ref().to_string()).collect();
        let n = self.axes.len();
        let (count, moments) = (self.groups)
            .entry(keys)
            .or_insert_with(|| (0, vec![Moments::default(); n]));
        *count += 1;
        for (m, &x) in moments.iter_mut().zip(scores) {
            m.add(x, *count);
        }
    }

    /// Every group's summary, sorted by keys.
    pub fn rows(&self) -> Vec<GroupRow> {
        (self.groups.iter())
            .map(|(keys, (count, moments))| GroupRow {
                keys: keys.clone(),
                count: *count,
                axes: (self.axes.iter().zip(moments))
                    .map(|(axis, m)| {
                        let sd = if *count > 1 {
                            (m.m2 / (*count - 1) as f64).sqrt()
                        } else {
                            0.0
                        };
                        GroupAxis {
                            axis: axis.clone(),
                            mean: m.mean,
                            sd,
                            sem: sd / (*count as f64).sqrt(),
                        }
                    })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welford_matches_the_two_pass_formula() {
        let xs = [0.3, -0.7, 0.95, 0.1, 0.1, -0.2];
        let mut groups = Groups::new(vec!["a".into()]);
        for x in xs {
            groups.add(&["g"], &[x]);
        }
        let mean = xs.iter().sum::<f64>() / 6.0;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 5.0;
        let row = &groups.rows()[0];
        assert!((row.axes[0].mean - mean).abs() < 1e-12);
        assert!((row.axes[0].sd - var.sqrt()).abs() < 1e-12);
        assert_eq!(row.count, 6);
    }
}

//! Synthetic returns that follow the contract, for tests, demos and
//! benchmarks: a Pockets & Prospects-style programme of community
//! organisations buying activities from social-enterprise suppliers.
//!
//! Everything is drawn from a ChaCha8 generator seeded by the caller, so a
//! seed always gives the same returns, byte for byte. No real person's data
//! is involved: references, names and stories are made up.

mod model;
mod write;

pub use model::{Cell, Format, Sheet, SynthReturn, programme};
pub use write::{WriteError, save, write_return, xlsx_bytes};

use crate::core::Quarter;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub projects: usize,
    pub quarters: usize,
    /// The first quarter; later ones follow it.
    pub first: Quarter,
    pub seed: u64,
    /// Fewest and most people a project works with in a quarter (each
    /// project draws its size once). Fixtures use 6–28; the benchmark uses
    /// bigger projects to reach the outcome rows of a national roll-up.
    pub people: (usize, usize),
    /// A year's programme (`needle synth --year`): people carry on from
    /// one quarter's return to the next (a baseline in one quarter, a
    /// follow-up in a later one; some stop), the last project joins in the
    /// third quarter and the fourth misses the second. Off, every
    /// quarter's people are new, as in fixtures/returns.
    pub continuing: bool,
}

/// The project sizes of `fixtures/returns`.
pub const DEFAULT_PEOPLE: (usize, usize) = (6, 28);

/// Generates the programme and writes it under `out`, one folder per
/// quarter; returns the paths written, sorted.
pub fn synth(spec: &Spec, out: &Path) -> Result<Vec<PathBuf>, WriteError> {
    let returns = programme(spec);
    let mut written = Vec::with_capacity(returns.len());
    for r in &returns {
        written.push(write_return(r, out)?);
    }
    written.sort();
    Ok(written)
}

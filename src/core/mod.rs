//! The shared vocabulary at the bottom of the crate: quarters, periods, issues,
//! text helpers, escaping and hashing. Every stage may use it; it uses no
//! other module of needle, so nothing can form a circle through it.

pub mod escape;
mod exact_sum;
pub mod hash;
mod issue;
mod name;
mod objectives;
mod period;
mod person_key;
mod quarter;
pub mod text;

pub use exact_sum::ExactSum;
pub use issue::{Code, Issue, Severity};
pub use name::Name;
pub use objectives::Objectives;
pub use period::Period;
pub use person_key::{PersonKey, Pseudonym};
pub use quarter::Quarter;

/// A hash map keyed by needle's own ids and names: foldhash, not the
/// standard SipHash (built to resist hash flooding from untrusted keys,
/// which the few thousand names of one run are not), since hashing was
/// the largest part of counting a project and of reading kept returns
/// (BENCHMARKS.md). Nothing may be read in its order.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

//! needle: community mental-health projects' quarterly returns in, evidence out.
//!
//! The pipeline runs one way through typed stages, with I/O only at the
//! edges (see docs/architecture.md):
//!
//! ```text
//! files ─► ingest ─► contract ─► score ─► aggregate ─► value ─► disclose ─► render / pages ─► output
//! ```
//!
//! Each module uses only those listed above it here:
//!
//! - `core`: quarters, issues, text helpers, escaping, hashing (depends on nothing);
//! - `config`: TOML with provenance (on `core` alone);
//! - the stages `ingest`, `contract`, `score`, `aggregate`, `value`;
//! - `disclose`: the published tables declared once, and the suppression engine;
//! - `render`: a declared table, a checked return or a manifest into bytes;
//! - `checker`: the browser checker's engine, picked files in, validate's result out;
//! - `chart`: the plotting engine (no domain knowledge);
//! - `pages`: report, pack and feedback pages, and the workbook's content;
//! - `audit`: attacks the published edition before it is written;
//! - `output`: the one atomic writer;
//! - `store`: checked returns kept between runs, so a rerun reads only new files;
//! - `runs`: the stages wired into a report, a pack, a feedback page;
//! - `synth` and `template`, both built from `contract::spec`.

pub mod core;

pub mod config;

pub mod contract;
pub mod ingest;
pub mod score;

#[cfg(feature = "report")]
pub mod aggregate;
#[cfg(feature = "report")]
pub mod value;

/// Attacks a published edition before it is written (its own reading
/// and arithmetic, never the disclosure engine's).
#[cfg(feature = "report")]
pub mod audit;
pub mod disclose;
pub mod render;

/// The browser checker's engine (checker.html): ingest, contract and the
/// console and JSON renderers, on bytes.
pub mod checker;

#[cfg(feature = "report")]
pub mod chart;
#[cfg(feature = "report")]
pub mod pages;

pub mod output;
pub mod runs;
#[cfg(feature = "report")]
pub mod store;

#[cfg(feature = "report")]
pub mod synth;
#[cfg(feature = "report")]
pub mod template;

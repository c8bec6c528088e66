//! needle: community mental-health projects' quarterly returns in, evidence out.
//!
//! The pipeline runs one way through typed stages, with I/O only at the
//! edges (see docs/architecture.md):
//!
//! ```text
//! files ─► ingest ─► contract ─► score ─► aggregate ─► value ─► publish
//! ```
//!
//! `config`, `issue` and `text` are the shared vocabulary of every stage.

#[cfg(feature = "report")]
pub mod aggregate;
pub mod config;
pub mod contract;
pub mod ingest;
pub mod issue;
#[cfg(feature = "report")]
pub mod pipeline;
#[cfg(feature = "report")]
pub mod publish;
pub mod score;
#[cfg(feature = "report")]
pub mod synth;
#[cfg(feature = "report")]
pub mod template;
pub mod text;
#[cfg(feature = "report")]
pub mod value;

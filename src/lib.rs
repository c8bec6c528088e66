//! needle: community mental-health projects' quarterly returns in, evidence out.
//!
//! The pipeline runs one way through typed stages, with I/O only at the
//! edges (see docs/architecture.md):
//!
//! ```text
//! files ─► ingest ─► contract ─► score ─► aggregate ─► value ─► publish
//! ```
//!
//! `core` (quarters, issues, text helpers, hashing) is the shared
//! vocabulary at the bottom; `config` sits on it alone.

#[cfg(feature = "report")]
pub mod aggregate;
pub mod config;
pub mod contract;
pub mod core;
pub mod ingest;
#[cfg(feature = "report")]
pub mod pipeline;
#[cfg(feature = "report")]
pub mod publish;
pub mod score;
#[cfg(feature = "report")]
pub mod synth;
#[cfg(feature = "report")]
pub mod template;
#[cfg(feature = "report")]
pub mod value;

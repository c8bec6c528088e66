//! `needle checker`: writes checker.html, the return checker that runs in
//! a volunteer's browser (pages/checker.rs), carrying the commissioner's
//! config and the WebAssembly module built from checker/.
//!
//! The module is built before needle and embedded in the binary (build.rs,
//! NEEDLE_EMBED_CHECKER), so a downloaded needle makes checker.html with
//! nothing installed. NEEDLE_CHECKER_WASM, when it names a built module,
//! is used instead. needle never runs cargo and knows no source folder.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};

/// Why checker.html could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("reading the checker's WebAssembly module: {0}")]
    Read(String),
    #[error("{0} is not a WebAssembly module")]
    NotWasm(String),
    #[error(
        "this needle was built without the checker's WebAssembly module: build it with `cargo build --release --locked -p needle-checker --target wasm32-unknown-unknown`, then build needle with NEEDLE_EMBED_CHECKER=target/wasm32-unknown-unknown/release/needle_checker.wasm (or run this with NEEDLE_CHECKER_WASM set to that file)"
    )]
    NoModule,
}

/// The module built into this binary: empty when it was built without one.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/checker.wasm"));

/// The module's bytes: NEEDLE_CHECKER_WASM's, else the embedded one.
pub fn wasm_module() -> Result<Vec<u8>, CheckerError> {
    if let Some(path) = std::env::var_os("NEEDLE_CHECKER_WASM") {
        let path = PathBuf::from(path);
        return std::fs::read(&path)
            .map_err(|e| CheckerError::Read(format!("{}: {e}", path.display())));
    }
    if EMBEDDED.is_empty() {
        return Err(CheckerError::NoModule);
    }
    Ok(EMBEDDED.to_vec())
}

/// checker.html's bytes, for the config in `dir` (else the built-in one)
/// and the module `wasm`. The list of expected returns is the
/// commissioner's business and stays out of the page.
pub fn checker_page(dir: Option<&Path>, wasm: &[u8]) -> Result<Vec<u8>, CheckerError> {
    // Refuse a config needle itself would refuse, with its file and line.
    Config::load(dir)?;
    let texts: Vec<(String, String)> = Config::source_texts(dir)?
        .into_iter()
        .filter(|(name, _)| name != "expected.toml")
        .collect();
    let module = crate::pages::checker::strip_custom_sections(wasm)
        .ok_or_else(|| CheckerError::NotWasm("the module built".into()))?;
    Ok(crate::pages::checker::render(&module, &texts).into_bytes())
}

//! `needle checker`: writes checker.html, the return checker that runs in
//! a volunteer's browser (pages/checker.rs), carrying the commissioner's
//! config and the WebAssembly module built from checker/.
//!
//! The module is built here, on first use and whenever its sources change,
//! by cargo for wasm32-unknown-unknown into target/checker/ (its own
//! folder, so a `cargo run` that started this command is never waited
//! on), or taken from NEEDLE_CHECKER_WASM when that names a built module.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::{Config, ConfigError};

/// Why checker.html could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("building the checker's WebAssembly module failed: {0}")]
    Build(String),
    #[error("{0} is not a WebAssembly module")]
    NotWasm(String),
}

/// The repository checker/ lives in (where this binary was built from).
fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The module's bytes: NEEDLE_CHECKER_WASM's, else built with cargo.
pub fn wasm_module() -> Result<Vec<u8>, CheckerError> {
    if let Some(path) = std::env::var_os("NEEDLE_CHECKER_WASM") {
        let path = PathBuf::from(path);
        return std::fs::read(&path)
            .map_err(|e| CheckerError::Build(format!("{}: {e}", path.display())));
    }
    let repo = repository();
    let target = repo.join("target/checker");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let ensure_target = Command::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .output();
    if let Ok(out) = &ensure_target
        && !out.status.success()
    {
        eprintln!(
            "needle: rustup could not add the wasm32-unknown-unknown target: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    eprintln!(
        "needle: building the checker's WebAssembly module (the first time takes a few minutes)"
    );
    let status = Command::new(&cargo)
        .current_dir(&repo)
        .env("CARGO_TARGET_DIR", &target)
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "-p",
            "needle-checker",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .status()
        .map_err(|e| CheckerError::Build(format!("could not run cargo: {e}")))?;
    if !status.success() {
        return Err(CheckerError::Build(format!(
            "cargo exited with {status}; install the target with `rustup target add wasm32-unknown-unknown`, or set NEEDLE_CHECKER_WASM to a built module"
        )));
    }
    let built = target.join("wasm32-unknown-unknown/release/needle_checker.wasm");
    std::fs::read(&built).map_err(|e| CheckerError::Build(format!("{}: {e}", built.display())))
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

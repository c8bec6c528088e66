//! Command-line interface (clap). Exit codes: 0 success (for `validate`:
//! no errors), 1 errors found in the returns, 2 could not run.

mod pack;
mod progress;
mod report;
mod synth;
mod template;
mod validate;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use needle::config::Config;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "needle",
    version,
    about = "Quarterly returns of community mental-health projects in; evidence out."
)]
struct Cli {
    /// Folder of config files to use instead of the built-in config/ (any
    /// file missing there falls back to the built-in copy).
    #[arg(long, global = true, value_name = "DIR")]
    config: Option<PathBuf>,
    /// Your own valuation figures (TOML with [[proxies]] and
    /// [[wellby_conversions]], e.g. HACT values you are licensed to use).
    #[arg(long, global = true, value_name = "FILE")]
    valuation: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a quarter's returns into tables, charts and report.html.
    Report(report::Args),
    /// Write a publishable evidence pack for an objective, area or activity
    /// type across quarters (always with small numbers suppressed).
    Pack(pack::Args),
    /// Check returns and print every issue with its sheet, cell and fix.
    Validate(validate::Args),
    /// Write the blank return (xlsx) for projects to fill in.
    Template(template::Args),
    /// Write synthetic returns that follow the contract (for tests and demos).
    Synth(synth::Args),
}

/// Exit code for "could not run".
pub const EXIT_FAILED: i32 = 2;

pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Report(a) => load(&cli).and_then(|c| report::run(a, &c)),
        Command::Pack(a) => load(&cli).and_then(|c| pack::run(a, &c)),
        Command::Validate(a) => load(&cli).and_then(|c| validate::run(a, &c)),
        Command::Template(a) => load(&cli).and_then(|c| template::run(a, &c)),
        Command::Synth(a) => synth::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("needle: {e:#}");
            EXIT_FAILED
        }
    }
}

fn load(cli: &Cli) -> Result<Config> {
    let mut config = Config::load(cli.config.as_deref()).context("the configuration is invalid")?;
    if let Some(v) = &cli.valuation {
        config
            .add_user_valuation(v)
            .context("the --valuation file is invalid")?;
    }
    Ok(config)
}

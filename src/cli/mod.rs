//! Command-line interface (clap). Exit codes: 0 success (for `validate`:
//! no errors), 1 errors found in the returns, 2 could not run.

mod audit;
mod checker;
mod demo;
mod menu;
mod pack;
mod progress;
mod report;
mod synth;
mod template;
mod validate;

use anyhow::Result;
use clap::{Parser, Subcommand};
use needle::config::Config;
use needle::runs::ConfigFiles;
use std::path::PathBuf;

/// `needle --version`: the version, the commit and the commit's date
/// (build.rs), never the time of the build.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("NEEDLE_COMMIT"),
    ", ",
    env!("NEEDLE_COMMIT_DATE"),
    ")"
);

#[derive(Parser)]
#[command(
    name = "needle",
    version = VERSION,
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
    /// Start here: write synthetic returns into a folder (default
    /// needle-demo) and run the published report on them.
    Demo(demo::Args),
    /// Run a quarter's returns into tables, charts and report.html.
    Report(report::Args),
    /// Write the suppliers' menu page (menu.html): every offer with its
    /// price and its record over the period, for organisations choosing
    /// what to buy (always with small numbers suppressed).
    Menu(menu::Args),
    /// Write a publishable evidence pack for an objective, area or activity
    /// type across quarters (always with small numbers suppressed).
    Pack(pack::Args),
    /// Check returns and print every issue with its sheet, cell and fix.
    Validate(validate::Args),
    /// Write the blank return (xlsx) for projects to fill in.
    Template(template::Args),
    /// Write synthetic returns that follow the contract (for tests and demos).
    Synth(synth::Args),
    /// Write checker.html: the return checker as one file that runs in a
    /// volunteer's browser, offline, with the config given by --config.
    Checker(checker::Args),
    /// Attack a published edition on disk (a report folder): can a count
    /// it withholds or rounds be worked out from what it prints?
    Audit(audit::Args),
}

/// Exit code for "could not run".
pub const EXIT_FAILED: i32 = 2;

pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Synth(a) => synth::run(a),
        Command::Checker(a) => checker::run(a, cli.config.as_deref()),
        command => load(&cli, command).and_then(|c| match command {
            Command::Report(a) => report::run(a, &c),
            Command::Pack(a) => pack::run(a, &c),
            Command::Menu(a) => menu::run(a, &c),
            Command::Validate(a) => validate::run(a, &c),
            Command::Template(a) => template::run(a, &c),
            Command::Audit(a) => audit::run(a, &c),
            Command::Demo(a) => demo::run(a, &c),
            Command::Synth(_) | Command::Checker(_) => {
                unreachable!("synth needs no configuration; checker reads its own")
            }
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("needle: {e:#}");
            EXIT_FAILED
        }
    }
}

/// The run's configuration, from the global options and, for a report,
/// its tariff and menu; warnings (a menu's) are printed and the run goes on.
fn load(cli: &Cli, command: &Command) -> Result<Config> {
    let (tariff, menu) = match command {
        Command::Report(a) => a.config_files(),
        Command::Menu(a) => (None, a.menu.as_deref()),
        _ => (None, None),
    };
    let loaded = needle::runs::load_config(&ConfigFiles {
        dir: cli.config.as_deref(),
        valuation: cli.valuation.as_deref(),
        tariff,
        menu,
    })?;
    for w in &loaded.warnings {
        eprintln!("needle: warning: {w}");
    }
    Ok(loaded.config)
}

use anyhow::{Context, Result};
use needle::config::Config;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Write the blank suppliers' menu (for `--menu`) instead of the blank
    /// return.
    #[arg(long)]
    menu: bool,
    /// Where to write it (default: needle-return-template.xlsx, or
    /// needle-menu-template.xlsx with --menu).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let (what, default, bytes) = if a.menu {
        (
            "the blank suppliers' menu",
            "needle-menu-template.xlsx",
            needle::template::menu_xlsx().context("building the menu template")?,
        )
    } else {
        (
            "the blank return",
            "needle-return-template.xlsx",
            needle::template::xlsx(config).context("building the template")?,
        )
    };
    let out = a.out.clone().unwrap_or_else(|| PathBuf::from(default));
    needle::output::write_file(&out, &bytes)
        .with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {what} to {}", out.display());
    Ok(0)
}

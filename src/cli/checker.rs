use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the checker page.
    #[arg(long, value_name = "FILE", default_value = "reports/checker.html")]
    out: PathBuf,
}

pub fn run(a: &Args, config: Option<&Path>) -> Result<i32> {
    let wasm = needle::runs::wasm_module()?;
    let page = needle::runs::checker_page(config, &wasm)?;
    needle::output::write_file(&a.out, &page)
        .with_context(|| format!("writing {}", a.out.display()))?;
    println!(
        "wrote the checker to {} ({} KB): email it with the template, or put it on any web page; it runs in the volunteer's browser and sends nothing anywhere",
        a.out.display(),
        page.len() / 1024
    );
    Ok(0)
}

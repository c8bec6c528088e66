//! Audits a report folder as written (tables/*.csv and vfm.xlsx) and
//! prints what the audit found: `cargo run --example audit_dir -- DIR
//! [--exact]`.

use needle::audit::{Files, audit};
use needle::config::Config;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(&args[0]);
    let exact = args.iter().any(|a| a == "--exact");
    let mut files = Files::default();
    let mut names: Vec<_> = std::fs::read_dir(dir.join("tables"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    for p in names {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        files.tables.push((name, std::fs::read(&p).unwrap()));
    }
    files.workbook = std::fs::read(dir.join("vfm.xlsx")).ok();
    let config = Config::builtin().unwrap();
    let a = audit(&files, &config, exact).unwrap();
    println!(
        "counts {} (cells {}), figures recomputed {}",
        a.counts, a.count_cells, a.recomputed
    );
    for (k, n) in &a.relations {
        println!("  {n:>7} {k}");
    }
    println!(
        "narrowest shown: {:?}",
        a.narrowest_shown
            .as_ref()
            .map(|(c, p, d)| format!("{c}: {p} -> {}", d.describe()))
    );
    println!(
        "narrowest withheld: {:?}",
        a.narrowest_withheld
            .as_ref()
            .map(|(c, d)| format!("{c}: {}", d.describe()))
    );
    println!("findings: {}", a.findings.len());
    for f in &a.findings {
        println!("  {} {:?}: {}", f.cell, f.fix, f.why);
    }
}

//! Audits a report folder as written (tables/*.csv and vfm.xlsx) and
//! prints what the audit found: `cargo run --example audit_dir -- DIR
//! [--exact]`.

use needle::audit::audit;
use needle::config::Config;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(&args[0]);
    let exact = args.iter().any(|a| a == "--exact");
    let files = needle::runs::read_edition(&dir).unwrap();
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

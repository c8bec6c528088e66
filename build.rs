//! Two things a plain `cargo build` needs no setup for:
//!
//! - the commit the binary was built from and that commit's date, for
//!   `needle --version`: never the time of the build, so the same commit
//!   builds the same bytes. SOURCE_DATE_EPOCH (seconds), when set, gives
//!   the date; NEEDLE_COMMIT the commit, for a build from a source archive
//!   without .git. Without either, "unknown".
//! - the checker's WebAssembly module, embedded when NEEDLE_EMBED_CHECKER
//!   names one already built (`cargo build --release -p needle-checker
//!   --target wasm32-unknown-unknown`; scripts and CI do this). It never
//!   runs a nested cargo; without the variable the binary carries no
//!   module and `needle checker` says how to add one.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The civil date (UTC) of `secs` since 1970-01-01, as YYYY-MM-DD
/// (Howard Hinnant's days-from-civil, inverted).
fn date(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn main() {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rerun-if-env-changed=NEEDLE_COMMIT");
    // A new commit moves HEAD or the branch it names.
    println!("cargo:rerun-if-changed=.git/HEAD");
    if let Ok(head) = std::fs::read_to_string(".git/HEAD")
        && let Some(r) = head.trim().strip_prefix("ref: ")
    {
        println!("cargo:rerun-if-changed=.git/{r}");
        println!("cargo:rerun-if-changed=.git/packed-refs");
    }
    let commit = std::env::var("NEEDLE_COMMIT")
        .ok()
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".into());
    let when = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .or_else(|| git(&["log", "-1", "--format=%ct", "HEAD"]))
        .and_then(|s| s.parse::<i64>().ok())
        .map_or_else(|| "unknown date".into(), date);
    println!("cargo:rustc-env=NEEDLE_COMMIT={commit}");
    println!("cargo:rustc-env=NEEDLE_COMMIT_DATE={when}");

    println!("cargo:rerun-if-env-changed=NEEDLE_EMBED_CHECKER");
    let module = match std::env::var_os("NEEDLE_EMBED_CHECKER").map(PathBuf::from) {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", path.display());
            std::fs::read(&path)
                .unwrap_or_else(|e| panic!("NEEDLE_EMBED_CHECKER={}: {e}", path.display()))
        }
        None => Vec::new(),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("checker.wasm"), module).expect("writing OUT_DIR/checker.wasm");
}

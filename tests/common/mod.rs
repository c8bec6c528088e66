//! Helpers shared by the integration tests: run the binary from the
//! project folder, run a report into a temporary folder, read its files.
#![allow(dead_code)] // each test file uses some of these

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The needle binary, run from the project folder (fixture paths are
/// relative to it).
pub fn needle() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_needle"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// `needle report <args> --out <temporary folder>`, which must succeed.
pub fn report<S: AsRef<OsStr>>(args: &[S]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .arg("report")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

/// A report file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A path under fixtures/.
pub fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(p)
}

/// Copies fixtures/small/SML-A to a temporary folder with one file changed.
pub fn altered(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ret = dir.path().join("SML-A");
    std::fs::create_dir(&ret).unwrap();
    for e in std::fs::read_dir(fixture("small/SML-A")).unwrap() {
        let e = e.unwrap();
        let mut text = std::fs::read_to_string(e.path()).unwrap();
        if e.file_name() == file {
            assert!(text.contains(from), "{file} has no {from:?}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(ret.join(e.file_name()), text).unwrap();
    }
    dir
}

/// The text inside `<t>` elements of spreadsheet XML: what a person sees
/// in the cells, not cell addresses such as r="P10".
pub fn xml_text(xml: &str) -> String {
    let mut out = Vec::new();
    for part in xml.split("<t").skip(1) {
        if !(part.starts_with('>') || part.starts_with(' ')) {
            continue;
        }
        if let Some((_, rest)) = part.split_once('>')
            && let Some((text, _)) = rest.split_once("</t>")
        {
            out.push(text);
        }
    }
    out.join("\n")
}

/// Every file of a report as text (xlsx parts unzipped).
pub fn all_text(dir: &Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xlsx") {
                let mut z = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
                for i in 0..z.len() {
                    let mut f = z.by_index(i).unwrap();
                    let mut s = String::new();
                    f.read_to_string(&mut s).ok();
                    out.push((
                        format!("{}:{}", p.display(), f.name().unwrap_or_default()),
                        xml_text(&s),
                    ));
                }
            } else {
                out.push((
                    p.display().to_string(),
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
                ));
            }
        }
    }
    out
}

/// Whether `token` appears in `text` as a whole token: not inside a longer
/// word or number.
pub fn has_token(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(i, _)| {
        let before = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + token.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

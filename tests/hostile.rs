//! Hostile workbooks built from fixtures/bad/valid.xlsx: each must be
//! refused (or read) with a clear message, quickly, inside 256 MiB of
//! address space, never by crashing. calamine does not protect against
//! these itself (shared/CRATES.md), so needle checks the zip first.

mod common;
use common::fixture;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// valid.xlsx with `part` replaced by `f(part)`, written to `dir/name`.
fn rewrite(dir: &Path, name: &str, part: &str, f: impl Fn(String) -> String) -> PathBuf {
    let src = std::fs::File::open(fixture("bad/valid.xlsx")).unwrap();
    let mut zin = zip::ZipArchive::new(src).unwrap();
    let out = dir.join(name);
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let n = e.name().unwrap().into_owned();
        let mut text = String::new();
        e.read_to_string(&mut text).unwrap();
        if n == part {
            text = f(text);
        }
        zout.start_file(n, opts).unwrap();
        zout.write_all(text.as_bytes()).unwrap();
    }
    zout.finish().unwrap();
    out
}

/// `needle validate --format json FILE` inside a 256 MiB address-space
/// limit; (exit code, stdout). A crash (signal) gives code -1.
fn validate_bounded(file: &Path) -> (i32, String) {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 262144; exec \"$0\" validate --format json \"$1\"")
        .arg(env!("CARGO_BIN_EXE_needle"))
        .arg(file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_untouched_file_passes_inside_the_same_limit() {
    // The control: the limit itself does not make a good file fail.
    let (code, json) = validate_bounded(&fixture("bad/valid.xlsx"));
    assert_eq!(code, 0, "{json}");
}

#[test]
fn a_shared_strings_part_claiming_two_billion_strings_is_refused() {
    // calamine would reserve room for 2,000,000,000 strings and abort.
    let dir = tempfile::tempdir().unwrap();
    let f = rewrite(dir.path(), "claim.xlsx", "xl/sharedStrings.xml", |s| {
        let i = s.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let j = i + s[i..].find('"').unwrap();
        format!("{}2000000000{}", &s[..i], &s[j..])
    });
    let (code, json) = validate_bounded(&f);
    assert_eq!(code, 1, "{json}");
    assert!(json.contains("\"code\": \"FILE_CORRUPT\""), "{json}");
    assert!(
        json.contains(
            "its shared-strings part claims 2000000000 different strings, but can hold at most"
        ),
        "{json}"
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    // 200 MiB of spaces inside the About sheet compress about 1000 to 1,
    // under the 256 MiB total limit but far past the 100-to-1 ratio.
    let dir = tempfile::tempdir().unwrap();
    let f = rewrite(dir.path(), "bomb.xlsx", "xl/worksheets/sheet1.xml", |s| {
        s.replacen(
            "<sheetData>",
            &format!("<sheetData>{}", " ".repeat(200 << 20)),
            1,
        )
    });
    assert!(std::fs::metadata(&f).unwrap().len() < 1 << 20);
    let (code, json) = validate_bounded(&f);
    assert_eq!(code, 1, "{json}");
    assert!(json.contains("\"code\": \"FILE_TOO_LARGE\""), "{json}");
    assert!(
        json.contains("its part xl/worksheets/sheet1.xml unpacks from"),
        "{json}"
    );
    assert!(json.contains("refused as a possible zip bomb"), "{json}");
}

#[test]
fn a_cell_at_xfd1048576_does_not_allocate_the_grid() {
    // One extra cell at the last row and column of the About sheet. Read
    // cell by cell, it is one more cell, not 17 billion: the return is
    // still read and the stray cell is reported or ignored, never a crash.
    let dir = tempfile::tempdir().unwrap();
    let f = rewrite(dir.path(), "far.xlsx", "xl/worksheets/sheet1.xml", |s| {
        s.replace(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>far</t></is></c></row></sheetData>",
        )
        .replace("<dimension ref=\"A1:B7\"/>", "<dimension ref=\"A1:XFD1048576\"/>")
    });
    let (code, json) = validate_bounded(&f);
    assert!(code == 0 || code == 1, "crashed: {code} {json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let r = &v["returns"][0];
    assert_eq!(r["project_id"], "BAD-01", "{json}");
    assert_ne!(r["status"], "rejected", "{json}");
}

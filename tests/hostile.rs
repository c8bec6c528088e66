//! Hostile workbooks built from fixtures/bad/valid.xlsx, valid.ods and
//! valid.xls: each must be refused (or read) with a clear message, quickly,
//! inside 256 MiB of address space, never by crashing. calamine does not
//! protect against these itself (shared/CRATES.md), so needle checks the
//! zip, the ODS repeats and the xls records first.
//!
//! Set NEEDLE_HOSTILE_KEEP=DIR to keep the files made here (for measuring
//! them by hand with /usr/bin/time).

mod common;
use common::fixture;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Where to write the files a test makes: a temporary folder, or the one
/// NEEDLE_HOSTILE_KEEP names.
fn workdir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("NEEDLE_HOSTILE_KEEP") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            (None, PathBuf::from(d))
        }
        None => {
            let t = tempfile::tempdir().unwrap();
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    }
}

/// valid.xlsx with `part` replaced by `f(part)`, written to `dir/name`.
fn rewrite(dir: &Path, name: &str, part: &str, f: impl Fn(String) -> String) -> PathBuf {
    rewrite_zip("bad/valid.xlsx", dir, name, part, f)
}

/// A zip-based fixture with `part` replaced by `f(part)`, written to `dir/name`.
fn rewrite_zip(
    fixture_name: &str,
    dir: &Path,
    name: &str,
    part: &str,
    f: impl Fn(String) -> String,
) -> PathBuf {
    let src = std::fs::File::open(fixture(fixture_name)).unwrap();
    let mut zin = zip::ZipArchive::new(src).unwrap();
    let out = dir.join(name);
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let n = e.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if n == part {
            bytes = f(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        // ODS wants its mimetype first and stored; keep every part's method.
        let opts = if n == "mimetype" {
            opts.compression_method(zip::CompressionMethod::Stored)
        } else {
            opts
        };
        zout.start_file(n, opts).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    out
}

/// `needle validate --format json FILE` inside a 256 MiB address-space
/// limit; (exit code, stdout). A crash (signal) gives code -1.
fn validate_bounded(file: &Path) -> (i32, String) {
    let (code, json, _) = validate_bounded_stderr(file);
    (code, json)
}

/// As [`validate_bounded`], with stderr too.
fn validate_bounded_stderr(file: &Path) -> (i32, String, String) {
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
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A file that must be refused: exit code 1 and no panic on stderr, inside
/// the limit. Returns the JSON report and its first message.
fn refused(file: &Path) -> (String, String) {
    let (code, json, stderr) = validate_bounded_stderr(file);
    assert_eq!(code, 1, "{file:?}: {json} {stderr}");
    assert!(!stderr.contains("panicked"), "{file:?}: {stderr}");
    let m = first_message(&json);
    (json, m)
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
    let (_keep, dir) = workdir();
    let f = rewrite(&dir, "claim.xlsx", "xl/sharedStrings.xml", |s| {
        let i = s.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let j = i + s[i..].find('"').unwrap();
        format!("{}2000000000{}", &s[..i], &s[j..])
    });
    let (json, _) = refused(&f);
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
    let (_keep, dir) = workdir();
    let f = rewrite(&dir, "bomb.xlsx", "xl/worksheets/sheet1.xml", |s| {
        s.replacen(
            "<sheetData>",
            &format!("<sheetData>{}", " ".repeat(200 << 20)),
            1,
        )
    });
    assert!(std::fs::metadata(&f).unwrap().len() < 1 << 20);
    let (json, _) = refused(&f);
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
    let (_keep, dir) = workdir();
    let f = rewrite(&dir, "far.xlsx", "xl/worksheets/sheet1.xml", |s| {
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

/// The first error message in `validate --format json` output.
fn first_message(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["returns"][0]["issues"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// valid.ods with `rows` put after the last filled row of its About table
/// (row 7), where LibreOffice's own trailing empty rows begin.
fn ods_with_rows(dir: &Path, name: &str, rows: &str) -> PathBuf {
    rewrite_zip("bad/libreoffice/valid.ods", dir, name, "content.xml", |s| {
        let trailing = "<table:table-row table:style-name=\"ro1\" table:number-rows-repeated=";
        s.replacen(trailing, &format!("{rows}{trailing}"), 1)
    })
}

#[test]
fn an_ods_cell_at_xfd1048576_is_refused_before_calamine_builds_the_grid() {
    // LibreOffice's own trailing rows are empty cells repeated 16,384 times;
    // those are fine. One *filled* cell at the far corner would make
    // calamine build a grid of 1,048,576 × 16,384 cells.
    let (_keep, dir) = workdir();
    let f = ods_with_rows(
        &dir,
        "far.ods",
        "<table:table-row table:number-rows-repeated=\"1048568\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>\
         <table:table-row><table:table-cell table:number-columns-repeated=\"16383\"/><table:table-cell office:value-type=\"string\"><text:p>far</text:p></table:table-cell></table:table-row>",
    );
    let (json, _) = refused(&f);
    assert!(json.contains("\"code\": \"FILE_TOO_LARGE\""), "{json}");
    // 7 rows + 1,048,568 empty ones + the far row = row 1,048,576: A1 to
    // XFD1048576 is 1,048,576 × 16,384 = 17,179,869,184 cells.
    let m = first_message(&json);
    assert!(
        m.contains("sheet 'About' has cells from A1 to XFD1048576, 17179869184 cells"),
        "{m}"
    );
    assert!(m.contains("save the workbook as .xlsx"), "{m}");
}

#[test]
fn an_ods_row_of_repeated_filled_cells_is_refused() {
    // 150 bytes of XML asking for 5,000 rows × 16,384 filled cells: 82
    // million, under calamine's own cap of 100 million, about 2.6 GB.
    let (_keep, dir) = workdir();
    let f = ods_with_rows(
        &dir,
        "repeats.ods",
        "<table:table-row table:number-rows-repeated=\"5000\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
    );
    let (_, m) = refused(&f);
    // Rows 8 to 5,007 joined to A1..B7: 5,007 × 16,384 = 82,034,688.
    assert!(
        m.contains("sheet 'About' has cells from A1 to XFD5007, 82034688 cells"),
        "{m}"
    );
    assert!(m.contains("needle reads at most 2000000"), "{m}");
}

/// valid.xls with its workbook stream changed in place by `f`.
fn xls_with(dir: &Path, name: &str, f: impl Fn(&mut Vec<u8>)) -> PathBuf {
    let bytes = std::fs::read(fixture("bad/libreoffice/valid.xls")).unwrap();
    let mut cf = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let mut stream = Vec::new();
    cf.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut stream)
        .unwrap();
    f(&mut stream);
    {
        use std::io::{Seek, SeekFrom};
        let mut s = cf.open_stream("/Workbook").unwrap();
        s.seek(SeekFrom::Start(0)).unwrap();
        s.write_all(&stream).unwrap();
    }
    cf.flush().unwrap();
    let out = dir.join(name);
    std::fs::write(&out, cf.into_inner().into_inner()).unwrap();
    out
}

/// The offset of the first record of type `typ` at or after `from`.
fn record_at(stream: &[u8], from: usize, typ: u16) -> usize {
    let mut i = from;
    while i + 4 <= stream.len() {
        let t = u16::from_le_bytes([stream[i], stream[i + 1]]);
        let len = u16::from_le_bytes([stream[i + 2], stream[i + 3]]) as usize;
        if t == typ {
            return i;
        }
        i += 4 + len;
    }
    panic!("no record {typ:#06x}");
}

/// The offset of the first sheet's BOF (from its BoundSheet8 record).
fn first_sheet(stream: &[u8]) -> usize {
    let b = record_at(stream, 0, 0x0085);
    u32::from_le_bytes(stream[b + 4..b + 8].try_into().unwrap()) as usize
}

#[test]
fn the_untouched_xls_passes_inside_the_limit() {
    let (code, json) = validate_bounded(&fixture("bad/libreoffice/valid.xls"));
    assert_eq!(code, 0, "{json}");
}

#[test]
fn an_xls_cell_at_iv65536_is_refused_before_calamine_builds_the_grid() {
    // The first cell of the About sheet (A1, "Field") moved to row 65536,
    // column IV. With B1 the first cell left, calamine would build
    // 65,536 rows × 255 columns (B to IV) = 16,711,680 cells, about 0.5 GiB.
    let (_keep, dir) = workdir();
    let f = xls_with(&dir, "far.xls", |s| {
        let sheet = first_sheet(s);
        let cell = record_at(s, sheet, 0x00FD); // LabelSst
        s[cell + 4..cell + 6].copy_from_slice(&65535u16.to_le_bytes());
        s[cell + 6..cell + 8].copy_from_slice(&255u16.to_le_bytes());
    });
    let (_, m) = refused(&f);
    assert!(
        m.contains("sheet 'About' has cells from B1 to IV65536, 16711680 cells"),
        "{m}"
    );
}

#[test]
fn an_xls_sheet_declaring_four_billion_rows_is_refused() {
    // DIMENSIONS (BIFF8): rows 0 to 4,000,000,000, columns 0 to 2.
    // calamine reserves room for every declared cell before reading one.
    let (_keep, dir) = workdir();
    let f = xls_with(&dir, "dimensions.xls", |s| {
        let sheet = first_sheet(s);
        let d = record_at(s, sheet, 0x0200) + 4;
        s[d..d + 4].copy_from_slice(&0u32.to_le_bytes());
        s[d + 4..d + 8].copy_from_slice(&4_000_000_000u32.to_le_bytes());
        s[d + 8..d + 10].copy_from_slice(&0u16.to_le_bytes());
        s[d + 10..d + 12].copy_from_slice(&2u16.to_le_bytes());
    });
    let (json, _) = refused(&f);
    // 4,000,000,000 rows × 2 columns.
    let m = first_message(&json);
    assert!(m.contains("sheet 'About' declares 8000000000 cells"), "{m}");
}

#[test]
fn a_cell_longer_than_a_spreadsheet_can_hold_is_refused_by_its_cell() {
    // Excel stops at 32,767 characters; 40,000 were written by a program.
    let (_keep, dir) = workdir();
    let f = rewrite(&dir, "long.xlsx", "xl/worksheets/sheet1.xml", |s| {
        s.replace(
            "</sheetData>",
            &format!(
                "<row r=\"9\"><c r=\"C9\" t=\"inlineStr\"><is><t>{}</t></is></c></row></sheetData>",
                "x".repeat(40_000)
            ),
        )
    });
    let (_, m) = refused(&f);
    assert!(
        m.contains("cell C9 of sheet 'About' holds 40000 characters, and a spreadsheet cell holds at most 32767"),
        "{m}"
    );
}

#[test]
fn a_part_that_inflates_past_its_declared_size_is_refused_there() {
    // The zip directory says sharedStrings.xml is 300 bytes; its data
    // inflates to 50 MiB. The zip reader (zip 9) fails the read once it
    // passes the declared size, so the file is refused as damaged without
    // the 50 MiB ever being held.
    let (_keep, dir) = workdir();
    let f = rewrite(&dir, "lying.xlsx", "xl/sharedStrings.xml", |s| {
        s.replacen(
            "</sst>",
            &format!("{}</sst>", "<si><t>a</t></si>".repeat(3 << 20)),
            1,
        )
    });
    let mut bytes = std::fs::read(&f).unwrap();
    // Patch the uncompressed size in the central directory entry (offset 24
    // of the entry that starts with PK\x01\x02 and names the part).
    let name = b"xl/sharedStrings.xml";
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(4).position(|w| w == b"PK\x01\x02") {
        let e = i + at;
        let n = u16::from_le_bytes([bytes[e + 28], bytes[e + 29]]) as usize;
        if &bytes[e + 46..e + 46 + n] == name {
            bytes[e + 24..e + 28].copy_from_slice(&300u32.to_le_bytes());
        }
        i = e + 4;
    }
    std::fs::write(&f, &bytes).unwrap();
    let (json, _) = refused(&f);
    assert!(json.contains("\"code\": \"FILE_CORRUPT\""), "{json}");
    assert!(
        json.contains("File is larger than its declared uncompressed size"),
        "{json}"
    );
}

/// Every file the fuzzer found that crashed needle, or made it reserve
/// more than 256 MiB, before the fixes (tests/fuzz-regressions/README.md).
#[test]
fn every_fuzz_finding_is_refused_with_a_reason_and_no_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 12, "{files:?}");
    for f in &files {
        let (json, m) = refused(f);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let r = &v["returns"][0];
        assert_eq!(r["status"], "rejected", "{f:?}");
        let code = r["issues"][0]["code"].as_str().unwrap();
        assert!(
            code == "FILE_CORRUPT" || code == "FILE_TOO_LARGE",
            "{f:?}: {code}"
        );
        assert!(
            m.starts_with("This file could not be read as a return: "),
            "{m}"
        );
    }
}

#[test]
fn a_shared_strings_part_over_its_limit_is_refused_by_size() {
    // valid.xlsx's sharedStrings.xml is a few hundred bytes; with the limit
    // set to 100 bytes in a config folder, the same file is refused, and
    // the message names the part, its size and the limit.
    let cfg = tempfile::tempdir().unwrap();
    let limits = std::fs::read_to_string(fixture("../config/limits.toml")).unwrap();
    let limits = limits.replace(
        "max_shared_strings_bytes = 67108864",
        "max_shared_strings_bytes = 100",
    );
    assert!(limits.contains("max_shared_strings_bytes = 100"));
    std::fs::write(cfg.path().join("limits.toml"), limits).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_needle"))
        .arg("--config")
        .arg(cfg.path())
        .args(["validate", "--format", "json"])
        .arg(fixture("bad/valid.xlsx"))
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{json}");
    let m = first_message(&json);
    assert!(
        m.contains("its shared-strings part xl/sharedStrings.xml unpacks to"),
        "{m}"
    );
    assert!(m.contains("bytes, the limit is 100 bytes"), "{m}");
}

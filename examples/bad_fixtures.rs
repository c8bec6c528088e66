//! Writes fixtures/bad/: one return per refusal rule and per leniency case
//! of the contract, each a small change to one valid return. Run by
//! fixtures/bad/make.sh, which then re-saves some of them with LibreOffice
//! and encrypts one, so that files from several programs are covered.
//!
//!     cargo run --example bad_fixtures -- fixtures/bad
//!
//! The expected code, cell and row counts of each case are asserted in
//! tests/bad.rs.

use chrono::NaiveDate;
use needle::synth::{Cell, Format, Sheet, save, xlsx_bytes};
use std::path::{Path, PathBuf};

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn n(v: f64) -> Cell {
    Cell::Number(v)
}
fn d(y: i32, m: u32, day: u32) -> Cell {
    Cell::Date(NaiveDate::from_ymd_opt(y, m, day).expect("valid date"))
}

fn sheet(name: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet {
        name: name.into(),
        title: None,
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
        offset: (0, 0),
    }
}

/// A valid return: About, Activities (A1, A2), Outcomes (3 rows, rows 2–4),
/// Counts (2 rows), Stories (1 row). Every other fixture changes it, so it
/// is written out cell by cell as one list of data (only the columns the
/// rules need), longer than a function usually is.
fn base() -> Vec<Sheet> {
    vec![
        sheet(
            "About",
            &["Field", "Value"],
            vec![
                vec![t("Project ID"), t("BAD-01")],
                vec![t("Project name"), t("Riverside Peer Support")],
                vec![t("Organisation"), t("Riverside Trust")],
                vec![t("Organisation type"), t("charity")],
                vec![t("Area"), t("Salford")],
                vec![t("Quarter"), t("2026/27 Q2")],
            ],
        ),
        sheet(
            "Activities",
            &[
                "Activity ID",
                "Activity name",
                "Activity type",
                "Sessions",
                "Participants",
                "Attendances",
                "Cost",
            ],
            vec![
                vec![
                    t("A1"),
                    t("Peer circle"),
                    t("peer support"),
                    n(10.0),
                    n(12.0),
                    n(80.0),
                    n(1500.0),
                ],
                vec![
                    t("A2"),
                    t("Walk and talk"),
                    t("physical activity"),
                    n(6.0),
                    n(8.0),
                    n(30.0),
                    n(600.0),
                ],
            ],
        ),
        sheet(
            "Outcomes",
            &[
                "Participant ref",
                "Activity ID",
                "Measure",
                "Baseline score",
                "Baseline date",
                "Follow-up score",
                "Follow-up date",
            ],
            vec![
                vec![
                    t("R1"),
                    t("A1"),
                    t("WEMWBS"),
                    n(40.0),
                    d(2026, 7, 3),
                    n(45.0),
                    d(2026, 9, 25),
                ],
                vec![
                    t("R2"),
                    t("A1"),
                    t("WEMWBS"),
                    n(41.0),
                    d(2026, 7, 3),
                    n(44.0),
                    d(2026, 9, 25),
                ],
                vec![
                    t("R3"),
                    t("A1"),
                    t("GAD-7"),
                    n(12.0),
                    d(2026, 7, 3),
                    n(8.0),
                    d(2026, 9, 25),
                ],
            ],
        ),
        sheet(
            "Counts",
            &[
                "Activity ID",
                "Indicator",
                "Numerator",
                "Denominator",
                "Baseline",
            ],
            vec![
                vec![
                    Cell::Empty,
                    t("Friends and Family Test positive"),
                    n(9.0),
                    n(10.0),
                    Cell::Empty,
                ],
                vec![
                    Cell::Empty,
                    t("A&E mental-health attendances"),
                    n(1.0),
                    Cell::Empty,
                    n(4.0),
                ],
            ],
        ),
        sheet(
            "Stories",
            &[
                "Story ID",
                "Activity ID",
                "Objective",
                "Title",
                "Story",
                "Consent to publish",
            ],
            vec![vec![
                t("S1"),
                t("A1"),
                t("1"),
                t("Back in touch"),
                t("A synthetic story."),
                t("Yes"),
            ]],
        ),
    ]
}

fn find<'a>(sheets: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    sheets
        .iter_mut()
        .find(|s| s.name == name)
        .expect("sheet exists")
}

/// Sets the cell at spreadsheet row `row` (header is row 1) and column
/// letter `col` of a sheet written at offset (0, 0).
fn set(sheets: &mut [Sheet], name: &str, cell: &str, v: Cell) {
    let col = (cell.as_bytes()[0] - b'A') as usize;
    let row: usize = cell[1..].parse().expect("row number");
    let s = find(sheets, name);
    let r = &mut s.rows[row - 2];
    while r.len() <= col {
        r.push(Cell::Empty);
    }
    r[col] = v;
}

fn about(sheets: &mut [Sheet], field: &str, v: Cell) {
    let s = find(sheets, "About");
    let row = s.rows.iter_mut().find(|r| r[0] == t(field)).expect("field");
    row[1] = v;
}

fn write(dir: &Path, name: &str, sheets: &[Sheet], format: Format) -> PathBuf {
    let path = dir.join(name);
    save(sheets, format, &path).expect("write fixture");
    path
}

/// Writes every fixture of fixtures/bad/ (see its README.md) into the
/// folder given, default fixtures/bad.
fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "fixtures/bad".into()),
    );
    std::fs::create_dir_all(&dir).expect("create output folder");
    write(&dir, "valid.xlsx", &base(), Format::Xlsx);
    row_rules(&dir);
    course_rules(&dir);
    layout(&dir);
    macros(&dir);
    refusals(&dir);
    supersede(&dir);
    lenient(&dir);
    forms(&dir);
}

/// Row rules: each fixture the valid return with one cell changed.
fn row_rules(dir: &Path) {
    let x = Format::Xlsx;
    // Row rules, each one cell changed.
    let cases: Vec<(&str, &str, &str, Cell)> = vec![
        ("value-missing.xlsx", "Outcomes", "D2", Cell::Empty),
        ("out-of-range.xlsx", "Outcomes", "D2", n(75.0)),
        ("not-a-number.xlsx", "Outcomes", "F3", t("lots")),
        (
            "followup-before-baseline.xlsx",
            "Outcomes",
            "G2",
            d(2026, 7, 1),
        ),
        ("date-after-quarter.xlsx", "Outcomes", "G2", d(2026, 10, 5)),
        ("not-a-date.xlsx", "Outcomes", "E4", t("last Tuesday")),
        ("activity-unknown.xlsx", "Outcomes", "B3", t("A9")),
        ("measure-unknown.xlsx", "Outcomes", "C2", t("WEMBWS")),
        (
            "cell-error.xlsx",
            "Outcomes",
            "D2",
            Cell::Error("#DIV/0!".into()),
        ),
        (
            "privacy-nhs-number.xlsx",
            "Outcomes",
            "A2",
            t("943 476 5919"),
        ),
        (
            "privacy-email.xlsx",
            "Outcomes",
            "A3",
            t("jo.bloggs@example.com"),
        ),
        ("privacy-phone.xlsx", "Outcomes", "A4", t("07700 900123")),
        ("not-a-whole-number.xlsx", "Activities", "D3", n(2.5)),
        ("negative.xlsx", "Activities", "G3", n(-5.0)),
        ("not-allowed.xlsx", "Activities", "C3", t("knitting")),
        (
            "attendances-below-participants.xlsx",
            "Activities",
            "F3",
            n(3.0),
        ),
        ("indicator-unknown.xlsx", "Counts", "B2", t("FFT postive")),
        ("denominator-below-numerator.xlsx", "Counts", "D2", n(5.0)),
        ("too-long.xlsx", "Stories", "E2", t(&"x".repeat(3001))),
        ("activity-duplicate.xlsx", "Activities", "A3", t("A1")),
    ];
    for (name, sheet_name, cell, v) in cases {
        let mut s = base();
        set(&mut s, sheet_name, cell, v);
        write(dir, name, &s, x);
    }
}

/// The valid return with a People sheet giving each person's sessions
/// attended and problem descriptor (R3 scores GAD-7 for social anxiety).
fn with_people() -> Vec<Sheet> {
    let mut s = base();
    let person = |r: &str, sessions: f64, descriptor: &str| {
        vec![
            t(r),
            t("25-34"),
            t("woman"),
            t("White"),
            n(3.0),
            t("self"),
            n(sessions),
            t(descriptor),
        ]
    };
    s.insert(
        2,
        sheet(
            "People",
            &[
                "Participant ref",
                "Age band",
                "Gender",
                "Ethnicity",
                "IMD decile",
                "Referral source",
                "Sessions attended",
                "Problem descriptor",
            ],
            vec![
                person("R1", 6.0, "depression"),
                person("R2", 4.0, "other"),
                person("R3", 8.0, "social anxiety"),
            ],
        ),
    );
    s
}

/// The finished-course and pairing rules, each one cell changed: Sessions
/// attended not a whole number and below 0, a problem descriptor that is
/// not on the list, an anxiety-disorder-specific measure out of its range.
fn course_rules(dir: &Path) {
    let x = Format::Xlsx;
    write(dir, "valid-people.xlsx", &with_people(), x);
    let cases: Vec<(&str, &str, &str, Cell)> = vec![
        ("sessions-not-whole.xlsx", "People", "G2", n(2.5)),
        ("sessions-negative.xlsx", "People", "G3", n(-1.0)),
        (
            "descriptor-unknown.xlsx",
            "People",
            "H4",
            t("social anxeity"),
        ),
    ];
    for (name, sheet_name, cell, v) in cases {
        let mut s = with_people();
        set(&mut s, sheet_name, cell, v);
        write(dir, name, &s, x);
    }
    // R3's GAD-7 row becomes a SPIN row scored 70 (SPIN runs 0 to 68).
    let mut s = with_people();
    set(&mut s, "Outcomes", "C4", t("SPIN"));
    set(&mut s, "Outcomes", "D4", n(70.0));
    write(dir, "adsm-out-of-range.xlsx", &s, x);
}

/// Rules across rows and layouts that cannot be read: a duplicate outcome, a missing column, no header row.
fn layout(dir: &Path) {
    let x = Format::Xlsx;
    // Duplicate person × measure: R2's row becomes a second R1 WEMWBS row.
    let mut s = base();
    set(&mut s, "Outcomes", "A3", t("r1"));
    write(dir, "duplicate-outcome.xlsx", &s, x);

    // A required column is missing: Outcomes without Measure.
    let mut s = base();
    let o = find(&mut s, "Outcomes");
    o.header.remove(2);
    for r in o.rows.iter_mut() {
        r.remove(2);
    }
    write(dir, "column-missing.xlsx", &s, x);

    // No header row to be found: the Outcomes sheet holds only notes.
    let mut s = base();
    let o = find(&mut s, "Outcomes");
    o.header = vec!["Scores to follow".into()];
    o.rows = vec![vec![t("We will send these next week.")]];
    write(dir, "header-not-found.xlsx", &s, x);
}

/// A macro-enabled workbook.
fn macros(dir: &Path) {
    // A macro-enabled workbook. The VBA part is a stand-in (needle never
    // runs or parses macros; it only notices that they are there).
    let vba = std::env::temp_dir().join("needle-fixture-vbaProject.bin");
    std::fs::write(&vba, b"stand-in VBA project: not real macros").expect("write");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_creation_datetime(
            &rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 4, 1).expect("date"),
        ),
    );
    wb.add_vba_project(&vba).expect("vba");
    let full_sheets = base();
    for sh in &full_sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).expect("name");
        for (c, h) in sh.header.iter().enumerate() {
            ws.write_string(0, c as u16, h).expect("header");
        }
        for (r, row) in sh.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(v) => ws.write_string(r, c, v).map(|_| ()),
                    Cell::Number(v) => ws.write_number(r, c, *v).map(|_| ()),
                    Cell::Date(v) => ws
                        .write_string(r, c, v.format("%d/%m/%Y").to_string())
                        .map(|_| ()),
                    _ => Ok(()),
                }
                .expect("cell");
            }
        }
    }
    std::fs::write(dir.join("macros.xlsm"), wb.save_to_buffer().expect("xlsm")).expect("write");
    std::fs::remove_file(&vba).ok();
}

/// About problems and whole-file refusals.
fn refusals(dir: &Path) {
    let x = Format::Xlsx;
    // About problems reject the whole file.
    let mut s = base();
    about(&mut s, "Project ID", t("my project!"));
    write(dir, "project-id-invalid.xlsx", &s, x);
    let mut s = base();
    about(&mut s, "Quarter", t("Q5 2026"));
    write(dir, "quarter-invalid.xlsx", &s, x);

    // Whole-file refusals.
    write(
        dir,
        "not-a-return.xlsx",
        &[sheet(
            "Budget",
            &["Item", "Cost"],
            vec![vec![t("Tea"), n(12.0)]],
        )],
        x,
    );
    let s: Vec<Sheet> = base()
        .into_iter()
        .filter(|s| s.name != "Activities")
        .collect();
    write(dir, "sheet-missing.xlsx", &s, x);
    let full = xlsx_bytes(&base()).expect("xlsx");
    std::fs::write(dir.join("truncated.xlsx"), &full[..full.len() / 2]).expect("write");
    // A PNG signature and header, saved with a spreadsheet's name.
    std::fs::write(
        dir.join("photo-not-a-spreadsheet.xlsx"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0",
    )
    .expect("write");
}

/// Superseding: the same project and quarter twice; the later submission wins.
fn supersede(dir: &Path) {
    let x = Format::Xlsx;
    // Superseding: the same project and quarter twice; the later submission wins.
    for (name, date) in [
        ("supersede-first.xlsx", d(2026, 10, 10)),
        ("supersede-second.xlsx", d(2026, 10, 20)),
    ] {
        let mut s = base();
        about(&mut s, "Project ID", t("BAD-SUP"));
        find(&mut s, "About")
            .rows
            .push(vec![t("Submission date"), date]);
        write(dir, name, &s, x);
    }
}

/// Leniency: a messy but acceptable hand-made workbook.
fn lenient(dir: &Path) {
    let x = Format::Xlsx;
    // Leniency: a messy but acceptable hand-made workbook.
    let mut s = base();
    for sh in s.iter_mut() {
        sh.title = Some(format!("Riverside Trust – {} – please fill in", sh.name));
        sh.offset = (1, 1);
    }
    find(&mut s, "Activities").name = "activities ".into();
    find(&mut s, "Outcomes").name = "OUTCOMES".into();
    let a = s
        .iter_mut()
        .find(|x| x.name == "activities ")
        .expect("sheet");
    a.header = [
        "ID",
        "activity NAME",
        "Type",
        "Sessions delivered",
        "Unique participants",
        "Visits",
        "Cost (£)",
        "Notes",
    ]
    .map(String::from)
    .to_vec();
    a.rows[0][6] = t("£1,234.50");
    a.rows[0].push(t("paid in two parts"));
    a.rows[1][3] = t(" 6 ");
    let o = s.iter_mut().find(|x| x.name == "OUTCOMES").expect("sheet");
    o.header = [
        "participant",
        "activity",
        "Instrument",
        "Pre",
        "start date",
        "Post",
        "end date",
    ]
    .map(String::from)
    .to_vec();
    o.rows[0][4] = t("14/07/2026");
    o.rows[0][6] = t("25/09/2026");
    o.rows[1][3] = t("41");
    about(&mut s, "Quarter", t("Q2 2026/27"));
    write(dir, "lenient-layout.xlsx", &s, x);
}

/// The quarter in other accepted forms, CSV folders in the encodings spreadsheets save, and the 1904 date system.
fn forms(dir: &Path) {
    let x = Format::Xlsx;
    // Quarter written in the other accepted forms.
    for (name, q) in [
        ("quarter-fy-form.xlsx", "FY2026/27 Q2"),
        ("quarter-dash-form.xlsx", "2026-27 Q2"),
    ] {
        let mut s = base();
        about(&mut s, "Quarter", t(q));
        write(dir, name, &s, x);
    }

    // CSV folders in the encodings spreadsheets save: Windows-1252 and UTF-8
    // with a byte-order mark, each with a £ in the cost.
    let mut s = base();
    set(&mut s, "Activities", "G2", t("£1,500.00"));
    about(&mut s, "Project name", t("Café Connect"));
    let csv_dir = write(dir, "csv-windows-1252", &s, Format::CsvFolder);
    for e in std::fs::read_dir(&csv_dir).expect("read folder") {
        let p = e.expect("entry").path();
        let text = std::fs::read_to_string(&p).expect("utf-8");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        std::fs::write(&p, bytes).expect("write");
    }
    let csv_dir = write(dir, "csv-utf8-bom", &s, Format::CsvFolder);
    for e in std::fs::read_dir(&csv_dir).expect("read folder") {
        let p = e.expect("entry").path();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(std::fs::read(&p).expect("read"));
        std::fs::write(&p, bytes).expect("write");
    }

    // The 1904 date system: same dates, serials 1,462 days smaller, with the
    // workbook flag set.
    let full = xlsx_bytes(&base()).expect("xlsx");
    std::fs::write(dir.join("dates-1904.xlsx"), to_1904(&full)).expect("write");
    packages(dir, &full);
}

/// Valid returns packaged as other writers package them, which needle
/// must read as calamine and spreadsheet programs do: the workbook part
/// somewhere other than xl/workbook.xml (found through _rels/.rels); part
/// names with back slashes and in lower case; and the workbook saved as a
/// template (.xltx).
fn packages(dir: &Path, xlsx: &[u8]) {
    // The workbook part renamed xl/book.xml, its relationships with it.
    let moved = repackage(xlsx, |name, text| {
        let name = match name {
            "xl/workbook.xml" => "xl/book.xml".to_string(),
            "xl/_rels/workbook.xml.rels" => "xl/_rels/book.xml.rels".to_string(),
            other => other.to_string(),
        };
        let text = text
            .replace("Target=\"xl/workbook.xml\"", "Target=\"xl/book.xml\"")
            .replace("PartName=\"/xl/workbook.xml\"", "PartName=\"/xl/book.xml\"");
        (name, text)
    });
    std::fs::write(dir.join("workbook-part-elsewhere.xlsx"), moved).expect("write");
    // Back slashes and lower case in every part name (the XML inside is
    // unchanged, as such tools leave it).
    let backslashed = repackage(xlsx, |name, text| {
        (
            name.replace('/', "\\").to_ascii_lowercase(),
            text.to_string(),
        )
    });
    std::fs::write(dir.join("part-names-backslashed.xlsx"), backslashed).expect("write");
    // A template: the same parts, the template's content type.
    let template = repackage(xlsx, |name, text| {
        let text = text.replace(
            "spreadsheetml.sheet.main+xml",
            "spreadsheetml.template.main+xml",
        );
        (name.to_string(), text)
    });
    std::fs::write(dir.join("saved-as-template.xltx"), template).expect("write");
}

/// An xlsx with each part's name and text rewritten by `f`, in order.
fn repackage(xlsx: &[u8], f: impl Fn(&str, &str) -> (String, String)) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let opts =
        zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).expect("entry");
        let name = part.name().expect("entry name").to_string();
        let mut text = String::new();
        part.read_to_string(&mut text).expect("utf-8 part");
        let (name, text) = f(&name, &text);
        zout.start_file(name, opts).expect("start");
        zout.write_all(text.as_bytes()).expect("write");
    }
    zout.finish().expect("finish").into_inner()
}

/// Rewrites an xlsx to the 1904 date system: sets `date1904` and moves every
/// date serial (the numbers in dd/mm/yyyy-formatted cells) back 1,462 days.
fn to_1904(xlsx: &[u8]) -> Vec<u8> {
    repackage(xlsx, |name, text| {
        let text = if name == "xl/workbook.xml" {
            text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
        } else if name.starts_with("xl/worksheets/sheet") {
            shift_dates(text)
        } else {
            text.to_string()
        };
        (name.to_string(), text)
    })
}

/// Dates in rust_xlsxwriter output are `<c r=".." s="N"><v>46206</v></c>`
/// with the date style; shift values between 40000 and 50000 (2009–2036).
fn shift_dates(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("<v>") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let j = rest.find("</v>").expect("closing v");
        let v = &rest[..j];
        match v.parse::<f64>() {
            Ok(x) if (40000.0..50000.0).contains(&x) => out.push_str(&format!("{}", x - 1462.0)),
            _ => out.push_str(v),
        }
        rest = &rest[j..];
    }
    out.push_str(rest);
    out
}

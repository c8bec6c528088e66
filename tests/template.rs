//! `needle template`: the blank return has every sheet and header of the
//! contract, dropdowns backed by the Lists sheet, and no example rows.

mod common;
use common::needle;

use std::io::Read;

fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn blank_template_is_a_return_with_only_about_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("return.xlsx");
    let st = needle()
        .args(["template", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );

    // Checking the blank template finds only the empty required About fields.
    let out = needle()
        .arg("validate")
        .arg("--format")
        .arg("json")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = v["returns"][0]["issues"].as_array().unwrap();
    let mut found: Vec<(String, String)> = issues
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                i["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort_by_key(|(_, cell)| cell[1..].parse::<u32>().unwrap());
    // Project ID, name, organisation, type, area (rows 2–6) and quarter (row 8).
    let expected: Vec<(String, String)> = ["B2", "B3", "B4", "B5", "B6", "B8"]
        .iter()
        .map(|c| ("VALUE_MISSING".to_string(), c.to_string()))
        .collect();
    assert_eq!(found, expected);

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let workbook = part(&mut zip, "xl/workbook.xml");
    for sheet in [
        "Instructions",
        "About",
        "Activities",
        "People",
        "Outcomes",
        "Counts",
        "Stories",
        "Lists",
    ] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "sheet {sheet} missing"
        );
    }
    // Outcomes is the 5th sheet: header only, the Measure dropdown is the
    // Lists sheet's column D (18 measures in rows 2–19: the 12 of the
    // first template and the six anxiety-disorder-specific measures).
    let outcomes = part(&mut zip, "xl/worksheets/sheet5.xml");
    assert!(
        outcomes.contains("<formula1>Lists!$D$2:$D$19</formula1>"),
        "{outcomes}"
    );
    assert!(!outcomes.contains("<row r=\"2\""), "no example rows");
    assert!(outcomes.contains("promptTitle=\"Measure (required)\""));
    // Activities (sheet 3): activity type list is column C (13 types).
    let activities = part(&mut zip, "xl/worksheets/sheet3.xml");
    assert!(
        activities.contains("<formula1>Lists!$C$2:$C$14</formula1>"),
        "{activities}"
    );
    // About: organisation type (column A, 8 types) and quarter (column B).
    let about = part(&mut zip, "xl/worksheets/sheet2.xml");
    assert!(about.contains("<formula1>Lists!$A$2:$A$9</formula1>"));
    assert!(about.contains("<formula1>Lists!$B$2:$B$21</formula1>"));
    // Consent (column I, Yes/No) on Stories (sheet 7).
    let stories = part(&mut zip, "xl/worksheets/sheet7.xml");
    assert!(
        stories.contains("<formula1>Lists!$I$2:$I$3</formula1>"),
        "{stories}"
    );

    // Same bytes every time.
    let again = dir.path().join("again.xlsx");
    needle()
        .args(["template", "--out"])
        .arg(&again)
        .output()
        .unwrap();
    assert!(std::fs::read(&path).unwrap() == std::fs::read(&again).unwrap());
}

#[test]
fn blank_menu_template_has_the_menu_columns_and_dropdowns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("menu.xlsx");
    let st = needle()
        .args(["template", "--menu", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(String::from_utf8_lossy(&st.stdout).contains("wrote the blank suppliers' menu"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let workbook = part(&mut zip, "xl/workbook.xml");
    for sheet in ["Instructions", "Menu", "Lists"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}");
    }
    // Menu (sheet 2): the four required headers with a *, then the four
    // optional ones; Unit (column C) is Lists column A (2 units), Activity
    // type (column E) is Lists column B (13 types), Price a £ ≥ 0.
    let menu = part(&mut zip, "xl/worksheets/sheet2.xml");
    let strings = part(&mut zip, "xl/sharedStrings.xml");
    for h in [
        "Supplier *",
        "Activity *",
        "Unit *",
        "Price *",
        "Activity type",
        "Objectives",
        "Description",
        "Web page",
        "per session",
        "per participant",
    ] {
        assert!(strings.contains(&format!(">{h}<")), "{h}: {strings}");
    }
    assert!(
        menu.contains("<formula1>Lists!$A$2:$A$3</formula1>"),
        "{menu}"
    );
    assert!(
        menu.contains("<formula1>Lists!$B$2:$B$14</formula1>"),
        "{menu}"
    );
    assert!(menu.contains("type=\"decimal\""), "{menu}");
    assert!(!menu.contains("<row r=\"2\""), "no example rows");

    // needle reads it as a menu with no prices yet: its headers are all
    // recognised, and the message says what to add.
    let out = dir.path().join("out");
    let run = needle()
        .args(["report", "fixtures/small", "--no-store", "--menu"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("sheet Menu: The menu lists no prices."),
        "{err}"
    );
    assert!(!out.exists());
}

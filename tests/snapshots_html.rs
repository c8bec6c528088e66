//! Snapshot tests (insta) of the structure of every HTML page needle
//! writes: sections, headings, tables with their columns and row counts,
//! figures with alt text. Figures themselves are checked by hand-worked
//! tests elsewhere; these catch a section, table or caption that goes
//! missing or moves. Review a change with `cargo insta review` (or accept
//! with INSTA_UPDATE=always) and commit tests/snapshots/.

mod common;
use common::{fixture, html_outline, needle, read, report};

#[test]
fn report_html_structure() {
    let out = report(&["fixtures/small"]);
    insta::assert_snapshot!("report", html_outline(&read(out.path(), "report.html")));
}

#[test]
fn pack_html_structure() {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .args(["pack", "fixtures/small", "fixtures/small-q1", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(st.status.success());
    insta::assert_snapshot!("pack", html_outline(&read(out.path(), "pack.html")));
}

#[test]
fn feedback_html_structure() {
    let programme = report(&["fixtures/small"]);
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("f.html");
    let st = needle()
        .arg("validate")
        .arg(fixture("small/SML-A"))
        .arg("--html")
        .arg(&page)
        .arg("--programme")
        .arg(programme.path())
        .output()
        .unwrap();
    assert!(st.status.success());
    let html = std::fs::read_to_string(&page).unwrap();
    insta::assert_snapshot!("feedback", html_outline(&html));
}

/// The text of every table header cell of a page.
fn header_cells(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<th") {
        rest = &rest[i..];
        let (Some(open), Some(close)) = (rest.find('>'), rest.find("</th>")) else {
            break;
        };
        // Tags inside a header (<br>, <span>) are not its text.
        let inner = &rest[open + 1..close];
        let mut text = String::new();
        let mut in_tag = false;
        for ch in inner.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(text.trim().to_string());
        rest = &rest[close + 5..];
    }
    out
}

#[test]
fn every_html_table_header_is_a_human_label() {
    // The full report (menu and tariff: every table), a pack and a
    // feedback page; the CSVs' machine names are what a header must not be.
    let out = report(&[
        "fixtures/small",
        "--menu",
        "docs/menu-example.csv",
        "--tariff",
        "docs/tariff-example.toml",
    ]);
    let mut machine = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(out.path().join("tables")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let text = std::fs::read_to_string(&path).unwrap();
            let header = text.lines().next().unwrap_or_default();
            machine.extend(header.split(',').map(str::to_string));
        }
    }
    assert!(machine.contains("cost_per_outcome_gbp") && machine.contains("n_people"));
    let pack = tempfile::tempdir().unwrap();
    assert!(
        needle()
            .args(["pack", "fixtures/small", "--out"])
            .arg(pack.path())
            .status()
            .unwrap()
            .success()
    );
    let page = out.path().join("feedback.html");
    assert!(
        needle()
            .arg("validate")
            .arg(fixture("small/SML-A"))
            .arg("--html")
            .arg(&page)
            .arg("--programme")
            .arg(out.path())
            .status()
            .unwrap()
            .success()
    );
    for (name, html) in [
        ("report", read(out.path(), "report.html")),
        ("pack", read(pack.path(), "pack.html")),
        ("feedback", std::fs::read_to_string(&page).unwrap()),
    ] {
        let headers = header_cells(&html);
        assert!(headers.len() > 20, "{name}: {} headers", headers.len());
        for h in headers {
            assert!(
                !h.contains('_') && !machine.contains(&h),
                "{name}: a table header reads {h:?}, a machine name"
            );
        }
    }
}

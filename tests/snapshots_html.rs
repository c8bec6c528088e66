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

//! The report's data-quality section: returns expected (config/expected.toml)
//! against returns received, on time, late, undated and missing.

mod common;
use common::{read, report};
use std::path::Path;

/// fixtures/small copied to a temporary folder, SML-A given a Submission
/// date of 5 November 2026, and a config folder expecting SML-A, SML-B and
/// SML-C with returns due 30 days after the quarter.
fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let returns = tempfile::tempdir().unwrap();
    for p in ["SML-A", "SML-B"] {
        let to = returns.path().join(p);
        std::fs::create_dir(&to).unwrap();
        for f in std::fs::read_dir(Path::new("fixtures/small").join(p)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
        }
    }
    let about = returns.path().join("SML-A/About.csv");
    let mut text = std::fs::read_to_string(&about).unwrap();
    text.push_str("Submission date,05/11/2026\n");
    std::fs::write(&about, text).unwrap();

    let config = tempfile::tempdir().unwrap();
    let mut toml = String::from("due_days_after_quarter_end = 30\nsource = \"test\"\n");
    for (id, name) in [
        ("SML-A", "Small Walkers"),
        ("SML-B", "Small Makers"),
        ("SML-C", "Small <b>Singers</b>"),
    ] {
        toml.push_str(&format!(
            "[[projects]]\nproject_id = \"{id}\"\nname = \"{name}\"\narea = \"Salford\"\n"
        ));
    }
    // A project that only starts next quarter is not owed yet.
    toml.push_str("[[projects]]\nproject_id = \"SML-D\"\nname = \"Later\"\narea = \"Salford\"\nfirst_quarter = \"2026/27 Q3\"\n");
    std::fs::write(config.path().join("expected.toml"), toml).unwrap();
    (returns, config)
}

#[test]
fn late_undated_and_missing_returns_are_listed() {
    let (returns, config) = setup();
    let out = report(&[
        returns.path().as_os_str(),
        "--config".as_ref(),
        config.path().as_os_str(),
    ]);
    // 2026/27 Q2 ends 30 Sep 2026, so returns are due 30 Oct 2026;
    // SML-A's 5 Nov is 6 days late. SML-B gives no date. SML-C sent nothing.
    // SML-D is not owed until Q3 and is not listed.
    assert_eq!(
        read(out.path(), "tables/expected_returns.csv").replace("\r\n", "\n"),
        "quarter,project_id,project_name,area,expected,status,submitted,due,days_late\n\
         2026/27 Q2,SML-A,Small Walkers,Salford,yes,late,2026-11-05,2026-10-30,6\n\
         2026/27 Q2,SML-B,Small Makers,Salford,yes,\"received, no submission date\",,2026-10-30,\n\
         2026/27 Q2,SML-C,Small <b>Singers</b>,Salford,yes,missing,,2026-10-30,\n"
    );
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("3 returns were expected for July to September 2026: 0 on time, 1 late, 1 without a submission date, 0 rejected and 1 missing; 0 came from projects not on the expected list"),
        "data-quality summary missing"
    );
    // The first page names the missing project and says one return was late;
    // projects at a glance gives each project's return status in its row.
    assert!(
        html.contains("2 of the 3 projects expected sent a usable return, 1 of them late; missing: Small &lt;b&gt;Singers&lt;/b&gt; (SML-C)"),
        "summary of returns missing"
    );
    assert!(html.contains("<td class=\"status late\">Late (6 days)</td>"));
    assert!(html.contains("<td class=\"status missing\">Missing</td>"));
    // The name from config is text, never markup.
    assert!(html.contains("Small &lt;b&gt;Singers&lt;/b&gt;"));
    assert!(!html.contains("<b>Singers"));
}

#[test]
fn returns_from_projects_not_on_the_list_are_shown_as_not_expected() {
    // The built-in list is for fixtures/returns; fixtures/small's projects
    // are not on it, so both appear as not expected, after the 16 listed.
    let out = report(&["fixtures/small"]);
    let csv = read(out.path(), "tables/expected_returns.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 16 + 2, "{csv}");
    assert_eq!(
        rows[16],
        "2026/27 Q2,SML-A,Small Walkers,Salford,no,\"received, no submission date\",,2026-10-30,"
    );
    assert_eq!(rows.iter().filter(|r| r.contains(",missing,")).count(), 16);
}

//! Issue 28, the year-end report: fixtures/year-small, two projects over
//! the four quarters of 2026/27, worked out by hand; and fixtures/year,
//! the synthetic year.
//!
//! fixtures/year-small (WEMWBS only; meaningful change 3, reliable 8):
//!
//! YR-A (Salford), a walking group, £1,000 a quarter, every quarter:
//! - A01: Q1 baseline 40 (10 Apr 2026), no follow-up, 3 sessions to date;
//!   Q2 the same baseline, follow-up 44 (20 Aug), 6 sessions; Q4 a new
//!   baseline 41 (8 Jan 2027), follow-up 47 (15 Mar 2027), 10 sessions.
//!   The year's pair: the earliest baseline, 40, and the latest follow-up,
//!   47: +7, improved (≥ 3), not reliably (< 8). Counted once, not twice.
//! - A02: Q1 baseline 35, 1 session, then stops: a baseline only, ended
//!   early.
//! - A03: Q1 baseline 30, 1 session; Q2 follow-up 33, 4 sessions to date:
//!   +3, improved.
//! - A04: Q2 baseline 50, follow-up 53, 1 session to date (its Q2 pair does
//!   not count: not a finished course); Q3 the same pair, 3 sessions: over
//!   the year a finished course, +3, improved, counted once.
//! - A05: Q3 baseline 45, follow-up 44: −1, not improved.
//!
//! YR-B (Stockport), a peer circle, £600 in Q1, no Q2 return, £700 in Q3,
//! £500 in Q4:
//! - A01 (not YR-A's A01: nobody is linked across projects): Q1 baseline
//!   38 (2 Apr), follow-up 42 (20 Jun); Q3 follow-up 48 (10 Nov): 38 → 48,
//!   +10, improved and reliably.
//! - B02: Q4 36 → 35, −1, not improved.
//! - B03: Q1 baseline 44 (1 Feb 2026) with a follow-up of 50 dated 20 Mar
//!   2026, before the year began: not a follow-up of 2026/27, so a
//!   baseline only over the year (its Q1 report counts it).
//!
//! Participants. YR-A's People sheets list as many people as its
//! Activities sheet's Participants every quarter (3, 3, 2, 1: A01 A02 A03;
//! A01 A03 A04; A04 A05; A01), so the year counts each of them once:
//! A01–A05, 5 (the quarters summed give 9). YR-B's Q4 return has 2
//! participants but its People sheet lists only B02, so its year is the
//! sum of its quarters: 2 + 1 + 2 = 5. The year's participants: 5 + 5 = 10.
//!
//! The year: 6 people paired (A01, A03, A04, A05, B's A01, B02), 4 improved
//! (A01, A03, A04, B's A01). Money £4,000 + £1,800 = £5,800; cost per person
//! improved £5,800 / 4 = £1,450.00 (YR-A £4,000 / 3 = £1,333.33, YR-B
//! £1,800 / 1). Adding the quarters instead counts 2 + 2 + 2 + 1 = 7 people
//! improved (Q1: B's A01 and B03; Q2: A01, A03; Q3: A04, B's A01; Q4: A01)
//! and a cost per person improved of £828.57: the double count this report
//! exists to avoid.

mod common;

use common::{needle, read};

/// `needle report` on fixtures/year-small with `args`, exact figures, no
/// store.
fn year_small(args: &[&str]) -> tempfile::TempDir {
    let mut all = vec!["fixtures/year-small", "--no-store", "--no-suppression"];
    all.extend_from_slice(args);
    common::report(&all)
}

/// The line of `csv` starting with `prefix`.
fn line<'a>(csv: &'a str, prefix: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix} in\n{csv}"))
}

#[test]
fn each_person_counts_once_over_the_year() {
    let out = year_small(&["--year", "2026/27"]);
    let vfm = read(out.path(), "tables/vfm.csv");
    // Cost, in-kind, participants (YR-A 5 counted once, YR-B 2 + 1 + 2
    // summed: 10), cost per participant (£5,800 / 10 = £580.00; YR-A
    // £4,000 / 5 = £800.00, YR-B £1,800 / 5 = £360.00), people improved,
    // cost per person improved.
    assert_eq!(
        line(&vfm, "2026/27,TOTAL,"),
        "2026/27,TOTAL,All projects,All areas,5800.00,0.00,10,580.00,4,1450.00,0.00,0.00,0.00,0.00,0.00"
    );
    assert!(line(&vfm, "2026/27,YR-A,").contains(",4000.00,0.00,5,800.00,3,1333.33,"));
    assert!(line(&vfm, "2026/27,YR-B,").contains(",1800.00,0.00,5,360.00,1,1800.00,"));
    // Activity types and suppliers keep the quarters' sums (People rows do
    // not name an activity): the walking group 3 + 3 + 2 + 1 = 9, more than
    // YR-A's 5 and than the total's 10 less YR-B's 5.
    let efficiency = read(out.path(), "tables/vfm_efficiency.csv");
    assert_eq!(
        line(&efficiency, "2026/27,activity_type,physical activity,"),
        "2026/27,activity_type,physical activity,physical activity,All areas,9,0,444.44,"
    );
    assert_eq!(
        line(&efficiency, "2026/27,activity_type,peer support,"),
        "2026/27,activity_type,peer support,peer support,All areas,5,0,360.00,"
    );
    assert_eq!(
        line(&efficiency, "2026/27,total,"),
        "2026/27,total,TOTAL,All projects,All areas,10,0,580.00,"
    );
    // The report and the manifest say which project was counted once.
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("People taking part are counted once each over the year at 1 project whose People sheets list everyone who took part, quarter by quarter (Year Walkers). At the other 1 project (Year Peers) they are the sum of each quarter"),
        "{html}"
    );
    let manifest = read(out.path(), "manifest.json");
    assert!(
        manifest.contains("\"participants_counted_once\": [\n    \"YR-A\"\n  ]"),
        "{manifest}"
    );
    let objectives = read(out.path(), "tables/objectives.csv");
    assert_eq!(
        line(&objectives, "2026/27,All areas,1,"),
        "2026/27,All areas,1,More people will have good mental health,6,4,0.6667,0"
    );
    // The pairs chosen: YR-A 40→47, 30→33, 50→53, 45→44: mean baseline
    // 165/4 = 41.25, follow-up 177/4 = 44.25, change 3.00; 3 better.
    // YR-B 38→48, 36→35: 37.00, 41.50, +4.50; 1 reliably better (+10 ≥ 8).
    let measures = read(out.path(), "tables/measures.csv");
    assert_eq!(
        line(&measures, "2026/27,YR-A,WEMWBS,"),
        "2026/27,YR-A,WEMWBS,4,41.25,44.25,3.00,3,3,0,0,,,"
    );
    assert_eq!(
        line(&measures, "2026/27,YR-B,WEMWBS,"),
        "2026/27,YR-B,WEMWBS,2,37.00,41.50,4.50,1,1,1,0,,,"
    );
    // Follow-up over the year: YR-A 5 with a baseline, 4 followed up, A02
    // ended early (1 session); YR-B 3, 2 (B03's follow-up is before the
    // year), none early.
    let followup = read(out.path(), "tables/followup.csv");
    assert_eq!(
        line(&followup, "2026/27,TOTAL,"),
        "2026/27,TOTAL,All areas,8,6,0.7500,1,all"
    );
    assert_eq!(
        line(&followup, "2026/27,YR-A,"),
        "2026/27,YR-A,Salford,5,4,0.8000,1,all"
    );
}

#[test]
fn the_trend_shows_each_quarter_as_its_own_report_counts_it() {
    let out = year_small(&["--year", "2026/27"]);
    let trends = read(out.path(), "tables/trends.csv");
    // Quarter by quarter, people improved on objective 1 add up to 7, the
    // double count; the year's own figure is 4 (above).
    let improved: Vec<&str> = trends
        .lines()
        .filter(|l| l.contains(",All areas,1,"))
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(improved, ["2", "2", "2", "1"]);
    // A04's Q2 pair does not count in Q2 (1 session by then): Q2's 2 are
    // A01 and A03.
    assert!(
        trends.contains(
            "2026/27 Q2,Salford,1,More people will have good mental health,2,2,1.0000,0,0"
        )
    );
}

#[test]
fn a_quarter_missing_from_the_year_is_listed_and_the_returns_counted() {
    let out = year_small(&["--year", "2026/27"]);
    let expected = read(out.path(), "tables/expected_returns.csv");
    // YR-A and YR-B are not on config/expected.toml: each return is listed
    // as from a project not on the list, quarter by quarter (7 returns).
    let unlisted: Vec<&str> = expected
        .lines()
        .filter(|l| l.contains(",YR-"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        unlisted,
        [
            "2026/27 Q1",
            "2026/27 Q1",
            "2026/27 Q2",
            "2026/27 Q3",
            "2026/27 Q3",
            "2026/27 Q4",
            "2026/27 Q4"
        ]
    );
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("April 2026 to March 2027"),
        "the year's months"
    );
}

#[test]
fn from_and_to_cover_any_run_of_quarters() {
    // Q1 to Q3: A01's latest follow-up is 44 (Aug): 40→44; B's A01 38→48;
    // A03 30→33; A04 50→53; A05 45→44: 5 paired, 4 improved. Money
    // £3,000 + £1,300 = £4,300; participants each counted once, both
    // projects' People sheets listing everyone in Q1–Q3: YR-A A01–A05, 5;
    // YR-B A01 and B03, 2; 7 (the quarters summed: 3 + 3 + 2 + 2 + 1 = 11).
    // £4,300 / 7 = £614.29; £4,300 / 4 = £1,075.00.
    let out = year_small(&["--from", "2026/27 Q1", "--to", "2026/27 Q3"]);
    let vfm = read(out.path(), "tables/vfm.csv");
    assert!(
        line(&vfm, "2026/27 Q1 to 2026/27 Q3,TOTAL,").contains(",4300.00,0.00,7,614.29,4,1075.00,"),
        "{vfm}"
    );
    let manifest = read(out.path(), "manifest.json");
    assert!(manifest.contains("\"quarter\": \"2026/27 Q1 to 2026/27 Q3\""));
    let html = read(out.path(), "report.html");
    assert!(html.contains("every project's People sheets list everyone who took part"));
}

#[test]
fn a_year_writes_its_own_folder_and_backwards_runs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let st = needle()
        .args([
            "report",
            "fixtures/year-small",
            "--no-store",
            "--year",
            "2026/27",
        ])
        .arg("--out")
        .arg(dir.path().join("reports/2026-27"))
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let said = String::from_utf8_lossy(&st.stdout);
    assert!(said.starts_with("2026/27: 7 return(s) used"), "{said}");
    let st = needle()
        .args(["report", "fixtures/year-small", "--no-store"])
        .args(["--from", "2026/27 Q3", "--to", "2026/27 Q1"])
        .output()
        .unwrap();
    assert!(!st.status.success());
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("--from 2026/27 Q3 comes after --to 2026/27 Q1"),
        "{err}"
    );
    let st = needle()
        .args([
            "report",
            "fixtures/year-small",
            "--no-store",
            "--year",
            "2026",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("'2026' is not a financial year; write it like \"2026/27\""),
        "{err}"
    );
    // A year with no return in it says which quarters there are.
    let st = needle()
        .args([
            "report",
            "fixtures/year-small",
            "--no-store",
            "--year",
            "2024/25",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(err.contains("no usable return is for 2024/25"), "{err}");
}

#[test]
fn the_published_year_passes_the_audit() {
    // The synthetic year, published: the run audits the edition before it
    // writes it and refuses to write one that fails.
    let out = common::report(&["fixtures/year", "--no-store", "--year", "2026/27"]);
    let audit = read(out.path(), "disclosure_audit.json");
    assert!(
        audit.contains("\"result\": \"no count disclosed\""),
        "{audit}"
    );
    // fixtures/year: PP-MAN-04 misses Q2, PP-MAN-16 joins in Q3 (not on
    // config/expected.toml), and PP-STO-16 is expected from Q2 but never
    // sends one: 15 × 4 − 1 + 2 = 61 returns used.
    let html = read(out.path(), "report.html");
    for said in [
        "59 of the 63 returns expected over the year arrived and were used; missing: Moss Side Voices (PP-MAN-04) in Q2, Marple Makers (PP-STO-16) in Q2, Q3, Q4.",
        "3 of 4 quarters (Q2: missing)",
        "2 of 2 quarters, on time",
        "figures rest on 61 project-quarters",
        // synth --year: every fourth project (the 2nd, 6th, 10th and 14th)
        // lists everyone on its People sheets.
        "counted once each over the year at 4 projects whose People sheets list everyone who took part, quarter by quarter (Cheetham Hill Befrienders, Irwell Peer Network, Walkden Kitchen Table and Reddish Green Spaces). At the other 12 projects they are the sum",
    ] {
        assert!(html.contains(said), "{said}");
    }
}

#[test]
fn a_pack_takes_year_as_shorthand_for_from_and_to() {
    let run = |args: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let st = needle()
            .args(["pack", "fixtures/year-small"])
            .args(args)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        out
    };
    let year = run(&["--year", "2026/27"]);
    let span = run(&["--from", "2026/27 Q1", "--to", "2026/27 Q4"]);
    for t in ["tables/objectives.csv", "tables/trends.csv", "pack.html"] {
        assert_eq!(read(year.path(), t), read(span.path(), t), "{t}");
    }
}

#[test]
fn the_year_is_compared_with_the_year_before_when_the_paths_hold_it() {
    // fixtures/year and a synthetic 2025/26 beside it (another seed).
    let before = tempfile::tempdir().unwrap();
    let st = needle()
        .args([
            "synth",
            "--year",
            "2025/26",
            "--projects",
            "16",
            "--seed",
            "7",
        ])
        .arg("--out")
        .arg(before.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let out = common::report(&[
        "fixtures/year".as_ref(),
        before.path().as_os_str(),
        "--no-store".as_ref(),
        "--year".as_ref(),
        "2026/27".as_ref(),
    ]);
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("<th scope=\"col\">This year</th><th scope=\"col\">Interval or range</th><th scope=\"col\">The year before</th>"),
        "the key figures compare the year with the year before"
    );
    // Spend is money, never withheld: the year before's is printed, as
    // the sum of its own quarters.
    let summary =
        &html[html.find("id=\"summary\"").unwrap()..html.find("class=\"meaning\"").unwrap()];
    let spend = &summary[summary.find(">Spend<").unwrap()..];
    let cells: Vec<&str> = spend
        .split("<td class=\"n\">")
        .skip(1)
        .take(3)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert!(
        cells[0].starts_with('£') && cells[2].starts_with('£'),
        "{cells:?}"
    );
    assert_ne!(cells[2], "–", "{cells:?}");
    // Without 2025/26 in the paths there is nothing to compare with.
    let alone = common::report(&["fixtures/year", "--no-store", "--year", "2026/27"]);
    let html = read(alone.path(), "report.html");
    assert!(html.contains("this year or the one before, to compare the two"));
}

#[test]
fn the_year_is_audited_with_its_quarters_editions_in_hand() {
    // fixtures/year-small published: the year's edition, then each
    // quarter's as its own report writes it (Q2 has YR-A alone).
    let year = common::report(&["fixtures/year-small", "--no-store", "--year", "2026/27"]);
    let audit = read(year.path(), "disclosure_audit.json");
    // The run attacked the year with its quarters: money summed, people
    // bounded, trends repeated (docs/methods.md, "Disclosure control").
    for kind in [
        "a period's count the sum of its quarters'",
        "a period's people between its largest quarter and the sum of its quarters",
        "a quarter's trend as its own edition published it",
    ] {
        assert!(audit.contains(kind), "{kind} in {audit}");
    }
    assert!(audit.contains("\"result\": \"no count disclosed\""));
    let quarters: Vec<tempfile::TempDir> = (1..=4)
        .map(|q| {
            let q = format!("2026/27 Q{q}");
            common::report(&["fixtures/year-small", "--no-store", "--quarter", &q])
        })
        .collect();
    let st = needle()
        .arg("audit")
        .arg(year.path())
        .args(
            quarters
                .iter()
                .flat_map(|q| [std::ffi::OsStr::new("--with"), q.path().as_os_str()]),
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&st.stdout);
    assert!(
        st.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&st.stderr)
    );
    // A quarter's own edition is not a longer period's: refused, plainly.
    let st = needle()
        .arg("audit")
        .arg(quarters[0].path())
        .arg("--with")
        .arg(quarters[1].path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(!st.status.success());
    assert!(
        err.contains("covers 2026/27 Q1, not a year or a run of quarters"),
        "{err}"
    );
    // An edition of a quarter outside the year is refused too.
    let before = common::report(&[
        "fixtures/year-small",
        "--no-store",
        "--from",
        "2026/27 Q1",
        "--to",
        "2026/27 Q2",
    ]);
    let st = needle()
        .arg("audit")
        .arg(before.path())
        .arg("--with")
        .arg(quarters[2].path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(!st.status.success());
    assert!(
        err.contains("covers 2026/27 Q3, which is not a quarter of 2026/27 Q1 to 2026/27 Q2"),
        "{err}"
    );
}

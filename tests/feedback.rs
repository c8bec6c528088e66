//! A project's feedback page: `needle validate FILE --html OUT.html`.

mod common;
use common::{altered, fixture, needle, report, run};
use std::path::Path;

/// Runs `validate <path> --html <tmp>/feedback.html [extra]`; returns
/// (exit code, stdout+stderr, page text if written).
fn feedback(path: &Path, extra: &[&std::ffi::OsStr]) -> (i32, String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("feedback.html");
    let (code, text) = run(needle()
        .arg("validate")
        .arg(path)
        .arg("--html")
        .arg(&page)
        .args(extra));
    (code, text, std::fs::read_to_string(&page).ok())
}

#[test]
fn a_clean_return_sees_its_exact_figures_beside_the_programmes() {
    // The programme: the published report of fixtures/small (SML-A + SML-B).
    let programme = report(&["fixtures/small"]);
    let (code, _, page) = feedback(
        &fixture("small/SML-A"),
        &["--programme".as_ref(), programme.path().as_os_str()],
    );
    assert_eq!(code, 0);
    let page = page.unwrap();
    assert!(page.contains("Nothing to fix"));
    // SML-A alone (tests/report.rs works these out): participants 9 + 4 =
    // 13; objective-1 outcomes 8; cost £1,500, 1500/13 = £115.38.
    // Money in whole pounds on a page: £115.38 → £115.
    assert!(page.contains("your return counts <strong>13</strong> participants, of whom <strong>8</strong> improved on at least one of the six objectives"), "{page}");
    assert!(page.contains("You spent <strong>£1,500</strong> (£115 per participant)"));
    // Objective 1: 9 people, 8 improved, 8/9 = 89%, exact. The programme
    // as published: 12 people rounded to 10 and 10 improved to 10, so its
    // share is worked out from those: 10/10 = 100% (the exact 10/12 = 83%
    // beside "10 of 10" would tell 10 of 12).
    assert!(page.contains("<th scope=\"row\">1 More people will have good mental health</th><td class=\"n\">9</td><td class=\"n\">8</td><td class=\"n\">89\u{a0}%</td><td class=\"n\">10</td><td class=\"n\">100\u{a0}%</td>"), "{page}");
    // Objective 2: SML-A has no one (no share: a dash); the programme's 3
    // people show as *.
    assert!(page.contains("<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">–</td><td class=\"n\">*</td><td class=\"n\">*</td>"));
    // WEMWBS: 9 pairs, 40.44 → 42.22, change 1.78, 5 meaningful.
    assert!(page.contains("<th scope=\"row\">WEMWBS</th><td class=\"n\">9</td><td class=\"n\">40.44</td><td class=\"n\">42.22</td><td class=\"n\">1.78</td><td class=\"n\">5</td>"));
    // Cost per outcome: 1500/8 = £187.50 → £188 against the programme's
    // 3500/10 = £350.
    assert!(page.contains("<th scope=\"row\">Cost per person with a meaningful improvement</th><td class=\"n\">£188</td><td class=\"n\">£350</td>"));
    assert!(page.contains("not for publication") || page.contains("Not for publication"));
}

#[test]
fn a_return_with_errors_gets_cells_to_fix_and_no_figures() {
    // P01's WEMWBS baseline 40 → 75, outside 14–70.
    let dir = altered("Outcomes.csv", "P01,A1,WEMWBS,40", "P01,A1,WEMWBS,75");
    let (code, text, page) = feedback(&dir.path().join("SML-A"), &[]);
    assert_eq!(code, 1, "{text}");
    let page = page.unwrap();
    assert!(page.contains("1 error(s) and 0 warning(s)"), "{page}");
    assert!(
        page.contains("<td>Outcomes</td><td>D2</td><td>Error</td><td>Baseline score 75 is outside the WEMWBS range of 14 to 70.</td>"),
        "{page}"
    );
    assert!(page.contains("Your figures appear here once the errors above are fixed"));
    assert!(!page.contains("Your people improved"));
    // The rows table accounts for every row: 18 read (19 lines less the header), 17 used, 1 refused.
    assert!(
        page.contains(
            "<td>Outcomes</td><td class=\"n\">18</td><td class=\"n\">17</td><td class=\"n\">1</td>"
        ),
        "{page}"
    );
}

#[test]
fn a_rejected_file_gets_its_reason() {
    let (code, _, page) = feedback(&fixture("bad/password.xlsx"), &[]);
    assert_eq!(code, 1);
    let page = page.unwrap();
    assert!(
        page.contains("the file is protected with a password"),
        "{page}"
    );
    assert!(page.contains("rejected: nothing in this file is used"));
}

#[test]
fn spreadsheet_text_on_the_page_is_escaped() {
    let dir = altered(
        "Activities.csv",
        "physical activity",
        "<img src=x onerror=alert(1)>",
    );
    let (_, _, page) = feedback(&dir.path().join("SML-A"), &[]);
    let page = page.unwrap();
    assert!(!page.contains("<img"), "{page}");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
}

#[test]
fn more_than_one_return_or_a_folder_that_is_not_a_report_is_refused() {
    let (code, text, page) = feedback(&fixture("small"), &[]);
    assert_eq!(code, 2);
    assert!(text.contains("the feedback page is for one return, but 2 file(s) or CSV folder(s) were given; give one"), "{text}");
    assert!(page.is_none());
    let (code, text, _) = feedback(
        &fixture("small/SML-A"),
        &["--programme".as_ref(), fixture("small").as_os_str()],
    );
    assert_eq!(code, 2);
    assert!(
        text.contains("--programme takes a folder written by `needle report`"),
        "{text}"
    );
}

//! The suppliers' menu with its evidence (`needle menu`): each offer's
//! record over a period, worked out by hand on fixtures/menu-small (two
//! projects, two quarters) against fixtures/menu-small.csv (four offers
//! from three suppliers, one never bought).

mod common;
use common::{html_outline, needle, read};

use needle::core::{Period, Quarter};
use needle::runs::{ConfigFiles, check_paths, load_config};
use needle::score::{period, score};
use needle::value::{OfferRow, offers, trade};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn menu_config() -> needle::config::Config {
    load_config(&ConfigFiles {
        menu: Some(&root().join("fixtures/menu-small.csv")),
        ..ConfigFiles::default()
    })
    .unwrap()
    .config
}

/// (activities, organisations, units, offered, paid, participants,
/// people, improved) of an offer.
fn record(r: &OfferRow) -> (u64, u64, f64, f64, f64, f64, u64, u64) {
    (
        r.activities,
        r.organisations,
        r.units,
        r.offered,
        r.paid,
        r.participants,
        r.n_people,
        r.n_improved,
    )
}

#[test]
fn each_offers_record_over_two_quarters_by_hand() {
    let config = menu_config();
    let checked = check_paths(&[root().join("fixtures/menu-small")], &config).unwrap();
    let facts = score(checked.returns, &config);
    let span = Period::new(
        Quarter::new(2026, 1).unwrap(),
        Quarter::new(2026, 2).unwrap(),
    )
    .unwrap();
    let merged = period(&facts, span, &config);
    let menu = config.menu.as_ref().unwrap();
    let rows = offers(&facts, &merged, span, menu, &config);
    assert_eq!(rows.len(), 4, "every offer, bought or not");

    // 1. Stride Out CIC, Walking group, £120 per session, objectives 1, 4.
    // Bought by Ordsall Walkers (MN-A A1, Q1 and Q2: 10 sessions, 4
    // participants, £1,200 each) and Eccles Peer Circle (MN-B A2 in Q2,
    // supplier written "stride out c.i.c.": 5 sessions, 3 participants,
    // £600): 3 activities, 2 organisations, 10 + 10 + 5 = 25 sessions,
    // offered 25 × £120 = £3,000, paid 1,200 + 1,200 + 600 = £3,000,
    // participants 4 + 4 + 3 = 11.
    // People on objectives 1 and 4: A01 WEMWBS 40 (Q1) → 45 (Q2), +5 ≥ 3
    // improved, counted once over the two quarters; A02 WEMWBS 50 → 51
    // not improved (their RIBS +4 is objective 6, not served); B04
    // WEMWBS 38 → 38 not improved. 3 people, 1 improved.
    let walk = &rows[0];
    assert_eq!(walk.item.activity, "Walking group");
    assert_eq!(walk.activity_type, "physical activity");
    assert_eq!(record(walk), (3, 2, 25.0, 3000.0, 3000.0, 11.0, 3, 1));

    // 2. Stride Out CIC, Nordic walking: nobody bought it.
    assert_eq!(rows[1].item.activity, "Nordic walking");
    assert_eq!(record(&rows[1]), (0, 0, 0.0, 0.0, 0.0, 0.0, 0, 0));

    // 3. Canal Street Creative CIC, Art for wellbeing, £170 per session,
    // objective 1: MN-A A2 in Q1, 5 sessions, 3 participants, paid £900
    // against 5 × £170 = £850. A03 WEMWBS 30 → 36 (+6) improved; A04 has
    // only RIBS (objective 6), so is not counted. 1 person, 1 improved.
    assert_eq!(record(&rows[2]), (1, 1, 5.0, 850.0, 900.0, 3.0, 1, 1));

    // 4. Talk Together CIC, "peer support" (an activity type: any peer
    // support it sells), £60 per participant, every objective: MN-B A1
    // "Peer circle" in Q1 and Q2, 6 participants and £360 each: 12
    // participants, offered 12 × £60 = £720, paid £720. B01 WEMWBS 44 →
    // 48 (+4) improved; B02 UCLA-3 7 → 5 (lower is better, −2) improved;
    // B03 RIBS 12 → 13 (+1 < 2) not improved. 3 people, 2 improved.
    let peer = &rows[3];
    assert_eq!(peer.activity_type, "peer support", "named by its Activity");
    assert_eq!(record(peer), (2, 1, 12.0, 720.0, 720.0, 12.0, 3, 2));

    // Trade by quarter, as suppliers.csv gives each quarter:
    // Q1: Canal Street £900 (1 org), Stride Out £1,200 (1), Talk Together
    // £360 (1); Q2: Stride Out £1,200 + £600 = £1,800 (2), Talk Together
    // £360 (1). Canal Street sold nothing in Q2, so has no Q2 row.
    let t: Vec<(String, String, f64, u64)> = trade(&facts, span)
        .into_iter()
        .map(|r| (r.quarter.to_string(), r.supplier, r.spend, r.organisations))
        .collect();
    let row = |q: &str, s: &str, spend: f64, orgs: u64| (q.to_string(), s.to_string(), spend, orgs);
    assert_eq!(
        t,
        vec![
            row("2026/27 Q1", "Canal Street Creative CIC", 900.0, 1),
            row("2026/27 Q1", "Stride Out CIC", 1200.0, 1),
            row("2026/27 Q1", "Talk Together CIC", 360.0, 1),
            row("2026/27 Q2", "Stride Out CIC", 1800.0, 2),
            row("2026/27 Q2", "Talk Together CIC", 360.0, 1),
        ]
    );
}

/// Runs `needle menu` on fixtures/menu-small over its two quarters.
fn menu_small(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .args([
            "menu",
            "fixtures/menu-small",
            "--menu",
            "fixtures/menu-small.csv",
            "--from",
            "2026/27 Q1",
            "--to",
            "2026/27 Q2",
        ])
        .args(extra)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(
        String::from_utf8_lossy(&st.stdout).contains("4 offers, 3 bought in the period"),
        "{}",
        String::from_utf8_lossy(&st.stdout)
    );
    out
}

/// The line of a CSV whose text starts with `start`.
fn line<'a>(csv: &'a str, start: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line {start} in\n{csv}"))
}

const SPAN: &str = "2026/27 Q1 to 2026/27 Q2";

#[test]
fn the_exact_record_of_each_offer_by_hand() {
    // The internal edition of a report of the same period, with the
    // figures of each_offers_record_over_two_quarters_by_hand. Shares and
    // Wilson's 95 % intervals checked with scipy (norm.ppf(0.975)):
    // 1 of 3 = 0.3333 (0.0615 to 0.7923); 1 of 1 = 1 (0.2065 to 1);
    // 2 of 3 = 0.6667 (0.2077 to 0.9385). Cost per person improved:
    // £3,000 ÷ 1; £900 ÷ 1; £720 ÷ 2 = £360. Paid per session:
    // £3,000 ÷ 25 = £120 (the menu's price); £900 ÷ 5 = £180 (menu £170).
    let out = common::report(&[
        "fixtures/menu-small",
        "--menu",
        "fixtures/menu-small.csv",
        "--from",
        "2026/27 Q1",
        "--to",
        "2026/27 Q2",
        "--no-store",
        "--no-suppression",
    ]);
    let m = read(out.path(), "tables/menu_offers.csv").replace("\r\n", "\n");
    let expected = format!(
        "quarter,supplier,activity,activity_type,unit,price_gbp,objectives,objectives_reached,description,web_page,areas,purchases,organisations,sessions,cost_gbp,paid_per_session_gbp,n_people,n_improved,rate_improved,rate_low,rate_high,cost_per_improved_gbp\n\
         {SPAN},Stride Out CIC,Walking group,physical activity,session,120.00,\"1, 4\",1,Weekly led walks of about an hour.,www.strideout.example.org.uk,Salford,3,2,25,3000.00,120.00,3,1,0.3333,0.0615,0.7923,3000.00\n\
         {SPAN},Stride Out CIC,Nordic walking,physical activity,session,150.00,1,,Poles provided.,www.strideout.example.org.uk,,0,0,0,0.00,,0,0,,,,\n\
         {SPAN},Canal Street Creative CIC,Art for wellbeing,creative arts,session,170.00,1,1,,,Salford,1,1,5,900.00,180.00,1,1,1.0000,0.2065,1.0000,900.00\n\
         {SPAN},Talk Together CIC,peer support,peer support,participant,60.00,all,\"1, 6\",,https://talktogether.example.org.uk/groups,Salford,2,1,16,720.00,,3,2,0.6667,0.2077,0.9385,360.00\n"
    );
    assert_eq!(m, expected);
}

#[test]
fn the_menu_page_shows_each_offer_with_its_record_and_withholds_small_numbers() {
    let out = menu_small(&[]);
    let p = out.path();
    // Published: every count of people here is 1 to 7, so withheld, with
    // the share, its interval and the cost per person improved; money,
    // sessions and organisations are not people.
    let m = read(p, "tables/menu_offers.csv");
    assert!(
        line(&m, &format!("{SPAN},Stride Out CIC,Walking group,"))
            .ends_with(",Salford,3,2,25,3000.00,120.00,*,*,*,*,*,*")
    );
    assert!(
        line(&m, &format!("{SPAN},Stride Out CIC,Nordic walking,"))
            .ends_with(",,0,0,0,0.00,,0,0,,,,")
    );
    // Trade by quarter, as each quarter's suppliers.csv gives it.
    let t = read(p, "tables/supplier_trade.csv").replace("\r\n", "\n");
    assert_eq!(
        t,
        "quarter,supplier,activities,organisations,spend_gbp,share_of_spend\n\
         2026/27 Q1,Canal Street Creative CIC,1,1,900.00,0.3659\n\
         2026/27 Q1,Stride Out CIC,1,1,1200.00,0.4878\n\
         2026/27 Q1,Talk Together CIC,1,1,360.00,0.1463\n\
         2026/27 Q2,Stride Out CIC,2,2,1800.00,0.8333\n\
         2026/27 Q2,Talk Together CIC,1,1,360.00,0.1667\n"
    );
    let html = read(p, "menu.html");
    // The honest statement once, at the top; no ranking.
    let honest = needle::core::escape::html(needle::pages::menu::HONEST);
    assert_eq!(html.matches(&honest).count(), 1);
    assert!(html.find(&honest) < html.find("<h2>Offers</h2>"));
    // The offer nobody bought is shown, and says so.
    assert!(html.contains("Nordic walking <span class=\"note\">from Stride Out CIC</span>"));
    assert!(html.contains("No record yet: nobody bought it in 2026/27 Q1 to 2026/27 Q2."));
    // What was paid against the price; withheld figures in words.
    assert!(
        html.contains("£3,000 for 25 sessions: £120 a session"),
        "{html}"
    );
    assert!(html.contains("<strong>£170 per session</strong>"));
    assert!(html.contains("£900 for 5 sessions: £180 a session"));
    assert!(html.contains("£720 in all (per participant"));
    assert_eq!(
        html.matches("<td class=\"none\">too few people to show yet</td>")
            .count(),
        9,
        "people, share and cost per person improved of the 3 offers bought"
    );
    assert!(html.contains("serves 1. Good mental health; 4. Positive experience"));
    assert!(html.contains("objectives not stated: results on every objective count"));
    // The web page is text, never a link.
    assert!(html.contains("<span class=\"web\">https://talktogether.example.org.uk/groups</span>"));
    assert!(!html.contains("<a "), "no links");
    // Self-contained: a CSP that forbids every request, scripts and styles
    // by hash; the filter hidden until its script runs.
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-"),
        "{}",
        &html[..600]
    );
    assert!(html.contains("<div id=\"filters\" hidden>"));
    for bad in ["src=\"http", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(bad), "{bad}");
    }
    // Each supplier's card: its trade chart, objectives reached, stories.
    assert!(html.contains("<h3>Talk Together CIC</h3>"));
    assert!(
        html.contains(
            "Objectives its activities reached:</strong> 1. Good mental health; 6. Stigma"
        )
    );
    assert!(p.join("charts/trade-01.svg").exists());
    // The folder's edition passes the audit again.
    let st = needle().arg("audit").arg(p).output().unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stdout)
    );
    assert!(read(p, "manifest.json").contains("\"file\": \"menu (user)\""));
    // The same bytes every time.
    let again = menu_small(&[]);
    assert_eq!(read(p, "menu.html"), read(again.path(), "menu.html"));
}

#[test]
fn the_pages_figures_are_the_reports_for_the_same_period() {
    // A quarter of fixtures/returns with the example menu: the page's
    // tables are the report's, byte for byte, and the page shows them.
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .args(["menu", "--menu", "docs/menu-example.csv", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let report = common::report(&["--menu", "docs/menu-example.csv", "--no-store"]);
    for t in [
        "menu_offers",
        "supplier_trade",
        "menu_prices",
        "vfm_suppliers",
    ] {
        let f = format!("tables/{t}.csv");
        assert_eq!(read(out.path(), &f), read(report.path(), &f), "{f}");
    }
    // The audit bounded each offer's people by its supplier's: 30 offers,
    // every supplier with a row in vfm_suppliers.csv, 2 counts each.
    let audit: serde_json::Value =
        serde_json::from_str(&read(out.path(), "disclosure_audit.json")).unwrap();
    let bounds = &audit["relations_tried"]["a count at most another table's (some of its people)"];
    assert_eq!(bounds.as_u64(), Some(60), "{bounds}");
    let m = read(out.path(), "tables/menu_offers.csv");
    let html = read(out.path(), "menu.html");
    // Art for wellbeing (objectives 1 and 6): 20 people (rounded) with a
    // result and 15 improved, 75 %; £7,648.47 ÷ 15 = £509.90.
    assert!(
        line(
            &m,
            "2026/27 Q2,Canal Street Creative CIC,Art for wellbeing,"
        )
        .contains(",20,15,0.7500,0.5313,0.8881,509.90"),
        "{m}"
    );
    assert!(
        html.contains("75\u{a0}% (15 improved; 95\u{a0}% interval 53\u{a0}% to 89\u{a0}%)"),
        "{html}"
    );
    assert!(html.contains("<td>£510</td>"));
}

#[test]
fn menu_page_structure() {
    let out = menu_small(&[]);
    insta::assert_snapshot!("menu", html_outline(&read(out.path(), "menu.html")));
}

#[test]
fn the_menu_command_needs_a_menu() {
    let out = needle()
        .args(["menu", "fixtures/menu-small"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--menu <FILE>"));
}

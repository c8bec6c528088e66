//! The suppliers' menu with its evidence (`needle menu`): each offer's
//! record over a period, worked out by hand on fixtures/menu-small (two
//! projects, two quarters) against fixtures/menu-small.csv (four offers
//! from three suppliers, one never bought).

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

//! The report's first page: the quarter in plain words, its key figures
//! against the quarter before, and what they mean, with the caveats that
//! matter. Every figure is read from a published table (summary_quarters,
//! summary_shares, vfm_social, expected returns): this page only chooses
//! and words them. A change is called up or down only when its 95 %
//! interval excludes no change.

use super::html::{EVIDENCE_STRENGTH, Row};
use super::numbers;
use super::report::Report;
use crate::aggregate::{Direction, Interval, Receipt};
use crate::core::Period;
use crate::core::escape::html as esc;
use crate::disclose::tables::cols::*;
use crate::disclose::tables::{FUNNELS, SUMMARY_QUARTERS, SUMMARY_SHARES, VFM_SOCIAL};
use crate::disclose::{Column, Table, Val};
use crate::value::Share;
use std::fmt::Write;

/// How a change in a share reads, from its published estimate and
/// interval: up or down only when the interval excludes no change.
pub fn change_words(
    change: Option<Interval>,
    before: &str,
    base: Option<u64>,
    period: Period,
) -> String {
    let then = period.before_words();
    let Some(i) = change else {
        return format!(
            "too few people, this {} or the one before, to compare the two",
            period.noun()
        );
    };
    let points = |x: f64| numbers::points(x, base);
    match i.direction() {
        Direction::Up => format!(
            "up from {before} {then} ({}; 95\u{a0}% interval {} to {})",
            points(i.estimate),
            points(i.low),
            points(i.high)
        ),
        Direction::Down => format!(
            "down from {before} {then} ({}; 95\u{a0}% interval {} to {})",
            points(i.estimate),
            points(i.low),
            points(i.high)
        ),
        Direction::AboutTheSame => format!(
            "about the same as {then} ({before}; the change, {}, has a 95\u{a0}% interval of {} to {}, which includes no change)",
            points(i.estimate),
            points(i.low),
            points(i.high)
        ),
    }
}

/// `words` with a capital first letter, for a column heading.
fn capitalised(words: &str) -> String {
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Short words for the key-figures table's change column.
fn change_cell(change: Option<Interval>, base: Option<u64>) -> String {
    let Some(i) = change else {
        return numbers::NONE.to_string();
    };
    let p = numbers::points(i.estimate, base);
    match i.direction() {
        Direction::Up => format!("Up ({p})"),
        Direction::Down => format!("Down ({p})"),
        Direction::AboutTheSame => format!("About the same ({p})"),
    }
}

/// A share's figures as the summary reads them.
struct ShareFigures {
    label: &'static str,
    rate: String,
    k: String,
    n: String,
    interval: String,
    before: String,
    change: Option<Interval>,
    base: Option<u64>,
    shown: bool,
}

fn share_figures(shares: &Table, share: Share, symbol: &str) -> Option<ShareFigures> {
    let r = Row::find(shares, SHARE, share.as_str(), symbol)?;
    let interval = match (r.num(LOW), r.num(HIGH)) {
        (Some(lo), Some(hi)) => format!(
            "{} to {}",
            numbers::percent(lo, r.base(LOW)),
            numbers::percent(hi, r.base(HIGH))
        ),
        _ => numbers::NONE.to_string(),
    };
    let change = match (r.num(CHANGE), r.num(CHANGE_LOW), r.num(CHANGE_HIGH)) {
        (Some(estimate), Some(low), Some(high)) => Some(Interval {
            estimate,
            low,
            high,
        }),
        _ => None,
    };
    Some(ShareFigures {
        label: share.label(),
        rate: r.show(RATE),
        k: r.show(K),
        n: r.show(N),
        interval,
        before: r.show(RATE_BEFORE),
        change,
        base: r.base(CHANGE),
        shown: r.num(RATE).is_some(),
    })
}

/// The summary section.
pub fn summary(r: &Report, o: &mut String) {
    let symbol = r.symbol();
    let q = r.quarter;
    let _ = write!(
        o,
        "<section id=\"summary\"><h2>Summary: {} ({})</h2>",
        esc(&q.months()),
        esc(&q.to_string())
    );
    let (Some(quarters), Some(shares)) = (
        r.published.get(SUMMARY_QUARTERS),
        r.published.get(SUMMARY_SHARES),
    ) else {
        let _ = writeln!(
            o,
            "<p>No return was used for this {}.</p></section>",
            q.noun()
        );
        return;
    };
    let now = Row::find(quarters, QUARTER, &q.to_string(), symbol);
    let before = Row::find(quarters, QUARTER, &q.compared_with().to_string(), symbol);
    let social = r
        .published
        .get(VFM_SOCIAL)
        .and_then(|t| Row::find(t, LEVEL, "total", symbol));
    let figures: Vec<ShareFigures> = Share::ALL
        .iter()
        .filter_map(|&s| share_figures(shares, s, symbol))
        .collect();
    if let Some(now) = now {
        key_figures(
            now,
            before,
            &figures,
            social,
            (r.published.suppressed(), q),
            o,
        );
        meaning(r, now, &figures, social, o);
    }
    o.push_str("</section>\n");
}

/// Three to five sentences: what the quarter's figures say.
fn meaning(r: &Report, now: Row, figures: &[ShareFigures], social: Option<Row>, o: &mut String) {
    let (expected, _) = r.quality.expected_and_unlisted();
    let at = |x: Receipt| r.quality.expected_at(x);
    let received = expected - at(Receipt::Missing) - at(Receipt::Rejected);
    // Each project once; over a longer period, with the quarters
    // concerned ("Moss Side Voices (PP-MAN-04) in Q2").
    let single = r.quarter.single().is_some();
    let names = |x: Receipt| -> Vec<String> {
        let mut by_project: Vec<(String, Vec<String>)> = Vec::new();
        for p in r
            .quality
            .receipts
            .iter()
            .filter(|p| p.expected && p.receipt == x)
        {
            let name = format!("{} ({})", p.project_name, p.project_id);
            let q = format!("Q{}", p.quarter.q);
            match by_project.iter_mut().find(|(n, _)| *n == name) {
                Some((_, qs)) => qs.push(q),
                None => by_project.push((name, vec![q])),
            }
        }
        by_project
            .into_iter()
            .map(|(n, qs)| {
                if single {
                    n
                } else {
                    format!("{n} in {}", qs.join(", "))
                }
            })
            .collect()
    };
    o.push_str("<div class=\"meaning\"><h3>What it means</h3>");
    // 1. Who sent a return.
    let mut s = if single {
        format!("{received} of the {expected} projects expected sent a usable return")
    } else {
        format!(
            "{received} of the {expected} returns expected over the {} arrived and were used",
            r.quarter.noun()
        )
    };
    let late = at(Receipt::Late);
    if late > 0 {
        let _ = write!(s, ", {late} of them late");
    }
    // Name the projects a commissioner chases, five at most.
    for (x, what) in [
        (Receipt::Missing, "missing"),
        (Receipt::Rejected, "rejected"),
    ] {
        let n = names(x);
        match n.len() {
            0 => {}
            1..=5 => {
                let _ = write!(s, "; {what}: {}", n.join(", "));
            }
            more => {
                let _ = write!(
                    s,
                    "; {more} {what}, among them {} (all are listed in the appendix on returns)",
                    n[..3].join(", ")
                );
            }
        }
    }
    let (_, unlisted) = r.quality.expected_and_unlisted();
    if unlisted > 0 {
        let _ = write!(
            s,
            ". {unlisted} more came from projects not on the expected list (config/expected.toml)"
        );
    }
    let _ = write!(o, "<p>{}.</p>", esc(&s));
    // 2. People and the share improved.
    if let Some(f) = figures.first() {
        let share = if f.shown {
            format!(
                ", and {} of them improved on at least one of the six objectives (95\u{a0}% interval {}), {}",
                f.rate,
                f.interval,
                change_words(f.change, &f.before, f.base, r.quarter)
            )
        } else {
            ": too few to publish the share who improved".to_string()
        };
        let _ = write!(
            o,
            "<p>{} people took part; {} had a score at the start and at follow-up{}.</p>",
            esc(&now.show(PARTICIPANTS)),
            esc(&now.show(N_PEOPLE_PAIRED)),
            esc(&share)
        );
    }
    // 3. Clinical results.
    if let (Some(rec), Some(ri)) = (figures.get(1), figures.get(2)) {
        let s = if rec.shown && ri.shown {
            format!(
                "Judged as NHS Talking Therapies judges them, {} of the {} people at caseness at the start recovered (95\u{a0}% interval {}), {}; {} of the {} people judged on a clinical measure improved reliably (95\u{a0}% interval {}).",
                rec.rate,
                rec.n,
                rec.interval,
                change_words(rec.change, &rec.before, rec.base, r.quarter),
                ri.rate,
                ri.n,
                ri.interval
            )
        } else if ri.shown {
            format!(
                "Too few people were at caseness at the start to publish a recovery rate; {} of the {} people judged on a clinical measure improved reliably (95\u{a0}% interval {}).",
                ri.rate, ri.n, ri.interval
            )
        } else {
            format!(
                "Too few people were judged on a clinical measure (PHQ-9, GAD-7, CORE-10 and the like) to publish recovery or reliable improvement rates: fewer than {}.",
                r.config.disclosure.min_people_for_statistic
            )
        };
        let _ = write!(o, "<p>{}</p>", esc(&s));
    }
    // 4. Money and value.
    let mut s = format!(
        "The {} cost {}: {} per person taking part and {} per person improved.",
        r.quarter.noun(),
        now.show(COST_GBP),
        now.show(COST_PER_PARTICIPANT_GBP),
        now.show(COST_PER_OUTCOME_GBP)
    );
    if let Some(v) = social.filter(|v| v.num(VALUE_CENTRAL_GBP).is_some()) {
        let _ = write!(
            s,
            " Its social value is estimated at {} ({} to {}, {} prices), a benefit-cost ratio of {} ({} to {})",
            v.show(VALUE_CENTRAL_GBP),
            v.show(VALUE_LOW_GBP),
            v.show(VALUE_HIGH_GBP),
            r.price_year,
            v.show(BCR_CENTRAL),
            v.show(BCR_LOW),
            v.show(BCR_HIGH)
        );
        s.push_str(match v.num(BCR_CENTRAL) {
            Some(b) if b < 1.0 => ": the benefits valued so far are less than the cost.",
            _ => ".",
        });
    }
    let _ = write!(o, "<p>{}</p>", esc(&s));
    // 5. Caveats.
    let mut s = EVIDENCE_STRENGTH.to_string();
    if let Some(t) = r.published.get(FUNNELS) {
        let (rate, project) = (t.index(RATE_IMPROVED), t.index(PROJECT_ID));
        if let (Some(rate), Some(project)) = (rate, project) {
            let projects: std::collections::BTreeSet<String> = t
                .rows
                .iter()
                .map(|row| t.cell(row, project, ""))
                .filter(|p| p != crate::aggregate::ALL_PROJECTS)
                .collect();
            let withheld: std::collections::BTreeSet<String> = t
                .rows
                .iter()
                .filter(|row| row[rate] == Val::Suppressed)
                .map(|row| t.cell(row, project, ""))
                .collect();
            if !withheld.is_empty() {
                let _ = write!(
                    s,
                    " Small numbers: {} of the {} projects compared had too few people on at least one objective for their own share to be shown.",
                    withheld.len(),
                    projects.len()
                );
            }
        }
    }
    let _ = write!(o, "<p class=\"caveat\">{}</p></div>", esc(&s));
}

/// The key figures table: this quarter, its interval or range, the
/// quarter before and the change.
fn key_figures(
    now: Row,
    before: Option<Row>,
    figures: &[ShareFigures],
    social: Option<Row>,
    (rounded, period): (bool, Period),
    o: &mut String,
) {
    let rounding = if rounded {
        " Counts are rounded to the nearest 5 and counts of 1 to 7 shown as *. Shares, their intervals and money per person are worked out from the rounded counts, as NHS Digital does, so “10 of 10 (100&nbsp;%)” can stand for 11 of 12."
    } else {
        ""
    };
    let _ = write!(
        o,
        "<table class=\"key\"><caption>Key figures<span class=\"sub\">Shares with their 95&nbsp;% confidence interval (Wilson); social value and the benefit-cost ratio with their low to high range. A change is called up or down only when its interval excludes no change.{rounding}</span></caption>"
    );
    let _ = write!(
        o,
        "<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">This {}</th><th scope=\"col\">Interval or range</th><th scope=\"col\">{}</th><th scope=\"col\">Change</th></tr></thead><tbody>",
        period.noun(),
        capitalised(period.before_words())
    );
    let none = numbers::NONE;
    let mut row = |label: &str, value: String, range: String, prior: String, change: String| {
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(label),
            esc(&value),
            esc(&range),
            esc(&prior),
            esc(&change)
        );
    };
    let prior = |name: Column| before.map_or(none.to_string(), |b| b.show(name));
    for (label, name) in [
        ("People taking part", PARTICIPANTS),
        (
            "People with a score at the start and at follow-up",
            N_PEOPLE_PAIRED,
        ),
    ] {
        row(label, now.show(name), none.into(), prior(name), none.into());
    }
    for f in figures {
        let value = if f.shown {
            format!("{} ({} of {})", f.rate, f.k, f.n)
        } else {
            f.rate.clone()
        };
        row(
            f.label,
            value,
            f.interval.clone(),
            f.before.clone(),
            change_cell(f.change, f.base),
        );
    }
    for (label, name) in [
        ("Spend", COST_GBP),
        ("Cost per person taking part", COST_PER_PARTICIPANT_GBP),
        ("Cost per person improved", COST_PER_OUTCOME_GBP),
    ] {
        row(label, now.show(name), none.into(), prior(name), none.into());
    }
    if let Some(v) = social {
        let range = |lo: Column, hi: Column| format!("{} to {}", v.show(lo), v.show(hi));
        row(
            "Social value (central)",
            v.show(VALUE_CENTRAL_GBP),
            range(VALUE_LOW_GBP, VALUE_HIGH_GBP),
            none.into(),
            none.into(),
        );
        row(
            "Benefit-cost ratio (central)",
            v.show(BCR_CENTRAL),
            range(BCR_LOW, BCR_HIGH),
            none.into(),
            none.into(),
        );
    }
    o.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarter() -> Period {
        Period::quarter(crate::core::Quarter::new(2026, 2).unwrap())
    }

    #[test]
    fn a_change_whose_interval_includes_none_is_about_the_same() {
        // 20/25 against 15/25 (statsmodels' Newcombe interval −0.053 to
        // 0.422): +20 points, but the interval includes no change.
        let i = Interval {
            estimate: 0.2,
            low: -0.053,
            high: 0.422,
        };
        let words = change_words(Some(i), "60\u{a0}%", Some(25), quarter());
        assert!(
            words.starts_with("about the same as the quarter before (60\u{a0}%"),
            "{words}"
        );
        assert!(words.contains("+20 points"), "{words}");
        assert!(words.contains("−5 points to +42 points"), "{words}");
        assert_eq!(
            change_cell(Some(i), Some(25)),
            "About the same (+20 points)"
        );
    }

    #[test]
    fn a_change_whose_interval_excludes_none_is_up_or_down() {
        let up = Interval {
            estimate: 0.3,
            low: 0.05,
            high: 0.5,
        };
        assert!(
            change_words(Some(up), "50\u{a0}%", Some(40), quarter())
                .starts_with("up from 50\u{a0}%")
        );
        assert_eq!(change_cell(Some(up), Some(40)), "Up (+30 points)");
        let down = Interval {
            estimate: -0.3,
            low: -0.5,
            high: -0.05,
        };
        assert!(
            change_words(Some(down), "80\u{a0}%", Some(40), quarter())
                .starts_with("down from 80\u{a0}%")
        );
        assert_eq!(change_cell(Some(down), Some(40)), "Down (−30 points)");
        // An interval that touches 0 includes it.
        let edge = Interval {
            estimate: 0.2,
            low: 0.0,
            high: 0.4,
        };
        assert_eq!(
            change_cell(Some(edge), Some(40)),
            "About the same (+20 points)"
        );
        assert_eq!(change_cell(None, None), "–");
    }
}

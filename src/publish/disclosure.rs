//! Statistical disclosure control, applied before anything is written.
//!
//! By default (config/disclosure.toml, after NHS Digital's HES/ECDS rules):
//! a count of 1–7 becomes the suppression symbol, every other count is
//! rounded to the nearest 5, and a statistic resting on fewer than 8 people
//! is withheld. `--no-suppression` skips this for internal use.

use super::table::{PubTable, Val};
use crate::config::Disclosure;

/// Applies primary suppression and rounding to one value.
pub fn disclose(v: &Val, d: &Disclosure) -> Val {
    match v {
        Val::Count(n) => {
            let abs = n.abs();
            if abs == 0.0 {
                Val::Count(0.0)
            } else if abs <= d.suppress_up_to as f64 {
                Val::Suppressed
            } else {
                let step = d.round_to as f64;
                Val::Count((n / step).round() * step)
            }
        }
        Val::Num { base: Some(b), .. } if *b < d.min_people_for_statistic => Val::Suppressed,
        other => other.clone(),
    }
}

/// Applies disclosure control to every cell of a table: primary
/// suppression and rounding, then secondary suppression so that no
/// suppressed count can be worked out from a total, then statistics that
/// would reveal a suppressed count.
pub fn apply(t: &PubTable, d: &Disclosure) -> PubTable {
    let mut rows: Vec<Vec<Val>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|v| disclose(v, d)).collect())
        .collect();
    // A statistic withheld with its count can itself be an additive column
    // (a fiscal total), whose total group then needs secondary suppression
    // again: repeat until nothing changes.
    loop {
        secondary(t, &mut rows);
        let mut changed = false;
        for row in rows.iter_mut() {
            for &(stat, count) in &t.derived {
                if row[count] == Val::Suppressed && row[stat] != Val::Suppressed {
                    row[stat] = Val::Suppressed;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    PubTable { rows, ..t.clone() }
}

/// Secondary suppression. In every total group and count (or additive
/// money) column, if the total is shown and exactly one of its parts is
/// suppressed, that part is total minus the others: suppress the smallest
/// other non-zero part too.
/// Repeats until nothing changes (a row can sit in several groups).
fn secondary(t: &PubTable, rows: &mut [Vec<Val>]) {
    let count_cols: Vec<usize> = (0..t.columns.len())
        .filter(|&c| {
            t.additive.contains(&c) || t.rows.iter().any(|r| matches!(r[c], Val::Count(_)))
        })
        .collect();
    loop {
        let mut changed = false;
        for g in &t.totals {
            for &c in &count_cols {
                // A total that is not shown (withheld or empty) gives
                // nothing away.
                if rows[g.total][c].as_f64().is_none() {
                    continue;
                }
                let hidden = g
                    .parts
                    .iter()
                    .filter(|&&p| rows[p][c] == Val::Suppressed)
                    .count();
                if hidden != 1 {
                    continue;
                }
                // The smallest shown non-zero part, by its true value.
                let next = g
                    .parts
                    .iter()
                    .copied()
                    .filter(|&p| rows[p][c] != Val::Suppressed)
                    .filter_map(|p| {
                        t.rows[p][c]
                            .as_f64()
                            .filter(|v| *v != 0.0)
                            .map(|v| (v.abs(), p))
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                if let Some((_, p)) = next {
                    rows[p][c] = Val::Suppressed;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn counts_are_suppressed_or_rounded() {
        let d = Config::builtin().unwrap().disclosure;
        assert_eq!(disclose(&Val::Count(0.0), &d), Val::Count(0.0));
        assert_eq!(disclose(&Val::Count(1.0), &d), Val::Suppressed);
        assert_eq!(disclose(&Val::Count(7.0), &d), Val::Suppressed);
        // 8 → nearest 5 is 10; 12 → 10; 13 → 15; 22.5 → 25 (half away from zero).
        assert_eq!(disclose(&Val::Count(8.0), &d), Val::Count(10.0));
        assert_eq!(disclose(&Val::Count(12.0), &d), Val::Count(10.0));
        assert_eq!(disclose(&Val::Count(13.0), &d), Val::Count(15.0));
        assert_eq!(disclose(&Val::Count(-3.0), &d), Val::Suppressed);
    }

    #[test]
    fn secondary_suppression_protects_a_single_hidden_part() {
        let d = Config::builtin().unwrap().disclosure;
        // Areas A 3, B 12, C 40, total 55. A (3) is suppressed; shown as is,
        // 55 − 12 − 40 would reveal it, so the next smallest, B, goes too.
        let mut t = PubTable::new("t", "T", &["area", "n", "cost_per_person"]);
        for (a, n) in [("A", 3.0), ("B", 12.0), ("C", 40.0), ("All", 55.0)] {
            t.push(vec![
                Val::Text(a.into()),
                Val::Count(n),
                Val::num(100.0 / n, 2, None),
            ]);
        }
        t.total_by(&[], "area", "All");
        t.derive("cost_per_person", "n");
        let out = apply(&t, &d);
        let n: Vec<Val> = out.rows.iter().map(|r| r[1].clone()).collect();
        // B 12 → suppressed (secondary); C 40 → 40; total 55 → 55.
        assert_eq!(
            n,
            vec![
                Val::Suppressed,
                Val::Suppressed,
                Val::Count(40.0),
                Val::Count(55.0)
            ]
        );
        // Cost per person would reveal B's count, so it is withheld with it.
        assert_eq!(out.rows[1][2], Val::Suppressed);
        assert_eq!(out.rows[2][2], Val::num(2.5, 2, None));
        // Two parts hidden: neither can be recovered, nothing more to do.
        let mut t2 = t.clone();
        t2.rows[1][1] = Val::Count(5.0);
        let out = apply(&t2, &d);
        assert_eq!(out.rows[2][1], Val::Count(40.0));
    }

    #[test]
    fn additive_money_gets_secondary_suppression() {
        let d = Config::builtin().unwrap().disclosure;
        // Fiscal value by agency for projects P (NHS £300 resting on 3
        // attendances, LA £500 on 10), Q (NHS £900 on 20, LA £0) and the
        // total (NHS £1,200 on 23, LA £500). P's NHS value is withheld
        // (base 3); so is its row total (derived: total − LA would show it);
        // the NHS column's total £1,200 is shown, so the smallest other
        // non-zero part, Q's £900, goes too (money, not a count: only
        // because the column is declared additive); and then Q's row total,
        // derived from it.
        let mut t = PubTable::new("t", "T", &["project", "nhs", "la", "all"]);
        for (p, nhs, la, base) in [
            ("P", 300.0, 500.0, Some(3)),
            ("Q", 900.0, 0.0, Some(20)),
            ("All", 1200.0, 500.0, Some(10)),
        ] {
            t.push(vec![
                Val::Text(p.into()),
                Val::num(nhs, 2, base.filter(|_| p != "All").or(Some(23))),
                Val::num(la, 2, (la != 0.0).then_some(10)),
                Val::num(nhs + la, 2, base),
            ]);
        }
        t.total_by(&[], "project", "All");
        for c in ["nhs", "la", "all"] {
            t.additive(c);
        }
        t.derive("all", "nhs");
        t.derive("all", "la");
        let out = apply(&t, &d);
        let shown: Vec<Vec<String>> = out
            .rows
            .iter()
            .map(|r| r.iter().map(|v| v.render("*")).collect())
            .collect();
        assert_eq!(
            shown,
            [
                ["P", "*", "500.00", "*"],
                ["Q", "*", "0.00", "*"],
                ["All", "1200.00", "500.00", "1700.00"],
            ]
        );
    }

    #[test]
    fn a_zero_part_is_never_the_secondary_cell() {
        let d = Config::builtin().unwrap().disclosure;
        // A 2, B 0, C 30, total 32: B is 0 (not disclosive), so C goes.
        let mut t = PubTable::new("t", "T", &["area", "n"]);
        for (a, n) in [("A", 2.0), ("B", 0.0), ("C", 30.0), ("All", 32.0)] {
            t.push(vec![Val::Text(a.into()), Val::Count(n)]);
        }
        t.total_by(&[], "area", "All");
        let out = apply(&t, &d);
        let n: Vec<Val> = out.rows.iter().map(|r| r[1].clone()).collect();
        assert_eq!(
            n,
            vec![
                Val::Suppressed,
                Val::Count(0.0),
                Val::Suppressed,
                Val::Count(30.0)
            ]
        );
    }

    #[test]
    fn a_total_that_is_not_shown_gives_no_part_away() {
        let d = Config::builtin().unwrap().disclosure;
        // A 3 (suppressed), B 20, and a total row whose count is empty (a
        // row that sums money, not people): nothing to subtract from, so
        // B stays shown.
        let mut t = PubTable::new("t", "T", &["area", "n"]);
        t.push(vec![Val::Text("A".into()), Val::Count(3.0)]);
        t.push(vec![Val::Text("B".into()), Val::Count(20.0)]);
        t.push(vec![Val::Text("All".into()), Val::Empty]);
        t.total_by(&[], "area", "All");
        let out = apply(&t, &d);
        assert_eq!(out.rows[1][1], Val::Count(20.0));
        assert_eq!(out.rows[0][1], Val::Suppressed);
    }

    #[test]
    fn statistics_need_eight_people() {
        let d = Config::builtin().unwrap().disclosure;
        assert_eq!(disclose(&Val::num(0.5, 4, Some(7)), &d), Val::Suppressed);
        assert_eq!(
            disclose(&Val::num(0.5, 4, Some(8)), &d),
            Val::num(0.5, 4, Some(8))
        );
        assert_eq!(
            disclose(&Val::num(1234.0, 2, None), &d),
            Val::num(1234.0, 2, None)
        );
    }
}

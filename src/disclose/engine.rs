//! Statistical disclosure control: the one suppression engine, applied to
//! declared tables before anything is written or drawn.
//!
//! By default (config/disclosure.toml, after NHS Digital's HES/ECDS rules):
//! a count of 1–7 becomes the suppression symbol, every other count is
//! rounded to the nearest 5, and a statistic resting on fewer than 8 people
//! is withheld. `--no-suppression` skips this for internal use.

use super::declare::Role;
use super::table::{Table, Val};
use crate::config::Disclosure;

/// Primary suppression of one value of a column with `role`: a count of
/// 1–7 withheld and others rounded (count columns); a statistic withheld
/// when it rests on fewer people than the minimum.
pub fn primary(v: &Val, role: Role, d: &Disclosure) -> Val {
    match (v, role) {
        (Val::Count(n), Role::Count) => {
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
        (Val::Num { base: Some(b), .. }, Role::Statistic(_) | Role::Additive(_))
            if *b < d.min_people_for_statistic =>
        {
            Val::Suppressed
        }
        (other, _) => other.clone(),
    }
}

/// Applies disclosure control to every value of a table: primary
/// suppression and rounding, then secondary suppression so that no
/// withheld count can be worked out from a total, then statistics that
/// would reveal a withheld value they rest on.
pub fn apply(t: &Table, d: &Disclosure) -> Table {
    let mut rows: Vec<Vec<Val>> = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(&t.columns)
                .map(|(v, c)| primary(v, c.role, d))
                .collect()
        })
        .collect();
    // A statistic withheld with its count can itself be additive money (a
    // fiscal total), whose total group then needs secondary suppression
    // again: repeat until nothing changes.
    loop {
        secondary(t, &mut rows);
        let mut changed = false;
        for row in rows.iter_mut() {
            for &(stat, on) in &t.derived {
                if row[on] == Val::Suppressed && row[stat] != Val::Suppressed {
                    row[stat] = Val::Suppressed;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Table { rows, ..t.clone() }
}

/// Secondary suppression. In every total group and column that adds up
/// (counts, additive money), if the total is shown and exactly one of its
/// parts is withheld, that part is the total minus the others: withhold
/// the smallest other non-zero part too. Repeats until nothing changes (a
/// row can sit in several groups).
fn secondary(t: &Table, rows: &mut [Vec<Val>]) {
    let adding: Vec<usize> = (0..t.columns.len())
        .filter(|&c| t.columns[c].adds_up())
        .collect();
    loop {
        let mut changed = false;
        for g in &t.groups {
            for &c in &adding {
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
    use crate::disclose::{Column, Format, Spec, Totals};

    fn rules() -> Disclosure {
        Config::builtin().unwrap().disclosure
    }

    /// The shown values of column `c`, as a CSV would write them.
    fn shown(t: &Table, c: usize) -> Vec<String> {
        t.rows.iter().map(|r| t.cell(r, c, "*")).collect()
    }

    #[test]
    fn counts_are_suppressed_or_rounded() {
        let d = rules();
        let count = |n: f64| primary(&Val::Count(n), Role::Count, &d);
        assert_eq!(count(0.0), Val::Count(0.0));
        assert_eq!(count(1.0), Val::Suppressed);
        assert_eq!(count(7.0), Val::Suppressed);
        // 8 → nearest 5 is 10; 12 → 10; 13 → 15; 22.5 → 25 (half away from zero).
        assert_eq!(count(8.0), Val::Count(10.0));
        assert_eq!(count(12.0), Val::Count(10.0));
        assert_eq!(count(13.0), Val::Count(15.0));
        assert_eq!(count(22.5), Val::Count(25.0));
        assert_eq!(count(-3.0), Val::Suppressed);
    }

    #[test]
    fn statistics_need_eight_people_and_plain_numbers_are_never_withheld() {
        let d = rules();
        let stat = Role::Statistic(&[]);
        assert_eq!(primary(&Val::stat(0.5, Some(7)), stat, &d), Val::Suppressed);
        assert_eq!(
            primary(&Val::stat(0.5, Some(8)), stat, &d),
            Val::stat(0.5, Some(8))
        );
        assert_eq!(
            primary(&Val::plain(1234.0), Role::Plain, &d),
            Val::plain(1234.0)
        );
    }

    /// Areas with (people, cost) and a total row "All": people is a count,
    /// cost per person a statistic resting on it.
    fn areas(rows: &[(&'static str, f64)]) -> Table {
        Spec::<&(&'static str, f64)>::new("t", "T")
            .col(Column::key("area", "Area"), |r| Val::text(r.0))
            .col(Column::count("n", "People"), |r| Val::Count(r.1))
            .col(
                Column::stat("cost_per_person", "Cost per person", Format::Money, &["n"]),
                |r| Val::stat(100.0 / r.1, Some(r.1 as u64)),
            )
            .totals(Totals::sum(&[], "area", "All"))
            .build(rows)
            .unwrap()
    }

    #[test]
    fn a_count_through_its_declaration_with_secondary_suppression() {
        // Areas A 3, B 12, C 40, total 55. A (3) is withheld; shown as is,
        // 55 − 12 − 40 would reveal it, so the next smallest, B, goes too.
        let t = areas(&[("A", 3.0), ("B", 12.0), ("C", 40.0), ("All", 55.0)]);
        let out = apply(&t, &rules());
        // B 12 → withheld (secondary); C 40 → 40; total 55 → 55.
        assert_eq!(shown(&out, 1), ["*", "*", "40", "55"]);
        // Two parts withheld: neither can be worked out, nothing more to do.
        let t = areas(&[("A", 3.0), ("B", 5.0), ("C", 40.0), ("All", 48.0)]);
        assert_eq!(shown(&apply(&t, &rules()), 1), ["*", "*", "40", "50"]);
    }

    #[test]
    fn a_statistic_is_withheld_with_the_counts_it_rests_on() {
        // Cost per person rests on n: A's (base 3) is withheld by its own
        // base; B's (base 12, enough people) because B's count was withheld
        // by secondary suppression, and 100 / cost per person would give it.
        let t = areas(&[("A", 3.0), ("B", 12.0), ("C", 40.0), ("All", 55.0)]);
        let out = apply(&t, &rules());
        // 100 / 40 = 2.50; 100 / 55 = 1.82.
        assert_eq!(shown(&out, 2), ["*", "*", "2.50", "1.82"]);
    }

    #[test]
    fn a_zero_part_is_never_the_secondary_cell() {
        // A 2, B 0, C 30, total 32: B is 0 (not disclosive), so C goes.
        let t = areas(&[("A", 2.0), ("B", 0.0), ("C", 30.0), ("All", 32.0)]);
        assert_eq!(shown(&apply(&t, &rules()), 1), ["*", "0", "*", "30"]);
    }

    #[test]
    fn a_total_that_is_not_shown_gives_no_part_away() {
        // A 3 (withheld), B 20, and a total row whose count is empty (a row
        // that sums money, not people): nothing to subtract from, so B stays.
        let t = Spec::<&(&'static str, Option<f64>)>::new("t", "T")
            .col(Column::key("area", "Area"), |r| Val::text(r.0))
            .col(Column::count("n", "People"), |r| {
                r.1.map_or(Val::Empty, Val::Count)
            })
            .totals(Totals::sum(&[], "area", "All"))
            .build(&[("A", Some(3.0)), ("B", Some(20.0)), ("All", None)])
            .unwrap();
        assert_eq!(shown(&apply(&t, &rules()), 1), ["*", "20", ""]);
    }

    #[test]
    fn additive_money_through_its_declaration_gets_secondary_suppression() {
        // Fiscal value by agency for projects P (NHS £300 resting on 3
        // attendances, LA £500 on 10), Q (NHS £900 on 20, LA £0) and the
        // total (NHS £1,200 on 23, LA £500). P's NHS value is withheld
        // (base 3); so is its row total (it rests on NHS: total − LA would
        // show it); the NHS column's total £1,200 is shown, so the smallest
        // other non-zero part, Q's £900, goes too (money, not a count: only
        // because the column is declared additive); and then Q's row
        // total, which rests on it.
        type Row = (&'static str, f64, Option<u64>, f64, Option<u64>);
        let t = Spec::<&Row>::new("t", "T")
            .col(Column::key("project", "Project"), |r| Val::text(r.0))
            .col(Column::additive("nhs", "NHS (£)", &[]), |r| {
                Val::stat(r.1, r.2)
            })
            .col(Column::additive("la", "Local authority (£)", &[]), |r| {
                Val::stat(r.3, r.4)
            })
            .col(Column::additive("all", "All (£)", &["nhs", "la"]), |r| {
                Val::stat(r.1 + r.3, r.2.min(r.4).or(r.2))
            })
            .totals(Totals::sum(&[], "project", "All"))
            .build(&[
                ("P", 300.0, Some(3), 500.0, Some(10)),
                ("Q", 900.0, Some(20), 0.0, None),
                ("All", 1200.0, Some(23), 500.0, Some(10)),
            ])
            .unwrap();
        let out = apply(&t, &rules());
        let rows: Vec<Vec<String>> = (0..3)
            .map(|i| (0..4).map(|c| out.cell(&out.rows[i], c, "*")).collect())
            .collect();
        assert_eq!(
            rows,
            [
                ["P", "*", "500.00", "*"],
                ["Q", "*", "0.00", "*"],
                ["All", "1200.00", "500.00", "1700.00"],
            ]
        );
    }

    #[test]
    fn plain_money_gets_no_secondary_suppression() {
        // The same table with NHS declared plain money: nothing about it is
        // withheld, however the others fare.
        let t = Spec::<&(&'static str, f64)>::new("t", "T")
            .col(Column::key("project", "Project"), |r| Val::text(r.0))
            .col(
                Column::plain("spend_gbp", "Spend (£)", Format::Money),
                |r| Val::plain(r.1),
            )
            .totals(Totals::sum(&[], "project", "All"))
            .build(&[("P", 300.0), ("Q", 900.0), ("All", 1200.0)])
            .unwrap();
        assert_eq!(
            shown(&apply(&t, &rules()), 1),
            ["300.00", "900.00", "1200.00"]
        );
    }
}

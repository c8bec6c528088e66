//! Statistical disclosure control: the one suppression engine, applied to
//! declared tables before anything is written or drawn.
//!
//! By default (config/disclosure.toml, after NHS Digital's HES/ECDS rules):
//! a count of 1–7 becomes the suppression symbol, every other count is
//! rounded to the nearest 5, and a statistic resting on fewer than 8 people
//! is withheld. `--no-suppression` skips this for internal use.

use super::declare::{Role, Rule};
use super::derive::{self, Consts, Index, Inputs};
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
        (Val::Num { base: Some(b), .. }, Role::Statistic(_) | Role::Derived(_))
            if *b < d.min_people_for_statistic =>
        {
            Val::Suppressed
        }
        (other, _) => other.clone(),
    }
}

/// A cell the audit found unsafe as published, and what to do with it:
/// withhold it, or print a statistic with fewer decimals.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Remedy {
    pub table: String,
    /// The row, counted from 0 as the table (and its CSV) lists them.
    pub row: usize,
    pub column: String,
    pub action: Action,
}

/// What a [`Remedy`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Withhold,
    /// Print with this many decimals (fewer than the column's).
    Decimals(u8),
}

/// The published edition of a run's tables: every count disclosed
/// (primary and secondary suppression, and whatever the audit asked to
/// withhold), every statistic withheld below the minimum or coarsened
/// where the audit asked, and then every derived figure worked out again,
/// table by table in the order their rules read each other, from the
/// figures as published. Every number is left as it is printed, so the
/// workbook and the pages hold no more than the CSVs.
pub fn disclose(
    tables: &[Table],
    d: &Disclosure,
    consts: &Consts,
    remedies: &[Remedy],
) -> Vec<Table> {
    let mut out: Vec<Table> = tables
        .iter()
        .map(|t| {
            let mine: Vec<&Remedy> = remedies.iter().filter(|r| r.table == t.name).collect();
            suppress(t, d, &mine)
        })
        .collect();
    let index = Index::default();
    for ti in order(&out) {
        let forced: Vec<(usize, usize)> = remedies
            .iter()
            .filter(|r| r.table == out[ti].name && r.action == Action::Withhold)
            .filter_map(|r| Some((r.row, out[ti].col(&r.column)?)))
            .collect();
        for c in 0..out[ti].columns.len() {
            let Role::Derived(rule) = out[ti].columns[c].role else {
                continue;
            };
            // Row by row, so that a row summing others of the same column
            // (a project's all-outcomes payment) sees them worked out.
            for row in 0..out[ti].rows.len() {
                let v = if forced.contains(&(row, c)) {
                    Some(Val::Suppressed)
                } else {
                    let x = Inputs {
                        tables: &out,
                        table: ti,
                        row,
                        consts,
                        printed: true,
                        index: &index,
                    };
                    work_out(&rule, &x)
                };
                if let Some(v) = v {
                    out[ti].rows[row][c] = v;
                }
            }
        }
    }
    for t in &mut out {
        as_printed(t);
    }
    out
}

/// Every derived figure of an exact edition worked out again by its rule
/// from the exact figures beside it, where it reads otherwise than the
/// stage's: "table row column: stage … rule …". Empty when every rule
/// says what the stage computed, so that the published edition's figures
/// follow the same definitions as the internal edition's.
pub fn rules_against_stage(tables: &[Table], consts: &Consts) -> Vec<String> {
    let index = Index::default();
    let mut out = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for (c, col) in t.columns.iter().enumerate() {
            let Role::Derived(rule) = col.role else {
                continue;
            };
            for row in 0..t.rows.len() {
                let x = Inputs {
                    tables,
                    table: ti,
                    row,
                    consts,
                    printed: false,
                    index: &index,
                };
                let Some(v) = work_out(&rule, &x) else {
                    continue;
                };
                let (stage, rule_says) = (t.cell(&t.rows[row], c, "*"), v.render(col.format, "*"));
                if stage != rule_says {
                    out.push(format!(
                        "{} row {row} {}: stage {stage}, rule ({}) {rule_says}",
                        t.name, col.name, rule.text
                    ));
                }
            }
        }
    }
    out
}

/// A derived figure by its rule: withheld when a figure it is worked out
/// from is withheld, empty when one is empty, else the rule's value (None:
/// the stage's value is kept).
pub(super) fn work_out(rule: &Rule, x: &Inputs) -> Option<Val> {
    let mut from = Vec::with_capacity(rule.from.len());
    let mut empty = false;
    for name in rule.from {
        match x.val(name) {
            Val::Suppressed => return Some(Val::Suppressed),
            Val::Empty | Val::Text(_) => empty = true,
            v => from.push(v.as_f64().unwrap_or(0.0)),
        }
    }
    if empty {
        return Some(Val::Empty);
    }
    (rule.f)(&from, x)
}

/// The tables in an order where each comes after every table its rules
/// read (the declared order otherwise).
fn order(tables: &[Table]) -> Vec<usize> {
    let reads = |t: &Table| -> Vec<&'static str> {
        t.columns
            .iter()
            .filter_map(|c| match c.role {
                Role::Derived(r) => Some(r.reads),
                _ => None,
            })
            .flatten()
            .copied()
            .collect()
    };
    let mut done: Vec<usize> = Vec::with_capacity(tables.len());
    while done.len() < tables.len() {
        let before = done.len();
        for (i, t) in tables.iter().enumerate() {
            if done.contains(&i) {
                continue;
            }
            let ready = reads(t).iter().all(|name| {
                tables
                    .iter()
                    .enumerate()
                    .all(|(j, u)| u.name != *name || j == i || done.contains(&j))
            });
            if ready {
                done.push(i);
            }
        }
        if done.len() == before {
            // A cycle is a declaration bug; the tests build every table.
            let rest: Vec<usize> = (0..tables.len()).filter(|i| !done.contains(i)).collect();
            done.extend(rest);
        }
    }
    done
}

/// Every number rounded to the decimals it is printed with.
fn as_printed(t: &mut Table) {
    for row in &mut t.rows {
        for (v, col) in row.iter_mut().zip(&t.columns) {
            *v = derive::as_printed(v, col);
        }
    }
}

/// Primary and secondary suppression of one table's counts, the audit's
/// remedies, and statistics withheld with what they rest on.
fn suppress(t: &Table, d: &Disclosure, remedies: &[&Remedy]) -> Table {
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
    for r in remedies {
        let (Some(c), true) = (t.col(&r.column), r.row < rows.len()) else {
            continue;
        };
        let v = &mut rows[r.row][c];
        match (r.action, &mut *v) {
            (Action::Withhold, _) => *v = Val::Suppressed,
            (Action::Decimals(k), Val::Num { places, .. }) => {
                *places = Some(places.map_or(k, |p| p.min(k)));
            }
            _ => {}
        }
    }
    // A statistic withheld with a count it rests on: repeat with
    // secondary suppression until nothing changes.
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

/// Applies disclosure control to one table on its own, with no remedies:
/// its counts, its statistics, and its derived figures worked out from
/// its own published figures (rules that read other tables see none).
pub fn apply(t: &Table, d: &Disclosure) -> Table {
    disclose(std::slice::from_ref(t), d, &Consts::none(), &[])
        .pop()
        .expect("one table in, one out")
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

    /// Projects with (people, improved, cost): a share and money per head
    /// declared as worked out from the row's figures.
    fn derived(rows: &[(&'static str, f64, f64, f64)]) -> Table {
        use crate::disclose::{Rule, per_head, share};
        const SHARE: Rule = Rule {
            text: "k ÷ n",
            from: &["k", "n"],
            reads: &[],
            f: |v, _| Some(share(v[0], v[1])),
        };
        const PER_HEAD: Rule = Rule {
            text: "cost ÷ n",
            from: &["cost", "n"],
            reads: &[],
            f: |v, _| Some(per_head(v[0], v[1])),
        };
        Spec::<&(&'static str, f64, f64, f64)>::new("t", "T")
            .col(Column::key("project", "Project"), |r| Val::text(r.0))
            .col(Column::count("n", "People"), |r| Val::Count(r.1))
            .col(Column::count("k", "Improved"), |r| Val::Count(r.2))
            .col(Column::plain("cost", "Cost", Format::Money), |r| {
                Val::plain(r.3)
            })
            .col(
                Column::derived("rate", "Share", Format::Percent, SHARE),
                |r| Val::stat(r.2 / r.1, Some(r.1 as u64)),
            )
            .col(
                Column::derived("per_head", "Cost per person", Format::Money, PER_HEAD),
                |r| Val::stat(r.3 / r.1, Some(r.1 as u64)),
            )
            .build(rows)
            .unwrap()
    }

    #[test]
    fn a_share_and_money_per_head_are_worked_out_from_the_published_counts() {
        // 11 of 12 improved: exact share 11/12 = 0.9167, which beside the
        // published "10 of 10" would pin 11 of 12 (the PP-SAL-11).
        // Published: n 12 → 10, k 11 → 10, share 10/10 = 1.0000. Cost
        // £1,000 per person: exact 1000/12 = 83.33 would give n = 12;
        // published 1000/10 = 100.00.
        let t = derived(&[("P", 12.0, 11.0, 1000.0)]);
        let out = apply(&t, &rules());
        let row: Vec<String> = (0..6).map(|c| out.cell(&out.rows[0], c, "*")).collect();
        assert_eq!(row, ["P", "10", "10", "1000.00", "1.0000", "100.00"]);
        // The internal edition keeps the stage's exact figures.
        let exact: Vec<String> = (0..6).map(|c| t.cell(&t.rows[0], c, "*")).collect();
        assert_eq!(exact, ["P", "12", "11", "1000.00", "0.9167", "83.33"]);
    }

    #[test]
    fn a_figure_worked_out_from_a_withheld_count_is_withheld_and_from_none_is_empty() {
        // Q: 23 people, 5 improved → k withheld, so the share is; the cost
        // per person is 1000/25 = 40.00 from the published 25 (not 43.48).
        // R: nobody → share and cost per person empty (not 0).
        let t = derived(&[("Q", 23.0, 5.0, 1000.0), ("R", 0.0, 0.0, 50.0)]);
        let out = apply(&t, &rules());
        assert_eq!(shown(&out, 4), ["*", ""]);
        assert_eq!(shown(&out, 5), ["40.00", ""]);
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

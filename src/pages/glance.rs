//! Projects at a glance, as OHID Fingertips shows areas: one row per
//! project with its figures beside the programme's, each share marked by
//! where it sits against the funnel limits (funnels.csv: better, similar
//! or worse at 95 % and 99.8 %) in a symbol and words as well as colour,
//! and the project's return status in the same row.
//!
//! For the commissioner's report only: an evidence pack is public and
//! compares no project with another. Every figure is read from the
//! published tables (expected returns, vfm, vfm_effectiveness, funnels).

use super::html::Row;
use super::numbers;
use super::report::Report;
use crate::aggregate::{ALL_PROJECTS, Receipt, TOTAL};
use crate::core::escape::html as esc;
use crate::disclose::Table;
use crate::disclose::tables::cols::*;
use crate::disclose::tables::{EXPECTED_RETURNS, FUNNELS, VFM, VFM_EFFECTIVENESS};
use std::fmt::Write;

/// Where a project's share sits against the programme's funnel limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Above the 99.8 % limit.
    Better998,
    /// Above the 95 % limit (within 99.8 %).
    Better95,
    Similar,
    Worse95,
    Worse998,
    /// Not placed: withheld, or not on the funnel.
    NotCompared,
}

impl Mark {
    /// From funnels.csv's position columns ("above", "within", "below").
    pub fn from_positions(p95: &str, p998: &str) -> Mark {
        match (p95, p998) {
            (_, "above") => Mark::Better998,
            (_, "below") => Mark::Worse998,
            ("above", _) => Mark::Better95,
            ("below", _) => Mark::Worse95,
            ("within", _) => Mark::Similar,
            _ => Mark::NotCompared,
        }
    }

    /// (CSS class, symbol, words): the symbol and words carry the meaning,
    /// the colour repeats it.
    pub fn show(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Mark::Better998 => ("better2", "▲▲", "better (99.8\u{a0}%)"),
            Mark::Better95 => ("better", "▲", "better (95\u{a0}%)"),
            Mark::Similar => ("similar", "●", "similar"),
            Mark::Worse95 => ("worse", "▼", "worse (95\u{a0}%)"),
            Mark::Worse998 => ("worse2", "▼▼", "worse (99.8\u{a0}%)"),
            Mark::NotCompared => ("none", "", "not compared"),
        }
    }
}

/// The objectives that have a funnel, in config order, with their funnel
/// rows.
fn compared<'a>(r: &'a Report, funnels: &'a Table) -> Vec<(u8, &'a str)> {
    let Some(c) = funnels.index(OBJECTIVE) else {
        return Vec::new();
    };
    r.config
        .objectives
        .iter()
        .filter(|o| {
            funnels
                .rows
                .iter()
                .any(|row| funnels.cell(row, c, "") == o.id.to_string())
        })
        .map(|o| (o.id, o.short.as_str()))
        .collect()
}

/// A project's return status and its CSS class, from its rows of
/// expected_returns: one quarter's as it is; over several quarters, how
/// many arrived and each one that was not on time.
fn return_status(
    expected: &Table,
    rows: &[&Vec<crate::disclose::Val>],
    symbol: &str,
) -> (String, &'static str) {
    let one = |p: &Vec<crate::disclose::Val>| {
        let row = Row {
            t: expected,
            row: p,
            symbol,
        };
        let status = expected.text(p, RETURN_STATUS, "");
        let late = row.show(DAYS_LATE);
        let text = match status.as_str() {
            "late" if late != numbers::NONE => format!("Late ({late} days)"),
            s => capitalise(s),
        };
        let class = match status.as_str() {
            "on time" => "ontime",
            "missing" | "received but rejected" => "missing",
            _ => "late",
        };
        (text, class)
    };
    if let [p] = rows {
        return one(p);
    }
    let each: Vec<(String, &str, String)> = rows
        .iter()
        .map(|p| {
            let (text, class) = one(p);
            let quarter = expected.text(p, QUARTER, "");
            let short = quarter.rsplit(' ').next().unwrap_or_default().to_string();
            (text, class, short)
        })
        .collect();
    let received = each.iter().filter(|(_, c, _)| *c != "missing").count();
    let exceptions: Vec<String> = each
        .iter()
        .filter(|(_, c, _)| *c != "ontime")
        .map(|(t, _, q)| format!("{q}: {}", t.to_lowercase()))
        .collect();
    let class = if each.iter().any(|(_, c, _)| *c == "missing") {
        "missing"
    } else if exceptions.is_empty() {
        "ontime"
    } else {
        "late"
    };
    let mut text = format!("{received} of {} quarters", each.len());
    if exceptions.is_empty() {
        text.push_str(", on time");
    } else {
        let _ = write!(text, " ({})", exceptions.join("; "));
    }
    (text, class)
}

/// The section.
pub fn glance(r: &Report, o: &mut String) {
    let symbol = r.symbol();
    let (Some(expected), Some(vfm)) = (r.published.get(EXPECTED_RETURNS), r.published.get(VFM))
    else {
        return;
    };
    let effectiveness = r.published.get(VFM_EFFECTIVENESS);
    let funnels = r.published.get(FUNNELS);
    let objectives = funnels.map(|f| compared(r, f)).unwrap_or_default();
    let _ = write!(
        o,
        "<section id=\"glance\" class=\"new-page\"><h2>Projects at a glance</h2><p class=\"note\">Each share is marked by where it sits against the programme's funnel limits: <strong>▲ better</strong> or <strong>▼ worse</strong> outside the 95&nbsp;% limits (chance alone puts a project there one time in twenty), <strong>▲▲</strong> or <strong>▼▼</strong> outside the 99.8&nbsp;% limits (one time in five hundred), <strong>● similar</strong> within them; the limits allow for a small project varying more. {} marks a figure withheld because it rests on too few people. For the commissioner only: the published evidence packs compare no project with another.</p>",
        esc(symbol)
    );
    let _ = write!(
        o,
        "<table class=\"glance\"><caption>Each project beside the programme<span class=\"sub\">{}: {}. Under each objective, the share of the project's people with a paired score who improved.</span></caption><thead><tr><th scope=\"col\">Project and area</th><th scope=\"col\">Return</th><th scope=\"col\">People taking part</th><th scope=\"col\">With a paired score</th>",
        capitalise(r.quarter.noun()),
        esc(&r.quarter.to_string())
    );
    for (id, short) in &objectives {
        let _ = write!(o, "<th scope=\"col\">Objective {id}: {}</th>", esc(short));
    }
    o.push_str("<th scope=\"col\">Cost per participant</th></tr></thead><tbody>");
    // Rows looked up by their keys, indexed once (a national run has
    // thousands of projects; a search per project and objective made the
    // page quadratic). The first row of a key, as a search finds it.
    let mut effective_rows = std::collections::HashMap::new();
    if let Some(t) = effectiveness {
        for row in &t.rows {
            if matches!(t.text(row, LEVEL, "").as_str(), "project" | "total") {
                effective_rows.entry(t.text(row, KEY, "")).or_insert(row);
            }
        }
    }
    let paired = |key: &str| -> String {
        effectiveness
            .zip(effective_rows.get(key))
            .map(|(t, row)| Row { t, row, symbol }.show(N_PEOPLE_PAIRED))
            .unwrap_or_else(|| numbers::NONE.to_string())
    };
    let mut funnel_rows = std::collections::HashMap::new();
    if let Some(t) = funnels {
        for row in &t.rows {
            let key = (t.text(row, OBJECTIVE, ""), t.text(row, PROJECT_ID, ""));
            funnel_rows.entry(key).or_insert(row);
        }
    }
    let share = |objective: u8, project: &str, o: &mut String| {
        let found = funnels.and_then(|t| {
            funnel_rows
                .get(&(objective.to_string(), project.to_string()))
                .map(|row| Row { t, row, symbol })
        });
        let Some(f) = found else {
            let _ = write!(o, "<td class=\"n\">{}</td>", numbers::NONE);
            return;
        };
        if project == ALL_PROJECTS {
            let _ = write!(o, "<td class=\"n\">{}</td>", esc(&f.show(PROGRAMME_RATE)));
            return;
        }
        let mark = Mark::from_positions(
            &f.t.text(f.row, POSITION_95, ""),
            &f.t.text(f.row, POSITION_998, ""),
        );
        let (class, sym, words) = mark.show();
        // A share withheld (or not placed) is shown as it is published,
        // with no mark: the note above says what * means.
        let pos = if mark == Mark::NotCompared {
            String::new()
        } else {
            format!(
                "<span class=\"pos\"><span aria-hidden=\"true\">{sym}</span> {}</span>",
                esc(words)
            )
        };
        let _ = write!(
            o,
            "<td class=\"n mark {class}\">{}{pos}</td>",
            esc(&f.show(RATE_IMPROVED))
        );
    };
    // The programme first, then each project.
    let total = Row::find(vfm, PROJECT_ID, TOTAL, symbol);
    let (n_expected, _) = r.quality.expected_and_unlisted();
    let received = n_expected
        - r.quality.expected_at(Receipt::Missing)
        - r.quality.expected_at(Receipt::Rejected);
    if let Some(t) = total {
        let _ = write!(
            o,
            "<tr class=\"programme\"><th scope=\"row\">All projects</th><td>{received} of {n_expected} received</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            esc(&t.show(PARTICIPANTS)),
            esc(&paired(TOTAL))
        );
        for (id, _) in &objectives {
            share(*id, ALL_PROJECTS, o);
        }
        let _ = write!(
            o,
            "<td class=\"n\">{}</td></tr>",
            esc(&t.show(COST_PER_PARTICIPANT))
        );
    }
    // One row per project: over a longer period, its returns quarter by
    // quarter in one cell.
    let mut projects: Vec<(String, Vec<&Vec<crate::disclose::Val>>)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in &expected.rows {
        let id = expected.text(p, PROJECT_ID, "");
        match at.get(&id) {
            Some(&i) => projects[i].1.push(p),
            None => {
                at.insert(id.clone(), projects.len());
                projects.push((id, vec![p]));
            }
        }
    }
    // vfm.csv's row of each project (the first, as a search finds it).
    let mut vfm_rows = std::collections::HashMap::new();
    if let Some(c) = vfm.index(PROJECT_ID) {
        for row in &vfm.rows {
            if let crate::disclose::Val::Text(id) = &row[c] {
                vfm_rows.entry(id.as_str()).or_insert(row);
            }
        }
    }
    for (id, rows) in &projects {
        let p = rows[rows.len() - 1];
        let (status_text, class) = return_status(expected, rows, symbol);
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{} <span class=\"id\">{} · {}</span></th><td class=\"status {class}\">{}</td>",
            esc(&expected.text(p, PROJECT_NAME, "")),
            esc(id),
            esc(&expected.text(p, AREA, "")),
            esc(&status_text)
        );
        match vfm_rows.get(id.as_str()).map(|row| Row {
            t: vfm,
            row,
            symbol,
        }) {
            Some(v) => {
                let _ = write!(
                    o,
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    esc(&v.show(PARTICIPANTS)),
                    esc(&paired(id))
                );
                for (oid, _) in &objectives {
                    share(*oid, id, o);
                }
                let _ = write!(
                    o,
                    "<td class=\"n\">{}</td></tr>",
                    esc(&v.show(COST_PER_PARTICIPANT))
                );
            }
            None => {
                let cells = 3 + objectives.len();
                for _ in 0..cells {
                    let _ = write!(o, "<td class=\"n\">{}</td>", numbers::NONE);
                }
                o.push_str("</tr>");
            }
        }
    }
    o.push_str("</tbody></table></section>\n");
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funnel_positions_become_marks_in_words() {
        assert_eq!(Mark::from_positions("above", "above"), Mark::Better998);
        assert_eq!(Mark::from_positions("above", "within"), Mark::Better95);
        assert_eq!(Mark::from_positions("within", "within"), Mark::Similar);
        assert_eq!(Mark::from_positions("below", "within"), Mark::Worse95);
        assert_eq!(Mark::from_positions("below", "below"), Mark::Worse998);
        // Withheld in the published edition.
        assert_eq!(Mark::from_positions("*", "*"), Mark::NotCompared);
        assert_eq!(Mark::from_positions("", ""), Mark::NotCompared);
        for m in [Mark::Better998, Mark::Similar, Mark::Worse95] {
            let (_, symbol, words) = m.show();
            assert!(!symbol.is_empty() && !words.is_empty());
        }
    }
}

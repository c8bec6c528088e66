//! Building blocks shared by every HTML page needle writes (the report,
//! a project's feedback, an evidence pack): one stylesheet with print rules,
//! accessible tables and figures. Every piece of text is escaped here, at
//! the point it is written.

use super::numbers;
use crate::chart::Chart;
use crate::core::escape::html as esc;
use crate::disclose::{Column, Role, Table, Val};
use std::fmt::Write;

pub const CSS: &str = r#"
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#222;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1F4E79;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem;width:100%}
caption{text-align:left;font-weight:bold;padding:.3rem 0}caption .sub{display:block;font-weight:normal;font-size:.9em;color:#444}
th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.k{white-space:nowrap}
table.wide{font-size:.72rem}
thead th{background:#E8EEF4}
.badge{display:inline-block;padding:.2rem .6rem;border:2px solid #1F4E79;font-weight:bold}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
.note{font-size:.9em;color:#444}
.story{border-left:4px solid #1F4E79;padding:.1rem 1rem;margin:1rem 0}
.evidence{border:2px solid #444;padding:.5rem .8rem}
table.key th[scope=row]{font-weight:normal;background:#F5F7FA;width:32%}table.key td.n{white-space:nowrap}
.meaning{border-left:4px solid #1F4E79;padding:.1rem 1rem}
table.glance{font-size:.78rem;page-break-inside:auto}table.glance tbody th{min-width:12em}table.glance td.mark .pos{display:block;font-size:.85em}table.glance .id{display:block;font-size:.85em;font-weight:normal;color:#444}
table.glance tr.programme{font-weight:bold;background:#F5F7FA}table.glance tbody th{font-weight:normal}
td.better,td.better2{background:#DDEFE0}td.better2{box-shadow:inset 4px 0 #1B7837}td.worse,td.worse2{background:#F7DEDC}td.worse2{box-shadow:inset 4px 0 #B2182B}td.similar{background:#FDF6DC}
td.status.missing{background:#F7DEDC;font-weight:bold}td.status.late{background:#FDF6DC}
@media print{body{margin:0;max-width:none;font-size:10pt}body.chapters section{page-break-before:always}body.chapters section:first-of-type{page-break-before:avoid}
body.flow section.new-page{page-break-before:always}body.flow h2{margin-top:.6rem}body.flow{font-size:9.5pt;line-height:1.35}
body.flow h1{font-size:1.4rem;margin-top:0}body.flow header .badge{margin:.2rem 0}body.flow .meaning p{margin:.35rem 0}body.flow table.glance{font-size:8pt}body.flow table.glance th,body.flow table.glance td{padding:.12rem .3rem}body.flow table.key{font-size:9pt}body.flow table.key th,body.flow table.key td{padding:.15rem .35rem}
td.better,td.better2,td.worse,td.worse2,td.similar,td.status,tr.programme,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
table,figure,.story{page-break-inside:avoid}table.long{page-break-inside:auto}tr{page-break-inside:avoid}h2,h3,caption{page-break-after:avoid}thead{display:table-header-group}
table.wide{font-size:6.5pt}table.wide th,table.wide td{padding:.1rem .2rem}
body.run-on{font-size:8.5pt;line-height:1.3}body.run-on h1{font-size:1.3rem;margin:0}body.run-on h2{margin:.5rem 0 .2rem;font-size:1.05rem}body.run-on caption{padding:.1rem 0}
body.run-on table{margin:.4rem 0}body.run-on tbody th{width:45%}body.run-on p{margin:.4rem 0}body.run-on th,body.run-on td{padding:.1rem .3rem}body.run-on .badge{margin:.3rem 0}}
@page{margin:12mm}
"#;

/// Tables with more columns than this print in a smaller type, so that
/// they fit the width of an A4 page.
const WIDE: usize = 7;

/// Tables with more rows than this may break across printed pages (row
/// by row, the header repeated); shorter ones are kept whole.
const LONG: usize = 12;

/// A published table as an accessible HTML table: its caption, a header
/// of its columns' human labels, and its values as people read them
/// ([`numbers::cell`]). A key column that reads the same on every row
/// (the quarter, most often) is stated once under the caption instead of
/// on every row.
pub fn table(t: &Table, symbol: &str, out: &mut String) {
    let constant = constant_keys(t);
    let shown: Vec<usize> = (0..t.columns.len())
        .filter(|c| !constant.iter().any(|(k, _)| k == c))
        .collect();
    let mut classes = Vec::new();
    if shown.len() > WIDE {
        classes.push("wide");
    }
    if t.rows.len() > LONG {
        classes.push("long");
    }
    let class = if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", classes.join(" "))
    };
    let _ = write!(out, "<table{class}><caption>{}", esc(&t.title));
    let stated: Vec<String> = constant
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(c, v)| format!("{}: {}", t.columns[*c].label, v))
        .collect();
    if !stated.is_empty() {
        let _ = write!(
            out,
            "<span class=\"sub\">{}</span>",
            esc(&stated.join("; "))
        );
    }
    out.push_str("</caption><thead><tr>");
    for &c in &shown {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(t.columns[c].label));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for &c in &shown {
            let (v, col) = (&row[c], &t.columns[c]);
            // A short code (PP-MAN-01, a date) never breaks at its hyphens.
            let class = match v {
                Val::Text(s) if s.len() <= 16 && !s.contains(' ') => " class=\"k\"",
                Val::Text(_) => "",
                _ => " class=\"n\"",
            };
            let _ = write!(
                out,
                "<td{class}>{}</td>",
                esc(&numbers::cell(v, col.format, symbol))
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

/// The key columns whose value is the same text on every row of `t`, with
/// that text as a page shows it: stated once above the table.
fn constant_keys(t: &Table) -> Vec<(usize, String)> {
    let Some(first) = t.rows.first() else {
        return Vec::new();
    };
    (0..t.columns.len())
        .filter(|&c| t.columns[c].role == Role::Key)
        .filter_map(|c| match &first[c] {
            Val::Text(s) if t.rows.iter().all(|r| r[c] == first[c]) => {
                Some((c, numbers::cell(&Val::text(s), t.columns[c].format, "")))
            }
            _ => None,
        })
        .collect()
}

/// One row of a published table, read by column name.
#[derive(Clone, Copy)]
pub(super) struct Row<'a> {
    pub t: &'a Table,
    pub row: &'a [Val],
    pub symbol: &'a str,
}

impl<'a> Row<'a> {
    /// The first row of `t` whose column `by` reads `value`.
    pub fn find(t: &'a Table, by: Column, value: &str, symbol: &'a str) -> Option<Row<'a>> {
        let c = t.index(by)?;
        t.rows
            .iter()
            .find(|r| matches!(&r[c], Val::Text(s) if s == value))
            .map(|row| Row { t, row, symbol })
    }

    /// The value of column `c` (empty when the table has no such column).
    pub fn val(&self, c: Column) -> &'a Val {
        self.t.index(c).map_or(&Val::Empty, |i| &self.row[i])
    }

    /// The value of column `c` as a page shows it.
    pub fn show(&self, c: Column) -> String {
        self.t.index(c).map_or(String::new(), |i| {
            numbers::cell(&self.row[i], self.t.columns[i].format, self.symbol)
        })
    }

    /// The number behind column `c`, when it is shown.
    pub fn num(&self, c: Column) -> Option<f64> {
        self.val(c).as_f64()
    }

    /// The base a statistic in column `c` rests on, when it is shown.
    pub fn base(&self, c: Column) -> Option<u64> {
        match self.val(c) {
            Val::Num { base, .. } => *base,
            _ => None,
        }
    }
}

/// Writes the figures whose chart name passes `pick`, in order.
pub fn figures(o: &mut String, charts: &[(Chart, String)], pick: impl Fn(&str) -> bool) {
    for (chart, svg) in charts.iter().filter(|(c, _)| pick(c.name())) {
        let _ = write!(
            o,
            "<figure role=\"img\" aria-label=\"{}\">{}<figcaption>{}</figcaption></figure>",
            esc(&chart.alt_text()),
            strip_xml_prolog(svg),
            esc(chart.title())
        );
    }
}

fn strip_xml_prolog(svg: &str) -> &str {
    svg.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or(svg)
}

/// How a page prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Print {
    /// Each section starts a new printed page (an evidence pack).
    Chapters,
    /// Sections run on; a section marked `new-page` starts a printed page
    /// (the report: its summary, body chapters and appendices).
    Flow,
    /// Sections run on (a project's one-page feedback).
    RunOn,
}

/// The document head and the page title (h1) with the edition badge.
pub fn open(o: &mut String, title: &str, badge: &str, print: Print) {
    let class = match print {
        Print::Chapters => "chapters",
        Print::Flow => "flow",
        Print::RunOn => "run-on",
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body class=\"{class}\">\n",
        esc(title)
    );
    let _ = writeln!(
        o,
        "<header><h1>{}</h1><p class=\"badge\">{}</p></header>",
        esc(title),
        esc(badge)
    );
}

/// Closes what [`open`] opened.
pub fn close(o: &mut String) {
    o.push_str("</body>\n</html>\n");
}

/// The plain statement of the strength of evidence every report and pack
/// carries (MEASURES.md: Maryland Scientific Methods Scale).
pub const EVIDENCE_STRENGTH: &str = "Strength of evidence: these figures compare the same people before and after, with no comparison group of people who did not take part. That is level 2 of 5 on the Maryland Scientific Methods Scale: it shows that change happened, not how much of it the projects caused.";

/// How outcomes are measured, and each measure's threshold and source.
pub fn measures_method(o: &mut String, config: &crate::config::Config) {
    o.push_str("<p>Each person's follow-up score is compared with their baseline on the same measure; a row without a follow-up is counted as not yet measured, never as no change. A meaningful improvement is a change at least as large as the threshold below; a reliable change one larger than measurement error; a clinical cut-off gives caseness and recovery, while a wellbeing band only describes how scores spread (config/measures.toml).</p><table class=\"wide\"><caption>Measures</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Meaningful change</th><th scope=\"col\">Reliable change</th><th scope=\"col\">Cut-off</th><th scope=\"col\">Source</th><th scope=\"col\">Licence</th></tr></thead><tbody>");
    let assumed = |a: bool| if a { " (assumption)" } else { "" };
    for m in &config.measures {
        let reliable = m.reliable_change.as_ref().map_or("none".to_string(), |r| {
            format!("{}{}", r.value, assumed(r.assumption))
        });
        let cutoff = m.cutoff.as_ref().map_or("none".to_string(), |c| {
            let kind = match c.kind {
                crate::config::CutoffKind::Clinical => "clinical",
                crate::config::CutoffKind::Band => "wellbeing band",
            };
            format!("{kind}: {}{}", c.label, assumed(c.assumption))
        });
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.name),
            m.meaningful_change.value,
            assumed(m.meaningful_change.assumption),
            esc(&reliable),
            esc(&cutoff),
            esc(&m.source),
            esc(&m.licence)
        );
    }
    o.push_str("</tbody></table>");
    clinical_method(o, config);
}

/// How clinical results are counted (NHS Talking Therapies), from config.
fn clinical_method(o: &mut String, config: &crate::config::Config) {
    let p = &config.pairing;
    let f = &config.finished_course;
    let name = |id: &str| {
        config
            .measure_by_id(id)
            .map_or(id, |m| m.id.as_str())
            .to_string()
    };
    let named: Vec<String> = p
        .descriptors
        .iter()
        .filter_map(|d| Some(format!("{} → {}", d.name, name(d.anxiety.as_deref()?))))
        .collect();
    let _ = write!(
        o,
        "<p><strong>Clinical outcomes, as NHS Talking Therapies counts them.</strong> A person with {dep} and an anxiety measure is judged on the two together: the anxiety measure their problem descriptor names ({named}), else {anx}, also when that measure is missing. They are at caseness at the start if either is; recovered if at caseness at the start and on neither at follow-up; reliably improved if at least one improves by its reliable change and neither gets reliably worse; reliably worse the other way round; reliably recovered if recovered and reliably improved. A person with one clinical measure is judged on it, with {dep} and no anxiety measure on {dep} alone. For objective {obj} a person's improvement is this reliable improvement; for the other objectives, a meaningful improvement on at least one measure mapped to the objective. Recovery rates divide by the people at caseness at the start; reliable improvement and deterioration rates by the people judged on a clinical measure. Source: {src}</p>",
        dep = esc(&p.depression),
        anx = esc(&p.anxiety),
        named = esc(&named.join(", ")),
        obj = p.objective,
        src = esc(&p.source),
    );
    let _ = write!(
        o,
        "<p><strong>Finished courses only.</strong> A person whose People row gives fewer than {} sessions attended is left out of every outcome figure (they still count as a participant); a blank, or no People row, counts: not known is not ended early. Source: {}</p><p><strong>Projects compared.</strong> The funnel plots' control limits are exact binomial limits around the programme's share, with Spiegelhalter's interpolation (Spiegelhalter 2005, Statistics in Medicine 24:1185), at 95% and 99.8%, as OHID Fingertips draws them; in the published edition they are worked out at the published (rounded) number of people (tables/funnels.csv).</p>",
        f.min_sessions,
        esc(&f.source)
    );
}

/// What disclosure control did to the figures, for the disclosure section.
pub fn disclosure_note(config: &crate::config::Config, suppressed: bool) -> String {
    let d = &config.disclosure;
    if suppressed {
        format!(
            "Counts of 1 to {} are shown as {} and other counts are rounded to the nearest {}; no mean, rate or value is shown from fewer than {} people. Source: {}.",
            d.suppress_up_to, d.symbol, d.round_to, d.min_people_for_statistic, d.source
        )
    } else {
        "This edition shows exact figures (--no-suppression). It is for the commissioner's internal use and must not be published.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclose::{Column, Format, Spec};

    #[test]
    fn a_key_column_the_same_on_every_row_is_stated_once_above_the_table() {
        let rows = [
            ("2026/27 Q2", "Salford", 12u64),
            ("2026/27 Q2", "Stockport", 1500),
        ];
        let t = Spec::<&(&str, &str, u64)>::new("t", "People by area")
            .col(Column::key("quarter", "Quarter"), |r| Val::text(r.0))
            .col(Column::key("area", "Area"), |r| Val::text(r.1))
            .col(Column::plain("n", "People", Format::Count), |r| {
                Val::plain(r.2 as f64)
            })
            .build(&rows)
            .unwrap();
        let mut o = String::new();
        table(&t, "*", &mut o);
        // The quarter once, under the caption; the area (it varies) and the
        // people as columns, with their labels and separators.
        assert!(
            o.contains(
                "<caption>People by area<span class=\"sub\">Quarter: 2026/27 Q2</span></caption>"
            ),
            "{o}"
        );
        assert!(!o.contains("<th scope=\"col\">Quarter</th>"), "{o}");
        assert!(
            o.contains("<th scope=\"col\">Area</th><th scope=\"col\">People</th>"),
            "{o}"
        );
        assert!(o.contains("<td class=\"n\">1,500</td>"), "{o}");
        assert_eq!(o.matches("2026/27 Q2").count(), 1, "{o}");
    }
}

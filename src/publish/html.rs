//! report.html: one self-contained, printable file. Inline CSS and SVG,
//! no scripts, no network. Every piece of text is escaped here, at the
//! point it is written.

use super::chart::Chart;
use super::escape::html as esc;
use super::table::{PubTable, Val};
use crate::aggregate::Receipt;
use crate::config::Config;
use crate::contract::{Quarter, ReturnReport, Status};
use std::fmt::Write;

/// What the report is made of; everything is already disclosed.
pub struct ReportInput<'a> {
    pub quarter: Quarter,
    pub config: &'a Config,
    pub suppressed: bool,
    pub returns: &'a [ReturnReport],
    pub objectives: &'a PubTable,
    pub measures: &'a PubTable,
    pub vfm: &'a PubTable,
    /// Charts with their SVG text.
    pub charts: &'a [(Chart, String)],
    pub activity_types: &'a PubTable,
    pub followup: &'a PubTable,
    pub indicators: &'a PubTable,
    pub quality: &'a crate::aggregate::DataQuality,
    pub expected_returns: &'a PubTable,
    pub issues_by_code: &'a PubTable,
    pub price_year: &'a str,
}

const CSS: &str = r#"
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#222;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1F4E79;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem;width:100%}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#E8EEF4}
.badge{display:inline-block;padding:.2rem .6rem;border:2px solid #1F4E79;font-weight:bold}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
.note{font-size:.9rem;color:#444}
@media print{body{margin:0;max-width:none}section{page-break-before:always}section:first-of-type{page-break-before:avoid}
table,figure{page-break-inside:avoid}}
"#;

fn table(t: &PubTable, symbol: &str, out: &mut String) {
    let _ = write!(
        out,
        "<table><caption>{}</caption><thead><tr>",
        esc(&t.title)
    );
    for c in &t.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(c));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for v in row {
            let class = if matches!(v, Val::Text(_)) {
                ""
            } else {
                " class=\"n\""
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(&v.render(symbol)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

/// The whole report as HTML text.
pub fn render(r: &ReportInput) -> String {
    let symbol = r.config.disclosure.symbol.as_str();
    let mut o = String::with_capacity(256 * 1024);
    let title = format!(
        "Community mental health projects: quarterly report, {}",
        r.quarter
    );
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let edition = if r.suppressed {
        "Published edition: small numbers suppressed"
    } else {
        "Internal edition: exact figures, NOT for publication"
    };
    let _ = writeln!(
        o,
        "<header><h1>{}</h1><p class=\"badge\">{}</p></header>",
        esc(&title),
        esc(edition)
    );

    // Headline.
    // Returns for the report quarter, and files that could not be placed in
    // any quarter (rejected before the About sheet was read).
    let this_quarter: Vec<&ReturnReport> = r
        .returns
        .iter()
        .filter(|x| x.quarter.is_none_or(|q| q == r.quarter))
        .collect();
    let counted = |s: Status| this_quarter.iter().filter(|x| x.status == s).count();
    let used = counted(Status::Accepted) + counted(Status::AcceptedWithErrors);
    let _ = write!(
        o,
        "<section id=\"headline\"><h2>Headline</h2><p>{} return(s) were read for {}: {} used, {} superseded by a later return and {} rejected.</p>",
        this_quarter.len(),
        esc(&r.quarter.to_string()),
        used,
        counted(Status::Superseded),
        counted(Status::Rejected)
    );
    if let Some(total) = r.vfm.rows.last() {
        let get = |name: &str| {
            r.vfm
                .col(name)
                .map(|i| total[i].render(symbol))
                .unwrap_or_default()
        };
        let _ = write!(
            o,
            "<p>Across all projects: cost £{}, participants {}, people with a meaningful improvement {}, central social value £{} ({} prices).</p>",
            esc(&get("cost_gbp")),
            esc(&get("participants")),
            esc(&get("outcomes")),
            esc(&get("value_central_gbp")),
            esc(r.price_year)
        );
    }
    o.push_str("</section>\n");

    // Objectives.
    o.push_str("<section id=\"objectives\"><h2>The six objectives</h2>");
    figures(&mut o, r.charts, |n| {
        n == "objectives" || n == "distance" || n == "trends"
    });
    o.push_str("<h3>Projects compared</h3><p class=\"note\">Funnel plots: each project's share of people improved against its number of people. Points outside the dotted 99.8% limits differ from the programme by more than chance would explain; small projects vary more, which the funnel allows for.</p>");
    figures(&mut o, r.charts, |n| n.starts_with("funnel-"));
    table(r.objectives, symbol, &mut o);
    table(r.indicators, symbol, &mut o);
    o.push_str("</section>\n<section id=\"projects\"><h2>Projects and activity types</h2>");
    table(r.measures, symbol, &mut o);
    table(r.activity_types, symbol, &mut o);
    o.push_str("</section>\n<section id=\"vfm\"><h2>Value for money</h2>");
    let _ = write!(
        o,
        "<p class=\"note\">All £ figures in {} prices.</p>",
        esc(r.price_year)
    );
    table(r.vfm, symbol, &mut o);
    figures(&mut o, r.charts, |n| n.starts_with("cost-per-"));
    o.push_str("<p class=\"note\">The fuller value-for-money tables (economy, efficiency, effectiveness, fiscal, social value, equity and bootstrap intervals) are in vfm.xlsx and tables/vfm_*.csv.</p></section>\n");

    // Data quality.
    o.push_str("<section id=\"data-quality\"><h2>Data quality</h2>");
    let (expected, unlisted) = r.quality.expected_and_unlisted();
    let at = |x: Receipt| r.quality.expected_at(x);
    let _ = write!(
        o,
        "<p>{expected} return(s) were expected for {}: {} on time, {} late, {} without a submission date, {} rejected and {} missing. {unlisted} return(s) came from projects not on the expected list (config/expected.toml).</p>",
        esc(&r.quarter.to_string()),
        at(Receipt::OnTime),
        at(Receipt::Late),
        at(Receipt::NoDate),
        at(Receipt::Rejected),
        at(Receipt::Missing),
    );
    table(r.expected_returns, symbol, &mut o);
    o.push_str("<table><caption>Returns read</caption><thead><tr>");
    for h in [
        "File",
        "Project",
        "Quarter",
        "Status",
        "Rows read",
        "Accepted",
        "Refused",
        "Errors",
        "Warnings",
    ] {
        let _ = write!(o, "<th scope=\"col\">{h}</th>");
    }
    o.push_str("</tr></thead><tbody>");
    for rep in r.returns {
        let (read, acc, refd) = rep.rows.values().fold((0, 0, 0), |(a, b, c), s| {
            (a + s.read, b + s.accepted, c + s.refused)
        });
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{read}</td><td class=\"n\">{acc}</td><td class=\"n\">{refd}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&rep.file),
            esc(rep.project_id.as_deref().unwrap_or("")),
            esc(&rep.quarter.map(|q| q.to_string()).unwrap_or_default()),
            rep.status.label(),
            rep.errors(),
            rep.warnings()
        );
    }
    o.push_str("</tbody></table>");
    table(r.issues_by_code, symbol, &mut o);
    table(r.followup, symbol, &mut o);
    o.push_str("<p class=\"note\">Every issue, with its cell and how to fix it, is in validation.json.</p></section>\n");

    // Method and sources.
    o.push_str("<section id=\"method\"><h2>Method, sources and assumptions</h2><p>Each person's follow-up score is compared with their baseline on the same measure; a row without a follow-up is counted as not yet measured, never as no change. Thresholds below come from config/measures.toml.</p><table><caption>Measures</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Meaningful change</th><th scope=\"col\">Source</th><th scope=\"col\">Licence</th></tr></thead><tbody>");
    for m in &r.config.measures {
        let assumed = if m.meaningful_change.assumption {
            " (assumption)"
        } else {
            ""
        };
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.name),
            m.meaningful_change.value,
            assumed,
            esc(&m.source),
            esc(&m.licence)
        );
    }
    let v = &r.config.valuation;
    let _ = writeln!(
        o,
        "</tbody></table><p>Wellbeing is valued at £{:.0} per WELLBY (low £{:.0}, high £{:.0}) in {} prices, uprated to {} prices with the {} GDP deflator. Source: {}. This is a before-and-after design with no comparison group: level 2 on the Maryland Scientific Methods Scale.</p></section>",
        v.wellby.central,
        v.wellby.low,
        v.wellby.high,
        esc(&v.wellby.price_year),
        esc(&v.report_price_year),
        esc(&v.deflator.series),
        esc(&v.wellby.source)
    );

    // Disclosure.
    let d = &r.config.disclosure;
    let note = if r.suppressed {
        format!(
            "Counts of 1 to {} are shown as {} and other counts are rounded to the nearest {}; no mean, rate or value is shown from fewer than {} people. Source: {}.",
            d.suppress_up_to, d.symbol, d.round_to, d.min_people_for_statistic, d.source
        )
    } else {
        "This edition shows exact figures (--no-suppression). It is for the commissioner's internal use and must not be published.".to_string()
    };
    let _ = write!(
        o,
        "<section id=\"disclosure\"><h2>Disclosure control</h2><p>{}</p><p>No participant reference appears in this report.</p></section>\n</body>\n</html>\n",
        esc(&note)
    );
    o
}

/// Writes the figures whose chart name passes `pick`, in order.
fn figures(o: &mut String, charts: &[(Chart, String)], pick: impl Fn(&str) -> bool) {
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

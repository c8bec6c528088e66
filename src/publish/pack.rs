//! An evidence pack for advocates (`needle pack`): pack.html, its charts,
//! CSVs of exactly the figures it shows, the stories whose Consent to
//! publish is Yes, the method and sources, and a plain statement of the
//! strength of evidence. Disclosure control is always on: a pack is made
//! to be published.

use super::charts::{self, ChartInput};
use super::page::{self, figures, table};
use super::table::{PubTable, Val};
use super::{Artefact, PublishError, csv_out, disclosure, tables};
use crate::aggregate::{ALL_AREAS, Tables};
use crate::config::Config;
use crate::core::escape::html as esc;
use crate::score::StoryFact;
use std::fmt::Write;

/// A project whose returns are in the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct PackProject {
    pub project_id: String,
    pub name: String,
    pub area: String,
}

/// Everything a pack is made of. `tables` are the period's tables (every
/// quarter in the span pooled, `trends` quarter by quarter), already cut
/// to the chosen objective, area and activity type.
pub struct PackInput<'a> {
    pub config: &'a Config,
    pub title: String,
    /// What the pack covers, in words, e.g. "Salford, peer support,
    /// 2026/27 Q1 to 2026/27 Q2".
    pub scope: String,
    /// The span of quarters, e.g. "2026/27 Q1 to 2026/27 Q2": the quarter
    /// column of the pooled tables.
    pub period: String,
    pub tables: &'a Tables,
    /// Stories with consent, already chosen for the pack.
    pub stories: &'a [StoryFact],
    pub projects: &'a [PackProject],
    /// Every file read, with its sha256 (for manifest.json).
    pub inputs: &'a [crate::ingest::InputFile],
    /// Returns used (one per project per quarter).
    pub returns: usize,
    /// The options the pack was made with, for manifest.json.
    pub filters: serde_json::Value,
}

/// The pack's files, in memory.
pub fn publish(i: &PackInput) -> Result<Vec<Artefact>, PublishError> {
    let d = &i.config.disclosure;
    let objectives = disclosure::apply(&tables::objectives(i.tables), d);
    let trends = disclosure::apply(&tables::trends(i.tables), d);
    let measures = disclosure::apply(
        &tables::measure_rows(
            &i.tables.measures_pooled,
            "Distance travelled: all projects in the pack, per measure",
        ),
        d,
    );
    // The pooled tables are for the whole span, not its last quarter.
    let period = |mut t: PubTable| {
        if let Some(q) = t.col("quarter") {
            for r in &mut t.rows {
                r[q] = Val::Text(i.period.clone());
            }
        }
        t
    };
    let (objectives, measures) = (period(objectives), period(measures));
    let mut out = Vec::new();
    for t in [&objectives, &trends, &measures] {
        out.push(Artefact {
            path: format!("tables/{}.csv", t.name),
            bytes: csv_out::render(t, &d.symbol)?,
        });
    }
    let none = PubTable::new("none", "", &[]);
    let charts = charts::pack(
        &ChartInput {
            config: i.config,
            tables: i.tables,
            objectives: &objectives,
            trends: &trends,
            measures: &measures,
            vfm: &none,
            effectiveness: &none,
            org_types: &none,
            wellby_value: 0.0,
            min_people: d.min_people_for_statistic,
        },
        &i.scope,
    );
    let rendered = super::push_charts(super::render_charts(charts)?, &mut out);
    let html = render(i, &objectives, &trends, &measures, &rendered);
    out.push(Artefact {
        path: "pack.html".into(),
        bytes: html.into_bytes(),
    });
    let manifest = serde_json::json!({
        "needle_version": env!("CARGO_PKG_VERSION"),
        "pack": i.title,
        "scope": i.scope,
        "options": i.filters,
        "disclosure": super::SUPPRESSED,
        "stories": i.stories.len(),
    });
    super::push_manifest(&mut out, manifest, i.config, i.inputs)?;
    Ok(out)
}

fn render(
    i: &PackInput,
    objectives: &PubTable,
    trends: &PubTable,
    measures: &PubTable,
    charts: &[(super::chart::Chart, String)],
) -> String {
    let symbol = i.config.disclosure.symbol.as_str();
    let mut o = String::with_capacity(256 * 1024);
    page::open(
        &mut o,
        &i.title,
        "Published edition: small numbers suppressed",
        page::Print::Chapters,
    );

    // Summary in words, from the disclosed table.
    let _ = write!(
        o,
        "<section id=\"summary\"><h2>Summary</h2><p>This pack covers {}: {} return(s) from {} project(s).</p><ul>",
        esc(&i.scope),
        i.returns,
        i.projects.len()
    );
    let col = |n: &str| objectives.col(n);
    if let (Some(a), Some(id), Some(name), Some(np), Some(ni), Some(rate), Some(co)) = (
        col("area"),
        col("objective"),
        col("objective_name"),
        col("n_people"),
        col("n_improved"),
        col("rate_improved"),
        col("count_outcomes"),
    ) {
        for r in objectives
            .rows
            .iter()
            .filter(|r| r[a] == Val::Text(ALL_AREAS.into()))
        {
            let sentence = match (&r[np], r[rate].as_f64()) {
                (Val::Count(n), _) if *n == 0.0 => {
                    "No one had a before-and-after measure.".to_string()
                }
                (_, Some(share)) => format!(
                    "{} people had a before-and-after measure, and {} of them ({}%) improved meaningfully.",
                    r[np].render(symbol),
                    r[ni].render(symbol),
                    super::table::format_fixed(share * 100.0, 0)
                ),
                _ => format!(
                    "Fewer than {} people had a before-and-after measure, too few to publish a figure.",
                    i.config.disclosure.min_people_for_statistic
                ),
            };
            let counted = match &r[co] {
                Val::Count(n) if *n == 0.0 => String::new(),
                Val::Empty => String::new(),
                v => format!(
                    " The projects also counted {} outcome(s) on indicators mapped to it (Counts sheet).",
                    v.render(symbol)
                ),
            };
            let _ = write!(
                o,
                "<li><strong>Objective {}: {}.</strong> {}{}</li>",
                esc(&r[id].render(symbol)),
                esc(&r[name].render(symbol)),
                esc(&sentence),
                esc(&counted)
            );
        }
    }
    o.push_str("</ul>");
    let _ = write!(
        o,
        "<p class=\"evidence\"><strong>{}</strong></p>",
        esc(page::EVIDENCE_STRENGTH)
    );
    if !i.projects.is_empty() {
        o.push_str("<p>Projects: ");
        let names: Vec<String> = i
            .projects
            .iter()
            .map(|p| format!("{} ({})", esc(&p.name), esc(&p.area)))
            .collect();
        o.push_str(&names.join("; "));
        o.push_str(".</p>");
    }
    o.push_str("</section>\n");

    // Figures.
    o.push_str("<section id=\"figures\"><h2>Figures</h2><p class=\"note\">Counts are rounded to the nearest 5 and counts of 1 to 7 are shown as *, so shares are worked out from the exact numbers and may differ slightly from the rounded counts.</p>");
    figures(&mut o, charts, |_| true);
    table(objectives, symbol, &mut o);
    table(trends, symbol, &mut o);
    table(measures, symbol, &mut o);
    o.push_str("<p class=\"note\">The same figures are in tables/objectives.csv, tables/trends.csv and tables/measures.csv beside this file.</p></section>\n");

    // Stories.
    o.push_str("<section id=\"stories\"><h2>Stories</h2>");
    if i.stories.is_empty() {
        o.push_str(
            "<p>No story in these returns has consent to publish and matches this pack.</p>",
        );
    } else {
        o.push_str("<p class=\"note\">Every story here was given with consent to publish. Stories without that consent never leave needle.</p>");
    }
    for s in i.stories {
        let project = i
            .projects
            .iter()
            .find(|p| p.project_id == s.project_id)
            .map_or(s.project_id.as_str(), |p| p.name.as_str());
        let objectives: Vec<String> = s.objectives.iter().map(|k| k.to_string()).collect();
        let _ = write!(
            o,
            "<article class=\"story\"><h3>{}</h3><p class=\"note\">{}, {}, {}; objective(s) {}</p>",
            esc(&s.title),
            esc(project),
            esc(&s.area),
            esc(&s.quarter.to_string()),
            esc(&objectives.join(", "))
        );
        for para in s.text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
            let _ = write!(o, "<p>{}</p>", esc(para));
        }
        o.push_str("</article>");
    }
    o.push_str("</section>\n");

    // Method, sources, strength of evidence.
    o.push_str("<section id=\"method\"><h2>Method and sources</h2><p>Figures come from the quarterly returns of the projects named above, checked against the submission contract; rows with errors are left out and listed for the projects to fix. Each quarter in the span is pooled: a person counts once per objective, improved if they improved meaningfully on any measure mapped to it. The six objectives are those of <em>No Health Without Mental Health</em> (HM Government, 2011).</p>");
    page::measures_method(&mut o, i.config);
    let _ = writeln!(o, "<p>{}</p></section>", esc(page::EVIDENCE_STRENGTH));
    let _ = writeln!(
        o,
        "<section id=\"disclosure\"><h2>Disclosure control</h2><p>{}</p><p>No participant reference appears in this pack.</p></section>",
        esc(&page::disclosure_note(i.config, true))
    );
    page::close(&mut o);
    o
}

//! An evidence pack for advocates (`needle pack`): pack.html, with the
//! figures it shows, the stories whose Consent to publish is Yes, the
//! method and sources, and a plain statement of the strength of evidence.
//! A pack is made to be published, so its tables are always disclosed.

use super::html::{self as page, figures};
use crate::aggregate::{ALL_AREAS, Selection};
use crate::chart::Chart;
use crate::config::Config;
use crate::core::Quarter;
use crate::core::escape::html as esc;
use crate::disclose::tables::cols::*;
use crate::disclose::tables::{MEASURES, OBJECTIVES, TRENDS};
use crate::disclose::{Column, Published, Table, Val};
use crate::score::{Facts, ProjectFact, StoryFact};
use std::fmt::Write;

/// What a pack covers, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// "Evidence pack: Salford, peer support, 2026/27 Q1 to 2026/27 Q2".
    pub title: String,
    /// "Salford, peer support, 2026/27 Q1 to 2026/27 Q2".
    pub scope: String,
    /// The span of quarters, e.g. "2026/27 Q1 to 2026/27 Q2": the quarter
    /// column of the pooled tables.
    pub period: String,
    /// A file-name-safe name for the pack's folder.
    pub slug: String,
}

impl Scope {
    /// The scope of a pack of `chosen` (the facts `s` selected, from
    /// `first` to `last`), about `objective` when one is chosen. Areas and
    /// activity types are named as the returns spell them.
    pub fn new(
        config: &Config,
        (objective, s): (Option<u8>, &Selection),
        chosen: &Facts,
        projects: &[ProjectFact],
        (first, last): (Quarter, Quarter),
    ) -> Scope {
        let period = if first == last {
            first.to_string()
        } else {
            format!("{first} to {last}")
        };
        let mut parts: Vec<String> = Vec::new();
        let mut slug: Vec<String> = vec!["pack".into()];
        if let Some(k) = objective {
            let name = config
                .objective(k)
                .map_or(String::new(), |o| o.name.clone());
            parts.push(format!("objective {k} ({name})"));
            slug.push(format!("objective-{k}"));
        }
        if let Some(p) = projects.first().filter(|_| s.area.is_some()) {
            parts.push(p.area.to_string());
            slug.push(p.area.to_string());
        }
        if let Some(t) = &s.activity_type {
            let spelt = chosen
                .activities
                .first()
                .map_or(t.clone(), |a| a.activity_type.to_string());
            parts.push(spelt.clone());
            slug.push(spelt);
        }
        if let Some(t) = &s.org_type {
            parts.push(format!("{t} projects"));
            slug.push(t.replace(" / ", "-"));
        }
        if s.area.is_none() {
            parts.push("all areas".into());
        }
        parts.push(period.clone());
        slug.push(first.slug());
        if first != last {
            slug.push("to".into());
            slug.push(last.slug());
        }
        let scope = parts.join(", ");
        Scope {
            title: format!("Evidence pack: {scope}"),
            scope,
            period,
            slug: slug.join("-").replace(' ', "-"),
        }
    }
}

/// Everything a pack page is made of.
pub struct Pack<'a> {
    pub config: &'a Config,
    pub scope: &'a Scope,
    /// The pack's tables, disclosed.
    pub published: &'a Published,
    /// Stories with consent, already chosen for the pack.
    pub stories: &'a [StoryFact],
    /// The projects whose returns are in the pack, with their latest names.
    pub projects: &'a [ProjectFact],
    /// Returns used (one per project per quarter).
    pub returns: usize,
}

/// pack.html as text.
pub fn render(p: &Pack, charts: &[(Chart, String)]) -> String {
    let mut o = String::with_capacity(256 * 1024);
    page::open(
        &mut o,
        &p.scope.title,
        "Published edition: small numbers suppressed",
        page::Print::Chapters,
    );
    summary(p, &mut o);
    o.push_str("<section id=\"figures\"><h2>Figures</h2><p class=\"note\">Counts are rounded to the nearest 5 and counts of 1 to 7 are shown as *. Shares and money per person are worked out from the rounded counts, as NHS Digital does, so “10 of 10 (100&nbsp;%)” can stand for 11 of 12.</p>");
    figures(&mut o, charts, |_| true);
    let symbol = p.config.disclosure.symbol.as_str();
    for name in [OBJECTIVES, TRENDS, MEASURES] {
        if let Some(t) = p.published.get(name) {
            page::table(t, symbol, &mut o);
        }
    }
    o.push_str("<p class=\"note\">The same figures are in tables/objectives.csv, tables/trends.csv and tables/measures.csv beside this file.</p></section>\n");
    stories(p, &mut o);
    method(p, &mut o);
    page::close(&mut o);
    o
}

/// The summary in words: each objective's people and share improved, from
/// the disclosed table; the strength of evidence; the projects.
fn summary(p: &Pack, o: &mut String) {
    let _ = write!(
        o,
        "<section id=\"summary\"><h2>Summary</h2><p>This pack covers {}: {} return(s) from {} project(s).</p><ul>",
        esc(&p.scope.scope),
        p.returns,
        p.projects.len()
    );
    if let Some(t) = p.published.get(OBJECTIVES) {
        objective_sentences(p, t, o);
    }
    o.push_str("</ul>");
    let _ = write!(
        o,
        "<p class=\"evidence\"><strong>{}</strong></p>",
        esc(page::EVIDENCE_STRENGTH)
    );
    if !p.projects.is_empty() {
        o.push_str("<p>Projects: ");
        let names: Vec<String> = p
            .projects
            .iter()
            .map(|x| format!("{} ({})", esc(&x.project_name), esc(&x.area)))
            .collect();
        o.push_str(&names.join("; "));
        o.push_str(".</p>");
    }
    o.push_str("</section>\n");
}

/// One list item per objective of the all-areas rows.
fn objective_sentences(p: &Pack, objectives: &Table, o: &mut String) {
    let symbol = p.config.disclosure.symbol.as_str();
    let col = |c: Column| objectives.index(c);
    let (Some(a), Some(id), Some(name), Some(np), Some(ni), Some(rate), Some(co)) = (
        col(AREA),
        col(OBJECTIVE),
        col(OBJECTIVE_NAME),
        col(N_PEOPLE),
        col(N_IMPROVED),
        col(RATE_IMPROVED),
        col(COUNT_OUTCOMES),
    ) else {
        return;
    };
    let cell =
        |r: &[Val], c: usize| super::numbers::cell(&r[c], objectives.columns[c].format, symbol);
    for r in objectives
        .rows
        .iter()
        .filter(|r| r[a] == Val::text(ALL_AREAS))
    {
        let sentence = match (&r[np], r[rate].as_f64()) {
            (Val::Count(n), _) if *n == 0.0 => "No one had a before-and-after measure.".to_string(),
            (_, Some(share)) => format!(
                "{} people had a before-and-after measure, and {} of them ({}) improved meaningfully.",
                cell(r, np),
                cell(r, ni),
                super::numbers::percent(share, r[np].as_f64().map(|n| n as u64))
            ),
            _ => format!(
                "Fewer than {} people had a before-and-after measure, too few to publish a figure.",
                p.config.disclosure.min_people_for_statistic
            ),
        };
        let counted = match &r[co] {
            Val::Count(n) if *n == 0.0 => String::new(),
            Val::Empty => String::new(),
            _ => format!(
                " The projects also counted {} outcome(s) on indicators mapped to it (Counts sheet).",
                cell(r, co)
            ),
        };
        let _ = write!(
            o,
            "<li><strong>Objective {}: {}.</strong> {}{}</li>",
            esc(&cell(r, id)),
            esc(&cell(r, name)),
            esc(&sentence),
            esc(&counted)
        );
    }
}

/// The stories given with consent to publish.
fn stories(p: &Pack, o: &mut String) {
    o.push_str("<section id=\"stories\"><h2>Stories</h2>");
    if p.stories.is_empty() {
        o.push_str(
            "<p>No story in these returns has consent to publish and matches this pack.</p>",
        );
    } else {
        o.push_str("<p class=\"note\">Every story here was given with consent to publish. Stories without that consent never leave needle.</p>");
    }
    for s in p.stories {
        let project = p
            .projects
            .iter()
            .find(|x| x.project_id == s.project_id)
            .map_or(s.project_id.as_str(), |x| x.project_name.as_str());
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
}

/// Method, sources, strength of evidence and disclosure control.
fn method(p: &Pack, o: &mut String) {
    o.push_str("<section id=\"method\"><h2>Method and sources</h2><p>Figures come from the quarterly returns of the projects named above, checked against the submission contract; rows with errors are left out and listed for the projects to fix. Each quarter in the span is pooled: a person counts once per objective, improved if they improved meaningfully on any measure mapped to it. The six objectives are those of <em>No Health Without Mental Health</em> (HM Government, 2011).</p>");
    page::measures_method(o, p.config);
    let _ = writeln!(o, "<p>{}</p></section>", esc(page::EVIDENCE_STRENGTH));
    let _ = writeln!(
        o,
        "<section id=\"disclosure\"><h2>Disclosure control</h2><p>{}</p><p>No participant reference appears in this pack.</p></section>",
        esc(&page::disclosure_note(p.config, true))
    );
}

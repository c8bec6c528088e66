//! report.html: one self-contained, printable file. Inline CSS and SVG,
//! no scripts, no network. Every piece of text is escaped here, at the
//! point it is written; every figure comes from the published tables.

use super::html::{self as page, figures};
use super::numbers::money;
use super::{glance, summary};
use crate::aggregate::{DataQuality, Receipt};
use crate::chart::Chart;
use crate::config::Config;
use crate::core::Period;
use crate::core::escape::html as esc;
use crate::disclose::tables::cols::*;
use crate::disclose::tables::*;
use crate::disclose::{Column, Published, Table};
use crate::value::MenuStatus;
use std::fmt::Write;

/// What a report is made of, for a quarter or a longer period.
pub struct Report<'a> {
    pub config: &'a Config,
    pub quarter: Period,
    /// The report's tables, disclosed unless --no-suppression.
    pub published: &'a Published,
    pub quality: &'a DataQuality,
    /// How many activities have each status against the menu.
    pub price_year: &'a str,
}

impl Report<'_> {
    pub(super) fn symbol(&self) -> &str {
        &self.config.disclosure.symbol
    }

    /// Writes the table declared as `name`, if the run has it.
    fn table(&self, name: &str, o: &mut String) {
        if let Some(t) = self.published.get(name) {
            page::table(t, self.symbol(), o);
        }
    }

    /// Writes the table declared as `name` in two parts, so that neither
    /// runs off a printed page: its columns but the clinical results, then
    /// its `keys` with the clinical results under `clinical_title`.
    fn with_clinical_apart(
        &self,
        name: &str,
        keys: &[Column],
        clinical_title: &str,
        o: &mut String,
    ) {
        let Some(t) = self.published.get(name) else {
            return;
        };
        let clinical = |c: &Column| CLINICAL_RESULTS.iter().any(|x| x.name == c.name);
        page::table(
            &t.columns_where(&t.title, |c| !clinical(c)),
            self.symbol(),
            o,
        );
        page::table(
            &t.columns_where(clinical_title, |c| {
                keys.iter().any(|k| k.name == c.name) || clinical(c)
            }),
            self.symbol(),
            o,
        );
    }

    /// Writes some rows of the table declared as `name` (those whose
    /// column `by` reads one of `values`).
    fn rows(&self, name: &str, by: Column, values: &[&str], o: &mut String) {
        if let Some(t) = self.published.get(name) {
            page::table(&t.rows_where(by, values), self.symbol(), o);
        }
    }
}

/// The whole report as HTML text: the summary and the projects at a
/// glance first, then the body a commissioner reads, then appendices of
/// the longer tables (the full tables are all in vfm.xlsx and tables/).
pub fn render(r: &Report, charts: &[(Chart, String)]) -> String {
    let mut o = String::with_capacity(256 * 1024);
    let title = format!("Community mental health projects: {}", r.quarter.months());
    let edition = if r.published.suppressed() {
        "Published edition: small numbers suppressed"
    } else {
        "Internal edition: exact figures, NOT for publication"
    };
    page::open(&mut o, &title, edition, page::Print::Flow);
    summary::summary(r, &mut o);
    glance::glance(r, &mut o);
    objectives(r, charts, &mut o);
    value_for_money(r, charts, &mut o);
    who_delivers(r, charts, &mut o);
    data_quality(r, &mut o);
    about(r, &mut o);
    appendices(r, &mut o);
    page::close(&mut o);
    o
}

/// The six objectives for the programme, their trend, and the projects
/// compared on funnel plots.
fn objectives(r: &Report, charts: &[(Chart, String)], o: &mut String) {
    o.push_str("<section id=\"objectives\" class=\"new-page\"><h2>The six objectives</h2>");
    figures(o, charts, |n| n == "objectives" || n == "trends");
    if let Some(t) = r.published.get(OBJECTIVES) {
        let mut all = t.rows_where(AREA, &[crate::aggregate::ALL_AREAS]);
        all.title = "The six objectives, all areas".into();
        page::table(&all, r.symbol(), o);
    }
    o.push_str("<p class=\"note\">By area: Appendix A. Per project and measure, per activity type and per type of organisation: the workbook (vfm.xlsx) and tables/.</p>");
    figures(o, charts, |n| n == "distance");
    o.push_str("<h3>Projects compared</h3><p class=\"note\">Funnel plots: each project's share of people improved against its number of people, with the programme's share as the line. A point outside the dashed 95% limits differs from the programme by more than chance would explain one time in twenty; outside the dotted 99.8% limits, one time in five hundred. Small projects vary more, which the funnel allows for.</p>");
    figures(o, charts, |n| n.starts_with("funnel-"));
    o.push_str("</section>\n");
}

/// Value for money: per project, what it cost for what it achieved, and
/// who benefits.
fn value_for_money(r: &Report, charts: &[(Chart, String)], o: &mut String) {
    o.push_str("<section id=\"vfm\" class=\"new-page\"><h2>Value for money</h2>");
    let _ = write!(
        o,
        "<p class=\"note\">All £ figures in {} prices, in whole pounds (the pence are in vfm.xlsx). Social value counts wellbeing (WELLBYs) and the public services used less, after deadweight, attribution and drop-off (Appendix F).</p>",
        esc(r.price_year)
    );
    // The in-kind value and the low and high social values are in the
    // workbook: fifteen columns do not fit a printed page.
    if let Some(t) = r.published.get(VFM) {
        let body = t.columns_where(&t.title, |c| {
            ![IN_KIND_GBP, VALUE_LOW_GBP, VALUE_HIGH_GBP]
                .iter()
                .any(|x| x.name == c.name)
        });
        page::table(&body, r.symbol(), o);
    }
    o.push_str("<p class=\"note\">In-kind value and the low and high social values: vfm.xlsx, sheet VfM.</p>");
    figures(o, charts, |n| n.starts_with("cost-per-"));
    o.push_str("<h3>Who benefits</h3><p class=\"note\">Fiscal value (fewer A&amp;E attendances, GP appointments, crisis contacts and bed days, at their unit costs, before additionality) split by the agency whose budget bears each cost, by area and for the programme. Every shipped unit cost is an NHS service, so the local-authority column stays at 0 until local-authority services are added (config/valuation.toml).</p>");
    r.rows(VFM_AGENCY, LEVEL, &["area", "total"], o);
    o.push_str("<p class=\"note\">Suppliers, the menu and payment by results: Appendices B to D. Economy, efficiency, effectiveness, fiscal value, equity and bootstrap intervals: vfm.xlsx.</p></section>\n");
}

/// Appendices: the longer tables, each starting a printed page, lettered
/// in order (the menu's and the tariff's only when the run has them).
fn appendices(r: &Report, o: &mut String) {
    let mut letters = ('A'..='Z').map(|c| c.to_string());
    let mut open = |id: &str, title: &str, o: &mut String| {
        let letter = letters.next().unwrap_or_default();
        let _ = write!(
            o,
            "<section id=\"appendix-{id}\" class=\"new-page appendix\"><h2>Appendix {letter}: {}</h2>",
            esc(title)
        );
    };
    open("areas", "the six objectives by area", o);
    if let Some(t) = r.published.get(OBJECTIVES) {
        // The objectives by number, named once above the table rather
        // than on each of its rows.
        let names: Vec<String> = r
            .config
            .objectives
            .iter()
            .map(|x| format!("{}: {}", x.id, x.name))
            .collect();
        let _ = write!(
            o,
            "<p class=\"note\">Objectives: {}.</p>",
            esc(&names.join("; "))
        );
        let body = t.columns_where(&t.title, |c| c.name != OBJECTIVE_NAME.name);
        page::table(&body, r.symbol(), o);
    }
    o.push_str("</section>\n");
    open("suppliers", "suppliers", o);
    o.push_str("<p class=\"note\">What the programme spent with each supplier named on the Activities sheets, its share of all activity spend and how many organisations bought from it (money and organisations, not people: nothing is withheld). Then participants, people improved and their cost by supplier: a person in activities from two suppliers counts under each, so the suppliers can add up to more than the total.</p>");
    r.table(SUPPLIERS, o);
    r.with_clinical_apart(
        VFM_SUPPLIERS,
        &[QUARTER, SUPPLIER],
        "Clinical results by supplier (NHS Talking Therapies' definitions)",
        o,
    );
    o.push_str("</section>\n");
    if let (Some(t), Some(_)) = (r.published.get(MENU_PRICES), &r.config.menu) {
        open("menu", "prices paid against the menu", o);
        menu(r, t, o);
        o.push_str("</section>\n");
    }
    if let (Some(tariff), Some(_)) = (&r.config.tariff, r.published.get(PBR)) {
        open("pbr", "payment by results", o);
        let _ = write!(
            o,
            "<p class=\"note\">What each project would have been paid this {} under the tariff <em>{}</em> (source: {}), against what it cost. A tested tariff, not a payment: the prices and caps are in vfm.xlsx's method sheet and the line by line figures in tables/pbr.csv. A project that follows up few of its people is paid for few of their outcomes: the follow-up rate shows that risk.</p>",
            r.quarter.noun(),
            esc(&tariff.name),
            esc(&tariff.source)
        );
        r.rows(PBR, OUTCOME, &[ALL_OUTCOMES], o);
        o.push_str("</section>\n");
    }
    open("returns", "returns and issues", o);
    for name in [EXPECTED_RETURNS, RETURNS_READ, ISSUES_BY_CODE] {
        r.table(name, o);
    }
    o.push_str("<p class=\"note\">Every issue, with its cell and how to fix it, is in validation.json.</p></section>\n");
    open("method", "method, sources and assumptions", o);
    method(r, o);
    o.push_str("</section>\n");
}

/// Prices paid against the suppliers' menu. The statuses are counted
/// from the table as published: a per-participant line's status rests on
/// its participants, so it is withheld with them.
fn menu(r: &Report, t: &Table, o: &mut String) {
    use MenuStatus as M;
    let Some(menu) = &r.config.menu else {
        return;
    };
    let statuses: Vec<String> = t
        .rows
        .iter()
        .map(|row| t.text(row, MENU_STATUS, r.symbol()))
        .collect();
    let count = |st: M| statuses.iter().filter(|s| *s == st.as_str()).count();
    let withheld = statuses.iter().filter(|s| *s == r.symbol()).count();
    let withheld = if withheld > 0 {
        format!(
            " The status of {withheld} {} bought per participant is withheld ({}) with the participants it rests on.",
            if withheld == 1 {
                "activity"
            } else {
                "activities"
            },
            esc(r.symbol())
        )
    } else {
        String::new()
    };
    let _ = write!(
        o,
        "<p class=\"note\">Each activity bought from a named supplier, against the suppliers' menu ({}): the price offered per session or participant × the activity's sessions or participants, and its Cost. Of {} activities: {} as offered (within {}), {} paid more, {} paid less, {} not on the supplier's menu and {} from a supplier not on the menu.{withheld}</p>",
        esc(&menu.file),
        statuses.len(),
        count(M::AsOffered),
        money(crate::value::TOLERANCE_GBP),
        count(M::PaidMore),
        count(M::PaidLess),
        count(M::ActivityNotOnMenu),
        count(M::SupplierNotOnMenu),
    );
    page::table(t, r.symbol(), o);
}

/// Who delivers: results by type of organisation.
fn who_delivers(r: &Report, charts: &[(Chart, String)], o: &mut String) {
    o.push_str("<section id=\"org-types\"><h2>Who delivers</h2><p class=\"note\">Results and value for money by the type of organisation running the projects (About sheet, Organisation type). Types differ in who they reach and what they run, so a difference here is a question to ask, not a ranking.</p>");
    figures(o, charts, |n| n == "org-types");
    r.with_clinical_apart(
        ORG_TYPES,
        &[QUARTER, ORGANISATION_TYPE],
        "Clinical results by type of organisation (NHS Talking Therapies' definitions)",
        o,
    );
    o.push_str("<p class=\"note\">Each objective by type of organisation: vfm.xlsx, sheet Objectives by organisation type.</p></section>\n");
}

/// Data quality: returns expected and received, finished courses and
/// follow-up completion (the returns read and the issues: an appendix).
fn data_quality(r: &Report, o: &mut String) {
    o.push_str("<section id=\"data-quality\"><h2>Data quality</h2>");
    let (expected, unlisted) = r.quality.expected_and_unlisted();
    let at = |x: Receipt| r.quality.expected_at(x);
    let q = r.quality.quarter_returns;
    let _ = write!(
        o,
        "<p>{expected} returns were expected for {}: {} on time, {} late, {} without a submission date, {} rejected and {} missing; {unlisted} came from projects not on the expected list (config/expected.toml). {} files were read: {} used, {} replaced by a later return and {} rejected (Appendix: returns and issues).</p>",
        esc(&r.quarter.months()),
        at(Receipt::OnTime),
        at(Receipt::Late),
        at(Receipt::NoDate),
        at(Receipt::Rejected),
        at(Receipt::Missing),
        q.read,
        q.used,
        q.superseded,
        q.rejected,
    );
    if r.quarter.single().is_none() {
        let _ = write!(
            o,
            "<p>The {noun}'s figures rest on {} project-quarters: the returns used over its {} quarters, each listed quarter by quarter in the appendix; a project that joined or left part-way counts for the quarters it sent. Each person is counted once over the {noun} in the outcome and follow-up figures. {}</p>",
            q.used,
            r.quarter.quarters().len(),
            participants_counted(r.quality.participants.as_ref(), r.quarter.noun()),
            noun = r.quarter.noun(),
        );
    }
    finished_courses(r, o);
    r.table(FOLLOWUP, o);
    o.push_str("</section>\n");
}

/// How a period's people taking part were counted, project by project
/// (docs/methods.md, "A year, or any run of quarters"), escaped.
fn participants_counted(c: Option<&crate::aggregate::ParticipantsCounted>, noun: &str) -> String {
    // Named while the list stays short; a national run has hundreds.
    let names = |v: &[(String, String)], otherwise: &str| {
        let v: Vec<String> = v.iter().map(|(_, name)| esc(name)).collect();
        match v.as_slice() {
            [] => String::new(),
            [one] => format!(" ({one})"),
            [rest @ .., last] if v.len() <= 8 => format!(" ({} and {last})", rest.join(", ")),
            _ => otherwise.to_string(),
        }
    };
    const SUM: &str = "the sum of each quarter's count of different people on the Activities sheets, so a person who took part in more than one quarter is counted once for each";
    const ACTIVITIES: &str = "By activity type and supplier, people taking part are always the sum of each quarter's count: the People sheet does not say which activity a person came to (docs/methods.md).";
    let c = c.cloned().unwrap_or_default();
    match (c.once.len(), c.summed.len()) {
        (0, _) => format!("People taking part are {SUM} (docs/methods.md)."),
        (_, 0) => format!(
            "People taking part are counted once each over the {noun}: every project's People sheets list everyone who took part, quarter by quarter. {ACTIVITIES}"
        ),
        (once, summed) => format!(
            "People taking part are counted once each over the {noun} at {once} {} whose People sheets list everyone who took part, quarter by quarter{}. At the other {summed} {}{} they are {SUM}. {ACTIVITIES}",
            if once == 1 { "project" } else { "projects" },
            names(&c.once, " (manifest.json lists them)"),
            if summed == 1 { "project" } else { "projects" },
            names(&c.summed, ""),
        ),
    }
}

/// Who finished a course: how many projects record Sessions attended,
/// and how many people ended early (followup.csv).
fn finished_courses(r: &Report, o: &mut String) {
    let Some(t) = r.published.get(FOLLOWUP) else {
        return;
    };
    let (project, recorded, early) = (
        t.index(PROJECT_ID),
        t.index(SESSIONS_RECORDED),
        t.index(N_ENDED_EARLY),
    );
    let (Some(project), Some(recorded), Some(early)) = (project, recorded, early) else {
        return;
    };
    let projects: Vec<&Vec<crate::disclose::Val>> = t
        .rows
        .iter()
        .filter(|row| t.cell(row, project, "") != crate::aggregate::TOTAL)
        .collect();
    let with = |label: &str| {
        projects
            .iter()
            .filter(|row| t.cell(row, recorded, "") == label)
            .count()
    };
    let total = t
        .rows
        .iter()
        .find(|row| t.cell(row, project, "") == crate::aggregate::TOTAL)
        .map(|row| t.cell(row, early, r.symbol()))
        .unwrap_or_default();
    let _ = write!(
        o,
        "<p>Outcome figures count finished courses only (at least {} sessions attended). {} project(s) recorded Sessions attended for everyone, {} for some people, {} for nobody and {} have no People sheet; people without a record count as finished. {} people with a baseline ended their course early and are left out of the outcome figures (Ended early, below).</p>",
        r.config.finished_course.min_sessions,
        with("all"),
        with("some"),
        with("none"),
        with("no People sheet"),
        esc(&total),
    );
}

/// About these figures: the strength of the evidence, disclosure
/// control, and what a menu or a tariff would add.
fn about(r: &Report, o: &mut String) {
    let note = page::disclosure_note(r.config, r.published.suppressed());
    let _ = write!(
        o,
        "<section id=\"about\"><h2>About these figures</h2><p>{}</p><p>{} No participant reference appears in this report.</p><p class=\"note\">How each figure is counted, every measure's thresholds and every source: the last appendix and docs/methods.md.</p>",
        page::EVIDENCE_STRENGTH,
        esc(&note)
    );
    if r.config.menu.is_none() {
        o.push_str("<p class=\"note\">No menu was given. To compare what was paid with what suppliers offered, run <code>needle report --menu FILE</code> with a spreadsheet or CSV of Supplier, Activity, Unit (session or participant) and Price (docs/methods.md).</p>");
    }
    if r.config.tariff.is_none() {
        o.push_str("<p class=\"note\">No tariff was given. To see what each project would be paid under a payment-by-results tariff, run <code>needle report --tariff FILE</code> (docs/methods.md describes the file).</p>");
    }
    o.push_str("</section>\n");
}

/// Method, sources and assumptions (inside the last appendix).
fn method(r: &Report, o: &mut String) {
    page::measures_method(o, r.config);
    o.push_str("<p>Wellbeing bands (ONS4's low 0–4 and high anxiety 6–10, a loneliness band on UCLA-3) describe how scores spread; they are not clinical thresholds, so moving out of one is published in tables/bands.csv and never counted as a recovery.</p>");
    let v = &r.config.valuation;
    let _ = writeln!(
        o,
        "<p>Wellbeing is valued at {} per WELLBY (low {}, high {}) in {} prices, uprated to {} prices with the {} GDP deflator. Source: {}.</p><p>Shares on the first page carry Wilson score 95% intervals, and their changes since the quarter before Newcombe's hybrid score intervals (Newcombe 1998, Statistics in Medicine 17:873, method 10), as OHID's PHEindicatormethods computes them; a change is called up or down only when its interval excludes no change.</p>",
        money(v.wellby.central),
        money(v.wellby.low),
        money(v.wellby.high),
        esc(&v.wellby.price_year),
        esc(&v.report_price_year),
        esc(&v.deflator.series),
        esc(v.wellby.source.trim_end_matches('.')),
    );
    if r.published.suppressed() {
        o.push_str("<p>Before writing this edition needle attacked it as a reader could: it worked every printed share, interval and money per person out again from the published counts, and narrowed each rounded or withheld count with every relation between published figures (totals and their parts, the same people in linked tables, money ÷ money per person, means of whole-number scores, WELLBYs). No count could be pinned to one value, nor a withheld one to fewer than ");
        let _ = write!(
            o,
            "{} possible values; disclosure_audit.json, beside the tables, lists what was tried.</p>",
            r.config.disclosure.min_candidates
        );
    }
}

#[cfg(test)]
mod tests {
    use super::participants_counted;
    use crate::aggregate::ParticipantsCounted;

    fn projects(n: usize, prefix: &str) -> Vec<(String, String)> {
        (1..=n)
            .map(|i| (format!("{prefix}-{i}"), format!("{prefix} <{i}>")))
            .collect()
    }

    #[test]
    fn a_long_list_of_projects_is_counted_not_named() {
        let c = ParticipantsCounted {
            once: projects(9, "Once"),
            summed: projects(2, "Sum"),
        };
        let said = participants_counted(Some(&c), "year");
        assert!(
            said.contains("at 9 projects whose People sheets list everyone who took part, quarter by quarter (manifest.json lists them). At the other 2 projects (Sum &lt;1&gt; and Sum &lt;2&gt;) they are the sum"),
            "{said}"
        );
        let c = ParticipantsCounted {
            once: projects(1, "Once"),
            summed: projects(9, "Sum"),
        };
        let said = participants_counted(Some(&c), "year");
        assert!(
            said.contains(
                "quarter by quarter (Once &lt;1&gt;). At the other 9 projects they are the sum"
            ),
            "{said}"
        );
        // No project listing everyone: the quarters' sum, and why.
        let said = participants_counted(None, "year");
        assert!(said.starts_with("People taking part are the sum of each quarter's count"));
    }
}

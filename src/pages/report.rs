//! report.html: one self-contained, printable file. Inline CSS and SVG,
//! no scripts, no network. Every piece of text is escaped here, at the
//! point it is written; every figure comes from the published tables.

use super::html::{self as page, figures};
use crate::aggregate::{DataQuality, Receipt};
use crate::chart::Chart;
use crate::config::Config;
use crate::core::Quarter;
use crate::core::escape::html as esc;
use crate::disclose::tables::*;
use crate::disclose::{Published, Table};
use crate::value::MenuStatus;
use std::fmt::Write;

/// What a quarter's report is made of.
pub struct Report<'a> {
    pub config: &'a Config,
    pub quarter: Quarter,
    /// The report's tables, disclosed unless --no-suppression.
    pub published: &'a Published,
    pub quality: &'a DataQuality,
    /// How many activities have each status against the menu.
    pub menu_statuses: &'a [(MenuStatus, usize)],
    pub price_year: &'a str,
}

impl Report<'_> {
    fn symbol(&self) -> &str {
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
    fn with_clinical_apart(&self, name: &str, keys: &[&str], clinical_title: &str, o: &mut String) {
        let Some(t) = self.published.get(name) else {
            return;
        };
        let clinical =
            |c: &crate::disclose::Column| CLINICAL_RESULTS.iter().any(|x| x.name == c.name);
        page::table(
            &t.columns_where(&t.title, |c| !clinical(c)),
            self.symbol(),
            o,
        );
        page::table(
            &t.columns_where(clinical_title, |c| keys.contains(&c.name) || clinical(c)),
            self.symbol(),
            o,
        );
    }

    /// Writes some rows of the table declared as `name` (those whose
    /// column `by` reads one of `values`).
    fn rows(&self, name: &str, by: &str, values: &[&str], o: &mut String) {
        if let Some(t) = self.published.get(name) {
            page::table(&t.rows_where(by, values), self.symbol(), o);
        }
    }
}

/// The whole report as HTML text.
pub fn render(r: &Report, charts: &[(Chart, String)]) -> String {
    let mut o = String::with_capacity(256 * 1024);
    let title = format!(
        "Community mental health projects: quarterly report, {}",
        r.quarter
    );
    let edition = if r.published.suppressed() {
        "Published edition: small numbers suppressed"
    } else {
        "Internal edition: exact figures, NOT for publication"
    };
    page::open(&mut o, &title, edition, page::Print::Chapters);
    headline(r, &mut o);
    outcomes(r, charts, &mut o);
    value_for_money(r, charts, &mut o);
    who_delivers(r, charts, &mut o);
    data_quality(r, &mut o);
    method(r, &mut o);
    page::close(&mut o);
    o
}

/// Headline: the report quarter's returns and the programme's totals.
fn headline(r: &Report, o: &mut String) {
    let q = r.quality.quarter_returns;
    let _ = write!(
        o,
        "<section id=\"headline\"><h2>Headline</h2><p>{} return(s) were read for {}: {} used, {} superseded by a later return and {} rejected.</p>",
        q.read,
        esc(&r.quarter.to_string()),
        q.used,
        q.superseded,
        q.rejected
    );
    if let Some((vfm, total)) = r
        .published
        .get(VFM)
        .and_then(|t| t.rows.last().map(|row| (t, row)))
    {
        let get = |name: &str| vfm.text(total, name, r.symbol());
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
}

/// The six objectives, projects compared, and results by project and by
/// activity type.
fn outcomes(r: &Report, charts: &[(Chart, String)], o: &mut String) {
    o.push_str("<section id=\"objectives\"><h2>The six objectives</h2>");
    figures(o, charts, |n| {
        n == "objectives" || n == "distance" || n == "trends"
    });
    o.push_str("<h3>Projects compared</h3><p class=\"note\">Funnel plots: each project's share of people improved against its number of people. Points outside the dotted 99.8% limits differ from the programme by more than chance would explain; small projects vary more, which the funnel allows for.</p>");
    figures(o, charts, |n| n.starts_with("funnel-"));
    r.table(OBJECTIVES, o);
    r.table(INDICATORS, o);
    o.push_str("</section>\n<section id=\"projects\"><h2>Projects and activity types</h2>");
    r.table(MEASURES, o);
    o.push_str("<p class=\"note\">Wellbeing bands (ONS4's low 0–4 and high anxiety 6–10, a loneliness band on UCLA-3) describe how scores spread; they are not clinical thresholds, so moving out of one is shown here and never counted as a recovery.</p>");
    r.table(BANDS, o);
    r.table(ACTIVITY_TYPES, o);
    o.push_str("</section>\n");
}

/// Value for money: per project, who benefits, suppliers, the menu and
/// payment by results.
fn value_for_money(r: &Report, charts: &[(Chart, String)], o: &mut String) {
    o.push_str("<section id=\"vfm\"><h2>Value for money</h2>");
    let _ = write!(
        o,
        "<p class=\"note\">All £ figures in {} prices.</p>",
        esc(r.price_year)
    );
    r.table(VFM, o);
    figures(o, charts, |n| n.starts_with("cost-per-"));
    o.push_str("<h3>Who benefits</h3><p class=\"note\">Fiscal value (fewer A&amp;E attendances, GP appointments, crisis contacts and bed days, at their unit costs, before additionality) split by the agency whose budget bears each cost, by area and for the programme. Each unit cost names its agency in config/valuation.toml; every shipped one is an NHS service, so the local-authority column stays at 0 until local-authority services are added. Projects, activity types, suppliers and organisation types are in tables/vfm_agency.csv.</p>");
    r.rows(VFM_AGENCY, "level", &["area", "total"], o);
    o.push_str("<h3>Spend with suppliers</h3><p class=\"note\">What the programme spent with each supplier named on the Activities sheets, its share of all activity spend and how many organisations bought from it. These are money and organisations, not people, so nothing is withheld.</p>");
    r.table(SUPPLIERS, o);
    menu(r, r.published.get(MENU_PRICES), o);
    o.push_str("<h3>Value for money by supplier</h3><p class=\"note\">Participants, people with a meaningful improvement and their cost, by the supplier of the activities they took part in. A person in activities from two suppliers counts under each, so the suppliers can add up to more than the total. People are rounded and small numbers withheld as in every table.</p>");
    r.with_clinical_apart(
        VFM_SUPPLIERS,
        &["quarter", "supplier"],
        "Clinical results by supplier (NHS Talking Therapies' definitions)",
        o,
    );
    o.push_str("<h3>Payment by results</h3>");
    match &r.config.tariff {
        Some(tariff) if r.published.get(PBR).is_some() => {
            let _ = write!(
                o,
                "<p class=\"note\">What each project would have been paid this quarter under the tariff <em>{}</em> (source: {}), against what it cost. A tested tariff, not a payment: the prices and caps are in vfm.xlsx's method sheet and the line by line figures in tables/pbr.csv. A project that follows up few of its people is paid for few of their outcomes: the follow-up rate shows that risk.</p>",
                esc(&tariff.name),
                esc(&tariff.source)
            );
            r.rows(PBR, "outcome", &[ALL_OUTCOMES], o);
        }
        _ => o.push_str("<p class=\"note\">No tariff was given. To see what each project would be paid under a payment-by-results tariff, run <code>needle report --tariff FILE</code> (docs/methods.md describes the file).</p>"),
    }
    o.push_str("<p class=\"note\">The fuller value-for-money tables (economy, efficiency, effectiveness, fiscal, social value, equity and bootstrap intervals) are in vfm.xlsx and tables/vfm_*.csv.</p></section>\n");
}

/// Prices paid against the suppliers' menu, or how to add one.
fn menu(r: &Report, prices: Option<&Table>, o: &mut String) {
    use MenuStatus as M;
    o.push_str("<h3>Prices paid against the menu</h3>");
    let (Some(t), Some(menu)) = (prices, &r.config.menu) else {
        o.push_str("<p class=\"note\">No menu was given. To compare what was paid with what suppliers offered, run <code>needle report --menu FILE</code> with a spreadsheet or CSV of Supplier, Activity, Unit (session or participant) and Price (docs/methods.md).</p>");
        return;
    };
    let count = |st: M| {
        r.menu_statuses
            .iter()
            .find(|(x, _)| *x == st)
            .map_or(0, |(_, n)| *n)
    };
    let _ = write!(
        o,
        "<p class=\"note\">Each activity bought from a named supplier, against the suppliers' menu ({}): the price offered per session or participant × the activity's sessions or participants, and its Cost. Of {} activities: {} as offered (within £{:.0}), {} paid more, {} paid less, {} not on the supplier's menu and {} from a supplier not on the menu.</p>",
        esc(&menu.file),
        r.menu_statuses.iter().map(|(_, n)| n).sum::<usize>(),
        count(M::AsOffered),
        crate::value::TOLERANCE_GBP,
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
        &["quarter", "organisation_type"],
        "Clinical results by type of organisation (NHS Talking Therapies' definitions)",
        o,
    );
    r.table(ORG_TYPE_OBJECTIVES, o);
    o.push_str("</section>\n");
}

/// Data quality: returns expected and received, files read, issues, and
/// follow-up completion.
fn data_quality(r: &Report, o: &mut String) {
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
    for name in [EXPECTED_RETURNS, RETURNS_READ, ISSUES_BY_CODE] {
        r.table(name, o);
    }
    finished_courses(r, o);
    r.table(FOLLOWUP, o);
    o.push_str("<p class=\"note\">Every issue, with its cell and how to fix it, is in validation.json.</p></section>\n");
}

/// Who finished a course: how many projects record Sessions attended,
/// and how many people ended early (followup.csv).
fn finished_courses(r: &Report, o: &mut String) {
    let Some(t) = r.published.get(FOLLOWUP) else {
        return;
    };
    let (project, recorded, early) = (
        t.col("project_id"),
        t.col("sessions_recorded"),
        t.col("n_ended_early"),
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
        "<p>Outcome figures count finished courses only (at least {} sessions attended). {} project(s) recorded Sessions attended for everyone, {} for some people, {} for nobody and {} have no People sheet; people without a record count as finished. {} people with a baseline ended their course early and are left out of the outcome figures (n_ended_early below).</p>",
        r.config.finished_course.min_sessions,
        with("all"),
        with("some"),
        with("none"),
        with("no People sheet"),
        esc(&total),
    );
}

/// Method, sources and assumptions, and what disclosure control did.
fn method(r: &Report, o: &mut String) {
    o.push_str("<section id=\"method\"><h2>Method, sources and assumptions</h2>");
    page::measures_method(o, r.config);
    let v = &r.config.valuation;
    let _ = writeln!(
        o,
        "<p>Wellbeing is valued at £{:.0} per WELLBY (low £{:.0}, high £{:.0}) in {} prices, uprated to {} prices with the {} GDP deflator. Source: {}.</p><p>{}</p></section>",
        v.wellby.central,
        v.wellby.low,
        v.wellby.high,
        esc(&v.wellby.price_year),
        esc(&v.report_price_year),
        esc(&v.deflator.series),
        esc(&v.wellby.source),
        page::EVIDENCE_STRENGTH
    );
    let note = page::disclosure_note(r.config, r.published.suppressed());
    let _ = writeln!(
        o,
        "<section id=\"disclosure\"><h2>Disclosure control</h2><p>{}</p><p>No participant reference appears in this report.</p></section>",
        esc(&note)
    );
}

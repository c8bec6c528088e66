//! report.html: one self-contained, printable file. Inline CSS and SVG,
//! no scripts, no network. Every piece of text is escaped here, at the
//! point it is written.

use super::chart::Chart;
use super::page::{self, figures, table};
use super::table::PubTable;
use crate::aggregate::Receipt;
use crate::config::Config;
use crate::core::Quarter;
use crate::core::escape::html as esc;
use std::fmt::Write;

/// What the report is made of; everything is already disclosed.
pub struct ReportInput<'a> {
    pub quarter: Quarter,
    pub config: &'a Config,
    pub suppressed: bool,
    pub objectives: &'a PubTable,
    pub measures: &'a PubTable,
    pub vfm: &'a PubTable,
    /// Charts with their SVG text.
    pub charts: &'a [(Chart, String)],
    pub activity_types: &'a PubTable,
    pub followup: &'a PubTable,
    pub suppliers: &'a PubTable,
    pub vfm_suppliers: &'a PubTable,
    pub vfm_agency: &'a PubTable,
    pub org_types: &'a PubTable,
    pub org_type_objectives: &'a PubTable,
    /// Prices against the suppliers' menu, when a menu was given, and how
    /// many activities have each status.
    pub menu_prices: Option<&'a PubTable>,
    pub menu_statuses: &'a [(crate::value::MenuStatus, usize)],
    /// Payment by results, when a tariff was given.
    pub pbr: Option<&'a PubTable>,
    pub indicators: &'a PubTable,
    pub quality: &'a crate::aggregate::DataQuality,
    pub expected_returns: &'a PubTable,
    pub returns_read: &'a PubTable,
    pub issues_by_code: &'a PubTable,
    pub price_year: &'a str,
}

/// The whole report as HTML text.
pub fn render(r: &ReportInput) -> String {
    let symbol = r.config.disclosure.symbol.as_str();
    let mut o = String::with_capacity(256 * 1024);
    let title = format!(
        "Community mental health projects: quarterly report, {}",
        r.quarter
    );
    let edition = if r.suppressed {
        "Published edition: small numbers suppressed"
    } else {
        "Internal edition: exact figures, NOT for publication"
    };
    page::open(&mut o, &title, edition, page::Print::Chapters);

    // Headline: the report quarter's returns.
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
    o.push_str("<h3>Who benefits</h3><p class=\"note\">Fiscal value (fewer A&amp;E attendances, GP appointments, crisis contacts and bed days, at their unit costs, before additionality) split by the agency whose budget bears each cost, by area and for the programme. Each unit cost names its agency in config/valuation.toml; every shipped one is an NHS service, so the local-authority column stays at 0 until local-authority services are added. Projects, activity types, suppliers and organisation types are in tables/vfm_agency.csv.</p>");
    table(
        &r.vfm_agency.rows_where("level", &["area", "total"]),
        symbol,
        &mut o,
    );
    o.push_str("<h3>Spend with suppliers</h3><p class=\"note\">What the programme spent with each supplier named on the Activities sheets, its share of all activity spend and how many organisations bought from it. These are money and organisations, not people, so nothing is withheld.</p>");
    table(r.suppliers, symbol, &mut o);
    o.push_str("<h3>Prices paid against the menu</h3>");
    match (r.menu_prices, &r.config.menu) {
        (Some(t), Some(menu)) => {
            use crate::value::MenuStatus as M;
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
            table(t, symbol, &mut o);
        }
        _ => o.push_str("<p class=\"note\">No menu was given. To compare what was paid with what suppliers offered, run <code>needle report --menu FILE</code> with a spreadsheet or CSV of Supplier, Activity, Unit (session or participant) and Price (docs/methods.md).</p>"),
    }
    o.push_str("<h3>Value for money by supplier</h3><p class=\"note\">Participants, people with a meaningful improvement and their cost, by the supplier of the activities they took part in. A person in activities from two suppliers counts under each, so the suppliers can add up to more than the total. People are rounded and small numbers withheld as in every table.</p>");
    table(r.vfm_suppliers, symbol, &mut o);
    o.push_str("<h3>Payment by results</h3>");
    match (r.pbr, &r.config.tariff) {
        (Some(t), Some(tariff)) => {
            let _ = write!(
                o,
                "<p class=\"note\">What each project would have been paid this quarter under the tariff <em>{}</em> (source: {}), against what it cost. A tested tariff, not a payment: the prices and caps are in vfm.xlsx's method sheet and the line by line figures in tables/pbr.csv. A project that follows up few of its people is paid for few of their outcomes: the follow-up rate shows that risk.</p>",
                esc(&tariff.name),
                esc(&tariff.source)
            );
            table(
                &t.rows_where("outcome", &[super::tables::ALL_OUTCOMES]),
                symbol,
                &mut o,
            );
        }
        _ => o.push_str("<p class=\"note\">No tariff was given. To see what each project would be paid under a payment-by-results tariff, run <code>needle report --tariff FILE</code> (docs/methods.md describes the file).</p>"),
    }
    o.push_str("<p class=\"note\">The fuller value-for-money tables (economy, efficiency, effectiveness, fiscal, social value, equity and bootstrap intervals) are in vfm.xlsx and tables/vfm_*.csv.</p></section>\n");

    // Who delivers.
    o.push_str("<section id=\"org-types\"><h2>Who delivers</h2><p class=\"note\">Results and value for money by the type of organisation running the projects (About sheet, Organisation type). Types differ in who they reach and what they run, so a difference here is a question to ask, not a ranking.</p>");
    figures(&mut o, r.charts, |n| n == "org-types");
    table(r.org_types, symbol, &mut o);
    table(r.org_type_objectives, symbol, &mut o);
    o.push_str("</section>\n");

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
    table(r.returns_read, symbol, &mut o);
    table(r.issues_by_code, symbol, &mut o);
    table(r.followup, symbol, &mut o);
    o.push_str("<p class=\"note\">Every issue, with its cell and how to fix it, is in validation.json.</p></section>\n");

    // Method and sources.
    o.push_str("<section id=\"method\"><h2>Method, sources and assumptions</h2>");
    page::measures_method(&mut o, r.config);
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

    // Disclosure.
    let note = page::disclosure_note(r.config, r.suppressed);
    let _ = writeln!(
        o,
        "<section id=\"disclosure\"><h2>Disclosure control</h2><p>{}</p><p>No participant reference appears in this report.</p></section>",
        esc(&note)
    );
    page::close(&mut o);
    o
}

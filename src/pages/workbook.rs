//! vfm.xlsx's content: a "Read me" that says what each sheet holds, a sheet
//! for every report table declared with one, and "Method and assumptions"
//! listing every figure used with its source, price year and licence.
//! render::xlsx lays it out.

use super::report::Report;
use crate::config::Config;
use crate::render::xlsx::{Sheet, Workbook};

/// The sheet listing every figure with its source.
const METHOD: &str = "Method and assumptions";

/// The value-for-money workbook of a report.
pub fn vfm<'a>(r: &'a Report) -> Workbook<'a> {
    let d = &r.config.disclosure;
    let tables: Vec<_> = r
        .published
        .iter()
        .filter(|t| t.written && t.sheet.is_some())
        .collect();
    let edition = if r.published.suppressed() {
        format!(
            "Published edition: counts of 1 to {} are shown as {} and other counts rounded to the nearest {}; no mean, rate or value rests on fewer than {} people. Shares, their intervals and money per person are worked out from the rounded counts, as NHS Digital's disclosure control for HES and ECDS does, so \"10 of 10 (100 %)\" can stand for 11 of 12. needle attacked this edition before writing it and found no count it gives away (disclosure_audit.json).",
            d.suppress_up_to, d.symbol, d.round_to, d.min_people_for_statistic
        )
    } else {
        "Internal edition: exact figures (--no-suppression). Not for publication.".to_string()
    };
    let lines = vec![
        edition,
        format!("All £ figures are in {} prices, to the penny; shares are percentages of the people they rest on.", r.price_year),
        "Each sheet is one published table: the same rows and columns as the report's CSV of the same name (tables/*.csv), with readable headings. Every sheet keeps its quarter column, so the sheets of several quarters can be put one under another.".to_string(),
        "The units sheets (Economy to Social value) have a row for every project, area, activity type, supplier and organisation type, and the total: the Level column says which. Filter on it.".to_string(),
        format!("A withheld value shows {}; an empty cell has no value (a cost per outcome with no outcomes). This is a before-and-after design with no comparison group (Maryland Scientific Methods Scale level 2): it shows that change happened, not how much of it the projects caused.", d.symbol),
    ];
    let mut index: Vec<(&str, &str)> = tables
        .iter()
        .filter_map(|t| Some((t.sheet?, t.question)))
        .collect();
    index.push((METHOD, "Every figure used, with its source, price year and licence; the working assumptions marked"));
    let mut sheets = vec![Sheet::ReadMe {
        name: "Read me",
        title: format!(
            "Value for money and outcomes, {} ({})",
            r.quarter.months(),
            r.quarter
        ),
        lines,
        index,
    }];
    sheets.extend(tables.into_iter().map(Sheet::Table));
    sheets.push(Sheet::Grid {
        name: METHOD,
        header: vec![
            ("Figure", 38.0),
            ("Value", 16.0),
            ("Price year or unit", 18.0),
            ("Source", 80.0),
            ("Licence", 28.0),
            ("Assumption", 12.0),
        ],
        rows: method_rows(r.config).into_iter().map(Vec::from).collect(),
        number_column: Some(1),
    });
    Workbook {
        title: format!("Value for money, {}", r.quarter),
        symbol: &d.symbol,
        sheets,
    }
}

/// Rows of the "Method and assumptions" sheet: every figure the value
/// stage used, with its provenance (figure, value, price year or unit,
/// source, licence, whether it is a working assumption).
pub fn method_rows(config: &Config) -> Vec<[String; 6]> {
    let v = &config.valuation;
    let w = &v.wellby;
    let mut rows = vec![
        line(
            "Report price year",
            "",
            &v.report_price_year,
            &format!("GDP deflator: {}. {}", v.deflator.series, v.deflator.source),
            &v.deflator.licence,
            false,
        ),
        line(
            "WELLBY value (central)",
            w.central,
            &w.price_year,
            &w.source,
            &w.licence,
            false,
        ),
        line(
            "WELLBY value (low)",
            w.low,
            &w.price_year,
            &w.source,
            &w.licence,
            false,
        ),
        line(
            "WELLBY value (high)",
            w.high,
            &w.price_year,
            &w.source,
            &w.licence,
            false,
        ),
        line(
            "Discount rate (money)",
            v.discount_rate.value,
            "a year",
            &v.discount_rate.source,
            "",
            v.discount_rate.assumption,
        ),
        line(
            "Discount rate (WELLBYs)",
            v.wellby_discount_rate.value,
            "a year",
            &v.wellby_discount_rate.source,
            "",
            v.wellby_discount_rate.assumption,
        ),
    ];
    let a = &v.additionality;
    for (label, f) in [
        ("Deadweight", &a.deadweight),
        ("Attribution", &a.attribution),
        ("Displacement", &a.displacement),
        ("Drop-off a year", &a.drop_off),
        ("Duration (years)", &a.duration_years),
    ] {
        rows.push(line(label, f.value, "share", &f.source, "", f.assumption));
    }
    for (key, uc) in &v.unit_costs {
        let figure = format!(
            "Unit cost: {} ({key}; borne by {})",
            uc.label,
            uc.agency.as_str()
        );
        rows.push(line(
            &figure,
            uc.value,
            &uc.price_year,
            &uc.source,
            &uc.licence,
            uc.assumption,
        ));
    }
    for p in &v.proxies {
        let figure = format!(
            "User proxy: {} (per {:?} of {})",
            p.label, p.per, p.indicator
        );
        rows.push(line(
            &figure,
            p.value,
            &p.price_year,
            &p.source,
            &p.licence,
            true,
        ));
    }
    for c in &v.wellby_conversions {
        let figure = format!("User WELLBY conversion: {} (WELLBYs per point)", c.measure);
        rows.push(line(&figure, c.wellby_per_point, "", &c.source, "", true));
    }
    if let Some(t) = &config.tariff {
        for p in &t.payments {
            let cap = p
                .cap_people
                .map_or(String::new(), |c| format!(", at most {c} per project"));
            let figure = format!("Tariff '{}': £ per {}{cap}", t.name, p.outcome.as_str());
            rows.push(line(&figure, p.gbp, "", &t.source, "", true));
        }
        if let Some(c) = t.cap_per_project_gbp {
            let figure = format!("Tariff '{}': most paid to a project a quarter", t.name);
            rows.push(line(&figure, c, "", &t.source, "", true));
        }
    }
    let b = &v.bootstrap;
    let unit = format!("seed {}, {:.0}% intervals", b.seed, b.confidence * 100.0);
    let how = "Percentile bootstrap over people, resampled with replacement.";
    rows.push(line(
        "Bootstrap resamples (seed)",
        b.resamples,
        &unit,
        how,
        "",
        false,
    ));
    rows
}

/// One row of the method sheet.
fn line(
    figure: &str,
    value: impl ToString,
    unit: &str,
    source: &str,
    licence: &str,
    assumption: bool,
) -> [String; 6] {
    [
        figure.to_string(),
        value.to_string(),
        unit.to_string(),
        source.to_string(),
        licence.to_string(),
        if assumption { "yes" } else { "no" }.to_string(),
    ]
}

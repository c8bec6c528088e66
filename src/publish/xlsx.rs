//! vfm.xlsx: the value-for-money tables as a workbook a commissioner opens
//! in Excel — one sheet per table with £ and % formats, frozen headers,
//! autofilters and widths, plus "Read me" and "Method and assumptions".
//! Cells are rendered from the (already disclosed) published tables.

use super::table::{PubTable, Val};
use crate::config::Config;
use crate::core::escape::cell_text;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

/// What the workbook is made of.
pub struct WorkbookInput<'a> {
    pub config: &'a Config,
    pub quarter: String,
    pub suppressed: bool,
    pub price_year: &'a str,
    /// (sheet name, table), in order.
    pub sheets: Vec<(&'a str, &'a PubTable)>,
    /// Method rows: (figure, value, unit or price year, source, licence, assumption).
    pub method: Vec<[String; 6]>,
}

#[derive(Clone, Copy)]
enum Kind {
    Money,
    Share,
    Count,
    Number(usize),
}

fn kind(column: &str, v: &Val) -> Kind {
    if column.ends_with("_gbp") {
        Kind::Money
    } else if column.starts_with("share_")
        || column.starts_with("rate")
        || column == "switching_value"
        || column == "proportion"
        || column.starts_with("ci_")
    {
        match v {
            Val::Num { decimals, .. } if *decimals != 4 => Kind::Number(*decimals),
            _ => Kind::Share,
        }
    } else {
        match v {
            Val::Count(_) => Kind::Count,
            Val::Num { decimals, .. } => Kind::Number(*decimals),
            _ => Kind::Count,
        }
    }
}

fn table_sheet(ws: &mut Worksheet, t: &PubTable, symbol: &str) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_background_color("#E8EEF4")
        .set_text_wrap();
    let money = Format::new().set_num_format("£#,##0.00");
    let share = Format::new().set_num_format("0.0%");
    let count = Format::new().set_num_format("#,##0");
    let dec = [
        Format::new().set_num_format("0"),
        Format::new().set_num_format("0.0"),
        Format::new().set_num_format("0.00"),
        Format::new().set_num_format("0.000"),
        Format::new().set_num_format("0.0000"),
    ];
    let withheld = Format::new().set_align(FormatAlign::Right);
    let quoted = Format::new().set_quote_prefix();
    for (c, name) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, name, &head)?;
        ws.set_column_width(c as u16, (name.len() as f64 * 0.9 + 2.0).clamp(10.0, 40.0))?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            match v {
                Val::Text(s) => {
                    // Text that a spreadsheet would run as a formula is kept
                    // as text (quote prefix), exactly as typed.
                    if cell_text(s) != *s {
                        ws.write_string_with_format(r, col, s, &quoted)?;
                    } else {
                        ws.write_string(r, col, s)?;
                    }
                }
                Val::Count(n) => {
                    ws.write_number_with_format(r, col, *n, &count)?;
                }
                Val::Num { value, .. } => {
                    let f = match kind(&t.columns[c], v) {
                        Kind::Money => &money,
                        Kind::Share => &share,
                        Kind::Count => &count,
                        Kind::Number(d) => &dec[d.min(4)],
                    };
                    ws.write_number_with_format(r, col, *value, f)?;
                }
                Val::Suppressed => {
                    ws.write_string_with_format(r, col, symbol, &withheld)?;
                }
                Val::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.rows.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, t.columns.len() as u16 - 1)?;
    }
    Ok(())
}

/// The workbook's bytes (deterministic: fixed document date).
pub fn workbook(i: &WorkbookInput) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Value for money, {}", i.quarter))
            .set_author("needle")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 4, 1)?),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let symbol = &i.config.disclosure.symbol;

    let ws = wb.add_worksheet();
    ws.set_name("Read me")?;
    ws.set_column_width(0, 110)?;
    let edition = if i.suppressed {
        format!(
            "Published edition: counts of 1 to {} are shown as {} and other counts rounded to the nearest {}; no mean, rate or value rests on fewer than {} people.",
            i.config.disclosure.suppress_up_to,
            symbol,
            i.config.disclosure.round_to,
            i.config.disclosure.min_people_for_statistic
        )
    } else {
        "Internal edition: exact figures (--no-suppression). Not for publication.".to_string()
    };
    let lines = [
        format!("Value for money, {}", i.quarter),
        String::new(),
        edition,
        format!("All £ figures are in {} prices.", i.price_year),
        format!(
            "Sheets: {}. VfM has one row per project and a TOTAL; Economy, Efficiency, Effectiveness, Fiscal, Fiscal by agency and Social value have a row for every project, area, activity type, supplier, organisation type and the total (the level column says which).",
            i.sheets.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
        ),
        "Method and assumptions lists every figure used, with its source, price year and licence, and marks the working assumptions.".to_string(),
        "Cost per X is empty when X is 0. This is a before-and-after design with no comparison group (Maryland Scientific Methods Scale level 2).".to_string(),
    ];
    for (r, line) in lines.iter().enumerate() {
        if r == 0 {
            ws.write_string_with_format(0, 0, line, &bold)?;
        } else {
            ws.write_string_with_format(r as u32, 0, line, &wrap)?;
        }
    }

    for (name, t) in &i.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        table_sheet(ws, t, symbol)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("Method and assumptions")?;
    let head = Format::new().set_bold().set_background_color("#E8EEF4");
    for (c, (h, w)) in [
        ("Figure", 38.0),
        ("Value", 16.0),
        ("Price year or unit", 18.0),
        ("Source", 80.0),
        ("Licence", 28.0),
        ("Assumption", 12.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, row) in i.method.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if c == 1 => ws.write_number(r, c, n).map(|_| ())?,
                _ => ws
                    .write_string_with_format(r, c, cell_text(cell), &wrap)
                    .map(|_| ())?,
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// Rows of the "Method and assumptions" sheet: every figure the value stage
/// used, with its provenance.
pub fn method_rows(config: &Config) -> Vec<[String; 6]> {
    let v = &config.valuation;
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    let mut rows = vec![
        [
            "Report price year".into(),
            String::new(),
            v.report_price_year.clone(),
            format!("GDP deflator: {}. {}", v.deflator.series, v.deflator.source),
            v.deflator.licence.clone(),
            "no".into(),
        ],
        [
            "WELLBY value (central)".into(),
            v.wellby.central.to_string(),
            v.wellby.price_year.clone(),
            v.wellby.source.clone(),
            v.wellby.licence.clone(),
            "no".into(),
        ],
        [
            "WELLBY value (low)".into(),
            v.wellby.low.to_string(),
            v.wellby.price_year.clone(),
            v.wellby.source.clone(),
            v.wellby.licence.clone(),
            "no".into(),
        ],
        [
            "WELLBY value (high)".into(),
            v.wellby.high.to_string(),
            v.wellby.price_year.clone(),
            v.wellby.source.clone(),
            v.wellby.licence.clone(),
            "no".into(),
        ],
        [
            "Discount rate".into(),
            v.discount_rate.value.to_string(),
            "a year".into(),
            v.discount_rate.source.clone(),
            String::new(),
            yes(v.discount_rate.assumption),
        ],
    ];
    for (label, f) in [
        ("Deadweight", &v.additionality.deadweight),
        ("Attribution", &v.additionality.attribution),
        ("Displacement", &v.additionality.displacement),
        ("Drop-off a year", &v.additionality.drop_off),
        ("Duration (years)", &v.additionality.duration_years),
    ] {
        rows.push([
            label.into(),
            f.value.to_string(),
            "share".into(),
            f.source.clone(),
            String::new(),
            yes(f.assumption),
        ]);
    }
    for (key, uc) in &v.unit_costs {
        rows.push([
            format!(
                "Unit cost: {} ({key}; borne by {})",
                uc.label,
                uc.agency.as_str()
            ),
            uc.value.to_string(),
            uc.price_year.clone(),
            uc.source.clone(),
            uc.licence.clone(),
            yes(uc.assumption),
        ]);
    }
    for p in &v.proxies {
        rows.push([
            format!(
                "User proxy: {} (per {:?} of {})",
                p.label, p.per, p.indicator
            ),
            p.value.to_string(),
            p.price_year.clone(),
            p.source.clone(),
            p.licence.clone(),
            "yes".into(),
        ]);
    }
    for c in &v.wellby_conversions {
        rows.push([
            format!("User WELLBY conversion: {} (WELLBYs per point)", c.measure),
            c.wellby_per_point.to_string(),
            String::new(),
            c.source.clone(),
            String::new(),
            "yes".into(),
        ]);
    }
    if let Some(t) = &config.tariff {
        for p in &t.payments {
            let cap = p
                .cap_people
                .map_or(String::new(), |c| format!(", at most {c} per project"));
            rows.push([
                format!("Tariff '{}': £ per {}{cap}", t.name, p.outcome.as_str()),
                p.gbp.to_string(),
                String::new(),
                t.source.clone(),
                String::new(),
                "yes".into(),
            ]);
        }
        if let Some(c) = t.cap_per_project_gbp {
            rows.push([
                format!("Tariff '{}': most paid to a project a quarter", t.name),
                c.to_string(),
                String::new(),
                t.source.clone(),
                String::new(),
                "yes".into(),
            ]);
        }
    }
    rows.push([
        "Bootstrap resamples (seed)".into(),
        v.bootstrap.resamples.to_string(),
        format!(
            "seed {}, {:.0}% intervals",
            v.bootstrap.seed,
            v.bootstrap.confidence * 100.0
        ),
        "Percentile bootstrap over people, resampled with replacement.".into(),
        String::new(),
        "no".into(),
    ]);
    rows
}

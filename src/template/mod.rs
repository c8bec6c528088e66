//! The blank return a project fills in: an xlsx workbook built from the
//! contract's own specs (src/contract/spec.rs) and the config's measures and
//! indicators, so the template can never disagree with the checker.
//!
//! Sheets: Instructions, About (Field | Value), the data sheets with their
//! headers only (no example rows), and a Lists sheet that holds the values
//! behind every dropdown (Excel limits an inline list to 255 characters).

use crate::config::Config;
use crate::contract::spec::{
    self, ABOUT_FIELDS, ACTIVITIES, COUNTS, ColumnSpec, OUTCOMES, PEOPLE, STORIES, SheetSpec,
};
use crate::core::Quarter;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};

/// Rows of the data sheets that carry dropdowns and input messages.
const DATA_ROWS: u32 = 2000;

/// Quarters offered in the About sheet's dropdown (any quarter in the
/// accepted forms may still be typed).
fn quarters() -> Vec<String> {
    let mut q = Quarter::new(2025, 1).expect("valid quarter");
    (0..20)
        .map(|_| {
            let s = q.to_string();
            q = q.next();
            s
        })
        .collect()
}

/// A named list on the Lists sheet.
struct List {
    name: &'static str,
    values: Vec<String>,
}

fn lists(config: &Config) -> Vec<List> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        List {
            name: "Organisation type",
            values: s(spec::ORGANISATION_TYPES),
        },
        List {
            name: "Quarter",
            values: quarters(),
        },
        List {
            name: "Activity type",
            values: s(spec::ACTIVITY_TYPES),
        },
        List {
            name: "Measure",
            values: config.measures.iter().map(|m| m.id.clone()).collect(),
        },
        List {
            name: "Indicator",
            values: config.indicators.iter().map(|i| i.name.clone()).collect(),
        },
        List {
            name: "Age band",
            values: s(spec::AGE_BANDS),
        },
        List {
            name: "Ethnicity",
            values: s(spec::ETHNICITY_GROUPS),
        },
        List {
            name: "Referral source",
            values: s(spec::REFERRAL_SOURCES),
        },
        List {
            name: "Consent to publish",
            values: s(spec::CONSENT),
        },
        List {
            name: "Problem descriptor",
            values: config
                .pairing
                .descriptors
                .iter()
                .map(|d| d.name.clone())
                .collect(),
        },
    ]
}

/// `Lists!$C$2:$C$14`-style reference to a list's values.
fn list_ref(lists: &[List], name: &str) -> Option<Formula> {
    let (i, l) = lists.iter().enumerate().find(|(_, l)| l.name == name)?;
    let col = crate::core::text::column_letters(i as u32);
    Some(Formula::new(format!(
        "=Lists!${col}$2:${col}${}",
        l.values.len() + 1
    )))
}

/// Input message text: Excel allows 32 characters of title, 255 of message.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}

fn validation(
    lists: &[List],
    list: Option<&str>,
    c: &ColumnSpec,
) -> Result<DataValidation, XlsxError> {
    let dv = match list.and_then(|l| list_ref(lists, l)) {
        Some(f) => DataValidation::new()
            .allow_list_formula(f)
            .set_error_title("Not on the list")?
            .set_error_message(clip(
                &format!("Pick a value from the list. {}", c.rule),
                255,
            ))?,
        None => DataValidation::new().allow_any_value(),
    };
    let title = if c.required {
        format!("{} (required)", c.header)
    } else {
        c.header.to_string()
    };
    dv.set_input_title(clip(&title, 32))?
        .set_input_message(clip(c.rule, 255))
}

/// Which list backs a column's dropdown, if any.
fn list_for(header: &str) -> Option<&'static str> {
    match header {
        "Activity type" => Some("Activity type"),
        "Measure" => Some("Measure"),
        "Indicator" => Some("Indicator"),
        "Age band" => Some("Age band"),
        "Ethnicity" => Some("Ethnicity"),
        "Referral source" => Some("Referral source"),
        "Consent to publish" => Some("Consent to publish"),
        "Problem descriptor" => Some("Problem descriptor"),
        "Unit" => Some("Unit"),
        _ => None,
    }
}

fn whole_number(c: &ColumnSpec, min: i32, max: i32) -> Result<DataValidation, XlsxError> {
    let title = if c.required {
        format!("{} (required)", c.header)
    } else {
        c.header.to_string()
    };
    DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(min, max))
        .set_input_title(clip(&title, 32))?
        .set_input_message(clip(c.rule, 255))?
        .set_error_title("Whole number needed")?
        .set_error_message(clip(c.rule, 255))
}

/// £ 0 or more, to the penny.
fn money(c: &ColumnSpec) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(clip(&format!("{} (required)", c.header), 32))?
        .set_input_message(clip(c.rule, 255))?
        .set_error_title("Price in £ needed")?
        .set_error_message(clip(c.rule, 255))
}

/// Writes the header row of `s` (required headers bold blue with a *), its
/// dropdowns and input messages, and freezes the header.
fn data_sheet(
    ws: &mut Worksheet,
    s: &SheetSpec,
    lists: &[List],
    head: &Format,
    req: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(s.name)?;
    for (i, c) in s.columns.iter().enumerate() {
        let col = i as u16;
        if c.required {
            ws.write_string_with_format(0, col, format!("{} *", c.header), req)?;
        } else {
            ws.write_string_with_format(0, col, c.header, head)?;
        }
        ws.set_column_width(col, (c.header.len() as f64 + 4.0).max(14.0))?;
        let dv = match c.header {
            "IMD decile" => whole_number(c, 1, 10)?,
            "Sessions" | "Participants" | "Attendances" | "Sessions attended" => {
                whole_number(c, 0, 1_000_000)?
            }
            "Price" => money(c)?,
            h => validation(lists, list_for(h), c)?,
        };
        ws.add_data_validation(1, col, DATA_ROWS, col, &dv)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

const INSTRUCTIONS: &[&str] = &[
    "How to fill in this return",
    "",
    "1. About: fill in the Value column. Project ID stays the same every quarter. Quarter is the UK financial-year quarter, e.g. 2026/27 Q2 (Q1 = April to June).",
    "2. Activities: one row per activity or service you delivered this quarter. Give each a short Activity ID such as A1.",
    "3. People (optional): one row per participant, for equity analysis. Sessions attended and Problem descriptor let the figures follow NHS Talking Therapies: people who came fewer than 2 times are left out of outcome figures, and the problem picks the anxiety measure scored with PHQ-9.",
    "4. Outcomes: one row per person per measure: the score at the start, and the later score when you have it. Leave the follow-up empty if the person has not been measured again yet.",
    "5. Counts (optional): results you count rather than score, e.g. Friends and Family Test positive, or A&E attendances before and after joining.",
    "6. Stories (optional): short case studies. Put Yes in Consent to publish only if the person agreed.",
    "",
    "Participant ref: use your own code for each person, such as P001. Never a name, NHS number, email address or phone number: rows with those are refused.",
    "Dates: a real date, or typed as 14/07/2026 (day first).",
    "Money: in pounds, e.g. 1250 or £1,250.00.",
    "Headers in bold with a * are required. Keep the header row; you may add notes in other sheets.",
    "",
    "Check your return before sending it: open checker.html (your commissioner sends it with this template) in your web browser and drop this file on it. It lists every problem with its sheet and cell and how to fix it, and your file never leaves your computer. (Or, with needle installed: needle validate YOUR-FILE.xlsx.)",
];

/// The blank return as xlsx bytes (deterministic).
pub fn xlsx(config: &Config) -> Result<Vec<u8>, XlsxError> {
    let lists = lists(config);
    let title = format!(
        "Quarterly return template, version {}",
        spec::TEMPLATE_VERSION
    );
    let (mut wb, formats) = begin(&title, INSTRUCTIONS)?;
    let Formats {
        bold, head, req, ..
    } = &formats;

    let ws = wb.add_worksheet();
    ws.set_name(spec::ABOUT_SHEET[0])?;
    ws.write_string_with_format(0, 0, spec::ABOUT_HEADER[0], head)?;
    ws.write_string_with_format(0, 1, spec::ABOUT_HEADER[1], head)?;
    ws.write_string_with_format(0, 2, "What to enter", head)?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 90)?;
    for (i, f) in ABOUT_FIELDS.iter().enumerate() {
        let row = i as u32 + 1;
        let label = if f.required {
            format!("{} *", f.header)
        } else {
            f.header.to_string()
        };
        ws.write_string_with_format(row, 0, &label, bold)?;
        ws.write_string(row, 2, f.rule)?;
        let dv = match f.header {
            "Organisation type" => validation(&lists, Some("Organisation type"), f)?,
            "Quarter" => validation(&lists, Some("Quarter"), f)?,
            _ => validation(&lists, None, f)?,
        };
        ws.add_data_validation(row, 1, row, 1, &dv)?;
        if f.header == "Template version" {
            ws.write_string(row, 1, spec::TEMPLATE_VERSION)?;
        }
    }

    for s in [&ACTIVITIES, &PEOPLE, &OUTCOMES, &COUNTS, &STORIES] {
        let ws = wb.add_worksheet();
        // Required headers carry a * so a volunteer sees them at a glance.
        data_sheet(ws, s, &lists, head, req)?;
    }
    lists_sheet(&mut wb, &lists, bold)?;
    wb.save_to_buffer()
}

/// The cell formats of a template: bold, a header, a required header,
/// wrapped text.
struct Formats {
    bold: Format,
    head: Format,
    req: Format,
    wrap: Format,
}

/// A template workbook with its properties (a fixed date, so the bytes
/// never change) and its Instructions sheet: the first line bold, the
/// rest wrapped.
fn begin(title: &str, instructions: &[&str]) -> Result<(Workbook, Formats), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 4, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("needle")
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_background_color("#E8EEF4")
        .set_border_bottom(FormatBorder::Thin);
    let f = Formats {
        bold: Format::new().set_bold(),
        req: head.clone().set_font_color("#1F4E79"),
        head,
        wrap: Format::new().set_text_wrap(),
    };
    let ws = wb.add_worksheet();
    ws.set_name("Instructions")?;
    ws.set_column_width(0, 110)?;
    for (i, line) in instructions.iter().enumerate() {
        let format = if i == 0 { &f.bold } else { &f.wrap };
        ws.write_string_with_format(i as u32, 0, *line, format)?;
    }
    Ok((wb, f))
}

/// The Lists sheet: the values behind every dropdown.
fn lists_sheet(wb: &mut Workbook, lists: &[List], bold: &Format) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Lists")?;
    for (i, l) in lists.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, l.name, bold)?;
        ws.set_column_width(col, 28)?;
        for (r, v) in l.values.iter().enumerate() {
            ws.write_string(r as u32 + 1, col, v)?;
        }
    }
    Ok(())
}

const MENU_INSTRUCTIONS: &[&str] = &[
    "How to fill in the suppliers' menu",
    "",
    "One row on the Menu sheet for each activity or service a supplier offers to community organisations, with its price.",
    "Supplier: the supplier's name, spelt as projects write it in the Supplier column of their Activities sheet.",
    "Activity: the activity's name as projects write it (e.g. Walking group), or an activity type (e.g. peer support).",
    "Unit and Price: what the price is per (per session or per participant), and the price in pounds, e.g. 120 or £1,250.00.",
    "Activity type, Objectives, Description and Web page are optional. They are shown on the menu page (needle menu): offers are grouped by activity type, and the share improved counts only the objectives (1 to 6) given.",
    "Web page is shown as text for people to type, never as a link the page opens.",
    "Headers in bold with a * are required. Keep the header row.",
    "",
    "Use it with: needle menu --menu THIS-FILE.xlsx RETURNS-FOLDER (a menu page with each offer's record), or needle report --menu THIS-FILE.xlsx (prices paid against the menu). A menu with a mistake is refused, naming each cell to fix.",
];

/// The blank suppliers' menu (`needle template --menu`) as xlsx bytes:
/// Instructions, the Menu sheet from the menu's own spec
/// (contract::menu::MENU) with dropdowns for Unit and Activity type, and
/// Lists (deterministic).
pub fn menu_xlsx() -> Result<Vec<u8>, XlsxError> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let lists = vec![
        List {
            name: "Unit",
            values: s(&["per session", "per participant"]),
        },
        List {
            name: "Activity type",
            values: s(spec::ACTIVITY_TYPES),
        },
    ];
    let (mut wb, f) = begin("Suppliers' menu template", MENU_INSTRUCTIONS)?;
    let ws = wb.add_worksheet();
    data_sheet(ws, &crate::contract::MENU, &lists, &f.head, &f.req)?;
    lists_sheet(&mut wb, &lists, &f.bold)?;
    wb.save_to_buffer()
}

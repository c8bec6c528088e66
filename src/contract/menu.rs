//! A suppliers' menu of activities and prices (`needle report --menu
//! FILE`), read with the same lenient layout rules as a return: the sheet
//! named Menu (or the only sheet), a header row anywhere near the top,
//! columns in any order. Every bad cell is reported with its A1 reference;
//! a menu with errors is refused whole, so no price is silently dropped.

use std::collections::BTreeMap;

use super::layout;
use super::sheets;
use super::spec::{SheetSpec, col};
use crate::config::{MenuItem, MenuUnit};
use crate::contract::coerce::clip;
use crate::core::text::normalise_key;
use crate::core::{Code, Issue};
use crate::ingest::Workbook;

/// The menu's sheet and columns.
pub const MENU: SheetSpec = SheetSpec {
    name: "Menu",
    synonyms: &["Price list", "Prices"],
    columns: &[
        col(
            "Supplier",
            &["Provider", "Social enterprise"],
            true,
            "The supplier's name, as projects write it in Activities' Supplier column.",
        ),
        col(
            "Activity",
            &["Activity name", "Service"],
            true,
            "The activity's name as projects write it, or an activity type.",
        ),
        col(
            "Unit",
            &["Per", "Price per", "Priced per"],
            true,
            "session or participant.",
        ),
        col(
            "Price",
            &["Offered price", "Price per unit", "Unit price"],
            true,
            "£ per unit, 0 or more, e.g. 45 or £1,250.00.",
        ),
        col(
            "Activity type",
            &["Type", "Type of activity"],
            false,
            "Optional: the type of activity, from the list, e.g. peer support. The menu page groups offers by it.",
        ),
        col(
            "Objectives",
            &["Objective", "Objectives served", "Strategy objectives"],
            false,
            "Optional: the objectives the activity serves, 1 to 6, e.g. 1, 3. Its share improved counts these objectives only.",
        ),
        col(
            "Description",
            &["About", "Summary", "Short description"],
            false,
            "Optional: what the activity is, in a sentence or two (at most 400 characters).",
        ),
        col(
            "Web page",
            &["Website", "Contact", "Contact web page", "Web", "URL"],
            false,
            "Optional: the supplier's contact web page, e.g. www.example.org.uk. Shown as text.",
        ),
    ],
};

/// The most characters a menu line's Description may have: two sentences
/// on a printed menu.
pub const MAX_DESCRIPTION_CHARS: usize = 400;

/// Whether `s` reads as a web address a person can type: no spaces, a
/// dot in the host, and no scheme but http or https (so nothing on the
/// page can be a `javascript:` link, though it is shown as text anyway).
fn is_web_address(s: &str) -> bool {
    let host = match s.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            rest
        }
        Some(_) => return false,
        None => s,
    };
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    s.chars().count() <= 200
        && !s.chars().any(char::is_whitespace)
        && !s.contains(['<', '>', '"', '\\'])
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == ':')
}

/// The menu's lines, or every error found (with file, sheet and cell).
/// Warnings (e.g. extra columns, which are not read) come back with the
/// lines.
pub fn menu(wb: &Workbook, file: &str) -> Result<(Vec<MenuItem>, Vec<Issue>), Vec<Issue>> {
    let mut issues = Vec::new();
    let only = match wb.sheets.as_slice() {
        [only] => Some(only),
        _ => None,
    };
    let sheet = layout::find_sheet(wb, MENU.names()).or(only);
    let Some(sheet) = sheet else {
        return Err(vec![
            Issue::error(
                Code::SheetMissing,
                "The menu has no sheet named Menu, and more than one sheet.",
                "Name the sheet with the prices Menu, or save the menu as a CSV file.",
            )
            .in_file(file),
        ]);
    };
    let Ok(table) = layout::locate(file, sheet, &MENU, &mut issues) else {
        return Err(issues);
    };
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    let (items, _rows) = sheets::each_row(&table, &mut issues, |ctx| {
        let supplier = ctx.text("Supplier");
        let activity = ctx.text("Activity");
        let unit = ctx.choice(
            "Unit",
            &["session", "participant"],
            &[
                ("per session", "session"),
                ("sessions", "session"),
                ("per participant", "participant"),
                ("participants", "participant"),
                ("per person", "participant"),
                ("person", "participant"),
            ],
        );
        let price = ctx.count("Price", "45", false);
        let activity_type = ctx.activity_type("Activity type");
        let had_type = ctx.cell("Activity type").is_some();
        let objectives = ctx.objectives("Objectives");
        let description = ctx.text("Description");
        if let Some(d) = &description
            && d.chars().count() > MAX_DESCRIPTION_CHARS
        {
            ctx.error(
                "Description",
                Code::TooLong,
                format!(
                    "The description is {} characters long; the limit is {MAX_DESCRIPTION_CHARS}.",
                    d.chars().count()
                ),
                "Shorten it to a sentence or two: what the activity is and who it is for.",
            );
        }
        let web = ctx.text("Web page");
        if let Some(w) = &web
            && !is_web_address(w)
        {
            ctx.error(
                "Web page",
                Code::NotAllowed,
                format!("Web page '{}' is not a web address.", clip(w)),
                "Enter the supplier's web page on its own, e.g. www.example.org.uk or https://example.org.uk/contact.",
            );
        }
        let (supplier, activity) = (supplier?, activity?);
        let key = (normalise_key(&supplier), normalise_key(&activity));
        if let Some(first) = seen.get(&key) {
            ctx.error(
                "Supplier",
                Code::ActivityDuplicate,
                format!("{supplier} offers '{activity}' twice on the menu (first at {first})."),
                "Keep one price for each supplier and activity; delete the other row.",
            );
        } else {
            seen.insert(key, ctx.a1("Supplier"));
        }
        Some(MenuItem {
            supplier,
            activity,
            unit: match unit? {
                "session" => MenuUnit::Session,
                _ => MenuUnit::Participant,
            },
            price: price?,
            activity_type: match (activity_type, had_type) {
                (Some(t), _) => Some(t.to_string()),
                (None, true) => return None,
                (None, false) => None,
            },
            objectives: objectives?,
            description,
            web,
        })
    });
    if issues.iter().any(Issue::is_error) {
        return Err(issues);
    }
    if items.is_empty() {
        return Err(vec![
            Issue::error(
                Code::ValueMissing,
                "The menu lists no prices.",
                "Add one row per supplier and activity under the header row: Supplier, Activity, Unit, Price.",
            )
            .in_file(file)
            .at(&sheet.name, ""),
        ]);
    }
    Ok((items, issues))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> Result<(Vec<MenuItem>, Vec<Issue>), Vec<Issue>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("menu.csv");
        std::fs::write(&path, csv).unwrap();
        let limits = crate::config::Limits::default();
        let (wb, _) = crate::ingest::read_table_file(&path, &limits).unwrap();
        menu(&wb, "menu.csv")
    }

    #[test]
    fn the_optional_columns_are_read_under_any_of_their_names() {
        let (items, warnings) = read(
            "Provider,Service,Per,Price,Type,Objective,Summary,Website\n\
             Stride Out CIC,Walking group,per session,120,sport,\"3 and 1\",Weekly walks.,www.stride.example.org\n\
             Talk Together CIC,peer support,per person,60,,,,\n",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        // "sport" is physical activity; objectives sorted, each once.
        assert_eq!(items[0].activity_type.as_deref(), Some("physical activity"));
        assert_eq!(items[0].objectives, vec![1, 3]);
        assert_eq!(items[0].description.as_deref(), Some("Weekly walks."));
        assert_eq!(items[0].web.as_deref(), Some("www.stride.example.org"));
        // Blank optional cells are nothing, not errors.
        assert_eq!(items[1].activity_type, None);
        assert!(items[1].objectives.is_empty());
        assert_eq!(
            (items[1].description.clone(), items[1].web.clone()),
            (None, None)
        );
    }

    #[test]
    fn web_addresses() {
        for ok in [
            "www.example.org.uk",
            "https://example.org.uk/contact",
            "HTTP://shop.example.com:8080/menu?x=1",
            "example.co.uk",
        ] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "my site",
            "javascript:alert(1)",
            "ftp://example.org",
            "example",
            "https://.org",
            "www.example.org/<script>",
            "mailto:me@example.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn an_unknown_activity_type_and_objective_are_refused_at_their_cells() {
        let issues = read(
            "Supplier,Activity,Unit,Price,Activity type,Objectives\n\
             A,b,session,10,knitting,1\n\
             A,c,session,10,arts,\"1, 7\"\n",
        )
        .unwrap_err();
        let found: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.cell.as_str(), i.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "E2");
        assert!(
            found[0]
                .1
                .starts_with("Activity type 'knitting' is not one of the allowed values."),
            "{found:?}"
        );
        assert_eq!(found[1], ("F3", "Objectives '1, 7' is not one of 1 to 6."));
    }

    #[test]
    fn a_long_description_is_refused_at_its_cell() {
        let long = "a".repeat(MAX_DESCRIPTION_CHARS + 1);
        let issues = read(&format!(
            "Supplier,Activity,Unit,Price,Description\nA,b,session,10,{long}\n"
        ))
        .unwrap_err();
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].cell, "E2");
        assert_eq!(
            issues[0].message,
            "The description is 401 characters long; the limit is 400."
        );
    }
}

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
    ],
};

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

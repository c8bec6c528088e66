//! Prices paid against a suppliers' menu (`--menu FILE`): for each activity
//! of the report quarter bought from a named supplier, what the menu
//! offered it for (price × sessions or participants) against its Cost.

use crate::config::{Menu, MenuItem, MenuUnit};
use crate::core::Quarter;
use crate::core::text::normalise_key;
use crate::score::Facts;

/// How far Cost may be from the offered cost and still be "as offered":
/// pounds rounded either way.
pub const TOLERANCE_GBP: f64 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MenuStatus {
    AsOffered,
    PaidMore,
    PaidLess,
    /// The supplier is on the menu, but not with this activity.
    ActivityNotOnMenu,
    /// The supplier is not on the menu at all.
    SupplierNotOnMenu,
}

impl MenuStatus {
    pub const ALL: [MenuStatus; 5] = [
        MenuStatus::AsOffered,
        MenuStatus::PaidMore,
        MenuStatus::PaidLess,
        MenuStatus::ActivityNotOnMenu,
        MenuStatus::SupplierNotOnMenu,
    ];

    /// The status of a purchase that paid `difference` (paid − offered)
    /// more than the menu offered it for.
    pub fn of_difference(difference: f64) -> MenuStatus {
        if difference.abs() <= TOLERANCE_GBP {
            MenuStatus::AsOffered
        } else if difference > 0.0 {
            MenuStatus::PaidMore
        } else {
            MenuStatus::PaidLess
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MenuStatus::AsOffered => "as offered",
            MenuStatus::PaidMore => "paid more than offered",
            MenuStatus::PaidLess => "paid less than offered",
            MenuStatus::ActivityNotOnMenu => "activity not on the supplier's menu",
            MenuStatus::SupplierNotOnMenu => "supplier not on the menu",
        }
    }
}

/// One activity bought from a named supplier, against the menu.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub activity_id: String,
    pub activity: String,
    pub supplier: String,
    /// The menu line matched (None when not on the menu).
    pub item: Option<MenuItem>,
    /// Sessions or participants, as the menu prices them.
    pub units: Option<f64>,
    pub offered_gbp: Option<f64>,
    pub paid_gbp: f64,
    /// paid − offered.
    pub difference_gbp: Option<f64>,
    pub status: MenuStatus,
}

/// The menu line for an activity: the supplier's line whose Activity is
/// the activity's name, else its type (ignoring case, spaces, punctuation).
pub(super) fn find<'m>(
    menu: &'m Menu,
    supplier: &str,
    name: &str,
    activity_type: &str,
) -> Result<&'m MenuItem, MenuStatus> {
    let s = normalise_key(supplier);
    let lines: Vec<&MenuItem> = menu
        .items
        .iter()
        .filter(|i| normalise_key(&i.supplier) == s)
        .collect();
    if lines.is_empty() {
        return Err(MenuStatus::SupplierNotOnMenu);
    }
    for wanted in [name, activity_type] {
        let k = normalise_key(wanted);
        if let Some(i) = lines.iter().find(|i| normalise_key(&i.activity) == k) {
            return Ok(i);
        }
    }
    Err(MenuStatus::ActivityNotOnMenu)
}

/// Every activity of `quarter` with a Supplier, by project and activity.
pub fn compare(facts: &Facts, quarter: Quarter, menu: &Menu) -> Vec<MenuRow> {
    let mut rows: Vec<MenuRow> = facts
        .activities
        .iter()
        .filter(|a| a.quarter == quarter)
        .filter_map(|a| {
            let supplier = a
                .supplier
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())?;
            let base = MenuRow {
                quarter,
                project_id: a.project_id.to_string(),
                activity_id: a.activity_id.to_string(),
                activity: a.name.to_string(),
                supplier: supplier.to_string(),
                item: None,
                units: None,
                offered_gbp: None,
                paid_gbp: a.cost,
                difference_gbp: None,
                status: MenuStatus::SupplierNotOnMenu,
            };
            Some(match find(menu, supplier, &a.name, &a.activity_type) {
                Err(status) => MenuRow { status, ..base },
                Ok(item) => {
                    let units = match item.unit {
                        MenuUnit::Session => a.sessions,
                        MenuUnit::Participant => a.participants,
                    };
                    let offered = units * item.price;
                    let difference = a.cost - offered;
                    let status = MenuStatus::of_difference(difference);
                    MenuRow {
                        item: Some(item.clone()),
                        units: Some(units),
                        offered_gbp: Some(offered),
                        difference_gbp: Some(difference),
                        status,
                        ..base
                    }
                }
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.project_id, &a.activity_id).cmp(&(&b.project_id, &b.activity_id)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::ActivityFact;

    fn facts(cost: f64) -> Facts {
        let q = Quarter::new(2026, 2).unwrap();
        Facts {
            activities: vec![ActivityFact {
                quarter: q,
                project_id: "P1".into(),
                area: "Salford".into(),
                activity_id: "A1".into(),
                name: "Walk & Talk".into(),
                activity_type: "physical activity".into(),
                supplier: Some(" Stride Out CIC ".into()),
                sessions: 12.0,
                hours: None,
                participants: 9.0,
                attendances: None,
                cost,
                in_kind: 0.0,
                volunteer_hours: None,
            }],
            ..Facts::default()
        }
    }

    #[test]
    fn within_a_pound_is_as_offered() {
        let menu = Menu {
            file: "menu.csv".into(),
            items: vec![MenuItem {
                supplier: "stride out cic".into(),
                activity: "walking football".into(),
                unit: MenuUnit::Session,
                price: 50.0,
                activity_type: None,
                objectives: Vec::new(),
                description: None,
                web: None,
            }],
        };
        let q = Quarter::new(2026, 2).unwrap();
        // The supplier matches (case and spaces aside), but neither the
        // activity's name nor its type is on its menu.
        let r = compare(&facts(600.0), q, &menu);
        assert_eq!(r[0].status, MenuStatus::ActivityNotOnMenu);
        let menu = Menu {
            items: vec![MenuItem {
                activity: "walk & talk".into(),
                ..menu.items[0].clone()
            }],
            ..menu
        };
        // Matched by name: 12 sessions × £50 = £600 offered.
        for (paid, status) in [
            (601.0, MenuStatus::AsOffered),
            (599.0, MenuStatus::AsOffered),
            (601.01, MenuStatus::PaidMore),
            (598.5, MenuStatus::PaidLess),
        ] {
            let r = compare(&facts(paid), q, &menu);
            assert_eq!(r[0].status, status, "{paid}");
            assert_eq!(r[0].offered_gbp, Some(600.0));
        }
    }
}

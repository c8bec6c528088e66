//! A menu of activities offered by suppliers, with prices (`needle report
//! --menu FILE`): what a community organisation was offered, to compare
//! with what it paid. Read from a spreadsheet by `contract::menu`.

/// What a menu price is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MenuUnit {
    /// Per session delivered (Activities' Sessions).
    Session,
    /// Per participant (Activities' Participants).
    Participant,
}

impl MenuUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            MenuUnit::Session => "session",
            MenuUnit::Participant => "participant",
        }
    }
}

/// One line of a menu.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuItem {
    pub supplier: String,
    /// Matched with an activity's name, then its type.
    pub activity: String,
    pub unit: MenuUnit,
    /// £ offered per unit.
    pub price: f64,
}

/// A menu and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    pub file: String,
    pub items: Vec<MenuItem>,
}

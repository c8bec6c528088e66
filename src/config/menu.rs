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
    /// The type of activity (the contract's list), when the menu gives it.
    pub activity_type: Option<String>,
    /// The objectives (1 to 6) the activity serves, when the menu gives
    /// them: its share improved counts these only.
    pub objectives: Vec<u8>,
    /// A sentence or two on what the activity is.
    pub description: Option<String>,
    /// The supplier's contact web page, shown as text.
    pub web: Option<String>,
}

/// A menu and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    pub file: String,
    pub items: Vec<MenuItem>,
}

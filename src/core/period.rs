//! A report's period: one quarter, a financial year, or any run of
//! quarters. A quarter's report and a year's are the same pipeline over a
//! different period, so everything that names what a report covers (its
//! folder, its title, the Quarter column of its tables) asks the period.

use std::fmt;

use chrono::NaiveDate;

use super::Quarter;

/// A run of whole quarters, `from` to `to` inclusive (`from <= to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub from: Quarter,
    pub to: Quarter,
}

impl Period {
    /// The run of quarters from `from` to `to`; None when `to` comes first.
    pub fn new(from: Quarter, to: Quarter) -> Option<Period> {
        (from <= to).then_some(Period { from, to })
    }

    /// One quarter.
    pub fn quarter(q: Quarter) -> Period {
        Period { from: q, to: q }
    }

    /// The financial year starting in April of `year` (2026 for 2026/27).
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            from: Quarter::new(year, 1)?,
            to: Quarter::new(year, 4)?,
        })
    }

    /// Parses a financial year as `--year` takes it: `2026/27`,
    /// `2026-27`, `2026/2027`, `FY2026/27`.
    pub fn parse_year(s: &str) -> Option<Period> {
        let up = s.trim().to_uppercase().replace("FY", "");
        let compact: String = up.chars().filter(|c| !c.is_whitespace()).collect();
        let (a, b) = compact.split_once(['/', '-'])?;
        if a.len() != 4 || !(b.len() == 2 || b.len() == 4) {
            return None;
        }
        let year: i32 = a.parse().ok()?;
        let second: i32 = b.parse().ok()?;
        let ok = if b.len() == 2 {
            second == (year + 1) % 100
        } else {
            second == year + 1
        };
        if ok { Period::year(year) } else { None }
    }

    /// The quarter, when the period is one.
    pub fn single(&self) -> Option<Quarter> {
        (self.from == self.to).then_some(self.to)
    }

    /// The financial year's start, when the period is a whole one.
    pub fn whole_year(&self) -> Option<i32> {
        (self.from.q == 1 && self.to.q == 4 && self.from.year == self.to.year)
            .then_some(self.from.year)
    }

    pub fn contains(&self, q: Quarter) -> bool {
        self.from <= q && q <= self.to
    }

    /// Whether `d` falls within the period's quarters.
    pub fn contains_date(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// The period's quarters, in order.
    pub fn quarters(&self) -> Vec<Quarter> {
        let mut out = vec![self.from];
        while let Some(&q) = out.last().filter(|q| **q < self.to) {
            out.push(q.next());
        }
        out
    }

    pub fn start(&self) -> NaiveDate {
        self.from.start()
    }

    pub fn end(&self) -> NaiveDate {
        self.to.end()
    }

    /// The same run of quarters a year earlier: what a year is compared
    /// with.
    pub fn year_before(&self) -> Period {
        let back = |q: Quarter| Quarter {
            year: q.year - 1,
            q: q.q,
        };
        Period {
            from: back(self.from),
            to: back(self.to),
        }
    }

    /// What a report of the period is compared with: the quarter before
    /// a quarter, the same quarters a year before for a longer period (a
    /// year against the year before).
    pub fn compared_with(&self) -> Period {
        match self.single() {
            Some(q) => Period::quarter(q.prev()),
            None => self.year_before(),
        }
    }

    /// The months in words: "July to September 2026" for a quarter,
    /// "April 2026 to March 2027" for a longer period.
    pub fn months(&self) -> String {
        match self.single() {
            Some(q) => q.months(),
            None => format!(
                "{} to {}",
                self.start().format("%B %Y"),
                self.end().format("%B %Y")
            ),
        }
    }

    /// A name safe for a folder: `2026-27-Q2`, `2026-27` for a whole
    /// financial year, `2026-27-Q1_2026-27-Q3` otherwise.
    pub fn slug(&self) -> String {
        match (self.single(), self.whole_year()) {
            (Some(q), _) => q.slug(),
            (None, Some(_)) => self.from.financial_year(),
            _ => format!("{}_{}", self.from.slug(), self.to.slug()),
        }
    }

    /// What the period is called in a sentence: "the quarter" or "the
    /// year" or "the period".
    pub fn noun(&self) -> &'static str {
        match (self.single(), self.whole_year()) {
            (Some(_), _) => "quarter",
            (None, Some(_)) => "year",
            _ => "period",
        }
    }
}

impl Period {
    /// What the compared period is called in a sentence: "the quarter
    /// before", "the year before", "the same quarters a year before".
    pub fn before_words(&self) -> &'static str {
        match (self.single(), self.whole_year()) {
            (Some(_), _) => "the quarter before",
            (None, Some(_)) => "the year before",
            _ => "the same quarters a year before",
        }
    }
}

/// `2026/27 Q2`, `2026/27`, or `2026/27 Q1 to 2026/27 Q3`.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.single(), self.whole_year()) {
            (Some(q), _) => write!(f, "{q}"),
            (None, Some(y)) => write!(f, "{}/{:02}", y, (y + 1) % 100),
            _ => write!(f, "{} to {}", self.from, self.to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(y: i32, n: u8) -> Quarter {
        Quarter::new(y, n).unwrap()
    }

    #[test]
    fn a_year_its_quarters_and_names() {
        let y = Period::parse_year("2026/27").unwrap();
        assert_eq!((y.from, y.to), (q(2026, 1), q(2026, 4)));
        assert_eq!(y.to_string(), "2026/27");
        assert_eq!(y.slug(), "2026-27");
        assert_eq!(y.months(), "April 2026 to March 2027");
        assert_eq!(y.quarters().len(), 4);
        assert_eq!(y.noun(), "year");
        assert_eq!(y.year_before(), Period::year(2025).unwrap());
        for s in ["2026-27", "FY2026/27", "2026/2027", " fy 2026-2027 "] {
            assert_eq!(Period::parse_year(s), Some(y), "{s}");
        }
        for s in ["2026/28", "2026", "26/27", "2026/27 Q1", ""] {
            assert_eq!(Period::parse_year(s), None, "{s}");
        }
    }

    #[test]
    fn a_run_of_quarters_and_a_single_one() {
        let p = Period::new(q(2026, 1), q(2026, 3)).unwrap();
        assert_eq!(p.to_string(), "2026/27 Q1 to 2026/27 Q3");
        assert_eq!(p.slug(), "2026-27-Q1_2026-27-Q3");
        assert_eq!(p.noun(), "period");
        assert!(p.contains(q(2026, 2)) && !p.contains(q(2026, 4)));
        // Across a year end: 2025/26 Q4 then 2026/27 Q1.
        let across = Period::new(q(2025, 4), q(2026, 1)).unwrap();
        assert_eq!(across.quarters(), vec![q(2025, 4), q(2026, 1)]);
        assert!(Period::new(q(2026, 2), q(2026, 1)).is_none());
        let one = Period::quarter(q(2026, 2));
        assert_eq!(one.to_string(), "2026/27 Q2");
        assert_eq!(one.slug(), "2026-27-Q2");
        assert_eq!(one.months(), "July to September 2026");
        assert_eq!(one.noun(), "quarter");
        assert_eq!(one.compared_with(), Period::quarter(q(2026, 1)));
        let y = Period::year(2026).unwrap();
        assert_eq!(y.compared_with().to_string(), "2025/26");
    }
}

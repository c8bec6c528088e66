//! UK financial-year quarters: `2026/27 Q2` is July to September 2026.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A UK financial-year quarter. Q1 = April to June, Q4 = January to March.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The calendar year the financial year starts in (2026 for 2026/27).
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    pub fn new(year: i32, q: u8) -> Option<Quarter> {
        ((1..=4).contains(&q) && (1900..=2999).contains(&year)).then_some(Quarter { year, q })
    }

    /// Parses the accepted spellings: `2026/27 Q2`, `2026-27 Q2`,
    /// `Q2 2026/27`, `FY2026/27 Q2`, `2026/2027 Q2`, any case and spacing.
    pub fn parse(s: &str) -> Option<Quarter> {
        let up = s.trim().to_uppercase().replace("FY", " ");
        // The quarter number: a Q followed by a digit 1-4 not inside the years.
        let bytes = up.as_bytes();
        let mut q = None;
        let mut q_at = None;
        for i in 0..bytes.len() {
            if bytes[i] == b'Q' && i + 1 < bytes.len() && (b'1'..=b'4').contains(&bytes[i + 1]) {
                let after_ok = i + 2 >= bytes.len() || !bytes[i + 2].is_ascii_digit();
                if after_ok {
                    if q.is_some() {
                        return None;
                    }
                    q = Some(bytes[i + 1] - b'0');
                    q_at = Some(i);
                }
            }
        }
        let (q, q_at) = (q?, q_at?);
        let rest = format!("{} {}", &up[..q_at], &up[q_at + 2..]);
        // The years: 2026/27, 2026-27, 2026/2027 or 2026-2027.
        let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        let (a, b) = rest.split_once(['/', '-'])?;
        if a.len() != 4 || !(b.len() == 2 || b.len() == 4) {
            return None;
        }
        let year: i32 = a.parse().ok()?;
        let second: i32 = b.parse().ok()?;
        let expected = year + 1;
        let ok = if b.len() == 2 {
            second == expected % 100
        } else {
            second == expected
        };
        if !ok {
            return None;
        }
        Quarter::new(year, q)
    }

    /// First day of the quarter.
    pub fn start(&self) -> NaiveDate {
        let (y, m) = match self.q {
            1 => (self.year, 4),
            2 => (self.year, 7),
            3 => (self.year, 10),
            _ => (self.year + 1, 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).expect("valid quarter start")
    }

    /// Last day of the quarter.
    pub fn end(&self) -> NaiveDate {
        self.next().start().pred_opt().expect("valid quarter end")
    }

    pub fn next(&self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    pub fn prev(&self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    /// The months of the quarter in words: "July to September 2026";
    /// "January to March 2027" for Q4 (the calendar year it falls in).
    pub fn months(&self) -> String {
        format!(
            "{} to {}",
            self.start().format("%B"),
            self.end().format("%B %Y")
        )
    }

    /// The quarter a date falls in.
    pub fn of_date(d: NaiveDate) -> Quarter {
        let m = d.month();
        match m {
            1..=3 => Quarter {
                year: d.year() - 1,
                q: 4,
            },
            4..=6 => Quarter {
                year: d.year(),
                q: 1,
            },
            7..=9 => Quarter {
                year: d.year(),
                q: 2,
            },
            _ => Quarter {
                year: d.year(),
                q: 3,
            },
        }
    }

    /// A name safe for a folder: `2026-27-Q2`.
    pub fn slug(&self) -> String {
        format!("{}-{:02}-Q{}", self.year, (self.year + 1) % 100, self.q)
    }

    /// The financial year as a price-year label: `2026-27`.
    pub fn financial_year(&self) -> String {
        format!("{}-{:02}", self.year, (self.year + 1) % 100)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02} Q{}", self.year, (self.year + 1) % 100, self.q)
    }
}

/// A quarter is written as it reads ("2026/27 Q2") in every format a person
/// can open (JSON); a binary format (the store's entries, which hold one
/// per fact) takes its year and number instead, with no text to format and
/// parse again.
impl Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            (self.year, self.q).serialize(s)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Quarter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Quarter, D::Error> {
        if d.is_human_readable() {
            let s = String::deserialize(d)?;
            Quarter::parse(&s)
                .ok_or_else(|| serde::de::Error::custom(format!("not a quarter: {s}")))
        } else {
            let (year, q) = <(i32, u8)>::deserialize(d)?;
            Quarter::new(year, q)
                .ok_or_else(|| serde::de::Error::custom(format!("not a quarter: {year} Q{q}")))
        }
    }
}

impl std::str::FromStr for Quarter {
    type Err = String;

    /// For command-line options: the accepted spellings, or a message
    /// saying how to write one.
    fn from_str(s: &str) -> Result<Quarter, String> {
        Quarter::parse(s)
            .ok_or_else(|| format!("'{s}' is not a quarter; write it like \"2026/27 Q2\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_spellings() {
        let q = Quarter { year: 2026, q: 2 };
        for s in [
            "2026/27 Q2",
            "2026-27 Q2",
            "Q2 2026/27",
            "FY2026/27 Q2",
            "fy 2026/27 q2",
            "2026/2027 Q2",
            " Q2  2026-27 ",
        ] {
            assert_eq!(Quarter::parse(s), Some(q), "{s}");
        }
    }

    #[test]
    fn refused_spellings() {
        for s in [
            "2026/28 Q2",
            "2026 Q2",
            "Q5 2026/27",
            "2026/27",
            "Q2 Q3 2026/27",
            "July 2026",
            "26/27 Q2",
        ] {
            assert_eq!(Quarter::parse(s), None, "{s}");
        }
    }

    #[test]
    fn boundaries() {
        let q2 = Quarter { year: 2026, q: 2 };
        assert_eq!(q2.start(), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(q2.end(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
        let q4 = Quarter { year: 2026, q: 4 };
        assert_eq!(q4.start(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(q4.end(), NaiveDate::from_ymd_opt(2027, 3, 31).unwrap());
        assert_eq!(
            Quarter::of_date(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
            q4
        );
        assert_eq!(q2.to_string(), "2026/27 Q2");
        assert_eq!(q2.slug(), "2026-27-Q2");
        assert!(Quarter { year: 2025, q: 4 } < Quarter { year: 2026, q: 1 });
    }

    #[test]
    fn command_line_quarters_parse_or_say_how_to_write_them() {
        let q: Quarter = "Q2 2026/27".parse().unwrap();
        assert_eq!(q, Quarter::new(2026, 2).unwrap());
        let e = "Q7".parse::<Quarter>().unwrap_err();
        assert_eq!(e, "'Q7' is not a quarter; write it like \"2026/27 Q2\"");
    }

    #[test]
    fn the_quarter_before_and_the_months_in_words() {
        let q2 = Quarter::new(2026, 2).unwrap();
        assert_eq!(q2.prev(), Quarter::new(2026, 1).unwrap());
        // Q1 of 2026/27 follows Q4 of 2025/26.
        assert_eq!(
            Quarter::new(2026, 1).unwrap().prev(),
            Quarter::new(2025, 4).unwrap()
        );
        assert_eq!(q2.prev().next(), q2);
        assert_eq!(q2.months(), "July to September 2026");
        // Q4 falls in the next calendar year.
        assert_eq!(
            Quarter::new(2026, 4).unwrap().months(),
            "January to March 2027"
        );
    }
}

//! Turning cells into typed values, leniently where people are inconsistent
//! and strictly where a wrong reading would give a wrong number.
//!
//! Accepted: numbers stored as text, `£1,234.50`, surrounding spaces; dates
//! as real date cells, ISO `2026-07-14` or UK `14/07/2026` (day first, never
//! month first). Refused with a reason: error cells, `1,5` (is it 1.5 or 15?),
//! words in number cells, impossible dates.

use chrono::NaiveDate;

use crate::core::Code;
use crate::ingest::Cell;

/// Why a cell could not be read as the type its column needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: Code,
    pub message: String,
    pub hint: String,
}

impl Problem {
    pub fn new(code: Code, message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            code,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

fn error_cell(label: &str, e: &str) -> Problem {
    Problem::new(
        Code::CellError,
        format!("{label} shows the spreadsheet error {e}, not a value."),
        "Fix the formula in this cell, or type the value in.",
    )
}

/// A number written as `12`, `12.5`, `£1,234.50` or ` 1234 `. Thousands
/// commas must be in the right places, so `1,5` is refused rather than read
/// as 15.
pub fn parse_number_text(s: &str) -> Option<f64> {
    let mut t = s.trim();
    let mut negative = false;
    if let Some(rest) = t.strip_prefix('-') {
        negative = true;
        t = rest.trim_start();
    }
    t = t.strip_prefix('£').unwrap_or(t).trim_start();
    if let Some(rest) = t.strip_prefix('-')
        && !negative
    {
        negative = true;
        t = rest.trim_start();
    }
    if t.is_empty() {
        return None;
    }
    let (int_part, frac_part) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    if let Some(f) = frac_part
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let int_digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !(first_ok && rest_ok) {
            return None;
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    if int_digits.is_empty() && frac_part.is_none() {
        return None;
    }
    if !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let text = match frac_part {
        Some(f) => format!(
            "{}.{f}",
            if int_digits.is_empty() {
                "0"
            } else {
                &int_digits
            }
        ),
        None => int_digits,
    };
    let v: f64 = text.parse().ok()?;
    Some(if negative { -v } else { v })
}

/// Spreadsheet error values as they appear when saved as text (CSV, or an
/// ODS error cell, which calamine reads as its text): Excel's `#...`
/// values and LibreOffice's `Err:5xx` codes.
pub fn error_literal(s: &str) -> Option<&str> {
    const EXCEL: &[&str] = &[
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    ];
    let t = s.trim();
    let libre = t
        .strip_prefix("Err:")
        .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
    (EXCEL.iter().any(|e| e.eq_ignore_ascii_case(t)) || libre).then_some(t)
}

/// A number cell (or a number stored as text).
pub fn number(cell: &Cell, label: &str, example: &str) -> Result<f64, Problem> {
    match cell {
        Cell::Text(s) if error_literal(s).is_some() => Err(error_cell(label, s.trim())),
        Cell::Number(n) if n.is_finite() => Ok(*n),
        Cell::Number(_) => Err(Problem::new(Code::NotANumber, format!("{label} is not a finite number."), format!("Enter a number, e.g. {example}."))),
        Cell::Text(s) => parse_number_text(s).ok_or_else(|| {
            let hint = if s.contains(',') && !s.contains('.') {
                format!("Enter a number only, e.g. {example}. Use a full stop for decimals (1.5), and commas only between thousands (1,250).")
            } else {
                format!("Enter a number only, e.g. {example}.")
            };
            Problem::new(Code::NotANumber, format!("{label} is '{}', which is not a number.", clip(s)), hint)
        }),
        Cell::Date(d) => Err(Problem::new(
            Code::NotANumber,
            format!("{label} holds the date {}, not a number.", d.format("%d/%m/%Y")),
            format!("Enter a number, e.g. {example}; if the spreadsheet turned it into a date, format the cell as a number."),
        )),
        Cell::Bool(b) => Err(Problem::new(
            Code::NotANumber,
            format!("{label} is {}, not a number.", if *b { "TRUE" } else { "FALSE" }),
            format!("Enter a number, e.g. {example}."),
        )),
        Cell::Error(e) => Err(error_cell(label, e)),
    }
}

/// Text from any cell; numbers are written without a trailing `.0`.
pub fn text(cell: &Cell, label: &str) -> Result<String, Problem> {
    match cell {
        Cell::Text(s) if error_literal(s).is_some() => Err(error_cell(label, s.trim())),
        Cell::Text(s) => Ok(s.trim().to_string()),
        Cell::Number(n) => Ok(format_number(*n)),
        Cell::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Cell::Date(d) => Ok(d.format("%Y-%m-%d").to_string()),
        Cell::Error(e) => Err(error_cell(label, e)),
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// How a date cell was read; a plain number read as a date earns a warning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DateSource {
    DateCell,
    Text,
    SerialNumber,
}

/// A date: a real date cell, ISO text, or UK day-first text.
pub fn date(cell: &Cell, label: &str) -> Result<(NaiveDate, DateSource), Problem> {
    let hint = "Write the date day first, e.g. 14/07/2026, or use a date cell.";
    match cell {
        Cell::Text(s) if error_literal(s).is_some() => Err(error_cell(label, s.trim())),
        Cell::Date(d) => Ok((*d, DateSource::DateCell)),
        Cell::Text(s) => parse_date_text(s)
            .map(|d| (d, DateSource::Text))
            .ok_or_else(|| {
                Problem::new(
                    Code::NotADate,
                    format!("{label} is '{}', which is not a date.", clip(s)),
                    hint,
                )
            }),
        // A date typed into a cell formatted as a number shows as its serial
        // (days since 30/12/1899 in the 1900 system). Only plausible serials
        // (years 1950 to 2099) are read this way.
        Cell::Number(n) if n.fract() == 0.0 && (18_264.0..=73_050.0).contains(n) => {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
            Ok((
                base + chrono::Days::new(*n as u64),
                DateSource::SerialNumber,
            ))
        }
        Cell::Number(n) => Err(Problem::new(
            Code::NotADate,
            format!("{label} is the number {}, not a date.", format_number(*n)),
            hint,
        )),
        Cell::Bool(_) => Err(Problem::new(
            Code::NotADate,
            format!("{label} is TRUE or FALSE, not a date."),
            hint,
        )),
        Cell::Error(e) => Err(error_cell(label, e)),
    }
}

/// ISO (`2026-07-14`, optionally with a time), or UK day first
/// (`14/07/2026`, `14-07-2026`, `14.07.2026`, `14/7/26`), or `14 July 2026`.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // `get`, not `[..10]`: byte 10 may fall inside a character (found by
    // the CSV property test with "0{1ƒRONËàó3/07/2026").
    if let Some(head) = s.get(..10)
        && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
        && (s.len() == 10 || matches!(s.as_bytes()[10], b'T' | b' '))
    {
        return Some(d);
    }
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let day: u32 = parts[0].parse().ok()?;
            let month: u32 = parts[1].parse().ok()?;
            let year: i32 = match parts[2].len() {
                2 => 2000 + parts[2].parse::<i32>().ok()?,
                4 => parts[2].parse().ok()?,
                _ => return None,
            };
            if parts[0].len() > 2 || parts[1].len() > 2 {
                return None;
            }
            return NaiveDate::from_ymd_opt(year, month, day);
        }
    }
    for fmt in ["%d %B %Y", "%d %b %Y", "%e %B %Y", "%e %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    None
}

/// A value from a fixed list, matched ignoring case, spacing and
/// punctuation; `aliases` maps other spellings to list entries.
pub fn choice(
    cell: &Cell,
    label: &str,
    options: &'static [&'static str],
    aliases: &[(&str, &'static str)],
) -> Result<&'static str, Problem> {
    let s = text(cell, label)?;
    // Most cells hold an option as the template's list spells it. No two
    // options of a list share a key (tested below), so an exact match is
    // the option the keys would find.
    if let Some(o) = options.iter().find(|o| **o == s) {
        return Ok(o);
    }
    let key = crate::core::text::normalise_key(&s);
    if let Some(o) = options
        .iter()
        .find(|o| crate::core::text::is_key_of(&key, o))
    {
        return Ok(o);
    }
    if let Some((_, o)) = aliases
        .iter()
        .find(|(a, _)| crate::core::text::is_key_of(&key, a))
    {
        return Ok(o);
    }
    let suggestion = crate::core::text::nearest(&s, options.iter().copied())
        .map(|n| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    Err(Problem::new(
        Code::NotAllowed,
        format!(
            "{label} '{}' is not one of the allowed values.{suggestion}",
            clip(&s)
        ),
        format!("Use one of: {}.", options.join(", ")),
    ))
}

/// Shortens long cell text quoted in a message.
pub fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_numbers_as_text() {
        assert_eq!(parse_number_text("1234.5"), Some(1234.5));
        assert_eq!(parse_number_text("£1,234.50"), Some(1234.5));
        assert_eq!(parse_number_text(" 1,234 "), Some(1234.0));
        assert_eq!(parse_number_text("£ 12"), Some(12.0));
        assert_eq!(parse_number_text("-£5"), Some(-5.0));
        assert_eq!(parse_number_text(".5"), Some(0.5));
        assert_eq!(parse_number_text("1,000,000"), Some(1_000_000.0));
    }

    #[test]
    fn ambiguous_or_wordy_numbers_are_refused() {
        for s in [
            "1,5",
            "12,34",
            "about 500",
            "5 people",
            "1.2.3",
            "£",
            "",
            "1,2345",
            "12.",
        ] {
            assert_eq!(parse_number_text(s), None, "{s}");
        }
        let p = number(&Cell::Text("1,5".into()), "Cost", "500").unwrap_err();
        assert_eq!(p.code, Code::NotANumber);
        assert!(p.hint.contains("full stop"), "{}", p.hint);
    }

    #[test]
    fn uk_dates_are_day_first() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_date_text("14/07/2026"), Some(d(2026, 7, 14)));
        // 07/12/2026 is 7 December, never 12 July.
        assert_eq!(parse_date_text("07/12/2026"), Some(d(2026, 12, 7)));
        assert_eq!(parse_date_text("7/12/26"), Some(d(2026, 12, 7)));
        assert_eq!(parse_date_text("2026-07-14"), Some(d(2026, 7, 14)));
        assert_eq!(parse_date_text("2026-07-14T00:00:00"), Some(d(2026, 7, 14)));
        assert_eq!(parse_date_text("14 July 2026"), Some(d(2026, 7, 14)));
        assert_eq!(parse_date_text("14.07.2026"), Some(d(2026, 7, 14)));
        // 14/13/2026 has no month 13: refused, not swapped to US order.
        assert_eq!(parse_date_text("07/14/2026"), None);
        assert_eq!(parse_date_text("31/02/2026"), None);
        assert_eq!(parse_date_text("soon"), None);
        // Byte 10 inside 'Ë': no panic, just not a date.
        assert_eq!(parse_date_text("0{1ƒRONËàó3/07/2026"), None);
        assert_eq!(parse_date_text("2026-07-1é"), None);
    }

    #[test]
    fn serial_numbers_in_date_columns() {
        // 46217 days after 30/12/1899 is 14/07/2026.
        let (d, src) = date(&Cell::Number(46217.0), "Baseline date").unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 7, 14).unwrap());
        assert_eq!(src, DateSource::SerialNumber);
        assert!(date(&Cell::Number(12.0), "Baseline date").is_err());
    }

    #[test]
    fn error_cells_are_named() {
        // As text (CSV, ODS) the error value is recognised too.
        let p = number(&Cell::Text(" #REF! ".into()), "Cost", "500").unwrap_err();
        assert_eq!(p.code, Code::CellError);
        assert_eq!(error_literal("Err:502"), Some("Err:502"));
        assert_eq!(error_literal("#hashtag"), None);
        let p = number(&Cell::Error("#DIV/0!".into()), "Cost", "500").unwrap_err();
        assert_eq!(p.code, Code::CellError);
        assert!(p.message.contains("#DIV/0!"));
    }

    #[test]
    fn no_two_options_of_a_list_share_a_key() {
        use crate::contract::spec::*;
        for list in [
            ORGANISATION_TYPES,
            ACTIVITY_TYPES,
            AGE_BANDS,
            ETHNICITY_GROUPS,
            GENDER_GROUPS,
            REFERRAL_SOURCES,
            CONSENT,
        ] {
            let keys: std::collections::BTreeSet<String> = list
                .iter()
                .map(|o| crate::core::text::normalise_key(o))
                .collect();
            assert_eq!(keys.len(), list.len(), "{list:?}");
        }
    }

    #[test]
    fn choices_are_lenient_and_suggest() {
        use crate::contract::spec::ACTIVITY_TYPES;
        assert_eq!(
            choice(
                &Cell::Text("Mens Shed".into()),
                "Activity type",
                ACTIVITY_TYPES,
                &[]
            )
            .unwrap(),
            "men's shed"
        );
        let p = choice(
            &Cell::Text("befriendng".into()),
            "Activity type",
            ACTIVITY_TYPES,
            &[],
        )
        .unwrap_err();
        assert!(
            p.message.contains("Did you mean 'befriending'"),
            "{}",
            p.message
        );
    }
}

//! Numbers as people read them, on every page: `£1,234`, `81 %`, `1,234`,
//! `30 September 2026`. CSVs keep the machine form (render::csv); the
//! workbook keeps the number and gives Excel a format (render::xlsx).
//!
//! The rules are the and the Government Statistical Service's
//! style: whole pounds in text and page tables (the pence are in the
//! workbook), a rate as a whole percentage unless it rests on more than
//! 1,000 people (then one decimal: a base that large supports it),
//! thousands separators on every count, a minus sign (−, U+2212) that a
//! screen reader reads as "minus", and a dash for a value that is not
//! there, so a gap never looks like a figure of nothing.

use crate::disclose::{Format, Val};
use chrono::NaiveDate;

/// A value that is not there (a rate of nobody, a cost of nothing).
pub const NONE: &str = "–";

/// The space between a number and its percent sign: no-break, so "81 %"
/// never splits across lines.
const PERCENT: &str = "\u{a0}%";

/// `v` rounded to `decimals`, with thousands separators and a minus sign;
/// never "−0".
pub fn number(v: f64, decimals: usize) -> String {
    let fixed = crate::disclose::format_fixed(v.abs(), decimals);
    let (whole, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut out = String::with_capacity(fixed.len() + whole.len() / 3 + 3);
    let negative = v < 0.0 && fixed.bytes().any(|b| matches!(b, b'1'..=b'9'));
    if negative {
        out.push('−');
    }
    out.push_str(&thousands(whole));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Digits grouped in threes with commas: "1234567" → "1,234,567".
fn thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count of people or things: "1,234".
pub fn count(n: f64) -> String {
    number(n, 0)
}

/// Money in whole pounds: "£1,235", "−£40".
pub fn money(v: f64) -> String {
    let n = number(v, 0);
    match n.strip_prefix('−') {
        Some(rest) => format!("−£{rest}"),
        None => format!("£{n}"),
    }
}

/// A share from 0 to 1 as a percentage: "81 %"; with one decimal when it
/// rests on more than 1,000 people ("80.8 %").
pub fn percent(share: f64, base: Option<u64>) -> String {
    let decimals = if base.is_some_and(|b| b > 1000) { 1 } else { 0 };
    format!("{}{PERCENT}", number(share * 100.0, decimals))
}

/// A change in a share, in percentage points: "+4 points", "−3 points".
pub fn points(change: f64, base: Option<u64>) -> String {
    let decimals = if base.is_some_and(|b| b > 1000) { 1 } else { 0 };
    let n = number(change * 100.0, decimals);
    let sign = if n.starts_with('−') || n.trim_start_matches(['0', '.']).is_empty() {
        ""
    } else {
        "+"
    };
    let unit = if n == "1" || n == "−1" {
        "point"
    } else {
        "points"
    };
    format!("{sign}{n} {unit}")
}

/// A date as people write it: "30 September 2026".
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A date the tables hold as YYYY-MM-DD, as people write it; anything
/// else is left as it is.
pub fn date_text(s: &str) -> String {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_or_else(|_| s.to_string(), date)
}

/// A published value as a page shows it, by its column's format;
/// `symbol` for a value withheld by disclosure control.
pub fn cell(v: &Val, format: Format, symbol: &str) -> String {
    match v {
        Val::Text(s) if format == Format::Date => date_text(s),
        Val::Text(s) => s.clone(),
        Val::Count(n) => count(*n),
        Val::Num {
            value,
            base,
            places,
        } => match format {
            Format::Money => money(*value),
            Format::Percent => percent(*value, *base),
            Format::Count => count(*value),
            other => number(
                *value,
                places.map_or(other.decimals(), |p| usize::from(p).min(other.decimals())),
            ),
        },
        Val::Empty => NONE.to_string(),
        Val::Suppressed => symbol.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_separators_whole_pounds_and_a_minus_sign() {
        assert_eq!(money(1_234_567.0), "£1,234,567");
        // 49,547.54 rounds half away from zero to 49,548.
        assert_eq!(money(49_547.54), "£49,548");
        assert_eq!(money(999.5), "£1,000");
        assert_eq!(money(0.0), "£0");
        assert_eq!(money(-35_840.53), "−£35,841");
        // A loss that rounds to nothing is no loss.
        assert_eq!(money(-0.4), "£0");
        assert_eq!(money(12.0), "£12");
    }

    #[test]
    fn rates_are_whole_percentages_unless_the_base_is_over_1000() {
        // 0.8075 × 100 = 80.75 → 81.
        assert_eq!(percent(0.8075, Some(400)), "81\u{a0}%");
        assert_eq!(percent(0.8075, Some(1000)), "81\u{a0}%");
        // Over 1,000 people: one decimal, 80.75 → 80.8.
        assert_eq!(percent(0.8075, Some(1001)), "80.8\u{a0}%");
        assert_eq!(percent(0.0, Some(12)), "0\u{a0}%");
        assert_eq!(percent(1.0, None), "100\u{a0}%");
    }

    #[test]
    fn counts_and_numbers_group_thousands() {
        assert_eq!(count(0.0), "0");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1000.0), "1,000");
        assert_eq!(count(1_234_567.0), "1,234,567");
        assert_eq!(number(-1234.567, 2), "−1,234.57");
        assert_eq!(number(-0.001, 2), "0.00");
        assert_eq!(number(2.5, 1), "2.5");
    }

    #[test]
    fn changes_in_points_carry_their_sign() {
        assert_eq!(points(0.04, Some(100)), "+4 points");
        assert_eq!(points(-0.031, Some(100)), "−3 points");
        assert_eq!(points(0.01, Some(100)), "+1 point");
        assert_eq!(points(0.001, Some(100)), "0 points");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(date(d), "30 September 2026");
        assert_eq!(date_text("2026-10-04"), "4 October 2026");
        assert_eq!(date_text("not a date"), "not a date");
    }

    #[test]
    fn cells_show_missing_and_withheld_values_plainly() {
        assert_eq!(cell(&Val::Suppressed, Format::Count, "*"), "*");
        assert_eq!(cell(&Val::Suppressed, Format::Money, "*"), "*");
        assert_eq!(cell(&Val::Empty, Format::Percent, "*"), "–");
        assert_eq!(cell(&Val::count(0), Format::Count, "*"), "0");
        assert_eq!(cell(&Val::count(12_345), Format::Count, "*"), "12,345");
        assert_eq!(
            cell(&Val::stat(0.8075, Some(20)), Format::Percent, "*"),
            "81\u{a0}%"
        );
        assert_eq!(
            cell(&Val::plain(-46_592.69), Format::Money, "*"),
            "−£46,593"
        );
        assert_eq!(cell(&Val::plain(-6.4449), Format::Ratio(2), "*"), "−6.44");
        assert_eq!(
            cell(&Val::text("2026-10-14"), Format::Date, "*"),
            "14 October 2026"
        );
        assert_eq!(
            cell(&Val::text("PP-MAN-01"), Format::Text, "*"),
            "PP-MAN-01"
        );
    }
}

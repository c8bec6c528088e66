//! The privacy guard on participant references.
//!
//! A participant reference must be pseudonymous. An NHS number, an email
//! address or a UK phone number identifies a person, so a row carrying one is
//! refused; the message never repeats the value.

/// What kind of identifier a reference looks like, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    NhsNumber,
    Email,
    Phone,
}

impl Identifier {
    pub fn describe(self) -> &'static str {
        match self {
            Identifier::NhsNumber => "an NHS number",
            Identifier::Email => "an email address",
            Identifier::Phone => "a phone number",
        }
    }
}

/// Checks a participant reference.
pub fn identifier_in(reference: &str) -> Option<Identifier> {
    let s = reference.trim();
    if is_email(s) {
        return Some(Identifier::Email);
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_number_chars = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+' | '.'));
    if !only_number_chars {
        return None;
    }
    if digits.len() == 10 && is_nhs_number(&digits) {
        return Some(Identifier::NhsNumber);
    }
    if is_uk_phone(s, &digits) {
        return Some(Identifier::Phone);
    }
    None
}

/// Ten digits passing the NHS modulus-11 check: weights 10 down to 2 on the
/// first nine digits; 11 minus the remainder of the sum divided by 11 is the
/// check digit (11 becomes 0; 10 means the number is not valid).
pub fn is_nhs_number(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 || digits.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d[9]
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains(char::is_whitespace)
}

/// UK numbers: +44 or 0044 then 10 digits, or 0 then 9 or 10 digits.
fn is_uk_phone(s: &str, digits: &str) -> bool {
    let t = s.trim_start();
    if t.starts_with('+') {
        return digits.starts_with("44") && digits.len() == 12;
    }
    if digits.starts_with("0044") {
        return digits.len() == 14;
    }
    digits.starts_with('0') && (digits.len() == 10 || digits.len() == 11)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_by_modulus_11() {
        // 943 476 5919: 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2
        // = 90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2; 11 − 2 = 9 ✓.
        assert!(is_nhs_number("9434765919"));
        assert_eq!(identifier_in("943 476 5919"), Some(Identifier::NhsNumber));
        assert_eq!(identifier_in("943-476-5919"), Some(Identifier::NhsNumber));
        // Same digits with the wrong check digit is not an NHS number.
        assert!(!is_nhs_number("9434765918"));
        assert_eq!(identifier_in("9434765918"), None);
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(
            identifier_in("jo.bloggs@example.org"),
            Some(Identifier::Email)
        );
        assert_eq!(identifier_in("07700 900123"), Some(Identifier::Phone));
        assert_eq!(identifier_in("+44 7700 900123"), Some(Identifier::Phone));
        assert_eq!(identifier_in("(0161) 496 0000"), Some(Identifier::Phone));
        assert_eq!(identifier_in("0044 7700 900123"), Some(Identifier::Phone));
    }

    #[test]
    fn pseudonymous_references_pass() {
        for r in [
            "P-0042",
            "MAN-PP-001-17",
            "AB12",
            "12345",
            "person 7",
            "@home",
        ] {
            assert_eq!(identifier_in(r), None, "{r}");
        }
    }
}

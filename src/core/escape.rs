//! Making untrusted text safe for the places it is written to.

/// Escapes text for HTML element content and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Neutralises text a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return) by prefixing an apostrophe,
/// as OWASP recommends for CSV injection. Numbers are written by the
/// writers themselves and never pass through here.
pub fn cell_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A safe file or folder name from untrusted text: letters, digits, `-`,
/// `_`, `.` and `=` kept (`=` names Hive partitions, `quarter=2026-27-Q2`,
/// and is safe on every file system), everything else `-`; never empty,
/// never `.` or `..`.
pub fn path_component(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.is_empty() {
        out.push('_');
    }
    out.truncate(100);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(
            html("<img src=x onerror=\"y\">"),
            "&lt;img src=x onerror=&quot;y&quot;&gt;"
        );
        assert_eq!(html("Tom & Jerry's"), "Tom &amp; Jerry&#39;s");
    }

    #[test]
    fn formula_looking_text_is_neutralised() {
        assert_eq!(
            cell_text("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell_text("+44"), "'+44");
        assert_eq!(cell_text("-2"), "'-2");
        assert_eq!(cell_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_text("\tx"), "'\tx");
        assert_eq!(cell_text("Men's shed"), "Men's shed");
    }

    #[test]
    fn path_components_cannot_escape() {
        assert_eq!(path_component("../../etc/passwd"), "_.-..-etc-passwd");
        assert_eq!(path_component(".."), "_.");
        assert_eq!(path_component("2026/27 Q2"), "2026-27-Q2");
        assert_eq!(path_component(""), "_");
        // Hive partitions keep their `=`; a separator still cannot pass.
        assert_eq!(path_component("quarter=2026-27-Q2"), "quarter=2026-27-Q2");
        assert_eq!(path_component("a=b/c"), "a=b-c");
    }
}

//! Small text helpers shared by every stage: lenient name matching, A1 cell
//! references and "did you mean" suggestions.

/// Reduces a sheet name, header or label to the key it is matched on.
///
/// Projects type headers by hand, so `Cost (£)`, ` cost `, `COST` and `Cost:`
/// must all match `Cost`. The key is lower case, drops a trailing bracketed
/// unit, reads `&` as `and`, and keeps only letters and digits.
pub fn normalise_key(s: &str) -> String {
    key_chars(s).collect()
}

/// Whether `key` (a key from [`normalise_key`]) is the key of `s`, compared
/// character by character without building `s`'s key. Matching runs once
/// per cell against every accepted name, so it must not allocate.
pub fn is_key_of(key: &str, s: &str) -> bool {
    key.chars().eq(key_chars(s))
}

/// The characters of `s`'s key, lazily.
fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    without_units(s).chars().flat_map(|c| {
        let and = if c == '&' { "and" } else { "" };
        let lower = c.is_alphanumeric().then(|| c.to_lowercase());
        and.chars().chain(lower.into_iter().flatten())
    })
}

/// `s` trimmed, without trailing bracketed units: "Cost (£)", "Hours
/// (hrs)", "Cost [GBP]".
fn without_units(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let t = s.trim_end();
        let Some(last) = t.chars().last() else { break };
        let open = match last {
            ')' => '(',
            ']' => '[',
            _ => break,
        };
        match t.rfind(open) {
            Some(i) if i > 0 => s = &t[..i],
            _ => break,
        }
    }
    s
}

/// Spreadsheet column letters for a 0-based column index (0 → `A`, 26 → `AA`).
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A1 reference for 0-based absolute row and column (`(0, 0)` → `A1`).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}

/// Levenshtein edit distance, for suggesting the nearest known name.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `input` (compared as normalised keys), if it is
/// close enough to be a plausible typo: at most a third of its length away.
pub fn nearest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let key = normalise_key(input);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&key, &normalise_key(c));
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let allowed = (key.chars().count().max(3)).div_ceil(3);
    (d <= allowed).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_key_of_agrees_with_comparing_normalised_keys() {
        // is_key_of compares without allocating; it must say exactly what
        // comparing the two normalised keys says, units, '&', case, spaces
        // and non-ASCII letters included.
        let names = [
            "Cost (£)",
            "cost",
            " COST ",
            "Cost [GBP] (£)",
            "A&E attendances",
            "A and E attendances",
            "AandE attendances",
            "Follow-up score",
            "Follow up score",
            "Ünïcode Ä",
            "ünïcode ä",
            "(all units)",
            "",
            "   ",
            "İstanbul",
            "i̇stanbul",
        ];
        for a in names {
            for b in names {
                let key = normalise_key(a);
                assert_eq!(
                    is_key_of(&key, b),
                    key == normalise_key(b),
                    "{a:?} vs {b:?}"
                );
            }
        }
        assert!(is_key_of("cost", "Cost (£)"));
        assert!(is_key_of("aandeattendances", "A&E attendances"));
        assert!(!is_key_of("cost", "Costs"));
    }

    #[test]
    fn keys_ignore_case_spacing_punctuation_and_units() {
        assert_eq!(normalise_key(" Cost (£) "), "cost");
        assert_eq!(normalise_key("COST"), "cost");
        assert_eq!(normalise_key("Follow-up score"), "followupscore");
        assert_eq!(normalise_key("In-kind value [GBP]"), "inkindvalue");
        assert_eq!(normalise_key("Men's shed"), "mensshed");
        assert_eq!(normalise_key("A&E attendances"), "aandeattendances");
        assert_eq!(normalise_key("(£)"), "");
    }

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let names = ["WEMWBS", "SWEMWBS", "PHQ-9", "GAD-7"];
        assert_eq!(nearest("WEMBWS", names), Some("WEMWBS"));
        assert_eq!(nearest("PHQ9", names), Some("PHQ-9"));
        assert_eq!(nearest("Shoe size", names), None);
    }
}

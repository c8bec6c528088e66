//! Helpers shared by the integration tests: run the binary from the
//! project folder, run a report into a temporary folder, read its files.
#![allow(dead_code)] // each test file uses some of these

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The needle binary, run from the project folder (fixture paths are
/// relative to it).
pub fn needle() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_needle"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// `needle report <args> --out <temporary folder>`, which must succeed.
pub fn report<S: AsRef<OsStr>>(args: &[S]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .arg("report")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

/// A report file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A path under fixtures/.
pub fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(p)
}

/// Copies fixtures/small/SML-A to a temporary folder with one file changed.
pub fn altered(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    copied(&["SML-A"], &[("SML-A", file, from, to)])
}

/// Copies the named returns of fixtures/small to a temporary folder,
/// applying each change (return, file, from, to) once; every `from` must
/// be there.
pub fn copied(returns: &[&str], changes: &[(&str, &str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in returns {
        let ret = dir.path().join(name);
        std::fs::create_dir(&ret).unwrap();
        for e in std::fs::read_dir(fixture("small").join(name)).unwrap() {
            let e = e.unwrap();
            let mut text = std::fs::read_to_string(e.path()).unwrap();
            for (r, file, from, to) in changes {
                if r == name && e.file_name() == *file {
                    assert!(text.contains(from), "{name}/{file} has no {from:?}");
                    text = text.replacen(from, to, 1);
                }
            }
            std::fs::write(ret.join(e.file_name()), text).unwrap();
        }
    }
    dir
}

/// The text inside `<t>` elements of spreadsheet XML: what a person sees
/// in the cells, not cell addresses such as r="P10".
pub fn xml_text(xml: &str) -> String {
    let mut out = Vec::new();
    for part in xml.split("<t").skip(1) {
        if !(part.starts_with('>') || part.starts_with(' ')) {
            continue;
        }
        if let Some((_, rest)) = part.split_once('>')
            && let Some((text, _)) = rest.split_once("</t>")
        {
            out.push(text);
        }
    }
    out.join("\n")
}

/// Every file of a report as text (xlsx parts unzipped), named by path
/// (and `:part` for a part of an xlsx).
pub fn all_text(dir: &Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut out = Vec::new();
    for (rel, bytes) in all_bytes(dir) {
        let p = dir.join(&rel);
        if rel.ends_with(".xlsx") {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..z.len() {
                let mut f = z.by_index(i).unwrap();
                let mut s = String::new();
                f.read_to_string(&mut s).ok();
                out.push((
                    format!("{}:{}", p.display(), f.name().unwrap_or_default()),
                    xml_text(&s),
                ));
            }
        } else {
            out.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

/// Whether `token` appears in `text` as a whole token: not inside a longer
/// word or number.
pub fn has_token(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(i, _)| {
        let before = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + token.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// The structure of an HTML page, one element per line, indented by depth:
/// element names with id and class, the text of headings, captions and
/// column headers, and the number of body rows of each table. Inline SVG
/// is one line (its title); text in paragraphs and cells is left out, so a
/// snapshot of this catches a changed layout, not a changed figure.
pub fn html_outline(html: &str) -> String {
    const KEEP_TEXT: &[&str] = &["title", "h1", "h2", "h3", "caption", "th", "figcaption"];
    const VOID: &[&str] = &["meta", "br", "img", "hr", "link", "input"];
    const SILENT: &[&str] = &[
        "p", "li", "td", "strong", "em", "tr", "thead", "tbody", "style",
    ];
    // Line-break hints inside column names are not structure.
    let html = html.replace("<wbr>", "");
    let html = html.as_str();
    let mut out = String::new();
    // (element, printed: whether its line and text are in the outline)
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    let mut rows: Option<usize> = None;
    let in_body = |stack: &[(String, bool)]| stack.iter().any(|(s, _)| s == "tbody");
    while let Some(lt) = rest.find('<') {
        let text = rest[..lt].trim();
        if let Some((top, true)) = stack.last()
            && KEEP_TEXT.contains(&top.as_str())
            && !text.is_empty()
        {
            out.push_str(&format!(" {text:?}"));
        }
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let depth = stack.iter().filter(|(_, p)| *p).count();
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_lowercase();
            if name == "tbody"
                && let Some(n) = rows.take()
            {
                out.push_str(&format!("\n{}({n} body rows)", "  ".repeat(depth)));
            }
            if let Some(pos) = stack.iter().rposition(|(s, _)| *s == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_lowercase();
        let attr = |a: &str| {
            tag.split(&format!(" {a}=\"")[..])
                .nth(1)
                .and_then(|v| v.split('"').next())
                .map(str::to_string)
        };
        if name == "svg" {
            // The whole chart as one line: skip to its end.
            let end = rest.find("</svg>").map_or(rest.len(), |i| i + 6);
            out.push_str(&format!("\n{}svg", "  ".repeat(depth)));
            rest = &rest[end..];
            continue;
        }
        if name == "tr" && in_body(&stack) {
            *rows.get_or_insert(0) += 1;
        }
        if name == "tbody" {
            rows = Some(0);
        }
        // Row headers in a table body are data (names), not structure.
        let row_header = name == "th" && in_body(&stack);
        let print = !(SILENT.contains(&name.as_str()) || row_header);
        if print {
            let mut line = format!("\n{}{name}", "  ".repeat(depth));
            if let Some(id) = attr("id") {
                line.push_str(&format!("#{id}"));
            }
            if let Some(c) = attr("class") {
                line.push_str(&format!(".{c}"));
            }
            if let Some(l) = attr("aria-label") {
                let short: String = l.chars().take(50).collect();
                line.push_str(&format!(" [aria-label {short:?}]"));
            }
            out.push_str(&line);
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push((name, print));
        }
    }
    out.push('\n');
    out
}

/// Every file under `dir`: relative path → bytes, in path order.
pub fn all_bytes(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// Runs a needle command: (exit code, or -1 when killed by a signal;
/// stdout followed by stderr).
pub fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The number format of cell `a1` on sheet `sheet` of an xlsx file, as
/// Excel shows it ("£#,##0.00", "0.0%", "#,##0"); "General" for none.
/// Read from the file's own parts (workbook.xml → the sheet's part →
/// the cell's style → styles.xml's cellXfs and numFmts).
/// The text of one part (file) of an xlsx package: "xl/workbook.xml".
pub fn xlsx_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The value of attribute `name` in the text of an XML tag.
fn xml_attr(tag: &str, name: &str) -> Option<String> {
    let k = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[k..k + tag[k..].find('"')?].to_string())
}

/// The XML of the worksheet called `sheet`.
pub fn xlsx_sheet_xml(path: &Path, sheet: &str) -> String {
    let part = |name: &str| xlsx_part(path, name);
    let attr = xml_attr;
    // The sheet's relationship id, then its part.
    let workbook = part("xl/workbook.xml");
    let tag = workbook
        .split("<sheet ")
        .skip(1)
        .find(|t| attr(&format!(" {t}"), "name").as_deref() == Some(sheet))
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let rid = attr(&format!(" {tag}"), "r:id").unwrap();
    let rels = part("xl/_rels/workbook.xml.rels");
    let target = rels
        .split("<Relationship ")
        .skip(1)
        .find(|t| attr(&format!(" {t}"), "Id").as_deref() == Some(&rid))
        .and_then(|t| attr(&format!(" {t}"), "Target"))
        .unwrap();
    part(&format!("xl/{target}"))
}

pub fn xlsx_number_format(path: &Path, sheet: &str, a1: &str) -> String {
    let part = |name: &str| xlsx_part(path, name);
    let attr = xml_attr;
    let xml = xlsx_sheet_xml(path, sheet);
    let cell = xml
        .split("<c ")
        .skip(1)
        .find(|t| attr(&format!(" {t}"), "r").as_deref() == Some(a1))
        .unwrap_or_else(|| panic!("no cell {a1} on {sheet}"));
    let style: usize = attr(&format!(" {cell}"), "s").map_or(0, |s| s.parse().unwrap());
    let styles = part("xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id: u32 = attr(&format!(" {xf}"), "numFmtId")
        .unwrap()
        .parse()
        .unwrap();
    let custom = styles.split("<numFmt ").skip(1).find_map(|t| {
        let t = format!(" {t}");
        (attr(&t, "numFmtId")?.parse::<u32>().ok()? == id).then(|| attr(&t, "formatCode"))?
    });
    match (id, custom) {
        (_, Some(code)) => code.replace("&quot;", "\""),
        (0, None) => "General".into(),
        (1, None) => "0".into(),
        (2, None) => "0.00".into(),
        (3, None) => "#,##0".into(),
        (4, None) => "#,##0.00".into(),
        (9, None) => "0%".into(),
        (10, None) => "0.00%".into(),
        (other, None) => format!("built-in {other}"),
    }
}

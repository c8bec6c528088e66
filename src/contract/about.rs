//! The About sheet: a Field | Value list naming the project and quarter.

use chrono::NaiveDate;

use super::About;
use super::coerce;
use super::spec::{ABOUT_FIELDS, ColumnSpec, ORGANISATION_TYPES, TEMPLATE_VERSION};
use crate::core::Quarter;
use crate::core::text::{a1, is_key_of, normalise_key};
use crate::core::{Code, Issue};
use crate::ingest::{Cell, RawSheet};

struct Field<'a> {
    spec: &'static ColumnSpec,
    value: Option<&'a Cell>,
    /// Where the value is (or should be).
    cell: String,
}

/// The About sheet being read: its fields, and where issues go.
struct Reader<'a> {
    file: &'a str,
    sheet: &'a RawSheet,
    fields: Vec<Field<'a>>,
}

/// Reads the About sheet. Returns None when the return cannot be placed
/// (no usable Project ID, Quarter or Area); every problem becomes an issue,
/// in the order of the sheet's fields.
pub(super) fn read(file: &str, sheet: &RawSheet, issues: &mut Vec<Issue>) -> Option<About> {
    let r = Reader {
        file,
        sheet,
        fields: fields(file, sheet, issues),
    };
    let project_id = r.project_id(issues);
    let quarter = r.quarter(issues);
    let area = r.get("Area", issues).map(|(t, _)| t);
    let project_name = r.get("Project name", issues).map(|(t, _)| t);
    let organisation = r.get("Organisation", issues).map(|(t, _)| t);
    let organisation_type =
        r.get("Organisation type", issues)
            .and_then(|(t, cell)| match organisation_type(&t) {
                Ok(v) => Some(v.to_string()),
                Err(p) => {
                    r.err(issues, p.code, &cell, p.message, p.hint);
                    None
                }
            });
    let commissioner = r.get("Commissioner", issues).map(|(t, _)| t);
    let _contact_email_never_kept = r.get("Contact email", issues);
    r.template_version(issues);
    let submitted = r.submitted(issues);
    Some(About {
        project_id: project_id?,
        quarter: quarter?,
        area: area?,
        project_name: project_name.unwrap_or_default(),
        organisation: organisation.unwrap_or_default(),
        organisation_type: organisation_type.unwrap_or_default(),
        commissioner,
        submitted,
    })
}

/// The rows whose first cell names a field, with the value right of it; a
/// field written twice is warned about and its second row ignored.
fn fields<'a>(file: &str, sheet: &'a RawSheet, issues: &mut Vec<Issue>) -> Vec<Field<'a>> {
    let mut fields: Vec<Field> = Vec::new();
    for row in &sheet.rows {
        let Some(first) = row.cells.first() else {
            continue;
        };
        let Cell::Text(label) = &first.value else {
            continue;
        };
        let key = normalise_key(label);
        let Some(spec) = ABOUT_FIELDS
            .iter()
            .find(|f| f.names().any(|n| is_key_of(&key, n)))
        else {
            continue;
        };
        if fields.iter().any(|f| f.spec.header == spec.header) {
            issues.push(
                Issue::warning(
                    Code::ColumnUnknown,
                    format!(
                        "'{}' appears twice on the About sheet; the first is used.",
                        spec.header
                    ),
                    "Delete the second one.",
                )
                .in_file(file)
                .at(&sheet.name, a1(row.row, first.col)),
            );
            continue;
        }
        // The value is the cell right of the label; anything further right
        // (the template's guidance column, a note) is not the value.
        fields.push(Field {
            spec,
            value: row.get(first.col + 1),
            cell: a1(row.row, first.col + 1),
        });
    }
    fields
}

impl Reader<'_> {
    fn err(&self, issues: &mut Vec<Issue>, code: Code, cell: &str, msg: String, hint: String) {
        issues.push(
            Issue::error(code, msg, hint)
                .in_file(self.file)
                .at(&self.sheet.name, cell.to_string()),
        );
    }

    fn field(&self, header: &str) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.spec.header == header)
    }

    /// Text of a field and its cell, with a missing-value error for
    /// required fields.
    fn get(&self, header: &str, issues: &mut Vec<Issue>) -> Option<(String, String)> {
        let spec = ABOUT_FIELDS
            .iter()
            .find(|f| f.header == header)
            .expect("known field");
        let Some(f) = self.field(header) else {
            if spec.required {
                self.err(
                    issues,
                    Code::ValueMissing,
                    "",
                    format!("The About sheet has no '{header}' row."),
                    format!(
                        "Add a row with '{header}' in the first column and the value next to it ({}).",
                        spec.rule
                    ),
                );
            }
            return None;
        };
        match f.value.map(|v| coerce::text(v, header)) {
            Some(Ok(t)) if !t.is_empty() => Some((t, f.cell.clone())),
            Some(Err(p)) => {
                self.err(issues, p.code, &f.cell, p.message, p.hint);
                None
            }
            _ => {
                if spec.required {
                    self.err(
                        issues,
                        Code::ValueMissing,
                        &f.cell,
                        format!("{header} is empty."),
                        format!("Fill it in: {}", spec.rule),
                    );
                }
                None
            }
        }
    }

    fn project_id(&self, issues: &mut Vec<Issue>) -> Option<String> {
        let (t, cell) = self.get("Project ID", issues)?;
        let id = t.trim().to_uppercase();
        let ok = (2..=24).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if ok {
            return Some(id);
        }
        self.err(
            issues,
            Code::ProjectIdInvalid,
            &cell,
            format!("Project ID '{}' is not a valid ID.", coerce::clip(&t)),
            "Use 2 to 24 characters: letters A to Z, digits 0 to 9 and -, e.g. GLA-PP-007. Keep it the same every quarter.".into(),
        );
        None
    }

    fn quarter(&self, issues: &mut Vec<Issue>) -> Option<Quarter> {
        let (t, cell) = self.get("Quarter", issues)?;
        let q = Quarter::parse(&t);
        if q.is_none() {
            self.err(
                issues,
                Code::QuarterInvalid,
                &cell,
                format!("Quarter '{}' is not a financial-year quarter.", coerce::clip(&t)),
                "Write it like 2026/27 Q2 (Q1 = April to June, Q2 = July to September, Q3 = October to December, Q4 = January to March).".into(),
            );
        }
        q
    }

    /// A warning when the return says it is another template version.
    fn template_version(&self, issues: &mut Vec<Issue>) {
        if let Some((v, cell)) = self.get("Template version", issues)
            && v.trim() != TEMPLATE_VERSION
        {
            issues.push(
                Issue::warning(
                    Code::NotAllowed,
                    format!(
                        "Template version is '{}'; this needle reads version {TEMPLATE_VERSION}.",
                        coerce::clip(&v)
                    ),
                    "Fill in the current template (needle template) if columns are missing.",
                )
                .in_file(self.file)
                .at(&self.sheet.name, cell),
            );
        }
    }

    /// The optional submission date; a bad one is a warning, not an error.
    fn submitted(&self, issues: &mut Vec<Issue>) -> Option<NaiveDate> {
        let f = self.field("Submission date")?;
        let v = f.value?;
        match coerce::date(v, "Submission date") {
            Ok((d, _)) => Some(d),
            Err(p) => {
                issues.push(
                    Issue::warning(
                        p.code,
                        p.message,
                        "The submission date is optional; fix or delete it.",
                    )
                    .in_file(self.file)
                    .at(&self.sheet.name, f.cell.clone()),
                );
                None
            }
        }
    }
}

/// Other ways of writing an organisation type.
const ORGANISATION_TYPE_ALIASES: [(&str, &str); 5] = [
    ("social enterprise", "social enterprise / CIC"),
    ("CIC", "social enterprise / CIC"),
    ("community interest company", "social enterprise / CIC"),
    ("peer support group", "peer-support group"),
    ("user led organisation", "user-led organisation"),
];

/// An organisation type as the contract spells it, from any accepted way
/// of writing it (About sheets and `needle pack --org-type` read it alike).
pub fn organisation_type(text: &str) -> Result<&'static str, coerce::Problem> {
    coerce::choice(
        &Cell::Text(text.to_string()),
        "Organisation type",
        ORGANISATION_TYPES,
        &ORGANISATION_TYPE_ALIASES,
    )
}

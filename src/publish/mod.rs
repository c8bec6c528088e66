//! Publish: disclosure control first, then writers that render tables —
//! CSV, validation JSON, charts and the HTML report. Writers never compute.
//!
//! [`publish`] returns the artefacts in memory (relative path → bytes), so
//! what is written is testable and deterministic; [`write`] is the only I/O.

pub mod chart;
pub mod charts;
pub mod console;
pub mod csv_out;
pub mod disclosure;
pub mod feedback;
pub mod html;
pub mod pack;
pub mod page;
pub mod parquet;
pub mod table;
pub mod tables;
pub mod xlsx;

use crate::aggregate::Tables;
use crate::config::Config;
use crate::contract::ReturnReport;
use crate::value::Valued;
use chart::ChartError;
use std::path::Path;
use table::PubTable;

/// One output file.
#[derive(Debug, Clone, PartialEq)]
pub struct Artefact {
    /// Relative path with `/` separators, e.g. `tables/vfm.csv`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything the publish stage renders.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub facts: &'a crate::score::Facts,
    pub returns: &'a [ReturnReport],
    pub quality: &'a crate::aggregate::DataQuality,
    pub tables: &'a Tables,
    pub valued: &'a Valued,
    /// Every file read, with its sha256 (for manifest.json).
    pub inputs: &'a [crate::ingest::InputFile],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Apply disclosure control (the default); false only with --no-suppression.
    pub suppress: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write vfm.xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("could not write Parquet: {0}")]
    Parquet(#[from] polars::prelude::PolarsError),
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// The publish stage's entry point: every output file, in memory.
pub fn publish(i: &Inputs, opts: Options) -> Result<Vec<Artefact>, PublishError> {
    let d = &i.config.disclosure;
    let disclose = |t: PubTable| {
        if opts.suppress {
            disclosure::apply(&t, d)
        } else {
            t
        }
    };
    let measures = disclose(tables::measures(i.tables));
    let objectives = disclose(tables::objectives(i.tables));
    let vfm = disclose(tables::vfm(i.valued));

    let trends = disclose(tables::trends(i.tables));
    let measures_pooled = disclose(tables::measure_rows(
        &i.tables.measures_pooled,
        "Measures: all projects pooled",
    ));
    let activity_types = disclose(tables::activity_types(i.tables));
    let org_type_objectives = disclose(tables::org_type_objectives(i.tables));
    let indicators = disclose(tables::indicators(i.tables));
    let followup = disclose(tables::followup(i.tables));
    // Counts of returns and issues, not of people: not subject to disclosure.
    let expected_returns = tables::expected_returns(i.quality);
    let issues_by_code = tables::issues_by_code(i.quality);
    let returns_read = tables::returns_read(i.quality);
    // Money and organisations, not people: not subject to disclosure.
    let suppliers = tables::suppliers(i.tables);

    let q = i.tables.quarter;
    let vfm_economy = disclose(tables::vfm_economy(i.valued, q));
    let vfm_efficiency = disclose(tables::vfm_efficiency(i.valued, q));
    let vfm_effectiveness = disclose(tables::vfm_effectiveness(i.valued, q));
    let vfm_fiscal = disclose(tables::vfm_fiscal(i.valued, q));
    let vfm_agency = disclose(tables::vfm_agency(i.valued, q));
    let vfm_social = disclose(tables::vfm_social(i.valued, q));
    let vfm_equity = disclose(tables::vfm_equity(i.valued));
    let vfm_suppliers = disclose(tables::vfm_suppliers(i.valued, q));
    let org_types = disclose(tables::org_types(i.valued, q));
    // Prices against the menu only when a menu is given.
    let menu_prices = i
        .config
        .menu
        .is_some()
        .then(|| disclose(tables::menu_prices(i.valued)));
    // Payment by results only when a tariff is given.
    let pbr = i
        .config
        .tariff
        .is_some()
        .then(|| disclose(tables::pbr(i.valued, q)));
    let vfm_uncertainty = disclose(tables::vfm_uncertainty(
        i.valued,
        i.config.valuation.bootstrap.confidence,
    ));

    let min = if opts.suppress {
        i.config.disclosure.min_people_for_statistic
    } else {
        0
    };
    let all_charts = charts::all(&charts::ChartInput {
        config: i.config,
        tables: i.tables,
        objectives: &objectives,
        trends: &trends,
        measures: &measures_pooled,
        vfm: &vfm,
        effectiveness: &vfm_effectiveness,
        org_types: &org_types,
        wellby_value: i.valued.wellby_values.1,
        min_people: min,
    });
    // The slow writers (the workbook, the parquet facts, each chart as SVG
    // and PNG) run in parallel; the artefacts are then listed in one fixed
    // order, so the output is the same on any number of threads.
    let (workbook, (facts_parquet, rendered)) = rayon::join(
        || {
            xlsx::workbook(&xlsx::WorkbookInput {
                config: i.config,
                quarter: q.to_string(),
                suppressed: opts.suppress,
                price_year: &i.valued.price_year,
                sheets: vec![
                    ("VfM", &vfm),
                    ("Economy", &vfm_economy),
                    ("Efficiency", &vfm_efficiency),
                    ("Effectiveness", &vfm_effectiveness),
                    ("Fiscal", &vfm_fiscal),
                    ("Fiscal by agency", &vfm_agency),
                    ("Social value", &vfm_social),
                    ("Equity", &vfm_equity),
                    ("Uncertainty", &vfm_uncertainty),
                    ("Suppliers", &suppliers),
                    ("VfM by supplier", &vfm_suppliers),
                    ("Organisation types", &org_types),
                    ("Objectives by organisation type", &org_type_objectives),
                ]
                .into_iter()
                .chain(menu_prices.as_ref().map(|t| ("Menu prices", t)))
                .chain(pbr.as_ref().map(|t| ("Payment by results", t)))
                .collect(),
                method: xlsx::method_rows(i.config),
            })
        },
        || {
            rayon::join(
                // Record-level data: internal edition only (docs/methods.md).
                || (!opts.suppress).then(|| parquet::facts(i.facts, i.tables.quarter)),
                || render_charts(all_charts),
            )
        },
    );

    let mut out = Vec::new();
    for t in [
        &vfm_economy,
        &vfm_efficiency,
        &vfm_effectiveness,
        &vfm_fiscal,
        &vfm_agency,
        &vfm_social,
        &vfm_equity,
        &vfm_uncertainty,
        &vfm_suppliers,
    ]
    .into_iter()
    .chain(menu_prices.as_ref())
    .chain(pbr.as_ref())
    {
        out.push(Artefact {
            path: format!("tables/{}.csv", t.name),
            bytes: csv_out::render(t, &d.symbol)?,
        });
    }
    out.push(Artefact {
        path: "vfm.xlsx".into(),
        bytes: workbook?,
    });
    for t in [
        &measures,
        &objectives,
        &vfm,
        &trends,
        &activity_types,
        &indicators,
        &followup,
        &suppliers,
        &org_types,
        &org_type_objectives,
        &expected_returns,
        &issues_by_code,
    ] {
        out.push(Artefact {
            path: format!("tables/{}.csv", t.name),
            bytes: csv_out::render(t, &d.symbol)?,
        });
    }
    if let Some(bytes) = facts_parquet {
        out.push(Artefact {
            path: "tables/facts.parquet".into(),
            bytes: bytes?,
        });
    }

    let mut json = validation_json(i.returns)?.into_bytes();
    json.push(b'\n');
    out.push(Artefact {
        path: "validation.json".into(),
        bytes: json,
    });

    let rendered = push_charts(rendered?, &mut out);

    let report = html::render(&html::ReportInput {
        quarter: i.tables.quarter,
        config: i.config,
        suppressed: opts.suppress,
        objectives: &objectives,
        measures: &measures,
        vfm: &vfm,
        charts: &rendered,
        activity_types: &activity_types,
        followup: &followup,
        suppliers: &suppliers,
        vfm_suppliers: &vfm_suppliers,
        vfm_agency: &vfm_agency,
        org_types: &org_types,
        org_type_objectives: &org_type_objectives,
        pbr: pbr.as_ref(),
        menu_prices: menu_prices.as_ref(),
        menu_statuses: &i.valued.menu_statuses,
        indicators: &indicators,
        quality: i.quality,
        expected_returns: &expected_returns,
        returns_read: &returns_read,
        issues_by_code: &issues_by_code,
        price_year: &i.valued.price_year,
    });
    out.push(Artefact {
        path: "report.html".into(),
        bytes: report.into_bytes(),
    });

    let manifest = serde_json::json!({
        "needle_version": env!("CARGO_PKG_VERSION"),
        "quarter": i.tables.quarter.to_string(),
        "disclosure": if opts.suppress { SUPPRESSED } else { "exact: --no-suppression, internal use only, not for publication" },
        "price_year": i.valued.price_year,
    });
    push_manifest(&mut out, manifest, i.config, i.inputs)?;
    Ok(out)
}

/// How manifest.json names the published (suppressed) edition.
const SUPPRESSED: &str =
    "suppressed: small numbers withheld, counts rounded (config/disclosure.toml)";

/// A chart with its SVG text (kept for inlining in an HTML page) and PNG.
type Rendered = (chart::Chart, String, Vec<u8>);

/// Renders each chart (in parallel) to SVG and PNG, in the charts' order.
fn render_charts(charts: Vec<chart::Chart>) -> Result<Vec<Rendered>, PublishError> {
    use rayon::prelude::*;
    charts
        .into_par_iter()
        .map(|chart| {
            let svg = chart.svg()?;
            let png = chart.png()?;
            Ok((chart, svg, png))
        })
        .collect()
}

/// Lists each rendered chart as charts/NAME.svg and .png; returns the
/// charts with their SVG text, for inlining in an HTML page.
fn push_charts(rendered: Vec<Rendered>, out: &mut Vec<Artefact>) -> Vec<(chart::Chart, String)> {
    let mut charts = Vec::with_capacity(rendered.len());
    for (chart, svg, png) in rendered {
        out.push(Artefact {
            path: format!("charts/{}.svg", chart.name()),
            bytes: svg.clone().into_bytes(),
        });
        out.push(Artefact {
            path: format!("charts/{}.png", chart.name()),
            bytes: png,
        });
        charts.push((chart, svg));
    }
    charts
}

/// Adds manifest.json (pretty JSON with a final newline): `manifest`'s own
/// fields, then what the run was made from and what it made, each with its
/// sha256: every input file, every config file, every output but itself.
fn push_manifest(
    out: &mut Vec<Artefact>,
    mut manifest: serde_json::Value,
    config: &Config,
    inputs: &[crate::ingest::InputFile],
) -> Result<(), PublishError> {
    use crate::core::hash::sha256_hex;
    let outputs: Vec<serde_json::Value> = out
        .iter()
        .map(|a| {
            serde_json::json!({
                "path": a.path,
                "bytes": a.bytes.len(),
                "sha256": sha256_hex(&a.bytes),
            })
        })
        .collect();

    if let Some(m) = manifest.as_object_mut() {
        m.insert("inputs".into(), serde_json::to_value(inputs)?);
        m.insert("config".into(), serde_json::to_value(&config.files)?);
        m.insert("outputs".into(), serde_json::Value::Array(outputs));
    }
    let mut bytes = serde_json::to_vec_pretty(&manifest)?;
    bytes.push(b'\n');
    out.push(Artefact {
        path: "manifest.json".into(),
        bytes,
    });
    Ok(())
}

/// `{"returns": [...]}`: every return read, its status, rows and issues.
pub fn validation_json(returns: &[ReturnReport]) -> Result<String, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct Validation<'a> {
        returns: &'a [ReturnReport],
    }
    serde_json::to_string_pretty(&Validation { returns })
}

/// Writes the artefacts under `dir`, creating folders as needed; each file
/// atomically (a temporary file in the same folder, then a rename).
pub fn write(dir: &Path, artefacts: &[Artefact]) -> Result<(), PublishError> {
    for a in artefacts {
        let path = a.path.split('/').fold(dir.to_path_buf(), |p, part| {
            p.join(crate::core::escape::path_component(part))
        });
        write_file(&path, &a.bytes)?;
    }
    Ok(())
}

/// Writes one file atomically: to `.NAME.partial` in the same folder, then
/// renamed, so an interrupted run never leaves a half-written file under a
/// real name (a rename within one folder is atomic on POSIX and NTFS).
/// Creates the folder if needed.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let io = |source| PublishError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&partial, bytes).map_err(io)?;
    std::fs::rename(&partial, path).map_err(io)?;
    Ok(())
}

//! `needle menu`: the suppliers' menu with each offer's record over a
//! period, as one self-contained page (menu.html) for community
//! organisations choosing what to buy. Always the published edition: the
//! page shows the period's report tables menu_offers and supplier_trade as
//! a report of the same period publishes them (the same exact tables,
//! disclosed and attacked the same way, with the quarters' editions in
//! hand for a longer period), and the folder holds that whole edition's
//! tables so that `needle audit` can attack it again.

use super::report::{
    ReportRequest, SUPPRESSED, known_quarters, report_period, stages, with_counted_once,
};
use super::{Progress, RunError, check_and_score};
use crate::config::Config;
use crate::core::Period;
use crate::output::Artefact;
use crate::pages::menu::{MenuPage, render, trade_charts};
use crate::render;
use crate::score::assemble;
use std::path::PathBuf;

/// A `needle menu` run.
#[derive(Debug, Clone)]
pub struct MenuRequest {
    pub paths: Vec<PathBuf>,
    /// The quarter, year or run of quarters (default: the latest quarter
    /// with a return).
    pub period: Option<Period>,
}

/// What a menu run produced.
#[derive(Debug)]
pub struct MenuRun {
    pub period: Period,
    pub artefacts: Vec<Artefact>,
    /// Offers on the menu, and those bought in the period.
    pub offers: usize,
    pub bought: usize,
}

/// Runs the pipeline for the menu page, telling `progress` where it has
/// got to; writes nothing. The configuration must hold a menu.
pub fn run_menu(
    req: &MenuRequest,
    config: &Config,
    progress: &dyn Progress,
) -> Result<MenuRun, RunError> {
    let Some(menu) = &config.menu else {
        return Err(RunError::NoMenu);
    };
    if super::discover(&req.paths)?.is_empty() {
        let paths: Vec<String> = req.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(RunError::NoReturnFiles(paths.join(", ")));
    }
    // No pseudonyms leave a menu run: a key for this run alone will do.
    let key = crate::store::run_key()?;
    let checked = check_and_score(&req.paths, config, progress, &key, None)?;
    let as_report = ReportRequest {
        paths: req.paths.clone(),
        period: req.period,
        suppress: true,
        store: PathBuf::new(),
        reuse: false,
        dataset: false,
    };
    let period = report_period(&as_report, &checked)?;
    progress.stage("scoring");
    let facts = assemble(checked.returns);
    let s = stages(&facts, &checked.reports, config, period, progress, &())?;
    progress.stage("auditing the published edition");
    let known = known_quarters(&facts, &checked.reports, config, period, &s.quality, &())?;
    let audited = super::publish(&s.exact, config, &s.consts, known.as_ref(), |_| Ok(None))?;
    let json = super::publish::report_json(&audited, config.disclosure.min_candidates);
    let published = audited.published;
    let symbol = config.disclosure.symbol.as_str();
    progress.stage("publishing");
    let mut out = Vec::new();
    for t in published.iter().filter(|t| t.written) {
        out.push(Artefact::new(
            format!("tables/{}.csv", t.name),
            render::csv::table(t, symbol)?,
        ));
    }
    let mut bytes = serde_json::to_vec_pretty(&json)?;
    bytes.push(b'\n');
    out.push(Artefact::new("disclosure_audit.json", bytes));
    let stories = crate::value::offer_stories(&facts, period, menu);
    let page = MenuPage {
        config,
        menu,
        period,
        published: &published,
        stories: &stories,
        projects: &facts.projects,
    };
    let rendered = crate::pages::charts::render(trade_charts(&page))?;
    let rendered = crate::pages::charts::artefacts(rendered, &mut out);
    out.push(Artefact::new("menu.html", render(&page, &rendered)));
    let about = serde_json::json!({
        "needle_version": env!("CARGO_PKG_VERSION"),
        "menu": menu.file,
        "quarter": period.to_string(),
        "disclosure": SUPPRESSED,
        "stories": stories.len(),
    });
    let about = with_counted_once(about, &s.quality);
    let manifest = render::json::manifest(about, &checked.inputs, &config.files, &out)?;
    out.push(Artefact::new("manifest.json", manifest));
    let bought = s.valued.offers.iter().filter(|o| o.activities > 0).count();
    Ok(MenuRun {
        period,
        artefacts: out,
        offers: menu.items.len(),
        bought,
    })
}

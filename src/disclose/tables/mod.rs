//! The published tables, each declared once (columns, labels, formats,
//! disclosure roles, totals), and the lists of them that a report, an
//! evidence pack and a project's feedback page publish.
//!
//! A report's files, its workbook's sheets, its pages and its charts all
//! come from [`report`]: adding a table is one declaration and one line
//! here. Pages and charts ask for a table by its name constant.

mod columns;
pub mod delivery;
pub mod facts;
pub mod outcomes;
pub mod quality;
mod rules;
pub mod summary;
pub mod vfm;

pub use columns::CLINICAL_RESULTS;

/// The published columns pages and charts read, by their declarations:
/// a page names `cols::RATE_IMPROVED`, never the text "rate_improved", so
/// a misspelt column does not compile (and a column its table lacks
/// fails a debug assertion in every test that renders the page).
pub mod cols {
    pub use super::columns::*;
    pub use super::delivery::{MENU_STATUS, OUTCOME, PBR_PEOPLE, RATE_OUTCOME};
    pub use super::facts::OBJECTIVES_MAPPED;
    pub use super::outcomes::{
        LOWER_95, LOWER_998, MEAN_BASELINE, MEAN_CHANGE, MEAN_FOLLOWUP, N_MEANINGFUL_IMPROVEMENT,
        N_PAIRED, POSITION_95, POSITION_998, PROGRAMME_RATE, UPPER_95, UPPER_998,
    };
    pub use super::quality::{DAYS_LATE, N_ENDED_EARLY, RETURN_STATUS, SESSIONS_RECORDED};
    pub use super::summary::{
        CHANGE, CHANGE_HIGH, CHANGE_LOW, HIGH, K, LOW, N, RATE, RATE_BEFORE, SHARE,
    };
    pub use super::vfm::{
        BCR_HIGH, BCR_LOW, COST_PER_OUTCOME, COST_PER_PARTICIPANT, COST_PER_WELLBY_GBP, KEY, LEVEL,
        N_PAIRED_GROUP, NAME,
    };
}
pub use delivery::{
    ALL_OUTCOMES, MENU_OFFERS, MENU_PRICES, ORG_TYPES, PBR, SUPPLIER_TRADE, SUPPLIERS,
    VFM_SUPPLIERS,
};
pub use facts::{DATASET, DatasetRow, FACTS, dataset, facts};
pub use outcomes::{
    ACTIVITY_TYPES, BANDS, FUNNELS, INDICATORS, MEASURES, MEASURES_POOLED, OBJECTIVES,
    ORG_TYPE_OBJECTIVES, TRENDS,
};
pub use quality::{EXPECTED_RETURNS, FOLLOWUP, ISSUES_BY_CODE, RETURNS_READ};
pub use summary::{SUMMARY_QUARTERS, SUMMARY_SHARES};
pub use vfm::{
    VFM, VFM_AGENCY, VFM_ECONOMY, VFM_EFFECTIVENESS, VFM_EQUITY, VFM_FISCAL, VFM_SOCIAL,
    VFM_UNCERTAINTY,
};

use super::{Consts, DeclarationError, Published, Table};
use crate::aggregate::{ALL_ACTIVITIES, ALL_TYPES, DataQuality, Level, Tables};
use crate::config::Config;
use crate::value::Valued;
use delivery::Delivery;
use outcomes::FunnelRow;
use vfm::{FiscalOf, UnitOf};

/// What a quarter's report tables are built from.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub tables: &'a Tables,
    pub valued: &'a Valued,
    pub quality: &'a DataQuality,
}

/// What the published edition's rules use besides the tables: the run's
/// WELLBY values, bootstrap and proxies (each also in the method appendix).
pub fn consts(config: &Config, valued: &Valued) -> Consts {
    let v = &config.valuation;
    Consts {
        wellby_values: valued.wellby_values,
        bootstrap: v.bootstrap.clone(),
        proxies: v
            .proxies
            .iter()
            .map(|p| {
                let uprate = v.uprate_factor(&p.price_year).unwrap_or(1.0);
                (
                    p.indicator.clone(),
                    p.per == crate::config::ProxyBasis::Reduction,
                    p.value * uprate,
                )
            })
            .collect(),
    }
}

/// Every table of a quarter's report, exact, in the order the workbook and
/// the report read them (the workbook's sheets are those declared with
/// one). Prices against a menu and payment by results only when the run
/// has a `--menu` or a `--tariff`.
pub fn report(s: &Sources) -> Result<Vec<Table>, DeclarationError> {
    let (t, v, q) = (s.tables, s.valued, s.tables.quarter);
    let units = || UnitOf::all(q, v);
    let confidence = s.config.valuation.bootstrap.confidence;
    let mut out = vec![
        vfm::vfm().build(&v.vfm)?,
        vfm::economy().build(units())?,
        vfm::efficiency().build(units())?,
        vfm::effectiveness().build(units())?,
        vfm::fiscal().build(FiscalOf::all(q, v))?,
        vfm::agency().build(units())?,
        vfm::social().build(units())?,
        vfm::equity().build(&v.equity)?,
        vfm::uncertainty().build(v.uncertainty.iter().map(|r| (r, confidence)))?,
        delivery::suppliers().build(&t.suppliers)?,
        delivery::vfm_suppliers().build(Delivery::rows(q, v, Level::Supplier, ALL_ACTIVITIES))?,
        delivery::org_types().build(Delivery::rows(q, v, Level::OrganisationType, ALL_TYPES))?,
        outcomes::org_type_objectives().build(&t.org_type_objectives)?,
    ];
    if s.config.menu.is_some() {
        out.push(delivery::menu_prices().build(&v.menu)?);
        out.push(delivery::menu_offers().build(v.offers.iter().map(|r| (q, r)))?);
        out.push(delivery::supplier_trade().build(&v.trade)?);
    }
    if s.config.tariff.is_some() {
        out.push(delivery::pbr().build(v.pbr.iter().map(|r| (q, r)))?);
    }
    out.extend([
        outcomes::measures().build(&t.measures)?,
        outcomes::bands().build(&t.bands)?,
        outcomes::objectives().build(&t.objectives)?,
        outcomes::trends().build(&t.trends)?,
        outcomes::activity_types().build(&t.activity_types)?,
        outcomes::indicators().build(&t.indicators)?,
        quality::followup().build(&t.followup)?,
        quality::expected_returns().build(&s.quality.receipts)?,
        quality::issues_by_code().build(&s.quality.issues_by_code)?,
        quality::returns_read().build(&s.quality.returns_read)?,
        outcomes::measures_pooled().build(&t.measures_pooled)?,
        summary::quarters().build(&v.headline.quarters)?,
        summary::shares().build(&v.headline.shares)?,
    ]);
    // The exact limits; the published edition works them out again at the
    // published numbers of people (rules.rs).
    let funnels = FunnelRow::all(&t.project_objectives, &t.objectives);
    out.push(outcomes::funnels().build(funnels)?);
    // A longer period's figures are for the whole of it, not for the last
    // quarter its facts are labelled with; the tables quarter by quarter
    // (trends, the returns expected and read) and the key figures (each
    // row its own period) keep their own.
    if t.period.single().is_none() {
        let own = [
            outcomes::TRENDS,
            quality::EXPECTED_RETURNS,
            quality::RETURNS_READ,
            delivery::SUPPLIER_TRADE,
            summary::SUMMARY_QUARTERS,
            summary::SUMMARY_SHARES,
        ];
        let label = t.period.to_string();
        for table in out.iter_mut().filter(|x| !own.contains(&x.name)) {
            table.set_text(columns::QUARTER.name, &label);
        }
    }
    Ok(out)
}

/// The tables of an evidence pack: the period's objectives (every quarter
/// pooled), their trend quarter by quarter, and every project pooled per
/// measure. `period` names the span in the pooled tables' quarter column.
pub fn pack(t: &Tables, period: &str) -> Result<Vec<Table>, DeclarationError> {
    let mut objectives = outcomes::objectives().build(&t.objectives)?;
    let mut measures = outcomes::measures()
        .titled("Distance travelled: all projects in the pack, per measure")
        .build(&t.measures_pooled)?;
    // The pooled tables are for the whole span, not its last quarter.
    objectives.set_text(columns::QUARTER.name, period);
    measures.set_text(columns::QUARTER.name, period);
    Ok(vec![
        objectives,
        outcomes::trends().build(&t.trends)?,
        measures,
    ])
}

/// A project's own exact tables for its feedback page: objectives,
/// measures and value for money.
pub fn feedback(t: &Tables, v: &Valued) -> Result<Published, DeclarationError> {
    Ok(Published::exact(vec![
        outcomes::objectives().build(&t.objectives)?,
        outcomes::measures().build(&t.measures)?,
        vfm::vfm().build(&v.vfm)?,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{aggregate, data_quality};
    use crate::config::{Config, Menu, OutcomeType, Payment, Tariff};
    use crate::core::Quarter;
    use crate::score::Facts;

    /// Every table of a report from no returns at all, with a menu and a
    /// tariff so that their tables are built too.
    fn empty_report() -> (Vec<Table>, Tables, Valued) {
        let mut config = Config::builtin().unwrap();
        config.menu = Some(Menu {
            file: "menu.csv".into(),
            items: Vec::new(),
        });
        config.tariff = Some(Tariff {
            name: "t".into(),
            source: "s".into(),
            cap_per_project_gbp: None,
            payments: vec![Payment {
                outcome: OutcomeType::Recovery,
                gbp: 1.0,
                cap_people: None,
            }],
        });
        let q = Quarter::new(2026, 2).unwrap();
        let facts = Facts::default();
        let t = aggregate(&facts, &config, q).unwrap();
        let v = crate::value::value(&t, &facts, &config, &()).unwrap();
        let quality = data_quality(&[], &[], &config.expected, crate::core::Period::quarter(q));
        let sources = Sources {
            config: &config,
            tables: &t,
            valued: &v,
            quality: &quality,
        };
        (report(&sources).unwrap(), t, v)
    }

    /// Every table a report, a pack and a feedback page publish is built
    /// from empty sources, so every declaration is checked (each name a
    /// column, each role possible) whatever the fixtures hold.
    #[test]
    fn every_declaration_checks() {
        let (report, t, v) = empty_report();
        let names: Vec<&str> = report.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), 31, "{names:?}");
        assert_eq!(pack(&t, "2026/27 Q2").unwrap().len(), 3);
        assert_eq!(feedback(&t, &v).unwrap().iter().count(), 3);
        let records = facts().build(&[]).unwrap();
        assert_eq!(records.columns.len(), 20);
        assert!(records.columns.iter().all(|(c, _)| !c.label.is_empty()));
    }

    /// Each column's label is a human label: present, and not its machine
    /// name (the CSV keeps those); no label repeats within a table.
    #[test]
    fn every_column_has_a_label_of_its_own() {
        for table in empty_report().0 {
            let mut seen = Vec::new();
            for c in &table.columns {
                assert!(!c.label.is_empty(), "{}.{}", table.name, c.name);
                assert!(
                    c.label != c.name || !table.written,
                    "{}.{} has no human label",
                    table.name,
                    c.name
                );
                assert!(
                    !seen.contains(&c.label),
                    "{}: label {} twice",
                    table.name,
                    c.label
                );
                seen.push(c.label);
            }
        }
    }
}

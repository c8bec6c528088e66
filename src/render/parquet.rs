//! tables/facts.parquet: the per-person × measure facts for analysts.
//!
//! Record-level, so it is written only in the exact (internal) edition;
//! participant references never reach it: `person` is a per-run number.

use crate::core::Quarter;
use crate::score::Facts;
use polars::prelude::*;
use polars_io::parquet::write::ParquetWriter;

/// The facts of every quarter up to `upto`, as Parquet bytes.
pub fn facts(facts: &Facts, upto: Quarter) -> PolarsResult<Vec<u8>> {
    let rows: Vec<_> = facts
        .outcomes
        .iter()
        .filter(|o| o.quarter <= upto)
        .collect();
    let s = |f: &dyn Fn(&crate::score::OutcomeFact) -> String| {
        rows.iter().map(|o| f(o)).collect::<Vec<String>>()
    };
    let b = |f: &dyn Fn(&crate::score::OutcomeFact) -> Option<bool>| {
        rows.iter().map(|o| f(o)).collect::<Vec<_>>()
    };
    let mut df = DataFrame::new(
        rows.len(),
        vec![
            Column::new("quarter".into(), s(&|o| o.quarter.to_string())),
            Column::new("project_id".into(), s(&|o| o.project_id.clone())),
            Column::new("area".into(), s(&|o| o.area.clone())),
            Column::new("activity_id".into(), s(&|o| o.activity_id.clone())),
            Column::new("activity_type".into(), s(&|o| o.activity_type.clone())),
            Column::new(
                "person".into(),
                rows.iter().map(|o| o.person).collect::<Vec<u32>>(),
            ),
            Column::new("measure".into(), s(&|o| o.measure_id.clone())),
            Column::new(
                "objectives".into(),
                s(&|o| {
                    o.objectives
                        .iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(";")
                }),
            ),
            Column::new(
                "baseline".into(),
                rows.iter().map(|o| o.scored.baseline).collect::<Vec<f64>>(),
            ),
            Column::new(
                "followup".into(),
                rows.iter().map(|o| o.scored.followup).collect::<Vec<_>>(),
            ),
            Column::new(
                "change".into(),
                rows.iter().map(|o| o.scored.change).collect::<Vec<_>>(),
            ),
            Column::new("improved".into(), b(&|o| o.scored.improved)),
            Column::new(
                "meaningful_improvement".into(),
                b(&|o| o.scored.meaningful_improvement),
            ),
            Column::new(
                "reliable_improvement".into(),
                b(&|o| o.scored.reliable_improvement),
            ),
            Column::new(
                "reliable_deterioration".into(),
                b(&|o| o.scored.reliable_deterioration),
            ),
            Column::new(
                "caseness_baseline".into(),
                b(&|o| o.scored.caseness_baseline),
            ),
            Column::new(
                "caseness_followup".into(),
                b(&|o| o.scored.caseness_followup),
            ),
            Column::new("recovered".into(), b(&|o| o.scored.recovered)),
            Column::new(
                "reliable_recovery".into(),
                b(&|o| o.scored.reliable_recovery),
            ),
        ],
    )?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}

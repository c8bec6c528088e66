//! The charts of a report and of an evidence pack, drawn from the
//! published tables only, so a chart never shows what a table withholds:
//! no point, bar or rate rests on fewer people than the disclosure minimum.

use crate::aggregate::{ALL_AREAS, ALL_PROJECTS, ALL_TYPES};
use crate::chart::{Bar, BarChart, Chart, FunnelChart, FunnelMark, LineChart, Series};
use crate::config::Config;
use crate::core::{Period, Quarter};
use crate::disclose::tables::cols::*;
use crate::disclose::tables::{
    FUNNELS, MEASURES_POOLED, OBJECTIVES, ORG_TYPES, TRENDS, VFM_EFFECTIVENESS,
};
use crate::disclose::{Column, Published, Table, Val, format_fixed};
use crate::output::Artefact;

/// What every chart needs besides its table.
struct Ctx<'a> {
    config: &'a Config,
    quarter: Period,
    /// The disclosure minimum, when the tables were disclosed.
    published: bool,
}

impl Ctx<'_> {
    fn symbol(&self) -> &str {
        &self.config.disclosure.symbol
    }
}

/// The index of a declared column of a table the chart is drawn from.
fn col(t: &Table, c: Column) -> usize {
    t.col(c.name)
        .unwrap_or_else(|| panic!("{} has no column {}", t.name, c.name))
}

/// Every chart of the report, in the order the report shows them.
pub fn report(p: &Published, config: &Config, quarter: Period, wellby_value: f64) -> Vec<Chart> {
    let cx = Ctx {
        config,
        quarter,
        published: p.suppressed(),
    };
    let mut out = Vec::new();
    out.extend(p.get(OBJECTIVES).map(|t| Chart::Bar(objectives(t, &cx))));
    out.extend(p.get(MEASURES_POOLED).map(|t| Chart::Bar(distance(t, &cx))));
    out.extend(p.get(TRENDS).map(|t| trends(t, &cx)));
    out.extend(p.get(FUNNELS).into_iter().flat_map(|t| funnels(t, &cx)));
    if let Some(t) = p.get(VFM_EFFECTIVENESS) {
        out.push(cost_per_outcome(t, &cx));
        out.extend(cost_per_wellby(t, &cx, wellby_value));
    }
    out.extend(p.get(ORG_TYPES).map(|t| org_types(t, &cx)));
    out
}

/// The charts of an evidence pack: objectives, distance travelled and the
/// quarterly trend, subtitled with what the pack covers (`scope`) instead
/// of a single quarter.
pub fn pack(p: &Published, config: &Config, quarter: Quarter, scope: &str) -> Vec<Chart> {
    let cx = Ctx {
        config,
        quarter: Period::quarter(quarter),
        published: p.suppressed(),
    };
    let mut out = Vec::new();
    if let Some(t) = p.get(OBJECTIVES) {
        let mut c = objectives(t, &cx);
        c.subtitle = format!("{scope}; a person counts once per objective over the period");
        out.push(Chart::Bar(c));
    }
    if let Some(t) = p.get(crate::disclose::tables::MEASURES) {
        let mut c = distance(t, &cx);
        c.subtitle = format!("{scope}; people with both scores; light bar = start");
        out.push(Chart::Bar(c));
    }
    if let Some(t) = p.get(TRENDS) {
        let Chart::Line(mut c) = trends(t, &cx) else {
            unreachable!("trends() draws a line chart")
        };
        c.subtitle = format!("{scope}; quarter by quarter, figures from 8 people or more");
        out.push(Chart::Line(c));
    }
    // A pack about one objective may have no measure or trend to draw.
    out.retain(|c| match c {
        Chart::Bar(b) | Chart::Short(b) => !b.bars.is_empty(),
        Chart::Line(l) => !l.series.is_empty(),
        Chart::Funnel(_) => true,
    });
    out
}

/// The note after a bar of people improved: the share and the people it
/// rests on, or why there is no bar.
fn improved_note(rate: &Val, value: Option<f64>, n: &str, withheld: &str) -> String {
    match value {
        Some(p) => format!("{}% of {} people", format_fixed(p, 0), n),
        None if *rate == Val::Suppressed => withheld.to_string(),
        None => "no paired measures".to_string(),
    }
}

/// Share of people with a meaningful improvement by organisation type;
/// the total row is the reference line.
fn org_types(t: &Table, cx: &Ctx) -> Chart {
    let symbol = cx.symbol();
    let (key, people, rate) = (
        col(t, ORGANISATION_TYPE),
        col(t, N_PEOPLE_PAIRED),
        col(t, RATE_OUTCOME),
    );
    let cell = |r: &[Val], c| t.cell(r, c, symbol);
    let mut bars = Vec::new();
    let mut reference = None;
    for r in &t.rows {
        let value = r[rate].as_f64().map(|x| x * 100.0);
        let label = cell(r, key);
        if label == ALL_TYPES {
            reference = value.map(|v| (v, format!("all types {}%", format_fixed(v, 0))));
            continue;
        }
        let n = cell(r, people);
        let withheld = format!(
            "withheld: fewer than {} people (n = {n})",
            cx.config.disclosure.min_people_for_statistic
        );
        bars.push(Bar {
            label,
            value,
            note: improved_note(&r[rate], value, &n, &withheld),
            light: false,
        });
    }
    Chart::Bar(BarChart {
        name: "org-types".into(),
        title: "People with a meaningful improvement, by type of organisation".into(),
        subtitle: format!(
            "{}; a person counts once however many measures; line: all types",
            cx.quarter
        ),
        x_label: "People improved (% of people with a paired measure)".into(),
        x_max: 100.0,
        bars,
        reference,
    })
}

/// Share of people improved per objective, all areas.
fn objectives(t: &Table, cx: &Ctx) -> BarChart {
    let symbol = cx.symbol();
    let (area, obj, name, people, rate) = (
        col(t, AREA),
        col(t, OBJECTIVE),
        col(t, OBJECTIVE_NAME),
        col(t, N_PEOPLE),
        col(t, RATE_IMPROVED),
    );
    let cell = |r: &[Val], c| t.cell(r, c, symbol);
    let bars = t
        .rows
        .iter()
        .filter(|r| r[area] == Val::text(ALL_AREAS))
        .map(|r| {
            let n = cell(r, people);
            let value = r[rate].as_f64().map(|x| x * 100.0);
            let withheld = format!("withheld: fewer than 8 people (n = {n})");
            // Short names fit the axis; the full names are in the table.
            let id = cell(r, obj);
            let short = id
                .parse::<u8>()
                .ok()
                .and_then(|k| cx.config.objective(k))
                .map_or_else(|| cell(r, name), |o| o.short.clone());
            Bar {
                label: format!("{id}. {short}"),
                value,
                note: improved_note(&r[rate], value, &n, &withheld),
                light: false,
            }
        })
        .collect();
    BarChart {
        name: "objectives".into(),
        title: "People with a meaningful improvement, by objective".into(),
        subtitle: format!(
            "{}, all areas; a person counts once per objective",
            cx.quarter
        ),
        x_label: "People improved (% of people with a paired measure)".into(),
        x_max: 100.0,
        bars,
        reference: None,
    }
}

/// Distance travelled: mean baseline and follow-up per measure, all
/// projects, as a share of each scale's range so scales sit side by side.
fn distance(t: &Table, cx: &Ctx) -> BarChart {
    let symbol = cx.symbol();
    let (measure, n, base, follow) = (
        col(t, MEASURE),
        col(t, N_PAIRED),
        col(t, MEAN_BASELINE),
        col(t, MEAN_FOLLOWUP),
    );
    let mut bars = Vec::new();
    for r in &t.rows {
        let id = t.cell(r, measure, symbol);
        let Some(spec) = cx.config.measure_by_id(&id) else {
            continue;
        };
        let (lo, hi) = match &spec.conversion {
            Some(c) => (
                c.first().copied().unwrap_or(spec.range[0]),
                c.last().copied().unwrap_or(spec.range[1]),
            ),
            None => (spec.range[0], spec.range[1]),
        };
        // Means the table withholds (too few people) are not drawn either.
        let pct = |v: &Val| v.as_f64().map(|v| (v - lo) / (hi - lo) * 100.0);
        let direction = match spec.better {
            crate::config::Better::Higher => "higher is better",
            crate::config::Better::Lower => "lower is better",
        };
        // One decimal, or fewer where the table prints fewer (a mean the
        // audit had printed whole).
        let fmt = |v: &Val| match v {
            Val::Num { value, places, .. } => {
                format_fixed(*value, places.map_or(1, |p| usize::from(p).min(1)))
            }
            _ => "–".to_string(),
        };
        let note = if r[follow].as_f64().is_some() {
            // n as the table publishes it (rounded in the published edition).
            format!(
                "{} → {} (n = {}, {direction})",
                fmt(&r[base]),
                fmt(&r[follow]),
                t.cell(r, n, symbol)
            )
        } else {
            format!(
                "withheld: fewer than {} people",
                cx.config.disclosure.min_people_for_statistic
            )
        };
        bars.push(Bar {
            label: format!("{id} start"),
            value: pct(&r[base]),
            note: String::new(),
            light: true,
        });
        bars.push(Bar {
            label: format!("{id} follow-up"),
            value: pct(&r[follow]),
            note,
            light: false,
        });
    }
    BarChart {
        name: "distance".into(),
        title: "Distance travelled: average scores at the start and at follow-up".into(),
        subtitle: format!(
            "{}, all projects, people with both scores; light bar = start",
            cx.quarter
        ),
        x_label: "Average score (% of the scale's range)".into(),
        x_max: 100.0,
        bars,
        reference: None,
    }
}

/// Quarterly trend of the share improved per objective, all areas.
fn trends(t: &Table, cx: &Ctx) -> Chart {
    let (q, area, obj, rate) = (
        col(t, QUARTER),
        col(t, AREA),
        col(t, OBJECTIVE),
        col(t, RATE_IMPROVED),
    );
    let quarter_of = |r: &Vec<Val>| t.cell(r, q, "");
    let mut quarters: Vec<String> = Vec::new();
    for r in &t.rows {
        let label = quarter_of(r);
        if !quarters.contains(&label) {
            quarters.push(label);
        }
    }
    let mut series = Vec::new();
    for o in &cx.config.objectives {
        let points: Vec<(usize, f64)> = t
            .rows
            .iter()
            .filter(|r| r[area] == Val::text(ALL_AREAS) && r[obj] == Val::text(o.id))
            .filter_map(|r| {
                let x = quarters.iter().position(|qq| *qq == quarter_of(r))?;
                Some((x, r[rate].as_f64()? * 100.0))
            })
            .collect();
        if !points.is_empty() {
            series.push(Series {
                label: format!("{}. {}", o.id, o.short),
                points,
            });
        }
    }
    Chart::Line(LineChart {
        name: "trends".into(),
        title: "People improved by objective, quarter by quarter".into(),
        subtitle: "All areas; objectives with figures shown (8 people or more)".into(),
        x_labels: quarters,
        y_label: "People improved (%)".into(),
        y_max: 100.0,
        series,
    })
}

/// A funnel plot per objective with people: each project's improvement
/// rate against its number of people, exact limits around the programme
/// rate, from the disclosed funnels table: a point withheld there is not
/// drawn, and each point sits at the number of people as the table shows
/// it (rounded in the published edition). The curves join the limits the
/// table publishes at those numbers, so the chart can be redrawn from
/// funnels.csv alone. No funnel where the programme rate is withheld.
fn funnels(t: &Table, cx: &Ctx) -> Vec<Chart> {
    let symbol = cx.symbol();
    let c = |name| col(t, name);
    let (obj, project, n, rate, programme) = (
        c(OBJECTIVE),
        c(PROJECT_ID),
        c(N_PEOPLE),
        c(RATE_IMPROVED),
        c(PROGRAMME_RATE),
    );
    let (p95, p998) = (c(POSITION_95), c(POSITION_998));
    let (lo998, lo95, up95, up998) = (c(LOWER_998), c(LOWER_95), c(UPPER_95), c(UPPER_998));
    let mut out = Vec::new();
    for o in &cx.config.objectives {
        let rows: Vec<&Vec<Val>> = t
            .rows
            .iter()
            .filter(|r| r[obj] == Val::text(o.id))
            .collect();
        let (pooled, projects): (Vec<&Vec<Val>>, Vec<&Vec<Val>>) = rows
            .into_iter()
            .partition(|r| r[project] == Val::text(ALL_PROJECTS));
        let Some(pooled) = pooled.first().and_then(|r| r[programme].as_f64()) else {
            continue;
        };
        let points: Vec<FunnelMark> = projects
            .iter()
            .filter_map(|r| {
                let verdict = match (t.cell(r, p998, ""), t.cell(r, p95, "")) {
                    (p, _) if p == "above" || p == "below" => format!("{p} the 99.8% limits"),
                    (_, p) if p == "above" || p == "below" => format!("{p} the 95% limits"),
                    _ => "within the limits".to_string(),
                };
                Some(FunnelMark {
                    label: t.cell(r, project, symbol),
                    n: r[n].as_f64()?,
                    rate: r[rate].as_f64()?,
                    n_shown: t.cell(r, n, symbol),
                    verdict,
                })
            })
            .collect();
        let hidden = projects.len() - points.len();
        let subtitle = if hidden > 0 {
            format!(
                "{}; {hidden} project(s) not shown (fewer than {} people, or hidden so that one cannot be worked out from the rest)",
                cx.quarter,
                if cx.published {
                    cx.config.disclosure.min_people_for_statistic
                } else {
                    0
                }
            )
        } else {
            format!("{}; dashed: 95% limits, dotted: 99.8% limits", cx.quarter)
        };
        // The limits funnels.csv publishes, at the number of people it
        // publishes: the curves join them, so the chart shows nothing the
        // table does not (no limit at a number of people a reader does not
        // have).
        let mut curve: Vec<(f64, [f64; 4])> = projects
            .iter()
            .filter_map(|r| {
                Some((
                    r[n].as_f64()?,
                    [
                        r[lo998].as_f64()?,
                        r[lo95].as_f64()?,
                        r[up95].as_f64()?,
                        r[up998].as_f64()?,
                    ],
                ))
            })
            .collect();
        curve.sort_by(|a, b| a.0.total_cmp(&b.0));
        curve.dedup_by(|a, b| a.0 == b.0);
        out.push(Chart::Funnel(FunnelChart {
            name: format!("funnel-objective-{}", o.id),
            title: format!("Objective {}: {} — projects compared", o.id, o.short),
            subtitle,
            x_label: "People with a paired measure".into(),
            y_label: "People improved (%)".into(),
            counting: "people".into(),
            pooled,
            limits: curve,
            points,
        }));
    }
    out
}

/// (key, value) of a money column of per-unit rows, rows without a shown
/// value left out, lowest first.
fn ranked(t: &Table, key: Column, value: Column) -> Vec<(String, f64)> {
    let (k, v) = (col(t, key), col(t, value));
    let mut rows: Vec<(String, f64)> = t
        .rows
        .iter()
        .map(|r| (t.cell(r, k, ""), r))
        .filter_map(|(k, r)| Some((k, r[v].as_f64()?)))
        .collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    rows
}

fn money_bars(rows: &[(String, f64)]) -> Vec<Bar> {
    rows.iter()
        .map(|(k, v)| Bar {
            label: k.clone(),
            value: Some(*v),
            note: super::numbers::money(*v),
            light: false,
        })
        .collect()
}

/// More bars than this do not fit a printed page or a reader's eye: a
/// chart by project shows areas instead (the projects stay in the tables).
pub const MAX_BARS: usize = 30;

/// The rows of a VfM units table a chart shows, with the word for them:
/// its projects, or its areas when the projects would be too many bars.
fn units_shown(t: &Table, value: Column) -> (Vec<(String, f64)>, &'static str, String) {
    let projects = ranked(&t.rows_where(LEVEL, &["project"]), KEY, value);
    if projects.len() <= MAX_BARS {
        return (projects, "project", "projects with figures shown".into());
    }
    let areas = ranked(&t.rows_where(LEVEL, &["area"]), NAME, value);
    let why = format!(
        "by area: {} projects are too many to read as bars (each is in tables/vfm.csv)",
        projects.len()
    );
    (areas, "area", why)
}

/// Value for money: cost per outcome by project (or area), lowest first.
fn cost_per_outcome(t: &Table, cx: &Ctx) -> Chart {
    let (rows, unit, shown) = units_shown(t, COST_PER_OUTCOME_GBP);
    let max = rows.iter().map(|r| r.1).fold(1.0, f64::max) * 1.25;
    Chart::Bar(BarChart {
        name: "cost-per-outcome".into(),
        title: format!("Cost per person with a meaningful improvement, by {unit}"),
        subtitle: format!("{}; lowest first; {shown}", cx.quarter),
        x_label: "£ per outcome".into(),
        x_max: max,
        bars: money_bars(&rows),
        reference: None,
    })
}

/// Cost per WELLBY by project (or area) against the WELLBY value (Green
/// Book).
fn cost_per_wellby(t: &Table, cx: &Ctx, wellby_value: f64) -> Option<Chart> {
    let (rows, unit, shown) = units_shown(t, COST_PER_WELLBY_GBP);
    if rows.is_empty() {
        return None;
    }
    let max = rows.iter().map(|r| r.1).fold(wellby_value, f64::max) * 1.25;
    let shown = if unit == "area" {
        format!("; {shown}")
    } else {
        String::new()
    };
    Some(Chart::Bar(BarChart {
        name: "cost-per-wellby".into(),
        title: format!("Cost per WELLBY by {unit}, against the value of a WELLBY"),
        subtitle: format!(
            "{}; a bar short of the line costs less than the wellbeing it adds{shown}",
            cx.quarter
        ),
        x_label: "£ per WELLBY".into(),
        x_max: max,
        bars: money_bars(&rows),
        reference: Some((
            wellby_value,
            format!("WELLBY value {}", super::numbers::money(wellby_value)),
        )),
    }))
}

/// A chart with its SVG text (kept for inlining in an HTML page) and PNG.
pub type Rendered = (Chart, String, Vec<u8>);

/// Renders each chart (in parallel) to SVG and PNG, in the charts' order.
pub fn render(charts: Vec<Chart>) -> Result<Vec<Rendered>, crate::chart::ChartError> {
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
pub fn artefacts(rendered: Vec<Rendered>, out: &mut Vec<Artefact>) -> Vec<(Chart, String)> {
    let mut charts = Vec::with_capacity(rendered.len());
    for (chart, svg, png) in rendered {
        out.push(Artefact::new(
            format!("charts/{}.svg", chart.name()),
            svg.clone().into_bytes(),
        ));
        out.push(Artefact::new(format!("charts/{}.png", chart.name()), png));
        charts.push((chart, svg));
    }
    charts
}

//! The charts of a report, built from the published (already disclosed)
//! tables, so a chart never shows what a table withholds: no point, bar or
//! rate rests on fewer people than the disclosure minimum.

use super::chart::{Bar, BarChart, Chart, FunnelChart, LineChart, Series};
use super::table::{self, PubTable, Val};
use crate::aggregate::{ALL_AREAS, Tables};
use crate::config::Config;

pub struct ChartInput<'a> {
    pub config: &'a Config,
    pub tables: &'a Tables,
    pub objectives: &'a PubTable,
    pub trends: &'a PubTable,
    /// All projects pooled, per measure (already disclosed).
    pub measures: &'a PubTable,
    pub vfm: &'a PubTable,
    pub effectiveness: &'a PubTable,
    /// Results by organisation type (already disclosed).
    pub org_types: &'a PubTable,
    /// WELLBY value (central) in the report price year.
    pub wellby_value: f64,
    /// Fewest people a chart point may rest on (0 in the exact edition).
    pub min_people: u64,
}

/// Every chart of the report, in the order the report shows them.
pub fn all(i: &ChartInput) -> Vec<Chart> {
    let mut out = vec![
        objectives(i.objectives, i.tables, i.config),
        distance(i),
        trends(i),
    ];
    out.extend(funnels(i));
    out.push(cost_per_outcome(i));
    if let Some(c) = cost_per_wellby(i) {
        out.push(c);
    }
    out.push(org_types(i));
    out
}

/// Share of people with a meaningful improvement by organisation type,
/// from the (already disclosed) org_types table; the total row is the
/// reference line.
fn org_types(i: &ChartInput) -> Chart {
    let t = i.org_types;
    let symbol = i.config.disclosure.symbol.as_str();
    let (key, people, rate) = (
        col(t, "organisation_type"),
        col(t, "n_people_paired"),
        col(t, "rate_outcome"),
    );
    let mut bars = Vec::new();
    let mut reference = None;
    for r in &t.rows {
        let value = r[rate].as_f64().map(|x| x * 100.0);
        let label = r[key].render(symbol);
        if label == crate::aggregate::ALL_TYPES {
            reference = value.map(|v| (v, format!("all types {}%", table::format_fixed(v, 0))));
            continue;
        }
        let n = r[people].render(symbol);
        let note = match value {
            Some(p) => format!("{}% of {} people", table::format_fixed(p, 0), n),
            None if r[rate] == Val::Suppressed => format!(
                "withheld: fewer than {} people (n = {n})",
                i.config.disclosure.min_people_for_statistic
            ),
            None => "no paired measures".to_string(),
        };
        bars.push(Bar {
            label,
            value,
            note,
            light: false,
        });
    }
    Chart::Bar(BarChart {
        name: "org-types".into(),
        title: "People with a meaningful improvement, by type of organisation".into(),
        subtitle: format!(
            "{}; a person counts once however many measures; line: all types",
            i.tables.quarter
        ),
        x_label: "People improved (% of people with a paired measure)".into(),
        x_max: 100.0,
        bars,
        reference,
    })
}

fn col(t: &PubTable, name: &str) -> usize {
    t.col(name)
        .unwrap_or_else(|| panic!("{} has no column {name}", t.name))
}

/// The objectives chart: share of people improved per objective, all areas,
/// from the (already disclosed) objectives table.
fn objectives(objectives: &PubTable, t: &Tables, config: &Config) -> Chart {
    let symbol = config.disclosure.symbol.as_str();
    let col = |n: &str| objectives.col(n).expect("objectives table has its columns");
    let (area, obj, name, people, rate) = (
        col("area"),
        col("objective"),
        col("objective_name"),
        col("n_people"),
        col("rate_improved"),
    );
    let bars = objectives
        .rows
        .iter()
        .filter(|r| r[area] == Val::Text(ALL_AREAS.to_string()))
        .map(|r| {
            let n = r[people].render(symbol);
            let value = r[rate].as_f64().map(|x| x * 100.0);
            let note = match value {
                Some(p) => format!("{}% of {} people", table::format_fixed(p, 0), n),
                None if r[rate] == Val::Suppressed => {
                    format!("withheld: fewer than 8 people (n = {n})")
                }
                None => "no paired measures".to_string(),
            };
            // Short names fit the axis; the full names are in the table.
            let id = r[obj].render(symbol);
            let short = id
                .parse::<u8>()
                .ok()
                .and_then(|k| config.objective(k))
                .map_or_else(|| r[name].render(symbol), |o| o.short.clone());
            Bar {
                label: format!("{id}. {short}"),
                value,
                note,
                light: false,
            }
        })
        .collect();
    Chart::Bar(BarChart {
        name: "objectives".into(),
        title: "People with a meaningful improvement, by objective".into(),
        subtitle: format!(
            "{}, all areas; a person counts once per objective",
            t.quarter
        ),
        x_label: "People improved (% of people with a paired measure)".into(),
        x_max: 100.0,
        bars,
        reference: None,
    })
}

/// Distance travelled: mean baseline and follow-up per measure, all
/// projects, as a share of each scale's range so scales sit side by side.
fn distance(i: &ChartInput) -> Chart {
    let t = i.measures;
    let symbol = i.config.disclosure.symbol.as_str();
    let (measure, n, base, follow) = (
        col(t, "measure"),
        col(t, "n_paired"),
        col(t, "mean_baseline"),
        col(t, "mean_followup"),
    );
    let mut bars = Vec::new();
    for r in &t.rows {
        let id = r[measure].render(symbol);
        let Some(spec) = i.config.measure_by_id(&id) else {
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
        let fmt = |v: &Val| {
            v.as_f64()
                .map_or("–".to_string(), |v| table::format_fixed(v, 1))
        };
        let note = if r[follow].as_f64().is_some() {
            // n as the table publishes it (rounded in the published edition).
            format!(
                "{} → {} (n = {}, {direction})",
                fmt(&r[base]),
                fmt(&r[follow]),
                r[n].render(symbol)
            )
        } else {
            format!(
                "withheld: fewer than {} people",
                i.config.disclosure.min_people_for_statistic
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
    Chart::Bar(BarChart {
        name: "distance".into(),
        title: "Distance travelled: average scores at the start and at follow-up".into(),
        subtitle: format!(
            "{}, all projects, people with both scores; light bar = start",
            i.tables.quarter
        ),
        x_label: "Average score (% of the scale's range)".into(),
        x_max: 100.0,
        bars,
        reference: None,
    })
}

/// Quarterly trend of the share improved per objective, all areas.
fn trends(i: &ChartInput) -> Chart {
    let t = i.trends;
    let (q, area, obj, rate) = (
        col(t, "quarter"),
        col(t, "area"),
        col(t, "objective"),
        col(t, "rate_improved"),
    );
    let mut quarters: Vec<String> = Vec::new();
    for r in &t.rows {
        let label = r[q].render("");
        if !quarters.contains(&label) {
            quarters.push(label);
        }
    }
    let mut series = Vec::new();
    for o in &i.config.objectives {
        let points: Vec<(usize, f64)> = t
            .rows
            .iter()
            .filter(|r| {
                r[area] == Val::Text(ALL_AREAS.into()) && r[obj] == Val::Text(o.id.to_string())
            })
            .filter_map(|r| {
                let x = quarters.iter().position(|qq| *qq == r[q].render(""))?;
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

/// A funnel plot per objective with people: each project's improvement rate
/// against its number of people, limits around the pooled (All areas) rate.
fn funnels(i: &ChartInput) -> Vec<Chart> {
    let mut out = Vec::new();
    for o in &i.config.objectives {
        let rows: Vec<_> = i
            .tables
            .project_objectives
            .iter()
            .filter(|r| r.objective == o.id)
            .collect();
        // The pooled rate is the All-areas rate of the aggregate stage,
        // drawn only where objectives.csv shows it: a funnel around a rate
        // from fewer people than the minimum would give that rate away.
        let Some(pooled) = i
            .tables
            .objectives
            .iter()
            .find(|r| r.area == ALL_AREAS && r.objective == o.id)
            .filter(|r| r.n_people >= i.min_people)
            .and_then(|r| r.rate_improved)
        else {
            continue;
        };
        let published = i.min_people > 0;
        let mut shown: Vec<_> = rows
            .iter()
            .filter(|r| r.n_people >= i.min_people.max(1))
            .collect();
        // Secondary suppression, as in the tables: with one project hidden,
        // the pooled rate and the others would give it away, so the
        // smallest shown project is hidden too.
        if published && rows.len() - shown.len() == 1 && !shown.is_empty() {
            let smallest = (0..shown.len())
                .min_by_key(|&k| (shown[k].n_people, shown[k].project_id.clone()))
                .unwrap_or(0);
            shown.remove(smallest);
        }
        let hidden = rows.len() - shown.len();
        let subtitle = if hidden > 0 {
            format!(
                "{}; {hidden} project(s) not shown (fewer than {} people, or hidden so that one cannot be worked out from the rest)",
                i.tables.quarter, i.min_people
            )
        } else {
            format!(
                "{}; dashed: 95% limits, dotted: 99.8% limits",
                i.tables.quarter
            )
        };
        let d = &i.config.disclosure;
        let n_shown = |n: u64| {
            if published {
                super::disclosure::disclose(&Val::count(n), d).render(&d.symbol)
            } else {
                n.to_string()
            }
        };
        out.push(Chart::Funnel(FunnelChart {
            name: format!("funnel-objective-{}", o.id),
            title: format!("Objective {}: {} — projects compared", o.id, o.short),
            subtitle,
            x_label: "People with a paired measure".into(),
            y_label: "People improved (%)".into(),
            pooled,
            points: shown
                .iter()
                .map(|r| {
                    (
                        r.project_id.clone(),
                        r.n_people as f64,
                        r.rate_improved,
                        n_shown(r.n_people),
                    )
                })
                .collect(),
        }));
    }
    out
}

/// Ranked bars of a money column of per-project rows, with an optional
/// reference line.
fn ranked(t: &PubTable, key: &str, value: &str, skip: &str) -> Vec<(String, f64)> {
    let (k, v) = (col(t, key), col(t, value));
    let mut rows: Vec<(String, f64)> = t
        .rows
        .iter()
        .filter(|r| r[k].render("") != skip)
        .filter_map(|r| Some((r[k].render(""), r[v].as_f64()?)))
        .collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    rows
}

fn money_bars(rows: &[(String, f64)]) -> Vec<Bar> {
    rows.iter()
        .map(|(k, v)| Bar {
            label: k.clone(),
            value: Some(*v),
            note: format!("£{}", table::format_fixed(*v, 0)),
            light: false,
        })
        .collect()
}

/// Value for money: cost per outcome by project, lowest first.
fn cost_per_outcome(i: &ChartInput) -> Chart {
    let rows = ranked(
        i.vfm,
        "project_id",
        "cost_per_outcome",
        crate::aggregate::TOTAL,
    );
    let max = rows.iter().map(|r| r.1).fold(1.0, f64::max) * 1.25;
    Chart::Bar(BarChart {
        name: "cost-per-outcome".into(),
        title: "Cost per person with a meaningful improvement, by project".into(),
        subtitle: format!(
            "{}; lowest first; projects with figures shown",
            i.tables.quarter
        ),
        x_label: "£ per outcome".into(),
        x_max: max,
        bars: money_bars(&rows),
        reference: None,
    })
}

/// Cost per WELLBY by project against the WELLBY value (Green Book).
fn cost_per_wellby(i: &ChartInput) -> Option<Chart> {
    let projects = i.effectiveness.rows_where("level", &["project"]);
    let rows = ranked(&projects, "key", "cost_per_wellby_gbp", "");
    if rows.is_empty() {
        return None;
    }
    let max = rows.iter().map(|r| r.1).fold(i.wellby_value, f64::max) * 1.25;
    Some(Chart::Bar(BarChart {
        name: "cost-per-wellby".into(),
        title: "Cost per WELLBY by project, against the value of a WELLBY".into(),
        subtitle: format!(
            "{}; a bar short of the line costs less than the wellbeing it adds",
            i.tables.quarter
        ),
        x_label: "£ per WELLBY".into(),
        x_max: max,
        bars: money_bars(&rows),
        reference: Some((
            i.wellby_value,
            format!("WELLBY value £{}", table::format_fixed(i.wellby_value, 0)),
        )),
    }))
}

/// The charts of an evidence pack: objectives, distance travelled and the
/// quarterly trend, subtitled with what the pack covers (`scope`) instead
/// of a single quarter.
pub fn pack(i: &ChartInput, scope: &str) -> Vec<Chart> {
    let mut out = vec![
        objectives(i.objectives, i.tables, i.config),
        distance(i),
        trends(i),
    ];
    for c in &mut out {
        match c {
            Chart::Bar(b) if b.name == "objectives" => {
                b.subtitle = format!("{scope}; a person counts once per objective over the period")
            }
            Chart::Bar(b) => {
                b.subtitle = format!("{scope}; people with both scores; light bar = start")
            }
            Chart::Line(l) => {
                l.subtitle = format!("{scope}; quarter by quarter, figures from 8 people or more")
            }
            Chart::Funnel(_) => {}
        }
    }
    // A pack about one objective may have no measure or trend to draw.
    out.retain(|c| match c {
        Chart::Bar(b) => !b.bars.is_empty(),
        Chart::Line(l) => !l.series.is_empty(),
        Chart::Funnel(_) => true,
    });
    out
}

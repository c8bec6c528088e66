//! The synthetic programme as plain sheets of cells (no file formats here).

use super::Spec;
use crate::contract::spec::{self, SheetSpec};
use crate::core::Quarter;
use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A cell of a synthetic sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A spreadsheet error value such as `#DIV/0!` (a formula's cached
    /// result in xlsx; the text itself in ODS and CSV).
    Error(String),
    Empty,
}

/// A sheet: a header row and data rows (the About sheet is Field | Value).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// A title row above the header, as real templates have.
    pub title: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Blank rows and columns before the table, as hand-made sheets have.
    pub offset: (u32, u16),
}

/// How a return is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Ods,
    CsvFolder,
}

/// One project's return for one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthReturn {
    pub project_id: String,
    pub quarter: Quarter,
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

const AREAS: &[&str] = &["Manchester", "Salford", "Stockport"];

const ORGS: &[(&str, &str)] = &[
    ("Ancoats Community Hub", "community group"),
    ("Irwell Peer Network", "peer-support group"),
    ("Hazel Grove Men's Shed", "community group"),
    ("Moss Side Voices", "user-led organisation"),
    ("Eccles Arts Collective", "charity"),
    ("Reddish Green Spaces", "charity"),
    ("Levenshulme Listening Post", "peer-support group"),
    ("Ordsall Wellbeing Trust", "charity"),
    ("Heaton Moor Walkers", "community group"),
    ("Cheetham Hill Befrienders", "charity"),
    ("Swinton Sound & Song", "social enterprise / CIC"),
    ("Edgeley Allotment Society", "community group"),
    ("Hulme Horizons", "user-led organisation"),
    ("Walkden Kitchen Table", "community group"),
    ("Bramhall Bridges", "charity"),
    ("Gorton Grow", "social enterprise / CIC"),
    ("Pendleton Pals", "peer-support group"),
    ("Marple Makers", "community group"),
];

/// Social-enterprise suppliers and the activity types they sell.
const SUPPLIERS: &[(&str, &str, &str)] = &[
    (
        "Canal Street Creative CIC",
        "creative arts",
        "Art for wellbeing",
    ),
    (
        "Green Shoots Growing CIC",
        "green care",
        "Community gardening",
    ),
    (
        "Stride Out Social Enterprise",
        "physical activity",
        "Walking group",
    ),
    ("Talk Together CIC", "peer support", "Peer support circle"),
    ("Shed Works CIC", "men's shed", "Men's shed workshop"),
    (
        "Open Door Befriending CIC",
        "befriending",
        "Telephone befriending",
    ),
    (
        "Next Step Skills CIC",
        "employment and skills",
        "Work-ready course",
    ),
    (
        "Bridge Link Prescribing CIC",
        "social prescribing",
        "Link worker sessions",
    ),
    ("Voices Advocacy CIC", "advocacy", "Advocacy drop-in"),
    (
        "Mind the Gap Training CIC",
        "anti-stigma",
        "Anti-stigma workshop",
    ),
];

/// Measure sets a project uses: wellbeing, clinical and social.
const MEASURE_SETS: &[&[&str]] = &[
    &["WEMWBS"],
    &["SWEMWBS"],
    &["SWEMWBS", "ONS4-LS", "ONS4-WW", "ONS4-HAP", "ONS4-ANX"],
    &["PHQ-9", "GAD-7"],
    &["WEMWBS", "UCLA-3"],
    &["SWEMWBS", "UCLA-3", "ONS4-LS"],
];

const STORY_TITLES: &[&str] = &[
    "Finding my feet again",
    "A reason to get up on Tuesdays",
    "From the allotment gate to the committee",
    "Not on my own any more",
];

fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    // Box–Muller; u1 in (0, 1] so ln is finite.
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(v: f64) -> Cell {
    Cell::Number(v)
}

fn day(q: Quarter, offset: u64) -> NaiveDate {
    q.start()
        .checked_add_days(Days::new(offset))
        .unwrap_or(q.start())
}

/// A synthetic baseline and change for a measure: (range, baseline mean,
/// sd, mean change in the better direction, sd of change).
fn score_model(measure: &str) -> ((f64, f64), f64, f64, f64, f64) {
    match measure {
        "WEMWBS" => ((14.0, 70.0), 40.0, 8.0, 4.0, 6.0),
        "SWEMWBS" => ((7.0, 35.0), 19.0, 4.0, 2.0, 3.0),
        "ONS4-LS" | "ONS4-WW" | "ONS4-HAP" => ((0.0, 10.0), 5.0, 2.0, 0.7, 1.6),
        "ONS4-ANX" => ((0.0, 10.0), 6.0, 2.0, -1.0, 1.8),
        "UCLA-3" => ((3.0, 9.0), 7.0, 1.4, -1.0, 1.3),
        "PHQ-9" => ((0.0, 27.0), 13.0, 5.0, -4.0, 4.5),
        "GAD-7" => ((0.0, 21.0), 11.0, 4.5, -3.5, 4.0),
        // The anxiety-disorder-specific measures, at roughly the severity
        // of people starting NHS Talking Therapies.
        "SPIN" => ((0.0, 68.0), 34.0, 12.0, -9.0, 10.0),
        "IES-R" => ((0.0, 88.0), 45.0, 15.0, -11.0, 12.0),
        "MI" => ((1.0, 5.0), 2.8, 0.8, -0.6, 0.6),
        "OCI" => ((0.0, 168.0), 60.0, 25.0, -18.0, 20.0),
        "PDSS" => ((0.0, 28.0), 13.0, 5.0, -4.5, 4.5),
        "HAI" => ((0.0, 54.0), 25.0, 8.0, -6.0, 6.0),
        _ => ((0.0, 10.0), 5.0, 1.0, 0.0, 1.0),
    }
}

struct Project {
    /// Seeds the draws added after the first fixtures were made (sessions,
    /// problem descriptors, anxiety-disorder measures), drawn from a
    /// stream of their own so that every earlier draw, and so every
    /// earlier score, stays as it was.
    more_seed: u64,
    /// Whether the project fills in Sessions attended (most do).
    records_sessions: bool,
    /// Over a year (`synth --year`), whether its People sheet lists
    /// everyone who took part, its Participants adding up to the people
    /// listed, so the year counts each once (every fourth project). A
    /// quarter's corpus leaves Participants as drawn.
    lists_everyone: bool,
    id: String,
    name: String,
    org_type: &'static str,
    area: &'static str,
    format: Format,
    suppliers: Vec<usize>,
    measures: &'static [&'static str],
    size: usize,
    counts: bool,
}

/// The whole programme: one return per project per quarter.
pub fn programme(spec: &Spec) -> Vec<SynthReturn> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let projects: Vec<Project> = (0..spec.projects)
        .map(|i| {
            let area = AREAS[i % AREAS.len()];
            let (org, org_type) = ORGS[i % ORGS.len()];
            let round = i / ORGS.len();
            let name = if round == 0 {
                org.to_string()
            } else {
                format!("{org} {}", round + 1)
            };
            let n_sup = rng.random_range(1..=3);
            let mut suppliers: Vec<usize> = Vec::new();
            while suppliers.len() < n_sup {
                let s = rng.random_range(0..SUPPLIERS.len());
                if !suppliers.contains(&s) {
                    suppliers.push(s);
                }
            }
            let more_seed = spec.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((i as u64) << 24);
            Project {
                more_seed,
                records_sessions: ChaCha8Rng::seed_from_u64(more_seed).random_bool(0.75),
                lists_everyone: i % 4 == 1,
                id: format!("PP-{}-{:02}", &area[..3].to_uppercase(), i + 1),
                name,
                org_type,
                area,
                format: match i % 7 {
                    5 => Format::Ods,
                    6 => Format::CsvFolder,
                    _ => Format::Xlsx,
                },
                suppliers,
                measures: MEASURE_SETS[rng.random_range(0..MEASURE_SETS.len())],
                size: rng.random_range(spec.people.0..=spec.people.1),
                counts: rng.random_bool(0.6),
            }
        })
        .collect();

    let mut out = Vec::new();
    let mut q = spec.first;
    let last = projects.len().saturating_sub(1);
    let cohorts: Vec<Vec<Course>> = if spec.continuing {
        projects.iter().map(|p| courses(p, spec.quarters)).collect()
    } else {
        Vec::new()
    };
    for i in 0..spec.quarters {
        for (k, p) in projects.iter().enumerate() {
            let Some(cohort) = cohorts.get(k) else {
                out.push(one_return(p, q, &mut rng, None));
                continue;
            };
            // The last project joins in the third quarter; the fourth
            // misses the second (its people carry on in the third).
            let joins_late = k == last && k > 0 && i < 2;
            let misses = k == 3 && k < last && i == 1;
            if !(joins_late || misses) {
                out.push(one_return(p, q, &mut rng, Some((cohort, i))));
            }
        }
        q = q.next();
    }
    out
}

/// One person's course in a year's programme: when they start, their
/// sessions to date at the end of each quarter, their baseline and the
/// quarters their follow-ups fall in.
#[derive(Debug, Clone)]
struct Course {
    reference: String,
    start: usize,
    /// The quarters the person is in (from `start`), with sessions to date.
    sessions: Vec<u32>,
    /// Follow-ups, as (quarter index, change drawn per measure).
    followups: Vec<usize>,
    baseline_day: u64,
    seed: u64,
}

/// Every person a project works with over `quarters` quarters: about half
/// its size start each quarter. One in ten come once and stop; the rest
/// are followed up in the quarter they start, the next or the one after,
/// and one in five of those is measured again two quarters later.
fn courses(p: &Project, quarters: usize) -> Vec<Course> {
    let mut rng = ChaCha8Rng::seed_from_u64(p.more_seed ^ 0x5EA5_0115);
    let mut out = Vec::new();
    for start in 0..quarters {
        for k in 0..p.size.div_ceil(2) {
            let stops = rng.random_bool(0.1);
            let wait = [0usize, 1, 1, 2][rng.random_range(0..4)];
            let first = (start + wait).min(quarters - 1);
            let mut followups = if stops { Vec::new() } else { vec![first] };
            if !stops && first + 2 < quarters && rng.random_bool(0.2) {
                followups.push(first + 2);
            }
            let end = followups.last().copied().unwrap_or(start);
            let mut to_date = 0;
            let sessions = (start..=end)
                .map(|_| {
                    to_date += if stops { 1 } else { rng.random_range(2..=6) };
                    to_date
                })
                .collect();
            out.push(Course {
                reference: format!("Y{}-{:03}", start + 1, k + 1),
                start,
                sessions,
                followups,
                baseline_day: rng.random_range(0..30),
                seed: rng.random(),
            });
        }
    }
    out
}

/// A data sheet of the contract: its name and headers from
/// `contract::spec` (money headers with their unit, "Cost (£)", as
/// projects type them), and rows in the spec's column order. Rows may
/// stop short of the spec's last (optional) columns, as many returns do:
/// the header then stops there too.
fn data_sheet(spec: &SheetSpec, rows: Vec<Vec<Cell>>) -> Sheet {
    let width = rows.first().map_or(spec.columns.len(), Vec::len);
    debug_assert!(rows.iter().all(|r| r.len() == width) && width <= spec.columns.len());
    Sheet {
        name: spec.name.into(),
        title: None,
        offset: (0, 0),
        header: spec.columns[..width]
            .iter()
            .map(|c| c.header_with_unit())
            .collect(),
        rows,
    }
}

/// Draws in one fixed order (activities, people and outcomes, counts,
/// stories), so a seed always gives the same returns.
fn one_return(
    p: &Project,
    q: Quarter,
    rng: &mut ChaCha8Rng,
    year: Option<(&[Course], usize)>,
) -> SynthReturn {
    let (mut activities, activity_ids) = activities(p, rng);
    let (people, outcomes) = match year {
        None => people_and_outcomes(p, q, &activity_ids, rng),
        Some((cohort, i)) => continuing(p, q, i, cohort, &activity_ids),
    };
    if year.is_some() && p.lists_everyone {
        everyone_listed(&mut activities, people.len());
    }
    let mut sheets = vec![
        about(p, q),
        data_sheet(&spec::ACTIVITIES, activities),
        data_sheet(&spec::PEOPLE, people),
        data_sheet(&spec::OUTCOMES, outcomes),
    ];
    if p.counts {
        sheets.push(data_sheet(&spec::COUNTS, counts(&activity_ids, rng)));
    }
    sheets.push(data_sheet(&spec::STORIES, stories(p, &activity_ids, rng)));
    SynthReturn {
        project_id: p.id.clone(),
        quarter: q,
        format: p.format,
        sheets,
    }
}

/// Shares `listed` people out as the activities' Participants (the first
/// activities take one more when they do not divide evenly), so that they
/// add up to the People sheet; Attendances are at least Participants.
fn everyone_listed(activities: &mut [Vec<Cell>], listed: usize) {
    let column = |name: &str| {
        spec::ACTIVITIES
            .columns
            .iter()
            .position(|c| c.header == name)
            .expect("a column of the Activities sheet")
    };
    let (participants, attendances) = (column("Participants"), column("Attendances"));
    let n = activities.len().max(1);
    for (k, row) in activities.iter_mut().enumerate() {
        let share = listed / n + usize::from(k < listed % n);
        row[participants] = num(share as f64);
        if let Cell::Number(a) = row[attendances] {
            row[attendances] = num(a.max(share as f64));
        }
    }
}

/// The About sheet: the contract's fields in order, each with the
/// project's value (Contact email left out: it is optional and private).
fn about(p: &Project, q: Quarter) -> Sheet {
    let submitted = q.end().checked_add_days(Days::new(14)).unwrap_or(q.end());
    let value = |field: &str| match field {
        "Project ID" => Some(text(&p.id)),
        "Project name" | "Organisation" => Some(text(&p.name)),
        "Organisation type" => Some(text(p.org_type)),
        "Area" => Some(text(p.area)),
        "Commissioner" => Some(text("Pockets & Prospects programme (synthetic)")),
        "Quarter" => Some(text(q.to_string())),
        "Template version" => Some(num(1.0)),
        "Submission date" => Some(Cell::Date(submitted)),
        _ => None,
    };
    Sheet {
        name: spec::ABOUT_SHEET[0].into(),
        title: Some(format!("Quarterly return – {}", p.name)),
        offset: (0, 0),
        header: spec::ABOUT_HEADER.map(String::from).to_vec(),
        rows: spec::ABOUT_FIELDS
            .iter()
            .filter_map(|f| Some(vec![text(f.header), value(f.header)?]))
            .collect(),
    }
}

/// One activity per supplier the project buys from; returns the rows and
/// the activities' ids.
fn activities(p: &Project, rng: &mut ChaCha8Rng) -> (Vec<Vec<Cell>>, Vec<String>) {
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    let people_per = (p.size / p.suppliers.len()).max(3);
    for (k, &s) in p.suppliers.iter().enumerate() {
        let (supplier, kind, label) = SUPPLIERS[s];
        let id = format!("A{}", k + 1);
        let sessions = rng.random_range(6..=13) as f64;
        let hours_per = [1.5, 2.0, 2.5, 3.0][rng.random_range(0..4)];
        let participants = (people_per + rng.random_range(0..6)) as f64;
        let attendances = (participants * rng.random_range(3.0..8.0)).round();
        // Cost per session £80–£260, whole pounds and pence.
        let cost = (sessions * rng.random_range(80.0..260.0) * 100.0).round() / 100.0;
        let in_kind = if rng.random_bool(0.5) {
            rng.random_range(50.0f64..600.0).round()
        } else {
            0.0
        };
        rows.push(vec![
            text(&id),
            text(label),
            text(kind),
            text(supplier),
            num(sessions),
            num(sessions * hours_per),
            num(participants),
            num(attendances),
            num(cost),
            if in_kind > 0.0 {
                num(in_kind)
            } else {
                Cell::Empty
            },
            num((sessions * rng.random_range(2.0..8.0)).round()),
        ]);
        ids.push(id);
    }
    (rows, ids)
}

/// The People rows, and every person's Outcomes rows (one per measure the
/// project uses; four in five people followed up). Projects scoring PHQ-9
/// give each person a problem descriptor, and three in four of those whose
/// descriptor names an anxiety-disorder-specific measure are scored on it
/// too (the rest fall back to GAD-7); most projects record sessions
/// attended, about one person in ten coming once.
fn people_and_outcomes(
    p: &Project,
    q: Quarter,
    activity_ids: &[String],
    rng: &mut ChaCha8Rng,
) -> (Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    let mut people = Vec::new();
    let mut outcomes = Vec::new();
    let qcode = format!("{}{}", q.year % 100, q.q);
    let mut more = ChaCha8Rng::seed_from_u64(p.more_seed ^ (q.year as u64 * 4 + q.q as u64));
    let clinical = p.measures.contains(&"PHQ-9");
    for k in 0..p.size {
        let pref = format!("P{qcode}-{:03}", k + 1);
        let mut row = person(&pref, rng);
        let (sessions, descriptor) = course(p, clinical, &mut more);
        row.push(sessions);
        row.push(descriptor.map_or(Cell::Empty, |(d, _)| text(d)));
        people.push(row);
        let activity = &activity_ids[k % activity_ids.len()];
        let baseline_date = day(q, rng.random_range(0..30));
        let followed_up = rng.random_bool(0.8);
        let follow_date = day(q, rng.random_range(60..88));
        let mut score = |m: &str, rng: &mut ChaCha8Rng| {
            let ((lo, hi), mean, sd, change, change_sd) = score_model(m);
            // The Mobility Inventory is a mean item score: one decimal.
            let step = if m == "MI" { 10.0 } else { 1.0 };
            let round = |x: f64| ((x * step).round() / step).clamp(lo, hi);
            let base = round(normal(rng, mean, sd));
            let follow = round(base + normal(rng, change, change_sd));
            let (follow, date) = if followed_up {
                (num(follow), Cell::Date(follow_date))
            } else {
                (Cell::Empty, Cell::Empty)
            };
            outcomes.push(vec![
                text(&pref),
                text(activity),
                text(m),
                num(base),
                Cell::Date(baseline_date),
                follow,
                date,
            ]);
        };
        for m in p.measures {
            score(m, rng);
        }
        if let Some((_, Some(adsm))) = descriptor
            && more.random_bool(0.75)
        {
            score(adsm, &mut more);
        }
    }
    (people, outcomes)
}

/// The People and Outcomes rows of quarter `i` (`q`) in a year's
/// programme: everyone whose course spans it, with sessions to date, the
/// same baseline in every quarter, and the latest follow-up dated by then.
fn continuing(
    p: &Project,
    q: Quarter,
    i: usize,
    cohort: &[Course],
    activity_ids: &[String],
) -> (Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    let mut people = Vec::new();
    let mut outcomes = Vec::new();
    let first = q_minus(q, i);
    for (k, c) in cohort.iter().enumerate() {
        let Some(&to_date) = i.checked_sub(c.start).and_then(|d| c.sessions.get(d)) else {
            continue;
        };
        // The person's own draws, the same in every quarter's return.
        let mut rng = ChaCha8Rng::seed_from_u64(c.seed);
        let mut row = person(&c.reference, &mut rng);
        row.push(if p.records_sessions {
            num(f64::from(to_date))
        } else {
            Cell::Empty
        });
        row.push(Cell::Empty);
        people.push(row);
        let activity = &activity_ids[k % activity_ids.len()];
        let baseline_date = day(nth(first, c.start), c.baseline_day);
        let latest = c.followups.iter().rposition(|&f| f <= i);
        for m in p.measures {
            let ((lo, hi), mean, sd, change, change_sd) = score_model(m);
            let round = |x: f64| x.round().clamp(lo, hi);
            let base = round(normal(&mut rng, mean, sd));
            let mut score = base;
            let mut follow = Vec::new();
            for _ in &c.followups {
                score = round(score + normal(&mut rng, change, change_sd));
                follow.push(score);
            }
            let (fscore, fdate) = match latest {
                Some(n) => (
                    num(follow[n]),
                    Cell::Date(day(nth(first, c.followups[n]), 60 + (k as u64 % 25))),
                ),
                None => (Cell::Empty, Cell::Empty),
            };
            outcomes.push(vec![
                text(&c.reference),
                text(activity),
                text(*m),
                num(base),
                Cell::Date(baseline_date),
                fscore,
                fdate,
            ]);
        }
    }
    (people, outcomes)
}

/// The quarter `n` after `q`.
fn nth(q: Quarter, n: usize) -> Quarter {
    (0..n).fold(q, |q, _| q.next())
}

/// The quarter `n` before `q`.
fn q_minus(q: Quarter, n: usize) -> Quarter {
    (0..n).fold(q, |q, _| q.prev())
}

/// The problem descriptors synth gives people in projects scoring PHQ-9,
/// with the anxiety-disorder-specific measure each names (config
/// `pairing`), and how often each is drawn (in 100).
const DESCRIPTORS: &[(&str, Option<&str>, u32)] = &[
    ("depression", None, 30),
    ("generalised anxiety", None, 18),
    ("mixed anxiety and depression", None, 14),
    ("social anxiety", Some("SPIN"), 10),
    ("PTSD", Some("IES-R"), 7),
    ("panic", Some("PDSS"), 6),
    ("health anxiety", Some("HAI"), 6),
    ("OCD", Some("OCI"), 4),
    ("agoraphobia", Some("MI"), 3),
    ("other", None, 2),
];

/// A person's Sessions attended (empty where the project does not record
/// it) and, in a project scoring PHQ-9, their problem descriptor.
fn course(
    p: &Project,
    clinical: bool,
    more: &mut ChaCha8Rng,
) -> (Cell, Option<(&'static str, Option<&'static str>)>) {
    let sessions = if p.records_sessions {
        num(if more.random_bool(0.1) {
            1.0
        } else {
            more.random_range(2..=12) as f64
        })
    } else {
        Cell::Empty
    };
    let descriptor = clinical.then(|| {
        let mut pick = more.random_range(0..100);
        DESCRIPTORS
            .iter()
            .find(|(_, _, w)| {
                let hit = pick < *w;
                pick = pick.saturating_sub(*w);
                hit
            })
            .map_or(("other", None), |&(d, m, _)| (d, m))
    });
    (sessions, descriptor)
}

/// A People row: equity details drawn at random, some as projects write
/// them rather than as the contract lists them ("Female", "prefer not to
/// say").
fn person(pref: &str, rng: &mut ChaCha8Rng) -> Vec<Cell> {
    let ethnicity = [
        "White",
        "White",
        "White",
        "Asian",
        "Black",
        "Mixed",
        "Other",
        "not known",
    ][rng.random_range(0..8)];
    let age = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"][rng.random_range(0..7)];
    let gender = [
        "woman",
        "man",
        "Female",
        "Male",
        "non-binary",
        "prefer not to say",
    ][rng.random_range(0..6)];
    vec![
        text(pref),
        text(age),
        text(gender),
        text(ethnicity),
        num(rng.random_range(1..=10) as f64),
        text(
            [
                "self",
                "GP/social prescriber",
                "NHS mental health service",
                "voluntary sector",
            ][rng.random_range(0..4)],
        ),
    ]
}

/// The Counts rows: Friends and Family Test, A&E, GP and crisis contacts
/// before and after joining, and volunteering.
fn counts(activity_ids: &[String], rng: &mut ChaCha8Rng) -> Vec<Vec<Cell>> {
    let asked = rng.random_range(8..=30) as f64;
    let positive = (asked * rng.random_range(0.6..1.0)).round();
    let ae_before = rng.random_range(2..=9) as f64;
    let ae_after = (ae_before - rng.random_range(0..=3) as f64).max(0.0);
    let gp_before = rng.random_range(10..=40) as f64;
    let gp_after = (gp_before - rng.random_range(0..=12) as f64).max(0.0);
    let crisis_before = rng.random_range(0..=5) as f64;
    let crisis_after = (crisis_before - rng.random_range(0..=2) as f64).max(0.0);
    let before_after = |indicator: &str, after: f64, before: f64| {
        vec![
            Cell::Empty,
            text(indicator),
            num(after),
            Cell::Empty,
            num(before),
        ]
    };
    vec![
        vec![
            Cell::Empty,
            text("Friends and Family Test positive"),
            num(positive),
            num(asked),
            Cell::Empty,
        ],
        before_after("A&E mental-health attendances", ae_after, ae_before),
        before_after("GP-APPT", gp_after, gp_before),
        before_after("CRISIS-CONTACT", crisis_after, crisis_before),
        vec![
            text(&activity_ids[0]),
            text("EMPLOY-VOL"),
            num(rng.random_range(0..=4) as f64),
            Cell::Empty,
            Cell::Empty,
        ],
    ]
}

/// One story, with consent to publish seven times in ten.
fn stories(p: &Project, activity_ids: &[String], rng: &mut ChaCha8Rng) -> Vec<Vec<Cell>> {
    let consent = if rng.random_bool(0.7) { "Yes" } else { "No" };
    vec![vec![
        text("S1"),
        text(&activity_ids[0]),
        text("1, 2"),
        text(STORY_TITLES[rng.random_range(0..STORY_TITLES.len())]),
        text(format!(
            "A participant (synthetic) joined {} this quarter after a long spell of feeling isolated. \
             They now come every week, help set up, and say they feel more hopeful about the months ahead.",
            p.name
        )),
        text(consent),
    ]]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(seed: u64) -> Spec {
        Spec {
            people: crate::synth::DEFAULT_PEOPLE,
            projects: 15,
            quarters: 2,
            first: Quarter::new(2026, 1).unwrap(),
            seed,
            continuing: false,
        }
    }

    #[test]
    fn same_seed_same_programme_other_seed_different() {
        assert_eq!(programme(&spec(7)), programme(&spec(7)));
        assert_ne!(programme(&spec(7)), programme(&spec(8)));
    }

    #[test]
    fn fifteen_projects_three_areas_two_quarters_mixed_formats() {
        let p = programme(&spec(1));
        // 15 projects × 2 quarters.
        assert_eq!(p.len(), 30);
        let ods = p.iter().filter(|r| r.format == Format::Ods).count();
        let csv = p.iter().filter(|r| r.format == Format::CsvFolder).count();
        // Projects 5 and 12 (i % 7 == 5) are ODS, 6 and 13 CSV, in each quarter.
        assert_eq!((ods, csv), (4, 4));
        let areas: std::collections::BTreeSet<_> =
            p.iter().map(|r| r.project_id[3..6].to_string()).collect();
        assert_eq!(areas.len(), 3);
    }
}

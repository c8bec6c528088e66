//! Choosing the facts an evidence pack is about: a span of quarters, an
//! area, an activity type, a type of organisation. Pure functions on facts, before any group-by.

use std::collections::BTreeSet;

use crate::core::Quarter;
use crate::score::Facts;

/// Which facts to keep. `None` keeps everything on that axis. Areas and
/// activity types match case-insensitively.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    pub from: Option<Quarter>,
    pub to: Option<Quarter>,
    pub area: Option<String>,
    pub activity_type: Option<String>,
    /// Organisation type as the contract spells it (About's Organisation
    /// type), e.g. "user-led organisation".
    pub org_type: Option<String>,
}

impl Selection {
    fn quarter(&self, q: Quarter) -> bool {
        self.from.is_none_or(|f| f <= q) && self.to.is_none_or(|t| q <= t)
    }

    fn area(&self, a: &str) -> bool {
        self.area
            .as_deref()
            .is_none_or(|x| x.eq_ignore_ascii_case(a))
    }

    fn activity_type(&self, t: Option<&str>) -> bool {
        match (&self.activity_type, t) {
            (None, _) => true,
            (Some(x), Some(t)) => x.eq_ignore_ascii_case(t),
            // A Counts row or story not tied to an activity cannot be
            // placed in an activity type, so it is left out of one.
            (Some(_), None) => false,
        }
    }
}

/// The facts within `s`. With an organisation type chosen, only the
/// projects of that type (in each quarter, as their About sheet says) and
/// their facts are kept. With an activity type chosen, a project is kept
/// when it ran that type of activity, and only the people with outcomes
/// from such activities are kept (their clinical results and equity facts too).
pub fn select(f: &Facts, s: &Selection) -> Facts {
    let of_type: BTreeSet<(Quarter, &str)> = f
        .projects
        .iter()
        .filter(|p| {
            s.org_type
                .as_deref()
                .is_none_or(|t| t.eq_ignore_ascii_case(&p.organisation_type))
        })
        .map(|p| (p.quarter, p.project_id.as_str()))
        .collect();
    // Quarter, area and organisation type: every kind of fact has them.
    let within = |q: Quarter, area: &str, project: &str| {
        s.quarter(q) && s.area(area) && of_type.contains(&(q, project))
    };
    let outcomes: Vec<_> = f
        .outcomes
        .iter()
        .filter(|o| within(o.quarter, &o.area, &o.project_id))
        .filter(|o| s.activity_type(Some(&o.activity_type)))
        .cloned()
        .collect();
    let activities: Vec<_> = f
        .activities
        .iter()
        .filter(|a| within(a.quarter, &a.area, &a.project_id))
        .filter(|a| s.activity_type(Some(&a.activity_type)))
        .cloned()
        .collect();
    let by_type = s.activity_type.is_some();
    let people_kept: BTreeSet<(Quarter, &str, u32)> = outcomes
        .iter()
        .map(|o| (o.quarter, o.project_id.as_str(), o.person))
        .collect();
    let projects_kept: BTreeSet<(Quarter, &str)> = activities
        .iter()
        .map(|a| (a.quarter, a.project_id.as_str()))
        .chain(outcomes.iter().map(|o| (o.quarter, o.project_id.as_str())))
        .collect();
    let person_in = |q: Quarter, p: &str, n: u32| !by_type || people_kept.contains(&(q, p, n));
    Facts {
        projects: f
            .projects
            .iter()
            .filter(|p| within(p.quarter, &p.area, &p.project_id))
            .filter(|p| !by_type || projects_kept.contains(&(p.quarter, p.project_id.as_str())))
            .cloned()
            .collect(),
        clinical: f
            .clinical
            .iter()
            .filter(|c| within(c.quarter, &c.area, &c.project_id))
            .filter(|c| person_in(c.quarter, &c.project_id, c.person))
            .cloned()
            .collect(),
        people: f
            .people
            .iter()
            .filter(|p| within(p.quarter, &p.area, &p.project_id))
            .filter(|p| person_in(p.quarter, &p.project_id, p.person))
            .cloned()
            .collect(),
        counts: f
            .counts
            .iter()
            .filter(|c| within(c.quarter, &c.area, &c.project_id))
            .filter(|c| s.activity_type(c.activity_type.as_deref()))
            .cloned()
            .collect(),
        stories: f
            .stories
            .iter()
            .filter(|c| within(c.quarter, &c.area, &c.project_id))
            .filter(|c| s.activity_type(c.activity_type.as_deref()))
            .cloned()
            .collect(),
        outcomes: outcomes.into(),
        activities,
        // A selection feeds a pack, which never writes the dataset.
        pseudonyms: Vec::new(),
        // Worked out when the selection is made a period (score::period).
        participants_once: Default::default(),
    }
}

/// A selection that matched no usable return: what was asked for, and
/// what the returns have instead, so the person can choose again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no usable return matches {what}; {found}")]
pub struct NothingSelected {
    pub what: String,
    pub found: String,
}

impl Selection {
    /// Why `s` chose nothing from `f`: each choice made, beside the values
    /// the returns have for it.
    pub fn nothing_matched(&self, f: &Facts) -> NothingSelected {
        let found = |what: &str, values: BTreeSet<String>| {
            let v: Vec<String> = values.into_iter().collect();
            if v.is_empty() {
                format!("no {what} found")
            } else {
                format!("{what} found: {}", v.join(", "))
            }
        };
        let mut what = Vec::new();
        let mut seen = Vec::new();
        if let Some(a) = &self.area {
            what.push(format!("area '{a}'"));
            seen.push(found(
                "areas",
                f.projects.iter().map(|p| p.area.to_string()).collect(),
            ));
        }
        if let Some(a) = &self.activity_type {
            what.push(format!("activity type '{a}'"));
            let types = f.activities.iter().map(|a| a.activity_type.to_string());
            seen.push(found("activity types", types.collect()));
        }
        if let Some(t) = &self.org_type {
            what.push(format!("organisation type '{t}'"));
            let types = f.projects.iter().map(|p| p.organisation_type.to_string());
            seen.push(found("organisation types", types.collect()));
        }
        if self.from.is_some() || self.to.is_some() {
            what.push("the quarters asked for".to_string());
        }
        let quarters = f.projects.iter().map(|p| p.quarter.to_string());
        seen.push(found("quarters", quarters.collect()));
        NothingSelected {
            what: if what.is_empty() {
                "the paths given".to_string()
            } else {
                what.join(" and ")
            },
            found: seen.join("; "),
        }
    }
}

/// Each project of `f` once, with its latest details (name and area as
/// its last return in the span gives them), by project id.
pub fn latest_projects(f: &Facts) -> Vec<crate::score::ProjectFact> {
    let mut latest = f.projects.clone();
    latest.sort_by(|a, b| (&a.project_id, b.quarter).cmp(&(&b.project_id, a.quarter)));
    latest.dedup_by(|b, a| a.project_id == b.project_id);
    latest
}

/// The stories of `f` (every one has consent to publish: the score stage
/// drops the rest), about `objective` when one is chosen, by quarter,
/// project and story.
pub fn stories(f: &Facts, objective: Option<u8>) -> Vec<crate::score::StoryFact> {
    let mut stories = f.stories.clone();
    if let Some(k) = objective {
        stories.retain(|st| st.objectives.contains(&k));
    }
    stories.sort_by(|a, b| {
        (a.quarter, &a.project_id, &a.story_id).cmp(&(b.quarter, &b.project_id, &b.story_id))
    });
    stories
}

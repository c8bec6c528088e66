//! Two returns for the same project and quarter: the later one counts.
//!
//! "Later" is decided by the return's own Submission date when both have
//! one, else by file modification time, else by file name (the last in
//! order wins). The earlier return stays in validation.json as superseded.

use std::cmp::Ordering;

use super::{Return, ReturnReport, Status};
use crate::core::{Code, Issue};

pub(super) fn resolve(pairs: &mut [(Option<Return>, ReturnReport)]) {
    let live = |p: &(Option<Return>, ReturnReport)| {
        matches!(p.1.status, Status::Accepted | Status::AcceptedWithErrors)
    };
    let mut keys: Vec<(String, super::Quarter)> = pairs
        .iter()
        .filter(|p| live(p))
        .filter_map(|(r, _)| {
            r.as_ref()
                .map(|r| (r.about.project_id.clone(), r.about.quarter))
        })
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let mut group: Vec<usize> = (0..pairs.len())
            .filter(|&i| live(&pairs[i]))
            .filter(|&i| {
                pairs[i]
                    .0
                    .as_ref()
                    .is_some_and(|r| r.about.project_id == key.0 && r.about.quarter == key.1)
            })
            .collect();
        if group.len() < 2 {
            continue;
        }
        group.sort_by(|&a, &b| later_order(&pairs[a].1, &pairs[b].1));
        let winner = *group.last().expect("non-empty group");
        let winner_file = pairs[winner].1.file.clone();
        let reason = reason(&pairs[winner].1, &pairs[group[0]].1);
        for &i in &group[..group.len() - 1] {
            let rep = &mut pairs[i].1;
            rep.status = Status::Superseded;
            rep.issues.push(
                Issue::warning(
                    Code::Superseded,
                    format!("Another return for {} {} ({winner_file}) is later, so this one was not used ({reason}).", key.0, key.1),
                    "Nothing to do if the later return is the right one; otherwise remove it and run again.",
                )
                .in_file(&rep.file),
            );
        }
    }
}

/// Orders two reports from earlier to later.
fn later_order(a: &ReturnReport, b: &ReturnReport) -> Ordering {
    match (a.submitted, b.submitted) {
        (Some(x), Some(y)) if x != y => return x.cmp(&y),
        _ => {}
    }
    match (a.modified, b.modified) {
        (Some(x), Some(y)) if x != y => return x.cmp(&y),
        _ => {}
    }
    a.file.cmp(&b.file)
}

fn reason(winner: &ReturnReport, other: &ReturnReport) -> &'static str {
    if winner.submitted.is_some()
        && other.submitted.is_some()
        && winner.submitted != other.submitted
    {
        "by submission date"
    } else if winner.modified.is_some()
        && other.modified.is_some()
        && winner.modified != other.modified
    {
        "by file modification time"
    } else {
        "by file name order"
    }
}

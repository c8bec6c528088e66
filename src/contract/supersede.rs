//! Two returns for the same project and quarter: the later one counts.
//!
//! "Later" is decided by the return's own Submission date when both have
//! one, else by file modification time, else by file name (the last in
//! order wins). The earlier return stays in validation.json as superseded.

use std::cmp::Ordering;

use std::collections::BTreeMap;

use super::{ForQuarter, ReturnReport, Status};
use crate::core::{Code, Issue};

pub(super) fn resolve<T: ForQuarter>(pairs: &mut [(Option<T>, ReturnReport)]) {
    // The live returns of each project and quarter, found in one pass (a
    // national run has thousands of returns; comparing each key with every
    // return was quadratic).
    let mut groups: BTreeMap<(String, super::Quarter), Vec<usize>> = BTreeMap::new();
    for (i, (r, rep)) in pairs.iter().enumerate() {
        if let Some(r) = r
            && matches!(rep.status, Status::Accepted | Status::AcceptedWithErrors)
        {
            let (project, quarter) = r.project_quarter();
            groups
                .entry((project.to_string(), quarter))
                .or_default()
                .push(i);
        }
    }
    for (key, mut group) in groups {
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

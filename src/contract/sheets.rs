//! The data sheets: every row is read, then accepted or refused with reasons.

use std::collections::{BTreeMap, HashMap};

use super::coerce;
use super::layout::{RowCtx, Table};
use super::privacy::identifier_in;
use super::spec::{self, MAX_STORY_CHARS};
use super::{Activity, CountRecord, FollowUp, OutcomePair, Person, SheetRows, Story};
use crate::config::{Config, IndicatorKind, Measure};
use crate::core::Quarter;
use crate::core::text::{is_key_of, normalise_key};
use crate::core::{Code, Issue};

/// Runs `parse` on every row of the table, keeping accepted records and
/// counting every row.
pub(super) fn each_row<'a, T>(
    table: &Table<'a>,
    issues: &mut Vec<Issue>,
    mut parse: impl FnMut(&mut RowCtx<'_, 'a>) -> Option<T>,
) -> (Vec<T>, SheetRows) {
    let mut out = Vec::new();
    let mut rows = SheetRows::default();
    for row in &table.rows {
        rows.read += 1;
        let mut ctx = RowCtx::new(table, row);
        let parsed = parse(&mut ctx);
        match parsed {
            Some(v) if !ctx.has_errors() => {
                rows.accepted += 1;
                out.push(v);
            }
            _ => {
                rows.refused += 1;
                if !ctx.has_errors() {
                    // A parser that refuses must say why; never drop silently.
                    ctx.error(
                        table.spec.columns[0].header,
                        Code::ValueMissing,
                        "This row could not be read.",
                        "Check every required cell in the row is filled in.",
                    );
                }
            }
        }
        issues.extend(ctx.issues);
    }
    (out, rows)
}

/// A row that is a hand-made total ("Total", "Totals", "Grand total").
fn looks_like_total(ctx: &RowCtx<'_, '_>) -> bool {
    ctx.row.cells.iter().any(|c| match &c.value {
        crate::ingest::Cell::Text(t) => normalise_key(t).contains("total"),
        _ => false,
    })
}

/// The participant reference, refused if it identifies the person.
fn participant_ref(ctx: &mut RowCtx<'_, '_>) -> Option<String> {
    let r = ctx.text("Participant ref")?;
    if let Some(kind) = identifier_in(&r) {
        // Never repeat the value: it would leave the pipeline in the issue.
        ctx.error(
            "Participant ref",
            Code::PrivacyReference,
            format!("Participant ref looks like {}. The row was refused to protect the person's privacy.", kind.describe()),
            "Use a pseudonymous reference that means nothing outside your project, e.g. P-0042, and keep the key to it in your own records.",
        );
        return None;
    }
    Some(r)
}

pub(super) fn activities(table: &Table<'_>, issues: &mut Vec<Issue>) -> (Vec<Activity>, SheetRows) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    each_row(table, issues, |ctx| {
        if ctx.cell("Activity ID").is_none() && looks_like_total(ctx) {
            ctx.error(
                "Activity ID",
                Code::ValueMissing,
                "This looks like a totals row, not an activity.",
                "Delete the totals row: needle adds up the activities itself.",
            );
            return None;
        }
        let id = ctx.text("Activity ID");
        let name = ctx.text("Activity name");
        let activity_type = ctx.activity_type("Activity type");
        let supplier = ctx.text("Supplier");
        let sessions = ctx.count("Sessions", "12", true);
        let hours = ctx.count("Hours", "24", false);
        let participants = ctx.count("Participants", "15", true);
        let attendances = ctx.count("Attendances", "120", true);
        let cost = ctx.count("Cost", "1250", false);
        let in_kind = ctx.count("In-kind value", "300", false);
        let volunteer_hours = ctx.count("Volunteer hours", "40", false);
        if let (Some(a), Some(p)) = (attendances, participants)
            && a < p
        {
            ctx.warn(
                "Attendances",
                Code::AttendancesBelowParticipants,
                format!("Attendances ({a}) is below Participants ({p}); each participant attends at least once."),
                "Check the two numbers: Participants counts different people, Attendances counts every visit.",
            );
        }
        let id = id?;
        let cell = ctx.a1("Activity ID");
        if let Some(first) = seen.get(&normalise_key(&id)) {
            ctx.error(
                "Activity ID",
                Code::ActivityDuplicate,
                format!(
                    "Activity ID '{}' is used twice; the first is at {first}.",
                    coerce::clip(&id)
                ),
                "Give each activity its own ID.",
            );
            return None;
        }
        seen.insert(normalise_key(&id), cell);
        Some(Activity {
            id,
            name: name?,
            activity_type: activity_type?.to_string(),
            supplier,
            sessions: sessions?,
            hours,
            participants: participants?,
            attendances,
            cost: cost?,
            in_kind,
            volunteer_hours,
        })
    })
}

pub(super) fn people(
    table: &Table<'_>,
    config: &Config,
    issues: &mut Vec<Issue>,
) -> (Vec<Person>, SheetRows) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    each_row(table, issues, |ctx| {
        let reference = participant_ref(ctx);
        let age_band = ctx.choice(
            "Age band",
            spec::AGE_BANDS,
            &[
                ("unknown", "not known"),
                ("75 and over", "75+"),
                ("prefer not to say", "not known"),
            ],
        );
        let gender = ctx.text("Gender").map(|g| gender_group(&g).to_string());
        let ethnicity = ctx.choice(
            "Ethnicity",
            spec::ETHNICITY_GROUPS,
            &[
                ("Asian or Asian British", "Asian"),
                ("Black, Black British, Caribbean or African", "Black"),
                ("Black or Black British", "Black"),
                ("Mixed or multiple ethnic groups", "Mixed"),
                ("Other ethnic group", "Other"),
                ("unknown", "not known"),
                ("prefer not to say", "not known"),
            ],
        );
        let imd_decile = ctx.count("IMD decile", "3", true).and_then(|v| {
            if (1.0..=10.0).contains(&v) {
                Some(v as u8)
            } else {
                ctx.error(
                    "IMD decile",
                    Code::OutOfRange,
                    format!("IMD decile is {v}; deciles run from 1 to 10."),
                    "Enter 1 (most deprived) to 10 (least deprived), or leave it empty.",
                );
                None
            }
        });
        let referral_source = ctx.choice(
            "Referral source",
            spec::REFERRAL_SOURCES,
            &[
                ("GP", "GP/social prescriber"),
                ("social prescriber", "GP/social prescriber"),
                ("self-referral", "self"),
                ("self referral", "self"),
                ("charity", "voluntary sector"),
                ("council", "local authority"),
            ],
        );
        let sessions_attended = ctx
            .count("Sessions attended", "6", true)
            .map(|v| v.min(u32::MAX as f64) as u32);
        let problem_descriptor = ctx.text("Problem descriptor").and_then(|t| {
            let found = config.pairing.descriptor(&t).map(|d| d.name.clone());
            if found.is_none() {
                let names: Vec<&str> = config
                    .pairing
                    .descriptors
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect();
                let suggestion = crate::core::text::nearest(&t, names.iter().copied())
                    .map(|n| format!(" Did you mean '{n}'?"))
                    .unwrap_or_default();
                ctx.error(
                    "Problem descriptor",
                    Code::NotAllowed,
                    format!(
                        "Problem descriptor '{}' is not one of the descriptors.{suggestion}",
                        super::coerce::clip(&t)
                    ),
                    format!("Use one of: {}; or leave it empty.", names.join(", ")),
                );
            }
            found
        });
        let reference = reference?;
        let key = reference.to_lowercase();
        if let Some(first) = seen.get(&key) {
            ctx.error(
                "Participant ref",
                Code::DuplicateOutcome,
                format!(
                    "This participant is listed twice on the People sheet; the first is at {first}."
                ),
                "Keep one row per person.",
            );
            return None;
        }
        seen.insert(key, ctx.a1("Participant ref"));
        Some(Person {
            reference,
            age_band: age_band.map(str::to_string),
            gender,
            ethnicity: ethnicity.map(str::to_string),
            imd_decile,
            referral_source: referral_source.map(str::to_string),
            sessions_attended,
            problem_descriptor,
        })
    })
}

/// Groups free-text gender as woman · man · non-binary/other · not known.
pub fn gender_group(g: &str) -> &'static str {
    match normalise_key(g).as_str() {
        "woman" | "female" | "f" | "w" | "girl" | "transwoman" => "woman",
        "man" | "male" | "m" | "boy" | "transman" => "man",
        "" | "notknown" | "unknown" | "prefernottosay" | "notstated" | "notrecorded" => "not known",
        _ => "non-binary/other",
    }
}

pub(super) fn outcomes(
    table: &Table<'_>,
    activity_ids: &[String],
    quarter: Quarter,
    config: &Config,
    issues: &mut Vec<Issue>,
) -> (Vec<OutcomePair>, SheetRows) {
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    let measure_names: Vec<&str> = config.measures.iter().map(|m| m.id.as_str()).collect();
    // A sheet names a few measures on thousands of rows: each spelling is
    // looked up once.
    let mut known: HashMap<String, Option<&Measure>> = HashMap::new();
    each_row(table, issues, |ctx| {
        let reference = participant_ref(ctx);
        let activity_id = activity_ref(ctx, activity_ids, true);
        let mut lookup = |name: &str| match known.get(name) {
            Some(m) => *m,
            None => *known
                .entry(name.to_string())
                .or_insert(config.measure(name)),
        };
        let measure = ctx.text("Measure").and_then(|name| match lookup(&name) {
            Some(m) => Some(m),
            None => {
                let all: Vec<&str> = config.measures.iter().flat_map(|m| m.names()).collect();
                let suggestion = crate::core::text::nearest(&name, all.iter().copied())
                    .and_then(|n| config.measure(n))
                    .map(|m| format!(" Did you mean '{}'?", m.id))
                    .unwrap_or_default();
                ctx.error(
                    "Measure",
                    Code::MeasureUnknown,
                    format!(
                        "Measure '{}' is not a known measure.{suggestion}",
                        coerce::clip(&name)
                    ),
                    format!(
                        "Use one of: {}. A commissioner can add measures in config/measures.toml.",
                        measure_names.join(", ")
                    ),
                );
                None
            }
        });
        let baseline = score(ctx, "Baseline score", measure, true);
        let baseline_date = ctx.date("Baseline date");
        let followup_score = score(ctx, "Follow-up score", measure, false);
        let followup_date = ctx.date("Follow-up date");
        let end = quarter.end();
        if let Some(d) = baseline_date
            && d > end
        {
            ctx.error("Baseline date", Code::DateAfterQuarter, format!("Baseline date {} is after the end of the quarter ({}).", d.format("%d/%m/%Y"), end.format("%d/%m/%Y")), format!("Check the date, or report this person in the quarter the score was taken ({}).", super::Quarter::of_date(d)));
        }
        let followup = match (followup_score, followup_date) {
            (Some(s), Some(d)) => {
                if let Some(b) = baseline_date
                    && d < b
                {
                    ctx.error(
                        "Follow-up date",
                        Code::FollowupBeforeBaseline,
                        format!(
                            "Follow-up date {} is before the baseline date {}.",
                            d.format("%d/%m/%Y"),
                            b.format("%d/%m/%Y")
                        ),
                        "Check both dates: the follow-up is taken after the baseline.",
                    );
                }
                if d > end {
                    ctx.error("Follow-up date", Code::DateAfterQuarter, format!("Follow-up date {} is after the end of the quarter ({}).", d.format("%d/%m/%Y"), end.format("%d/%m/%Y")), "Report the follow-up in the return for the quarter it was taken in; leave it empty here.");
                }
                Some(FollowUp { score: s, date: d })
            }
            (Some(_), None) => {
                if ctx.cell("Follow-up date").is_none() {
                    ctx.error(
                        "Follow-up date",
                        Code::ValueMissing,
                        "Follow-up date is empty, but there is a follow-up score.",
                        "Enter the date the follow-up score was taken.",
                    );
                }
                None
            }
            (None, Some(_)) => {
                if ctx.cell("Follow-up score").is_none() {
                    ctx.warn("Follow-up score", Code::ValueMissing, "There is a follow-up date but no follow-up score; the person is counted as not yet measured.", "Enter the follow-up score, or clear the date.");
                }
                None
            }
            (None, None) => None,
        };
        let (reference, activity_id, measure, baseline, baseline_date) = (
            reference?,
            activity_id?,
            measure?,
            baseline?,
            baseline_date?,
        );
        let key = (reference.to_lowercase(), measure.id.clone());
        if let Some(first) = seen.get(&key) {
            ctx.error("Measure", Code::DuplicateOutcome, format!("This participant already has a {} row (at {first}); only one row per person per measure.", measure.id), "Keep one row per person per measure: the first score as baseline, the latest as follow-up.");
            return None;
        }
        seen.insert(key, ctx.a1("Participant ref"));
        Some(OutcomePair {
            participant_ref: reference,
            activity_id,
            measure_id: measure.id.clone(),
            baseline,
            baseline_date,
            followup,
        })
    })
}

/// An entered score checked against the measure's range (and wholeness).
fn score(
    ctx: &mut RowCtx<'_, '_>,
    header: &str,
    measure: Option<&crate::config::Measure>,
    required: bool,
) -> Option<f64> {
    let v = if required || ctx.cell(header).is_some() {
        ctx.number(header, "42")?
    } else {
        return None;
    };
    let m = measure?;
    let [lo, hi] = m.range;
    let show = coerce::format_number;
    if !(lo..=hi).contains(&v) {
        ctx.error(
            header,
            Code::OutOfRange,
            format!(
                "{header} {} is outside the {} range of {} to {}.",
                show(v),
                m.id,
                show(lo),
                show(hi)
            ),
            format!(
                "Check the score was added up correctly: {} totals run from {} to {}.",
                m.id,
                show(lo),
                show(hi)
            ),
        );
        return None;
    }
    if m.integer && v.fract() != 0.0 {
        ctx.error(
            header,
            Code::NotAWholeNumber,
            format!(
                "{header} {v} is not a whole number; {} totals are whole numbers.",
                m.id
            ),
            "Enter the total score as a whole number.",
        );
        return None;
    }
    Some(v)
}

/// An Activity ID that must exist on the Activities sheet.
fn activity_ref(
    ctx: &mut RowCtx<'_, '_>,
    activity_ids: &[String],
    required: bool,
) -> Option<String> {
    if !required && ctx.cell("Activity ID").is_none() {
        return None;
    }
    let id = ctx.text("Activity ID")?;
    let key = normalise_key(&id);
    match activity_ids.iter().find(|a| is_key_of(&key, a)) {
        Some(a) => Some(a.clone()),
        None => {
            let suggestion =
                crate::core::text::nearest(&id, activity_ids.iter().map(String::as_str))
                    .map(|n| format!(" Did you mean '{n}'?"))
                    .unwrap_or_default();
            ctx.error(
                "Activity ID",
                Code::ActivityUnknown,
                format!(
                    "Activity ID '{}' is not on the Activities sheet.{suggestion}",
                    coerce::clip(&id)
                ),
                "Use an Activity ID from the Activities sheet, or add the activity there.",
            );
            None
        }
    }
}

pub(super) fn counts(
    table: &Table<'_>,
    activity_ids: &[String],
    config: &Config,
    issues: &mut Vec<Issue>,
) -> (Vec<CountRecord>, SheetRows) {
    each_row(table, issues, |ctx| {
        let had_activity = ctx.cell("Activity ID").is_some();
        let activity_id = activity_ref(ctx, activity_ids, false);
        let indicator = ctx
            .text("Indicator")
            .and_then(|name| match config.indicator(&name) {
                Some(i) => Some(i),
                None => {
                    let all: Vec<&str> = config.indicators.iter().flat_map(|i| i.names()).collect();
                    let suggestion = crate::core::text::nearest(&name, all.iter().copied())
                        .and_then(|n| config.indicator(n))
                        .map(|i| format!(" Did you mean '{}'?", i.name))
                        .unwrap_or_default();
                    ctx.error(
                        "Indicator",
                        Code::IndicatorUnknown,
                        format!(
                            "Indicator '{}' is not a known indicator.{suggestion}",
                            coerce::clip(&name)
                        ),
                        format!(
                            "Use one of: {}.",
                            config
                                .indicators
                                .iter()
                                .map(|i| i.name.as_str())
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                    );
                    None
                }
            });
        let numerator = ctx.count("Numerator", "12", false);
        let denominator = if ctx.cell("Denominator").is_some() {
            ctx.count("Denominator", "20", false)
        } else {
            None
        };
        let baseline = if ctx.cell("Baseline").is_some() {
            ctx.count("Baseline", "9", false)
        } else {
            None
        };
        let indicator = indicator?;
        let numerator = numerator?;
        match indicator.kind {
            IndicatorKind::Proportion => match denominator {
                None => {
                    ctx.error(
                        "Denominator",
                        Code::ValueMissing,
                        format!(
                            "{} is a proportion, so it needs a Denominator.",
                            indicator.name
                        ),
                        "Enter how many people were asked (at least the Numerator).",
                    );
                    return None;
                }
                Some(d) if d < numerator => {
                    ctx.error(
                        "Denominator",
                        Code::DenominatorBelowNumerator,
                        format!("Denominator ({d}) is below Numerator ({numerator})."),
                        "The Denominator is everyone asked, so it is at least the Numerator.",
                    );
                    return None;
                }
                Some(_) => {}
            },
            IndicatorKind::BeforeAfter if baseline.is_none() => {
                ctx.error(
                    "Baseline",
                    Code::ValueMissing,
                    format!(
                        "{} compares before and after, so it needs a Baseline.",
                        indicator.name
                    ),
                    "Enter the count for the quarter before people joined.",
                );
                return None;
            }
            _ => {}
        }
        if had_activity && activity_id.is_none() {
            return None;
        }
        Some(CountRecord {
            activity_id,
            indicator_id: indicator.id.clone(),
            numerator,
            denominator,
            baseline,
        })
    })
}

pub(super) fn stories(
    table: &Table<'_>,
    activity_ids: &[String],
    issues: &mut Vec<Issue>,
) -> (Vec<Story>, SheetRows) {
    each_row(table, issues, |ctx| {
        let id = ctx.text("Story ID");
        let had_activity = ctx.cell("Activity ID").is_some();
        let activity_id = activity_ref(ctx, activity_ids, false);
        let objectives = ctx.objectives("Objective");
        let title = ctx.text("Title");
        let text = ctx.text("Story");
        if let Some(t) = &text
            && t.chars().count() > MAX_STORY_CHARS
        {
            ctx.error(
                "Story",
                Code::TooLong,
                format!(
                    "The story is {} characters long; the limit is {MAX_STORY_CHARS}.",
                    t.chars().count()
                ),
                "Shorten the story to 3,000 characters or fewer.",
            );
        }
        let consent = ctx.choice(
            "Consent to publish",
            spec::CONSENT,
            &[("Y", "Yes"), ("N", "No"), ("TRUE", "Yes"), ("FALSE", "No")],
        );
        if had_activity && activity_id.is_none() {
            return None;
        }
        Some(Story {
            id: id?,
            activity_id,
            objectives: objectives?,
            title: title?,
            text: text?,
            consent_to_publish: consent? == "Yes",
        })
    })
}

#[cfg(test)]
mod tests {
    use super::gender_group;

    #[test]
    fn gender_groups() {
        assert_eq!(gender_group("Female"), "woman");
        assert_eq!(gender_group("M"), "man");
        assert_eq!(gender_group("Non-binary"), "non-binary/other");
        assert_eq!(gender_group("Prefer not to say"), "not known");
    }
}

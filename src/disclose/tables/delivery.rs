//! Who delivers and what was paid: spend with suppliers, value for money
//! by supplier and by type of organisation, payment by results under a
//! tariff, and prices paid against a suppliers' menu.

use super::columns::*;
use super::rules;
use super::vfm::{OfUnit, UnitOf, clinical_results};
use crate::aggregate::{ALL_ACTIVITIES, ALL_TYPES, Level, SupplierRow, TOTAL};
use crate::config::MenuUnit;
use crate::core::Quarter;
use crate::disclose::{Column, Format, Rule, Spec, Totals, Val, sum};
use crate::value::{MenuRow, OfferRow, PbrRow, Valued};

pub const MENU_STATUS: Column = Column::derived("status", "Status", Format::Text, rules::STATUS);

pub const PBR_PEOPLE: Column = Column::count("people", "Outcomes");

pub const OUTCOME: Column = Column::key("outcome", "Outcome paid for");

pub const RATE_OUTCOME: Column = Column::derived(
    "rate_outcome",
    "Share improved",
    Format::Percent,
    rules::RATE_OUTCOME,
);

pub const SUPPLIERS: &str = "suppliers";
pub const VFM_SUPPLIERS: &str = "vfm_suppliers";
pub const ORG_TYPES: &str = "org_types";
pub const PBR: &str = "pbr";
pub const MENU_PRICES: &str = "menu_prices";
pub const MENU_OFFERS: &str = "menu_offers";
pub const SUPPLIER_TRADE: &str = "supplier_trade";

/// `outcome` of a project's all-outcomes row in tables/pbr.csv.
pub const ALL_OUTCOMES: &str = "all outcomes";

/// tables/suppliers.csv: spend with each supplier. Money and organisations,
/// not people: nothing is withheld.
pub fn suppliers<'a>() -> Spec<&'a SupplierRow> {
    spend(
        SUPPLIERS,
        "Spend with suppliers of activities",
        ("Suppliers", "What was spent with each supplier?"),
    )
}

/// tables/supplier_trade.csv (with a menu): each supplier's trade in each
/// quarter of the period, as suppliers.csv gives that quarter.
pub fn supplier_trade<'a>() -> Spec<&'a SupplierRow> {
    spend(
        SUPPLIER_TRADE,
        "Suppliers' trade by quarter",
        (
            "Trade by quarter",
            "What did each supplier sell, quarter by quarter?",
        ),
    )
}

/// Spend with suppliers, one row per supplier (and quarter).
fn spend<'a>(
    name: &'static str,
    title: &str,
    (sheet, question): (&'static str, &'static str),
) -> Spec<&'a SupplierRow> {
    Spec::<&'a SupplierRow>::new(name, title)
        .sheet(sheet, question)
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(SUPPLIER, |r| Val::text(&r.supplier))
        .col(
            Column::plain("activities", "Activities", Format::Count),
            |r| Val::plain(r.activities as f64),
        )
        .col(ORGANISATIONS, |r| Val::plain(r.organisations as f64))
        .col(SPEND_GBP, |r| Val::plain(r.spend))
        .col(
            Column::plain("share_of_spend", "Share of spend", Format::Percent),
            |r| Val::opt_plain(r.share),
        )
}

/// A unit of one delivery level (a supplier or an organisation type) or
/// the programme total, under the label its table gives the total.
pub struct Delivery<'a> {
    pub unit: UnitOf<'a>,
    pub label: &'a str,
}

impl<'a> Delivery<'a> {
    /// The units of `level` that delivered anything, then the total as
    /// `total_label`. A unit with no activity and no people (Counts rows
    /// that name no activity) would be a row of zeros; its fiscal value
    /// is in vfm_fiscal.csv and vfm_social.csv.
    pub fn rows(
        quarter: Quarter,
        valued: &'a Valued,
        level: Level,
        total_label: &'a str,
    ) -> impl Iterator<Item = Delivery<'a>> {
        let units = move || UnitOf::all(quarter, valued);
        let parts = units()
            .filter(move |u| u.unit.unit.level == Some(level))
            .filter(|u| u.unit.unit.projects > 0 || u.unit.unit.n_people_paired > 0)
            .map(|unit| Delivery {
                unit,
                label: &unit.unit.unit.key,
            });
        let total = units()
            .filter(|u| u.unit.unit.level == Some(Level::Total))
            .map(move |unit| Delivery {
                unit,
                label: total_label,
            });
        parts.chain(total)
    }
}

impl OfUnit for Delivery<'_> {
    fn of(&self) -> &UnitOf<'_> {
        &self.unit
    }
}

/// Results and value for money of the units of one level, one row each,
/// then the programme total under `total`. People are rounded and
/// withheld as everywhere; a statistic is withheld with the count it
/// would reveal, and the rows add up to the total (secondary suppression).
fn delivery<'a>(
    (name, title, sheet, question): (&'static str, &str, &'static str, &'static str),
    key: Column,
    total: &'static str,
) -> Spec<Delivery<'a>> {
    let spec = Spec::<Delivery<'a>>::new(name, title)
        .sheet(sheet, question)
        .col(QUARTER, |r| Val::text(r.unit.quarter))
        .col(key, |r| Val::text(r.label))
        .col(Column::plain("projects", "Projects", Format::Count), |r| {
            Val::plain(r.unit.unit.unit.projects as f64)
        })
        .col(COST_GBP, |r| Val::plain(r.unit.unit.unit.cost))
        .col(PARTICIPANTS, |r| Val::Count(r.unit.unit.unit.participants))
        .col(COST_PER_PARTICIPANT_GBP, |r| {
            let u = r.unit.unit;
            Val::opt_stat(u.cost_per_participant, Some(u.unit.participants as u64))
        })
        .col(N_PEOPLE_PAIRED, |r| {
            Val::count(r.unit.unit.unit.n_people_paired)
        })
        .col(OUTCOMES, |r| Val::count(r.unit.unit.unit.outcomes))
        .col(RATE_OUTCOME, |r| {
            let u = r.unit.unit;
            Val::opt_stat(u.rate_outcome, Some(u.unit.n_people_paired))
        })
        .col(COST_PER_OUTCOME_GBP, |r| {
            let u = r.unit.unit;
            Val::opt_stat(u.cost_per_outcome, Some(u.unit.outcomes))
        })
        .col(RECOVERIES, |r| Val::count(r.unit.unit.unit.recoveries));
    clinical_results(spec)
        .col(WELLBYS, |r| {
            Val::stat(r.unit.unit.wellbys, r.unit.wellbys_base())
        })
        .col(BCR_CENTRAL, |r| {
            Val::opt_stat(r.unit.unit.bcr_central, r.unit.wellbys_base())
        })
        .totals(Totals::sum(&["quarter"], key.name, total))
}

/// tables/vfm_suppliers.csv: value for money by supplier of activities.
pub fn vfm_suppliers<'a>() -> Spec<Delivery<'a>> {
    delivery(
        (
            VFM_SUPPLIERS,
            "Value for money by supplier",
            "VfM by supplier",
            "Results and value for money by the supplier of the activities",
        ),
        SUPPLIER,
        ALL_ACTIVITIES,
    )
}

/// tables/org_types.csv: results and value for money by the type of
/// organisation running the projects.
pub fn org_types<'a>() -> Spec<Delivery<'a>> {
    delivery(
        (
            ORG_TYPES,
            "Results by type of organisation",
            "Organisation types",
            "Results and value for money by the type of organisation running the projects",
        ),
        ORGANISATION_TYPE,
        ALL_TYPES,
    )
}

/// tables/pbr.csv: what each project would have been paid under the
/// `--tariff`, per outcome type and in all, against its cost. A payment is
/// worked out from the published number paid × the published price (and
/// a project's all-outcomes payment from its outcome rows, capped); the
/// projects' outcome rows add up to TOTAL's, for secondary suppression.
pub fn pbr<'a>() -> Spec<(Quarter, &'a PbrRow)> {
    Spec::<(Quarter, &'a PbrRow)>::new(PBR, "Payment by results: what the tariff would have paid")
        .sheet(
            "Payment by results",
            "What would the tariff have paid each project?",
        )
        .col(QUARTER, |(q, _)| Val::text(q))
        .col(PROJECT_ID, |(_, r)| Val::text(&r.project_id))
        .col(PROJECT_NAME, |(_, r)| Val::text(&r.project_name))
        .col(OUTCOME, |(_, r)| {
            Val::text(r.outcome.map_or(ALL_OUTCOMES, |o| o.as_str()))
        })
        .col(
            Column::plain("tariff_gbp", "Price per outcome (£)", Format::Money),
            |(_, r)| Val::opt_plain(r.tariff_gbp),
        )
        .col(
            Column::plain("cap_people", "Most outcomes paid", Format::Text),
            |(_, r)| r.cap_people.map_or(Val::Empty, Val::text),
        )
        .col(PBR_PEOPLE, |(_, r)| Val::opt_count(r.people))
        .col(Column::count("people_paid", "Outcomes paid"), |(_, r)| {
            Val::opt_count(r.people_paid)
        })
        .col(
            Column::plain("cap_gbp", "Most paid to the project (£)", Format::Money),
            |(_, r)| Val::opt_plain(r.cap_gbp),
        )
        .col(
            Column::derived("payment_gbp", "Payment (£)", Format::Money, PAYMENT),
            |(_, r)| Val::stat(r.payment_gbp, r.base),
        )
        .col(COST_GBP, |(_, r)| Val::plain(r.cost_gbp))
        .col(
            Column::derived(
                "payment_to_cost",
                "Payment ÷ cost",
                Format::Ratio(4),
                rules::PAYMENT_TO_COST,
            ),
            |(_, r)| Val::opt_stat(r.payment_to_cost, r.base),
        )
        .col(N_BASELINE, |(_, r)| Val::opt_count(r.n_baseline))
        .col(
            Column::derived(
                "followup_rate",
                "Share followed up",
                Format::Percent,
                FOLLOWUP_RATE,
            ),
            |(_, r)| Val::opt_stat(r.followup_rate, r.n_baseline),
        )
        .totals(Totals::sum(&["project_id"], "outcome", ALL_OUTCOMES))
        .totals(Totals::sum(&["outcome"], "project_id", TOTAL))
}

/// A payment: an outcome row's published number paid × its price; a
/// project's all-outcomes row the sum of its outcome rows' payments,
/// capped at the most the tariff pays a project; TOTAL's all-outcomes row
/// the sum of the projects' all-outcomes rows.
const PAYMENT: Rule = Rule {
    text: "people_paid × tariff_gbp; all outcomes: the capped sum of the outcome rows",
    from: &[],
    reads: &[],
    f: |_, x| {
        if x.text("outcome") != ALL_OUTCOMES {
            return Some(match (x.val("people_paid"), x.val("tariff_gbp")) {
                (Val::Suppressed, _) => Val::Suppressed,
                (paid, price) => match (paid.as_f64(), price.as_f64()) {
                    (Some(paid), Some(price)) => Val::plain(paid * price),
                    _ => Val::Empty,
                },
            });
        }
        let project = x.text("project_id");
        let parts = if project == TOTAL {
            x.here_all(&[("outcome", ALL_OUTCOMES)], "payment_gbp")
                .into_iter()
                .zip(x.here_all(&[("outcome", ALL_OUTCOMES)], "project_id"))
                .filter(|(_, p)| p != &Val::text(TOTAL))
                .map(|(v, _)| v)
                .collect()
        } else {
            let mut parts = Vec::new();
            for (payment, outcome) in x
                .here_all(&[("project_id", project)], "payment_gbp")
                .into_iter()
                .zip(x.here_all(&[("project_id", project)], "outcome"))
            {
                if outcome != Val::text(ALL_OUTCOMES) {
                    parts.push(payment);
                }
            }
            parts
        };
        Some(match (sum(&parts), x.val("cap_gbp").as_f64()) {
            (Val::Num { value, .. }, Some(cap)) if project != TOTAL => Val::plain(value.min(cap)),
            (v, _) => v,
        })
    },
};

/// The project's share followed up, as followup.csv publishes it.
const FOLLOWUP_RATE: Rule = Rule {
    text: "the project's rate_followup in followup.csv",
    from: &[],
    reads: &[super::quality::FOLLOWUP],
    f: |_, x| {
        let p = x.text("project_id");
        Some(if x.text("outcome") == ALL_OUTCOMES {
            x.lookup(
                super::quality::FOLLOWUP,
                &[("project_id", p)],
                "rate_followup",
            )
            .unwrap_or(Val::Empty)
        } else {
            Val::Empty
        })
    },
};

/// tables/menu_prices.csv: each activity bought from a named supplier,
/// what the menu offered it for and what was paid. Participants are people:
/// rounded and withheld like every count, with the offered cost and the
/// difference that would show them; sessions are not.
pub fn menu_prices<'a>() -> Spec<&'a MenuRow> {
    /// Participants the row's figures rest on, when the menu prices per
    /// participant.
    fn people(r: &MenuRow) -> Option<u64> {
        let per_person = r
            .item
            .as_ref()
            .is_some_and(|i| i.unit == MenuUnit::Participant);
        per_person.then(|| r.units.unwrap_or(0.0).round() as u64)
    }
    Spec::<&'a MenuRow>::new(MENU_PRICES, "Prices paid against the suppliers' menu")
        .sheet(
            "Menu prices",
            "Were activities bought at the suppliers' menu prices?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(Column::key("activity_id", "Activity ID"), |r| {
            Val::text(&r.activity_id)
        })
        .col(Column::key("activity", "Activity"), |r| {
            Val::text(&r.activity)
        })
        .col(SUPPLIER, |r| Val::text(&r.supplier))
        .col(Column::key("menu_activity", "On the menu as"), |r| {
            r.item
                .as_ref()
                .map_or(Val::Empty, |i| Val::text(&i.activity))
        })
        .col(Column::key("unit", "Priced per"), |r| {
            r.item
                .as_ref()
                .map_or(Val::Empty, |i| Val::text(i.unit.as_str()))
        })
        .col(
            Column::plain("price_gbp", "Menu price (£)", Format::Money),
            |r| Val::opt_plain(r.item.as_ref().map(|i| i.price)),
        )
        .col(
            // Participants (people) or sessions, as the menu prices them.
            Column {
                name: "units",
                label: "Sessions or participants",
                format: Format::Number(0),
                role: crate::disclose::Role::Count,
            },
            |r| match (r.units, people(r)) {
                (Some(n), Some(_)) => Val::Count(n),
                (Some(n), None) => Val::plain(n),
                (None, _) => Val::Empty,
            },
        )
        .col(
            Column::derived("offered_gbp", "Offered (£)", Format::Money, rules::OFFERED),
            |r| Val::opt_stat(r.offered_gbp, people(r)),
        )
        .col(Column::plain("paid_gbp", "Paid (£)", Format::Money), |r| {
            Val::plain(r.paid_gbp)
        })
        .col(
            Column::derived(
                "difference_gbp",
                "Paid − offered (£)",
                Format::Money,
                rules::DIFFERENCE,
            ),
            |r| Val::opt_stat(r.difference_gbp, people(r)),
        )
        .col(MENU_STATUS, |r| Val::text(r.status.as_str()))
}

/// Objectives served, as menu_offers.csv writes them: "1, 4", or "all"
/// when the menu names none.
pub const OBJECTIVES_SERVED: Column = Column::key("objectives", "Objectives served");
/// The objectives on which at least one of an offer's people has a result
/// ("1, 6"): whether it reached them, not how many.
pub const OBJECTIVES_REACHED: Column = Column::key("objectives_reached", "Objectives reached");
pub const OFFER_ACTIVITY: Column = Column::key("activity", "Activity");
pub const OFFER_UNIT: Column = Column::key("unit", "Priced per");
pub const PRICE_GBP: Column = Column::plain("price_gbp", "Menu price (£)", Format::Money);
pub const DESCRIPTION: Column = Column::key("description", "Description");
pub const WEB_PAGE: Column = Column::key("web_page", "Web page");
/// The areas of the projects that bought an offer ("Salford, Stockport").
pub const BOUGHT_IN: Column = Column::key("areas", "Bought in");
pub const PURCHASES: Column = Column::plain("purchases", "Purchases", Format::Count);
pub const ORGANISATIONS: Column =
    Column::plain("organisations", "Organisations buying", Format::Count);
pub const SPEND_GBP: Column = Column::plain("spend_gbp", "Spend (£)", Format::Money);
pub const SESSIONS: Column = Column::plain("sessions", "Sessions bought", Format::Number(0));
pub const PAID_PER_SESSION_GBP: Column = Column::plain(
    "paid_per_session_gbp",
    "Paid per session (£)",
    Format::Money,
);
pub const RATE_LOW: Column = Column::derived(
    "rate_low",
    "Share improved, 95% interval low",
    Format::Percent,
    rules::IMPROVED_LOW,
);
pub const RATE_HIGH: Column = Column::derived(
    "rate_high",
    "Share improved, 95% interval high",
    Format::Percent,
    rules::IMPROVED_HIGH,
);
pub const COST_PER_IMPROVED_GBP: Column = Column::derived(
    "cost_per_improved_gbp",
    "Cost per person improved (£)",
    Format::Money,
    rules::COST_PER_IMPROVED,
);

/// tables/menu_offers.csv (with a menu): every offer on the menu, bought
/// or not, in menu order, with its record over the period. Purchases,
/// organisations, sessions and money are not people; the people with a
/// result on the objectives the offer serves and those improved are
/// rounded and withheld like every count, and the share, its interval
/// and the cost per person improved are worked out from them as
/// published. An offer's participants are not published: they add up
/// across the purchases in menu_prices.csv and the supplier's in
/// vfm_suppliers.csv in ways a reader could difference.
pub fn menu_offers<'a>() -> Spec<(Quarter, &'a OfferRow)> {
    Spec::<(Quarter, &'a OfferRow)>::new(MENU_OFFERS, "The suppliers' menu with its record")
        .sheet(
            "Menu offers",
            "What did each offer on the menu deliver, and for whom?",
        )
        .col(QUARTER, |(q, _)| Val::text(q))
        .col(SUPPLIER, |(_, r)| Val::text(&r.item.supplier))
        .col(OFFER_ACTIVITY, |(_, r)| Val::text(&r.item.activity))
        .col(ACTIVITY_TYPE, |(_, r)| Val::text(&r.activity_type))
        .col(OFFER_UNIT, |(_, r)| Val::text(r.item.unit.as_str()))
        .col(PRICE_GBP, |(_, r)| Val::plain(r.item.price))
        .col(OBJECTIVES_SERVED, |(_, r)| {
            Val::text(if r.item.objectives.is_empty() {
                "all".to_string()
            } else {
                r.item
                    .objectives
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
        .col(OBJECTIVES_REACHED, |(_, r)| {
            if r.reached.is_empty() {
                Val::Empty
            } else {
                Val::text(
                    r.reached
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            }
        })
        .col(DESCRIPTION, |(_, r)| {
            r.item.description.as_ref().map_or(Val::Empty, Val::text)
        })
        .col(WEB_PAGE, |(_, r)| {
            r.item.web.as_ref().map_or(Val::Empty, Val::text)
        })
        .col(BOUGHT_IN, |(_, r)| {
            if r.areas.is_empty() {
                Val::Empty
            } else {
                Val::text(r.areas.join(", "))
            }
        })
        .col(PURCHASES, |(_, r)| Val::plain(r.activities as f64))
        .col(ORGANISATIONS, |(_, r)| Val::plain(r.organisations as f64))
        .col(SESSIONS, |(_, r)| Val::plain(r.sessions))
        .col(COST_GBP, |(_, r)| Val::plain(r.paid))
        .col(PAID_PER_SESSION_GBP, |(_, r)| {
            let per_session = r.item.unit == MenuUnit::Session && r.sessions > 0.0;
            Val::opt_plain(per_session.then(|| r.paid / r.sessions))
        })
        .col(N_PEOPLE, |(_, r)| Val::count(r.n_people))
        .col(N_IMPROVED, |(_, r)| Val::count(r.n_improved))
        .col(RATE_IMPROVED, |(_, r)| {
            crate::disclose::share(r.n_improved as f64, r.n_people as f64)
        })
        .col(RATE_LOW, |(_, r)| wilson_end(r, false))
        .col(RATE_HIGH, |(_, r)| wilson_end(r, true))
        .col(COST_PER_IMPROVED_GBP, |(_, r)| {
            Val::opt_stat(
                (r.n_improved > 0).then(|| r.paid / r.n_improved as f64),
                Some(r.n_improved),
            )
        })
}

/// An end of Wilson's 95 % interval of an offer's share improved.
fn wilson_end(r: &OfferRow, high: bool) -> Val {
    let i = crate::aggregate::wilson(
        r.n_improved as f64,
        r.n_people as f64,
        crate::aggregate::Z95,
    );
    Val::opt_stat(
        i.map(|i| if high { i.high } else { i.low }),
        Some(r.n_people),
    )
}

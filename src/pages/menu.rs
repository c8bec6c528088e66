//! menu.html (`needle menu`): the suppliers' menu with each offer's record,
//! for a community organisation choosing what to buy. One self-contained
//! page: no requests (a Content-Security-Policy forbids them), its style
//! and its one small filter script allowed by their hashes, and with
//! script off every offer is shown.
//!
//! Every figure is read from the published tables menu_offers and
//! supplier_trade; the page chooses words for them and computes nothing.
//! Offers are grouped by activity type and sorted by name (then supplier),
//! never by results (docs/methods.md says why).

use super::html::{CSS, Row, figures};
use super::numbers::money;
use crate::chart::{Bar, BarChart, Chart};
use crate::config::{Config, Menu};
use crate::core::Period;
use crate::core::escape::html as esc;
use crate::core::text::normalise_key;
use crate::disclose::tables::cols::*;
use crate::disclose::tables::delivery::{
    BOUGHT_IN, COST_PER_IMPROVED_GBP, DESCRIPTION, OBJECTIVES_REACHED, OBJECTIVES_SERVED,
    OFFER_ACTIVITY, OFFER_UNIT, ORGANISATIONS, PAID_PER_SESSION_GBP, PRICE_GBP, PURCHASES,
    RATE_HIGH, RATE_LOW, SESSIONS, SPEND_GBP, WEB_PAGE,
};
use crate::disclose::tables::{MENU_OFFERS, SUPPLIER_TRADE};
use crate::disclose::{Published, Table, Val};
use crate::score::{ProjectFact, StoryFact};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the page says once, at the top, about what its results are.
pub const HONEST: &str = "The results are before-and-after change among the people each offer reached, measured by the projects that bought it. There is no comparison group of people who did not take part, so they show that people's scores changed, not how much of that the activity caused. Offers are listed by type of activity, then by name, never ranked by results: the groups are small and reach different people, so a league table would mislead.";

/// The page's own style, after the shared one.
const MENU_CSS: &str = r#"
article.offer{border:1px solid #bbb;border-left:6px solid #1F4E79;padding:.2rem .8rem;margin:.6rem 0}
article.offer h4{margin:.3rem 0;font-size:1.05rem}article.offer p{margin:.25rem 0}
article.offer table.key{margin:.3rem 0}article.offer table.key th[scope=row]{width:36%}
.none{font-style:italic}.web{font-family:"DejaVu Sans Mono",monospace}
#filters{border:1px solid #bbb;background:#F5F7FA;padding:.5rem .9rem;margin:1rem 0}
#filters label{display:inline-block;margin:.2rem 1.2rem .2rem 0}#filters select{font-size:1rem;margin-left:.4rem}
select:focus-visible{outline:3px solid #B35C00;outline-offset:2px}
.supplier figure{max-width:36rem;margin:.4rem 0}.supplier figcaption{display:none}.supplier h3{margin-bottom:.2rem}[hidden]{display:none!important}
@media print{#filters{display:none}body{font-size:8.5pt;line-height:1.3}
section.type{column-count:2;column-gap:.5rem}section.type h3{column-span:all;margin:.4rem 0 0}
article.offer{page-break-inside:avoid;break-inside:avoid;padding:.1rem .5rem;margin:0 0 .3rem}article.offer h4{font-size:9.5pt;margin:.15rem 0}
article.offer table.key{font-size:8pt}article.offer table.key th,article.offer table.key td{padding:.05rem .25rem}
#suppliers{display:grid;grid-template-columns:1fr 1fr;column-gap:.8rem}#suppliers h2,#suppliers>p{grid-column:1/-1}
section.supplier{break-inside:avoid;page-break-inside:avoid}.supplier figure{max-width:100%}.story{font-size:8pt}.story h4{margin:.2rem 0}.story p{margin:.2rem 0}
article.offer p.note{font-size:7.5pt}}
"#;

/// The filter: shows the offers of the chosen activity type, objective
/// and area (an offer nobody has bought yet stays under every area), and
/// says how many are shown. The page lists every offer without it.
const SCRIPT: &str = r#"(function(){
var f=document.getElementById('filters');if(!f)return;f.hidden=false;
var t=document.getElementById('f-type'),o=document.getElementById('f-objective'),a=document.getElementById('f-area');
var offers=Array.prototype.slice.call(document.querySelectorAll('article.offer'));
function apply(){var n=0;
offers.forEach(function(e){var obj=' '+e.getAttribute('data-objectives')+' ',areas=e.getAttribute('data-areas');
var ok=(!t.value||e.getAttribute('data-type')===t.value)&&(!o.value||obj===' all '||obj.indexOf(' '+o.value+' ')>=0)&&(!a.value||areas===''||areas.split('|').indexOf(a.value)>=0);
e.hidden=!ok;if(ok)n++;});
Array.prototype.forEach.call(document.querySelectorAll('section.type'),function(s){s.hidden=!s.querySelector('article.offer:not([hidden])');});
document.getElementById('shown').textContent=n+' of '+offers.length+' offers shown';}
[t,o,a].forEach(function(s){s.addEventListener('change',apply);});apply();})();"#;

/// Everything the menu page is made of.
pub struct MenuPage<'a> {
    pub config: &'a Config,
    pub menu: &'a Menu,
    pub period: Period,
    /// The period's published edition (menu_offers, supplier_trade).
    pub published: &'a Published,
    /// Stories with consent, each with its offer (the menu line).
    pub stories: &'a [(usize, StoryFact)],
    /// The run's project rows, to name a story's project.
    pub projects: &'a [ProjectFact],
}

impl MenuPage<'_> {
    fn symbol(&self) -> &str {
        &self.config.disclosure.symbol
    }

    fn offers(&self) -> Option<&Table> {
        self.published.get(MENU_OFFERS)
    }

    /// The suppliers of the menu by their key, each with its name as the
    /// menu first spells it and its offers (menu lines), sorted by name.
    fn suppliers(&self) -> Vec<(String, Vec<usize>)> {
        let mut by: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (i, item) in self.menu.items.iter().enumerate() {
            by.entry(normalise_key(&item.supplier))
                .or_insert_with(|| (item.supplier.clone(), Vec::new()))
                .1
                .push(i);
        }
        let mut out: Vec<(String, Vec<usize>)> = by.into_values().collect();
        out.sort_by_key(|a| a.0.to_lowercase());
        out
    }

    /// Each quarter of the period with the supplier's spend received and
    /// organisations buying (0 for a quarter with no row).
    fn trade(&self, supplier: &str) -> Vec<(String, f64, f64)> {
        let key = normalise_key(supplier);
        let t = self.published.get(SUPPLIER_TRADE);
        self.period
            .quarters()
            .iter()
            .map(|q| {
                let q = q.to_string();
                let row = t.and_then(|t| {
                    t.rows.iter().find(|r| {
                        t.text(r, QUARTER, "") == q
                            && normalise_key(&t.text(r, SUPPLIER, "")) == key
                    })
                });
                let num = |c| {
                    row.and_then(|r| t.and_then(|t| t.index(c)).map(|i| &r[i]))
                        .and_then(Val::as_f64)
                        .unwrap_or(0.0)
                };
                (q, num(SPEND_GBP), num(ORGANISATIONS))
            })
            .collect()
    }
}

/// The chart name of the n-th supplier's trade (file-name safe).
fn chart_name(n: usize) -> String {
    format!("trade-{:02}", n + 1)
}

/// One short bar chart per supplier: spend received in each quarter of
/// the period, with the organisations buying.
pub fn trade_charts(p: &MenuPage) -> Vec<Chart> {
    p.suppliers()
        .iter()
        .enumerate()
        .map(|(n, (name, _))| {
            let trade = p.trade(name);
            let top = trade.iter().map(|t| t.1).fold(0.0, f64::max);
            let bars = trade
                .iter()
                .map(|(q, spend, orgs)| Bar {
                    label: q.clone(),
                    value: Some(*spend),
                    note: if *orgs == 0.0 {
                        "nothing bought".to_string()
                    } else {
                        format!(
                            "{}, {} buyer{}",
                            money(*spend),
                            super::numbers::count(*orgs),
                            if *orgs == 1.0 { "" } else { "s" }
                        )
                    },
                    light: false,
                })
                .collect();
            Chart::Short(BarChart {
                name: chart_name(n),
                title: format!("{name}: trade by quarter"),
                subtitle:
                    "Spend received from the programme's projects, and the organisations buying"
                        .into(),
                x_label: "Spend received (£)".into(),
                x_max: if top > 0.0 { top * 1.1 } else { 1.0 },
                bars,
                reference: None,
            })
        })
        .collect()
}

/// A CSP source for an inline element's text, quoted.
fn hash(text: &str) -> String {
    format!("'{}'", super::checker::csp_hash(text))
}

/// menu.html as text.
pub fn render(p: &MenuPage, charts: &[(Chart, String)]) -> String {
    let style = format!("{CSS}{MENU_CSS}");
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'none'; connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'",
        hash(SCRIPT),
        hash(&style)
    );
    let title = format!("The suppliers' menu with its record, {}", p.period);
    let mut o = String::with_capacity(256 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{style}</style>\n</head>\n<body class=\"flow\">\n<header><h1>{}</h1><p class=\"badge\">Published edition: small numbers suppressed</p></header>\n<main>\n",
        esc(&csp),
        esc(&title),
        esc(&title)
    );
    intro(p, &mut o);
    filters(p, &mut o);
    offers(p, &mut o);
    suppliers(p, charts, &mut o);
    method(p, &mut o);
    let _ = write!(o, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    o
}

fn intro(p: &MenuPage, o: &mut String) {
    let (n, bought) = p.offers().map_or((0, 0), |t| {
        let bought = t
            .rows
            .iter()
            .filter(|r| {
                Row {
                    t,
                    row: r,
                    symbol: "",
                }
                .num(PURCHASES)
                .unwrap_or(0.0)
                    > 0.0
            })
            .count();
        (t.rows.len(), bought)
    });
    let _ = writeln!(
        o,
        "<section class=\"meaning\"><p>Every activity and service on the suppliers' menu, with its price and what came of it in {}: which community organisations bought it, what they paid, and how the people who took part changed. {n} offers, {bought} of them bought in the period.</p><p><strong>What the results are.</strong> {}</p><p>An offer nobody has bought yet is listed all the same, with no record: a new offer has not yet had the chance to show results. Where a record rests on too few people to show safely, it says so: counts are rounded to the nearest {} and counts of 1 to {} are not shown.</p></section>",
        esc(&p.period.to_string()),
        esc(HONEST),
        p.config.disclosure.round_to,
        p.config.disclosure.suppress_up_to,
    );
}

/// The filter's controls, hidden until the script shows them.
fn filters(p: &MenuPage, o: &mut String) {
    let Some(t) = p.offers() else { return };
    let mut types: Vec<String> = t
        .rows
        .iter()
        .map(|r| t.text(r, ACTIVITY_TYPE, ""))
        .collect();
    types.sort();
    types.dedup();
    let mut areas: Vec<String> = t
        .rows
        .iter()
        .flat_map(|r| {
            t.text(r, BOUGHT_IN, "")
                .split(", ")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    areas.sort();
    areas.dedup();
    o.push_str("<div id=\"filters\" hidden><p><strong>Show only</strong> (an offer nobody has bought yet stays listed under every area)</p>");
    let select = |o: &mut String, id: &str, label: &str, options: &[(String, String)]| {
        let _ = write!(
            o,
            "<label for=\"{id}\">{}<select id=\"{id}\"><option value=\"\">all</option>",
            esc(label)
        );
        for (v, shown) in options {
            let _ = write!(o, "<option value=\"{}\">{}</option>", esc(v), esc(shown));
        }
        o.push_str("</select></label>");
    };
    let pairs = |v: &[String]| v.iter().map(|x| (x.clone(), x.clone())).collect::<Vec<_>>();
    select(o, "f-type", "Activity type", &pairs(&types));
    let objectives: Vec<(String, String)> = p
        .config
        .objectives
        .iter()
        .map(|ob| (ob.id.to_string(), format!("{}. {}", ob.id, ob.name)))
        .collect();
    select(o, "f-objective", "Objective", &objectives);
    select(o, "f-area", "Area", &pairs(&areas));
    o.push_str("<p id=\"shown\" role=\"status\" aria-live=\"polite\"></p></div>\n");
}

/// A sentence-case heading for an activity type: "Peer support".
fn heading(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn offers(p: &MenuPage, o: &mut String) {
    let Some(t) = p.offers() else { return };
    o.push_str("<section id=\"offers\"><h2>Offers</h2>\n");
    let mut by_type: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        by_type
            .entry(t.text(r, ACTIVITY_TYPE, ""))
            .or_default()
            .push(i);
    }
    for (kind, mut rows) in by_type {
        rows.sort_by_key(|&i| {
            let r = &t.rows[i];
            (
                t.text(r, OFFER_ACTIVITY, "").to_lowercase(),
                t.text(r, SUPPLIER, "").to_lowercase(),
            )
        });
        let _ = writeln!(
            o,
            "<section class=\"type\"><h3>{}</h3>",
            esc(&heading(&kind))
        );
        for i in rows {
            offer(
                p,
                Row {
                    t,
                    row: &t.rows[i],
                    symbol: p.symbol(),
                },
                o,
            );
        }
        o.push_str("</section>\n");
    }
    o.push_str("</section>\n");
}

/// "too few people to show yet" for a withheld figure.
const TOO_FEW: &str = "too few people to show yet";

/// Objective numbers ("1, 4") with their short names: "1. Good mental
/// health; 4. Positive experience".
fn objective_names(config: &Config, list: &str) -> String {
    list.split(", ")
        .filter_map(|k| k.parse::<u8>().ok())
        .filter_map(|k| config.objective(k).map(|ob| format!("{k}. {}", ob.short)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn offer(p: &MenuPage, r: Row, o: &mut String) {
    let withheld = |c| matches!(r.val(c), Val::Suppressed);
    let served = r.show(OBJECTIVES_SERVED);
    let objectives = if served == "all" {
        "all".to_string()
    } else {
        served.split(", ").collect::<Vec<_>>().join(" ")
    };
    let areas = r.show(BOUGHT_IN).replace(", ", "|");
    let _ = write!(
        o,
        "<article class=\"offer\" data-type=\"{}\" data-objectives=\"{}\" data-areas=\"{}\"><h4>{} <span class=\"note\">from {}</span></h4>",
        esc(&r.show(ACTIVITY_TYPE)),
        esc(&objectives),
        esc(&areas),
        esc(&r.show(OFFER_ACTIVITY)),
        esc(&r.show(SUPPLIER)),
    );
    let description = r.show(DESCRIPTION);
    if !description.is_empty() {
        let _ = write!(o, "<p>{}</p>", esc(&description));
    }
    let price = r.num(PRICE_GBP).unwrap_or(0.0);
    let serves = if served == "all" {
        "objectives not stated: results on every objective count".to_string()
    } else {
        format!("serves {}", objective_names(p.config, &served))
    };
    let _ = write!(
        o,
        "<p><strong>{} per {}</strong> · {}</p>",
        esc(&money(price)),
        esc(&r.show(OFFER_UNIT)),
        esc(&serves)
    );
    let purchases = r.num(PURCHASES).unwrap_or(0.0);
    if purchases == 0.0 {
        let _ = write!(
            o,
            "<p class=\"none\">No record yet: nobody bought it in {}.</p>",
            esc(&p.period.to_string())
        );
    } else {
        let mut rows: Vec<(&str, String)> = Vec::new();
        let orgs = r.num(ORGANISATIONS).unwrap_or(0.0);
        rows.push((
            "Bought by",
            format!(
                "{} organisation{} ({} purchase{}), in {}",
                super::numbers::count(orgs),
                if orgs == 1.0 { "" } else { "s" },
                super::numbers::count(purchases),
                if purchases == 1.0 { "" } else { "s" },
                r.show(BOUGHT_IN)
            ),
        ));
        let cost = r.num(COST_GBP).unwrap_or(0.0);
        rows.push((
            "Paid",
            match r.num(PAID_PER_SESSION_GBP) {
                Some(per) => format!(
                    "{} for {} sessions: {} a session",
                    money(cost),
                    r.show(SESSIONS),
                    money(per)
                ),
                None => format!(
                    "{} in all (per participant: what that comes to a head is not shown, as it would tell how many took part)",
                    money(cost)
                ),
            },
        ));
        let people = if withheld(N_PEOPLE) {
            TOO_FEW.to_string()
        } else if r.num(N_PEOPLE).unwrap_or(0.0) == 0.0 {
            "none yet measured before and after on these objectives".to_string()
        } else {
            format!(
                "{}{}",
                r.show(N_PEOPLE),
                match r.show(OBJECTIVES_REACHED) {
                    s if s.is_empty() => String::new(),
                    s => format!(", on {}", objective_names(p.config, &s)),
                }
            )
        };
        rows.push(("People with a before-and-after result", people));
        if r.num(N_PEOPLE).unwrap_or(1.0) != 0.0 {
            let share = if withheld(RATE_IMPROVED) || withheld(N_PEOPLE) {
                TOO_FEW.to_string()
            } else {
                format!(
                    "{} ({} improved; 95\u{a0}% interval {} to {})",
                    r.show(RATE_IMPROVED),
                    r.show(N_IMPROVED),
                    r.show(RATE_LOW),
                    r.show(RATE_HIGH)
                )
            };
            rows.push(("Share improved", share));
            let per = if withheld(COST_PER_IMPROVED_GBP) || withheld(N_IMPROVED) {
                TOO_FEW.to_string()
            } else {
                match r.num(COST_PER_IMPROVED_GBP) {
                    Some(v) => money(v),
                    None => "none: nobody improved".to_string(),
                }
            };
            rows.push(("Cost per person improved", per));
        }
        o.push_str("<table class=\"key\"><tbody>");
        for (k, v) in &rows {
            let class = if v == TOO_FEW { " class=\"none\"" } else { "" };
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{}</th><td{class}>{}</td></tr>",
                esc(k),
                esc(v)
            );
        }
        o.push_str("</tbody></table>");
    }
    let web = r.show(WEB_PAGE);
    if !web.is_empty() {
        let _ = write!(
            o,
            "<p class=\"note\">Supplier's web page: <span class=\"web\">{}</span></p>",
            esc(&web)
        );
    }
    o.push_str("</article>\n");
}

fn suppliers(p: &MenuPage, charts: &[(Chart, String)], o: &mut String) {
    let Some(t) = p.offers() else { return };
    o.push_str("<section id=\"suppliers\"><h2>Suppliers</h2><p class=\"note\">Each supplier's trade with the programme's projects, quarter by quarter, the objectives its activities reached (at least one person with a before-and-after result on it), and the projects' stories about its activities, given with consent to publish.</p>\n");
    for (n, (name, lines)) in p.suppliers().iter().enumerate() {
        let _ = write!(o, "<section class=\"supplier\"><h3>{}</h3>", esc(name));
        let chart = chart_name(n);
        figures(o, charts, |c| c == chart);
        let mut reached: Vec<u8> = lines
            .iter()
            .flat_map(|&i| {
                t.text(&t.rows[i], OBJECTIVES_REACHED, "")
                    .split(", ")
                    .filter_map(|k| k.parse::<u8>().ok())
                    .collect::<Vec<_>>()
            })
            .collect();
        reached.sort_unstable();
        reached.dedup();
        let reached: Vec<String> = reached
            .iter()
            .filter_map(|&k| p.config.objective(k).map(|ob| format!("{k}. {}", ob.short)))
            .collect();
        let _ = write!(
            o,
            "<p><strong>Objectives its activities reached:</strong> {}</p>",
            if reached.is_empty() {
                "none yet".to_string()
            } else {
                esc(&reached.join("; "))
            }
        );
        for (_, st) in p.stories.iter().filter(|(i, _)| lines.contains(i)) {
            let project = p
                .projects
                .iter()
                .filter(|x| x.project_id == st.project_id)
                .max_by_key(|x| x.quarter)
                .map_or(st.project_id.as_str(), |x| x.project_name.as_str());
            let _ = write!(
                o,
                "<div class=\"story\"><h4>{}</h4><p>{}</p><p class=\"note\">A story from {}, {}, published with consent.</p></div>",
                esc(&st.title),
                esc(&st.text),
                esc(project),
                esc(&st.quarter.to_string())
            );
        }
        o.push_str("</section>\n");
    }
    o.push_str("</section>\n");
}

fn method(p: &MenuPage, o: &mut String) {
    let _ = writeln!(
        o,
        "<section id=\"method\"><h2>How these figures are made</h2><p>The menu is {menu}. An activity a project bought counts for an offer when its supplier is the offer's (names matched ignoring case, spaces and punctuation) and its name, or else its type, is the offer's activity. People are counted once each over {period}, by their earliest score and their latest follow-up, within the project that measured them; someone who came fewer than {min} times is not counted. A person improved when their score moved by at least the measure's meaningful change on an objective the offer serves (for recovery, a reliable improvement as NHS Talking Therapies counts it). The 95 % interval is Wilson's. Cost per person improved is what was paid for the offer divided by the people improved, and is shown only where that count is shown.</p><p>{disclosure} Every figure here is in the published tables menu_offers.csv and supplier_trade.csv beside this page, which a report of the same period publishes too.</p><p>{evidence}</p></section>",
        menu = esc(&p.menu.file),
        period = esc(&p.period.to_string()),
        min = p.config.finished_course.min_sessions,
        disclosure = esc(&super::html::disclosure_note(p.config, true)),
        evidence = esc(super::html::EVIDENCE_STRENGTH),
    );
}

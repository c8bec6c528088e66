//! Every figure about people worked out again, by the published method
//! (docs/methods.md), from the figures the edition publishes: what a
//! reader with the method and the tables can compute. A printed figure
//! that reads otherwise carries something the published figures do not.

use super::catalogue::{Figure, Money, Rule};
use super::edition::{Cell, Edition, Sheet};
use crate::config::Config;

/// What a figure should read, from the published figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Num(f64),
    Text(String),
    /// Withheld: a figure it is made from is.
    Withheld,
    /// Nothing to print (a share of nobody).
    Blank,
    /// The audit cannot say (a figure of a kind it checks another way).
    Unknown,
}

impl Expect {
    fn of(c: &Cell) -> Expect {
        match c {
            Cell::Num { value, .. } => Expect::Num(*value),
            Cell::Withheld => Expect::Withheld,
            Cell::Blank => Expect::Blank,
            Cell::Text(s) => Expect::Text(s.clone()),
        }
    }

    /// Whether `printed` says no more than this: the same figure to its
    /// decimals, or less (withheld or blank where a figure could be). An
    /// exact edition's figures rest on exact inputs where this works from
    /// printed ones: there, 0.1 % apart is the same.
    pub fn allows(&self, printed: &Cell, exact: bool) -> bool {
        let slack = if exact { 1e-3 } else { 1e-9 };
        match (self, printed) {
            (Expect::Unknown, _) | (_, Cell::Withheld) => true,
            (Expect::Num(_), Cell::Blank) => true,
            (Expect::Num(x), Cell::Num { value, .. }) => {
                (value - x).abs() <= printed.half_unit() + slack * x.abs().max(1.0)
            }
            (Expect::Text(a), Cell::Text(b)) => a == b,
            (Expect::Blank, Cell::Blank) => true,
            _ => false,
        }
    }
}

/// The run's published valuation figures the method uses.
pub struct Method {
    /// The published edition's (else an exact edition's) method.
    pub published: bool,
    pub wellby: (f64, f64, f64),
    pub persistence: f64,
    pub bootstrap: crate::config::Bootstrap,
    pub proxies: Vec<(String, bool, f64)>,
}

impl Method {
    pub fn of(config: &Config, published: bool) -> Method {
        let v = &config.valuation;
        let up = |year: &str| v.uprate_factor(year).unwrap_or(1.0);
        let w = up(&v.wellby.price_year);
        let a = &v.additionality;
        let persistence: f64 = (0..a.duration_years.value as i32)
            .map(|t| ((1.0 - a.drop_off.value) / (1.0 + v.wellby_discount_rate.value)).powi(t))
            .sum();
        Method {
            published,
            wellby: (v.wellby.low * w, v.wellby.central * w, v.wellby.high * w),
            persistence,
            bootstrap: v.bootstrap.clone(),
            proxies: v
                .proxies
                .iter()
                .map(|p| {
                    (
                        p.indicator.clone(),
                        p.per == crate::config::ProxyBasis::Reduction,
                        p.value * up(&p.price_year),
                    )
                })
                .collect(),
        }
    }
}

/// The published figures of one row, with the rest of the edition.
pub struct At<'a> {
    pub ed: &'a Edition,
    pub sheet: &'a Sheet,
    pub row: usize,
    /// The column being checked.
    pub col: &'a str,
    pub method: &'a Method,
}

/// Numbers from cells: Err with what to expect when one is withheld or
/// blank.
fn nums<const N: usize>(cells: [&Cell; N]) -> Result<[f64; N], Expect> {
    let mut out = [0.0; N];
    for (o, c) in out.iter_mut().zip(cells) {
        *o = match c {
            Cell::Num { value, .. } => *value,
            Cell::Withheld => return Err(Expect::Withheld),
            _ => return Err(Expect::Blank),
        };
    }
    Ok(out)
}

/// Wilson's score interval (95 %) for k of n: (low, high).
pub fn wilson(k: f64, n: f64) -> Option<(f64, f64)> {
    const Z: f64 = 1.959_963_984_540_054;
    if n <= 0.0 || k < 0.0 || k > n {
        return None;
    }
    let p = k / n;
    let denom = 1.0 + Z * Z / n;
    let centre = (p + Z * Z / (2.0 * n)) / denom;
    let half = Z * (p * (1.0 - p) / n + Z * Z / (4.0 * n * n)).sqrt() / denom;
    let low = if k == 0.0 { 0.0 } else { centre - half };
    let high = if k == n { 1.0 } else { centre + half };
    Some((low.clamp(0.0, 1.0), high.clamp(0.0, 1.0)))
}

impl At<'_> {
    fn cell(&self, name: &str) -> &Cell {
        self.sheet.cell(self.row, name)
    }

    fn text(&self, name: &str) -> &str {
        self.sheet.text(self.row, name)
    }

    /// The row's unit as the units tables key it.
    fn unit(&self) -> (String, String) {
        let level = self.text("level");
        if !level.is_empty() {
            return (level.to_string(), self.text("key").to_string());
        }
        let project = self.text("project_id");
        if !project.is_empty() {
            return match project {
                "TOTAL" => ("total".into(), "TOTAL".into()),
                p => ("project".into(), p.into()),
            };
        }
        let (s, t) = (self.text("supplier"), self.text("organisation_type"));
        if s == "All activities" || t == "All organisation types" {
            ("total".into(), "TOTAL".into())
        } else if !s.is_empty() {
            ("supplier".into(), s.into())
        } else {
            ("organisation_type".into(), t.into())
        }
    }

    /// A cell of the row's unit in a units table.
    fn of_unit(&self, table: &str, name: &str) -> Cell {
        let (level, key) = self.unit();
        self.ed
            .get(table)
            .and_then(|t| {
                t.rows_where(&[("level", &level), ("key", &key)])
                    .next()
                    .map(|r| t.cell(r, name).clone())
            })
            .unwrap_or(Cell::Blank)
    }

    /// A simple figure of the catalogue.
    pub fn figure(&self, f: Figure) -> Expect {
        match f {
            Figure::Share { k, n } => share(self.cell(k), self.cell(n)),
            Figure::TotalShare { k, n } => {
                // The group's total row: the same quarter and objective,
                // project ALL.
                let keys = [
                    ("quarter", self.text("quarter")),
                    ("objective", self.text("objective")),
                    ("project_id", "ALL"),
                ];
                match self.sheet.rows_where(&keys).next() {
                    Some(r) => share(self.sheet.cell(r, k), self.sheet.cell(r, n)),
                    None => Expect::Unknown,
                }
            }
            Figure::Wilson { k, n, high } => match nums([self.cell(k), self.cell(n)]) {
                Ok([k, n]) => wilson(k, n).map_or(Expect::Blank, |(lo, hi)| {
                    Expect::Num(if high { hi } else { lo })
                }),
                Err(e) => e,
            },
            Figure::Newcombe(part) => {
                let cells = [
                    self.cell("k"),
                    self.cell("n"),
                    self.cell("k_before"),
                    self.cell("n_before"),
                ];
                match nums(cells) {
                    Ok([k1, n1, k0, n0]) => match (wilson(k1, n1), wilson(k0, n0)) {
                        (Some((l1, u1)), Some((l0, u0))) => {
                            let (p1, p0) = (k1 / n1, k0 / n0);
                            let d = p1 - p0;
                            Expect::Num(match part {
                                0 => d,
                                1 => d - ((p1 - l1).powi(2) + (u0 - p0).powi(2)).sqrt(),
                                _ => d + ((u1 - p1).powi(2) + (p0 - l0).powi(2)).sqrt(),
                            })
                        }
                        _ => Expect::Blank,
                    },
                    Err(e) => e,
                }
            }
            Figure::PerHead { money, n } => {
                let m = match money {
                    Money::Here(c) => self.cell(c).clone(),
                    Money::Unit(c) => self.of_unit("vfm_economy", c),
                };
                match nums([&m, self.cell(n)]) {
                    Ok([_, 0.0]) => Expect::Blank,
                    Ok([m, n]) => Expect::Num(m / n),
                    Err(e) => e,
                }
            }
            Figure::Product { count, price } => match nums([self.cell(count), self.cell(price)]) {
                Ok([c, p]) => Expect::Num(c * p),
                Err(e) => e,
            },
            Figure::Rule(r) => self.rule(r),
            Figure::Mean { .. } | Figure::Wellbys { .. } | Figure::Modelled => Expect::Unknown,
        }
    }

    /// A figure made by one of the published rules.
    fn rule(&self, r: Rule) -> Expect {
        let m = self.method;
        match r {
            Rule::Limit => self.limit(),
            Rule::Position => {
                let (lo, hi) = match self.col_name() {
                    "position_95" => ("lower_95", "upper_95"),
                    _ => ("lower_998", "upper_998"),
                };
                match nums([self.cell("rate_improved"), self.cell(lo), self.cell(hi)]) {
                    Ok([rate, lo, hi]) => Expect::Text(
                        if rate > hi + 1e-9 {
                            "above"
                        } else if rate < lo - 1e-9 {
                            "below"
                        } else {
                            "within"
                        }
                        .into(),
                    ),
                    Err(e) => e,
                }
            }
            Rule::AgencySum => {
                let agency = match self.col_name() {
                    "fiscal_nhs_gbp" => Some("NHS"),
                    "fiscal_local_authority_gbp" => Some("local authority"),
                    "fiscal_other_gbp" => Some("other"),
                    _ => None,
                };
                self.fiscal(agency)
            }
            Rule::FiscalOfUnit => self.fiscal(None),
            Rule::WellbeingValue => match self.of_unit("vfm_effectiveness", "wellbys") {
                Cell::Num { value, .. } => Expect::Num(value * m.wellby.1),
                c => Expect::of(&c),
            },
            Rule::Proxy => {
                if m.proxies.is_empty() {
                    Expect::Num(0.0)
                } else {
                    Expect::Unknown
                }
            }
            Rule::SocialValue => {
                let w = match self.col_name() {
                    "value_low_gbp" => m.wellby.0,
                    "value_high_gbp" => m.wellby.2,
                    _ => m.wellby.1,
                };
                // From the unit's printed WELLBYs, its fiscal lines, the
                // proxies and the additionality factor.
                let fiscal = match self.fiscal(None) {
                    Expect::Num(f) => Cell::Num {
                        value: f,
                        decimals: 9,
                    },
                    e => return e,
                };
                let wellbys = self.of_unit("vfm_effectiveness", "wellbys");
                let cells = [
                    &wellbys,
                    &fiscal,
                    self.cell("proxy_gbp"),
                    self.cell("additionality_factor"),
                ];
                match nums(cells) {
                    Ok([wellbys, fiscal, proxy, factor]) => {
                        Expect::Num((wellbys * w + fiscal + proxy) * factor)
                    }
                    Err(e) => e,
                }
            }
            Rule::Bcr | Rule::Switching => {
                let value = match self.col_name() {
                    "bcr_low" => "value_low_gbp",
                    "bcr_high" => "value_high_gbp",
                    _ => "value_central_gbp",
                };
                let spent = [
                    self.of_unit("vfm_economy", "cost_gbp"),
                    self.of_unit("vfm_economy", "in_kind_gbp"),
                ];
                match nums([self.cell(value), &spent[0], &spent[1]]) {
                    Ok([_, c, k]) if c + k == 0.0 => Expect::Blank,
                    Ok([v, c, k]) => {
                        let bcr = v / (c + k);
                        match r {
                            Rule::Switching if bcr > 0.0 => Expect::Num(1.0 - 1.0 / bcr),
                            Rule::Switching => Expect::Blank,
                            _ => Expect::Num(bcr),
                        }
                    }
                    Err(e) => e,
                }
            }
            Rule::FromSocial => {
                let name = self.col_name();
                // vfm.csv's BCR is its own value ÷ (cost + in-kind).
                if name == "bcr_central" && self.sheet.col("value_central_gbp").is_some() {
                    return match nums([
                        self.cell("value_central_gbp"),
                        self.cell("cost_gbp"),
                        self.cell("in_kind_gbp"),
                    ]) {
                        Ok([_, c, k]) if c + k == 0.0 => Expect::Blank,
                        Ok([v, c, k]) => Expect::Num(v / (c + k)),
                        Err(e) => e,
                    };
                }
                Expect::of(&self.of_unit("vfm_social", name))
            }
            Rule::CostPerWellby => {
                let cost = self.of_unit("vfm_economy", "cost_gbp");
                match nums([&cost, self.cell("wellbys")]) {
                    Ok([c, w]) if w > 0.0 => Expect::Num(c / w),
                    Ok(_) => Expect::Blank,
                    Err(e) => e,
                }
            }
            Rule::Uncertainty => self.uncertainty(),
            Rule::Payment => Expect::Unknown,
            Rule::PaymentToCost => match nums([self.cell("payment_gbp"), self.cell("cost_gbp")]) {
                Ok([_, 0.0]) => Expect::Blank,
                Ok([p, c]) => Expect::Num(p / c),
                Err(e) => e,
            },
            Rule::FollowupRate => {
                if self.text("outcome") != "all outcomes" {
                    return Expect::Blank;
                }
                let p = self.text("project_id");
                self.ed
                    .get("followup")
                    .and_then(|t| {
                        t.rows_where(&[("project_id", p)])
                            .next()
                            .map(|r| Expect::of(t.cell(r, "rate_followup")))
                    })
                    .unwrap_or(Expect::Unknown)
            }
            Rule::Offered => match nums([self.cell("price_gbp"), self.cell("units")]) {
                Ok([p, u]) => Expect::Num(p * u),
                Err(e) => e,
            },
            Rule::Difference => match nums([self.cell("paid_gbp"), self.cell("offered_gbp")]) {
                Ok([p, o]) => Expect::Num(p - o),
                Err(e) => e,
            },
        }
    }

    fn col_name(&self) -> &str {
        self.col
    }

    /// Σ of the unit's fiscal lines' published values (of one agency).
    fn fiscal(&self, agency: Option<&str>) -> Expect {
        let Some(t) = self.ed.get("vfm_fiscal") else {
            return Expect::Unknown;
        };
        let (level, key) = self.unit();
        let mut keys = vec![("level", level.as_str()), ("key", key.as_str())];
        if let Some(a) = agency {
            keys.push(("agency", a));
        }
        let mut total = 0.0;
        for r in t.rows_where(&keys) {
            match nums([t.cell(r, "reduction"), t.cell(r, "unit_cost_gbp")]) {
                Ok([x, p]) => total += x * p,
                Err(e) => return e,
            }
        }
        Expect::Num(total)
    }

    /// A funnel limit around the programme's published share at the
    /// project's published number of people.
    fn limit(&self) -> Expect {
        if self.text("project_id") == "ALL" {
            return Expect::Blank;
        }
        let theta = match self.figure(Figure::TotalShare {
            k: "n_improved",
            n: "n_people",
        }) {
            Expect::Num(t) => t,
            other => return other,
        };
        let n = match nums([self.cell("n_people")]) {
            Ok([n]) => n,
            Err(e) => return e,
        };
        let Some(l) = crate::aggregate::limits(theta, n.max(0.0) as u64) else {
            return Expect::Blank;
        };
        Expect::Num(match self.col_name() {
            "lower_998" => l.lower_998,
            "lower_95" => l.lower_95,
            "upper_95" => l.upper_95,
            _ => l.upper_998,
        })
    }

    /// A vfm_uncertainty figure: a mean change is modelled as a mean (not
    /// checked here); cost per outcome and its interval are worked out
    /// from vfm.csv's published cost and outcomes and the row's people.
    fn uncertainty(&self) -> Expect {
        if self.text("statistic") != "cost_per_outcome" {
            return Expect::Unknown;
        }
        let p = self.text("project_id");
        let Some((cost, k)) = self.ed.get("vfm").and_then(|t| {
            t.rows_where(&[("project_id", p)])
                .next()
                .map(|r| (t.cell(r, "cost_gbp").clone(), t.cell(r, "outcomes").clone()))
        }) else {
            return Expect::Unknown;
        };
        let [cost, k, n] = match nums([&cost, &k, self.cell("n")]) {
            Ok(v) => v,
            Err(e) => return e,
        };
        let name = self.col_name();
        if name == "estimate" {
            return if k > 0.0 {
                Expect::Num(cost / k)
            } else {
                Expect::Blank
            };
        }
        let (k, n) = (k.max(0.0) as u64, n.max(0.0) as u64);
        if k >= n && self.method.published {
            return Expect::Withheld;
        }
        let i = crate::value::bootstrap_cost_per_outcome(
            cost,
            k,
            n,
            &self.method.bootstrap,
            &format!("cost_per_outcome|{p}"),
        );
        match (name, i) {
            ("ci_low", Some(i)) => Expect::Num(i.low),
            ("ci_high", Some(i)) => i.high.map_or(Expect::Blank, Expect::Num),
            _ => Expect::Blank,
        }
    }
}

fn share(k: &Cell, n: &Cell) -> Expect {
    match nums([k, n]) {
        Ok([_, 0.0]) => Expect::Blank,
        Ok([k, n]) => Expect::Num(k / n),
        Err(e) => e,
    }
}

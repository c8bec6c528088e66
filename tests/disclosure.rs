//! The published edition: every figure derived from counts of people is
//! worked out from the published counts, by the same rules the internal
//! edition's figures follow.

mod common;

use common::fixture;
use needle::config::Config;
use needle::disclose::rules_against_stage;
use needle::runs::exact_tables;

/// Each derived column's published rule, applied to the exact edition's
/// own figures, gives exactly what the stages computed: the published
/// edition follows the same definitions, only from published counts.
#[test]
fn every_published_rule_says_what_the_stage_computed() {
    let config = Config::builtin().unwrap();
    for dir in ["returns", "clinical", "small"] {
        let (tables, consts) = exact_tables(&[fixture(dir)], &config).unwrap();
        let wrong = rules_against_stage(&tables, &consts);
        assert!(wrong.is_empty(), "fixtures/{dir}:\n{}", wrong.join("\n"));
    }
}

use needle::audit::{TABLES, audit};
use needle::disclose::{Format, Published, Role, Table, Val};
use needle::runs::{ConfigFiles, audit_files, load_config, publish};
use std::path::Path;

/// The built-in config with the example tariff and menu, so that every
/// table a report can publish is made.
fn with_tariff_and_menu() -> Config {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    load_config(&ConfigFiles {
        tariff: Some(&dir.join("tariff-example.toml")),
        menu: Some(&dir.join("menu-example.csv")),
        ..ConfigFiles::default()
    })
    .unwrap()
    .config
}

/// The audit's catalogue is right about the exact edition: every count
/// known, every relation (sums, links, bounds, means, WELLBYs) holds and
/// every figure is what the published method gives.
#[test]
fn the_audits_catalogue_holds_on_the_exact_edition() {
    let configs = [Config::builtin().unwrap(), with_tariff_and_menu()];
    for config in &configs {
        for dir in ["returns", "clinical", "small"] {
            let (tables, _) = exact_tables(&[fixture(dir)], config).unwrap();
            let files = audit_files(&Published::exact(tables), "*", None).unwrap();
            let a = audit(&files, config, true).unwrap();
            let found: Vec<String> = a
                .findings
                .iter()
                .map(|f| format!("{}: {}", f.cell, f.why))
                .collect();
            assert!(found.is_empty(), "fixtures/{dir}:\n{}", found.join("\n"));
            assert!(a.counts > 100, "fixtures/{dir}: {} counts", a.counts);
        }
    }
}

/// Every numeric column of every table a report publishes is known to the
/// audit: a count it solves for, a figure it checks or models, or a
/// number not about people. (This test reads the declarations; the audit
/// never does.)
#[test]
fn every_numeric_column_is_in_the_audits_catalogue() {
    let config = with_tariff_and_menu();
    let (tables, _) = exact_tables(&[fixture("small")], &config).unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
    assert!(
        names.contains(&"pbr") && names.contains(&"menu_prices"),
        "{names:?}"
    );
    let mut missing = Vec::new();
    for t in &tables {
        let Some(c) = TABLES.iter().find(|c| c.name == t.name) else {
            missing.push(format!("table {}", t.name));
            continue;
        };
        for col in &t.columns {
            let numeric = !matches!(col.format, Format::Text | Format::Date | Format::Flag)
                || matches!(
                    col.role,
                    Role::Count | Role::Statistic(_) | Role::Derived(_)
                );
            if col.role == Role::Key || !numeric {
                continue;
            }
            let known = c.counts.contains(&col.name)
                || c.plain.contains(&col.name)
                || c.figures.iter().any(|(n, _)| *n == col.name);
            if !known {
                missing.push(format!("{}.{}", t.name, col.name));
            }
            // A count column of the declarations is a count of the
            // catalogue, and a plain column one not about people.
            if col.role == Role::Count && !c.counts.contains(&col.name) {
                missing.push(format!("{}.{} is a count", t.name, col.name));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The published edition of every fixture set passes its own audit, and
/// the run writes what it tried.
#[test]
fn the_published_editions_pass_their_own_audit() {
    let config = with_tariff_and_menu();
    for dir in ["returns", "clinical", "small"] {
        let (tables, consts) = exact_tables(&[fixture(dir)], &config).unwrap();
        let a = publish(&tables, &config, &consts, |_| Ok(None)).unwrap();
        assert!(a.audit.passed());
        let again = audit(
            &audit_files(&a.published, "*", None).unwrap(),
            &config,
            false,
        )
        .unwrap();
        assert!(again.passed(), "fixtures/{dir}: {:?}", again.findings);
    }
}

/// The published edition as needle made it before issue 26: counts
/// rounded and withheld, but every share, interval and money per head
/// worked out from the exact counts. The audit must fail it.
#[test]
fn todays_rule_of_rates_from_exact_counts_fails_the_audit() {
    let config = Config::builtin().unwrap();
    let (tables, consts) = exact_tables(&[fixture("returns")], &config).unwrap();
    let published = Published::disclosed(&tables, &config.disclosure, &consts, &[]);
    let leaky: Vec<Table> = published
        .iter()
        .zip(&tables)
        .map(|(p, exact)| {
            let mut t = p.clone();
            for (c, col) in t.columns.clone().iter().enumerate() {
                if !matches!(col.role, Role::Derived(_)) {
                    continue;
                }
                for (row, e) in t.rows.iter_mut().zip(&exact.rows) {
                    if matches!(row[c], Val::Num { .. }) && matches!(e[c], Val::Num { .. }) {
                        row[c] = e[c].clone();
                    }
                }
            }
            t
        })
        .collect();
    let a = audit(
        &audit_files(&Published::exact(leaky), "*", None).unwrap(),
        &config,
        false,
    )
    .unwrap();
    assert!(!a.passed());
    // The issue's own example: funnels.csv PP-SAL-11, objective 1,
    // "10, 10, 0.9167", is 11 of 12.
    let pinned = |table: &str, column: &str, row_has: &str| {
        let f = a
            .findings
            .iter()
            .find(|f| f.cell.table == table && f.cell.column == column && f.why.contains(row_has));
        f.is_some()
    };
    assert!(
        a.findings
            .iter()
            .any(|f| f.cell.table == "funnels" && f.cell.column == "rate_improved"),
        "{:#?}",
        a.findings
    );
    assert!(
        pinned("funnels", "n_people", "pin it to 12")
            || a.candidates.iter().any(|(c, d)| c.table == "funnels"
                && c.column == "n_people"
                && d.describe() == "12")
    );
}

/// `needle audit DIR` attacks an edition on disk: the published edition
/// of fixtures/returns passes (exit 0); the same edition with one share
/// printed from an exact count (20 of 21 beside a published "20, 20")
/// fails (exit 1), naming the table, row and column.
#[test]
fn needle_audit_attacks_an_edition_on_disk() {
    let out = common::report(&["fixtures/returns", "--no-store"]);
    let (code, text) = common::run(common::needle().arg("audit").arg(out.path()));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("nothing can be worked out that the edition withholds"),
        "{text}"
    );

    let path = out.path().join("tables/funnels.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (n, k, rate) = (col("n_people"), col("n_improved"), col("rate_improved"));
    let mut changed = None;
    let lines: Vec<String> = csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut f: Vec<String> = line.split(',').map(str::to_string).collect();
            if changed.is_none() && i > 0 && f[n] == "20" && f[k] == "20" {
                // 20 ÷ 21 = 0.95238…, printed 0.9524: the share of an exact
                // count, where the published counts give 20 ÷ 20 = 1.0000.
                f[rate] = "0.9524".into();
                changed = Some(i);
            }
            f.join(",")
        })
        .collect();
    let row = changed.expect("a funnels row of 20 of 20");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (code, text) = common::run(
        common::needle()
            .arg("audit")
            .arg(out.path())
            .args(["--format", "json"]),
    );
    assert_eq!(code, 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["cell"]["table"] == "funnels"
            && f["cell"]["column"] == "rate_improved"
            && f["cell"]["row"] == row as u64),
        "{text}"
    );
}

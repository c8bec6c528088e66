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

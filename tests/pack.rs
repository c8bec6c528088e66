//! `needle pack`: evidence packs for advocates, on fixtures/small (Q2) and
//! fixtures/small-q1 (SML-A's Q1), with stories added in a temporary copy.

mod common;
use common::{all_bytes, all_text, fixture, has_token, needle, read, run};
use std::path::Path;

/// fixtures/small and fixtures/small-q1 copied, with a Stories sheet added
/// to SML-A's Q2 return: S1 (consent, objective 1), S2 (no consent), S3
/// (consent, objective 2, hostile text).
fn returns_with_stories() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (set, p) in [
        ("small", "SML-A"),
        ("small", "SML-B"),
        ("small-q1", "SML-A-Q1"),
    ] {
        let to = dir.path().join(set).join(p);
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(fixture(set).join(p)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("small/SML-A/Stories.csv"),
        "Story ID,Activity ID,Objective,Title,Story,Consent to publish\n\
         S1,A1,1,Walking it off,\"Joined the walking group in July.\nNow leads the Tuesday walk.\",Yes\n\
         S2,A1,1,NOCONSENTTITLE,NOCONSENTSENTINEL story text,No\n\
         S3,A2,2,<script>alert(1)</script>,<img src=x onerror=alert(1)> =HYPERLINK(\"x\"),Yes\n",
    )
    .unwrap();
    dir
}

/// Runs `needle pack <dir> <args> --out <tmp>`; (exit code, output, folder).
fn pack(dir: &Path, args: &[&str]) -> (i32, String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let (code, text) = run(needle()
        .arg("pack")
        .arg(dir)
        .args(args)
        .arg("--out")
        .arg(out.path()));
    (code, text, out)
}

fn lines(csv: &str) -> Vec<&str> {
    csv.lines().collect()
}

#[test]
fn quarters_are_pooled_counting_each_person_once_and_suppressed() {
    let dir = returns_with_stories();
    let (code, text, out) = pack(dir.path(), &["--objective", "1"]);
    assert_eq!(code, 0, "{text}");
    // Objective 1 over Q1–Q2: SML-A's P01–P03 are in both quarters and
    // count once: SML-A 9 people (8 improved, all but P05), SML-B 3 (B01,
    // B03) → 12 people, 10 improved, 10/12 = 0.8333. Published: 12 → 10,
    // 10 → 10, and the rate worked out from those, 10/10 = 1.0000 (the
    // exact 0.8333 would tell 10 of 12). (Summing the quarters would give
    // 15.)
    // Stockport's 3 is withheld, so Salford is too (All − Salford = 3).
    assert_eq!(
        lines(&read(out.path(), "tables/objectives.csv")),
        [
            "quarter,area,objective,objective_name,n_people,n_improved,rate_improved,count_outcomes",
            "2026/27 Q1 to 2026/27 Q2,All areas,1,More people will have good mental health,10,10,1.0000,0",
            "2026/27 Q1 to 2026/27 Q2,Salford,1,More people will have good mental health,*,*,*,0",
            "2026/27 Q1 to 2026/27 Q2,Stockport,1,More people will have good mental health,*,*,*,0",
        ]
    );
    // Distance travelled, all projects, WEMWBS: one pair per person over
    // the span, as a year's report counts it (docs/methods.md): the
    // earliest baseline and the latest follow-up. SML-A's P01–P03 have Q1
    // baselines (6 April) of 40, 38, 45 and Q2 follow-ups of 45, 49, 50;
    // P04 Q1's 30 and Q2's 33; P05–P09 Q2's pairs (45→43, 35→27, 42→44,
    // 38→41, 44→48). 9 pairs (was 12 when each quarter's pair counted):
    // baselines 40+38+45+30+45+35+42+38+44 = 357 → 39.67, follow-ups
    // 45+49+50+33+43+27+44+41+48 = 380 → 42.22, change 23/9 = 2.56;
    // improved 7 (all but P05, P06), meaningful 6 (≥ 3: P01–P04, P08,
    // P09), reliable 1 (P02 +11 ≥ 8), reliably worse 1 (P06 −8). Published:
    // 9 → 10, 7, 6 and the 1s withheld, and the means at no decimals, as
    // the audit asks: at one, a mean of whole scores admits only some
    // numbers of people (39.7 is a whole sum over 9, 10, 11 or 12 people
    // but not 8: 317/8 = 39.63, 318/8 = 39.75), narrowing the published 10.
    let m = read(out.path(), "tables/measures.csv");
    assert!(
        m.contains("2026/27 Q1 to 2026/27 Q2,ALL,WEMWBS,10,40,42,3,*,*,*,*,"),
        "{m}"
    );
    assert!(!m.contains("PHQ-9") && !m.contains("GAD-7"), "{m}");
    // Trends stay quarter by quarter: Q1 rests on 3 people, withheld.
    let t = read(out.path(), "tables/trends.csv");
    assert!(
        t.contains("2026/27 Q1,All areas,1,More people will have good mental health,*,*,*,*,0")
    );
    assert!(
        t.contains("2026/27 Q2,All areas,1,More people will have good mental health,10,10,1.0000,")
    );

    let html = read(out.path(), "pack.html");
    assert!(html.contains("<title>Evidence pack: objective 1 (More people will have good mental health), all areas, 2026/27 Q1 to 2026/27 Q2</title>"));
    assert!(html.contains(
        "10 people had a before-and-after measure, and 10 of them (100\u{a0}%) improved meaningfully."
    ));
    assert!(html.contains("3 return(s) from 2 project(s)"));
    assert!(html.contains("level 2 of 5 on the Maryland Scientific Methods Scale"));
    assert!(html.contains("Published edition: small numbers suppressed"));
    // The charts are inline and as files; each has alt text.
    for c in ["objectives", "distance", "trends"] {
        assert!(out.path().join(format!("charts/{c}.svg")).is_file(), "{c}");
    }
    assert_eq!(html.matches("<figure role=\"img\" aria-label=").count(), 3);
    // Only the consented objective-1 story, its lines as paragraphs.
    assert!(html.contains("<h3>Walking it off</h3><p class=\"note\">Small Walkers, Salford, 2026/27 Q2; objective(s) 1</p><p>Joined the walking group in July.</p><p>Now leads the Tuesday walk.</p>"), "{html}");
    assert!(
        !html.contains("alert(1)"),
        "objective 2's story is not in an objective-1 pack"
    );
}

#[test]
fn a_story_without_consent_never_appears_and_hostile_text_is_escaped() {
    let dir = returns_with_stories();
    let (code, text, out) = pack(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    for (name, text) in all_text(out.path()) {
        assert!(
            !text.contains("NOCONSENT"),
            "a story without consent is in {name}"
        );
        if name.ends_with(".html") || name.ends_with(".svg") {
            assert!(!text.contains("<script"), "{name}");
            assert!(!text.contains("<img"), "{name}");
        }
    }
    let html = read(out.path(), "pack.html");
    assert!(html.contains("<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>"));
    assert!(html.contains("<p>&lt;img src=x onerror=alert(1)&gt; =HYPERLINK(&quot;x&quot;)</p>"));
    assert!(text.contains("2 stories with consent to publish"), "{text}");
}

#[test]
fn no_participant_reference_appears_in_a_pack() {
    let dir = returns_with_stories();
    let (_, _, out) = pack(dir.path(), &[]);
    let refs: Vec<String> = (1..=10)
        .map(|i| format!("P{i:02}"))
        .chain((1..=3).map(|i| format!("B{i:02}")))
        .collect();
    let files = all_text(out.path());
    assert!(files.len() >= 10, "{} files", files.len());
    for (name, text) in files {
        if name.ends_with(".png") {
            continue;
        }
        for r in &refs {
            assert!(!has_token(&text, r), "{r} appears in {name}");
        }
    }
}

#[test]
fn area_and_activity_type_narrow_the_pack() {
    let dir = returns_with_stories();
    // Stockport is SML-B alone: 3 people on objective 1, all withheld.
    let (code, _, out) = pack(dir.path(), &["--area", "stockport", "--objective", "1"]);
    assert_eq!(code, 0);
    assert_eq!(
        lines(&read(out.path(), "tables/objectives.csv"))[1..],
        [
            "2026/27 Q2,All areas,1,More people will have good mental health,*,*,*,0",
            "2026/27 Q2,Stockport,1,More people will have good mental health,*,*,*,0",
        ]
    );
    let html = read(out.path(), "pack.html");
    assert!(html.contains("Projects: Small Makers (Stockport)."));
    assert!(html.contains(
        "Fewer than 8 people had a before-and-after measure, too few to publish a figure."
    ));
    assert!(
        html.contains("No story in these returns has consent to publish and matches this pack.")
    );

    // "Peer support" is SML-A's A2 only (4 participants, no outcome rows)
    // and A2's story S3; the walking group's story S1 is left out.
    let (code, _, out) = pack(dir.path(), &["--activity-type", "Peer Support"]);
    assert_eq!(code, 0);
    let html = read(out.path(), "pack.html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("Walking it off"));
    assert!(
        html.contains("peer support, all areas, 2026/27 Q2"),
        "{html:.600}"
    );
}

#[test]
fn organisation_type_narrows_the_pack_to_projects_of_that_type() {
    let dir = returns_with_stories();
    // SML-A (both quarters) is a community group, SML-B a social
    // enterprise / CIC. Objective 1 over Q1–Q2 for community groups is
    // SML-A alone: 9 people, 8 improved (all but P05), 8/9 = 0.8889;
    // published 9 → 10, 8 → 10, and the rate from those 10/10 = 1.0000.
    let (code, text, out) = pack(
        dir.path(),
        &["--org-type", "Community Group", "--objective", "1"],
    );
    assert_eq!(code, 0, "{text}");
    let objectives = read(out.path(), "tables/objectives.csv");
    assert!(
        lines(&objectives)[1].starts_with("2026/27 Q1 to 2026/27 Q2,All areas,1,More people will have good mental health,10,10,1.0000,"),
        "{objectives}"
    );
    // The same figures as a pack of SML-A's returns alone.
    let only_a = tempfile::tempdir().unwrap();
    for p in ["small/SML-A", "small-q1/SML-A-Q1"] {
        let to = only_a.path().join(p);
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(dir.path().join(p)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
        }
    }
    let (code, _, alone) = pack(only_a.path(), &["--objective", "1"]);
    assert_eq!(code, 0);
    for t in [
        "tables/objectives.csv",
        "tables/trends.csv",
        "tables/measures.csv",
    ] {
        assert_eq!(read(out.path(), t), read(alone.path(), t), "{t}");
    }
    let html = read(out.path(), "pack.html");
    assert!(html.contains("Projects: Small Walkers (Salford)."));
    assert!(html.contains("community group projects, all areas"));
    // "CIC" is read as an About sheet's Organisation type is: SML-B only.
    let (code, _, out) = pack(dir.path(), &["--org-type", "CIC"]);
    assert_eq!(code, 0);
    assert!(read(out.path(), "pack.html").contains("Projects: Small Makers (Stockport)."));
    assert!(
        read(out.path(), "manifest.json").contains("\"org_type\": \"social enterprise / CIC\"")
    );
    // A type no return has, and a type that does not exist.
    let (code, text, _) = pack(dir.path(), &["--org-type", "NHS"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("no usable return matches organisation type 'NHS'; organisation types found: community group, social enterprise / CIC"),
        "{text}"
    );
    let (code, text, _) = pack(dir.path(), &["--org-type", "council"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("Organisation type 'council' is not one of the allowed values")
            && text.contains("user-led organisation"),
        "{text}"
    );
}

#[test]
fn a_pack_that_matches_nothing_says_what_there_is() {
    let dir = returns_with_stories();
    let (code, text, _) = pack(dir.path(), &["--area", "Bolton"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("no usable return matches area 'Bolton'; areas found: Salford, Stockport; quarters found: 2026/27 Q1, 2026/27 Q2"),
        "{text}"
    );
    let (code, text, _) = pack(dir.path(), &["--from", "2026/27 Q2", "--to", "2026/27 Q1"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("--from 2026/27 Q2 is after --to 2026/27 Q1"),
        "{text}"
    );
    let (code, text, _) = pack(dir.path(), &["--objective", "7"]);
    assert_eq!(code, 2);
    assert!(text.contains("7 is not in 1..=6"), "{text}");
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let dir = returns_with_stories();
    let (_, _, a) = pack(dir.path(), &[]);
    let (_, _, b) = pack(dir.path(), &[]);
    let (fa, fb) = (all_bytes(a.path()), all_bytes(b.path()));
    assert_eq!(fa.len(), fb.len());
    for ((na, ba), (nb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between runs");
    }
}

#[test]
fn a_folder_name_from_spreadsheet_text_cannot_leave_the_output_folder() {
    // A pack's default folder is named from the area as the return spells
    // it. An area of "../../../outside/x" must not climb out of reports/.
    let dir = common::altered("About.csv", "Area,Salford", "Area,../../../outside/x");
    let cwd = tempfile::tempdir().unwrap();
    let (code, text) = run(std::process::Command::new(env!("CARGO_BIN_EXE_needle"))
        .current_dir(cwd.path().join("."))
        .arg("pack")
        .arg(dir.path())
        .args(["--area", "../../../outside/x"]));
    assert_eq!(code, 0, "{text}");
    // Exactly one folder was made, directly inside reports/, with every
    // '/' turned into '-' and the leading dots kept inside the name.
    let made: Vec<String> = std::fs::read_dir(cwd.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].starts_with("pack-..-..-..-outside-x-"), "{made:?}");
    assert!(
        cwd.path()
            .join("reports")
            .join(&made[0])
            .join("pack.html")
            .is_file()
    );
    // Nothing beside reports/ in the working folder, nothing above it.
    let beside: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert_eq!(beside.len(), 1);
    assert!(!cwd.path().parent().unwrap().join("outside").exists());
}

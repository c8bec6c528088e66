//! `needle checker` end to end with a stand-in WebAssembly module (the real
//! one is built and driven in Chromium by .ci/browser-check): the page
//! carries the commissioner's config but not the expected returns, is the
//! same bytes for the same config, and a config needle refuses is refused.

mod common;
use common::needle;

/// The smallest WebAssembly module: its header.
const EMPTY_MODULE: &[u8] = b"\0asm\x01\0\0\0";

fn checker(dir: &std::path::Path, config: Option<&std::path::Path>) -> (bool, String, String) {
    let wasm = dir.join("m.wasm");
    std::fs::write(&wasm, EMPTY_MODULE).unwrap();
    let out = dir.join("checker.html");
    let mut cmd = needle();
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    let st = cmd
        .arg("checker")
        .arg("--out")
        .arg(&out)
        .env("NEEDLE_CHECKER_WASM", &wasm)
        .output()
        .unwrap();
    (
        st.status.success(),
        std::fs::read_to_string(&out).unwrap_or_default(),
        String::from_utf8_lossy(&st.stderr).into_owned(),
    )
}

#[test]
fn the_page_carries_the_config_but_not_the_expected_returns() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    // The commissioner's own copy of measures.toml (marked by a comment):
    // the page carries it, not the built-in one.
    let mut measures = std::fs::read_to_string("config/measures.toml").unwrap();
    measures.push_str("\n# Our own copy, 2026.\n");
    std::fs::write(cfg.join("measures.toml"), &measures).unwrap();
    let (ok, page, err) = checker(dir.path(), Some(&cfg));
    assert!(ok, "{err}");
    assert!(page.contains("Content-Security-Policy"));
    assert!(page.contains("connect-src &#39;none&#39;"), "CSP");
    assert!(page.contains("\"measures.toml\""));
    assert!(page.contains("# Our own copy, 2026."));
    assert!(page.contains("\"limits.toml\""));
    assert!(!page.contains("\"expected.toml\""));
    // The module, base64: the header's "AGFzbQEAAAA=".
    assert!(page.contains(">AGFzbQEAAAA=</script>"));
    // Same config, same bytes.
    let (_, again, _) = checker(dir.path(), Some(&cfg));
    assert_eq!(page, again);
}

#[test]
fn a_config_needle_would_refuse_is_refused_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    std::fs::write(cfg.join("limits.toml"), "max_file_bytes = \"lots\"\n").unwrap();
    let (ok, _, err) = checker(dir.path(), Some(&cfg));
    assert!(!ok);
    assert!(err.contains("limits.toml"), "{err}");
}

#[test]
fn a_module_that_is_not_webassembly_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wasm = dir.path().join("m.wasm");
    std::fs::write(&wasm, b"not a module").unwrap();
    let st = needle()
        .args(["checker", "--out"])
        .arg(dir.path().join("c.html"))
        .env("NEEDLE_CHECKER_WASM", &wasm)
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&st.stderr).contains("is not a WebAssembly module"));
}

/// A needle built without the module (a plain `cargo build`: no
/// NEEDLE_EMBED_CHECKER) says in one line how to add it, and writes
/// nothing; one built with it needs nothing else. needle never runs cargo.
#[test]
fn without_an_embedded_module_the_checker_says_how_to_add_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("checker.html");
    let (code, text) = common::run(
        needle()
            .arg("checker")
            .arg("--out")
            .arg(&out)
            .env_remove("NEEDLE_CHECKER_WASM"),
    );
    if option_env!("NEEDLE_EMBED_CHECKER").is_some() {
        assert_eq!(code, 0, "{text}");
        assert!(out.is_file());
        return;
    }
    assert_eq!(code, 2, "{text}");
    assert_eq!(text.trim().lines().count(), 1, "{text}");
    assert!(
        text.contains("built without the checker's WebAssembly module")
            && text.contains(
                "NEEDLE_EMBED_CHECKER=target/wasm32-unknown-unknown/release/needle_checker.wasm"
            ),
        "{text}"
    );
    assert!(!out.exists());
}

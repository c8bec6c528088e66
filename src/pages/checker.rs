//! checker.html: the return checker as one self-contained page that runs
//! in the volunteer's browser, from disk, with no server and no network.
//!
//! The page inlines everything: its style, its script, the worker's
//! script, the commissioner's config (as the TOML texts `needle` reads)
//! and the WebAssembly module (`checker/`, needle's ingest and contract).
//! A Content-Security-Policy forbids every connection; scripts run only by
//! their hashes. Each file is checked in a Web Worker, in a fresh instance
//! of the module, so a file that stops a parser (a trap: on wasm32 a panic
//! aborts) is refused in words and the next file is checked as usual.
//!
//! Every word a result shows comes from the module: the status, the
//! messages and hints of `needle validate`. The script only lays them out,
//! with `textContent` (never HTML from a file).

use crate::core::escape::html as esc;
use sha2::{Digest, Sha256};

const STYLE: &str = r#"
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#222;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.3rem}h2{border-bottom:2px solid #1F4E79;padding-bottom:.2rem;margin-top:2rem}
.promise{border-left:4px solid #1F4E79;padding:.2rem .8rem;background:#F5F7FA}
.drop{display:block;border:3px dashed #1F4E79;border-radius:.5rem;padding:1.5rem;text-align:center;margin:1rem 0;background:#FAFBFD}
.drop.over{background:#E8EEF4}
.drop input{display:block;margin:.8rem auto 0;font-size:1rem}
input:focus-visible,button:focus-visible{outline:3px solid #B35C00;outline-offset:2px}
button{font-size:1rem;padding:.4rem 1rem;border:2px solid #1F4E79;background:#fff;color:#1F4E79;border-radius:.3rem;cursor:pointer}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem;width:100%}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
thead th{background:#E8EEF4}td.n{text-align:right}
.status{font-size:1.1rem;font-weight:bold;padding:.4rem .8rem;border:2px solid #444;display:inline-block}
.status.ok{border-color:#1B7837;background:#DDEFE0}.status.errors{border-color:#B35C00;background:#FDF6DC}.status.rejected{border-color:#B2182B;background:#F7DEDC}
.kind-error{font-weight:bold;color:#8B0000}.kind-warning{color:#6B4E00}
.note{font-size:.9em;color:#444}
@media print{.drop,.actions,.promise,.intro,details{display:none}body{margin:0;max-width:none;font-size:10pt}section.result{page-break-inside:auto}tr{page-break-inside:avoid}}
@page{margin:12mm}
"#;

/// The page's script: reads the picked files, runs each return in a worker
/// and shows the result the module gives.
const SCRIPT: &str = r#"
"use strict";
const $ = (id) => document.getElementById(id);
const bytesOf = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const moduleReady = WebAssembly.compile(bytesOf($("wasm").textContent.trim()));
const config = $("config").textContent;
const workerUrl = URL.createObjectURL(new Blob([$("worker").textContent], { type: "text/javascript" }));
const results = $("results");
const LIMIT_MS = 60000;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

// One return through a fresh worker and a fresh instance of the module.
async function checkOne(files) {
  const module = await moduleReady;
  const payload = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  return new Promise((resolve) => {
    const w = new Worker(workerUrl);
    const timer = setTimeout(() => { w.terminate(); resolve({ timeout: true }); }, LIMIT_MS);
    w.onmessage = (m) => { clearTimeout(timer); w.terminate(); resolve(m.data); };
    w.onerror = (e) => { clearTimeout(timer); w.terminate(); resolve({ error: e.message || "the checker stopped" }); };
    w.postMessage({ module, config, files: payload });
  });
}

const STATUS = {
  accepted: ["ok", "Ready to send: every row of this return can be used."],
  accepted_with_errors: ["errors", "Some rows have errors: they would be left out. Fix the cells below, then check again."],
  rejected: ["rejected", "This return cannot be used as it is. Fix what is listed below, then check again."],
  superseded: ["errors", "Superseded by a later return."],
};

function show(name, out) {
  const s = el("section", null, "result");
  s.setAttribute("aria-label", "Result for " + name);
  s.appendChild(el("h2", name));
  if (!out || out.error || out.timeout) {
    s.appendChild(el("p", out && out.timeout ? "This file took too long to check (over a minute), so it was stopped. Save it again from your spreadsheet program and check it again." : "The checker could not run on this file: " + ((out && out.error) || "unknown reason"), "status rejected"));
    results.prepend(s);
    return;
  }
  const r = out.validation.returns[0];
  const [cls, words] = STATUS[r.status] || ["rejected", r.status];
  s.appendChild(el("p", words, "status " + cls));
  const errors = r.issues.filter((i) => i.severity === "error").length;
  const warnings = r.issues.length - errors;
  const who = [r.project_id && "project " + r.project_id, r.quarter].filter(Boolean).join(", ");
  s.appendChild(el("p", (who ? who + ": " : "") + errors + " error(s) and " + warnings + " warning(s).")); 
  // Issues, by sheet, with the cell and how to fix it; then what was read.
  const sheets = [];
  for (const i of r.issues) {
    const key = i.sheet || "The file";
    let g = sheets.find((x) => x.key === key);
    if (!g) { g = { key, issues: [] }; sheets.push(g); }
    g.issues.push(i);
  }
  for (const g of sheets) {
    const t = el("table");
    t.appendChild(el("caption", g.key + ": what to fix"));
    const head = el("thead"); const hr = el("tr");
    for (const h of ["Cell", "Kind", "What is wrong", "How to fix it"]) { const th = el("th", h); th.scope = "col"; hr.appendChild(th); }
    head.appendChild(hr); t.appendChild(head);
    const body = el("tbody");
    for (const i of g.issues) {
      const tr = el("tr");
      tr.appendChild(el("td", i.cell || "–"));
      tr.appendChild(el("td", i.severity === "error" ? "Error" : "Warning", "kind-" + i.severity));
      tr.appendChild(el("td", i.message));
      tr.appendChild(el("td", i.hint));
      tr.dataset.code = i.code;
      body.appendChild(tr);
    }
    t.appendChild(body); s.appendChild(t);
  }
  if (out.read) s.appendChild(whatWeRead(out.read));
  const rows = Object.entries(r.rows || {});
  if (rows.length) {
    const t = el("table");
    t.appendChild(el("caption", "Rows read"));
    const head = el("thead"); const hr = el("tr");
    for (const h of ["Sheet", "Rows read", "Used", "Refused"]) { const th = el("th", h); th.scope = "col"; hr.appendChild(th); }
    head.appendChild(hr); t.appendChild(head);
    const body = el("tbody");
    for (const [sheet, x] of rows) {
      const tr = el("tr");
      tr.appendChild(el("td", sheet));
      for (const v of [x.read, x.accepted, x.refused]) tr.appendChild(el("td", v, "n"));
      body.appendChild(tr);
    }
    t.appendChild(body); s.appendChild(t);
  }
  const pre = el("details");
  pre.appendChild(el("summary", "The same result as text (as needle validate prints it)"));
  pre.appendChild(el("pre", out.text));
  s.appendChild(pre);
  results.prepend(s);
}

function whatWeRead(w) {
  const d = el("div");
  d.appendChild(el("h3", "What we read"));
  const ul = el("ul");
  ul.appendChild(el("li", w.project_name + " (" + w.project_id + "), " + w.quarter));
  ul.appendChild(el("li", w.activities + " activities, " + w.people + " people on the People sheet, " + w.counts + " counts, " + w.stories + " stories"));
  for (const [m, n, f] of w.measures) ul.appendChild(el("li", m + ": " + n + " scores at the start, " + f + " with a follow-up"));
  d.appendChild(ul);
  return d;
}

async function checkFiles(list) {
  const files = Array.from(list);
  if (!files.length) return;
  const csv = files.filter((f) => f.name.toLowerCase().endsWith(".csv"));
  const others = files.filter((f) => !f.name.toLowerCase().endsWith(".csv"));
  const jobs = others.map((f) => [f.name, [f]]);
  if (csv.length) jobs.push(["CSV files: " + csv.map((f) => f.name).join(", "), csv]);
  $("busy").textContent = "Checking " + files.length + " file(s)…";
  for (const [name, group] of jobs) show(name, await checkOne(group));
  const total = Number(document.body.dataset.checked || 0) + jobs.length;
  document.body.dataset.checked = String(total);
  $("busy").textContent = "Checked " + total + " return(s) so far. The newest result is first.";
}

$("files").addEventListener("change", (e) => { checkFiles(e.target.files); e.target.value = ""; });
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); checkFiles(e.dataTransfer.files); });
$("print").addEventListener("click", () => window.print());
moduleReady.then(() => { document.body.dataset.ready = "yes"; }, (e) => { $("busy").textContent = "This browser could not start the checker: " + e; });
"#;

/// The worker: one request, one fresh instance; a trap refuses the file
/// through another fresh instance, in the module's own words.
const WORKER: &str = r#"
"use strict";
onmessage = (m) => {
  const { module, config, files } = m.data;
  const enc = new TextEncoder();
  const parts = [];
  const put = (b) => { const n = new Uint8Array(4); new DataView(n.buffer).setUint32(0, b.length, true); parts.push(n, b); };
  put(enc.encode(config));
  const count = new Uint8Array(4); new DataView(count.buffer).setUint32(0, files.length, true); parts.push(count);
  for (const f of files) { put(enc.encode(f.name)); put(f.bytes); }
  // The module imports a few of wasm-bindgen's placeholder functions
  // (from zip's and cfb's web dependencies, never called to check a
  // return): a clock is answered, anything else is an error in the module.
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) {
    const f = i.name.includes("_now_") ? () => Date.now()
      : i.name.includes("drop_ref") || i.name.includes("describe") || i.module.includes("externref") ? () => 0
      : () => { throw new Error("the checker called " + i.name); };
    (imports[i.module] = imports[i.module] || {})[i.name] = f;
  }
  const run = (fn, bytes) => {
    const x = new WebAssembly.Instance(module, imports).exports;
    const ptr = x.alloc(bytes.length);
    new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
    const len = x[fn](ptr, bytes.length);
    return JSON.parse(new TextDecoder().decode(new Uint8Array(x.memory.buffer, x.result_ptr(), len)));
  };
  const request = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0; for (const p of parts) { request.set(p, at); at += p.length; }
  try {
    postMessage(run("check", request));
  } catch (e) {
    const name = files.length === 1 ? files[0].name : "CSV files";
    try { postMessage(run("could_not_read", enc.encode(name))); }
    catch (e2) { postMessage({ error: String(e) }); }
  }
};
"#;

/// The page's one sentence on privacy, shown above the file picker.
pub const PROMISE: &str = "Your return never leaves this computer: the check runs inside your browser, and this page is not allowed to connect to anything.";

/// checker.html for `wasm` (the module, custom sections already dropped)
/// and the config texts (file name, text) it is to carry.
pub fn render(wasm: &[u8], config: &[(String, String)]) -> String {
    let config_json = serde_json::to_string(config)
        .unwrap_or_else(|_| "[]".into())
        // Never close the script element that holds it.
        .replace("</", "<\\/");
    let csp = format!(
        "default-src 'none'; script-src '{}' 'wasm-unsafe-eval'; style-src '{}'; worker-src blob:; connect-src 'none'; img-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    );
    let mut o = String::with_capacity(wasm.len() * 4 / 3 + 64 * 1024);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        esc(&csp)
    ));
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Check your quarterly return</title>\n");
    o.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    o.push_str("<header><h1>Check your quarterly return</h1></header>\n<main>\n");
    o.push_str(&format!("<p class=\"promise\">{}</p>\n", esc(PROMISE)));
    o.push_str("<p class=\"intro\">Pick your return: one workbook (.xlsx, .xlsm, .xltx, .xls, .xlsb or .ods), or every CSV file of a return saved as CSV (pick them together). The checker lists every cell to fix, with how to fix it, as the commissioner's own checker does. You can check one file after another; the newest result comes first.</p>\n");
    o.push_str("<label id=\"drop\" class=\"drop\" for=\"files\">Drop your return here, or choose it<input id=\"files\" type=\"file\" multiple accept=\".xlsx,.xlsm,.xltx,.xltm,.xls,.xlsb,.ods,.csv\"></label>\n");
    o.push_str("<p class=\"actions\"><button id=\"print\" type=\"button\">Print or save the results</button></p>\n");
    o.push_str("<p id=\"busy\" role=\"status\" aria-live=\"polite\"></p>\n<div id=\"results\" aria-live=\"polite\"></div>\n</main>\n");
    o.push_str(&format!(
        "<script type=\"application/json\" id=\"config\">{config_json}</script>\n"
    ));
    o.push_str(&format!(
        "<script type=\"text/plain\" id=\"worker\">{WORKER}</script>\n"
    ));
    o.push_str("<script type=\"application/octet-stream\" id=\"wasm\">");
    o.push_str(&base64(wasm));
    o.push_str("</script>\n");
    o.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    o
}

/// A CSP source for an inline element's text: 'sha256-…'.
pub(super) fn csp_hash(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The module without its custom sections (names, producers, debug
/// information): what runs is the same, the page is smaller and does not
/// carry the build machine's paths.
pub fn strip_custom_sections(wasm: &[u8]) -> Option<Vec<u8>> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return None;
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, used) = leb128(&wasm[at + 1..])?;
        let end = at + 1 + used + size;
        if end > wasm.len() {
            return None;
        }
        if id != 0 {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Some(out)
}

/// An unsigned LEB128 number and how many bytes it took.
fn leb128(b: &[u8]) -> Option<(usize, usize)> {
    let mut n: usize = 0;
    for (i, byte) in b.iter().enumerate().take(5) {
        n |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((n, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn custom_sections_are_dropped_and_the_rest_kept() {
        // Header, a custom section "n" (id 0, size 2), a type section (id 1,
        // size 1, body 0).
        let wasm = b"\0asm\x01\0\0\0\x00\x02\x01n\x01\x01\x00";
        assert_eq!(
            strip_custom_sections(wasm).unwrap(),
            b"\0asm\x01\0\0\0\x01\x01\x00".to_vec()
        );
        assert_eq!(strip_custom_sections(b"not wasm"), None);
        // A section running past the end is refused, not read past.
        assert_eq!(strip_custom_sections(b"\0asm\x01\0\0\0\x01\x09\x00"), None);
    }

    #[test]
    fn the_page_forbids_every_connection_and_carries_its_parts() {
        let page = render(
            b"\0asm",
            &[("limits.toml".into(), "a = \"</script>\"".into())],
        );
        assert!(page.contains("connect-src &#39;none&#39;") || page.contains("connect-src 'none'"));
        assert!(page.contains("default-src &#39;none&#39;") || page.contains("default-src 'none'"));
        assert!(page.contains(&csp_hash(SCRIPT)));
        // Config text cannot close its script element.
        assert!(!page.contains("a = \\\"</script>"));
        assert!(page.contains(PROMISE));
        assert!(!page.contains("http://") && !page.contains("https://"));
        assert!(page.contains(&base64(b"\0asm")));
    }
}

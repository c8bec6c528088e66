// Drives checker.html in Debian's chromium (Playwright) as a volunteer
// would: opens it from file://, picks files, reads the results it shows,
// and compares every issue's sheet, cell and code with what
// `needle validate --format json` reported for the same files. Also: no
// request leaves the page, axe-core finds no WCAG 2.1 A/AA violation with
// results showing, and a file that stops the module is refused and the
// next file still checked.
//
// usage: node checker.mjs CHECKER.html NEEDLE OUT_DIR PATH...
//   each PATH is a workbook, or a folder return (the page is given every
//   CSV file in it, picked together, as a volunteer would).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { axe as runAxe, launch } from "./chromium.mjs";

const [page_, needle, out, ...paths] = process.argv.slice(2);
const cases = paths.map((spec) => {
  // "refused:FILE": a file that stops a parser. Natively the panic is
  // caught and the file refused; on wasm32 it traps the module, so the page
  // refuses it in its own words: the same status and codes, not the same
  // message. The file after it must still be checked.
  const trap = spec.startsWith("refused:");
  const p = trap ? spec.slice("refused:".length) : spec;
  const dir = fs.statSync(p).isDirectory();
  const files = dir
    ? fs.readdirSync(p).filter((f) => f.toLowerCase().endsWith(".csv")).sort().map((f) => path.resolve(p, f))
    : [path.resolve(p)];
  let json;
  try {
    json = execFileSync(needle, ["validate", "--format", "json", p], { encoding: "utf8" });
  } catch (e) {
    json = e.stdout; // exit 1: the return has errors
  }
  // Validate's own timing, for BENCHMARKS.md's comparison.
  const t = process.hrtime.bigint();
  try { execFileSync(needle, ["validate", p], { stdio: "ignore" }); } catch (_) { /* errors found */ }
  const cliMs = Number(process.hrtime.bigint() - t) / 1e6;
  return { name: p, files, validate: JSON.parse(json), cliMs, trap };
});

const browser = await launch();
let failed = 0;
const fail = (m) => { failed += 1; console.log(`FAILED: ${m}`); };
const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
const external = [];
page.on("request", (r) => {
  const u = r.url();
  if (!u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("blob:")) external.push(u);
});
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const t0 = Date.now();
await page.goto("file://" + path.resolve(page_));
await page.waitForSelector("body[data-ready=yes]", { timeout: 60000 });
console.log(`ok: checker.html ready in ${Date.now() - t0} ms (module compiled)`);

let done = 0;
const timings = [];
for (const c of cases) {
  const start = Date.now();
  await page.setInputFiles("#files", c.files);
  done += 1;
  await page.waitForSelector(`body[data-checked="${done}"]`, { timeout: 120000 });
  const ms = Date.now() - start;
  timings.push({ file: c.name, page_ms: ms, validate_ms: Math.round(c.cliMs) });
  // The newest result is first.
  const shown = await page.evaluate(() => {
    const s = document.querySelector("#results section.result");
    const issues = [];
    for (const t of s.querySelectorAll("table")) {
      const cap = t.querySelector("caption").textContent;
      if (!cap.endsWith(": what to fix")) continue;
      const sheet = cap.slice(0, -": what to fix".length);
      for (const tr of t.querySelectorAll("tbody tr")) {
        const td = tr.querySelectorAll("td");
        issues.push({ sheet: sheet === "The file" ? null : sheet, cell: td[0].textContent === "–" ? null : td[0].textContent, code: tr.dataset.code, message: td[2].textContent, hint: td[3].textContent });
      }
    }
    return { status: s.querySelector(".status").textContent, issues, text: s.querySelector("pre")?.textContent || "" };
  });
  const want = c.validate.returns[0];
  const key = c.trap
    ? (i) => `${i.sheet || ""}|${i.cell || ""}|${i.code}`
    : (i) => `${i.sheet || ""}|${i.cell || ""}|${i.code}|${i.message}|${i.hint}`;
  const a = shown.issues.map(key).sort();
  const b = want.issues.map(key).sort();
  const wantStatus = { accepted: "Ready to send", accepted_with_errors: "Some rows have errors", rejected: "cannot be used", superseded: "Superseded" }[want.status];
  if (!shown.status.includes(wantStatus)) fail(`${c.name}: the page says "${shown.status}", needle validate ${want.status}`);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    fail(`${c.name}: the page and needle validate differ\n  page:     ${a.join("\n            ")}\n  validate: ${b.join("\n            ")}`);
  } else {
    const same = c.trap ? "stopped the module; refused with needle validate's status and codes, and the page goes on" : "the same as needle validate";
    console.log(`ok: ${c.name}: ${a.length} issue(s), ${same} (${want.status}), in ${ms} ms`);
  }
}
await page.screenshot({ path: `${out}/checker.png`, fullPage: false });
const axe = await runAxe(page);
for (const v of axe.violations) fail(`checker: axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
for (const v of axe.incomplete) console.log(`  checker: axe needs review: ${v.id}: ${v.help} (${v.nodes.length})`);
console.log(`ok: checker: axe-core ${axe.testEngine.version}: ${axe.violations.length} violation(s)`);
await page.emulateMedia({ media: "print" });
await page.pdf({ path: `${out}/checker.pdf`, format: "A4", printBackground: true });
if (external.length) fail(`checker made network requests: ${external.join(", ")}`);
else console.log("ok: checker: no request left the page");
if (errors.length) fail(`checker: script errors: ${errors.join("; ")}`);
fs.writeFileSync(`${out}/checker-timings.json`, JSON.stringify(timings, null, 1));
await browser.close();
process.exit(failed ? 1 : 0);

// Opens each of needle's pages in Debian's chromium, driven by Playwright,
// as a reader would: on screen (a screenshot), printed (A4 PDF, print CSS),
// and through axe-core for WCAG 2.1 A and AA. Fails on
//   - any axe violation (results axe marks "incomplete" need a person's
//     judgement: they are listed, not failed);
//   - any request that leaves the file (pages make no network requests);
//   - a table or figure wider than the printed page;
//   - a first section that does not fit its printed page, where one is named.
// Page counts and pixels are checked by examples/render_check afterwards.
//
// usage: node check.mjs OUT NAME=FILE[:FIRST_SECTION] ...
import path from "node:path";
import { axe as runAxe, launch } from "./chromium.mjs";


// A4 less the 12 mm margins of the pages' @page rule, in CSS pixels
// (96 per inch): 186 mm wide, 273 mm tall.
const PRINT_WIDTH = Math.floor((186 / 25.4) * 96);
const PRINT_HEIGHT = Math.floor((273 / 25.4) * 96);

const [out, ...pages] = process.argv.slice(2);
const browser = await launch();
let failed = 0;
const fail = (msg) => {
  failed += 1;
  console.log(`FAILED: ${msg}`);
};

for (const spec of pages) {
  const [name, rest] = spec.split("=");
  const [file, first] = rest.split(":");
  const url = "file://" + path.resolve(file);
  const context = await browser.newContext({ viewport: { width: 1200, height: 2400 } });
  const page = await context.newPage();
  const external = [];
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file:") && !u.startsWith("data:")) external.push(u);
  });
  await page.goto(url, { waitUntil: "load" });

  // On screen.
  await page.screenshot({ path: `${out}/${name}.png` });

  // axe-core: WCAG 2.1 A and AA.
  const axe = await runAxe(page);
  for (const v of axe.violations) {
    const where = v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("; ");
    fail(`${name}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s): ${where}`);
  }
  for (const v of axe.incomplete) {
    console.log(`  ${name}: axe needs review: ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
  }
  console.log(`ok: ${name}: axe-core ${axe.testEngine.version}: ${axe.violations.length} violation(s), ${axe.incomplete.length} to review`);

  // Printed: the print stylesheet at the printed page's width.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
  const wide = await page.evaluate((limit) => {
    const bad = [];
    for (const el of document.querySelectorAll("table, figure, svg, pre")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit + 1) {
        const label = el.querySelector("caption")?.textContent || el.getAttribute("aria-label") || el.tagName;
        bad.push(`${label.slice(0, 80)} (${Math.round(r.right)} px)`);
      }
    }
    return bad;
  }, PRINT_WIDTH);
  for (const w of wide) fail(`${name}: wider than the printed page (${PRINT_WIDTH} px): ${w}`);
  if (wide.length === 0) console.log(`ok: ${name}: every table and figure fits the printed page width`);
  if (first) {
    const h = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return -1;
      // From the top of the page: the title and badge print above it.
      return el.getBoundingClientRect().bottom + window.scrollY;
    }, first);
    if (h < 0) fail(`${name}: no ${first} on the page`);
    else if (h > PRINT_HEIGHT) fail(`${name}: ${first} runs past its first printed page (${Math.round(h)} of ${PRINT_HEIGHT} px)`);
    else console.log(`ok: ${name}: ${first} fits the first printed page (${Math.round(h)} of ${PRINT_HEIGHT} px)`);
  }
  await page.pdf({ path: `${out}/${name}.pdf`, preferCSSPageSize: true, format: "A4", printBackground: true });

  if (external.length > 0) fail(`${name}: made network requests: ${external.join(", ")}`);
  await context.close();
}
await browser.close();
process.exit(failed > 0 ? 1 : 0);

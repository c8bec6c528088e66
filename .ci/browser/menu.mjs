// The menu page (needle menu) in Debian's chromium: its filter works with
// script on, every offer shows with script off, and its own
// Content-Security-Policy refuses nothing of the page (a style or script
// whose hash is wrong would be refused, and logged).
//
// usage: node menu.mjs MENU_HTML
import path from "node:path";
import { launch } from "./chromium.mjs";

const [file] = process.argv.slice(2);
const url = "file://" + path.resolve(file);
const browser = await launch();
let failed = 0;
const fail = (msg) => {
  failed += 1;
  console.log(`FAILED: menu: ${msg}`);
};

// Script on: the filter shows, and narrows the offers.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = [];
  page.on("console", (m) => {
    if (m.type() === "error") refused.push(m.text());
  });
  page.on("pageerror", (e) => refused.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  const total = await page.locator("article.offer").count();
  const shown = () => page.locator("article.offer:visible").count();
  if (!(await page.locator("#filters").isVisible())) {
    fail(`the filter is not shown with script on (its script refused or broken: ${refused.join(" | ")})`);
    await browser.close();
    process.exit(1);
  }
  if ((await shown()) !== total) fail(`${await shown()} of ${total} offers shown before filtering`);
  const types = await page.locator("#f-type option").evaluateAll((o) => o.map((x) => x.value).filter((v) => v));
  const type = types[0];
  await page.selectOption("#f-type", type);
  const ofType = await page.locator(`article.offer[data-type="${type}"]`).count();
  if ((await shown()) !== ofType) fail(`type ${type}: ${await shown()} shown, ${ofType} expected`);
  const status = await page.locator("#shown").textContent();
  if (status !== `${ofType} of ${total} offers shown`) fail(`the count reads "${status}"`);
  await page.selectOption("#f-type", "");
  await page.selectOption("#f-objective", "6");
  const six = await page.locator("article.offer").evaluateAll((a) =>
    a.filter((e) => {
      const o = ` ${e.getAttribute("data-objectives")} `;
      return o === " all " || o.includes(" 6 ");
    }).length
  );
  if ((await shown()) !== six) fail(`objective 6: ${await shown()} shown, ${six} expected`);
  await page.selectOption("#f-objective", "");
  if ((await shown()) !== total) fail("clearing the filter does not show every offer again");
  if (refused.length > 0) fail(`the browser refused or failed: ${refused.join(" | ")}`);
  console.log(`ok: menu: with script on, the filter shows ${ofType} of ${total} offers for "${type}" and ${six} for objective 6; nothing refused`);
  await context.close();
}

// Script off: every offer is shown and the filter is not.
{
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const total = await page.locator("article.offer").count();
  const visible = await page.locator("article.offer:visible").count();
  if (visible !== total || total === 0) fail(`with script off ${visible} of ${total} offers are shown`);
  if (await page.locator("#filters").isVisible()) fail("the filter shows with script off, where it cannot work");
  console.log(`ok: menu: with script off all ${total} offers are shown and the filter is hidden`);
  await context.close();
}
await browser.close();
process.exit(failed > 0 ? 1 : 0);

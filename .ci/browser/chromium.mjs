// Debian's chromium as the browser checks launch it, and axe-core as they
// run it: one place for the flags the machine notes ask for (no background
// networking on a closed network) and for the WCAG 2.1 A/AA rule set.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import fs from "node:fs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// axe-core's WCAG 2.1 A and AA results for the page as it stands. The
// source is evaluated through the DevTools protocol, which a page's
// Content-Security-Policy does not govern (checker.html lets in no script
// but its own).
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations", "incomplete"],
    })
  );
}

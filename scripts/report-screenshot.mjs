#!/usr/bin/env node
/**
 * The README gallery's report screenshot, docs/figures/report.png: a run of the reference
 * scenario (200 toys), fitted (signalNorm and lightestMassEv floated, the ordering tested), its
 * ordering sensitivity with toys and its Z' limits, all in outputs/report-demo/; then
 * `renp report` and a screenshot of the page's fits and sensitivity in headless Chromium (Debian's
 * chromium driven by playwright-core, with scripts/chromium.json's path and flags). Run after
 * `npm run build`; takes a few minutes (the fits). Kept under 300 kB.
 *
 * Usage: node scripts/report-screenshot.mjs [--reuse]   (--reuse: keep an existing run folder)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist/src/cli/bin.js");
if (!existsSync(bin)) {
  process.stderr.write("report-screenshot: no built CLI in dist/; run `npm run build` first\n");
  process.exit(1);
}
const renp = (...args) =>
  execFileSync(process.execPath, [bin, ...args], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });

const dir = join(root, "outputs", "report-demo");
const scenario = "yb-majorana-normal";
if (!process.argv.includes("--reuse") || !existsSync(join(dir, "fits.arrow"))) {
  renp("generate", scenario, "--toys", "200", "--seed", "7", "--out", dir, "--force");
  renp("fit", dir, "--float", "signalNorm,lightestMassEv", "--test", "ordering", "--force");
  renp(
    "sensitivity",
    scenario,
    "--test",
    "ordering",
    "--toys",
    "100",
    "--exposure-scale",
    "1,4",
    "--out",
    join(dir, "sensitivity-ordering.jsonl"),
    "--force",
  );
  renp(
    "sensitivity",
    scenario,
    "--test",
    "bsm:vector",
    "--out",
    join(dir, "sensitivity-bsm-vector.jsonl"),
    "--force",
  );
}
renp("report", dir, "--force");

/** Chromium's path and flags, shared with the report's browser test (test/helpers/browser.ts). */
const options = JSON.parse(readFileSync(join(root, "scripts", "chromium.json"), "utf8"));
const profile = mkdtempSync(join(tmpdir(), "renp-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: options.executablePath,
  headless: true,
  args: options.args,
  viewport: { width: 1100, height: 900 },
});
try {
  const page = await context.newPage();
  await page.goto(`file://${join(dir, "report.html")}`);
  await page.waitForSelector("body[data-figures-done]");
  const out = join(root, "docs", "figures", "report.png");
  await page.locator("section#fits").screenshot({ path: out });
  const kb = statSync(out).size / 1024;
  process.stderr.write(`report-screenshot: wrote ${out} (${kb.toFixed(0)} kB)\n`);
  if (kb > 300) process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

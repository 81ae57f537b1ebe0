/**
 * The report in a real browser: headless Chromium opens DIR/report.html from a file:// URL; the
 * page logs no console error, makes no request outside the file, and every figure draws a
 * non-empty SVG. A screenshot goes to outputs/test-report/ for the test log (git-ignored).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../src/report.js";
import { launchChromium } from "../helpers/browser.js";
import { REPO_DIR } from "../helpers/fixtures.js";
import { runFixture } from "./fixtures.js";

let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
});

describe("report.html in headless Chromium", () => {
  it("loads from a file URL without console errors or outside requests; every figure is drawn", async () => {
    const run = runFixture({ toys: 60 });
    const { path } = writeReport(run.dir);
    const page = await browser!.context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(path).href);
    await page.waitForSelector("body[data-figures-done]", { timeout: 20_000 });
    const figures = await page.$$eval("div.figure", (els) =>
      els.map((el) => ({
        id: el.id,
        rendered: el.getAttribute("data-rendered"),
        svgMarks: el.querySelector("svg")?.querySelectorAll("path, line, rect, text").length ?? 0,
        width: el.querySelector("svg")?.getBoundingClientRect().width ?? 0,
      })),
    );
    expect(figures.length).toBe(7);
    for (const f of figures) {
      expect(f.rendered, f.id).toBe("true");
      expect(f.svgMarks, f.id).toBeGreaterThan(20);
      expect(f.width, f.id).toBeGreaterThan(200);
    }
    expect(problems).toEqual([]);
    const shots = join(REPO_DIR, "outputs", "test-report");
    mkdirSync(shots, { recursive: true });
    const shot = join(shots, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`renp report screenshot: ${shot}`);
    await page.close();
  });
});

/**
 * Headless Chromium for the report's browser test: Debian's `chromium` package driven by
 * playwright-core through its executable path (nothing downloads a browser). When the package is
 * missing and the tests run as root (CI), it is installed with apt-get first (.ci/run does the
 * same before the suite).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { PACKAGE_ROOT } from "../../src/paths.js";

/** Where Chromium is and its flags: one home with scripts/report-screenshot.mjs's. */
const OPTIONS = JSON.parse(
  readFileSync(join(PACKAGE_ROOT, "scripts", "chromium.json"), "utf8"),
) as { executablePath: string; args: string[] };

export const CHROMIUM = OPTIONS.executablePath;

/** The flags of a quiet, offline-friendly headless run. */
export const CHROMIUM_ARGS = OPTIONS.args;

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0)
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium, as root)`,
    );
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "ignore", env });
  execFileSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "chromium"], {
    stdio: "ignore",
    env,
  });
}

/** A browser with a fresh profile folder; `close` stops it and removes the folder. */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), "renp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

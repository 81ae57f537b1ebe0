/** Helpers for the generate-run tests: scenarios written to a temporary folder, Arrow files read back. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC, type Table } from "apache-arrow";
import { readJson, REPO_DIR, REFERENCE_DIR } from "./fixtures.js";

export const REFERENCE_SCENARIO = join(REFERENCE_DIR, "yb-majorana-normal.scenario.json");
/** The package's bin (package.json "bin"), compiled by test/globalSetup.ts. */
export const CLI = join(
  REPO_DIR,
  JSON.parse(readFileSync(join(REPO_DIR, "package.json"), "utf8")).bin.renp,
);

export const tempDir = (prefix = "renp-test-"): string => mkdtempSync(join(tmpdir(), prefix));

/** The reference scenario with changes, written to a temporary file; returns its path. */
export function scenarioFile(changes: Record<string, unknown> = {}): string {
  const scenario = { ...readJson(REFERENCE_SCENARIO), ...changes };
  const path = join(tempDir(), "scenario.json");
  writeFileSync(path, JSON.stringify(scenario));
  return path;
}

/** Two flat backgrounds (one with efficiency) and one systematic of every kind. */
export const SYSTEMATICS_CHANGES = {
  backgrounds: [
    { kind: "flat", name: "dark", ratePerS: 2e-6 },
    { kind: "flat", name: "stray", ratePerS: 1e-6, applyEfficiency: true },
  ],
  systematics: [
    { name: "sig", parameter: "signalNorm", prior: { distribution: "gaussian", sigma: 0.1 } },
    {
      name: "dark_norm",
      parameter: "backgroundNorm",
      background: "dark",
      prior: { distribution: "lognormal", sigma: 0.2 },
    },
    {
      name: "eff",
      parameter: "efficiencyScale",
      prior: { distribution: "uniform", min: 0.9, max: 1.3 },
    },
    {
      name: "dw",
      parameter: "omegaOffsetEv",
      prior: { distribution: "uniform", min: -2e-6, max: 2e-6 },
    }, // narrow: a small offset grid keeps runs fast
  ],
};

export const readTable = (path: string): Table => tableFromIPC(readFileSync(path));

/** A column as a plain typed array (read by column, never row by row). */
export const column = (table: Table, name: string): Int32Array | Float64Array => {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`no column ${name}`);
  return vector.toArray() as Int32Array | Float64Array;
};

/** Every file in a folder, hidden ones (temporaries) included. */
export const filesIn = (dir: string): string[] => readdirSync(dir).sort();

/**
 * The fits' costs:
 * - renp fit (the CLI, a child process, wall clock): 1e4 toys x 66 bins of the reference scenario
 *   with a flat background and a gaussian omega-offset systematic, floating signalNorm,
 *   backgroundNorm:flat and omegaOffsetEv, on 2 workers (the goal is under 60 s);
 * - one expectation table of the reference scenario (66 bins): what each evaluation of a
 *   nonlinear physics parameter (mass, phase, coupling) costs in a fit;
 * - one fit of a toy floating lightestMassEv and signalNorm (exact tables, cached).
 *
 * Run alone: npm run build && node dist/bench/fit.bench.js
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { computeExpectation } from "../src/expectation.js";
import { Fitter } from "../src/inference/fit.js";
import { fitModel } from "../src/inference/model.js";
import { PACKAGE_ROOT } from "../src/paths.js";
import { toySpec } from "../src/sampling/spec.js";
import { ToyGenerator } from "../src/sampling/toys.js";
import { loadScenario } from "../src/scenario/load.js";
import type { BenchRow } from "./types.js";

const TOYS = 10_000;
const WORKERS = 2;
const FLOAT = "signalNorm,backgroundNorm:flat,omegaOffsetEv";

export function benchFit(): BenchRow[] {
  const work = mkdtempSync(join(tmpdir(), "renp-bench-fit-"));
  const reference = JSON.parse(
    readFileSync(join(PACKAGE_ROOT, "generators", "yb-majorana-normal.json"), "utf8"),
  ) as Record<string, unknown>;
  const scenarioPath = join(work, "scenario.json");
  writeFileSync(
    scenarioPath,
    JSON.stringify({
      ...reference,
      backgrounds: [{ kind: "flat", name: "flat", ratePerS: 1e-4 }],
      systematics: [
        {
          name: "offset",
          parameter: "omegaOffsetEv",
          prior: { distribution: "gaussian", sigma: 1e-5 },
        },
      ],
    }),
  );
  const cli = join(PACKAGE_ROOT, "dist", "src", "cli", "bin.js");
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`bench: renp ${args[0]} failed: ${r.stderr}`);
  };
  const out = join(work, "run");
  run(["generate", scenarioPath, "--toys", String(TOYS), "--out", out, "--workers", "2"]);
  const start = performance.now();
  run(["fit", out, "--float", FLOAT, "--workers", String(WORKERS)]);
  const fitSeconds = (performance.now() - start) / 1000;
  rmSync(work, { recursive: true, force: true });

  const scenario = loadScenario("yb-majorana-normal");
  let tableSeconds = Infinity;
  for (let r = 0; r < 20; r++) {
    const t0 = performance.now();
    computeExpectation(scenario);
    tableSeconds = Math.min(tableSeconds, (performance.now() - t0) / 1000);
  }

  const model = fitModel(scenario);
  const block = new ToyGenerator(toySpec(model.table, { truth: false })).generate(0, 5);
  const fitter = new Fitter(model, { float: ["lightestMassEv", "signalNorm"] });
  const t0 = performance.now();
  for (let t = 0; t < 5; t++) fitter.fit(block.nObs.subarray(t * model.bins, (t + 1) * model.bins));
  const massFitSeconds = (performance.now() - t0) / 1000 / 5;

  return [
    {
      name: `renp fit ${TOYS} toys x 66 bins, 3 floated (${FLOAT}), ${WORKERS} workers`,
      value: fitSeconds,
      unit: "s",
    },
    {
      name: "expectation table, reference scenario, 66 bins",
      value: tableSeconds * 1e3,
      unit: "ms",
    },
    {
      name: "fit of one toy floating lightestMassEv, signalNorm (exact tables)",
      value: massFitSeconds * 1e3,
      unit: "ms",
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of benchFit())
    process.stdout.write(`${r.name}: ${r.value.toPrecision(3)} ${r.unit}\n`);
}

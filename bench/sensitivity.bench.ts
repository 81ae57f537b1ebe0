/**
 * Asimov sensitivity for one test and one exposure (`renp sensitivity yb-majorana-normal --test
 * ordering`, the default: lightestMassEv floated in both hypotheses): wall-clock seconds of
 * discreteSensitivity from the resolved scenario, best of RUNS cold runs (each builds its models
 * and expectation tables anew, as the command does). The goal is under 1 s; the row's baseline is
 * that goal, so ratio < 1 meets it.
 *
 * Run alone: npm run build && node dist/bench/sensitivity.bench.js
 */
import { pathToFileURL } from "node:url";
import { discreteSensitivity } from "../src/inference/sensitivity/index.js";
import { loadScenario } from "../src/scenario/load.js";
import type { BenchRow } from "./types.js";

const RUNS = 3;
const GOAL_SECONDS = 1;

export function benchSensitivity(): (BenchRow & { baselineName?: string })[] {
  const scenario = loadScenario("yb-majorana-normal");
  const rows: (BenchRow & { baselineName?: string })[] = [];
  for (const test of ["ordering", "nature"] as const) {
    let best = Infinity;
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      discreteSensitivity(scenario, test, { exposureScale: 1 });
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    rows.push({
      name: `Asimov sensitivity --test ${test}, 1 exposure (yb-majorana-normal, 66 bins)`,
      value: best,
      unit: "s",
      baseline: GOAL_SECONDS,
      ratio: best / GOAL_SECONDS,
      baselineName: "goal",
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of benchSensitivity()) process.stdout.write(`${r.name}: ${r.value.toFixed(3)} s\n`);
}

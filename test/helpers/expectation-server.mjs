// Serves renp's expected counts per component to the iminuit check (test/inference/iminuit.test.ts):
// argv[2] a scenario JSON file; each stdin line a lightest mass in eV; each answer one stdout line,
// JSON [signal, background 1, ...] (counts per bin) from the compiled library (dist/, built by
// test/globalSetup.ts). Only the physics comes from renp; the likelihood is the test's own.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { computeExpectation } from "../../dist/src/expectation.js";
import { resolveScenario, validateScenario } from "../../dist/src/scenario/load.js";

const scenario = resolveScenario(
  validateScenario(JSON.parse(readFileSync(process.argv[2], "utf8"))),
);
for await (const line of createInterface({ input: process.stdin })) {
  const m = Number(line);
  const t = computeExpectation({
    ...scenario,
    neutrino: { ...scenario.neutrino, lightestMassEv: m },
  });
  process.stdout.write(
    JSON.stringify([Array.from(t.muSignal), ...t.backgrounds.map((b) => Array.from(b.mu))]) + "\n",
  );
}

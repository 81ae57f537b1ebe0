/**
 * SIGINT and SIGTERM end every long-running command: exit 128 + n (130, 143),
 * nothing written and nothing left in the output folder. The signal is sent once the command is
 * under way (a second and a half in: each workload below takes several seconds, mostly in
 * synchronous work where a handler cannot run until the work yields); the bound on the exit
 * (BOUND_MS) is generous and detects a hang, it measures no speed.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli } from "../helpers/spawn.js";
import { REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";

const BOUND_MS = 20_000;
const UNDER_WAY_MS = 1_500;

/** The reference scenario with the documented maximum of 100,000 bins (each expectation ~seconds). */
function bigScenario(): string {
  const s = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8"));
  s.experiment.scan = { ...s.experiment.scan, bins: 100_000, exposurePerBinS: 60 };
  delete s.experiment.scan.edgesEv;
  const path = join(tempDir(), "big.json");
  writeFileSync(path, JSON.stringify(s));
  return path;
}

/** Every file under dir (none for a folder that does not exist). */
function everything(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return [];
  }
}

/** Starts `renp args`, signals it once under way; returns its exit code (rejects on a hang). */
async function interrupt(args: string[], signal: "SIGINT" | "SIGTERM"): Promise<number | null> {
  const run = startCli(args);
  await new Promise((resolve) => setTimeout(resolve, UNDER_WAY_MS));
  expect(run.child.exitCode, `renp ${args.join(" ")} ended before the signal`).toBeNull();
  run.child.kill(signal);
  const bound = setTimeout(() => run.child.kill("SIGKILL"), BOUND_MS);
  const exit = await run.exit;
  clearTimeout(bound);
  expect(exit.signal, `renp ${args.join(" ")} had to be killed: a hang`).toBeNull();
  expect(run.stderr()).toMatch(new RegExp(`interrupted \\(${signal}\\)`));
  return exit.code;
}

describe("a signal ends the command: exit 130/143, nothing left behind", () => {
  const big = bigScenario();
  const cases: [string, (out: string) => string[], "SIGINT" | "SIGTERM"][] = [
    ["spectrum", (out) => ["spectrum", big, "--out", join(out, "s.arrow")], "SIGINT"],
    ["generate", (out) => ["generate", big, "--toys", "50", "--out", out], "SIGTERM"],
    ["plot", (out) => ["plot", big, "--out", join(out, "p.svg")], "SIGTERM"],
    [
      "export",
      (out) => ["export", big, "--format", "pyhf", "--out", join(out, "w.json")],
      "SIGINT",
    ],
    [
      "sensitivity",
      (out) => [
        "sensitivity",
        REFERENCE_SCENARIO,
        "--test",
        "ordering",
        "--toys",
        "5000",
        "--out",
        join(out, "s.jsonl"),
      ],
      "SIGTERM",
    ],
  ];
  for (const [name, args, signal] of cases)
    it(
      `${name}: ${signal} -> exit ${signal === "SIGINT" ? 130 : 143}, no file`,
      async () => {
        const out = join(tempDir(), "out");
        expect(await interrupt(args(out), signal)).toBe(signal === "SIGINT" ? 130 : 143);
        expect(everything(out)).toEqual([]);
      },
      BOUND_MS + 3 * UNDER_WAY_MS + 10_000,
    );
});

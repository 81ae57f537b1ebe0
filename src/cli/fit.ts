/**
 * renp fit: fits every toy of a run (or a range) with the fit model (src/inference/), in worker
 * threads, and writes fits.arrow: one row per toy, `toy` int32, `status` utf8 (ok, at-bound,
 * not-converged), `nll` float64 (-ln(L / L_saturated) at the best fit, constraints included), per
 * floated parameter `<name>` and `<name>_err` float64, and `q_<alternative>` float64 with --test
 * (min -2 ln L of the other ordering or nature minus that of the scenario's). Schema metadata: the
 * scenario and toy range like every renp file, and renp.fit (the fit configuration, and which
 * data: an Asimov run is fitted on its exact asimov_total, toys on n_obs). The bytes
 * do not depend on the worker count. docs/fitting.md defines the statistics.
 */
import { readInputFile } from "../io/inputFile.js";
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { fitRun } from "../fitRun.js";
import type { Alternative } from "../inference/model.js";
import { hypothesisSchema, type Hypothesis } from "../inference/toys.js";
import { parseCount, UsageError } from "./errors.js";

interface FitOptions {
  float: string;
  fix?: string[] | undefined;
  hypothesis?: string | undefined;
  toys?: { first: number; last: number } | undefined;
  workers?: number | undefined;
  out?: string | undefined;
  force: boolean;
  test?: Alternative | undefined;
  exact: boolean;
}

/** "A..B" (inclusive) with 0 <= A <= B. */
export function parseToyRange(value: string): { first: number; last: number } {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(value);
  const first = m ? Number(m[1]) : NaN;
  const last = m ? Number(m[2]) : NaN;
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first <= last))
    throw new UsageError(
      `--toys = ${JSON.stringify(value)}: expected A..B, the first and last toy (A <= B)`,
    );
  return { first, last };
}

function parseTest(value: string): Alternative {
  if (value !== "ordering" && value !== "nature")
    throw new UsageError(`--test = ${JSON.stringify(value)}: expected ordering or nature`);
  return value;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** --fix p=v[,p=v...] (repeatable) as a record. */
function parseFixes(values: readonly string[]): Record<string, number> {
  // No prototype: "__proto__=1" is a name like any other (refused as unknown by the fit), not a
  // prototype assignment that drops it silently.
  const out = Object.create(null) as Record<string, number>;
  for (const item of values.flatMap((v) => v.split(","))) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(item);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value))
      throw new UsageError(
        `--fix ${JSON.stringify(item)}: expected name=value with a finite number`,
      );
    out[m[1]] = value;
  }
  return out;
}

function readHypothesis(path: string): Hypothesis {
  let json: unknown;
  try {
    json = JSON.parse(readInputFile(path, "hypothesis", 2 ** 20).toString("utf8"));
  } catch (err) {
    throw new UsageError(`--hypothesis ${path}: ${(err as Error).message}`);
  }
  const parsed = hypothesisSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `--hypothesis ${path}: ${issue.path.join(".") || "(top level)"}: ${issue.message}; allowed keys: ordering, nature, families, fix, negativeSignal`,
    );
  }
  return parsed.data;
}

export function registerFit(program: Command): void {
  program
    .command("fit")
    .description(
      "fit every toy of a run (binned Poisson likelihood with the scenario's systematics as constraints) and write fits.arrow",
    )
    .argument("<input>", "a run folder (toys.arrow or its shards) or a toys file")
    .requiredOption(
      "--float <p1,p2,...>",
      "parameters to float: lightestMassEv, majoranaPhasesDeg.alpha21/alpha31, signalNorm, backgroundNorm:<name>, efficiencyScale, omegaOffsetEv, bsm.<family> (with --hypothesis families)",
    )
    .option("--fix <p=v>", "hold a parameter at a value (repeatable, or p=v,q=w)", collect)
    .option(
      "--hypothesis <H.json>",
      "JSON object: ordering, nature, families (BSM couplings as parameters), fix",
    )
    .option("--toys <A..B>", "fit only toys A to B (inclusive)", parseToyRange)
    .option(
      "--workers <W>",
      `worker threads (default: available cores, here ${availableParallelism()})`,
      parseCount("--workers"),
    )
    .option("--out <FILE>", "output file (default fits.arrow beside the toys)")
    .option(
      "--exact",
      "evaluate the mass, phases and non-unitarity by the exact integrals, not the fast path's mass tables (docs/fitting.md)",
      false,
    )
    .option("--force", "replace an existing output file", false)
    .option(
      "--test <ordering|nature>",
      "also fit the other ordering or nature: column q_<test> = its min -2 ln L minus the scenario's",
      parseTest,
    )
    .action(async (input: string, opts: FitOptions) => {
      const started = performance.now();
      const float = opts.float
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (float.length === 0) throw new UsageError("--float: name at least one parameter");
      const hypothesis = opts.hypothesis ? readHypothesis(opts.hypothesis) : undefined;
      const r = await fitRun({
        input,
        float,
        hypothesis,
        fix: parseFixes(opts.fix ?? []),
        toys: opts.toys,
        workers: opts.workers,
        out: opts.out,
        force: opts.force,
        test: opts.test,
        onNotice: (message) => process.stderr.write(`renp: ${message}\n`),
        exact: opts.exact,
      });
      const tally = Object.entries(r.statusCounts)
        .map(([s, n]) => `${n} ${s}`)
        .join(", ");
      process.stderr.write(
        `renp: fitted ${r.last - r.first + 1} ${r.asimov ? "Asimov data set (asimov_total, the exact expected counts)" : "toys"} (${r.first}..${r.last}) floating ${float.join(", ")}: ${tally}; ${((performance.now() - started) / 1000).toFixed(2)} s -> ${r.out}\n`,
      );
    });
}

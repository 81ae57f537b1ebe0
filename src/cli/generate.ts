/** renp generate: the expectation table and the toy experiments of a scenario (library: run.ts). */
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname } from "node:path";
import type { Command } from "commander";
import type { Shard } from "../io/shards.js";
import { isRunFile } from "../io/runFolder.js";
import { plural } from "../text.js";
import { parseCount, UsageError } from "./errors.js";
import { abortable } from "./signals.js";

export interface GenerateOptions {
  toys?: number | undefined;
  seed?: number | undefined;
  out?: string | undefined;
  workers?: number | undefined;
  shard?: Shard | undefined;
  truth: boolean;
  asimov: boolean;
  layout: "long" | "wide";
  force: boolean;
}

/** "K/N" with 1 <= K <= N. */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(
    Number.isSafeInteger(index) &&
    Number.isSafeInteger(count) &&
    index >= 1 &&
    index <= count
  )) {
    throw new UsageError(
      `--shard = ${JSON.stringify(value)}: expected K/N with 1 <= K <= N (e.g. 3/10)`,
    );
  }
  return { index, count };
}

function parseLayout(value: string): "long" | "wide" {
  if (value !== "long" && value !== "wide")
    throw new UsageError(`--layout = ${JSON.stringify(value)}: expected long or wide`);
  return value;
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "write DIR/expected.arrow (the Asimov data set) and DIR/toys.arrow (toy experiments) for a scenario",
    )
    .argument("<scenario>", "scenario file or built-in generator name")
    .option(
      "--toys <N>",
      "number of toy experiments (overrides the scenario's)",
      parseCount("--toys", 1, 2 ** 31 - 1),
    )
    .option("--seed <S>", "random seed (overrides the scenario's)", parseCount("--seed", 0))
    .option(
      "--workers <W>",
      `worker threads (default: available cores, here ${availableParallelism()})`,
      parseCount("--workers"),
    )
    .option("--out <DIR>", "output folder (default outputs/<scenario name>)")
    .option(
      "--shard <K/N>",
      "write only the K-th of N contiguous toy ranges, to toys-K-of-N.arrow",
      parseShard,
    )
    .option("--truth", "also write each component's counts (n_signal, n_bkg_<name>)", false)
    .option(
      "--asimov",
      "write the expectation as the single toy 0 (n_obs rounded, asimov_total exact)",
      false,
    )
    .option(
      "--layout <long|wide>",
      "toys.arrow layout: long (toy, bin, n_obs) or wide (toy, counts[bins])",
      parseLayout,
      "long",
    )
    .option("--force", "replace existing output files", false)
    .action(async (scenarioArg: string, opts: GenerateOptions) => {
      if (opts.asimov && opts.shard)
        throw new UsageError("--asimov writes a single toy: it cannot be sharded");
      if (opts.asimov && opts.layout === "wide")
        throw new UsageError("--asimov writes the long layout only");
      // Loaded here, not at the top, so that `renp generate --help` starts at once.
      const [{ generateRun }, { default: cliProgress }, { printWarnings, warnAboutScenario }] =
        await Promise.all([import("../run.js"), import("cli-progress"), import("./warnings.js")]);
      warnAboutScenario(scenarioArg, { toys: opts.toys, seed: opts.seed });
      if (opts.asimov && opts.toys !== undefined && opts.toys !== 1)
        printWarnings([
          `--asimov writes the expectation as the single toy 0; --toys ${opts.toys} is ignored`,
        ]);
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              format: "renp {bar} {value}/{total} toys | {rate} counts/s | ETA {eta_formatted}",
              stream: process.stderr,
              etaBuffer: 20,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let barStarted = false;
      const started = performance.now();
      try {
        const summary = await abortable((signal) =>
          generateRun({
            scenario: scenarioArg,
            toys: opts.toys,
            seed: opts.seed,
            outDir: opts.out,
            workers: opts.workers,
            shard: opts.shard,
            truth: opts.truth,
            asimov: opts.asimov,
            layout: opts.layout,
            force: opts.force,
            signal,
            onNotice: (message) => process.stderr.write(`renp: note: ${message}\n`),
            // Also the sign, for scripts and tests, that the run has started (it can be stopped).
            onStart: ({ dir, toys, bins, workers }) =>
              process.stderr.write(
                `renp: generating ${plural(toys, "toy")} x ${plural(bins, "bin")} into ${dir} with ${plural(workers, "worker")}\n`,
              ),
            onProgress: bar
              ? (done, total, bins) => {
                  if (!barStarted) bar.start(total, 0, { rate: "-" });
                  barStarted = true;
                  const seconds = (performance.now() - started) / 1000;
                  bar.update(done, { rate: formatRate((done * bins) / seconds) });
                }
              : undefined,
          }),
        );
        bar?.stop();
        const s = summary;
        const files = [s.files.expected, s.files.toys, s.files.nuisance, s.files.run]
          .filter(Boolean)
          .join(", ");
        const clipped = s.clippedToys
          ? `; efficiency clipped at 1 in ${plural(s.clippedToys, "toy")}`
          : "";
        printWarnings(strangersBeside(Object.values(s.files).filter((f) => f !== undefined)));
        process.stderr.write(
          `renp: ${s.scenario}: ${plural(s.toys.count, "toy")} (${s.toys.first}..${s.toys.first + s.toys.count - 1}, shard ${s.shard}) x ${plural(s.bins, "bin")}, ${plural(s.counts, "count")}, ${s.seconds.toFixed(2)} s, ${plural(s.workers, "worker")}${clipped} -> ${files}\n`,
        );
      } finally {
        bar?.stop();
      }
    });
}

/**
 * Files in the run's folder that this run did not write (a plot of an earlier run, say): they
 * are left alone, so say that they may be stale. Other shards' files belong to the same run.
 */
function strangersBeside(written: readonly string[]): string[] {
  if (written.length === 0) return [];
  const dir = dirname(written[0]);
  const own = new Set(written.map((f) => basename(f)));
  const strangers = readdirSync(dir).filter(
    (f) => !own.has(f) && !f.startsWith(".") && !isRunFile(f),
  );
  return strangers.length === 0
    ? []
    : [
        `${dir} also holds ${strangers.join(", ")}, not written by this run (a run owns only the files it lists in run.json "files"); they may describe an earlier run`,
      ];
}

const formatRate = (countsPerS: number) =>
  Number.isFinite(countsPerS) && countsPerS > 0 ? countsPerS.toPrecision(3) : "-";

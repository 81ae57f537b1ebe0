/**
 * renp export: the expected counts and one observation as a file another fitting tool reads.
 * `--format pyhf`: a HistFactory workspace (pyhf schema 1.0.0; src/inference/pyhf.ts,
 * docs/statistics.md "Export to pyhf", docs/downstream.md for pyhf's commands on it).
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { computeExpectation } from "../expectation.js";
import { AtomicOutputs } from "../io/atomic.js";
import { readExpected, toyFilesIn } from "../io/read.js";
import { pyhfWorkspace, type PyhfExport } from "../inference/pyhf.js";
import { loadScenario, type ResolvedScenario } from "../scenario/load.js";
import { UsageError, parseCount } from "./errors.js";
import { findToy } from "./plot.js";

export const EXPORT_FORMATS = ["pyhf"] as const;

export interface ExportOptions {
  format: string;
  toy?: number | undefined;
  asimov?: boolean | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
}

interface ExportSource {
  scenario: ResolvedScenario;
  muSignal: ArrayLike<number>;
  backgrounds: { name: string; mu: ArrayLike<number> }[];
  muTotal: ArrayLike<number>;
  toyFiles: string[];
}

/** A run folder (expected.arrow, toys) or a scenario (computed in memory, no toys). */
function exportSource(input: string): ExportSource {
  if (existsSync(input) && statSync(input).isDirectory()) {
    const path = join(input, "expected.arrow");
    if (!existsSync(path))
      throw new UsageError(`${input} has no expected.arrow (run renp generate first)`);
    const expected = readExpected(path);
    const scenario = expected.metadata.scenario;
    if (!scenario) throw new UsageError(`${path} has no renp.scenario metadata`);
    return { ...expected, scenario, toyFiles: toyFilesIn(input) };
  }
  const scenario = loadScenario(input);
  const table = computeExpectation(scenario);
  return { ...table, scenario, toyFiles: [] };
}

/** Builds the export without writing anything; UsageError (exit 2) on bad options. */
export function buildExport(input: string, opts: ExportOptions): PyhfExport {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format))
    throw new UsageError(
      `--format = ${JSON.stringify(opts.format)}: allowed: ${EXPORT_FORMATS.join(", ")}`,
    );
  if (opts.toy !== undefined && opts.asimov)
    throw new UsageError("--toy and --asimov exclude each other: give one");
  const source = exportSource(input);
  let observed: ArrayLike<number> = source.muTotal;
  if (opts.toy !== undefined) {
    if (source.toyFiles.length === 0)
      throw new UsageError(
        `--toy ${opts.toy}: ${input} has no toys (give a run folder written by renp generate)`,
      );
    const toy = findToy(source.toyFiles, opts.toy, source.muTotal.length);
    if (!toy) throw new UsageError(`toy ${opts.toy} not found in ${source.toyFiles.join(", ")}`);
    observed = toy.counts;
  }
  try {
    return pyhfWorkspace({ ...source, observed });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`${input}: ${err.message}`);
    throw err;
  }
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "write the expected counts and one observation for another fitting tool (pyhf HistFactory workspace)",
    )
    .argument("<input>", "run folder (expected.arrow, toys) or scenario (path or built-in name)")
    .requiredOption("--format <format>", `output format: ${EXPORT_FORMATS.join(", ")}`)
    .option("--toy <N>", "observation: toy N of the run folder's toys", parseCount("--toy", 0))
    // No commander default: help would add "(default: false)" to a flag that is the default.
    .option("--asimov", "observation: the expected total counts (the default without --toy)")
    .option("--out <file>", "output .json file (stdout when omitted)")
    .option("--force", "replace an existing output file", false)
    .action((input: string, opts: ExportOptions) => {
      const result = buildExport(input, opts);
      const text = `${JSON.stringify(result.workspace, null, 2)}\n`;
      if (opts.out) {
        const outputs = new AtomicOutputs(opts.force ?? false);
        try {
          writeFileSync(outputs.reserve(opts.out), text);
          outputs.commit();
        } catch (err) {
          outputs.abort();
          throw err;
        }
      } else {
        process.stdout.write(text);
      }
      const kept = result.workspace.observations[0].data.length;
      const notes = [
        `${kept} bins`,
        `observation: ${opts.toy !== undefined ? `toy ${opts.toy}` : "Asimov"}`,
        ...(result.droppedBins.length
          ? [`bins with no expected events left out: ${result.droppedBins.join(", ")}`]
          : []),
        ...result.unmapped.map(
          (u) => `systematic ${u.name} (${u.parameter}) not exported: ${u.reason}`,
        ),
      ];
      process.stderr.write(
        `renp: ${opts.out ? `wrote ${opts.out}` : "pyhf workspace"} (${notes.join("; ")})\n`,
      );
    });
}

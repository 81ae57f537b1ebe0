/**
 * renp export as a library call: the expected counts and one observation as a file another
 * fitting tool reads. Format "pyhf": a HistFactory workspace (pyhf schema 1.0.0;
 * inference/pyhf.ts, docs/statistics.md "Export to pyhf", docs/downstream.md).
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { computeExpectationAbortable } from "./expectation.js";
import { readExpected, toyFilesIn } from "./io/read.js";
import { pyhfWorkspace, type PyhfExport } from "./inference/pyhf.js";
import { loadScenario, type ResolvedScenario } from "./scenario/load.js";
import { InputError } from "./errors.js";
import { findToy } from "./plot/spectrumPlot.js";

/** The formats `renp export` writes. */
export const EXPORT_FORMATS = ["pyhf"] as const;

/** The options of `renp export` (cli/export.ts), as a library call takes them. */
export interface ExportOptions {
  format: string;
  toy?: number | undefined;
  asimov?: boolean | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
  /** Stops the expectation of a scenario input (rejects with InterruptedError). */
  signal?: AbortSignal | undefined;
}

interface ExportSource {
  scenario: ResolvedScenario;
  muSignal: ArrayLike<number>;
  backgrounds: { name: string; mu: ArrayLike<number> }[];
  muTotal: ArrayLike<number>;
  toyFiles: string[];
}

/** A run folder (expected.arrow, toys) or a scenario (computed in memory, no toys). */
async function exportSource(input: string, signal?: AbortSignal): Promise<ExportSource> {
  if (existsSync(input) && statSync(input).isDirectory()) {
    const path = join(input, "expected.arrow");
    if (!existsSync(path))
      throw new InputError(`${input} has no expected.arrow (run renp generate first)`);
    const expected = readExpected(path);
    const scenario = expected.metadata.scenario;
    if (!scenario) throw new InputError(`${path} has no renp.scenario metadata`);
    return { ...expected, scenario, toyFiles: toyFilesIn(input) };
  }
  const scenario = loadScenario(input);
  const table = await computeExpectationAbortable(scenario, { signal });
  return { ...table, scenario, toyFiles: [] };
}

/**
 * Builds the export without writing anything.
 * @throws InputError on an unknown format, a toy that is not there or data pyhf cannot hold.
 */
export async function buildExport(input: string, opts: ExportOptions): Promise<PyhfExport> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format))
    throw new InputError(
      `--format = ${JSON.stringify(opts.format)}: allowed: ${EXPORT_FORMATS.join(", ")}`,
    );
  if (opts.toy !== undefined && opts.asimov)
    throw new InputError("--toy and --asimov exclude each other: give one");
  const source = await exportSource(input, opts.signal);
  let observed: ArrayLike<number> = source.muTotal;
  if (opts.toy !== undefined) {
    if (source.toyFiles.length === 0)
      throw new InputError(
        `--toy ${opts.toy}: ${input} has no toys (give a run folder written by renp generate)`,
      );
    const toy = findToy(source.toyFiles, opts.toy, source.muTotal.length);
    if (!toy) throw new InputError(`toy ${opts.toy} not found in ${source.toyFiles.join(", ")}`);
    observed = toy.counts;
  }
  try {
    return pyhfWorkspace({ ...source, observed });
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${input}: ${err.message}`);
    throw err;
  }
}

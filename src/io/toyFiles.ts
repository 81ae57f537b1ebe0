/**
 * The toys a fit reads: the toy files of a run folder (or one toys file), each checked to be
 * renp toys of one scenario, and their counts as one toy-major array (docs/outputs.md "toys").
 */
import { existsSync, statSync } from "node:fs";
import { InputError, ScenarioError } from "../errors.js";
import { resolveScenario, validateScenario, type ResolvedScenario } from "../scenario/load.js";
import { forEachToyBatch, summarizeArrow, toyFilesIn, type RenpMetadata } from "./read.js";

/** One toys file and its renp metadata. */
export interface ToyFile {
  path: string;
  metadata: RenpMetadata;
}

/**
 * The toy files of `input` (a run folder: toys.arrow or its shards; or one toys file), each
 * checked to be a renp toys file with the scenario in its metadata.
 * @throws InputError when the input is missing, empty or not renp toys.
 */
export function toyFiles(input: string): ToyFile[] {
  const paths = existsSync(input) && statSync(input).isDirectory() ? toyFilesIn(input) : [input];
  if (paths.length === 0)
    throw new InputError(`${input} holds no toys.arrow (or toys-K-of-N.arrow shards)`, {
      field: input,
    });
  return paths.map((path) => {
    if (!existsSync(path)) throw new InputError(`no such file or folder: ${path}`, { field: path });
    let summary;
    try {
      summary = summarizeArrow(path);
    } catch (err) {
      throw new InputError(`${path} is not a renp toys file: ${(err as Error).message}`, {
        field: path,
      });
    }
    if (summary.kind !== "toys" || summary.metadata.scenario === undefined)
      throw new InputError(
        `${path} is not a renp toys file (it needs columns toy, bin, n_obs or toy, counts and the renp.scenario metadata; columns: ${summary.fields.map((f) => f.name).join(", ")})`,
        { field: path },
      );
    return { path, metadata: summary.metadata };
  });
}

/**
 * The scenario recorded in a toys file, validated again.
 * @throws ScenarioError when it is not a valid scenario, InputError when it cannot be resolved.
 */
export function scenarioOfToys(metadata: RenpMetadata, path: string): ResolvedScenario {
  try {
    return resolveScenario(validateScenario(metadata.scenario, `${path} (renp.scenario)`));
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new InputError(`${path}: renp.scenario: ${(err as Error).message}`, { field: path });
  }
}

/**
 * Counts of toys first..last (toy-major, `bins` per toy) from the files: n_obs, or for an Asimov
 * run (`asimov`) its exact expected counts asimov_total (float64), so a fit returns the truth at
 * the saturated likelihood instead of fitting the rounded n_obs (docs/fitting.md).
 * @throws InputError when a toy has a bin outside the scenario's, a (toy, bin) row is missing, or
 *   an Asimov run lacks asimov_total.
 */
export function readCounts(
  files: readonly { path: string }[],
  first: number,
  last: number,
  bins: number,
  asimov = false,
): Int32Array | Float64Array {
  const count = last - first + 1;
  const counts = asimov ? new Float64Array(count * bins) : new Int32Array(count * bins);
  let rows = 0;
  for (const { path } of files) {
    forEachToyBatch(path, ({ toy, bin, nObs, columns }) => {
      const values = asimov ? columns.asimov_total : nObs;
      if (!values)
        throw new InputError(
          `${path} is an Asimov run (renp.asimov) without its asimov_total column`,
          { field: path },
        );
      for (let r = 0; r < toy.length; r++) {
        const t = toy[r];
        if (t < first || t > last) continue;
        const b = bin[r];
        if (b < 0 || b >= bins)
          throw new InputError(`${path}: toy ${t} has bin ${b}; the scenario has ${bins} bins`, {
            field: path,
          });
        counts[(t - first) * bins + b] = values[r];
        rows++;
      }
    });
  }
  if (rows !== count * bins)
    throw new InputError(
      `the toys files hold ${rows} of the ${count * bins} (toy, bin) rows of toys ${first}..${last}`,
    );
  return counts;
}

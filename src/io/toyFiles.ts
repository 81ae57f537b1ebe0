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
  /** The rows the file holds (a toy is at least one row): a bound on the toys it may claim. */
  rows: number;
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
    return { path, metadata: summary.metadata, rows: summary.numRows };
  });
}

/**
 * Checks that toy files read as one run are that whole run: a lone toys.arrow, or the shards
 * K/N of one N, K = 1..N each once, together holding toys 0..toys-1 of the scenario. A partial
 * shard set would otherwise be fitted silently as if it were the run (docs/outputs.md, "fit").
 * @throws InputError naming the missing or extra shards.
 */
export function checkWholeRun(files: readonly ToyFile[], scenarioToys: number): void {
  const ranges = files.map((f) => f.metadata.toys ?? { first: 0, count: 0 });
  const shards = files.map((f) => /^(\d{1,7})\/(\d{1,7})$/.exec(f.metadata.shard ?? ""));
  const counts = new Set(shards.map((m) => (m ? Number(m[2]) : NaN)));
  const held = ranges.reduce((n, r) => n + r.count, 0);
  const n = counts.size === 1 ? [...counts][0] : NaN;
  const present = new Set(shards.map((m) => (m ? Number(m[1]) : NaN)));
  const missing: string[] = [];
  for (let k = 1; Number.isInteger(n) && k <= n && missing.length <= 20; k++)
    if (!present.has(k)) missing.push(`${k}/${n}`);
  const ok =
    Number.isInteger(n) && missing.length === 0 && files.length === n && held === scenarioToys;
  if (ok) return;
  const what = missing.length
    ? `shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing`
    : Number.isInteger(n)
      ? `the files hold ${held} of the run's ${scenarioToys} toys`
      : "the files are shards of different splits (renp.shard)";
  throw new InputError(
    `${files.map((f) => f.path).join(", ")} are not one whole run: ${what}; fit all its shards (renp merge checks a set), or name the toys to fit with --toys A..B`,
    { field: files[0]?.path, allowed: "toys.arrow, or every shard toys-K-of-N.arrow of one run" },
  );
}

/**
 * Checks that the toys first..last fit in the files' rows before counts are allocated for them
 * (a toy is at least one row; a count in metadata alone sizes nothing).
 * @throws InputError when the files cannot hold them.
 */
export function checkToysHeld(files: readonly ToyFile[], first: number, last: number): void {
  const rows = files.reduce((n, f) => n + f.rows, 0);
  const count = last - first + 1;
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && count >= 0 && count <= rows))
    throw new InputError(
      `toys ${first}..${last} (${count} toys, from the files' renp.toys or --toys) are more than the ${rows} rows the files hold`,
      { field: files[0]?.path, value: count, allowed: `at most ${rows} toys` },
    );
}

/**
 * The scenario recorded in a renp file's metadata (a toys or fits file), validated again: the
 * metadata is the file's word, not renp's, until checked.
 * @throws ScenarioError when it is not a valid scenario, InputError when it cannot be resolved.
 */
export function scenarioOfFile(metadata: RenpMetadata, path: string): ResolvedScenario {
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

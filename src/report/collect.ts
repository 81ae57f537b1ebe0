/**
 * What a run folder holds, gathered for the report (docs/outputs.md "The report"): run.json,
 * expected.arrow, the toys (toys.arrow or its shards, summarised per bin), every fits file
 * (known by its metadata renp.file = fits, whatever its name) and the sensitivity lines written
 * by `renp sensitivity --out DIR/sensitivity*.jsonl`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { RenpFileError } from "../errors.js";
import { isFitsFile, readFits, type FitsFile } from "../io/fitsFile.js";
import {
  readExpected,
  summarizeArrow,
  summarizeToys,
  toyFilesIn,
  type ExpectedData,
} from "../io/read.js";
import type { SensitivityRecord } from "../plot/sensitivityLines.js";

/** The toys of a run pooled over its files: per bin the mean and variance of n_obs. */
export interface ToysDigest {
  files: { path: string; shard?: string | undefined; first: number; count: number }[];
  toys: number;
  mean: Float64Array;
  variance: Float64Array;
}

export interface SensitivityFile {
  path: string;
  lines: SensitivityRecord[];
}

export interface RunContents {
  dir: string;
  /** run.json, or a sharded run's run-K-of-N.json files (in K order): each run's provenance. */
  runFiles: { name: string; json: Record<string, unknown> }[];
  expected: ExpectedData;
  toys?: ToysDigest | undefined;
  fits: FitsFile[];
  sensitivity: SensitivityFile[];
}

/** Sensitivity results on disk: `sensitivity.jsonl` or `sensitivity-<anything>.jsonl` in the folder. */
export const SENSITIVITY_FILE = /^sensitivity(?:[-_.].+)?\.jsonl$/;

/**
 * Pools per-file means and variances: the mean weighted by toys, the variance from the summed
 * squared deviations, (n_i - 1) v_i + n_i (m_i - m)^2 per file (T. F. Chan, G. H. Golub,
 * R. J. LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances",
 * 1979).
 */
export function poolMoments(
  parts: readonly { n: number; mean: ArrayLike<number>; variance: ArrayLike<number> }[],
  bins: number,
): { n: number; mean: Float64Array; variance: Float64Array } {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const mean = new Float64Array(bins);
  const variance = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    let m = 0;
    for (const p of parts) if (p.n > 0) m += (p.n * p.mean[b]) / n;
    let squares = 0;
    for (const p of parts)
      if (p.n > 0)
        squares += (p.n > 1 ? (p.n - 1) * p.variance[b] : 0) + p.n * (p.mean[b] - m) ** 2;
    mean[b] = n > 0 ? m : NaN;
    variance[b] = n > 1 ? squares / (n - 1) : NaN;
  }
  return { n, mean, variance };
}

function readToys(dir: string, bins: number): ToysDigest | undefined {
  const paths = toyFilesIn(dir);
  if (paths.length === 0) return undefined;
  const parts = paths.map((path) => {
    const s = summarizeToys(path);
    if (s.toys > 0 && s.nBins !== bins)
      throw new RenpFileError(
        `${path} holds ${s.nBins} bins per toy, expected.arrow ${bins}: not the same run`,
      );
    return { path, s, meta: summarizeArrow(path).metadata };
  });
  const pooled = poolMoments(
    parts.map(({ s }) => ({ n: s.toys, mean: s.mean, variance: s.variance })),
    bins,
  );
  return {
    files: parts.map(({ path, s, meta }) => ({
      path,
      shard: meta.shard,
      first: s.toys > 0 ? s.firstToy : (meta.toys?.first ?? 0),
      count: s.toys,
    })),
    toys: pooled.n,
    mean: pooled.mean,
    variance: pooled.variance,
  };
}

function readSensitivity(path: string): SensitivityFile {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l, i) => {
      let value: unknown;
      try {
        value = JSON.parse(l);
      } catch {
        throw new RenpFileError(`${path}: line ${i + 1} is not JSON`);
      }
      const r = value as Partial<SensitivityRecord> | null;
      if (!r || typeof r.test !== "string" || typeof r.exposureScale !== "number")
        throw new RenpFileError(
          `${path}: line ${i + 1} is not a renp sensitivity line (no test and exposureScale)`,
        );
      return r as SensitivityRecord;
    });
  return { path, lines };
}

/** Gathers a run folder; a RenpFileError when it has no expected.arrow. */
export function collectRun(dir: string): RunContents {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new RenpFileError(`${dir} is not a folder`, { field: "dir", value: dir });
  const expectedPath = join(dir, "expected.arrow");
  if (!existsSync(expectedPath))
    throw new RenpFileError(`${dir} has no expected.arrow: not a renp run folder`, {
      field: "dir",
      value: dir,
    });
  const expected = readExpected(expectedPath);
  const names = readdirSync(dir).sort();
  // K is zero-padded to N's width (docs/clusters.md), so the sorted names are in K order.
  const runFiles = names
    .filter((f) => f === "run.json" || /^run-\d+-of-\d+\.json$/.test(f))
    .sort((a, b) => (a === "run.json" ? -1 : b === "run.json" ? 1 : a.localeCompare(b)))
    .map((name) => ({
      name,
      json: JSON.parse(readFileSync(join(dir, name), "utf8")) as Record<string, unknown>,
    }));
  const toyFiles = new Set(toyFilesIn(dir));
  // Fits files by their metadata, whatever their name; the run's own data files are not read twice.
  const fits = names
    .filter((f) => f.endsWith(".arrow") && !f.startsWith(".") && f !== "expected.arrow")
    .map((f) => join(dir, f))
    .filter((p) => !toyFiles.has(p) && statSync(p).isFile() && isFitsFile(p))
    .map(readFits);
  const sensitivity = names
    .filter((f) => SENSITIVITY_FILE.test(f))
    .map((f) => readSensitivity(join(dir, f)));
  return {
    dir,
    runFiles,
    expected,
    toys: readToys(dir, expected.muTotal.length),
    fits,
    sensitivity,
  };
}

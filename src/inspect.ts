/**
 * renp inspect as a library call: what a renp Arrow file holds: schema, metadata (the resolved
 * scenario), row and batch counts; for an expectation table the totals per component; for a toys
 * file the toy count and, against expected.arrow from the same folder, the mean count per bin
 * with a chi-square-like summary; for a fits file (renp fit, known by its metadata whatever its
 * name) the status counts, the pulls per floated parameter with their standard errors and the
 * q distribution (inference/fitsSummary.ts). inspectText.ts turns the report into text or JSON.
 */
import { statSync } from "node:fs";
import { compiledModule } from "./parallel/compiledModule.js";
import { offThreadForLargeFile } from "./parallel/offThread.js";
import {
  expectedBeside,
  forEachToyBatch,
  readArrowColumns,
  readExpected,
  summarizeArrow,
  summarizeToys,
  type FieldInfo,
  type FileKind,
} from "./io/read.js";
import { chiSquareSf } from "./numerics/stats.js";
import { compensatedSum } from "./numerics/sum.js";
import { fitsSummary, type FitsSummary } from "./inference/fitsSummary.js";
import { readFits } from "./io/fitsFile.js";

export interface BinComparison {
  bin: number;
  omegaEv: number;
  mean: number;
  variance: number;
  expected: number;
  /** (mean - mu) / sqrt(mu / toys): ~N(0,1) per bin for Poisson toys of mean mu. */
  pull: number;
}

/** What inspectFile finds in a file (the JSON of `renp inspect --json`). */
export interface InspectReport {
  file: string;
  bytes: number;
  kind: FileKind;
  rows: number;
  batches: number;
  schema: FieldInfo[];
  metadata: {
    version?: string | undefined;
    seed?: number | undefined;
    toys?: { first: number; count: number } | undefined;
    shard?: string | undefined;
    scenario?: unknown;
    /** Every other key, as written. */
    other: Record<string, string>;
  };
  /** nuisance.arrow: per systematic, the mean and standard deviation of its values over the toys. */
  nuisance?: Record<string, { mean: number; sd: number }> | undefined;
  /** Metadata that is malformed or disagrees with the data (printed as warnings). */
  problems: string[];
  /** Expectation tables: the sum over bins of each mu_* column. */
  totals?: Record<string, number> | undefined;
  bins?: number | undefined;
  omegaRangeEv?: [number, number] | undefined;
  toys?: {
    count: number;
    first: number;
    last: number;
    bins: number;
    sortedByToyThenBin: boolean;
    everyToyHasEveryBin: boolean;
    /** Mean per toy of each count column's sum over bins (n_obs, and n_signal, n_bkg_* with --truth). */
    meanTotalPerToy: Record<string, number>;
    expectedFile?: string | undefined;
    comparison?:
      | {
          perBin: BinComparison[];
          /** Sum of squared pulls over bins with mu > 0. */
          chi2: number;
          ndf: number;
          pValue: number;
          /** Mean over bins of variance / mean: 1 for Poisson counts without systematics. */
          meanDispersion: number;
          /** Bins where mu = 0 but some toy counted events. */
          impossibleBins: number[];
          expectedTotal: number;
        }
      | undefined;
  };
  /**
   * A fits file (renp fit): status counts, pulls per floated parameter (mean and width with
   * their standard errors), warnings when they are off, q per tested alternative.
   */
  fits?: FitsSummary | undefined;
}

const RENP_KEYS = new Set([
  "renp.version",
  "renp.scenario",
  "renp.seed",
  "renp.toys",
  "renp.shard",
]);

/**
 * What a renp Arrow file holds, checked against itself and the files beside it (see the file's
 * comment). Reads the file; writes nothing.
 * @throws RenpFileError when it is not a readable Arrow file.
 */
export function inspectFile(path: string): InspectReport {
  const summary = summarizeArrow(path);
  const m = summary.metadata;
  const report: InspectReport = {
    file: path,
    bytes: statSync(path).size,
    kind: summary.kind,
    rows: summary.numRows,
    batches: summary.numBatches,
    schema: summary.fields,
    metadata: {
      version: m.version,
      seed: m.seed,
      toys: m.toys,
      shard: m.shard,
      scenario: m.scenario,
      other: Object.fromEntries(Object.entries(m.raw).filter(([k]) => !RENP_KEYS.has(k))),
    },
    problems: [...m.problems],
  };
  // A fits file by its metadata (renp.file = fits), whatever its name.
  if (summary.kind === "fits") report.fits = fitsSummary(readFits(path));
  if (summary.kind === "expected") {
    const e = readExpected(path);
    report.totals = {
      mu_signal: compensatedSum(e.muSignal),
      ...Object.fromEntries(e.backgrounds.map((b) => [`mu_bkg_${b.name}`, compensatedSum(b.mu)])),
      mu_total: compensatedSum(e.muTotal),
    };
    report.bins = e.bin.length;
    // A loop, not Math.min(...array): spreading a large array overflows the call stack.
    report.omegaRangeEv = [
      e.omegaLoEv.reduce((m, v) => Math.min(m, v), Infinity),
      e.omegaHiEv.reduce((m, v) => Math.max(m, v), -Infinity),
    ];
  }
  if (summary.kind === "nuisance") {
    const { columns } = readArrowColumns(path);
    report.nuisance = Object.fromEntries(
      Object.entries(columns)
        .filter(([name]) => name !== "toy")
        .map(([name, column]) => {
          const values = Array.from(column);
          const n = values.length;
          const mean = compensatedSum(values) / n;
          const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
          return [name, { mean, sd }];
        }),
    );
  }
  if (summary.kind === "toys") {
    const t = summarizeToys(path);
    // The wide layout's counts are read as n_obs (forEachToyBatch); --truth columns in long only.
    const countColumns = summary.fields
      .filter((f) => f.name === "n_obs" || f.name.startsWith("n_"))
      .map((f) => f.name);
    if (!countColumns.includes("n_obs")) countColumns.unshift("n_obs");
    const sums: Record<string, number> = Object.fromEntries(countColumns.map((c) => [c, 0]));
    forEachToyBatch(path, ({ nObs, columns }) => {
      for (const c of countColumns) {
        const values = c === "n_obs" ? nObs : columns[c];
        if (values) for (let r = 0; r < values.length; r++) sums[c] += values[r];
      }
    });
    report.toys = {
      count: t.toys,
      first: t.firstToy,
      last: t.lastToy,
      bins: t.nBins,
      sortedByToyThenBin: t.sorted,
      everyToyHasEveryBin: t.complete,
      meanTotalPerToy: Object.fromEntries(
        countColumns.map((c) => [c, t.toys ? sums[c] / t.toys : NaN]),
      ),
    };
    const claimed = m.toys;
    if (claimed && (claimed.count !== t.toys || (t.toys > 0 && claimed.first !== t.firstToy)))
      report.problems.push(
        `renp.toys says ${claimed.count} toys from toy ${claimed.first}; the file holds ${t.toys}${t.toys > 0 ? ` from toy ${t.firstToy}` : ""}`,
      );
    const expectedPath = expectedBeside(path);
    if (expectedPath) report.toys.expectedFile = expectedPath;
    if (expectedPath && t.toys > 0) {
      const e = readExpected(expectedPath);
      if (e.muTotal.length !== t.nBins) {
        report.toys.comparison = undefined;
      } else {
        const perBin: BinComparison[] = [];
        const impossibleBins: number[] = [];
        let chi2 = 0;
        let ndf = 0;
        let dispersion = 0;
        let dispersionBins = 0;
        for (let b = 0; b < t.nBins; b++) {
          const mu = e.muTotal[b];
          const pull = mu > 0 ? (t.mean[b] - mu) / Math.sqrt(mu / t.toys) : NaN;
          if (mu > 0) {
            chi2 += pull * pull;
            ndf++;
          } else if (t.mean[b] > 0) impossibleBins.push(b);
          if (t.mean[b] > 0 && Number.isFinite(t.variance[b])) {
            dispersion += t.variance[b] / t.mean[b];
            dispersionBins++;
          }
          perBin.push({
            bin: b,
            omegaEv: e.omegaEv[b],
            mean: t.mean[b],
            variance: t.variance[b],
            expected: mu,
            pull,
          });
        }
        report.toys.comparison = {
          perBin,
          chi2,
          ndf,
          pValue: chiSquareSf(chi2, ndf),
          meanDispersion: dispersionBins ? dispersion / dispersionBins : NaN,
          impossibleBins,
          expectedTotal: compensatedSum(e.muTotal),
        };
      }
    }
  }
  return report;
}

/**
 * inspectFile, in a worker thread (inspect/worker.ts) for a regular file above 32 MB
 * (parallel/offThread.ts `LARGE_FILE_BYTES`): the same report and the same errors, while this
 * thread stays free (to handle a signal: renp inspect).
 */
export function inspectFileOffThread(file: string): Promise<InspectReport> {
  return offThreadForLargeFile(
    file,
    () => inspectFile(file),
    compiledModule(import.meta.url, "inspect", "worker.js"),
    { path: file },
  );
}

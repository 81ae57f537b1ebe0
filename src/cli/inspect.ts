/**
 * renp inspect: what a renp Arrow file holds: schema, metadata (the resolved scenario
 * pretty-printed), row and batch counts; for an expectation table the totals per component;
 * for a toys file the toy count and, against expected.arrow from the same folder, the mean
 * count per bin with a chi-square-like summary; for fits.arrow (renp fit) the status counts and
 * the pulls per floated parameter (inference/pulls.ts). `--json` for machine-readable output.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import {
  expectedBeside,
  forEachToyBatch,
  readArrowColumns,
  readExpected,
  summarizeArrow,
  summarizeToys,
  type FieldInfo,
  type FileKind,
} from "../io/read.js";
import { chiSquareSf } from "../numerics/stats.js";
import { plural } from "./errors.js";
import { pullSummary, type PullSummary } from "../inference/pulls.js";
import type { ResolvedScenario } from "../scenario/load.js";

export interface BinComparison {
  bin: number;
  omegaEv: number;
  mean: number;
  variance: number;
  expected: number;
  /** (mean - mu) / sqrt(mu / toys): ~N(0,1) per bin for Poisson toys of mean mu. */
  pull: number;
}

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
  /** fits.arrow (renp fit): status counts and pulls per floated parameter. */
  fits?: (PullSummary & { nuisanceFile?: string | undefined }) | undefined;
}

const RENP_KEYS = new Set([
  "renp.version",
  "renp.scenario",
  "renp.seed",
  "renp.toys",
  "renp.shard",
]);

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
  if (m.raw["renp.file"] === "fits" && m.scenario) report.fits = fitsReport(path, m.scenario);
  if (summary.kind === "expected") {
    const e = readExpected(path);
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    report.totals = {
      mu_signal: sum(e.muSignal),
      ...Object.fromEntries(e.backgrounds.map((b) => [`mu_bkg_${b.name}`, sum(b.mu)])),
      mu_total: sum(e.muTotal),
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
          const mean = values.reduce((s, v) => s + v, 0) / n;
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
          expectedTotal: e.muTotal.reduce((s, v) => s + v, 0),
        };
      }
    }
  }
  return report;
}

const g = (v: number, digits = 6) =>
  Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v);
const indent = (text: string, by = "    ") =>
  text
    .split("\n")
    .map((l) => by + l)
    .join("\n");

const KIND_TEXT: Partial<Record<FileKind, string>> = {
  expected: "expectation table (expected.arrow)",
  nuisance: "nuisance parameters, one row per toy (nuisance.arrow)",
  other: "other Arrow file",
};

/** Pulls of a fits.arrow, the truth of constrained parameters from nuisance.arrow beside it. */
function fitsReport(path: string, scenario: ResolvedScenario): InspectReport["fits"] {
  const file = readArrowColumns(path);
  const config = JSON.parse(file.metadata.raw["renp.fit"] ?? "{}") as {
    float?: string[];
    hypothesis?: { fix?: Record<string, number> };
  };
  const float = config.float ?? [];
  const nuisancePath = join(dirname(path), "nuisance.arrow");
  const nuisance =
    existsSync(nuisancePath) && scenario.systematics.length > 0
      ? readArrowColumns(nuisancePath)
      : undefined;
  const sameRun =
    nuisance?.metadata.raw["renp.scenario"] === file.metadata.raw["renp.scenario"] &&
    nuisance?.columns.toy instanceof Int32Array;
  const summary = pullSummary({
    scenario,
    float,
    fix: config.hypothesis?.fix ?? {},
    status: file.strings.status ?? [],
    toy: file.columns.toy as Int32Array,
    values: Object.fromEntries(float.map((n) => [n, file.columns[n]])),
    errors: Object.fromEntries(float.map((n) => [n, file.columns[`${n}_err`]])),
    nuisance: sameRun
      ? { toy: nuisance.columns.toy as Int32Array, columns: nuisance.columns }
      : undefined,
  });
  return { ...summary, ...(sameRun ? { nuisanceFile: nuisancePath } : {}) };
}

export function formatInspect(r: InspectReport): string {
  const out: string[] = [];
  out.push(`file:     ${r.file} (${r.bytes} bytes)`);
  const toysLayout = r.schema.some((f) => f.name === "bin") ? "long" : "wide";
  out.push(
    `kind:     ${KIND_TEXT[r.kind] ?? (r.kind === "toys" ? `toys (${toysLayout} layout)` : r.kind)}`,
  );
  out.push(`rows:     ${r.rows} in ${r.batches} record batch${r.batches === 1 ? "" : "es"}`);
  out.push("schema:");
  const w = Math.max(...r.schema.map((f) => f.name.length));
  for (const f of r.schema)
    out.push(`  ${f.name.padEnd(w)}  ${f.type}${f.nullable ? " (nullable)" : ""}`);
  out.push("metadata:");
  const md = r.metadata;
  out.push(`  renp.version   ${md.version ?? "(missing)"}`);
  out.push(`  renp.seed      ${md.seed ?? "(missing)"}`);
  out.push(
    `  renp.toys      ${md.toys ? `first ${md.toys.first}, count ${md.toys.count}` : r.problems.some((p) => p.startsWith("renp.toys =")) ? "(malformed: see the warning below)" : "(missing)"}`,
  );
  out.push(`  renp.shard     ${md.shard ?? "(missing)"}`);
  for (const [k, v] of Object.entries(md.other)) out.push(`  ${k.padEnd(14)} ${v}`);
  out.push(`  renp.scenario${md.scenario ? ":" : "  (missing)"}`);
  if (md.scenario) out.push(indent(JSON.stringify(md.scenario, null, 2)));
  if (r.totals) {
    out.push(
      `totals over ${plural(r.bins ?? 0, "bin")} (omega ${r.omegaRangeEv?.map((v) => g(v, 8)).join(" .. ")} eV):`,
    );
    const tw = Math.max(...Object.keys(r.totals).map((k) => k.length));
    for (const [k, v] of Object.entries(r.totals)) out.push(`  ${k.padEnd(tw)}  ${g(v)}`);
  }
  if (r.nuisance) {
    out.push(`nuisance values over ${plural(r.rows, "toy")}:`);
    const nw = Math.max(...Object.keys(r.nuisance).map((k) => k.length));
    for (const [k, v] of Object.entries(r.nuisance))
      out.push(`  ${k.padEnd(nw)}  mean ${g(v.mean)}, sd ${g(v.sd)}`);
  }
  if (r.toys) {
    const t = r.toys;
    out.push(
      t.count === 0
        ? "toys:     0 (an empty file or shard: no toy in its range)"
        : `toys:     ${t.count} (toy ${t.first} .. ${t.last}), ${plural(t.bins, "bin")} per toy`,
    );
    out.push(
      `  sorted by toy then bin: ${t.sortedByToyThenBin ? "yes" : "NO"}; every toy has every bin: ${t.everyToyHasEveryBin ? "yes" : "NO"}`,
    );
    if (t.count > 0)
      for (const [k, v] of Object.entries(t.meanTotalPerToy))
        out.push(`  mean ${k} per toy (sum over bins): ${g(v)}`);
    const c = t.comparison;
    if (!t.expectedFile)
      out.push("  no expected.arrow beside this file: no comparison with the expectation");
    else if (t.count === 0) out.push(`  ${t.expectedFile} is beside it; no toys to compare`);
    else if (!c) out.push(`  ${t.expectedFile} has a different number of bins: no comparison`);
    else {
      out.push(`against ${t.expectedFile} (expected total ${g(c.expectedTotal)} per toy):`);
      out.push(
        `  ${"bin".padStart(5)}  ${"omega_ev".padEnd(12)}  ${"mean n_obs".padStart(12)}  ${"mu_total".padStart(12)}  ${"pull".padStart(7)}`,
      );
      for (const b of c.perBin) {
        out.push(
          `  ${String(b.bin).padStart(5)}  ${g(b.omegaEv, 10).padEnd(12)}  ${g(b.mean).padStart(12)}  ${g(b.expected).padStart(12)}  ${(Number.isFinite(b.pull) ? b.pull.toFixed(2) : "-").padStart(7)}`,
        );
      }
      out.push(
        `  chi2 = sum of pulls^2, pull = (mean - mu) / sqrt(mu / toys): ${g(c.chi2, 5)} for ${plural(c.ndf, "bin")} (p = ${g(c.pValue, 3)})`,
      );
      out.push(
        t.count < 2
          ? "  variance/mean: needs at least 2 toys"
          : `  mean variance/mean over bins: ${g(c.meanDispersion, 4)} (1 for Poisson counts without systematics)`,
      );
      if (c.impossibleBins.length)
        out.push(`  WARNING: counts in bins with mu = 0: ${c.impossibleBins.join(", ")}`);
    }
  }
  if (r.fits) {
    const counts = Object.entries(r.fits.statusCounts).map(([k, v]) => `${v} ${k}`);
    out.push(`fits:     ${counts.join(", ")}`);
    out.push(
      `  pulls (fit - truth) / error over the ok toys (mean 0, width 1 for an unbiased fit with right errors):`,
    );
    for (const [name, p] of Object.entries(r.fits.parameters))
      out.push(
        `  ${name}: mean ${g(p.mean, 3)}, width ${g(p.width, 3)} over ${p.toys} toys (truth: ${p.truth === "nominal" ? "the scenario's value" : r.fits.nuisanceFile})`,
      );
  }
  for (const problem of r.problems) out.push(`WARNING: ${problem}`);
  return `${out.join("\n")}\n`;
}

/** JSON with typed arrays as plain arrays and non-finite numbers as null. */
export function inspectJson(r: InspectReport): string {
  return `${JSON.stringify(r, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description(
      "schema, metadata, row counts and totals of a renp Arrow file (toys: mean counts against the expectation)",
    )
    .argument("<file>", "expected.arrow, toys.arrow or a shard toys-K-of-N.arrow")
    .option("--json", "machine-readable output", false)
    .action((file: string, opts: { json: boolean }) => {
      const report = inspectFile(file);
      process.stdout.write(opts.json ? inspectJson(report) : formatInspect(report));
    });
}

/**
 * A run folder for the fits, report and browser tests, written without running a fit: the
 * reference scenario with a gaussian signal-normalisation prior, expected.arrow, toys.arrow
 * (test/plot/fixtures.ts), nuisance.arrow with each toy's drawn normalisation, a fits file under
 * a name renp never uses (recognised by its metadata) whose pulls are gaussian by construction
 * (a seeded Box-Muller stream), and sensitivity lines as `renp sensitivity --out` writes them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { computeExpectation } from "../../src/expectation.js";
import { columnSchema, expectationIpc, metadataMap, recordBatch } from "../../src/io/arrow.js";
import type { ColumnData } from "../../src/io/arrow.js";
import { loadScenario, type ResolvedScenario } from "../../src/scenario/load.js";
import { scenarioFile } from "../helpers/runs.js";
import { toysIpc } from "../plot/fixtures.js";

/** Arrow file bytes of one record batch holding `columns`, with `meta` as schema metadata. */
export function columnsIpc(columns: [string, ColumnData][], meta: Map<string, string>): Uint8Array {
  const schema = columnSchema(columns, meta);
  const batch = recordBatch(
    schema,
    columns.map(([, d]) => d),
  );
  return arrow.tableToIPC(new arrow.Table([batch]), "file");
}

/** A mulberry32 stream and standard normals from it (Box-Muller). */
export function normals(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export const SIGMA_PRIOR = 0.1;

export function priorScenario(): ResolvedScenario {
  return loadScenario(
    scenarioFile({
      systematics: [
        {
          name: "sig",
          parameter: "signalNorm",
          prior: { distribution: "gaussian", sigma: SIGMA_PRIOR },
        },
      ],
    }),
  );
}

export interface FitsFixtureOptions {
  toys: number;
  /** Added to every pull of signalNorm (0: unbiased). */
  bias?: number;
  /** Multiplies every pull of signalNorm (1: right errors). */
  scale?: number;
  /** q_ordering values; default: none (no --test). */
  q?: readonly number[];
  seed?: number;
}

/** fits.arrow bytes as renp fit writes them: the signal normalisation fitted, truth drawn per toy. */
export function fitsIpc(
  scenario: ResolvedScenario,
  truth: Float64Array,
  o: FitsFixtureOptions,
): Uint8Array {
  const z = normals(o.seed ?? 99);
  const err = 0.05;
  const fitted = Float64Array.from(truth, (t) => t + err * ((o.scale ?? 1) * z() + (o.bias ?? 0)));
  const columns: [string, ColumnData][] = [
    ["toy", Int32Array.from({ length: o.toys }, (_, i) => i)],
    ["status", Array.from({ length: o.toys }, (_, i) => (i === 3 ? "not-converged" : "ok"))],
    ["nll", new Float64Array(o.toys).fill(30)],
    ["signalNorm", fitted],
    ["signalNorm_err", new Float64Array(o.toys).fill(err)],
  ];
  if (o.q) columns.push(["q_ordering", Float64Array.from(o.q)]);
  const meta = metadataMap({
    scenario,
    toys: { first: 0, count: o.toys },
    shard: "1/1",
    extra: {
      "renp.file": "fits",
      "renp.fit": JSON.stringify({
        float: ["signalNorm"],
        hypothesis: { fix: {} },
        test: o.q ? "ordering" : null,
      }),
    },
  });
  return columnsIpc(columns, meta);
}

/** Sensitivity lines in the shape `renp sensitivity --json` prints: ordering with toys, a bsm scan. */
export const SENSITIVITY_LINES = [
  {
    test: "ordering",
    exposureScale: 1,
    exposureDays: 66,
    signalEvents: 115,
    totalEvents: 115,
    deltaChi2: 30.4,
    z: 5.51,
    constrained: false,
    days3Sigma: 19.5,
    days5Sigma: 54.3,
    toys: { n: 50, median: 29, band68: [19, 41], band95: [12, 55] },
  },
  {
    test: "ordering",
    exposureScale: 4,
    exposureDays: 264,
    signalEvents: 461,
    totalEvents: 461,
    deltaChi2: 121.6,
    z: 11.03,
    constrained: false,
    days3Sigma: 19.5,
    days5Sigma: 54.3,
  },
  ...[0.01, 0.05, 0.1, 1].map((massEv, i) => ({
    test: "bsm:vector",
    exposureScale: 1,
    exposureDays: 66,
    signalEvents: 115,
    massEv,
    widthEv: massEv * 1e-3,
    coupling: "g_vector",
    limit90: 1e-3 * (i + 1),
    limit95: 1.3e-3 * (i + 1),
  })),
];

export interface RunFixture {
  dir: string;
  scenario: ResolvedScenario;
  truth: Float64Array;
  fitsPath: string;
}

/** The whole folder: expected, toys, nuisance, a fits file named "mass-fit-v2.arrow", sensitivity. */
export function runFixture(o: Partial<FitsFixtureOptions> = {}): RunFixture {
  const toys = o.toys ?? 60;
  const scenario = priorScenario();
  const table = computeExpectation(scenario);
  const dir = mkdtempSync(join(tmpdir(), "renp-report-"));
  const meta = { scenario, toys: { first: 0, count: toys }, shard: "1/1" };
  writeFileSync(join(dir, "expected.arrow"), expectationIpc(table, meta));
  writeFileSync(join(dir, "toys.arrow"), toysIpc(scenario, table.muTotal, { toys }));
  const z = normals(7);
  const truth = Float64Array.from({ length: toys }, () => 1 + SIGMA_PRIOR * z());
  const nuisanceColumns: [string, ColumnData][] = [
    ["toy", Int32Array.from({ length: toys }, (_, i) => i)],
    ["sig", truth],
  ];
  writeFileSync(
    join(dir, "nuisance.arrow"),
    columnsIpc(nuisanceColumns, metadataMap({ ...meta, extra: { "renp.file": "nuisance" } })),
  );
  const fitsPath = join(dir, "mass-fit-v2.arrow");
  const q = o.q ?? Array.from({ length: toys }, (_, i) => 25 + 10 * normals(3 + i)());
  writeFileSync(fitsPath, fitsIpc(scenario, truth, { ...o, toys, q }));
  writeFileSync(
    join(dir, "sensitivity.jsonl"),
    SENSITIVITY_LINES.map((l) => JSON.stringify(l)).join("\n") + "\n",
  );
  return { dir, scenario, truth, fitsPath };
}

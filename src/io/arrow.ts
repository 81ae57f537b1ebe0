/**
 * Arrow IPC files (DESIGN.md "Files"). Uncompressed: apache-arrow 21.2.0 writes a wrong length
 * prefix into LZ4/ZSTD buffers that other readers reject (DESIGN.md, measured). Columns are built
 * from typed arrays (a JS array is ~300x slower).
 */
import * as arrow from "apache-arrow";
import type { ExpectationTable } from "../expectation.js";
import { RENP_VERSION } from "../paths.js";
import type { ResolvedScenario } from "../scenario/load.js";

export interface RunMetadata {
  scenario: ResolvedScenario;
  /** First toy index and count of this file's run or shard. */
  toys: { first: number; count: number };
  /** "K/N" ("1/1" unsharded). */
  shard: string;
  /** Further keys (renp.rng, physics summaries). */
  extra?: Record<string, string>;
}

/** The schema metadata every renp file carries; nothing that varies between identical runs. */
export function metadataMap(meta: RunMetadata): Map<string, string> {
  return new Map<string, string>([
    ["renp.version", RENP_VERSION],
    ["renp.scenario", JSON.stringify(meta.scenario)],
    ["renp.seed", String(meta.scenario.seed)],
    ["renp.toys", JSON.stringify(meta.toys)],
    ["renp.shard", meta.shard],
    ...Object.entries(meta.extra ?? {}),
  ]);
}

export type Column = Int32Array | Float64Array;

const arrowType = (values: Column) => (values instanceof Int32Array ? new arrow.Int32() : new arrow.Float64());

/** One record batch from named typed-array columns of equal length. */
export function recordBatch(schema: arrow.Schema, columns: readonly Column[]): arrow.RecordBatch {
  const length = columns.length ? columns[0].length : 0;
  const children = columns.map((values) =>
    values instanceof Int32Array
      ? arrow.makeData({ type: new arrow.Int32(), length, nullCount: 0, data: values })
      : arrow.makeData({ type: new arrow.Float64(), length, nullCount: 0, data: values }),
  );
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children });
  return new arrow.RecordBatch(schema, data);
}

/** A schema of non-nullable int32/float64 fields with renp metadata. */
export function columnSchema(columns: readonly [string, Column][], metadata: Map<string, string>): arrow.Schema {
  return new arrow.Schema(
    columns.map(([name, values]) => new arrow.Field(name, arrowType(values), false)),
    metadata,
  );
}

/** Physics summaries recorded beside the scenario (for readers who want them without renp). */
export function physicsMetadata(table: ExpectationTable): Record<string, string> {
  return {
    "renp.gamma0_per_s": String(table.physics.gamma0PerS),
    "renp.masses_ev": JSON.stringify(table.physics.massesEv),
    "renp.thresholds_ev": JSON.stringify(table.physics.spectrum.thresholdsEv),
  };
}

/** The expectation table's columns, in the contract's order. */
export function expectationColumns(table: ExpectationTable): [string, Column][] {
  const n = table.muTotal.length;
  return [
    ["bin", Int32Array.from({ length: n }, (_, k) => k)],
    ["omega_lo_ev", table.scan.loEv],
    ["omega_ev", table.scan.centerEv],
    ["omega_hi_ev", table.scan.hiEv],
    ["exposure_s", table.scan.exposureS],
    ["efficiency", table.efficiency],
    ["mu_signal", table.muSignal],
    ...table.backgrounds.map((b): [string, Column] => [`mu_bkg_${b.name}`, b.mu]),
    ["mu_total", table.muTotal],
  ];
}

/** expected.arrow (or the spectrum command's Arrow output) as IPC file bytes. */
export function expectationIpc(table: ExpectationTable, meta: RunMetadata): Uint8Array {
  const columns = expectationColumns(table);
  const schema = columnSchema(columns, metadataMap({ ...meta, extra: { ...physicsMetadata(table), ...meta.extra } }));
  const batch = recordBatch(schema, columns.map(([, values]) => values));
  return arrow.tableToIPC(new arrow.Table([batch]), "file");
}

/** The expectation table as CSV (the spectrum command with a .csv output). */
export function expectationCsv(table: ExpectationTable): string {
  const columns = expectationColumns(table);
  const lines = [columns.map(([name]) => name).join(",")];
  for (let k = 0; k < table.muTotal.length; k++) lines.push(columns.map(([, values]) => String(values[k])).join(","));
  return `${lines.join("\n")}\n`;
}

/**
 * Arrow IPC files (docs/architecture.md, "File formats"). Uncompressed: apache-arrow 21.2.0 writes
 * a wrong length prefix into LZ4/ZSTD buffers that other readers reject (measured; docs/architecture.md). Columns are built
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
/**
 * A column as renp writes it: int32, float64, a FixedSizeList<int32> (the wide toys layout), or
 * utf8 strings (the fit status).
 */
export type ColumnData = Column | { listSize: number; values: Int32Array } | readonly string[];

export const isStrings = (data: ColumnData): data is readonly string[] => Array.isArray(data);

/** The Arrow type of a column (non-nullable). */
export function columnType(data: ColumnData): arrow.DataType {
  if (data instanceof Int32Array) return new arrow.Int32();
  if (data instanceof Float64Array) return new arrow.Float64();
  if (isStrings(data)) return new arrow.Utf8();
  return new arrow.FixedSizeList(data.listSize, new arrow.Field("item", new arrow.Int32(), false));
}

/** The Arrow data of a column, wrapping the typed array without a copy. */
export function columnData(data: ColumnData): arrow.Data {
  if (data instanceof Int32Array)
    return arrow.makeData({ type: new arrow.Int32(), length: data.length, nullCount: 0, data });
  if (data instanceof Float64Array)
    return arrow.makeData({ type: new arrow.Float64(), length: data.length, nullCount: 0, data });
  if (isStrings(data)) return arrow.vectorFromArray(data, new arrow.Utf8()).data[0];
  const child = arrow.makeData({
    type: new arrow.Int32(),
    length: data.values.length,
    nullCount: 0,
    data: data.values,
  });
  const type = columnType(data) as arrow.FixedSizeList<arrow.Int32>;
  return arrow.makeData({ type, length: data.values.length / data.listSize, nullCount: 0, child });
}

/** One record batch from columns in the schema's order. */
export function recordBatch(
  schema: arrow.Schema,
  columns: readonly ColumnData[],
): arrow.RecordBatch {
  const children = columns.map(columnData);
  const length = children.length ? children[0].length : 0;
  const data = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length,
    nullCount: 0,
    children,
  });
  return new arrow.RecordBatch(schema, data);
}

/** A schema of non-nullable fields typed by their data, with renp metadata. */
export function columnSchema(
  columns: readonly [string, ColumnData][],
  metadata: Map<string, string>,
): arrow.Schema {
  return new arrow.Schema(
    columns.map(([name, values]) => new arrow.Field(name, columnType(values), false)),
    metadata,
  );
}

/** Physics summaries recorded beside the scenario (for readers who want them without renp). */
export function physicsMetadata(table: ExpectationTable): Record<string, string> {
  return {
    "renp.gamma0_per_s": String(table.physics.gamma0PerS),
    "renp.masses_ev": JSON.stringify(table.physics.massesEv),
    "renp.thresholds_ev": JSON.stringify(table.physics.spectrum.thresholdsEv),
    // The six pairs i <= j (masses numbered 1..3) with their thresholds, ascending.
    "renp.thresholds": JSON.stringify(
      table.physics.spectrum.pairs
        .filter((p) => p.i <= p.j)
        .map((p) => ({ pair: `${p.i + 1}${p.j + 1}`, omegaEv: p.thresholdEv }))
        .sort((a, b) => a.omegaEv - b.omegaEv),
    ),
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
  const schema = columnSchema(
    columns,
    metadataMap({ ...meta, extra: { ...physicsMetadata(table), ...meta.extra } }),
  );
  const batch = recordBatch(
    schema,
    columns.map(([, values]) => values),
  );
  return arrow.tableToIPC(new arrow.Table([batch]), "file");
}

/** The expectation table as CSV (the spectrum command with a .csv output). */
export function expectationCsv(table: ExpectationTable): string {
  const columns = expectationColumns(table);
  const lines = [columns.map(([name]) => name).join(",")];
  for (let k = 0; k < table.muTotal.length; k++)
    lines.push(columns.map(([, values]) => String(values[k])).join(","));
  return `${lines.join("\n")}\n`;
}

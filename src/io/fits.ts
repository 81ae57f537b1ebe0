/**
 * fits.arrow (docs/outputs.md "fits"): one row per toy, `toy` int32, `status` utf8, `nll`
 * float64, per floated parameter `<name>` and `<name>_err` float64, and `q_<alternative>` float64
 * when an alternative was tested. The fit itself is inference/toys.ts; this file only lays out
 * its columns.
 */
import * as arrow from "apache-arrow";
import { columnSchema, recordBatch, type ColumnData } from "./arrow.js";

/** The fitted values of a block of consecutive toys (inference/toys.ts `FitBlock` is one). */
export interface FitColumns {
  firstToy: number;
  count: number;
  /** Per toy, an index into the status names. */
  status: Uint8Array;
  nll: Float64Array;
  /** One array per floated parameter, one value per toy. */
  values: Float64Array[];
  errors: Float64Array[];
  /** q of the tested alternative per toy. */
  q: Float64Array;
}

/** What the columns are called: the status names, the floated parameters and the test. */
export interface FitsLayout {
  statusNames: readonly string[];
  float: readonly string[];
  /** The tested alternative ("ordering", "nature"); no q column without one. */
  test?: string | undefined;
}

/** fits.arrow bytes (an Arrow IPC file) of `block`, with `metadata` on the schema. */
export function fitsIpc(
  block: FitColumns,
  layout: FitsLayout,
  metadata: Map<string, string>,
): Uint8Array {
  const columns: [string, ColumnData][] = [
    ["toy", Int32Array.from({ length: block.count }, (_, i) => block.firstToy + i)],
    ["status", Array.from(block.status, (s) => layout.statusNames[s])],
    ["nll", block.nll],
  ];
  layout.float.forEach((name, j) => {
    columns.push([name, block.values[j]], [`${name}_err`, block.errors[j]]);
  });
  if (layout.test) columns.push([`q_${layout.test}`, block.q]);
  const schema = columnSchema(columns, metadata);
  const batch = recordBatch(
    schema,
    columns.map(([, data]) => data),
  );
  return arrow.tableToIPC(new arrow.Table([batch]), "file");
}

/** expected.arrow, the expectation table, as typed columns. */
import { RenpFileError } from "../../errors.js";
import { readArrowColumns, type NumericColumn } from "./arrowFile.js";
import type { RenpMetadata } from "./metadata.js";

/** expected.arrow (or the spectrum command's Arrow output) as typed columns. */
export interface ExpectedData {
  path?: string | undefined;
  metadata: RenpMetadata;
  bin: Int32Array;
  omegaLoEv: Float64Array;
  omegaEv: Float64Array;
  omegaHiEv: Float64Array;
  exposureS: Float64Array;
  efficiency: Float64Array;
  muSignal: Float64Array;
  /** One entry per mu_bkg_<name> column, in file order. */
  backgrounds: { name: string; mu: Float64Array }[];
  muTotal: Float64Array;
}

function float64(
  columns: Record<string, NumericColumn>,
  name: string,
  where: string,
): Float64Array {
  const c = columns[name];
  if (!(c instanceof Float64Array))
    throw new RenpFileError(`${where}: column ${name} (float64) is missing`);
  return c;
}

export function readExpected(source: string | Uint8Array): ExpectedData {
  const where = typeof source === "string" ? source : "expected table";
  const file = readArrowColumns(source);
  if (file.kind !== "expected") {
    throw new RenpFileError(
      `${where} is not an expectation table (columns: ${file.fields.map((f) => f.name).join(", ")})`,
    );
  }
  const bin = file.columns.bin;
  if (!(bin instanceof Int32Array)) throw new RenpFileError(`${where}: column bin is not int32`);
  return {
    path: typeof source === "string" ? source : undefined,
    metadata: file.metadata,
    bin,
    omegaLoEv: float64(file.columns, "omega_lo_ev", where),
    omegaEv: float64(file.columns, "omega_ev", where),
    omegaHiEv: float64(file.columns, "omega_hi_ev", where),
    exposureS: float64(file.columns, "exposure_s", where),
    efficiency: float64(file.columns, "efficiency", where),
    muSignal: float64(file.columns, "mu_signal", where),
    backgrounds: file.fields
      .filter((f) => f.name.startsWith("mu_bkg_"))
      .map((f) => ({
        name: f.name.slice("mu_bkg_".length),
        mu: float64(file.columns, f.name, where),
      })),
    muTotal: float64(file.columns, "mu_total", where),
  };
}

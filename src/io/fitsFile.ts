/**
 * Reading fits.arrow back (`renp fit`; docs/architecture.md "File formats"): the file is known by
 * its schema metadata `renp.file = fits`, never by its name. Columns: `toy`, `status`, `nll`, per
 * floated parameter `<name>` and `<name>_err`, and `q_<test>` per tested alternative; `renp.fit`
 * holds the fit configuration. nuisance.arrow beside it (same scenario) gives each toy's drawn
 * systematics, the truth of the constrained parameters.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { RenpFileError } from "../errors.js";
import type { ResolvedScenario } from "../scenario/load.js";
import { excerpt, readArrowColumns, summarizeArrow, type RenpMetadata } from "./read.js";
import { scenarioOfFile } from "./toyFiles.js";

/** The fit configuration written in `renp.fit`. */
export interface FitConfig {
  float: string[];
  fix: Record<string, number>;
  /** The tested alternative (`--test`), null without one. */
  test: string | null;
}

/** A fits.arrow read back, columns as typed arrays. */
export interface FitsFile {
  path: string;
  metadata: RenpMetadata;
  scenario: ResolvedScenario;
  config: FitConfig;
  toy: Int32Array;
  status: string[];
  nll: Float64Array;
  /** Per floated parameter its fitted values and errors. */
  values: Record<string, Float64Array>;
  errors: Record<string, Float64Array>;
  /** Per q_<test> column: its values, keyed by <test>. */
  q: Record<string, Float64Array>;
  /** nuisance.arrow of the same run beside the file, when the scenario has systematics. */
  nuisance?: { path: string; toy: Int32Array; columns: Record<string, ArrayLike<number>> };
}

/** True when the file starts as an Arrow IPC file does ("ARROW1"), whatever its name. */
function startsAsArrow(path: string): boolean {
  const head = Buffer.alloc(6);
  const fd = openSync(path, "r");
  try {
    return readSync(fd, head, 0, 6, 0) === 6 && head.toString("latin1") === "ARROW1";
  } finally {
    closeSync(fd);
  }
}

/** True when the file is an Arrow file whose metadata says it is a fits file (whatever its name). */
export function isFitsFile(path: string): boolean {
  return startsAsArrow(path) && summarizeArrow(path).kind === "fits";
}

const asFloat64 = (column: ArrayLike<number> | undefined): Float64Array =>
  column instanceof Float64Array ? column : Float64Array.from(column ?? []);

/** Reads a fits file: a RenpFileError when it is not one or lacks what renp fit writes. */
export function readFits(path: string): FitsFile {
  const file = readArrowColumns(path);
  const raw = file.metadata.raw;
  if (raw["renp.file"] !== "fits")
    throw new RenpFileError(
      `${path} is not a fits file (renp.file = ${JSON.stringify(raw["renp.file"] ?? null)}; renp fit writes "fits")`,
    );
  if (!file.metadata.scenario)
    throw new RenpFileError(`${path}: no resolved scenario (renp.scenario) in the metadata`);
  // Validated as a toys file's is: fields the pulls read (neutrino, systematics) must be there.
  const scenario = scenarioOfFile(file.metadata, path);
  let parsed: { float?: unknown; hypothesis?: { fix?: unknown } | null; test?: unknown };
  try {
    parsed = JSON.parse(raw["renp.fit"] ?? "{}") as typeof parsed;
  } catch {
    throw new RenpFileError(`${path}: renp.fit is not JSON`, { field: "renp.fit" });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new RenpFileError(
      `${path}: renp.fit = ${excerpt(raw["renp.fit"] ?? "")} is not the fit configuration renp fit writes (a JSON object)`,
      { field: "renp.fit" },
    );
  const float = Array.isArray(parsed.float)
    ? parsed.float.filter((n): n is string => typeof n === "string")
    : [];
  const fixRaw = parsed.hypothesis?.fix;
  const fix: Record<string, number> =
    fixRaw && typeof fixRaw === "object"
      ? Object.fromEntries(
          Object.entries(fixRaw as Record<string, unknown>).filter(
            (e): e is [string, number] => typeof e[1] === "number",
          ),
        )
      : {};
  const toy = file.columns.toy;
  const status = file.strings.status;
  if (!(toy instanceof Int32Array) || !status)
    throw new RenpFileError(`${path}: a fits file needs the columns toy (int32) and status (utf8)`);
  for (const name of float)
    if (!Object.hasOwn(file.columns, name) || !Object.hasOwn(file.columns, `${name}_err`))
      throw new RenpFileError(
        `${path}: renp.fit floats ${name} but the numeric columns ${name}, ${name}_err are not both there`,
      );
  const q: Record<string, Float64Array> = {};
  for (const [name, column] of Object.entries(file.columns))
    if (name.startsWith("q_")) q[name.slice(2)] = asFloat64(column);
  const fits: FitsFile = {
    path,
    metadata: file.metadata,
    scenario,
    config: { float, fix, test: typeof parsed.test === "string" ? parsed.test : null },
    toy,
    status,
    nll: asFloat64(file.columns.nll),
    values: Object.fromEntries(float.map((n) => [n, asFloat64(file.columns[n])])),
    errors: Object.fromEntries(float.map((n) => [n, asFloat64(file.columns[`${n}_err`])])),
    q,
  };
  const nuisancePath = join(dirname(path), "nuisance.arrow");
  if (existsSync(nuisancePath) && scenario.systematics.length > 0) {
    const nuisance = readArrowColumns(nuisancePath);
    if (
      nuisance.metadata.raw["renp.scenario"] === raw["renp.scenario"] &&
      nuisance.columns.toy instanceof Int32Array
    )
      fits.nuisance = { path: nuisancePath, toy: nuisance.columns.toy, columns: nuisance.columns };
  }
  return fits;
}

/**
 * renp merge, as a library function: the shards of one sharded run (`--shard K/N`, one folder)
 * back into the files of the unsharded run, byte for byte (docs/clusters.md).
 *
 * First the folder is checked to hold exactly one run: every toys-K-of-N.arrow (and, with
 * systematics, nuisance-K-of-N.arrow) carries the same schema metadata apart from its own toy
 * range and shard (same scenario, seed, layout, shard count N ...), K = 1..N each once, and each
 * shard's range is the K-th of N contiguous ranges (io/shards.ts shardRange). Anything else (a missing,
 * duplicated, misnamed or foreign shard) is a ShardSetError naming the files, and nothing
 * is written.
 *
 * Then the rows are streamed, in toy order, into record batches cut where the unsharded run cuts
 * them (blocks of defaultToysPerBatch toys from toy 0, parallel/pool.ts tasksOf), with the
 * unsharded run's metadata (renp.toys = every toy, renp.shard = "1/1"), through the same writer
 * (io/toys.ts StreamingIpcFile): the result has the bytes of the unsharded run's file.
 *
 * The files are committed through io/runFolder.ts as generate commits its own: under the output
 * folder's lock (a merge into a folder a live run is writing is refused), together or not at
 * all, and with --force replacing the previous run's owned files (mergeOwnership) together.
 */
import * as arrow from "apache-arrow";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { holdsBytes } from "./io/atomic.js";
import { batchesOf, Pending, readSchema } from "./io/ipcStream.js";
import { batchColumns, summarizeArrow } from "./io/read.js";
import { RunFolder, type Ownership } from "./io/runFolder.js";
import { defaultToysPerBatch, parseShardFileName, shardRange } from "./io/shards.js";
import {
  ArgumentError,
  MAX_SHARDS,
  MAX_TOYS,
  optionalBoolean,
  optionalFunction,
  optionalInteger,
  optionalPath,
} from "./arguments.js";
import { RenpError } from "./errors.js";
import { readInputFile, InputFileError } from "./io/inputFile.js";
import { StreamingIpcFile } from "./io/toys.js";
import { tasksOf } from "./parallel/pool.js";

/** The shards in a folder are not one complete run: missing, duplicated or foreign files. */
export class ShardSetError extends RenpError {
  constructor(message: string) {
    super("invalid-input", message);
    this.name = "ShardSetError";
  }
}

export interface MergeOptions {
  /** The folder holding the shard files. */
  dir: string;
  /** The merged toys file; default DIR/toys.arrow. The nuisance file goes beside it. */
  out?: string | undefined;
  force?: boolean | undefined;
  /** Toys per record batch, if the unsharded run to reproduce was given one (default as generate). */
  toysPerBatch?: number | undefined;
  /** Things the user should know that are not errors (leftovers of dead runs removed). */
  onNotice?: ((message: string) => void) | undefined;
}

export interface MergeSummary {
  scenario: string;
  seed: number;
  shards: number;
  toys: number;
  files: { toys: string; nuisance?: string; expected?: string };
}

/** One shard file as found: its name's K/N and its schema metadata. */
interface ShardFile {
  name: string;
  path: string;
  kind: "toys" | "nuisance";
  nameIndex: number;
  nameCount: number;
  metadata: Map<string, string>;
  schema: arrow.Schema;
  /** The rows its record batches hold (their headers, checked against the file). */
  rows: number;
}

/** The metadata keys that differ between the shards of one run. */
const PER_SHARD_KEYS = new Set(["renp.toys", "renp.shard", "renp.file"]);

/** Refuses options the command line would refuse (arguments.ts), before anything is read. */
function checkMergeOptions(options: MergeOptions): void {
  if (typeof options !== "object" || options === null)
    throw new ArgumentError("options", options, "an object of mergeShards options");
  if (optionalPath("dir", options.dir) === undefined)
    throw new ArgumentError("dir", options.dir, "the folder of the shard files");
  optionalPath("out", options.out);
  optionalBoolean("force", options.force);
  optionalInteger("toysPerBatch", options.toysPerBatch, 1, MAX_TOYS);
  optionalFunction("onNotice", options.onNotice);
}

export async function mergeShards(options: MergeOptions): Promise<MergeSummary> {
  checkMergeOptions(options);
  const dir = options.dir;
  const files = await findShards(dir);
  const run = checkOneRun(dir, files);

  const out = options.out ?? join(dir, "toys.arrow");
  const outDir = dirname(out);
  const names = { toys: basename(out), nuisance: basename(nuisanceBeside(out)) };
  const written: MergeSummary["files"] = { toys: out };
  if (run.nuisance) written.nuisance = join(outDir, names.nuisance);
  // Merged elsewhere: take expected.arrow along, so the folder is a whole run (unless it is there).
  const expectedOut = join(outDir, "expected.arrow");
  const expectedElsewhere =
    run.expected !== undefined && resolve(expectedOut) !== resolve(dir, "expected.arrow");
  if (expectedElsewhere) written.expected = expectedOut;
  // The same bytes already there are no conflict: left in place.
  const writeExpected =
    expectedElsewhere && run.expected !== undefined && !holdsBytes(expectedOut, run.expected);
  const writes = [
    names.toys,
    ...(run.nuisance ? [names.nuisance] : []),
    ...(writeExpected ? ["expected.arrow"] : []),
  ];
  const folder = RunFolder.open({
    dir: outDir,
    force: options.force ?? false,
    writes,
    owns: mergeOwnership(names, writeExpected),
    onNotice: options.onNotice,
  });
  try {
    const bins = await binsOf(run.shards.toys, run.layoutWide);
    const tasks = tasksOf(0, run.totalToys, options.toysPerBatch ?? defaultToysPerBatch(bins));
    await writeMerged(folder.temporary(names.toys), run.shards.toys, run.totalToys, tasks);
    if (run.nuisance)
      await writeMerged(
        folder.temporary(names.nuisance),
        run.shards.nuisance,
        run.totalToys,
        tasks,
      );
    if (writeExpected && run.expected)
      writeFileSync(folder.temporary("expected.arrow"), run.expected);
    folder.commit();
  } catch (err) {
    throw folder.fail(err);
  }
  return {
    scenario: run.scenarioName,
    seed: run.seed,
    shards: run.count,
    toys: run.totalToys,
    files: written,
  };
}

/**
 * The files a merge owns in its output folder (io/runFolder.ts): the names it writes, and with the
 * default names the rest of a whole run's (nuisance.arrow, run.json), so that --force leaves no
 * file of a previous run beside the merged one. Never the shard files, which it reads; an
 * expected.arrow only when it writes one.
 */
function mergeOwnership(
  names: { toys: string; nuisance: string },
  writesExpected: boolean,
): (name: string) => Ownership {
  const owned = new Set([names.toys, names.nuisance]);
  if (names.toys === "toys.arrow") owned.add("run.json");
  if (writesExpected) owned.add("expected.arrow");
  return (name) => (owned.has(name) ? "own" : undefined);
}

/** toys.arrow -> nuisance.arrow; any other NAME.arrow -> NAME.nuisance.arrow (same folder). */
export function nuisanceBeside(toysPath: string): string {
  const name = basename(toysPath);
  const nuisance =
    name === "toys.arrow" ? "nuisance.arrow" : `${name.replace(/\.arrow$/, "")}.nuisance.arrow`;
  return join(dirname(toysPath), nuisance);
}

async function findShards(dir: string): Promise<ShardFile[]> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a folder");
    names = readdirSync(dir).sort();
  } catch {
    throw new ShardSetError(`${dir}: no such folder (give the folder of the shard files)`);
  }
  const files: ShardFile[] = [];
  for (const name of names) {
    const parsed = parseShardFileName(name);
    if (!parsed || parsed.ext !== "arrow") continue;
    if (parsed.stem !== "toys" && parsed.stem !== "nuisance") continue;
    const path = join(dir, name);
    let schema: arrow.Schema;
    let rows: number;
    try {
      ({ schema, rows } = await readSchema(path));
    } catch (err) {
      throw new ShardSetError(`${path} is not an Arrow IPC file (${(err as Error).message})`);
    }
    files.push({
      name,
      path,
      kind: parsed.stem,
      nameIndex: parsed.index,
      nameCount: parsed.count,
      metadata: schema.metadata,
      schema,
      rows,
    });
  }
  if (!files.some((f) => f.kind === "toys"))
    throw new ShardSetError(`${dir} holds no shard files (toys-K-of-N.arrow)`);
  return files;
}

interface OneRun {
  count: number;
  totalToys: number;
  seed: number;
  scenarioName: string;
  nuisance: boolean;
  layoutWide: boolean;
  /** expected.arrow's bytes, if the folder has one. */
  expected?: Uint8Array | undefined;
  /** Shards by kind, in K order. */
  shards: Record<"toys" | "nuisance", ShardFile[]>;
}

interface ScenarioMeta {
  name?: string;
  toys?: number;
  systematics?: unknown[];
}

/** An expected.arrow is a few megabytes at the 100,000-bin maximum. */
const MAX_EXPECTED_BYTES = 256 * 2 ** 20;

/** renp.scenario parsed, if it is a JSON object. */
function scenarioMetaOf(file: ShardFile): ScenarioMeta | undefined {
  try {
    const value: unknown = JSON.parse(file.metadata.get("renp.scenario") ?? "{}");
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The run's identity: every metadata key but the per-shard ones, and the shard count. */
function identityOf(file: ShardFile): string {
  const entries = [...file.metadata].filter(([k]) => !PER_SHARD_KEYS.has(k));
  return JSON.stringify([shardCountOf(file), entries.sort(([a], [b]) => a.localeCompare(b))]);
}

/** K and N from the metadata (renp.shard "K/N"), or undefined when it is not a renp shard. */
function shardOf(file: ShardFile): { index: number; count: number } | undefined {
  const m = /^(\d{1,7})\/(\d{1,7})$/.exec(file.metadata.get("renp.shard") ?? "");
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  // At most MAX_SHARDS: the count sizes the loop over the expected shards.
  return shard && shard.count >= 1 && shard.count <= MAX_SHARDS ? shard : undefined;
}
const shardCountOf = (file: ShardFile) => shardOf(file)?.count;

/** How file's metadata differs from the run's (first file of the majority). */
function difference(file: ShardFile, reference: ShardFile): string {
  if (file.metadata.get("renp.file") !== file.kind || !shardOf(file))
    return "not a renp shard file (schema metadata renp.file / renp.shard)";
  const keys = new Set([...file.metadata.keys(), ...reference.metadata.keys()]);
  const differs: string[] = [];
  if (shardCountOf(file) !== shardCountOf(reference))
    differs.push(`shard count ${shardCountOf(file)} (the run: ${shardCountOf(reference)})`);
  for (const key of keys) {
    if (PER_SHARD_KEYS.has(key)) continue;
    const a = file.metadata.get(key);
    const b = reference.metadata.get(key);
    if (a === b) continue;
    differs.push(
      a !== undefined && b !== undefined && a.length + b.length < 80
        ? `${key} ${a} (the run: ${b})`
        : `${key} differs`,
    );
  }
  return differs.join(", ");
}

function checkOneRun(dir: string, files: ShardFile[]): OneRun {
  const problems: string[] = [];
  // The run is the identity most files share (ties: the one of the first file by name).
  const groups = new Map<string, ShardFile[]>();
  for (const file of files) {
    const id =
      file.metadata.get("renp.file") === file.kind && shardOf(file) ? identityOf(file) : "";
    groups.set(id, [...(groups.get(id) ?? []), file]);
  }
  const runGroup = [...groups.entries()]
    .filter(([id]) => id !== "")
    .reduce<ShardFile[] | undefined>(
      (best, [, members]) => (!best || members.length > best.length ? members : best),
      undefined,
    );
  if (!runGroup)
    throw new ShardSetError(
      `${dir}: no renp shard files (${files.map((f) => f.name).join(", ")} lack renp.shard metadata)`,
    );
  const reference = runGroup[0];
  const foreign = files.filter((f) => !runGroup.includes(f));
  for (const f of foreign) problems.push(`foreign shard ${f.name}: ${difference(f, reference)}`);

  const count = shardCountOf(reference)!;
  const scenario = scenarioMetaOf(reference);
  if (!scenario)
    throw new ShardSetError(
      `${reference.path}: its renp.scenario metadata is not a scenario object; nothing written`,
    );
  // A count in metadata sizes the batches: it must be a toy count, and the files must hold it.
  const totalToys = scenario.toys;
  if (
    typeof totalToys !== "number" ||
    !Number.isInteger(totalToys) ||
    totalToys < 0 ||
    totalToys > MAX_TOYS
  )
    throw new ShardSetError(
      `${reference.path}: its renp.scenario says ${String(totalToys)} toys, not a toy count (0 to ${MAX_TOYS}); nothing written`,
    );
  const asimov = reference.metadata.get("renp.asimov") === "true";
  const nuisance = (scenario.systematics?.length ?? 0) > 0 && !asimov;
  const shards: OneRun["shards"] = { toys: [], nuisance: [] };
  for (const kind of ["toys", "nuisance"] as const) {
    const members = runGroup.filter((f) => f.kind === kind);
    if (kind === "nuisance" && !nuisance) {
      for (const f of members) problems.push(`foreign shard ${f.name}: the run has no systematics`);
      continue;
    }
    const byIndex = new Map<number, ShardFile[]>();
    for (const f of members) {
      const shard = shardOf(f)!;
      if (f.nameIndex !== shard.index || f.nameCount !== shard.count)
        problems.push(`misnamed shard ${f.name}: it holds shard ${shard.index}/${shard.count}`);
      byIndex.set(shard.index, [...(byIndex.get(shard.index) ?? []), f]);
      if (!(shard.index >= 1 && shard.index <= shard.count)) {
        problems.push(`shard ${f.name}: renp.shard ${shard.index}/${shard.count} is not K/N`);
        continue;
      }
      const range = shardRange(totalToys, shard);
      const toys = f.metadata.get("renp.toys");
      if (toys !== JSON.stringify(range))
        problems.push(
          `shard ${f.name} holds toys ${toys}, not the ${shard.index}-th of ${count} ranges of ${totalToys} toys ${JSON.stringify(range)}`,
        );
      // Every toy is at least one row: a shard claiming more toys than rows is not that shard.
      else if (range.count > f.rows)
        problems.push(
          `shard ${f.name} claims ${range.count} toys but its record batches hold ${f.rows} rows`,
        );
    }
    const missing: number[] = [];
    for (let k = 1; k <= count; k++) {
      const at = byIndex.get(k) ?? [];
      if (at.length === 0) missing.push(k);
      else shards[kind].push(at[0]);
      if (at.length > 1)
        problems.push(`duplicated shard ${k}/${count}: ${at.map((f) => f.name).join(", ")}`);
    }
    if (missing.length) {
      const shown = missing.slice(0, 20).map((k) => `${k}/${count}`);
      if (missing.length > shown.length) shown.push(`and ${missing.length - shown.length} more`);
      problems.push(
        `missing ${kind} shard${missing.length > 1 ? "s" : ""} ${shown.join(", ")} (rerun those tasks)`,
      );
    }
  }

  const expectedPath = join(dir, "expected.arrow");
  let expected: Uint8Array | undefined;
  try {
    expected = readInputFile(expectedPath, "expected.arrow", MAX_EXPECTED_BYTES);
  } catch (err) {
    if (!(err instanceof InputFileError && err.reason === "absent"))
      problems.push(`expected.arrow: ${(err as Error).message}`);
    expected = undefined;
  }
  if (expected) {
    let meta: Map<string, string> | undefined;
    try {
      meta = new Map(Object.entries(summarizeArrow(expected).metadata.raw));
    } catch (err) {
      problems.push(`${expectedPath}: ${(err as Error).message.replace(/^input /, "")}`);
    }
    for (const key of ["renp.scenario", "renp.seed"])
      if (meta && meta.get(key) !== reference.metadata.get(key))
        problems.push(`foreign expected.arrow: its ${key} differs from the shards'`);
  }

  if (problems.length)
    throw new ShardSetError(
      `${dir} is not one complete sharded run; nothing written:\n  ${problems.join("\n  ")}`,
    );
  return {
    count,
    totalToys,
    seed: Number(reference.metadata.get("renp.seed")),
    scenarioName: scenario.name ?? "?",
    nuisance,
    layoutWide: reference.metadata.get("renp.layout") === "wide",
    expected,
    shards,
  };
}

/** Bins a toy: the wide layout's list size, or the rows of the first toy in the long layout. */
async function binsOf(shards: ShardFile[], wide: boolean): Promise<number> {
  if (wide) {
    const counts = shards[0].schema.fields.find((f) => f.name === "counts");
    if (counts && arrow.DataType.isFixedSizeList(counts.type)) return counts.type.listSize;
  }
  for (const shard of shards) {
    for await (const batch of batchesOf(shard.path)) {
      const toy = batch.getChild("toy")?.toArray() as Int32Array | undefined;
      if (!toy || toy.length === 0) continue;
      let rows = 1;
      while (rows < toy.length && toy[rows] === toy[0]) rows++;
      return rows;
    }
  }
  return 1;
}

/**
 * Streams the shards' rows in toy order into `path`, one record batch per task (a block of toys
 * of the unsharded run), under the schema of the first shard with the unsharded run's renp.toys
 * and renp.shard.
 */
async function writeMerged(
  path: string,
  shards: ShardFile[],
  totalToys: number,
  tasks: { first: number; count: number }[],
): Promise<void> {
  const first = shards[0];
  const metadata = new Map(first.metadata);
  metadata.set("renp.toys", JSON.stringify({ first: 0, count: totalToys }));
  metadata.set("renp.shard", "1/1");
  const schema = new arrow.Schema(first.schema.fields, metadata);
  const file = new StreamingIpcFile(path, schema);
  try {
    const pending = new Pending(schema.fields.length);
    const toyColumn = schema.fields.findIndex((f) => f.name === "toy");
    let task = 0;
    let nextToy = 0; // one past the last toy seen
    for (const shard of shards) {
      for await (const batch of batchesOf(shard.path)) {
        const columns = batchColumns(batch);
        const toy = columns[toyColumn] as Int32Array;
        // Rows in toy order, every toy after the previous one: toy t or t + 1 after toy t.
        for (const t of toy) {
          if ((t !== nextToy && t !== nextToy - 1) || t >= totalToys)
            throw new ShardSetError(
              `${shard.name}: toy ${t} where toy ${nextToy} was due (rows out of order or missing)`,
            );
          nextToy = t + 1;
        }
        // Cut the rows where the unsharded run's batches end.
        for (let start = 0; start < toy.length;) {
          const end = tasks[task].first + tasks[task].count;
          let stop = start;
          while (stop < toy.length && toy[stop] < end) stop++;
          pending.add(columns, start, stop);
          if (stop < toy.length) {
            file.write(pending.take());
            task++;
          }
          start = stop;
        }
      }
    }
    if (nextToy !== totalToys)
      throw new ShardSetError(`the shards hold toys 0..${nextToy - 1}, not all ${totalToys}`);
    if (totalToys > 0) file.write(pending.take());
    file.close();
  } catch (err) {
    file.discard();
    throw err;
  }
}

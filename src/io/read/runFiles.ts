/** The files of a run folder a reader looks for: the toy files and the expectation beside them. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseShardFileName } from "../shards.js";

/** The toy files of a run folder: toys.arrow, or its shards toys-K-of-N.arrow in K order. */
export function toyFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  if (existsSync(join(dir, "toys.arrow"))) return [join(dir, "toys.arrow")];
  return readdirSync(dir)
    .map((f) => ({ f, shard: parseShardFileName(f) }))
    .filter((x) => x.shard?.stem === "toys" && x.shard.ext === "arrow")
    .sort((a, b) => a.shard!.index - b.shard!.index)
    .map((x) => join(dir, x.f));
}

/** expected.arrow beside a toys file (same folder), if present. */
export function expectedBeside(toysPath: string): string | undefined {
  const candidate = join(dirname(toysPath), "expected.arrow");
  return basename(toysPath) !== "expected.arrow" && existsSync(candidate) ? candidate : undefined;
}

/**
 * Sharding in one home (docs/clusters.md): which toys shard K/N of a run holds, how its files are
 * named, and the record-batch cut that generate and merge share.
 *
 * Names of shard files: `<stem>-<K>-of-<N>.<ext>`, with K zero-padded to the width of N
 * (`toys-02-of-12.arrow`), so that a sorted listing or a shell glob gives the shards in toy
 * order: unpadded, `toys-10-of-12.arrow` would sort before `toys-2-of-12.arrow`.
 */

import { ArgumentError, checkInteger, MAX_TOYS, optionalShard } from "../arguments.js";

/** Shard K of N of a run (`--shard K/N`). */
export interface Shard {
  /** K, from 1. */
  index: number;
  /** N, the number of shards. */
  count: number;
}

/** The K-th of N balanced contiguous ranges of `toys` toys (K from 1). */
export function shardRange(toys: number, shard: Shard): { first: number; count: number } {
  checkInteger("toys", toys, 0, MAX_TOYS);
  if (optionalShard("shard", shard) === undefined)
    throw new ArgumentError("shard", shard, "{ index: K, count: N } with 1 <= K <= N");
  const first = Math.floor(((shard.index - 1) * toys) / shard.count);
  const end = Math.floor((shard.index * toys) / shard.count);
  return { first, count: end - first };
}

/** Counts per record batch (1 MiB per int32 column): big enough for throughput, small in memory. */
const BATCH_COUNTS = 2 ** 18;

/**
 * Toys per record batch by default: whole toys, about BATCH_COUNTS counts. A run cuts its batches
 * in blocks of this many toys from toy 0, and renp merge re-cuts the shards the same way.
 */
export function defaultToysPerBatch(bins: number): number {
  return Math.max(1, Math.floor(BATCH_COUNTS / bins));
}

/** "-02-of-12": the part of a shard's file names after the stem (K from 1). */
export function shardSuffix(shard: Shard): string {
  const width = String(shard.count).length;
  return `-${String(shard.index).padStart(width, "0")}-of-${shard.count}`;
}

/** A parsed shard file name: `<stem>-<K>-of-<N>.<ext>`. */
export interface ShardFileName {
  stem: string;
  index: number;
  count: number;
  ext: string;
}

const SHARD_NAME = /^([a-z]+)-(\d+)-of-(\d+)\.([a-z]+)$/;

/**
 * The stem, K, N and extension of a shard file name, or undefined for any other name. An unpadded
 * K (files written before the padding) is read too.
 */
export function parseShardFileName(name: string): ShardFileName | undefined {
  const m = SHARD_NAME.exec(name);
  if (!m) return undefined;
  return { stem: m[1], index: Number(m[2]), count: Number(m[3]), ext: m[4] };
}

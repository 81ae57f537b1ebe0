/**
 * Names of shard files (docs/clusters.md): `<stem>-<K>-of-<N>.<ext>`, with K zero-padded to the
 * width of N (`toys-02-of-12.arrow`), so that a sorted listing or a shell glob gives the shards in
 * toy order: unpadded, `toys-10-of-12.arrow` would sort before `toys-2-of-12.arrow`.
 */

/** "-02-of-12": the part of a shard's file names after the stem (K from 1). */
export function shardSuffix(shard: { index: number; count: number }): string {
  const width = String(shard.count).length;
  return `-${String(shard.index).padStart(width, "0")}-of-${shard.count}`;
}

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

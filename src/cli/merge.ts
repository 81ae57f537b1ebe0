/** renp merge: the shard files of one sharded run, as the unsharded run's files (library: merge.ts). */
import type { Command } from "commander";
import { mergeShards } from "../merge.js";
import { mergeFits } from "../mergeFits.js";

export function registerMerge(program: Command): void {
  program
    .command("merge")
    .description(
      "check that DIR holds every shard of one run (toys-K-of-N.arrow, K = 1..N) and write them as one toys.arrow (and nuisance.arrow), byte-identical to the unsharded run's",
    )
    .argument("<dir>", "the folder of the shard files")
    .option(
      "--out <FILE>",
      "the merged toys file (default DIR/toys.arrow); nuisance.arrow and expected.arrow go beside it",
    )
    .option(
      "--fits",
      "merge the fits files of DIR (fits*.arrow from renp fit --toys A..B) into one fits.arrow (default DIR/fits.arrow), byte-identical to one fit of all their toys",
      false,
    )
    .option("--force", "replace existing output files", false)
    .action(async (dir: string, opts: { out?: string; force: boolean; fits: boolean }) => {
      if (opts.fits) {
        const f = await mergeFits({ dir, out: opts.out, force: opts.force });
        process.stderr.write(
          `renp: merged ${f.files} fits files, toys ${f.first}..${f.last} -> ${f.out}\n`,
        );
        return;
      }
      const s = await mergeShards({
        dir,
        out: opts.out,
        force: opts.force,
        // What the run folder cleaned up (a dead run's lock, stale temporaries), as for generate.
        onNotice: (message) => process.stderr.write(`renp: note: ${message}\n`),
      });
      const files = [s.files.toys, s.files.nuisance, s.files.expected].filter(Boolean).join(", ");
      process.stderr.write(
        `renp: ${s.scenario}: merged ${s.shards} shards, ${s.toys} toys (seed ${s.seed}) -> ${files}\n`,
      );
    });
}

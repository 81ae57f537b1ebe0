/** A Poisson sampler for one fixed mean, drawing from the same tables as BinSampler. */
import { CallUniforms, type Uniform } from "../streams.js";
import { checkMean } from "./limits.js";
import { fixedMeanTables, sampleOne, type FixedMeanTables } from "./tables.js";

/** Poisson sampler for one fixed mean: a table up to TABLE_MAX_MEAN_COUNTS, PTRS above. */
export class PoissonTable {
  private readonly tables: FixedMeanTables;
  private readonly calls = new CallUniforms(() => 0);

  /** @throws RangeError when meanCounts is negative, NaN, infinite or above MAX_MEAN_COUNTS. */
  constructor(readonly meanCounts: number) {
    checkMean(meanCounts, "meanCounts");
    this.tables = fixedMeanTables([meanCounts]);
  }

  /** One draw; mean 0 gives 0 and consumes no uniform. */
  sample(u: Uniform): number {
    this.calls.source = u;
    return sampleOne(this.tables, 0, this.calls);
  }
}

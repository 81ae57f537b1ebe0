/**
 * Exact Poisson variates for every mean from 0 to 1e9 counts; no normal approximation.
 *
 * - Fixed means (the hot path: each bin's mean is the same in every toy; `BinSampler`,
 *   `PoissonTable`): inversion of a cumulative table with a guide table, one 32-bit uniform and
 *   mostly one table read per draw. The uniforms come in bulk from a queue (`Uniforms`), and the
 *   tables live in SharedArrayBuffers, built once for every worker. Above TABLE_MAX_MEAN_COUNTS the rejection sampler PTRS takes
 *   over, with squeezes tabulated for the mean. BinSampler draws its sparse bins (means up to
 *   SPARSE_MAX_MEAN_COUNTS) as a group, for ~1 uniform in all.
 * - Means varying per toy (`samplePoisson`): sequential inversion below 10 counts, PTRS above.
 *
 * Exactness: probabilities are resolved to ~2^-53, the resolution of a double near 1. The
 * uniforms give 32 bits a call (see `Uniform`), and each is taken to stand for the cell
 * [x, x + 2^-32) of finer uniforms: where the whole cell gives one outcome, that outcome stands;
 * where it does not (a cumulative probability inside the cell for inversion, probability
 * <= 2^-32 per boundary examined; the edge of a squeeze for PTRS), 21 more bits are drawn, as
 * `uniform53` would. The outcome is thus the one 53-bit uniforms give, mostly for the price of
 * 32-bit ones. Tables stop where the omitted tails sum below 2^-64.
 *
 * Means of 0 give 0 and consume no uniform; a mean that is negative, NaN, infinite or above
 * MAX_MEAN_COUNTS (counts must fit int32) throws a RangeError.
 *
 * The modules, in sampling/poisson/: limits.ts (accepted means, where each method takes over),
 * pmf.ts (log pmf and tabulated pmf), ptrs.ts (Hörmann's PTRS and its squeezes), guide.ts
 * (guided inversion of a cumulative table), tables.ts (the shared tables of many fixed means),
 * binSampler.ts and poissonTable.ts (fixed means), sample.ts (means varying per draw).
 */
export { BinSampler, SPARSE_MAX_MEAN_COUNTS, type BinSamplerTables } from "./poisson/binSampler.js";
export { MAX_MEAN_COUNTS, TABLE_BUDGET_ENTRIES, TABLE_MAX_MEAN_COUNTS } from "./poisson/limits.js";
export { logPoissonPmf } from "./poisson/pmf.js";
export { PoissonTable } from "./poisson/poissonTable.js";
export { samplePoisson } from "./poisson/sample.js";
export type { FixedMeanTables } from "./poisson/tables.js";

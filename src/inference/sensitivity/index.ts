/**
 * Sensitivity (docs/statistics.md "Sensitivity"): the tests (tests.ts), the Asimov sensitivity of
 * a discrete test (asimov.ts), expected limits on a BSM coupling (limits.ts), the toy
 * distribution of the test statistic (toys.ts) and `renp sensitivity` as one call (run.ts).
 */
export * from "./tests.js";
export * from "./asimov.js";
export * from "./limits.js";
export * from "./toys.js";
export * from "./run.js";

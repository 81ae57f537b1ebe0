/**
 * renp/testing: property-based testing of statistics with known truth (docs/testing.md).
 * fast-check arbitraries of scenarios (valid and malformed), expectation tables and pseudo-data
 * drawn by renp, and statistical checks with a stated false-failure rate.
 *
 *   import fc from "fast-check";
 *   import { arbExpectation, arbPseudoData, pullCheck } from "renp/testing";
 *
 * fast-check is a peer dependency: the arbitraries are built with the user's own fast-check, so
 * they mix with the user's arbitraries, seeds and shrinking.
 */
export { arbScenario } from "./scenario.js";
export type {
  ArbScenarioOptions,
  BackgroundKind,
  BsmKind,
  ScanMode,
  TargetChoice,
} from "./scenario.js";
export {
  arbMalformedScenario,
  malformedScenarioText,
  referenceScenarioJson,
  MALFORMATIONS,
  WHOLE_SCENARIO_PATH,
  NOT_JSON,
} from "./malformed.js";
export type { MalformedScenario, Malformation, MalformationKind } from "./malformed.js";
export { arbExpectation, arbPseudoData, expectationOf, pseudoData } from "./data.js";
export type { ArbitraryExpectation, ArbPseudoDataOptions, PseudoData } from "./data.js";
export {
  poissonConsistency,
  pullCheck,
  coverageCheck,
  wilksCheck,
  MEAN_CELL_MIN_COUNTS,
  VARIANCE_CELL_MIN_MEAN,
} from "./checks.js";
export type {
  CheckResult,
  CheckOptions,
  ChiSquarePart,
  PoissonConsistencyResult,
  PullResult,
  CoverageOptions,
  CoverageResult,
  WilksResult,
} from "./checks.js";
export {
  chiSquareTest,
  chiSquareSf,
  chiSquareCdf,
  chiSquareTwoSided,
  ksUniform,
  ksTest,
  normalCdf,
  normalTwoSided,
  pearson,
  poolCells,
  binomialPmf,
  binomialBand,
  binomialTails,
} from "./stats.js";
export type { ChiSquareResult, KsResult } from "./stats.js";

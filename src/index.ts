/**
 * renp as a library: the same pieces the CLI calls (docs/architecture.md, "The data flow").
 *
 *   const scenario = loadScenario("yb-majorana-normal");      // validate + resolve presets
 *   const table = computeExpectation(scenario);               // the Asimov data set
 *   await generateRun({ scenario, toys: 1000, outDir: "outputs/run" });
 */

// Scenario: one schema for validation, types and JSON Schema.
export {
  loadScenario,
  validateScenario,
  resolveScenario,
  builtinGeneratorNames,
} from "./scenario/load.js";
// Errors: typed (kind, field, value, allowed); the CLI alone maps them to exit codes.
export { RenpError, ScenarioError, OutputExistsError, RenpFileError } from "./errors.js";
export type { RenpErrorKind, RenpErrorDetails } from "./errors.js";
export type { ResolvedScenario, ScenarioOverrides } from "./scenario/load.js";
export { scenarioSchema, SCENARIO_SCHEMA_VERSION } from "./scenario/schema.js";
export type { Scenario, ScenarioInput, Background } from "./scenario/schema.js";
export { scenarioJsonSchema } from "./scenario/jsonSchema.js";
export { scenarioWarnings } from "./scenario/warnings.js";

// Physics.
export { physicsModel } from "./scenario/model.js";
export type { PhysicsModel } from "./scenario/model.js";
export { createSpectralModel, chiralBracketEv2 } from "./physics/spectrum/sm.js";
export type { SpectralModel, PairChannel } from "./physics/spectrum/sm.js";
export type { SpectralTerm, PairPoint, Complex, ComplexMatrix3 } from "./physics/spectrum/types.js";
export {
  thresholdEv,
  pairMassSquaredEv2,
  pairKinematicIEv2,
} from "./physics/spectrum/kinematics.js";
export { massesEv, pmns, pairCoefficients, MIXING_PRESETS } from "./physics/neutrino.js";
export { TARGET_PRESETS } from "./physics/atoms.js";
export type { AtomicTarget } from "./physics/atoms.js";
export { gamma0PerS } from "./physics/rate.js";
// Inference: the fit model, the Poisson likelihood, bounded minimisation, fits (docs/fitting.md).
export { fitModel, FitModel, alternativeScenario } from "./inference/model.js";
export type {
  ModelParameter,
  ModelOptions,
  Alternative,
  FamilyParameter,
} from "./inference/model.js";
export { poissonDeviance, constraintTerm, PoissonLikelihood } from "./inference/likelihood.js";
export { minimize } from "./inference/minimize.js";
export type { MinimizeResult, MinimizeStatus, Objective } from "./inference/minimize.js";
export { Fitter, testAlternative, alternativeModel } from "./inference/fit.js";
export type { FitConfig, FitResult, ProfileInterval, AlternativeTest } from "./inference/fit.js";
export { fitToys, ToyFitter, hypothesisSchema, FIT_STATUS } from "./inference/toys.js";
export type { FitJob, FitBlock, Hypothesis, FitToysOptions } from "./inference/toys.js";
export { familyBsm, FAMILY_KINDS } from "./inference/families.js";
export type { SensitivityFamily, FamilyKind } from "./inference/families.js";
export * as constants from "./physics/constants.js";

// Expectation table (physics meets experiment).
export { computeExpectation } from "./expectation.js";
export type { ExpectationTable } from "./expectation.js";

// Sampling and runs.
export { toyStream, RNG_ALGORITHM } from "./sampling/streams.js";
export { samplePoisson, PoissonTable, BinSampler, MAX_MEAN_COUNTS } from "./sampling/poisson.js";
export { generateRun } from "./run.js";
export { shardRange } from "./io/shards.js";
export type { GenerateRunOptions, RunSummary } from "./run.js";
export { mergeShards, ShardSetError } from "./merge.js";
export type { MergeOptions, MergeSummary } from "./merge.js";

// Files.
export { expectationIpc, expectationCsv } from "./io/arrow.js";
export {
  readExpected,
  summarizeToys,
  readToyCounts,
  forEachToyBatch,
  summarizeArrow,
} from "./io/read.js";
export { RENP_VERSION } from "./paths.js";

// Sensitivity and export (docs/statistics.md).
export {
  parseTest,
  discreteSensitivity,
  discreteToys,
  expectedLimits,
  exposureFor,
  familyOf,
} from "./inference/sensitivity.js";
export type {
  SensitivityTest,
  DiscreteSensitivity,
  ExpectedLimits,
  ToyDistribution,
} from "./inference/sensitivity.js";
export { pyhfWorkspace } from "./inference/pyhf.js";
export type { PyhfWorkspace, PyhfExport } from "./inference/pyhf.js";

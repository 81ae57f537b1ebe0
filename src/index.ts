/**
 * renp as a library: what the CLI does, one function per command, plus the pieces a user needs
 * to build on the data (docs/architecture.md, "Public API"). Everything exported here is public
 * and stable within a major version; modules not re-exported here are internal and may change.
 *
 *   const scenario = loadScenario("yb-majorana-normal");      // validate + resolve presets
 *   const table = computeExpectation(scenario);               // the Asimov data set
 *   await generateRun({ scenario, toys: 1000, outDir: "outputs/run" });
 *   await fitRun({ input: "outputs/run", float: ["signalNorm"] });
 */

// Scenario: one schema for validation, types and JSON Schema.
export {
  loadScenario,
  validateScenario,
  resolveScenario,
  builtinGeneratorNames,
} from "./scenario/load.js";
export type { ResolvedScenario, ScenarioOverrides } from "./scenario/load.js";
export { scenarioSchema, SCENARIO_SCHEMA_VERSION } from "./scenario/schema.js";
export type { Scenario, ScenarioInput, Background } from "./scenario/schema.js";
export { scenarioJsonSchema } from "./scenario/jsonSchema.js";
export { scenarioWarnings } from "./scenario/warnings.js";
export { MIXING_PRESETS } from "./physics/neutrino.js";
export { TARGET_PRESETS } from "./physics/atoms.js";
export type { AtomicTarget } from "./physics/atoms.js";
export * as constants from "./physics/constants.js";

// Expectation (physics meets experiment): the expected counts per bin.
export { computeExpectation } from "./expectation.js";
export type { ExpectationTable } from "./expectation.js";
export { physicsModel } from "./scenario/model.js";
export type { PhysicsModel } from "./scenario/model.js";
export { thresholdEv } from "./physics/spectrum/kinematics.js";

// Generate and merge: run folders of toys (docs/outputs.md).
export { generateRun } from "./run.js";
export { shardRange } from "./io/shards.js";
export type { GenerateRunOptions, RunSummary } from "./run.js";
export { toyStream, RNG_ALGORITHM } from "./sampling/streams.js";
export { mergeShards } from "./merge.js";
export type { MergeOptions, MergeSummary } from "./merge.js";

// Fit (docs/fitting.md): toys of a run folder, or counts in memory.
export { fitRun } from "./fitRun.js";
export type { FitRunOptions, FitRunSummary } from "./fitRun.js";
export { fitModel, FitModel } from "./inference/model.js";
export { alternativeScenario } from "./inference/alternative.js";
export type {
  ModelParameter,
  ModelOptions,
  Alternative,
  FamilyParameter,
} from "./inference/model.js";
export { poissonDeviance } from "./inference/likelihood.js";
export { Fitter, testAlternative } from "./inference/fit.js";
export type { FitConfig, FitResult, ProfileInterval, AlternativeTest } from "./inference/fit.js";
export { hypothesisSchema, FIT_STATUS } from "./inference/toys.js";
export type { Hypothesis } from "./inference/toys.js";
export { familyBsm, FAMILY_KINDS } from "./inference/families.js";
export type { SensitivityFamily, FamilyKind } from "./inference/families.js";

// Sensitivity (docs/statistics.md "Sensitivity").
export {
  computeSensitivity,
  parseTest,
  discreteSensitivity,
  discreteToys,
  expectedLimits,
  exposureFor,
  solveExposure,
  familyOf,
  poleInside,
  POLE_WIDTH_OVER_MASS,
  CHI2_1DOF_90,
  CHI2_1DOF_95,
} from "./inference/sensitivity/index.js";
export type {
  SensitivityOptions,
  SensitivityLine,
  SensitivityTest,
  DiscreteSensitivity,
  ExpectedLimits,
  ToyDistribution,
} from "./inference/sensitivity/index.js";
export { logGrid } from "./numerics/grid.js";

// Export to other fitting tools (docs/statistics.md "Export to pyhf", docs/downstream.md).
export { buildExport, EXPORT_FORMATS } from "./export.js";
export type { ExportOptions } from "./export.js";
export { pyhfWorkspace } from "./inference/pyhf.js";
export type { PyhfWorkspace, PyhfExport } from "./inference/pyhf.js";

// Read and inspect renp files; write the expectation table.
export {
  readExpected,
  summarizeToys,
  readToyCounts,
  forEachToyBatch,
  summarizeArrow,
} from "./io/read.js";
export { inspectFile } from "./inspect.js";
export type { InspectReport } from "./inspect.js";
export { formatInspect, inspectJson } from "./inspectText.js";
/** A fits file (renp fit, any name) read back, and what it says: status, pulls ± errors, q. */
export { isFitsFile, readFits } from "./io/fitsFile.js";
export type { FitsFile } from "./io/fitsFile.js";
export { fitsSummary } from "./inference/fitsSummary.js";
export type { FitsSummary, QSummary } from "./inference/fitsSummary.js";
export { expectationIpc, expectationCsv } from "./io/arrow.js";
export { RENP_VERSION } from "./paths.js";

// Plot (SVG or PNG).
export { buildPlot, plotCommand } from "./plot/spectrumPlot.js";
export type { PlotOptions, PlotResult } from "./plot/spectrumPlot.js";
export { renderSvg, svgToPng } from "./plot/render.js";
/** The figures of a fits file (pulls, q, fitted against truth) as one Vega-Lite spec. */
export { fitsSpec, fitsPlotCommand } from "./fitsPlot.js";

// The report: DIR/report.html, one self-contained page per run folder (docs/outputs.md).
export { writeReport, reportHtml, collectRun } from "./report.js";
export type { ReportOptions, RunContents } from "./report.js";

// Errors: typed (kind, field, value, allowed); the CLI alone maps them to exit codes.
export {
  RenpError,
  ScenarioError,
  InputError,
  OutputExistsError,
  RenpFileError,
  NoSolutionError,
  RunCommitError,
  InterruptedError,
} from "./errors.js";
export type { RenpErrorKind, RenpErrorDetails } from "./errors.js";
export { RunInProgressError, StaleRunFileError } from "./io/runFolder.js";
export { ShardSetError } from "./merge.js";

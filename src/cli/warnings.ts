/** Printing the library's scenario warnings (src/scenario/warnings.ts) on stderr. */
import { loadScenario, readScenarioJson, type ScenarioOverrides } from "../scenario/load.js";
import { scenarioWarnings } from "../scenario/warnings.js";

export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`renp: warning: ${w}\n`);
}

/** Loads the scenario (errors surface here, before any work) and prints its warnings. */
export function warnAboutScenario(pathOrName: string, overrides: ScenarioOverrides = {}): void {
  const resolved = loadScenario(pathOrName, overrides);
  printWarnings(scenarioWarnings(resolved, readScenarioJson(pathOrName).json));
}

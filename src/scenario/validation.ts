/**
 * What `renp validate` reports of a scenario: the resolved scenario as JSON text, the notes on
 * the conventions of the physics fields it uses, and its warnings. A scenario file above
 * 32 MB is read and checked in a worker (scenario/worker.ts, parallel/offThread.ts):
 * parsing and checking up to 256 MB of JSON is seconds of synchronous work, during which the
 * calling thread stays free to handle a signal.
 */
import { compiledModule } from "../parallel/compiledModule.js";
import { offThreadForLargeFile } from "../parallel/offThread.js";
import { readScenarioJson, resolveScenario, scenarioPath, validateScenario } from "./load.js";
import { scenarioNotes } from "./notes.js";
import { scenarioWarnings } from "./warnings.js";

/** `renp validate`'s output for one scenario. */
export interface ScenarioValidation {
  /** The resolved scenario, JSON with two-space indents. */
  text: string;
  notes: string[];
  warnings: string[];
}

/** Reads, checks and resolves a scenario (file or built-in name): errors as loadScenario's. */
export function validateScenarioFile(scenario: string): ScenarioValidation {
  const { path, json } = readScenarioJson(scenario);
  const resolved = resolveScenario(validateScenario(json, path));
  return {
    text: JSON.stringify(resolved, null, 2),
    notes: scenarioNotes(resolved),
    warnings: scenarioWarnings(resolved, json),
  };
}

/** validateScenarioFile, in a worker for a file above 32 MB (offThread.ts `LARGE_FILE_BYTES`). */
export async function validateScenarioOffThread(
  scenario: string,
  signal?: AbortSignal,
): Promise<ScenarioValidation> {
  return offThreadForLargeFile(
    scenarioPath(scenario),
    () => validateScenarioFile(scenario),
    compiledModule(import.meta.url, "scenario", "worker.js"),
    { scenario },
    signal,
  );
}

/**
 * What `renp validate` reports of a scenario: the resolved scenario as JSON text, the notes on
 * the conventions of the physics fields it uses, and its warnings. A scenario file above
 * OFF_THREAD_BYTES is read and checked in a worker (scenario/worker.ts, parallel/offThread.ts):
 * parsing and checking up to 256 MB of JSON is seconds of synchronous work, during which the
 * calling thread stays free to handle a signal.
 */
import { statSync } from "node:fs";
import { compiledModule } from "../parallel/compiledModule.js";
import { offThread } from "../parallel/offThread.js";
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

/** Scenario files larger than this are checked in a worker (~0.1 s to start one). */
const OFF_THREAD_BYTES = 32 * 2 ** 20;

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

/** validateScenarioFile, in a worker for a file above OFF_THREAD_BYTES. */
export async function validateScenarioOffThread(
  scenario: string,
  signal?: AbortSignal,
): Promise<ScenarioValidation> {
  let size = 0;
  try {
    const stats = statSync(scenarioPath(scenario));
    if (stats.isFile()) size = stats.size;
  } catch {
    // validateScenarioFile says what is wrong with it
  }
  if (size <= OFF_THREAD_BYTES) return validateScenarioFile(scenario);
  return offThread(compiledModule(import.meta.url, "scenario", "worker.js"), { scenario }, signal);
}

/**
 * The renp command line: parse, call the library, print. Exit 0 ok, 2 bad usage/scenario, 1 failure.
 * `main` returns the exit code instead of exiting, so tests run commands in-process; bin.ts is the
 * executable.
 */
import { Command, CommanderError } from "commander";
import { RENP_VERSION } from "../paths.js";
import { EXIT_FAILURE, EXIT_USAGE, cliMessage, exitCodeOf } from "./errors.js";
import { registerFit } from "./fit.js";
import { registerGenerate } from "./generate.js";
import { registerInspect } from "./inspect.js";
import { registerList } from "./list.js";
import { registerMerge } from "./merge.js";
import { registerPlot } from "./plot.js";
import { registerSpectrum } from "./spectrum.js";
import { registerValidate } from "./validate.js";
import { registerSchema } from "./schema.js";
import { registerExport } from "./export.js";
import { registerSensitivity } from "./sensitivity.js";

export function buildProgram(): Command {
  const program = new Command()
    .name("renp")
    .description("Monte Carlo pseudo-data for radiative emission of a neutrino pair (RENP)")
    .version(RENP_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerGenerate(program);
  registerMerge(program);
  registerSpectrum(program);
  registerValidate(program);
  registerList(program);
  registerPlot(program);
  registerInspect(program);
  registerFit(program);
  registerSchema(program);
  registerExport(program);
  registerSensitivity(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" are successes; anything else commander rejects is bad usage.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const code = exitCodeOf(err);
    process.stderr.write(`renp: ${cliMessage(err)}\n`);
    if (code === EXIT_FAILURE && process.env.RENP_DEBUG && err instanceof Error)
      process.stderr.write(`${err.stack}\n`);
    return code;
  }
}

/**
 * The renp command line: parse, call the library, print. Exit 0 ok, 2 bad usage/scenario, 1 failure.
 * `main` returns the exit code instead of exiting, so tests run commands in-process; bin.ts is the
 * executable.
 *
 * Commands load on demand, so each pays only for its own imports (`renp list` never loads Arrow,
 * vega or zod). Adding a command:
 *   1. write src/cli/<name>.ts exporting `register<Name>(program: Command)`, which adds the command
 *      with its options and action (the module may import what it needs at the top: it is loaded
 *      only when its command runs);
 *   2. add one line to COMMANDS below: its one-line summary for `renp --help` and its loader.
 * Only the command named on the command line is loaded and registered in full (its own --help
 * then shows every option); the others appear in `renp --help` by their summary alone.
 */
import { Command, CommanderError } from "commander";
import { RENP_VERSION } from "../paths.js";
import { EXIT_FAILURE, EXIT_USAGE, cliMessage, exitCodeOf } from "./errors.js";

type Register = (program: Command) => void;

/** name -> [summary shown by `renp --help`, loader of the module that registers the command]. */
const COMMANDS: Record<string, [string, () => Promise<Register>]> = {
  generate: [
    "write DIR/expected.arrow (the Asimov data set) and DIR/toys.arrow (toy experiments)",
    async () => (await import("./generate.js")).registerGenerate,
  ],
  merge: [
    "write the shards of one run (toys-K-of-N.arrow) as one toys.arrow, byte-identical to unsharded",
    async () => (await import("./merge.js")).registerMerge,
  ],
  spectrum: [
    "compute the expected counts per bin and component (no toys)",
    async () => (await import("./spectrum.js")).registerSpectrum,
  ],
  validate: [
    "check a scenario against the schema and print the resolved scenario as JSON",
    async () => (await import("./validate.js")).registerValidate,
  ],
  list: [
    "list the built-in generators (usable by name wherever a scenario is asked)",
    async () => (await import("./list.js")).registerList,
  ],
  plot: [
    "plot the expected spectrum, the thresholds and one toy's counts (SVG or PNG)",
    async () => (await import("./plot.js")).registerPlot,
  ],
  inspect: [
    "schema, metadata, row counts and totals of a renp Arrow file",
    async () => (await import("./inspect.js")).registerInspect,
  ],
  fit: [
    "fit every toy of a run (binned Poisson likelihood) and write fits.arrow",
    async () => (await import("./fit.js")).registerFit,
  ],
  export: [
    "write the expected counts and one observation for another fitting tool (pyhf workspace)",
    async () => (await import("./export.js")).registerExport,
  ],
  sensitivity: [
    "median (Asimov) sensitivity to the ordering, the nature, the lightest mass or a BSM coupling",
    async () => (await import("./sensitivity.js")).registerSensitivity,
  ],
  report: [
    "write DIR/report.html: scenario, provenance, spectrum, toys, fits and sensitivity in one page",
    async () => (await import("./report.js")).registerReport,
  ],
  schema: [
    "print the scenario JSON Schema (generators/scenario.schema.json is this output)",
    async () => (await import("./schema.js")).registerSchema,
  ],
};

/** The command an argument list runs ("renp help X" runs X's help), if it names one. */
function commandNamed(argv: readonly string[]): string | undefined {
  const first = argv.findIndex((a) => !a.startsWith("-"));
  const name = first < 0 ? undefined : argv[first] === "help" ? argv[first + 1] : argv[first];
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}

/** The program for `argv`: the command it names registered in full, the others by summary. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command()
    .name("renp")
    .description("Monte Carlo pseudo-data for radiative emission of a neutrino pair (RENP)")
    .version(RENP_VERSION)
    .showHelpAfterError()
    .exitOverride();
  const named = commandNamed(argv);
  for (const [name, [summary, load]] of Object.entries(COMMANDS)) {
    if (name === named) (await load())(program);
    else program.command(name).description(summary);
  }
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: "user" });
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

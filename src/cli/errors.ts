/** Exit codes (DESIGN.md): 0 success, 2 bad usage or invalid scenario, 1 run-time failure. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The exit code an error asks for: its own exitCode (2 for usage/scenario/output-exists), else 1. */
export function exitCodeOf(err: unknown): number {
  const code = (err as { exitCode?: unknown })?.exitCode;
  return typeof code === "number" ? code : EXIT_FAILURE;
}

/** Parses a positive integer option, or throws a UsageError naming the option. */
export function parseCount(option: string, min = 1): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new UsageError(`${option} = ${JSON.stringify(value)}: expected an integer >= ${min}`);
    }
    return n;
  };
}

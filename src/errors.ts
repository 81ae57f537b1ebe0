/**
 * The errors the library throws on purpose. Each says what kind of problem it is and, where it
 * is about one input, the field's path, the value and what is allowed; the message is complete
 * on its own. Only the command line (src/cli/errors.ts) turns a kind into an exit code and into
 * words about its own options (docs/architecture.md, "Errors").
 */

/**
 * - `invalid-input`: a scenario, an option value or another input the caller can fix;
 * - `output-exists`: an output file is there already and replacing it was not asked for;
 * - `bad-file`: a file read back is not what it claims to be (or not a renp file);
 * - `write-failed`: the outputs could not be put in place (the previous ones were restored);
 * - `interrupted`: the caller stopped the run through its AbortSignal; nothing was written;
 * - `no-solution`: a search the input asked for has no answer in its range (a limit the data
 *   cannot reach, a crossing that does not exist);
 * - `internal`: a result the code should never produce (a bug: please report).
 */
export type RenpErrorKind =
  | "invalid-input"
  | "output-exists"
  | "bad-file"
  | "write-failed"
  | "interrupted"
  | "no-solution"
  | "internal";

/** Where an error is and what would have been accepted. */
export interface RenpErrorDetails {
  /** Where: a field path ("experiment.scan.bins", "systematics[0].prior") or a file path. */
  field?: string | undefined;
  /** The offending value, as given. */
  value?: unknown;
  /** What would have been accepted, in words. */
  allowed?: string | undefined;
}

/** The base of every error renp throws on purpose: a kind, and where it is about one input, the field, value and what is allowed. */
export class RenpError extends Error {
  readonly kind: RenpErrorKind;
  readonly field: string | undefined;
  readonly value: unknown;
  readonly allowed: string | undefined;
  constructor(kind: RenpErrorKind, message: string, details: RenpErrorDetails = {}) {
    super(message);
    this.name = "RenpError";
    this.kind = kind;
    this.field = details.field;
    this.value = details.value;
    this.allowed = details.allowed;
  }
}

/** An input the caller can fix: a scenario field, an option, a prior too wide for the binning. */
export class ScenarioError extends RenpError {
  constructor(message: string, details: RenpErrorDetails = {}) {
    super("invalid-input", message, details);
    this.name = "ScenarioError";
  }
}

/**
 * An input the caller can fix that is not a scenario: an option value (a test name such as
 * "ordering", a toy range, a parameter list) or an input file or folder that holds no renp data.
 */
export class InputError extends RenpError {
  constructor(message: string, details: RenpErrorDetails = {}) {
    super("invalid-input", message, details);
    this.name = "InputError";
  }
}

/** An output is there already; `path` is the file. */
export class OutputExistsError extends RenpError {
  constructor(readonly path: string) {
    super("output-exists", `${path} exists`, { field: path });
    this.name = "OutputExistsError";
  }
}

/** A file that is not a readable renp file (or not the kind the caller asked for). */
export class RenpFileError extends RenpError {
  constructor(message: string, details: RenpErrorDetails = {}) {
    super("bad-file", message, details);
    this.name = "RenpFileError";
  }
}

/** A search with no answer in its range: `field` names the quantity searched for. */
export class NoSolutionError extends RenpError {
  constructor(message: string, details: RenpErrorDetails = {}) {
    super("no-solution", message, details);
    this.name = "NoSolutionError";
  }
}

/** The run's files could not be put in place (a run-time failure); the previous ones were restored. */
export class RunCommitError extends RenpError {
  constructor(message: string) {
    super("write-failed", message);
    this.name = "RunCommitError";
  }
}

/**
 * The run was stopped through its AbortSignal; nothing was written. `reason` is the abort reason
 * as text: a signal name ("SIGINT") when the command line stopped it.
 */
export class InterruptedError extends RenpError {
  constructor(readonly reason: string) {
    super("interrupted", `interrupted (${reason}); no output was written`);
    this.name = "InterruptedError";
  }
}

/**
 * The Slurm job files of docs/clusters.md, run as printed on a real (single-node) Slurm: an array
 * of 4 shards with 2 workers each gives the rows of one unsharded run, `renp merge` its bytes;
 * the fit array over that run, `renp merge --fits`, gives the bytes of one fit of its toys; and
 * the retry recipe (resubmit only a cancelled index) completes a run with a killed task.
 *
 * Run by `npm run test:slurm` (scripts/slurm/test.sh starts the Slurm and sets SLURM_CONF);
 * renp is installed from its package into a temporary prefix, as docs/clusters.md says, so the
 * job runs renp outside this checkout.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { REPO_DIR } from "../helpers/fixtures.js";
import { column, readTable, scenarioFile, SYSTEMATICS_CHANGES, tempDir } from "../helpers/runs.js";

const SHARDS = 4;
const CPUS_PER_TASK = 2;
/** Enough toys that a task runs for a few seconds (it can be seen running and cancelled). */
const TOYS = 40_000;
const SEED = 4242;
/** Toys of the fit array (a fit floating the mass costs ~3 ms a toy). */
const FIT_TOYS = 400;
/** Bounds on waiting for the scheduler; a run that needs more has gone wrong. */
const ARRAY_TIMEOUT_S = 300;

const state = process.env.RENP_SLURM_STATE;
const work = tempDir("renp-slurm-work-");
let failed = false;

/** The ```bash block under `heading` in docs/clusters.md, byte for byte. */
function documentedJobFile(heading = "## Slurm job array"): string {
  const doc = readFileSync(join(REPO_DIR, "docs", "clusters.md"), "utf8");
  const section = doc.slice(doc.indexOf(heading));
  const m = /```bash\n([\s\S]*?)```/.exec(section);
  if (!m?.[1].startsWith("#!/bin/bash\n#SBATCH"))
    throw new Error(`docs/clusters.md: no job file (\`\`\`bash block) under ${heading}`);
  return m[1];
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: work, env, encoding: "utf8", timeout: 120_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0)
    throw new Error(
      `${what} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ""}):\n${r.stdout}${r.stderr}`,
    );
  return r.stdout;
}

const tail = (path: string, lines = 15) =>
  existsSync(path) ? readFileSync(path, "utf8").split("\n").slice(-lines).join("\n") : "(none)";

/** The job's output files (slurm-JOBID_K.out in the submit folder) and the daemons' logs. */
function logTail(jobId: string): string {
  const outputs = readdirSync(work)
    .filter((f) => f.startsWith(`slurm-${jobId}_`))
    .sort()
    .map((f) => `--- ${f}\n${tail(join(work, f))}`);
  const daemons = state
    ? ["slurmctld.log", "slurmd.log"].map((f) => `--- ${f}\n${tail(join(state, f), 8)}`)
    : [];
  return [...outputs, ...daemons].join("\n");
}

let renpEnv: NodeJS.ProcessEnv;
let renpBin: string;
let jobFile: string;
let wholeDir: string;

/** sbatch the documented job file (or `file`); returns the array's job id. */
function submit(
  outDir: string,
  array: string,
  file = jobFile,
  env: NodeJS.ProcessEnv = {},
): string {
  const r = run(
    "sbatch",
    ["--parsable", `--array=${array}`, `--cpus-per-task=${CPUS_PER_TASK}`, file],
    { ...renpEnv, RENP_OUT: outDir, ...env },
  );
  return ok(r, "sbatch").trim().split(";")[0];
}

/** squeue rows "K STATE" of the array's pending and running tasks. */
function queued(jobId: string): { task: string; state: string }[] {
  const out = ok(run("squeue", ["-h", "-r", "-j", jobId, "-o", "%K %T"]), "squeue");
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [task, s] = line.trim().split(/\s+/);
      return { task, state: s };
    });
}

async function waitFor(jobId: string): Promise<void> {
  const deadline = Date.now() + ARRAY_TIMEOUT_S * 1000;
  while (queued(jobId).length > 0) {
    if (Date.now() > deadline) {
      run("scancel", [jobId]);
      throw new Error(`job ${jobId} not done after ${ARRAY_TIMEOUT_S} s:\n${logTail(jobId)}`);
    }
    await sleep(250);
  }
}

/**
 * State and exit code of every array task: sacct where accounting works, else scontrol (which
 * keeps finished jobs for MinJobAge, an hour in scripts/slurm/start.sh).
 */
function taskStates(jobId: string): Record<string, string> {
  const states: Record<string, string> = {};
  const sacct = run("sacct", ["-j", jobId, "-X", "-n", "-P", "-o", "JobID,State,ExitCode"]);
  if (sacct.status === 0 && sacct.stdout.trim()) {
    for (const line of sacct.stdout.trim().split("\n")) {
      const [id, s, exit] = line.split("|");
      states[id.split("_")[1]] = `${s.split(" ")[0]} ${exit}`;
    }
    return states;
  }
  const out = ok(run("scontrol", ["show", "job", "-o", jobId]), "scontrol show job");
  for (const line of out.split("\n").filter(Boolean)) {
    const field = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(line)?.[1] ?? "?";
    states[field("ArrayTaskId")] = `${field("JobState")} ${field("ExitCode")}`;
  }
  return states;
}

/** Fails with the job's log tail unless every task is in the state given. */
function expectStates(jobId: string, expected: Record<string, string>): void {
  const states = taskStates(jobId);
  if (
    JSON.stringify(states, Object.keys(states).sort()) !==
    JSON.stringify(expected, Object.keys(expected).sort())
  )
    throw new Error(
      `job ${jobId}: tasks ${JSON.stringify(states)}, expected ${JSON.stringify(expected)}\n${logTail(jobId)}`,
    );
}

const completed = (tasks: number[]) =>
  Object.fromEntries(tasks.map((k) => [String(k), "COMPLETED 0:0"]));

const bytesOf = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));

function merge(dir: string): SpawnSyncReturns<string> {
  return run(renpBin, ["merge", dir], renpEnv);
}

describe("the Slurm job array of docs/clusters.md", () => {
  beforeAll(() => {
    if (!process.env.SLURM_CONF || !state)
      throw new Error("no test Slurm: run `npm run test:slurm` (scripts/slurm/test.sh starts one)");
    jobFile = join(work, "renp.sbatch");
    writeFileSync(jobFile, documentedJobFile());

    // renp from its package, outside the checkout (docs/clusters.md "Installing renp").
    ok(run("npm", ["pack", "--silent", "--pack-destination", work, REPO_DIR]), "npm pack");
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
    const prefix = join(work, "prefix");
    ok(
      run("npm", [
        "install",
        "-g",
        "--prefix",
        prefix,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        join(work, tarball),
      ]),
      "npm install -g renp",
    );
    renpBin = join(prefix, "bin", "renp");
    // A scenario with systematics, so that nuisance files are written too.
    renpEnv = {
      ...process.env,
      PATH: `${join(prefix, "bin")}:${process.env.PATH}`,
      RENP_SCENARIO: scenarioFile({
        backgrounds: SYSTEMATICS_CHANGES.backgrounds,
        systematics: SYSTEMATICS_CHANGES.systematics.slice(0, 2),
      }),
      RENP_TOYS: String(TOYS),
      RENP_SEED: String(SEED),
      RENP_SHARDS: String(SHARDS),
    };
    wholeDir = join(work, "whole");
    ok(
      run(
        renpBin,
        [
          "generate",
          renpEnv.RENP_SCENARIO!,
          "--toys",
          String(TOYS),
          "--seed",
          String(SEED),
          "--workers",
          String(CPUS_PER_TASK),
          "--out",
          wholeDir,
        ],
        renpEnv,
      ),
      "the unsharded run",
    );
  });

  afterAll(() => {
    if (!failed) rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`slurm test: files kept in ${work}\n`);
  });

  it("4 shards x 2 workers: every task completes, the shards are the unsharded rows, renp merge its bytes", async () => {
    onTestFailed(() => void (failed = true));
    const out = join(work, "run");
    const jobId = submit(out, `1-${SHARDS}`);
    await waitFor(jobId);
    expectStates(jobId, completed([1, 2, 3, 4]));

    for (const kind of ["toys", "nuisance"]) {
      const whole = readTable(join(wholeDir, `${kind}.arrow`));
      const parts = Array.from({ length: SHARDS }, (_, i) => {
        const path = join(out, `${kind}-${i + 1}-of-${SHARDS}.arrow`);
        if (!existsSync(path)) throw new Error(`missing shard ${path}\n${logTail(jobId)}`);
        return readTable(path);
      });
      for (const field of whole.schema.fields) {
        const joined = Buffer.concat(parts.map((p) => bytesOf(column(p, field.name))));
        expect(joined.equals(bytesOf(column(whole, field.name))), `${kind}.${field.name}`).toBe(
          true,
        );
      }
    }

    ok(merge(out), "renp merge");
    for (const name of ["toys.arrow", "nuisance.arrow", "expected.arrow"])
      expect(sameBytes(join(out, name), join(wholeDir, name)), name).toBe(true);
  });

  it("the fit array: 4 tasks of renp fit --toys A..B, renp merge --fits the bytes of one fit", async () => {
    onTestFailed(() => void (failed = true));
    const out = join(work, "run"); // the first test's merged run
    if (!existsSync(join(out, "toys.arrow"))) throw new Error("the first test's run is missing");
    const fitFile = join(work, "renp-fit.sbatch");
    writeFileSync(fitFile, documentedJobFile("## Slurm fit array"));
    const fitEnv = {
      RENP_RUN: out,
      RENP_TOYS: String(FIT_TOYS),
      RENP_TASKS: "4",
      RENP_FLOAT: "signalNorm,lightestMassEv",
      RENP_TEST: "ordering",
    };
    const jobId = submit(out, "1-4", fitFile, fitEnv);
    await waitFor(jobId);
    expectStates(jobId, completed([1, 2, 3, 4]));
    const single = join(work, "fits-single.arrow");
    ok(
      run(
        renpBin,
        [
          "fit",
          out,
          "--float",
          fitEnv.RENP_FLOAT,
          "--test",
          fitEnv.RENP_TEST,
          "--toys",
          `0..${FIT_TOYS - 1}`,
          "--workers",
          String(CPUS_PER_TASK),
          "--out",
          single,
        ],
        renpEnv,
      ),
      "the single fit",
    );
    ok(run(renpBin, ["merge", join(out, "fits"), "--fits"], renpEnv), "renp merge --fits");
    expect(sameBytes(join(out, "fits", "fits.arrow"), single)).toBe(true);
  });

  it("a cancelled task: merge refuses the incomplete set; resubmitting that index alone completes it", async () => {
    onTestFailed(() => void (failed = true));
    const out = join(work, "retry");
    mkdirSync(out);
    const jobId = submit(out, `1-${SHARDS}`);
    // Cancel the first task seen writing its shard (renp's temporary file is there): cancelled
    // while Slurm is still launching it, a task's processes can escape proctrack/linuxproc and
    // finish anyway (seen with Slurm 22.05), which would test Slurm's race, not the recipe.
    let killed: string | undefined;
    const deadline = Date.now() + ARRAY_TIMEOUT_S * 1000;
    while (!killed) {
      const writing = readdirSync(out)
        .map((f) => /^\.toys-(\d+)-of-\d+\.arrow\..*\.tmp$/.exec(f)?.[1])
        .find((k) => k !== undefined);
      if (writing) {
        ok(run("scancel", [`${jobId}_${Number(writing)}`]), "scancel");
        killed = String(Number(writing));
      } else if (Date.now() > deadline || queued(jobId).length === 0) {
        run("scancel", [jobId]);
        throw new Error(`no task of ${jobId} seen writing its shard\n${logTail(jobId)}`);
      } else await sleep(100);
    }
    await waitFor(jobId);
    const others = [1, 2, 3, 4].filter((k) => String(k) !== killed);
    const states = taskStates(jobId);
    expect(states[killed], logTail(jobId)).toMatch(/^CANCELLED/);
    expectStates(jobId, { ...completed(others), [killed]: states[killed] });

    // The cancelled task left nothing, not even a temporary file; merge names what is missing.
    expect(
      readdirSync(out).filter((f) => f.includes(`-${killed}-of-`) || f.endsWith(".tmp")),
    ).toEqual([]);
    const refused = merge(out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`missing toys shard ${killed}/${SHARDS}`);
    expect(existsSync(join(out, "toys.arrow"))).toBe(false);

    // The retry recipe of docs/clusters.md: sbatch --array=K renp.sbatch.
    const retry = submit(out, killed);
    await waitFor(retry);
    expectStates(retry, completed([Number(killed)]));
    ok(merge(out), "renp merge after the retry");
    for (const name of ["toys.arrow", "nuisance.arrow"])
      expect(sameBytes(join(out, name), join(wholeDir, name)), name).toBe(true);
  });
});

/**
 * Fuzz of every reader through its command: inspect, the expectation reader (plot and
 * export of a folder whose expected.arrow is mutated), plot, export, fit and merge, over random
 * bytes, truncations, bit flips and hostile metadata and counts. The cases of one command run in
 * one child process (test/helpers/cliCases.mjs) under GNU time: a case that runs longer than
 * CASE_BOUND_MS fails the test, naming it (a hang: the bound is generous, it measures nothing),
 * and the process's peak memory over all its cases must stay under 256 MB.
 *
 * Each case must end in exit 1 or 2 with a message, or exit 0 when the mutation left a valid file
 * (a flipped bit in a count); never a raw JavaScript error. Cases: 24 per command (6 of each
 * mutation), 168 in all (a fits file's through inspect and plot among them), plus the issue's
 * flipped bit through four commands and fits files whose metadata or columns are not renp's,
 * drawn from fast-check's fixed seed (test/setup.ts), so every run checks the same cases.
 */
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fitRun } from "../../src/fitRun.js";
import { generateRun } from "../../src/run.js";
import { REPO_DIR } from "../helpers/fixtures.js";
import { scenarioFile, SYSTEMATICS_CHANGES, tempDir } from "../helpers/runs.js";

const CASES_PER_COMMAND = 24;
const CASE_BOUND_MS = 30_000;
const PEAK_MB = 256;
/** What a command must never print: JavaScript's own errors, apache-arrow's internals. */
const RAW_ERROR =
  /TypeError|RangeError|ReferenceError|Cannot read prop|is not a function|Maximum call stack|fieldsLength|Invalid typed array length|internal error|main threw/;

type Mutation =
  | { kind: "random"; bytes: number[]; framed: boolean }
  | { kind: "truncate"; at: number }
  | { kind: "flip"; flips: { at: number; bit: number }[] }
  | { kind: "metadata"; key: string; value: string };

const HOSTILE_VALUES = [
  '{"first":0,"count":1000000000000}',
  '{"first":-5,"count":2}',
  '{"first":1e300,"count":1e300}',
  "null",
  "[1,2,3]",
  "{not json",
  "1e999",
  "1/1000000000000",
  "0/0",
  '{"name":"x","toys":1e12,"seed":1}',
  '{"name":"x","toys":-3}',
  "x".repeat(10_000),
];
const KEYS = ["renp.toys", "renp.scenario", "renp.shard", "renp.file", "renp.seed", "renp.layout"];
/** A fits file's metadata: its fit configuration and the scenario its pulls read. */
const FITS_KEYS = ["renp.fit", "renp.scenario", "renp.file"];

/**
 * The four kinds of mutation, each drawn by its own arbitrary (so each gets its share of cases);
 * metadata mutations set one of `keys`.
 */
const mutationsOf = (keys: readonly string[]): fc.Arbitrary<Mutation>[] => [
  fc.record({
    kind: fc.constant("random" as const),
    bytes: fc.array(fc.nat(255), { maxLength: 2048 }),
    framed: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("truncate" as const),
    at: fc.double({ min: 0, max: 0.999, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("flip" as const),
    flips: fc.array(
      fc.record({ at: fc.double({ min: 0, max: 0.999, noNaN: true }), bit: fc.nat(7) }),
      { minLength: 1, maxLength: 6 },
    ),
  }),
  fc.record({
    kind: fc.constant("metadata" as const),
    key: fc.constantFrom(...keys),
    value: fc.constantFrom(...HOSTILE_VALUES),
  }),
];
const MUTATIONS = mutationsOf(KEYS);

/** The file's bytes after the mutation. */
function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === "random") {
    const magic = [...new TextEncoder().encode("ARROW1\0\0")];
    return Uint8Array.from(m.framed ? [...magic, ...m.bytes, ...magic.slice(0, 6)] : m.bytes);
  }
  if (m.kind === "truncate") return bytes.subarray(0, Math.floor(m.at * bytes.length));
  if (m.kind === "flip") {
    const copy = Uint8Array.from(bytes);
    for (const { at, bit } of m.flips) copy[Math.floor(at * copy.length)] ^= 1 << bit;
    return copy;
  }
  const table = arrow.tableFromIPC(bytes);
  const meta = new Map(table.schema.metadata);
  meta.set(m.key, m.value);
  const schema = new arrow.Schema(table.schema.fields, meta);
  return arrow.tableToIPC(new arrow.Table(schema, table.batches), "file");
}

interface Outcome {
  code: number;
  stderr: string;
}

/**
 * Runs the cases in one child under GNU time; rejects when a case outlives CASE_BOUND_MS.
 * Returns each case's outcome and the child's peak memory in MB.
 */
function runCases(cases: string[][]): Promise<{ outcomes: Outcome[]; peakMb: number }> {
  const list = join(tempDir(), "cases.json");
  writeFileSync(list, JSON.stringify(cases));
  const script = join(REPO_DIR, "test", "helpers", "cliCases.mjs");
  const child = spawn("/usr/bin/time", ["-f", "renp-peak-kb %M", process.execPath, script, list], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: a hang is killed with GNU time's child, node
  });
  const outcomes: Outcome[] = [];
  let current = { index: -1, since: Date.now() };
  let out = "";
  let err = "";
  let hung: number | undefined;
  child.stdout.on("data", (chunk) => {
    out += String(chunk);
    for (let nl = out.indexOf("\n"); nl >= 0; nl = out.indexOf("\n")) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      const start = /^start (\d+)$/.exec(line);
      if (start) current = { index: Number(start[1]), since: Date.now() };
      const done = /^done (\d+) (.*)$/.exec(line);
      if (done) outcomes[Number(done[1])] = JSON.parse(done[2]) as Outcome;
    }
  });
  child.stderr.on("data", (chunk) => (err += String(chunk)));
  const watch = setInterval(() => {
    if (Date.now() - current.since > CASE_BOUND_MS && hung === undefined) {
      hung = current.index;
      process.kill(-child.pid!, "SIGKILL");
    }
  }, 250);
  return new Promise((resolve, reject) =>
    child.on("close", () => {
      clearInterval(watch);
      if (hung !== undefined)
        return reject(
          new Error(`case ${hung} (renp ${cases[hung].join(" ")}) ran past ${CASE_BOUND_MS} ms`),
        );
      const peak = /renp-peak-kb (\d+)/.exec(err);
      if (!peak || outcomes.length !== cases.length)
        return reject(new Error(`the case runner stopped early: ${err.slice(-2000)}`));
      resolve({ outcomes, peakMb: Number(peak[1]) / 1024 });
    }),
  );
}

/** A folder holding a copy of `base` with file `name` mutated (or replaced by these bytes). */
function caseFolder(base: string, name: string, change: Mutation | Uint8Array): string {
  const dir = join(tempDir(), "run");
  cpSync(base, dir, { recursive: true });
  const bytes =
    change instanceof Uint8Array ? change : mutate(readFileSync(join(base, name)), change);
  writeFileSync(join(dir, name), bytes);
  return dir;
}

describe("fuzz: every reader through its command, bounded in time and memory", () => {
  const base = { whole: "", wide: "", shards: "", fits: "" };
  beforeAll(async () => {
    const scenario = scenarioFile({
      ...SYSTEMATICS_CHANGES,
      systematics: SYSTEMATICS_CHANGES.systematics.slice(0, 1),
    });
    const root = tempDir();
    base.whole = join(root, "whole");
    base.wide = join(root, "wide");
    base.shards = join(root, "shards");
    base.fits = join(root, "fits");
    await generateRun({ scenario, toys: 3, workers: 0, outDir: base.whole, toysPerBatch: 2 });
    await generateRun({ scenario, toys: 3, workers: 0, outDir: base.wide, layout: "wide" });
    cpSync(base.whole, base.fits, { recursive: true });
    await fitRun({ input: base.fits, float: ["signalNorm"], workers: 0 });
    for (const index of [1, 2])
      await generateRun({
        scenario,
        toys: 4,
        workers: 0,
        outDir: base.shards,
        shard: { index, count: 2 },
      });
  });

  /** The mutations of one command's cases, as many of each kind, from a fixed seed. */
  const mutations = (salt: number, kinds = MUTATIONS): Mutation[] => {
    const each = kinds.map((m, k) =>
      fc.sample(m, { numRuns: CASES_PER_COMMAND / MUTATIONS.length, seed: 20 + 10 * salt + k }),
    );
    return each[0].flatMap((_, i) => each.map((kind) => kind[i]));
  };

  /** Builds the command's cases: each a folder with one file mutated, and its arguments. */
  const commands: Record<string, (salt: number) => string[][]> = {
    inspect: (salt) =>
      mutations(salt).map((m, i) => {
        const [folder, name] = (
          [
            [base.whole, "toys.arrow"],
            [base.whole, "nuisance.arrow"],
            [base.wide, "toys.arrow"],
            [base.whole, "expected.arrow"],
          ] as const
        )[i % 4];
        const dir = caseFolder(folder, name, m);
        return ["inspect", join(dir, name)];
      }),
    expectation: (salt) =>
      mutations(salt).map((m, i) => {
        const dir = caseFolder(base.whole, "expected.arrow", m);
        return i % 2 === 0
          ? ["export", dir, "--format", "pyhf", "--toy", "0", "--out", join(dir, "w.json")]
          : ["plot", dir, "--out", join(dir, "p.svg")];
      }),
    plot: (salt) =>
      mutations(salt).map((m, i) => {
        const folder = i % 2 === 0 ? base.whole : base.wide;
        const dir = caseFolder(folder, "toys.arrow", m);
        return ["plot", dir, "--out", join(dir, "p.svg")];
      }),
    export: (salt) =>
      mutations(salt).map((m, i) => {
        const folder = i % 2 === 0 ? base.whole : base.wide;
        const dir = caseFolder(folder, "toys.arrow", m);
        return ["export", dir, "--format", "pyhf", "--toy", "1", "--out", join(dir, "w.json")];
      }),
    fit: (salt) =>
      mutations(salt).map((m, i) => {
        const name = i % 3 === 2 ? "nuisance.arrow" : "toys.arrow";
        const dir = caseFolder(base.whole, name, m);
        return [
          "fit",
          dir,
          "--float",
          "signalNorm",
          "--workers",
          "1",
          "--out",
          join(dir, "f.arrow"),
        ];
      }),
    // A fits file is read by inspect and plot (its pulls: inference/pulls.ts), by its metadata.
    fits: (salt) =>
      mutations(salt, mutationsOf(FITS_KEYS)).map((m, i) => {
        const dir = caseFolder(base.fits, "fits.arrow", m);
        const file = join(dir, "fits.arrow");
        return i % 2 === 0 ? ["inspect", file] : ["plot", file, "--out", join(dir, "f.svg")];
      }),
    merge: (salt) =>
      mutations(salt).map((m, i) => {
        const name = i % 2 === 0 ? "toys-1-of-2.arrow" : "nuisance-2-of-2.arrow";
        const dir = caseFolder(base.shards, name, m);
        return ["merge", dir];
      }),
  };

  it(
    "the issue's flipped bit (byte 31 ^ 0x80 of a toys.arrow): inspect, plot, export, fit end at once",
    async () => {
      const bytes = Uint8Array.from(readFileSync(join(base.whole, "toys.arrow")));
      bytes[31] ^= 0x80;
      const dir = caseFolder(base.whole, "toys.arrow", bytes);
      const cases = [
        ["inspect", join(dir, "toys.arrow")],
        ["plot", dir, "--out", join(dir, "p.svg")],
        ["export", dir, "--format", "pyhf", "--toy", "0", "--out", join(dir, "w.json")],
        ["fit", dir, "--float", "signalNorm", "--workers", "1", "--out", join(dir, "f.arrow")],
      ];
      const { outcomes, peakMb } = await runCases(cases);
      for (const [i, o] of outcomes.entries()) {
        expect([1, 2], cases[i].join(" ")).toContain(o.code);
        expect(o.stderr).toMatch(/toys\.arrow .*truncated or corrupt/);
      }
      expect(peakMb).toBeLessThan(PEAK_MB);
    },
    5 * CASE_BOUND_MS,
  );

  it(
    "fits files not as renp fit writes them (scenario without its fields, renp.fit null, wrong column types): inspect and plot say so",
    async () => {
      const bytes = readFileSync(join(base.fits, "fits.arrow"));
      const table = arrow.tableFromIPC(bytes);
      const rows = table.numRows;
      /** The fits file with its columns changed (the metadata kept). */
      const withColumns = (change: Record<string, arrow.Vector>) => {
        const columns = Object.fromEntries(
          table.schema.fields.map((f) => [f.name, table.getChild(f.name)!]),
        );
        const t = new arrow.Table({ ...columns, ...change });
        const schema = new arrow.Schema(t.schema.fields, table.schema.metadata);
        return arrow.tableToIPC(new arrow.Table(schema, t.batches), "file");
      };
      const meta = (key: string, value: string) => mutate(bytes, { kind: "metadata", key, value });
      const variants: Uint8Array[] = [
        // Before: TypeErrors in inference/pulls.ts (scenario.systematics) and io/fitsFile.ts.
        meta("renp.scenario", '{"name":"x"}'),
        meta("renp.scenario", "{}"),
        meta("renp.scenario", '{"systematics":[null]}'),
        meta("renp.fit", "null"),
        meta("renp.fit", "[]"),
        meta("renp.fit", '{"float":["constructor"]}'),
        withColumns({ status: arrow.vectorFromArray(new Int32Array(rows)) }),
        withColumns({ signalNorm: arrow.vectorFromArray(new Array<string>(rows).fill("x")) }),
        withColumns({ toy: arrow.vectorFromArray(new Float64Array(rows)) }),
      ];
      const cases = variants.flatMap((variant) => {
        const dir = caseFolder(base.fits, "fits.arrow", variant);
        const file = join(dir, "fits.arrow");
        return [
          ["inspect", file],
          ["plot", file, "--out", join(dir, "f.svg")],
        ];
      });
      const { outcomes, peakMb } = await runCases(cases);
      outcomes.forEach((o, i) => {
        const where = `case ${i}: renp ${cases[i].join(" ")}\n${o.stderr}`;
        expect([1, 2], where).toContain(o.code);
        expect(o.stderr, where).not.toMatch(RAW_ERROR);
        expect(o.stderr, where).toMatch(/^renp: .*fits\.arrow/m);
      });
      expect(peakMb).toBeLessThan(PEAK_MB);
    },
    5 * CASE_BOUND_MS,
  );

  for (const [salt, [command, build]] of Object.entries(commands).entries()) {
    it(
      `${command}: ${CASES_PER_COMMAND} hostile files, each exit 0/1/2 with a message, none hangs, < ${PEAK_MB} MB`,
      async () => {
        const cases = build(salt);
        const { outcomes, peakMb } = await runCases(cases);
        outcomes.forEach((o, i) => {
          const where = `case ${i}: renp ${cases[i].join(" ")}\n${o.stderr}`;
          expect([0, 1, 2], where).toContain(o.code);
          expect(o.stderr, where).not.toMatch(RAW_ERROR);
          if (o.code !== 0) expect(o.stderr, where).toMatch(/^renp: \S.{10,}/m);
        });
        // Random bytes and truncations are never a valid file.
        expect(outcomes.filter((o) => o.code === 0).length).toBeLessThan(cases.length);
        expect(peakMb).toBeLessThan(PEAK_MB);
      },
      12 * CASES_PER_COMMAND * 1000,
    );
  }
});

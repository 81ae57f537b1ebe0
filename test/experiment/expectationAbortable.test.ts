/**
 * computeExpectationAbortable (src/expectation.ts): the same table as computeExpectation, bit for
 * bit, whatever the slices (each bin is computed alone), and an abort stops it between slices;
 * so does the omega offset's grid of tables built from it (sampling/offset.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeExpectation, computeExpectationAbortable } from "../../src/expectation.js";
import { InterruptedError } from "../../src/errors.js";
import { resolveScenario, validateScenario } from "../../src/scenario/load.js";
import { offsetGrid, offsetGridAbortable } from "../../src/sampling/offset.js";
import { REFERENCE_SCENARIO } from "../helpers/runs.js";

/** The reference scenario with `bins` bins (and a background, so every column is filled). */
function scenario(bins: number) {
  const s = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8"));
  s.experiment.scan = { ...s.experiment.scan, bins };
  delete s.experiment.scan.edgesEv;
  return resolveScenario(validateScenario(s));
}

/** The table's columns as raw bytes, for an exact comparison (NaN and -0 included). */
const bytesOf = (t: ReturnType<typeof computeExpectation>) =>
  [t.efficiency, t.signalRatePerS, t.muSignal, t.muTotal, ...t.backgrounds.map((b) => b.mu)].map(
    (column) => Buffer.from(column.buffer, column.byteOffset, column.byteLength).toString("hex"),
  );

describe("computeExpectationAbortable", () => {
  const s = scenario(400);

  it("gives computeExpectation's table bit for bit, in one slice or in slices of one bin", async () => {
    const reference = bytesOf(computeExpectation(s));
    expect(bytesOf(await computeExpectationAbortable(s))).toEqual(reference);
    // sliceMs 0: the event loop turns after every bin.
    expect(bytesOf(await computeExpectationAbortable(s, { sliceMs: 0 }))).toEqual(reference);
  });

  it("rejects with InterruptedError once its signal aborts, between slices", async () => {
    const controller = new AbortController();
    const started = computeExpectationAbortable(s, { signal: controller.signal, sliceMs: 0 });
    // Aborted while the event loop turns after the first bin: the rest is never computed.
    setImmediate(() => controller.abort("SIGTERM"));
    await expect(started).rejects.toBeInstanceOf(InterruptedError);
    await expect(started).rejects.toThrow(/SIGTERM/);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort("SIGINT");
    await expect(
      computeExpectationAbortable(scenario(2), { signal: controller.signal }),
    ).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe("offsetGridAbortable", () => {
  const s = scenario(200);
  const table = computeExpectation(s);
  const [from, to] = [-2e-6, 2e-6];
  const hex = (a: Float64Array) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

  it("gives offsetGrid's grid bit for bit", async () => {
    const reference = offsetGrid(table, from, to);
    const grid = await offsetGridAbortable(table, from, to, { sliceMs: 0 });
    expect(grid.points).toBeGreaterThan(3);
    expect([grid.firstEv, grid.stepEv, grid.points]).toEqual([
      reference.firstEv,
      reference.stepEv,
      reference.points,
    ]);
    expect(grid.mu.map(hex)).toEqual(reference.mu.map(hex));
    expect(hex(grid.efficiency)).toBe(hex(reference.efficiency));
  });

  it("rejects with InterruptedError once its signal aborts", async () => {
    const controller = new AbortController();
    // sliceMs 0: a turn after every bin of every point, so the abort is seen at the first.
    const started = offsetGridAbortable(table, from, to, { signal: controller.signal, sliceMs: 0 });
    setImmediate(() => controller.abort("SIGINT"));
    await expect(started).rejects.toBeInstanceOf(InterruptedError);
  });
});

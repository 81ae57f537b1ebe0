/**
 * `renp fit` on an Asimov run (`renp generate --asimov`) fits the exact expected
 * counts (asimov_total), not the rounded n_obs, so it returns the truth at the saturated
 * likelihood: every norm 1, nll = 0 (docs/fitting.md, "`renp fit` and `fits.arrow`"). The truth
 * is the scenario's own nominal values; nothing here is copied from a fit.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { column, readTable, tempDir } from "../helpers/runs.js";

let run: string;

beforeAll(async () => {
  run = join(tempDir(), "asimov");
  const r = await runCli(["generate", "yb-backgrounds", "--asimov", "--out", run]);
  expect(r.code, r.stderr).toBe(0);
});

describe("an Asimov run is fitted on its expected counts", () => {
  it("signalNorm and backgroundNorm:dark return 1 at nll 0, status ok", async () => {
    const out = join(run, "fits.arrow");
    const r = await runCli([
      "fit",
      run,
      "--float",
      "signalNorm,backgroundNorm:dark",
      "--workers",
      "1",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const table = readTable(out);
    expect(table.getChild("status")!.toArray()).toEqual(["ok"]);
    expect(column(table, "nll")[0]).toBeLessThan(1e-9);
    for (const name of ["signalNorm", "backgroundNorm:dark"]) {
      const value = column(table, name)[0];
      const error = column(table, `${name}_err`)[0];
      expect(Math.abs(value - 1)).toBeLessThan(1e-6 * error);
      expect(error).toBeGreaterThan(0);
    }
    expect(r.stderr).toMatch(/asimov_total/);
    const fit = JSON.parse(table.schema.metadata.get("renp.fit")!);
    expect(fit.data).toBe("asimov_total");
  });
});

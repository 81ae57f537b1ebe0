/** Messages that say what is wrong and no more: ranges stated, nothing echoed, nothing twice. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import { GENERATORS_DIR } from "../../src/paths.js";
import { loadScenario } from "../../src/scenario/load.js";
import { MAX_BINS } from "../../src/scenario/schema.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/runs.js";

const builtin = (name: string) =>
  JSON.parse(readFileSync(join(GENERATORS_DIR, `${name}.json`), "utf8"));

describe("messages", () => {
  it("a file that is not JSON is not echoed; a JSON error quotes at most a short escaped excerpt", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "shadow"),
      "root:$6$SECRETSALT$SECRETHASHSECRETHASH:19000:0:99999:7:::\n",
    );
    const notJson = await runCli(["generate", join(dir, "shadow"), "--out", join(dir, "run")]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).not.toMatch(/oot:|SECRET/);
    writeFileSync(join(dir, "broken.json"), '{"name": "x", SECRETSECRETSECRETSECRET\n}');
    const broken = await runCli(["validate", join(dir, "broken.json")]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('(there: "SECRETSECRET...")');
    expect(broken.stderr).not.toContain("SECRETSECRETS");
  });

  it("--seed beyond the largest safe integer states the real range; a JSON seed of 2^64 is reported once", async () => {
    const seed = await runCli(["generate", "yb-majorana-normal", "--seed", "9007199254740992"]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain("expected an integer from 0 to 9007199254740991");
    const dir = tempDir();
    writeFileSync(
      join(dir, "s.json"),
      JSON.stringify({ ...builtin("yb-majorana-normal"), seed: 2 ** 64 }),
    );
    const json = await runCli(["validate", join(dir, "s.json")]);
    expect(json.code).toBe(2);
    expect(json.stderr.match(/seed = /g)).toHaveLength(1);
  });

  it("a systematic that can push a bin's mean above the sampler's limit is a scenario error before anything runs", async () => {
    const dir = tempDir();
    const s = builtin("yb-backgrounds");
    // Scale the exposure so that the largest nominal total is 5e8 counts (means are linear in it).
    const nominal = computeExpectation(loadScenario("yb-backgrounds")).muTotal;
    const worst = nominal.reduce((m, v) => Math.max(m, v), 0);
    s.experiment.scan.exposurePerBinS *= 5e8 / worst;
    s.systematics = [
      {
        name: "sig",
        parameter: "signalNorm",
        prior: { distribution: "uniform", min: 0.5, max: 3 },
      },
    ];
    writeFileSync(join(dir, "s.json"), JSON.stringify(s));
    const r = await runCli([
      "generate",
      join(dir, "s.json"),
      "--toys",
      "2",
      "--workers",
      "1",
      "--out",
      join(dir, "run"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /the systematics can raise the expected total in one bin to 1\.500e\+9 counts, more than the 1000000000 a bin can hold \(largest draws: sig 3\.000\)/,
    );
    expect(readdirSync(dir)).toEqual(["s.json"]);
  });

  it("a scan of more bins than renp serves (MAX_BINS, measured in docs/outputs.md) is refused by validate", async () => {
    const dir = tempDir();
    for (const [bins, code] of [
      [MAX_BINS, 0],
      [MAX_BINS + 1, 2],
    ] as const) {
      const s = builtin("yb-majorana-normal");
      s.experiment.scan.bins = bins;
      writeFileSync(join(dir, "s.json"), JSON.stringify(s));
      const r = await runCli(["validate", join(dir, "s.json")]);
      expect(r.code).toBe(code);
      if (code) expect(r.stderr).toContain(`experiment.scan.bins = ${bins}: Too big`);
    }
    expect(MAX_BINS).toBe(100_000);
  });
});

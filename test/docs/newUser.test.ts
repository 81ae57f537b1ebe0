/**
 * What a new user hit, kept fixed: one rule about `npx renp` in docs/clusters.md, the job file's
 * output folder following the scenario, an offline install route, `renp export --help` without a
 * contradictory default, npm pack's tarball ignored, and the "type": "module" note.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { REPO_DIR } from "../helpers/fixtures.js";

const doc = (name: string) => readFileSync(join(REPO_DIR, "docs", name), "utf8");

describe("docs/clusters.md", () => {
  const text = doc("clusters.md");

  it("never tells a job to call npx renp", () => {
    for (const line of text.split("\n").filter((l) => l.includes("npx renp")))
      expect(line).toMatch(/never `npx renp`|Do not write `npx renp`/);
  });

  it("the job file's default output folder follows the scenario", () => {
    const line = text.split("\n").find((l) => l.startsWith("out=${RENP_OUT"));
    expect(line).toBeDefined();
    const outFor = (scenario: string) =>
      execFileSync(
        "bash",
        ["-c", `set -eu\nscenario=${JSON.stringify(scenario)}\nSCRATCH=/s\n${line}\necho "$out"`],
        { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
      ).trim();
    expect(outFor("yb-majorana-normal")).toBe("/s/renp/yb-majorana-normal");
    expect(outFor("xe-majorana-normal")).toBe("/s/renp/xe-majorana-normal");
    expect(outFor("/home/u/my-scan.json")).toBe("/s/renp/my-scan");
  });

  it("has an install route for login nodes without registry access", () => {
    expect(text).toContain("Without registry access");
    expect(text).toMatch(/npm install -g --prefix "\$PWD\/renp-offline" \.\/renp-0\.1\.0\.tgz/);
  });
});

describe("small things", () => {
  it("renp export --help says the default once", async () => {
    const { stdout } = await runCli(["export", "--help"]);
    // commander wraps long descriptions: compare with the whitespace collapsed.
    const flat = stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      "--asimov observation: the expected total counts (the default without --toy)",
    );
    expect(flat).not.toMatch(/--asimov [^-]*\(default: false\)/);
  });

  it("npm pack's tarball is ignored by git", () => {
    const out = execFileSync("git", ["check-ignore", "renp-0.1.0.tgz"], {
      cwd: REPO_DIR,
      encoding: "utf8",
    });
    expect(out.trim()).toBe("renp-0.1.0.tgz");
  });

  it('docs/testing.md says a new npm init project needs "type": "module"', () => {
    expect(doc("testing.md")).toMatch(/npm init -y[\s\S]{0,80}"type": "commonjs"/);
  });
});

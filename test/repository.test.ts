/**
 * The repository explains itself: no tracked file refers to a document that is not in it (an
 * outside design note or physics spec, a sibling folder, a numbered work item). Physics sources
 * are cited as papers or as docs/ pages; contracts live in docs/architecture.md.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_DIR } from "./helpers/fixtures.js";

// Written in pieces so that this file does not match itself.
const FORBIDDEN: [string, RegExp][] = [
  ["the outside design note", new RegExp(["DESIGN", "\\.md"].join(""))],
  ["the outside physics spec", new RegExp(["SPEC", "\\.md"].join(""))],
  ["a folder beside the repository", new RegExp(["\\.\\./", "shared"].join(""))],
  ["an absolute path to it", new RegExp(["/work/", "shared"].join(""))],
  ["a numbered work item", new RegExp(["\\bissue", " #?\\d+"].join(""), "i")],
  ["the work's brief", new RegExp(["\\bthe ", "brief\\b"].join(""), "i")],
];

function trackedFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z"], { cwd: REPO_DIR, encoding: "utf8" });
  return out.split("\0").filter((f) => f !== "" && !f.endsWith(".svg") && !f.endsWith(".png"));
}

describe("the repository refers only to itself", () => {
  it("no tracked file names a document outside the repository", () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(50); // git listed the checkout
    const hits: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(REPO_DIR, file), "utf8").split("\n");
      lines.forEach((line, k) => {
        for (const [what, pattern] of FORBIDDEN)
          if (pattern.test(line))
            hits.push(`${file}:${k + 1}: ${what}: ${line.trim().slice(0, 100)}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it("the check finds what it looks for", () => {
    const probe = ["see ", "DESIGN", ".md and ../", "shared/x, issue ", "3"].join("");
    expect(FORBIDDEN.filter(([, p]) => p.test(probe)).length).toBe(3);
  });
});

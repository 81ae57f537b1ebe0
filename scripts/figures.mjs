#!/usr/bin/env node
/**
 * The README gallery: for each built-in generator (names from `renp list`), a run with a few toys
 * in outputs/figures/<name>/ and its spectrum plot (log-y, first toy as data) as
 * docs/figures/<name>.svg; plus the reference scenario against its Dirac twin (same scenario,
 * neutrino.nature = "dirac") as docs/figures/dirac-vs-majorana.svg. Run after `npm run build`
 * (`npm run figures` does both). Each SVG is kept under 200 kB.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = [join(root, "dist/src/cli/bin.js"), join(root, "dist/src/cli/main.js")].find(
  existsSync,
);
if (!bin) {
  process.stderr.write("figures: no built CLI in dist/; run `npm run build` first\n");
  process.exit(1);
}
const renp = (...args) =>
  execFileSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

const runs = join(root, "outputs", "figures");
const gallery = join(root, "docs", "figures");
mkdirSync(runs, { recursive: true });
mkdirSync(gallery, { recursive: true });
const MAX_BYTES = 200_000;
const TOYS = "20";
const written = [];

function check(path) {
  const size = statSync(path).size;
  if (size > MAX_BYTES)
    throw new Error(`${path} is ${size} bytes, over the gallery's ${MAX_BYTES}`);
  written.push(`${path.slice(root.length + 1)} (${(size / 1024).toFixed(0)} kB)`);
}

const names = renp("list")
  .split("\n")
  .map((line) => line.split(/\s+/)[0])
  .filter(Boolean);

for (const name of names) {
  const dir = join(runs, name);
  renp("generate", name, "--toys", TOYS, "--out", dir, "--force");
  const svg = join(gallery, `${name}.svg`);
  renp("plot", dir, "--log-y", "--toy", "0", "--out", svg, "--force");
  check(svg);
}

// Dirac vs Majorana: the reference scenario and its twin with Dirac neutrinos.
const reference = "yb-majorana-normal";
if (names.includes(reference)) {
  const scenario = JSON.parse(renp("validate", reference));
  const twin = {
    ...scenario,
    name: "yb-dirac-normal",
    neutrino: { ...scenario.neutrino, nature: "dirac" },
  };
  delete twin.description;
  const twinPath = join(runs, "yb-dirac-normal.scenario.json");
  writeFileSync(twinPath, `${JSON.stringify(twin, null, 2)}\n`);
  const svg = join(gallery, "dirac-vs-majorana.svg");
  renp(
    "plot",
    join(runs, reference),
    "--compare",
    twinPath,
    "--labels",
    "Majorana,Dirac",
    "--log-y",
    "--no-toy",
    "--out",
    svg,
    "--force",
  );
  check(svg);
  const png = join(runs, "dirac-vs-majorana.png");
  renp(
    "plot",
    join(runs, reference),
    "--compare",
    twinPath,
    "--labels",
    "Majorana,Dirac",
    "--log-y",
    "--no-toy",
    "--out",
    png,
    "--force",
  );
}

process.stderr.write(`figures: wrote\n  ${written.join("\n  ")}\n`);

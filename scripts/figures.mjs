#!/usr/bin/env node
// @ts-check
/**
 * The README gallery: for each built-in generator (names from `renp list`), a run with a few toys
 * in outputs/figures/<name>/ and its spectrum plot (log-y, first toy as data) as
 * docs/figures/<name>.svg; plus the reference scenario against its Dirac twin (same scenario,
 * neutrino.nature = "dirac") as docs/figures/dirac-vs-majorana.svg and against its isotropic twin
 * (experiment.spinProjection = "isotropic", the literature form) as docs/figures/isotropic-vs-transverse.svg. Run after `npm run build`
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

/**
 * The reference scenario against a twin that differs in one choice, as docs/figures/<file>.svg
 * (and a PNG copy in outputs/figures/ for a look).
 */
function compareTwin(reference, twinName, labels, change, file) {
  const scenario = JSON.parse(renp("validate", reference));
  const twin = { ...change(scenario), name: twinName };
  delete twin.description;
  const twinPath = join(runs, `${twinName}.scenario.json`);
  writeFileSync(twinPath, `${JSON.stringify(twin, null, 2)}\n`);
  for (const out of [join(gallery, `${file}.svg`), join(runs, `${file}.png`)]) {
    renp(
      "plot",
      join(runs, reference),
      "--compare",
      twinPath,
      "--labels",
      labels,
      "--log-y",
      "--no-toy",
      "--out",
      out,
      "--force",
    );
  }
  check(join(gallery, `${file}.svg`));
}

const reference = "yb-majorana-normal";
if (names.includes(reference)) {
  // Dirac vs Majorana: the twin with Dirac neutrinos.
  compareTwin(
    reference,
    "yb-dirac-normal",
    "Majorana,Dirac",
    (s) => ({ ...s, neutrino: { ...s.neutrino, nature: "dirac" } }),
    "dirac-vs-majorana",
  );
  // The atomic projection (docs/physics/standard-model.md section 2.4): the reference is the
  // physical (transverse) one; its twin the literature's isotropic form.
  compareTwin(
    reference,
    "yb-majorana-normal-isotropic",
    "transverse,isotropic",
    (s) => ({ ...s, experiment: { ...s.experiment, spinProjection: "isotropic" } }),
    "isotropic-vs-transverse",
  );
}

process.stderr.write(`figures: wrote\n  ${written.join("\n  ")}\n`);

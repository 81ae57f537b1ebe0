#!/usr/bin/env node
// @ts-check
/**
 * E1 x M1 against E1 x E1 on equal exposure (docs/physics/e1e1.md section 6): the charge-radius and
 * anapole reach of the Yb reference experiment (Dirac neutrinos) with Yb's own E1 x M1 levels and
 * with the illustrative E1 x E1 scheme of generators/e1e1-illustrative.json (the same level energies
 * and experiment), in both atomic projections. Writes the table into docs/physics/e1e1.md between
 * the markers E1E1_TABLE_BEGIN / E1E1_TABLE_END, and docs/figures/e1e1-vs-e1m1.svg (Asimov chi2
 * against the size of the form factor). Run after `npm run build`:
 *   node scripts/e1e1-comparison.mjs [--png DIR]      (PNG copies for a look, not committed)
 * Deterministic: no random numbers, no timestamps.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { computeExpectation, loadScenario, poissonDeviance } from "renp";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { renderFigure } = await import("./vega-render.mjs");
const pngDir = process.argv.includes("--png")
  ? process.argv[process.argv.indexOf("--png") + 1]
  : undefined;

const e1e1 = loadScenario("e1e1-illustrative");
const { transition: _t, dipoleEpBohr: _d, ...levels } = e1e1.target;
const e1m1 = { ...e1e1, name: "e1m1", target: { ...levels, name: "Yb-levels" } };
const diag = (x) => [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? x : 0)));
/** Transition moments mu_ij = i x (i < j), hermitian and antisymmetric: valid for either nature. */
const transitions = (x) =>
  [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 0 : { re: 0, im: i < j ? x : -x })));
const matrixFor = (field, x) => (field === "magneticMomentMuB" ? transitions(x) : diag(x));
const counts = (s, bsm, projection) =>
  computeExpectation({ ...s, bsm, experiment: { ...s.experiment, spinProjection: projection } })
    .muSignal;
const sum = (a) => a.reduce((x, y) => x + y, 0);

/**
 * The |value| of the form factor (cm^2, or mu_B for the magnetic moment) giving Asimov chi2 = 1 (the Poisson deviance: with
 * ~1e-5 expected SM counts the Pearson sum would call a fraction of an event significant), by
 * bisection in log.
 */
const chi2Of = (s, field, x, projection, mu0) =>
  // The Poisson deviance of the SM Asimov data mu0 under the model with the form factor.
  poissonDeviance(
    mu0,
    counts(s, { electromagnetic: { [field]: matrixFor(field, x) } }, projection),
  );

function reach(s, field, sign, projection, mu0) {
  const chi2 = (x) => chi2Of(s, field, sign * x, projection, mu0);
  let [lo, hi] = field === "magneticMomentMuB" ? [1e-30, 1e-6] : [1e-40, 1e-15];
  if (!(chi2(hi) > 1)) return Infinity;
  for (let k = 0; k < 80; k++) {
    const mid = Math.sqrt(lo * hi);
    if (chi2(mid) > 1) hi = mid;
    else lo = mid;
    if (hi / lo < 1 + 1e-4) break;
  }
  return Math.sqrt(lo * hi);
}

const e = (x, d = 2) => (Number.isFinite(x) ? x.toExponential(d).replace("e+", "e") : "none");
const rows = [];
for (const projection of ["isotropic", "transverse"]) {
  for (const [label, s] of [
    ["E1 x M1", e1m1],
    ["E1 x E1", e1e1],
  ]) {
    const mu0 = counts(s, {}, projection);
    // The change at 1e-32 cm^2. E1 x M1's is ~1e-15, below the rounding of the counts: take it at
    // 1e-27 cm^2 and scale by (1e-32/1e-27)^2 (the term is quadratic, docs/physics/electromagnetic.md).
    const at = label === "E1 x M1" ? 1e-27 : 1e-32;
    const rel = (field) =>
      (sum(counts(s, { electromagnetic: { [field]: diag(at) } }, projection)) / sum(mu0) - 1) *
      (1e-32 / at) ** 2;
    const best = (field) =>
      Math.min(reach(s, field, 1, projection, mu0), reach(s, field, -1, projection, mu0));
    rows.push(
      `| ${label} | ${projection} | ${e(sum(mu0))} | ${e(rel("chargeRadiusCm2"))} | ${e(best("chargeRadiusCm2"))} | ${e(rel("anapoleCm2"))} | ${e(best("anapoleCm2"))} | ${e(best("magneticMomentMuB"))} |`,
    );
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
}
const table = [
  "| transition | projection | SM counts (66 days) | change at <r^2> = 1e-32 cm^2 | 1-sigma <r^2> (cm^2) | change at a = 1e-32 cm^2 | 1-sigma a (cm^2) | 1-sigma mu_ij (mu_B) |",
  "|---|---|---|---|---|---|---|---|",
  ...rows,
].join("\n");
const doc = join(ROOT, "docs", "physics", "e1e1.md");
const text = readFileSync(doc, "utf8");
const begin = "<!-- E1E1_TABLE_BEGIN (scripts/e1e1-comparison.mjs) -->";
const end = "<!-- E1E1_TABLE_END -->";
const [head, rest] = text.split(begin);
if (rest === undefined || !rest.includes(end)) throw new Error(`markers missing in ${doc}`);
writeFileSync(doc, `${head}${begin}\n${table}\n${end}${rest.split(end)[1]}`);
process.stderr.write(`e1e1-comparison: wrote the table into ${doc}\n`);

// The figure: Asimov chi2 (Poisson deviance) against |<r^2>| and |a| (positive values), isotropic.
const curves = [];
for (const [label, s] of [
  ["E1 x M1", e1m1],
  ["E1 x E1", e1e1],
]) {
  const mu0 = counts(s, {}, "isotropic");
  for (const [field, name] of [
    ["chargeRadiusCm2", "<r^2>"],
    ["anapoleCm2", "a"],
  ]) {
    for (let k = 0; k <= 40; k++) {
      const x = 10 ** (-34 + (k * 12) / 40);
      curves.push({ x, chi2: chi2Of(s, field, x, "isotropic", mu0), curve: `${label}, ${name}` });
    }
  }
}
const figure = await renderFigure(
  ROOT,
  "e1e1-vs-e1m1",
  {
    title: {
      text: "Charge radius and anapole: E1 x M1 (Yb levels) vs illustrative E1 x E1, equal exposure",
      subtitle:
        "Asimov chi2 (Poisson deviance) of the Yb reference experiment, Dirac, NO; diagonal form factors; isotropic projection",
      fontSize: 13,
      subtitleFontSize: 10,
    },
    width: 560,
    height: 340,
    layer: [
      {
        data: { values: curves.filter((c) => c.chi2 > 1e-12 && c.chi2 < 1e8) },
        mark: { type: "line", strokeWidth: 1.8 },
        encoding: {
          x: {
            field: "x",
            type: "quantitative",
            scale: { type: "log" },
            axis: { title: "|<r^2>| or |a| (cm^2)", format: "~e", tickCount: 8 },
          },
          y: {
            field: "chi2",
            type: "quantitative",
            scale: { type: "log" },
            axis: { title: "Asimov chi2", format: "~e" },
          },
          color: { field: "curve", type: "nominal", title: null },
          strokeDash: { field: "curve", type: "nominal", title: null },
        },
      },
      {
        data: { values: [{ y: 1 }] },
        mark: { type: "rule", color: "#888", strokeDash: [4, 3] },
        encoding: { y: { field: "y", type: "quantitative" } },
      },
    ],
  },
  pngDir,
);
process.stderr.write(`e1e1-comparison: wrote ${figure}\n`);

#!/usr/bin/env node
// @ts-check
/**
 * Expected BSM limits of the Yb reference scenario (docs/physics/sensitivity.md): calls
 * expectedLimits of src/inference/sensitivity.ts - the code behind `renp sensitivity --test bsm:...`
 * (built: `npm run build` first) - and writes
 *   docs/physics/sensitivity.md   the tables, between the markers TABLES_BEGIN / TABLES_END (the prose
 *                                 around them is hand-written and kept)
 *   docs/figures/bsm-*.svg        the figures
 * Usage: node scripts/sensitivity.mjs [--png DIR]   (PNG copies for a look, not committed)
 * Deterministic: no random numbers, no timestamps.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as S from "renp";
import { computeExpectation, fitModel, loadScenario, poissonDeviance, thresholdEv } from "renp";
import { renderFigure } from "./vega-render.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Expected total counts of the reference scenario with `bsm` in place of its own. */
const countsWith = (bsm) => computeExpectation({ ...ref, bsm }).muTotal;
/** Expected 90 % and 95 % CL limits (Asimov, Poisson deviance, nothing floated). */
const limits = (scenario, family, relTol = 1e-4) => S.expectedLimits(scenario, family, { relTol });

const pngDir = process.argv.includes("--png")
  ? process.argv[process.argv.indexOf("--png") + 1]
  : undefined;
// The literature's isotropic projection, to compare with Ge & Pasquini (docs/physics/sensitivity.md);
// docs/statistics.md gives the transverse (default) reach beside it, where the scalar has no effect.
const transverseRef = loadScenario("yb-majorana-normal");
/** @type {import("renp").ResolvedScenario} */
const ref = {
  ...transverseRef,
  experiment: { ...transverseRef.experiment, spinProjection: /** @type {const} */ ("isotropic") },
};
const mu0 = countsWith({});
const N0 = mu0.reduce((a, b) => a + b, 0);
const sm = computeExpectation(ref);
const masses = sm.physics.massesEv;
const thresholds = sm.physics.spectrum.thresholdsEv;
const eeg = ref.target.eegEv;
// The reference scenario's scan is a range (omegaMinEv..omegaMaxEv), not a list of points.
const scan = /** @type {{ omegaMinEv: number; omegaMaxEv: number }} */ (ref.experiment.scan);
const qMaxEv = Math.sqrt(eeg * (eeg - 2 * scan.omegaMinEv));

const e = (x, d = 2) => (Number.isFinite(x) ? x.toExponential(d).replace("e+", "e") : String(x));
const f = (x, d = 1) => x.toFixed(d);
const log = (...a) => process.stderr.write(a.join(" ") + "\n");

// ------------------------------------------------------------------ mediators vs mass
/** The pole is reachable inside the scan when 2 m_lightest < M < sqrt(q^2_max). */
const probe = fitModel(ref);
const poleInside = (m) => S.poleInside(probe, m);
const WIDTH_OVER_M = S.POLE_WIDTH_OVER_MASS;
const grid = S.logGrid(1e-3, 1e4, 15);
/** @type {import("renp").FamilyKind[]} */
const mediatorKinds = ["vector", "scalarS", "scalarP"];
const mediatorRows = [];
for (const kind of mediatorKinds) {
  for (const m of grid) {
    const r = limits(ref, S.familyOf(kind, m, probe));
    mediatorRows.push({
      kind,
      m,
      pole: poleInside(m),
      plus: r.plus90,
      minus: r.minus90,
      best: r.limit90,
      limit95: r.limit95,
    });
    log(kind, e(m), e(r.plus90), e(r.minus90), e(r.limit95));
  }
}
// Pole-region width dependence.
const widthRows = [];
for (const kind of ["vector", "scalarS"]) {
  for (const m of grid.filter(poleInside)) {
    for (const w of [1e-4, 1e-3, 1e-2, 1e-1]) {
      widthRows.push({
        kind,
        m,
        w,
        c: limits(ref, { kind, massEv: m, widthEv: w * m }).limit90,
      });
    }
  }
}

// ------------------------------------------------------------------ EM, non-unitarity
const pairLabel = (p) => `${p[0] + 1}${p[1] + 1}`;
const emRows = [];
for (const kind of ["magnetic", "electric"]) {
  for (const pairs of [undefined, [[0, 1]], [[0, 2]], [[1, 2]]]) {
    const r = limits(ref, pairs ? { kind, pairs } : { kind });
    emRows.push({
      kind,
      which: pairs
        ? `only ${kind === "magnetic" ? "mu" : "eps"}_${pairLabel(pairs[0])}`
        : "all three equal",
      c: r.limit90,
    });
  }
}
const flavour = ["e", "mu", "tau"];
const nuRows = [];
for (const [i, j] of [
  [0, 0],
  [1, 1],
  [2, 2],
  [1, 0],
  [2, 0],
  [2, 1],
]) {
  const r = limits(ref, { kind: "nonUnitarity", i, j });
  nuRows.push({ name: `alpha_${flavour[i]}${flavour[j]}`, plus: r.plus90, minus: r.minus90 });
}

// ------------------------------------------------------------------ scaling with exposure and n
function scaled(s, { exposure = 1, density = 1 }) {
  const sc = s.experiment.scan;
  return {
    ...s,
    experiment: {
      ...s.experiment,
      numberDensityPerCm3: s.experiment.numberDensityPerCm3 * density,
      scan: { ...sc, exposurePerBinS: sc.exposurePerBinS * exposure },
    },
  };
}
const scalingFamilies = [
  ["vector, M = 1e-3 eV", { kind: "vector", massEv: 1e-3 }],
  ["vector, M = 1e4 eV", { kind: "vector", massEv: 1e4 }],
  ["scalar y_S, M = 1e4 eV", { kind: "scalarS", massEv: 1e4 }],
  ["scalar y_P, M = 1e4 eV", { kind: "scalarP", massEv: 1e4 }],
  ["magnetic (all three)", { kind: "magnetic" }],
];
const scalingRows = scalingFamilies.map(([label, fam]) => {
  const one = limits(ref, fam, 1e-6);
  const base = one.limit90;
  const x10 = limits(scaled(ref, { exposure: 10 }), fam, 1e-6).limit90;
  const n2 = limits(scaled(ref, { density: 2 }), fam, 1e-6).limit90;
  const crit = one.limit95;
  return { label, base, x10: x10 / base, n2: n2 / base, crit: crit / base };
});

// ------------------------------------------------------------------ generators
const genRows = [];
const genSeries = [];
for (const name of [
  "bsm-vector-mediator",
  "bsm-scalar-mediator",
  "bsm-magnetic-moment",
  "bsm-electric-dipole",
  "bsm-non-unitarity",
]) {
  const s = loadScenario(name);
  const mu = computeExpectation(s).muTotal;
  const r = Array.from(mu, (m, k) => (mu0[k] > 0 ? (m - mu0[k]) / mu0[k] : 0));
  const open = r.filter((_, k) => mu0[k] > 0);
  const bulk = r.filter((_, k) => mu0[k] > 0.1 * Math.max(...mu0));
  genRows.push({
    name,
    min: Math.min(...open),
    max: Math.max(...open),
    bulkMin: Math.min(...bulk),
    bulkMax: Math.max(...bulk),
    total: mu.reduce((a, b) => a + b, 0) / N0 - 1,
    chi2: poissonDeviance(mu0, mu),
  });
  genSeries.push(
    ...steps(
      r.map((v) => Math.max(-100, Math.min(100 * v, 200))),
      { generator: name },
    ),
  );
}

// ------------------------------------------------------------------ tables
const PAPER = { vector: { light: 1e-26, heavy: 1e-15 }, scalar: { light: 1e-19, heavy: 1e-9 } };
const rowsOf = (kind) => mediatorRows.filter((r) => r.kind === kind);
const BEGIN = "<!-- TABLES_BEGIN: generated by scripts/sensitivity.mjs, do not edit by hand -->";
const END = "<!-- TABLES_END -->";
let md = "";
md += `Reference scenario yb-majorana-normal: ${N0.toFixed(1)} expected SM events in ${mu0.length} bins (${mu0.filter((m) => m === 0).length} bins with mu_sm = 0); masses ${masses.map((m) => f(1e3 * m, 2)).join(", ")} meV; thresholds ${thresholds.map((t) => t.toFixed(6)).join(", ")} eV; sqrt(q^2) in the scan up to ${f(qMaxEv, 4)} eV (the scan ends above E_eg/2, where q^2 = 0).\n\n`;

md += `### Table 1. Mediators: expected 90 % CL upper limit on the coupling product vs mediator mass\n\n`;
md += `c = g^e g^nu_L (vector, g^nu_L = c 1 flavour-universal), y^e y_S or y^e y_P (scalar, universal); per sign of c the smallest |c| with Delta chi2 = 2.71; "limit" is the larger of the two signs (excluded whatever the sign), "95 %" the same at Delta chi2 = 3.84. Rows marked * have the pole inside the scanned spectrum (2 m_1 < M < sqrt(q^2_max)) and use Gamma = ${WIDTH_OVER_M} M (width dependence: Table 2).\n\n`;
md += `| M (eV) | vector c>0 | vector c<0 | vector limit | vector 95 % | scalar y_S limit | scalar y_S 95 % | scalar y_P c>0 | scalar y_P c<0 |\n|---|---|---|---|---|---|---|---|---|\n`;
for (let k = 0; k < grid.length; k++) {
  const v = rowsOf("vector")[k];
  const sS = rowsOf("scalarS")[k];
  const sP = rowsOf("scalarP")[k];
  md += `| ${e(grid[k])}${v.pole ? " *" : ""} | ${e(v.plus)} | ${e(v.minus)} | ${e(v.best)} | ${e(v.limit95)} | ${e(sS.best)} | ${e(sS.limit95)} | ${e(sP.plus)} | ${e(sP.minus)} |\n`;
}
const vL = rowsOf("vector")[0].best;
const vH = rowsOf("vector")[grid.length - 1].best;
const sL = rowsOf("scalarS")[0].best;
const sH = rowsOf("scalarS")[grid.length - 1].best;
md += `\n**Against the paper's abstract** (Ge & Pasquini, Eur. Phys. J. C 82 (2022) 208, arXiv:2110.03510): the reach quoted for M from 1e-3 to 1e4 eV (vector |g^e g^nu| 1e-15 ... 1e-26, scalar |y^e y^nu| 1e-9 ... 1e-19), beside the expected 90 % CL limits of the scalar y_S family; ratio = paper / this work:\n\n`;
md += `| model | this work, M = 1e-3 eV | paper, light end | ratio | this work, M = 1e4 eV | paper, heavy end | ratio |\n|---|---|---|---|---|---|---|\n`;
md += `| vector | ${e(vL)} | 1e-26 | ${f(PAPER.vector.light / vL)} | ${e(vH)} | 1e-15 | ${f(PAPER.vector.heavy / vH)} |\n`;
md += `| scalar | ${e(sL)} | 1e-19 | ${f(PAPER.scalar.light / sL)} | ${e(sH)} | 1e-9 | ${f(PAPER.scalar.heavy / sH)} |\n\n`;

md += `### Table 2. Pole region: dependence on the width\n\n| model | M (eV) | Gamma/M = 1e-4 | 1e-3 | 1e-2 | 1e-1 |\n|---|---|---|---|---|---|\n`;
for (const kind of ["vector", "scalarS"]) {
  for (const m of grid.filter(poleInside)) {
    const rs = widthRows.filter((r) => r.kind === kind && r.m === m);
    md += `| ${kind === "vector" ? "vector" : "scalar y_S"} | ${e(m)} | ${rs.map((r) => e(r.c)).join(" | ")} |\n`;
  }
}

md += `\n### Table 3. Electromagnetic moments (Majorana transition moments, mu_ij = i x = -mu_ji), expected 90 % CL limit\n\n| moment | pattern | 90 % CL |x| (mu_B) |\n|---|---|---|\n`;
for (const r of emRows)
  md += `| ${r.kind === "magnetic" ? "magnetic mu" : "electric eps"} | ${r.which} | ${e(r.c)} |\n`;

md += `\n### Table 4. Non-unitarity, one alpha element at a time, expected 90 % CL limit\n\n| element | alpha > 0 | alpha < 0 |\n|---|---|---|\n`;
for (const r of nuRows) md += `| ${r.name} | ${e(r.plus)} | ${e(r.minus)} |\n`;

md += `\n### Table 5. Scaling of the 90 % CL limit (ratio to Table 1/3)\n\n| family | 90 % CL c | exposure x10 | n x2 (rate x8) | 95 % CL (Delta chi2 = 3.84) |\n|---|---|---|---|---|\n`;
for (const r of scalingRows)
  md += `| ${r.label} | ${e(r.base)} | ${f(r.x10, 3)} | ${f(r.n2, 3)} | ${f(r.crit, 3)} |\n`;
md += `\nPure interference (Delta chi2 ~ c^2 N): ratios 10^-1/2 = 0.316, 8^-1/2 = 0.354, (3.84/2.71)^1/2 = 1.191. Pure squared term (Delta chi2 ~ c^4 N): 10^-1/4 = 0.562, 8^-1/4 = 0.595, (3.84/2.71)^1/4 = 1.091.\n`;

md += `\n### Table 6. The built-in bsm generators against the SM (same scenario, bsm: {})\n\n| generator | change, bins with mu_sm > 10 % of max | change, all open bins | total counts | Asimov Delta chi2 (SM data) |\n|---|---|---|---|---|\n`;
const pc = (x) => `${x >= 0 ? "+" : ""}${f(100 * x, 0)} %`;
for (const r of genRows)
  md += `| ${r.name} | ${pc(r.bulkMin)} to ${pc(r.bulkMax)} | ${pc(r.min)} to ${pc(r.max)} | ${pc(r.total)} | ${f(r.chi2, 1)} |\n`;

const docPath = join(ROOT, "docs", "physics", "sensitivity.md");
const doc = existsSync(docPath)
  ? readFileSync(docPath, "utf8")
  : `# Sensitivity sketch\n\n${BEGIN}\n${END}\n`;
if (!doc.includes(BEGIN) || !doc.includes(END))
  throw new Error(`${docPath} lacks the table markers`);
writeFileSync(
  docPath,
  doc.slice(0, doc.indexOf(BEGIN) + BEGIN.length) + "\n" + md + doc.slice(doc.indexOf(END)),
);

// ------------------------------------------------------------------ figures
/** The gallery's renderer (scripts/vega-render.mjs), logging what it wrote. */
async function render(name, spec) {
  const path = await renderFigure(ROOT, name, spec, pngDir);
  log("wrote", path);
}

// 1. Mediator reach vs mass.
const label = {
  vector: "vector Z' (g^e g^nu_L)",
  scalarS: "scalar phi (y^e y_S)",
  scalarP: "scalar phi (y^e y_P)",
};
const reach = mediatorRows.map((r) => ({
  model: label[r.kind],
  M: r.m,
  c: r.best,
  pole: r.pole ? "pole in spectrum (Gamma = 1e-3 M)" : "no pole",
}));
const paperPts = [
  { model: "vector Z' (g^e g^nu_L)", M: 1e-3, c: 1e-26 },
  { model: "vector Z' (g^e g^nu_L)", M: 1e4, c: 1e-15 },
  { model: "scalar phi (y^e y_S)", M: 1e-3, c: 1e-19 },
  { model: "scalar phi (y^e y_S)", M: 1e4, c: 1e-9 },
];
const colors = { domain: Object.values(label), range: ["#1f77b4", "#d62728", "#ff7f0e"] };
await render("bsm-mediator-sensitivity", {
  title: {
    text: "Yb reference scenario: expected 90% CL limit on the coupling product vs mediator mass",
    subtitle:
      "lines: this work (Asimov, Poisson deviance, Delta chi2 = 2.71, both signs); open diamonds: Ge & Pasquini abstract (ends of the quoted range)",
    fontSize: 13,
    subtitleFontSize: 10,
  },
  width: 560,
  height: 360,
  layer: [
    {
      data: { values: [{ lo: 2 * Math.min(...masses), hi: qMaxEv }] },
      mark: { type: "rect", color: "#eeeeee" },
      encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } },
    },
    {
      data: {
        values: [
          {
            x: Math.sqrt(2 * Math.min(...masses) * qMaxEv),
            t: "pole in spectrum (Gamma = 1e-3 M)",
          },
        ],
      },
      mark: { type: "text", y: 12, fontSize: 10, color: "#555" },
      encoding: { x: { field: "x", type: "quantitative" }, text: { field: "t" } },
    },
    {
      data: { values: reach },
      mark: { type: "line", point: { filled: true, size: 25 }, strokeWidth: 1.8 },
      encoding: {
        x: {
          field: "M",
          type: "quantitative",
          scale: { type: "log", domain: [1e-3, 1e4] },
          axis: { title: "mediator mass M (eV)", format: "~e", tickCount: 8 },
        },
        y: {
          field: "c",
          type: "quantitative",
          scale: { type: "log" },
          axis: { title: "90% CL limit on |coupling product|", format: "~e" },
        },
        color: {
          field: "model",
          type: "nominal",
          scale: colors,
          legend: { title: null, orient: "bottom-right", labelLimit: 400 },
        },
      },
    },
    {
      data: { values: paperPts },
      mark: { type: "point", shape: "diamond", size: 120, strokeWidth: 2, filled: false },
      encoding: {
        x: { field: "M", type: "quantitative" },
        y: { field: "c", type: "quantitative" },
        color: { field: "model", type: "nominal", scale: colors },
      },
    },
  ],
});

// 2. Magnetic vs electric: relative change per bin.
const x = 4e-11;
const T3 = (v) => [
  [0, { re: 0, im: v }, { re: 0, im: v }],
  [{ re: 0, im: -v }, 0, { re: 0, im: v }],
  [{ re: 0, im: -v }, { re: 0, im: -v }, 0],
];
const muMag = countsWith({ electromagnetic: { magneticMomentMuB: T3(x) } });
const muEl = countsWith({ electromagnetic: { electricDipoleMuB: T3(x) } });
/** Step series on bin edges: value k from lo_k to hi_k (one point per lo edge plus the last hi edge). */
function steps(values, extra) {
  const out = [];
  for (let k = 0; k < values.length; k++)
    out.push({ omega: sm.scan.loEv[k], change: values[k], ...extra });
  out.push({ omega: sm.scan.hiEv[values.length - 1], change: values[values.length - 1], ...extra });
  return out;
}
const rel = (mu) => Array.from(mu, (m, k) => (mu0[k] > 0 ? (100 * (m - mu0[k])) / mu0[k] : 0));
const emSeries = [
  ...steps(rel(muMag), { moment: "magnetic mu_ij" }),
  ...steps(rel(muEl), { moment: "electric eps_ij" }),
];
/** @type {{ omega: number; name: string; transition: boolean; row?: number }[]} */
const thr = [];
for (let i = 0; i < 3; i++) {
  for (let j = i; j < 3; j++)
    thr.push({
      omega: thresholdEv(eeg, masses[i], masses[j]),
      name: `${i + 1}${j + 1}`,
      transition: i !== j,
    });
}
// Stagger the labels of thresholds closer than ~6 % of the axis.
thr.sort((a, b) => a.omega - b.omega);
thr.forEach(
  (t, k) =>
    (t.row =
      k > 0 && t.omega - thr[k - 1].omega < 0.06 * (scan.omegaMaxEv - scan.omegaMinEv)
        ? ((thr[k - 1].row ?? 0) + 1) % 3
        : 0),
);
const xScale = { domain: [scan.omegaMinEv, scan.omegaMaxEv], nice: false, zero: false };
const thresholdLayers = (transition, color) => [
  {
    data: { values: thr.filter((t) => t.transition === transition) },
    mark: { type: "rule", strokeDash: [4, 3], color },
    encoding: { x: { field: "omega", type: "quantitative", scale: xScale } },
  },
  {
    data: {
      values: thr
        .filter((t) => t.transition === transition)
        .map((t) => ({ ...t, y: -6 - 11 * (t.row ?? 0) })),
    },
    mark: { type: "text", fontSize: 10, color, baseline: "bottom" },
    encoding: {
      x: { field: "omega", type: "quantitative", scale: xScale },
      y: { field: "y", type: "quantitative", scale: null },
      text: { field: "name" },
    },
  },
];
await render("bsm-magnetic-vs-electric", {
  title: {
    text: "Magnetic vs electric transition moments of equal size (4e-11 mu_B each, Majorana)",
    subtitle:
      "(mu_bsm - mu_sm)/mu_sm per bin, Yb reference scenario; dashed: pair thresholds omega_ij (red: transition pairs ij, grey: ii)",
    fontSize: 13,
    subtitleFontSize: 10,
    offset: 30,
  },
  width: 620,
  height: 330,
  layer: [
    ...thresholdLayers(true, "#d62728"),
    ...thresholdLayers(false, "#888888"),
    {
      data: { values: emSeries },
      mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
      encoding: {
        x: {
          field: "omega",
          type: "quantitative",
          scale: xScale,
          axis: { title: "photon energy omega (eV)", format: ".4f", tickCount: 7 },
        },
        y: {
          field: "change",
          type: "quantitative",
          axis: { title: "change of expected counts (%)" },
        },
        color: {
          field: "moment",
          type: "nominal",
          scale: { domain: ["magnetic mu_ij", "electric eps_ij"], range: ["#1f77b4", "#2ca02c"] },
          legend: { title: null, orient: "top-left" },
        },
      },
    },
  ],
});

// 3. Generators vs SM.
await render("bsm-generators", {
  title: {
    text: "Built-in bsm generators: change of the expected counts vs the SM",
    subtitle:
      "(mu_bsm - mu_sm)/mu_sm per bin, clipped at +200 % (the vector mediator reaches x15 and x90 in the last two open bins, Table 6); Yb reference scenario",
    fontSize: 13,
    subtitleFontSize: 10,
  },
  width: 600,
  height: 330,
  data: { values: genSeries },
  mark: { type: "line", interpolate: "step-after", strokeWidth: 1.8 },
  encoding: {
    x: {
      field: "omega",
      type: "quantitative",
      scale: xScale,
      axis: { title: "photon energy omega (eV)", format: ".4f", tickCount: 7 },
    },
    y: { field: "change", type: "quantitative", axis: { title: "(mu_bsm - mu_sm)/mu_sm (%)" } },
    color: {
      field: "generator",
      type: "nominal",
      legend: { title: null, orient: "top-left", columns: 2, labelLimit: 400 },
    },
  },
});
log("done");

/**
 * The report's sections as HTML: the run (scenario, provenance), the expected spectrum (totals
 * per component, thresholds), the toys against the expectation, the fits (status, pulls, q)
 * and the sensitivity results. Every value shown comes from the folder's files.
 */
import { basename } from "node:path";
import { chiSquareSf } from "../numerics/stats.js";
import { seriesFromExpected } from "../plot/data.js";
import { sig } from "../plot/style.js";
import type { RunContents } from "./collect.js";
import type { Figure, FitsView } from "./figures.js";
import { escapeHtml as e, type Section } from "./html.js";

type Cell = string | number | null | undefined;

// Integers (seeds, toy and bin counts) are shown whole: a seed rounded to 4 digits reproduces nothing.
const fmt = (v: Cell, digits = 4): string =>
  typeof v === "number"
    ? Number.isSafeInteger(v)
      ? String(v)
      : sig(v, digits)
    : v === null || v === undefined
      ? "–"
      : v;

/** A table; numbers right-aligned. */
export function table(head: readonly string[] | null, rows: readonly (readonly Cell[])[]): string {
  const th = head ? `<thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join("")}</tr></thead>` : "";
  const tr = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${typeof c === "number" ? ' class="num"' : ""}>${e(fmt(c))}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table>${th}<tbody>${tr}</tbody></table>`;
}

const figureMarker = (figures: readonly Figure[], section: string) =>
  figures
    .filter((f) => f.section === section)
    .map((f) => `<!--figure:${f.id}-->`)
    .join("");

const details = (summary: string, text: string) =>
  `<details><summary>${e(summary)}</summary><pre>${e(text)}</pre></details>`;

function runSection(run: RunContents): Section {
  const m = run.expected.metadata;
  // The fields every run file of one run shares (version, host, ...) from the first of them.
  const r = run.runFiles[0]?.json ?? {};
  const get = (k: string): Cell => {
    const v = r[k];
    return typeof v === "string" || typeof v === "number" ? v : undefined;
  };
  const files = run.toys?.files ?? [];
  const rows: Cell[][] = [
    ["scenario", m.scenario?.name],
    ["renp version (files)", m.version],
    [
      `renp version (${run.runFiles.map((f) => f.name).join(", ") || "no run.json"})`,
      get("renpVersion"),
    ],
    ["seed", m.seed],
    ["random stream", m.raw["renp.rng"]],
    ["bins", run.expected.muTotal.length],
    ["toys", run.toys ? run.toys.toys : "none in the folder"],
    [
      "toy files (shard, toys)",
      files.length
        ? files
            .map(
              (f) =>
                `${basename(f.path)} (${f.shard ?? "?"}, ${f.first}..${f.first + f.count - 1})`,
            )
            .join("; ")
        : "–",
    ],
    ["started", get("startedAt")],
    [
      "host, platform, Node",
      [get("host"), get("platform"), get("node")].filter(Boolean).join(", "),
    ],
    ["workers, seconds", [get("workers"), get("seconds")].map((v) => fmt(v)).join(", ")],
  ];
  return {
    id: "run",
    title: "Run",
    html:
      table(null, rows) +
      details("resolved scenario (renp.scenario)", JSON.stringify(m.scenario, null, 2)) +
      run.runFiles.map((f) => details(f.name, JSON.stringify(f.json, null, 2))).join(""),
  };
}

function spectrumSection(run: RunContents, figures: readonly Figure[]): Section {
  const s = seriesFromExpected(run.expected);
  const sum = (a: Float64Array) => a.reduce((t, v) => t + v, 0);
  const eeg = s.eegEv;
  return {
    id: "spectrum",
    title: "Expected spectrum",
    html:
      figureMarker(figures, "spectrum") +
      table(
        ["component", "expected counts (all bins)"],
        [...s.components.map((c) => [c.name, sum(c.mu)]), ["total", sum(s.total)]],
      ) +
      table(
        ["pair (ij)", "threshold ω_ij (eV)", "detuning E_eg/2 − ω_ij (meV)"],
        s.thresholds.map((t) => [t.label, sig(t.omegaEv, 10), (eeg / 2 - t.omegaEv) * 1e3]),
      ),
  };
}

function toysSection(run: RunContents, figures: readonly Figure[]): Section | undefined {
  const t = run.toys;
  if (!t) return undefined;
  const mu = run.expected.muTotal;
  let chi2 = 0;
  let ndf = 0;
  let dispersion = 0;
  let dispersionBins = 0;
  for (let k = 0; k < mu.length; k++) {
    if (mu[k] > 0) {
      chi2 += (t.mean[k] - mu[k]) ** 2 / (mu[k] / t.toys);
      ndf++;
    }
    if (t.mean[k] > 0 && Number.isFinite(t.variance[k])) {
      dispersion += t.variance[k] / t.mean[k];
      dispersionBins++;
    }
  }
  const meanTotal = t.mean.reduce((a, v) => a + v, 0);
  const expectedTotal = mu.reduce((a, v) => a + v, 0);
  return {
    id: "toys",
    title: "Toys against the expectation",
    html:
      table(null, [
        ["toys", t.toys],
        ["mean total count per toy", meanTotal],
        ["expected total (μ_total summed)", expectedTotal],
        [
          "χ² of the per-bin pulls / bins (p)",
          `${sig(chi2)} / ${ndf} (p = ${sig(chiSquareSf(chi2, ndf), 3)})`,
        ],
        [
          "mean variance / mean over bins (1 for Poisson counts without systematics)",
          dispersionBins ? dispersion / dispersionBins : undefined,
        ],
      ]) + figureMarker(figures, "toys"),
  };
}

function fitsSection(views: readonly FitsView[], figures: readonly Figure[]): Section | undefined {
  if (views.length === 0) return undefined;
  const parts = views.map((fits, i) => {
    const s = fits.summary;
    const status = Object.entries(s.statusCounts)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ");
    const pulls = table(
      ["parameter", "ok toys", "pull mean ± s.e.", "pull width ± s.e.", "truth"],
      Object.entries(s.parameters).map(([name, p]) => [
        name,
        p.toys,
        `${sig(p.mean)} ± ${sig(p.meanErr, 2)}`,
        `${sig(p.width)} ± ${sig(p.widthErr, 2)}`,
        p.truth === "nominal" ? "the scenario's value" : "nuisance.arrow",
      ]),
    );
    const q = Object.keys(s.q).length
      ? table(
          ["test", "ok toys", "median", "68% range", "95% range", "q < 0"],
          Object.entries(s.q).map(([test, v]) => [
            `q_${test}`,
            v.toys,
            v.median,
            `${sig(v.band68[0])} .. ${sig(v.band68[1])}`,
            `${sig(v.band95[0])} .. ${sig(v.band95[1])}`,
            `${sig(100 * v.fractionNegative, 2)}%`,
          ]),
        )
      : "";
    const warnings = s.warnings.map((w) => `<p class="warning">${e(w)}</p>`).join("");
    const own = figures.filter((f) => f.id.startsWith(`fits${i}-`));
    return (
      `<h3>${e(basename(fits.path))}</h3><p>${e(`${fits.toys} toys: ${status}; floated: ${fits.float.join(", ")}`)}</p>` +
      warnings +
      pulls +
      q +
      own.map((f) => `<!--figure:${f.id}-->`).join("")
    );
  });
  return { id: "fits", title: "Fits", html: parts.join("") };
}

function sensitivitySection(run: RunContents, figures: readonly Figure[]): Section | undefined {
  if (run.sensitivity.length === 0) return undefined;
  const parts = run.sensitivity.map((file, i) => {
    const discrete = file.lines.filter((l) => !l.test.startsWith("bsm:"));
    const bsm = file.lines.filter((l) => l.test.startsWith("bsm:"));
    const num = (v: unknown) => (typeof v === "number" ? v : undefined);
    const toys = (l: Record<string, unknown>) =>
      l.toys as
        | { n: number; median: number; band68: [number, number]; band95: [number, number] }
        | undefined;
    const discreteTable = discrete.length
      ? table(
          [
            "test",
            "scale",
            "days",
            "Δχ² (Asimov)",
            "Z = √Δχ²",
            "days at 3σ",
            "days at 5σ",
            "toys: median q",
            "68% band",
            "95% band",
          ],
          discrete.map((l) => {
            const t = toys(l);
            return [
              l.test,
              l.exposureScale,
              num(l.exposureDays),
              num(l.deltaChi2),
              num(l.z),
              num(l.days3Sigma),
              num(l.days5Sigma),
              t ? `${sig(t.median)} (${t.n} toys)` : undefined,
              t ? `${sig(t.band68[0])} .. ${sig(t.band68[1])}` : undefined,
              t ? `${sig(t.band95[0])} .. ${sig(t.band95[1])}` : undefined,
            ];
          }),
        )
      : "";
    const bsmTable = bsm.length
      ? table(
          ["test", "scale", "days", "M (eV)", "width (eV)", "90% CL", "95% CL", "resonance"],
          bsm.map((l) => [
            l.test,
            l.exposureScale,
            num(l.exposureDays),
            num(l.massEv),
            num(l.widthEv),
            num(l.limit90),
            num(l.limit95),
            l.resonance === true ? "yes: depends on the assumed width" : undefined,
          ]),
        )
      : "";
    const own = figures.filter((f) => f.id.startsWith(`sensitivity${i}-`));
    return (
      `<h3>${e(basename(file.path))}</h3>` +
      discreteTable +
      bsmTable +
      own.map((f) => `<!--figure:${f.id}-->`).join("")
    );
  });
  return { id: "sensitivity", title: "Sensitivity", html: parts.join("") };
}

/** The sections present in this run, in page order. */
export function reportSections(
  run: RunContents,
  fitsViews: readonly FitsView[],
  figures: readonly Figure[],
): Section[] {
  return [
    runSection(run),
    spectrumSection(run, figures),
    toysSection(run, figures),
    fitsSection(fitsViews, figures),
    sensitivitySection(run, figures),
  ].filter((s): s is Section => s !== undefined);
}

/**
 * The text and JSON forms of an inspect report (inspect.ts): what `renp inspect` prints.
 */
import type { FileKind } from "./io/read.js";
import type { InspectReport } from "./inspect.js";
import { plural } from "./text.js";

const g = (v: number, digits = 6) =>
  Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v);
const indent = (text: string, by = "    ") =>
  text
    .split("\n")
    .map((l) => by + l)
    .join("\n");

/** How `renp inspect` names each kind (toys add their layout); `--help` lists them all. */
export const KIND_TEXT: Record<FileKind, string> = {
  expected: "expectation table (expected.arrow)",
  toys: "toys, long or wide layout (toys.arrow, or a shard toys-K-of-N.arrow)",
  nuisance: "nuisance parameters, one row per toy (nuisance.arrow)",
  fits: "fits, one row per toy (renp fit)",
  other: "other Arrow file (no renp.file metadata renp recognises)",
};

/** The report as the lines `renp inspect` prints. */
export function formatInspect(r: InspectReport): string {
  const out: string[] = [];
  out.push(`file:     ${r.file} (${r.bytes} bytes)`);
  const toysLayout = r.schema.some((f) => f.name === "bin") ? "long" : "wide";
  out.push(`kind:     ${r.kind === "toys" ? `toys (${toysLayout} layout)` : KIND_TEXT[r.kind]}`);
  out.push(`rows:     ${r.rows} in ${r.batches} record batch${r.batches === 1 ? "" : "es"}`);
  out.push("schema:");
  const w = Math.max(...r.schema.map((f) => f.name.length));
  for (const f of r.schema)
    out.push(`  ${f.name.padEnd(w)}  ${f.type}${f.nullable ? " (nullable)" : ""}`);
  out.push("metadata:");
  const md = r.metadata;
  out.push(`  renp.version   ${md.version ?? "(missing)"}`);
  out.push(`  renp.seed      ${md.seed ?? "(missing)"}`);
  out.push(
    `  renp.toys      ${md.toys ? `first ${md.toys.first}, count ${md.toys.count}` : r.problems.some((p) => p.startsWith("renp.toys =")) ? "(malformed: see the warning below)" : "(missing)"}`,
  );
  out.push(`  renp.shard     ${md.shard ?? "(missing)"}`);
  for (const [k, v] of Object.entries(md.other)) out.push(`  ${k.padEnd(14)} ${v}`);
  out.push(`  renp.scenario${md.scenario ? ":" : "  (missing)"}`);
  if (md.scenario) out.push(indent(JSON.stringify(md.scenario, null, 2)));
  if (r.totals) {
    out.push(
      `totals over ${plural(r.bins ?? 0, "bin")} (omega ${r.omegaRangeEv?.map((v) => g(v, 8)).join(" .. ")} eV):`,
    );
    const tw = Math.max(...Object.keys(r.totals).map((k) => k.length));
    for (const [k, v] of Object.entries(r.totals)) out.push(`  ${k.padEnd(tw)}  ${g(v)}`);
  }
  if (r.nuisance) {
    out.push(`nuisance values over ${plural(r.rows, "toy")}:`);
    const nw = Math.max(...Object.keys(r.nuisance).map((k) => k.length));
    for (const [k, v] of Object.entries(r.nuisance))
      out.push(`  ${k.padEnd(nw)}  mean ${g(v.mean)}, sd ${g(v.sd)}`);
  }
  if (r.toys) {
    const t = r.toys;
    out.push(
      t.count === 0
        ? "toys:     0 (an empty file or shard: no toy in its range)"
        : `toys:     ${t.count} (toy ${t.first} .. ${t.last}), ${plural(t.bins, "bin")} per toy`,
    );
    out.push(
      `  sorted by toy then bin: ${t.sortedByToyThenBin ? "yes" : "NO"}; every toy has every bin: ${t.everyToyHasEveryBin ? "yes" : "NO"}`,
    );
    if (t.count > 0)
      for (const [k, v] of Object.entries(t.meanTotalPerToy))
        out.push(`  mean ${k} per toy (sum over bins): ${g(v)}`);
    const c = t.comparison;
    if (!t.expectedFile)
      out.push("  no expected.arrow beside this file: no comparison with the expectation");
    else if (t.count === 0) out.push(`  ${t.expectedFile} is beside it; no toys to compare`);
    else if (!c) out.push(`  ${t.expectedFile} has a different number of bins: no comparison`);
    else {
      out.push(`against ${t.expectedFile} (expected total ${g(c.expectedTotal)} per toy):`);
      out.push(
        `  ${"bin".padStart(5)}  ${"omega_ev".padEnd(12)}  ${"mean n_obs".padStart(12)}  ${"mu_total".padStart(12)}  ${"pull".padStart(7)}`,
      );
      for (const b of c.perBin) {
        out.push(
          `  ${String(b.bin).padStart(5)}  ${g(b.omegaEv, 10).padEnd(12)}  ${g(b.mean).padStart(12)}  ${g(b.expected).padStart(12)}  ${(Number.isFinite(b.pull) ? b.pull.toFixed(2) : "-").padStart(7)}`,
        );
      }
      out.push(
        `  chi2 = sum of pulls^2, pull = (mean - mu) / sqrt(mu / toys): ${g(c.chi2, 5)} for ${plural(c.ndf, "bin")} (p = ${g(c.pValue, 3)})`,
      );
      out.push(
        t.count < 2
          ? "  variance/mean: needs at least 2 toys"
          : `  mean variance/mean over bins: ${g(c.meanDispersion, 4)} (1 for Poisson counts without systematics)`,
      );
      if (c.impossibleBins.length)
        out.push(`  WARNING: counts in bins with mu = 0: ${c.impossibleBins.join(", ")}`);
    }
  }
  if (r.fits) {
    const f = r.fits;
    const counts = Object.entries(f.statusCounts).map(([k, v]) => `${v} ${k}`);
    out.push(`fits:     ${counts.join(", ")}`);
    out.push(
      "  pulls (fit - truth) / error over the ok toys, ± standard errors (0 and 1 for an unbiased fit with right errors):",
    );
    for (const [name, p] of Object.entries(f.parameters))
      out.push(
        `  ${name}: mean ${g(p.mean, 3)} ± ${g(p.meanErr, 2)}, width ${g(p.width, 3)} ± ${g(p.widthErr, 2)} over ${p.toys} toys (truth: ${p.truth === "nominal" ? "the scenario's value" : f.nuisanceFile})`,
      );
    for (const [test, q] of Object.entries(f.q))
      out.push(
        `  q_${test} over ${q.toys} ok toys: median ${g(q.median, 4)}, 68% ${g(q.band68[0], 4)} .. ${g(q.band68[1], 4)}, 95% ${g(q.band95[0], 4)} .. ${g(q.band95[1], 4)}, q < 0 in ${g(100 * q.fractionNegative, 3)}%`,
      );
    for (const w of f.warnings) out.push(`WARNING: ${w}`);
  }
  for (const problem of r.problems) out.push(`WARNING: ${problem}`);
  return `${out.join("\n")}\n`;
}

/** JSON with typed arrays as plain arrays and non-finite numbers as null. */
export function inspectJson(r: InspectReport): string {
  return `${JSON.stringify(r, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}

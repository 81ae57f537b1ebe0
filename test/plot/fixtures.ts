/**
 * Fixtures for the plot, inspect and read tests: the reference scenario's expected.arrow and a
 * small synthetic toys.arrow in the contract's layout (long format, sorted by toy then bin,
 * record batches of whole toys), written with the library's column helpers and a seeded
 * inversion Poisson sampler (independent of src/sampling).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { computeExpectation, type ExpectationTable } from "../../src/expectation.js";
import { columnSchema, expectationIpc, metadataMap, recordBatch } from "../../src/io/arrow.js";
import { loadScenario, type ResolvedScenario } from "../../src/scenario/load.js";
import { REFERENCE_DIR } from "../helpers/fixtures.js";

export const REFERENCE_SCENARIO = join(REFERENCE_DIR, "yb-majorana-normal.scenario.json");

let cached: { scenario: ResolvedScenario; table: ExpectationTable } | undefined;
export function referenceTable(): { scenario: ResolvedScenario; table: ExpectationTable } {
  if (!cached) {
    const scenario = loadScenario(REFERENCE_SCENARIO);
    cached = { scenario, table: computeExpectation(scenario) };
  }
  return cached;
}

/** A mulberry32 stream: enough for fixtures, nothing to do with the generator's streams. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(mu: number, u: () => number): number {
  if (mu <= 0) return 0;
  let n = 0;
  let p = Math.exp(-mu);
  let cdf = p;
  const x = u();
  while (x > cdf && n < 10_000) {
    n++;
    p *= mu / n;
    cdf += p;
  }
  return n;
}

export interface ToyFileOptions {
  firstToy?: number;
  toys: number;
  toysPerBatch?: number;
  seed?: number;
  /** Swap two rows of the first toy (breaks the sort order) for the checks that detect it. */
  unsorted?: boolean;
  shard?: string;
}

/** toys.arrow bytes for an expectation (means mu_total per bin). */
export function toysIpc(
  scenario: ResolvedScenario,
  muTotal: Float64Array,
  o: ToyFileOptions,
): Uint8Array {
  const nBins = muTotal.length;
  const first = o.firstToy ?? 0;
  const perBatch = o.toysPerBatch ?? 7;
  const u = mulberry32(o.seed ?? 12345);
  const meta = metadataMap({ scenario, toys: { first, count: o.toys }, shard: o.shard ?? "1/1" });
  const batches: arrow.RecordBatch[] = [];
  let schema: arrow.Schema | undefined;
  for (let start = 0; start < o.toys; start += perBatch) {
    const count = Math.min(perBatch, o.toys - start);
    const toy = new Int32Array(count * nBins);
    const bin = new Int32Array(count * nBins);
    const nObs = new Int32Array(count * nBins);
    for (let t = 0; t < count; t++) {
      for (let b = 0; b < nBins; b++) {
        const r = t * nBins + b;
        toy[r] = first + start + t;
        bin[r] = b;
        nObs[r] = poisson(muTotal[b], u);
      }
    }
    if (o.unsorted && start === 0) {
      [bin[0], bin[1]] = [bin[1], bin[0]];
      [nObs[0], nObs[1]] = [nObs[1], nObs[0]];
    }
    const columns: [string, Int32Array][] = [
      ["toy", toy],
      ["bin", bin],
      ["n_obs", nObs],
    ];
    schema ??= columnSchema(columns, meta);
    batches.push(
      recordBatch(
        schema,
        columns.map(([, v]) => v),
      ),
    );
  }
  return arrow.tableToIPC(new arrow.Table(batches), "file");
}

/** A run folder with expected.arrow and toys.arrow of the reference scenario. */
export function referenceRun(
  toys = 40,
  options: Partial<ToyFileOptions> = {},
): { dir: string; expected: string; toys: string } {
  const { scenario, table } = referenceTable();
  const dir = mkdtempSync(join(tmpdir(), "renp-plot-"));
  const expected = join(dir, "expected.arrow");
  const toysPath = join(dir, "toys.arrow");
  writeFileSync(
    expected,
    expectationIpc(table, { scenario, toys: { first: 0, count: toys }, shard: "1/1" }),
  );
  writeFileSync(toysPath, toysIpc(scenario, table.muTotal, { toys, ...options }));
  return { dir, expected, toys: toysPath };
}

/** Checks XML well-formedness (tags nest and close, attributes quoted, text escaped); returns the problems. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, "").replace(/<!--[\s\S]*?-->/g, "");
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text))
      problems.push(`unescaped & in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (text.includes(">"))
      problems.push(`stray > in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${JSON.stringify(body.slice(lt, lt + 60))}`);
      break;
    }
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name);
    i = tag.lastIndex;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(" > ")}`);
  if (!/^\s*<svg[\s>]/.test(body)) problems.push("root element is not <svg>");
  return problems;
}

/** The text content of every <text> element (entities decoded). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, "&"),
  );
}

export function writeTemp(name: string, bytes: Uint8Array | string): string {
  const dir = mkdtempSync(join(tmpdir(), "renp-plot-"));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

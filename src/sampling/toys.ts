/**
 * The toy sampler: expectation table + toy stream -> nuisance values and counts per bin.
 *
 * Toy t uses only toyStream(seed, t), in this order: one value per systematic (scenario order,
 * sampling/nuisance.ts), then the counts. Without systematics the means are fixed, so BinSampler's
 * tables draw them (one sampler per component with --truth, components in column order; one for
 * the total otherwise). With systematics the means change per toy and samplePoisson draws each.
 * A run's data therefore depend on (scenario, seed, truth) alone: not on workers, batches or shards.
 *
 * A ToySpec is plain data (typed arrays, JSON): it is what the main thread sends each worker;
 * spec.ts builds it. This module imports only the sampler, so a worker starts quickly.
 */
import type { Systematic } from "../experiment/systematics.js";
import { drawNuisance } from "./nuisance.js";
import { stencil, type OffsetGrid } from "./stencil.js";
import { BinSampler, samplePoisson, type BinSamplerTables } from "./poisson.js";
import { ToyUniforms } from "./streams.js";

export interface ToyComponent {
  /** Column of the truth count: n_signal or n_bkg_<name>. */
  column: string;
  /** Background name (undefined for the signal). */
  background?: string;
  /** Expected counts per bin, efficiency applied. */
  mu: Float64Array;
  /** Whether the detector efficiency multiplies this component (and so efficiencyScale). */
  efficiencyApplies: boolean;
}

export interface ToySpec {
  seed: number | string;
  bins: number;
  /** Count each component apart (n_signal, n_bkg_<name>) as well as n_obs. */
  truth: boolean;
  components: ToyComponent[];
  efficiency: Float64Array;
  systematics: Systematic[];
  /** The means at a grid of omega offsets, when an omegaOffsetEv systematic is on. */
  offsetGrid?: OffsetGrid;
  /**
   * Without systematics, the fixed-mean samplers' tables (per component with truth, else for the
   * total), built once and shared by every worker (SharedArrayBuffers; runToys sets them before
   * starting workers); built by the generator when absent.
   */
  samplers?: BinSamplerTables[];
}

/** The fixed-mean samplers' tables for a spec without systematics (see ToySpec.samplers). */
export function samplerTables(spec: ToySpec): BinSamplerTables[] {
  const { components, bins } = spec;
  if (spec.truth) return components.map((c) => new BinSampler(c.mu).tables);
  const total = new Float64Array(bins);
  for (const c of components) for (let k = 0; k < bins; k++) total[k] += c.mu[k];
  return [new BinSampler(total).tables];
}

/** The toys [firstToy, firstToy + count): arrays toy-major, bin-minor. */
export interface ToyBlock {
  firstToy: number;
  count: number;
  nObs: Int32Array;
  /** One per component when spec.truth, else empty. */
  truth: Int32Array[];
  /** One per systematic: its value in each toy. */
  nuisance: Float64Array[];
  /** Toys in which efficiencyScale pushed some bin's efficiency above 1 (clipped to 1). */
  clippedToys: number;
  /** Sum of nObs (summed where the block is made, so a worker does it, not the writing thread). */
  totalCounts: number;
}

/** Generates blocks of toys for one spec; one per thread (it keeps scratch arrays). */
export class ToyGenerator {
  private readonly fixed?: BinSampler[]; // without systematics: per component (truth) or [total]
  private readonly mean: Float64Array[]; // scratch: this toy's means per component
  private readonly values: Float64Array; // scratch: this toy's nuisance values
  // Per systematic, decided once: what it acts on (PARAMETER_*) and, for a norm, which component.
  private readonly acts: Int8Array;
  private readonly component: Int32Array;
  private readonly norms: Float64Array; // scratch: this toy's normalisation per component
  private readonly scalesEfficiency: boolean;
  private readonly weights = new Float64Array(4);
  private readonly stream = new ToyUniforms();
  private readonly expectedWords: number; // uniforms a toy needs, about: its stream's first refill

  constructor(readonly spec: ToySpec) {
    const { components, bins } = spec;
    if (spec.systematics.length === 0) {
      this.fixed = (spec.samplers ?? samplerTables(spec)).map((t) => new BinSampler(t));
      this.expectedWords = this.fixed.reduce((sum, s) => sum + s.expectedWords, 8);
    } else {
      this.expectedWords = bins * (spec.truth ? components.length : 1) + spec.systematics.length;
    }
    this.mean = components.map(() => new Float64Array(bins));
    this.values = new Float64Array(spec.systematics.length);
    this.acts = Int8Array.from(spec.systematics, (s) => PARAMETER[s.parameter]);
    const signal = components.findIndex((c) => c.background === undefined);
    this.component = Int32Array.from(spec.systematics, (s) =>
      s.parameter === "backgroundNorm"
        ? components.findIndex((c) => c.background === s.background)
        : s.parameter === "signalNorm"
          ? signal
          : -1,
    );
    this.norms = new Float64Array(components.length);
    this.scalesEfficiency = spec.systematics.some((s) => s.parameter === "efficiencyScale");
  }

  /**
   * The toys [firstToy, firstToy + count), into the arrays of `into` when given (e.g. views of a
   * record batch's bytes; every value is written, none read), else into new arrays.
   */
  generate(
    firstToy: number,
    count: number,
    into?: { nObs?: Int32Array; truth?: Int32Array[]; nuisance?: Float64Array[] | undefined },
  ): ToyBlock {
    const { bins, truth, components, systematics } = this.spec;
    const nObs = into?.nObs ?? new Int32Array(count * bins);
    const truthColumns = !truth
      ? []
      : (into?.truth ?? components.map(() => new Int32Array(count * bins)));
    const nuisance = into?.nuisance ?? systematics.map(() => new Float64Array(count));
    let clippedToys = 0;
    for (let i = 0; i < count; i++) {
      const q = this.stream.reset(this.spec.seed, firstToy + i, this.expectedWords);
      const u = q.uniform;
      const at = i * bins;
      if (this.fixed) {
        if (truth) {
          this.fixed.forEach((sampler, c) => sampler.fillFrom(q, truthColumns[c], at));
          sumInto(nObs, truthColumns, at, bins);
        } else {
          this.fixed[0].fillFrom(q, nObs, at);
        }
        continue;
      }
      for (let s = 0; s < systematics.length; s++)
        nuisance[s][i] = this.values[s] = drawNuisance(systematics[s], u);
      if (this.toyMeans()) clippedToys++;
      if (truth) {
        for (let c = 0; c < components.length; c++) {
          const mean = this.mean[c];
          const out = truthColumns[c];
          for (let k = 0; k < bins; k++) out[at + k] = samplePoisson(mean[k], u);
        }
        sumInto(nObs, truthColumns, at, bins);
      } else {
        for (let k = 0; k < bins; k++) {
          let total = 0;
          for (let c = 0; c < components.length; c++) total += this.mean[c][k];
          nObs[at + k] = samplePoisson(total, u);
        }
      }
    }
    let totalCounts = 0;
    for (let i = 0; i < nObs.length; i++) totalCounts += nObs[i];
    return { firstToy, count, nObs, truth: truthColumns, nuisance, clippedToys, totalCounts };
  }

  /**
   * This toy's means per component into this.mean, from this.values. Scales multiply (several of
   * one kind compound); offsets add. efficiencyScale s makes a bin's efficiency min(1, s eff):
   * an efficiency cannot exceed 1, so it is clipped there. Returns whether any bin was clipped.
   */
  private toyMeans(): boolean {
    const { bins, components, offsetGrid: grid } = this.spec;
    const { acts, component, norms, values } = this;
    let efficiencyScale = 1;
    let offsetEv = 0;
    norms.fill(1);
    for (let i = 0; i < acts.length; i++) {
      const act = acts[i];
      if (act === PARAMETER.signalNorm || act === PARAMETER.backgroundNorm)
        norms[component[i]] *= values[i];
      else if (act === PARAMETER.efficiencyScale) efficiencyScale *= values[i];
      else offsetEv += values[i];
    }
    let efficiency = this.spec.efficiency;
    let from = 0;
    if (grid) {
      from = stencil(grid, offsetEv, this.weights);
      // The shifted efficiency matters only to scale it (the grid's means already include it).
      if (this.scalesEfficiency)
        efficiency = this.interpolated(grid.efficiency, from, this.efficiencyScratch());
    }
    let clipped = false;
    for (let c = 0; c < components.length; c++) {
      const comp = components[c];
      const mean = this.mean[c];
      if (grid) this.interpolated(grid.mu[c], from, mean);
      else mean.set(comp.mu);
      const norm = norms[c];
      for (let k = 0; k < bins; k++) {
        let m = mean[k] * norm;
        if (comp.efficiencyApplies && efficiencyScale !== 1 && efficiency[k] > 0) {
          const scaled = efficiencyScale * efficiency[k];
          if (scaled > 1) clipped = true;
          m *= Math.min(1, scaled) / efficiency[k];
        }
        // Interpolation can undershoot slightly below 0 where a mean vanishes: a mean is >= 0.
        mean[k] = m > 0 ? m : 0;
      }
    }
    return clipped;
  }

  private scratch?: Float64Array;
  private efficiencyScratch(): Float64Array {
    return (this.scratch ??= new Float64Array(this.spec.bins));
  }

  /** out[k] = the cubic interpolation of table (points x bins) at the stencil from `from`. */
  private interpolated(table: Float64Array, from: number, out: Float64Array): Float64Array {
    const bins = this.spec.bins;
    const [w0, w1, w2, w3] = this.weights;
    const a = from * bins;
    for (let k = 0; k < bins; k++) {
      out[k] =
        w0 * table[a + k] +
        w1 * table[a + bins + k] +
        w2 * table[a + 2 * bins + k] +
        w3 * table[a + 3 * bins + k];
    }
    return out;
  }
}

/** What a systematic acts on, as a small integer for the per-toy loop. */
const PARAMETER = {
  signalNorm: 0,
  backgroundNorm: 1,
  efficiencyScale: 2,
  omegaOffsetEv: 3,
} as const;

/** nObs[at + k] = the sum over components of their counts in bin k. */
function sumInto(nObs: Int32Array, columns: Int32Array[], at: number, bins: number): void {
  for (let k = 0; k < bins; k++) {
    let n = 0;
    for (const column of columns) n += column[at + k];
    nObs[at + k] = n;
  }
}

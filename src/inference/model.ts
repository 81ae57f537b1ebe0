/**
 * The fit model: a scenario's expected counts per bin as a function of named parameters, the same
 * model the toys are drawn from (sampling/toys.ts, `ToyGenerator.toyMeans`), so a fit of the
 * Asimov data returns the truth. docs/fitting.md describes the parameters.
 *
 * The model: mu_k = sum_c N_c e_ck(s) T_ck(phi, delta), components c = signal, backgrounds.
 * - N_c: `signalNorm` (c = signal) or `backgroundNorm:<name>`; linear, analytic derivatives.
 * - e_ck(s) = min(1, s eff_k) / eff_k for components the efficiency applies to, else 1 (the
 *   generator clips an efficiency at 1); `efficiencyScale` s, piecewise linear.
 * - T_ck(phi, delta): the component's expectation (expectation.ts) at the physics parameters phi
 *   (mass, phases, couplings) and omega offset delta. At the scenario's physics the offset goes
 *   through the generator's grid of tables and its cubic stencil (sampling/offset.ts: accuracy
 *   there, analytic slope from sampling/stencil.ts) whenever the scenario has an omegaOffsetEv
 *   systematic or delta != 0; otherwise T is the exact table. Away from the scenario's physics T is
 *   computeExpectation of the modified scenario (exact; ~3 ms for 66 bins, measured by
 *   bench/run.ts), cached per point, with central finite-difference derivatives; or, where it serves
 *   the scenario (fast/fastSignal.ts: ideal-laser bins, a constant eta, no BSM spectral terms)
 *   and the offset is 0, the fast path's mass tables (within 1e-9 of a bin, docs/fitting.md);
 *   `exact: true` keeps the integrals.
 *
 * Bounds: scales [0, inf) or a uniform prior's [min, max]; the offset the prior's support
 * (sampling/nuisance.ts priorSupport) or, with no systematic, +-1 narrowest bin (the grid's span);
 * lightestMassEv [0, 10] eV as the schema; a phase one period about its nominal value (nominal
 * +- 180 deg); couplings unbounded.
 */
import { computeExpectation, type ExpectationTable } from "../expectation.js";
import type { Systematic } from "../experiment/systematics.js";
import { ScenarioError } from "../errors.js";
import type { ResolvedScenario } from "../scenario/load.js";
import type { Bsm } from "../scenario/bsm.js";
import { priorSupport } from "../sampling/nuisance.js";
import { offsetGrid } from "../sampling/offset.js";
import { narrowestWidthEv, shiftScan } from "../experiment/scan.js";
import { offsetRangeEv, toySpec } from "../sampling/spec.js";
import { stencil, stencilSlope, type OffsetGrid } from "../sampling/stencil.js";
import { familyBsm, familyCoupling, type FamilyKind, type SensitivityFamily } from "./families.js";
import { FastSignal, fastPathUnsupported } from "./fast/fastSignal.js";
import { alternativeScenario } from "./alternative.js";

/** One parameter of a fit model: its name, nominal value, bounds and constraint. */
export interface ModelParameter {
  name: string;
  /** The scenario's value (1 for scales, 0 for the offset). */
  nominal: number;
  lower: number;
  upper: number;
  /** Enters mu linearly (normalisations, piecewise the efficiency scale). */
  linear: boolean;
  /** Typical size of a change: finite-difference steps are 1e-4 of it. */
  stepScale: number;
  /** The systematic whose prior constrains it in the likelihood, if the scenario has one. */
  systematic?: Systematic | undefined;
}

/** The alternative hypotheses a test compares with: the other ordering or the other nature. */
export type Alternative = "ordering" | "nature";

/** Which hypothesis a fit model describes: ordering, nature and BSM families as parameters. */
export interface ModelOptions {
  ordering?: "normal" | "inverted";
  nature?: "majorana" | "dirac";
  /**
   * Families (default none) whose coupling is a parameter `bsm.<kind>`, the family's term in
   * place of the scenario's of that kind, nominal its coupling (families.ts `familyCoupling`).
   */
  families?: FamilyParameter[];
  /**
   * Compute every expectation away from the scenario's physics by the exact integrals
   * (computeExpectation) instead of the fast path's mass tables (fast/fastSignal.ts). Default false.
   */
  exact?: boolean;
  /**
   * signalNorm may go negative as long as every bin's mean stays >= 0 (default false: bounded at
   * 0). A uniform prior keeps its [min, max]; a lognormal prior's constraint is +inf at <= 0.
   */
  negativeSignal?: boolean;
}

/** A family and the typical size of its coupling (finite-difference steps are 1e-4 of it; default 1). */
export type FamilyParameter = SensitivityFamily & { couplingScale?: number | undefined };

/** Which part of the scenario a physics parameter sets. */
type PhysicsSetter = (s: ResolvedScenario, v: number) => ResolvedScenario;

interface PhysicsParameter {
  index: number;
  set: PhysicsSetter;
}

const CACHE_LIMIT = 256;
const FD_RELATIVE_STEP = 1e-4;

/** Merges a family's term into a scenario's bsm (replacing the term of the same kind). */
function mergeBsm(bsm: Bsm, family: SensitivityFamily, c: number): Bsm {
  const term = familyBsm(family, c);
  if (family.kind === "magnetic" || family.kind === "electric")
    return { ...bsm, electromagnetic: { ...bsm.electromagnetic, ...term.electromagnetic } };
  return { ...bsm, ...term };
}

const familyName = (kind: FamilyKind) => `bsm.${kind}`;

interface Components {
  mu: Float64Array[];
  efficiency: Float64Array;
  /** d mu / d delta per component, when the grid gives it. */
  slope?: Float64Array[];
  /** d mu / d m0 and d^2 mu / d m0^2 of the signal, when the fast path gives them. */
  massSlope?: Float64Array;
  massCurvature?: Float64Array;
}

/** The expected counts of a scenario as a function of the fit parameters (docs/fitting.md "Model"). */
export class FitModel {
  /**
   * Every parameter, in a fixed order: `lightestMassEv`, `majoranaPhasesDeg.alpha21`,
   * `majoranaPhasesDeg.alpha31` (Majorana only), `bsm.<family>` (families.ts; nominal the
   * scenario's own coupling when its term of that kind is of the family's form, else 0 with the
   * scenario's term replaced by the family's), `signalNorm`, `backgroundNorm:<name>` per
   * background, `efficiencyScale`, `omegaOffsetEv`.
   */
  readonly parameters: ModelParameter[] = [];
  readonly bins: number;
  /** Whether the efficiency applies, per component (signal first). */
  readonly efficiencyApplies: boolean[];
  readonly componentNames: string[];
  private readonly byName = new Map<string, number>();
  private readonly physics: PhysicsParameter[] = [];
  private readonly normOf: Int32Array; // per component: its norm parameter's index
  private readonly efficiencyIndex: number;
  private readonly offsetIndex: number;
  private readonly offsetSystematic: boolean;
  private grid: OffsetGrid | undefined;
  /** The offset systematic's range (sampling/spec.ts `offsetRangeEv`), the grid's span. */
  private readonly gridRangeEv: [number, number] | undefined;
  private readonly cache = new Map<string, Components>();
  private last: { physics: Float64Array; deltaEv: number; components: Components } | undefined;
  private readonly weights = new Float64Array(4);
  private readonly slopes = new Float64Array(4);
  /** The fast path (null where it does not serve the model), undefined until first needed. */
  private fast: FastSignal | null | undefined;
  private readonly exact: boolean;

  constructor(
    readonly scenario: ResolvedScenario,
    readonly table: ExpectationTable,
    options: ModelOptions,
  ) {
    // The offset's grid (up to ~1000 tables: seconds for a large scan) is built when a fit first
    // leaves the offset 0, in the thread that fits: not while the CLI checks the job.
    const spec = toySpec(table, { truth: false, withoutGrid: true });
    // Coupling families other than non-unitarity add spectral terms the fast path cannot take.
    this.exact =
      options.exact === true || (options.families ?? []).some((f) => f.kind !== "nonUnitarity");
    this.bins = spec.bins;
    this.gridRangeEv = offsetRangeEv(scenario.systematics);
    this.efficiencyApplies = spec.components.map((c) => c.efficiencyApplies);
    this.componentNames = spec.components.map((c) => c.background ?? "signal");
    const systematicOf = (parameter: string, background?: string): Systematic | undefined => {
      const acting = scenario.systematics.filter(
        (s) => s.parameter === parameter && s.background === background,
      );
      if (acting.length > 1)
        throw new ScenarioError(
          `systematics ${acting.map((s) => `"${s.name}"`).join(" and ")} act on one parameter (${parameter}${background ? ` of ${background}` : ""}); the fit model takes at most one systematic per parameter`,
        );
      return acting[0];
    };
    const nu = scenario.neutrino;
    this.addPhysics(
      { name: "lightestMassEv", nominal: nu.lightestMassEv, lower: 0, upper: 10 },
      Math.max(nu.lightestMassEv, 1e-3),
      (s, v) => ({ ...s, neutrino: { ...s.neutrino, lightestMassEv: v } }),
    );
    if (nu.nature === "majorana") {
      for (const phase of ["alpha21", "alpha31"] as const) {
        this.addPhysics(
          {
            name: `majoranaPhasesDeg.${phase}`,
            nominal: nu.majoranaPhasesDeg[phase],
            lower: nu.majoranaPhasesDeg[phase] - 180,
            upper: nu.majoranaPhasesDeg[phase] + 180,
          },
          10,
          (s, v) => ({
            ...s,
            neutrino: {
              ...s.neutrino,
              majoranaPhasesDeg: { ...s.neutrino.majoranaPhasesDeg, [phase]: v },
            },
          }),
        );
      }
    }
    for (const family of options.families ?? []) {
      // The scenario's own coupling when its term is of the family's form (fitModel replaces a
      // term that is not), so the nominal table is the family's term at the nominal coupling.
      const nominal = familyCoupling(family, scenario.bsm);
      if (nominal === undefined)
        throw new ScenarioError(
          `the scenario's ${family.kind} term is not of the family's form; fitModel replaces it`,
        );
      this.addPhysics(
        { name: familyName(family.kind), nominal, lower: -Infinity, upper: Infinity },
        family.couplingScale ?? 1,
        (s, v) => ({ ...s, bsm: mergeBsm(s.bsm, family, v) }),
      );
    }
    const scale = (name: string, systematic: Systematic | undefined) => {
      const [lower, upper] =
        systematic?.prior.distribution === "uniform"
          ? [systematic.prior.min, systematic.prior.max]
          : [0, Infinity];
      return this.add({ name, nominal: 1, lower, upper, linear: true, stepScale: 1, systematic });
    };
    this.normOf = new Int32Array(spec.components.length);
    this.normOf[0] = scale("signalNorm", systematicOf("signalNorm"));
    // The negative range: signalNorm unbounded below, the likelihood keeping every bin's mean >= 0
    // (likelihood.ts: D = +inf below), which removes the bound's bias (docs/fitting.md).
    const signal = this.parameters[this.normOf[0]];
    if (options.negativeSignal && signal.systematic?.prior.distribution !== "uniform")
      signal.lower = -Infinity;
    spec.components.slice(1).forEach((c, i) => {
      this.normOf[i + 1] = scale(
        `backgroundNorm:${c.background}`,
        systematicOf("backgroundNorm", c.background),
      );
    });
    this.efficiencyIndex = scale("efficiencyScale", systematicOf("efficiencyScale"));
    const offset = systematicOf("omegaOffsetEv");
    this.offsetSystematic = offset !== undefined;
    // A single scan point has no spacing: its offset range is then 1 meV.
    const width = Math.min(narrowestWidthEv(table.scan), 1e-3);
    const [lower, upper] = offset ? priorSupport(offset) : [-width, width];
    this.offsetIndex = this.add({
      name: "omegaOffsetEv",
      nominal: 0,
      lower,
      upper,
      linear: false,
      stepScale: width,
      systematic: offset,
    });
    this.cache.set(this.key(this.nominal(), 0), {
      mu: spec.components.map((c) => c.mu),
      efficiency: table.efficiency,
    });
  }

  private add(p: ModelParameter): number {
    const index = this.parameters.length;
    this.parameters.push(p);
    this.byName.set(p.name, index);
    return index;
  }

  private addPhysics(
    p: Pick<ModelParameter, "name" | "nominal" | "lower" | "upper">,
    stepScale: number,
    set: PhysicsSetter,
  ): void {
    const index = this.add({ ...p, linear: false, stepScale });
    this.physics.push({ index, set });
  }

  /** The position of a parameter; a ScenarioError naming the allowed ones otherwise. */
  index(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) {
      const hint = name.startsWith("backgroundNorm:")
        ? ` (the scenario has ${this.componentNames.length - 1 ? `backgrounds ${this.componentNames.slice(1).join(", ")}` : "no backgrounds"})`
        : "";
      throw new ScenarioError(
        `unknown fit parameter "${name}"${hint}; allowed: ${this.parameters.map((p) => p.name).join(", ")}`,
      );
    }
    return i;
  }

  /** The nominal values (the scenario's own), in parameter order. */
  nominal(): Float64Array {
    return Float64Array.from(this.parameters, (p) => p.nominal);
  }

  /** Cache key: physics values and offset, where off the nominal table (a loop: every fit step). */
  private key(values: Float64Array, deltaEv: number): string {
    let key = "";
    for (let i = 0; i < this.physics.length; i++)
      key += `${i > 0 ? "," : ""}${values[this.physics[i].index]}`;
    return `${key}|${deltaEv}`;
  }

  private atNominalPhysics(values: Float64Array): boolean {
    return this.physics.every((p) => values[p.index] === this.parameters[p.index].nominal);
  }

  /**
   * T_ck at the physics of `values` and offset delta: the last point's again when they are the
   * same (a fit asks for one point several times: values, then derivatives).
   */
  private components(values: Float64Array, deltaEv: number): Components {
    const last = this.last;
    if (
      last?.deltaEv === deltaEv &&
      this.physics.every((p, i) => values[p.index] === last.physics[i])
    )
      return last.components;
    const components = this.computeComponents(values, deltaEv);
    const physics = Float64Array.from(this.physics, (p) => values[p.index]);
    this.last = { physics, deltaEv, components };
    return components;
  }

  /** T_ck at the physics of `values` and offset delta (see the module comment for the cases). */
  private computeComponents(values: Float64Array, deltaEv: number): Components {
    if (this.atNominalPhysics(values) && (this.offsetSystematic || deltaEv !== 0))
      return this.fromGrid(deltaEv);
    const fast = deltaEv === 0 && !this.atNominalPhysics(values) ? this.fastSignal() : undefined;
    const key = this.key(values, deltaEv);
    const hit = fast ? undefined : this.cache.get(key);
    if (hit) return hit;
    const scenarioAt = () => {
      let scenario = this.scenario;
      for (const p of this.physics) {
        if (values[p.index] !== this.parameters[p.index].nominal)
          scenario = p.set(scenario, values[p.index]);
      }
      return scenario;
    };
    if (fast) {
      const signal = fast.signalAt(key, scenarioAt);
      const mu = [signal.mu];
      for (const b of this.table.backgrounds) mu.push(b.mu);
      const { efficiency } = this.table;
      return signal.slope && signal.curvature
        ? { mu, efficiency, massSlope: signal.slope, massCurvature: signal.curvature }
        : { mu, efficiency };
    }
    const scenario = scenarioAt();
    const t =
      deltaEv === 0
        ? computeExpectation(scenario)
        : computeExpectation(scenario, shiftScan(this.table.scan, deltaEv));
    const entry = { mu: [t.muSignal, ...t.backgrounds.map((b) => b.mu)], efficiency: t.efficiency };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, entry);
    return entry;
  }

  /** The fast path, built on first use where it serves the scenario and `exact` is not set. */
  fastSignal(): FastSignal | undefined {
    if (this.fast === undefined)
      this.fast =
        this.exact || fastPathUnsupported(this.scenario, this.table) !== undefined
          ? null
          : new FastSignal(this.scenario, this.table);
    return this.fast ?? undefined;
  }

  /** Whether the offset's grid is built (on first use: a fit that leaves the offset 0). */
  get offsetGridBuilt(): boolean {
    return this.grid !== undefined;
  }

  /** The generator's grid over the offset systematic's range (or +-1 bin), built on first use. */
  private fromGrid(deltaEv: number): Components {
    const width = this.parameters[this.offsetIndex].stepScale;
    // 32 steps per bin over +-1 bin put a node at 0 (sampling/offset.ts sets the step).
    const [fromEv, toEv] = this.gridRangeEv ?? [-width, width];
    const grid = (this.grid ??= offsetGrid(this.table, fromEv, toEv));
    const { bins } = this;
    const from = stencil(grid, deltaEv, this.weights);
    stencilSlope(grid, deltaEv, this.slopes);
    const interpolate = (table: Float64Array, w: Float64Array) => {
      const out = new Float64Array(bins);
      const a = from * bins;
      for (let k = 0; k < bins; k++)
        out[k] =
          w[0] * table[a + k] +
          w[1] * table[a + bins + k] +
          w[2] * table[a + 2 * bins + k] +
          w[3] * table[a + 3 * bins + k];
      return out;
    };
    return {
      mu: grid.mu.map((m) => interpolate(m, this.weights)),
      efficiency: interpolate(grid.efficiency, this.weights),
      slope: grid.mu.map((m) => interpolate(m, this.slopes)),
    };
  }

  /**
   * mu (length bins) at the full parameter vector `values`; with `jacobian`, out[j][k] =
   * d mu_k / d values[of[j]] (analytic for normalisations, the efficiency scale and the gridded
   * offset; central differences, one-sided at a bound, for the physics parameters); with
   * `jacobian.second`, d2 mu_k / d values[of[j]]^2 for those evaluated by finite differences (0
   * for the others).
   */
  evaluate(
    values: Float64Array,
    mu: Float64Array,
    jacobian?: { of: readonly number[]; out: Float64Array[]; second?: Float64Array[] },
  ): void {
    const deltaEv = values[this.offsetIndex];
    const massIndex = this.physics[0].index;
    const t = this.components(values, deltaEv);
    const s = values[this.efficiencyIndex];
    const { bins } = this;
    mu.fill(0);
    jacobian?.out.forEach((o) => o.fill(0));
    jacobian?.second?.forEach((o) => o.fill(0));
    const column = (index: number) => jacobian?.of.indexOf(index) ?? -1;
    const sCol = column(this.efficiencyIndex);
    const dCol = t.slope ? column(this.offsetIndex) : -1;
    // The fast path's analytic d mu / d m0 and d^2 mu / d m0^2 of the signal (component 0).
    const mCol = t.massSlope ? column(massIndex) : -1;
    for (let c = 0; c < t.mu.length; c++) {
      const norm = values[this.normOf[c]];
      const nCol = column(this.normOf[c]);
      const applies = this.efficiencyApplies[c];
      const tc = t.mu[c];
      for (let k = 0; k < bins; k++) {
        // As ToyGenerator.toyMeans: scale by the norm, then by min(1, s eff) / eff.
        let factor = 1;
        let dFactor = 0;
        const eff = t.efficiency[k];
        if (applies && s !== 1 && eff > 0) {
          const scaled = s * eff;
          factor = Math.min(1, scaled) / eff;
          dFactor = scaled < 1 ? 1 : 0;
        } else if (applies && eff > 0) {
          dFactor = eff < 1 ? 1 : 0;
        }
        // The generator clips an interpolated mean below 0 to 0 (norms and factors are >= 0).
        if (!(tc[k] > 0)) continue;
        mu[k] += tc[k] * norm * factor;
        if (!jacobian) continue;
        if (nCol >= 0) jacobian.out[nCol][k] += tc[k] * factor;
        if (sCol >= 0) jacobian.out[sCol][k] += tc[k] * norm * dFactor;
        if (dCol >= 0) jacobian.out[dCol][k] += t.slope![c][k] * norm * factor;
        if (mCol < 0 || c > 0) continue;
        jacobian.out[mCol][k] = t.massSlope![k] * norm * factor;
        if (jacobian.second) jacobian.second[mCol][k] = t.massCurvature![k] * norm * factor;
      }
    }
    if (!jacobian) return;
    jacobian.of.forEach((index, j) => {
      const p = this.parameters[index];
      if (p.linear || (index === this.offsetIndex && t.slope) || j === mCol) return;
      this.difference(values, index, mu, jacobian.out[j], jacobian.second?.[j]);
    });
  }

  /**
   * Central difference of mu in one parameter (one-sided where a bound is near), and the second
   * difference (up - 2 mu + down) / h^2 when `second` is given (0 on a one-sided step).
   */
  private difference(
    values: Float64Array,
    index: number,
    mu: Float64Array,
    out: Float64Array,
    second?: Float64Array,
  ): void {
    const p = this.parameters[index];
    const h = FD_RELATIVE_STEP * Math.max(Math.abs(values[index]), p.stepScale);
    const x = values[index];
    const hi = Math.min(x + h, p.upper);
    const lo = Math.max(x - h, p.lower);
    const point = Float64Array.from(values);
    const up = new Float64Array(this.bins);
    const down = new Float64Array(this.bins);
    point[index] = hi;
    this.evaluate(point, up);
    point[index] = lo;
    this.evaluate(point, down);
    for (let k = 0; k < this.bins; k++) out[k] = (up[k] - down[k]) / (hi - lo);
    if (second && hi - x === x - lo)
      for (let k = 0; k < this.bins; k++)
        second[k] = (up[k] - 2 * mu[k] + down[k]) / ((hi - x) * (x - lo));
  }
}

/**
 * The model of a scenario (or of its alternative ordering/nature): `options` pick the discrete
 * alternative (`ordering`, `nature`) and the BSM families whose couplings are parameters.
 */
export function fitModel(scenario: ResolvedScenario, options: ModelOptions = {}): FitModel {
  let s = scenario;
  if (options.ordering && options.ordering !== s.neutrino.ordering)
    s = alternativeScenario(s, "ordering");
  if (options.nature && options.nature !== s.neutrino.nature) s = alternativeScenario(s, "nature");
  // A family's term replaces the scenario's term of its kind (docs/fitting.md): where the
  // scenario's own term is not of the family's form, the model's scenario is the one with the
  // family's term at c = 0 instead.
  for (const family of options.families ?? [])
    if (familyCoupling(family, s.bsm) === undefined) s = { ...s, bsm: mergeBsm(s.bsm, family, 0) };
  return new FitModel(s, computeExpectation(s), options);
}

/**
 * A HistFactory workspace for pyhf (workspace schema 1.0.0) from a scenario's expected counts and
 * one observation (docs/statistics.md, "Export to pyhf"). One channel holds the scan's bins; a
 * sample `signal` and one per background carry the expected counts; a normfactor `mu` on the
 * signal is the parameter of interest; the scenario's normalisation systematics become
 * modifiers where HistFactory has one with the same constraint:
 *
 * - gaussian signalNorm (the first one): the `lumi` modifier on the signal, a linear scale with a
 *   gaussian constraint of width sigma around 1 - the same prior the toys draw from; bounds
 *   [0, 1 + ALPHA_LIMIT sigma] (renp's bound at 0). With the POI `mu` free it is degenerate with
 *   mu (only their product enters): the likelihood is renp's with mu fixed at 1.
 * - lognormal scale (signalNorm, backgroundNorm, efficiencyScale): `normsys` with lo = exp(-sigma),
 *   hi = exp(sigma). With pyhf's exponential interpolation (interpcode code1) the factor is
 *   exp(sigma alpha), alpha ~ N(0, 1): exactly the lognormal. pyhf's default code4 replaces the
 *   exponential by a polynomial for |alpha| < 1 (smooth at 0; equal values and slopes at +-1).
 *   Bounds [-ALPHA_LIMIT, ALPHA_LIMIT] (renp has none: pyhf's default +-5 cut fits that renp lets
 *   reach 7.8 sigma, and the generator draws nuisances beyond 5 sigma).
 * - gaussian scale otherwise: `histosys` with templates (1 -+ sigma) x the sample's counts: the
 *   linear interpolation (pyhf's code0, and its default code4p, which is linear for templates
 *   symmetric about the nominal one) gives (1 + sigma alpha) x counts, alpha ~ N(0, 1): exactly
 *   renp's gaussian scale, for any sigma. Bounds [-1 / sigma, ALPHA_LIMIT]: the scale >= 0, as in
 *   renp. (A normsys of lo = 1 - sigma, hi = 1 + sigma is that only to first order in sigma: 0.1%
 *   in q0 and 1% in the profile, measured.)
 * - uniform scale: a `normfactor` named after the systematic, bounded to [min, max] in the
 *   measurement - a free parameter inside the prior's support, which is how renp's fit treats a
 *   uniform prior (a bound, no penalty).
 * - efficiencyScale acts on the signal and on every background with applyEfficiency; the
 *   generator's clipping of efficiency x scale at 1 has no HistFactory counterpart.
 * - omegaOffsetEv is not exported: it moves the thresholds (a shape change that is strongly
 *   non-linear at the edges), which no normalisation modifier expresses; a histosys from +-1 sigma
 *   shifted templates would be a linear interpolation of it. It is listed in `unmapped`.
 *
 * Bins where every sample's expectation is 0 are left out (they add nothing to the likelihood, and
 * pyhf's Poisson(0 | 0) gives NaN in some backends: github.com/scikit-hep/pyhf/issues/180, /293, /1852); their
 * indices are returned in `droppedBins`.
 */
import { InputError } from "../errors.js";
import type { ResolvedScenario } from "../scenario/load.js";
import type { Systematic } from "../experiment/systematics.js";

export const PYHF_WORKSPACE_VERSION = "1.0.0";
/** The channel's name; the observation carries the same name (pyhf matches them by name). */
export const PYHF_CHANNEL = "renp_scan";
/** The parameter of interest: a normfactor on the signal sample. */
export const PYHF_POI = "mu";
/** The POI's bounds: renp's signalNorm >= 0 (no upper bound: 100, far above any fit). */
const POI_BOUNDS: [number, number] = [0, 100];
/**
 * Bounds of a constrained nuisance alpha: renp bounds a scale only at 0, so a bound far beyond any
 * fit (the constraint alone is ALPHA_LIMIT^2 = 900 in -2 ln L there) replaces pyhf's default +-5.
 */
export const ALPHA_LIMIT = 30;

export type PyhfModifier =
  | { name: string; type: "normfactor"; data: null }
  | { name: "lumi"; type: "lumi"; data: null }
  | { name: string; type: "normsys"; data: { lo: number; hi: number } }
  | { name: string; type: "histosys"; data: { lo_data: number[]; hi_data: number[] } };

export interface PyhfSample {
  name: string;
  data: number[];
  modifiers: PyhfModifier[];
}

export interface PyhfParameter {
  name: string;
  inits?: number[];
  bounds?: [number, number][];
  auxdata?: number[];
  sigmas?: number[];
  fixed?: boolean;
}

/** A pyhf HistFactory workspace (schema 1.0.0). */
export interface PyhfWorkspace {
  channels: { name: string; samples: PyhfSample[] }[];
  measurements: { name: string; config: { poi: string; parameters: PyhfParameter[] } }[];
  observations: { name: string; data: number[] }[];
  version: typeof PYHF_WORKSPACE_VERSION;
}

export interface PyhfInput {
  scenario: ResolvedScenario;
  /** Expected signal counts per bin (efficiency applied), as in expected.arrow's mu_signal. */
  muSignal: ArrayLike<number>;
  /** Expected counts per background, in the scenario's order (mu_bkg_<name>). */
  backgrounds: readonly { name: string; mu: ArrayLike<number> }[];
  /** The observation: one toy's counts or the Asimov data (the expected total). */
  observed: ArrayLike<number>;
}

/** A workspace and what could not be exported into it (bins, systematics), with why. */
export interface PyhfExport {
  workspace: PyhfWorkspace;
  /** Systematics with no HistFactory modifier (not in the workspace), with the reason. */
  unmapped: { name: string; parameter: Systematic["parameter"]; reason: string }[];
  /** Scan bins left out because every sample expects 0 there. */
  droppedBins: number[];
}

/** The sample names a systematic acts on, or undefined when it is not a normalisation. */
function targetsOf(s: Systematic, scenario: ResolvedScenario): string[] | undefined {
  switch (s.parameter) {
    case "signalNorm":
      return ["signal"];
    case "backgroundNorm":
      return [s.background as string];
    case "efficiencyScale":
      return [
        "signal",
        ...scenario.backgrounds.filter((b) => b.applyEfficiency).map((b) => b.name),
      ];
    case "omegaOffsetEv":
      return undefined;
  }
}

/** Builds the workspace; throws RangeError when the arrays disagree in length. */
export function pyhfWorkspace(input: PyhfInput): PyhfExport {
  const { scenario, muSignal, backgrounds, observed } = input;
  const nBins = muSignal.length;
  for (const [what, a] of [
    ["observed", observed],
    ...backgrounds.map((b) => [`background ${b.name}`, b.mu] as const),
  ] as const) {
    if (a.length !== nBins)
      throw new InputError(`${what} has ${a.length} bins, the signal ${nBins}`);
  }
  const keep: number[] = [];
  const droppedBins: number[] = [];
  for (let k = 0; k < nBins; k++) {
    const total = backgrounds.reduce((sum, b) => sum + b.mu[k], muSignal[k]);
    (total > 0 ? keep : droppedBins).push(k);
  }
  if (keep.length === 0) throw new InputError("every bin expects 0 events: nothing to export");
  if (backgrounds.some((b) => b.name === "signal"))
    throw new InputError('a background named "signal" would share the signal sample\'s name');
  const pick = (a: ArrayLike<number>) => keep.map((k) => a[k]);

  const samples: PyhfSample[] = [
    {
      name: "signal",
      data: pick(muSignal),
      modifiers: [{ name: PYHF_POI, type: "normfactor", data: null }],
    },
    ...backgrounds.map((b) => ({ name: b.name, data: pick(b.mu), modifiers: [] })),
  ];
  const sampleByName = new Map(samples.map((s) => [s.name, s]));
  const parameters: PyhfParameter[] = [{ name: PYHF_POI, inits: [1], bounds: [POI_BOUNDS] }];
  const unmapped: PyhfExport["unmapped"] = [];
  let lumiUsed = false;

  for (const s of scenario.systematics) {
    const targets = targetsOf(s, scenario);
    if (!targets) {
      unmapped.push({
        name: s.name,
        parameter: s.parameter,
        reason:
          "a shift of the omega calibration changes the spectrum's shape, not a normalisation",
      });
      continue;
    }
    const prior = s.prior;
    let modifier: PyhfModifier | ((sample: PyhfSample) => PyhfModifier);
    if (prior.distribution === "gaussian" && s.parameter === "signalNorm" && !lumiUsed) {
      lumiUsed = true;
      modifier = { name: "lumi", type: "lumi", data: null };
      parameters.push({
        name: "lumi",
        auxdata: [1],
        sigmas: [prior.sigma],
        inits: [1],
        bounds: [[0, 1 + ALPHA_LIMIT * prior.sigma]],
      });
    } else if (prior.distribution === "gaussian") {
      // (1 + sigma alpha) x counts, linear in alpha: renp's gaussian scale exactly.
      const sigma = prior.sigma;
      modifier = (sample) => ({
        name: s.name,
        type: "histosys",
        data: {
          lo_data: sample.data.map((v) => (1 - sigma) * v),
          hi_data: sample.data.map((v) => (1 + sigma) * v),
        },
      });
      parameters.push({ name: s.name, inits: [0], bounds: [[-1 / sigma, ALPHA_LIMIT]] });
    } else if (prior.distribution === "lognormal") {
      modifier = {
        name: s.name,
        type: "normsys",
        data: { lo: Math.exp(-prior.sigma), hi: Math.exp(prior.sigma) },
      };
      parameters.push({ name: s.name, inits: [0], bounds: [[-ALPHA_LIMIT, ALPHA_LIMIT]] });
    } else {
      modifier = { name: s.name, type: "normfactor", data: null };
      parameters.push({
        name: s.name,
        inits: [Math.min(prior.max, Math.max(prior.min, 1))],
        bounds: [[prior.min, prior.max]],
      });
    }
    for (const t of targets) {
      const sample = sampleByName.get(t);
      if (!sample) throw new InputError(`systematic ${s.name}: no sample named ${t}`);
      sample.modifiers.push(typeof modifier === "function" ? modifier(sample) : modifier);
    }
  }

  return {
    workspace: {
      channels: [{ name: PYHF_CHANNEL, samples }],
      measurements: [
        { name: `${scenario.name}_${PYHF_POI}`, config: { poi: PYHF_POI, parameters } },
      ],
      observations: [{ name: PYHF_CHANNEL, data: pick(observed) }],
      version: PYHF_WORKSPACE_VERSION,
    },
    unmapped,
    droppedBins,
  };
}

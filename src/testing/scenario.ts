/**
 * arbScenario: fast-check arbitraries of valid scenarios (docs/testing.md). Every value passes
 * validateScenario (test/testing/scenario.test.ts checks 500). Numbers are drawn as a distance
 * from the reference scenario's value (generators/yb-majorana-normal.json), usually in decades,
 * and structural choices list the reference's first, so a failing case shrinks towards the
 * reference scenario: Yb, Majorana, normal ordering, the preset mixing, equal bins, no
 * backgrounds, systematics or BSM terms.
 *
 * The parts, in testing/scenario/: draw.ts (the shrinking helpers), target.ts (targets and
 * neutrinos), backgrounds.ts, systematics.ts, bsm.ts; this module puts the scan, exposure and
 * detector around them.
 */
import fc from "fast-check";
import type { ScenarioInput } from "../scenario/schema.js";
import { GAUSS_CUT_SIGMAS } from "../experiment/linewidth.js";
import {
  backgroundArb,
  nodes,
  tableArb,
  type BackgroundBuilder,
  type BackgroundKind,
} from "./scenario/backgrounds.js";
import { bsmArb, type BsmKind } from "./scenario/bsm.js";
import {
  choice,
  compact,
  decades,
  firstFirst,
  intNear,
  near,
  optional,
  type Obj,
} from "./scenario/draw.js";
import { systematicArb, systematicJson, type SystematicDraw } from "./scenario/systematics.js";
import { eegOf, neutrinoArb, targetArb, YB, type TargetChoice } from "./scenario/target.js";

export type { BackgroundKind, BsmKind, TargetChoice };
/** How the scan is given: equal bins, explicit edges, or scan points. */
export type ScanMode = "bins" | "edges" | "points";

export interface ArbScenarioOptions {
  /** Number of bins (or scan points). Default { min: 1, max: 40 }. */
  bins?: { min?: number; max?: number };
  /** Scan layouts to draw from. Default all: equal bins, explicit edges, scan points. */
  scanModes?: readonly ScanMode[];
  /** Preset targets (Yb, Xe, ...), custom target objects, or both (the default). */
  targets?: readonly TargetChoice[];
  /** false: no backgrounds; true (default): every kind; or the kinds to draw from. */
  backgrounds?: boolean | readonly BackgroundKind[];
  /** At most this many backgrounds. Default 3. */
  maxBackgrounds?: number;
  /** Draw systematics (nuisance parameters). Default true. */
  systematics?: boolean;
  /** false (default): no BSM terms; true: any; or the kinds (keys of `bsm`) to draw from. */
  bsm?: boolean | readonly BsmKind[];
  /** Allow a Gaussian laser line (slower expectations). Default true. */
  laserLinewidth?: boolean;
  /** Allow eta and efficiency tables instead of numbers. Default true. */
  tables?: boolean;
}

const BACKGROUND_KINDS: readonly BackgroundKind[] = ["flat", "psr", "qed3gamma", "table"];
const BSM_KINDS: readonly BsmKind[] = [
  "vectorMediator",
  "scalarMediator",
  "electromagnetic",
  "nonUnitarity",
];

/** The reference scan (Yb): [1.0685, 1.0718] eV, reaching just above E_eg/2 = 1.071745 eV. */
const REFERENCE_SCAN_EV = [1.0685, 1.0718] as const;

/**
 * Where the scan lies: its top moved from the reference's (relative to E_eg/2, where the
 * thresholds E_eg/2 - (m_i + m_j)^2 / (2 E_eg) gather) and its width in decades of the reference's,
 * both scaled by 1/E_eg for other targets.
 */
const scanShape = fc.record({
  topShiftEv: near(0, -2e-2, 1.5e-4),
  widthDecades: near(0, -2.5, 1),
});

/**
 * Valid scenarios: targets (presets and custom objects), both natures and orderings, the lightest
 * mass (0 included), preset or custom mixing, scan modes (equal bins, edges, points) and sizes,
 * exposures (one or per bin), eta and efficiency (numbers or tables), a laser line, every
 * background kind, systematics on every parameter and, when asked, BSM terms. Each value passes
 * validateScenario; restrict the parts with `options`.
 */
export function arbScenario(options: ArbScenarioOptions = {}): fc.Arbitrary<ScenarioInput> {
  const minBins = options.bins?.min ?? 1;
  const maxBins = options.bins?.max ?? 40;
  if (!(
    Number.isInteger(minBins) &&
    minBins >= 1 &&
    Number.isInteger(maxBins) &&
    maxBins >= minBins
  ))
    throw new RangeError(
      `arbScenario: bins must satisfy 1 <= min <= max, got ${minBins}..${maxBins}`,
    );
  const modes = options.scanModes ?? ["bins", "edges", "points"];
  if (modes.length === 0) throw new RangeError("arbScenario: options.scanModes is empty");
  const backgroundKinds =
    options.backgrounds === false
      ? []
      : options.backgrounds === true || options.backgrounds === undefined
        ? BACKGROUND_KINDS
        : options.backgrounds;
  const bsmKinds =
    options.bsm === true
      ? BSM_KINDS
      : options.bsm === false || options.bsm === undefined
        ? []
        : options.bsm;
  const tables = options.tables ?? true;

  const parts = fc.record({
    target: targetArb(options.targets ?? ["preset", "custom"]),
    neutrino: neutrinoArb,
    scan: scanShape.chain((shape) =>
      fc
        .record({
          mode: choice(modes),
          bins: intNear(66, minBins, maxBins),
        })
        .chain(({ mode, bins }) =>
          fc.record({
            shape: fc.constant(shape),
            mode: fc.constant(mode),
            bins: fc.constant(bins),
            edgeWeights:
              mode === "bins"
                ? fc.constant<number[]>([])
                : fc.array(fc.double({ min: 0.2, max: 5, noNaN: true }), {
                    minLength: bins,
                    maxLength: bins,
                  }),
            exposure: firstFirst(
              decades(86400, 2, 1),
              fc.array(decades(86400, 2, 1), { minLength: bins, maxLength: bins }),
            ),
          }),
        ),
    ),
    numberDensityPerCm3: decades(1e21, 2, 1),
    volumeCm3: decades(100, 1, 1),
    eta: tables
      ? firstFirst(fc.constant(1), near(1, 0.01, 1), tableArb(near(1, 0.01, 1)))
      : firstFirst(fc.constant(1), near(1, 0.01, 1)),
    laserLinewidthEv:
      options.laserLinewidth === false
        ? fc.constant(0)
        : firstFirst(fc.constant(0), decades(2e-5, 2, 0.5)),
    efficiency: tables ? firstFirst(near(0.8, 0, 1), tableArb(near(0.8, 0, 1))) : near(0.8, 0, 1),
    backgrounds:
      backgroundKinds.length === 0
        ? fc.constant<(readonly [BackgroundKind, BackgroundBuilder])[]>([])
        : fc.array(
            firstFirst(...backgroundKinds.map((k) => backgroundArb(k).map((b) => [k, b] as const))),
            {
              maxLength: options.maxBackgrounds ?? 3,
            },
          ),
    systematics:
      options.systematics === false
        ? fc.constant<SystematicDraw[]>([])
        : fc.array(systematicArb, { maxLength: 3 }),
    bsm: bsmKinds.length === 0 ? fc.constant(undefined) : bsmArb(bsmKinds),
    spinProjection: optional(choice(["isotropic", "transverse"] as const)),
    seed: fc.nat(),
    toys: intNear(1000, 1, 1000),
  });

  return parts.map((p): ScenarioInput => {
    const eegEv = eegOf(p.target);
    const scale = YB.eegEv / eegEv; // threshold offsets from E/2 go as 1/E_eg
    const { topShiftEv, widthDecades } = p.scan.shape;
    const [refLo, refHi] = REFERENCE_SCAN_EV.map((w) => w + (eegEv - YB.eegEv) / 2);
    const hi = refHi + topShiftEv * scale;
    // (The reference's own edges when nothing moved, exactly as written in its file.)
    const lo =
      topShiftEv === 0 && widthDecades === 0
        ? refLo
        : hi - (refHi - refLo) * 10 ** widthDecades * scale;
    const { mode, bins } = p.scan;
    let scan: Obj;
    let edges: number[];
    if (mode === "bins") {
      scan = { omegaMinEv: lo, omegaMaxEv: hi, bins };
      edges = nodes(lo, hi, bins + 1);
    } else {
      // Edge i at lo + (w_0 + ... + w_{i-1}) / sum(w) of the range: positive weights, increasing edges.
      const w = p.scan.edgeWeights;
      const total = w.reduce((x, y) => x + y, 0);
      let sum = 0;
      edges = [lo];
      for (let i = 0; i < w.length - 1; i++) edges.push(lo + ((sum += w[i]) / total) * (hi - lo));
      edges.push(hi);
      scan =
        mode === "edges"
          ? { edgesEv: edges }
          : { pointsEv: edges.slice(0, -1).map((e, i) => (e + edges[i + 1]) / 2) };
    }
    scan.exposurePerBinS = p.scan.exposure;
    const scanned = mode === "points" ? (scan.pointsEv as number[]) : edges;
    const [first, last] = [scanned[0], scanned[scanned.length - 1]];
    let narrowest = Infinity;
    for (let i = 1; i < scanned.length; i++)
      narrowest = Math.min(narrowest, scanned[i] - scanned[i - 1]);
    if (!Number.isFinite(narrowest)) narrowest = hi - lo;

    // Tables cover what they are evaluated on: eta the scan and its laser window up to E/2.
    const reach = GAUSS_CUT_SIGMAS * p.laserLinewidthEv;
    const pad = 1e-3 * (last - first) + 1e-9;
    const eta = Array.isArray(p.eta)
      ? {
          omegaEv: nodes(first - reach - pad, last + reach + pad, p.eta.length),
          value: p.eta,
        }
      : p.eta;
    const efficiency = Array.isArray(p.efficiency)
      ? { omegaEv: nodes(first - pad, last + pad, p.efficiency.length), value: p.efficiency }
      : p.efficiency;

    const backgrounds = p.backgrounds.map(([kind, build], i) => ({
      ...build(eegEv, first, last),
      name: `${kind}${i}`,
    }));
    const names = backgrounds.map((b) => b.name);
    const systematics = p.systematics.map((s, i) => systematicJson(s, `sys${i}`, names, narrowest));
    const nature = (p.neutrino as { nature: string }).nature;

    return {
      name: "arbitrary",
      seed: p.seed,
      toys: p.toys,
      target: p.target,
      neutrino: p.neutrino,
      experiment: compact({
        numberDensityPerCm3: p.numberDensityPerCm3,
        volumeCm3: p.volumeCm3,
        eta,
        laserLinewidthEv: p.laserLinewidthEv,
        spinProjection: p.spinProjection,
        scan,
      }),
      detector: { efficiency },
      backgrounds,
      systematics,
      bsm: p.bsm ? p.bsm(nature) : {},
    } as unknown as ScenarioInput;
  });
}

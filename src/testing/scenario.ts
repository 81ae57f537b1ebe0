/**
 * arbScenario: fast-check arbitraries of valid scenarios (docs/testing.md). Every value passes
 * validateScenario (test/testing/scenario.test.ts checks 500). Numbers are drawn as a distance
 * from the reference scenario's value (generators/yb-majorana-normal.json), usually in decades,
 * and structural choices list the reference's first, so a failing case shrinks towards the
 * reference scenario: Yb, Majorana, normal ordering, the preset mixing, equal bins, no
 * backgrounds, systematics or BSM terms.
 */
import fc from "fast-check";
import { TARGET_PRESETS } from "../physics/atoms.js";
import { MIXING_PRESETS } from "../physics/neutrino.js";
import type { ScenarioInput } from "../scenario/schema.js";
import { GAUSS_CUT_SIGMAS } from "../experiment/linewidth.js";

export type BackgroundKind = "flat" | "psr" | "qed3gamma" | "table";
export type BsmKind = "vectorMediator" | "scalarMediator" | "electromagnetic" | "nonUnitarity";
export type ScanMode = "bins" | "edges" | "points";
export type TargetChoice = "preset" | "custom";

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
const YB = TARGET_PRESETS.Yb;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Entry = number | { re: number; im: number };
type Matrix = Entry[][];

/** A double in [min, max] that shrinks towards `ref` (which must lie in the range). */
const near = (ref: number, min: number, max: number): fc.Arbitrary<number> =>
  fc
    .double({ min: min - ref, max: max - ref, noNaN: true })
    .map((d) => Math.min(max, Math.max(min, ref + d)));

/** ref x 10^e with e in [-down, up], shrinking towards ref. */
const decades = (ref: number, down: number, up: number): fc.Arbitrary<number> =>
  fc.double({ min: -down, max: up, noNaN: true }).map((e) => ref * 10 ** e);

/** An integer in [min, max] that shrinks towards `ref` clamped into the range. */
function intNear(ref: number, min: number, max: number): fc.Arbitrary<number> {
  const r = Math.min(max, Math.max(min, ref));
  return fc.integer({ min: min - r, max: max - r }).map((d) => r + d);
}

/** One of the arbitraries, shrinking across to the first (where the reference's choice is listed). */
const firstFirst = <Ts extends fc.Arbitrary<unknown>[]>(...arbs: Ts) =>
  fc.oneof({ withCrossShrink: true }, ...arbs);

/** The reference value first, so constantFrom shrinks to it. */
const choice = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

const signed = (magnitude: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.tuple(magnitude, fc.boolean()).map(([m, negative]) => (negative ? -m : m));

/** A 3x3 hermitian matrix: real diagonal, conjugate pairs off it; entries zero or of the given size. */
function hermitian(size: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const maybe = firstFirst(fc.constant(0), signed(size));
  return fc.array(maybe, { minLength: 9, maxLength: 9 }).map((v) => {
    const m: Matrix = [
      [v[0], 0, 0],
      [0, v[1], 0],
      [0, 0, v[2]],
    ];
    const offDiagonal: [number, number, number, number][] = [
      [0, 1, v[3], v[4]],
      [0, 2, v[5], v[6]],
      [1, 2, v[7], v[8]],
    ];
    for (const [i, j, re, im] of offDiagonal) {
      m[i][j] = im === 0 ? re : { re, im };
      m[j][i] = im === 0 ? re : { re, im: -im };
    }
    return m;
  });
}

/** Purely imaginary antisymmetric (hermitian and antisymmetric: Majorana transition moments). */
function imaginaryAntisymmetric(size: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const maybe = firstFirst(fc.constant(0), signed(size));
  return fc.array(maybe, { minLength: 3, maxLength: 3 }).map(([a, b, c]) => {
    const e = (x: number): Entry => ({ re: 0, im: x });
    return [
      [0, e(a), e(b)],
      [e(-a), 0, e(c)],
      [e(-b), e(-c), 0],
    ];
  });
}

/** Real symmetric (hermitian and symmetric: the Majorana anapole). */
function realSymmetric(size: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const maybe = firstFirst(fc.constant(0), signed(size));
  return fc.array(maybe, { minLength: 6, maxLength: 6 }).map(([a, b, c, d, e, f]) => [
    [a, d, e],
    [d, b, f],
    [e, f, c],
  ]);
}

/** Drops keys whose value is undefined (optional fields left out). */
function compact(o: { [key: string]: Json | undefined }): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Obj;
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined });

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

function targetArb(choices: readonly TargetChoice[]): fc.Arbitrary<Json> {
  const presets = choice(
    Object.keys(TARGET_PRESETS).sort((a, b) => (a === "Yb" ? -1 : b === "Yb" ? 1 : 0)),
  );
  const custom = fc
    .record({
      eegEv: decades(YB.eegEv, 0.3, 0.6),
      gapFraction: decades(YB.epgEv / YB.eegEv - 1, 1, 0.8),
      gammaPgPerS: decades(YB.gammaPgPerS, 1, 3),
      jP: choice([1, 0, 0.5, 1.5, 2]),
      cEp: decades(YB.cEp, 0.5, 0.5),
      spinFactorXi: optional(decades(1, 0.5, 0.5)),
      // E1 x M1 (the default, like Yb and Xe) or E1 x E1 with its dipole matrix element.
      transition: optional(choice(["E1xM1", "E1xE1"] as const)),
      dipoleEpBohr: decades(1, 0.5, 0.5),
    })
    .map(({ gapFraction, dipoleEpBohr, ...t }) =>
      compact({
        name: "custom",
        ...t,
        epgEv: t.eegEv * (1 + gapFraction),
        dipoleEpBohr: t.transition === "E1xE1" ? dipoleEpBohr : undefined,
      }),
    );
  const arbs: fc.Arbitrary<Json>[] = [];
  if (choices.includes("preset")) arbs.push(presets);
  if (choices.includes("custom")) arbs.push(custom);
  if (arbs.length === 0) throw new RangeError("arbScenario: options.targets is empty");
  return firstFirst(...arbs);
}

function eegOf(target: Json): number {
  return typeof target === "string"
    ? TARGET_PRESETS[target].eegEv
    : ((target as Obj).eegEv as number);
}

const neutrinoArb = fc
  .record({
    nature: choice(["majorana", "dirac"] as const),
    ordering: choice(["normal", "inverted"] as const),
    lightestMassEv: firstFirst(decades(0.01, 3, 1.3), fc.constant(0)),
    preset: choice(Object.keys(MIXING_PRESETS)),
    custom: optional(
      fc.record({
        theta12Deg: near(33.68, 0, 90),
        theta13Deg: near(8.56, 0, 90),
        theta23Deg: near(43.3, 0, 90),
        deltaDeg: near(212, 0, 360),
        dm21Ev2: decades(7.49e-5, 0.3, 0.3),
        dm3lEv2Magnitude: decades(2.513e-3, 0.3, 0.3),
      }),
    ),
    majoranaPhasesDeg: fc.record({ alpha21: near(0, 0, 360), alpha31: near(0, 0, 360) }),
  })
  .map(({ preset, custom, ...n }): Obj => {
    let mixing: Json = preset;
    if (custom) {
      const { dm3lEv2Magnitude, ...angles } = custom;
      mixing = {
        ...angles,
        dm3lEv2: n.ordering === "normal" ? dm3lEv2Magnitude : -dm3lEv2Magnitude,
      };
    }
    return { ...n, mixing };
  });

/** `count` table nodes from `from` to `to` (increasing), each with a value from `values`. */
const tableArb = (values: fc.Arbitrary<number>) => fc.array(values, { minLength: 2, maxLength: 5 });

function nodes(fromEv: number, toEv: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? toEv : fromEv + (i * (toEv - fromEv)) / (count - 1),
  );
}

type BackgroundBuilder = (eegEv: number, lo: number, hi: number) => Obj;

function backgroundArb(kind: BackgroundKind): fc.Arbitrary<BackgroundBuilder> {
  switch (kind) {
    case "flat":
      return fc
        .record({ ratePerS: decades(1e-6, 2, 2), applyEfficiency: fc.boolean() })
        .map((b) => () => ({ kind, ...b }));
    case "psr":
      return fc
        .record({
          peakRatePerS: decades(1e-3, 2, 2),
          fwhmEv: decades(1e-4, 1, 1),
          profile: choice(["lorentzian", "gaussian"]),
          centerOffsetEv: optional(near(0, -1e-3, 1e-3)),
          applyEfficiency: fc.boolean(),
        })
        .map(
          ({ centerOffsetEv, ...b }) =>
            (eegEv: number) =>
              compact({
                kind,
                ...b,
                centerEv: centerOffsetEv === undefined ? undefined : eegEv / 2 + centerOffsetEv,
              }),
        );
    case "qed3gamma":
      return fc
        .record({
          ratioToSm: decades(1e6, 2, 2),
          suppression: decades(1e-7, 2, 2),
          applyEfficiency: fc.boolean(),
        })
        .map((b) => () => ({ kind, ...b }));
    case "table":
      return fc
        .record({ rates: tableArb(decades(1e-6, 2, 2)), applyEfficiency: fc.boolean() })
        .map(({ rates, applyEfficiency }) => (_eegEv: number, lo: number, hi: number) => {
          // From below the scan to above it: the table may also end inside.
          const margin = Math.max(0.1 * (hi - lo), 1e-5);
          return {
            kind,
            omegaEv: nodes(lo - margin, hi + margin, rates.length),
            ratePerS: rates,
            applyEfficiency,
          };
        });
  }
}

const scalePrior = firstFirst(
  fc.record({ distribution: fc.constant("gaussian" as const), sigma: decades(0.1, 1, 0.6) }),
  fc.record({ distribution: fc.constant("lognormal" as const), sigma: decades(0.1, 1, 0.6) }),
  fc
    .record({ below: near(0.1, 0, 0.9), above: decades(0.1, 1, 0.6) })
    .map(({ below, above }) => ({ distribution: "uniform", min: 1 - below, max: 1 + above })),
);

/** An omega-offset prior as a fraction of the narrowest bin (the offset grid stays small). */
const offsetPrior = firstFirst(
  fc.record({ distribution: fc.constant("gaussian" as const), fraction: decades(0.01, 1, 0.5) }),
  fc.record({
    distribution: fc.constant("uniform" as const),
    below: decades(0.05, 1, 0.5),
    above: decades(0.05, 1, 0.5),
  }),
);

const systematicArb = firstFirst(
  fc.record({ parameter: fc.constant("signalNorm" as const), prior: scalePrior }),
  fc.record({
    parameter: fc.constant("backgroundNorm" as const),
    prior: scalePrior,
    which: fc.nat(9),
  }),
  fc.record({ parameter: fc.constant("efficiencyScale" as const), prior: scalePrior }),
  fc.record({ parameter: fc.constant("omegaOffsetEv" as const), prior: offsetPrior }),
);
type SystematicDraw = typeof systematicArb extends fc.Arbitrary<infer T> ? T : never;

function systematicJson(
  draw: SystematicDraw,
  name: string,
  backgroundNames: string[],
  narrowestEv: number,
): Obj {
  if (draw.parameter === "omegaOffsetEv") {
    const p = draw.prior;
    const prior =
      p.distribution === "gaussian"
        ? { distribution: p.distribution, sigma: p.fraction * narrowestEv }
        : { distribution: p.distribution, min: -p.below * narrowestEv, max: p.above * narrowestEv };
    return { name, parameter: draw.parameter, prior };
  }
  if (draw.parameter === "backgroundNorm") {
    if (backgroundNames.length === 0) return { name, parameter: "signalNorm", prior: draw.prior };
    const background = backgroundNames[draw.which % backgroundNames.length];
    return { name, parameter: draw.parameter, background, prior: draw.prior };
  }
  return { name, parameter: draw.parameter, prior: draw.prior };
}

/** Sizes near the built-in generators': transition moments 4e-11 mu_B; radii and anapoles ~1e-32 cm^2. */
const MOMENT_MUB = decades(4e-11, 1, 0.5);
const RADIUS_CM2 = decades(1e-32, 1, 1);
const EM_KEYS = ["magneticMomentMuB", "electricDipoleMuB", "chargeRadiusCm2", "anapoleCm2"];

function bsmArb(kinds: readonly BsmKind[]): fc.Arbitrary<(nature: string) => Obj> {
  const mediatorWidth = decades(1e-2, 2, 1); // widthEv / massEv: > 0, so a pole in the scan is allowed
  const parts = {
    vectorMediator: fc
      .record({
        massEv: decades(1e-3, 1, 2.5),
        widthFraction: mediatorWidth,
        gE: signed(decades(1e-13, 1, 1)),
        gNuL: hermitian(decades(1e-13, 1, 1)),
        gNuR: optional(hermitian(decades(1e-13, 1, 1))),
      })
      .map(
        ({ widthFraction, ...m }) =>
          () =>
            compact({ ...m, widthEv: m.massEv * widthFraction }),
      ),
    scalarMediator: fc
      .record({
        massEv: decades(1e-3, 1, 2.5),
        widthFraction: mediatorWidth,
        yE: signed(decades(1e-12, 1, 1)),
        yNuS: hermitian(decades(1.5e-7, 1, 1)),
        yNuP: optional(hermitian(decades(1.5e-7, 1, 1))),
      })
      .map(
        ({ widthFraction, ...m }) =>
          () =>
            compact({ ...m, widthEv: m.massEv * widthFraction }),
      ),
    electromagnetic: fc
      .record({
        which: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 4 }),
        dirac: fc.tuple(
          hermitian(MOMENT_MUB),
          hermitian(MOMENT_MUB),
          hermitian(RADIUS_CM2),
          hermitian(RADIUS_CM2),
        ),
        majorana: fc.tuple(
          imaginaryAntisymmetric(MOMENT_MUB),
          imaginaryAntisymmetric(MOMENT_MUB),
          imaginaryAntisymmetric(RADIUS_CM2),
          realSymmetric(RADIUS_CM2),
        ),
      })
      .map(
        ({ which, dirac, majorana }) =>
          (nature: string): Obj =>
            Object.fromEntries(
              which.map((k) => [EM_KEYS[k], (nature === "majorana" ? majorana : dirac)[k]]),
            ),
      ),
    nonUnitarity: fc
      .record({
        diagonal: fc.array(firstFirst(fc.constant(0), near(0.1, 0, 0.2)), {
          minLength: 3,
          maxLength: 3,
        }),
        below: fc.array(firstFirst(fc.constant(0), signed(decades(0.01, 1, 0.7))), {
          minLength: 3,
          maxLength: 3,
        }),
        fermiConstant: optional(choice(["muon-decay", "input"] as const)),
      })
      .map(
        ({ diagonal: [a, b, c], below: [d, e, f], fermiConstant }) =>
          () =>
            compact({
              alpha: [
                [a, 0, 0],
                [d, b, 0],
                [e, f, c],
              ],
              fermiConstant,
            }),
      ),
  };
  const picks = kinds.map((k) => parts[k].map((build) => [k, build] as const));
  return fc
    .uniqueArray(firstFirst(...picks), {
      minLength: 1,
      maxLength: kinds.length,
      selector: ([k]) => k,
    })
    .map((chosen) => (nature: string) => {
      const out: Obj = {};
      for (const [k, build] of chosen) out[k] = build(nature);
      return out;
    });
}

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

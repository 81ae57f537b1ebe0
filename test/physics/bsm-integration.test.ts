/**
 * BSM models end to end: the built-in bsm-* generators through validateScenario, resolveScenario
 * and computeExpectation, against their SM counterparts (same scenario, bsm: {}); the threshold
 * rule (a coupling in element (i, j) changes the spectrum only below omega_ij); magnetic versus
 * electric moments of equal size (different shapes, docs/physics/electromagnetic.md); the mediator pole check.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../helpers/fixtures.js";
import {
  resolveScenario,
  validateScenario,
  type ResolvedScenario,
} from "../../src/scenario/load.js";
import {
  checkBsmAgainstScan,
  checkBsmConsistency,
  type Bsm,
  type MatrixInput,
} from "../../src/scenario/bsm.js";
import { computeExpectation } from "../../src/expectation.js";
import { thresholdEv } from "../../src/physics/spectrum/kinematics.js";

const GENERATORS = join(REPO_DIR, "generators");
const NAMES = [
  "bsm-vector-mediator",
  "bsm-scalar-mediator",
  "bsm-magnetic-moment",
  "bsm-electric-dipole",
  "bsm-non-unitarity",
];
const readText = (name: string): string => readFileSync(join(GENERATORS, `${name}.json`), "utf8");
const load = (name: string): ResolvedScenario =>
  resolveScenario(validateScenario(JSON.parse(readText(name)), name));
// The BSM properties below were derived in the literature's isotropic projection (the transverse
// one removes the scalar entirely: test/physics/projection.test.ts), so the reference names it.
const REFERENCE_TRANSVERSE = load("yb-majorana-normal");
const REFERENCE: ResolvedScenario = {
  ...REFERENCE_TRANSVERSE,
  experiment: { ...REFERENCE_TRANSVERSE.experiment, spinProjection: "isotropic" },
};

const muTotal = (s: ResolvedScenario, bsm: Bsm): Float64Array =>
  computeExpectation({ ...s, bsm }).muTotal;

/** (mu_bsm - mu_sm)/mu_sm per bin, 0 where mu_sm = 0. */
const relativeChange = (bsm: ArrayLike<number>, sm: ArrayLike<number>): number[] =>
  Array.from(bsm, (m, k) => (sm[k] > 0 ? (m - sm[k]) / sm[k] : 0));

const zeros = (): MatrixInput => [0, 1, 2].map(() => [0, 0, 0]);
/** A matrix with one transition element: [i][j] = value, [j][i] = its hermitian partner. */
function oneElement(i: number, j: number, value: number, antisymmetric: boolean): MatrixInput {
  const m = zeros();
  m[i][j] = antisymmetric ? { re: 0, im: value } : value;
  m[j][i] = antisymmetric ? { re: 0, im: -value } : value;
  return m;
}
const transitions = (x: number): MatrixInput => {
  const m = zeros();
  for (const [i, j] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ]) {
    m[i][j] = { re: 0, im: x };
    m[j][i] = { re: 0, im: -x };
  }
  return m;
};

describe("built-in bsm generators", () => {
  for (const name of NAMES) {
    it(`${name}: documented, valid, consistent, pole-free, visibly different from the SM`, () => {
      const text = readText(name);
      const json = JSON.parse(text);
      expect(Object.keys(json)[0]).toBe("$schema");
      expect(json.$schema).toBe("./scenario.schema.json");
      expect(json.name).toBe(name);
      const [first, ...rest] = String(json.description).split("\n");
      expect(first.length).toBeGreaterThan(20);
      expect(first.length).toBeLessThan(200);
      expect(rest.join(" ").length).toBeGreaterThan(100);

      const s = load(name);
      // Same experiment and neutrinos as the reference; only bsm (and the projection, which each
      // generator names with its reason) differs.
      expect({ ...s, name: "", description: undefined, $schema: undefined, bsm: {} }).toEqual({
        ...REFERENCE,
        experiment: { ...REFERENCE.experiment, spinProjection: s.experiment.spinProjection },
        name: "",
        description: undefined,
        $schema: undefined,
        bsm: {},
      });
      expect(Object.keys(s.bsm).length).toBeGreaterThan(0);
      expect(checkBsmConsistency(s.bsm, s.neutrino.nature)).toEqual([]);
      const scan = s.experiment.scan;
      expect(
        checkBsmAgainstScan(s.bsm, s.target.eegEv, scan.omegaMinEv!, scan.omegaMaxEv!, {
          lightestMassEv: s.neutrino.lightestMassEv,
          laserLinewidthEv: s.experiment.laserLinewidthEv,
        }),
      ).toEqual([]);

      const bsm = computeExpectation(s);
      const sm = muTotal(s, {});
      const r = relativeChange(bsm.muTotal, sm);
      // Visible: tens of per cent in some bins.
      expect(Math.max(...r.map(Math.abs))).toBeGreaterThan(0.2);
      // Only where the SM has open channels: every model lives on the same pair thresholds.
      const top = Math.max(...bsm.physics.spectrum.thresholdsEv);
      for (let k = 0; k < sm.length; k++) {
        expect(Number.isFinite(bsm.muTotal[k])).toBe(true);
        if (bsm.scan.loEv[k] >= top) {
          expect(sm[k]).toBe(0);
          expect(bsm.muTotal[k]).toBe(0);
        }
      }
    });
  }

  it("the moments change nothing above the highest transition threshold omega_12", () => {
    for (const name of ["bsm-magnetic-moment", "bsm-electric-dipole"]) {
      const s = load(name);
      const e = computeExpectation(s);
      const sm = muTotal(s, {});
      const [m1, m2] = e.physics.massesEv;
      // m1 + m2 is the smallest transition pair mass: omega_12 is the highest transition threshold,
      // above it only the 11 channel (no moment for Majorana) is open.
      const w12 = thresholdEv(s.target.eegEv, m1, m2);
      let checked = 0;
      for (let k = 0; k < sm.length; k++) {
        if (e.scan.loEv[k] >= w12 && sm[k] > 0) {
          expect(Math.abs(e.muTotal[k] - sm[k])).toBeLessThanOrEqual(1e-12 * sm[k]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("a coupling in element (i, j) changes the spectrum only below omega_ij", () => {
  // Scan points straddling omega_13 (0-based pair (0, 2)), all below the highest threshold.
  const [m1, , m3] = computeExpectation(REFERENCE).physics.massesEv;
  const eeg = REFERENCE.target.eegEv;
  const w13 = thresholdEv(eeg, m1, m3);
  const top = thresholdEv(eeg, m1, m1);
  const below = [w13 - 2e-3, w13 - 1e-4, w13 - 1e-6];
  const above = [w13 + 1e-6, w13 + 1e-4, (w13 + top) / 2];
  const points = [...below, ...above];
  const scenario: ResolvedScenario = {
    ...REFERENCE,
    experiment: { ...REFERENCE.experiment, scan: { pointsEv: points, exposurePerBinS: 86400 } },
  };
  const sm = muTotal(scenario, {});

  const cases: [string, Bsm][] = [
    [
      "vector g^nu_L[0][2]",
      { vectorMediator: { massEv: 1, gE: 1e-12, gNuL: oneElement(0, 2, 1e-11, false) } },
    ],
    [
      "scalar y_S[0][2]",
      { scalarMediator: { massEv: 1e-3, yE: 1e-12, yNuS: oneElement(0, 2, 3e-7, false) } },
    ],
    [
      "scalar y_P[0][2]",
      { scalarMediator: { massEv: 1e-3, yE: 1e-12, yNuP: oneElement(0, 2, 3e-7, false) } },
    ],
    [
      "magnetic mu[0][2]",
      { electromagnetic: { magneticMomentMuB: oneElement(0, 2, 5e-11, true) } },
    ],
    [
      "electric eps[0][2]",
      { electromagnetic: { electricDipoleMuB: oneElement(0, 2, 5e-11, true) } },
    ],
  ];
  for (const [label, bsm] of cases) {
    it(label, () => {
      expect(checkBsmConsistency(bsm, "majorana")).toEqual([]);
      const mu = muTotal(scenario, bsm);
      for (let k = 0; k < points.length; k++) {
        expect(sm[k]).toBeGreaterThan(0);
        const r = Math.abs(mu[k] - sm[k]) / sm[k];
        if (points[k] > w13) expect(r).toBeLessThanOrEqual(1e-12);
      }
      // Well below omega_13 the change is visible (the eps term vanishes at the threshold itself).
      expect(Math.abs(mu[0] - sm[0]) / sm[0]).toBeGreaterThan(1e-3);
    });
  }
});

describe("magnetic and electric moments of equal size have different spectral shapes", () => {
  const x = 4e-11;
  const sm = muTotal(REFERENCE, {});
  const dMu = Array.from(
    muTotal(REFERENCE, { electromagnetic: { magneticMomentMuB: transitions(x) } }),
    (m, k) => m - sm[k],
  );
  const dEps = Array.from(
    muTotal(REFERENCE, { electromagnetic: { electricDipoleMuB: transitions(x) } }),
    (m, k) => m - sm[k],
  );

  it("the ratio of their changes is not constant across the scan", () => {
    const ratios = dMu
      .map((d, k) => (d > 1e-6 * sm[k] && sm[k] > 1e-3 ? dEps[k] / d : NaN))
      .filter(Number.isFinite);
    expect(ratios.length).toBeGreaterThan(40);
    const lo = Math.min(...ratios);
    const hi = Math.max(...ratios);
    // Far below the thresholds (massless limit) the two agree; near them eps falls away.
    expect(hi).toBeGreaterThan(0.6);
    expect(lo).toBeLessThan(0.2);
    expect(ratios[0]).toBeGreaterThan(0.6);
  });

  it("eps vanishes at a threshold while mu does not", () => {
    const [m1, m2] = computeExpectation(REFERENCE).physics.massesEv;
    const w12 = thresholdEv(REFERENCE.target.eegEv, m1, m2);
    const near = [w12 - 1e-7, w12 - 1e-3];
    const s: ResolvedScenario = {
      ...REFERENCE,
      experiment: { ...REFERENCE.experiment, scan: { pointsEv: near, exposurePerBinS: 86400 } },
    };
    const base = muTotal(s, {});
    const mu = muTotal(s, { electromagnetic: { magneticMomentMuB: oneElement(0, 1, x, true) } });
    const eps = muTotal(s, { electromagnetic: { electricDipoleMuB: oneElement(0, 1, x, true) } });
    const ratioNear = (eps[0] - base[0]) / (mu[0] - base[0]);
    const ratioFar = (eps[1] - base[1]) / (mu[1] - base[1]);
    expect(mu[0] - base[0]).toBeGreaterThan(0);
    expect(ratioNear).toBeLessThan(1e-2);
    expect(ratioFar).toBeGreaterThan(0.3);
  });
});

describe("checkBsmAgainstScan: a mediator pole inside the scan needs a width", () => {
  const eeg = REFERENCE.target.eegEv;
  const lo = 1.0685;
  const hi = 1.0718;
  const opts = { lightestMassEv: 0.01 };
  const omegaM = (m: number): number => (eeg - (m * m) / eeg) / 2;

  it("rejects a zero or absent width when omega_M is inside, naming the field", () => {
    for (const kind of ["vectorMediator", "scalarMediator"] as const) {
      const m = 0.05;
      expect(omegaM(m)).toBeGreaterThan(lo);
      const bsm: Bsm =
        kind === "vectorMediator"
          ? { vectorMediator: { massEv: m, gE: 1e-13, gNuL: zeros() } }
          : { scalarMediator: { massEv: m, yE: 1e-13, widthEv: 0 } };
      const v = checkBsmAgainstScan(bsm, eeg, lo, hi, opts);
      expect(v).toHaveLength(1);
      expect(v[0].path).toEqual([kind, "widthEv"]);
      expect(v[0].message).toContain(`bsm.${kind}.widthEv`);
      const withWidth: Bsm =
        kind === "vectorMediator"
          ? { vectorMediator: { massEv: m, gE: 1e-13, widthEv: 1e-4 } }
          : { scalarMediator: { massEv: m, yE: 1e-13, widthEv: 1e-4 } };
      expect(checkBsmAgainstScan(withWidth, eeg, lo, hi, opts)).toEqual([]);
    }
  });

  it("accepts poles outside the scan, below every pair mass, and M = 0", () => {
    const v = (massEv: number) => ({ vectorMediator: { massEv, gE: 1e-13 } });
    expect(checkBsmAgainstScan(v(1), eeg, lo, hi, opts)).toEqual([]); // omega_M = 0.838 eV
    expect(checkBsmAgainstScan(v(1e-3), eeg, lo, hi, opts)).toEqual([]); // M < 2 m_lightest: never on shell
    expect(checkBsmAgainstScan(v(0), eeg, lo, hi, {})).toEqual([]);
    // Without the lightest mass the check is conservative.
    expect(checkBsmAgainstScan(v(1e-3), eeg, lo, hi)).toHaveLength(1);
  });

  it("widens the range by the laser window", () => {
    const m = Math.sqrt(eeg * (eeg - 2 * (lo - 1e-5))); // omega_M 10 micro-eV below the scan
    const bsm: Bsm = { vectorMediator: { massEv: m, gE: 1e-13 } };
    expect(checkBsmAgainstScan(bsm, eeg, lo, hi, opts)).toEqual([]);
    expect(checkBsmAgainstScan(bsm, eeg, lo, hi, { ...opts, laserLinewidthEv: 2e-6 })).toHaveLength(
      1,
    );
  });
});

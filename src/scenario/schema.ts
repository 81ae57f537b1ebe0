/**
 * The scenario: one zod schema that validates a scenario file, gives the TypeScript types and is
 * exported as JSON Schema for editors (generators/scenario.schema.json). Field names are the
 * contract of the README ("A scenario, step by step"); every quantity with a unit carries it
 * in its key; unknown keys are errors.
 */
import { maxOf, minOf } from "../numerics/extent.js";
import { z } from "zod";
import { TARGET_PRESETS } from "../physics/atoms.js";
import { MIXING_PRESETS } from "../physics/neutrino.js";
import { bsmSchema, checkBsmAgainstScan, checkBsmConsistency } from "./bsm.js";
import { systematicSchema, systematicsProblems } from "../experiment/systematics.js";
import { GAUSS_CUT_SIGMAS } from "../experiment/linewidth.js";

/** The version of the scenario format this renp reads and writes (`schemaVersion`). */
export const SCENARIO_SCHEMA_VERSION = 1;

const finite = () => z.number().finite();
const positive = () => finite().positive();
const nonNegative = () => finite().nonnegative();
const unitInterval = () => finite().min(0).max(1);

/** Flags the first entry of `values` (at `path`) that does not exceed the one before it. */
function checkIncreasing(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  values: readonly number[],
): void {
  const k = values.findIndex((v, i) => i > 0 && !(v > values[i - 1]));
  if (k > 0) {
    ctx.addIssue({
      code: "custom",
      path: [...path, k],
      message: `${String(path[path.length - 1])} must be strictly increasing; ${values[k]} follows ${values[k - 1]}`,
    });
  }
}

/** A table {omegaEv, value} with linear interpolation: strictly increasing nodes, equal lengths. */
const omegaTable = (value: z.ZodNumber) =>
  z
    .strictObject({ omegaEv: z.array(positive()).min(2), value: z.array(value).min(2) })
    .superRefine((table, ctx) => {
      if (table.value.length !== table.omegaEv.length) {
        ctx.addIssue({
          code: "custom",
          path: ["value"],
          message: `needs as many entries as omegaEv (${table.omegaEv.length}), got ${table.value.length}`,
        });
      }
      checkIncreasing(ctx, ["omegaEv"], table.omegaEv);
    });

export const targetObjectSchema = z.strictObject({
  name: z.string().min(1),
  eegEv: positive().describe("E_eg: energy of the excited level e above the ground level g, eV"),
  epgEv: positive().describe(
    "E_pg: energy of the intermediate level p above g, eV (must exceed E_eg)",
  ),
  gammaPgPerS: positive().describe("radiative rate p -> g, s^-1"),
  jP: nonNegative().multipleOf(0.5).describe("angular momentum J_p of the intermediate level"),
  cEp: positive().describe("spin factor C_ep of the e-p matrix element"),
  spinFactorXi: positive()
    .default(1)
    .describe("electron-spin factor xi of the magnetic coupling (docs/physics/electromagnetic.md)"),
  transition: z
    .enum(["E1xM1", "E1xE1"])
    .optional()
    .describe(
      'how the pair couples between e and p (docs/physics/e1e1.md): "E1xM1" (default: e and p of the same parity, through the electron spin, like Yb and Xe) or "E1xE1" (opposite parity, singlet levels such as 1S0 -> 1P1 -> 1S0: through the electron\'s vector current and the dipole matrix element dipoleEpBohr; the charge radius and anapole then shift the vector coupling, the axial Z\' and the pseudo-scalar mediator do not couple)',
    ),
  electronVectorCoupling: z
    .enum(["tree", "pdg-effective"])
    .optional()
    .describe(
      'E1 x E1 only: the electron\'s neutral-current vector coupling g_V (docs/physics/e1e1.md section 2.1): "tree" (default) -1/2 + 2 sin^2 theta_W(0) = -0.0227; "pdg-effective" the radiatively corrected g_V^{nu e} = -0.0396 of the PDG electroweak review [recalled], which contains the SM neutrino charge radius: a "BSM <r^2>" reading depends on this choice',
    ),
  dipoleEpBohr: positive()
    .optional()
    .describe(
      "E1 x E1 only: the e-p dipole matrix element |<p|r|e>| = sqrt(sum over m_p of |<p, m_p|r|e>|^2), in Bohr radii a_0 (docs/physics/e1e1.md section 1)",
    ),
});

export const mixingObjectSchema = z.strictObject({
  name: z.string().optional().describe("where the numbers come from (kept for provenance)"),
  theta12Deg: finite().min(0).max(90),
  theta13Deg: finite().min(0).max(90),
  theta23Deg: finite().min(0).max(90),
  deltaDeg: finite(),
  dm21Ev2: positive(),
  dm3lEv2: finite().refine(
    (v) => v !== 0,
    "must be non-zero: > 0 for normal, < 0 (Delta m^2_32) for inverted ordering",
  ),
});

const neutrinoSchema = z.strictObject({
  nature: z.enum(["majorana", "dirac"]),
  ordering: z.enum(["normal", "inverted"]),
  lightestMassEv: nonNegative().max(10),
  mixing: z
    .union([z.enum(Object.keys(MIXING_PRESETS) as [string, ...string[]]), mixingObjectSchema])
    .default("nufit-6.0")
    .describe(
      'oscillation parameters: a preset of NuFIT 6.0 (arXiv:2410.05380, Table 1), "nufit-6.0" = "IC24 with SK atmospheric data" (default) or "nufit-6.0-ic19-nosk" = "IC19 without SK atmospheric data", or an object with your own values',
    ),
  majoranaPhasesDeg: z
    .strictObject({ alpha21: finite().default(0), alpha31: finite().default(0) })
    .default({ alpha21: 0, alpha31: 0 }),
});

/**
 * The most bins a scan may have: what renp serves in bounded memory and time (docs/outputs.md,
 * "Limits"): measured, generate peaks at ~0.35 GB and spectrum at ~0.14 GB at 1e5 bins.
 */
export const MAX_BINS = 100_000;

const scanSchema = z
  .strictObject({
    omegaMinEv: positive().optional(),
    omegaMaxEv: positive().optional(),
    bins: z.number().int().min(1).max(MAX_BINS).optional(),
    edgesEv: z
      .array(positive())
      .min(2)
      .max(MAX_BINS + 1)
      .optional(),
    pointsEv: z.array(positive()).min(1).max(MAX_BINS).optional(),
    exposurePerBinS: z.union([positive(), z.array(positive()).min(1).max(MAX_BINS)]),
  })
  .superRefine((scan, ctx) => {
    const equal =
      scan.omegaMinEv !== undefined || scan.omegaMaxEv !== undefined || scan.bins !== undefined;
    const modes = [equal, scan.edgesEv !== undefined, scan.pointsEv !== undefined].filter(
      Boolean,
    ).length;
    if (modes !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "give exactly one of {omegaMinEv, omegaMaxEv, bins}, edgesEv or pointsEv",
      });
      return;
    }
    if (equal) {
      for (const key of ["omegaMinEv", "omegaMaxEv", "bins"] as const) {
        if (scan[key] === undefined)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "is required with equal-width bins",
          });
      }
      if (
        scan.omegaMinEv !== undefined &&
        scan.omegaMaxEv !== undefined &&
        !(scan.omegaMinEv < scan.omegaMaxEv)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["omegaMinEv"],
          message: `must be below omegaMaxEv (${scan.omegaMaxEv})`,
        });
      } else if (
        scan.omegaMinEv !== undefined &&
        scan.omegaMaxEv !== undefined &&
        scan.bins !== undefined
      ) {
        // Bins narrower than ~1e-12 of omega would have coinciding edges in double precision.
        if (!((scan.omegaMaxEv - scan.omegaMinEv) / scan.bins > 1e-12 * scan.omegaMaxEv)) {
          ctx.addIssue({
            code: "custom",
            path: ["bins"],
            message: `gives bins narrower than 1e-12 of omega; use fewer bins or a wider range`,
          });
        }
      }
    }
    const edges = scan.edgesEv;
    if (edges) checkIncreasing(ctx, ["edgesEv"], edges);
    const count = scan.bins ?? (edges ? edges.length - 1 : scan.pointsEv?.length);
    if (
      Array.isArray(scan.exposurePerBinS) &&
      count !== undefined &&
      scan.exposurePerBinS.length !== count
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["exposurePerBinS"],
        message: `needs one exposure per bin (${count}), got ${scan.exposurePerBinS.length}`,
      });
    }
  });

const experimentSchema = z.strictObject({
  numberDensityPerCm3: positive().describe("number density n of excited atoms, cm^-3"),
  volumeCm3: positive().describe("target volume V, cm^3"),
  eta: z
    .union([unitInterval(), omegaTable(unitInterval())])
    .default(1)
    .describe("dynamical (coherence) factor in [0, 1]"),
  laserLinewidthEv: nonNegative()
    .default(0)
    .describe("Gaussian standard deviation of the trigger laser line, eV (0: ideal)"),
  spinProjection: z
    .enum(["isotropic", "transverse"])
    .default("transverse")
    .describe(
      'how the atomic spin operator is projected (docs/physics/standard-model.md section 2.4): "transverse" (default, the physical one for the collinear macro-coherent experiment) the amplitude eps^*.j with the trigger\'s polarisation eps transverse to the trigger axis: the pair carries helicity +-1 about the axis, the scalar mediator has no effect; "isotropic" the literature form (Dinh et al. 2013 I_ij, used by Ge & Pasquini): for reproducing published numbers; overstates the SM near the end point 30-2000x (pair function alone; 3x more with the coherent Gamma_0) and hides the Dirac/Majorana threshold difference',
    ),
  scan: scanSchema,
});

const detectorSchema = z.strictObject({
  efficiency: z.union([unitInterval(), omegaTable(unitInterval())]).default(1),
});

const backgroundName = z
  .string()
  .regex(/^[A-Za-z0-9_]+$/, "must be letters, digits and _ (it names the column mu_bkg_<name>)");

export const backgroundSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("flat"),
    name: backgroundName,
    ratePerS: nonNegative(),
    applyEfficiency: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("psr"),
    name: backgroundName,
    peakRatePerS: nonNegative().describe("PSR rate with the trigger on the line centre, s^-1"),
    fwhmEv: positive().describe("full width at half maximum of the observed PSR line, eV"),
    profile: z.enum(["lorentzian", "gaussian"]).default("lorentzian"),
    centerEv: positive().optional().describe("line centre, eV (default E_eg/2)"),
    applyEfficiency: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal("qed3gamma"),
    name: backgroundName,
    ratioToSm: nonNegative().describe("three-photon to massless-SM rate ratio before suppression"),
    suppression: unitInterval()
      .default(1)
      .describe("suppression factor (photonic crystal, phase imprinting)"),
    applyEfficiency: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal("table"),
    name: backgroundName,
    omegaEv: z.array(positive()).min(2),
    ratePerS: z.array(nonNegative()).min(2),
    applyEfficiency: z.boolean().default(true),
  }),
]);

/** A scenario name: a single, safe path segment (see the name field below). */
export const SCENARIO_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

const scenarioObject = z.strictObject({
  $schema: z.string().optional(),
  // One path segment of safe characters (it names the output folder outputs/<name>): no leading
  // '.', so neither "." nor ".." nor a hidden folder, and short enough for any file system.
  name: z
    .string()
    .regex(
      SCENARIO_NAME,
      "must be 1 to 100 letters, digits, '.', '_' or '-', not starting with '.' (it names the output folder outputs/<name>)",
    ),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  toys: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .default(1000),
  target: z.union([
    z.enum(Object.keys(TARGET_PRESETS) as [string, ...string[]]),
    targetObjectSchema,
  ]),
  neutrino: neutrinoSchema,
  experiment: experimentSchema,
  detector: detectorSchema.default({ efficiency: 1 }),
  backgrounds: z.array(backgroundSchema).default([]),
  systematics: z.array(systematicSchema).default([]),
  bsm: bsmSchema.default({}),
});

/** The scenario file's schema (zod): validation, defaults and the types below in one place. */
export const scenarioSchema = scenarioObject.superRefine(checkCrossFields);

/**
 * Checks that need more than one field: target levels ordered, mixing consistent with the
 * ordering, the scan inside 0 < omega < E_eg, tables covering it, names unique, systematics
 * naming real backgrounds, and the BSM rules (symmetries, poles, massless mediators).
 */
function checkCrossFields(s: z.output<typeof scenarioObject>, ctx: z.RefinementCtx): void {
  let eegEv: number;
  if (typeof s.target === "string") {
    eegEv = TARGET_PRESETS[s.target].eegEv;
  } else {
    eegEv = s.target.eegEv;
    if (s.target.transition === "E1xE1" && s.target.dipoleEpBohr === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "dipoleEpBohr"],
        message:
          'is required with transition "E1xE1": the e-p dipole matrix element |<p|r|e>| in Bohr radii',
      });
    }
    if (s.target.transition !== "E1xE1" && s.target.electronVectorCoupling !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "electronVectorCoupling"],
        message: 'is used only with transition "E1xE1"; remove it or set target.transition',
      });
    }
    if (s.target.transition !== "E1xE1" && s.target.dipoleEpBohr !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "dipoleEpBohr"],
        message: 'is used only with transition "E1xE1"; remove it or set target.transition',
      });
    }
    if (!(s.target.epgEv > s.target.eegEv)) {
      ctx.addIssue({
        code: "custom",
        path: ["target", "epgEv"],
        message: `must exceed eegEv (${s.target.eegEv}): the intermediate level p lies above e`,
      });
    }
  }
  const mixing = s.neutrino.mixing;
  if (typeof mixing !== "string" && mixing.dm3lEv2 > 0 !== (s.neutrino.ordering === "normal")) {
    ctx.addIssue({
      code: "custom",
      path: ["neutrino", "mixing", "dm3lEv2"],
      message: `sign does not match ordering "${s.neutrino.ordering}": > 0 (Delta m^2_31) for normal, < 0 (Delta m^2_32) for inverted`,
    });
  } else if (typeof mixing !== "string" && !(Math.abs(mixing.dm3lEv2) > mixing.dm21Ev2)) {
    // Otherwise the "normal" m3 would lie below m2, or the inverted m1^2 = m0^2 + |dm32| - dm21 could be negative.
    ctx.addIssue({
      code: "custom",
      path: ["neutrino", "mixing", "dm3lEv2"],
      message: `|dm3lEv2| must exceed dm21Ev2 (${mixing.dm21Ev2}) for a consistent mass ordering`,
    });
  }
  {
    const scan = s.experiment.scan;
    const checks: [(string | number)[], number | undefined][] = [
      [["omegaMinEv"], scan.omegaMinEv],
      [["omegaMaxEv"], scan.omegaMaxEv],
      ...(scan.edgesEv ?? []).map((v, k): [(string | number)[], number] => [["edgesEv", k], v]),
      ...(scan.pointsEv ?? []).map((v, k): [(string | number)[], number] => [["pointsEv", k], v]),
    ];
    for (const [path, value] of checks) {
      if (value !== undefined && !(value > 0 && value < eegEv)) {
        ctx.addIssue({
          code: "custom",
          path: ["experiment", "scan", ...path],
          message: `scan frequencies must lie in 0 < omega < E_eg = ${eegEv} eV`,
        });
      }
    }
    // A table must cover what it is evaluated on: extrapolating silently would be a guess. The
    // efficiency is taken at bin centres (the scan); eta inside the rate integral, so also over
    // the laser window, up to the endpoint E_eg/2 beyond which every rate that uses it is zero.
    const scanned = checks.map(([, v]) => v).filter((v): v is number => v !== undefined);
    const [lo, hi] = [minOf(scanned), maxOf(scanned)];
    const reachEv = GAUSS_CUT_SIGMAS * s.experiment.laserLinewidthEv;
    const tables: [(string | number)[], unknown, number, number][] = [
      [
        ["experiment", "eta"],
        s.experiment.eta,
        Math.max(lo - reachEv, 0),
        Math.max(hi, Math.min(hi + reachEv, eegEv / 2)),
      ],
      [["detector", "efficiency"], s.detector.efficiency, lo, hi],
    ];
    for (const [path, table, from, to] of tables) {
      if (typeof table !== "object" || table === null) continue;
      const nodes = (table as { omegaEv: number[] }).omegaEv;
      if (nodes[0] > from || nodes[nodes.length - 1] < to) {
        const what = to > hi || from < lo ? "the scan with its laser window" : "the scan";
        ctx.addIssue({
          code: "custom",
          path: [...path, "omegaEv"],
          message: `the table spans [${nodes[0]}, ${nodes[nodes.length - 1]}] eV but ${what} spans [${from}, ${to}] eV: it must cover it`,
        });
      }
    }
  }
  const seen = new Set<string>();
  s.backgrounds.forEach((b, k) => {
    if (seen.has(b.name))
      ctx.addIssue({
        code: "custom",
        path: ["backgrounds", k, "name"],
        message: `duplicate background name "${b.name}"`,
      });
    seen.add(b.name);
    if (b.kind === "psr" && b.centerEv !== undefined && !(b.centerEv < eegEv)) {
      ctx.addIssue({
        code: "custom",
        path: ["backgrounds", k, "centerEv"],
        message: `the line centre must lie in 0 < omega < E_eg = ${eegEv} eV`,
      });
    }
    if (b.kind === "table") {
      if (b.ratePerS.length !== b.omegaEv.length) {
        ctx.addIssue({
          code: "custom",
          path: ["backgrounds", k, "ratePerS"],
          message: `needs as many entries as omegaEv (${b.omegaEv.length}), got ${b.ratePerS.length}`,
        });
      }
      checkIncreasing(ctx, ["backgrounds", k, "omegaEv"], b.omegaEv);
    }
  });
  for (const { path, message } of systematicsProblems(s.systematics, [...seen]))
    ctx.addIssue({ code: "custom", path: ["systematics", ...path], message });
  // The BSM checks index 3x3 matrices: run them only on a bsm object that parsed cleanly.
  if (ctx.issues.some((issue) => issue.path?.[0] === "bsm")) return;
  const scan = s.experiment.scan;
  const scanned = [
    scan.omegaMinEv,
    scan.omegaMaxEv,
    ...(scan.edgesEv ?? []),
    ...(scan.pointsEv ?? []),
  ].filter((v): v is number => v !== undefined);
  const reachEv = maxOf(scanned) + GAUSS_CUT_SIGMAS * s.experiment.laserLinewidthEv;
  for (const kind of ["vectorMediator", "scalarMediator"] as const) {
    // A massless mediator between massless neutrinos diverges as 1/q^4 at q^2 -> 0, i.e. at E_eg/2.
    if (s.bsm[kind]?.massEv === 0 && s.neutrino.lightestMassEv === 0 && reachEv >= eegEv / 2) {
      ctx.addIssue({
        code: "custom",
        path: ["bsm", kind, "massEv"],
        message:
          "a massless mediator with neutrino.lightestMassEv = 0 diverges at the endpoint E_eg/2, which the scan reaches: give the mediator a mass, the lightest neutrino a mass, or stop the scan below E_eg/2",
      });
    }
  }
  const violations = [
    ...checkBsmConsistency(s.bsm, s.neutrino.nature),
    // A mediator pole inside the scan needs a width (docs/physics/vector-mediator.md, section 3).
    ...checkBsmAgainstScan(s.bsm, eegEv, minOf(scanned), maxOf(scanned), {
      lightestMassEv: s.neutrino.lightestMassEv,
      laserLinewidthEv: s.experiment.laserLinewidthEv,
    }),
  ];
  for (const v of violations)
    ctx.addIssue({ code: "custom", path: ["bsm", ...v.path], message: v.message });
}

/** A scenario as written by a user (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with defaults filled (presets not yet resolved). */
export type Scenario = z.output<typeof scenarioSchema>;
/** One background component of a scenario, as validated. */
export type Background = z.output<typeof backgroundSchema>;
export type TargetObject = z.output<typeof targetObjectSchema>;
export type MixingObject = z.output<typeof mixingObjectSchema>;

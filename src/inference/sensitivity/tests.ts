/**
 * The sensitivity tests renp knows (docs/statistics.md "Sensitivity"): a discrete test (the other
 * ordering, the other nature, lightestMassEv = 0) or a BSM family's coupling, parsed from the
 * names `renp sensitivity --test` takes.
 */
import { InputError } from "../../errors.js";
import { FAMILY_KINDS, type FamilyKind } from "../families.js";

/** chi2 quantiles of 1 degree of freedom: (Phi^-1(0.95))^2 and (Phi^-1(0.975))^2. */
export const CHI2_1DOF_90 = 2.705543454095404;
/** chi2(1 dof) quantile of 95%. */
export const CHI2_1DOF_95 = 3.841458820694124;

/** The tests with a discrete alternative hypothesis. */
export const DISCRETE_TESTS = ["ordering", "nature", "mlightest"] as const;
export type DiscreteTest = (typeof DISCRETE_TESTS)[number];

/** A parsed test: discrete, or a BSM family with an optional mediator mass. */
export type SensitivityTest =
  { kind: DiscreteTest } | { kind: "bsm"; family: FamilyKind; massEv?: number | undefined };

const MEDIATORS: readonly FamilyKind[] = ["vector", "scalarS", "scalarP"];
/** Whether a family has a mediator whose mass a test names. */
export const hasMediatorMass = (family: FamilyKind): boolean => MEDIATORS.includes(family);

const TEST_FORMS = `${DISCRETE_TESTS.join(", ")}, bsm:<family>[@massEv] with family one of ${FAMILY_KINDS.join(", ")}`;

/**
 * The test a name means: "ordering" | "nature" | "mlightest" | "bsm:<family>[@massEv]".
 * @throws InputError naming what is allowed otherwise.
 */
export function parseTest(text: string): SensitivityTest {
  if ((DISCRETE_TESTS as readonly string[]).includes(text)) return { kind: text as DiscreteTest };
  const m = /^bsm:([A-Za-z]+)(?:@(.+))?$/.exec(text);
  if (!m)
    throw new InputError(`test = ${JSON.stringify(text)}: allowed: ${TEST_FORMS}`, {
      field: "test",
      value: text,
      allowed: TEST_FORMS,
    });
  const family = m[1] as FamilyKind;
  if (!FAMILY_KINDS.includes(family))
    throw new InputError(
      `test = ${JSON.stringify(text)}: unknown family "${m[1]}"; allowed: ${FAMILY_KINDS.join(", ")}`,
      { field: "test", value: text, allowed: FAMILY_KINDS.join(", ") },
    );
  if (m[2] === undefined) return { kind: "bsm", family };
  const massEv = Number(m[2]);
  if (!hasMediatorMass(family))
    throw new InputError(
      `test = ${JSON.stringify(text)}: ${family} has no mediator mass (only ${MEDIATORS.join(", ")} take @massEv)`,
      { field: "test", value: text, allowed: `@massEv after ${MEDIATORS.join(", ")}` },
    );
  if (!(massEv > 0) || !Number.isFinite(massEv))
    throw new InputError(
      `test = ${JSON.stringify(text)}: the mass after @ must be a positive number of eV`,
      { field: "test", value: text, allowed: "a positive mass in eV after @" },
    );
  return { kind: "bsm", family, massEv };
}

/** The name of a test as printed ("ordering", "bsm:vector"). */
export const testName = (test: SensitivityTest): string =>
  test.kind === "bsm" ? `bsm:${test.family}` : test.kind;

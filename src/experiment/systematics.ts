/**
 * Systematic uncertainties as nuisance parameters with priors (docs/physics/experiment.md).
 * Each toy draws its nuisances from its own stream before its counts; the Asimov table uses the
 * nominal values (scale 1, offset 0).
 */
import { z } from "zod";

const finite = () => z.number().finite();

export const priorSchema = z.discriminatedUnion("distribution", [
  z.strictObject({
    distribution: z.literal("gaussian"),
    sigma: finite()
      .positive()
      .describe("standard deviation (relative for scales, eV for the omega offset)"),
  }),
  z.strictObject({
    distribution: z.literal("lognormal"),
    sigma: finite()
      .positive()
      .describe("standard deviation of ln(scale); the median is the nominal 1"),
  }),
  z.strictObject({ distribution: z.literal("uniform"), min: finite(), max: finite() }),
]);

export const systematicSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9_]+$/,
        "must be letters, digits and _ (it names a column of nuisance.arrow)",
      ),
    parameter: z
      .enum(["signalNorm", "backgroundNorm", "efficiencyScale", "omegaOffsetEv"])
      .describe(
        "signalNorm scales the signal (n, V, eta); backgroundNorm one background; efficiencyScale every efficiency; omegaOffsetEv shifts the omega calibration",
      ),
    background: z
      .string()
      .optional()
      .describe("the background's name, with parameter backgroundNorm"),
    prior: priorSchema,
  })
  .superRefine((s, ctx) => {
    if ((s.parameter === "backgroundNorm") !== (s.background !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["background"],
        message: "is required with parameter backgroundNorm and allowed only there",
      });
    }
    if (s.parameter === "omegaOffsetEv" && s.prior.distribution === "lognormal") {
      ctx.addIssue({
        code: "custom",
        path: ["prior", "distribution"],
        message: "lognormal is for scale parameters; use gaussian or uniform for omegaOffsetEv",
      });
    }
    if (s.prior.distribution === "uniform") {
      if (!(s.prior.min < s.prior.max))
        ctx.addIssue({ code: "custom", path: ["prior", "min"], message: "must be below max" });
      if (s.parameter !== "omegaOffsetEv" && s.prior.min < 0) {
        ctx.addIssue({
          code: "custom",
          path: ["prior", "min"],
          message: "a scale cannot be negative",
        });
      }
    }
  });

export type Systematic = z.output<typeof systematicSchema>;

/**
 * What a list of systematics needs beyond each one's own schema: distinct names (they name
 * columns of nuisance.arrow) and a backgroundNorm naming an existing background. Paths are
 * relative to `systematics`. Used by the scenario's validation and again by the sampler for
 * scenarios assembled in code.
 */
export function systematicsProblems(
  systematics: readonly Pick<Systematic, "name" | "background">[],
  backgroundNames: readonly string[],
): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const names = new Set<string>();
  systematics.forEach((s, k) => {
    if (names.has(s.name))
      out.push({
        path: [k, "name"],
        message: `duplicate systematic name "${s.name}" (it names a column of nuisance.arrow)`,
      });
    names.add(s.name);
    if (s.background !== undefined && !backgroundNames.includes(s.background))
      out.push({
        path: [k, "background"],
        message: `no background of that name; allowed: ${backgroundNames.map((n) => `"${n}"`).join(", ") || "none defined"}`,
      });
  });
  return out;
}
export type Prior = z.output<typeof priorSchema>;

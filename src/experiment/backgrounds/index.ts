/** The background registry: one factory per scenario `kind`. */
import type { Background } from "../../scenario/schema.js";
import { flatBackground } from "./flat.js";
import { psrBackground } from "./psr.js";
import { qed3GammaBackground } from "./qed3gamma.js";
import { tableBackground } from "./table.js";
import type { BackgroundContext, BackgroundModel } from "./types.js";

export type { BackgroundContext, BackgroundModel } from "./types.js";

export function backgroundModel(spec: Background, ctx: BackgroundContext): BackgroundModel {
  switch (spec.kind) {
    case "flat":
      return flatBackground(spec);
    case "psr":
      return psrBackground(spec, ctx);
    case "qed3gamma":
      return qed3GammaBackground(spec, ctx);
    case "table":
      return tableBackground(spec);
  }
}

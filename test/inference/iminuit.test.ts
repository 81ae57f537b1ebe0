/**
 * The independent check of renp's fits: the same toys fitted with iminuit (MIGRAD, then
 * HESSE; Debian's python3-iminuit for /usr/bin/python3, installed by test/pythonSetup.ts when
 * missing) from a likelihood this test writes itself from docs/fitting.md, "Likelihood":
 *
 *   D = 2 sum_k [mu_k - n_k + n_k ln(n_k / mu_k)] + ((s - 1) / 0.1)^2 + (ln b / 0.3)^2,
 *   mu_k = s S_k(m) + b B_k,
 *
 * S and B the expected counts per bin of renp's expectation at lightest mass m (served by
 * test/helpers/expectation-server.mjs: the physics is renp's, the statistics the test's). Toy by
 * toy the best values, the errors (HESSE: covariance = 2 H^-1 of D, errordef 1) and min D must
 * agree. With the mass floated MIGRAD starts near renp's minimum (which the global strategy found,
 * global.ts), so that comparison is of the minimum and its curvature, not of the search.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Fitter } from "../../src/inference/fit.js";
import { fitModel } from "../../src/inference/model.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { REPO_DIR } from "../helpers/fixtures.js";
import { FLAT_SIGMA, flatBackgroundWithPriors, SIGNAL_SIGMA } from "../helpers/inference.js";

const PYTHON = "/usr/bin/python3";

/** The test's own likelihood and fit, in Python (docs/fitting.md), run by iminuit. */
const FIT_PY = String.raw`
import json, math, subprocess, sys
from iminuit import Minuit

job = json.load(open(sys.argv[1]))
server = subprocess.Popen(["node", job["server"], job["scenario"]], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True)
tables = {}
def components(m):
    if m not in tables:
        server.stdin.write(repr(m) + "\n"); server.stdin.flush()
        tables[m] = json.loads(server.stdout.readline())
    return tables[m]

def deviance(n, m, s, b):
    sig, bkg = components(m)
    d = 0.0
    for k in range(len(n)):
        mu = s * sig[k] + b * bkg[k]
        if mu < 0 or (mu == 0 and n[k] > 0): return math.inf
        d += mu - n[k] + (n[k] * math.log(n[k] / mu) if n[k] > 0 else 0.0)
    return 2 * d + ((s - 1) / job["signalSigma"]) ** 2 + (math.log(b) / job["flatSigma"]) ** 2 if b > 0 else math.inf

out = []
def fit(n, start, mass):
    if job["floatMass"]:
        f = lambda m, s, b: deviance(n, m, s, b)
        mi = Minuit(f, m=start[0], s=start[1], b=start[2])
        mi.limits["m"] = (0, 10)
        mi.errors["m"] = 1e-4
    else:
        f = lambda s, b: deviance(n, mass, s, b)
        mi = Minuit(f, s=start[0], b=start[1])
    mi.limits["s"] = (0, None)
    mi.limits["b"] = (0, None)
    mi.errordef = Minuit.LEAST_SQUARES  # D = -2 ln L: errordef 1
    mi.strategy = 2
    mi.tol = 1e-6
    mi.migrad()
    mi.hesse()
    return {"values": list(mi.values), "errors": list(mi.errors), "deviance": mi.fval,
            "valid": mi.valid}

for toy in job["toys"]:
    # MIGRAD from each start; the lowest minimum counts (with the mass floated the starts are
    # renp's minimum moved by 0.3 errors and renp's minimum itself).
    fits = [fit(toy["n"], start, job["massEv"]) for start in toy["starts"]]
    best = min(fits, key=lambda r: r["deviance"])
    best["higher"] = sum(1 for r in fits if r["deviance"] > best["deviance"] + 1e-4)
    out.append(best)
server.stdin.close(); server.wait()
print(json.dumps(out))
`;

function iminuitAvailable(): void {
  try {
    execFileSync(PYTHON, ["-c", "import iminuit"], { stdio: "pipe" });
  } catch {
    throw new Error(
      `iminuit is not importable by ${PYTHON}: test/pythonSetup.ts tried \`apt-get install -y python3-iminuit\` (and apt-get update); apt-get said:\n${process.env.IMINUIT_SETUP_LOG ?? "(nothing recorded)"}`,
    );
  }
}

describe("independent check: the same toys fitted by iminuit", () => {
  const scenario = flatBackgroundWithPriors();
  const model = fitModel(scenario);
  const bins = model.bins;
  const block = new ToyGenerator(toySpec(model.table, { truth: false })).generate(0, 40);
  const dir = mkdtempSync(join(tmpdir(), "renp-iminuit-"));
  const scenarioPath = join(dir, "scenario.json");
  writeFileSync(scenarioPath, JSON.stringify(scenario));
  const script = join(dir, "fit.py");
  writeFileSync(script, FIT_PY);

  const compare = async (float: string[], toys: number) => {
    iminuitAvailable();
    const fitter = new Fitter(model, { float });
    const renp = Array.from({ length: toys }, (_, t) =>
      fitter.fit(block.nObs.subarray(t * bins, (t + 1) * bins)),
    );
    const job0 = { floatMass: float[0] === "lightestMassEv" };
    const job = {
      server: join(REPO_DIR, "test", "helpers", "expectation-server.mjs"),
      scenario: scenarioPath,
      signalSigma: SIGNAL_SIGMA,
      flatSigma: FLAT_SIGMA,
      massEv: scenario.neutrino.lightestMassEv,
      ...job0,
      toys: renp.map((r, t) => ({
        n: Array.from(block.nObs.subarray(t * bins, (t + 1) * bins)),
        // Normalisations: MIGRAD from the nominal values (D is convex there); with the mass, from
        // renp's minimum moved by 0.3 errors and from renp's minimum (a local search from
        // elsewhere can stop in another mass minimum: MIGRAD did in 1 of 10 toys here).
        starts: job0.floatMass
          ? [Array.from(r.values, (v, j) => v + 0.3 * r.errors[j]), Array.from(r.values)]
          : [float.map(() => 1)],
      })),
    };
    const jobPath = join(dir, `job-${float.length}.json`);
    writeFileSync(jobPath, JSON.stringify(job));
    // Asynchronous, so vitest's worker stays responsive while Python runs.
    const { stdout } = await promisify(execFile)(PYTHON, [script, jobPath], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    const minuit = JSON.parse(stdout) as {
      values: number[];
      errors: number[];
      deviance: number;
      valid: boolean;
      higher: number;
    }[];
    const problems: string[] = [];
    const worst = { deviance: 0, value: 0, error: 0, higher: 0 };
    renp.forEach((r, t) => {
      const m = minuit[t];
      if (!m.valid) problems.push(`toy ${t}: MIGRAD not valid`);
      worst.higher += m.higher;
      // MINUIT's EDM tolerance leaves D within ~1e-6 of the minimum; renp's is tighter.
      worst.deviance = Math.max(worst.deviance, Math.abs(m.deviance - r.deviance));
      if (Math.abs(m.deviance - r.deviance) > 1e-4)
        problems.push(`toy ${t}: min D renp ${r.deviance} iminuit ${m.deviance}`);
      float.forEach((name, j) => {
        const shift = Math.abs(m.values[j] - r.values[j]) / r.errors[j];
        const ratio = Math.abs(m.errors[j] / r.errors[j] - 1);
        worst.value = Math.max(worst.value, shift);
        worst.error = Math.max(worst.error, ratio);
        if (shift > 1e-2) problems.push(`toy ${t} ${name}: ${r.values[j]} vs ${m.values[j]}`);
        // The mass's curvature is that of a function with |m - m0|^(3/2) kinks where a threshold
        // crosses a bin edge (docs/fitting.md): two finite-difference Hessians with different
        // steps differ there, so the mass error is compared to 10%, the others to 2%.
        if (ratio > (name === "lightestMassEv" ? 0.1 : 0.02))
          problems.push(`toy ${t} ${name}_err: ${r.errors[j]} vs ${m.errors[j]}`);
      });
    });
    process.stdout.write(
      `iminuit vs renp, ${float.join(", ")}: max |Delta min D| ${worst.deviance.toExponential(2)}, max value shift ${worst.value.toExponential(2)} errors, max error ratio - 1 ${worst.error.toExponential(2)}; MIGRAD runs ending above the best: ${worst.higher}\n`,
    );
    return problems;
  };

  it("normalisations floated, 40 toys: values to 1e-2 error, errors to 2%, min D to 1e-4", async () => {
    expect(await compare(["signalNorm", "backgroundNorm:flat"], 40)).toEqual([]);
  }, 600_000);

  it("lightestMassEv and the normalisations floated, 10 toys: the same agreement (mass error to 10%)", async () => {
    expect(await compare(["lightestMassEv", "signalNorm", "backgroundNorm:flat"], 10)).toEqual([]);
  }, 1_800_000);
});

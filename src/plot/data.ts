/**
 * What a spectrum plot shows, independent of how it is drawn: per-bin expected counts by
 * component, the pair thresholds omega_ij with their (ij) labels, and optionally one toy's counts.
 * Built from an expected.arrow file (read back) or from an expectation table in memory.
 */
import type { ExpectationTable } from "../expectation.js";
import type { ExpectedData } from "../io/read.js";
import { thresholdEv } from "../physics/spectrum/kinematics.js";
import { physicsModel } from "../scenario/model.js";
import type { ResolvedScenario } from "../scenario/load.js";
import { RenpFileError } from "../errors.js";

export interface Threshold {
  omegaEv: number;
  /** Pair label "(ij)", i <= j, masses numbered 1..3 as in the scenario's mass basis. */
  label: string;
  i: number;
  j: number;
}

export interface SpectrumSeries {
  /** Scenario name or user label. */
  label: string;
  eegEv: number;
  loEv: Float64Array;
  hiEv: Float64Array;
  /** Components in drawing order: "signal", then "bkg: <name>" for each background. */
  components: { name: string; mu: Float64Array }[];
  total: Float64Array;
  thresholds: Threshold[];
}

export interface ToyData {
  index: number;
  counts: Int32Array;
}

export interface SpectrumPlotData {
  /** The first series is the main one (components, toy data); others are compared by their totals. */
  series: SpectrumSeries[];
  toy?: ToyData | undefined;
  title?: string | undefined;
}

/** The pair thresholds omega_ij (physics/spectrum/kinematics.ts), for the six pairs i <= j. */
export function thresholdsFromMasses(eegEv: number, massesEv: readonly number[]): Threshold[] {
  const out: Threshold[] = [];
  for (let i = 0; i < massesEv.length; i++) {
    for (let j = i; j < massesEv.length; j++) {
      out.push({
        omegaEv: thresholdEv(eegEv, massesEv[i], massesEv[j]),
        label: `(${i + 1}${j + 1})`,
        i: i + 1,
        j: j + 1,
      });
    }
  }
  return out.sort((a, b) => a.omegaEv - b.omegaEv);
}

/** The thresholds of a resolved scenario, from the library's physics (masses from the oscillation data). */
export function thresholdsOfScenario(scenario: ResolvedScenario): Threshold[] {
  const model = physicsModel(scenario);
  return thresholdsFromMasses(model.atom.eegEv, model.massesEv);
}

export function seriesFromTable(
  table: ExpectationTable,
  label = table.scenario.name,
): SpectrumSeries {
  return {
    label,
    eegEv: table.physics.atom.eegEv,
    loEv: table.scan.loEv,
    hiEv: table.scan.hiEv,
    components: [
      { name: "signal", mu: table.muSignal },
      ...table.backgrounds.map((b) => ({ name: `bkg: ${b.name}`, mu: b.mu })),
    ],
    total: table.muTotal,
    thresholds: thresholdsFromMasses(table.physics.atom.eegEv, table.physics.massesEv),
  };
}

/**
 * From a file read back: E_eg from the resolved scenario in the metadata; the masses from
 * renp.masses_ev when present (labels the pairs without recomputing), else from the physics.
 */
export function seriesFromExpected(data: ExpectedData, label?: string): SpectrumSeries {
  const scenario = data.metadata.scenario;
  if (!scenario?.target || typeof scenario.target.eegEv !== "number") {
    throw new RenpFileError(
      `${data.path ?? "expected table"}: no resolved scenario (renp.scenario) in the schema metadata; cannot place the thresholds`,
    );
  }
  const eegEv = scenario.target.eegEv;
  const masses = data.metadata.massesEv;
  const thresholds =
    masses && masses.length === 3
      ? thresholdsFromMasses(eegEv, masses)
      : thresholdsOfScenario(scenario);
  return {
    label: label ?? scenario.name ?? "A",
    eegEv,
    loEv: data.omegaLoEv,
    hiEv: data.omegaHiEv,
    components: [
      { name: "signal", mu: data.muSignal },
      ...data.backgrounds.map((b) => ({ name: `bkg: ${b.name}`, mu: b.mu })),
    ],
    total: data.muTotal,
    thresholds,
  };
}

/** Spectrum plots: data model, Vega-Lite spec, headless rendering. */
export * from "./data.js";
export * from "./spec.js";
export * from "./render.js";
export * from "../numerics/stats.js";

/**
 * Every fast-check property runs from one fixed seed, so the suite is deterministic: a property
 * that fails, fails on every run and on CI, with the same counterexample. Change the seed (or
 * set FC_SEED) to explore other cases locally.
 */
import fc from "fast-check";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20231108) });

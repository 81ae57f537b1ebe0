/** Minimal complex arithmetic on plain {re, im} objects (no classes: they cross worker boundaries). */
import type { Complex } from "./spectrum/types.js";

export const complex = (re: number, im = 0): Complex => ({ re, im });
export const ZERO: Complex = Object.freeze({ re: 0, im: 0 });
export const add = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const sub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
export const mul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
export const scale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });
export const conj = (a: Complex): Complex => ({ re: a.re, im: -a.im });
export const abs2 = (a: Complex): number => a.re * a.re + a.im * a.im;
/** e^{i phi} */
export const expi = (phiRad: number): Complex => ({ re: Math.cos(phiRad), im: Math.sin(phiRad) });

/** Grids of sample points. */

/** Log-spaced grid of n points from a to b inclusive (a, b > 0). */
export function logGrid(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const la = Math.log10(a);
  const step = (Math.log10(b) - la) / (n - 1);
  return Array.from({ length: n }, (_, k) => Math.pow(10, la + k * step));
}

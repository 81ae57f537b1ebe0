/**
 * The mediator masses whose pole lies in the scan, and a mass grid dense there. Inside that
 * window the expected limit depends on where the pole falls among the scan's q^2 values and on
 * the width assumed for the mediator (Gamma = 1e-3 M, docs/statistics.md "Sensitivity"), so a
 * coarse grid joined by straight lines would draw a dip that the points do not resolve.
 */

/**
 * The window 2 m_lightest < M < sqrt(q^2_max), q^2_max = E_eg (E_eg - 2 omega_min): the pair
 * invariant mass squared q^2 = E_eg (E_eg - 2 omega) of the scan's lowest omega bounds it
 * (docs/physics/experiment.md; docs/physics/sensitivity.md gives 0.1179 eV for the reference scan), and
 * the pair needs M > m_i + m_j >= 2 m_lightest; the pole itself is q^2 = M^2
 * (docs/physics/vector-mediator.md).
 */
export function poleWindowEv(
  massesEv: readonly number[],
  eegEv: number,
  omegaMinEv: number,
): [number, number] {
  return [2 * Math.min(...massesEv), Math.sqrt(eegEv * (eegEv - 2 * omegaMinEv))];
}

/**
 * The grid with `perDecade` log-spaced masses added strictly inside the window where it overlaps
 * the grid's range (at most `max` added), sorted, duplicates dropped.
 */
export function densifyNearPole(
  massesEv: readonly number[],
  window: readonly [number, number],
  perDecade = 20,
  max = 40,
): number[] {
  const lo = Math.max(window[0], Math.min(...massesEv));
  const hi = Math.min(window[1], Math.max(...massesEv));
  const added: number[] = [];
  if (hi > lo) {
    // Cell midpoints: strictly inside the open window, where the pole is in the scan.
    const n = Math.min(max, Math.max(2, Math.ceil(perDecade * Math.log10(hi / lo))));
    for (let i = 0; i < n; i++) added.push(lo * (hi / lo) ** ((i + 0.5) / n));
  }
  const all = [...massesEv, ...added].sort((a, b) => a - b);
  return all.filter((m, i) => i === 0 || m / all[i - 1] - 1 > 1e-9);
}

"""Current conservation and both time orderings of E1 x E1, tested directly (docs/physics/e1e1.md sections 2-3).

A one-electron atom on a grid (1D, m = 1, V = x^2/2 + x^4/20, finite differences; the levels
g = n0 (even), p = n1 (odd), e = n2 (even) have the parities of 1S0 -> 1P1 -> 1S0) gives exact
(finite-Q, every intermediate level) matrix elements of the electron's vector current for a pair
of 4-momentum Q = (Q0, Qx) emitted on a transition i -> f:
    rho_fi = <f| exp(-i Q x) |i>,    j_fi = <f| {p, exp(-i Q x)} / 2 |i>,   p = -i d/dx.
Claims:
 1. Continuity, vertex by vertex: Q_mu J^mu_fi = Q0 rho_fi - Qx j_fi = (Q0 + E_f - E_i) rho_fi
    (to the grid's O(h^2)); for e -> p this is (Q0 + Delta) rho_pe = (E_pg - omega) rho_pe, not the
    (Q0 - Delta) of the earlier page.
 2. Long wavelength: rho_fi -> -i Q x_fi, j_fi -> i (E_f - E_i) x_fi, so the e -> p vertex is
    -i x_pe (Q L^0 + Delta L) (the charge term enters with +Delta).
 3. Ward identity of the whole amplitude: with the pair current replaced by Q_mu, the sum of both
    time orderings (pair first: J_ne D_gn / (E_e - E_n - Q0); photon first: D_ne J_gn / (E_e - E_n - omega),
    D = x the photon's length-form dipole) vanishes: it is <g|[D, rho]|e> = 0. Each ordering alone
    does not (it is -+ <g|D rho|e>, <g|rho D|e>).
Run: python3 docs/physics/checks/e1e1_current.py   (numpy; ~10 s; exit code 1 on any failure)
"""
import sys
import numpy as np

FAIL = []


def check(name, ok, detail):
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        FAIL.append(name)


def atom(n=1400, half=9.0):
    x = np.linspace(-half, half, n)
    h = x[1] - x[0]
    d1 = (np.diag(np.ones(n - 1), 1) - np.diag(np.ones(n - 1), -1)) / (2 * h)
    d2 = (np.diag(np.ones(n - 1), 1) - 2 * np.eye(n) + np.diag(np.ones(n - 1), -1)) / h ** 2
    H = -0.5 * d2 + np.diag(x ** 2 / 2 + x ** 4 / 20)
    E, psi = np.linalg.eigh(H)
    return x, h, E, psi, -1j * d1


def main():
    x, h, E, psi, p = atom()
    g, pp, e = 0, 1, 2
    eeg, delta = E[e] - E[g], E[pp] - E[e]
    omega = 0.37 * eeg  # a photon energy away from every resonance
    q0, qx = eeg - omega, omega  # |Q| = omega (collinear, counter-propagating triggers)
    print(f"levels E_g, E_p, E_e = {E[g]:.6f}, {E[pp]:.6f}, {E[e]:.6f}; omega = {omega:.6f}, Q = ({q0:.6f}, {qx:.6f})")
    phase = np.exp(-1j * qx * x)
    rho_op = np.diag(phase)
    j_op = (p @ rho_op + rho_op @ p) / 2
    rho = psi.conj().T @ rho_op @ psi
    j = psi.conj().T @ j_op @ psi

    # 1. continuity vertex by vertex, low levels (away from the grid's edge)
    worst = 0.0
    for f in range(6):
        for i in range(6):
            if f == i:
                continue
            lhs = q0 * rho[f, i] - qx * j[f, i]
            rhs = (q0 + E[f] - E[i]) * rho[f, i]
            worst = max(worst, abs(lhs - rhs) / max(abs(rhs), 1e-12))
    check("Q_mu J^mu_fi = (Q0 + E_f - E_i) rho_fi, levels 0-5", worst < 1e-3, f"max rel deviation {worst:.1e}")
    lhs = q0 * rho[pp, e] - qx * j[pp, e]
    plus, minus = (q0 + delta) * rho[pp, e], (q0 - delta) * rho[pp, e]
    check("e -> p: Q_mu J^mu = (Q0 + Delta) rho_pe (= (E_pg - omega) rho_pe)", abs(lhs - plus) < 1e-3 * abs(plus),
          f"|lhs - (Q0+Delta) rho| / |rho| = {abs(lhs - plus) / abs(rho[pp, e]):.1e}, "
          f"|lhs - (Q0-Delta) rho| / |rho| = {abs(lhs - minus) / abs(rho[pp, e]):.2f} (the earlier sign fails)")

    # 2. long wavelength: a small Q
    xm = psi.conj().T @ np.diag(x) @ psi
    small = 1e-3
    rs = psi.conj().T @ np.diag(np.exp(-1j * small * x)) @ psi
    js = psi.conj().T @ ((p @ np.diag(np.exp(-1j * small * x)) + np.diag(np.exp(-1j * small * x)) @ p) / 2) @ psi
    dev_r = abs(rs[pp, e] - (-1j * small * xm[pp, e])) / abs(small * xm[pp, e])
    dev_j = abs(js[pp, e] - 1j * delta * xm[pp, e]) / abs(delta * xm[pp, e])
    check("long wavelength: rho_pe -> -i Q x_pe, j_pe -> i Delta x_pe", dev_r < 2e-3 and dev_j < 2e-3,
          f"rel deviations {dev_r:.1e}, {dev_j:.1e}")

    # 3. Ward identity of the amplitude: the pair current replaced by Q_mu, both orderings, all levels
    D = xm  # photon: length-form dipole
    qj = q0 * rho - qx * j  # Q_mu J^mu as a matrix
    den1 = E[e] - E - q0  # pair first: intermediate n + pair
    den2 = E[e] - E - omega  # photon first: intermediate n + photon
    pair_first = np.sum(D[g, :] * qj[:, e] / den1)
    photon_first = np.sum(qj[g, :] * D[:, e] / den2)
    scale = abs(np.sum(D[g, :] * rho[:, e]))
    total = abs(pair_first + photon_first) / scale
    check("Q_mu M^mu = 0 with both orderings (complete sum over the grid's levels)", total < 1e-3,
          f"|sum| / |<g|D rho|e>| = {total:.1e}; pair first alone {abs(pair_first) / scale:.3f}, "
          f"photon first alone {abs(photon_first) / scale:.3f}")
    if FAIL:
        print("FAILED:", FAIL)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()

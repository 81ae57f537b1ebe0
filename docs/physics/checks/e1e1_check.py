"""Brute-force check of the E1 x E1 pair bracket (docs/physics/e1e1.md).

Between an excited level e and an intermediate level p of opposite parity (singlets, e.g.
1S0 -> 1P1 -> 1S0) the pair couples to the electron's *vector* current. Non-relativistic reduction,
long-wavelength limit, one intermediate level: rho(Q) = i Q.r_pe, j = p/m_e = i Delta r_pe
(Delta = E_p - E_e, from p/m = i[H, r]), so the atomic amplitude is r_pe . W with
    W^k = Q^k L^0 - Delta L^k,     L^mu = ubar_i gamma^mu (bL P_L + bR P_R) v_j,
i.e. bsm_check.py's spin amplitude with sigma^k -> r^k and the vertex Gamma^k -> Q^k g^0 (...) -
Delta g^k (...). Claims (per unit |r_pe|^2, bsm_check's normalisation; Q = (Q0, 0, 0, -omega)):
  isotropic  B = C_N [Delta^2 K + (omega^2/3)(2b (Q0 - Delta)^2 - K)] + X (omega^2/3 - Delta^2)
  transverse B_T = C_N Delta^2 K - X Delta^2
  C_N = |bL|^2 + |bR|^2 - 2 dM Re(bL bR),  X = (dM Re(bL^2 + bR^2) - 2 Re(bL^* bR)) m_i m_j,
  K = (2 q^4 - q^2 S - D)/(6 q^2),  2b = 1/3 + S/(3 q^2) - 2 D/(3 q^4).
Explicit spinors, exact octahedron rule, Dirac and Majorana (hermitian-consistent coefficients).
Dipole moments (section 5 of e1e1.md): the photon (amplitude e/(sqrt2 G_F q^2) on the electron's
vector current) with the Giunti-Studenikin vertex of bsm_check.py; claim: the E1 x E1 dipole bracket
and its interference with the vector coupling (bL, bR) equal the E1 x M1 formulas at xi = 1 with the
vector coupling as form factors rho = (bL + bR)/(2 kappa), a = (bR - bL)/(2 kappa), kappa =
e^2/(sqrt2 G_F), times
  isotropic: 6 m_e^2 [Delta^2 q^2 + omega^2 ((Q0 - Delta)^2 - q^2)/3] / (q^2 omega^2),
  transverse: 6 m_e^2 Delta^2 / omega^2;
Majorana: (1/2) x that with the form factors (mu_ij - mu_ji)/2, v_ij - v_ji, ax_ij + ax_ji.
Run: python3 docs/physics/checks/e1e1_check.py   (exit code 1 on any failure)
"""
import sys
import numpy as np
import bsm_check as bc
from dirac import G, PL, PR
from projection_check import dirac_T, majorana_T


def g_e1e1(bL, bR, delta):
    def f(Q, l):
        chi = bL * PL + bR * PR
        return Q[l] * G[0] @ chi - delta * G[l] @ chi
    return f


def parts(bL, bR, m1, m2, majorana):
    dm = 1.0 if majorana else 0.0
    cn = abs(bL) ** 2 + abs(bR) ** 2 - 2 * dm * (bL * bR).real
    x = (dm * (bL * bL + bR * bR).real - 2 * (np.conj(bL) * bR).real) * m1 * m2
    return cn, x


def two_b(q2, m1, m2):
    S, D = m1 * m1 + m2 * m2, (m1 * m1 - m2 * m2) ** 2
    return 1 / 3 + S / (3 * q2) - 2 * D / (3 * q2 * q2)


def bracket_iso(bL, bR, delta, om, m1, m2, majorana):
    q2, Q0 = bc.q2_of(om), bc.EEG - om
    cn, x = parts(bL, bR, m1, m2, majorana)
    K = bc.kij(om, m1, m2)
    return cn * (delta ** 2 * K + om ** 2 / 3 * (two_b(q2, m1, m2) * (Q0 - delta) ** 2 - K)) + x * (om ** 2 / 3 - delta ** 2)


def bracket_T(bL, bR, delta, om, m1, m2, majorana):
    cn, x = parts(bL, bR, m1, m2, majorana)
    return cn * delta ** 2 * bc.kij(om, m1, m2) - x * delta ** 2


def g_e1e1_em(delta, rho, anap, mu, eps):
    """The photon's E1 x E1 amplitude C' (Q^l Lambda^0 - Delta Lambda^l), C' = e/(sqrt2 G_F q^2)."""
    def f(Q, l):
        q2 = Q[0] ** 2 - Q[1] ** 2 - Q[2] ** 2 - Q[3] ** 2
        C = bc.E / (bc.RT2 * bc.GF * q2)
        fQ, fA, fM, fE = bc.E * q2 * rho, bc.E * anap, mu * bc.MUB, eps * bc.MUB
        return C * (Q[l] * bc.em_vertex(Q, 0, fQ, fA, fM, fE) - delta * bc.em_vertex(Q, l, fQ, fA, fM, fE))
    return f


KAPPA = bc.E ** 2 / (bc.RT2 * bc.GF)


def dipole_closed(delta, om, m1, m2, rho, anap, mu, eps, transverse):
    """E1 x E1 dipole bracket incl. its interference with (rho, anap) (Dirac form factors)."""
    q2, Q0 = bc.q2_of(om), bc.EEG - om
    m1iso = bc.dipole_dirac(1, mu, eps, om, m1, m2) + bc.radius_dipole_cross_dirac(1, rho, anap, mu, eps, om, m1, m2)
    if transverse:
        return 6 * bc.ME ** 2 * delta ** 2 / om ** 2 * m1iso
    return 6 * bc.ME ** 2 / (q2 * om ** 2) * (delta ** 2 * q2 + om ** 2 * ((Q0 - delta) ** 2 - q2) / 3) * m1iso


def dipole_checks(rng):
    for (om, m1, m2) in [(0.9, 0.05, 0.02), (0.7, 0.11, 0.03), (1.05, 0.012, 0.03)]:
        for delta in (0.0872, 0.6):
            tag = f"w={om} m=({m1},{m2}) Delta={delta}"
            # dipoles ~1e-17 mu_B: the interference with the SM is as large as the squared term
            mu, ep = complex(*rng.normal(size=2)) * 1e-17, complex(*rng.normal(size=2)) * 1e-17
            bL, bR = complex(*rng.normal(size=2)), complex(*rng.normal(size=2))
            rho, an = (bL + bR) / (2 * KAPPA), (bR - bL) / (2 * KAPPA)
            g_sm, g_dip = g_e1e1(bL, bR, delta), g_e1e1_em(delta, 0, 0, mu, ep)
            for name, br, brk, tr in (("isotropic", bc.dirac_bracket, bracket_iso, False),
                                      ("transverse", dirac_T, bracket_T, True)):
                tot = br(bc.g_sum(g_sm, g_dip), om, m1, m2) - brk(bL, bR, delta, om, m1, m2, False)
                bc.check(f"E1xE1 dipole + SM interference, {name} Dirac {tag}", tot,
                         dipole_closed(delta, om, m1, m2, rho, an, mu, ep, tr), tol=1e-8)
                cross = tot - br(g_dip, om, m1, m2)
                bc.check(f"E1xE1 dipole-SM interference alone, {name} Dirac {tag}", cross,
                         dipole_closed(delta, om, m1, m2, rho, an, mu, ep, tr)
                         - dipole_closed(delta, om, m1, m2, 0, 0, mu, ep, tr), tol=1e-6)
            # Majorana: antisymmetric form factors, Lagrangian coefficient = form factor / 2
            mu_m, ep_m = 1j * 2e-17, 1j * -1.3e-17
            gij = bc.g_sum(g_sm, g_e1e1_em(delta, 0, 0, mu_m / 2, ep_m / 2))
            gji = bc.g_sum(g_e1e1(np.conj(bL), np.conj(bR), delta), g_e1e1_em(delta, 0, 0, -mu_m / 2, -ep_m / 2))
            v, ax = (bL + bR) / 2, (bR - bL) / 2
            rhoF, aF = (v - np.conj(v)) / KAPPA, (ax + np.conj(ax)) / KAPPA
            for name, mb, brk, tr in (("isotropic", bc.majorana_bracket, bracket_iso, False),
                                      ("transverse", majorana_T, bracket_T, True)):
                got = mb(gij, gji, om, m1, m2) - brk(bL, bR, delta, om, m1, m2, True)
                bc.check(f"E1xE1 dipole + SM interference, {name} Majorana {tag}", got,
                         0.5 * dipole_closed(delta, om, m1, m2, rhoF, aF, mu_m, ep_m, tr), tol=1e-8)


def main():
    rng = np.random.default_rng(20261202)
    for (om, m1, m2) in [(0.9, 0.05, 0.02), (1.0, 0.0, 0.0), (0.7, 0.11, 0.03), (1.05, 0.012, 0.03)]:
        for delta in (0.0872, 0.6):
            tag = f"w={om} m=({m1},{m2}) Delta={delta}"
            bL, bR = complex(*rng.normal(size=2)), complex(*rng.normal(size=2))
            g, gc = g_e1e1(bL, bR, delta), g_e1e1(np.conj(bL), np.conj(bR), delta)
            bc.check(f"E1xE1 isotropic Dirac {tag}", bc.dirac_bracket(g, om, m1, m2),
                     bracket_iso(bL, bR, delta, om, m1, m2, False))
            bc.check(f"E1xE1 isotropic Majorana {tag}", bc.majorana_bracket(g, gc, om, m1, m2),
                     bracket_iso(bL, bR, delta, om, m1, m2, True))
            bc.check(f"E1xE1 transverse Dirac {tag}", dirac_T(g, om, m1, m2),
                     bracket_T(bL, bR, delta, om, m1, m2, False))
            bc.check(f"E1xE1 transverse Majorana {tag}", majorana_T(g, gc, om, m1, m2),
                     bracket_T(bL, bR, delta, om, m1, m2, True))
    dipole_checks(rng)
    # Monte Carlo (random directions) agrees with the octahedron rule
    om, m1, m2, delta = 0.9, 0.05, 0.02, 0.3
    g = g_e1e1(0.6 + 0.2j, 0.1j, delta)
    mc = bc.dirac_bracket(g, om, m1, m2, bc.random_directions(4000, seed=7))
    ex = bracket_iso(0.6 + 0.2j, 0.1j, delta, om, m1, m2, False)
    print(f"MC (4000 random directions) vs formula: {mc:.6e} {ex:.6e} rel {abs(mc - ex) / ex:.1e}")
    if abs(mc - ex) / ex > 2e-2:
        bc.FAIL.append("monte carlo")
    if bc.FAIL:
        print("FAILED:", bc.FAIL)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()

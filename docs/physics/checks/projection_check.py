"""Brute-force check of the transverse atomic projection (docs/physics/standard-model.md section 2.4).

For a J = 0 -> J = 1 -> J = 0 transition (Yb 3P0 -> 3P1 -> 1S0) the amplitude is eps^*.Gamma, with
eps the trigger photon's (linear) polarisation, transverse to the trigger axis, which is the pair's
momentum direction: Q = (E_eg - omega, 0, 0, -omega), eps = x or y. The literature's isotropic
average replaces eps^k eps^l by delta^kl / 3. With bsm_check.py's normalisation
    isotropic:  B = (1/6) < sum_{l=1..3} sum_spins |ubar Gamma^l v|^2 >
    transverse: B_T = (1/2) < sum_spins |ubar Gamma^x v|^2 >   (the same for eps = y)
Claims checked (explicit spinors, exact octahedron rule; Dirac and Majorana):
  1. SM / Z' chiral bracket: I_ij -> K_ij = (2 q^4 - q^2 S - D)/(6 q^2), the mass terms unchanged;
  2. scalar (sigma.Q longitudinal): B_T = 0, including its interference with the SM;
  3. electromagnetic (spin amplitude (J x Q), transverse): B_T = (3/2) B_isotropic.
Run: python3 docs/physics/checks/projection_check.py   (exit code 1 on any failure)
"""
import sys
import numpy as np
import bsm_check as bc
from dirac import u_spinor, ubar, v_spinor, pair_momenta, OCTAHEDRON


def dirac_T(gam, omega, m1, m2, axis=1):
    Q = bc.kin(omega)
    tot = 0.0
    for n in OCTAHEDRON:
        p1, p2 = pair_momenta(Q[0], Q[3], m1, m2, n)
        Gl = gam(Q, axis)
        for s1 in (0, 1):
            for s2 in (0, 1):
                tot += abs(ubar(u_spinor(p1, m1, s1)) @ Gl @ v_spinor(p2, m2, s2)) ** 2
    return tot / len(OCTAHEDRON) / 2.0


def majorana_T(gij, gji, omega, m1, m2, axis=1):
    Q = bc.kin(omega)
    tot = 0.0
    for n in OCTAHEDRON:
        p1, p2 = pair_momenta(Q[0], Q[3], m1, m2, n)
        Gij, Gji = gij(Q, axis), gji(Q, axis)
        for s1 in (0, 1):
            for s2 in (0, 1):
                a = ubar(u_spinor(p1, m1, s1)) @ Gij @ v_spinor(p2, m2, s2)
                b = ubar(u_spinor(p2, m2, s2)) @ Gji @ v_spinor(p1, m1, s1)
                tot += abs(a - b) ** 2
    return 0.5 * tot / len(OCTAHEDRON) / 2.0


def chiral_T(aL, aR, omega, m1, m2, majorana):
    dm = 1.0 if majorana else 0.0
    K = bc.kij(omega, m1, m2)
    return ((abs(aL) ** 2 + abs(aR) ** 2 - 2 * dm * (aL * aR).real) * K
            - (dm * (aL * aL + aR * aR).real - 2 * (np.conj(aL) * aR).real) * m1 * m2)


def main():
    rng = np.random.default_rng(20261201)
    for (om, m1, m2) in [(0.9, 0.05, 0.02), (1.0, 0.0, 0.0), (0.7, 0.11, 0.03), (1.05, 0.012, 0.03)]:
        tag = f"w={om} m=({m1},{m2})"
        aL, aR = complex(*rng.normal(size=2)), complex(*rng.normal(size=2))
        for axis in (1, 2):
            bc.check(f"transverse chiral Dirac eps={'xy'[axis - 1]} {tag}",
                     dirac_T(bc.g_vector(aL, aR), om, m1, m2, axis), chiral_T(aL, aR, om, m1, m2, False))
        bc.check(f"transverse chiral Majorana {tag}",
                 majorana_T(bc.g_vector(aL, aR), bc.g_vector(np.conj(aL), np.conj(aR)), om, m1, m2),
                 chiral_T(aL, aR, om, m1, m2, True))
        c, yS, yP = complex(*rng.normal(size=2)), complex(*rng.normal(size=2)), complex(*rng.normal(size=2))
        with_scalar = dirac_T(bc.g_sum(bc.g_vector(aL, aR), bc.g_scalar(c, yS, yP)), om, m1, m2)
        bc.check(f"transverse: scalar (and its interference) drops {tag}", with_scalar,
                 chiral_T(aL, aR, om, m1, m2, False))
        xi, mu, ep = 0.8, complex(*rng.normal(size=2)) * 1e-10, complex(*rng.normal(size=2)) * 1e-10
        rho = complex(*rng.normal(size=2)) * 1e-25 / bc.HBARC ** 2
        an = complex(*rng.normal(size=2)) * 1e-25 / bc.HBARC ** 2
        em = bc.g_em(xi, rho, an, mu, ep)
        bc.check(f"transverse EM = 3/2 isotropic {tag}", dirac_T(em, om, m1, m2),
                 1.5 * bc.dirac_bracket(em, om, m1, m2))
        full = dirac_T(bc.g_sum(bc.g_vector(aL, aR), em), om, m1, m2)
        bc.check(f"transverse EM: no interference with the SM {tag}", full - chiral_T(aL, aR, om, m1, m2, False),
                 1.5 * bc.dirac_bracket(em, om, m1, m2), tol=1e-7)
    if bc.FAIL:
        print("FAILED:", bc.FAIL)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()

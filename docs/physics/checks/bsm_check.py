"""Independent numerical check of every BSM bracket formula of renp (docs/physics/*.md).

Method: for one ordered pair (i, j) the bracket is
    B_ij = (1/6) < sum_l sum_spins |ubar(p1) Gamma^l v(p2)|^2 >_pair phase space
with the 'spin amplitude' Gamma^l (l = 1, 2, 3: the atomic electron-spin component, isotropic
average (1/3) delta^{kl} of docs/physics/standard-model.md section 2).  SM: Gamma^l = gamma^l a P_L gives |a|^2 I_ij.
Dirac: one contraction.  Majorana: both contractions, M = ubar1 G_ij v2 - ubar2 G_ji v1, with an
overall 1/2 (identical particles for i = j, ordered-pair double counting for i != j).
Spinors are explicit (v = C ubar^T); the phase-space average uses the 6 octahedron directions in
the pair rest frame, which is exact because the spin-summed integrand is a polynomial of degree
<= 2 in the direction; a seeded random Monte Carlo is run as well to show agreement.
Every analytic formula (the ones implemented in src/physics/spectrum/*.ts and in
test/fixtures/bsm_reference.py) is compared with this brute-force value.

Run: python3 docs/physics/checks/bsm_check.py      (exit code 1 on any failure)
"""
import sys
import numpy as np
from dirac import (G, G5, ONE, PL, PR, sig, slash, u_spinor, ubar, v_spinor, pair_momenta,
                   OCTAHEDRON, random_directions, METRIC)

GF = 1.1663788e-23
ME = 510998.95
ALPHA = 1 / 137.035999084
E = np.sqrt(4 * np.pi * ALPHA)
MUB = E / (2 * ME)
HBARC = 1.973269804e-5
EEG = 2.14349
RT2 = np.sqrt(2.0)

# ---------------------------------------------------------------- vertices Gamma^l(Q)

def g_vector(aL, aR):
    return lambda Q, l: G[l] @ (aL * PL + aR * PR)


def g_scalar(c, yS, yP):
    # spin amplitude i c Q^l (yS + i yP g5), c = y^e / (2 sqrt2 G_F m_e (q^2 - M^2 + i M Gamma))
    return lambda Q, l: 1j * c * Q[l] * (yS * ONE + 1j * yP * G5)


def em_vertex(Q, m, fQ, fA, fM, fE):
    """Giunti-Studenikin Lambda^m(q = Q) (upper index m)."""
    q2 = Q[0] ** 2 - Q[1] ** 2 - Q[2] ** 2 - Q[3] ** 2
    Qlow = METRIC @ Q
    t1 = (G[m] - Q[m] * slash(Q) / q2) @ (fQ * ONE + fA * q2 * G5)
    sq = sum(sig(m, nu) * Qlow[nu] for nu in range(4))
    return t1 - 1j * fM * sq + fE * sq @ G5


def g_em(xi, rho, anap, mu, eps):
    """rho = <r^2>/6 and anap in eV^-2, mu and eps in units of mu_B."""
    def f(Q, l):
        q2 = Q[0] ** 2 - Q[1] ** 2 - Q[2] ** 2 - Q[3] ** 2
        C = 1j * E * xi / (2 * RT2 * GF * ME * q2)
        fQ, fA, fM, fE = E * q2 * rho, E * anap, mu * MUB, eps * MUB
        lam = [None] + [em_vertex(Q, m, fQ, fA, fM, fE) for m in (1, 2, 3)]
        # (Lambda x Q)^l
        a, b = {1: (2, 3), 2: (3, 1), 3: (1, 2)}[l]
        return C * (lam[a] * Q[b] - lam[b] * Q[a])
    return f


def g_sum(*fs):
    return lambda Q, l: sum(f(Q, l) for f in fs)

# ---------------------------------------------------------------- brute-force brackets

def kin(omega):
    return np.array([EEG - omega, 0.0, 0.0, -omega])


def dirac_bracket(gam, omega, m1, m2, dirs=OCTAHEDRON):
    Q = kin(omega)
    tot = 0.0
    for n in dirs:
        p1, p2 = pair_momenta(Q[0], Q[3], m1, m2, n)
        us = [ubar(u_spinor(p1, m1, s)) for s in (0, 1)]
        vs = [v_spinor(p2, m2, s) for s in (0, 1)]
        for l in (1, 2, 3):
            Gl = gam(Q, l)
            for ub in us:
                for v in vs:
                    tot += abs(ub @ Gl @ v) ** 2
    return tot / len(dirs) / 6.0


def majorana_bracket(gam_ij, gam_ji, omega, m1, m2, dirs=OCTAHEDRON):
    Q = kin(omega)
    tot = 0.0
    for n in dirs:
        p1, p2 = pair_momenta(Q[0], Q[3], m1, m2, n)
        for l in (1, 2, 3):
            Gij, Gji = gam_ij(Q, l), gam_ji(Q, l)
            for s1 in (0, 1):
                for s2 in (0, 1):
                    a = ubar(u_spinor(p1, m1, s1)) @ Gij @ v_spinor(p2, m2, s2)
                    b = ubar(u_spinor(p2, m2, s2)) @ Gji @ v_spinor(p1, m1, s1)
                    tot += abs(a - b) ** 2
    return 0.5 * tot / len(dirs) / 6.0

# ---------------------------------------------------------------- analytic formulas

def q2_of(omega):
    return EEG * (EEG - 2 * omega)


def iij(omega, m1, m2):
    q2 = q2_of(omega)
    S, D = m1 * m1 + m2 * m2, (m1 * m1 - m2 * m2) ** 2
    return (q2 + omega ** 2 / 3 - S / 2 - D / (2 * q2) + S * omega ** 2 / (3 * q2)
            - 2 * D * omega ** 2 / (3 * q2 * q2)) / 3


def kij(omega, m1, m2):
    q2 = q2_of(omega)
    S, D = m1 * m1 + m2 * m2, (m1 * m1 - m2 * m2) ** 2
    return (2 * q2 * q2 - q2 * S - D) / (6 * q2)


def bracket_chiral(aL, aR, omega, m1, m2, majorana):
    dm = 1.0 if majorana else 0.0
    I = iij(omega, m1, m2)
    return ((abs(aL) ** 2 + abs(aR) ** 2 - 2 * dm * (aL * aR).real) * I
            - (dm * (aL * aL + aR * aR).real - 2 * (np.conj(aL) * aR).real) * m1 * m2)


def scalar_dirac(c, yS, yP, aL, aR, omega, m1, m2):
    q2 = q2_of(omega)
    w2 = omega ** 2
    sq = abs(c) ** 2 * w2 / 3 * (abs(yS) ** 2 * (q2 - (m1 + m2) ** 2) + abs(yP) ** 2 * (q2 - (m1 - m2) ** 2))
    Fp, Fm = (q2 - (m1 + m2) ** 2) / q2, (q2 - (m1 - m2) ** 2) / q2
    it = w2 / 3 * (-(c * np.conj(aL + aR) * yS).imag * (m1 - m2) * Fp
                   + (c * np.conj(aL - aR) * yP).real * (m1 + m2) * Fm)
    return sq + it


def dipole_dirac(xi, mu, eps, omega, m1, m2):
    q2 = q2_of(omega)
    return ((np.pi * ALPHA * xi) ** 2 * omega ** 2 / (9 * GF ** 2 * ME ** 4 * q2 * q2)
            * (abs(mu) ** 2 * (q2 - (m1 - m2) ** 2) * (q2 + 2 * (m1 + m2) ** 2)
               + abs(eps) ** 2 * (q2 - (m1 + m2) ** 2) * (q2 + 2 * (m1 - m2) ** 2)))


def radius_anapole_dirac(xi, rho, anap, omega, m1, m2):
    """rho = <r^2>/6, anap: eV^-2."""
    pref = (4 * np.pi * ALPHA) ** 2 * xi ** 2 * omega ** 2 / (6 * GF ** 2 * ME ** 2)
    return pref * ((abs(rho) ** 2 + abs(anap) ** 2) * kij(omega, m1, m2)
                   + m1 * m2 * (abs(rho) ** 2 - abs(anap) ** 2))

def radius_dipole_cross_dirac(xi, rho, anap, mu, eps, omega, m1, m2):
    """Interference of the chirality-conserving (rho = <r^2>/6, anap) and the dipole (mu, eps in
    mu_B) parts of the photon vertex; needs a mass insertion, vanishes for massless pairs."""
    q2 = q2_of(omega)
    Fp, Fm = (q2 - (m1 + m2) ** 2) / q2, (q2 - (m1 - m2) ** 2) / q2
    pref = -E ** 4 * xi ** 2 * omega ** 2 / (12 * GF ** 2 * ME ** 3)
    return pref * ((m1 + m2) * Fm * (rho * np.conj(mu)).real + (m1 - m2) * Fp * (anap * np.conj(eps)).imag)


# ---------------------------------------------------------------- the checks

FAIL = []


def check(name, got, want, tol=1e-9):
    scale = max(abs(want), 1e-300)
    rel = abs(got - want) / scale
    ok = rel < tol or abs(got - want) < 1e-300
    print(f"{'ok ' if ok else 'BAD'} {name:60s} brute={got: .12e} formula={want: .12e} rel={rel:.1e}")
    if not ok:
        FAIL.append(name)


def main():
    rng = np.random.default_rng(20240601)
    cases = [(0.9, 0.05, 0.02), (1.0, 0.0, 0.0), (0.7, 0.11, 0.03), (1.05, 0.012, 0.03)]
    for (om, m1, m2) in cases:
        tag = f"w={om} m=({m1},{m2})"
        # SM/Z' chiral bracket, Dirac and Majorana (hermitian-consistent coefficients)
        aL = complex(*rng.normal(size=2)); aR = complex(*rng.normal(size=2))
        check(f"chiral Dirac {tag}", dirac_bracket(g_vector(aL, aR), om, m1, m2),
              bracket_chiral(aL, aR, om, m1, m2, False))
        check(f"chiral Majorana {tag}",
              majorana_bracket(g_vector(aL, aR), g_vector(np.conj(aL), np.conj(aR)), om, m1, m2),
              bracket_chiral(aL, aR, om, m1, m2, True))
        # Majorana, vector coupling: real g drops out, imaginary g survives
        a = complex(*rng.normal(size=2)); gv = 0.7
        base = bracket_chiral(a, 0, om, m1, m2, True)
        check(f"Majorana real vector coupling drops out {tag}",
              majorana_bracket(g_vector(a + gv, gv), g_vector(np.conj(a) + gv, gv), om, m1, m2), base)
        # Majorana with complex propagator (Z' width): exact = (1/2) Dirac(AL, AR)
        P = complex(0.3, -0.8); gL = complex(0.4, 0.5); gR = complex(-0.2, 0.3)
        aLij, aRij = a + P * gL, P * gR
        aLji, aRji = np.conj(a) + P * np.conj(gL), P * np.conj(gR)
        AL, AR = aLij - aRji, aRij - aLji
        check(f"Majorana complex propagator = Dirac(AL,AR)/2 {tag}",
              majorana_bracket(g_vector(aLij, aRij), g_vector(aLji, aRji), om, m1, m2),
              0.5 * bracket_chiral(AL, AR, om, m1, m2, False))
        # scalar, Dirac, with interference (complex c covers the width)
        c = complex(*rng.normal(size=2)) * 0.3; yS = complex(*rng.normal(size=2)); yP = complex(*rng.normal(size=2))
        tot = dirac_bracket(g_sum(g_vector(aL, aR), g_scalar(c, yS, yP)), om, m1, m2)
        check(f"scalar Dirac (sq + interference) {tag}", tot - bracket_chiral(aL, aR, om, m1, m2, False),
              scalar_dirac(c, yS, yP, aL, aR, om, m1, m2))
        # scalar, Majorana: Y_eff = Y_ij + Y_ji = 2 Re y (hermitian), A from C-transposition
        yS_ji, yP_ji = np.conj(yS), np.conj(yP)
        gij = g_sum(g_vector(aL, aR), g_scalar(c, yS, yP))
        gji = g_sum(g_vector(np.conj(aL), np.conj(aR)), g_scalar(c, yS_ji, yP_ji))
        AL, AR = aL - np.conj(aR), aR - np.conj(aL)
        want = bracket_chiral(aL, aR, om, m1, m2, True) + 0.5 * scalar_dirac(c, yS + yS_ji, yP + yP_ji, AL, AR, om, m1, m2)
        check(f"scalar Majorana {tag}", majorana_bracket(gij, gji, om, m1, m2), want)
        # dipoles, Dirac: formula and no interference with SM + scalar
        xi = 0.8; mu = complex(*rng.normal(size=2)) * 1e-10; ep = complex(*rng.normal(size=2)) * 1e-10
        check(f"dipole Dirac {tag}", dirac_bracket(g_em(xi, 0, 0, mu, ep), om, m1, m2),
              dipole_dirac(xi, mu, ep, om, m1, m2))
        full = dirac_bracket(g_sum(g_vector(aL, aR), g_scalar(c, yS, yP), g_em(xi, 0, 0, mu, ep)), om, m1, m2)
        check(f"dipole: no interference with SM/scalar {tag}", full - tot, dipole_dirac(xi, mu, ep, om, m1, m2))
        # charge radius / anapole, Dirac: formula, and no interference with SM or dipoles
        rho = complex(*rng.normal(size=2)) * 1e-32 / HBARC ** 2; an = complex(*rng.normal(size=2)) * 1e-32 / HBARC ** 2
        check(f"radius/anapole Dirac {tag}", dirac_bracket(g_em(xi, rho, an, 0, 0), om, m1, m2),
              radius_anapole_dirac(xi, rho, an, om, m1, m2))
        # scale the radius up so a cross term with the dipole would be visible
        rho2, an2 = rho * 1e7, an * 1e7
        both = dirac_bracket(g_sum(g_vector(aL, aR), g_em(xi, rho2, an2, mu, ep)), om, m1, m2)
        check(f"radius/anapole: no SM interference; cross term with dipole {tag}",
              both - bracket_chiral(aL, aR, om, m1, m2, False) - dipole_dirac(xi, mu, ep, om, m1, m2),
              radius_anapole_dirac(xi, rho2, an2, om, m1, m2)
              + radius_dipole_cross_dirac(xi, rho2, an2, mu, ep, om, m1, m2), tol=1e-7)
        # Majorana EM in the form-factor (matrix-element) convention: antisymmetric mu, eps, r^2,
        # symmetric anapole; Lagrangian coefficient = half the form factor; result = Dirac/2
        if m1 != m2:
            mu_m, ep_m = 1j * 2e-10, 1j * -1.3e-10
            r_m, a_m = 1j * 3e-32 / HBARC ** 2 * 1e7, 0.8e-32 / HBARC ** 2 * 1e7
            gij = g_em(xi, r_m / 2, a_m / 2, mu_m / 2, ep_m / 2)
            gji = g_em(xi, -r_m / 2, a_m / 2, -mu_m / 2, -ep_m / 2)
            want = 0.5 * (dipole_dirac(xi, mu_m, ep_m, om, m1, m2) + radius_anapole_dirac(xi, r_m, a_m, om, m1, m2)
                          + radius_dipole_cross_dirac(xi, r_m, a_m, mu_m, ep_m, om, m1, m2))
            check(f"EM Majorana = Dirac(form factors)/2 {tag}", majorana_bracket(gij, gji, om, m1, m2), want)
    # Monte Carlo (random directions) agrees with the octahedron rule
    om, m1, m2 = 0.9, 0.05, 0.02
    dirs = random_directions(4000, seed=12345)
    c, yS, yP = 0.2 + 0.1j, 0.5 - 0.3j, 0.4 + 0.9j
    gam = g_sum(g_vector(0.3 + 0.2j, 0.1j), g_scalar(c, yS, yP), g_em(1.0, 0, 0, 3e-10, 2e-10))
    mc = dirac_bracket(gam, om, m1, m2, dirs)
    ex = dirac_bracket(gam, om, m1, m2)
    print(f"MC (4000 random directions) vs exact: {mc:.6e} {ex:.6e} rel {abs(mc-ex)/ex:.1e}")
    if abs(mc - ex) / ex > 2e-2:
        FAIL.append("monte carlo")
    # mu s-wave, eps p-wave at threshold (shape ratio to Delta)
    m1, m2 = 0.05, 0.02
    om_th = EEG / 2 - (m1 + m2) ** 2 / (2 * EEG)
    for d in (1e-3, 1e-5):
        om = om_th - d
        r_mu = dipole_dirac(1, 1e-11, 0, om, m1, m2)
        r_ep = dipole_dirac(1, 0, 1e-11, om, m1, m2)
        print(f"below threshold by {d:g} eV: mu bracket {r_mu:.4e}  eps bracket {r_ep:.4e}")
    if FAIL:
        print("FAILED:", FAIL)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()

"""Brute-force check of the E1 x E1 pair bracket (docs/physics/e1e1.md sections 3 and 5).

Between an excited level e and an intermediate level p of opposite parity (singlets, e.g.
1S0 -> 1P1 -> 1S0) the pair couples to the electron's *vector* current. Long wavelength, one
intermediate level, BOTH time orderings, the J = 1 sublevel sum done explicitly (`two_orderings`):
pair first (e -> p + pair; vertex r_pe.(Q L^0 + Delta L), velocity form, denominator -(E_pg - omega))
and photon first (e -> p + gamma, then p -> g + pair; vertex r_gp.(Q L^0 - E_pg L), denominator
-(Delta + omega)). Claims (per unit |r|^2, bsm_check's normalisation; Q = (Q0, 0, 0, -omega)):
  the amplitude is F (Q^l L^0 - Q0 L^l), F = 1 + (E_pg - omega)/(Delta + omega), in velocity and in
  length form (c = -Q0 at both vertices) alike, while one ordering alone depends on the form;
  a pair current proportional to Q^mu gives zero (Ward identity);
  B = F^2 P (C_N K - X),  P = Q0^2 (transverse), Q0^2 - omega^2/3 (isotropic),
  C_N = |bL|^2 + |bR|^2 - 2 dM Re(bL bR),  X = (dM Re(bL^2 + bR^2) - 2 Re(bL^* bR)) m_i m_j,
  K = (2 q^4 - q^2 S - D)/(6 q^2).
Explicit spinors, exact octahedron rule, Dirac and Majorana (hermitian-consistent coefficients).
Dipole moments (section 5): the photon (amplitude e/(sqrt2 G_F q^2) on the electron's vector current,
through the same two orderings) with the Giunti-Studenikin vertex of bsm_check.py; claim: the E1 x E1
dipole bracket and its interference with the vector coupling (bL, bR) equal the E1 x M1 formulas at
xi = 1 with the vector coupling as form factors rho = (bL + bR)/(2 kappa), a = (bR - bL)/(2 kappa),
kappa = e^2/(sqrt2 G_F), times 6 m_e^2 F^2 P / omega^2;
Majorana: (1/2) x that with the form factors (mu_ij - mu_ji)/2, v_ij - v_ji, ax_ij + ax_ji.
Run: python3 docs/physics/checks/e1e1_check.py   (exit code 1 on any failure)
"""
import sys
import numpy as np
import bsm_check as bc
from dirac import G, PL, PR
from projection_check import dirac_T, majorana_T


# Spherical basis of the J = 1 level p: <p, m|r^a|e> = conj(e_m^a), <g|r^b|p, m> = e_m^b (unit radial
# parts; the sublevel sum below is done explicitly, not assumed).
SPH = [np.array([-1, -1j, 0]) / np.sqrt(2), np.array([0, 0, 1.0 + 0j]), np.array([1, -1j, 0]) / np.sqrt(2)]


def two_orderings(vertex, delta, form="velocity", orderings=(1, 2)):
    """The atomic amplitude for photon polarisation along axis l, in units where the pair-first
    denominator's 1/(E_pg - omega) stays outside (docs/physics/e1e1.md section 3).

    vertex(Q, a) is the pair current's component a (a = 0 time, 1-3 space) as a 4x4 matrix.
    Pair vertex on i -> f (long wavelength): r_fi . (Q L^0 + c L), c = E_f - E_i (velocity form) or
    -Q0 (length form). Pair first (e -> p, c = Delta), denominator -(E_pg - omega); photon first
    (p -> g, c = -E_pg), denominator -(Delta + omega). Photon vertex eps^*.r (length form) both times.
    """
    def f(Q, l):
        om, q0 = -Q[3], Q[0]
        epg = bc.EEG + delta
        eps = np.zeros(3)
        eps[l - 1] = 1.0
        tot = 0
        for m in SPH:
            rpe, rgp = np.conj(m), m  # r_pe^a, r_gp^b for sublevel m
            if 1 in orderings:
                c = delta if form == "velocity" else -q0
                W = [Q[a] * vertex(Q, 0) + c * vertex(Q, a) for a in (1, 2, 3)]
                tot = tot + (eps @ rgp) * sum(rpe[a] * W[a] for a in range(3)) * (-(epg - om)) / (-(epg - om))
            if 2 in orderings:
                c = -epg if form == "velocity" else -q0
                W = [Q[a] * vertex(Q, 0) + c * vertex(Q, a) for a in (1, 2, 3)]
                tot = tot + (eps @ rpe) * sum(rgp[a] * W[a] for a in range(3)) * (-(epg - om)) / (-(delta + om))
        return tot
    return f


def g_e1e1(bL, bR, delta, form="velocity", orderings=(1, 2)):
    chi = bL * PL + bR * PR
    return two_orderings(lambda Q, a: G[a] @ chi, delta, form, orderings)


def parts(bL, bR, m1, m2, majorana):
    dm = 1.0 if majorana else 0.0
    cn = abs(bL) ** 2 + abs(bR) ** 2 - 2 * dm * (bL * bR).real
    x = (dm * (bL * bL + bR * bR).real - 2 * (np.conj(bL) * bR).real) * m1 * m2
    return cn, x


def ordering_factor(delta, om, transverse):
    """F^2 P of docs/physics/e1e1.md section 3: F = 1 + (E_pg - omega)/(Delta + omega),
    P = Q0^2 (transverse) or Q0^2 - omega^2/3 (isotropic)."""
    epg, q0 = bc.EEG + delta, bc.EEG - om
    F = 1 + (epg - om) / (delta + om)
    return F * F * (q0 * q0 if transverse else q0 * q0 - om * om / 3)


def bracket_iso(bL, bR, delta, om, m1, m2, majorana):
    cn, x = parts(bL, bR, m1, m2, majorana)
    return ordering_factor(delta, om, False) * (cn * bc.kij(om, m1, m2) - x)


def bracket_T(bL, bR, delta, om, m1, m2, majorana):
    cn, x = parts(bL, bR, m1, m2, majorana)
    return ordering_factor(delta, om, True) * (cn * bc.kij(om, m1, m2) - x)


def g_e1e1_em(delta, rho, anap, mu, eps, orderings=(1, 2)):
    """The photon's E1 x E1 amplitude: C' Lambda^mu through both orderings, C' = e/(sqrt2 G_F q^2)."""
    def vertex(Q, a):
        q2 = Q[0] ** 2 - Q[1] ** 2 - Q[2] ** 2 - Q[3] ** 2
        C = bc.E / (bc.RT2 * bc.GF * q2)
        fQ, fA, fM, fE = bc.E * q2 * rho, bc.E * anap, mu * bc.MUB, eps * bc.MUB
        return C * bc.em_vertex(Q, a, fQ, fA, fM, fE)
    return two_orderings(vertex, delta, "velocity", orderings)


KAPPA = bc.E ** 2 / (bc.RT2 * bc.GF)


def dipole_closed(delta, om, m1, m2, rho, anap, mu, eps, transverse):
    """E1 x E1 dipole bracket incl. its interference with (rho, anap) (Dirac form factors)."""
    m1iso = bc.dipole_dirac(1, mu, eps, om, m1, m2) + bc.radius_dipole_cross_dirac(1, rho, anap, mu, eps, om, m1, m2)
    return 6 * bc.ME ** 2 / om ** 2 * ordering_factor(delta, om, transverse) * m1iso


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


def form_checks(rng):
    """Velocity and length form agree for the sum of both orderings (matrix by matrix), not for one
    ordering alone; the sum is F (Q^l L^0 - Q0 L^l) (section 3); its pair-gauge part drops."""
    for (om, delta) in [(1.0, 0.0872), (1.07, 0.0872), (0.9, 0.6)]:
        Q = bc.kin(om)
        bL, bR = complex(*rng.normal(size=2)), complex(*rng.normal(size=2))
        chi = bL * PL + bR * PR
        epg, q0 = bc.EEG + delta, bc.EEG - om
        F = 1 + (epg - om) / (delta + om)
        worst_sum, worst_closed, single = 0.0, 0.0, []
        for l in (1, 2, 3):
            vel, length = g_e1e1(bL, bR, delta, "velocity")(Q, l), g_e1e1(bL, bR, delta, "length")(Q, l)
            closed = F * (Q[l] * G[0] - q0 * G[l]) @ chi
            worst_sum = max(worst_sum, np.abs(vel - length).max() / np.abs(vel).max())
            worst_closed = max(worst_closed, np.abs(vel - closed).max() / np.abs(vel).max())
            for o in ((1,), (2,)):
                v1, l1 = g_e1e1(bL, bR, delta, "velocity", o)(Q, l), g_e1e1(bL, bR, delta, "length", o)(Q, l)
                single.append(np.abs(v1 - l1).max() / np.abs(v1).max())
        tag = f"w={om} Delta={delta}"
        ok = worst_sum < 1e-12 and worst_closed < 1e-12 and min(single) > 1e-2
        print(f"{'ok  ' if ok else 'FAIL'} E1xE1 form independence {tag}: velocity vs length {worst_sum:.1e}, "
              f"vs F (Q L^0 - Q0 L) {worst_closed:.1e}; one ordering alone differs by {min(single):.2f}-{max(single):.2f}")
        if not ok:
            bc.FAIL.append(f"form independence {tag}")
        # the pair-gauge part: L^mu -> Q^mu (a current proportional to Q) gives zero amplitude
        gauge = two_orderings(lambda Qv, a: Qv[a] * np.eye(4), delta)
        g_sum = max(np.abs(gauge(Q, l)).max() for l in (1, 2, 3))
        one = max(np.abs(two_orderings(lambda Qv, a: Qv[a] * np.eye(4), delta, orderings=(1,))(Q, l)).max()
                  for l in (1, 2, 3))
        ok = g_sum < 1e-12 * one
        print(f"{'ok  ' if ok else 'FAIL'} E1xE1 Ward identity {tag}: L -> Q gives {g_sum:.1e} (one ordering {one:.2e})")
        if not ok:
            bc.FAIL.append(f"ward {tag}")


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
    form_checks(rng)
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

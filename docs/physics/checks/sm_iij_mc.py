#!/usr/bin/env python3
"""Checks of the SM pair function I_ij (docs/physics/standard-model.md section 2).

1. Dirac algebra, pointwise: with explicit 4x4 gamma matrices, for random on-shell momenta,
     Dirac:     sum_k Tr[(p1/+m1) g^k a P_L (p2/-m2) g^k a* P_L]      (k = 1,2,3, spatial trace)
                = 6 |a|^2 (E1 E2 - p1.p2/3)
     Majorana:  (1/2) sum_k Tr[(p1/+m1) g^k (a P_L - a* P_R) (p2/-m2) g^k (a* P_L - a P_R)]
                = 6 [ |a|^2 (E1 E2 - p1.p2/3) - Re(a^2) m1 m2 ]
   (the 1/2 is the identical-particle / same-state factor of an ordered Majorana pair), so
   the bracket |a|^2 I_ij - delta_M Re(a^2) m_i m_j of standard-model.md section 2 follows, with the minus sign.
2. Phase-space average <E1 E2 - p1.p2/3> over the two-body pair decay, boosted to the atom
   frame where Q = (E_eg - omega, -k), |k| = omega, two ways:
     (a) exact angular quadrature (Gauss-Legendre in cos theta*, the integrand is a quadratic
         polynomial in cos theta*), compared with the closed form to ~1e-15;
     (b) a plain Monte Carlo with N events (statistical check, ~1e-4).
   Closed form (tensor decomposition <p1^mu p2^nu> = A g^{mu nu} + B Q^mu Q^nu):
     I_ij = (1/3)[q^2 + w^2/3 - S/2 - D/(2 q^2) + S w^2/(3 q^2) - 2 D w^2/(3 q^4)]
     S = m_i^2 + m_j^2, D = (m_i^2 - m_j^2)^2, q^2 = E_eg (E_eg - 2 w).
   Also: the form recalled from Dinh et al. (2013) eq. for I_ij,
     (1/3) q^2 + w^2/6 - w^2 Delta^2/18 - S/6 - (E_eg - w)^2 D / (6 q^4),
   agrees identically (checked numerically here).
Run: python3 docs/physics/checks/sm_iij_mc.py   (numpy only; ~10 s)
"""
import numpy as np

rng = np.random.default_rng(20240611)

# ---------------------------------------------------------------- gamma matrices (Dirac rep)
I2 = np.eye(2)
Z2 = np.zeros((2, 2))
sx = np.array([[0, 1], [1, 0]], complex)
sy = np.array([[0, -1j], [1j, 0]], complex)
sz = np.array([[1, 0], [0, -1]], complex)
g0 = np.block([[I2, Z2], [Z2, -I2]]).astype(complex)
gs = [np.block([[Z2, s], [-s, Z2]]) for s in (sx, sy, sz)]
G = [g0] + gs
g5 = 1j * G[0] @ G[1] @ G[2] @ G[3]
PL = (np.eye(4) - g5) / 2
PR = (np.eye(4) + g5) / 2
metric = np.diag([1.0, -1.0, -1.0, -1.0])


def slash(p):
    return sum(metric[m, m] * p[m] * G[m] for m in range(4))


def onshell(m, pvec):
    return np.array([np.sqrt(m * m + pvec @ pvec), *pvec])


def trace_checks(ntrials=200):
    worst_d = worst_m = 0.0
    for _ in range(ntrials):
        m1, m2 = rng.uniform(0, 1, 2)
        p1 = onshell(m1, rng.normal(size=3))
        p2 = onshell(m2, rng.normal(size=3))
        a = complex(*rng.normal(size=2))
        E1E2 = p1[0] * p2[0]
        p1p2 = p1[1:] @ p2[1:]
        A = slash(p1) + m1 * np.eye(4)
        B = slash(p2) - m2 * np.eye(4)
        dirac = sum(np.trace(A @ G[k] @ (a * PL) @ B @ G[k] @ (np.conj(a) * PL)) for k in (1, 2, 3))
        want_d = 6 * abs(a) ** 2 * (E1E2 - p1p2 / 3)
        maj = 0.5 * sum(np.trace(A @ G[k] @ (a * PL - np.conj(a) * PR) @ B @ G[k]
                                 @ (np.conj(a) * PL - a * PR)) for k in (1, 2, 3))
        want_m = 6 * (abs(a) ** 2 * (E1E2 - p1p2 / 3) - (a * a).real * m1 * m2)
        scale = abs(a) ** 2 * (abs(E1E2) + abs(p1p2) + m1 * m2)
        worst_d = max(worst_d, abs(dirac - want_d) / scale)
        worst_m = max(worst_m, abs(maj - want_m) / scale)
    return worst_d, worst_m


# ---------------------------------------------------------------- phase space
def Iij_closed(E, w, m1, m2):
    q2 = E * (E - 2 * w)
    S = m1**2 + m2**2
    D = (m1**2 - m2**2) ** 2
    return (q2 + w**2 / 3 - S / 2 - D / (2 * q2) + S * w**2 / (3 * q2) - 2 * D * w**2 / (3 * q2**2)) / 3


def Iij_dinh_recalled(E, w, m1, m2):
    q2 = E * (E - 2 * w)
    S = m1**2 + m2**2
    D = (m1**2 - m2**2) ** 2
    Delta2 = (1 - (m1 + m2) ** 2 / q2) * (1 - (m1 - m2) ** 2 / q2)
    return q2 / 3 + w**2 / 6 - w**2 * Delta2 / 18 - S / 6 - (E - w) ** 2 * D / (6 * q2**2)


def pair_momenta(E, w, m1, m2, cth, phi):
    """neutrino momenta in the atom frame for rest-frame decay angles (cth, phi)."""
    q2 = E * (E - 2 * w)
    M = np.sqrt(q2)
    pst = np.sqrt((q2 - (m1 + m2) ** 2) * (q2 - (m1 - m2) ** 2)) / (2 * M)
    sth = np.sqrt(1 - cth**2)
    n = np.stack([sth * np.cos(phi), sth * np.sin(phi), cth])
    e1 = np.sqrt(m1**2 + pst**2)
    e2 = np.sqrt(m2**2 + pst**2)
    # boost along -z with Q = (E - w, 0, 0, -w)
    Q0, Qz = E - w, -w
    beta = Qz / Q0
    gam = Q0 / M

    def boost(e, p):
        ez = e * 0 + p[2]
        return gam * (e + beta * ez), np.stack([p[0], p[1], gam * (ez + beta * e)])

    E1, P1 = boost(e1, pst * n)
    E2, P2 = boost(e2, -pst * n)
    return E1, P1, E2, P2


def average_exact(E, w, m1, m2, n=8):
    x, wt = np.polynomial.legendre.leggauss(n)
    E1, P1, E2, P2 = pair_momenta(E, w, m1, m2, x, np.zeros_like(x))
    f = E1 * E2 - np.sum(P1 * P2, axis=0) / 3
    return np.sum(wt * f) / 2  # integrand independent of phi (boost along z)


def average_mc(E, w, m1, m2, N=4_000_000):
    cth = rng.uniform(-1, 1, N)
    phi = rng.uniform(0, 2 * np.pi, N)
    E1, P1, E2, P2 = pair_momenta(E, w, m1, m2, cth, phi)
    f = E1 * E2 - np.sum(P1 * P2, axis=0) / 3
    return f.mean(), f.std() / np.sqrt(N)


def main():
    wd, wm = trace_checks()
    print(f"trace identity, Dirac:    max rel deviation {wd:.1e}")
    print(f"trace identity, Majorana: max rel deviation {wm:.1e}")
    assert wd < 1e-12 and wm < 1e-12

    E = 2.14349  # Yb E_eg
    cases = [
        ("massless", 1.0, 0.0, 0.0),
        ("Yb-like masses", 1.0705, 0.01, 0.0512),
        ("heavy, unequal (mass terms O(1))", None, 0.05, 0.01),
        ("heavy, equal", None, 0.04, 0.04),
        ("one massless", None, 0.0, 0.05),
    ]
    worst_exact = worst_recalled = 0.0
    for name, w, m1, m2 in cases:
        if w is None:  # put q^2 at 1.5 (m1+m2)^2: all mass terms matter
            q2 = 1.5 * (m1 + m2) ** 2
            w = (E - q2 / E) / 2
        closed = Iij_closed(E, w, m1, m2)
        ex = average_exact(E, w, m1, m2)
        mc, err = average_mc(E, w, m1, m2)
        rec = Iij_dinh_recalled(E, w, m1, m2)
        worst_exact = max(worst_exact, abs(ex / closed - 1))
        worst_recalled = max(worst_recalled, abs(rec / closed - 1))
        print(f"{name:34s} w={w:.7f}  closed={closed:.12e}  exact-avg rel dev={ex / closed - 1:+.1e}  "
              f"MC rel dev={(mc - closed) / closed:+.1e} +- {err / abs(closed):.1e}  "
              f"Dinh-form rel dev={rec / closed - 1:+.1e}")
        assert abs(mc - closed) < 5 * err + 1e-12 * abs(closed)
    assert worst_exact < 1e-12 and worst_recalled < 1e-12
    print(f"closed form vs exact angular average: max rel deviation {worst_exact:.1e}")
    print(f"closed form vs recalled Dinh et al. form: max rel deviation {worst_recalled:.1e}")
    # sum |a_ij|^2 = 3/4 for unitary U (any U): check with a random unitary first row
    z = rng.normal(size=3) + 1j * rng.normal(size=3)
    Ue = z / np.linalg.norm(z)
    a = np.conj(Ue)[:, None] * Ue[None, :] - np.eye(3) / 2
    print(f"sum_ij |a_ij|^2 for a random unit row = {np.sum(abs(a) ** 2):.15f} (3/4)")
    assert abs(np.sum(abs(a) ** 2) - 0.75) < 1e-14
    print("all checks passed")


if __name__ == "__main__":
    main()

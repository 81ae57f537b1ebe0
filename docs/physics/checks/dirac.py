"""Small Dirac-algebra toolkit for the renp BSM derivation checks (numpy only).

Conventions: Dirac representation, metric (+,-,-,-), gamma5 = i g0 g1 g2 g3,
sigma^{mu nu} = (i/2)[g^mu, g^nu], P_L = (1 - g5)/2, u-bar u = 2m, C = i g^2 g^0,
v(p, s) = C ubar(p, s)^T.  Spin sums: sum u ubar = pslash + m, sum v vbar = pslash - m.
"""
import numpy as np

I2 = np.eye(2, dtype=complex)
Z2 = np.zeros((2, 2), dtype=complex)
PAULI = [np.array([[0, 1], [1, 0]], dtype=complex),
         np.array([[0, -1j], [1j, 0]], dtype=complex),
         np.array([[1, 0], [0, -1]], dtype=complex)]
G0 = np.block([[I2, Z2], [Z2, -I2]])
GK = [np.block([[Z2, s], [-s, Z2]]) for s in PAULI]
G = [G0] + GK                      # gamma^mu, upper index
G5 = 1j * G[0] @ G[1] @ G[2] @ G[3]
ONE = np.eye(4, dtype=complex)
PL = (ONE - G5) / 2
PR = (ONE + G5) / 2
METRIC = np.diag([1.0, -1.0, -1.0, -1.0])
CC = 1j * G[2] @ G[0]


def sig(mu, nu):
    return 0.5j * (G[mu] @ G[nu] - G[nu] @ G[mu])


def slash(p):
    """p^mu contravariant -> gamma^mu p_mu."""
    return G[0] * p[0] - G[1] * p[1] - G[2] * p[2] - G[3] * p[3]


def bar(M):
    """Dirac adjoint of a vertex: g0 M^dagger g0."""
    return G0 @ M.conj().T @ G0


def u_spinor(p, m, s):
    chi = np.array([1, 0], dtype=complex) if s == 0 else np.array([0, 1], dtype=complex)
    E = p[0]
    sp = sum(PAULI[k] * p[k + 1] for k in range(3))
    return np.concatenate([np.sqrt(E + m) * chi, sp @ chi / np.sqrt(E + m)])


def ubar(u):
    return u.conj() @ G0


def v_spinor(p, m, s):
    """v = C ubar^T (charge conjugate of u)."""
    return CC @ ubar(u_spinor(p, m, s))


def minkowski(a, b):
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


def boost_z(p, beta):
    """Boost 4-vector p with velocity beta along z (beta may be negative)."""
    g = 1.0 / np.sqrt(1 - beta * beta)
    return np.array([g * (p[0] + beta * p[3]), p[1], p[2], g * (p[3] + beta * p[0])])


def pair_momenta(q0, qz, m1, m2, n):
    """Pair with total (q0, 0, 0, qz); n: unit direction of p1 in the pair rest frame."""
    q2 = q0 * q0 - qz * qz
    q = np.sqrt(q2)
    lam = (q2 - (m1 + m2) ** 2) * (q2 - (m1 - m2) ** 2)
    ps = np.sqrt(max(lam, 0.0)) / (2 * q)
    e1 = (q2 + m1 * m1 - m2 * m2) / (2 * q)
    e2 = (q2 + m2 * m2 - m1 * m1) / (2 * q)
    p1 = np.array([e1, ps * n[0], ps * n[1], ps * n[2]])
    p2 = np.array([e2, -ps * n[0], -ps * n[1], -ps * n[2]])
    beta = qz / q0
    return boost_z(p1, beta), boost_z(p2, beta)


OCTAHEDRON = [np.array(v, dtype=float) for v in
              [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]]


def random_directions(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    return x / np.linalg.norm(x, axis=1)[:, None]

/**
 * The physics conventions a user must know to read a scenario's BSM inputs, in one place: they are
 * the JSON Schema descriptions of the fields (editor tooltips, src/scenario/bsm.ts) and the notes
 * `renp validate` prints for the fields a scenario uses. Derivations: docs/physics/*.md.
 */

export const CONVENTIONS = {
  dipole:
    "vertex form factors in units of mu_B (Giunti-Studenikin: L = -(1/4) nubar sigma^{ab} (mu + i eps gamma5) nu F_ab, the quantities bounded by experiment and entering Gamma(nu_i -> nu_j gamma)); for Dirac neutrinos this equals -(1/2) nubar_i sigma (mu + i eps gamma5)_ij nu_j F. A Majorana transition moment mu_ij = -mu_ji gives 1/2 of the Dirac formula per ordered pair (docs/physics/electromagnetic.md section 1)",
  radiusAnapole:
    "in cm^2 (f_Q = e q^2 <r^2>/6, f_A = e a). They reach the atom only through the photon's coupling to the electron's magnetic moment (between the J = 0 and J = 1 levels the charge density cannot contribute), suppressed by omega/(2 m_e) ~ 1e-6 and without interference with the SM: <r^2> = 1e-32 cm^2 changes an E1 x M1 rate by ~1e-14 at most (~1e-16 in the threshold region; docs/physics/electromagnetic.md section 3). In an E1 x E1 transition (target.transition) they instead shift the electron-vector coupling and interfere with the SM: g_V -> g_V + sqrt2 pi alpha (<r^2> - 6 a)/(3 G_F), +5 % at <r^2> = 1e-32 cm^2 (docs/physics/e1e1.md)",
  scalar:
    "L = i y^e ebar gamma5 e phi + nubar_i (y_S + i gamma5 y_P)_ij nu_j phi, y_S and y_P hermitian. Ge & Pasquini's printed eq. (29) (EPJC 82 (2022) 208) follows from renp's couplings by y_S -> -i y_S^*, y_P -> -i y_P^*, and has a (1 - delta_M) on the y_P terms that renp does not (the Majorana y_P terms do not vanish); docs/physics/scalar-mediator.md section 3",
} as const;

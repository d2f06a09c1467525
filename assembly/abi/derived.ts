// Checked entry points for what is derived from the decompositions (solve, inverse, determinants,
// pseudo-inverse, least squares, rank, subspace bases, projectors, principal angles, conditioning).

// Checked entry points for the decompositions (QR, pivoted QR, SVD, symmetric eigen, LU).

"""The ~EL decision of claim C6 in numpy, mirroring src/engine/analysis.ts and equivalence.ts step by
step, for a same-process-style ratio in npm run bench. Single-threaded BLAS (the environment sets
OPENBLAS_NUM_THREADS=1 before numpy loads). Reads F1, G1, F2, G2 (.npy) from a directory, runs the
decision `reps` times after a warm-up and prints one JSON line: median/min/max ms and the verdict."""
import json
import sys
import time

import numpy as np

RTOL = 1e-8


def ranked(s, ref):
    ref = max(s[0] if len(s) else 0.0, ref)
    return int((s > RTOL * ref).sum()) if ref > 0 else 0


def analyze(F, G, pivot=0):
    G0 = np.delete(G, pivot, axis=0) - G[pivot]
    L = F @ G0.T
    _, sF, vFt = np.linalg.svd(F, full_matrices=False)
    _, sG, vGt = np.linalg.svd(G0, full_matrices=False)
    rF, rG = ranked(sF, 0), ranked(sG, 0)
    scale = sF[0] * sG[0]
    middle = (sF[:, None] * vFt) @ (vGt.T * sG)
    r = ranked(np.linalg.svd(middle, compute_uv=False), scale)
    vE, vG = vFt[:rF].T, vGt[:rG].T
    PE, PG = vE @ vE.T, vG @ vG.T
    uR, sR, _ = np.linalg.svd(PG @ F.T, full_matrices=False)
    Q = uR[:, :r]
    alpha, beta = F @ Q, G0 @ Q
    N, Mj = F - alpha @ Q.T, G0 - beta @ Q.T
    kappaL = (np.abs(F) @ np.abs(G0).T).max() / (1 + np.abs(L).max())
    return dict(L=L, alpha=alpha, beta=beta, r=r, PE=PE, N=N, Mj=Mj, kappaL=kappaL)


def decide(a, b):
    gap = np.abs(a["L"] - b["L"]).max() / (1 + max(np.abs(a["L"]).max(), np.abs(b["L"]).max()))
    if a["r"] != b["r"]:
        return dict(equivalent=bool(gap < 1e-9), el=False, r=a["r"], gap=float(gap))
    Mt = np.linalg.lstsq(b["alpha"], a["alpha"], rcond=None)[0]
    M = Mt.T
    Minv = np.linalg.inv(M)
    rF = np.linalg.norm(a["alpha"] - b["alpha"] @ Mt) / (1 + np.linalg.norm(a["alpha"]))
    rG = np.linalg.norm(a["beta"] - b["beta"] @ Minv) / (1 + np.linalg.norm(a["beta"]))
    cond = np.linalg.cond(M)
    return dict(equivalent=bool(gap < 1e-9), el=bool(max(rF, rG) < 1e-9 * max(1, cond / 1e3)), r=int(a["r"]), gap=float(gap))


def main():
    d, reps = sys.argv[1], int(sys.argv[2])
    F1, G1, F2, G2 = (np.load(f"{d}/{x}.npy") for x in ("F1", "G1", "F2", "G2"))
    run = lambda: decide(analyze(F1, G1), analyze(F2, G2))
    verdict = run()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps(dict(medianMs=times[len(times) // 2], minMs=times[0], maxMs=times[-1], reps=reps, verdict=verdict,
                          numpy=np.__version__)))


if __name__ == "__main__":
    main()

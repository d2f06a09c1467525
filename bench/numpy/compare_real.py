"""The blocked compare decision of src/engine/blocked/decision.ts in numpy, from the same safetensors
files: the log-odds gap decision of the floors contract (blocks of tokens, never the n × (V−1) matrix),
R of F and of G0 by numpy's QR (mode='r'), their SVDs (with vectors, as the analysis needs bases) and the
singular values of the middle factor R_F R_G0ᵀ unless r = d follows from σ_d(F)σ_d(G0) as in decision.ts; ranks with the relative threshold 1e-8. Single BLAS
thread (the environment sets OPENBLAS_NUM_THREADS=1 before numpy loads). Prints one JSON line with the
verdict, stage times and peak RSS (ru_maxrss)."""
import json
import resource
import struct
import sys
import time

import numpy as np

RTOL = 1e-8
U = {"F64": 2.0 ** -53, "F32": 2.0 ** -24, "F16": 2.0 ** -11, "BF16": 2.0 ** -8}


def gamma(k):
    ku = k * 2.0 ** -53
    return ku / (1 - ku)


def coef(d, u):
    return (gamma(d + 1) + 2 * u * (1 + u) / (1 - u) ** 2) * (1 + gamma(2 * d + 2))


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    base = 8 + n
    out = {}
    for name in ("F", "G"):
        info = header[name]
        dt = info["dtype"]
        b, e = info["data_offsets"]
        shape = tuple(info["shape"])
        if dt == "BF16":
            raw = np.fromfile(path, dtype="<u2", count=(e - b) // 2, offset=base + b)
            x = (raw.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
            del raw
        else:
            np_dt = {"F64": "<f8", "F32": "<f4", "F16": "<f2"}[dt]
            x = np.fromfile(path, dtype=np_dt, count=shape[0] * shape[1], offset=base + b).astype(np.float64)
        out[name] = (x.reshape(shape), dt)
    pivot = int(header.get("__metadata__", {}).get("pivot", "0"))
    uin = max(U[out["F"][1]], U[out["G"][1]])
    return out["F"][0], out["G"][0], pivot, uin


def ranked(s, ref):
    ref = max(s[0] if len(s) else 0.0, ref)
    return int((s > RTOL * ref).sum()) if ref > 0 else 0


def main(pa, pb, block):
    t0 = time.perf_counter()
    FA, GA, piv, uA = read(pa)
    FB, GB, _, uB = read(pb)
    n, V = FA.shape[0], GA.shape[0]
    cA, cB = coef(FA.shape[1], uA), coef(FB.shape[1], uB)
    nfA, nfB = np.sqrt((FA * FA).sum(1)), np.sqrt((FB * FB).sum(1))
    ngA, ngB = np.sqrt((GA * GA).sum(1)), np.sqrt((GB * GB).sum(1))
    G0A = GA - GA[piv]
    G0B = GB - GB[piv]
    del GA, GB
    ratio, where, max_diff, max_a, max_b = 0.0, (-1, -1), 0.0, 0.0, 0.0
    for t0b in range(0, V, block):
        t1b = min(V, t0b + block)
        LA = FA @ G0A[t0b:t1b].T
        LB = FB @ G0B[t0b:t1b].T
        diff = np.abs(LA - LB)
        floor = cA * np.outer(nfA, ngA[t0b:t1b] + ngA[piv]) + cB * np.outer(nfB, ngB[t0b:t1b] + ngB[piv])
        if t0b <= piv < t1b:
            diff[:, piv - t0b] = 0.0
            LA[:, piv - t0b] = 0.0
            LB[:, piv - t0b] = 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(diff == 0, 0.0, diff / floor)
        k = int(np.argmax(r))
        if r.flat[k] > ratio:
            ratio, where = float(r.flat[k]), (k // (t1b - t0b), t0b + k % (t1b - t0b))
        max_diff = max(max_diff, float(diff.max()))
        max_a = max(max_a, float(np.abs(LA).max()))
        max_b = max(max_b, float(np.abs(LB).max()))
    t_gap = time.perf_counter()
    models = []
    for F, G0 in ((FA, G0A), (FB, G0B)):
        G0 = np.delete(G0, piv, axis=0)
        RF = np.linalg.qr(F, mode="r")
        RG = np.linalg.qr(G0, mode="r")
        del G0
        _, sF, _ = np.linalg.svd(RF, full_matrices=False)
        _, sG, _ = np.linalg.svd(RG, full_matrices=False)
        d = F.shape[1]
        # As decision.ts: r = d without the middle SVD when σ_d(F)/σ₁(F) · σ_d(G0)/σ₁(G0) > 100·RTOL.
        if len(sF) == d and len(sG) == d and (sF[-1] / sF[0]) * (sG[-1] / sG[0]) > 100 * RTOL:
            r = d
        else:
            r = ranked(np.linalg.svd(RF @ RG.T, compute_uv=False), sF[0] * sG[0])
        models.append({"rankF": ranked(sF, 0), "rankG0": ranked(sG, 0), "r": r})
    t_end = time.perf_counter()
    print(json.dumps({
        "equivalent": ratio <= 1, "ratio": ratio, "where": where,
        "relGap": max_diff / (1 + max(max_a, max_b)), "models": models,
        "seconds": {"gap": t_gap - t0, "factors": t_end - t_gap, "total": t_end - t0},
        "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2048)

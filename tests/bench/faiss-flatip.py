#!/usr/bin/env python3
"""FAISS IndexFlatIP on the vectors written by `faceleads-bench search`.

Reads little-endian float32 files (rows of --dim values), times one query
per call, prints "median_ms X", and writes the top-k ids (int64, one row per
query) to --ids-out. Exits with status 3 when numpy or faiss cannot be
imported (Debian: python3-numpy, python3-faiss).
"""
import argparse
import sys
import time

try:
    import faiss
    import numpy as np
except ImportError as e:
    print(f"cannot import faiss/numpy ({e}): install python3-faiss and python3-numpy", file=sys.stderr)
    sys.exit(3)

WARMUP = 5


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--vectors", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--k", type=int, default=50)
    p.add_argument("--ids-out", required=True)
    a = p.parse_args()

    xb = np.fromfile(a.vectors, dtype="<f4").reshape(-1, a.dim)
    xq = np.fromfile(a.queries, dtype="<f4").reshape(-1, a.dim)
    index = faiss.IndexFlatIP(a.dim)
    index.add(xb)
    del xb

    for i in range(WARMUP):
        index.search(xq[i % len(xq):i % len(xq) + 1], a.k)

    times = []
    ids = np.empty((len(xq), a.k), dtype="<i8")
    for i in range(len(xq)):
        t0 = time.perf_counter()
        _, labels = index.search(xq[i:i + 1], a.k)
        times.append((time.perf_counter() - t0) * 1e3)
        ids[i] = labels[0]
    ids.tofile(a.ids_out)

    print(f"median_ms {np.median(times):.4f}")
    print(f"threads {faiss.omp_get_max_threads()}")


if __name__ == "__main__":
    main()

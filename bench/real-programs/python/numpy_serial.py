"""Multiply ROUNDS pairs of N x N matrices with NumPy, one after another (BLAS releases the GIL)."""
import sys

import numpy as np


def main(rounds, n):
    rng = np.random.default_rng(1)
    pairs = [(rng.random((n, n)), rng.random((n, n))) for _ in range(rounds)]
    traces = [float(np.trace(a @ b)) for a, b in pairs]
    print("numpy serial: %d products, trace sum %.1f" % (len(traces), sum(traces)))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

"""numpy_serial.py on a thread pool: the products run in parallel while BLAS has released the GIL."""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def product_trace(pair):
    a, b = pair
    return float(np.trace(a @ b))


def main(rounds, n):
    rng = np.random.default_rng(1)
    pairs = [(rng.random((n, n)), rng.random((n, n))) for _ in range(rounds)]
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        traces = list(pool.map(product_trace, pairs))
    print("numpy threads: %d products, trace sum %.1f" % (len(traces), sum(traces)))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

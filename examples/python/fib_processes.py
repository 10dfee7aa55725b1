"""Compute fib(N) TIMES times with a pool of processes, one per CPU."""
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 27
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        results = list(pool.map(fib, [n] * times))
    print("processes: fib(%d) x %d = %d in %.2f s" % (n, times, results[0], time.perf_counter() - start))


if __name__ == "__main__":
    main()

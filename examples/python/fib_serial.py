"""Compute fib(N) TIMES times, one after another (the reference experiment's serial version)."""
import sys
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 27
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    start = time.perf_counter()
    results = [fib(n) for _ in range(times)]
    print("serial: fib(%d) x %d = %d in %.2f s" % (n, times, results[0], time.perf_counter() - start))


if __name__ == "__main__":
    main()

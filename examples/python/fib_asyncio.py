"""Compute fib(N) TIMES times as recursive coroutines: awaiting never suspends, so no overlap."""
import asyncio
import sys
import time


async def fib(n):
    return n if n < 2 else await fib(n - 1) + await fib(n - 2)


async def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 27
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    start = time.perf_counter()
    results = await asyncio.gather(*(fib(n) for _ in range(times)))
    print("asyncio: fib(%d) x %d = %d in %.2f s" % (n, times, results[0], time.perf_counter() - start))


if __name__ == "__main__":
    asyncio.run(main())

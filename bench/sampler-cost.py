"""What the Python sampler's ticks cost a running script, measured inside one process.

    python sampler-cost.py ASSETS_DIR HZ ALTERNATIONS

The main thread computes without pause while the sampler's own sampling loop (Sampler.run from
the shipped _boundwise_sampler package in ASSETS_DIR) runs in every other 200 ms phase. Each alternation gives the ratio of the
main thread's throughput with the sampler off to with it on. Phases this short see the same
machine, so the median of those ratios holds still on a host whose speed drifts between whole runs.
Prints one JSON line: {"costPct", "q1Pct", "q3Pct", "ticksPerSecond"}.
"""
import json
import statistics
import sys
import threading
import time


PHASE_S = 0.2


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def deep(depth, n):
    # A stack as deep as a real script's, in this file (a user file to the sampler).
    return deep(depth - 1, n) if depth else fib(n)


def main():
    path, hz, alternations = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    sys.path.insert(0, path)
    from _boundwise_sampler.sampling import Sampler

    sampler = Sampler(hz, -1)
    stop_type = type(sampler.stop_event)

    def phase(on, length=PHASE_S, settle=0.03):
        thread = None
        if on:
            sampler.stop_event = stop_type()
            thread = threading.Thread(target=sampler.run, daemon=True)
            thread.start()
        start = time.perf_counter()
        while time.perf_counter() - start < settle:
            deep(20, 12)
        begin = time.perf_counter()
        done = 0
        while True:
            deep(20, 12)
            done += 1
            now = time.perf_counter()
            if now - start >= length:
                break
        if thread:
            sampler.stop_event.set()
            thread.join()
        return done / (now - begin)

    ratios = []
    for i in range(alternations):
        # Alternate which phase comes first, so a drift in speed favours neither.
        if i % 2:
            off = phase(False)
            on = phase(True)
        else:
            on = phase(True)
            off = phase(False)
        ratios.append(off / on)
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    print(json.dumps({
        "costPct": round((statistics.median(ratios) - 1) * 100, 2),
        "q1Pct": round((q1 - 1) * 100, 2),
        "q3Pct": round((q3 - 1) * 100, 2),
        "ticksPerSecond": round(sampler.count / (PHASE_S * alternations), 1),
    }))


if __name__ == "__main__":
    main()

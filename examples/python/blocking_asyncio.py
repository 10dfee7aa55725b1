"""An asyncio program whose tasks call time.sleep: the event loop is blocked, nothing overlaps."""
import asyncio
import sys
import time


async def handle(i, delay):
    time.sleep(delay)  # blocks the loop: every other task waits
    await asyncio.sleep(0)
    return i


async def main():
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
    start = time.perf_counter()
    await asyncio.gather(*(handle(i, delay) for i in range(tasks)))
    print("blocking asyncio: %d tasks in %.2f s" % (tasks, time.perf_counter() - start))


if __name__ == "__main__":
    asyncio.run(main())

"""sleep_children_serial.py with asyncio: every child process started at once, then awaited."""
import asyncio
import sys


async def main(count, seconds):
    procs = [await asyncio.create_subprocess_exec("sleep", seconds) for _ in range(count)]
    codes = await asyncio.gather(*(p.wait() for p in procs))
    print("children asyncio: %d waits, %d failed" % (count, sum(c != 0 for c in codes)))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))

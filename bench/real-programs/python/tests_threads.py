"""tests_serial.py with the test interpreters started from a thread pool: they run side by side."""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from tests_serial import TEST


def run_test(depth):
    return subprocess.run([sys.executable, "-c", TEST % depth]).returncode


def main(tests, depth):
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        failed = sum(code != 0 for code in pool.map(run_test, [depth] * tests))
    print("tests threads: %d run, %d failed" % (tests, failed))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

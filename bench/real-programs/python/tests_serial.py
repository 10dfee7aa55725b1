"""A home-made test runner: runs each of TESTS test modules in its own interpreter, one after another
(each test computes for a while, like a real suite's slow tests)."""
import subprocess
import sys

TEST = """
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
assert fib(%d) > 0
"""


def main(tests, depth):
    failed = 0
    for i in range(tests):
        result = subprocess.run([sys.executable, "-c", TEST % depth])
        failed += result.returncode != 0
    print("tests serial: %d run, %d failed" % (tests, failed))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

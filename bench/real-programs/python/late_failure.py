"""Waits for COUNT child processes one after another, then fails: the work ran, the exit is 1."""
import subprocess
import sys


def main(count):
    for _ in range(count):
        subprocess.run(["sleep", "0.3"], check=True)
    raise RuntimeError("report upload failed after %d steps" % count)


if __name__ == "__main__":
    main(int(sys.argv[1]))

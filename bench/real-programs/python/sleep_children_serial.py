"""Wait for COUNT `sleep SECONDS` child processes, one after another."""
import subprocess
import sys


def main(count, seconds):
    for _ in range(count):
        subprocess.run(["sleep", seconds], check=True)
    print("children serial: %d waits" % count)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])

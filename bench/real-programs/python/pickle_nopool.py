"""pickle_pool.py without the pool: the same len() calls in the process that has the data."""
import sys


def records(n):
    return [{"id": i, "name": "item-%d" % i, "score": i % 97} for i in range(n)]


def main(tasks, size):
    data = records(size)
    sizes = [len(d) for d in [data] * tasks]
    print("no pool: %d tasks, %d records" % (tasks, sum(sizes)))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

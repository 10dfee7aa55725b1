"""Send a list of 150,000 small dicts to a process pool TASKS times, where each task only takes len():
the pool spends its time pickling and unpickling the list, not working."""
import sys
from multiprocessing import Pool


def records(n):
    return [{"id": i, "name": "item-%d" % i, "score": i % 97} for i in range(n)]


def main(tasks, size):
    data = records(size)
    with Pool(2) as pool:
        sizes = pool.map(len, [data] * tasks)
    print("pool: %d tasks, %d records" % (tasks, sum(sizes)))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

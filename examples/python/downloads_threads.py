"""Download N pages with a pool of 5 threads."""
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from loopback import args


def download(url):
    with urllib.request.urlopen(url) as resp:
        return len(resp.read())


def main():
    base, pages = args(sys.argv)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=5) as pool:
        total = sum(pool.map(download, ["%spage/%d" % (base, i) for i in range(pages)]))
    print("threads: %d pages, %d bytes in %.2f s" % (pages, total, time.perf_counter() - start))


if __name__ == "__main__":
    main()

"""Download N pages one after another (the reference experiment's serial version)."""
import sys
import time
import urllib.request

from loopback import args


def download(url):
    with urllib.request.urlopen(url) as resp:
        return len(resp.read())


def main():
    base, pages = args(sys.argv)
    start = time.perf_counter()
    total = 0
    for i in range(pages):
        total += download("%spage/%d" % (base, i))
    print("serial: %d pages, %d bytes in %.2f s" % (pages, total, time.perf_counter() - start))


if __name__ == "__main__":
    main()

"""Download N pages one after another and crunch each one: half waiting, half computing."""
import hashlib
import sys
import time
import urllib.request

from loopback import args


def download(url):
    with urllib.request.urlopen(url) as resp:
        return resp.read()


def crunch(data, rounds):
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest + data).digest()
    return digest


def main():
    base, pages = args(sys.argv, pages=40)
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    start = time.perf_counter()
    for i in range(pages):
        crunch(download("%spage/%d" % (base, i)), rounds)
    print("mixed: %d pages in %.2f s" % (pages, time.perf_counter() - start))


if __name__ == "__main__":
    main()

"""httpx_serial.py on a thread pool, one thread a page, each with its own httpx.Client."""
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

local = threading.local()


def fetch(args):
    url, page = args
    if not hasattr(local, "client"):
        local.client = httpx.Client()
    return len(local.client.get(url, params={"page": page}).content)


def main(url, pages):
    with ThreadPoolExecutor(max_workers=pages) as pool:
        total = sum(pool.map(fetch, [(url, i) for i in range(pages)]))
    print("httpx threads: %d pages, %d bytes" % (pages, total))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

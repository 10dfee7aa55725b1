"""Fetch N pages with requests on a thread pool, one thread a page: every request in flight at once."""
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

local = threading.local()


def fetch(url):
    # A Session per thread: requests does not promise that one Session is safe across threads.
    if not hasattr(local, "session"):
        local.session = requests.Session()
    return len(local.session.get(url).content)


def main(url, pages):
    with ThreadPoolExecutor(max_workers=pages) as pool:
        total = sum(pool.map(fetch, ["%s?page=%d" % (url, i) for i in range(pages)]))
    print("requests threads: %d pages, %d bytes" % (pages, total))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

"""httpx_serial.py on a thread pool, one thread a page, sharing one httpx.Client (it is thread-safe,
and a client per thread would pay for its own connection pool and TLS context)."""
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx


def main(url, pages):
    with httpx.Client(limits=httpx.Limits(max_connections=pages)) as client:
        with ThreadPoolExecutor(max_workers=pages) as pool:
            sizes = pool.map(lambda i: len(client.get(url, params={"page": i}).content), range(pages))
            total = sum(sizes)
    print("httpx threads: %d pages, %d bytes" % (pages, total))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

"""Fetch N pages one after another with one httpx.Client (a pooled keep-alive connection)."""
import sys

import httpx


def main(url, pages):
    total = 0
    with httpx.Client() as client:
        for i in range(pages):
            total += len(client.get(url, params={"page": i}).content)
    print("httpx serial: %d pages, %d bytes" % (pages, total))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

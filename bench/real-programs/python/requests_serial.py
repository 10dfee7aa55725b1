"""Fetch N pages one after another on one requests.Session (one keep-alive connection, N requests)."""
import sys

import requests


def main(url, pages):
    total = 0
    with requests.Session() as session:
        for i in range(pages):
            total += len(session.get("%s?page=%d" % (url, i)).content)
    print("requests serial: %d pages, %d bytes" % (pages, total))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

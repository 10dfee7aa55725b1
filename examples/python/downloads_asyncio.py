"""Download N pages with asyncio, all requests in flight together (stdlib streams, no aiohttp)."""
import asyncio
import sys
import time
import urllib.parse

from loopback import args


async def download(url):
    parts = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" % (parts.path, parts.hostname)).encode())
    await writer.drain()
    body = await reader.read()
    writer.close()
    await writer.wait_closed()
    return len(body.split(b"\r\n\r\n", 1)[1])


async def main():
    base, pages = args(sys.argv)
    start = time.perf_counter()
    sizes = await asyncio.gather(*(download("%spage/%d" % (base, i)) for i in range(pages)))
    print("asyncio: %d pages, %d bytes in %.2f s" % (pages, sum(sizes), time.perf_counter() - start))


if __name__ == "__main__":
    asyncio.run(main())

"""Fetch N pages with aiohttp and asyncio.gather: every request in flight at once."""
import asyncio
import sys

import aiohttp


async def fetch(session, url):
    async with session.get(url) as resp:
        return len(await resp.read())


async def main(url, pages):
    async with aiohttp.ClientSession() as session:
        sizes = await asyncio.gather(*(fetch(session, "%s?page=%d" % (url, i)) for i in range(pages)))
    print("aiohttp gather: %d pages, %d bytes" % (pages, sum(sizes)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))

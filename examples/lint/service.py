"""A small asyncio service with the mistakes Boundwise looks for."""
import asyncio
import time as clock
from time import sleep as nap


async def poll_until_ready(client):
    while not await client.ready():
        clock.sleep(0.5)  # blocks every other task on the loop


async def backoff(attempt):
    nap(2 ** attempt)


async def fine(client):
    await asyncio.sleep(0.5)
    await asyncio.to_thread(clock.sleep, 1)


def sync_tool():
    clock.sleep(1)  # fine: not on the event loop

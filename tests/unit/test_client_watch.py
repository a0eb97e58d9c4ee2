"""ClientWatch: a client's disconnect cancels the watched block, and only that."""

from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message

from gateway.proxy.client_watch import ClientWatch


class Client:
    """An ASGI `receive` that says the client left when told to."""

    def __init__(self) -> None:
        self.left = asyncio.Event()
        self.calls = 0

    async def receive(self) -> Message:
        self.calls += 1
        if self.calls == 1:
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.left.wait()
        return {"type": "http.disconnect"}


async def test_disconnect_cancels_the_block_and_ends_it_quietly() -> None:
    client = Client()
    cleaned = False

    async def never_ending() -> None:
        nonlocal cleaned
        try:
            await asyncio.Event().wait()
        finally:
            cleaned = True

    async with ClientWatch(client.receive) as watch:
        asyncio.get_running_loop().call_later(0.01, client.left.set)
        await never_ending()
    assert watch.gone and cleaned
    current = asyncio.current_task()
    assert current is not None and current.cancelling() == 0
    await asyncio.sleep(0)  # the task is usable afterwards: no cancellation left pending


async def test_block_that_finishes_first_is_left_alone() -> None:
    client = Client()
    async with ClientWatch(client.receive) as watch:
        await asyncio.sleep(0.01)
    client.left.set()
    await asyncio.sleep(0.01)
    assert not watch.gone


async def test_other_cancellations_propagate() -> None:
    client = Client()

    async def served() -> None:
        async with ClientWatch(client.receive):
            await asyncio.Event().wait()

    task = asyncio.create_task(served())
    await asyncio.sleep(0.01)
    task.cancel()  # a server shutting down, not the client leaving
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_errors_in_the_block_propagate() -> None:
    client = Client()
    with pytest.raises(ValueError, match="boom"):
        async with ClientWatch(client.receive):
            raise ValueError("boom")


async def test_a_block_done_within_the_window_never_starts_a_watcher() -> None:
    client = Client()
    async with ClientWatch(client.receive, delay_s=0.05) as watch:
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.08)  # past the window: the timer was cancelled with the block
    assert client.calls == 0 and not watch.gone


async def test_a_client_gone_early_is_noticed_when_the_window_ends() -> None:
    client = Client()
    client.left.set()
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with ClientWatch(client.receive, delay_s=0.05) as watch:
        await asyncio.Event().wait()
    waited = loop.time() - started
    assert watch.gone and client.calls == 2
    assert waited >= 0.049  # not before the window ends: nobody watched until then


async def test_no_delay_watches_at_once() -> None:
    client = Client()
    async with ClientWatch(client.receive, delay_s=0) as watch:
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    assert client.calls >= 1 and not watch.gone

"""Keeps the open connections of `kg serve --workers N` even among its processes.

Each process listens on a socket of its own (SO_REUSEPORT) and the kernel hands every new
connection to one of them by a hash of its addresses. With a few long-lived keep-alive clients
(a notebook, a benchmark, a proxy's pool) that can leave 21 connections on one process and 11 on
the other for good: the first queues its requests twice as long while the second runs out of
work. A process that holds more than its share of all the open connections asks one client at a
time to reconnect (`Connection: close` on a response it sends anyway), and the kernel deals the
new connection again, until the processes are even.
"""
from __future__ import annotations

import time
from collections.abc import Callable, MutableSequence
from typing import Any

#: Seconds between two connections one process asks to reconnect: long enough for the first to
#: be closed and counted before the next is chosen, short enough to even out within a second.
SHED_EVERY = 0.05


class Balance:
    """ASGI middleware for process `me` of `len(counts)`; `counts` is shared by all of them
    (each writes its own slot) and `live` says how many connections this process has open."""

    def __init__(self, app: Any, counts: MutableSequence[int], me: int, live: Callable[[], int]) -> None:
        self.app, self.counts, self.me, self.live = app, counts, me, live
        self._next = 0.0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message: dict) -> None:
            if message["type"] == "http.response.start" and self._over_share():
                message = {**message, "headers": [*message.get("headers", ()), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, sending)

    def _over_share(self) -> bool:
        mine = self.counts[self.me] = self.live()
        now = time.monotonic()
        if now < self._next or mine <= -(-sum(self.counts) // len(self.counts)):
            return False
        self._next = now + SHED_EVERY
        return True

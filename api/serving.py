"""What `kg serve` says while it serves: one line when it is ready, with the URLs of the explorer
and the API docs, and an access log, one line per request (method, path, status, milliseconds).
Both are `logging` records (`parkgraph.serve`, `parkgraph.access`) at level INFO, so the command
line's --log-level and --quiet choose whether they show."""
from __future__ import annotations

import logging
import socket
import time
from typing import Any
from urllib.parse import unquote

import uvicorn

ready_log = logging.getLogger("parkgraph.serve")
access_log = logging.getLogger("parkgraph.access")


class AnnouncingServer(uvicorn.Server):
    """uvicorn's server, saying where it is once it listens: no request is answered before
    then, so the line marks the moment a user (or a script) can start."""

    def __init__(self, config: uvicorn.Config, announce: bool = True) -> None:
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self.announce:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
            ready_log.info("listening; the explorer is at %s/ and the API docs at %s/docs (Ctrl+C stops it)",
                           base, base)


class AccessLog:
    """One line per request once its answer is sent: method, path with its query (decoded, so
    Chinese names read as written), status and the time taken in milliseconds. Nothing is
    measured when the log is off."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not access_log.isEnabledFor(logging.INFO):
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 0

        async def noted(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            path = scope["path"] + (f"?{unquote(query)}" if query else "")
            access_log.info("%s %s %s %.1f ms", scope["method"], path, status or "-",
                            (time.perf_counter() - start) * 1000)

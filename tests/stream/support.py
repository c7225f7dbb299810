"""Helpers for the stream tests: a bounded runner, quote tokens over HTTP, a raw DXLink peer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from websockets.asyncio.client import ClientConnection, connect

T = TypeVar("T")

# A Wednesday, 11:00 New York: markets open, so every quote and Greek is defined.
PINNED_NOW = datetime(2025, 6, 25, 15, 0, tzinfo=UTC)
PINNED_MS = int(PINNED_NOW.timestamp() * 1000)


def run(coro: Coroutine[Any, Any, T], timeout: float = 15.0) -> T:
    """Run a test coroutine with a hard bound, so a bug fails instead of hanging."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


@dataclass
class Feed:
    base_url: str
    url: str  # dxlink-url from /api-quote-tokens
    token: str
    access_token: str
    server: Any

    def rest(self, path: str, **params: str) -> Any:
        with httpx.Client(base_url=self.base_url, timeout=10) as http:
            r = http.get(path, params=params, headers={
                "Authorization": f"Bearer {self.access_token}",
                "User-Agent": "tastyking-test/0",
            })
            r.raise_for_status()
            return r.json()["data"]


def quote_token(server: Any) -> Feed:
    """A real quote token over HTTP, as the CLI gets one."""
    headers = {"User-Agent": "tastyking-test/0"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as http:
        r = http.post("/oauth/token", json={
            "grant_type": "refresh_token", "refresh_token": "demo-refresh",
            "client_secret": "demo-secret",
        })
        r.raise_for_status()
        access = r.json()["access_token"]
        r = http.get("/api-quote-tokens", headers={"Authorization": f"Bearer {access}"})
        r.raise_for_status()
        data = r.json()["data"]
    return Feed(server.base_url, data["dxlink-url"], data["token"], access, server)


class Raw:
    """A hand-driven DXLink peer: send literal messages, read typed replies."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, msg: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(msg))

    async def recv(self, timeout: float = 5.0, skip: tuple[str, ...] = ("KEEPALIVE",)) -> Any:
        while True:
            msg = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if msg.get("type") not in skip:
                return msg

    async def until(self, kind: str, timeout: float = 5.0) -> Any:
        while True:
            msg = await self.recv(timeout)
            if msg.get("type") == kind:
                return msg

    async def handshake(self, token: str, keepalive: float = 60) -> None:
        await self.send({"type": "SETUP", "channel": 0, "keepaliveTimeout": keepalive,
                         "acceptKeepaliveTimeout": 60, "version": "0.1-test"})
        assert (await self.recv())["type"] == "SETUP"
        assert (await self.recv())["state"] == "UNAUTHORIZED"
        await self.send({"type": "AUTH", "channel": 0, "token": token})
        assert (await self.recv())["state"] == "AUTHORIZED"

    async def open_feed(self, channel: int, fields: dict[str, list[str]],
                        data_format: str = "COMPACT") -> Any:
        await self.send({"type": "CHANNEL_REQUEST", "channel": channel, "service": "FEED",
                         "parameters": {"contract": "AUTO"}})
        assert (await self.recv())["type"] == "CHANNEL_OPENED"
        await self.send({"type": "FEED_SETUP", "channel": channel,
                         "acceptAggregationPeriod": 0.1, "acceptDataFormat": data_format,
                         "acceptEventFields": fields})
        return await self.until("FEED_CONFIG")


def raw_connect(url: str) -> Any:
    return connect(url, ping_interval=None, open_timeout=5, close_timeout=1,
                   user_agent_header="tastyking-test/0")

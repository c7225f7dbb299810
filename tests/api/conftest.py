"""A rewriting transport: real simulator answers, altered on the way back.

This is the reliability review's proxy kept as a fixture. `rewrite(server, rules)` points
the CLI at `server` and gives every ApiClient the command opens a transport that forwards
to the simulator over loopback, records every request that reached the transport, and
passes each JSON answer whose path matches a rule through that rule's function.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

Rule = tuple[str, Callable[[Any], Any]]  # (path regex, body -> new body)


class Rewriting(httpx.AsyncBaseTransport):
    def __init__(self, rules: list[Rule]) -> None:
        # one pool per client (each command runs its own event loop)
        self.inner: httpx.AsyncHTTPTransport | None = None
        self.rules = [(re.compile(p), fn) for p, fn in rules]
        self.sent: list[httpx.Request] = []
        self.rewritten: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        if self.inner is None:
            self.inner = httpx.AsyncHTTPTransport()
        resp = await self.inner.handle_async_request(request)
        rules = [fn for rx, fn in self.rules if rx.search(request.url.path)]
        if not rules:
            return resp
        await resp.aread()
        await resp.aclose()
        try:
            body = json.loads(resp.content)
        except ValueError:
            return httpx.Response(resp.status_code, content=resp.content, request=request)
        for fn in rules:
            body = fn(body)
        self.rewritten.append(request.url.path)
        return httpx.Response(resp.status_code, request=request,
                              content=json.dumps(body).encode(),
                              headers={"content-type": "application/json"})

    async def aclose(self) -> None:
        if self.inner is not None:
            await self.inner.aclose()
            self.inner = None


@pytest.fixture
def rewrite(monkeypatch: pytest.MonkeyPatch, use_sim):  # type: ignore[no-untyped-def]
    """Install a Rewriting transport under every ApiClient the CLI opens; returns it."""
    from tastyking.api import client as client_mod

    real_init = client_mod.ApiClient.__init__  # the original, however often we install

    def install(server: object, rules: list[Rule]) -> Rewriting:
        use_sim(server)
        transport = Rewriting(rules)

        def init(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[no-untyped-def]
            kwargs["transport"] = transport
            real_init(self, *args, **kwargs)

        monkeypatch.setattr(client_mod.ApiClient, "__init__", init)
        # fast retries: a refused answer is retried like any malformed one
        monkeypatch.setenv("TASTYKING_BACKOFF_BASE", "0.01")
        monkeypatch.setenv("TASTYKING_BACKOFF_MAX", "0.02")
        return transport

    return install

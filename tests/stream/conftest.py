"""Loopback simulator fixtures for the stream tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.stream.support import PINNED_NOW, Feed, quote_token


def _start(**config: Any) -> Any:
    from tastyking.sim.server import SimConfig, SimServer

    return SimServer(SimConfig(journal=False, **config)).start()


@pytest.fixture(scope="module")
def pinned() -> Iterator[Feed]:
    """A simulator on a fixed clock (so REST and DXLink see the same instant)."""
    server = _start(clock=lambda: PINNED_NOW)
    try:
        yield quote_token(server)
    finally:
        server.stop()


@pytest.fixture
def fresh() -> Iterator[Feed]:
    """A private simulator for tests that inject stream faults or stop the server."""
    server = _start(clock=lambda: PINNED_NOW)
    try:
        yield quote_token(server)
    finally:
        server.stop()

"""A loopback simulator with a movable pinned clock, and an authorised httpx client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest

from tastyking.sim.server import SimConfig, SimServer

# Friday 2026-11-20, 12:00 New York: a normal open session with a 0DTE expiration.
NOON_FRIDAY = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
UA = {"User-Agent": "tastyking-tests/1.0"}
GRANT = {"grant_type": "refresh_token", "client_secret": "demo-secret",
         "refresh_token": "demo-refresh"}


@dataclass
class Clock:
    at: datetime = NOON_FRIDAY

    def __call__(self) -> datetime:
        return self.at


def login(client: httpx.Client) -> httpx.Client:
    token = client.post("/oauth/token", json=GRANT).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def sim(clock: Clock) -> Iterator[SimServer]:
    server = SimServer(SimConfig(clock=clock, journal=False)).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _reset_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "clock" in request.fixturenames:
        request.getfixturevalue("clock").at = NOON_FRIDAY


@pytest.fixture
def client(sim: SimServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, headers=UA, timeout=10) as c:
        yield login(c)

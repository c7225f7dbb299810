"""What every prepare-order test shares: the pinned simulator, and (autouse) the check
that it saw dry-runs only: no request to an orders path other than POST
.../orders/dry-run, and no refused submission."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest


def doc_of(text: str) -> dict[str, Any]:
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


@pytest.fixture
def sim(pinned_sim, use_sim):  # type: ignore[no-untyped-def]
    use_sim(pinned_sim)  # pinned: the quotes the command saw are the ones the broker used
    return pinned_sim


@pytest.fixture(autouse=True)
def dry_runs_only(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test: the simulator saw no order request but dry-runs."""
    if "sim" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("pinned_sim")
    start = len(server.state.journal)
    yield
    orders = [e for e in server.state.journal[start:] if "/orders" in e["path"]]
    assert all(e["method"] == "POST" and e["path"].endswith("/orders/dry-run")
               for e in orders), orders
    assert server.state.submissions == []

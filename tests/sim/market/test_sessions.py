"""Market sessions from the sim clock: holidays, half days, weekends, pre/after-hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

NY = ZoneInfo("America/New_York")


def _equity(client) -> dict:
    r = client.get("/market-time/sessions/current", params={"instrument-collections[]": "Equity"})
    (item,) = r.json()["data"]["items"]
    return item


@pytest.mark.parametrize(("at", "state", "session_close"), [
    (datetime(2026, 11, 23, 8, 0), "Pre-market", "2026-11-23T21:00:00.000+00:00"),
    (datetime(2026, 11, 23, 10, 0), "Open", "2026-11-23T21:00:00.000+00:00"),
    (datetime(2026, 11, 23, 17, 30), "Extended", "2026-11-23T21:00:00.000+00:00"),
    (datetime(2026, 11, 23, 21, 0), "Closed", "2026-11-24T21:00:00.000+00:00"),
    (datetime(2026, 11, 21, 12, 0), "Closed", "2026-11-23T21:00:00.000+00:00"),  # Saturday
    (datetime(2026, 11, 26, 11, 0), "Closed", "2026-11-27T18:00:00.000+00:00"),  # Thanksgiving
    (datetime(2026, 11, 27, 12, 0), "Open", "2026-11-27T18:00:00.000+00:00"),  # half day
    (datetime(2026, 11, 27, 14, 0), "Extended", "2026-11-27T18:00:00.000+00:00"),
])
def test_equity_state(client, clock, at: datetime, state: str, session_close: str) -> None:
    clock.at = at.replace(tzinfo=NY)
    item = _equity(client)
    assert item["state"] == state
    assert item["close-at"] == session_close
    assert item["next-session"]["session-date"] > item["previous-session"]["session-date"]


def test_holidays_and_half_days(client) -> None:
    data = client.get("/market-time/equities/holidays").json()["data"]
    for d in ("2026-11-26", "2026-12-25", "2026-04-03", "2027-07-05", "2027-12-24"):
        assert d in data["market-holidays"]
    for d in ("2026-11-27", "2026-12-24", "2025-07-03", "2028-07-03"):
        assert d in data["market-half-days"]
    nxt = client.get("/market-time/equities/sessions/next", params={"date": "2026-11-25"})
    assert nxt.json()["data"]["session-date"] == "2026-11-27"
    prev = client.get("/market-time/equities/sessions/previous", params={"date": "2026-11-30"})
    assert prev.json()["data"]["session-date"] == "2026-11-27"
    cme = client.get("/market-time/futures/holidays/CME").json()["data"]
    assert "2026-12-25" in cme["market-holidays"]


def test_futures_sessions(client, clock) -> None:
    clock.at = datetime(2026, 11, 22, 19, 0, tzinfo=NY)  # Sunday evening: Globex is open
    data = client.get("/market-time/futures/sessions/current/CME").json()["data"]
    assert data["state"] == "Open"
    clock.at = datetime(2026, 11, 21, 12, 0, tzinfo=NY)  # Saturday
    r = client.get("/market-time/sessions/current",
                   params=[("instrument-collections[]", "CME"), ("instrument-collections[]",
                                                                  "CFE")])
    assert [i["state"] for i in r.json()["data"]["items"]] == ["Closed", "Closed"]
    clock.at = datetime(2026, 11, 23, 17, 30, tzinfo=NY)  # the daily maintenance break
    assert client.get("/market-time/futures/sessions/current/CME").json()["data"]["state"] == \
        "Closed"

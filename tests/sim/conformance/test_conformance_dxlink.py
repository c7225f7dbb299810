"""DXLink FEED_DATA from the simulator, value for value in the recorded frames' JSON types.

Each recorded frame (tests/fixtures/recorded/DXLink_*_Frames.json) names its event type,
its field list and records for several kinds of symbol. The simulator is asked for the
same fields on a symbol of each kind, and every value must have the recorded JSON type
at its position: a number, an integer where the recording has one (open interest, time),
or the string "NaN" where the recording has no value (an index trade's size).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.sim.conformance.test_conformance import find_symbols
from tests.stream.support import Raw, quote_token, raw_connect, run


def _recorded(name: str) -> tuple[str, list[list[Any]]]:
    raw = json.loads((FIXTURES / name).read_text())
    frames = raw if isinstance(raw, list) else [raw]
    event_type, records = frames[0]["data"][0], []
    for frame in frames:
        records.append(frame["data"][1])
    return event_type, records


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "NaN" if value == "NaN" else "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()
                                  and abs(value) >= 1e11):
        return "integer"  # epoch milliseconds and counts
    return "number"


# (recorded file, fields as the recording's client asked, sim symbol -> recorded symbol)
CASES = [
    ("DXLink_Quote_Frames.json", ["eventSymbol", "bidPrice", "askPrice", "bidSize", "askSize"],
     {"AAPL": "NVDA", "SPY": "PLTR"}),
    ("DXLink_Trade_Frames.json", ["eventSymbol", "price", "size", "time"],
     {"AAPL": "AAPL", "SPX": "SPX"}),
    ("DXLink_Summary_Frames.json", ["eventSymbol", "openInterest"],
     {"SPY": "SPY", "{spy_call_streamer}": ".AAPL250620C200", "/ESZ26:XCME": "/ESM25:XCME"}),
]


def _by_symbol(records: list[list[Any]], width: int) -> dict[str, list[Any]]:
    flat = [v for r in records for v in r]
    return {flat[i]: flat[i : i + width] for i in range(0, len(flat), width)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_feed_values_have_the_recorded_types(case: tuple[str, list[str], dict[str, str]],
                                             sim: Any, client: Any) -> None:
    name, fields, pairs = case
    event_type, records = _recorded(name)
    recorded = _by_symbol(records, len(fields))
    call = find_symbols(client)["spy_call"]
    streamer = next(s["call-streamer-symbol"] for e in client.get(
        "/option-chains/SPY/nested").json()["data"]["items"][0]["expirations"]
        for s in e["strikes"] if s["call"] == call)
    symbols = {k.replace("{spy_call_streamer}", streamer): v for k, v in pairs.items()}
    feed = quote_token(sim)

    async def go() -> dict[str, list[Any]]:
        got: dict[str, list[Any]] = {}
        async with raw_connect(feed.url) as ws:
            dx = Raw(ws)
            await dx.handshake(feed.token)
            await dx.open_feed(1, {event_type: fields})
            await dx.send({"type": "FEED_SUBSCRIPTION", "channel": 1, "add": [
                {"type": event_type, "symbol": s} for s in symbols]})
            while set(got) != set(symbols):
                data = (await dx.until("FEED_DATA"))["data"]
                assert data[0] == event_type
                got.update(_by_symbol([data[1]], len(fields)))
        return got

    got = run(go())
    for ours, theirs in symbols.items():
        want = [_kind(v) for v in recorded[theirs]]
        assert [_kind(v) for v in got[ours]] == want, (ours, got[ours], theirs, recorded[theirs])

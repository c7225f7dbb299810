"""Daily candles over the simulator's DXLink feed: recorded stamps and snapshot end, and
`tho=true` (regular trading hours) apart from the whole day's trading."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import FIXTURES
from tests.sim.conftest import NOON_FRIDAY
from tests.stream.support import Raw, quote_token, raw_connect, run

# the recording's own field list (DXLink_Candle_Frames.json)
FIELDS = ["eventFlags", "eventSymbol", "time", "open", "high", "low", "close", "volume",
          "openInterest"]
DAY_MS = 86_400_000
NOW_MS = int(NOON_FRIDAY.timestamp() * 1000)


def _candles(sim: Any, *symbols: str, days: int = 30) -> dict[str, list[list[Any]]]:
    feed = quote_token(sim)

    async def go() -> dict[str, list[list[Any]]]:
        out: dict[str, list[list[Any]]] = {s: [] for s in symbols}
        async with raw_connect(feed.url) as ws:
            dx = Raw(ws)
            await dx.handshake(feed.token)
            await dx.open_feed(1, {"Candle": FIELDS})
            await dx.send({"type": "FEED_SUBSCRIPTION", "channel": 1, "add": [
                {"type": "Candle", "symbol": s, "fromTime": NOW_MS - days * DAY_MS}
                for s in symbols]})
            while not all(rows and rows[-1][0] == 10 for rows in out.values()):
                values = (await dx.until("FEED_DATA"))["data"][1]
                for i in range(0, len(values), len(FIELDS)):
                    record = values[i : i + len(FIELDS)]
                    out[record[1]].append(record)
        return out

    return run(go())


def test_daily_candles_are_stamped_and_ended_as_recorded(sim) -> None:
    frame = json.loads((FIXTURES / "DXLink_Candle_Frames.json").read_text())
    recorded = frame["data"][1]
    recorded_end = recorded[-len(FIELDS):]
    rows = _candles(sim, "AAPL{=d}")["AAPL{=d}"]
    *bars, end = rows
    # the all-NaN record that ends the snapshot, as recorded (symbol aside)
    assert [end[0], end[2], *end[3:]] == [recorded_end[0], recorded_end[2], *recorded_end[3:]]
    assert end[2] == 926208000000 and end[0] == 10
    assert bars[0][0] == 4 and {b[0] for b in bars[1:]} == {0}
    times = [b[2] for b in bars]
    assert times == sorted(times, reverse=True)  # newest first
    assert all(t % DAY_MS == 0 for t in times)  # 00:00 UTC of the session date
    assert times[0] == NOW_MS - NOW_MS % DAY_MS  # today's session, still trading
    assert all(isinstance(b[7], float) and b[8] == "NaN" for b in bars)  # volume; no OI


def test_tho_true_keeps_to_regular_hours_and_without_it_the_day_is_whole(sim) -> None:
    got = _candles(sim, "SPY{=d}", "SPY{=d,tho=true}", "SPX{=d}", "SPX{=d,tho=true}")
    whole, regular = got["SPY{=d}"][:-1], got["SPY{=d,tho=true}"][:-1]
    assert [b[2] for b in whole] == [b[2] for b in regular] and len(whole) >= 15
    opens_moved = 0
    for w, r in zip(whole, regular, strict=True):
        assert w[4] >= r[4] and w[5] <= r[5], w[2]  # pre/post-market widen the range
        assert w[7] > r[7]  # and add volume
        opens_moved += w[3] != r[3]  # the day opens with the first pre-market trade
    assert opens_moved >= len(whole) - 1
    assert any(w[6] != r[6] for w, r in zip(whole[1:], regular[1:], strict=True))
    # an index trades regular hours only: both answers are the same candles
    assert [b[2:] for b in got["SPX{=d}"]] == [b[2:] for b in got["SPX{=d,tho=true}"]]


def test_intraday_candles_without_tho_include_the_pre_and_post_market(sim) -> None:
    got = _candles(sim, "AAPL{=30m}", "AAPL{=30m,tho=true}", days=2)

    def sessions(rows: list[list[Any]]) -> set[int]:
        # minutes after 00:00 New York (EST in November: UTC-5) of each bar's start
        return {(r[2] // 60_000 - 5 * 60) % 1440 for r in rows[:-1]}

    whole, regular = sessions(got["AAPL{=30m}"]), sessions(got["AAPL{=30m,tho=true}"])
    assert min(regular) == 9 * 60 + 30 and max(regular) < 16 * 60  # 09:30-16:00 only
    assert min(whole) == 4 * 60 and max(whole) >= 19 * 60  # 04:00 pre-market to 20:00
    assert regular < whole

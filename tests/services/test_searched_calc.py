"""searched-data's indicators keep a price's own scale: a currency future is not rounded away."""

from __future__ import annotations

import math
from decimal import Decimal

from tastyking.services.searched.calc import bars_from, indicator_values
from tastyking.stream import CandleBar


def _scaled_ramp(n: int, scale: float) -> list[CandleBar]:
    """Closes (100 + i) x scale; high and low one step of `scale` either side."""
    day = 86_400_000
    return [CandleBar(i * day, (100 + i) * scale, (101 + i) * scale, (99 + i) * scale,
                      (100 + i) * scale, 1000.0, None) for i in range(n)]


def test_a_yen_scale_series_keeps_five_significant_digits() -> None:
    # The ES-scale series of test_searched's hand-computed case, times 1e-4: last close
    # 0.0121, so six decimals. Highs 0.0118..0.0122 over 5 days, lows from 0.0101 over 20,
    # true range 0.0002 every day, EMA 8 and 21 lag the ramp by 3.5 and 10 steps.
    got = indicator_values(bars_from(_scaled_ramp(22, 1e-4)))
    assert got["high5d"] == Decimal("0.012200") and got["low20d"] == Decimal("0.010100")
    assert got["atr"] == Decimal("0.000200")
    assert got["ema8"] == Decimal("0.011750") and got["ema21"] == Decimal("0.011100")
    assert got["rsi"] == Decimal("100.00")


def test_an_index_scale_series_keeps_two_decimals() -> None:
    got = indicator_values(bars_from(_scaled_ramp(22, 50.0)))  # closes 5000 .. 6050
    assert got["high20d"] == Decimal("6100.00") and got["atr"] == Decimal("100.00")


# ----------------------------------------------------------------------------- hand-computed


def _ramp(n: int) -> list[CandleBar]:
    """Closes 100, 101, ...; high = close + 1, low = close - 1; one day apart."""
    day = 86_400_000
    return [CandleBar(i * day, 100.0 + i, 101.0 + i, 99.0 + i, 100.0 + i, 1000.0, None)
            for i in range(n)]


def test_indicator_mapping_on_a_hand_computed_series() -> None:
    bars = _ramp(22)
    # the feed's padding (NaN OHLC) is dropped, and order does not matter
    padding = CandleBar(5 * 86_400_000 + 1, math.nan, math.nan, math.nan, math.nan, math.nan,
                        math.nan)
    feed = list(reversed(bars)) + [padding]
    feed[0] = CandleBar(bars[-1].time_ms, *[getattr(bars[-1], f) for f in
                                            ("open", "high", "low", "close", "volume")], 121.4)
    got = indicator_values(bars_from(feed))
    # last close 121: EMA of a unit ramp lags by (n - 1) / 2 -> 117.5 and 111
    # true range is 2 every day -> ATR 2; only gains -> RSI 100
    # 5-day: highs 118..122, lows 116..120; 20-day: lows from 101
    assert got == {"high5d": Decimal("122.00"), "low5d": Decimal("116.00"),
                   "high20d": Decimal("122.00"), "low20d": Decimal("101.00"),
                   "atr": Decimal("2.00"), "rsi": Decimal("100.00"), "ema8": Decimal("117.50"),
                   "ema21": Decimal("111.00"), "vwap": Decimal("121.40")}
    # without the feed's VWAP the latest session's typical price stands in
    assert indicator_values(bars_from(bars))["vwap"] == Decimal("121.00")


def test_too_little_history_leaves_indicators_null() -> None:
    got = indicator_values(bars_from(_ramp(10)))
    assert got["ema8"] == Decimal("105.50") and got["high5d"] == Decimal("110.00")  # 109 - 3.5
    assert got["ema21"] is None and got["high20d"] is None and got["atr"] is None
    assert got["rsi"] is None  # needs 15 closes

"""searched-data's indicators keep a price's own scale: a currency future is not rounded away."""

from __future__ import annotations

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

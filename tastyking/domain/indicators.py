"""Technical indicators on daily bars, oldest first (pure float maths).

Each `name(...)` returns the latest value, or None when there is not enough
data; each `name_series(...)` returns one value per input bar, None during the
warm-up, so results line up with the bars they belong to.

Conventions follow the published definitions (StockCharts ChartSchool, Wilder
1978): EMA seeded with the SMA of the first `period` values; RSI and ATR use
Wilder's smoothing, avg = (prev * (n - 1) + current) / n.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    open: float
    high: float
    low: float
    close: float
    volume: float = 0.0
    vwap: float | None = None  # the feed's own per-bar VWAP, when it sends one


def _check_period(period: int) -> None:
    if period < 1:
        raise ValueError(f"period must be at least 1, got {period}")


def _last(series: list[float | None]) -> float | None:
    return series[-1] if series else None


def sma_series(values: Sequence[float], period: int) -> list[float | None]:
    _check_period(period)
    out: list[float | None] = [None] * len(values)
    for i in range(period - 1, len(values)):
        out[i] = sum(values[i - period + 1 : i + 1]) / period
    return out


def sma(values: Sequence[float], period: int) -> float | None:
    _check_period(period)
    return sum(values[-period:]) / period if len(values) >= period else None


def ema_series(values: Sequence[float], period: int) -> list[float | None]:
    _check_period(period)
    out: list[float | None] = [None] * len(values)
    if len(values) < period:
        return out
    alpha = 2.0 / (period + 1)
    current = sum(values[:period]) / period
    out[period - 1] = current
    for i in range(period, len(values)):
        current += alpha * (values[i] - current)
        out[i] = current
    return out


def ema(values: Sequence[float], period: int) -> float | None:
    return _last(ema_series(values, period))


def _wilder(values: Sequence[float], period: int) -> list[float | None]:
    """Wilder's smoothing: SMA of the first `period` values, then (prev*(n-1)+x)/n."""
    out: list[float | None] = [None] * len(values)
    if len(values) < period:
        return out
    current = sum(values[:period]) / period
    out[period - 1] = current
    for i in range(period, len(values)):
        current = (current * (period - 1) + values[i]) / period
        out[i] = current
    return out


def rsi_series(closes: Sequence[float], period: int = 14) -> list[float | None]:
    """Wilder's RSI; the first value needs period + 1 closes (period changes)."""
    _check_period(period)
    changes = [b - a for a, b in zip(closes, closes[1:], strict=False)]
    gains = _wilder([max(c, 0.0) for c in changes], period)
    losses = _wilder([max(-c, 0.0) for c in changes], period)
    out: list[float | None] = [None]  # the first close has no change
    for g, lo in zip(gains, losses, strict=True):
        if g is None or lo is None:
            out.append(None)
        elif lo == 0.0:
            # No losses: RSI is 100 by definition; a flat market (no gains either) is 50.
            out.append(100.0 if g > 0 else 50.0)
        else:
            out.append(100.0 - 100.0 / (1.0 + g / lo))
    return out[: len(closes)]


def rsi(closes: Sequence[float], period: int = 14) -> float | None:
    return _last(rsi_series(closes, period))


def true_ranges(
    highs: Sequence[float], lows: Sequence[float], closes: Sequence[float]
) -> list[float]:
    """Wilder's true range; the first bar has no previous close, so it is high - low."""
    if not (len(highs) == len(lows) == len(closes)):
        raise ValueError("highs, lows and closes must have the same length")
    out: list[float] = []
    for i, (h, lo) in enumerate(zip(highs, lows, strict=True)):
        if i == 0:
            out.append(h - lo)
        else:
            prev = closes[i - 1]
            out.append(max(h - lo, abs(h - prev), abs(lo - prev)))
    return out


def atr_series(
    highs: Sequence[float], lows: Sequence[float], closes: Sequence[float], period: int = 14
) -> list[float | None]:
    _check_period(period)
    return _wilder(true_ranges(highs, lows, closes), period)


def atr(
    highs: Sequence[float], lows: Sequence[float], closes: Sequence[float], period: int = 14
) -> float | None:
    return _last(atr_series(highs, lows, closes, period))


def vwap(bars: Sequence[Bar]) -> float | None:
    """Volume-weighted average price over the bars.

    Each bar contributes its own VWAP when the feed gave one, else its typical
    price (h + l + c) / 3, weighted by volume. None when there is no volume.
    """
    volume = sum(b.volume for b in bars)
    if volume <= 0:
        return None
    weighted = sum(
        (b.vwap if b.vwap is not None else (b.high + b.low + b.close) / 3.0) * b.volume
        for b in bars
    )
    return weighted / volume


def highest(values: Sequence[float], n: int) -> float | None:
    """Highest of the last n values."""
    _check_period(n)
    return max(values[-n:]) if len(values) >= n else None


def lowest(values: Sequence[float], n: int) -> float | None:
    """Lowest of the last n values."""
    _check_period(n)
    return min(values[-n:]) if len(values) >= n else None

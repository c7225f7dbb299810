"""Seeded daily and intraday price paths for the simulator's underlyings.

Independent drivers (SPX, VIX, QQQ, IWM, AAPL, CL, GC, DX, and the framework's
metals, energy, grains, meats, softs, currencies and rates) walk day by day from a
fixed epoch, each with its own `random.Random` seeded from (seed, symbol), so a
date's bar never changes when the clock moves on. Log prices mean-revert slowly
toward realistic anchors so levels stay plausible for years. SPX's daily
volatility follows the previous day's VIX and VIX moves against SPX.
Derived symbols (SPY, futures) are scaled from their driver elsewhere.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tastyking.sim.market import calendar as cal

EPOCH = date(2020, 1, 2)
SQRT252 = math.sqrt(252.0)


@dataclass(frozen=True)
class Driver:
    anchor: float
    vol: float  # annualised; for SPX-linked names this is the idiosyncratic part
    beta: float = 0.0  # loading on the SPX daily return
    volume: float = 1e6


DRIVERS: dict[str, Driver] = {
    "SPX": Driver(5600.0, 0.0, 1.0, 2.4e9),
    "VIX": Driver(16.0, 0.0, 0.0, 0.0),
    "QQQ": Driver(480.0, 0.09, 1.18, 4.2e7),
    "IWM": Driver(215.0, 0.12, 1.15, 3.1e7),
    "AAPL": Driver(225.0, 0.20, 1.10, 5.5e7),
    "CL": Driver(72.0, 0.32, 0.0, 3.5e5),
    "GC": Driver(2650.0, 0.15, 0.0, 2.0e5),
    "DX": Driver(104.0, 0.07, 0.0, 2.5e4),
    # the framework's other markets; each walks on its own random stream, so adding one
    # leaves every other path unchanged
    "SI": Driver(31.0, 0.26, 0.0, 8.0e4),
    "NG": Driver(3.3, 0.55, 0.0, 1.5e5),
    "ZC": Driver(440.0, 0.22, 0.0, 1.8e5),
    "ZS": Driver(1050.0, 0.18, 0.0, 1.0e5),
    "ZW": Driver(560.0, 0.28, 0.0, 7.0e4),
    "LE": Driver(190.0, 0.14, 0.0, 2.5e4),
    "HE": Driver(85.0, 0.25, 0.0, 2.5e4),
    "KC": Driver(250.0, 0.35, 0.0, 1.5e4),
    "SB": Driver(20.0, 0.30, 0.0, 5.0e4),
    "CC": Driver(7500.0, 0.45, 0.0, 1.0e4),
    "6E": Driver(1.08, 0.07, 0.0, 2.0e5),
    "6B": Driver(1.27, 0.08, 0.0, 8.0e4),
    "6A": Driver(0.66, 0.10, 0.0, 9.0e4),
    "6C": Driver(0.73, 0.06, 0.0, 7.0e4),
    "6J": Driver(0.0067, 0.10, 0.0, 1.0e5),
    "6S": Driver(1.13, 0.08, 0.0, 3.0e4),
    "ZB": Driver(118.0, 0.11, 0.0, 3.0e5),
    "ZN": Driver(110.0, 0.065, 0.0, 1.5e6),
    "ZF": Driver(106.0, 0.045, 0.0, 8.0e5),
    "ZT": Driver(102.5, 0.02, 0.0, 5.0e5),
}

_KAPPA = 0.004  # daily pull of log price toward the anchor (half-life ~ 170 sessions)
_VIX_KAPPA = 0.06


@dataclass(frozen=True)
class DayBar:
    day: date
    open: float
    high: float
    low: float
    close: float
    volume: float


class DailyPaths:
    """All drivers for one seed, extended lazily to the latest date asked for."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rng = {name: random.Random(f"{seed}:{name}") for name in DRIVERS}
        self._bars: dict[str, list[DayBar]] = {name: [] for name in DRIVERS}
        self._index: dict[date, int] = {}
        self._days: list[date] = []
        self._log = {name: math.log(d.anchor) for name, d in DRIVERS.items()}
        self._lock = threading.Lock()

    def _extend(self, until: date) -> None:
        d = self._days[-1] + timedelta(days=1) if self._days else EPOCH
        while d <= until:
            if cal.is_trading_day(d):
                self._step(d)
            d += timedelta(days=1)

    def _step(self, d: date) -> None:
        vix_prev = math.exp(self._log["VIX"])
        spx_sigma = vix_prev / 100.0 / SQRT252 * 0.85
        rng = self._rng["SPX"]
        z_spx = rng.gauss(0.0, 1.0)
        spx_ret = spx_sigma * z_spx + 0.0003
        for name, drv in DRIVERS.items():
            rng = self._rng[name]
            if name == "SPX":
                ret, sigma = spx_ret, spx_sigma
            elif name == "VIX":
                target = math.log(drv.anchor)
                shock = 0.065 * (-0.8 * z_spx + 0.6 * rng.gauss(0.0, 1.0))
                ret = _VIX_KAPPA * (target - self._log[name]) + shock
                sigma = 0.065
            else:
                own = drv.vol / SQRT252
                ret = drv.beta * spx_ret + own * rng.gauss(0.0, 1.0)
                sigma = math.hypot(drv.beta * spx_sigma, own)
            if name != "VIX":
                ret += _KAPPA * (math.log(drv.anchor) - self._log[name])
            prev = math.exp(self._log[name])
            self._log[name] += ret
            close = math.exp(self._log[name])
            opened = prev * math.exp(0.3 * sigma * rng.gauss(0.0, 1.0)) if self._days else close
            high = max(opened, close) * math.exp(0.45 * sigma * abs(rng.gauss(0.0, 1.0)))
            low = min(opened, close) * math.exp(-0.45 * sigma * abs(rng.gauss(0.0, 1.0)))
            vol = drv.volume * (0.8 + 0.4 * rng.random()) * (1.0 + 0.4 * abs(ret) / sigma)
            self._bars[name].append(DayBar(d, opened, high, low, close, vol))
        self._index[d] = len(self._days)
        self._days.append(d)

    def bars_until(self, name: str, d: date, count: int) -> list[DayBar]:
        """The `count` bars up to and including trading day `d` (or the last one before)."""
        d = cal.on_or_before(d)
        with self._lock:
            if not self._days or self._days[-1] < d:
                self._extend(d)
        i = self._index[d]
        return self._bars[name][max(0, i + 1 - count) : i + 1]

    def bar(self, name: str, d: date) -> DayBar:
        return self.bars_until(name, d, 1)[-1]


@lru_cache(maxsize=8)
def daily_paths(seed: int) -> DailyPaths:
    return DailyPaths(seed)


@lru_cache(maxsize=256)
def intraday_path(seed: int, name: str, day: date, minutes: int, bar: DayBar) -> tuple[float, ...]:
    """Minute closes from the day's open to its close, touching its high and low once.

    A Brownian bridge from open to close, clipped to [low, high], with the extremes
    placed where the bridge peaks and troughs so daily and minute bars agree.
    """
    rng = random.Random(f"{seed}:{name}:{day.isoformat()}")
    walk = [0.0]
    for _ in range(minutes):
        walk.append(walk[-1] + rng.gauss(0.0, 1.0))
    span = bar.high - bar.low
    scale = span / 4.0 / max(1.0, math.sqrt(minutes))
    pts = []
    for i, w in enumerate(walk):
        frac = i / minutes
        bridge = w - frac * walk[-1]
        pts.append(bar.open + frac * (bar.close - bar.open) + scale * bridge)
    pts = [min(bar.high, max(bar.low, p)) for p in pts]
    pts[0], pts[-1] = bar.open, bar.close
    if minutes >= 4:
        inner = range(1, minutes)
        hi_i = max(inner, key=lambda i: pts[i])
        lo_i = min(inner, key=lambda i: pts[i])
        if hi_i != lo_i:
            pts[hi_i], pts[lo_i] = bar.high, bar.low
    return tuple(pts)


@dataclass(frozen=True)
class Extended:
    """A session's extended-hours trading (pre-market before the open, post-market after
    the close): what daily candles without `tho=true` and after-close quotes are made of."""

    pre_open: float  # the first pre-market trade
    pre_high: float
    pre_low: float
    post_close: float  # the last post-market trade
    post_high: float
    post_low: float
    volume: float  # extended-hours volume, beside the regular session's


@lru_cache(maxsize=4096)
def extended(seed: int, name: str, prev_close: float, bar: DayBar) -> Extended:
    """Thin trading from the previous close to the open, and on from the close:
    moves a fraction of the day's range, on a fraction of its volume."""
    rng = random.Random(f"{seed}:{name}:{bar.day.isoformat()}:ext")
    s = max(0.002, math.log(bar.high / bar.low) / 2.0)
    pre_open = prev_close * math.exp(0.25 * s * rng.gauss(0.0, 1.0))
    pre_high = max(pre_open, bar.open) * math.exp(0.2 * s * abs(rng.gauss(0.0, 1.0)))
    pre_low = min(pre_open, bar.open) * math.exp(-0.2 * s * abs(rng.gauss(0.0, 1.0)))
    post_close = bar.close * math.exp(0.3 * s * rng.gauss(0.0, 1.0))
    post_high = max(bar.close, post_close) * math.exp(0.2 * s * abs(rng.gauss(0.0, 1.0)))
    post_low = min(bar.close, post_close) * math.exp(-0.2 * s * abs(rng.gauss(0.0, 1.0)))
    volume = bar.volume * (0.05 + 0.07 * rng.random())
    return Extended(pre_open, pre_high, pre_low, post_close, post_high, post_low, volume)

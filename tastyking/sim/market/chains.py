"""Option chains (equity and futures) built from the sim date, cached per day.

A chain is metadata only: roots, expirations and strike grids. Prices come from
market.py. Strikes are centred on the previous close so they stay put all day,
use a fine increment near the money and a coarse one in the wings, and reach
far enough for 5-delta strangles at 90 DTE and 0.8-delta LEAP calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tastyking.sim.market import calendar as cal
from tastyking.sim.market.futures import FopExpiration, fop_expirations, third_friday
from tastyking.sim.market.universe import STOCKS


@dataclass(frozen=True)
class Expiry:
    root: str  # OCC root ("SPXW") or futures-option root ("EW4")
    expiration: date
    expires_at: datetime
    stops_trading_at: datetime
    expiration_type: str  # "Weekly" | "Regular"
    settlement: str  # "AM" | "PM"
    strikes: tuple[float, ...]
    fop: FopExpiration | None = None

    def has_strike(self, strike: float) -> bool:
        i = _bisect(self.strikes, strike)
        return i < len(self.strikes) and abs(self.strikes[i] - strike) < 1e-6


def _bisect(xs: tuple[float, ...], x: float) -> int:
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < x - 1e-9:
            lo = mid + 1
        else:
            hi = mid
    return lo


@dataclass(frozen=True)
class Chain:
    underlying: str  # "SPY", "SPX", or a product code "ES"
    expiries: tuple[Expiry, ...]

    def roots(self) -> list[str]:
        seen: list[str] = []
        for e in self.expiries:
            if e.root not in seen:
                seen.append(e.root)
        return seen

    def find(self, root: str, expiration: date) -> Expiry | None:
        for e in self.expiries:
            if e.root == root and e.expiration == expiration:
                return e
        return None


def strike_grid(center: float, atm: float, t_years: float, fine: float, coarse: float,
                band: float = 1.5) -> tuple[float, ...]:
    """Fine steps within `band` sd (at least 3 %), coarse steps out to -4.2 / +3 sd."""
    sd = max(atm, 0.12) * math.sqrt(max(t_years, 2.0 / 365.0))
    lo = center * max(0.3, min(0.97, math.exp(-4.2 * sd)))
    hi = center * min(2.2, max(1.03, math.exp(3.0 * sd)))
    f_lo = center * min(0.97, math.exp(-band * sd))
    f_hi = center * max(1.03, math.exp(band * 0.9 * sd))
    out: set[float] = set()
    k = math.ceil(lo / coarse) * coarse
    while k <= hi + 1e-9:
        out.add(round(k, 8))
        k += coarse
    k = math.ceil(f_lo / fine) * fine
    while k <= f_hi + 1e-9:
        out.add(round(k, 8))
        k += fine
    return tuple(sorted(x for x in out if x > 0))


def _pm(d: date) -> datetime:
    return cal.at_ny(d, cal.HALF_CLOSE if cal.is_half_day(d) else cal.CLOSE)


def _months(today: date, n: int) -> list[tuple[int, int]]:
    y, m, out = today.year, today.month, []
    for _ in range(n):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def equity_dates(schedule: str, today: date) -> dict[str, dict[date, str]]:
    """Expiration dates per OCC root with their expiration-type."""
    fridays = [today + timedelta(days=(4 - today.weekday()) % 7 + 7 * i) for i in range(18)]
    monthly = {cal.on_or_before(third_friday(y, m)) for y, m in _months(today, 14)}
    leaps = {cal.on_or_before(third_friday(today.year + k, 1)) for k in (1, 2)}
    regular = {d for d in monthly | leaps if d >= today}
    weekly: set[date] = set()
    if schedule in ("etf", "spx"):
        d = today if cal.is_trading_day(today) else cal.next_trading_day(today)
        for _ in range(10):
            weekly.add(d)
            d = cal.next_trading_day(d)
        weekly |= {cal.on_or_before(f) for f in fridays[:17]}
    else:
        weekly |= {cal.on_or_before(f) for f in fridays[:8]}
    if schedule == "spx":
        month_ends = set()
        for y, m in _months(today, 7):
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            month_ends.add(cal.on_or_before(nxt - timedelta(days=1)))
        spxw = {d: "Weekly" for d in weekly | month_ends if d >= today}
        spxw.update({d: "Regular" for d in monthly if d >= today and d not in spxw})
        am = {d: "Regular" for d in regular if cal.is_trading_day(d) and d > today}
        return {"SPX": am, "SPXW": dict(sorted(spxw.items()))}
    dates = {d: "Weekly" for d in weekly if d >= today}
    dates.update({d: "Regular" for d in regular})
    return {"": dict(sorted(dates.items()))}


def build_equity_chain(symbol: str, today: date, now: datetime, center: float, atm: float) -> Chain:
    stock = STOCKS[symbol]
    expiries = []
    for root, dates in equity_dates(stock.schedule, today).items():
        occ_root = root or symbol
        for d, kind in sorted(dates.items()):
            if occ_root == "SPX":
                # AM-settled: last trade is the previous session, settlement at the open
                expires = cal.at_ny(d, time(9, 30))
                stops = _pm(cal.previous_trading_day(d))
            else:
                expires = stops = _pm(d)
            t = max(0.0, (expires - now).total_seconds()) / 31_536_000.0
            grid = strike_grid(center, atm, t, stock.strike_fine, stock.strike_coarse,
                               0.9 if symbol == "SPX" else 1.5)
            expiries.append(Expiry(occ_root, d, expires, stops, kind,
                                   "AM" if occ_root == "SPX" else "PM", grid))
    expiries.sort(key=lambda e: (e.expiration, e.root))
    return Chain(symbol, tuple(expiries))


def build_futures_chain(code: str, today: date, now: datetime,
                        center: Callable[[FopExpiration], float], atm: float,
                        fine: float, coarse: float) -> Chain:
    expiries = []
    for fe in fop_expirations(code, today):
        t = max(0.0, (fe.expires_at - now).total_seconds()) / 31_536_000.0
        grid = strike_grid(center(fe), atm, t, fine, coarse, 1.2)
        expiries.append(Expiry(fe.root, fe.expiration, fe.expires_at, fe.expires_at,
                               fe.expiration_type, fe.settlement, grid, fe))
    return Chain(code, tuple(expiries))

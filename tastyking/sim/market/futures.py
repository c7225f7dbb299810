"""Futures contracts and futures-option expirations, computed from the sim date.

Contract symbols follow tastytrade: `/ESZ6` (1-digit year) for trading and
`/ESZ26:XCME` (2-digit year + MIC) for streaming. Expiry rules are the exchanges'
(third Friday for ES, CL's "three business days before the 25th", GC's third-last
business day), good to a day or so, which is all the demo needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from tastyking.sim.market import calendar as cal
from tastyking.sim.market.universe import MONTH_CODES, PRODUCTS, FutureProduct

EXPIRY_TIME = {
    "ES": time(9, 30), "MES": time(9, 30), "DX": time(10, 16),
    "CL": time(14, 30), "MCL": time(14, 30), "GC": time(13, 30), "MGC": time(13, 30),
}
OPTION_TIME = {
    "ES": time(16, 0), "MES": time(16, 0),
    "CL": time(14, 30), "MCL": time(14, 30), "GC": time(13, 30), "MGC": time(13, 30),
}


@dataclass(frozen=True)
class FutureContract:
    product: FutureProduct
    month: int
    year: int
    expiration: date
    expires_at: datetime
    active: bool
    next_active: bool
    index: int  # 0 = nearest listed contract

    @property
    def code(self) -> str:
        return MONTH_CODES[self.month - 1]

    @property
    def symbol(self) -> str:
        return f"/{self.product.code}{self.code}{self.year % 10}"

    @property
    def streamer(self) -> str:
        return f"/{self.product.code}{self.code}{self.year % 100:02d}:{self.product.mic}"


def third_friday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(4 - first.weekday()) % 7 + 14)


def last_trading_day_of_month(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return cal.on_or_before(nxt - timedelta(days=1))


def _prev_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def contract_expiration(code: str, year: int, month: int) -> date:
    if code in ("ES", "MES"):
        return cal.on_or_before(third_friday(year, month))
    if code == "DX":
        first = date(year, month, 1)
        third_wed = first + timedelta(days=(2 - first.weekday()) % 7 + 14)
        return cal.add_trading_days(cal.on_or_before(third_wed), -2)
    if code in ("CL", "MCL"):
        py, pm = _prev_month(year, month)
        d25 = date(py, pm, 25)
        base = d25 if cal.is_trading_day(d25) else cal.previous_trading_day(d25)
        return cal.add_trading_days(base, -3 if code == "CL" else -4)
    # GC, MGC: third-last business day of the contract month
    return cal.add_trading_days(last_trading_day_of_month(year, month), -2)


def _roll_date(code: str, year: int, month: int, expiration: date) -> date:
    """When the active month moves on to the next contract."""
    if code in ("GC", "MGC"):
        return date(year, month, 1) - timedelta(days=5)
    if code in ("CL", "MCL"):
        return expiration - timedelta(days=7)
    return expiration - timedelta(days=8)


@lru_cache(maxsize=128)
def contracts(code: str, today: date) -> tuple[FutureContract, ...]:
    """Listed contracts not yet expired on `today`, nearest first; one active month."""
    product = PRODUCTS[code]
    found: list[tuple[int, int, date, date]] = []
    y, m = today.year, today.month
    while len(found) < product.n_contracts:
        if MONTH_CODES[m - 1] in product.months:
            exp = contract_expiration(code, y, m)
            if exp >= today:
                found.append((y, m, exp, _roll_date(code, y, m, exp)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    active_i = next(i for i, f in enumerate(found) if f[3] > today)
    out = []
    for i, (y, m, exp, _) in enumerate(found):
        at = cal.at_ny(exp, EXPIRY_TIME[code])
        out.append(FutureContract(product, m, y, exp, at, i == active_i, i == active_i + 1, i))
    return tuple(out)


def front_month(code: str, today: date) -> FutureContract:
    return next(c for c in contracts(code, today) if c.active)


def find_contract(symbol: str, today: date) -> FutureContract | None:
    """`/ESZ6` or `ESZ6` or `/ESZ26:XCME` -> the listed contract."""
    s = symbol if symbol.startswith("/") else "/" + symbol
    for code in sorted(PRODUCTS, key=len, reverse=True):
        if s.startswith("/" + code) and len(s) > len(code) + 2:
            for c in contracts(code, today):
                if s in (c.symbol, c.streamer):
                    return c
            return None
    return None


@dataclass(frozen=True)
class FopExpiration:
    product: FutureProduct
    root: str  # option root: "EW4", "LO", "OG"
    month: int  # contract month encoded in the option code
    year: int
    expiration: date
    expires_at: datetime
    underlying: FutureContract
    expiration_type: str
    settlement: str

    @property
    def contract_code(self) -> str:  # "EW4Z6"
        return f"{self.root}{MONTH_CODES[self.month - 1]}{self.year % 10}"

    @property
    def streamer_prefix(self) -> str:  # "./EW4Z26"
        return f"./{self.root}{MONTH_CODES[self.month - 1]}{self.year % 100:02d}"


def _fridays(today: date, weeks: int) -> list[date]:
    first = today + timedelta(days=(4 - today.weekday()) % 7)
    return [first + timedelta(weeks=i) for i in range(weeks)]


def _months_ahead(today: date, n: int) -> list[tuple[int, int]]:
    y, m, out = today.year, today.month, []
    for _ in range(n):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _underlying_for(code: str, on: date, today: date, min_month: tuple[int, int] | None = None):
    listed = contracts(code, today)
    for c in listed:
        if min_month is not None and (c.year, c.month) < min_month:
            continue
        if c.expiration >= on:
            return c
    return listed[-1]


@lru_cache(maxsize=64)
def fop_expirations(code: str, today: date) -> tuple[FopExpiration, ...]:
    """Futures-option expirations from this week out past 120 DTE, by date."""
    p = PRODUCTS[code]
    picked: dict[date, tuple[int, str, int, int, str, str, FutureContract]] = {}

    def add(prio: int, root: str, on: date, ym: tuple[int, int], kind: str, settle: str,
            und: FutureContract) -> None:
        if on < today:
            return
        if on not in picked or picked[on][0] < prio:
            picked[on] = (prio, root, ym[0], ym[1], kind, settle, und)

    if p.option_weekly_prefix:
        for fri in _fridays(today, 5):
            d = cal.on_or_before(fri)
            nth = (fri.day - 1) // 7 + 1
            und = _underlying_for(code, d, today)
            add(1, f"{p.option_weekly_prefix}{nth}", d, (d.year, d.month), "Weekly", "PM", und)
    if p.option_quarterly_root:
        for y, m in _months_ahead(today, 8):
            d = cal.on_or_before(third_friday(y, m))
            und = _underlying_for(code, d, today)
            if MONTH_CODES[m - 1] in p.months:
                add(3, p.option_quarterly_root, d, (y, m), "Regular", "AM", und)
            else:
                add(1, f"{p.option_weekly_prefix}3", d, (y, m), "Regular", "PM", und)
        for y, m in _months_ahead(today, 16):
            if MONTH_CODES[m - 1] in p.months:
                d = cal.on_or_before(third_friday(y, m))
                add(3, p.option_quarterly_root, d, (y, m), "Regular", "AM",
                    _underlying_for(code, d, today))
    if p.option_eom_root:
        for y, m in _months_ahead(today, 7):
            d = last_trading_day_of_month(y, m)
            add(2, p.option_eom_root, d, (y, m), "Weekly", "PM",
                _underlying_for(code, d, today))
    if p.option_monthly_root:
        for y, m in _months_ahead(today + timedelta(days=20), 8):
            if code in ("CL", "MCL"):
                fut_exp = contract_expiration(code, y, m)
                d = cal.add_trading_days(fut_exp, -1)
                und = _underlying_for(code, fut_exp, today, (y, m))
            else:
                py, pm = _prev_month(y, m)
                d = cal.add_trading_days(last_trading_day_of_month(py, pm), -3)
                und = _underlying_for(code, d, today, (y, m))
            add(2, p.option_monthly_root, d, (y, m), "Regular", "PM", und)
    out = []
    for d in sorted(picked):
        _, root, y, m, kind, settle, und = picked[d]
        at = cal.at_ny(d, time(9, 30) if settle == "AM" else OPTION_TIME[code])
        out.append(FopExpiration(p, root, m, y, d, at, und, kind, settle))
    return tuple(out)

"""Futures contracts and futures-option expirations, computed from the sim date.

Contract symbols follow tastytrade: `/ESZ6` (1-digit year) for trading and
`/ESZ26:XCME` (2-digit year + MIC) for streaming. Expiry rules are the exchanges'
(third Friday for ES, CL's "three business days before the 25th", GC's third-last
business day), good to a day or so, which is all the demo needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from tastyking.sim.market import calendar as cal
from tastyking.sim.market.universe import MONTH_CODES, PRODUCTS, FutureProduct


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


def _third_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 14)


def _before_the_25th(year: int, month: int, days: int) -> date:
    """WTI: `days` business days before the 25th of the month before the contract month."""
    py, pm = _prev_month(year, month)
    d25 = date(py, pm, 25)
    base = d25 if cal.is_trading_day(d25) else cal.previous_trading_day(d25)
    return cal.add_trading_days(base, -days)


def _last_of_previous_month(year: int, month: int) -> date:
    return last_trading_day_of_month(*_prev_month(year, month))


# The exchanges' last-trade rules, good to a day or so (holidays shift them the usual way).
_EXPIRY_RULES: dict[str, Callable[[int, int], date]] = {
    "third_friday": lambda y, m: cal.on_or_before(third_friday(y, m)),
    "dollar_index": lambda y, m: cal.add_trading_days(cal.on_or_before(_third_wednesday(y, m)),
                                                      -2),
    "fx": lambda y, m: cal.add_trading_days(cal.on_or_before(_third_wednesday(y, m)), -2),
    "crude": lambda y, m: _before_the_25th(y, m, 3),
    "micro_crude": lambda y, m: _before_the_25th(y, m, 4),
    "natgas": lambda y, m: cal.add_trading_days(cal.previous_trading_day(date(y, m, 1)), -2),
    "end_of_previous_month": _last_of_previous_month,
    "metal": lambda y, m: cal.add_trading_days(last_trading_day_of_month(y, m), -2),
    "treasury": lambda y, m: cal.add_trading_days(last_trading_day_of_month(y, m), -7),
    "grain": lambda y, m: cal.previous_trading_day(date(y, m, 15)),
    "month_end": last_trading_day_of_month,
    "tenth_day": lambda y, m: cal.add_trading_days(cal.on_or_after(date(y, m, 1)), 9),
    "softs": lambda y, m: cal.add_trading_days(last_trading_day_of_month(y, m), -8),
}
# Products whose active month moves on before the contract month starts (delivery notices).
_ROLL_BEFORE_MONTH = {"metal", "treasury", "grain", "month_end", "tenth_day", "softs"}
_ENERGY = {"crude", "micro_crude", "natgas", "end_of_previous_month"}


def contract_expiration(code: str, year: int, month: int) -> date:
    return _EXPIRY_RULES[PRODUCTS[code].expiry_rule](year, month)


def _roll_date(code: str, year: int, month: int, expiration: date) -> date:
    """When the active month moves on to the next contract."""
    rule = PRODUCTS[code].expiry_rule
    if rule in _ROLL_BEFORE_MONTH:
        return min(date(year, month, 1) - timedelta(days=5), expiration - timedelta(days=3))
    if rule in _ENERGY:
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
        at = cal.at_ny(exp, product.expiry_time)
        out.append(FutureContract(product, m, y, exp, at, i == active_i, i == active_i + 1, i))
    return tuple(out)


def following_symbol(c: FutureContract) -> str:
    """The next contract month's symbol, listed yet or not (what the last one rolls into)."""
    y, m = c.year, c.month
    while True:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if MONTH_CODES[m - 1] in c.product.months:
            return f"/{c.product.code}{MONTH_CODES[m - 1]}{y % 10}"


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


def _underlying_for(code: str, on: date, today: date,
                    min_month: tuple[int, int] | None = None) -> FutureContract | None:
    """The nearest listed contract (of `min_month` or later) still trading on `on`."""
    for c in contracts(code, today):
        if min_month is not None and (c.year, c.month) < min_month:
            continue
        if c.expiration >= on:
            return c
    return None


def _monthly_option_date(p: FutureProduct, y: int, m: int) -> tuple[date, date]:
    """(option expiration, the day its underlying must still trade) for contract month y/m."""
    if p.expiry_rule in _ENERGY:  # energy options stop the business day before the future
        fut_exp = contract_expiration(p.code, y, m)
        return cal.add_trading_days(fut_exp, -1), fut_exp
    # metals, grains, rates, currencies: late in the month before the contract month
    d = cal.add_trading_days(_last_of_previous_month(y, m), -3)
    return d, d


@lru_cache(maxsize=256)
def fop_expirations(code: str, today: date) -> tuple[FopExpiration, ...]:
    """Futures-option expirations from this week out past 120 DTE, by date.

    One series per date (quarterly before end-of-month and monthly before weekly). Each
    option code names its series once: weeklies take the week and month of their nominal
    Friday (a holiday moves the date, not the code), quarterlies and end-of-month options
    their month, so no code repeats across expirations.
    """
    p = PRODUCTS[code]
    picked: dict[date, tuple[int, str, int, int, str, str, FutureContract]] = {}

    def add(prio: int, root: str, on: date, ym: tuple[int, int], kind: str, settle: str,
            und: FutureContract | None) -> None:
        if on < today or und is None:
            return  # expired, or no listed contract left to deliver
        if on not in picked or picked[on][0] < prio:
            picked[on] = (prio, root, ym[0], ym[1], kind, settle, und)

    if p.option_weekly_prefix:
        for fri in _fridays(today, 5):
            d = cal.on_or_before(fri)
            nth = (fri.day - 1) // 7 + 1
            add(1, f"{p.option_weekly_prefix}{nth}", d, (fri.year, fri.month), "Weekly", "PM",
                _underlying_for(code, d, today))
    if p.option_quarterly_root:
        for y, m in _months_ahead(today, 8):
            if MONTH_CODES[m - 1] not in p.months and p.option_weekly_prefix:
                d = cal.on_or_before(third_friday(y, m))
                add(1, f"{p.option_weekly_prefix}3", d, (y, m), "Weekly", "PM",
                    _underlying_for(code, d, today))
        for y, m in _months_ahead(today, 16):
            if MONTH_CODES[m - 1] in p.months:
                d = cal.on_or_before(third_friday(y, m))
                add(3, p.option_quarterly_root, d, (y, m), "Regular", "AM",
                    _underlying_for(code, d, today, (y, m)))
    if p.option_eom_root:
        for y, m in _months_ahead(today, 7):
            d = last_trading_day_of_month(y, m)
            add(2, p.option_eom_root, d, (y, m), "End-Of-Month", "PM",
                _underlying_for(code, d, today))
    if p.option_monthly_root:
        for y, m in _months_ahead(today + timedelta(days=20), 8):
            d, trades_until = _monthly_option_date(p, y, m)
            add(2, p.option_monthly_root, d, (y, m), "Regular", "PM",
                _underlying_for(code, trades_until, today, (y, m)))
    out = []
    for d in sorted(picked):
        _, root, y, m, kind, settle, und = picked[d]
        at = cal.at_ny(d, time(9, 30) if settle == "AM" else p.option_time)
        out.append(FopExpiration(p, root, m, y, d, at, und, kind, settle))
    return tuple(out)

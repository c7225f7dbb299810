"""Exchange calendar for the simulator: NYSE holidays and half days, CME/CFE closures,
and the session times that drive `/market-time/*` and the price model.

Holidays are computed from the exchanges' published rules (observed-day shifts,
Good Friday from Easter), so any year works; 2025-01-09 (national day of mourning)
is the one ad-hoc closure inside 2025-2028.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")

_SPECIAL_CLOSURES = {date(2025, 1, 9)}

PRE_MARKET = time(4, 0)
OPEN = time(9, 30)
CLOSE = time(16, 0)
HALF_CLOSE = time(13, 0)
EXT_CLOSE = time(20, 0)
HALF_EXT_CLOSE = time(17, 0)
FUTURES_START = time(18, 0)  # Globex opens the previous evening
FUTURES_CLOSE = time(17, 0)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return date(year, month, day)


def _observed(d: date, saturday_back: bool = True) -> date | None:
    if d.weekday() == 5:
        return d - timedelta(days=1) if saturday_back else None
    if d.weekday() == 6:
        return d + timedelta(days=1)
    return d


@lru_cache(maxsize=64)
def nyse_holidays(year: int) -> frozenset[date]:
    days: list[date | None] = [
        _observed(date(year, 1, 1), saturday_back=False),  # NYSE skips a Saturday New Year
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        easter(year) - timedelta(days=2),  # Good Friday
        _last_weekday(year, 5, 0),  # Memorial Day
        _observed(date(year, 6, 19)) if year >= 2022 else None,  # Juneteenth
        _observed(date(year, 7, 4)),
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving
        _observed(date(year, 12, 25)),
    ]
    found = {d for d in days if d is not None}
    found |= {d for d in _SPECIAL_CLOSURES if d.year == year}
    return frozenset(found)


@lru_cache(maxsize=64)
def nyse_half_days(year: int) -> frozenset[date]:
    """13:00 ET early closes: July 3, day after Thanksgiving, Christmas Eve (Mon-Thu only)."""
    days = {_nth_weekday(year, 11, 3, 4) + timedelta(days=1)}
    for d in (date(year, 7, 3), date(year, 12, 24)):
        if d.weekday() <= 3:
            days.add(d)
    return frozenset(d for d in days if d not in nyse_holidays(year))


@lru_cache(maxsize=64)
def cme_holidays(year: int) -> frozenset[date]:
    """Days with no CME equity/energy/metals session at all."""
    full = {
        _observed(date(year, 1, 1)),
        easter(year) - timedelta(days=2),
        _observed(date(year, 12, 25)),
    }
    return frozenset(d for d in full if d is not None)


@lru_cache(maxsize=64)
def cme_half_days(year: int) -> frozenset[date]:
    """Early halts (13:00 ET) on the US holidays when Globex still trades a short day."""
    days = (set(nyse_holidays(year)) | set(nyse_half_days(year))) - set(cme_holidays(year))
    return frozenset(d for d in days if d.weekday() < 5)


def is_trading_day(d: date) -> bool:
    return d.weekday() < 5 and d not in nyse_holidays(d.year)


def is_half_day(d: date) -> bool:
    return d in nyse_half_days(d.year)


def next_trading_day(d: date) -> date:
    d += timedelta(days=1)
    while not is_trading_day(d):
        d += timedelta(days=1)
    return d


def previous_trading_day(d: date) -> date:
    d -= timedelta(days=1)
    while not is_trading_day(d):
        d -= timedelta(days=1)
    return d


def on_or_before(d: date) -> date:
    """An expiration that lands on a holiday moves to the previous trading day."""
    return d if is_trading_day(d) else previous_trading_day(d)


def on_or_after(d: date) -> date:
    return d if is_trading_day(d) else next_trading_day(d)


def add_trading_days(d: date, n: int) -> date:
    step = next_trading_day if n >= 0 else previous_trading_day
    for _ in range(abs(n)):
        d = step(d)
    return d


def trading_days(start: date, end: date) -> list[date]:
    """Trading days in [start, end]."""
    out = []
    d = start
    while d <= end:
        if is_trading_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def ny_date(now: datetime) -> date:
    return now.astimezone(NY).date()


def at_ny(d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=NY)


@dataclass(frozen=True)
class Session:
    """One exchange session; times are aware datetimes."""

    session_date: date
    start_at: datetime
    open_at: datetime
    close_at: datetime
    close_at_ext: datetime


def equity_session(d: date) -> Session | None:
    if not is_trading_day(d):
        return None
    half = is_half_day(d)
    return Session(
        d,
        at_ny(d, PRE_MARKET),
        at_ny(d, OPEN),
        at_ny(d, HALF_CLOSE if half else CLOSE),
        at_ny(d, HALF_EXT_CLOSE if half else EXT_CLOSE),
    )


def next_equity_session(d: date) -> Session:
    s = equity_session(next_trading_day(d))
    assert s is not None
    return s


def previous_equity_session(d: date) -> Session:
    s = equity_session(previous_trading_day(d))
    assert s is not None
    return s


def equity_state(now: datetime) -> tuple[str, Session]:
    """State and the session it refers to: today's until its extended close, else the next."""
    today = ny_date(now)
    s = equity_session(today)
    if s is not None and now < s.close_at_ext:
        if now < s.start_at:
            return "Closed", s
        if now < s.open_at:
            return "Pre-market", s
        if now < s.close_at:
            return "Open", s
        return "Extended", s
    return "Closed", next_equity_session(today)


def futures_trading_day(d: date, exchange: str = "CME") -> bool:
    del exchange  # CME and CFE share the closure rules in the sim
    return d.weekday() < 5 and d not in cme_holidays(d.year)


def futures_session(d: date, exchange: str = "CME") -> Session | None:
    """Globex style: opens 18:00 ET the evening before, closes 17:00 ET (13:00 on half days)."""
    if not futures_trading_day(d, exchange):
        return None
    start = at_ny(d - timedelta(days=1), FUTURES_START)
    close = at_ny(d, HALF_CLOSE if d in cme_half_days(d.year) else FUTURES_CLOSE)
    return Session(d, start, start, close, close)


def _futures_step(d: date, exchange: str, step: int) -> Session:
    for _ in range(30):
        d += timedelta(days=step)
        s = futures_session(d, exchange)
        if s is not None:
            return s
    raise ValueError("no futures session within 30 days")


def next_futures_session(d: date, exchange: str = "CME") -> Session:
    return _futures_step(d, exchange, 1)


def previous_futures_session(d: date, exchange: str = "CME") -> Session:
    return _futures_step(d, exchange, -1)


def futures_state(now: datetime, exchange: str = "CME") -> tuple[str, Session]:
    """The session trading now (Open) or the next one to open (Closed)."""
    today = ny_date(now)
    for d in (today, today + timedelta(days=1)):
        s = futures_session(d, exchange)
        if s is not None and s.start_at <= now < s.close_at:
            return "Open", s
    s = futures_session(today, exchange)
    if s is not None and now < s.start_at:
        return "Closed", s
    return "Closed", next_futures_session(today, exchange)


def holidays(years: range) -> tuple[list[date], list[date]]:
    hol = sorted(d for y in years for d in nyse_holidays(y))
    half = sorted(d for y in years for d in nyse_half_days(y))
    return hol, half


def futures_holidays(years: range) -> tuple[list[date], list[date]]:
    hol = sorted(d for y in years for d in cme_holidays(y))
    half = sorted(d for y in years for d in cme_half_days(y))
    return hol, half

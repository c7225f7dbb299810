"""Dates for options: the New York trading date, DTE, Fridays and monthly expirations.

Holidays and early closes come from the API's market-sessions endpoints, not
from here; these are the calendar rules that need no data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")
FRIDAY = 4  # date.weekday()


def market_today(now: datetime | None = None) -> date:
    """Today's date in New York, where US options expire (not the machine's date)."""
    if now is None:
        now = datetime.now(NY)
    elif now.tzinfo is None:
        # A naive time could be local or UTC; guessing would shift the date near midnight.
        raise ValueError("market_today needs a timezone-aware datetime")
    return now.astimezone(NY).date()


def dte(expiration: date, today: date) -> int:
    """Calendar days to expiration; 0 on and after the expiration day."""
    return max(0, (expiration - today).days)


def next_friday(d: date) -> date:
    """The first Friday strictly after `d` (a Friday gives the following week's)."""
    return d + timedelta(days=(FRIDAY - d.weekday()) % 7 or 7)


def third_friday(year: int, month: int) -> date:
    """The standard monthly equity-option expiration day."""
    first = date(year, month, 1)
    return first + timedelta(days=(FRIDAY - first.weekday()) % 7 + 14)


def is_monthly(d: date) -> bool:
    """True on the third Friday of the month (holiday-shifted Thursdays are not detected)."""
    return d == third_friday(d.year, d.month)


def is_weekday(d: date) -> bool:
    """The no-data stand-in for "is a trading session": Monday to Friday."""
    return d.weekday() < 5


def next_weekday(d: date) -> date:
    """The first weekday on or after `d`."""
    while not is_weekday(d):
        d += timedelta(days=1)
    return d


def nearest_expiration(expirations: Sequence[date], target_dte: int, today: date) -> date:
    """The expiration whose DTE is nearest `target_dte`; ties go to the later date.

    Expirations before `today` are ignored (they can no longer be traded).
    """
    live = [e for e in expirations if e >= today]
    if not live:
        raise ValueError("no expirations on or after today to choose from")
    return min(live, key=lambda e: (abs(dte(e, today) - target_dte), -e.toordinal()))


def default_monthly_near(
    expirations: Sequence[date], target_dte: int = 45, *, today: date
) -> date:
    """The monthly expiration nearest the target DTE, or the nearest of all if none is monthly."""
    monthlies = [e for e in expirations if is_monthly(e) and e >= today]
    return nearest_expiration(monthlies or expirations, target_dte, today)


def twelve_hour(t: datetime) -> str:
    """"2:15 PM": hour without a leading zero, minutes, AM/PM, no seconds (the form the
    trading framework's core parses: with seconds its regex loses the AM/PM)."""
    return f"{t.hour % 12 or 12}:{t:%M} {'AM' if t.hour < 12 else 'PM'}"

"""Strategy labels for open positions (the framework seed's identifyStrategy, on real data).

The seed labels one position at a time from its DTE alone. Here legs are grouped
by underlying and expiration first, so a label describes the structure a leg
belongs to:

    0DTE      expires in the current session (or the next one, on a non-trading day)
    IPMCC     long call > 300 DTE plus short nearer-dated calls on the same underlying
    LEAP      a lone long option > 300 DTE
    LT112     put-only structure with a short put at 100-130 DTE, or the 1-1-2 put
              shape (long 1 / short 1 lower / short 2 lower still) at any DTE
    STRANGLE  short puts + short calls, same expiration, 60-100 DTE
    SPREAD    any other multi-leg option group
    SINGLE    any other single option leg
    FUTURE, STOCK, UNKNOWN for the rest
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from tastyking.domain.calendar import dte, is_weekday

Label = Literal[
    "0DTE", "IPMCC", "LEAP", "LT112", "STRANGLE", "SPREAD", "SINGLE", "FUTURE", "STOCK", "UNKNOWN"
]
TradingDays = Callable[[date, date], int]

OPTION_TYPES = frozenset({"Equity Option", "Future Option"})
STOCK_TYPES = frozenset({"Equity"})
FUTURE_TYPES = frozenset({"Future"})

LEAP_MIN_DTE = 300  # strictly more than this
LT112_DTE = (100, 130)  # inclusive
STRANGLE_DTE = (60, 100)  # inclusive


@dataclass(frozen=True)
class Leg:
    symbol: str
    instrument_type: str  # tastytrade's: "Equity", "Equity Option", "Future", "Future Option", ...
    underlying: str
    quantity: Decimal  # signed: long positive, short negative
    option_type: str | None = None  # "C", "P" or None
    strike: Decimal | None = None
    expiration: date | None = None


def weekday_trading_days(start: date, end: date) -> int:
    """Sessions d with start <= d < end, counting Monday-Friday (no holiday data)."""
    count, d = 0, start
    while d < end:
        count += is_weekday(d)
        d += timedelta(days=1)
    return count


def is_0dte(expiration: date, today: date, trading_days: TradingDays | None = None) -> bool:
    """No trading session between today and the expiration day itself.

    `trading_days(start, end)` counts sessions d with start <= d < end. On a
    Saturday, Monday's expiration has none before it, so it is the 0DTE.
    """
    count = trading_days or weekday_trading_days
    return expiration <= today or count(today, expiration) == 0


def _in(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _is_112_shape(puts: Sequence[Leg]) -> bool:
    """Quantities by strike, lowest first, are (-2n, -n, +n)."""
    if len(puts) != 3 or len({p.strike for p in puts}) != 3:
        return False
    low, mid, high = sorted(puts, key=lambda p: p.strike or Decimal(0))
    n = high.quantity
    return n > 0 and mid.quantity == -n and low.quantity == -2 * n


def _group_label(legs: Sequence[Leg], days: int) -> Label:
    calls = [leg for leg in legs if leg.option_type == "C"]
    puts = [leg for leg in legs if leg.option_type == "P"]
    if len(legs) == 1 and legs[0].quantity > 0 and days > LEAP_MIN_DTE:
        return "LEAP"
    if puts and not calls:
        if _is_112_shape(puts):
            return "LT112"
        if _in(days, LT112_DTE) and any(p.quantity < 0 for p in puts):
            return "LT112"
    if (
        puts
        and calls
        and all(leg.quantity < 0 for leg in legs)
        and _in(days, STRANGLE_DTE)
    ):
        return "STRANGLE"
    return "SINGLE" if len(legs) == 1 else "SPREAD"


def _ipmcc_symbols(options: Iterable[Leg], today: date) -> set[str]:
    """Long LEAP calls with short calls expiring earlier, per underlying: all of them."""
    by_underlying: dict[str, list[Leg]] = defaultdict(list)
    for leg in options:
        if leg.option_type == "C" and leg.expiration is not None:
            by_underlying[leg.underlying].append(leg)
    out: set[str] = set()
    for calls in by_underlying.values():
        leaps = [
            c for c in calls
            if c.quantity > 0 and c.expiration and dte(c.expiration, today) > LEAP_MIN_DTE
        ]
        if not leaps:
            continue
        last = max(c.expiration for c in leaps if c.expiration)
        shorts = [c for c in calls if c.quantity < 0 and c.expiration and c.expiration < last]
        if shorts:
            out.update(c.symbol for c in leaps + shorts)
    return out


def label_positions(
    legs: Sequence[Leg], today: date, trading_days: TradingDays | None = None
) -> dict[str, Label]:
    """A label for every leg's symbol."""
    labels: dict[str, Label] = {}
    options = [
        leg for leg in legs
        if leg.instrument_type in OPTION_TYPES and leg.expiration and leg.option_type
    ]
    for leg in legs:
        if leg.instrument_type in FUTURE_TYPES:
            labels[leg.symbol] = "FUTURE"
        elif leg.instrument_type in STOCK_TYPES:
            labels[leg.symbol] = "STOCK"
        else:
            labels[leg.symbol] = "UNKNOWN"  # replaced below for well-formed options

    ipmcc = _ipmcc_symbols(options, today)
    groups: dict[tuple[str, date], list[Leg]] = defaultdict(list)
    for leg in options:
        if leg.symbol in ipmcc:
            labels[leg.symbol] = "IPMCC"
        elif leg.expiration is not None:
            groups[(leg.underlying, leg.expiration)].append(leg)

    for (_, expiration), group in groups.items():
        if is_0dte(expiration, today, trading_days):
            label: Label = "0DTE"
        else:
            label = _group_label(group, dte(expiration, today))
        for leg in group:
            labels[leg.symbol] = label
    return labels

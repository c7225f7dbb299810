"""Number formatting for tables (JSON keeps exact values)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

MISSING = "—"


def money(value: Decimal | float | None, places: int = 2) -> str:
    if value is None:
        return MISSING
    return f"{Decimal(str(value)):,.{places}f}"


def signed_money(value: Decimal | float | None, places: int = 2) -> str:
    if value is None:
        return MISSING
    return f"{Decimal(str(value)):+,.{places}f}"


def num(value: Decimal | float | int | None, places: int = 2) -> str:
    if value is None:
        return MISSING
    return f"{Decimal(str(value)):.{places}f}"


def qty(value: Decimal | None) -> str:
    if value is None:
        return MISSING
    return f"{value.normalize():+f}" if value else "0"


def pct(value: Decimal | float | None, places: int = 1) -> str:
    if value is None:
        return MISSING
    return f"{Decimal(str(value)):.{places}f}%"


def pnl_style(value: Decimal | float | None) -> str:
    if value is None:
        return "dim"
    return "green" if value > 0 else "red" if value < 0 else ""


def price(value: Decimal | float | None, places: int = 2, most: int | None = None) -> str:
    """A quoted price with at least `places` decimals and every decimal it has: a mark of
    0.815 is 0.815, not 0.82 (tables must not round what the trader acts on). `most` caps
    the decimals of a computed price: a future option's mark is its theoretical value, sent
    with nine decimals ("801.768086004"), which no table has room for."""
    if value is None:
        return MISSING
    d = Decimal(str(value))
    exp = d.normalize().as_tuple().exponent
    shown = max(places, -exp) if isinstance(exp, int) else places
    if most is not None:
        shown = min(shown, max(places, most))
    return f"{d:,.{shown}f}"


def plain(value: Decimal | float | int | None) -> str:
    """Every digit the value has, no trailing zeros, thousands separated (strikes, breakevens)."""
    if value is None:
        return MISSING
    d = Decimal(str(value))
    exp = d.normalize().as_tuple().exponent
    return f"{d:,.{max(0, -exp) if isinstance(exp, int) else 2}f}"


def underlying_label(root: str, contracts: Iterable[str | None], tail: str = "",
                     room: int | None = None) -> str:
    """A group heading: the root and the futures contracts under it ("/ES (/ESH7)"), then
    `tail`. The contracts go first when the heading would not fit in `room` (the symbol
    column's width): each futures symbol in the group names its contract anyway."""
    named = sorted({c for c in contracts if c and c != root})
    full = f"{root} ({', '.join(named)}){tail}" if named else f"{root}{tail}"
    return full if room is None or len(full) <= room else f"{root}{tail}"

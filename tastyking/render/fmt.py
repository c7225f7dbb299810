"""Number formatting for tables (JSON keeps exact values)."""

from __future__ import annotations

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

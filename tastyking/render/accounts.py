"""Tables for `account` and `positions`."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.services.accounts import AccountView
from tastyking.services.positions import PositionsResult


def accounts_table(views: list[AccountView]) -> Table:
    table = Table(title="Accounts", title_justify="left")
    table.add_column("Field")
    for v in views:
        table.add_column(f"{v.account_number}\n{v.nickname or v.account_type or ''}",
                         justify="right")
    rows: list[tuple[str, list[Any]]] = [
        ("Type", [f"{v.account_type or '?'} · {v.margin_or_cash or '?'}" for v in views]),
        ("Net liquidating value", [fmt.money(v.net_liquidating_value) for v in views]),
        ("Cash balance", [fmt.money(v.cash_balance) for v in views]),
        ("Derivative buying power", [fmt.money(v.derivative_buying_power) for v in views]),
        ("Equity buying power", [fmt.money(v.equity_buying_power) for v in views]),
        ("Day-trading buying power", [fmt.money(v.day_trading_buying_power) for v in views]),
        ("Maintenance requirement", [fmt.money(v.maintenance_requirement) for v in views]),
        ("Buying power used", [fmt.pct(v.buying_power_used_pct) for v in views]),
        ("Options level", [v.status.options_level or fmt.MISSING for v in views]),
        ("Futures", ["enabled" if v.status.futures_enabled else "no" for v in views]),
        ("Portfolio margin", ["yes" if v.status.portfolio_margin else "no" for v in views]),
        ("Restrictions", [_restrictions(v) for v in views]),
    ]
    for label, values in rows:
        table.add_row(label, *values)
    return table


def _restrictions(v: AccountView) -> Text:
    s = v.status
    flags = [name for name, on in (
        ("CLOSED", s.closed), ("FROZEN", s.frozen), ("CLOSING ONLY", s.closing_only),
        ("MARGIN CALL", s.margin_call), ("PDT", s.pattern_day_trader),
    ) if on]
    return Text(", ".join(flags), style="bold red") if flags else Text("none", style="green")


def positions_table(result: PositionsResult) -> Table:
    table = Table(title="Positions", title_justify="left", show_lines=False)
    for name, justify in (
        ("Account", "left"), ("Symbol", "left"), ("Type", "left"), ("Qty", "right"),
        ("Exp", "left"), ("DTE", "right"), ("Avg open", "right"), ("Mark", "right"),
        ("Unrealized P/L", "right"), ("Mult", "right"), ("Strategy", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for (account, underlying), group in groupby(
        result.positions, key=lambda r: (r.account_number, r.underlying)
    ):
        table.add_row(account, Text(underlying, style="bold cyan"), end_section=False)
        for r in group:
            table.add_row(
                "",
                "  " + r.symbol,
                r.instrument_type,
                fmt.qty(r.quantity),
                r.expiration.isoformat() if r.expiration else "",
                str(r.dte) if r.dte is not None else "",
                fmt.num(r.average_open_price),
                fmt.num(r.mark),
                Text(fmt.signed_money(r.unrealized_pnl), style=fmt.pnl_style(r.unrealized_pnl)),
                fmt.num(r.multiplier, 0),
                r.strategy,
            )
    table.add_section()
    total = result.total_unrealized_pnl
    table.add_row("", Text("Total", style="bold"), "", "", "", "", "", "",
                  Text(fmt.signed_money(total), style=fmt.pnl_style(total)), "", "")
    return table

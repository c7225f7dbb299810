"""Tables for `account` and `positions`."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.fit import first_fitting
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


# Short instrument types, as `greeks` shows them.
SHORT_TYPE = {"Equity": "stock", "Equity Option": "option", "Future": "future",
              "Future Option": "fut opt", "Cryptocurrency": "crypto"}


MARK_PLACES = 4  # a theoretical mark (future options) has nine decimals on the wire


@dataclass(frozen=True)
class _Layout:
    """Which optional columns a positions table has, and how it is boxed."""

    extra: tuple[str, ...]  # "Type", "Mult" beside the columns that are always there
    boxed: bool = True


# Widest first: low-value columns go before the box does; symbols, dates and numbers stay.
LAYOUTS = (
    _Layout(("Type", "Mult")), _Layout(("Mult",)), _Layout(()), _Layout((), boxed=False),
)


def positions_table(result: PositionsResult, width: int | None = None) -> Table:
    """Grouped by account, underlying and strategy (the group row names them), so every
    position row keeps its symbol, expiration and numbers whole at 80 columns."""
    layout, table = first_fitting(width, LAYOUTS, lambda lay: _positions(result, lay))
    assert isinstance(table, Table)
    if layout != LAYOUTS[0]:
        table.caption = "Type and Mult hidden to fit the terminal (--json has them all)" \
            if not layout.extra else "Type hidden to fit the terminal (--json has it)"
        table.caption_justify = "left"
    return table


def _positions(result: PositionsResult, layout: _Layout) -> Table:
    accounts = {r.account_number for r in result.positions}
    title = f"Positions · account {next(iter(accounts))}" if len(accounts) == 1 else "Positions"
    table = Table(title=title, title_justify="left",
                  box=box.HEAVY_HEAD if layout.boxed else None, pad_edge=layout.boxed)
    columns = [("Symbol", "left"), ("Type", "left"), ("Qty", "right"), ("Exp", "left"),
               ("DTE", "right"), ("Avg open", "right"), ("Mark", "right"), ("P/L", "right"),
               ("Mult", "right")]
    shown = [(n, j) for n, j in columns if n not in ("Type", "Mult") or n in layout.extra]
    for name, justify in shown:
        # The narrowest layout folds a value that still does not fit onto a second
        # line rather than cut it with "…" (a terminal narrower than 80 columns).
        table.add_column(name, justify=justify, no_wrap=layout.boxed,  # type: ignore[arg-type]
                         overflow="fold")
    rows = sorted(result.positions, key=lambda r: (r.account_number, r.underlying, r.strategy))
    room = 1 + max((len(r.symbol) for r in rows), default=0)
    for (account, underlying, strategy), group in groupby(
        rows, key=lambda r: (r.account_number, r.underlying, r.strategy)
    ):
        members = list(group)
        tail = f" · {strategy}" + (f" · {account}" if len(accounts) > 1 else "")
        label = fmt.underlying_label(underlying, (r.underlying_contract for r in members),
                                     tail, room)
        table.add_row(Text(label, style="bold cyan"))
        for r in members:
            cells: dict[str, str | Text] = {
                "Symbol": " " + r.symbol,
                "Type": SHORT_TYPE.get(r.instrument_type, r.instrument_type),
                "Qty": fmt.qty(r.quantity),
                "Exp": r.expiration.isoformat() if r.expiration else "",
                "DTE": str(r.dte) if r.dte is not None else "",
                "Avg open": fmt.price(r.average_open_price),
                "Mark": fmt.price(r.mark, most=MARK_PLACES),
                "P/L": Text(fmt.signed_money(r.unrealized_pnl),
                            style=fmt.pnl_style(r.unrealized_pnl)),
                "Mult": fmt.num(r.multiplier, 0),
            }
            table.add_row(*(cells[n] for n, _ in shown))
    table.add_section()
    total = result.total_unrealized_pnl
    table.add_row(*(Text("Total", style="bold") if n == "Symbol" else
                    Text(fmt.signed_money(total), style=fmt.pnl_style(total)) if n == "P/L"
                    else "" for n, _ in shown))
    return table

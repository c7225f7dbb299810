"""The `greeks` table, totals and alerts (also the frame `greeks --watch` redraws)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import groupby

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.fit import first_fitting
from tastyking.services.greeks.portfolio import GreeksPosition, GreeksResult
from tastyking.services.greeks.totals import GreeksTotals, UnderlyingTotals

PRIORITY_STYLE = {"HIGH": "bold red", "MEDIUM": "yellow", "LOW": "dim"}
SHORT_TYPE = {"Equity": "stock", "Equity Option": "option", "Future": "future",
              "Future Option": "fut opt"}

Cell = Callable[[GreeksPosition], str]
Sum = Callable[[UnderlyingTotals], str]
Total = Callable[[GreeksTotals], str]
# (header, per-position cell, per-underlying sum or None, portfolio total or None).
# Raw delta and gamma are summed per underlying only (unlike units across them); the
# portfolio's delta is the SPY beta-weighted one.
COLUMNS: tuple[tuple[str, Cell, Sum | None, Total | None], ...] = (
    ("Type", lambda p: SHORT_TYPE.get(p.instrument_type, p.instrument_type), None, None),
    ("Qty", lambda p: fmt.qty(p.quantity), None, None),
    ("Mult", lambda p: fmt.num(p.multiplier, 0), None, None),
    ("Delta", lambda p: fmt.num(p.delta), lambda u: fmt.num(u.delta), None),
    ("Gamma", lambda p: fmt.num(p.gamma, 4), lambda u: fmt.num(u.gamma, 4), None),
    ("Theta $/day", lambda p: fmt.signed_money(p.theta), lambda u: fmt.signed_money(u.theta),
     lambda t: fmt.signed_money(t.theta)),
    ("Vega $", lambda p: fmt.num(p.vega), lambda u: fmt.num(u.vega), lambda t: fmt.num(t.vega)),
    ("Rho $", lambda p: fmt.num(p.rho), lambda u: fmt.num(u.rho), lambda t: fmt.num(t.rho)),
    ("Beta", lambda p: fmt.num(p.beta), None, None),
    ("BW delta", lambda p: fmt.num(p.beta_weighted_delta),
     lambda u: fmt.num(u.beta_weighted_delta), lambda t: fmt.num(t.beta_weighted_delta)),
)
# What stays on narrower terminals (the JSON always has everything).
MEDIUM = ("Qty", "Mult", "Delta", "Theta $/day", "Vega $", "Beta", "BW delta")
NARROW = ("Qty", "Delta", "Theta $/day", "Vega $", "BW delta")


def greeks_table(r: GreeksResult, width: int | None = None) -> Table:
    sets = [[i for i, c in enumerate(COLUMNS) if keep is None or c[0] in keep]
            for keep in (None, MEDIUM, NARROW)]
    idx, table = first_fitting(width, sets, lambda cols: _table(r, cols))
    assert isinstance(table, Table)
    notes = ["Delta and Gamma are summed per underlying only; the portfolio delta is "
             "SPY beta-weighted (BW delta, SPY shares)"]
    if len(idx) < len(COLUMNS):
        notes.append("some columns hidden to fit the terminal (--json has them all)")
    table.caption = "\n".join(notes)
    table.caption_justify = "left"
    return table


def _table(r: GreeksResult, idx: list[int]) -> Table:
    spy = fmt.price(r.spy_price) if r.spy_price is not None else fmt.MISSING
    who = f"account {r.account}" if r.account else "all accounts"
    table = Table(title=f"Greeks · {who} · beta-weighted to SPY {spy}", title_justify="left")
    table.add_column("Symbol", no_wrap=True)
    for i in idx:
        header = COLUMNS[i][0]
        table.add_column(header, justify="left" if header == "Type" else "right", no_wrap=True)
    sums = {(u.account_number, u.underlying): u for u in r.underlyings}
    for (account, underlying), group in groupby(
        r.positions, key=lambda p: (p.account_number, p.underlying)
    ):
        rows = list(group)
        tail = "" if r.account else f" · {account}"
        room = max((len(p.symbol) for p in r.positions), default=0)
        label = fmt.underlying_label(underlying, (p.underlying_contract for p in rows), tail,
                                     room)
        u = sums.get((account, underlying))
        head: list[str | Text] = [Text(label, style="bold cyan")]
        for i in idx:
            per = COLUMNS[i][2]
            head.append(Text(per(u), style="cyan") if per and u else "")
        table.add_row(*head)
        for p in rows:
            cells: list[str | Text] = [p.symbol]
            for i in idx:
                text = COLUMNS[i][1](p)
                cells.append(Text(text, style=fmt.pnl_style(p.theta))
                             if COLUMNS[i][0].startswith("Theta") else text)
            table.add_row(*cells)
    table.add_section()
    totals: list[str | Text] = [Text("Total", style="bold")]
    for i in idx:
        total = COLUMNS[i][3]
        totals.append(Text(total(r.totals), style="bold") if total else "")
    table.add_row(*totals)
    return table


def alerts_text(r: GreeksResult) -> Text:
    if not r.alerts:
        return Text("No alerts.", style="green")
    text = Text()
    for a in r.alerts:
        text.append(f"{a.priority:<6} {a.type:<10} ", style=PRIORITY_STYLE.get(a.priority, ""))
        text.append(a.message + "\n")
    return text


def greeks_renderable(
    r: GreeksResult, width: int | None = None, *, live: bool = False
) -> RenderableType:
    parts: list[RenderableType] = [greeks_table(r, width), alerts_text(r)]
    if r.missing:
        parts.append(Text(f"{fmt.MISSING} no data for: {', '.join(r.missing)}", style="yellow"))
    if live:
        parts.append(Text(f"live · updated {datetime.now():%H:%M:%S} · Ctrl-C to stop",
                          style="dim"))
    return Group(*parts)

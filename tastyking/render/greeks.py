"""The `greeks` table, totals and alerts (also the frame `greeks --watch` redraws)."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.services.greeks import GreeksResult

PRIORITY_STYLE = {"HIGH": "bold red", "MEDIUM": "yellow", "LOW": "dim"}


def greeks_table(r: GreeksResult) -> Table:
    spy = fmt.num(r.spy_price) if r.spy_price is not None else fmt.MISSING
    who = f"account {r.account}" if r.account else "all accounts"
    table = Table(title=f"Greeks · {who} · beta-weighted to SPY {spy}",
                  title_justify="left")
    for name in ("Symbol", "Type", "Qty", "Mult", "Delta", "Gamma", "Theta $/day",
                 "Vega $", "Rho $", "Beta", "BW delta"):
        table.add_column(name, justify="left" if name in ("Symbol", "Type") else "right")
    for (account, underlying), group in groupby(
        r.positions, key=lambda p: (p.account_number, p.underlying)
    ):
        label = underlying if r.account else f"{underlying}  ({account})"
        table.add_row(Text(label, style="bold cyan"))
        for p in group:
            table.add_row(
                "  " + p.symbol, p.instrument_type, fmt.qty(p.quantity),
                fmt.num(p.multiplier, 0), fmt.num(p.delta), fmt.num(p.gamma, 4),
                Text(fmt.signed_money(p.theta), style=fmt.pnl_style(p.theta)),
                fmt.num(p.vega), fmt.num(p.rho), fmt.num(p.beta), fmt.num(p.beta_weighted_delta),
            )
    t = r.totals
    table.add_section()
    table.add_row(Text("Total", style="bold"), "", "", "", fmt.num(t.delta), fmt.num(t.gamma, 4),
                  Text(fmt.signed_money(t.theta), style=fmt.pnl_style(t.theta)),
                  fmt.num(t.vega), fmt.num(t.rho), "", Text(fmt.num(t.beta_weighted_delta),
                                                             style="bold"))
    return table


def alerts_text(r: GreeksResult) -> Text:
    if not r.alerts:
        return Text("No alerts.", style="green")
    text = Text()
    for a in r.alerts:
        text.append(f"{a.priority:<6} {a.type:<10} ", style=PRIORITY_STYLE.get(a.priority, ""))
        text.append(a.message + "\n")
    return text


def greeks_renderable(r: GreeksResult, *, live: bool = False) -> RenderableType:
    parts: list[RenderableType] = [greeks_table(r), alerts_text(r)]
    if r.missing:
        parts.append(Text(f"{fmt.MISSING} no data for: {', '.join(r.missing)}", style="yellow"))
    if live:
        parts.append(Text(f"live · updated {datetime.now():%H:%M:%S} · Ctrl-C to stop",
                          style="dim"))
    return Group(*parts)

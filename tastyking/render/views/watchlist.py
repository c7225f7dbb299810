"""`watchlist`, `expirations` and `search` tables."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.views import NARROW, new_table
from tastyking.services.search import SearchResult
from tastyking.services.views.expirations import ExpirationsResult
from tastyking.services.views.watchlist import WatchlistResult


def _days(n: int | None) -> str:
    return fmt.MISSING if n is None else str(n)


def lists_table(result: WatchlistResult, width: int = 200) -> Table:
    table = new_table("Watchlists", width, "show one: tastyking watchlist NAME")
    for name, justify in (("Name", "left"), ("Kind", "left"), ("Group", "left"),
                          ("Symbols", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for w in result.lists:
        table.add_row(w.name, w.kind, w.group or "", str(w.count))
    return table


def watchlist_table(result: WatchlistResult, width: int = 200) -> Table:
    wide = width >= NARROW
    table = new_table(f"{result.name} ({result.kind})", width,
                      None if wide else "dates hidden at this width (--json has them)")
    cols = [("Symbol", "left"), ("Last", "right"), ("Chg %", "right"), ("IVR", "right"),
            ("IV %ile", "right"), ("Beta", "right"), ("Earn", "right"), ("Ex-div", "right")]
    cols += [("Earnings", "left"), ("Ex-div date", "left")] if wide else []
    for name, justify in cols:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for r in result.rows:
        cells: list[str | Text] = [
            r.symbol, fmt.num(r.last), Text(fmt.pct(r.change_pct, 2),
                                            style=fmt.pnl_style(r.change_pct)),
            fmt.num(r.iv_rank, 1), fmt.num(r.iv_percentile, 1), fmt.num(r.beta, 2),
            _days(r.days_to_earnings), _days(r.days_to_ex_dividend)]
        if wide:
            cells += [r.earnings_date.isoformat() if r.earnings_date else fmt.MISSING,
                      r.ex_dividend_date.isoformat() if r.ex_dividend_date else fmt.MISSING]
        table.add_row(*cells)
    return table


def expirations_table(result: ExpirationsResult, width: int = 200) -> Table:
    wide = width >= NARROW
    table = new_table(f"{result.symbol} expirations", width,
                      None if wide else "tastytrade's own type label hidden (--json)")
    cols = [("Expiration", "left"), ("DTE", "right"), ("Cycle", "left"), ("Settle", "left"),
            ("Root", "left"), ("Underlying", "left"), ("Strikes", "right")]
    cols += [("Type", "left")] if wide else []
    for name, justify in cols:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for e in result.expirations:
        style = {"monthly": "bold", "quarterly": "bold cyan", "end-of-month": "cyan"}.get(
            e.cycle, "")
        table.add_row(e.expiration.isoformat(), str(e.dte), Text(e.cycle, style=style),
                      e.settlement or fmt.MISSING, e.root, e.underlying, str(e.strikes),
                      *([e.expiration_type or fmt.MISSING] if wide else []))
    return table


def search_table(result: SearchResult, width: int = 200) -> Table:
    table = new_table(f"Symbols matching {result.query}", width,
                      None if result.matches else "no matches")
    table.add_column("Symbol", no_wrap=True)
    table.add_column("Description")
    for m in result.matches:
        table.add_row(m["symbol"] or "", m["description"] or "")
    return table

"""`account --framework` for people: the same document as --json, as two small tables.

Unknown values show as "—"; values typed by hand carry a trailing "*". Money is in
pounds (the framework's unit) with the account currency beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.searched import MANUAL_MARK, provenance_notes


def _mark(doc: dict[str, Any], key: str, text: str) -> Text:
    if doc.get(key) is None:
        return Text(fmt.MISSING, style="dim")
    if doc["metadata"]["sources"].get(key) == "manual":
        return Text(text + MANUAL_MARK, style="yellow")
    return Text(text)


def _gbp(value: Any) -> str:
    return "£" + fmt.money(value) if value is not None else fmt.MISSING


def status_view(doc: dict[str, Any]) -> Group:
    meta = doc["metadata"]
    native = meta.get("accountCurrencyValues") or {}
    cur = meta.get("accountCurrency") or ""
    phase = meta.get("phase") or {}
    rate = meta.get("gbpRate") or {}
    head = Text.assemble(("Framework account status ", "bold"), meta.get("account") or "",
                         "  ", (f"{doc['dayOfWeek']} {doc['dateStr']} {doc['timeStr']} "
                                "New York", "dim"))
    table = Table(show_edge=False, pad_edge=False, show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    table.add_column("", style="dim")

    def usd(key: str) -> str:
        value = native.get(key)
        return f"{fmt.money(value)} {cur}" if value is not None and cur != "GBP" else ""

    for label, key in (("Net liq", "netLiq"), ("Buying power", "buyingPower"),
                       ("Cash balance", "cashBalance"), ("Month P/L", "monthPL")):
        table.add_row(label, _mark(doc, key, _gbp(doc.get(key))), usd(key))
    bp = doc.get("bpUsedPercent")
    table.add_row("BP used", _mark(doc, "bpUsedPercent", fmt.pct(bp, 2)), "")
    vix = doc.get("vixLevel")
    table.add_row("VIX", _mark(doc, "vixLevel", fmt.num(vix)), "")
    for label, key in (("Can trade", "canTrade"), ("Portfolio margin", "portfolioMargin")):
        value = doc.get(key)
        table.add_row(label, _mark(doc, key, "yes" if value else "no"), "")
    number = phase.get("number")
    table.add_row("Phase", Text(str(number) if number else fmt.MISSING),
                  phase.get("reason") or "")
    parts: list[Any] = [head, table]
    if rate:
        parts.append(Text(f"GBP rate: {rate.get('detail')}", style="dim"))
    parts.append(_positions(doc))
    holdings = meta.get("holdings") or []
    if holdings:
        parts.append(Text("not strategy groups (left out): " + ", ".join(holdings),
                          style="dim"))
    parts += provenance_notes(meta)
    return Group(*parts)


def _positions(doc: dict[str, Any]) -> Table:
    table = Table(title="Strategy groups (the framework's positions)", title_justify="left",
                  show_edge=False, pad_edge=False)
    for name in ("Ticker", "Strategy", "DTE", "Entry", "P/L %", "BP %", "Week"):
        table.add_column(name, justify="left" if name in ("Ticker", "Strategy") else "right")
    for p in doc.get("positions") or []:
        table.add_row(
            p["ticker"], p["strategy"], _num(p.get("dte")), _num(p.get("entry")),
            Text(f"{p['pl']:+d}" if p.get("pl") is not None else fmt.MISSING,
                 style=fmt.pnl_style(p.get("pl"))),
            _num(p.get("bpUsed")), _num(p.get("entryWeek")))
    if not doc.get("positions"):
        table.add_row("none", "", "", "", "", "", "")
    return table


def _num(value: Any) -> str:
    if value is None:
        return fmt.MISSING
    if isinstance(value, Decimal | float):
        return f"{Decimal(str(value)):,.2f}".rstrip("0").rstrip(".")
    return str(value)

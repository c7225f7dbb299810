"""The review of a prepared order, for people (the JSON comes from the same model)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tastyking.models.prepared import PnL, PreparedOrder
from tastyking.render import fmt

VERDICT = {
    "accepted": ("broker dry-run: accepted", "bold green"),
    "rejected": ("broker dry-run: REJECTED", "bold red"),
    "not_run": ("broker dry-run: NOT RUN: the broker has NOT validated this order", "bold yellow"),
}


def review_view(doc: PreparedOrder) -> Group:
    r = doc.review
    head = Text()
    head.append("PREPARED — NOT SUBMITTED", style="bold reverse")
    exp = doc.expiration.isoformat() if doc.expiration else "several expirations"
    head.append(f"  {doc.strategy} {doc.underlying} {exp}  account {doc.account or fmt.MISSING}")
    verdict, style = VERDICT[doc.dry_run]
    parts: list[Text | Table] = [head, Text(verdict, style=style), legs_table(doc),
                                 summary_table(doc)]
    for title, items, style in (
        ("Broker errors", [_notice(e.code, e.message) for e in r.errors], "red"),
        ("Broker warnings", [_notice(w.code, w.message) for w in r.warnings], "yellow"),
        ("Notes", r.notes, "dim"),
        ("Missing", r.missing, "dim"),
    ):
        if items:
            parts.append(Text(f"{title}:", style=f"bold {style}"))
            parts += [Text(f"  • {item}", style=style) for item in items]
    return Group(*parts)


def _notice(code: str | None, message: str) -> str:
    return f"{message} ({code})" if code else message


def legs_table(doc: PreparedOrder) -> Table:
    table = Table(title="Legs", title_justify="left")
    for name, justify in (("Action", "left"), ("Qty", "right"), ("Symbol", "left"),
                          ("Type", "left"), ("Strike", "right"), ("Expiration", "left"),
                          ("Delta", "right"), ("Bid", "right"), ("Ask", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for leg in doc.review.legs:
        table.add_row(
            Text(leg.action, style="red" if leg.is_sell else "green"),
            str(leg.quantity),
            leg.symbol,
            "put" if leg.option_type == "P" else "call",
            fmt.num(leg.strike, _places(leg.strike)),
            leg.expiration.isoformat(),
            fmt.num(leg.delta, 3),
            fmt.num(leg.bid),
            fmt.num(leg.ask),
        )
    return table


def _places(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]


def _pnl(value: PnL) -> str:
    if value is None:
        return fmt.MISSING
    return "unlimited" if value == "unlimited" else fmt.money(value)


def summary_table(doc: PreparedOrder) -> Table:
    r, o = doc.review, doc.order
    table = Table(title="Review", title_justify="left", show_header=False)
    table.add_column("Field")
    table.add_column("Value", justify="right")
    price = (f"{fmt.num(r.net_price)} {r.price_effect.lower()}"
             if r.net_price is not None and r.price_effect else "no limit price")
    kind = f"{o['order-type']} · {o['time-in-force']}"
    if "gtc-date" in o:
        kind += f" until {o['gtc-date']}"
    if "stop-trigger" in o:
        kind += f" · stop {o['stop-trigger']}"
    mid = (f"{fmt.num(abs(r.net_mid))} {'credit' if r.net_mid > 0 else 'debit'}"
           if r.net_mid is not None else fmt.MISSING)
    bp = r.buying_power_effect
    bp_text = fmt.signed_money(bp.change if bp else None)
    if bp and bp.margin_requirement is not None:
        bp_text += f" (requirement {fmt.money(bp.margin_requirement)})"
    used = f"{fmt.pct(r.bp_used_pct_before)} → {fmt.pct(r.bp_used_pct_after)}"
    if r.net_liquidating_value is not None:
        used += f" of net liq {fmt.money(r.net_liquidating_value)}"
    rows = [
        ("Quantity", f"{r.quantity} × multiplier {fmt.num(r.multiplier, 0)}"),
        ("Net price (per structure)", price),
        ("Net mid (quotes)", mid),
        ("Order", kind),
        ("Buying-power change", bp_text),
        ("BP used, before → after", used),
        ("Fees", fmt.money(r.fees.total if r.fees else None)),
        ("Max profit", _pnl(r.max_profit)),
        ("Max loss", _pnl(r.max_loss)),
        ("Breakevens", ", ".join(fmt.num(b) for b in r.breakevens)
         if r.breakevens else fmt.MISSING),
    ]
    if r.pnl_basis and r.pnl_basis != "limit price":
        rows.append(("P/L priced at", r.pnl_basis))
    for label, value in rows:
        table.add_row(label, value)
    return table

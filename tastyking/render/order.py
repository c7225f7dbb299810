"""The review of a prepared order, for people (the JSON comes from the same model)."""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from tastyking.models.prepared import ACTIONS, PnL, PreparedOrder
from tastyking.render import fmt
from tastyking.render.fit import first_fitting
from tastyking.services.orders.bp import cents, shown_used

VERDICT = {
    "accepted": ("broker dry-run: accepted", "bold green"),
    "accepted_with_warnings": ("broker dry-run: ACCEPTED WITH WARNINGS: it would be rejected "
                               "if submitted as it is", "bold yellow"),
    "rejected": ("broker dry-run: REJECTED", "bold red"),
    "not_run": ("broker dry-run: NOT RUN: the broker has NOT validated this order", "bold yellow"),
}


def review_view(doc: PreparedOrder, width: int | None = None) -> Group:
    r = doc.review
    head = Text()
    head.append("PREPARED — NOT SUBMITTED", style="bold reverse")
    exp = doc.expiration.isoformat() if doc.expiration else "several expirations"
    head.append(f"  {doc.strategy} {doc.underlying} {exp}  account {doc.account or fmt.MISSING}")
    verdict, style = VERDICT[doc.dry_run]
    parts: list[Text | Table] = [head, Text(verdict, style=style), legs_table(doc, width),
                                 summary_table(doc)]
    for title, items, style in (
        ("Broker errors", [_notice(e.code, e.message) for e in r.errors], "red"),
        ("Broker warnings", [_notice(w.code, w.message)
                             + (" (informational)" if w.informational else "")
                             for w in r.warnings], "yellow"),
        ("Notes", r.notes, "dim"),
        ("Missing", r.missing, "dim"),
    ):
        if items:
            parts.append(Text(f"{title}:", style=f"bold {style}"))
            bullets = Table.grid(padding=(0, 1))  # wrapped lines hang under the text
            bullets.add_column(width=2, justify="right")
            bullets.add_column()
            for item in items:
                bullets.add_row("•", Text(item, style="bold yellow"
                                          if item.startswith("WARNING") else style))
            parts.append(bullets)
    return Group(*parts)


def _notice(code: str | None, message: str) -> str:
    return f"{message.strip()} ({code})" if code else message.strip()


SHORT_ACTION = {name: short for short, name in ACTIONS.items()}


@dataclass(frozen=True)
class _Layout:
    short_actions: bool = False  # STO instead of "Sell to Open"
    type_column: bool = True  # put/call (the symbol says it too)
    boxed: bool = True


# Widest first; the OCC symbol, strike, expiration and quotes are never dropped or cut.
LAYOUTS = (_Layout(), _Layout(short_actions=True), _Layout(True, type_column=False),
           _Layout(True, False, boxed=False))


def legs_table(doc: PreparedOrder, width: int | None = None) -> Table:
    layout, table = first_fitting(width, LAYOUTS, lambda lay: _legs(doc, lay))
    assert isinstance(table, Table)
    if layout.short_actions:
        used = dict.fromkeys(SHORT_ACTION.get(leg.action, leg.action) for leg in doc.review.legs)
        table.caption = "  ".join(f"{a} = {ACTIONS[a].lower()}" for a in used if a in ACTIONS)
        table.caption_justify = "left"
    return table


def _legs(doc: PreparedOrder, layout: _Layout) -> Table:
    table = Table(title="Legs", title_justify="left",
                  box=box.HEAVY_HEAD if layout.boxed else None, pad_edge=layout.boxed)
    columns = [("Action", "left"), ("Qty", "right"), ("Symbol", "left"), ("Type", "left"),
               ("Strike", "right"), ("Expiration", "left"), ("Delta", "right"),
               ("Bid", "right"), ("Ask", "right")]
    if not layout.type_column:
        columns.remove(("Type", "left"))
    for name, justify in columns:
        # The narrowest layout folds a value that still does not fit rather than cut it.
        table.add_column(name, justify=justify, no_wrap=layout.boxed,  # type: ignore[arg-type]
                         overflow="fold")
    for leg in doc.review.legs:
        action = SHORT_ACTION.get(leg.action, leg.action) if layout.short_actions else leg.action
        cells: dict[str, str | Text] = {
            "Action": Text(action, style="red" if leg.is_sell else "green"),
            "Qty": str(leg.quantity),
            "Symbol": leg.symbol,
            "Type": "put" if leg.option_type == "P" else "call",
            "Strike": fmt.plain(leg.strike),
            "Expiration": leg.expiration.isoformat(),
            "Delta": fmt.num(leg.delta, 3),
            "Bid": fmt.price(leg.bid),
            "Ask": fmt.price(leg.ask),
        }
        table.add_row(*(cells[name] for name, _ in columns))
    return table


def _pnl(value: PnL) -> str:
    if value is None:
        return fmt.MISSING
    return "unlimited" if value == "unlimited" else fmt.money(value)


def summary_table(doc: PreparedOrder) -> Table:
    r, o = doc.review, doc.order
    table = Table(title="Review", title_justify="left", show_header=False)
    table.add_column("Field")
    table.add_column("Value", justify="right")
    price = (f"{fmt.price(r.net_price)} {r.price_effect.lower()}"
             if r.net_price is not None and r.price_effect else "no limit price")
    kind = f"{o['order-type']} · {o['time-in-force']}"
    if "gtc-date" in o:
        kind += f" until {o['gtc-date']}"
    if "stop-trigger" in o:
        kind += f" · stop {o['stop-trigger']}"
    mid = (f"{fmt.num(abs(r.net_mid))} {'credit' if r.net_mid > 0 else 'debit'}"
           if r.net_mid is not None else fmt.MISSING)
    bp = r.buying_power_effect
    # rounded as the explanation rounds its parts, so the row and its parts add up
    shown = None
    if bp and bp.explained:
        shown = shown_used(bp.explained.parts, bp.explained.used)
    if shown is None and bp and bp.change is not None:
        shown = -cents(bp.change)
    bp_text = fmt.signed_money(None if shown is None else 0 - shown)
    if bp and bp.explained is None and bp.margin_requirement is not None:
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
        *([("  made up of", bp.explained.text)] if bp and bp.explained else []),
        ("BP used, before → after", used),
        ("Fees", fmt.money(r.fees.total if r.fees else None)),
        ("Max profit", _pnl(r.max_profit)),
        ("Max loss", _pnl(r.max_loss)),
        ("Breakevens", ", ".join(fmt.price(b) for b in r.breakevens)
         if r.breakevens else fmt.MISSING),
    ]
    if r.pnl_basis and r.pnl_basis != "limit price":
        rows.append(("P/L priced at", r.pnl_basis))
    for label, value in rows:
        table.add_row(label, value)
    return table

"""`orders` and `transactions` tables."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.views import NARROW, new_table
from tastyking.services.views.activity import OrdersResult, TransactionsResult

ACTIONS = {"Sell to Open": "STO", "Buy to Open": "BTO", "Buy to Close": "BTC",
           "Sell to Close": "STC", "Sell": "SELL", "Buy": "BUY", "Deposit": "DEP",
           "Withdrawal": "WDL", "Dividend": "DIV", "Assignment": "ASGN", "Exercise": "EXER",
           "Expiration": "EXP", "Credit Interest": "INT", "Balance Adjustment": "ADJ"}


def short(action: str) -> str:
    """A narrow table's action: tastytrade's usual abbreviation, else its first word."""
    return ACTIONS.get(action, action.split()[0] if action else action)
EFFECT = {"Credit": "cr", "Debit": "db"}


def _when(v: object) -> str:
    return v.strftime("%Y-%m-%d %H:%M") if hasattr(v, "strftime") else fmt.MISSING


def orders_table(result: OrdersResult, width: int = 200) -> Table:
    wide = width >= NARROW + 20
    title = "Order history" if result.history else "Live orders (today's)"
    caption = None if wide else "account, underlying and times hidden at this width (--json)"
    table = new_table(title, width, caption)
    cols = ([("Account", "left")] if wide else []) + [("ID", "right"), ("Status", "left")]
    cols += ([("Underlying", "left")] if wide else []) + [
        ("Legs", "left"), ("Price", "right"), ("TIF", "left"), ("Filled", "right")]
    cols += [("Received", "left")] if wide else []
    for name, justify in cols:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for o in result.orders:
        legs = "\n".join(f"{short(lg.action)} {fmt.num(lg.quantity, 0)} "
                         f"{lg.symbol}" for lg in o.legs)
        price = f"{fmt.num(o.price)} {EFFECT.get(o.price_effect or '', '')}".rstrip()
        style = {"Live": "green", "Filled": "cyan", "Cancelled": "dim",
                 "Rejected": "red"}.get(o.status, "")
        tif = o.time_in_force or fmt.MISSING
        if o.gtc_date:
            tif += f" {o.gtc_date.isoformat()}"
        cells: list[str | Text] = [str(o.id), Text(o.status, style=style)]
        if wide:
            cells = [o.account_number, *cells, o.underlying or fmt.MISSING]
        cells += [legs, price, tif, fmt.pct(o.filled_pct, 0)]
        if wide:
            cells.append(_when(o.received_at))
        table.add_row(*cells)
    if not result.orders:
        table.caption = "no orders" + (" in this period" if result.history else " working today")
    return table


def transactions_table(result: TransactionsResult, width: int = 200) -> Table:
    wide = width >= NARROW + 30
    title = "Transactions"
    if result.start or result.end:
        title += f" {result.start or '…'} to {result.end or '…'}"
    table = new_table(title, width, None if wide else
                      "account, price and description hidden at this width (--json)")
    cols = ([("Account", "left")] if wide else []) + [
        ("Date", "left"), ("Action" if wide else "Act", "left"), ("Symbol", "left"),
        ("Qty", "right")]
    cols += ([("Price", "right")] if wide else []) + [
        ("Gross", "right"), ("Fees", "right"), ("Net", "right")]
    cols += [("Description", "left")] if wide else []
    for name, justify in cols:
        table.add_column(name, justify=justify, no_wrap=name != "Description")  # type: ignore[arg-type]
    for t in result.transactions:
        action = t.action or t.sub_type or t.type
        cells: list[str | Text] = [
            t.date.isoformat() if t.date else fmt.MISSING,
            short(action) if not wide else action,
            t.symbol or "", fmt.num(t.quantity, 0) if t.quantity is not None else ""]
        if wide:
            cells = [t.account_number, *cells, fmt.num(t.price, 4) if t.price else ""]
        cells += [Text(fmt.signed_money(t.gross), style=fmt.pnl_style(t.gross)),
                  fmt.money(t.fees),
                  Text(fmt.signed_money(t.net), style=fmt.pnl_style(t.net))]
        if wide:
            cells.append(t.description or "")
        table.add_row(*cells)
    table.add_section()
    for tot in result.totals:
        label = f"{tot.account_number} ({tot.count} rows)"
        cells = ["Total", "", label, ""] if not wide else [tot.account_number, "Total", "",
                                                           f"{tot.count} rows", "", ""]
        table.add_row(*cells, Text(fmt.signed_money(tot.gross), style="bold"),
                      Text(fmt.money(tot.fees), style="bold"),
                      Text(fmt.signed_money(tot.net), style="bold"),
                      *([""] if wide else []))
    fees = f"total fees {fmt.money(result.total_fees)}"
    table.caption = f"{table.caption}; {fees}" if table.caption else fees
    return table

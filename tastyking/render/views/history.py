"""`account --history`: net liq per account over the period, with a sparkline."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.services.views.history import HistoryResult

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[Decimal | None], width: int = 40) -> str:
    """One character per bucket of points (the bucket's last value); unknowns as spaces."""
    if not values:
        return ""
    n = min(width, len(values))
    picked = [values[min(len(values) - 1, (i + 1) * len(values) // n - 1)] for i in range(n)]
    known = [v for v in picked if v is not None]
    if not known:
        return " " * n
    lo, hi = min(known), max(known)
    span = hi - lo
    out = []
    for v in picked:
        if v is None:
            out.append(" ")
        elif span == 0:
            out.append(BARS[len(BARS) // 2])
        else:
            out.append(BARS[int((v - lo) / span * (len(BARS) - 1))])
    return "".join(out)


def history_table(result: HistoryResult, width: int = 200) -> Table:
    """Low and High go first when the terminal is narrow; the sparkline takes what is left."""
    wide = width >= 110
    cols = [("Account", "left"), ("Start", "right"), ("End", "right"), ("Change", "right"),
            ("%", "right")] + ([("Low", "right"), ("High", "right")] if wide else [])
    caption = None if wide else "Low and High hidden at this width (--json has every point)"
    table = Table(title=f"Net liq, {result.period}", title_justify="left", caption=caption)
    for name, justify in cols + [("Trend", "left")]:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    spark = max(8, min(40, width - (95 if wide else 66)))
    for a in result.accounts:
        cells: list[str | Text] = [
            a.account_number, fmt.money(a.start), fmt.money(a.end),
            Text(fmt.signed_money(a.change), style=fmt.pnl_style(a.change)),
            fmt.pct(a.change_pct, 2)]
        if wide:
            cells += [fmt.money(a.low), fmt.money(a.high)]
        cells.append(Text(sparkline([p.net_liq for p in a.points], spark), style="cyan"))
        table.add_row(*cells)
    return table

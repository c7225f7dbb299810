"""`margin`: requirement per underlying and per position, as % of net liq."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.views import NARROW, new_table
from tastyking.services.views.margin import MarginResult


def margin_table(result: MarginResult, width: int = 200) -> Table:
    wide = width >= NARROW + 20
    table = new_table(f"Margin (positions over {fmt.pct(result.cap_pct)} of net liq flagged)",
                      width, None if wide else "position symbols hidden at this width (--json)")
    cols = [("Account", "left"), ("Underlying", "left"), ("Position", "left"),
            ("Requirement", "right"), ("% net liq", "right")]
    cols += [("Symbols", "left")] if wide else []
    for name, justify in cols:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for a in result.accounts:
        for u in a.underlyings:
            table.add_row(a.account_number, Text(u.underlying, style="bold cyan"), "",
                          Text(fmt.money(u.requirement), style="bold"),
                          Text(fmt.pct(u.pct_of_net_liq, 2), style="bold"),
                          *([""] if wide else []))
            for p in u.positions:
                flag = p.over_cap is True
                style = "bold red" if flag else ""
                label = (p.structure or "?") + (" OVER CAP" if flag else "")
                table.add_row("", "", Text(label, style=style), fmt.money(p.requirement),
                              Text(fmt.pct(p.pct_of_net_liq, 2), style=style),
                              *(["\n".join(p.symbols)] if wide else []))
        table.add_section()
        table.add_row(a.account_number, Text("Total", style="bold"),
                      f"net liq {fmt.money(a.net_liq)}", Text(fmt.money(a.requirement),
                                                              style="bold"),
                      Text(fmt.pct(a.pct_of_net_liq, 2), style="bold"), *([""] if wide else []))
        table.add_section()
    return table

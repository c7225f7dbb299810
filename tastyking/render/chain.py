"""The `chain` table: calls on the left, strike in the middle, puts on the right."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.services.chain_view import ChainRow, ChainView, OptionQuote

# (header, attribute, decimals); the call side reads right to left towards the strike.
SIDE = (
    ("Bid", "bid", 2), ("Ask", "ask", 2), ("Mid", "mid", 2), ("IV", "iv", None),
    ("Delta", "delta", 3), ("Gamma", "gamma", 4), ("Theta", "theta", 3),
    ("Vega", "vega", 3), ("OI", "open_interest", 0),
)
ATM_STYLE = "bold on grey23"
MARK_STYLE = "bold magenta"


def _title(v: ChainView) -> str:
    price = fmt.num(v.underlying_price) if v.underlying_price is not None else fmt.MISSING
    return (f"{v.symbol}  {v.underlying_symbol} {price}  ·  {v.expiration.isoformat()} "
            f"({v.dte} DTE)  ·  root {v.root}  ·  ×{fmt.num(v.multiplier, 0)}")


def _cell(q: OptionQuote | None, attr: str, places: int | None) -> str:
    if q is None:
        return ""  # the chain lists no contract on this side: nothing to show
    value = getattr(q, attr)
    if value is None:
        return fmt.MISSING
    if places is None:  # IV as a percentage
        return fmt.pct(value * 100)
    if attr == "open_interest":
        return f"{value:,}"
    return fmt.num(value, places)


def _side(q: OptionQuote | None, marked: bool) -> list[Text]:
    style = MARK_STYLE if marked else ""
    return [Text(_cell(q, attr, places), style=style) for _, attr, places in SIDE]


def chain_table(v: ChainView) -> Table:
    table = Table(title=_title(v), title_justify="left", caption=_caption(v),
                  caption_justify="left", pad_edge=False)
    for header, _, _ in reversed(SIDE):
        table.add_column(f"C {header}", justify="right")
    table.add_column("Strike", justify="center", style="bold")
    for header, _, _ in SIDE:
        table.add_column(f"P {header}", justify="right")
    for row in v.rows:
        call = _side(row.call, row.strike == v.marked.call)
        put = _side(row.put, row.strike == v.marked.put)
        table.add_row(*reversed(call), _strike(row), *put,
                      style=ATM_STYLE if row.atm else None)
    return table


def _strike(row: ChainRow) -> Text:
    text = fmt.num(row.strike, _places(row.strike))
    return Text(f"{text} ATM" if row.atm else text)


def _places(strike: Decimal) -> int:
    exp = strike.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 2


def _caption(v: ChainView) -> str | None:
    parts = []
    if v.delta_target is not None:
        call = fmt.num(v.marked.call, _places(v.marked.call)) if v.marked.call else fmt.MISSING
        put = fmt.num(v.marked.put, _places(v.marked.put)) if v.marked.put else fmt.MISSING
        parts.append(f"magenta: nearest {v.delta_target} delta (call {call}, put {put})")
    if v.missing:
        parts.append(f"{fmt.MISSING} no data for {len(v.missing)} symbol(s)")
    return "  ·  ".join(parts) or None

"""The `chain` table: calls on the left, strike in the middle, puts on the right."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.services.chains.view import ChainRow, ChainView, OptionQuote

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


# Narrower column sets for narrower terminals (the JSON always has every field).
MEDIUM = ("bid", "ask", "iv", "delta", "theta", "open_interest")
NARROW = ("bid", "ask", "iv", "delta")


def _side(q: OptionQuote | None, marked: bool, cols: tuple[tuple[str, str, int | None], ...]
          ) -> list[Text]:
    style = MARK_STYLE if marked else ""
    return [Text(_cell(q, attr, places), style=style) for _, attr, places in cols]


def _columns(v: ChainView, width: int | None) -> tuple[tuple[str, str, int | None], ...]:
    """The widest column set that fits `width` (all of them when width is None)."""
    if width is None:
        return SIDE
    for keep in (None, MEDIUM, NARROW):
        cols = tuple(c for c in SIDE if keep is None or c[1] in keep)
        if _width(v, cols) <= width:
            return cols
    return cols


def _width(v: ChainView, cols: tuple[tuple[str, str, int | None], ...]) -> int:
    total = 1 + 3 + max((len(_strike(r).plain) for r in v.rows), default=6)
    for header, attr, places in cols:
        cells = [len(_cell(q, attr, places)) for r in v.rows for q in (r.call, r.put)]
        total += 2 * (3 + max(len(header) + 2, *cells, 1))
    return total


def chain_table(v: ChainView, width: int | None = None) -> Table:
    cols = _columns(v, width)
    table = Table(title=_title(v), title_justify="left", caption=_caption(v, cols),
                  caption_justify="left", pad_edge=False)
    for header, _, _ in reversed(cols):
        table.add_column(f"C {header}", justify="right", no_wrap=True)
    table.add_column("Strike", justify="center", style="bold", no_wrap=True)
    for header, _, _ in cols:
        table.add_column(f"P {header}", justify="right", no_wrap=True)
    for row in v.rows:
        call = _side(row.call, row.strike == v.marked.call, cols)
        put = _side(row.put, row.strike == v.marked.put, cols)
        table.add_row(*reversed(call), _strike(row), *put,
                      style=ATM_STYLE if row.atm else None)
    return table


def _strike(row: ChainRow) -> Text:
    text = fmt.num(row.strike, _places(row.strike))
    return Text(f"{text} ATM" if row.atm else text)


def _places(strike: Decimal) -> int:
    exp = strike.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 2


def _caption(v: ChainView, cols: tuple[tuple[str, str, int | None], ...]) -> str | None:
    parts = []
    if len(cols) < len(SIDE):
        parts.append("some columns hidden to fit the terminal (--json has them all)")
    if v.delta_target is not None:
        call = fmt.num(v.marked.call, _places(v.marked.call)) if v.marked.call else fmt.MISSING
        put = fmt.num(v.marked.put, _places(v.marked.put)) if v.marked.put else fmt.MISSING
        parts.append(f"magenta: nearest {v.delta_target} delta (call {call}, put {put})")
    if v.missing:
        parts.append(f"{fmt.MISSING} no data for {len(v.missing)} symbol(s)")
    return "  ·  ".join(parts) or None

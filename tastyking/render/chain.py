"""The `chain` table: calls on the left, strike in the middle, puts on the right.

Both sides read bid then ask, left to right; everything else mirrors around the strike.
The --delta rows are marked in the strike cell with text (colour is only a help).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tastyking.render import fmt
from tastyking.render.fit import first_fitting
from tastyking.services.chains.view import ChainRow, ChainView, OptionQuote

Col = tuple[str, str, int | None]  # (header, attribute, decimals)
SIDE: tuple[Col, ...] = (
    ("Bid", "bid", 2), ("Ask", "ask", 2), ("Mid", "mid", 2), ("IV", "iv", None),
    ("Delta", "delta", 3), ("Gamma", "gamma", 4), ("Theta", "theta", 3),
    ("Vega", "vega", 3), ("OI", "open_interest", 0),
)
ATM_STYLE = "bold on grey23"
MARK_STYLE = "bold magenta"
# Narrower column sets for narrower terminals (the JSON always has every field): the
# Greeks go before the quotes, and Mid stays.
KEEP = (
    None,
    ("bid", "ask", "mid", "iv", "delta", "theta", "open_interest"),
    ("bid", "ask", "mid", "iv", "delta", "theta"),
    ("bid", "ask", "mid", "iv", "delta"),
    ("bid", "ask", "mid", "delta"),
    ("bid", "ask", "mid"),
)


def _title(v: ChainView) -> str:
    price = fmt.price(v.underlying_price) if v.underlying_price is not None else fmt.MISSING
    name = (v.underlying_symbol if v.underlying_symbol == v.symbol
            else f"{v.symbol}  {v.underlying_symbol}")
    return (f"{name} {price}  ·  {v.expiration.isoformat()} "
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
    if attr in ("bid", "ask"):
        return fmt.price(value, places)
    return fmt.num(value, places)


def _side(q: OptionQuote | None, marked: bool, cols: tuple[Col, ...]) -> list[Text]:
    style = MARK_STYLE if marked else ""
    return [Text(_cell(q, attr, places), style=style) for _, attr, places in cols]


def call_order(cols: tuple[Col, ...]) -> tuple[Col, ...]:
    """The call side mirrors the put side around the strike, but keeps bid before ask."""
    out = list(reversed(cols))
    names = [c[1] for c in out]
    if "bid" in names and "ask" in names:
        i, j = names.index("ask"), names.index("bid")
        out[i], out[j] = out[j], out[i]
    return tuple(out)


def chain_table(v: ChainView, width: int | None = None) -> Table:
    """The widest column set whose table fits `width` (all of them when width is None)."""
    sets = [tuple(c for c in SIDE if keep is None or c[1] in keep) for keep in KEEP]
    _, table = first_fitting(width, sets, lambda cols: _table(v, cols))
    assert isinstance(table, Table)
    return table


def _table(v: ChainView, cols: tuple[Col, ...]) -> Table:
    calls = call_order(cols)
    table = Table(title=_title(v), title_justify="left", caption=_caption(v, cols),
                  caption_justify="left", pad_edge=False)
    for header, _, _ in calls:
        table.add_column(f"C {header}", justify="right", no_wrap=True)
    table.add_column("Strike", justify="center", style="bold", no_wrap=True)
    for header, _, _ in cols:
        table.add_column(f"P {header}", justify="right", no_wrap=True)
    for row in v.rows:
        skipped = v.gaps.get(row.strike)
        if skipped:
            gap = Text(f"⋮ {skipped} ⋮", style="dim")
            table.add_row(*([""] * len(calls)), gap, *([""] * len(cols)))
        call = _side(row.call, row.strike == v.marked.call, calls)
        put = _side(row.put, row.strike == v.marked.put, cols)
        table.add_row(*call, Text(_strike(v, row)), *put,
                      style=ATM_STYLE if row.atm else None)
    return table


def _strike(v: ChainView, row: ChainRow) -> str:
    text = fmt.plain(row.strike)
    if row.atm:
        text += " ATM"
    marks = "".join(m for m, k in (("C", v.marked.call), ("P", v.marked.put))
                    if v.delta_target is not None and k == row.strike)
    if marks:
        text = f"{text} Δ{marks}" if not marks == "CP" else f"{text} Δ"
    return text


def _caption(v: ChainView, cols: tuple[Col, ...]) -> str | None:
    parts = []
    if len(cols) < len(SIDE):
        parts.append("some columns hidden to fit the terminal (--json has them all)")
    if v.delta_target is not None:
        call = fmt.plain(v.marked.call) if v.marked.call else fmt.MISSING
        put = fmt.plain(v.marked.put) if v.marked.put else fmt.MISSING
        parts.append(f"ΔC / ΔP: the call / put nearest {v.delta_target} delta "
                     f"(call {call}, put {put})")
    if v.gaps:
        parts.append("⋮ n ⋮: n listed strikes not shown")
    if v.missing:
        parts.append(f"{fmt.MISSING} no data for {len(v.missing)} symbol(s)")
    return "  ·  ".join(parts) or None


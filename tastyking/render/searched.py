"""searched-data for people: the same document as --json, as a few Rich tables.

Missing values show as "—"; values entered by hand are marked with a trailing "*".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tastyking.render.fmt import MISSING

MANUAL_MARK = "*"


def _cell(doc: dict[str, Any], path: str, places: int | None = 2, suffix: str = "") -> Text:
    section, *rest = path.split(".")
    value: Any = doc.get(section)
    for name in rest:
        value = value.get(name) if isinstance(value, dict) else None
    source = doc["metadata"]["sources"].get(path)
    if value is None:
        return Text(MISSING, style="dim")
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        text = f"{Decimal(str(value)):,.{places}f}" if places is not None else f"{value:,}"
    else:
        text = str(value)
    text += suffix
    if source == "manual":
        return Text(text + MANUAL_MARK, style="yellow")
    return Text(text)


def _change_style(doc: dict[str, Any], path: str) -> str:
    section, name = path.split(".")
    value = (doc.get(section) or {}).get(name)
    if value is None:
        return "dim"
    return "green" if value > 0 else "red" if value < 0 else ""


def searched_view(doc: dict[str, Any]) -> Group:
    t = doc["TIME"]
    head = Text.assemble(
        ("Searched data ", "bold"), doc["timestamp"], "  ", (doc["source"], "dim"), "\n",
        f"New York {t['currentEST']} ({t['date']})  London {t['currentUK']}  market ",
        (str(t.get("marketStatus") or MISSING), "bold"),
    )
    if str(doc["metadata"].get("marketStatusSource", "")).startswith("local"):
        head.append(" (local rule: the sessions API was not available)", style="yellow")
    if t.get("earlyClose"):
        head.append(f"  early close {t.get('sessionClose') or ''}", style="yellow")
    parts: list[Any] = [head, _quoted(doc), _levels(doc)]
    strikes = (doc.get("ES") or {}).get("strikes")
    if strikes:
        parts.append(_strikes(doc, strikes))
    wings = _wings(doc)
    if wings is not None:
        parts.append(wings)
    meta = doc["metadata"]
    subs = meta.get("substitutions") or {}
    for note in subs.values():
        parts.append(Text(f"note: {note}", style="dim"))
    parts += provenance_notes(meta)
    return Group(*parts)


def provenance_notes(meta: dict[str, Any]) -> list[Text]:
    """The footer both framework documents share: how many values are missing, and the
    mark that flags values entered by hand."""
    notes = []
    missing = meta.get("missing") or {}
    if missing:
        notes.append(Text(f"{len(missing)} values missing (see --json metadata.missing)",
                          style="yellow"))
    if any(s == "manual" for s in meta["sources"].values()):
        notes.append(Text(f"{MANUAL_MARK} entered by hand", style="yellow"))
    return notes


_QUOTED_ROWS = [
    ("Price", "currentPrice"), ("Open", "openPrice"), ("Prev close", "previousClose"),
    ("Change (vs open)", "dayChange"), ("Change % (vs open)", "dayChangePercent"),
    ("Change vs prev close", "dayChangeFromClose"),
    ("Change % vs prev close", "dayChangePercentFromClose"), ("Day high", "dayHigh"),
    ("Day low", "dayLow"), ("Bid", "bid"), ("Ask", "ask"), ("Volume", "volume"),
    ("5d high / low", "high5d|low5d"), ("20d high / low", "high20d|low20d"),
    ("ATR 14", "atr"), ("RSI 14", "rsi"), ("EMA 8 / 21", "ema8|ema21"), ("VWAP", "vwap"),
    ("IV %", "iv"), ("IV rank", "ivRank"), ("IV percentile", "ivPercentile"),
]


def _quoted(doc: dict[str, Any]) -> Table:
    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("")
    for key in ("ES", "SPY"):
        sym = (doc.get(key) or {}).get("symbol") or key
        table.add_column(f"{key} ({sym})" if sym != key else key, justify="right")
    for label, field in _QUOTED_ROWS:
        row: list[Any] = [label]
        for key in ("ES", "SPY"):
            if "|" in field:
                a, b = field.split("|")
                row.append(Text(" / ").join([_cell(doc, f"{key}.{a}"), _cell(doc, f"{key}.{b}")]))
            else:
                places = None if field == "volume" else 2
                cell = _cell(doc, f"{key}.{field}", places)
                if field.startswith("dayChange"):
                    cell.stylize(_change_style(doc, f"{key}.{field}"))
                row.append(cell)
        table.add_row(*row)
    return table


def _levels(doc: dict[str, Any]) -> Table:
    table = Table(show_edge=False, pad_edge=False)
    for name, justify in (("", "left"), ("Level", "right"), ("Change", "right"),
                          ("Change %", "right"), ("Detail", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_row(
        "VIX", _cell(doc, "VIX.currentLevel"), _cell(doc, "VIX.dayChange"),
        _cell(doc, "VIX.dayChangePercent"),
        Text.assemble("vs prev close; regime ", _cell(doc, "VIX.regime"), "  trend ",
                      _cell(doc, "VIX.trend"),
                      "  20d avg ", _cell(doc, "VIX.avg20d")),
    )
    dxy_sym = (doc.get("DXY") or {}).get("symbol")
    table.add_row(
        f"DXY ({dxy_sym})" if dxy_sym else "DXY", _cell(doc, "DXY.currentLevel", 3),
        _cell(doc, "DXY.dayChange", 3), _cell(doc, "DXY.dayChangePercent"),
        Text.assemble("vs open; trend ", _cell(doc, "DXY.trend"), "  20d avg ",
                      _cell(doc, "DXY.avg20d", 3), " (", _cell(doc, "DXY.trend20d"), ")"),
    )
    core = {"timestamp", "source", "ES", "SPY", "VIX", "DXY", "TIME", "metadata"}
    for key in (k for k in doc if k not in core):
        sym = doc[key].get("symbol")
        table.add_row(
            f"{key} ({sym})" if sym and sym != key else key, _cell(doc, f"{key}.currentPrice"),
            _cell(doc, f"{key}.dayChange"), _cell(doc, f"{key}.dayChangePercent"),
            Text.assemble("vs open; IV rank ", _cell(doc, f"{key}.ivRank"), "  RSI ",
                          _cell(doc, f"{key}.rsi"), "  ATR ", _cell(doc, f"{key}.atr")),
        )
    return table


def _strikes(doc: dict[str, Any], strikes: dict[str, Any]) -> Table:
    title = (f"/ES options {strikes.get('expiration') or MISSING} "
             f"({strikes.get('dte') if strikes.get('dte') is not None else MISSING} DTE, "
             f"on {strikes.get('underlying') or MISSING}), ATM "
             f"{_cell(doc, 'ES.strikes.atmStrike')}")
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for name in ("", "Strike", "Bid", "Ask", "Delta", "IV %"):
        table.add_column(name, justify="right" if name else "left")
    for label, key in (("Call ~5Δ", "call90DTE"), ("Put ~5Δ", "put90DTE")):
        base = f"ES.strikes.{key}"
        if not strikes.get(key):
            table.add_row(label, *[Text(MISSING, style="dim")] * 5)
            continue
        table.add_row(label, _cell(doc, f"{base}.strike"), _cell(doc, f"{base}.bid"),
                      _cell(doc, f"{base}.ask"), _cell(doc, f"{base}.delta", 3),
                      _cell(doc, f"{base}.iv"))
    return table


def _wings(doc: dict[str, Any]) -> Table | None:
    """The tradeable tickers' ~90 DTE 5-delta wings, one row each (strangle credit = bids)."""
    core = {"timestamp", "source", "ES", "SPY", "VIX", "DXY", "TIME", "metadata"}
    keys = [k for k in doc if k not in core]
    if not keys:
        return None
    table = Table(title="Tradeable tickers: ~90 DTE 5-delta wings", title_justify="left",
                  show_edge=False, pad_edge=False)
    for name in ("", "Expiry", "DTE", "Put", "Bid", "Call", "Bid"):
        table.add_column(name, justify="left" if name in ("", "Expiry") else "right")
    for key in keys:
        w = doc[key].get("strikes") or {}
        exp = w.get("expiration")
        table.add_row(key, str(exp) if exp else Text(MISSING, style="dim"),
                      str(w["dte"]) if w.get("dte") is not None else Text(MISSING, style="dim"),
                      *(_cell(doc, f"{key}.strikes.{side}.{f}")
                        for side in ("put90DTE", "call90DTE") for f in ("strike", "bid")))
    return table

"""Positions as the framework's core reads them: one entry per strategy group.

    groups_of(rows)         PositionView rows -> Group per strategy group (pure)
    positions_text(groups)  "MCL STRANGLE (88 DTE, 2.80, +12%), ES LT112 (85 DTE, 6420, +5%)"

A group is the legs `domain.labels` put under one label: the options of one
underlying and expiration, or an IPMCC (its LEAP with the short calls against it).
Stock and futures holdings are not strategy groups: the core reads a missing DTE as
0 and would flag an exit, so they are listed apart (`holdings`), not in the array.

    ticker   the product root, no slash or contract (/MCLF7 -> MCL; SPY; SPX)
    entry    the group's unsigned open price per unit (a 2-lot strangle sold for
             1.50 + 1.30 has entry 2.80), in the options' price points
    pl       integer percent: of the credit captured since entry for a credit
             structure (the 50 % rule), of the debit gained for a debit one;
             both are (open value - value now) / |open value| with credits positive
    dte      the nearest expiration's days (what needs managing first)
    entryWeek LT112 only, the core's own rule: ceil(((120 - dte) % 30) / 7) or 1,
             with JavaScript's remainder (it keeps the dividend's sign)
    bpUsed   percent of net liq the group requires: tastytrade's margin requirement
             (/margin/accounts/{n}/requirements) for the underlying when the group is
             all it holds, else for the margin sub-group holding exactly its legs;
             null when no requirement covers the group alone
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from pydantic import BaseModel, Field

from tastyking.domain.symbols import SymbolError, root_of_future
from tastyking.models.views import MarginGroup, MarginRequirements
from tastyking.services.positions import PositionView

HOLDINGS = ("STOCK", "FUTURE")
CENT = Decimal("0.01")


class Group(BaseModel):
    ticker: str
    strategy: str
    dte: int | None
    entry: Decimal | None
    pl: int | None
    bpUsed: Decimal | None = None
    entryWeek: int | None = None
    # detail for people and metadata (not the core's keys)
    kind: str | None = None  # "credit" | "debit"
    underlying: str
    expiration: date | None = None
    legs: list[str] = Field(default_factory=list)
    missing: dict[str, str] = Field(default_factory=dict)  # field -> why

    def framework(self) -> dict[str, object]:
        return {"ticker": self.ticker, "strategy": self.strategy, "dte": self.dte,
                "entry": self.entry, "pl": self.pl, "bpUsed": self.bpUsed,
                "entryWeek": self.entryWeek}


def ticker_of(row: PositionView) -> str:
    """The product root the core's correlation groups match on."""
    if row.instrument_type in ("Future", "Future Option"):
        try:
            return root_of_future(row.symbol).lstrip("/")
        except SymbolError:
            pass
    return row.underlying.lstrip("/")


def entry_week(dte: int) -> int:
    """The core's LT112 entry week, JavaScript arithmetic included (fmod, -0 || 1)."""
    return math.ceil(math.fmod(120 - dte, 30) / 7) or 1


def _unit(rows: Sequence[PositionView]) -> int:
    qty = [abs(r.quantity) for r in rows if r.quantity is not None]  # None: direction unknown
    if any(q != q.to_integral_value() for q in qty):
        return 1
    return reduce(math.gcd, (int(q) for q in qty)) or 1


def _value(rows: Sequence[PositionView], price: str) -> Decimal | None:
    """Credit-positive value of the group at a price ("average_open_price" or "mark")."""
    total = Decimal(0)
    for r in rows:
        p = getattr(r, price)
        if p is None or r.quantity is None:  # a quantity of unknown direction: unknown
            return None
        total += -r.quantity * p * r.multiplier
    return total


def _group(ticker: str, strategy: str, rows: list[PositionView]) -> Group:
    dtes = [r.dte for r in rows if r.dte is not None]
    exps = [r.expiration for r in rows if r.expiration is not None]
    g = Group(ticker=ticker, strategy=strategy, dte=min(dtes) if dtes else None,
              entry=None, pl=None, underlying=rows[0].underlying,
              expiration=min(exps) if exps else None, legs=sorted(r.symbol for r in rows))
    if g.dte is None:
        g.missing["dte"] = "no expiration"
    opened = _value(rows, "average_open_price")
    if opened is None or opened == 0:
        why = "no average open price" if opened is None else "opened for zero net"
        g.missing.update(entry=why, pl=why)
    else:
        g.kind = "credit" if opened > 0 else "debit"
        per_unit = abs(opened) / (_unit(rows) * rows[0].multiplier)
        g.entry = entry_price(per_unit)
        now = _value(rows, "mark")
        if now is None:
            g.missing["pl"] = "no mark for " + ", ".join(
                r.symbol for r in rows if r.mark is None)
        else:
            pct = (opened - now) / abs(opened) * 100
            g.pl = int(pct.quantize(Decimal(1), ROUND_HALF_UP))
    if strategy == "LT112" and g.dte is not None:
        g.entryWeek = entry_week(g.dte)
    g.missing["bpUsed"] = "no margin requirement (not fetched)"
    return g


def _entries(m: MarginGroup) -> set[str]:
    own = {e.instrument_symbol for e in m.position_entries}
    return own.union(*(_entries(sub) for sub in m.groups)) if m.groups else own


def assign_bp(groups: Sequence[Group], margin: MarginRequirements,
              net_liq: Decimal | None) -> None:
    """bpUsed from the requirement that covers exactly a group's legs (see the module)."""
    for g in groups:
        legs = set(g.legs)
        req = None
        for top in margin.groups:
            if _entries(top) == legs:
                req = top.margin_requirement
                break
            req = next((sub.margin_requirement for sub in top.groups
                        if _entries(sub) == legs), None)
            if req is not None:
                break
        if req is None:
            g.missing["bpUsed"] = "no margin requirement covers this group alone"
        elif net_liq is None or net_liq <= 0:
            g.missing["bpUsed"] = "no positive net liq to take a percent of"
        else:
            g.bpUsed = (abs(req) / net_liq * 100).quantize(CENT, ROUND_HALF_UP)
            g.missing.pop("bpUsed", None)


def groups_of(rows: Sequence[PositionView]) -> tuple[list[Group], list[PositionView]]:
    """Strategy groups, and the stock/futures holdings left out of them."""
    keyed: dict[tuple[str, str, str], list[PositionView]] = {}
    holdings: list[PositionView] = []
    for r in rows:
        if r.strategy in HOLDINGS:
            holdings.append(r)
            continue
        ticker = ticker_of(r)
        part = "" if r.strategy == "IPMCC" else (
            r.expiration.isoformat() if r.expiration else r.symbol)
        keyed.setdefault((ticker, r.strategy, f"{r.account_number}|{part}"), []).append(r)
    groups = [_group(t, s, rs) for (t, s, _), rs in keyed.items()]
    groups.sort(key=lambda g: (g.ticker, g.strategy, g.dte if g.dte is not None else 10**6))
    return groups, holdings


def entry_price(value: Decimal) -> Decimal:
    """Cents from 1 up; below 1, six decimals, so a currency option's 0.000125 does not
    become 0 (the core would then take the DTE for the entry: parseFloat(...) || dte)."""
    return value.quantize(CENT if value >= 1 else Decimal("0.000001"), ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    """Unsigned, no thousands separator, no exponent: the core's [0-9.]+."""
    if value >= 1:
        text = format(value.quantize(CENT), "f")
        return text[:-3] if text.endswith(".00") else text
    text = format(value, "f").rstrip("0")
    return text + "0" if text.endswith(".") else text


def text_of(g: Group) -> str | None:
    """One group in the core's form, or None when a field its regex needs is unknown."""
    if g.dte is None or g.entry is None or g.pl is None:
        return None
    return f"{g.ticker} {g.strategy} ({g.dte} DTE, {_number(g.entry)}, {g.pl:+d}%)"


def positions_text(groups: Sequence[Group]) -> str:
    parts = [t for t in (text_of(g) for g in groups) if t is not None]
    return ", ".join(parts) if parts else "none"

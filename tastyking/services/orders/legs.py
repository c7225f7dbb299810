"""Reading option facts (kind, strike, expiration) out of trading symbols.

Equity options are OCC; futures options end in `YYMMDDC<strike>` after the contract
codes (`./ESZ6 EW4Z6 261218C5500`). This only reads symbols the API gave us; it never
builds a futures symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tastyking.domain.symbols import SymbolError, parse_occ

_FUT_OPT_TAIL = re.compile(r"(?P<date>\d{6})(?P<kind>[CP])(?P<strike>\d+(\.\d+)?)$")


@dataclass(frozen=True)
class OptionFacts:
    kind: str  # "C" or "P"
    strike: Decimal
    expiration: date


def option_facts(symbol: str, instrument_type: str) -> OptionFacts | None:
    if instrument_type == "Equity Option":
        try:
            o = parse_occ(symbol)
        except SymbolError:
            return None
        return OptionFacts(o.kind, o.strike, o.expiration)
    if instrument_type == "Future Option":
        m = _FUT_OPT_TAIL.search(symbol.strip())
        if not m:
            return None
        d = m["date"]
        exp = date(2000 + int(d[:2]), int(d[2:4]), int(d[4:6]))
        return OptionFacts(m["kind"], Decimal(m["strike"]), exp)
    return None

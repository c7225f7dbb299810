"""Reading option facts (kind, strike, expiration) out of trading symbols.

Equity options are OCC; futures options are fixed width (`./ESZ6 EW4Z6 261218C5500`,
`./MESZ6EX3Z6 261218C5500`), read by `domain.symbols.parse_future_option`, the one
reader every command uses. This only reads symbols the API gave us; it never builds a
futures symbol.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tastyking.domain.symbols import SymbolError, parse_future_option, parse_occ


@dataclass(frozen=True)
class OptionFacts:
    kind: str  # "C" or "P"
    strike: Decimal
    expiration: date


def option_facts(symbol: str, instrument_type: str) -> OptionFacts | None:
    try:
        if instrument_type == "Equity Option":
            o = parse_occ(symbol)
            return OptionFacts(o.kind, o.strike, o.expiration)
        if instrument_type == "Future Option":
            f = parse_future_option(symbol)
            return OptionFacts(f.kind, f.strike, f.expiration)
    except SymbolError:
        return None
    return None

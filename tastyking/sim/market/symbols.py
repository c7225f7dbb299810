"""Option instruments of the sim: build their symbols and parse them back.

Equity options use tastyking.domain.symbols (OCC / `.SPY261218C600`). Futures
options follow tastytrade's listings: `./ESZ6 EW4Z6 261218C5500` to trade and
`./EW4Z26C5500:XCME` to stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tastyking.domain.symbols import OptionSymbol, SymbolError, format_strike, parse_occ
from tastyking.sim.market.chains import Expiry
from tastyking.sim.market.futures import FutureContract
from tastyking.sim.market.universe import MONTH_CODES, OCC_ROOTS, OPTION_ROOTS

_FOP = re.compile(
    r"^\./(?P<fut>[A-Z0-9]+[FGHJKMNQUVXZ]\d) +(?P<code>[A-Z0-9]+?[FGHJKMNQUVXZ]\d) +"
    r"(?P<date>\d{6})(?P<kind>[CP])(?P<strike>\d+(\.\d+)?)$"
)
_FOP_STREAMER = re.compile(
    r"^\./(?P<root>[A-Z0-9]+?)(?P<month>[FGHJKMNQUVXZ])(?P<yy>\d{2})(?P<kind>[CP])"
    r"(?P<strike>\d+(\.\d+)?):(?P<mic>[A-Z]+)$"
)


@dataclass(frozen=True)
class OptionSpec:
    symbol: str  # trading symbol
    streamer: str
    kind: str  # "C" | "P"
    strike: float
    expiry: Expiry
    underlying: str  # "SPY", "SPX", or the future contract "/ESZ6"
    product: str  # stock symbol ("SPY", "SPX") or futures product code ("ES")
    future: FutureContract | None  # set for futures options

    @property
    def is_future_option(self) -> bool:
        return self.future is not None

    @property
    def instrument_type(self) -> str:
        return "Future Option" if self.future is not None else "Equity Option"

    @property
    def root(self) -> str:
        return self.expiry.root

    @property
    def expiration(self) -> date:
        return self.expiry.expiration

    @property
    def expires_at(self) -> datetime:
        return self.expiry.expires_at


def strike_decimal(strike: float) -> Decimal:
    return Decimal(repr(round(strike, 4)))


def equity_option(underlying: str, expiry: Expiry, kind: str, strike: float) -> OptionSpec:
    sym = OptionSymbol(expiry.root, expiry.expiration, kind, strike_decimal(strike))
    return OptionSpec(sym.occ, sym.streamer, kind, strike, expiry, underlying, underlying, None)


def future_option(code: str, expiry: Expiry, kind: str, strike: float) -> OptionSpec:
    fe = expiry.fop
    assert fe is not None
    k = format_strike(strike_decimal(strike))
    trading = f"./{fe.underlying.symbol[1:]} {fe.contract_code:<5} {fe.expiration:%y%m%d}{kind}{k}"
    streamer = f"{fe.streamer_prefix}{kind}{k}:{fe.product.mic}"
    return OptionSpec(trading, streamer, kind, strike, expiry, fe.underlying.symbol, code,
                      fe.underlying)


def parse_equity_option(symbol: str) -> tuple[str, str, date, str, float] | None:
    """OCC symbol -> (underlying, root, expiration, kind, strike)."""
    try:
        s = parse_occ(symbol)
    except SymbolError:
        return None
    return OCC_ROOTS.get(s.root, s.root), s.root, s.expiration, s.kind, float(s.strike)


@dataclass(frozen=True)
class FopKey:
    """What a futures-option symbol says; the streamer form has no day, only the month."""

    product: str
    root: str
    month: int
    year: int  # last digit (trading form) or last two digits (streamer form)
    expiration: date | None
    kind: str
    strike: float


def parse_future_option(symbol: str) -> FopKey | None:
    m = _FOP.match(symbol.strip())
    if m:
        code, d = m["code"], m["date"]
        product = OPTION_ROOTS.get(code[:-2])
        if product is None:
            return None
        exp = date(2000 + int(d[:2]), int(d[2:4]), int(d[4:6]))
        return FopKey(product, code[:-2], MONTH_CODES.index(code[-2]) + 1, int(code[-1]), exp,
                      m["kind"], float(m["strike"]))
    m = _FOP_STREAMER.match(symbol.strip())
    if m:
        product = OPTION_ROOTS.get(m["root"])
        if product is None:
            return None
        return FopKey(product, m["root"], MONTH_CODES.index(m["month"]) + 1, int(m["yy"]), None,
                      m["kind"], float(m["strike"]))
    return None


def same_symbol(a: str, b: str) -> bool:
    """Futures-option spacing varies between sources; compare word by word."""
    return a.split() == b.split()

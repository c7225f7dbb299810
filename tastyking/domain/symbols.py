"""Symbology: OCC equity-option symbols, DXLink streamer symbols, futures.

OCC:      root left-justified and space-padded to 6 chars + YYMMDD + C/P +
          strike*1000 as 8 digits, e.g. "SPY   240119C00150000"
Streamer: "." + root + YYMMDD + C/P + strike without padding or trailing zeros
          e.g. ".SPY240119C150", ".SPY240324P480.5"

Futures and future-option symbols are never built here (the API supplies both
forms); we only recognise them and read their parts.

What a position is "on" has one definition, `underlying_of`: the product root ("/ES")
for futures and futures options, with the contract ("/ESZ6") beside it; the
underlying symbol (or the symbol itself) for everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from tastyking.errors import UsageError

_ROOT = re.compile(r"^[A-Z0-9]{1,6}$")
_OCC_TAIL = re.compile(r"^(?P<date>\d{6})(?P<kind>[CP])(?P<strike>\d{8})$")
# The kind is the last C/P in the symbol (the strike is digits only), so a
# non-greedy root can still end in digits, e.g. ".AAPL1240119C150".
_STREAMER = re.compile(
    r"^\.(?P<root>[A-Z0-9]{1,6}?)(?P<date>\d{6})(?P<kind>[CP])(?P<strike>\d+(\.\d+)?)$"
)
# Trading form "/ESZ6"; streamer form "/ESZ26:XCME". The month code is the last
# letter before the year digits, so product codes like "ZN" or "6E" still parse.
_FUTURE = re.compile(
    r"^/(?P<product>[A-Z0-9]+?)(?P<month>[FGHJKMNQUVXZ])(?P<year>\d{1,2})(?::(?P<mic>[A-Z]+))?$"
)
# Future options are fixed width (recorded facts, SOURCES.md section 1): "./", the future
# code padded to 5, the option code padded to 5, one space, yymmdd, C/P, the strike:
# "./ESU3 EW4N3 230728C3990", "./GCQ5 OGN5  250625P2095", "./MCLM5MW2K5 250509C62.5".
# The spacing is padding, not a separator: a 5-character future code leaves none.
_FOP_CODE = re.compile(r"^[A-Z0-9]{2,5} *$")  # a code left-justified in its 5 columns
_FOP_TAIL = re.compile(r"^ (?P<date>\d{6})(?P<kind>[CP])(?P<strike>\d+(\.\d+)?)$")

MAX_OCC_STRIKE = Decimal("99999.999")


class SymbolError(UsageError, ValueError):
    """A symbol that does not follow the expected format (exit code 2 in the CLI)."""


@dataclass(frozen=True)
class OptionSymbol:
    root: str
    expiration: date
    kind: str  # "C" or "P"
    strike: Decimal

    def __post_init__(self) -> None:
        # Validate here so .occ and .streamer can never produce a malformed symbol.
        if not _ROOT.match(self.root):
            raise SymbolError(f"option root must be 1-6 letters/digits: {self.root!r}")
        if self.kind not in ("C", "P"):
            raise SymbolError(f"option kind must be 'C' or 'P': {self.kind!r}")
        if not (0 < self.strike <= MAX_OCC_STRIKE):
            raise SymbolError(f"strike out of OCC range: {self.strike}")
        if (self.strike * 1000) != (self.strike * 1000).to_integral_value():
            raise SymbolError(f"OCC strikes have at most 3 decimals: {self.strike}")

    @property
    def occ(self) -> str:
        millis = int(self.strike * 1000)
        return f"{self.root:<6}{self.expiration:%y%m%d}{self.kind}{millis:08d}"

    @property
    def streamer(self) -> str:
        return f".{self.root}{self.expiration:%y%m%d}{self.kind}{format_strike(self.strike)}"


@dataclass(frozen=True)
class FutureOptionSymbol:
    future: str  # "/ESU3"
    option_code: str  # "EW4N3"
    expiration: date
    kind: str
    strike: Decimal


def format_strike(strike: Decimal) -> str:
    """Strike with only significant digits: 150 -> '150', 480.50 -> '480.5'."""
    return format(strike.normalize(), "f")


def _date(yymmdd: str, symbol: str) -> date:
    try:
        return date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        raise SymbolError(f"invalid date {yymmdd!r} in {symbol!r}") from None


def parse_occ(symbol: str) -> OptionSymbol:
    """Parse an OCC symbol: padded ("SPY   240119C00150000") or compact ("SPY240119C00150000")."""
    text = symbol.strip().upper()
    # The tail (date, kind, strike) is always the last 15 characters.
    head, tail = text[:-15], text[-15:]
    root = head.rstrip(" ")
    padded_ok = len(head) == 6 or " " not in head
    m = _OCC_TAIL.match(tail)
    if not m or not _ROOT.match(root) or not padded_ok:
        raise SymbolError(f"not an OCC option symbol: {symbol!r}")
    strike = Decimal(m["strike"]) / 1000
    return OptionSymbol(root, _date(m["date"], symbol), m["kind"], strike)


def parse_streamer(symbol: str) -> OptionSymbol:
    m = _STREAMER.match(symbol.strip())
    if not m:
        raise SymbolError(f"not an equity-option streamer symbol: {symbol!r}")
    try:
        strike = Decimal(m["strike"])
    except InvalidOperation:
        raise SymbolError(f"invalid strike in {symbol!r}") from None
    return OptionSymbol(m["root"], _date(m["date"], symbol), m["kind"], strike)


def occ_to_streamer(symbol: str) -> str:
    return parse_occ(symbol).streamer


def streamer_to_occ(symbol: str) -> str:
    return parse_streamer(symbol).occ


def is_future_option_symbol(symbol: str) -> bool:
    """Future options start with "./" in both trading and streamer form."""
    return symbol.startswith("./")


def is_future_symbol(symbol: str) -> bool:
    """Futures start with "/" ("/ESZ6", "/ESZ26:XCME"); future options ("./") do not count."""
    return symbol.startswith("/")


def root_of_future(symbol: str) -> str:
    """Product root with its slash: "/ESZ6" -> "/ES", "/ESZ26:XCME" -> "/ES".

    A future-option trading symbol gives the root of its underlying future:
    "./ESU3 EW4N3 230728C3990" -> "/ES".
    """
    text = symbol.strip()
    if is_future_option_symbol(text):
        text = parse_future_option(text).future
    m = _FUTURE.match(text)
    if not m:
        raise SymbolError(f"not a futures symbol: {symbol!r}")
    return "/" + m["product"]


def parse_future_option(symbol: str) -> FutureOptionSymbol:
    """Parts of a future-option trading symbol, read by columns:
    "./MCLM5MW2K5 250509C62.5" -> future "/MCLM5", option code "MW2K5"."""
    text = symbol.strip()
    future, code, m = text[2:7], text[7:12], _FOP_TAIL.match(text[12:])
    if not (text.startswith("./") and _FOP_CODE.match(future) and _FOP_CODE.match(code) and m):
        raise SymbolError(f"not a future-option symbol: {symbol!r}")
    return FutureOptionSymbol(
        future="/" + future.rstrip(),
        option_code=code.rstrip(),
        expiration=_date(m["date"], symbol),
        kind=m["kind"],
        strike=Decimal(m["strike"]),
    )


@dataclass(frozen=True)
class Underlying:
    """What an instrument is on: `root` groups it ("/ES", "SPY"); `contract` is the
    futures contract for futures and futures options ("/ESZ6"), else None."""

    root: str
    contract: str | None = None


def underlying_of(symbol: str, instrument_type: str,
                  underlying_symbol: str | None = None) -> Underlying:
    """The one rule every command uses for `underlying` (and `underlying_contract`).

    A futures option's contract is the instrument's `underlying-symbol` when the API
    gave one, else the future code read from its fixed-width symbol; either way the
    root is the product ("/MES" for "./MESZ6EX3Z6 261218P5000"). Raises SymbolError
    for a futures or futures-option symbol that cannot be read.
    """
    if instrument_type == "Future Option":
        contract = underlying_symbol
        if not (contract and _FUTURE.match(contract)):
            contract = parse_future_option(symbol).future
        return Underlying(root_of_future(contract), contract)
    if instrument_type == "Future":
        return Underlying(root_of_future(symbol), symbol)
    if underlying_symbol:
        return Underlying(underlying_symbol)
    if instrument_type == "Equity Option":
        return Underlying(parse_occ(symbol).root)
    return Underlying(symbol)

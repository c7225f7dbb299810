"""The simulator's own symbology: build option symbols and read them back.

Written from the OCC symbol format and tastytrade's listings (the recorded payloads,
SOURCES.md facts §1), never from the client's parser, so a mistake in one side's idea
of the wire cannot hide in the other. By column, as the formats are defined:

- OCC (equity options): root left-justified and space-padded to 6, `yymmdd`, `C`/`P`,
  strike × 1000 as 8 digits: `SPY   261218C00600000`.
- Equity-option streamer: `.` + root + `yymmdd` + `C`/`P` + strike: `.SPY261218C600`.
- Future option (tastytrade, fixed width): `./`, the future code without its slash padded
  to 5, the option code padded to 5, one space, `yymmdd`, `C`/`P`, strike with no trailing
  `.0`: `./ESU3 EW4N3 230728C3990`, `./GCQ5 OGN5  250625P2095`, `./MCLM5MW2K5 250509C62.5`.
- Future-option streamer: `./` + option root + month letter + 2-digit year + `C`/`P` +
  strike + `:` + exchange code: `./EW4N23C3990:XCME`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tastyking.sim.market.chains import Expiry
from tastyking.sim.market.futures import FutureContract
from tastyking.sim.market.universe import MONTH_CODES, OCC_ROOTS, OPTION_ROOTS

_DIGITS = re.compile(r"^\d+$")
_STRIKE = re.compile(r"^\d+(\.\d+)?$")
_EQUITY_STREAMER = re.compile(r"^\.(?P<root>[A-Z0-9]{1,6}?)(?P<date>\d{6})(?P<kind>[CP])"
                              r"(?P<strike>\d+(\.\d+)?)$")
_FOP_STREAMER = re.compile(
    r"^\./(?P<root>[A-Z0-9]+?)(?P<month>[FGHJKMNQUVXZ])(?P<yy>\d{2})(?P<kind>[CP])"
    r"(?P<strike>\d+(\.\d+)?):(?P<mic>[A-Z]+)$"
)
_CODE = re.compile(r"^(?P<root>[A-Z0-9]+?)(?P<month>[FGHJKMNQUVXZ])(?P<y>\d)$")


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
    return Decimal(repr(round(strike, 8)))


def strike_text(strike: float) -> str:
    """3990.0 -> "3990", 62.5 -> "62.5", 0.0005 -> "0.0005" (no exponent, no trailing zeros)."""
    text = f"{strike_decimal(strike):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _yymmdd(text: str) -> date | None:
    if not _DIGITS.match(text) or len(text) != 6:
        return None
    try:
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def occ_symbol(root: str, expiration: date, kind: str, strike: float) -> str:
    return f"{root:<6}{expiration:%y%m%d}{kind}{round(strike * 1000):08d}"


def equity_streamer(root: str, expiration: date, kind: str, strike: float) -> str:
    return f".{root}{expiration:%y%m%d}{kind}{strike_text(strike)}"


def equity_option(underlying: str, expiry: Expiry, kind: str, strike: float) -> OptionSpec:
    trading = occ_symbol(expiry.root, expiry.expiration, kind, strike)
    streamer = equity_streamer(expiry.root, expiry.expiration, kind, strike)
    return OptionSpec(trading, streamer, kind, strike, expiry, underlying, underlying, None)


def future_option_symbol(future: str, option_code: str, expiration: date, kind: str,
                         strike: float) -> str:
    """`/MCLM5`, `MW2K5` ... -> `./MCLM5MW2K5 250509C62.5` (columns, not separators)."""
    return (f"./{future.lstrip('/'):<5}{option_code:<5} {expiration:%y%m%d}{kind}"
            f"{strike_text(strike)}")


def future_option(code: str, expiry: Expiry, kind: str, strike: float) -> OptionSpec:
    fe = expiry.fop
    assert fe is not None
    trading = future_option_symbol(fe.underlying.symbol, fe.contract_code, fe.expiration, kind,
                                   strike)
    streamer = f"{fe.streamer_prefix}{kind}{strike_text(strike)}:{fe.product.mic}"
    return OptionSpec(trading, streamer, kind, strike, expiry, fe.underlying.symbol, code,
                      fe.underlying)


def parse_equity_option(symbol: str) -> tuple[str, str, date, str, float] | None:
    """An OCC or streamer equity-option symbol -> (underlying, root, expiration, kind, strike)."""
    m = _EQUITY_STREAMER.match(symbol)
    if m:
        exp = _yymmdd(m["date"])
        if exp is None:
            return None
        root, kind, strike = m["root"], m["kind"], float(m["strike"])
    else:
        if len(symbol) != 21:
            return None
        root, exp, kind = symbol[:6].rstrip(), _yymmdd(symbol[6:12]), symbol[12]
        millis = symbol[13:]
        if (not root or " " in root or exp is None or kind not in "CP"
                or not _DIGITS.match(millis)):
            return None
        strike = int(millis) / 1000
    return OCC_ROOTS.get(root, root), root, exp, kind, strike


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
    """Either form of a futures-option symbol, read by its columns."""
    if symbol.startswith("./") and ":" not in symbol:
        if len(symbol) < 21 or symbol[12] != " ":
            return None
        code, exp, kind, strike = symbol[7:12].rstrip(), _yymmdd(symbol[13:19]), symbol[19], \
            symbol[20:]
        m = _CODE.match(code)
        if not m or exp is None or kind not in "CP" or not _STRIKE.match(strike):
            return None
        product = OPTION_ROOTS.get(m["root"])
        if product is None:
            return None
        return FopKey(product, m["root"], MONTH_CODES.index(m["month"]) + 1, int(m["y"]), exp,
                      kind, float(strike))
    s = _FOP_STREAMER.match(symbol)
    if s:
        product = OPTION_ROOTS.get(s["root"])
        if product is None:
            return None
        return FopKey(product, s["root"], MONTH_CODES.index(s["month"]) + 1, int(s["yy"]), None,
                      s["kind"], float(s["strike"]))
    return None

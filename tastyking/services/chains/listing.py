"""One view of option chains for equities, indices and futures.

Equity/index chains come from /option-chains/{u}/nested (SPX has SPX and SPXW roots);
futures options from /futures-option-chains/{product}/nested, whose expirations each
name the future they settle into. Symbols are always read from the chain, never built.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.domain.calendar import default_monthly_near, dte, market_today, nearest_expiration
from tastyking.domain.symbols import SymbolError, root_of_future
from tastyking.errors import NotFound, UsageError
from tastyking.models.base import Dec, OptDec, RestModel
from tastyking.models.instruments import Expiration, OptionChain, Strike, TickSize
from tastyking.services.search import unknown_symbol

EQUITY_OPTION = "Equity Option"
FUTURE_OPTION = "Future Option"


class ChainStrike(BaseModel):
    strike: Decimal
    call: str | None
    put: str | None
    call_streamer: str | None
    put_streamer: str | None


class ChainExpiration(BaseModel):
    expiration: date
    dte: int
    root: str
    expiration_type: str | None
    settlement_type: str | None
    instrument_type: str  # of the options: "Equity Option" or "Future Option"
    underlying_type: str  # of what they settle into: "Equity", "Index" or "Future"
    underlying_symbol: str  # "SPY", "SPX", or the future contract such as "/ESZ6"
    multiplier: Decimal | None  # None: a futures option whose chain omits it (see below)
    tick_sizes: list[TickSize]
    strikes: list[ChainStrike]

    def strike(self, value: Decimal) -> ChainStrike | None:
        return next((s for s in self.strikes if s.strike == value), None)

    def around(self, price: Decimal, count: int) -> list[ChainStrike]:
        """`count` strikes centred on the one nearest `price`."""
        if not self.strikes:
            return []
        atm = self.atm_index(price)
        lo = max(0, min(atm - count // 2, len(self.strikes) - count))
        return self.strikes[lo : lo + count]

    def atm_index(self, price: Decimal) -> int:
        return min(range(len(self.strikes)), key=lambda i: abs(self.strikes[i].strike - price))


class Chain(BaseModel):
    symbol: str  # as the user asked: SPY, SPX, /ES
    is_future: bool
    expirations: list[ChainExpiration]

    def dates(self) -> list[date]:
        return sorted({e.expiration for e in self.expirations})

    def at(self, day: date, root: str | None = None) -> ChainExpiration:
        found = [e for e in self.expirations if e.expiration == day]
        if root:
            found = [e for e in found if e.root == root.upper()]
        if not found:
            dates = sorted({e.expiration for e in self.expirations
                            if not root or e.root == root.upper()})
            before = [d for d in dates if d < day][-1:]
            after = [d for d in dates if d > day][:1]
            near = " and ".join(d.isoformat() for d in before + after) or "none"
            raise UsageError(f"{self.symbol} has no expiration listed on {day.isoformat()} "
                             f"(nearest listed: {near})")
        # Two roots on one date (SPX AM monthly and SPXW PM): prefer the PM-settled one,
        # the contract traders use for 0DTE and the framework's SPX trades.
        found.sort(key=lambda e: (e.settlement_type != "PM", e.root))
        return found[0]


def normalize_symbol(symbol: str) -> str:
    s = symbol.strip().upper()
    if not s or len(s) > 12 or any(c.isspace() for c in s):
        raise UsageError(f"not a symbol: {symbol!r}")
    return s


async def load_chain(api: ApiClient, symbol: str) -> Chain:
    """The chain of an underlying (SPY, SPX, /ES), or of one option root (SPXW) or one
    futures contract (/ESZ6): the underlying's chain narrowed to it."""
    symbol = normalize_symbol(symbol)
    today = market_today()
    if symbol.startswith("/"):
        try:
            product = root_of_future(symbol)
        except SymbolError:
            return await _futures_chain(api, symbol, today)  # a product such as /ES
        chain = await _futures_chain(api, product, today)
        return _narrowed(chain, symbol, lambda e: e.underlying_symbol == symbol,
                         "futures contract", {e.underlying_symbol for e in chain.expirations})
    try:
        return await _equity_chain(api, symbol, today)
    except UsageError:
        stem = symbol[:-1]  # a weekly or PM root: SPXW → SPX, NDXP → NDX
        if len(stem) < 2 or symbol[-1] not in "WP":
            raise
        try:
            chain = await _equity_chain(api, stem, today)
        except UsageError:
            raise UsageError(f"unknown symbol {symbol}, or no options are listed "
                             "for it") from None
        if not any(e.root == symbol for e in chain.expirations):
            raise UsageError(f"unknown symbol {symbol}, or no options are listed "
                             "for it") from None
        return _narrowed(chain, symbol, lambda e: e.root == symbol, "", set())


def _narrowed(chain: Chain, symbol: str, keep: Callable[[ChainExpiration], bool],
              what: str, known: set[str]) -> Chain:
    exps = [e for e in chain.expirations if keep(e)]
    if not exps:
        listed = ", ".join(sorted(known)) or "none"
        raise UsageError(f"no options are listed on the {what} {symbol} "
                         f"(contracts with options: {listed})")
    return chain.model_copy(update={"symbol": symbol, "expirations": exps})


async def _equity_chain(api: ApiClient, symbol: str, today: date) -> Chain:
    try:
        items, instrument = await asyncio.gather(
            endpoints.option_chain(api, symbol), endpoints.equity(api, symbol)
        )
    except NotFound:
        raise await unknown_symbol(api, symbol, tail=", or no options are listed for it") from None
    underlying_type = "Index" if instrument.is_index else "Equity"
    exps = [_equity_exp(item, e, underlying_type, today)
            for item in items for e in item.expirations]
    return _checked(Chain(symbol=symbol, is_future=False, expirations=_sorted(exps)))


async def _futures_chain(api: ApiClient, symbol: str, today: date) -> Chain:
    try:
        data = await endpoints.futures_option_chain(api, symbol)
    except NotFound:
        raise await unknown_symbol(api, symbol, "unknown futures product") from None
    mult = {f.symbol: f.notional_multiplier for f in data.futures}
    exps = []
    for chain in data.option_chains:
        for e in chain.expirations:
            und = e.underlying_symbol or chain.underlying_symbol
            exps.append(ChainExpiration(
                expiration=e.expiration_date,
                dte=dte(e.expiration_date, today),
                root=e.option_root_symbol or chain.root_symbol,
                expiration_type=e.expiration_type,
                settlement_type=e.settlement_type,
                instrument_type=FUTURE_OPTION,
                underlying_type="Future",
                underlying_symbol=und,
                multiplier=mult.get(und),
                tick_sizes=e.tick_sizes or chain.tick_sizes,
                strikes=_strikes(e.strikes),
            ))
    return _checked(Chain(symbol=symbol, is_future=True, expirations=_sorted(exps)))


def _equity_exp(
    item: OptionChain, e: Expiration, underlying_type: str, today: date
) -> ChainExpiration:
    return ChainExpiration(
        expiration=e.expiration_date,
        dte=dte(e.expiration_date, today),
        root=item.root_symbol,
        expiration_type=e.expiration_type,
        settlement_type=e.settlement_type,
        instrument_type=EQUITY_OPTION,
        underlying_type=underlying_type,
        underlying_symbol=item.underlying_symbol,
        multiplier=Decimal(item.shares_per_contract or 100),
        tick_sizes=item.tick_sizes,
        strikes=_strikes(e.strikes),
    )


def _strikes(raw: list[Strike]) -> list[ChainStrike]:
    out = [ChainStrike(strike=s.strike_price, call=s.call, put=s.put,
                       call_streamer=s.call_streamer_symbol,
                       put_streamer=s.put_streamer_symbol) for s in raw]
    return sorted(out, key=lambda s: s.strike)


def _sorted(exps: list[ChainExpiration]) -> list[ChainExpiration]:
    return sorted(exps, key=lambda e: (e.expiration, e.root))


def _checked(chain: Chain) -> Chain:
    if not chain.expirations:
        raise UsageError(f"no options are listed for {chain.symbol}")
    return chain


def choose_expiration(
    chain: Chain,
    *,
    expiration: date | None = None,
    target_dte: int | None = None,
    default_dte: int = 45,
    monthly_default: bool = True,
    root: str | None = None,
) -> ChainExpiration:
    """By date (must be listed, not past), by DTE (nearest listed), else the default."""
    today = market_today()
    if expiration is not None:
        if expiration < today:
            raise UsageError(f"expiration {expiration.isoformat()} is in the past")
        return chain.at(expiration, root)
    dates = [d for d in chain.dates() if d >= today]
    if root:
        dates = sorted({e.expiration for e in chain.expirations
                        if e.root == root.upper() and e.expiration >= today})
    if not dates:
        raise UsageError(f"{chain.symbol} has no live expirations")
    if target_dte is not None:
        if target_dte < 0:
            raise UsageError("--dte must be 0 or more")
        return chain.at(nearest_expiration(dates, target_dte, today), root)
    pick = (default_monthly_near(dates, default_dte, today=today) if monthly_default
            else nearest_expiration(dates, default_dte, today))
    return chain.at(pick, root)


class _EtfRef(RestModel):
    symbol: str
    share_quantity: Dec


class FutureFacts(RestModel):
    """The parts of GET /instruments/futures/{symbol} that chains and Greeks need."""

    symbol: str
    streamer_symbol: str | None = None
    notional_multiplier: OptDec = None
    future_etf_equivalent: _EtfRef | None = None


async def future_facts(api: ApiClient, symbol: str) -> FutureFacts | None:
    """A futures contract's instrument ("/ESZ6"); None if the API does not know it.

    The nested futures-option chain names each expiration's future but not its
    multiplier (tastytrade-api.md 8.3), so callers that need it ask here.
    """
    try:
        data = await api.get(endpoints.path("/instruments/futures/{}", symbol.lstrip("/")))
    except NotFound:
        return None
    return endpoints.parse(FutureFacts, data or {}, "future")


async def contract_multiplier(api: ApiClient, exp: ChainExpiration) -> Decimal | None:
    """An option's contract multiplier. A futures option's is its future's notional
    multiplier, which the nested chain does not carry (tastytrade-api.md 8.3): ask the
    future's instrument. None when it cannot be known; never a guess."""
    if exp.multiplier is not None:
        return exp.multiplier
    facts = await future_facts(api, exp.underlying_symbol)
    return facts.notional_multiplier if facts else None

"""The ~90 DTE, ~5-delta put and call of one ticker (ES, or any tradeable phase ticker).

    expirations(api, ticker, future) -> [Expiration]    its option chain, any product
    prepare(doc, key, exp, forward, sigma, today, ...)  the candidates of one ticker
    pick_all(api, doc, wanted)                          one batch of quotes, every pick

Futures options come from /futures-option-chains/{product}/nested (every option root
of the product, e.g. /ES's quarterlies and weeklies), equity options from
/option-chains/{symbol}/nested. The expiration nearest 90 DTE is used; the options
quoted are the wings around the 5-delta band (calc.candidates) and the pick is the
option whose |delta| from the API is nearest 0.05.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.errors import ApiError, ApiUnreachable
from tastyking.models.instruments import Expiration
from tastyking.services.searched import calc
from tastyking.services.searched.model import OptionPick, SearchedData, Strikes
from tastyking.stream.errors import StreamError

STEP_ERRORS = (ApiError, ApiUnreachable, StreamError, TimeoutError)


async def expirations(api: ApiClient, ticker: str, future: bool) -> list[Expiration]:
    if future:
        chain = await endpoints.futures_option_chain(api, ticker)
        return [e for c in chain.option_chains for e in c.expirations]
    return [e for c in await endpoints.option_chain(api, ticker) for e in c.expirations]


def choose(doc: SearchedData, key: str, exps: list[Expiration] | None, today: date,
           failed: str = "") -> Expiration | None:
    """The expiration nearest 90 DTE, or None with the reason recorded."""
    if exps is None:
        doc.why([f"{key}.strikes"], f"the {key} option chain failed: {failed}")
        return None
    exp = calc.pick_expiration(exps, today)
    if exp is None:
        doc.fail(f"{key} option chain", "no live expiration with strikes")
        doc.why([f"{key}.strikes"], f"the {key} option chain lists no live expiration")
    return exp


class Wanted:
    """One ticker's candidate wing options, waiting for their quotes."""

    def __init__(self, key: str, option_type: str, symbols: list[str],
                 strike_of: dict[str, Decimal], strikes: Strikes) -> None:
        self.key, self.option_type, self.symbols = key, option_type, symbols
        self.strike_of, self.strikes = strike_of, strikes


def prepare(doc: SearchedData, key: str, exp: Expiration, forward: Decimal | None,
            sigma: float | None, today: date, option_type: str,
            underlying: str | None) -> Wanted | None:
    """Set up doc.<key>.strikes and list the options worth quoting (None: nothing to ask)."""
    strikes = Strikes(expiration=exp.expiration_date, dte=(exp.expiration_date - today).days,
                      underlying=underlying)
    doc.section(key).strikes = strikes  # type: ignore[attr-defined]
    if forward is None:
        doc.why([f"{key}.strikes.atmStrike", f"{key}.strikes.call90DTE",
                 f"{key}.strikes.put90DTE"], f"no price for the options' underlying {underlying}")
        return None
    strikes.atmStrike = calc.atm_strike(exp, forward)
    symbols = calc.candidates(exp, forward, sigma if sigma else 0.25, today)
    strike_of = {sym: s.strike_price for s in exp.strikes for sym in (s.call, s.put) if sym}
    return Wanted(key, option_type, symbols, strike_of, strikes)


async def pick_all(api: ApiClient, doc: SearchedData, wanted: list[Wanted]) -> None:
    """Every ticker's candidates in shared by-type calls (100 a call), then each pick."""
    if not wanted:
        return
    try:
        opts = await endpoints.market_data(
            api, [(w.option_type, s) for w in wanted for s in w.symbols])
    except STEP_ERRORS as exc:
        doc.fail("5-delta options (/market-data/by-type)", str(exc))
        for w in wanted:
            doc.why([f"{w.key}.strikes.call90DTE", f"{w.key}.strikes.put90DTE"],
                    f"the option quote call failed: {exc}")
        return
    for w in wanted:
        for name, put in (("call90DTE", False), ("put90DTE", True)):
            found = calc.pick_option(opts, w.symbols, w.strike_of, put=put)
            if found is None:
                doc.why([f"{w.key}.strikes.{name}"], f"no {'put' if put else 'call'} with a "
                        f"delta among {len(w.symbols)} quoted")
            else:
                setattr(w.strikes, name, OptionPick(**found))

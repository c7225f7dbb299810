"""Choosing each leg's strike: given, nearest target |delta|, or a wing `width` points away.

Online, strikes and symbols come from the chain (OCC for equity options, the API's own
symbols for futures options) and deltas from /market-data/by-type. Offline, equity-option
OCC symbols are built from what the user gave (domain.symbols); nothing is checked
against a listing, and the review says so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tastyking.domain.symbols import OptionSymbol
from tastyking.errors import PartialData, UsageError
from tastyking.models.market import MarketData
from tastyking.models.prepared import PreparedLeg
from tastyking.services.chains.listing import EQUITY_OPTION, ChainExpiration, ChainStrike
from tastyking.services.orders.intent import LegPlan


def symbol_of(s: ChainStrike, kind: str) -> str | None:
    return s.put if kind == "P" else s.call


def _name(kind: str) -> str:
    return "put" if kind == "P" else "call"


def candidates(exp: ChainExpiration, kinds: set[str]) -> list[tuple[str, str]]:
    """(instrument-type, symbol) of every listed option of these kinds: the delta search set."""
    out = []
    for s in exp.strikes:
        for k in sorted(kinds):
            sym = symbol_of(s, k)
            if sym:
                out.append((exp.instrument_type, sym))
    return out


def nearest_delta(
    exp: ChainExpiration, kind: str, target: Decimal, quotes: dict[str, MarketData]
) -> ChainStrike:
    """The listed strike whose |delta| is nearest `target`; a tie goes to the smaller |delta|
    (further out of the money). Strikes without a delta are skipped."""
    best: tuple[Decimal, Decimal, ChainStrike] | None = None
    for s in exp.strikes:
        sym = symbol_of(s, kind)
        q = quotes.get(sym) if sym else None
        if q is None or q.delta is None:
            continue
        d = abs(q.delta)
        key = (abs(d - target), d)
        if best is None or key < best[:2]:
            best = (key[0], key[1], s)
    if best is None:
        raise PartialData(
            f"no deltas for {exp.underlying_symbol} {_name(kind)}s on "
            f"{exp.expiration.isoformat()}", hint="give the strike instead of --delta")
    return best[2]


def _listed(exp: ChainExpiration, kind: str, strike: Decimal, why: str) -> ChainStrike:
    s = exp.strike(strike)
    if s is not None and symbol_of(s, kind):
        return s
    near = sorted(exp.strikes, key=lambda x: abs(x.strike - strike))[:2]
    listed = ", ".join(_k(x.strike) for x in sorted(near, key=lambda x: x.strike)) or "none"
    raise UsageError(f"{why}: {exp.underlying_symbol} {exp.expiration.isoformat()} has no "
                     f"{_k(strike)} {_name(kind)} (nearest listed: {listed})")


def _k(strike: Decimal) -> str:
    return format(strike.normalize(), "f")


def choose_strikes(
    plans: list[LegPlan], exps: list[ChainExpiration], quotes: dict[str, MarketData],
    notes: list[str] | None = None,
) -> list[ChainStrike]:
    """Strikes for every leg (`exps[i]` is leg i's expiration), as listed in the chain.
    A wing whose `--width` lands between listed strikes takes the nearest listed one on
    its side (a tie: the wider); `notes` says which was used."""
    chosen: list[ChainStrike | None] = [None] * len(plans)
    for i, p in enumerate(plans):  # given and delta legs first: wings hang off them
        if p.wing_of is not None:
            continue
        if p.strike is not None:
            chosen[i] = _listed(exps[i], p.kind, p.strike, "strike not listed")
        elif p.delta is not None:
            chosen[i] = nearest_delta(exps[i], p.kind, p.delta, quotes)
    for i, p in enumerate(plans):
        if p.wing_of is not None:
            base = chosen[p.wing_of]
            assert base is not None
            chosen[i] = wing(exps[i], p.kind, base.strike, p.offset, notes)
    return [s for s in chosen if s is not None]


def wing(exp: ChainExpiration, kind: str, base: Decimal, offset: Decimal,
         notes: list[str] | None = None) -> ChainStrike:
    """The listed strike `offset` points from `base`, else the nearest listed one beyond
    `base` on the offset's side (equally near: the wider one)."""
    target = base + offset
    exact = exp.strike(target)
    if exact is not None and symbol_of(exact, kind):
        return exact
    side = [s for s in exp.strikes if symbol_of(s, kind)
            and (s.strike > base if offset > 0 else s.strike < base)]
    width = _k(abs(offset))
    if not side:
        where = "above" if offset > 0 else "below"
        raise UsageError(f"--width {width}: {exp.underlying_symbol} "
                         f"{exp.expiration.isoformat()} lists no {_name(kind)} {where} {_k(base)}")
    best = min(side, key=lambda s: (abs(s.strike - target), -abs(s.strike - base)))
    if notes is not None:
        notes.append(f"--width {width}: {_k(target)} is not listed; the {_name(kind)} wing "
                     f"uses {_k(best.strike)} ({_k(abs(best.strike - base))} wide)")
    return best


def build_legs(
    plans: list[LegPlan], strikes: list[ChainStrike], exps: list[ChainExpiration],
    quotes: dict[str, MarketData], units: int,
) -> list[PreparedLeg]:
    legs = []
    for p, s, exp in zip(plans, strikes, exps, strict=True):
        sym = symbol_of(s, p.kind)
        assert sym is not None
        legs.append(_leg(p, units, exp.instrument_type, sym, s.strike, exp.expiration,
                         quotes.get(sym)))
    return legs


def resolve_offline(plans: list[LegPlan], root: str, expiration: date,
                    units: int) -> list[PreparedLeg]:
    """Equity options only: OCC symbols from the user's strikes, without a chain."""
    strikes: list[Decimal | None] = [p.strike for p in plans]
    for i, p in enumerate(plans):
        if p.wing_of is not None:
            base = strikes[p.wing_of]
            assert base is not None
            strikes[i] = base + p.offset
    legs = []
    for p, k in zip(plans, strikes, strict=True):
        assert k is not None
        exp = p.expiration or expiration
        occ = OptionSymbol(root, exp, p.kind, k).occ
        legs.append(_leg(p, units, EQUITY_OPTION, occ, k, exp, None))
    return legs


def _leg(p: LegPlan, units: int, instrument_type: str, symbol: str, strike: Decimal,
         expiration: date, q: MarketData | None) -> PreparedLeg:
    return PreparedLeg(
        action=p.api_action, quantity=p.ratio * units, instrument_type=instrument_type,
        symbol=symbol, option_type=p.kind, strike=strike, expiration=expiration,
        delta=q.delta if q else None, bid=q.bid if q else None, ask=q.ask if q else None,
        mid=leg_mid(q),
    )


def leg_mid(q: MarketData | None) -> Decimal | None:
    if q is None:
        return None
    if q.mid is not None:
        return q.mid
    if q.bid is not None and q.ask is not None:
        return (q.bid + q.ask) / 2
    return None


def net_mid(plans: list[LegPlan], legs: list[PreparedLeg]) -> Decimal | None:
    """Per structure, credit positive; None if any leg has no quote."""
    total = Decimal(0)
    for p, leg in zip(plans, legs, strict=True):
        if leg.mid is None:
            return None
        total += leg.mid * p.ratio * (1 if leg.is_sell else -1)
    return total

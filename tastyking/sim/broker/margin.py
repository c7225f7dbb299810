"""A Reg-T-like margin model for the sim's balances and dry-run buying-power effects.

Requirements are measured at current marks so that buying power = net liq - total
requirement, and an order's buying-power change is the change in requirement:
- long options: their full value (options are not marginable);
- verticals and diagonals (a long covering a short of the same type that expires
  no earlier): the max loss from here, strike risk minus the spread's net value;
  an iron condor (put and call spreads, one expiration) only the riskier side less
  the other side's credit;
- naked shorts: 20 % of the underlying (15 % for indices, ~10 % for futures
  options) less the out-of-the-money amount, at least 10 % (3.5 %), plus premium;
  a short strangle pays only the larger side plus the other side's premium;
- cash accounts: short puts are cash-secured (strike less premium), stock is 100 %;
- stock 50 % in margin accounts; futures their exchange margin per contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from tastyking.sim.market.futures import FutureContract
from tastyking.sim.market.symbols import OptionSpec


@dataclass(frozen=True)
class Leg:
    instrument_type: str  # "Equity" | "Equity Option" | "Future" | "Future Option"
    quantity: float  # signed: + long, - short
    multiplier: float
    mark: float  # per unit
    underlying_price: float  # for options; the price itself for stock/futures
    group: str  # what covers what: the underlying stock or futures product
    option: OptionSpec | None = None
    future: FutureContract | None = None
    is_index: bool = False


@dataclass(frozen=True)
class _Unit:
    opt: OptionSpec
    mark: float
    under: float
    mult: float
    is_index: bool


def _naked(u: _Unit) -> float:
    s, k = u.under, u.opt.strike
    otm = max(0.0, k - s) if u.opt.kind == "C" else max(0.0, s - k)
    if u.opt.is_future_option:
        base = max(0.10 * s - otm, 0.035 * s)
    else:
        pct = 0.15 if u.is_index else 0.20
        floor = 0.10 * (s if u.opt.kind == "C" else k)
        base = max(pct * s - otm, floor)
    return (base + u.mark) * u.mult


def _spread(short: _Unit, long: _Unit) -> float:
    if short.opt.kind == "P":
        risk = max(0.0, short.opt.strike - long.opt.strike)
    else:
        risk = max(0.0, long.opt.strike - short.opt.strike)
    return max(0.0, (risk + long.mark - short.mark) * short.mult)


def _covers(long: _Unit, short: _Unit) -> bool:
    return long.opt.kind == short.opt.kind and long.opt.expiration >= short.opt.expiration


def requirement(legs: list[Leg], cash_account: bool = False) -> float:
    """Total requirement of a set of legs (positions, an order, or both)."""
    total = 0.0
    stock_shares: dict[str, float] = {}
    shorts: dict[str, list[_Unit]] = {}
    longs: dict[str, list[_Unit]] = {}
    for leg in legs:
        if leg.instrument_type == "Equity":
            value = abs(leg.quantity) * leg.mark
            total += value if cash_account else 0.5 * value
            stock_shares[leg.group] = stock_shares.get(leg.group, 0.0) + leg.quantity
        elif leg.instrument_type == "Future":
            assert leg.future is not None
            total += abs(leg.quantity) * leg.future.product.initial_margin
        elif leg.option is not None:
            unit = _Unit(leg.option, leg.mark, leg.underlying_price, leg.multiplier, leg.is_index)
            side = longs if leg.quantity > 0 else shorts
            side.setdefault(leg.group, []).extend([unit] * int(round(abs(leg.quantity))))
    for group in set(shorts) | set(longs):
        total += _group(shorts.get(group, []), longs.get(group, []),
                        stock_shares.get(group, 0.0), cash_account)
    return round(total, 2)


def _spreads(spreads: list[tuple[_Unit, _Unit]]) -> float:
    """Verticals. A put spread and a call spread on one expiration form an iron condor,
    which can lose on one side only: the larger risk less the other side's credit."""
    by_exp: dict[object, list[tuple[_Unit, _Unit]]] = {}
    for pair in spreads:
        by_exp.setdefault(pair[0].opt.expiration, []).append(pair)
    total = 0.0
    for pairs in by_exp.values():
        puts = sorted((p for p in pairs if p[0].opt.kind == "P"), key=lambda p: -_spread(*p))
        calls = sorted((p for p in pairs if p[0].opt.kind == "C"), key=lambda p: -_spread(*p))
        while puts and calls:
            a, b = puts.pop(0), calls.pop(0)
            big, small = (a, b) if _spread(*a) >= _spread(*b) else (b, a)
            small_value = (small[1].mark - small[0].mark) * small[0].mult  # < 0: a credit
            total += max(0.0, _spread(*big) + small_value)
        total += sum(_spread(*p) for p in puts + calls)
    return total


def _group(shorts: list[_Unit], longs: list[_Unit], shares: float, cash_account: bool) -> float:
    total = 0.0
    longs = list(longs)
    naked: list[_Unit] = []
    spreads: list[tuple[_Unit, _Unit]] = []
    # widest-risk shorts first get the best cover
    for s in sorted(shorts, key=_naked, reverse=True):
        if s.opt.kind == "C" and not s.opt.is_future_option and shares >= s.mult:
            shares -= s.mult  # covered call: the stock's requirement already counts
            continue
        covers = [lg for lg in longs if _covers(lg, s)]
        if covers:
            best = min(covers, key=lambda lg: _spread(s, lg))
            longs.remove(best)
            spreads.append((s, best))
        else:
            naked.append(s)
    total += _spreads(spreads)
    total += sum(u.mark * u.mult for u in longs)
    if cash_account:
        return total + sum(max(0.0, (u.opt.strike - u.mark) * u.mult) if u.opt.kind == "P"
                           else _naked(u) for u in naked)
    by_exp: dict[object, tuple[list[_Unit], list[_Unit]]] = {}
    for u in naked:
        puts, calls = by_exp.setdefault(u.opt.expiration, ([], []))
        (puts if u.opt.kind == "P" else calls).append(u)
    for puts, calls in by_exp.values():
        puts.sort(key=_naked, reverse=True)
        calls.sort(key=_naked, reverse=True)
        while puts and calls:  # strangle: the larger side plus the other side's premium
            p, c = puts.pop(0), calls.pop(0)
            big, small = (p, c) if _naked(p) >= _naked(c) else (c, p)
            total += _naked(big) + small.mark * small.mult
        total += sum(_naked(u) for u in puts + calls)
    return total

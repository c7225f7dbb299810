"""A Reg-T-like margin model for the sim's balances and dry-run buying-power effects,
after tastytrade's published rules.

Requirements are measured at current marks so that buying power = net liq - total
requirement:
- long options: their value, the debit (options are not marginable);
- defined risk: shorts covered by longs of the same type on one expiration (verticals,
  iron condors, butterflies, iron flies, broken wings) need their max loss from here,
  found on the expiry payoff at the strikes; a diagonal or calendar (the long expires
  later) the strike risk less the pair's net value;
- naked shorts: 20 % of the underlying (15 % for indices) less the out-of-the-money
  amount, at least 10 % (of the underlying for calls, the strike for puts), plus the
  premium; a short strangle needs only the larger side plus the other side's premium;
- futures options, SPAN-like and the same shapes: naked 10 % of the future less the
  out-of-the-money amount, at least 3.5 %, plus premium; spreads their max loss;
- cash accounts: short puts are cash-secured (strike less premium), stock is 100 %;
- stock 50 % in margin accounts; futures their exchange margin per contract.

Work is bounded by the number of distinct lines (symbol and side), never by the
quantity: a line carries its count of lots, and pairing moves whole counts at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

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


@dataclass
class _Line:
    """One option symbol on one side, with its count of lots (unsigned)."""

    opt: OptionSpec
    mark: float
    under: float
    mult: float
    is_index: bool
    n: float


def _naked(u: _Line) -> float:
    """Per lot: the naked short requirement, premium included."""
    s, k = u.under, u.opt.strike
    otm = max(0.0, k - s) if u.opt.kind == "C" else max(0.0, s - k)
    if u.opt.is_future_option:
        base = max(0.10 * s - otm, 0.035 * s)
    else:
        pct = 0.15 if u.is_index else 0.20
        floor = 0.10 * (s if u.opt.kind == "C" else k)
        base = max(pct * s - otm, floor)
    return (base + u.mark) * u.mult


def _spread(short: _Line, long: _Line) -> float:
    """Per lot: a short covered by a long of the same type; strike risk less net value."""
    if short.opt.kind == "P":
        risk = max(0.0, short.opt.strike - long.opt.strike)
    else:
        risk = max(0.0, long.opt.strike - short.opt.strike)
    return max(0.0, (risk + long.mark - short.mark) * short.mult)


def _covers(long: _Line, short: _Line) -> bool:
    return long.opt.kind == short.opt.kind and long.opt.expiration >= short.opt.expiration


def requirement(legs: list[Leg], cash_account: bool = False) -> float:
    """Total requirement of a set of legs (positions, an order, or both)."""
    total = 0.0
    shares: dict[str, float] = {}
    options: dict[str, dict[str, tuple[Leg, float]]] = {}  # group -> symbol -> (leg, net qty)
    for leg in legs:
        if not leg.quantity or not math.isfinite(leg.quantity):
            continue
        if leg.instrument_type == "Equity":
            value = abs(leg.quantity) * leg.mark
            total += value if cash_account else 0.5 * value
            shares[leg.group] = shares.get(leg.group, 0.0) + leg.quantity
        elif leg.instrument_type == "Future":
            assert leg.future is not None
            total += abs(leg.quantity) * leg.future.product.initial_margin
        elif leg.option is not None:
            lines = options.setdefault(leg.group, {})
            old = lines.get(leg.option.symbol)
            lines[leg.option.symbol] = (leg, leg.quantity + (old[1] if old else 0.0))
    for group, lines in options.items():
        shorts: list[_Line] = []
        longs: list[_Line] = []
        for leg, qty in lines.values():
            if qty:
                assert leg.option is not None
                line = _Line(leg.option, leg.mark, leg.underlying_price, leg.multiplier,
                             leg.is_index, abs(qty))
                (longs if qty > 0 else shorts).append(line)
        total += _group(shorts, longs, shares.get(group, 0.0), cash_account)
    return round(total, 2)


def _group(shorts: list[_Line], longs: list[_Line], shares: float, cash_account: bool) -> float:
    longs = [replace(lg) for lg in longs]  # their counts are spent below
    naked: list[_Line] = []
    pairs: list[tuple[_Line, _Line, float]] = []
    # widest-risk shorts first get the best cover
    for s in sorted(shorts, key=_naked, reverse=True):
        n = s.n
        if s.opt.kind == "C" and not s.opt.is_future_option and shares > 0:
            covered = min(n, math.floor(shares / s.mult))  # the stock's requirement counts
            shares -= covered * s.mult
            n -= covered
        while n > 0:
            covers = [lg for lg in longs if lg.n > 0 and _covers(lg, s)]
            if not covers:
                break
            best = min(covers, key=lambda lg: _spread(s, lg))
            k = min(n, best.n)
            best.n -= k
            n -= k
            pairs.append((s, best, k))
        if n > 0:
            naked.append(replace(s, n=n))
    total = _spreads(pairs) + sum(lg.mark * lg.mult * lg.n for lg in longs)
    if cash_account:
        return total + sum(u.n * (max(0.0, (u.opt.strike - u.mark) * u.mult)
                                  if u.opt.kind == "P" else _naked(u)) for u in naked)
    return total + _naked_shorts(naked)


def _spreads(pairs: list[tuple[_Line, _Line, float]]) -> float:
    """Covered shorts. Pairs on one expiration form one defined-risk structure whose
    requirement is its max loss (an iron condor loses on one side only, a butterfly
    at most its debit); a diagonal or calendar is margined pair by pair."""
    total = 0.0
    same: dict[date, list[tuple[_Line, float]]] = {}
    for short, long, k in pairs:
        if short.opt.expiration == long.opt.expiration:
            same.setdefault(short.opt.expiration, []).extend([(short, -k), (long, k)])
        else:
            total += k * _spread(short, long)
    return total + sum(_max_loss(lines) for lines in same.values())


def _max_loss(lines: list[tuple[_Line, float]]) -> float:
    """Value now less the worst expiry payoff. Every short call has a long call, so the
    payoff does not fall above the top strike: the worst is at zero or at a strike."""
    value = sum(q * u.mark * u.mult for u, q in lines)

    def payoff(price: float) -> float:
        return sum(q * u.mult * (max(0.0, price - u.opt.strike) if u.opt.kind == "C"
                                 else max(0.0, u.opt.strike - price)) for u, q in lines)

    worst = min(payoff(p) for p in {0.0, *(u.opt.strike for u, _ in lines)})
    return max(0.0, value - worst)


def _naked_shorts(naked: list[_Line]) -> float:
    """Naked shorts; a put and a call on one expiration form a strangle that can lose on
    one side only: the larger side's requirement plus the other side's premium."""
    total = 0.0
    by_exp: dict[date, tuple[list[_Line], list[_Line]]] = {}
    for u in naked:
        puts, calls = by_exp.setdefault(u.opt.expiration, ([], []))
        (puts if u.opt.kind == "P" else calls).append(u)
    for puts, calls in by_exp.values():
        puts.sort(key=_naked, reverse=True)
        calls.sort(key=_naked, reverse=True)
        while puts and calls:
            p, c = puts[0], calls[0]
            k = min(p.n, c.n)
            big, small = (p, c) if _naked(p) >= _naked(c) else (c, p)
            total += k * (_naked(big) + small.mark * small.mult)
            p.n -= k
            c.n -= k
            if p.n <= 0:
                puts.pop(0)
            if c.n <= 0:
                calls.pop(0)
        total += sum(u.n * _naked(u) for u in puts + calls)
    return total

"""Expiration payoff of option structures, and tick-size rounding (Decimal money).

Money convention: `net_premium` is the whole structure's cash at entry in
dollars, credit positive (a 1.25 credit on one 100-multiplier spread is 125;
buying 100 shares at 50 is -5000). Payoffs are P&L in dollars at expiration.

The payoff is piecewise linear in the underlying price with kinks only at the
strikes, so its extremes are at 0, at a strike, or at infinity; the slope above
the top strike says whether that end is unbounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

Kind = Literal["C", "P"]
Rounding = Literal["nearest", "up", "down"]
ZERO = Decimal(0)


@dataclass(frozen=True)
class PayoffLeg:
    kind: Kind | None  # None: the underlying itself (stock or future)
    strike: Decimal | None  # None for the underlying
    quantity: Decimal  # signed: long positive
    multiplier: Decimal = Decimal(100)

    def value(self, price: Decimal) -> Decimal:
        """Value at expiration in dollars, before premium."""
        if self.kind is None:
            unit = price
        elif self.strike is None:
            raise ValueError("an option leg needs a strike")
        elif self.kind == "C":
            unit = max(ZERO, price - self.strike)
        else:
            unit = max(ZERO, self.strike - price)
        return unit * self.quantity * self.multiplier


@dataclass(frozen=True)
class PayoffSummary:
    max_profit: Decimal | None  # None: unlimited
    max_loss: Decimal | None  # a positive number is a loss; None: unlimited
    breakevens: list[Decimal]


def payoff(legs: Sequence[PayoffLeg], net_premium: Decimal, price: Decimal) -> Decimal:
    """P&L in dollars if the underlying settles at `price`."""
    return net_premium + sum((leg.value(price) for leg in legs), ZERO)


def _strikes(legs: Sequence[PayoffLeg]) -> list[Decimal]:
    return sorted({leg.strike for leg in legs if leg.kind is not None and leg.strike is not None})


def _upper_slope(legs: Sequence[PayoffLeg]) -> Decimal:
    """Dollars per point above the highest strike: calls and the underlying move, puts are 0."""
    return sum(
        (leg.quantity * leg.multiplier for leg in legs if leg.kind in (None, "C")), ZERO
    )


def _knots(legs: Sequence[PayoffLeg]) -> list[Decimal]:
    return [ZERO] + [k for k in _strikes(legs) if k > 0]


def max_profit(legs: Sequence[PayoffLeg], net_premium: Decimal) -> Decimal | None:
    if _upper_slope(legs) > 0:
        return None
    return max(payoff(legs, net_premium, k) for k in _knots(legs))


def max_loss(legs: Sequence[PayoffLeg], net_premium: Decimal) -> Decimal | None:
    """The worst P&L as a positive amount (negative when every outcome is a profit)."""
    if _upper_slope(legs) < 0:
        return None
    return -min(payoff(legs, net_premium, k) for k in _knots(legs))


def breakevens(legs: Sequence[PayoffLeg], net_premium: Decimal) -> list[Decimal]:
    """Prices where the P&L at expiration is zero, sorted."""
    knots = _knots(legs)
    values = [payoff(legs, net_premium, k) for k in knots]
    found: set[Decimal] = {k for k, v in zip(knots, values, strict=True) if v == 0}
    for (a, va), (b, vb) in zip(
        zip(knots, values, strict=True), zip(knots[1:], values[1:], strict=True), strict=False
    ):
        if va * vb < 0:
            found.add(a + (b - a) * va / (va - vb))
    slope, top, vtop = _upper_slope(legs), knots[-1], values[-1]
    if slope != 0 and vtop * slope < 0:  # heading back across zero above the top strike
        found.add(top - vtop / slope)
    return sorted(found)


def summarize(legs: Sequence[PayoffLeg], net_premium: Decimal) -> PayoffSummary:
    return PayoffSummary(
        max_profit(legs, net_premium), max_loss(legs, net_premium), breakevens(legs, net_premium)
    )


# Builders for the common structures (quantity is per structure; shorts negative).


def vertical(
    kind: Kind, short_strike: Decimal, long_strike: Decimal,
    quantity: Decimal = Decimal(1), multiplier: Decimal = Decimal(100),
) -> tuple[PayoffLeg, PayoffLeg]:
    return (
        PayoffLeg(kind, short_strike, -quantity, multiplier),
        PayoffLeg(kind, long_strike, quantity, multiplier),
    )


def strangle(
    put_strike: Decimal, call_strike: Decimal,
    quantity: Decimal = Decimal(-1), multiplier: Decimal = Decimal(100),
) -> tuple[PayoffLeg, PayoffLeg]:
    """Short by default (quantity -1)."""
    return (
        PayoffLeg("P", put_strike, quantity, multiplier),
        PayoffLeg("C", call_strike, quantity, multiplier),
    )


def iron_condor(
    long_put: Decimal, short_put: Decimal, short_call: Decimal, long_call: Decimal,
    quantity: Decimal = Decimal(1), multiplier: Decimal = Decimal(100),
) -> tuple[PayoffLeg, ...]:
    """Short iron condor: put credit spread plus call credit spread."""
    return vertical("P", short_put, long_put, quantity, multiplier) + vertical(
        "C", short_call, long_call, quantity, multiplier
    )


def butterfly(
    kind: Kind, low: Decimal, mid: Decimal, high: Decimal,
    quantity: Decimal = Decimal(1), multiplier: Decimal = Decimal(100),
) -> tuple[PayoffLeg, ...]:
    """Long butterfly: +1 low, -2 mid, +1 high."""
    return (
        PayoffLeg(kind, low, quantity, multiplier),
        PayoffLeg(kind, mid, -2 * quantity, multiplier),
        PayoffLeg(kind, high, quantity, multiplier),
    )


# Tick sizes, in the API's form: [{"value": "0.01", "threshold": "3.0"}, {"value": "0.05"}]:
# a price below an entry's threshold uses that entry's value; the last entry has none.

TickSizes = Sequence[Mapping[str, str | Decimal]]

_MODES = {"nearest": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}


def tick_for(price: Decimal, tick_sizes: TickSizes) -> Decimal:
    if not tick_sizes:
        raise ValueError("empty tick-size table")
    for entry in tick_sizes:
        threshold = entry.get("threshold")
        if threshold is None or abs(price) < Decimal(threshold):
            return Decimal(entry["value"])
    return Decimal(tick_sizes[-1]["value"])  # table without an open-ended last entry


def round_to_tick(price: Decimal, tick_sizes: TickSizes, rounding: Rounding = "nearest") -> Decimal:
    """`price` on its tick grid: nearest (half up), or up/down for a limit you must not cross."""
    tick = tick_for(price, tick_sizes)
    steps = (price / tick).to_integral_value(rounding=_MODES[rounding])
    return (steps * tick).quantize(tick)


def is_on_tick(price: Decimal, tick_sizes: TickSizes) -> bool:
    return price % tick_for(price, tick_sizes) == 0


def target_delta(value: Decimal, flag: str = "--delta") -> Decimal:
    """An absolute delta in (0, 1). Traders say "16 delta" for 0.16, so a whole number
    from 2 to 99 is read that way (1 could mean 1.00 as well as 0.01, so it is refused
    like any other value outside (0, 1), with the reading we would have used)."""
    from tastyking.errors import UsageError

    if 0 < value < 1:
        return value
    if 2 <= value < 100 and value == value.to_integral_value():
        return value / 100
    hint = f"; did you mean {value / 100}?" if 2 <= value < 100 else ""
    raise UsageError(f"{flag} must be between 0 and 1, exclusive (got {value}){hint}")

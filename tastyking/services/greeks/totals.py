"""Portfolio totals that mean something: deltas of unlike things are not added.

A delta is in units of its underlying (SPY shares, /ES index points × 50, MCL barrels):
summing them across underlyings gives a number with no unit. So the portfolio's delta is
the SPY beta-weighted one (SPY share-equivalents), the raw delta and gamma are summed
per underlying only, and theta, vega and rho (dollars) are summed over everything.
A total over nothing known is None (null), never 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from tastyking.services.greeks.portfolio import GreeksPosition


class GreeksTotals(BaseModel):
    delta: Decimal | None  # SPY beta-weighted: SPY share-equivalents (the headline)
    theta: Decimal | None  # dollars per day
    vega: Decimal | None  # dollars per vol point
    rho: Decimal | None
    beta_weighted_delta: Decimal | None  # the same number as `delta`, by its full name
    # per total, how many positions' values were unknown and so are not in it
    left_out: dict[str, int] = Field(default_factory=dict)


class UnderlyingTotals(BaseModel):
    """Raw sums over one account's positions in one underlying (like units)."""

    account_number: str
    underlying: str
    delta: Decimal | None
    gamma: Decimal | None
    theta: Decimal | None
    vega: Decimal | None
    rho: Decimal | None
    beta_weighted_delta: Decimal | None


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def portfolio_totals(rows: list[GreeksPosition]) -> GreeksTotals:
    bwd = total(r.beta_weighted_delta for r in rows)
    names = {"delta": "beta_weighted_delta", "theta": "theta", "vega": "vega", "rho": "rho",
             "beta_weighted_delta": "beta_weighted_delta"}
    left_out = {name: sum(1 for r in rows if getattr(r, field) is None)
                for name, field in names.items()}
    return GreeksTotals(delta=bwd, theta=total(r.theta for r in rows),
                        vega=total(r.vega for r in rows), rho=total(r.rho for r in rows),
                        beta_weighted_delta=bwd, left_out=left_out)


def underlying_totals(rows: list[GreeksPosition]) -> list[UnderlyingTotals]:
    """Rows must be sorted by account and underlying (as `compute` sorts them)."""
    out = []
    for (account, underlying), group in groupby(
        rows, key=lambda r: (r.account_number, r.underlying)
    ):
        g = list(group)
        out.append(UnderlyingTotals(
            account_number=account, underlying=underlying,
            **{name: total(getattr(r, name) for r in g)
               for name in ("delta", "gamma", "theta", "vega", "rho", "beta_weighted_delta")},
        ))
    return out

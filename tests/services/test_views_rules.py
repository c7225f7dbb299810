"""Pure rules of the views: expiration cycles, the sparkline, transaction arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tastyking.models.views import Transaction
from tastyking.render.views.history import sparkline
from tastyking.services.chains.listing import ChainExpiration
from tastyking.services.views.activity import transaction_view
from tastyking.services.views.expirations import cycle_of, last_weekday_of_month


def _exp(d: date, label: str | None) -> ChainExpiration:
    return ChainExpiration(expiration=d, dte=0, root="SPXW", expiration_type=label,
                           settlement_type="PM", instrument_type="Equity Option",
                           underlying_type="Index", underlying_symbol="SPX", multiplier=None,
                           tick_sizes=[], strikes=[])


@pytest.mark.parametrize(("day", "label", "cycle"), [
    (date(2026, 12, 18), "Regular", "monthly"),
    (date(2026, 12, 31), "Weekly", "quarterly"),  # last weekday of a quarter month
    (date(2027, 1, 29), "Weekly", "end-of-month"),  # 2027-01-31 is a Sunday
    (date(2027, 1, 22), "Weekly", "weekly"),
    (date(2027, 3, 31), "Quarterly", "quarterly"),
    (date(2027, 2, 26), "End-Of-Month", "end-of-month"),
    (date(2027, 2, 19), None, "monthly"),  # no label: the third Friday
])
def test_expiration_cycles(day: date, label: str | None, cycle: str) -> None:
    assert cycle_of(_exp(day, label)) == cycle


def test_last_weekday_of_month() -> None:
    assert last_weekday_of_month(date(2026, 11, 3)) == date(2026, 11, 30)
    assert last_weekday_of_month(date(2027, 1, 5)) == date(2027, 1, 29)


def test_sparkline_scales_and_keeps_unknowns_blank() -> None:
    values = [Decimal(v) for v in (1, 2, 3, 4, 5, 6, 7, 8)]
    assert sparkline(values, 8) == "▁▂▃▄▅▆▇█"  # type: ignore[arg-type]
    assert sparkline([Decimal(1), None, Decimal(3)], 3) == "▁ █"
    assert sparkline([], 10) == ""
    assert len(sparkline([Decimal(i) for i in range(100)], 20)) == 20  # type: ignore[misc]


def test_a_transaction_nets_gross_less_fees() -> None:
    t = Transaction.model_validate({
        "id": 1, "account-number": "5WT00001", "transaction-type": "Trade",
        "value": "1880.0", "value-effect": "Credit", "regulatory-fees": "0.042",
        "regulatory-fees-effect": "Debit", "clearing-fees": "0.40",
        "clearing-fees-effect": "Debit", "commission": "40.0", "commission-effect": "Debit",
        "net-value": "1839.558", "net-value-effect": "Credit"})
    v = transaction_view(t)
    assert v.gross == Decimal("1880.0") and v.fees == Decimal("40.442")
    assert v.net == v.gross - v.fees

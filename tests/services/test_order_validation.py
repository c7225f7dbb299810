"""The prepared order's validation (models.prepared) and the command-line parsing of legs:
pure, no I/O. What reaches the broker has passed these checks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tastyking.domain.calendar import market_today
from tastyking.errors import UsageError
from tastyking.models.prepared import Kind, PreparedLeg, checked
from tastyking.services.orders.intent import parse_intent, parse_leg, plan_legs, units

D = Decimal
EXP = market_today() + timedelta(days=30)
TICKS = [{"value": D("0.05"), "threshold": D("3")}, {"value": D("0.10")}]


def leg(action: str, kind: Kind, strike: int, qty: int = 1, exp: date = EXP) -> PreparedLeg:
    a = {"STO": "Sell to Open", "BTO": "Buy to Open", "STC": "Sell to Close"}[action]
    return PreparedLeg(action=a, quantity=qty, instrument_type="Equity Option",
                       symbol=f"SPX {kind}{strike} {exp}", option_type=kind,
                       strike=D(strike), expiration=exp)


def draft(strategy: str, legs: list[PreparedLeg], **kw: Any):
    fields: dict[str, Any] = {"strategy": strategy, "side": "sell", "legs": legs,
                              "price": D("1.50"), "price_effect": "Credit", "tick_sizes": TICKS}
    fields.update(kw)
    return checked(**fields)


def test_a_valid_iron_condor_becomes_the_api_body() -> None:
    d = draft("iron-condor", [leg("STO", "P", 4900), leg("BTO", "P", 4890),
                              leg("STO", "C", 5200), leg("BTO", "C", 5210)],
              time_in_force="GTD", gtd_date=market_today() + timedelta(days=3))
    body = d.body()
    assert body["price"] == "1.5" and body["price-effect"] == "Credit"
    assert body["time-in-force"] == "GTD" and body["gtc-date"] == d.gtd_date.isoformat()
    assert body["legs"][0] == {"instrument-type": "Equity Option", "symbol": d.legs[0].symbol,
                               "quantity": 1, "action": "Sell to Open"}


@pytest.mark.parametrize(("strategy", "legs", "kw", "says"), [
    ("vertical", [leg("STO", "P", 4900), leg("BTO", "P", 4910)], {}, "wing on the wrong side"),
    ("vertical", [leg("STO", "C", 5200), leg("BTO", "C", 5190)], {}, "wing on the wrong side"),
    ("vertical", [leg("BTO", "C", 5200), leg("STO", "C", 5190)], {"side": "buy",
                                                                  "price_effect": "Debit"},
     "wing on the wrong side"),
    ("vertical", [leg("STO", "P", 4900), leg("BTO", "C", 4890)], {}, "same type"),
    ("iron-condor", [leg("STO", "P", 4900), leg("BTO", "P", 4910),
                     leg("STO", "C", 5200), leg("BTO", "C", 5210)], {}, "long put must be below"),
    ("iron-condor", [leg("STO", "P", 4900), leg("BTO", "P", 4890),
                     leg("STO", "C", 5200), leg("BTO", "C", 5190)], {}, "long call must be above"),
    ("strangle", [leg("STO", "P", 5200), leg("STO", "C", 4900)], {}, "must be below the call"),
    ("strangle", [leg("STO", "P", 4900), leg("BTO", "C", 5200)], {}, "sells one put and one call"),
    ("butterfly", [leg("BTO", "P", 4900), leg("STO", "P", 4910, 2), leg("BTO", "P", 4930)],
     {"side": "buy", "price_effect": "Debit"}, "equally wide"),
    ("butterfly", [leg("BTO", "P", 4900), leg("STO", "P", 4910, 1), leg("BTO", "P", 4920)],
     {"side": "buy", "price_effect": "Debit"}, "1:2:1"),
    ("strangle", [leg("STO", "P", 4900), leg("STO", "C", 5200,
                                             exp=EXP + timedelta(days=7))], {}, "one expiration"),
    ("single", [leg("STO", "P", 4900, exp=market_today() - timedelta(days=1))], {}, "in the past"),
    ("single", [leg("STO", "P", 4900, qty=0)], {}, "quantity must be positive"),
    ("single", [leg("STC", "P", 4900)], {}, "opens a position"),
    ("single", [leg("STO", "P", 4900)], {"price": D("1.52")}, "tick size 0.05"),
    ("single", [leg("STO", "P", 4900)], {"price": D("3.15")}, "tick size 0.10"),
    ("single", [leg("STO", "P", 4900)], {"time_in_force": "GTD",
                                         "gtd_date": market_today()}, "must be in the future"),
    ("single", [leg("STO", "P", 4900)], {"order_type": "Stop"}, "takes no --price"),
    ("single", [leg("STO", "P", 4900)], {"order_type": "Stop Limit"}, "needs --stop-trigger"),
    ("custom", [leg("STO", "P", 4900), leg("STO", "P", 4900)], {}, "appears in two legs"),
])
def test_invalid_orders_are_one_clear_usage_error(strategy, legs, kw, says) -> None:
    with pytest.raises(UsageError, match="invalid order") as info:
        draft(strategy, legs, **kw)
    assert says in info.value.message and "\n" not in info.value.message


def test_parse_leg_forms() -> None:
    first = parse_leg("sto 1 p 5000")
    assert (first.action, first.quantity, first.kind, first.strike) == ("STO", 1, "P", D(5000))
    assert parse_leg("BTO 2 CALL 512.5 2030-01-18").expiration == date(2030, 1, 18)
    for bad in ("STO 1 P", "STO x P 5000", "STO 0 P 5000", "STO 1 Q 5000", "STO 1 P -5",
                "STO 1 P 5000 2030-13-01"):
        with pytest.raises(UsageError):
            parse_leg(bad)


def test_custom_quantities_price_per_spread() -> None:
    intent = parse_intent("custom", "spy", dte=30, legs=["STO 2 P 500", "BTO 2 P 495"],
                          quantity=3)
    plans = plan_legs(intent)
    assert [p.ratio for p in plans] == [1, 1] and units(intent) == 6


def test_wings_are_planned_away_from_the_money() -> None:
    ic = plan_legs(parse_intent("iron-condor", "SPY", delta="0.1", width="5"))
    assert [(p.action, p.kind, p.wing_of, p.offset) for p in ic] == [
        ("STO", "P", None, 0), ("BTO", "P", 0, -5), ("STO", "C", None, 0), ("BTO", "C", 2, 5)]
    debit = plan_legs(parse_intent("vertical", "SPY", option_type="call", side="buy",
                                   strike="500", width="5"))
    assert [(p.action, p.strike, p.offset) for p in debit] == [("BTO", 500, 0), ("STO", None, 5)]

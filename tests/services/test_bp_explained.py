"""The buying-power explanation against tastytrade's own dry-runs (the recordings): a
credit spread whose requirement is its width, the credit counted apart (the API guide),
and a closing order whose figures leave a part unexplained (a production capture)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

from tastyking.domain.calendar import market_today
from tastyking.models.orders import DryRunResult
from tastyking.models.prepared import PreparedLeg, checked
from tastyking.services.orders.review import BrokerOutcome, build_review
from tests.conftest import FIXTURES

D = Decimal
EXP = market_today() + timedelta(days=30)


def _dry(name: str) -> DryRunResult:
    return DryRunResult.model_validate(json.loads((FIXTURES / name).read_text())["data"])


def _leg(action: str, strike: int) -> PreparedLeg:
    return PreparedLeg(action=action, quantity=1, instrument_type="Equity Option",
                       symbol=f"SPY C{strike}", option_type="C", strike=D(strike),
                       expiration=EXP)


def _review(name: str, **draft: Any) -> Any:
    outcome = BrokerOutcome(status="accepted", account="5WX00042", dry=_dry(name))
    return build_review(checked(**draft), units=1, multiplier=D(100), net_mid=None,
                        outcome=outcome, notes=[])


def test_a_credit_spread_margined_at_its_width_counts_the_credit_apart() -> None:
    # the guide: buy the 298 call, sell the 295 call for 2.00: requirement 300.0, BP
    # change 102.302 = 300 - 200 + fees 2.302; the max loss (3 - 2) x 100 is what it holds
    r = _review("official_guide/Post_Dry_Run_Response_Guide.json", strategy="vertical",
                side="sell", legs=[_leg("Buy to Open", 298), _leg("Sell to Open", 295)],
                price=D("2.0"), price_effect="Credit")
    ex = r.buying_power_effect.explained
    assert [(p.name, p.amount) for p in ex.parts] == [
        ("requirement", D("300.0")), ("credit", D(-200)), ("fees", D("2.302"))]
    assert ex.used == D("102.302")
    assert ex.text == "requirement 300.00 - credit received 200.00 + fees 2.30"
    assert r.max_loss == D(100) and ex.max_loss_difference == 0
    assert not any(n.startswith("WARNING") for n in r.notes)


def test_figures_that_do_not_add_up_are_said_to_and_never_hidden() -> None:
    # a production Sell to Close for 124.55: frees 123.965 of requirement, fees 0.011145,
    # and the buying power rises by 124.538855: 0.585 more than the two explain
    r = _review("Post_Dry_Run_Response_GTC.json", strategy="custom", side="sell",
                legs=[_leg("Sell to Close", 150)], price=D("124.55"), price_effect="Credit")
    ex = r.buying_power_effect.explained
    assert [(p.name, p.amount) for p in ex.parts] == [
        ("requirement", D("-123.965")), ("fees", D("0.011145")),
        ("unexplained", D("-0.585"))]
    assert ex.used == D("-124.538855")
    # in the direction of the change; each part rounds half up, so the cents say so
    assert ex.text == ("frees requirement 123.97 - fees 0.01 + unexplained 0.59 "
                       "(cents rounded)")
    assert ex.max_loss_difference is None  # a closing order is not compared
    assert ("WARNING: the broker's figures do not add up: a buying-power change of "
            "+124.54, but its requirement and fees make +123.95; 0.59 is unexplained"
            ) in r.notes


def test_a_broker_holding_more_than_the_max_loss_is_a_warning() -> None:
    # the guide's answer for an order priced at 1.95: its 300 - 200 no longer matches the
    # 195 credit, and the margin held is not (3 - 1.95) x 100
    r = _review("official_guide/Post_Dry_Run_Response_Guide.json", strategy="vertical",
                side="sell", legs=[_leg("Buy to Open", 298), _leg("Sell to Open", 295)],
                price=D("1.95"), price_effect="Credit")
    ex = r.buying_power_effect.explained
    assert [(p.name, p.amount) for p in ex.parts] == [
        ("requirement", D("300.0")), ("fees", D("2.302")), ("unexplained", D(-200))]
    assert ex.max_loss_difference == D(195)
    assert ("WARNING: the broker holds 300.00 for this defined-risk order, its max loss at "
            "the limit price is 105.00 (195.00 more)") in r.notes
    assert any(n.startswith("WARNING: the broker's figures do not add up") for n in r.notes)

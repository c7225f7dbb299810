"""The README demo's orders through the real stack: the buying-power change the broker
(the simulator) reports agrees with the order's own requirement, which follows
tastytrade's rules (hand-worked cases in tests/sim/test_margin.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest


def _prepare(tk, *args: str) -> dict[str, Any]:
    r = tk("prepare-order", *args, "--json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["dry_run"] == "accepted"
    return doc["review"]


def _agrees(review: dict[str, Any]) -> float:
    bp = review["buying_power_effect"]
    # an opening order: BP falls by its own requirement plus the fees, nothing else
    assert -bp["change"] == pytest.approx(bp["margin_requirement"] + review["fees"]["total"],
                                          abs=0.01)
    return float(bp["margin_requirement"])


def test_the_demo_strangle_needs_one_side_plus_the_other_premium(tk, sim) -> None:
    review = _prepare(tk, "strangle", "SPY", "--dte", "45", "--delta", "0.16")
    requirement = _agrees(review)
    spot = sim.state.market.snapshot(review["legs"][0]["symbol"]).underlying_price

    def naked(leg: dict[str, Any]) -> float:  # 20% less OTM, floor 10%, plus premium
        k = leg["strike"]
        otm = max(0.0, k - spot) if leg["option_type"] == "C" else max(0.0, spot - k)
        floor = 0.10 * (spot if leg["option_type"] == "C" else k)
        return (max(0.20 * spot - otm, floor) + leg["mid"]) * 100

    put, call = sorted(review["legs"], key=lambda leg: leg["option_type"], reverse=True)
    big, small = (put, call) if naked(put) >= naked(call) else (call, put)
    assert requirement == pytest.approx(naked(big) + small["mid"] * 100, abs=0.02)
    assert requirement < 0.6 * (naked(put) + naked(call))  # never the two sides added


@pytest.mark.parametrize("args", [
    ("butterfly", "SPY", "--type", "call", "--dte", "45", "--delta", "0.3", "--width", "5"),
    ("iron-condor", "SPY", "--dte", "112", "--delta", "0.10", "--width", "5"),
    ("vertical", "SPY", "--type", "put", "--dte", "45", "--delta", "0.3", "--width", "5"),
])
def test_defined_risk_needs_its_max_loss(tk, sim, args: tuple[str, ...]) -> None:
    review = _prepare(tk, *args)
    requirement = _agrees(review)
    # the broker prices at the legs' mids, the review at the limit price on the tick grid:
    # they differ by at most a cent of net price, 1.00 on 100 shares
    assert requirement == pytest.approx(float(review["max_loss"]), abs=1.0)

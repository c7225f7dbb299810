"""The review explains its buying-power change: the README's demo orders through the real
stack, each checked against a requirement worked by hand from the legs' quotes in the
output (the simulator margins at the mids, as tastytrade does), and the table at 80
columns keeps every part of the explanation whole."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tests.cli.terminal import in_terminal, sim_env

D = Decimal
CENT = D("0.01")

STRANGLE = ("strangle", "SPY", "--dte", "45", "--delta", "0.16")
BUTTERFLY = ("butterfly", "SPY", "--type", "call", "--dte", "45", "--delta", "0.3",
             "--width", "5")
SPX_VERTICAL = ("vertical", "SPX", "--type", "put", "--dte", "0", "--delta", "0.10",
                "--width", "10")
CONDOR = ("iron-condor", "SPY", "--dte", "112", "--delta", "0.10", "--width", "5")


def _m(x: Decimal) -> str:
    return f"{D(str(x)).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"



def _review(tk, args: tuple[str, ...]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    doc = tk("prepare-order", *args, "--json").decimal_json()
    assert doc["dry_run"] == "accepted"
    return doc["review"]


def _mid(leg: dict[str, Any]) -> Decimal:
    return (leg["bid"] + leg["ask"]) / 2


def _fees(review: dict[str, Any]) -> Decimal:
    f = review["fees"]
    parts = f["commission"] + f["clearing"] + f["regulatory"] + f["proprietary_index_option"]
    assert abs(f["total"] - parts) < D("0.0001")  # the broker rounds each to 5 places
    return f["total"]  # type: ignore[no-any-return]


def _strangle_requirement(sim: Any, review: dict[str, Any]) -> Decimal:
    spot = D(str(sim.state.market.snapshot(review["legs"][0]["symbol"]).underlying_price))

    def naked(leg: dict[str, Any]) -> Decimal:  # 20% less OTM, floor 10%, plus premium
        k = leg["strike"]
        otm = max(D(0), k - spot) if leg["option_type"] == "C" else max(D(0), spot - k)
        floor = D("0.10") * (spot if leg["option_type"] == "C" else k)
        return (max(D("0.20") * spot - otm, floor) + _mid(leg)) * 100

    a, b = review["legs"]
    big, small = (a, b) if naked(a) >= naked(b) else (b, a)
    return (naked(big) + _mid(small) * 100).quantize(CENT)


def _spread(review: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(the broker's requirement at the mids, our max loss at the limit price), by hand."""
    legs = review["legs"]
    net_mid = sum((_mid(x) * (x["quantity"] if x["action"].startswith("Sell") else
                              -x["quantity"]) for x in legs), D(0))  # credit positive
    price = review["net_price"]
    if review["price_effect"] == "Debit":  # a long butterfly: its debit
        return -net_mid * 100, price * 100
    puts = sorted(x["strike"] for x in legs if x["option_type"] == "P")
    calls = sorted(x["strike"] for x in legs if x["option_type"] == "C")
    width = max(puts[-1] - puts[0] if puts else D(0), calls[-1] - calls[0] if calls else D(0))
    return (width - net_mid) * 100, (width - price) * 100


def _check(review: dict[str, Any], requirement: Decimal) -> dict[str, Any]:
    bp, fees = review["buying_power_effect"], _fees(review)
    ex = bp["explained"]
    assert [(p["name"], p["amount"]) for p in ex["parts"]] == [
        ("requirement", requirement), ("fees", fees)]
    assert ex["used"] == -bp["change"]
    assert abs(ex["used"] - (requirement + fees)) < D("0.001")  # the broker's 3 decimals
    assert bp["margin_requirement"] == requirement  # an opening order: its own requirement
    assert ex["text"] == f"requirement {_m(requirement)} + fees {_m(fees)}"
    return ex  # type: ignore[no-any-return]


def test_the_demo_strangle_is_its_requirement_plus_fees(tk, sim) -> None:  # type: ignore[no-untyped-def]
    review = _review(tk, STRANGLE)
    ex = _check(review, _strangle_requirement(sim, review))
    assert review["max_loss"] == "unlimited" and ex["max_loss_difference"] is None
    assert not any("defined-risk" in n for n in review["notes"])


@pytest.mark.parametrize("args", [BUTTERFLY, SPX_VERTICAL, CONDOR],
                         ids=["butterfly", "spx-vertical", "iron-condor"])
def test_defined_risk_is_compared_with_its_max_loss(tk, sim, args) -> None:  # type: ignore[no-untyped-def]
    review = _review(tk, args)
    requirement, max_loss = _spread(review)
    ex = _check(review, requirement)
    assert review["max_loss"] == max_loss
    assert ex["max_loss_difference"] == requirement - max_loss
    said = [n for n in review["notes"] if "defined-risk" in n]
    if requirement == max_loss:
        assert said == []
    else:  # the broker priced at the mids, the limit is on the tick grid: said plainly,
        # and not as a warning, since the mids explain it
        gap = abs(requirement - max_loss)
        assert said == [f"the broker holds {_m(requirement)} for this defined-risk "
                        f"order, its max loss at the limit price is {_m(max_loss)} "
                        f"({_m(gap)} {'more' if requirement > max_loss else 'less'}): "
                        "the broker prices the order at the quotes' mid"]


def test_the_explanation_at_80_columns_is_whole_and_adds_up(pinned_sim) -> None:  # type: ignore[no-untyped-def]
    env, args = sim_env(pinned_sim), BUTTERFLY  # three legs, and a note on its max loss
    wide = in_terminal("prepare-order", *args, "--json", env=env, columns=200)
    review = json.loads(wide.text[wide.text.index("{"):], parse_float=D)["review"]
    screen = in_terminal("prepare-order", *args, env=env)
    assert screen.code == 0, screen.text
    assert not any("…" in line or len(line) > 80 for line in screen.lines()), screen.text
    for leg in review["legs"]:
        row = next(line for line in screen.lines() if leg["symbol"] in line)
        assert leg["expiration"] in row
    requirement, fees = (p["amount"] for p in review["buying_power_effect"]["explained"]["parts"])
    shown = D(_m(requirement).replace(",", "")) + D(_m(fees).replace(",", ""))
    assert abs(shown - review["buying_power_effect"]["explained"]["used"]) <= D("0.005")
    change = next(line for line in screen.lines() if "Buying-power change" in line)
    assert f"-{shown:,.2f}" in change  # the row is its parts added up, to the cent
    parts = next(line for line in screen.lines() if "made up of" in line)
    assert f"requirement {_m(requirement)} + fees {_m(fees)}" in parts
    flat = " ".join(screen.text.split())
    for note in review["notes"]:
        assert " ".join(note.split()) in flat


def test_a_closing_order_says_what_it_frees(tk, sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # buy back the demo book's 0DTE short SPX put: the spread's requirement is freed,
    # the fees come off it, and the table says so in the direction of the change
    held = tk("positions", "--json").decimal_json()["positions"]
    short = next(p for p in held if p["underlying"] == "SPX" and p["quantity"] < 0)
    leg = f"BTC 1 P {short['strike']} {short['expiration']}"
    review = _review(tk, ("custom", "SPX", "--leg", leg))
    bp, fees = review["buying_power_effect"], _fees(review)
    ex = bp["explained"]
    assert [p["name"] for p in ex["parts"]] == ["requirement", "fees"]
    freed = -ex["parts"][0]["amount"]
    assert freed > 0 and ex["parts"][1]["amount"] == fees and bp["change"] > 0
    assert abs(bp["change"] - (freed - fees)) < D("0.001")
    assert ex["text"] == f"frees requirement {_m(freed)} - fees {_m(fees)}"
    assert ex["max_loss_difference"] is None
    monkeypatch.setenv("COLUMNS", "80")
    table = tk("prepare-order", "custom", "SPX", "--leg", leg).out
    change = next(line for line in table.splitlines() if "Buying-power change" in line)
    shown = D(_m(freed).replace(",", "")) - D(_m(fees).replace(",", ""))
    assert f"+{shown:,.2f}" in change
    assert ex["text"] in table

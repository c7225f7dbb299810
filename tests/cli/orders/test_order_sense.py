"""prepare-order catches what a trader would: impossible prices, prices far from the mid,
wings between listed strikes, 16 for 16 delta, and says which expiration it chose.
Also the review at 80 columns: OCC symbols and expirations whole."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.cli.terminal import in_terminal, sim_env

D = Decimal



def _doc(r: Any) -> dict[str, Any]:
    assert r.code == 0, r.err
    return json.loads(r.out, parse_float=D, parse_int=D)  # type: ignore[no-any-return]


def _chain(tk, dte: str = "30") -> tuple[str, list[D]]:  # type: ignore[no-untyped-def]
    doc = _doc(tk("chain", "SPY", "--dte", dte, "--strikes", "1000", "--json"))
    return doc["expiration"], [row["strike"] for row in doc["rows"] if row["put"]]


def _spread(strikes: list[D], width: D) -> D:
    """A strike near the middle with another `width` below it."""
    mid = strikes[len(strikes) // 2:]
    return next(k for k in mid if k - width in strikes)


def test_a_credit_at_or_above_the_width_is_refused(tk, sim) -> None:  # type: ignore[no-untyped-def]
    exp, strikes = _chain(tk)
    k = _spread(strikes, D(5))
    for price in ("5", "20"):
        r = tk("prepare-order", "vertical", "SPY", "--type", "put", "--expiration", exp,
               "--strike", str(k), "--width", "5", "--price", price)
        assert r.code == 2, (r.code, r.err)
        assert r.err.count("\n") == 1 and "at or above the spread's width (5)" in r.err
        assert r.out == ""


def test_a_debit_at_or_above_the_width_is_refused(tk, sim) -> None:  # type: ignore[no-untyped-def]
    exp, strikes = _chain(tk)
    k = _spread(strikes, D(5))
    r = tk("prepare-order", "vertical", "SPY", "--type", "put", "--side", "buy",
           "--expiration", exp, "--strike", str(k), "--width", "5", "--price", "5")
    assert r.code == 2 and "debit of 5 is at or above the spread's width" in r.err, r.err


def test_a_price_far_from_the_mid_warns_and_max_loss_stays_positive(tk, sim) -> None:  # type: ignore[no-untyped-def]
    exp, strikes = _chain(tk)
    k = _spread(strikes, D(5))
    base = ("prepare-order", "vertical", "SPY", "--type", "put", "--expiration", exp,
            "--strike", str(k), "--width", "5")
    near = _doc(tk(*base, "--json"))
    assert not any(n.startswith("WARNING") for n in near["review"]["notes"])
    mid = near["review"]["net_mid"]
    legs = near["review"]["legs"]
    half_span = sum(leg["ask"] - leg["bid"] for leg in legs) / 2
    far_price = (mid + half_span * D("1.5") + D("0.5")).quantize(D("0.01"))
    assert far_price < 5
    doc = _doc(tk(*base, "--price", str(far_price), "--json"))
    (warning,) = [n for n in doc["review"]["notes"] if n.startswith("WARNING")]
    assert f"price {far_price}" in warning and "far from the net mid" in warning
    assert doc["review"]["max_loss"] >= 0
    assert doc["review"]["max_loss"] == (5 - far_price) * 100
    table = tk(*base, "--price", str(far_price))
    assert "WARNING: the price" in table.out


def test_width_between_strikes_takes_the_nearest_wider_wing_and_says_so(tk, sim) -> None:  # type: ignore[no-untyped-def]
    exp, strikes = _chain(tk)
    # A strike with listed neighbours 5 and 10 below and nothing else in between: a
    # 7.5 wide wing is as near to one as to the other, so it takes the wider (10).
    k = next(k for k in strikes[len(strikes) // 2:] if k - 5 in strikes and k - 10 in strikes
             and not any(k - 10 < s < k and s != k - 5 for s in strikes))
    doc = _doc(tk("prepare-order", "vertical", "SPY", "--type", "put", "--expiration", exp,
                  "--strike", str(k), "--width", "7.5", "--json"))
    assert [leg["strike"] for leg in doc["review"]["legs"]] == [k, k - 10]
    note = f"--width 7.5: {k - D('7.5')} is not listed; the put wing uses {k - 10} (10 wide)"
    assert note in doc["review"]["notes"]


def test_width_fails_only_when_no_strike_lies_on_that_side(tk, sim) -> None:  # type: ignore[no-untyped-def]
    exp, strikes = _chain(tk)
    r = tk("prepare-order", "vertical", "SPY", "--type", "put", "--expiration", exp,
           "--strike", str(strikes[0]), "--width", "5", "--price", "0.5")
    assert r.code == 2 and r.err.count("\n") == 1
    assert f"lists no put below {strikes[0]}" in r.err


def test_delta_16_means_16_delta(tk, sim) -> None:  # type: ignore[no-untyped-def]
    whole = _doc(tk("prepare-order", "strangle", "SPY", "--delta", "16", "--json"))
    decimal = _doc(tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--json"))
    assert whole["order"]["legs"] == decimal["order"]["legs"]
    chain16 = _doc(tk("chain", "SPY", "--delta", "16", "--json"))
    assert chain16["marked"] == _doc(tk("chain", "SPY", "--delta", "0.16", "--json"))["marked"]
    r = tk("prepare-order", "strangle", "SPY", "--delta", "16.5")
    assert r.code == 2 and "did you mean 0.165?" in r.err


@pytest.mark.parametrize("flag", ["--put", "--call"])
def test_strangle_refuses_delta_with_a_strike(tk, sim, flag) -> None:  # type: ignore[no-untyped-def]
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", flag, "500")
    assert r.code == 2 and "not both" in r.err and r.out == ""


def test_the_chosen_expiration_and_why(tk, sim) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--json"))
    exp = doc["expiration"]
    assert any(n.startswith(f"expiration {exp} (") and "the strangle default of 90 DTE" in n
               for n in doc["review"]["notes"]), doc["review"]["notes"]
    doc = _doc(tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--dte", "30",
                  "--json"))
    assert any("nearest --dte 30" in n for n in doc["review"]["notes"])
    help_text = tk("prepare-order", "--help").out
    for words in ("strangle 90", "iron-condor 112", "others 45"):
        assert words in " ".join(help_text.split()), words


def _cut(line: str) -> bool:
    return "…" in line or len(line) > 80


def test_review_at_80_columns_keeps_symbols_and_dates_whole(pinned_sim) -> None:  # type: ignore[no-untyped-def]
    env = sim_env(pinned_sim)
    screen = in_terminal("prepare-order", "iron-condor", "/ES", "--delta", "0.16",
                         "--width", "50", env=env)
    assert screen.code == 0, screen.text
    json_screen = in_terminal("prepare-order", "iron-condor", "/ES", "--delta", "0.16",
                              "--width", "50", "--json", env=env, columns=200)
    doc = json.loads(json_screen.text[json_screen.text.index("{"):])
    assert not any(_cut(line) for line in screen.lines()), screen.text
    for leg in doc["review"]["legs"]:
        row = next(line for line in screen.lines() if leg["symbol"] in line)
        assert leg["expiration"] in row
        assert row.split()[0] in ("STO", "BTO")
    assert "STO = sell to open" in screen.text
    row = next(line for line in screen.lines() if "Breakevens" in line)
    for b in doc["review"]["breakevens"]:  # /ES breakevens with thousands separators
        assert f"{D(str(b)):,.2f}" in row

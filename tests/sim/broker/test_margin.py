"""The sim's margin rules on hand-worked structures (dollars).

Every expected figure is worked by hand in the comments from the stated strikes,
premiums and underlying price, after tastytrade's published rules; none is the
code's own output.
"""

from __future__ import annotations

import time

import pytest

from tastyking.sim.broker.margin import Leg, requirement
from tastyking.sim.market.chains import Expiry
from tastyking.sim.market.model import Market
from tastyking.sim.market.symbols import equity_option, future_option

MARKET = Market(seed=0)


def _expiry(underlying: str, which: int = 0) -> Expiry:
    chain = MARKET.chain(underlying)
    assert chain is not None
    return [e for e in chain.expiries if e.expiration_type == "Regular"][which]


SPY = _expiry("SPY")
SPY_LATER = _expiry("SPY", 2)
ES = _expiry("ES")


def spy(kind: str, strike: float, qty: float, mark: float, under: float = 550.0,
        expiry: Expiry = SPY) -> Leg:
    return Leg("Equity Option", qty, 100, mark, under, "SPY",
               option=equity_option("SPY", expiry, kind, strike))


def es(kind: str, strike: float, qty: float, mark: float, under: float = 6000.0) -> Leg:
    return Leg("Future Option", qty, 50, mark, under, "ES",
               option=future_option("ES", ES, kind, strike))


def test_short_strangle_needs_the_larger_side_plus_the_other_premium() -> None:
    # SPY at 550. Short 520 put at 2.80: 20% x 550 = 110, less 30 OTM = 80
    # (floor 10% x 520 = 52), plus 2.80 = 82.80 -> 8,280.00 per contract.
    put = spy("P", 520, -1, 2.80)
    # Short 580 call at 2.10: 110 less 30 OTM = 80 (floor 55), plus 2.10 -> 8,210.00.
    call = spy("C", 580, -1, 2.10)
    assert requirement([put]) == 8280.00
    assert requirement([call]) == 8210.00
    # Strangle: the put side's 8,280.00 plus the call's premium 210.00 = 8,490.00
    # (not the two sides added up, 16,490.00).
    assert requirement([put, call]) == 8490.00
    # Ten of them: 84,900.00, the same rule per lot.
    assert requirement([spy("P", 520, -10, 2.80), spy("C", 580, -10, 2.10)]) == 84900.00


def test_a_far_otm_naked_put_pays_the_floor() -> None:
    # SPY at 550, short 400 put at 0.20: 110 less 150 OTM is negative, so the
    # floor 10% x 400 = 40, plus 0.20 = 40.20 -> 4,020.00.
    assert requirement([spy("P", 400, -1, 0.20)]) == 4020.00


def test_defined_risk_spreads_need_their_max_loss() -> None:
    # Put credit spread: short 540 at 3.00, long 535 at 2.50: 5 wide less the 0.50
    # credit = 4.50 -> 450.00.
    assert requirement([spy("P", 540, -1, 3.00), spy("P", 535, 1, 2.50)]) == 450.00
    # Call debit spread: long 550 at 6.00, short 555 at 3.50: the 2.50 debit -> 250.00.
    assert requirement([spy("C", 550, 1, 6.00), spy("C", 555, -1, 3.50)]) == 250.00


def test_iron_condor_requires_the_wider_side_less_the_whole_credit() -> None:
    put_spread = [spy("P", 525, -1, 3.00), spy("P", 520, 1, 2.50)]   # 5 wide, 0.50 credit
    call_spread = [spy("C", 575, -1, 2.00), spy("C", 585, 1, 1.20)]  # 10 wide, 0.80 credit
    # Sides alone: 5 - 0.50 = 4.50 -> 450.00; 10 - 0.80 = 9.20 -> 920.00.
    assert requirement(put_spread) == 450.00
    assert requirement(call_spread) == 920.00
    # Condor: only one side can lose: 10 wide less the 1.30 total credit = 8.70 -> 870.00.
    assert requirement(put_spread + call_spread) == 870.00


def test_butterflies_need_their_debit_or_their_worst_wing() -> None:
    # Long call butterfly 550/555/560: 6.00 - 2 x 3.50 + 1.38 = 0.38 debit -> 38.00
    # (not the 5-wide short spread on top: 538.00).
    fly = [spy("C", 550, 1, 6.00), spy("C", 555, -2, 3.50), spy("C", 560, 1, 1.38)]
    assert requirement(fly) == 38.00
    # Broken wing 550/555/565: 6.00 - 7.00 + 0.60 = 0.40 credit; at 565 and above the
    # payoff is 15 - 20 = -5, so the max loss is 5 - 0.40 = 4.60 -> 460.00.
    bwb = [spy("C", 550, 1, 6.00), spy("C", 555, -2, 3.50), spy("C", 565, 1, 0.60)]
    assert requirement(bwb) == 460.00
    # Iron fly: short 550 put 5.00 and call 6.00, long 540 put 2.00 and 560 call 2.50:
    # 10 wide less the 6.50 credit = 3.50 -> 350.00.
    iron_fly = [spy("P", 550, -1, 5.00), spy("C", 550, -1, 6.00),
                spy("P", 540, 1, 2.00), spy("C", 560, 1, 2.50)]
    assert requirement(iron_fly) == 350.00


def test_long_premium_needs_the_debit() -> None:
    # Long 3 puts at 3.20: 3 x 320.00 = 960.00.
    assert requirement([spy("P", 530, 3, 3.20)]) == 960.00
    # A calendar: short 550 call at 4.00 near, long 550 call at 9.00 later: the 5.00
    # debit -> 500.00 (the long expires later, so it covers the short).
    calendar = [spy("C", 550, -1, 4.00), spy("C", 550, 1, 9.00, expiry=SPY_LATER)]
    assert requirement(calendar) == 500.00


def test_futures_options_follow_the_same_shapes() -> None:
    # /ES at 6000, multiplier 50. Short 5500 put at 10.00: 10% x 6000 = 600 less 500
    # OTM = 100, under the 3.5% floor of 210, so 210 + 10 = 220 -> 11,000.00.
    put = es("P", 5500, -1, 10.00)
    # Short 6400 call at 8.00: 600 - 400 = 200 < 210, so 210 + 8 = 218 -> 10,900.00.
    call = es("C", 6400, -1, 8.00)
    assert requirement([put]) == 11000.00
    assert requirement([call]) == 10900.00
    # Strangle: 11,000.00 + the call's premium 8 x 50 = 400.00 -> 11,400.00.
    assert requirement([put, call]) == 11400.00
    # Put spread 5500/5450 at 10.00/7.00: 50 wide less 3.00 credit = 47 -> 2,350.00.
    assert requirement([put, es("P", 5450, 1, 7.00)]) == 2350.00


def test_cash_account_secures_puts_and_pays_stock_in_full() -> None:
    # Short 520 put at 2.80 cash-secured: (520 - 2.80) x 100 = 51,720.00.
    assert requirement([spy("P", 520, -1, 2.80)], cash_account=True) == 51720.00
    # 50 shares at 550.00 paid in full: 27,500.00; in margin 50%: 13,750.00.
    stock = Leg("Equity", 50, 1, 550.0, 550.0, "SPY")
    assert requirement([stock], cash_account=True) == 27500.00
    assert requirement([stock]) == 13750.00


def test_covered_call_adds_nothing_to_the_stock() -> None:
    # 100 shares at 550 in margin: 100 x 550 x 50% = 27,500.00; a short 580 call
    # against them is covered, so the total stays 27,500.00.
    stock = Leg("Equity", 100, 1, 550.0, 550.0, "SPY")
    assert requirement([stock, spy("C", 580, -1, 2.10)]) == 27500.00


@pytest.mark.parametrize("lots", [3_000, 10**12])
def test_work_does_not_grow_with_quantity(lots: int) -> None:
    # An iron condor of any size: 870.00 per lot (hand-worked above), in constant time.
    condor = [spy("P", 525, -lots, 3.00), spy("P", 520, lots, 2.50),
              spy("C", 575, -lots, 2.00), spy("C", 585, lots, 1.20)]
    started = time.perf_counter()
    assert requirement(condor) == pytest.approx(870.00 * lots, rel=1e-9)
    assert time.perf_counter() - started < 0.05

"""The sim's margin rules on hand-worked structures (dollars, multiplier 100)."""

from __future__ import annotations

from datetime import date

from tastyking.sim.broker.margin import Leg, requirement
from tastyking.sim.market.model import Market


def leg(market: Market, symbol: str, qty: float, mark: float) -> Leg:
    spec = market.option_spec(symbol)
    assert spec is not None, symbol
    return Leg("Equity Option", qty, 100, mark, 550.0, "SPY", option=spec)


def spy_symbols(market: Market) -> tuple[str, list[float]]:
    chain = market.chain("SPY")
    assert chain is not None
    expiry = next(e for e in chain.expiries if e.expiration_type == "Regular")
    return expiry.expiration.isoformat(), list(expiry.strikes)


def occ(exp: str, kind: str, strike: float) -> str:
    d = date.fromisoformat(exp)
    return f"SPY   {d:%y%m%d}{kind}{int(strike * 1000):08d}"


def test_iron_condor_requires_only_the_riskier_side_less_the_other_credit() -> None:
    market = Market(seed=0)
    exp, strikes = spy_symbols(market)
    # a 5-wide put spread and a 10-wide call spread from listed strikes
    p_long = strikes[2]
    p_short = p_long + 5
    c_short = strikes[-5]
    c_long = c_short + 10
    assert {p_short, c_long} <= set(strikes)
    put_spread = [leg(market, occ(exp, "P", p_short), -1, 3.00),
                  leg(market, occ(exp, "P", p_long), 1, 2.50)]
    call_spread = [leg(market, occ(exp, "C", c_short), -1, 2.00),
                   leg(market, occ(exp, "C", c_long), 1, 1.20)]
    # put side: 5 wide - 0.50 credit = 4.50; call side: 10 wide - 0.80 credit = 9.20
    assert requirement(put_spread) == 450.0
    assert requirement(call_spread) == 920.0
    # condor: the call side's 9.20 less the put side's 0.50 credit = 8.70
    assert requirement(put_spread + call_spread) == 870.0

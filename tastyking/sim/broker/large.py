"""The large book (`tastyking sim --book large`): three margin accounts holding over 500
positions across every listed name, so a client's batching is tested at real size.

Each stock or index gets one structure, picked by its place in the list (strangle,
iron condor, covered call, iron condor, jade lizard) around 45 DTE, every other one a
20-DTE short put as well; the futures side has /ES, /CL and /GC options strangles and
/MES, /MCL and /MGC contracts. Strikes are picked by moneyness (about 16 and 30 delta
at the product's IV), which needs no option pricing and keeps the build fast.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from tastyking.sim.broker.accounts import (
    Account,
    Book,
    Picker,
    Position,
    _opt,
    _stock,
    nearest_expiry,
)
from tastyking.sim.market import calendar as cal
from tastyking.sim.market.chains import Chain, Expiry
from tastyking.sim.market.model import Market
from tastyking.sim.market.quotes import round_tick
from tastyking.sim.market.symbols import OptionSpec, equity_option, future_option
from tastyking.sim.market.universe import STOCKS

NUMBERS = ("5WT00011", "5WT00012", "5WT00013")
Z16, Z30 = 1.0, 0.52  # standard-normal quantiles of the 16- and 30-delta strikes


def _strike(e: Expiry, spot: float, sigma: float, today: date, kind: str, z: float) -> float:
    t = max(1, (e.expiration - today).days) / 365.0
    sign = 1.0 if kind == "C" else -1.0
    target = spot * math.exp(sign * z * sigma * math.sqrt(t))
    return min(e.strikes, key=lambda k: abs(k - target))


def _wing(e: Expiry, k: float, kind: str, steps: int = 2) -> float:
    i = e.strikes.index(k) + (steps if kind == "C" else -steps)
    return e.strikes[max(0, min(len(e.strikes) - 1, i))]


class _Builder:
    def __init__(self, m: Market) -> None:
        self.m, self.pick = m, Picker(m)
        self.today, self.vix = m.today(), m.vix()

    def add(self, acct: Account, spec: OptionSpec, qty: int, days_ago: float) -> None:
        acct.positions.append(_opt(acct, spec, qty, self.pick.price(spec), self.m, days_ago))

    def equity(self, acct: Account, i: int, symbol: str) -> None:
        chain: Chain | None = self.m.chain(symbol)
        snap = self.m.snapshot(symbol)
        if chain is None or snap is None:
            return
        spot, sigma = snap.last, self.m.atm30(symbol, self.vix)
        root = "SPXW" if symbol == "SPX" else None
        e = nearest_expiry(chain, self.today, 45, root=root, min_dte=20)
        ago = 3 + (i * 7) % 40

        def opt(kind: str, k: float, x: Expiry = e) -> OptionSpec:
            return equity_option(symbol, x, kind, k)

        sp = _strike(e, spot, sigma, self.today, "P", Z16)
        sc = _strike(e, spot, sigma, self.today, "C", Z16)
        shape = i % 5
        if shape in (0, 1, 3):
            self.add(acct, opt("P", sp), -1, ago)
            self.add(acct, opt("C", sc), -1, ago)
            if shape != 0:  # iron condor: the wings
                self.add(acct, opt("P", _wing(e, sp, "P")), 1, ago)
                self.add(acct, opt("C", _wing(e, sc, "C")), 1, ago)
        elif shape == 2 and STOCKS[symbol].kind != "Index":
            acct.positions.append(_stock(acct, self.m, symbol, 100, ago))
            self.add(acct, opt("C", _strike(e, spot, sigma, self.today, "C", Z30)), -1, ago)
        else:  # jade lizard: a short put and a short call spread
            self.add(acct, opt("P", _strike(e, spot, sigma, self.today, "P", Z30)), -1, ago)
            self.add(acct, opt("C", sc), -1, ago)
            self.add(acct, opt("C", _wing(e, sc, "C")), 1, ago)
        if i % 2 == 0:
            near = nearest_expiry(chain, self.today, 20, root=root, min_dte=7)
            if near.expiration != e.expiration:
                k = _strike(near, spot, sigma, self.today, "P", Z16)
                self.add(acct, opt("P", k, near), -1, 1 + i % 5)

    def futures_options(self, acct: Account, code: str, days_ago: float) -> None:
        chain = self.m.chain(code)
        if chain is None:
            return
        e = nearest_expiry(chain, self.today, 60, min_dte=30)
        assert e.fop is not None
        spot = self.m.snapshot(e.fop.underlying.symbol)
        if spot is None:
            return
        sigma = self.m.atm30(code, self.vix)
        for kind in "PC":
            k = _strike(e, spot.last, sigma, self.today, kind, Z16)
            self.add(acct, future_option(code, e, kind, k), -1, days_ago)

    def future(self, acct: Account, code: str, qty: int, sessions_ago: int) -> None:
        c = next(c for c in self.m.contracts(code) if c.active)
        bar = self.m.day_bars(c.product.driver, self.today, sessions_ago + 1)[0]
        at: datetime = cal.at_ny(bar.day, cal.CLOSE)
        price = round_tick(self.m.future_price(c, bar.close, at), c.product.tick)
        acct.positions.append(Position(acct.number, c.symbol, "Future", c.product.root, qty,
                                       price, c.product.multiplier, at, c.expires_at,
                                       future=c))


def large_book(m: Market) -> Book:
    """Three margin accounts and over 500 positions on 150+ underlyings."""
    now = m.now()
    accounts = [Account(n, f"Book {i + 1}", "Individual", "Margin", True, "No Restrictions",
                        datetime(2020, 6, 1 + i, 14, 0, tzinfo=now.tzinfo), 2_000_000.0,
                        1011 + i) for i, n in enumerate(NUMBERS)]
    _fill(m, accounts)
    return Book(m, {a.number: a for a in accounts})


def _fill(m: Market, accounts: list[Account]) -> None:
    b = _Builder(m)
    names = [s for s, st in STOCKS.items() if st.schedule]
    for i, symbol in enumerate(names):
        b.equity(accounts[i % len(accounts)], i, symbol)
    for j, code in enumerate(("ES", "CL", "GC")):
        b.futures_options(accounts[j % len(accounts)], code, 10 + 5 * j)
    for j, (code, qty) in enumerate((("MES", 2), ("MCL", 1), ("MGC", -1))):
        b.future(accounts[(j + 1) % len(accounts)], code, qty, 4 + j)

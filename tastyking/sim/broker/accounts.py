"""The two demo accounts and their positions, picked from today's chains.

5WT00001 (Individual, margin, futures): a ~90 DTE /ES 5-delta short strangle, a
~60 DTE /MES 10-delta short strangle (a micro's fixed-width option symbols), an
LT112 SPY put structure (~112 DTE), a short SPX put spread on the nearest SPXW
expiration, an AAPL IPMCC (0.8-delta LEAP call + 0.3-delta short call), 100 IWM
and 1 long /MCL front month. 5WT00002 (Roth IRA, cash): 50 SPY and a short
45 DTE SPY put.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from tastyking.sim.market import calendar as cal
from tastyking.sim.market.chains import Chain, Expiry
from tastyking.sim.market.futures import FutureContract
from tastyking.sim.market.model import Market
from tastyking.sim.market.quotes import round_tick
from tastyking.sim.market.symbols import OptionSpec, equity_option, future_option
from tastyking.sim.market.universe import STOCKS

MAIN = "5WT00001"
IRA = "5WT00002"


@dataclass
class Position:
    account: str
    symbol: str
    instrument_type: str
    underlying: str
    quantity: int  # signed
    average_open: float
    multiplier: float
    created_at: datetime
    expires_at: datetime | None = None
    option: OptionSpec | None = None
    future: FutureContract | None = None


@dataclass
class Account:
    number: str
    nickname: str
    type_name: str
    margin_or_cash: str
    futures_approved: bool
    options_level: str
    opened_at: datetime
    deposit: float
    id: int
    positions: list[Position] = field(default_factory=list)
    fees: float = 0.0  # paid on the trades that opened the positions (ledger.py)

    @property
    def is_cash(self) -> bool:
        return self.margin_or_cash == "Cash"

    @property
    def cash(self) -> float:
        """Deposit less what the open positions cost (plus what the shorts brought in) and
        the fees paid opening them."""
        spent = sum(p.quantity * p.average_open * p.multiplier for p in self.positions
                    if p.instrument_type != "Future")
        return round(self.deposit - spent - self.fees, 2)

    @property
    def funded_at(self) -> datetime:
        return self.opened_at + timedelta(days=12)


def nearest_expiry(chain: Chain, today: date, dte: float, root: str | None = None,
                   min_dte: int = 0) -> Expiry:
    pool = [e for e in chain.expiries if (root is None or e.root == root)
            and (e.expiration - today).days >= min_dte]
    return min(pool, key=lambda e: (abs((e.expiration - today).days - dte), e.expiration))


class Picker:
    """Finds strikes by delta with the market's own pricing."""

    def __init__(self, market: Market) -> None:
        self.m = market
        self.now = market.now()
        self.vix = market.vix()

    def delta(self, spec: OptionSpec) -> float:
        # a few hours before expiry at most, so 0DTE still picks by moneyness after the close
        when = min(self.now, spec.expires_at - timedelta(hours=3))
        under = self.m.under(self.m.underlying_driver(spec), 0, self.now).last
        s = self.m.underlying_value(spec, under, when)
        return self.m.price_option(spec, s, when, self.vix)[0].delta

    def by_delta(self, make, expiry: Expiry, kind: str, target: float) -> OptionSpec:
        specs = [make(expiry, kind, k) for k in expiry.strikes]
        return min(specs, key=lambda sp: abs(abs(self.delta(sp)) - target))

    def price(self, spec: OptionSpec) -> float:
        snap = self.m.snapshot(spec.symbol)
        assert snap is not None
        return (snap.bid + snap.ask) / 2


class Book:
    def __init__(self, m: Market, accounts: dict[str, Account]) -> None:
        from tastyking.sim.broker.ledger import build_ledger

        self.accounts = accounts
        self.ledgers = {n: build_ledger(m, a, a.funded_at) for n, a in accounts.items()}
        for n, a in accounts.items():
            a.fees = self.ledgers[n].fees

    def get(self, number: str) -> Account | None:
        return self.accounts.get(number)

    @classmethod
    def demo(cls, m: Market) -> Book:
        now = m.now()
        main = Account(MAIN, "Main margin", "Individual", "Margin", True, "No Restrictions",
                       datetime(2021, 3, 26, 18, 31, 41, tzinfo=now.tzinfo), 250_000.0, 1001)
        ira = Account(IRA, "Roth IRA", "Roth IRA", "Cash", False, "Covered And Cash Secured",
                      datetime(2022, 1, 10, 15, 2, 9, tzinfo=now.tzinfo), 100_000.0, 1002)
        _fill_main(m, main)
        _fill_ira(m, ira)
        return cls(m, {MAIN: main, IRA: ira})


def _opt(acct: Account, spec: OptionSpec, qty: int, price: float, m: Market,
         days_ago: float) -> Position:
    mult = spec.future.product.multiplier if spec.future else 100.0
    tick = m.option_tick(spec, price)
    avg = max(tick, round_tick(price, tick))
    und = spec.underlying if spec.future else spec.product
    return Position(acct.number, spec.symbol, spec.instrument_type, und, qty, avg, mult,
                    m.now() - timedelta(days=days_ago), spec.expires_at, spec)


def _stock(acct: Account, m: Market, symbol: str, qty: int, sessions_ago: int) -> Position:
    stock = STOCKS[symbol]
    bar = m.day_bars(stock.driver, m.today(), sessions_ago + 1)[0]
    price = round(bar.close * stock.scale, 2)
    created = cal.at_ny(bar.day, time(14, 5))
    return Position(acct.number, symbol, "Equity", symbol, qty, price, 1.0, created)


def _fill_main(m: Market, acct: Account) -> None:
    pick, today, now = Picker(m), m.today(), m.now()
    es = m.chain("ES")
    assert es is not None
    e = nearest_expiry(es, today, 90)

    def fop(x: Expiry, kind: str, k: float) -> OptionSpec:
        return future_option("ES", x, kind, k)

    for kind in ("P", "C"):
        spec = pick.by_delta(fop, e, kind, 0.05)
        acct.positions.append(_opt(acct, spec, -1, pick.price(spec) * 1.35, m, 21))

    # A micro: its 5-character future code leaves no space in the fixed-width symbol
    # (./MESH7EX3F7 270115P5560), so every demo run shows whether a client reads it.
    mes = m.chain("MES")
    assert mes is not None
    e = nearest_expiry(mes, today, 60, min_dte=30)

    def micro(x: Expiry, kind: str, k: float) -> OptionSpec:
        return future_option("MES", x, kind, k)

    for kind in ("P", "C"):
        spec = pick.by_delta(micro, e, kind, 0.10)
        acct.positions.append(_opt(acct, spec, -1, pick.price(spec) * 1.25, m, 12))

    spy = m.chain("SPY")
    assert spy is not None
    e = nearest_expiry(spy, today, 112, min_dte=100)

    def spy_opt(x: Expiry, kind: str, k: float) -> OptionSpec:
        return equity_option("SPY", x, kind, k)

    long_put = pick.by_delta(spy_opt, e, "P", 0.25)
    short_put = pick.by_delta(spy_opt, e, "P", 0.20)
    if short_put.strike >= long_put.strike:
        short_put = spy_opt(e, "P", max(k for k in e.strikes if k < long_put.strike))
    naked = pick.by_delta(spy_opt, e, "P", 0.06)
    for spec, qty, f in ((long_put, 1, 0.9), (short_put, -1, 1.15), (naked, -2, 1.3)):
        acct.positions.append(_opt(acct, spec, qty, pick.price(spec) * f, m, 9))

    spx = m.chain("SPX")
    assert spx is not None
    e = min((x for x in spx.expiries if x.root == "SPXW"), key=lambda x: x.expiration)

    def spx_opt(x: Expiry, kind: str, k: float) -> OptionSpec:
        return equity_option("SPX", x, kind, k)

    short = pick.by_delta(spx_opt, e, "P", 0.10)
    long_k = max((k for k in e.strikes if k <= short.strike - 25), default=e.strikes[0])
    long = spx_opt(e, "P", long_k)
    opened_h = max(0.02, (now - cal.at_ny(m.session(now)[0], cal.OPEN)).total_seconds() / 3600)
    for spec, qty in ((short, -1), (long, 1)):
        acct.positions.append(_opt(acct, spec, qty, pick.price(spec) * (1.4 if qty < 0 else 1.2),
                                   m, min(opened_h, 5.0) / 24))

    aapl = m.chain("AAPL")
    assert aapl is not None

    def aapl_opt(x: Expiry, kind: str, k: float) -> OptionSpec:
        return equity_option("AAPL", x, kind, k)

    leap_e = nearest_expiry(aapl, today, 420, min_dte=301)
    leap = pick.by_delta(aapl_opt, leap_e, "C", 0.80)
    near_e = nearest_expiry(aapl, today, 7, min_dte=4)
    short_call = pick.by_delta(aapl_opt, near_e, "C", 0.30)
    acct.positions.append(_opt(acct, leap, 1, pick.price(leap) * 0.94, m, 40))
    acct.positions.append(_opt(acct, short_call, -1, pick.price(short_call) * 1.2, m, 3))

    acct.positions.append(_stock(acct, m, "IWM", 100, 30))

    mcl = next(c for c in m.contracts("MCL") if c.active)
    bar = m.day_bars(mcl.product.driver, today, 6)[0]
    price = round_tick(m.future_price(mcl, bar.close, cal.at_ny(bar.day, cal.CLOSE)), 0.01)
    acct.positions.append(Position(acct.number, mcl.symbol, "Future", mcl.product.root, 1, price,
                                   mcl.product.multiplier, cal.at_ny(bar.day, cal.CLOSE),
                                   mcl.expires_at, future=mcl))


def _fill_ira(m: Market, acct: Account) -> None:
    pick, today = Picker(m), m.today()
    acct.positions.append(_stock(acct, m, "SPY", 50, 60))
    spy = m.chain("SPY")
    assert spy is not None
    e = nearest_expiry(spy, today, 45, min_dte=30)
    spec = pick.by_delta(lambda x, kind, k: equity_option("SPY", x, kind, k), e, "P", 0.20)
    acct.positions.append(_opt(acct, spec, -1, pick.price(spec) * 1.2, m, 6))

"""Position and portfolio Greeks, beta-weighted delta against SPY, and alerts.

A position's Greeks are the contract's × signed quantity × multiplier (the
position's own multiplier: 100 for equity options, the futures option's for
futures options), so theta is dollars per day and vega dollars per vol point.
Stock, futures and other linear instruments have delta = signed quantity ×
multiplier (share-equivalents, or index units × multiplier for futures) and no
other Greeks (0).

Beta-weighted delta (SPY share-equivalents) = position delta × beta ×
underlying price / SPY price. Beta is `/market-metrics` beta of the underlying;
for futures and futures options it is the metrics beta of the product root
("/ES"), and if metrics have none, the beta implied by the future's
`future-etf-equivalent` (1 /ES ≈ 500 SPY). When neither exists the
beta-weighted delta is null and the root is listed as missing: a beta is never
assumed.

Per-contract values come from `/market-data/by-type` (option items carry Greeks);
options it returns without Greeks are asked of the DXLink stream once. `watch`
then keeps them live from the stream.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.domain.alerts import GreeksThresholds, greeks_alerts
from tastyking.domain.symbols import SymbolError, Underlying, occ_to_streamer
from tastyking.errors import ApiUnreachable, BadResponse, NotFound
from tastyking.models.market import MarketData, MarketMetrics
from tastyking.models.positions import Position
from tastyking.services.chains.listing import future_facts
from tastyking.services.greeks.totals import (
    GreeksTotals,
    UnderlyingTotals,
    portfolio_totals,
    underlying_totals,
)
from tastyking.services.positions import load_positions, underlying
from tastyking.services.quotes import stream_option_data

log = logging.getLogger(__name__)

SPY = "SPY"
OPTION_TYPES = ("Equity Option", "Future Option")
GREEKS = ("delta", "gamma", "theta", "vega", "rho")
BWD_PLACES = Decimal("0.0001")
BETA_PLACES = Decimal("0.000001")


class PerContract(BaseModel):
    delta: Decimal | None = None
    gamma: Decimal | None = None
    theta: Decimal | None = None
    vega: Decimal | None = None
    rho: Decimal | None = None
    iv: Decimal | None = None
    price: Decimal | None = None


class GreeksPosition(BaseModel):
    account_number: str
    symbol: str
    underlying: str  # the product root for futures and futures options ("/ES")
    underlying_contract: str | None = None  # the futures contract ("/ESZ6"), else None
    instrument_type: str
    quantity: Decimal | None  # signed; None = direction unknown (then no Greeks)
    multiplier: Decimal
    delta: Decimal | None
    gamma: Decimal | None
    theta: Decimal | None  # dollars per day
    vega: Decimal | None  # dollars per vol point
    rho: Decimal | None
    beta: Decimal | None
    beta_source: str | None  # "metrics", or "etf-equivalent 500 SPY" for a future
    underlying_price: Decimal | None
    beta_weighted_delta: Decimal | None
    per_contract: PerContract


class AlertView(BaseModel):
    type: str
    priority: str
    message: str
    value: float
    threshold: float


class GreeksResult(BaseModel):
    account: str | None  # the account number, or None when several are summed
    spy_price: Decimal | None
    positions: list[GreeksPosition]
    totals: GreeksTotals  # delta is SPY beta-weighted; raw deltas only per underlying
    underlyings: list[UnderlyingTotals]
    alerts: list[AlertView]
    missing: list[str]


@dataclass
class Holding:
    """One position and where its market values come from."""

    position: Position
    price_key: str  # symbol whose price weights the delta (the underlying)
    beta_key: str  # symbol whose metrics beta applies
    streamer: str | None  # the option's streamer symbol (for the stream)
    under: Underlying  # what it is on: root and futures contract (the one rule)

    @property
    def future(self) -> str | None:
        """The futures contract under a future or futures option."""
        return self.under.contract

    @property
    def is_option(self) -> bool:
        return self.position.instrument_type in OPTION_TYPES


@dataclass(frozen=True)
class EtfEquivalent:
    """A future's ETF equivalent (instruments `future-etf-equivalent`): 1 /ES ≈ 500 SPY."""

    etf: str
    shares: Decimal
    multiplier: Decimal


@dataclass
class Book:
    """Everything `compute` needs; `watch` updates `contract` and `prices` in place."""

    account: str | None
    holdings: list[Holding]
    contract: dict[str, PerContract] = field(default_factory=dict)  # by position symbol
    prices: dict[str, Decimal] = field(default_factory=dict)  # by symbol
    betas: dict[str, Decimal] = field(default_factory=dict)  # metrics beta by symbol
    etf_equivalents: dict[str, EtfEquivalent] = field(default_factory=dict)  # by future
    streamers: dict[str, str] = field(default_factory=dict)  # futures: symbol -> streamer


def beta_weighted_delta(
    delta: Decimal, beta: Decimal, underlying_price: Decimal, spy_price: Decimal
) -> Decimal:
    """SPY share-equivalents: delta × beta × underlying price / SPY price."""
    return (delta * beta * underlying_price / spy_price).quantize(BWD_PLACES)


def thresholds_from(alert_delta: float, alert_theta: float, alert_vega: float) -> GreeksThresholds:
    # Settings hold theta as the (negative) limit; the domain wants the burn size.
    return GreeksThresholds(max_abs_delta=alert_delta, max_theta_burn=abs(alert_theta),
                            max_abs_vega=alert_vega)


# ------------------------------------------------------------------ loading


def holding_of(p: Position) -> Holding:
    """Futures options are priced by their future and take the product root's beta;
    equity options by their underlying; everything else by itself."""
    kind, sym, streamer = p.instrument_type, p.symbol, p.streamer_symbol
    u = underlying(p)
    if kind == "Equity Option":
        if streamer is None:
            try:
                streamer = occ_to_streamer(sym)
            except SymbolError:
                log.warning("cannot read the parts of %s", sym)
        return Holding(p, u.root, u.root, streamer, u)
    return Holding(p, u.contract or sym, u.root, streamer, u)


async def load_book(api: ApiClient, account: str | None) -> Book:
    positions = await load_positions(api, account)
    accounts = sorted({p.account_number for p in positions})
    book = Book(account=accounts[0] if len(accounts) == 1 else account,
                holdings=[holding_of(p) for p in positions])
    # One round for: the positions' own data, SPY, the futures under futures options,
    # metrics for every beta, whether each option underlying is an index, and each
    # future's instrument (streamer symbol, ETF equivalent).
    pairs = [(h.position.instrument_type, h.position.symbol) for h in book.holdings
             if h.position.instrument_type in endpoints.BY_TYPE_PARAM]
    pairs.append(("Equity", SPY))
    held = {h.position.symbol for h in book.holdings}
    futures = sorted({h.future for h in book.holdings if h.future})
    pairs += [("Future", f) for f in futures if f not in held]
    stock_unders = sorted({h.price_key for h in book.holdings
                           if h.position.instrument_type == "Equity Option"} - held)
    snaps, metrics, instruments, facts = await asyncio.gather(
        endpoints.market_data(api, pairs),
        _metrics(api, sorted({h.beta_key for h in book.holdings} | {SPY})),
        endpoints.equities(api, stock_unders),  # 100 a call: a big book has many
        asyncio.gather(*(future_facts(api, f) for f in futures)),
    )
    index_flags = [bool(instruments.get(u) and instruments[u].is_index) for u in stock_unders]
    book.betas = {k: m.beta for k, m in metrics.items() if m.beta is not None}
    for f in facts:
        if f is None:
            continue
        if f.streamer_symbol:
            book.streamers[f.symbol] = f.streamer_symbol
        if f.future_etf_equivalent and f.notional_multiplier:
            ref = f.future_etf_equivalent
            book.etf_equivalents[f.symbol] = EtfEquivalent(ref.symbol, ref.share_quantity,
                                                           f.notional_multiplier)
    # Second round, only if needed: option underlyings not yet priced (their type is
    # known now) and ETF equivalents whose price or beta we do not have yet.
    later = [("Index" if ix else "Equity", u)
             for u, ix in zip(stock_unders, index_flags, strict=True) if u not in snaps]
    etfs = sorted({e.etf for e in book.etf_equivalents.values()} - set(snaps) - {SPY})
    later += [("Equity", e) for e in etfs]
    more_metrics = sorted({e.etf for e in book.etf_equivalents.values()} - set(metrics))
    if later or more_metrics:
        more_snaps, extra = await asyncio.gather(endpoints.market_data(api, later),
                                                 _metrics(api, more_metrics))
        snaps.update(more_snaps)
        book.betas.update({k: m.beta for k, m in extra.items() if m.beta is not None})
    book.prices = {s: md.price for s, md in snaps.items() if md.price is not None}
    for h in book.holdings:
        book.contract[h.position.symbol] = _per_contract(h, snaps.get(h.position.symbol))
    await _stream_fallback(api, book)
    return book


async def _metrics(api: ApiClient, symbols: list[str]) -> dict[str, MarketMetrics]:
    """Betas come only from /market-metrics; when it cannot answer, the Greeks are still
    shown, with beta and beta-weighted delta null and listed as missing (exit 6)."""
    if not symbols:
        return {}
    try:
        return await endpoints.market_metrics(api, symbols)
    except ApiUnreachable as exc:
        log.warning("no betas: /market-metrics did not answer (%s)", exc.message)
        return {}


def _per_contract(h: Holding, md: MarketData | None) -> PerContract:
    price = md.price if md else None
    if not h.is_option:
        return PerContract(delta=Decimal(1), gamma=Decimal(0), theta=Decimal(0),
                           vega=Decimal(0), rho=Decimal(0), price=price)
    if md is None:
        return PerContract()
    return PerContract(delta=md.delta, gamma=md.gamma, theta=md.theta, vega=md.vega,
                       rho=md.rho, iv=md.volatility, price=price)


async def _stream_fallback(api: ApiClient, book: Book) -> None:
    wanting = [h for h in book.holdings
               if h.is_option and book.contract[h.position.symbol].delta is None]
    if not wanting:
        return
    await option_streamers(api, wanting)
    lacking: dict[str, list[str]] = {}
    for h in wanting:
        if h.streamer:
            lacking.setdefault(h.streamer, []).append(h.position.symbol)
    if not lacking:
        return
    log.info("by-type lacked Greeks for %d option(s); asking the stream", len(lacking))
    try:
        found = await stream_option_data(api, list(lacking))
    except Exception as exc:  # noqa: BLE001 - a fallback: what stays missing is reported
        log.warning("stream fallback failed: %s", exc)
        return
    for streamer, values in found.items():
        for symbol in lacking[streamer]:
            apply_greeks(book, symbol, values)


async def option_streamers(api: ApiClient, holdings: list[Holding]) -> None:
    """Futures options' streamer symbols (positions do not carry them; never built)."""
    todo = [h for h in holdings if h.streamer is None
            and h.position.instrument_type == "Future Option"]

    async def one(h: Holding) -> None:
        try:
            h.streamer = (await endpoints.future_option(api, h.position.symbol)).streamer_symbol
        except (NotFound, BadResponse):  # the stream is a fallback: it stays missing
            return

    await asyncio.gather(*(one(h) for h in todo))


def apply_greeks(book: Book, symbol: str, values: dict[str, Decimal | None]) -> bool:
    old = book.contract.get(symbol) or PerContract()
    update = {k: v for k, v in values.items() if k in PerContract.model_fields and v is not None}
    if not update:
        return False
    book.contract[symbol] = old.model_copy(update=update)
    return True


# ------------------------------------------------------------------ computing


def compute(book: Book, thresholds: GreeksThresholds) -> GreeksResult:
    """Contributions, totals, beta weighting and alerts from a Book (pure)."""
    spy = book.prices.get(SPY)
    missing: set[str] = set() if spy is not None else {SPY}
    rows: list[GreeksPosition] = []
    for h in book.holdings:
        p = h.position
        pc = book.contract.get(p.symbol) or PerContract()
        qty = p.signed_quantity
        size = qty * p.multiplier if qty is not None else None
        contrib = {g: (v * size if (v := getattr(pc, g)) is not None and size is not None
                       else None) for g in GREEKS}
        if qty is None:
            missing.add(f"{p.symbol} (quantity-direction {p.quantity_direction!r})")
        elif contrib["delta"] is None:
            missing.add(p.symbol)
        under_price = book.prices.get(h.price_key)
        beta, beta_source = _beta(book, h, under_price)
        if beta is None:
            missing.add(h.beta_key)
        if under_price is None:
            missing.add(h.price_key)
        bwd = None
        d = contrib["delta"]
        if d is not None and beta is not None and under_price is not None and spy is not None:
            bwd = beta_weighted_delta(d, beta, under_price, spy)
        rows.append(GreeksPosition(
            account_number=p.account_number, symbol=p.symbol, underlying=h.under.root,
            underlying_contract=h.under.contract,
            instrument_type=p.instrument_type, quantity=qty,
            multiplier=p.multiplier, beta=beta, beta_source=beta_source,
            underlying_price=under_price,
            beta_weighted_delta=bwd, per_contract=pc, **contrib,
        ))
    rows.sort(key=lambda r: (r.account_number, r.underlying, r.instrument_type, r.symbol))
    totals = portfolio_totals(rows)
    alerts = [AlertView(type=a.type, priority=a.priority, message=a.message, value=a.value,
                        threshold=a.threshold)
              for a in greeks_alerts(_float(totals.delta), _float(totals.theta),
                                     _float(totals.vega), thresholds)]
    return GreeksResult(account=book.account, spy_price=spy, positions=rows, totals=totals,
                        underlyings=underlying_totals(rows), alerts=alerts,
                        missing=sorted(missing))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _beta(book: Book, h: Holding, price: Decimal | None) -> tuple[Decimal | None, str | None]:
    """Metrics beta of the underlying (or futures root); for a future without one, the
    beta implied by its ETF equivalent: 1 /ES ≈ 500 SPY means a contract's delta is
    worth 500 × beta(SPY) × SPY price in dollars, whatever the future's own price."""
    beta = book.betas.get(h.beta_key)
    if beta is not None:
        return beta, "metrics"
    eq = book.etf_equivalents.get(h.future or "")
    if eq is None or price is None or not price:
        return None, None
    etf_beta, etf_price = book.betas.get(eq.etf), book.prices.get(eq.etf)
    if etf_beta is None or etf_price is None:
        return None, None
    implied = etf_beta * eq.shares * etf_price / (eq.multiplier * price)
    return implied.quantize(BETA_PLACES), f"etf-equivalent {eq.shares.normalize():f} {eq.etf}"




async def greeks_view(api: ApiClient, account: str | None,
                      thresholds: GreeksThresholds) -> GreeksResult:
    return compute(await load_book(api, account), thresholds)

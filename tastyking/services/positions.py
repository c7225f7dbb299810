"""Positions with marks from market data, unrealized P/L, DTE and a strategy label."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.domain.calendar import dte, market_today
from tastyking.domain.labels import Leg, label_positions
from tastyking.domain.symbols import SymbolError, Underlying, underlying_of
from tastyking.models.positions import Position
from tastyking.services.accounts import resolve_accounts
from tastyking.services.orders.legs import option_facts

log = logging.getLogger(__name__)


class PositionView(BaseModel):
    account_number: str
    symbol: str
    instrument_type: str
    underlying: str  # the product root for futures and futures options ("/ES")
    underlying_contract: str | None = None  # the futures contract ("/ESH7"), else None
    quantity: Decimal  # signed: negative is short
    option_type: str | None
    strike: Decimal | None
    expiration: date | None
    dte: int | None
    average_open_price: Decimal | None
    close_price: Decimal | None
    mark: Decimal | None
    multiplier: Decimal
    unrealized_pnl: Decimal | None
    strategy: str


class PositionsResult(BaseModel):
    positions: list[PositionView]
    missing_marks: list[str]
    total_unrealized_pnl: Decimal


def _expiration(p: Position, facts_exp: date | None) -> date | None:
    if facts_exp is not None:
        return facts_exp
    return market_today(p.expires_at) if p.expires_at else None


def underlying(p: Position) -> Underlying:
    """`domain.symbols.underlying_of` for a position; an unreadable symbol stands alone."""
    try:
        return underlying_of(p.symbol, p.instrument_type, p.underlying_symbol)
    except SymbolError:
        log.warning("cannot read the parts of %s", p.symbol)
        return Underlying(p.underlying_symbol or p.symbol)


def to_legs(positions: list[Position]) -> list[Leg]:
    legs = []
    for p in positions:
        facts = option_facts(p.symbol, p.instrument_type)
        legs.append(Leg(
            symbol=p.symbol,
            instrument_type=p.instrument_type,
            underlying=underlying(p).root,
            quantity=p.signed_quantity,
            option_type=facts.kind if facts else None,
            strike=facts.strike if facts else None,
            expiration=_expiration(p, facts.expiration if facts else None),
        ))
    return legs


async def load_positions(api: ApiClient, requested: str | None) -> list[Position]:
    accounts = await resolve_accounts(api, requested)
    lists = await asyncio.gather(
        *(endpoints.positions(api, a.account.account_number) for a in accounts)
    )
    return [p for lst in lists for p in lst if p.quantity != 0]


async def positions_view(api: ApiClient, requested: str | None) -> PositionsResult:
    positions = await load_positions(api, requested)
    marks = await endpoints.market_data(
        api,
        [(p.instrument_type, p.symbol) for p in positions
         if p.instrument_type in endpoints.BY_TYPE_PARAM],
    )
    today = market_today()
    legs = to_legs(positions)
    labels = label_positions(legs, today)
    rows: list[PositionView] = []
    missing: list[str] = []
    for p, leg in zip(positions, legs, strict=True):
        md = marks.get(p.symbol)
        mark = md.price if md else None
        if mark is None:
            missing.append(p.symbol)
        pnl = None
        if mark is not None and p.average_open_price is not None:
            pnl = (mark - p.average_open_price) * p.signed_quantity * p.multiplier
        rows.append(PositionView(
            account_number=p.account_number,
            symbol=p.symbol,
            instrument_type=p.instrument_type,
            underlying=leg.underlying,
            underlying_contract=underlying(p).contract,
            quantity=p.signed_quantity,
            option_type=leg.option_type,
            strike=leg.strike,
            expiration=leg.expiration,
            dte=dte(leg.expiration, today) if leg.expiration else None,
            average_open_price=p.average_open_price,
            close_price=p.close_price,
            mark=mark,
            multiplier=p.multiplier,
            unrealized_pnl=pnl,
            strategy=labels.get(p.symbol, "UNKNOWN"),
        ))
    rows.sort(key=lambda r: (r.account_number, r.underlying, r.expiration or date.max,
                             r.strike or 0, r.symbol))
    if missing:
        log.warning("no mark for %d position(s): %s", len(missing), ", ".join(missing))
    total = sum((r.unrealized_pnl for r in rows if r.unrealized_pnl is not None), Decimal(0))
    return PositionsResult(positions=rows, missing_marks=missing, total_unrealized_pnl=total)

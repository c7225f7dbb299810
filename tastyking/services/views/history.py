"""Net liq over a period, per account, from tastytrade's net-liq history."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import views as api_views
from tastyking.api.client import ApiClient
from tastyking.errors import UsageError
from tastyking.services.accounts import resolve_accounts

# --period -> (tastytrade's time-back, how far back to keep): a week is the last seven
# days of the month's points, since tastytrade has no "1w"
PERIODS: dict[str, tuple[str, timedelta | None]] = {
    "1d": ("1d", None), "1w": ("1m", timedelta(days=7)), "1m": ("1m", None),
    "3m": ("3m", None), "6m": ("6m", None), "1y": ("1y", None), "all": ("all", None),
}


class NetLiqPoint(BaseModel):
    time: datetime
    net_liq: Decimal | None


class AccountHistory(BaseModel):
    account_number: str
    period: str
    points: list[NetLiqPoint]
    start: Decimal | None
    end: Decimal | None
    change: Decimal | None
    change_pct: Decimal | None
    high: Decimal | None
    low: Decimal | None


class HistoryResult(BaseModel):
    period: str
    accounts: list[AccountHistory]
    missing: list[str]


def _summary(account: str, period: str, points: list[NetLiqPoint]) -> AccountHistory:
    known = [p.net_liq for p in points if p.net_liq is not None]
    start = known[0] if known else None
    end = known[-1] if known else None
    change = end - start if start is not None and end is not None else None
    pct = (change / start * 100).quantize(Decimal("0.01")) if change is not None and start \
        else None
    return AccountHistory(account_number=account, period=period, points=points, start=start,
                          end=end, change=change, change_pct=pct,
                          high=max(known) if known else None, low=min(known) if known else None)


async def account_history(api: ApiClient, requested: str | None, period: str) -> HistoryResult:
    if period not in PERIODS:
        raise UsageError(f"--period must be one of {', '.join(PERIODS)}")
    time_back, keep = PERIODS[period]
    accounts = await resolve_accounts(api, requested)
    numbers = [a.account.account_number for a in accounts]
    series = await asyncio.gather(*(api_views.net_liq_history(api, n, time_back)
                                    for n in numbers))
    out, missing = [], []
    for number, raw in zip(numbers, series, strict=True):
        if keep is not None and raw:
            raw = [p for p in raw if p.time >= raw[-1].time - keep]
        points = [NetLiqPoint(time=p.time, net_liq=p.close) for p in raw]
        missing += [f"{number} {p.time.isoformat()}" for p in points if p.net_liq is None]
        if not points:
            missing.append(f"{number} net-liq history")
        out.append(_summary(number, period, points))
    return HistoryResult(period=period, accounts=out, missing=missing)

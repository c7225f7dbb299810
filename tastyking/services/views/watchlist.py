"""Watchlists: which lists there are, and one list with last, change, IV rank and
percentile, beta, and the days to earnings and to the ex-dividend date."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api import views as api_views
from tastyking.api.client import ApiClient
from tastyking.domain.calendar import market_today
from tastyking.errors import NotFound, UsageError
from tastyking.models.views import Watchlist, WatchMetrics

PRODUCT = re.compile(r"^/[A-Z0-9]{1,3}$")  # /ES, /MCL: a futures product, not a contract


class WatchlistSummary(BaseModel):
    name: str
    kind: str  # "private" | "public"
    group: str | None
    count: int


class WatchRow(BaseModel):
    symbol: str
    instrument_type: str | None
    quoted: str | None  # what the quote is for: the symbol, or a product's front month
    last: Decimal | None
    change_pct: Decimal | None
    iv_rank: Decimal | None  # percent, 0-100
    iv_percentile: Decimal | None  # percent, 0-100
    beta: Decimal | None
    earnings_date: date | None
    days_to_earnings: int | None
    ex_dividend_date: date | None
    days_to_ex_dividend: int | None


class WatchlistResult(BaseModel):
    name: str | None
    kind: str | None
    lists: list[WatchlistSummary]
    rows: list[WatchRow]
    missing: list[str]


def _type(entry_type: str | None, symbol: str) -> str:
    if symbol.startswith("/"):
        return "Future"
    return entry_type if entry_type in endpoints.BY_TYPE_PARAM else "Equity"


def _pct(x: Decimal | None) -> Decimal | None:
    return None if x is None else (x * 100).quantize(Decimal("0.1"))


def _days(d: date | None, today: date) -> int | None:
    return (d - today).days if d is not None and d >= today else None


async def _find(api: ApiClient, name: str) -> tuple[Watchlist, str]:
    for public in (False, True):
        try:
            return await api_views.watchlist(api, name, public), \
                "public" if public else "private"
        except NotFound:
            continue
    mine, public_lists = await asyncio.gather(api_views.watchlists(api, False),
                                              api_views.watchlists(api, True))
    known = ", ".join(w.name for w in mine + public_lists) or "none"
    raise UsageError(f"no watchlist named {name!r} (lists: {known})")


def _row(symbol: str, kind: str, quoted: str | None, md_last: Decimal | None, prev: Decimal | None,
         m: WatchMetrics | None, today: date) -> WatchRow:
    change = ((md_last - prev) / prev * 100).quantize(Decimal("0.01")) \
        if md_last is not None and prev else None
    earnings = m.earnings.expected_report_date if m and m.earnings else None
    ex_div = m.dividend_ex_date if m else None
    return WatchRow(
        symbol=symbol, instrument_type=kind, quoted=quoted, last=md_last, change_pct=change,
        iv_rank=_pct(m.implied_volatility_index_rank) if m else None,
        iv_percentile=_pct(m.implied_volatility_percentile) if m else None,
        beta=m.beta if m else None, earnings_date=earnings,
        days_to_earnings=_days(earnings, today), ex_dividend_date=ex_div,
        days_to_ex_dividend=_days(ex_div, today))


async def watchlist_view(api: ApiClient, name: str | None) -> WatchlistResult:
    mine, public_lists = await asyncio.gather(api_views.watchlists(api, False),
                                              api_views.watchlists(api, True))
    lists = [WatchlistSummary(name=w.name, kind=k, group=w.group_name,
                              count=len(w.watchlist_entries))
             for k, ws in (("private", mine), ("public", public_lists)) for w in ws]
    if name is None:
        return WatchlistResult(name=None, kind=None, lists=lists, rows=[], missing=[])
    wl, kind = await _find(api, name)
    entries = [(e.symbol, _type(e.instrument_type, e.symbol)) for e in wl.watchlist_entries]
    # a futures product (/ES) is quoted through its front month (/ESZ6)
    fronts = await api_views.front_months(api, [s for s, _ in entries if PRODUCT.match(s)])
    quoted = {s: fronts[s[1:]].symbol if PRODUCT.match(s) and s[1:] in fronts else s
              for s, _ in entries}
    quotes, metrics = await asyncio.gather(
        endpoints.market_data(api, [(k, quoted[s]) for s, k in entries]),
        api_views.watch_metrics(api, [s for s, _ in entries]))
    today = market_today()
    rows, missing = [], []
    for symbol, k in entries:
        md = quotes.get(quoted[symbol])
        row = _row(symbol, k, quoted[symbol], md.price if md else None,
                   md.prev_close if md else None, metrics.get(symbol), today)
        # the quote is expected for every symbol; IV and calendar fields only where listed
        if row.last is None:
            missing.append(f"{symbol} last")
        elif row.change_pct is None:
            missing.append(f"{symbol} change")
        rows.append(row)
    return WatchlistResult(name=wl.name, kind=kind, lists=lists, rows=rows, missing=missing)

"""The listed expirations of an equity, index or futures product: DTE, cycle (weekly,
monthly, quarterly, end of month), settlement, root and strike count."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

from tastyking.api.client import ApiClient
from tastyking.domain.calendar import is_monthly, is_weekday
from tastyking.services.chains.listing import ChainExpiration, load_chain

QUARTER_MONTHS = (3, 6, 9, 12)


class ExpirationRow(BaseModel):
    expiration: date
    dte: int
    cycle: str  # "weekly" | "monthly" | "quarterly" | "end-of-month"
    expiration_type: str | None  # as tastytrade labels it
    settlement: str | None  # "AM" | "PM"
    root: str
    underlying: str  # the stock/index, or the future contract the options settle into
    strikes: int


class ExpirationsResult(BaseModel):
    symbol: str
    is_future: bool
    expirations: list[ExpirationRow]
    missing: list[str]


def last_weekday_of_month(d: date) -> date:
    """The month's last weekday (holidays are not known here: the market-sessions
    endpoints have them, and a holiday month-end moves only a day)."""
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1) - timedelta(days=1)
    while not is_weekday(nxt):
        nxt -= timedelta(days=1)
    return nxt


def cycle_of(e: ChainExpiration) -> str:
    """tastytrade's own label where it says more than Weekly/Regular; else the calendar:
    a month's last weekday is end-of-month (quarterly in Mar, Jun, Sep, Dec), a Regular
    expiration is the monthly."""
    label = (e.expiration_type or "").lower().replace("_", "-").replace(" ", "-")
    if label.startswith("quarter"):
        return "quarterly"
    if label in ("end-of-month", "eom"):
        return "end-of-month"
    if label == "regular" or (not label and is_monthly(e.expiration)):
        return "monthly"
    if e.expiration == last_weekday_of_month(e.expiration):
        return "quarterly" if e.expiration.month in QUARTER_MONTHS else "end-of-month"
    return "weekly"


async def expirations_view(api: ApiClient, symbol: str) -> ExpirationsResult:
    chain = await load_chain(api, symbol)  # an unknown symbol gets "did you mean ...?"
    rows = [ExpirationRow(expiration=e.expiration, dte=e.dte, cycle=cycle_of(e),
                          expiration_type=e.expiration_type, settlement=e.settlement_type,
                          root=e.root, underlying=e.underlying_symbol, strikes=len(e.strikes))
            for e in chain.expirations]
    rows.sort(key=lambda r: (r.expiration, r.root))
    missing = [f"{r.root} {r.expiration.isoformat()} settlement" for r in rows
               if r.settlement is None]
    return ExpirationsResult(symbol=chain.symbol, is_future=chain.is_future, expirations=rows,
                             missing=missing)

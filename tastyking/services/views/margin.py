"""Margin: the requirement per underlying and per position (tastytrade's structures),
as a share of net liq, with a per-position cap flagged."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import views as api_views
from tastyking.api.client import ApiClient
from tastyking.models.views import MarginGroup, MarginRequirements
from tastyking.services.accounts import resolve_accounts

HUNDRED = Decimal(100)


class MarginPosition(BaseModel):
    """One structure as tastytrade groups it (a strangle, a spread, shares...)."""

    structure: str | None
    symbols: list[str]
    requirement: Decimal | None
    pct_of_net_liq: Decimal | None
    over_cap: bool | None  # None when the share is unknown


class MarginUnderlying(BaseModel):
    underlying: str
    underlying_type: str | None
    requirement: Decimal | None
    pct_of_net_liq: Decimal | None
    positions: list[MarginPosition]


class AccountMargin(BaseModel):
    account_number: str
    net_liq: Decimal | None
    requirement: Decimal | None
    maintenance_requirement: Decimal | None
    pct_of_net_liq: Decimal | None
    option_buying_power: Decimal | None
    underlyings: list[MarginUnderlying]


class MarginResult(BaseModel):
    cap_pct: Decimal
    accounts: list[AccountMargin]
    over_cap: list[str]  # "<account> <underlying> <structure>" of every flagged position
    missing: list[str]


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole <= 0:
        return None
    return (part / whole * HUNDRED).quantize(Decimal("0.01"))


def _req(g: MarginGroup) -> Decimal | None:
    # a requirement is a debit; a "Credit" requirement would be buying power released
    value = g.signed(g.margin_requirement, g.margin_requirement_effect)
    return None if value is None else -value


def _account(number: str, m: MarginRequirements, cap: Decimal,
             flagged: list[str], missing: list[str]) -> AccountMargin:
    net_liq = m.margin_equity
    if net_liq is None:
        missing.append(f"{number} net liq")
    underlyings = []
    for g in m.groups:
        name = g.code or g.underlying_symbol or g.description or "?"
        positions = []
        for s in g.groups or [g]:
            req = _req(s)
            pct = _pct(req, net_liq)
            symbols = [e.instrument_symbol for e in s.position_entries]
            if req is None:
                missing.append(f"{number} {name} {s.description or ''}".rstrip())
            over = None if pct is None else pct > cap
            if over:
                flagged.append(f"{number} {name} {s.description or ''}".rstrip())
            positions.append(MarginPosition(structure=s.description, symbols=symbols,
                                            requirement=req, pct_of_net_liq=pct, over_cap=over))
        req = _req(g)
        underlyings.append(MarginUnderlying(underlying=name, underlying_type=g.underlying_type,
                                            requirement=req, pct_of_net_liq=_pct(req, net_liq),
                                            positions=positions))
    underlyings.sort(key=lambda u: u.requirement or Decimal(0), reverse=True)
    total = _req(m)
    if total is None:
        missing.append(f"{number} total requirement")
    maint = m.signed(m.maintenance_requirement, m.maintenance_requirement_effect)
    return AccountMargin(account_number=number, net_liq=net_liq, requirement=total,
                         maintenance_requirement=None if maint is None else -maint,
                         pct_of_net_liq=_pct(total, net_liq),
                         option_buying_power=m.option_buying_power, underlyings=underlyings)


async def margin_view(api: ApiClient, requested: str | None, cap_pct: float) -> MarginResult:
    cap = Decimal(str(cap_pct))
    accounts = await resolve_accounts(api, requested)
    numbers = [a.account.account_number for a in accounts]
    reqs = await asyncio.gather(*(api_views.margin_requirements(api, n) for n in numbers))
    flagged: list[str] = []
    missing: list[str] = []
    out = [_account(n, m, cap, flagged, missing) for n, m in zip(numbers, reqs, strict=True)]
    return MarginResult(cap_pct=cap, accounts=out, over_cap=flagged, missing=missing)

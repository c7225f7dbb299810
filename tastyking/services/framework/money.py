"""Month-to-date P/L: the change in net liq since the month began, less money moved in.

    month_start(now)                         New York midnight on the 1st
    month_pl(now_value, history, txns, start) -> MonthPL (value None when unknowable)

    monthPL = net liq now - net liq at the month's start - (deposits - withdrawals)

The start value is the close of the last net-liq history point before the month
began; a history that starts later cannot say it, and then monthPL is null with the
reason (the core would read a made-up 0 as a flat month). Deposits and withdrawals
are Money Movement transactions of the sub-types in FLOWS, signed by their effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from tastyking.domain.calendar import NY
from tastyking.models.views import NetLiqPoint, Transaction

MONEY_MOVEMENT = "Money Movement"
FLOWS = ("Deposit", "Withdrawal")
CENT = Decimal("0.01")


class MonthPL(BaseModel):
    value: Decimal | None
    start: datetime
    start_value: Decimal | None = None
    start_time: datetime | None = None
    now_value: Decimal | None = None
    flows: Decimal | None = None
    flow_count: int = 0
    detail: str


def month_start(now: datetime) -> datetime:
    ny = now.astimezone(NY)
    return ny.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def is_flow(t: Transaction) -> bool:
    return t.transaction_type == MONEY_MOVEMENT and t.transaction_sub_type in FLOWS


def month_pl(now_value: Decimal | None, history: Sequence[NetLiqPoint] | None,
             txns: Sequence[Transaction] | None, start: datetime) -> MonthPL:
    out = MonthPL(value=None, start=start, now_value=now_value, detail="")
    if now_value is None:
        out.detail = "no current net liq"
        return out
    if history is None:
        out.detail = "the net-liq history could not be fetched"
        return out
    before = [p for p in history if p.time < start and p.close is not None]
    if not before:
        out.detail = (f"the net-liq history does not reach back to the month's start "
                      f"({start.isoformat()})")
        return out
    last = before[-1]
    out.start_value, out.start_time = last.close, last.time
    if txns is None:
        out.detail = "the month's transactions could not be fetched"
        return out
    moved = [t for t in txns if is_flow(t) and t.executed_at is not None
             and t.executed_at >= start]
    amounts = [Transaction.signed(t.net_value, t.net_value_effect) for t in moved]
    flows = sum((a for a in amounts if a is not None), Decimal(0))
    out.flows, out.flow_count = flows, len(moved)
    assert last.close is not None
    out.value = (now_value - last.close - flows).quantize(CENT)
    out.detail = (f"net liq now {now_value} - net liq at {last.time.isoformat()} "
                  f"{last.close} - deposits less withdrawals since {start.date()} {flows} "
                  f"({len(moved)} transactions)")
    return out

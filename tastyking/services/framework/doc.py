"""The account-status document: the core's keys, values with provenance, metadata.

    StatusDoc.new(now)   clocks filled in (New York), every other value unknown
    doc.document()       the --json shape: the core's keys + positionsText + metadata
    doc.line()           the manual line the core parses, or None if a part is unknown

Every value is from the API (`api`), typed by a person (`manual`), this machine's
clock (`local`), or null and `missing` with a reason. Nothing is defaulted.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel, Field

from tastyking.domain.calendar import NY, twelve_hour
from tastyking.services.framework.groups import Group
from tastyking.services.framework.money import FLOWS, MonthPL
from tastyking.services.framework.phases import PhaseChoice, Rate

KEYS = ("netLiq", "buyingPower", "bpUsedPercent", "cashBalance", "positions", "positionsText",
        "canTrade", "dayOfWeek", "dateStr", "timeStr", "vixLevel", "portfolioMargin",
        "monthPL")
MONEY = ("netLiq", "buyingPower", "cashBalance", "monthPL")
API, MANUAL, LOCAL, MISSING = "api", "manual", "local", "missing"

DEFINITIONS = {
    "money": "netLiq, buyingPower, cashBalance and monthPL are in pounds (the core's phase "
             "bands are); metadata.accountCurrencyValues has them in the account's currency",
    "buyingPower": "derivative (option) buying power",
    "bpUsedPercent": "1 - derivative buying power / net liq, in percent",
    "canTrade": "trading status is neither closed, frozen nor closing-only",
    "portfolioMargin": "trading status is-portfolio-margin-enabled",
    "vixLevel": "VIX index last (mark when no trade)",
    "dayOfWeek": "full English day name, New York time; dateStr M/D/YYYY and timeStr "
                 "h:mm AM/PM, New York",
    "positions": "one entry per strategy group (not per leg); stock and futures holdings "
                 "are not strategy groups and are listed in metadata.holdings",
    "positionsText": "the positions in the core's text form, TICKER STRATEGY (DTE DTE, "
                     "ENTRY, +PL%) joined by ', ' ('none' when empty); a group with an "
                     "unknown entry or P/L is left out of it; the core's parser keeps the "
                     "first of two groups with the same ticker and strategy",
    "positions.entry": "unsigned open price per unit of the group, in price points (cents "
                       "from 1 up, six decimals below 1)",
    "positions.pl": "integer percent: of the credit captured (credit groups), of the debit "
                    "gained (debit groups)",
    "positions.bpUsed": "percent of net liq the group requires",
    "positions.entryWeek": "LT112 only: ceil(((120 - dte) % 30) / 7) or 1 (the core's rule)",
    "monthPL": "net liq now - net liq at the month's start (last history point before it) - "
               f"deposits less withdrawals this month (Money Movement: {', '.join(FLOWS)})",
}


def clock_fields(now: datetime) -> dict[str, str]:
    ny = now.astimezone(NY)
    hm = twelve_hour(ny)
    return {"dayOfWeek": f"{ny:%A}", "dateStr": f"{ny.month}/{ny.day}/{ny.year}",
            "timeStr": hm, "lineDate": f"{ny:%A} {ny:%b} {ny.day} {hm} {ny.tzname()}"}


class StatusDoc(BaseModel):
    values: dict[str, Any] = Field(default_factory=dict)
    sources: dict[str, str] = Field(default_factory=dict)
    reasons: dict[str, str] = Field(default_factory=dict)
    failures: list[dict[str, str]] = Field(default_factory=list)
    line_date: str = ""
    timestamp: str = ""
    account: str | None = None
    currency: str | None = None  # the account's
    native: dict[str, Decimal | None] = Field(default_factory=dict)
    rate: Rate | None = None
    month: MonthPL | None = None
    phase: PhaseChoice | None = None
    groups: list[Group] = Field(default_factory=list)
    holdings: list[str] = Field(default_factory=list)
    manual_entry: str | None = None

    @classmethod
    def new(cls, now: datetime) -> StatusDoc:
        clocks = clock_fields(now)
        doc = cls(line_date=clocks.pop("lineDate"),
                  timestamp=now.isoformat(timespec="seconds"))
        for key, value in clocks.items():
            doc.put(key, value, LOCAL)
        return doc

    def put(self, key: str, value: Any, source: str = API) -> None:
        self.values[key] = value
        self.sources[key] = source
        self.reasons.pop(key, None)

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def why(self, keys: list[str], reason: str) -> None:
        for k in keys:
            self.reasons.setdefault(k, reason)

    def fail(self, step: str, error: str) -> None:
        self.failures.append({"step": step, "error": error})

    def missing(self) -> dict[str, str]:
        out = {k: self.reasons.get(k, "not available") for k in KEYS if self.get(k) is None}
        for i, g in enumerate(self.groups):
            for name, why in g.missing.items():
                if g.framework().get(name) is None:
                    out[f"positions[{i}].{name}"] = f"{g.ticker} {g.strategy}: {why}"
        return out

    def has_data(self) -> bool:
        return any(s in (API, MANUAL) for s in self.sources.values())

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {k: self.get(k) for k in KEYS}
        month = self.month
        doc["metadata"] = {
            "account": self.account,
            "timestamp": self.timestamp,
            "currency": "GBP",
            "accountCurrency": self.currency,
            "accountCurrencyValues": self.native,
            "gbpRate": None if self.rate is None else {
                "usdPerGbp": self.rate.value, "source": self.rate.source,
                "symbol": self.rate.symbol, "at": self.rate.at, "detail": self.rate.detail},
            "monthPL": None if month is None else {
                "method": DEFINITIONS["monthPL"], "monthStart": month.start,
                "startValue": month.start_value, "startTime": month.start_time,
                "nowValue": month.now_value, "depositsLessWithdrawals": month.flows,
                "transactions": month.flow_count, "detail": month.detail,
                "currency": self.currency},
            "phase": None if self.phase is None else self.phase.metadata(),
            "positionGroups": [{"ticker": g.ticker, "strategy": g.strategy, "kind": g.kind,
                                "underlying": g.underlying, "expiration": g.expiration,
                                "legs": g.legs} for g in self.groups],
            "holdings": self.holdings,
            "definitions": DEFINITIONS,
            "manualEntry": self.manual_entry,
            "sources": {k: self.sources.get(k, MISSING) for k in KEYS},
            "failures": self.failures,
            "missing": self.missing(),
            "complete": not self.missing(),
        }
        return doc

    def line(self) -> tuple[str | None, list[str]]:
        """The core's manual line and the parts it had to leave out (or None: unusable)."""
        need = {"netLiq": "account value", "positionsText": "positions",
                "bpUsedPercent": "BP used", "vixLevel": "VIX", "portfolioMargin":
                "portfolio margin"}
        unknown = [label for key, label in need.items() if self.get(key) is None]
        if unknown:
            return None, unknown
        pm = "Yes" if self.get("portfolioMargin") else "No"
        parts = [f"£{_whole(self.get('netLiq'))}", self.get("positionsText"),
                 f"{_plain(self.get('bpUsedPercent'))}%", self.line_date,
                 f"VIX {_plain(self.get('vixLevel'))}", pm]
        left_out = []
        pl = self.get("monthPL")
        if pl is None:
            left_out.append("month P/L")
        else:
            whole = _whole(pl)
            parts.append(f"-£{whole.lstrip('-')}" if whole.startswith("-") else f"£{whole}")
        return " | ".join(parts), left_out


def _whole(value: Decimal) -> str:
    return str(int(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)))


def _plain(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text

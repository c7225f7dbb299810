"""A prepared order: the body exactly as the API takes it, validated, and its review.

`OrderDraft` is checked here, before anything is sent to the broker: positive
quantities, expirations not in the past, legs that make the named strategy with the
wings on the right side, a positive price on the instrument's tick grid, GTD dates in
the future. `checked()` turns the first problem into a one-line UsageError (exit 2).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ValidationError, model_validator

from tastyking.domain.calendar import market_today
from tastyking.domain.strategies import is_on_tick
from tastyking.errors import UsageError

STATUS: Literal["PREPARED_NOT_SUBMITTED"] = "PREPARED_NOT_SUBMITTED"
# What the broker's dry-run said: accepted; accepted_with_warnings (a 2xx with a warning
# that is not known to be informational: it would be rejected if submitted as it is);
# rejected (an error envelope, or a 2xx whose `errors` is not empty); not_run.
DryRunStatus = Literal["accepted", "accepted_with_warnings", "rejected", "not_run"]
STRATEGIES = ("single", "vertical", "strangle", "iron-condor", "butterfly", "custom")
ACTIONS = {
    "STO": "Sell to Open",
    "BTO": "Buy to Open",
    "STC": "Sell to Close",
    "BTC": "Buy to Close",
}
CENT = Decimal("0.01")

Strategy = Literal["single", "vertical", "strangle", "iron-condor", "butterfly", "custom"]
OrderType = Literal["Limit", "Market", "Stop", "Stop Limit"]
Tif = Literal["Day", "GTC", "GTD"]
Effect = Literal["Credit", "Debit"]
Kind = Literal["C", "P"]


class PreparedLeg(BaseModel):
    """One leg: what goes to the API (action, quantity, instrument type, symbol) plus
    what the review shows (strike, expiration, and the live delta and quotes)."""

    action: str  # the API's words: "Sell to Open"
    quantity: int
    instrument_type: str  # "Equity Option" or "Future Option"
    symbol: str
    option_type: Kind
    strike: Decimal
    expiration: date
    delta: Decimal | None = None
    bid: Decimal | None = None
    ask: Decimal | None = None
    mid: Decimal | None = None

    @property
    def is_sell(self) -> bool:
        return self.action.startswith("Sell")

    @property
    def opens(self) -> bool:
        return self.action.endswith("to Open")

    def api(self) -> dict[str, Any]:
        return {"instrument-type": self.instrument_type, "symbol": self.symbol,
                "quantity": self.quantity, "action": self.action}


class OrderDraft(BaseModel):
    """The order before the broker sees it; constructing one validates it."""

    strategy: Strategy
    side: Literal["buy", "sell"]
    legs: list[PreparedLeg]
    order_type: OrderType = "Limit"
    time_in_force: Tif = "Day"
    gtd_date: date | None = None
    price: Decimal | None = None
    price_effect: Effect | None = None
    stop_trigger: Decimal | None = None
    # The instrument's tick table in the API's form; None when unknown (no chain).
    tick_sizes: list[dict[str, Decimal]] | None = None

    @model_validator(mode="after")
    def _check(self) -> OrderDraft:
        today = market_today()
        if not self.legs:
            raise ValueError("the order has no legs")
        for leg in self.legs:
            if leg.quantity <= 0:
                raise ValueError(f"quantity must be positive (got {leg.quantity} for {leg.symbol})")
            if leg.strike <= 0:
                raise ValueError(f"strike must be positive (got {leg.strike})")
            if leg.expiration < today:
                raise ValueError(f"expiration {leg.expiration.isoformat()} is in the past")
        dupes = [s for s, n in Counter(leg.symbol for leg in self.legs).items() if n > 1]
        if dupes:
            raise ValueError(f"the same option appears in two legs: {dupes[0].strip()}")
        _check_shape(self.strategy, self.side, self.legs)
        self._check_pricing(today)
        return self

    def _check_pricing(self, today: date) -> None:
        if self.time_in_force == "GTD":
            if self.gtd_date is None:
                raise ValueError("--tif GTD needs --gtd-date YYYY-MM-DD")
            if self.gtd_date <= today:
                raise ValueError(f"--gtd-date {self.gtd_date.isoformat()} must be in the future")
        elif self.gtd_date is not None:
            raise ValueError("--gtd-date goes with --tif GTD only")
        priced = self.order_type in ("Limit", "Stop Limit")
        if priced:
            if self.price is None or self.price_effect is None:
                raise ValueError(f"a {self.order_type} order needs a price and a credit/debit")
            self._check_tick(self.price, "price")
        elif self.price is not None:
            raise ValueError(f"a {self.order_type} order takes no --price")
        if self.order_type in ("Stop", "Stop Limit"):
            if self.stop_trigger is None:
                raise ValueError(f"a {self.order_type} order needs --stop-trigger")
            self._check_tick(self.stop_trigger, "stop trigger")
        elif self.stop_trigger is not None:
            raise ValueError("--stop-trigger goes with --order-type Stop or 'Stop Limit' only")

    def _check_tick(self, value: Decimal, what: str) -> None:
        if value <= 0:
            raise ValueError(f"the {what} must be positive (got {value}); say credit or debit "
                             "with the strategy's side instead of a sign")
        ticks = self.tick_sizes or [{"value": CENT}]  # every option tick is a cent multiple
        if not is_on_tick(value, ticks):
            from tastyking.domain.strategies import tick_for

            raise ValueError(f"the {what} {value} is not a multiple of the tick size "
                             f"{tick_for(value, ticks)}")

    def body(self) -> dict[str, Any]:
        """The new-order JSON exactly as POST /accounts/{n}/orders/dry-run takes it."""
        out: dict[str, Any] = {"time-in-force": self.time_in_force, "order-type": self.order_type}
        if self.gtd_date is not None:
            out["gtc-date"] = self.gtd_date.isoformat()
        if self.price is not None:
            out["price"] = _plain(self.price)
            out["price-effect"] = self.price_effect
        if self.stop_trigger is not None:
            out["stop-trigger"] = _plain(self.stop_trigger)
        out["legs"] = [leg.api() for leg in self.legs]
        return out


def _plain(value: Decimal) -> str:
    """A price as the API writes it: "1.25", "5" (never "1.250" or "5E+1")."""
    return format(value.normalize(), "f")


def _check_shape(strategy: str, side: str, legs: list[PreparedLeg]) -> None:
    """Legs that make the named strategy, wings on the right side."""
    if strategy == "custom":
        return
    n = {"single": 1, "vertical": 2, "strangle": 2, "iron-condor": 4, "butterfly": 3}[strategy]
    if len(legs) != n:
        raise ValueError(f"a {strategy} has {n} legs, not {len(legs)}")
    if len({leg.expiration for leg in legs}) > 1:
        raise ValueError(f"the legs of a {strategy} share one expiration")
    if not all(leg.opens for leg in legs):
        raise ValueError(f"a {strategy} opens a position: every leg is '... to Open'")
    if strategy == "single":
        return
    unit = min(leg.quantity for leg in legs)
    shorts = [leg for leg in legs if leg.is_sell]
    longs = [leg for leg in legs if not leg.is_sell]
    if strategy == "vertical":
        if len(shorts) != 1 or legs[0].option_type != legs[1].option_type:
            raise ValueError("a vertical is one short and one long option of the same type")
        short, long_ = shorts[0], longs[0]
        if short.quantity != long_.quantity:
            raise ValueError("the legs of a vertical have equal quantities")
        # Credit: the short leg is nearer the money; debit: the long one is.
        near, far = (short, long_) if side == "sell" else (long_, short)
        ok = far.strike < near.strike if near.option_type == "P" else far.strike > near.strike
        if not ok:
            word = "credit" if side == "sell" else "debit"
            where = "below" if near.option_type == "P" else "above"
            raise ValueError(f"wing on the wrong side: in a {word} {_kind(near)} vertical the "
                             f"{_role(far)} strike must be {where} the {_role(near)} strike")
    elif strategy == "strangle":
        if longs or {leg.option_type for leg in legs} != {"C", "P"}:
            raise ValueError("a short strangle sells one put and one call")
        put, call = sorted(legs, key=lambda leg: leg.option_type != "P")
        if put.quantity != call.quantity:
            raise ValueError("the legs of a strangle have equal quantities")
        if put.strike >= call.strike:
            raise ValueError(f"the put strike ({put.strike}) must be below the call strike "
                             f"({call.strike})")
    elif strategy == "iron-condor":
        if any(leg.quantity != unit for leg in legs):
            raise ValueError("the legs of an iron condor have equal quantities")
        by = {(leg.option_type, leg.is_sell): leg for leg in legs}
        if len(by) != 4:
            raise ValueError("an iron condor is a short put, a long put, a short call "
                             "and a long call")
        lp, sp, sc, lc = by["P", False], by["P", True], by["C", True], by["C", False]
        if not lp.strike < sp.strike:
            raise ValueError("wing on the wrong side: the long put must be below the short put")
        if not sc.strike < lc.strike:
            raise ValueError("wing on the wrong side: the long call must be above the short call")
        if not sp.strike < sc.strike:
            raise ValueError("the short put must be below the short call")
    elif strategy == "butterfly":
        low, mid, high = sorted(legs, key=lambda leg: leg.strike)
        if len({leg.option_type for leg in legs}) != 1:
            raise ValueError("a butterfly uses one option type")
        if not (low.strike < mid.strike < high.strike):
            raise ValueError("a butterfly has three different strikes")
        if mid.strike - low.strike != high.strike - mid.strike:
            raise ValueError("a butterfly's wings are equally wide")
        if low.is_sell or high.is_sell or not mid.is_sell:
            raise ValueError("a long butterfly buys the wings and sells the body")
        if not (low.quantity == high.quantity and mid.quantity == 2 * low.quantity):
            raise ValueError("a butterfly's quantities are 1:2:1")


def _kind(leg: PreparedLeg) -> str:
    return "put" if leg.option_type == "P" else "call"


def _role(leg: PreparedLeg) -> str:
    return "short" if leg.is_sell else "long"


def checked(**fields: Any) -> OrderDraft:
    """Build and validate a draft; the first problem becomes a one-line UsageError."""
    try:
        return OrderDraft(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err.get("type") != "value_error" and err.get("loc"):
            msg = f"{'.'.join(str(p) for p in err['loc'])}: {msg}"
        raise UsageError(f"invalid order: {msg}") from None


# ----- the review ----------------------------------------------------------------------


class Notice(BaseModel):
    code: str | None = None
    message: str
    # Warnings only: true for codes known to be informational (models.orders
    # INFORMATIONAL_WARNINGS); any other warning keeps the review from being accepted.
    informational: bool = False


class BpPart(BaseModel):
    """One part of the buying power an order uses: `requirement` (the change in margin
    requirement; negative when the order frees it), `credit`/`debit` (premium the broker
    counts apart from the requirement), `fees`, `unexplained` (what the broker's figures
    leave over). Positive uses buying power, negative frees it."""

    name: Literal["requirement", "credit", "debit", "fees", "unexplained"]
    amount: Decimal


class BpExplained(BaseModel):
    used: Decimal  # −change: the parts add up to it
    parts: list[BpPart]
    # defined-risk opening orders: the margin the broker holds minus our max loss
    max_loss_difference: Decimal | None = None
    text: str  # "requirement 8,702.84 + fees 2.27", as the table shows it


class BuyingPower(BaseModel):
    """Signed dollars: negative `change` means the order uses buying power."""

    change: Decimal | None = None
    current: Decimal | None = None
    new: Decimal | None = None
    margin_requirement: Decimal | None = None
    explained: BpExplained | None = None


class Fees(BaseModel):
    """Dollars charged by the broker for the order; positive = you pay."""

    total: Decimal | None = None
    commission: Decimal | None = None
    clearing: Decimal | None = None
    regulatory: Decimal | None = None
    proprietary_index_option: Decimal | None = None


PnL = Decimal | Literal["unlimited"] | None


class Review(BaseModel):
    legs: list[PreparedLeg]
    net_price: Decimal | None  # the order's price per structure (always positive)
    price_effect: Effect | None
    net_mid: Decimal | None  # from the quotes, per structure; credit positive
    quantity: int  # structures in the order
    multiplier: Decimal | None
    buying_power_effect: BuyingPower | None = None
    net_liquidating_value: Decimal | None = None
    bp_used_pct_before: Decimal | None = None
    bp_used_pct_after: Decimal | None = None
    fees: Fees | None = None
    # Whole order in dollars at expiration, before fees.
    max_profit: PnL = None
    max_loss: PnL = None
    breakevens: list[Decimal] | None = None
    pnl_basis: str | None = None  # which price the P/L uses
    warnings: list[Notice] = []
    errors: list[Notice] = []
    notes: list[str] = []
    missing: list[str] = []


class PreparedOrder(BaseModel):
    status: Literal["PREPARED_NOT_SUBMITTED"] = STATUS
    broker_validated: bool
    dry_run: DryRunStatus
    account: str | None
    strategy: Strategy
    underlying: str
    expiration: date | None  # None when the legs expire on different dates
    order: dict[str, Any]  # the API body, prices as strings, exactly as sent
    review: Review

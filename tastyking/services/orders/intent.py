"""What the user asked prepare-order for, checked, and the legs each strategy is made of.

`parse_intent` turns the command's raw options into an `OrderIntent` (one clear
UsageError per mistake); `plan_legs` says which legs the named strategy has and how
each strike is chosen: given, by target delta, or as a wing `width` points away from
another leg. Nothing here does I/O except reading a `--legs-file`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tastyking.domain.strategies import target_delta
from tastyking.errors import UsageError
from tastyking.models.prepared import ACTIONS, STRATEGIES, Effect, Kind, OrderType, Tif

# The framework's DTE for each structure when neither --dte nor --expiration is given.
DEFAULT_DTE = {"single": 45, "vertical": 45, "strangle": 90, "iron-condor": 112,
               "butterfly": 45}
ORDER_TYPES: dict[str, OrderType] = {"limit": "Limit", "market": "Market", "stop": "Stop",
                                     "stop limit": "Stop Limit", "stop-limit": "Stop Limit",
                                     "stoplimit": "Stop Limit"}
TIFS: dict[str, Tif] = {"day": "Day", "gtc": "GTC", "gtd": "GTD"}


class CustomLeg(BaseModel):
    action: str  # "STO", ...
    quantity: int
    kind: Kind
    strike: Decimal
    expiration: date | None = None


class OrderIntent(BaseModel):
    strategy: str
    underlying: str
    side: str  # "buy" | "sell"
    kind: Kind | None = None  # --type
    expiration: date | None = None
    dte: int | None = None
    strike: Decimal | None = None
    call: Decimal | None = None
    put: Decimal | None = None
    delta: Decimal | None = None
    width: Decimal | None = None
    quantity: int = 1
    price: Decimal | None = None
    effect: Effect | None = None
    order_type: OrderType = "Limit"
    tif: Tif = "Day"
    gtd_date: date | None = None
    stop_trigger: Decimal | None = None
    legs: list[CustomLeg] = []
    root: str | None = None
    account: str | None = None

    @property
    def needs_quotes(self) -> bool:
        return self.delta is not None or (self.price is None and self.order_type in
                                          ("Limit", "Stop Limit"))


@dataclass(frozen=True)
class LegPlan:
    """One leg before its strike is known."""

    action: str  # "STO", "BTO", "STC", "BTC"
    ratio: int  # per structure
    kind: Kind
    strike: Decimal | None = None  # given
    delta: Decimal | None = None  # or chosen by target |delta|
    wing_of: int | None = None  # or `offset` points from leg number `wing_of`
    offset: Decimal = Decimal(0)
    expiration: date | None = None  # custom legs may name their own

    @property
    def api_action(self) -> str:
        return ACTIONS[self.action]


# ----- parsing the command line ------------------------------------------------------


# The largest order tastyking prepares, in contracts (per leg): checked before any request.
MAX_QUANTITY = 10_000
# No strike, price or width comes near this; past it a number only overflows downstream.
_HUGE = Decimal("1e9")


def _dec(text: str | None, flag: str) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(f"{flag} must be a number, not {text!r}") from None
    if not value.is_finite():
        raise UsageError(f"{flag} must be a number, not {text!r}")
    if abs(value) >= _HUGE:
        raise UsageError(f"{flag} is far too large ({text.strip()[:20]})")
    return value


def _check_quantity(quantity: int, what: str) -> None:
    if quantity <= 0:
        raise UsageError(f"{what} must be a positive whole number (got {quantity})")
    if quantity > MAX_QUANTITY:
        raise UsageError(f"{what} is at most {MAX_QUANTITY:,} contracts (got {quantity:,})")


def _day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} must be a date YYYY-MM-DD, not {text!r}") from None


def _choice(text: str | None, choices: dict[str, Any], flag: str) -> Any:
    if text is None:
        return None
    key = " ".join(text.strip().lower().split())
    if key not in choices:
        names = ", ".join(dict.fromkeys(str(v) for v in choices.values()))
        raise UsageError(f"{flag} must be one of {names}, not {text!r}")
    return choices[key]


def _positive(value: Decimal | None, flag: str) -> Decimal | None:
    if value is not None and value <= 0:
        raise UsageError(f"{flag} must be positive (got {value})")
    return value


def parse_intent(
    strategy: str, underlying: str, *, side: str | None = None, option_type: str | None = None,
    expiration: str | None = None, dte: int | None = None, strike: str | None = None,
    call: str | None = None, put: str | None = None, delta: str | None = None,
    width: str | None = None, quantity: int = 1, price: str | None = None,
    effect: str | None = None, order_type: str = "Limit", tif: str = "Day",
    gtd_date: str | None = None, stop_trigger: str | None = None,
    legs: list[str] | None = None, legs_file: Path | None = None,
    root: str | None = None, account: str | None = None,
) -> OrderIntent:
    name = strategy.strip().lower().replace("_", "-")
    name = {"ironcondor": "iron-condor", "ic": "iron-condor", "fly": "butterfly"}.get(name, name)
    if name not in STRATEGIES:
        raise UsageError(f"unknown strategy {strategy!r} (choose from: {', '.join(STRATEGIES)})")
    _check_quantity(quantity, "--quantity")
    d = _dec(delta, "--delta")
    if d is not None:
        d = target_delta(d)
    if dte is not None and dte < 0:
        raise UsageError(f"--dte must be 0 or more (got {dte})")
    exp = _day(expiration, "--expiration")
    if exp is not None and dte is not None:
        raise UsageError("give --expiration or --dte, not both")
    side_v = _choice(side, {"buy": "buy", "sell": "sell", "long": "buy", "short": "sell"},
                     "--side")
    kind = _choice(option_type, {"call": "C", "put": "P", "c": "C", "p": "P"}, "--type")
    intent = OrderIntent(
        strategy=name,
        underlying=underlying.strip().upper(),
        side=side_v or ("buy" if name == "butterfly" else "sell"),
        kind=kind,
        expiration=exp,
        dte=dte,
        strike=_positive(_dec(strike, "--strike"), "--strike"),
        call=_positive(_dec(call, "--call"), "--call"),
        put=_positive(_dec(put, "--put"), "--put"),
        delta=d,
        width=_positive(_dec(width, "--width"), "--width"),
        quantity=quantity,
        price=_positive(_dec(price, "--price"), "--price"),
        effect=_choice(effect, {"credit": "Credit", "debit": "Debit"}, "--effect"),
        order_type=_choice(order_type, ORDER_TYPES, "--order-type"),
        tif=_choice(tif, TIFS, "--tif"),
        gtd_date=_day(gtd_date, "--gtd-date"),
        stop_trigger=_positive(_dec(stop_trigger, "--stop-trigger"), "--stop-trigger"),
        legs=_custom_legs(legs or [], legs_file),
        root=root.strip().upper() if root else None,
        account=account,
    )
    _check_options(intent, side_given=side_v is not None)
    return intent


def _check_options(i: OrderIntent, side_given: bool) -> None:
    """Options that make no sense for the strategy are mistakes, not silently ignored."""
    s = i.strategy
    if s == "custom":
        if not i.legs:
            raise UsageError("custom needs --leg \"STO 1 P 5000\" (repeatable) or --legs-file")
        extra = [f for f, v in (("--strike", i.strike), ("--call", i.call), ("--put", i.put),
                                ("--delta", i.delta), ("--width", i.width),
                                ("--type", i.kind), ("--side", side_given or None)) if v]
        if extra:
            raise UsageError(f"custom takes its strikes from --leg; drop {extra[0]}")
        if i.expiration is None and i.dte is None and any(c.expiration is None for c in i.legs):
            raise UsageError("custom legs need --expiration or --dte (or a date on each leg)")
        return
    if i.legs:
        raise UsageError(f"--leg and --legs-file are for custom orders, not {s}")
    if s in ("single", "vertical", "butterfly"):
        if i.kind is None:
            raise UsageError(f"{s} needs --type call or --type put")
        if i.call is not None or i.put is not None:
            raise UsageError(f"{s} takes --strike, not --call/--put")
        if i.strike is not None and i.delta is not None:
            raise UsageError("give --strike or --delta, not both")
        if i.strike is None and i.delta is None:
            raise UsageError(f"{s} needs --strike or --delta")
    else:
        if i.kind is not None:
            raise UsageError(f"{s} has a put and a call: drop --type")
        if i.strike is not None:
            raise UsageError(f"{s} takes --put and --call, not --strike")
        for flag, value in (("--put", i.put), ("--call", i.call)):
            if value is None and i.delta is None:
                raise UsageError(f"{s} needs {flag} or --delta")
        if i.delta is not None and (i.put is not None or i.call is not None):
            raise UsageError("give --put and --call, or --delta, not both")
        if i.side != "sell":
            raise UsageError(f"{s} is prepared short only; use custom for a long one")
    if s == "single" and not side_given:
        raise UsageError("single needs --side buy or --side sell")
    if s == "butterfly" and i.side != "buy":
        raise UsageError("butterfly is prepared long only; use custom for a short one")
    if s in ("vertical", "iron-condor", "butterfly") and i.width is None:
        raise UsageError(f"{s} needs --width (points between the strikes)")
    if s in ("single", "strangle") and i.width is not None:
        raise UsageError(f"{s} has no wings: drop --width")
    if i.effect is not None:
        raise UsageError(f"--effect is for custom orders; a {s} has a known credit or debit")


def parse_leg(text: str) -> CustomLeg:
    """`STO 1 P 5000`, optionally followed by an expiration date `2026-03-20`."""
    parts = text.split()
    usage = f"--leg must look like \"STO 1 P 5000\" [YYYY-MM-DD], not {text!r}"
    if len(parts) not in (4, 5):
        raise UsageError(usage)
    action, qty, kind, strike = (p.upper() for p in parts[:4])
    if action not in ACTIONS:
        raise UsageError(f"leg action must be one of {', '.join(ACTIONS)}, not {parts[0]!r}")
    if not qty.lstrip("-").isdigit() or len(qty) > 12:
        raise UsageError(usage)
    kind = {"CALL": "C", "PUT": "P"}.get(kind, kind)
    if kind not in ("C", "P"):
        raise UsageError(f"leg type must be C or P, not {parts[2]!r}")
    return _leg(action, int(qty), kind, _dec(strike, "leg strike"),
                _day(parts[4], "leg expiration") if len(parts) == 5 else None)


def _leg(action: str, qty: int, kind: str, strike: Decimal | None,
         expiration: date | None) -> CustomLeg:
    _check_quantity(qty, "leg quantity")
    if strike is None or strike <= 0:
        raise UsageError(f"leg strike must be positive (got {strike})")
    return CustomLeg(action=action, quantity=qty, kind=kind, strike=strike,  # type: ignore[arg-type]
                     expiration=expiration)


def _custom_legs(texts: list[str], path: Path | None) -> list[CustomLeg]:
    out = [parse_leg(t) for t in texts]
    if path is None:
        return out
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read --legs-file {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"--legs-file {path} is not valid JSON: {exc}") from None
    except RecursionError:
        raise UsageError(f"--legs-file {path} nests too deeply to be a list of legs") from None
    if not isinstance(raw, list) or not raw:
        raise UsageError(f"--legs-file {path} must hold a non-empty JSON list of legs")
    for item in raw:
        if isinstance(item, str):
            out.append(parse_leg(item))
        elif isinstance(item, dict):
            out.append(_leg_from_json(item, path))
        else:
            raise UsageError(f"--legs-file {path}: each leg is a string or an object")
    return out


def _leg_from_json(item: dict[str, Any], path: Path) -> CustomLeg:
    """{"action": "STO", "quantity": 1, "type": "P", "strike": 5000, "expiration": "..."}."""
    missing = [k for k in ("action", "quantity", "type", "strike") if k not in item]
    if missing:
        raise UsageError(f"--legs-file {path}: a leg lacks {missing[0]!r}")
    text = f"{item['action']} {item['quantity']} {item['type']} {item['strike']}"
    if item.get("expiration"):
        text += f" {item['expiration']}"
    return parse_leg(text)


# ----- the legs of each strategy ------------------------------------------------------


def plan_legs(i: OrderIntent) -> list[LegPlan]:
    """Legs per structure, in the order they are shown and sent."""
    s, k, w = i.strategy, i.kind, i.width or Decimal(0)
    if s == "custom":
        g = _gcd(i)
        return [LegPlan(c.action, c.quantity // g, c.kind, strike=c.strike,
                        expiration=c.expiration) for c in i.legs]
    if s == "strangle":
        return [LegPlan("STO", 1, "P", i.put, None if i.put else i.delta),
                LegPlan("STO", 1, "C", i.call, None if i.call else i.delta)]
    if s == "iron-condor":
        return [LegPlan("STO", 1, "P", i.put, None if i.put else i.delta),
                LegPlan("BTO", 1, "P", wing_of=0, offset=-w),
                LegPlan("STO", 1, "C", i.call, None if i.call else i.delta),
                LegPlan("BTO", 1, "C", wing_of=2, offset=w)]
    assert k is not None
    away = -w if k == "P" else w  # further out of the money
    if s == "single":
        return [LegPlan("STO" if i.side == "sell" else "BTO", 1, k, i.strike, i.delta)]
    if s == "vertical":
        near, far = ("STO", "BTO") if i.side == "sell" else ("BTO", "STO")
        return [LegPlan(near, 1, k, i.strike, i.delta), LegPlan(far, 1, k, wing_of=0, offset=away)]
    # butterfly: the body by --strike/--delta, wings `width` either side, low to high
    return [LegPlan("BTO", 1, k, wing_of=1, offset=-w), LegPlan("STO", 2, k, i.strike, i.delta),
            LegPlan("BTO", 1, k, wing_of=1, offset=w)]


def _gcd(i: OrderIntent) -> int:
    return math.gcd(*(c.quantity for c in i.legs)) if i.legs else 1


def units(i: OrderIntent) -> int:
    """Structures in the order: the price is per structure. Custom legs `STO 2 / BTO 2` are
    two 1:1 spreads, so their price is per spread."""
    return i.quantity * (_gcd(i) if i.strategy == "custom" else 1)


def expected_effect(i: OrderIntent) -> Effect | None:
    """Credit or debit by construction; None for custom (decided by the quotes or --effect)."""
    if i.strategy == "custom":
        if i.effect:
            return i.effect
        sells = {leg.action.startswith("S") for leg in i.legs}
        return ("Credit" if sells == {True} else "Debit") if len(sells) == 1 else None
    if i.strategy in ("strangle", "iron-condor"):
        return "Credit"
    if i.strategy == "butterfly":
        return "Debit"
    return "Credit" if i.side == "sell" else "Debit"

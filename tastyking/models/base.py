"""One base model per wire dialect.

REST: kebab-case aliases, unknown fields ignored, Decimal for money (the API sends
numbers as strings or as JSON numbers; both parse), unknown enum values kept as
plain strings rather than crashing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_snake


def to_kebab(name: str) -> str:
    return to_snake(name).replace("_", "-")


# No figure tastytrade sends comes near this; past it a number is a fault, not a value
# (1e400 would overflow every quantize downstream).
HUGE = Decimal("1e13")


def _decimal(value: Any) -> Any:
    # Through str so 0.1 stays 0.1; "NaN"/""/huge mean unknown (None) rather than a crash:
    # an optional field is then null and listed, a required one fails validation (a bad
    # response). Text that is not a number at all fails validation too.
    if value is None:
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if not isinstance(value, Decimal):
        if isinstance(value, dict | list):
            raise ValueError("a number was expected")
        try:
            value = Decimal(str(value).strip())
        except InvalidOperation:
            if str(value).strip() == "":
                return None
            raise ValueError("not a number") from None
    if not value.is_finite() or abs(value) >= HUGE:
        return None
    return value


def non_negative(value: Any) -> Any:
    # A negative price, mark, IV or net liq is impossible: unknown, not a sign flip.
    out = _decimal(value)
    return None if out is not None and out < 0 else out


Dec = Annotated[Decimal, BeforeValidator(_decimal)]
OptDec = Annotated[Decimal | None, BeforeValidator(_decimal)]
# prices, marks, volatilities: never negative
Price = Annotated[Decimal | None, BeforeValidator(non_negative)]
PosDec = Annotated[Decimal, BeforeValidator(non_negative)]


def _boolish(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return value


Boolish = Annotated[bool, BeforeValidator(_boolish)]


class RestModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_kebab,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )


class Effectful(RestModel):
    """Helpers for the API's unsigned amount + `<field>-effect` convention."""

    @staticmethod
    def signed(amount: Decimal | None, effect: str | None) -> Decimal | None:
        """Credit +, Debit -, None (or no effect) only for a zero amount; any other
        effect is unknown, and so is the signed amount: never a guessed sign."""
        if amount is None:
            return None
        kind = (effect or "").strip().lower()
        if kind == "debit":
            return -amount
        if kind == "credit" or (kind in ("", "none") and amount == 0):
            return amount
        return None

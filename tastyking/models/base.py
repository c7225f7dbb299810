"""One base model per wire dialect.

REST: kebab-case aliases, unknown fields ignored, Decimal for money (the API sends
numbers as strings or as JSON numbers; both parse), unknown enum values kept as
plain strings rather than crashing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_snake


def to_kebab(name: str) -> str:
    return to_snake(name).replace("_", "-")


def _decimal(value: Any) -> Any:
    # Through str so 0.1 stays 0.1; "NaN"/"" mean absent rather than a crash.
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    text = str(value).strip()
    if text in ("", "NaN", "nan", "Infinity", "-Infinity"):
        return None
    return Decimal(text)


Dec = Annotated[Decimal, BeforeValidator(_decimal)]
OptDec = Annotated[Decimal | None, BeforeValidator(_decimal)]


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
        if amount is None:
            return None
        return -amount if (effect or "").lower() == "debit" else amount

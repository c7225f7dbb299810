"""Positions (section 6): unsigned quantity + quantity-direction, no marks, no Greeks."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from tastyking.models.base import Dec, OptDec, RestModel


class Position(RestModel):
    account_number: str
    symbol: str
    instrument_type: str
    underlying_symbol: str | None = None
    quantity: Dec
    quantity_direction: str | None = None
    average_open_price: OptDec = None
    close_price: OptDec = None
    multiplier: Dec = Field(default=Decimal(1))
    cost_effect: str | None = None
    expires_at: datetime | None = None
    streamer_symbol: str | None = None
    mark: OptDec = None
    mark_price: OptDec = None
    realized_day_gain: OptDec = None
    realized_day_gain_effect: str | None = None
    created_at: datetime | None = None

    @property
    def signed_quantity(self) -> Decimal | None:
        """Negative when short; None when the direction is not one tastytrade documents
        (never guessed as Long: that would flip every sign downstream)."""
        direction = (self.quantity_direction or "").strip().lower()
        if direction == "short":
            return -self.quantity
        if direction == "long" or (direction == "zero" and self.quantity == 0):
            return self.quantity
        return None

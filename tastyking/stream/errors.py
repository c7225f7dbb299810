"""Errors raised by the DXLink client.

`StreamError` is deliberately standalone (not part of `tastyking.errors`) so the
stream package has no upward imports; the service layer maps it into the app's
error tree. Messages never contain the quote token.
"""

from __future__ import annotations


class StreamError(Exception):
    """The market-data stream cannot deliver: auth refused, protocol error, or
    reconnects exhausted. `reason` is a short machine-readable tag."""

    def __init__(self, message: str, *, reason: str = "stream") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason  # "auth" | "protocol" | "server" | "reconnects" | "closed"

    def __str__(self) -> str:
        return self.message

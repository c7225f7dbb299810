"""Logging on stderr with a redacting filter.

Every secret the process learns (client secret, refresh token, access and quote
tokens) is registered here; the filter replaces it, and anything that looks like a
bearer token or an OAuth body field, in every record from every logger (httpx,
httpcore and websockets included).
"""

from __future__ import annotations

import logging
import re
import sys

_secrets: set[str] = set()
_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    # A key, not a path: "/oauth/token: failed" must stay readable.
    re.compile(r'(?i)((?<![\w/])"?(?:access_token|refresh_token|client_secret|token|id_token)"?'
               r'\s*[:=]\s*"?)[^",&\s}]+'),
]
MASK = "***"


def register_secret(value: str | None) -> None:
    """Remember a secret so that no log line can carry it."""
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    # Third-party chatter stays at WARNING unless the user asked for detail.
    for name in ("httpx", "httpcore", "websockets", "uvicorn", "asyncio", "keyring"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.INFO if verbose else logging.WARNING)

"""DXLink sessions for commands: quote token reuse and errors in the app's terms.

The quote token lives 24 h. It is fetched once per run and, outside demo, cached in
the keyring with its expiry so later runs reuse it (tastytrade asks clients to).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.credentials import CredentialStore
from tastyking.errors import ApiUnreachable, AuthError
from tastyking.logs import register_secret
from tastyking.models.market import QuoteToken
from tastyking.stream.dxlink import DXLinkClient
from tastyking.stream.errors import StreamError

_QUOTE_KEY = "quote-token"
_MARGIN = 600.0  # seconds: do not start a session on a token about to expire


def _cache_store(api: ApiClient) -> CredentialStore | None:
    store = getattr(api.tokens, "_store", None)
    return store if store is not None and store.env != "demo" else None


def _load_cached(api: ApiClient) -> QuoteToken | None:
    store = _cache_store(api)
    if store is None:
        return None
    try:
        from tastyking.credentials import _keyring

        raw = _keyring().get_password(store.service, _QUOTE_KEY)
        if not raw:
            return None
        data = json.loads(raw)
        stale = float(data["expires_at"]) - _MARGIN < time.time()
        if data.get("base_url") != api.base_url or stale:
            return None
        register_secret(data["token"])
        return QuoteToken(token=data["token"], dxlink_url=data["dxlink_url"],
                          level=data.get("level"))
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        return None


def _save_cached(api: ApiClient, qt: QuoteToken) -> None:
    store = _cache_store(api)
    if store is None:
        return
    expires = qt.expires_at.timestamp() if isinstance(qt.expires_at, datetime) else (
        time.time() + 24 * 3600)
    try:
        from tastyking.credentials import _keyring

        _keyring().set_password(store.service, _QUOTE_KEY, json.dumps({
            "token": qt.token, "dxlink_url": qt.dxlink_url, "level": qt.level,
            "expires_at": expires, "base_url": api.base_url}))
    except Exception:  # noqa: BLE001
        return


async def quote_token(api: ApiClient) -> QuoteToken:
    cached = getattr(api, "_quote_token", None) or _load_cached(api)
    if cached is None:
        cached = await endpoints.quote_token(api)
        register_secret(cached.token)
        _save_cached(api, cached)
    api._quote_token = cached  # type: ignore[attr-defined]  # once per run
    return cached


def stream_error(exc: StreamError) -> Exception:
    if exc.reason == "auth":
        return AuthError(f"market-data stream refused the quote token: {exc.message}")
    return ApiUnreachable(f"market-data stream failed: {exc.message}")


@contextlib.asynccontextmanager
async def open_stream(api: ApiClient) -> AsyncIterator[DXLinkClient]:
    """A connected DXLink client for this run, bounded by the settings' timeouts."""
    s = api.settings
    qt = await quote_token(api)
    client = DXLinkClient(
        qt.dxlink_url, qt.token,
        connect_timeout=s.connect_timeout,
        max_reconnects=min(s.max_retries, 5),
        backoff_base=s.backoff_base,
        backoff_max=s.backoff_max,
    )
    try:
        await client.start()
    except StreamError as exc:
        await client.close()
        raise stream_error(exc) from None
    try:
        yield client
    except StreamError as exc:
        raise stream_error(exc) from None
    finally:
        await client.close()

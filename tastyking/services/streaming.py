"""DXLink sessions for commands: quote token reuse and errors in the app's terms.

The quote token lives 24 h. It is fetched once per run and, outside demo, cached in
the keyring with its expiry so later runs reuse it (tastytrade asks clients to). The
cache entry is keyed by the credentials it was obtained with (their fingerprint, never
a secret) and the API's base URL: other credentials never reuse it. It is dropped when
DXLink refuses it (the session is then retried once with a fresh token) and by `logout`
(CredentialStore.delete removes it with the credentials).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.credentials import QUOTE_TOKEN_KEY, CredentialStore
from tastyking.errors import ApiUnreachable, AuthError
from tastyking.logs import register_secret
from tastyking.models.market import QuoteToken
from tastyking.stream.dxlink import DXLinkClient
from tastyking.stream.errors import StreamError

_MARGIN = 600.0  # seconds: do not start a session on a token about to expire


def _cache_store(api: ApiClient) -> CredentialStore | None:
    store = getattr(api.tokens, "_store", None)
    return store if store is not None and store.env != "demo" else None


def _owner(api: ApiClient) -> str:
    """Whose token it is: the credentials' fingerprint (a one-way tag)."""
    return str(getattr(api.tokens, "_owner", ""))


def _load_cached(api: ApiClient) -> QuoteToken | None:
    store = _cache_store(api)
    if store is None:
        return None
    try:
        from tastyking.credentials import _keyring

        raw = _keyring().get_password(store.service, QUOTE_TOKEN_KEY)
        if not raw:
            return None
        data = json.loads(raw)
        stale = float(data["expires_at"]) - _MARGIN < time.time()
        mine = data.get("owner") == _owner(api) and data.get("base_url") == api.base_url
        if not mine or stale:
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

        _keyring().set_password(store.service, QUOTE_TOKEN_KEY, json.dumps({
            "token": qt.token, "dxlink_url": qt.dxlink_url, "level": qt.level,
            "expires_at": expires, "base_url": api.base_url, "owner": _owner(api)}))
    except Exception:  # noqa: BLE001
        return


def forget_quote_token(api: ApiClient) -> None:
    """Drop the token from this run and from the keyring (DXLink refused it)."""
    api._quote_token = None  # type: ignore[attr-defined]
    store = _cache_store(api)
    if store is None:
        return
    try:
        from tastyking.credentials import _keyring

        kr = _keyring()
        if kr.get_password(store.service, QUOTE_TOKEN_KEY) is not None:
            kr.delete_password(store.service, QUOTE_TOKEN_KEY)
    except Exception:  # noqa: BLE001
        return


async def quote_token(api: ApiClient) -> QuoteToken:
    return (await _quote_token(api))[0]


async def _quote_token(api: ApiClient) -> tuple[QuoteToken, bool]:
    """The run's quote token and whether it was reused (this run or the cache)."""
    cached = getattr(api, "_quote_token", None) or _load_cached(api)
    reused = cached is not None
    if cached is None:
        cached = await endpoints.quote_token(api)
        register_secret(cached.token)
        _save_cached(api, cached)
    api._quote_token = cached  # type: ignore[attr-defined]  # once per run
    return cached, reused


async def _connect(api: ApiClient, qt: QuoteToken) -> DXLinkClient:
    s = api.settings
    client = DXLinkClient(
        qt.dxlink_url, qt.token,
        connect_timeout=s.connect_timeout,
        max_reconnects=min(s.max_retries, 5),
        backoff_base=s.backoff_base,
        backoff_max=s.backoff_max,
    )
    try:
        await client.start()
    except StreamError:
        await client.close()
        raise
    return client


def stream_error(exc: StreamError) -> Exception:
    if exc.reason == "auth":
        return AuthError(f"market-data stream refused the quote token: {exc.message}")
    return ApiUnreachable(f"market-data stream failed: {exc.message}")


@contextlib.asynccontextmanager
async def open_stream(api: ApiClient) -> AsyncIterator[DXLinkClient]:
    """A connected DXLink client for this run, bounded by the settings' timeouts."""
    qt, reused = await _quote_token(api)
    try:
        client = await _connect(api, qt)
    except StreamError as exc:
        if exc.reason != "auth":
            raise stream_error(exc) from None
        forget_quote_token(api)  # refused: never offer it again
        if not reused:
            raise stream_error(exc) from None
        try:  # a cached token may have been revoked: once more with a fresh one
            client = await _connect(api, (await _quote_token(api))[0])
        except StreamError as again:
            if again.reason == "auth":
                forget_quote_token(api)
            raise stream_error(again) from None
    try:
        yield client
    except StreamError as exc:
        if exc.reason == "auth":
            forget_quote_token(api)
        raise stream_error(exc) from None
    finally:
        await client.close()

"""OAuth access tokens: refresh-token grant, refreshed ahead of expiry under a lock."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from tastyking.credentials import CachedToken, Credentials, CredentialStore, fingerprint
from tastyking.errors import BadResponse
from tastyking.logs import register_secret

if TYPE_CHECKING:
    from tastyking.api.client import ApiClient

log = logging.getLogger(__name__)
REFRESH_MARGIN = 60.0  # seconds before expiry, as the SDK does
DEFAULT_LIFETIME = 900.0  # tastytrade's access tokens last 15 minutes


def _lifetime(value: object) -> float:
    """`expires_in` seconds; absent means tastytrade's usual 15 minutes, and anything
    that is not a sane number of seconds is a bad response rather than a crash."""
    if value is None or value == "":
        return DEFAULT_LIFETIME
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = float("nan")
    if not (0 < seconds <= 366 * 86400):  # also false for NaN
        raise BadResponse(f"the token endpoint sent an impossible lifetime ({str(value)[:20]!r})")
    return seconds


class TokenManager:
    def __init__(self, credentials: Credentials, store: CredentialStore | None) -> None:
        self._creds = credentials
        self._store = store
        self._owner = fingerprint(credentials)
        self._token: CachedToken | None = None
        self._lock = asyncio.Lock()
        self.grants = 0  # token round trips this run (benchmarks and tests read it)
        if store is not None:
            self._token = store.cached_token(self._owner)

    def _fresh(self) -> bool:
        return self._token is not None and self._token.expires_at - REFRESH_MARGIN > time.time()

    async def bearer(self, client: ApiClient) -> str:
        if not self._fresh():
            async with self._lock:
                if not self._fresh():
                    await self._grant(client)
        assert self._token is not None
        return self._token.token

    async def invalidate(self, stale: str, client: ApiClient) -> None:
        """After a 401: mint a new token unless another task already did."""
        async with self._lock:
            if self._token is None or self._token.token == stale:
                self._token = None
                if self._store is not None:
                    self._store.forget_token()
                await self._grant(client)

    async def _grant(self, client: ApiClient) -> None:
        body = {
            "grant_type": "refresh_token",
            "refresh_token": self._creds.refresh_token,
            "client_secret": self._creds.client_secret,
        }
        data = await client.token_request(body)
        token = data.get("access_token")
        if not isinstance(token, str) or not token.strip() or not token.isprintable():
            raise BadResponse("the token endpoint answered without a usable access token")
        register_secret(token)
        expires_in = _lifetime(data.get("expires_in"))
        self._token = CachedToken(token, time.time() + expires_in, self._owner)
        self.grants += 1
        log.debug("access token granted, expires in %.0f s", expires_in)
        if self._store is not None:
            self._store.save_token(self._token)

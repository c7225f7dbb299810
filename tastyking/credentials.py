"""Credentials behind a small seam: environment variables, else the OS keyring.

One keyring entry per environment (service ``tastyking:<env>``): the OAuth client
secret and refresh token, and separately a cached access token with its expiry so
that a cron run does not pay a token round trip every time. Secrets are never
printed, logged, put on argv or into exception messages; there is no plaintext-file
fallback.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from tastyking.errors import AuthError, KeyringUnavailable, NotLoggedIn
from tastyking.logs import register_secret

ENV_SECRET = "TASTYKING_CLIENT_SECRET"
ENV_REFRESH = "TASTYKING_REFRESH_TOKEN"
DEMO_SECRET = "demo-secret"
DEMO_REFRESH = "demo-refresh"

_CREDS_KEY = "oauth-credentials"
_TOKEN_KEY = "access-token"
# The DXLink quote token (services.streaming keeps it): logout removes it with the rest.
QUOTE_TOKEN_KEY = "quote-token"

KEYRING_HELP = (
    "No usable OS keyring backend was found (typical on a headless server). Either set "
    f"{ENV_SECRET} and {ENV_REFRESH} in the environment (cron, CI, containers), or "
    "install and configure a keyring backend (e.g. Secret Service/gnome-keyring or KWallet "
    "on Linux; see `python -m keyring diagnose`)."
)


@dataclass(frozen=True)
class Credentials:
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)
    source: str = "keyring"  # "env", "keyring" or "demo"

    def __post_init__(self) -> None:
        register_secret(self.client_secret)
        register_secret(self.refresh_token)


@dataclass(frozen=True)
class CachedToken:
    token: str = field(repr=False)
    expires_at: float  # epoch seconds
    owner: str = ""  # fingerprint of the refresh token it was minted from


def fingerprint(creds: Credentials) -> str:
    """A one-way tag so a cached token is never reused for other credentials."""
    import hashlib

    return hashlib.sha256(creds.refresh_token.encode()).hexdigest()[:16]


def _keyring() -> Any:
    """The keyring module, or KeyringUnavailable when the OS has no usable backend."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - an import failure means the same thing to the user
        raise KeyringUnavailable(
            "the keyring package cannot be loaded", hint=KEYRING_HELP
        ) from None
    backend = keyring.get_keyring()
    backends = getattr(backend, "backends", [backend])
    if not backends or all(isinstance(b, fail.Keyring) for b in backends):
        raise KeyringUnavailable("no usable OS keyring backend", hint=KEYRING_HELP)
    return keyring


@dataclass(frozen=True)
class CredentialSource:
    source: Literal["demo", "environment", "keyring", "none"]
    keyring_backend: str | None  # the backend's class name, when a keyring was looked at
    detail: str  # one line for people


def require_keyring() -> None:
    """Raise KeyringUnavailable (one sentence) unless the OS has a usable keyring."""
    _keyring()


def _stored_credentials(raw: str, env: str) -> Credentials:
    """The keyring entry, or an AuthError that says it is damaged (never its content)."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    secret = data.get("client_secret") if isinstance(data, dict) else None
    refresh = data.get("refresh_token") if isinstance(data, dict) else None
    if not (isinstance(secret, str) and secret and isinstance(refresh, str) and refresh):
        raise AuthError(
            f"the stored credentials for {env} are damaged (not the JSON tastyking writes)",
            hint=f"run `tastyking --env {env} logout`, then `login` again",
        )
    return Credentials(secret, refresh, "keyring")


class CredentialStore:
    def __init__(self, env: str) -> None:
        self.env = env
        self.service = f"tastyking:{env}"

    def load(self) -> Credentials:
        if self.env == "demo":
            return Credentials(DEMO_SECRET, DEMO_REFRESH, "demo")
        secret, refresh = os.environ.get(ENV_SECRET), os.environ.get(ENV_REFRESH)
        if secret and refresh:
            return Credentials(secret, refresh, "env")
        if secret or refresh:
            raise NotLoggedIn(
                f"only one of {ENV_SECRET} and {ENV_REFRESH} is set; set both",
            )
        try:
            raw = _keyring().get_password(self.service, _CREDS_KEY)
        except KeyringUnavailable as exc:
            raise NotLoggedIn(
                f"not logged in to {self.env}: no credentials in the environment and "
                "no usable keyring",
                hint=exc.hint,
            ) from None
        if not raw:
            raise NotLoggedIn(
                f"not logged in to {self.env}",
                hint=f"run `tastyking --env {self.env} login`, or set {ENV_SECRET} and "
                f"{ENV_REFRESH}; try it offline with `tastyking --env demo ...`",
            )
        return _stored_credentials(raw, self.env)

    def save(self, creds: Credentials) -> None:
        payload = {"client_secret": creds.client_secret, "refresh_token": creds.refresh_token}
        _keyring().set_password(self.service, _CREDS_KEY, json.dumps(payload))

    def delete(self) -> bool:
        kr = _keyring()
        removed = False
        for key in (_CREDS_KEY, _TOKEN_KEY, QUOTE_TOKEN_KEY):
            if kr.get_password(self.service, key) is not None:
                kr.delete_password(self.service, key)
                removed = True
        return removed

    def source(self) -> CredentialSource:
        """Where credentials would come from, never what they are."""
        if self.env == "demo":
            return CredentialSource("demo", None,
                                    "built-in simulator credentials (demo-secret / demo-refresh)")
        if os.environ.get(ENV_SECRET) and os.environ.get(ENV_REFRESH):
            return CredentialSource("environment", None,
                                    f"environment variables {ENV_SECRET} and {ENV_REFRESH}")
        try:
            kr = _keyring()
        except KeyringUnavailable:
            return CredentialSource(
                "none", None, "none (no environment variables, and no usable keyring backend)")
        name = type(kr.get_keyring()).__name__
        if kr.get_password(self.service, _CREDS_KEY):
            return CredentialSource("keyring", name,
                                    f"OS keyring ({name}), service {self.service!r}")
        return CredentialSource("none", name,
                                f"none (OS keyring {name} has no entry for {self.service!r})")

    def status(self) -> str:
        return self.source().detail

    # The access-token cache is an optimisation: any keyring trouble just skips it.
    def cached_token(self, owner: str) -> CachedToken | None:
        if self.env == "demo":
            return None
        try:
            raw = _keyring().get_password(self.service, _TOKEN_KEY)
            if not raw:
                return None
            data = json.loads(raw)
            tok = CachedToken(str(data["token"]), float(data["expires_at"]), str(data["owner"]))
        except Exception:  # noqa: BLE001
            return None
        register_secret(tok.token)
        return tok if tok.owner == owner and tok.expires_at > time.time() else None

    def save_token(self, token: CachedToken) -> None:
        if self.env == "demo":
            return
        try:
            payload = json.dumps(
                {"token": token.token, "expires_at": token.expires_at, "owner": token.owner}
            )
            _keyring().set_password(self.service, _TOKEN_KEY, payload)
        except Exception:  # noqa: BLE001
            return

    def forget_token(self) -> None:
        try:
            kr = _keyring()
            if kr.get_password(self.service, _TOKEN_KEY) is not None:
                kr.delete_password(self.service, _TOKEN_KEY)
        except Exception:  # noqa: BLE001
            return

"""Credentials: env vars over keyring, no keyring means a clear message, never plaintext."""

from __future__ import annotations

import time

import keyring
import pytest
from keyring.backends import fail

from tastyking.credentials import CachedToken, Credentials, CredentialStore, fingerprint
from tastyking.errors import KeyringUnavailable, NotLoggedIn


def test_missing_credentials_say_how_to_log_in() -> None:
    with pytest.raises(NotLoggedIn) as info:
        CredentialStore("production").load()
    assert "tastyking --env production login" in (info.value.hint or "")


def test_env_vars_override_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    store = CredentialStore("production")
    store.save(Credentials("kr-secret", "kr-refresh"))
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "env-refresh")
    creds = store.load()
    assert (creds.client_secret, creds.source) == ("env-secret", "env")
    assert "environment variables" in store.status()


def test_only_one_env_var_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "env-secret")
    with pytest.raises(NotLoggedIn, match="set both"):
        CredentialStore("production").load()


def test_keyring_round_trip_per_environment() -> None:
    prod, sandbox = CredentialStore("production"), CredentialStore("sandbox")
    prod.save(Credentials("p-secret-1", "p-refresh-1"))
    assert prod.load().refresh_token == "p-refresh-1"
    with pytest.raises(NotLoggedIn):
        sandbox.load()
    assert prod.delete() is True
    assert prod.delete() is False
    with pytest.raises(NotLoggedIn):
        prod.load()


def test_repr_never_shows_secrets() -> None:
    creds = Credentials("top-secret-value", "refresh-value-xyz")
    assert "top-secret-value" not in repr(creds) and "refresh-value-xyz" not in repr(creds)


def test_no_usable_keyring_is_explained_not_bypassed() -> None:
    keyring.set_keyring(fail.Keyring())
    store = CredentialStore("production")
    with pytest.raises(KeyringUnavailable) as info:
        store.save(Credentials("s-secret", "r-refresh"))
    assert "TASTYKING_CLIENT_SECRET" in (info.value.hint or "")
    with pytest.raises(NotLoggedIn) as info2:
        store.load()
    assert "keyring" in str(info2.value)
    assert "no usable keyring" in store.status()


def test_token_cache_is_tied_to_the_refresh_token() -> None:
    store = CredentialStore("production")
    a, b = Credentials("s1-secret", "refresh-A"), Credentials("s1-secret", "refresh-B")
    store.save_token(CachedToken("tok-aaaa", time.time() + 600, fingerprint(a)))
    assert store.cached_token(fingerprint(a)) is not None
    assert store.cached_token(fingerprint(b)) is None
    store.save_token(CachedToken("tok-old", time.time() - 1, fingerprint(a)))
    assert store.cached_token(fingerprint(a)) is None


def test_demo_needs_no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())
    creds = CredentialStore("demo").load()
    assert (creds.client_secret, creds.refresh_token) == ("demo-secret", "demo-refresh")

"""Tokens across runs: the access token and the quote token are reused, never shown."""

from __future__ import annotations


def _paths(server, start: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["path"] for e in server.state.journal[start:]]


def test_a_second_run_reuses_the_cached_access_token(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    assert tk("account", "--json").code == 0
    start = len(fresh_sim.state.journal)
    assert tk("account", "--json").code == 0
    paths = _paths(fresh_sim, start)
    assert "/oauth/token" not in paths and "/customers/me/accounts" in paths


def test_a_server_expired_cached_token_is_replaced(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    assert tk("positions", "--json").code == 0
    fresh_sim.state.expire_tokens()
    start = len(fresh_sim.state.journal)
    assert tk("positions", "--json").code == 0
    entries = fresh_sim.state.journal[start:]
    assert entries[0]["status"] == 401 and entries[1]["path"] == "/oauth/token"


def test_the_quote_token_is_fetched_once_for_its_24h_life(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    assert tk("searched-data", "--json").code in (0, 6)
    start = len(fresh_sim.state.journal)
    assert tk("searched-data", "--json").code in (0, 6)
    paths = _paths(fresh_sim, start)
    assert "/api-quote-tokens" not in paths and "/oauth/token" not in paths
    assert "/market-data/by-type" in paths


def test_verbose_logging_never_shows_tokens_or_secrets(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    r = tk("--verbose", "searched-data", "--json")
    assert r.code in (0, 6)
    assert "HTTP Request" in r.err or "GET " in r.err  # the debug log is really on
    issued = list(fresh_sim.state._tokens) + list(fresh_sim.state.quote_tokens)
    assert issued
    for secret in [*issued, "demo-secret", "demo-refresh"]:
        assert secret not in r.err and secret not in r.out


def _quote_entry(env: str = "sandbox") -> dict | None:  # type: ignore[type-arg]
    import json

    import keyring

    raw = keyring.get_password(f"tastyking:{env}", "quote-token")
    return json.loads(raw) if raw else None


CHAIN = ("chain", "SPY", "--source", "stream", "--strikes", "4", "--json")


def test_the_quote_token_cache_belongs_to_the_credentials(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    from tastyking.credentials import Credentials, fingerprint

    use_sim(fresh_sim)
    assert tk(*CHAIN).code in (0, 6)
    entry = _quote_entry()
    assert entry is not None
    assert entry["owner"] == fingerprint(Credentials("demo-secret", "demo-refresh"))
    assert "demo-refresh" not in str(entry) and "demo-secret" not in str(entry)
    # a token cached for other credentials is not theirs to use
    import json

    import keyring

    keyring.set_password("tastyking:sandbox", "quote-token",
                         json.dumps({**entry, "owner": "0123456789abcdef"}))
    start = len(fresh_sim.state.journal)
    assert tk(*CHAIN).code in (0, 6)
    assert "/api-quote-tokens" in _paths(fresh_sim, start)
    assert _quote_entry()["owner"] == entry["owner"]  # type: ignore[index]


def test_a_quote_token_dxlink_refuses_is_dropped_and_replaced(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    assert tk(*CHAIN).code in (0, 6)
    old = _quote_entry()["token"]  # type: ignore[index]
    fresh_sim.state.quote_tokens.clear()  # revoked: DXLink answers UNAUTHORIZED
    start = len(fresh_sim.state.journal)
    r = tk(*CHAIN)
    assert r.code in (0, 6), r.err
    assert _paths(fresh_sim, start).count("/api-quote-tokens") == 1
    new = _quote_entry()["token"]  # type: ignore[index]
    assert new != old and new in fresh_sim.state.quote_tokens


def test_logout_drops_the_quote_token(tk, fresh_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    assert tk(*CHAIN).code in (0, 6)
    assert _quote_entry() is not None
    assert tk("logout").code == 0
    assert _quote_entry() is None

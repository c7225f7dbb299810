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

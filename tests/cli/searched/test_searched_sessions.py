"""searched-data asks DXLink for regular-session daily candles (`{=d,tho=true}`) for
equities, ETFs and indices, every session for futures, and says which in its metadata."""

from __future__ import annotations

from typing import Any

import pytest


def test_each_indicator_says_which_session_its_candles_span(  # type: ignore[no-untyped-def]
        tk, sim_server, use_sim, monkeypatch: pytest.MonkeyPatch) -> None:
    import tastyking.services.searched.build as build

    asked: list[str] = []
    real = build.fetch_candles_from

    async def spy(client: Any, symbols: Any, **kw: Any) -> Any:
        from tastyking.stream.collect import candle_symbol

        tho = kw.get("trading_hours_only", False)
        asked.extend(candle_symbol(s, "1d", s in tho if not isinstance(tho, bool) else tho)
                     for s in symbols)
        return await real(client, symbols, **kw)

    monkeypatch.setattr(build, "fetch_candles_from", spy)
    use_sim(sim_server)
    r = tk("searched-data", "--json")
    assert r.code in (0, 6), r.err
    doc = r.json()
    sessions = doc["metadata"]["indicators"]["sessions"]
    assert sessions["SPY"].startswith("regular session")
    assert sessions["ES"].startswith("every session")
    assert "SPY{=1d,tho=true}" in asked
    es = [a for a in asked if a.startswith("/ES")]
    assert es and all("tho" not in a for a in es)
    assert doc["SPY"]["high20d"] is not None and doc["ES"]["high20d"] is not None

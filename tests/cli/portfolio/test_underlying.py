"""One definition of `underlying` in every command (issue 9 item 6): the product root for
futures and futures options, the contract beside it as `underlying_contract`."""

from __future__ import annotations

from tastyking.domain.symbols import underlying_of


def test_positions_and_greeks_name_the_same_underlying(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    pos = tk("positions", "--json").decimal_json()["positions"]
    grk = tk("greeks", "--json").decimal_json()["positions"]
    by_pos = {(r["account_number"], r["symbol"]): r for r in pos}
    assert {(r["account_number"], r["symbol"]) for r in grk} == set(by_pos)
    for g in grk:
        p = by_pos[g["account_number"], g["symbol"]]
        assert (p["underlying"], p["underlying_contract"]) == (
            g["underlying"], g["underlying_contract"]), g["symbol"]
        u = underlying_of(g["symbol"], g["instrument_type"])
        if g["instrument_type"] in ("Future", "Future Option"):
            assert g["underlying"] == u.root and g["underlying"].startswith("/")
            assert g["underlying_contract"] == u.contract
            assert g["underlying_contract"].startswith(g["underlying"])
        else:
            assert g["underlying_contract"] is None
    futures = [r for r in pos if r["instrument_type"] == "Future Option"]
    assert futures and all(r["underlying"] == "/ES" for r in futures
                           if r["symbol"].startswith("./ES"))


def test_micro_futures_options_are_priced_by_their_future(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    """The demo's /MES strangle (fixed-width `./MESH7EX3F7 ...`, no space between the codes)
    is grouped under /MES, priced by its future and beta-weighted, like the /ES one."""
    use_sim(sim_server)
    doc = tk("greeks", "--json").decimal_json()
    fops = [r for r in doc["positions"] if r["instrument_type"] == "Future Option"]
    for root in ("/ES", "/MES"):
        rows = [r for r in fops if r["underlying"] == root]
        assert rows, root
        for r in rows:
            assert r["symbol"][2:7].rstrip() == r["underlying_contract"][1:]  # by columns
            assert r["beta"] is not None and r["beta_weighted_delta"] is not None
            # the future's price (thousands of points), not the option's own mark
            assert r["underlying_price"] > 1000
    assert not any(m.startswith("./") for m in doc["missing"])

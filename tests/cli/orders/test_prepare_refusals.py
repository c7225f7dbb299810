"""prepare-order refusals: bad input (exit 2), broker rejections (exit 4), --out, and
what it can and cannot do without the API. Dry-runs only (conftest.py)."""

from __future__ import annotations

import os
import socket
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tastyking.domain.calendar import market_today
from tests.cli.orders.conftest import doc_of

D = Decimal


# ----- bad input and broker rejections -----------------------------------------------


def _next_sunday() -> str:
    d = market_today() + timedelta(days=1)
    while d.weekday() != 6:
        d += timedelta(days=1)
    return d.isoformat()


@pytest.mark.parametrize(("args", "says"), [
    (["wibble", "SPY"], "unknown strategy 'wibble'"),
    (["strangle", "ZZZZ", "--delta", "0.16"], "unknown symbol ZZZZ"),
    (["strangle", "/ZZ", "--delta", "0.16"], "unknown futures product /ZZ"),
    (["strangle", "SPY", "--delta", "0.16", "--quantity", "0"], "--quantity must be a positive"),
    (["strangle", "SPY", "--delta", "0.16", "--quantity", "-3"], "--quantity must be a positive"),
    (["strangle", "SPY", "--delta", "1.2"], "--delta must be between 0 and 1"),
    (["strangle", "SPY", "--delta", "0"], "--delta must be between 0 and 1"),
    (["strangle", "SPY", "--delta", "0.16", "--expiration", "SUNDAY"], "no expiration listed"),
    (["strangle", "SPY", "--delta", "0.16", "--expiration", "2020-01-17"], "in the past"),
    (["vertical", "SPX", "--type", "put", "--dte", "0", "--delta", "0.1", "--width", "10",
      "--price", "0.53"], "not a multiple of the tick size 0.05"),
    (["strangle", "SPY", "--delta", "0.16", "--tif", "GTD", "--gtd-date", "2020-01-01"],
     "must be in the future"),
    (["strangle", "SPY", "--delta", "0.16", "--tif", "GTD"], "needs --gtd-date"),
    (["strangle", "SPY", "--put", "9999", "--call", "10001"], "strike not listed"),
    (["vertical", "SPY", "--type", "put", "--delta", "0.3"], "needs --width"),
    (["custom", "SPY", "--dte", "30", "--leg", "XTO 1 P 500"], "leg action must be one of"),
    (["single", "SPY", "--type", "call", "--delta", "0.3"], "needs --side buy or --side sell"),
    (["strangle", "SPY", "--delta", "0.16", "--order-type", "Market", "--price", "1"],
     "takes no --price"),
])
def test_bad_input_is_one_line_exit_2(tk, sim, args, says) -> None:
    args = [_next_sunday() if a == "SUNDAY" else a for a in args]
    r = tk("prepare-order", *args)
    assert r.code == 2, (r.code, r.err)
    assert r.err.startswith("error: ") and r.err.count("\n") == 1, r.err
    assert says in r.err, r.err
    assert "Traceback" not in r.err and r.out == ""


def test_broker_rejection_for_buying_power_exits_4_with_reasons(tk, sim) -> None:
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--quantity", "200", "--json")
    assert r.code == 4
    assert "the broker rejected the order" in r.err and "sufficient buying power" in r.err
    doc = doc_of(r.out)
    assert doc["status"] == "PREPARED_NOT_SUBMITTED"
    assert doc["broker_validated"] is False and doc["dry_run"] == "rejected"
    (err,) = doc["review"]["errors"]
    assert err["code"] == "margin_check_failed"
    # the failing dry-run still carried its buying-power effect
    assert doc["review"]["buying_power_effect"]["change"] < 0
    assert doc["review"]["bp_used_pct_after"] > 100

    table = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--quantity", "200")
    assert table.code == 4 and "REJECTED" in table.out and "sufficient buying power" in table.out


def test_gtc_market_order_is_rejected_by_the_broker(tk, sim) -> None:
    r = tk("prepare-order", "single", "SPY", "--type", "put", "--side", "buy", "--delta", "0.3",
           "--order-type", "Market", "--tif", "GTC", "--json")
    assert r.code == 4, r.err
    doc = doc_of(r.out)
    assert [e["code"] for e in doc["review"]["errors"]] == ["gtc_market_orders_not_supported"]
    assert "price" not in doc["order"] and doc["order"]["order-type"] == "Market"


# ----- --out ---------------------------------------------------------------------------


def test_out_writes_the_document_atomically(tk, sim, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "orders" / "strangle.json"
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--json", "--out", str(target))
    assert r.code == 0, r.err
    assert doc_of(target.read_text()) == doc_of(r.out)
    assert os.listdir(target.parent) == ["strangle.json"]  # no temp file left behind

    # a failing rename leaves the old file whole and no temp file behind
    import tastyking.fsutil as fsutil

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    before = target.read_text()
    monkeypatch.setattr(fsutil.os, "replace", broken)
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.20", "--out", str(target))
    assert r.code == 2 and "cannot write" in r.err and "No space left" in r.err
    assert target.read_text() == before and os.listdir(target.parent) == ["strangle.json"]


def test_out_is_not_written_for_a_rejected_order(tk, sim, tmp_path: Path) -> None:
    target = tmp_path / "rejected.json"
    r = tk("prepare-order", "strangle", "SPY", "--delta", "0.16", "--quantity", "200",
           "--out", str(target))
    assert r.code == 4 and not target.exists() and "not written" in r.err


# ----- without the API -----------------------------------------------------------------


@pytest.fixture
def no_api(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connections are refused
    monkeypatch.setenv("TASTYKING_ENV", "sandbox")
    monkeypatch.setenv("TASTYKING_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "demo-refresh")
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")


def _friday() -> date:
    d = market_today() + timedelta(days=20)
    return d + timedelta(days=(4 - d.weekday()) % 7)


def test_offline_prepares_from_explicit_input_and_says_not_validated(tk, no_api) -> None:
    day = _friday()
    r = tk("prepare-order", "vertical", "SPY", "--type", "put", "--expiration", day.isoformat(),
           "--strike", "500", "--width", "5", "--price", "1.25", "--quantity", "2", "--json")
    assert r.code == 6, r.err
    assert "NOT validated" in r.err
    doc = doc_of(r.out)
    assert doc["status"] == "PREPARED_NOT_SUBMITTED" and doc["broker_validated"] is False
    assert doc["dry_run"] == "not_run"
    yymmdd = day.strftime("%y%m%d")
    assert doc["order"] == {
        "time-in-force": "Day", "order-type": "Limit", "price": "1.25", "price-effect": "Credit",
        "legs": [
            {"instrument-type": "Equity Option", "symbol": f"SPY   {yymmdd}P00500000",
             "quantity": 2, "action": "Sell to Open"},
            {"instrument-type": "Equity Option", "symbol": f"SPY   {yymmdd}P00495000",
             "quantity": 2, "action": "Buy to Open"},
        ],
    }
    rv = doc["review"]
    assert rv["max_profit"] == 250 and rv["max_loss"] == 750 and rv["breakevens"] == [D("498.75")]
    assert rv["buying_power_effect"] is None and "fees" in rv["missing"]
    assert any("NOT validated by the broker" in n for n in rv["notes"])


@pytest.mark.parametrize(("args", "says"), [
    (["strangle", "SPY", "--expiration", "FRIDAY", "--delta", "0.16", "--price", "5"],
     "--delta needs live Greeks"),
    (["strangle", "SPY", "--dte", "45", "--put", "500", "--call", "600", "--price", "5"],
     "--dte needs the listed expirations"),
    (["strangle", "/ES", "--expiration", "FRIDAY", "--put", "5000", "--call", "7000",
      "--price", "5"], "futures-option symbols come only from the API"),
    (["strangle", "SPY", "--expiration", "FRIDAY", "--put", "500", "--call", "600"],
     "the default price needs live quotes"),
])
def test_offline_needs_the_api_for_selection(tk, no_api, args, says) -> None:
    args = [_friday().isoformat() if a == "FRIDAY" else a for a in args]
    r = tk("prepare-order", *args)
    assert r.code == 5, r.err
    assert says in r.err and r.err.count("\n") == 1 and r.out == ""

"""Fault injection, latency, token expiry and the journal."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tastyking.sim.faults import Fault, parse_fault
from tastyking.sim.server import SimConfig, SimServer
from tests.sim.conftest import NOON_FRIDAY, UA, login


@pytest.fixture
def fresh() -> Iterator[SimServer]:
    server = SimServer(SimConfig(clock=lambda: NOON_FRIDAY, journal=False)).start()
    yield server
    server.stop()


def _client(server: SimServer) -> httpx.Client:
    return login(httpx.Client(base_url=server.base_url, headers=UA, timeout=5))


def test_parse_fault() -> None:
    f = parse_fault("status=503,count=2,path=/accounts/*/balances")
    assert f == Fault(path="/accounts/*/balances", status=503, count=2)
    g = parse_fault("status=429, retry_after=2, method=GET")
    assert g.retry_after == 2.0 and g.method == "GET" and g.path == "*"
    assert parse_fault("drop,path=/customers/*").drop is True
    assert parse_fault("malformed=true").malformed is True
    assert parse_fault("delay_ms=50,count=0").count == 0
    with pytest.raises(ValueError):
        parse_fault("colour=blue")


def test_status_fault_counts_down(fresh) -> None:
    c = _client(fresh)
    fresh.state.faults.append(parse_fault("status=503,count=2,path=/accounts/*/balances"))
    codes = [c.get("/accounts/5WT00001/balances").status_code for _ in range(3)]
    assert codes == [503, 503, 200]
    assert c.get("/customers/me").status_code == 200


def test_rate_limit_with_retry_after_via_admin(fresh) -> None:
    c = _client(fresh)
    r = httpx.post(fresh.base_url + "/_sim/faults",
                   json=[{"status": 429, "retry-after": 3, "path": "/customers/me"}])
    assert r.status_code == 200
    r = c.get("/customers/me")
    assert r.status_code == 429 and r.headers["retry-after"] == "3"
    assert r.json()["error"]["code"]
    assert c.get("/customers/me").status_code == 200


def test_forever_fault_and_clear(fresh) -> None:
    c = _client(fresh)
    fresh.state.faults.append(Fault(path="/customers/me", status=500, count=0))
    assert [c.get("/customers/me").status_code for _ in range(3)] == [500, 500, 500]
    assert httpx.delete(fresh.base_url + "/_sim/faults").status_code == 200
    assert c.get("/customers/me").status_code == 200


def test_malformed_body(fresh) -> None:
    c = _client(fresh)
    fresh.state.faults.append(Fault(path="/customers/me", malformed=True))
    r = c.get("/customers/me")
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()


def test_dropped_connection(fresh) -> None:
    c = _client(fresh)
    fresh.state.faults.append(Fault(path="/customers/me", drop=True))
    with pytest.raises(httpx.TransportError):
        c.get("/customers/me")
    assert c.get("/customers/me").status_code == 200


def test_delay_and_latency() -> None:
    cfg = SimConfig(clock=lambda: NOON_FRIDAY, journal=False, latency_ms=30,
                    faults=[Fault(path="/customers/me", delay_ms=150)])
    with SimServer(cfg) as server:
        c = _client(server)
        t0 = time.perf_counter()
        assert c.get("/customers/me").status_code == 200
        assert time.perf_counter() - t0 >= 0.17
        t0 = time.perf_counter()
        c.get("/customers/me")
        assert 0.03 <= time.perf_counter() - t0 < 0.15
        with pytest.raises(httpx.ReadTimeout):
            server.state.faults.append(Fault(path="/customers/me", delay_ms=400))
            c.get("/customers/me", timeout=0.1)


def test_tokens_expire_with_zero_ttl() -> None:
    with SimServer(SimConfig(clock=lambda: NOON_FRIDAY, journal=False, token_ttl=0)) as s:
        c = httpx.Client(base_url=s.base_url, headers=UA)
        token = c.post("/oauth/token", json={"grant_type": "refresh_token",
                                             "client_secret": "demo-secret",
                                             "refresh_token": "demo-refresh"}).json()
        assert token["expires_in"] == 0
        r = c.get("/customers/me", headers={"Authorization": f"Bearer {token['access_token']}"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_journal_records_requests(fresh, capfd) -> None:
    c = _client(fresh)
    c.get("/customers/me")
    entries = httpx.get(fresh.base_url + "/_sim/journal").json()["journal"]
    last = [e for e in entries if e["path"] == "/customers/me"][-1]
    assert last["method"] == "GET" and last["status"] == 200 and last["ms"] >= 0
    fresh.state.config.journal = True
    c.get("/accounts/5WT00001/trading-status")
    err = capfd.readouterr().err
    assert "GET /accounts/5WT00001/trading-status 200 " in err and "ms" in err


def test_stream_faults_and_server_lifecycle() -> None:
    t0 = time.perf_counter()
    server = SimServer(SimConfig(journal=False)).start()
    assert time.perf_counter() - t0 < 0.5
    r = httpx.post(server.base_url + "/_sim/stream-faults", json={"drop_after_frames": 3})
    assert r.status_code == 200 and server.state.stream_faults["drop_after_frames"] == 3
    t0 = time.perf_counter()
    server.stop()
    assert time.perf_counter() - t0 < 1.0
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.state.config.host and f"http://127.0.0.1:{server.config.port}/")


@pytest.mark.parametrize("spec", [
    "status=999", "status=200", "status=abc", "count=-1", "delay_ms=-5", "delay_ms=1.5",
    "retry_after=-1", "retry_after=nan", "malformed=maybe",
])
def test_impossible_faults_are_refused_when_parsed(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_fault(spec)


def test_admin_refuses_an_impossible_fault(fresh) -> None:
    r = httpx.post(fresh.base_url + "/_sim/faults", json={"status": 999})
    assert r.status_code == 400 and "400-599" in r.json()["error"]["message"]
    assert fresh.state.faults == []

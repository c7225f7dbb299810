"""No submission, by construction: tastyking only ever dry-runs an order.

(a) prepare-order, down every path (each strategy, equity and futures, a broker
    rejection), reaches the simulator's orders endpoints only as POST .../orders/dry-run;
(b) no string in the package (outside the simulator) posts to another orders path, and
    the client refuses the real submission path before any I/O;
(c) the simulator itself refuses, and journals, a real submission sent with raw httpx.
"""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path

import httpx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tastyking"
ORDERS = re.compile(r"/(complex-)?orders\b")
HTTP_METHODS = {"post", "put", "patch", "delete", "request", "_send", "get", "get_items"}

PATHS = [
    ("strangle", "SPY", "--dte", "45", "--delta", "0.16"),
    ("iron-condor", "SPY", "--dte", "112", "--delta", "0.10", "--width", "5"),
    ("vertical", "SPX", "--type", "put", "--dte", "0", "--delta", "0.10", "--width", "10"),
    ("strangle", "/ES", "--dte", "90", "--delta", "0.05"),
    ("butterfly", "/ES", "--type", "call", "--delta", "0.3", "--width", "25"),
    ("single", "SPY", "--type", "put", "--side", "sell", "--delta", "0.2",
     "--order-type", "Market", "--tif", "GTC"),  # rejected by the broker
    ("strangle", "SPY", "--delta", "0.16", "--quantity", "200"),  # rejected: buying power
]


def test_prepare_order_paths_only_dry_run(tk, fresh_sim, use_sim) -> None:
    use_sim(fresh_sim)
    codes = [tk("prepare-order", *args, "--json").code for args in PATHS]
    assert codes == [0, 0, 0, 0, 0, 4, 4]
    journal = fresh_sim.state.journal
    orders = [e for e in journal if ORDERS.search(e["path"])]
    assert len(orders) == len(PATHS)
    assert all(e["method"] == "POST" and e["path"] == "/accounts/5WT00001/orders/dry-run"
               for e in orders), orders
    assert fresh_sim.state.submissions == []


def _strings(node: ast.AST) -> list[str]:
    """The literal text of a path argument: a constant, or an f-string's constant parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(str(v.value) if isinstance(v, ast.Constant) else "{}"
                        for v in node.values)]
    return []


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "sim" not in p.relative_to(PACKAGE).parts]


def test_no_code_outside_the_simulator_posts_to_an_orders_path() -> None:
    offenders = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = set()  # the client's refusal pattern itself
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "compile"):
                guarded |= {id(a) for a in node.args}
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef
                                    | ast.ClassDef)
                      and n.body and isinstance(n.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if id(node) in guarded or id(node) in docstrings:
                continue
            for text in _strings(node):
                if ORDERS.search(text) and not text.rstrip().endswith("/orders/dry-run"):
                    line = getattr(node, "lineno", "?")
                    offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
    assert offenders == []
    # and the one orders call there is, is the dry-run
    api_orders = (PACKAGE / "api" / "orders.py").read_text(encoding="utf-8")
    assert re.findall(r'api\.(\w+)\(account_path\(account, "([^"]+)"', api_orders) == \
        [("post", "/orders/dry-run")]


@pytest.mark.parametrize("path", [
    "/accounts/5WT00001/orders", "/accounts/5WT00001/orders/",
    "/accounts/5WT00001/complex-orders", "/accounts/X/orders",
])
def test_client_refuses_the_submission_path_before_any_io(path: str) -> None:
    from tastyking.api.client import ApiClient
    from tastyking.config import load_settings
    from tastyking.credentials import Credentials

    sent: list[httpx.Request] = []

    def transport(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"data": {}})

    async def go() -> None:
        api = ApiClient("http://127.0.0.1:9", load_settings(api_url="http://127.0.0.1:9"),
                        Credentials("demo-secret", "demo-refresh"),
                        transport=httpx.MockTransport(transport))
        async with api:
            with pytest.raises(RuntimeError, match="never submits orders"):
                await api.request("POST", path, json={"legs": []})
            with pytest.raises(RuntimeError, match="never submits orders"):
                await api.post(path, {"legs": []}, idempotent=True)

    asyncio.run(go())
    assert sent == []  # refused before the token grant, before anything left the process


def test_simulator_refuses_and_journals_a_raw_submission(fresh_sim) -> None:
    base = fresh_sim.base_url
    token = httpx.post(f"{base}/oauth/token", json={
        "grant_type": "refresh_token", "client_secret": "demo-secret",
        "refresh_token": "demo-refresh"}, timeout=5).json()["access_token"]
    body = {"time-in-force": "Day", "order-type": "Market", "legs": [
        {"instrument-type": "Equity", "symbol": "SPY", "quantity": 1, "action": "Buy to Open"}]}
    resp = httpx.post(f"{base}/accounts/5WT00001/orders", json=body, timeout=5,
                      headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "simulator_refuses_submission"
    (sub,) = fresh_sim.state.submissions
    assert sub["account-number"] == "5WT00001" and sub["body"] == body
    entry = [e for e in fresh_sim.state.journal if e["path"] == "/accounts/5WT00001/orders"]
    assert [(e["method"], e["status"]) for e in entry] == [("POST", 403)]
    assert "REFUSED" in entry[0]["note"]
    listed = httpx.get(f"{base}/_sim/submissions", timeout=5).json()["submissions"]
    assert [s["body"] for s in listed] == [body]

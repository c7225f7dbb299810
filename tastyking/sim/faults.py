"""Fault injection, latency and the request journal, as one ASGI middleware.

A fault matches requests by path glob and method and then, `count` times (0 =
forever), delays, answers with a status (429 with Retry-After, 5xx, 401...),
sends a 200 with a body that is not JSON, or drops the connection without a
response. `dry_run_errors` / `dry_run_warnings` let the request through but make a
successful dry-run carry `errors` / a warning that is not informational, as the
order schema allows, so a client's handling of them can be tested. Admin paths
(`/_sim/*`) are never faulted or delayed.
"""

from __future__ import annotations

import asyncio
import fnmatch
import math
import sys
import time
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from tastyking.sim.state import SimState

TRANSPORT_KEY = "tastyking.sim.transport"  # set by server.SimH11Protocol
DRY_RUN_KEY = "tastyking.sim.dry_run"  # read by rest.orders.dry_run
MAX_DELAY_MS = 600_000
MAX_RETRY_AFTER = 86_400.0

_STATUS_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("not_permitted", "User not permitted access"),
    404: ("record_not_found", "Not found"),
    429: ("too_many_requests", "Too many requests"),
    500: ("internal_server_error", "Internal server error"),
    502: ("bad_gateway", "Bad gateway"),
    503: ("service_unavailable", "Service unavailable"),
    504: ("gateway_timeout", "Gateway timeout"),
}


@dataclass
class Fault:
    path: str = "*"
    method: str | None = None
    status: int | None = None
    count: int = 1  # 0 = forever
    retry_after: float | None = None
    delay_ms: int = 0
    malformed: bool = False
    drop: bool = False
    dry_run_errors: bool = False
    dry_run_warnings: bool = False

    def __post_init__(self) -> None:
        """Refuse what no server would send, so a typo fails at start-up, not mid-test."""
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError(f"status must be an error status 400-599, not {self.status}")
        if self.count < 0:
            raise ValueError(f"count must be 0 (forever) or more, not {self.count}")
        if not 0 <= self.delay_ms <= MAX_DELAY_MS:
            raise ValueError(f"delay_ms must be 0-{MAX_DELAY_MS}, not {self.delay_ms}")
        if self.retry_after is not None and not 0 <= self.retry_after <= MAX_RETRY_AFTER:
            raise ValueError(f"retry_after must be 0-{MAX_RETRY_AFTER:g} s, "
                             f"not {self.retry_after:g}")

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() not in ("*", method.upper()):
            return False
        return fnmatch.fnmatchcase(path, self.path)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_ALIASES = {"retry-after": "retry_after", "retry": "retry_after", "delay": "delay_ms",
            "delay-ms": "delay_ms", "times": "count"}
_NAMES = {f.name for f in fields(Fault)}


def fault_from_dict(raw: dict[str, Any]) -> Fault:
    kw: dict[str, Any] = {}
    for key, value in raw.items():
        name = _ALIASES.get(key, key.replace("-", "_"))
        if name not in _NAMES:
            raise ValueError(f"unknown fault field {key!r}")
        kw[name] = _coerce(name, value)
    return Fault(**kw)


_FLAGS = ("malformed", "drop", "dry_run_errors", "dry_run_warnings")


def _coerce(name: str, value: Any) -> Any:
    if name in _FLAGS:
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text not in ("1", "true", "yes", "0", "false", "no"):
            raise ValueError(f"{name} is a flag (true/false), not {value!r}")
        return text in ("1", "true", "yes")
    if name in ("status", "count", "delay_ms"):
        if value is None:
            return None
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if name == "retry_after":
        try:
            seconds = None if value is None else float(value)
        except (TypeError, ValueError):
            raise ValueError(f"retry_after must be a number of seconds, not {value!r}") from None
        if seconds is not None and not math.isfinite(seconds):
            raise ValueError(f"retry_after must be a number of seconds, not {value!r}")
        return seconds
    return None if value is None else str(value)


def parse_fault(spec: str) -> Fault:
    """`status=503,count=2,path=/accounts/*/balances`; bare `drop` / `malformed` are flags."""
    raw: dict[str, Any] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        raw[key.strip()] = value.strip() if sep else True
    return fault_from_dict(raw)


class SimMiddleware:
    """Journal -> latency -> faults, around the tastytrade routes."""

    def __init__(self, app: ASGIApp, state: SimState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        started = time.perf_counter()
        status = {"code": 0}
        notes: list[str] = []
        done = False

        def record() -> None:
            nonlocal done
            if not done:
                done = True
                note = ",".join(notes + scope.get("sim_notes", []))
                self.state.record(method, path, status["code"], time.perf_counter() - started,
                                  note)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                record()  # before the last byte leaves, so a client that reads it sees the entry
            await send(message)

        try:
            if path.startswith("/_sim/"):
                await self.app(scope, receive, send_wrapper)
                return
            if self.state.config.latency_ms:
                await asyncio.sleep(self.state.config.latency_ms / 1000)
            fault = self.state.take_fault(method, path)
            if fault is None:
                await self.app(scope, receive, send_wrapper)
                return
            notes.append("fault")
            await self._apply(fault, scope, receive, send_wrapper, notes)
        finally:
            record()

    async def _apply(self, fault: Fault, scope: Scope, receive: Receive, send: Send,
                     notes: list[str]) -> None:
        if fault.delay_ms:
            await asyncio.sleep(fault.delay_ms / 1000)
            notes.append(f"delay={fault.delay_ms}ms")
        if fault.drop:
            notes.append("drop")
            transport = scope.get("extensions", {}).get(TRANSPORT_KEY)
            if transport is None:
                raise ConnectionAbortedError("sim fault: connection dropped")
            transport.abort()
            for _ in range(3):  # let uvicorn see the disconnect before the app returns
                await asyncio.sleep(0)
            return
        if fault.malformed:
            notes.append("malformed")
            await _send(send, 200, b'{"data": {"items": [', "application/json")
            return
        if fault.status is None:
            if fault.dry_run_errors or fault.dry_run_warnings:
                scope[DRY_RUN_KEY] = {"errors": fault.dry_run_errors,
                                      "warnings": fault.dry_run_warnings}
                notes.append("dry-run-" + "+".join(
                    k for k, on in (("errors", fault.dry_run_errors),
                                    ("warnings", fault.dry_run_warnings)) if on))
            await self.app(scope, receive, send)
            return
        from tastyking.sim.wire import NGINX_401

        code, message = _STATUS_CODES.get(fault.status, ("error", "Simulated error"))
        headers = []
        if fault.retry_after is not None:
            headers.append((b"retry-after", f"{fault.retry_after:g}".encode()))
        if fault.status == 401 and scope["path"] == "/oauth/token":
            body = b'{"error_code":"invalid_grant","error_description":"Invalid JWT"}'
        elif fault.status == 401 and not _has_user_agent(scope):
            await _send(send, 401, NGINX_401.encode(), "text/html", headers)
            return
        else:
            body = f'{{"error":{{"code":"{code}","message":"{message}"}}}}'.encode()
        await _send(send, fault.status, body, "application/json", headers)


def _has_user_agent(scope: Scope) -> bool:
    return any(k == b"user-agent" and v.strip() for k, v in scope.get("headers", []))


async def _send(send: Send, status: int, body: bytes, ctype: str,
                headers: list[tuple[bytes, bytes]] | None = None) -> None:
    head = [(b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": head + (headers or [])})
    await send({"type": "http.response.body", "body": body})


def journal_line(method: str, path: str, status: int, ms: float, note: str) -> None:
    tail = f" [{note}]" if note else ""
    print(f"{method} {path} {status or '---'} {ms:.1f}ms{tail}", file=sys.stderr, flush=True)

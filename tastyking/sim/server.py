"""Run the simulator with uvicorn: in a daemon thread (tests, `--env demo`) or in the
foreground (`tastyking sim`)."""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from tastyking.sim.faults import TRANSPORT_KEY, Fault, parse_fault
from tastyking.sim.rest.app import create_app
from tastyking.sim.state import DEMO_CLIENT_SECRET, DEMO_REFRESH_TOKEN, SimConfig, SimState

__all__ = ["Fault", "SimConfig", "SimServer", "SimStartError", "SimState", "parse_fault",
           "serve_forever"]


class SimStartError(ValueError):
    """The simulator cannot start as configured: a bad setting or a port it cannot bind."""


class SimH11Protocol(H11Protocol):
    """Puts the connection's transport in the ASGI scope so a `drop` fault can cut it,
    and turns Nagle off (headers and body go out as two writes: 40 ms stalls otherwise)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]

    def handle_events(self) -> None:
        super().handle_events()
        cycle = getattr(self, "cycle", None)
        if cycle is not None and TRANSPORT_KEY not in cycle.scope.get("extensions", {}):
            cycle.scope.setdefault("extensions", {})[TRANSPORT_KEY] = self.transport


def _bind(config: SimConfig) -> socket.socket:
    try:
        config.check()
    except ValueError as exc:
        raise SimStartError(str(exc)) from None
    host, port = config.host, config.port
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except (OSError, OverflowError) as exc:
        sock.close()
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SimStartError(f"cannot listen on {host} port {port}: {why}") from None
    sock.setblocking(False)
    return sock


def _uvicorn_config(state: SimState, **extra: Any) -> uvicorn.Config:
    # uvicorn's sans-I/O binding of the websockets package: the legacy one is deprecated.
    return uvicorn.Config(
        create_app(state), ws="websockets-sansio", lifespan="off", log_level="warning",
        access_log=False, http=SimH11Protocol, **extra,
    )


class SimServer:
    """uvicorn in a daemon thread on a loopback socket bound here (port 0 = any free port)."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.state = SimState(config)
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def start(self) -> SimServer:
        self._sock = _bind(self.config)
        port = self._sock.getsockname()[1]
        self.config.port = port
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        self.base_url = f"http://{host}:{port}"
        # log_config=None: embedded in a CLI or a test, uvicorn must not install its own
        # handlers over the host's (which redact secrets and choose the level).
        self._server = uvicorn.Server(_uvicorn_config(self.state, timeout_graceful_shutdown=1,
                                                      log_config=None))
        sock = self._sock
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="tastyking-sim", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 5.0
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("simulator failed to start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=0.5)
        if self._thread.is_alive():  # open websockets or slow requests: don't wait for them
            self._server.force_exit = True
            self._thread.join(timeout=2.0)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def serve_forever(config: SimConfig) -> None:
    """Serve in the foreground until Ctrl-C (SimStartError before serving anything)."""
    sock = _bind(config)
    state = SimState(config)
    try:
        # Build the demo book now: it walks the market model up to the clock, so a day the
        # model cannot serve (it starts in 2020) is refused here, not by a 500 on every
        # account request.
        state.book  # noqa: B018
    except Exception as exc:  # noqa: BLE001 - whatever the model trips on, at start-up
        sock.close()
        day = state.market.now().date().isoformat()
        raise SimStartError(f"the market model cannot serve {day} ({type(exc).__name__}); "
                            "pick another --now (the model starts in 2020)") from None
    config.port = sock.getsockname()[1]
    numbers = ", ".join(state.book.accounts)
    print(f"tastyking sim: http://{config.host}:{config.port}  (DXLink ws://{config.host}:"
          f"{config.port}/realtime)\n  client secret {DEMO_CLIENT_SECRET!r}, refresh token "
          f"{DEMO_REFRESH_TOKEN!r}; accounts {numbers}; Ctrl-C to stop",
          file=sys.stderr, flush=True)
    server = uvicorn.Server(_uvicorn_config(state, timeout_graceful_shutdown=1))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()

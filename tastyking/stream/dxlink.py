"""DXLink socket side: one websocket, reconnects, keepalive, an event queue.

    async with DXLinkClient(url, token) as client:
        await client.subscribe("Quote", ["SPY", "AAPL"])
        await client.subscribe("Candle", ["SPY{=1d}"], from_time=1700000000000)
        item = await client.get(timeout=5.0)   # an event dict or an EventSnapshot
        async for item in client: ...          # waits as long as the stream lives

All protocol decisions live in `protocol.Session`; this module only moves
frames. One background task owns the socket: it connects, drains the
session's outbox, feeds every received frame to the session and queues the
decoded items. A second, per-connection task sends KEEPALIVE.

Bounds (nothing waits forever):
* connect + SETUP/AUTH/CHANNEL_OPENED must finish within `connect_timeout`;
* a silent server (no frame, not even KEEPALIVE) for `keepalive_timeout`
  seconds counts as a dropped connection;
* a dropped connection is retried with exponential backoff + jitter, at most
  `max_reconnects` times in a row (the count resets once a new connection
  delivers data); then `StreamError(reason="reconnects")` is raised from
  `get`/iteration. Refused auth and protocol errors raise at once.
* `__aenter__` returns once the first connection is ready, or raises.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Iterable
from types import TracebackType
from typing import Self

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from tastyking import __version__
from tastyking.stream.decode import Item
from tastyking.stream.errors import StreamError
from tastyking.stream.messages import encode, keepalive_msg
from tastyking.stream.protocol import Session

log = logging.getLogger("tastyking.stream")
# websockets logs every frame at DEBUG, AUTH (and its token) included. Its own
# logger is pinned to INFO so a global --debug never writes the token anywhere.
_ws_log = logging.getLogger("tastyking.stream.websockets")
_ws_log.setLevel(logging.INFO)

USER_AGENT = f"tastyking/{__version__}"
MAX_FRAME = 16 * 1024 * 1024  # candle histories can be large single frames


class _Failure:
    __slots__ = ("error",)

    def __init__(self, error: StreamError) -> None:
        self.error = error


class DXLinkClient:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        keepalive_interval: float = 30.0,
        keepalive_timeout: float = 60.0,
        connect_timeout: float = 10.0,
        max_reconnects: int = 5,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        data_format: str = "COMPACT",
        user_agent: str = USER_AGENT,
    ) -> None:
        self.url = url
        self.keepalive_interval = keepalive_interval
        self.keepalive_timeout = keepalive_timeout
        self.connect_timeout = connect_timeout
        self.max_reconnects = max_reconnects
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.user_agent = user_agent
        self.session = Session(
            token,
            keepalive_timeout=keepalive_timeout,
            accept_keepalive_timeout=keepalive_timeout,
            data_format=data_format,
        )
        self.reconnects = 0  # successful reconnections so far (for callers and tests)
        self._queue: asyncio.Queue[Item | _Failure] = asyncio.Queue()
        self._ws: ClientConnection | None = None
        self._send_lock = asyncio.Lock()
        self._settled = asyncio.Event()  # first connection ready, or failed
        self._failure: StreamError | None = None
        self._runner: asyncio.Task[None] | None = None
        self._closing = False
        self._delivered = False  # did the current/last connection deliver data?

    def __repr__(self) -> str:  # the token stays out of reprs
        return f"DXLinkClient(url={self.url!r}, state={self.session.state!r})"

    # ------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Self:
        try:
            await self.start()
        except BaseException:
            await self.close()  # __aexit__ is not called when __aenter__ raises
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        if self._runner is None:
            self._runner = asyncio.create_task(self._run(), name="dxlink-runner")
        # The runner is bounded on its own; this outer bound is a safety net.
        await asyncio.wait_for(self._settled.wait(), self._worst_case_start())
        if self._failure is not None:
            raise self._failure

    def _worst_case_start(self) -> float:
        attempts = self.max_reconnects + 1
        return attempts * (self.connect_timeout + self.backoff_max * 1.5) + 1.0

    async def close(self) -> None:
        self._closing = True
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._runner
        if self._failure is None:
            self._fail(StreamError("the market-data stream was closed", reason="closed"))

    # ------------------------------------------------------------ public API

    async def subscribe(
        self, event_type: str, symbols: Iterable[str], from_time: int | None = None
    ) -> None:
        """Subscribe (batched into chunks); remembered and redone after reconnects."""
        self.session.subscribe(event_type, list(symbols), from_time)
        await self._flush()

    async def unsubscribe(self, event_type: str, symbols: Iterable[str]) -> None:
        self.session.unsubscribe(event_type, list(symbols))
        await self._flush()

    async def get(self, timeout: float | None = None) -> Item:
        """Next event dict or EventSnapshot. Raises TimeoutError after
        `timeout` seconds without one, StreamError once the stream is dead."""
        # asyncio.timeout, not wait_for: on 3.11 wait_for swallows a cancellation that
        # lands as the item arrives, and Ctrl-C would then be lost.
        async with asyncio.timeout(timeout):
            item = await self._queue.get()
        if isinstance(item, _Failure):
            self._queue.put_nowait(item)  # every later get fails the same way
            raise item.error
        return item

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Item:
        try:
            return await self.get()
        except StreamError as exc:
            if exc.reason == "closed":
                raise StopAsyncIteration from None
            raise

    # ------------------------------------------------------------ internals

    def _fail(self, error: StreamError) -> None:
        if self._failure is None:
            self._failure = error
            self._queue.put_nowait(_Failure(error))
        self._settled.set()

    async def _flush(self) -> None:
        # One lock and one outbox keep messages in protocol order even when
        # subscribe() races the runner's handshake replies.
        async with self._send_lock:
            messages = self.session.take_outgoing()
            ws = self._ws
            if ws is None:
                return  # not connected: the next CHANNEL_OPENED resends subscriptions
            try:
                for msg in messages:
                    # bounded: a peer that stops reading must not stall us forever
                    await asyncio.wait_for(ws.send(encode(msg)), self.connect_timeout)
            except TimeoutError:
                ws.transport.abort()  # the runner sees the loss and reconnects
            except ConnectionClosed:
                pass  # the runner sees the loss, reconnects and resends subscriptions

    async def _run(self) -> None:
        failures = 0
        while not self._closing:
            cause = "unknown"
            try:
                await self._serve_once()
            except StreamError as exc:
                if exc.reason != "server":
                    self._fail(exc)
                    return
                cause = exc.message
            except InvalidURI as exc:
                self._fail(StreamError(f"invalid DXLink URL: {exc}", reason="protocol"))
                return
            except (OSError, TimeoutError, ConnectionClosed, InvalidHandshake) as exc:
                cause = _describe(exc)
            except Exception as exc:  # a bug or a frame we cannot digest: fail, never hang
                log.debug("DXLink runner crashed", exc_info=True)
                self._fail(StreamError(
                    f"market-data stream failed: {type(exc).__name__}", reason="protocol"
                ))
                return
            if self._closing:
                return
            if self._delivered:  # that connection worked: start counting afresh
                failures = 0
            failures += 1
            if failures > self.max_reconnects:
                self._fail(
                    StreamError(
                        f"market-data stream lost; gave up after {self.max_reconnects} "
                        f"reconnect attempts ({cause})",
                        reason="reconnects",
                    )
                )
                return
            delay = min(self.backoff_max, self.backoff_base * 2 ** (failures - 1))
            delay *= random.uniform(0.5, 1.0)  # jitter: many clients must not retry in step
            log.warning("DXLink connection lost (%s); reconnecting in %.2fs", cause, delay)
            await asyncio.sleep(delay)

    async def _serve_once(self) -> None:
        """One connection from open to loss; always ends with an exception."""
        self._delivered = False
        ws = await asyncio.wait_for(
            connect(
                self.url,
                ping_interval=None,  # DXLink has its own KEEPALIVE; TT rejects pings
                open_timeout=self.connect_timeout,
                close_timeout=2,
                user_agent_header=self.user_agent,
                max_size=MAX_FRAME,
                logger=_ws_log,
            ),
            self.connect_timeout,
        )
        loop = asyncio.get_running_loop()
        handshake_deadline = loop.time() + self.connect_timeout
        keepalive: asyncio.Task[None] | None = None
        was_ready = False
        try:
            async with self._send_lock:
                self._ws = ws
                self.session.connection_made()
            await self._flush()
            while True:
                if was_ready:
                    timeout = self.keepalive_timeout
                else:
                    timeout = handshake_deadline - loop.time()
                    if timeout <= 0:
                        raise TimeoutError("DXLink handshake timed out")
                try:
                    # asyncio.timeout, not wait_for (see get): close() cancels this
                    # task and must not wait forever for it while frames keep coming.
                    async with asyncio.timeout(timeout):
                        raw = await ws.recv()
                except TimeoutError:
                    what = "server silent for" if was_ready else "handshake timed out after"
                    raise TimeoutError(f"{what} {timeout:.1f}s") from None
                try:
                    msg = json.loads(raw)
                except ValueError:
                    log.warning("ignoring a malformed DXLink frame")
                    continue
                if not isinstance(msg, dict):
                    continue
                items = self.session.receive(msg)
                await self._flush()
                if self.session.ready and not was_ready:
                    was_ready = True
                    keepalive = asyncio.create_task(self._keepalive(), name="dxlink-keepalive")
                    if self._settled.is_set():
                        self.reconnects += 1
                    self._settled.set()
                if items:
                    self._delivered = True
                    for item in items:
                        self._queue.put_nowait(item)
        finally:
            if keepalive is not None:
                keepalive.cancel()
            async with self._send_lock:
                self._ws = None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 2)

    async def _keepalive(self) -> None:
        interval = self.keepalive_interval
        server_timeout = self.session.server_keepalive_timeout
        if server_timeout:  # stay well inside what the server tolerates
            interval = min(interval, server_timeout / 2)
        while True:
            await asyncio.sleep(interval)
            self.session.queue(keepalive_msg())
            await self._flush()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionClosed):
        return f"connection closed ({exc.rcvd.code if exc.rcvd else 'no close frame'})"
    if isinstance(exc, TimeoutError):
        return str(exc) or "timed out"
    return f"{type(exc).__name__}: {exc}"

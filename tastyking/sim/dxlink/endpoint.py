"""The simulator's DXLink websocket (`/realtime`), speaking tastytrade-api.md section 13.

Per connection: SETUP -> SETUP + AUTH_STATE UNAUTHORIZED; AUTH with a token from
`state.quote_tokens` -> AUTHORIZED (accepted any time after SETUP); FEED
channels on odd numbers; FEED_SETUP -> FEED_CONFIG; FEED_SUBSCRIPTION
add/remove/reset; FEED_DATA in COMPACT or FULL; KEEPALIVE both ways; ERROR
TIMEOUT and close after the client's `keepaliveTimeout` of silence.

Data comes from the sim `Market` (`EventBuilder` turns snapshots and bars
into events): the initial values on subscribe, then every second a live
update of subscribed Quote/Trade/Greeks via `Market.live(symbol, tick)`.
Candle subscriptions get a history snapshot, newest first, flagged like real
dxFeed. Unknown symbols get nothing, as on the real server.

Faults (`state.stream_faults`): `delay_ms` sleeps before each FEED_DATA frame;
`drop_after_frames` closes the socket (code 1011, no goodbye) after that many
FEED_DATA frames, once, then resets itself to None. `config.latency_ms` delays
the handshake once per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from tastyking.sim.dxlink.events import LIVE_TYPES, EventBuilder
from tastyking.sim.dxlink.fields import KNOWN_FIELDS, SPEC_FIELDS

SERVER_VERSION = "1.0-tastyking-sim/0.1"
USER_ID = "sim-user-0001"
LIVE_INTERVAL = 1.0  # seconds between live updates
FRAME_EVENTS = 500  # events per FEED_DATA frame at most
DEFAULT_KEEPALIVE = 60.0
EVEN_CHANNEL = "Protocol violation with an even channel usage."


class _Drop(Exception):
    """drop_after_frames fired: end the connection without ceremony."""


@dataclass
class _Channel:
    service: str
    parameters: dict[str, Any]
    data_format: str = "COMPACT"
    aggregation_period: float = 0.1
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # as configured
    announced: set[str] = field(default_factory=set)  # types whose FEED_CONFIG went out
    subs: dict[tuple[str, str], int | None] = field(default_factory=dict)

    def fields_for(self, event_type: str) -> tuple[str, ...]:
        return self.fields.get(event_type) or SPEC_FIELDS[event_type]

    def config_msg(self, channel: int) -> dict[str, Any]:
        return {
            "type": "FEED_CONFIG", "channel": channel,
            "aggregationPeriod": self.aggregation_period, "dataFormat": self.data_format,
            "eventFields": {t: list(self.fields_for(t)) for t in sorted(self.announced)},
        }


async def dxlink_endpoint(websocket: WebSocket) -> None:
    await websocket.accept()
    await _Connection(websocket, websocket.app.state.sim).run()


class _Connection:
    def __init__(self, ws: WebSocket, sim: Any) -> None:
        self.ws = ws
        self.sim = sim
        self.events = EventBuilder(sim.market)
        self.setup_done = False
        self.authorized = False
        self.client_timeout = DEFAULT_KEEPALIVE  # drop the client after this much silence
        self.keepalive_every = DEFAULT_KEEPALIVE / 2
        self.channels: dict[int, _Channel] = {}
        now = time.monotonic()
        self.last_received = now
        self.last_sent = now
        self.frames_sent = 0
        self.drop_base: int | None = None  # frames_sent when drop_after_frames was seen
        self.tick = 0
        self.lock = asyncio.Lock()

    async def run(self) -> None:
        tasks = [
            asyncio.create_task(self._read_loop()),
            asyncio.create_task(self._tick_loop()),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(BaseException):
                    await task
            with contextlib.suppress(Exception):
                await self.ws.close()

    # ------------------------------------------------------------ sending

    async def _send(self, msg: dict[str, Any]) -> None:
        async with self.lock:
            await self.ws.send_text(json.dumps(msg, separators=(",", ":")))
            self.last_sent = time.monotonic()

    async def _error(self, error: str, message: str) -> None:
        await self._send({"type": "ERROR", "channel": 0, "error": error, "message": message})

    async def _send_events(self, channel_id: int, events: list[dict[str, Any]]) -> None:
        """FEED_DATA for `events`, batched, in the channel's format."""
        channel = self.channels.get(channel_id)
        if channel is None or not events:
            return
        new_types = {e["eventType"] for e in events} - channel.announced
        if new_types:  # lazy FEED_CONFIG for types the client never set up
            channel.announced |= new_types
            await self._send(channel.config_msg(channel_id))
        for start in range(0, len(events), FRAME_EVENTS):
            batch = events[start : start + FRAME_EVENTS]
            if channel.data_format == "FULL":
                data: list[Any] = [_full(e, channel.fields_for(e["eventType"])) for e in batch]
            else:
                data = _compact(batch, channel)
            await self._feed_data(channel_id, data)

    async def _feed_data(self, channel_id: int, data: list[Any]) -> None:
        faults = self.sim.stream_faults
        delay = faults.get("delay_ms") or 0
        if delay:
            await asyncio.sleep(delay / 1000)
        await self._send({"type": "FEED_DATA", "channel": channel_id, "data": data})
        self.frames_sent += 1
        limit = faults.get("drop_after_frames")
        if limit is None:
            self.drop_base = None
            return
        if self.drop_base is None:  # count from when the fault was first seen
            self.drop_base = self.frames_sent - 1
        if self.frames_sent - self.drop_base >= limit:
            faults["drop_after_frames"] = None  # once
            raise _Drop

    # ------------------------------------------------------------ receiving

    async def _read_loop(self) -> None:
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                self.last_received = time.monotonic()
                text = message.get("text")
                if text is None and message.get("bytes") is not None:
                    text = message["bytes"].decode("utf-8", "replace")
                try:
                    msg = json.loads(text or "")
                except ValueError:
                    await self._error("INVALID_MESSAGE", "Message is not valid JSON.")
                    continue
                if not isinstance(msg, dict):
                    await self._error("INVALID_MESSAGE", "Message must be a JSON object.")
                    continue
                await self._handle(msg)
        except _Drop:
            with contextlib.suppress(Exception):
                await self.ws.close(code=1011)
        except (WebSocketDisconnect, RuntimeError):
            return

    async def _handle(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "SETUP":
            await self._setup(msg)
            return
        if not self.setup_done:
            await self._error("UNSUPPORTED_PROTOCOL", "SETUP must be the first message.")
            return
        if kind == "KEEPALIVE":
            await self._send({"type": "KEEPALIVE", "channel": 0})
        elif kind == "AUTH":
            await self._auth(msg)
        elif not self.authorized:
            await self._error("UNAUTHORIZED", "Authorization is required.")
        elif kind == "CHANNEL_REQUEST":
            await self._channel_request(msg)
        elif kind == "CHANNEL_CANCEL":
            channel = msg.get("channel")
            if isinstance(channel, int) and self.channels.pop(channel, None) is not None:
                await self._send({"type": "CHANNEL_CLOSED", "channel": channel})
        elif kind == "FEED_SETUP":
            await self._feed_setup(msg)
        elif kind == "FEED_SUBSCRIPTION":
            await self._feed_subscription(msg)
        else:
            await self._error("INVALID_MESSAGE", f"Unknown message type: {kind}.")

    async def _setup(self, msg: dict[str, Any]) -> None:
        if not self.setup_done:
            latency = getattr(self.sim.config, "latency_ms", 0) or 0
            if latency:
                await asyncio.sleep(latency / 1000)
        self.setup_done = True
        self.client_timeout = _positive(msg.get("keepaliveTimeout"), DEFAULT_KEEPALIVE)
        accept = _positive(msg.get("acceptKeepaliveTimeout"), DEFAULT_KEEPALIVE)
        self.keepalive_every = max(0.1, min(30.0, accept / 2))
        await self._send({
            "type": "SETUP", "channel": 0, "keepaliveTimeout": self.client_timeout,
            "acceptKeepaliveTimeout": accept, "version": SERVER_VERSION,
        })
        if not self.authorized:
            await self._send({"type": "AUTH_STATE", "channel": 0, "state": "UNAUTHORIZED"})

    async def _auth(self, msg: dict[str, Any]) -> None:
        token = msg.get("token")
        self.authorized = isinstance(token, str) and token in self.sim.quote_tokens
        if self.authorized:
            await self._send(
                {"type": "AUTH_STATE", "channel": 0, "state": "AUTHORIZED", "userId": USER_ID}
            )
        else:
            await self._send({"type": "AUTH_STATE", "channel": 0, "state": "UNAUTHORIZED"})

    async def _channel_request(self, msg: dict[str, Any]) -> None:
        channel = msg.get("channel")
        if not isinstance(channel, int) or channel % 2 == 0:
            await self._error("BAD_ACTION", EVEN_CHANNEL)
            return
        service = msg.get("service")
        if service != "FEED":
            await self._error("BAD_ACTION", f"Unsupported service: {service}.")
            return
        parameters = msg.get("parameters") or {}
        self.channels[channel] = _Channel(service, parameters)
        await self._send(
            {"type": "CHANNEL_OPENED", "channel": channel, "service": service,
             "parameters": parameters}
        )

    def _open_channel(self, msg: dict[str, Any]) -> tuple[int, _Channel] | None:
        channel_id = msg.get("channel")
        if isinstance(channel_id, int) and channel_id in self.channels:
            return channel_id, self.channels[channel_id]
        return None

    async def _feed_setup(self, msg: dict[str, Any]) -> None:
        found = self._open_channel(msg)
        if found is None:
            await self._error("BAD_ACTION", "The channel is not opened.")
            return
        channel_id, channel = found
        if msg.get("acceptDataFormat") in ("COMPACT", "FULL"):
            channel.data_format = msg["acceptDataFormat"]
        period = msg.get("acceptAggregationPeriod")
        if isinstance(period, int | float) and period >= 0:
            channel.aggregation_period = float(period)
        requested = msg.get("acceptEventFields") or {}
        if isinstance(requested, dict):
            for event_type, fields in requested.items():
                known = KNOWN_FIELDS.get(event_type)
                if known is None or not isinstance(fields, list):
                    continue  # unknown event types are dropped
                accepted = tuple(dict.fromkeys(f for f in fields if f in known))
                if accepted:
                    channel.fields[event_type] = accepted
                    channel.announced.add(event_type)
        await self._send(channel.config_msg(channel_id))

    async def _feed_subscription(self, msg: dict[str, Any]) -> None:
        found = self._open_channel(msg)
        if found is None:
            await self._error("BAD_ACTION", "The channel is not opened.")
            return
        channel_id, channel = found
        if msg.get("reset"):
            channel.subs.clear()
        for entry in _entries(msg.get("remove")):
            channel.subs.pop((entry["type"], entry["symbol"]), None)
        added = []
        for entry in _entries(msg.get("add")):
            if entry["type"] not in SPEC_FIELDS:
                continue
            from_time = entry.get("fromTime")
            from_time = int(from_time) if isinstance(from_time, int | float) else None
            key = (entry["type"], entry["symbol"])
            channel.subs[key] = from_time
            added.append((key, from_time))
        events: list[dict[str, Any]] = []
        for (event_type, symbol), from_time in added:
            events.extend(self.events.initial(event_type, symbol, from_time))
        await self._send_events(channel_id, events)

    # ------------------------------------------------------------ timers

    async def _tick_loop(self) -> None:
        last_live = time.monotonic()
        try:
            while True:
                # Check often enough that a 1 s keepaliveTimeout is honoured closely.
                await asyncio.sleep(min(0.25, self.client_timeout / 8))
                now = time.monotonic()
                silent = now - self.last_received
                if silent > self.client_timeout:
                    await self._error(
                        "TIMEOUT",
                        "The timeout has been reached. The message was last received "
                        f"{silent:.0f} seconds ago.",
                    )
                    await self.ws.close()
                    return
                if now - self.last_sent >= self.keepalive_every:
                    await self._send({"type": "KEEPALIVE", "channel": 0})
                if now - last_live >= LIVE_INTERVAL:
                    last_live = now
                    self.tick += 1
                    await self._send_live()
        except _Drop:
            with contextlib.suppress(Exception):
                await self.ws.close(code=1011)
        except (WebSocketDisconnect, RuntimeError):
            return

    async def _send_live(self) -> None:
        snaps: dict[str, Any] = {}  # one Market.live per symbol per tick, whatever the types
        for channel_id, channel in list(self.channels.items()):
            events: list[dict[str, Any]] = []
            for event_type, symbol in list(channel.subs):
                if event_type not in LIVE_TYPES:
                    continue
                if symbol not in snaps:
                    snaps[symbol] = self.sim.market.live(symbol, self.tick)
                if snaps[symbol] is not None:
                    events.extend(self.events.from_snapshot(event_type, symbol, snaps[symbol]))
            await self._send_events(channel_id, events)


# ---------------------------------------------------------------- formatting


def _json_double(value: Any) -> Any:
    if value is None:
        return "NaN"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _compact(events: list[dict[str, Any]], channel: _Channel) -> list[Any]:
    # One flat array per type, types in order of first appearance.
    grouped: dict[str, list[Any]] = {}
    for ev in events:
        event_type = ev["eventType"]
        values = grouped.setdefault(event_type, [])
        values.extend(_json_double(ev.get(f)) for f in channel.fields_for(event_type))
    data: list[Any] = []
    for event_type, values in grouped.items():
        data += [event_type, values]
    return data


def _full(event: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"eventType": event["eventType"]}
    for f in fields:
        if f in event:
            out[f] = _json_double(event[f])
    return out


def _entries(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [
        e for e in value
        if isinstance(e, dict) and isinstance(e.get("type"), str)
        and isinstance(e.get("symbol"), str)
    ]


def _positive(value: Any, default: float) -> float:
    return float(value) if isinstance(value, int | float) and value > 0 else default


# ---------------------------------------------------------------- events

"""Decoding DXLink FEED_DATA into events, and applying eventFlags (no I/O).

* ``FeedDecoder`` turns FEED_DATA ``data`` (COMPACT or FULL) into event dicts
  ``{"eventType": ..., "eventSymbol": ..., <field>: value}``. COMPACT is decoded
  by the field order of the last FEED_CONFIG (falling back to the requested
  order before one arrives). ``"NaN"``, ``"Infinity"`` and ``"-Infinity"``
  become ``None``. Dicts, not dataclasses: building them is a single C-level
  ``map(dict, zip(...))`` pass, which is what makes decoding fast.
* ``SnapshotTracker`` applies eventFlags: for Candle it collects a snapshot
  from SNAPSHOT_BEGIN to SNAPSHOT_END (or SNIP) and emits one
  ``EventSnapshot`` (oldest first); REMOVE events are dropped for every type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from tastyking.stream.messages import EVENT_FIELDS

Event = dict[str, Any]

# eventFlags bits (dxFeed IndexedEvent).
TX_PENDING = 0x01
REMOVE_EVENT = 0x02
SNAPSHOT_BEGIN = 0x04
SNAPSHOT_END = 0x08
SNAPSHOT_SNIP = 0x10
SNAPSHOT_MODE = 0x40

# Only Candle is collected into snapshots: other indexed types (Greeks,
# TimeAndSale) are consumed as "latest value" and a stray SNAPSHOT_BEGIN must
# not make them buffer forever.
SNAPSHOT_TYPES = frozenset({"Candle"})

# JSON strings dxFeed uses for doubles it cannot express as JSON numbers.
_SPECIAL: dict[Any, None] = {"NaN": None, "Infinity": None, "-Infinity": None}
_SPECIAL_KEYS = _SPECIAL.keys()




def clean_values(values: list[Any]) -> list[Any]:
    """Replace dxFeed's "NaN"/"Infinity"/"-Infinity" strings by None.

    The isdisjoint pre-check runs in C and most frames have no special value,
    so the per-value Python loop only runs for frames that need it."""
    try:
        if _SPECIAL_KEYS.isdisjoint(values):
            return values
    except TypeError:  # an unhashable value (nested list): take the slow path
        pass
    return [None if (v.__class__ is str and v in _SPECIAL) else v for v in values]


def _clean_event(event: dict[str, Any]) -> dict[str, Any]:
    values = event.values()
    try:
        if _SPECIAL_KEYS.isdisjoint(values):
            return event
    except TypeError:
        pass
    return {k: (None if (v.__class__ is str and v in _SPECIAL) else v) for k, v in event.items()}


def decode_compact(event_type: str, fields: Sequence[str], values: list[Any]) -> list[Event]:
    """Decode one COMPACT pair: `values` is the flat list of all events' fields."""
    n = len(fields)
    if n == 0:
        return []
    values = clean_values(values)
    if "eventType" in fields:  # requested explicitly: the type is already in the values
        rows = zip(*[iter(values)] * n, strict=False)  # a partial tail is dropped
        return list(map(dict, map(zip, repeat(fields), rows)))
    keys = ("eventType", *fields)
    rows = zip(repeat(event_type), *[iter(values)] * n)  # C-level chunking; drops a partial tail
    return list(map(dict, map(zip, repeat(keys), rows)))


class FeedDecoder:
    """Decodes FEED_DATA payloads using the field order the server confirmed."""

    def __init__(self, requested: Mapping[str, Sequence[str]] = EVENT_FIELDS) -> None:
        self.requested = {k: tuple(v) for k, v in requested.items()}
        self.fields: dict[str, tuple[str, ...]] = {}  # from FEED_CONFIG

    def configure(self, event_fields: Mapping[str, Sequence[str]]) -> None:
        # FEED_CONFIG may be lazy and partial: merge per type.
        for event_type, fields in event_fields.items():
            self.fields[event_type] = tuple(fields)

    def fields_for(self, event_type: str) -> tuple[str, ...] | None:
        return self.fields.get(event_type) or self.requested.get(event_type)

    def decode(self, data: list[Any]) -> list[Event]:
        if not data:
            return []
        if isinstance(data[0], dict):  # FULL format
            return [_clean_event(e) for e in data if isinstance(e, dict) and "eventType" in e]
        events: list[Event] = []
        for i in range(0, len(data) - 1, 2):
            head, values = data[i], data[i + 1]
            if isinstance(head, list):  # legacy: ["Quote", [field names]] announces the order
                event_type = str(head[0])
                self.fields[event_type] = tuple(head[1])
            else:
                event_type = head
            fields = self.fields_for(event_type)
            if fields is None or not isinstance(values, list):
                continue  # a type we never asked for: nothing to decode it with
            events.extend(decode_compact(event_type, fields, values))
        return events


@dataclass(frozen=True)
class EventSnapshot:
    """A complete snapshot (for Candle: the history since fromTime), oldest first."""

    event_type: str
    symbol: str
    events: tuple[Event, ...]


Item = Event | EventSnapshot


class SnapshotTracker:
    """Applies eventFlags to decoded events (see module docstring)."""

    def __init__(self, snapshot_types: frozenset[str] = SNAPSHOT_TYPES) -> None:
        self.snapshot_types = snapshot_types
        self._pending: dict[tuple[str, str], list[Event]] = {}

    def reset(self) -> None:
        self._pending.clear()

    def feed(self, events: list[Event]) -> list[Item]:
        out: list[Item] = []
        types = self.snapshot_types
        pending = self._pending
        for ev in events:
            flags = ev.get("eventFlags") or 0
            if ev["eventType"] not in types:
                if not flags & REMOVE_EVENT:
                    out.append(ev)
                continue
            key = (ev["eventType"], ev.get("eventSymbol") or "")
            if flags & SNAPSHOT_BEGIN:
                pending[key] = []
            buf = pending.get(key)
            if buf is None:  # outside a snapshot: a live update
                if not flags & REMOVE_EVENT:
                    out.append(ev)
                continue
            if not flags & REMOVE_EVENT:
                buf.append(ev)
            if flags & (SNAPSHOT_END | SNAPSHOT_SNIP):
                del pending[key]
                out.append(EventSnapshot(key[0], key[1], _oldest_first(buf)))
        return out


def _oldest_first(events: list[Event]) -> tuple[Event, ...]:
    # Snapshots arrive newest first; a repeated time means an update of the
    # same candle, and the later message wins.
    by_time: dict[Any, Event] = {}
    for ev in events:
        by_time[ev.get("time")] = ev
    return tuple(sorted(by_time.values(), key=lambda e: e.get("time") or 0))

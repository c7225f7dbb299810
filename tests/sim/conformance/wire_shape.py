"""Compare a JSON answer's shape (keys, recursively, and JSON types) with recorded payloads.

A recorded shape is merged from one or more recorded payloads of the same endpoint:
at each object path a key is *required* when every recorded object there has it and
*optional* when only some do (the real API omits some keys now and then, e.g.
`last-ext`); its allowed JSON types are those seen. Array elements merge into one
element shape, per *kind* when the elements carry an `instrument-type` (an equity row
and a future-option row have different keys).

Paths read `items[].bid` (array elements) and `items[Future Option].mark` (elements of
one kind); `allowed_absent` and `allowed_extra` entries use the kind-free form, or the
kind form to be precise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KIND_KEY = "instrument-type"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass
class Shape:
    """What a recorded value looked like at one path."""

    types: set[str] = field(default_factory=set)
    keys: dict[str, Shape] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # key -> objects that had it
    objects: int = 0
    elements: dict[str | None, Shape] = field(default_factory=dict)  # kind -> element shape

    def add(self, value: Any) -> None:
        self.types.add(json_type(value))
        if isinstance(value, dict):
            self.objects += 1
            for k, v in value.items():
                self.seen[k] = self.seen.get(k, 0) + 1
                self.keys.setdefault(k, Shape()).add(v)
        elif isinstance(value, list):
            for element in value:
                kind = element.get(KIND_KEY) if isinstance(element, dict) else None
                self.elements.setdefault(kind, Shape()).add(element)

    def required(self, key: str) -> bool:
        return self.seen.get(key, 0) == self.objects


def shape_of(payloads: list[Any]) -> Shape:
    shape = Shape()
    for p in payloads:
        shape.add(p)
    return shape


def data_of(payload: Any) -> Any:
    """The `data` of an enveloped payload; some recordings kept only the data object."""
    if isinstance(payload, dict) and "data" in payload and set(payload) <= {
            "data", "context", "pagination", "api-version", "error"}:
        return payload["data"]
    return payload


def _pick(value: Any, path: str) -> list[Any]:
    """Values at a dotted path; `[]` walks every array element: `items[].account`."""
    values = [value]
    for part in path.split("."):
        many = part.endswith("[]")
        key = part[:-2] if many else part
        values = [v[key] for v in values if isinstance(v, dict) and key in v]
        if many:
            values = [e for v in values if isinstance(v, list) for e in v]
    return values


def load_recorded(root: Path, names: tuple[str, ...]) -> list[Any]:
    """The data objects of recorded files. `File.json:items[].account` takes what sits at
    that path of the file's data instead (a listing's records read as single records)."""
    out: list[Any] = []
    for name in names:
        file, _, pick = name.partition(":")
        data = data_of(json.loads((root / file).read_text()))
        out.extend(_pick(data, pick) if pick else [data])
    return out


def _types_match(got: str, recorded: set[str]) -> bool:
    # A recorded null tells nothing about the type the field has when it has a value.
    return got in recorded or recorded == {"null"}


def diff(answer: Any, shape: Shape, *, allowed_absent: frozenset[str] = frozenset(),
         allowed_extra: frozenset[str] = frozenset(),
         allowed_retype: frozenset[str] = frozenset(),
         kinds: dict[str, str] | None = None) -> list[str]:
    """Every divergence of `answer` from `shape`, as readable one-liners (empty = conforms).

    `allowed_retype` names keys whose type may differ from every recording (a key the
    API has sent both ways over time, answered as the newest recording of another kind).
    `kinds` maps an answer element's kind to the recorded kind it is compared with,
    for kinds no recording holds (e.g. an Index market-data row read as an Equity row).
    """
    problems: list[str] = []
    rules = _Rules(allowed_absent, allowed_extra, allowed_retype, kinds or {})
    _walk(answer, shape, "", problems, rules)
    return list(dict.fromkeys(problems))  # one line per path, not one per list element


def _listed(path: str, plain: str, names: frozenset[str]) -> bool:
    return path in names or plain in names


@dataclass(frozen=True)
class _Rules:
    absent: frozenset[str]
    extra: frozenset[str]
    retype: frozenset[str]
    kinds: dict[str, str]


def _walk(value: Any, shape: Shape, path: str, out: list[str], rules: _Rules,
          plain: str | None = None) -> None:
    plain = path if plain is None else plain
    got = json_type(value)
    if not _types_match(got, shape.types) and not _listed(path, plain, rules.retype):
        out.append(f"{path or '<root>'}: {got}, recorded {'/'.join(sorted(shape.types))}")
        return
    if isinstance(value, dict) and shape.objects:
        for key in sorted(set(shape.keys) | set(value)):
            sub, sub_plain = f"{path}.{key}" if path else key, f"{plain}.{key}" if plain else key
            if key not in value:
                if shape.required(key) and not _listed(sub, sub_plain, rules.absent):
                    out.append(f"{sub}: absent")
                continue
            if key not in shape.keys:
                if not _listed(sub, sub_plain, rules.extra):
                    out.append(f"{sub}: not in any recording")
                continue
            _walk(value[key], shape.keys[key], sub, out, rules, sub_plain)
    elif isinstance(value, list) and shape.elements:
        for element in value:
            kind = element.get(KIND_KEY) if isinstance(element, dict) else None
            target = rules.kinds.get(kind, kind) if kind is not None else None
            sub = shape.elements.get(target)
            if sub is None and len(shape.elements) == 1 and None in shape.elements:
                sub = shape.elements[None]
            if sub is None:
                out.append(f"{path}[{kind}]: no recorded element of this kind")
                continue
            _walk(element, sub, f"{path}[{kind}]" if kind else f"{path}[]", out, rules,
                  f"{plain}[]")

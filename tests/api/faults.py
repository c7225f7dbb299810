"""The reliability review's fault kinds: functions that alter a real JSON answer."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# enum-valued keys the client reads (tastytrade-api.md): an unknown value must make the
# value unknown, never a default
ENUM_KEYS = re.compile(r"(-effect|^quantity-direction|^state|^option-type|^instrument-type"
                       r"|^price-effect|^margin-or-cash)$")


def _walk(node: Any, leaf: Callable[[str, Any], Any]) -> Any:
    if isinstance(node, dict):
        return {k: (_walk(v, leaf) if isinstance(v, dict | list) else leaf(k, v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, leaf) for v in node]
    return node


def numbers(value: Any) -> Callable[[Any], Any]:
    """Every number (JSON number or numeric string) in `data` becomes `value`."""
    def leaf(key: str, v: Any) -> Any:
        if isinstance(v, bool):
            return v
        if isinstance(v, int | float) or (isinstance(v, str) and NUMBER.match(v)):
            return value(v) if callable(value) else value
        return v
    return lambda body: {**body, "data": _walk(body.get("data"), leaf)}


def enums(body: Any) -> Any:
    def leaf(key: str, v: Any) -> Any:
        return "Sideways" if ENUM_KEYS.search(key) and isinstance(v, str) else v
    return {**body, "data": _walk(body.get("data"), leaf)}


def data_not_object(body: Any) -> Any:
    return {**body, "data": ["not", "an", "object"]}


def items_not_list(body: Any) -> Any:
    data = copy.deepcopy(body.get("data"))
    if isinstance(data, dict) and "items" in data:
        data["items"] = {"0": data["items"][:1]}
    elif isinstance(data, dict):
        data = {k: ("?" if isinstance(v, dict | list) else v) for k, v in data.items()}
    return {**body, "data": data}


def data_null(body: Any) -> Any:
    return {**body, "data": None}


def body_list(body: Any) -> Any:
    return [body]


def negate(v: Any) -> Any:
    text = str(v)
    return text[1:] if text.startswith("-") else "-" + text


FAULTS: dict[str, Callable[[Any], Any]] = {
    "data-not-object": data_not_object,
    "items-not-list": items_not_list,
    "data-null": data_null,
    "body-list": body_list,
    "unknown-enum": enums,
    "nan": numbers("NaN"),
    "null-number": numbers(None),
    "huge": numbers("1e400"),
    "negative": numbers(negate),
    "string-number": numbers("twelve"),
}

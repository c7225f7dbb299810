"""Values a person types when the API fails: checked, then marked `manual`.

    parse_positions(text)           the core's own parser (parsePositions), in Python
    check(key, raw) -> value        one value, or ValueError with a one-line reason
    apply(doc, values, how)         fill what the API left unknown; the API's values stay

The file for cron (`--manual-file`) is a JSON object with any of these keys:
{"netLiq": 75000, "bpUsedPercent": 32, "positionsText": "ES LT112 (85 DTE, 6420, +5%)",
 "vixLevel": 15.2, "portfolioMargin": false, "monthPL": 2450}. Money is in pounds.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tastyking.errors import UsageError
from tastyking.services.framework.doc import MANUAL, StatusDoc
from tastyking.services.framework.groups import entry_week

# The core's three patterns, in its order (CORE_FRAMEWORK.txt parsePositions).
PATTERNS = [
    re.compile(r"([A-Z0-9]+)\s+([A-Z0-9]+)\s*\((\d+)\s*DTE,\s*([0-9.]+)(?:/weekly)?,"
               r"\s*([+-]?\d+)%?\)", re.I),
    re.compile(r"([A-Z0-9]+)\s+([a-z]+)\s*@\s*£?([0-9.]+)\s*\(([+-]?\d+)%?\)", re.I),
    re.compile(r"([A-Z0-9]+)\s+([A-Z0-9]+)\s*([+-]?\d+)%", re.I),
]
# key -> (prompt, low, high); None bounds: any number
FIELDS: dict[str, tuple[str, Decimal | None, Decimal | None]] = {
    "netLiq": ("Account value in pounds (net liq)", Decimal(1), Decimal(10) ** 9),
    "bpUsedPercent": ("Buying power used, percent", Decimal(0), Decimal(100)),
    "vixLevel": ("VIX level", Decimal(5), Decimal(150)),
    "monthPL": ("Month-to-date P/L in pounds", None, None),
}
TEXT_FIELDS = ("positionsText", "portfolioMargin")


def _js_float(text: str) -> float:
    m = re.match(r"\s*[+-]?(\d+\.?\d*|\.\d+)", text)
    return float(m.group(0)) if m else 0.0


def parse_positions(text: str | None) -> list[dict[str, Any]]:
    """What the core makes of a positions string (first match per ticker and strategy)."""
    if text is None or text.strip().lower() in ("none", "0", "no positions"):
        return []
    out: list[dict[str, Any]] = []
    flat = re.sub(r"\s+", " ", text)
    for pattern in PATTERNS:
        for m in pattern.finditer(flat):
            groups = list(m.groups()) + [None] * (5 - len(m.groups()))
            ticker, strategy = groups[0].upper(), groups[1].upper()
            dte = int(groups[2]) if groups[2] and groups[2].lstrip("+-").isdigit() else 90
            entry = _js_float(groups[3] or "") or _js_float(groups[2] or "") or 0
            pl_text = groups[4] or groups[3] or groups[2]
            pl = int(_js_float(pl_text.replace("%", ""))) if pl_text else 0
            if any(p["ticker"] == ticker and p["strategy"] == strategy for p in out):
                continue
            out.append({"ticker": ticker, "strategy": strategy, "dte": dte, "entry": entry,
                        "pl": pl, "bpUsed": None,
                        "entryWeek": entry_week(dte) if strategy == "LT112" else None})
    return out


def check(key: str, raw: object) -> Any:
    if key == "portfolioMargin":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in ("yes", "y", "true"):
            return True
        if word in ("no", "n", "false"):
            return False
        raise ValueError(f"{key}: answer yes or no")
    if key == "positionsText":
        text = str(raw).strip()
        if not text:
            raise ValueError(f"{key}: empty (write none for no positions)")
        if text.lower() not in ("none", "0", "no positions") and not parse_positions(text):
            raise ValueError(f"{key}: the framework cannot read {text!r}; write e.g. "
                             "MCL STRANGLE (88 DTE, 2.80, +12%), or none")
        return text
    label, lo, hi = FIELDS[key]
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValueError(f"{key} must be a number")
    text = str(raw).strip().replace(",", "").replace("£", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{key}: {text!r} is not a number") from None
    if not value.is_finite() or (lo is not None and value < lo) or (
            hi is not None and value > hi):
        raise ValueError(f"{key} = {text} is outside the plausible range {lo}-{hi}")
    return value


def load_file(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"manual file {path} does not exist") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"manual file {path} is not readable JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise UsageError(f'manual file {path} must hold a JSON object such as {{"netLiq": 75000}}')
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in FIELDS and key not in TEXT_FIELDS:
            known = ", ".join([*FIELDS, *TEXT_FIELDS])
            raise UsageError(f"manual file {path}: unknown key {key!r} (known: {known})")
        if value is None:
            continue
        try:
            out[key] = check(key, value)
        except ValueError as exc:
            raise UsageError(f"manual file {path}: {exc}") from None
    return out


def apply(doc: StatusDoc, values: dict[str, Any], how: str) -> list[str]:
    """Fill unknown values; returns the keys not used because the API had them."""
    unused = []
    for key, value in values.items():
        if doc.get(key) is not None:
            unused.append(key)
            continue
        doc.put(key, value, MANUAL)
        if key == "positionsText":
            doc.put("positions", parse_positions(value), MANUAL)
    if len(unused) < len(values):
        doc.manual_entry = how
    return unused

"""Manual entry when the API fails: a prompt on a terminal, a file in cron.

    load_manual_file(path, phase_keys) -> {"VIX.currentLevel": Decimal("21.5"), ...}
    prompt_values(wanted, more, failures, *, stdin, stderr) -> same mapping
    validate(path, raw, phase_keys) -> Decimal   (ValueError with a one-line reason)

The file is a partial searched-data document in the framework's shape, e.g.
`{"VIX": {"currentLevel": 21.5}, "ES": {"currentPrice": 5432.25}}`; nulls mean
"not supplied". Only values a person can read off a screen are accepted; the
derived ones (day change, regime, trend) are computed from them, so entering
them directly is refused rather than silently mixed in.

Every value is checked against a plausible range so a typo (VIX 215, ES 54.3)
is caught at the prompt, or stops a cron run with exit 2 before it writes a
wrong snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from tastyking.errors import UsageError

# Plausible ranges for a level (inclusive); unknown phase products only need > 0.
LEVELS: dict[str, tuple[Decimal, Decimal]] = {
    "ES": (Decimal(1000), Decimal(20000)),
    "SPY": (Decimal(50), Decimal(2000)),
    "VIX": (Decimal(5), Decimal(150)),
    "DXY": (Decimal(50), Decimal(200)),
    "MCL": (Decimal(1), Decimal(500)),
    "MGC": (Decimal(100), Decimal(20000)),
}
_ANY = (Decimal("0.0001"), Decimal(10) ** 9)
_PERCENT = (Decimal(0), Decimal(100))
_IV = (Decimal(0), Decimal(500))

_QUOTED_LEVELS = ("currentPrice", "openPrice", "previousClose", "dayHigh", "dayLow", "bid",
                  "ask", "high5d", "low5d", "high20d", "low20d", "ema8", "ema21", "vwap")
_FIELDS: dict[str, dict[str, str]] = {
    # field -> kind: level | atr | rsi | iv | rank | volume
    "ES": {**dict.fromkeys(_QUOTED_LEVELS, "level"), "atr": "atr", "rsi": "rsi", "iv": "iv",
           "ivRank": "rank", "ivPercentile": "rank", "volume": "volume"},
    "VIX": dict.fromkeys(("currentLevel", "previousClose", "dayHigh", "dayLow", "avg20d"),
                         "level"),
    "DXY": dict.fromkeys(("currentLevel", "previousClose", "avg20d"), "level"),
}
_FIELDS["SPY"] = _FIELDS["ES"]
# A phase ticker carries ES's fields (the core grades it on all of them).
_PHASE = _FIELDS["ES"]
DERIVED = {"dayChange": "previousClose", "dayChangePercent": "previousClose",
           "regime": "currentLevel", "trend": "avg20d"}

MAIN = ["ES.currentPrice", "SPY.currentPrice", "VIX.currentLevel", "DXY.currentLevel"]
LABELS = {
    "ES": "front-month /ES future", "SPY": "SPY", "VIX": "VIX index",
    "DXY": "dollar index (/DX front month)",
}


@dataclass(frozen=True)
class Spec:
    path: str
    lo: Decimal
    hi: Decimal
    integer: bool = False

    def describe(self) -> str:
        return f"{_fmt(self.lo)}-{_fmt(self.hi)}"


def fields_for(section: str, phase_keys: Iterable[str]) -> dict[str, str]:
    if section in _FIELDS:
        return _FIELDS[section]
    if section in set(phase_keys):
        return _PHASE
    return {}


def spec(path: str, phase_keys: Iterable[str] = ()) -> Spec:
    section, _, name = path.partition(".")
    kind = fields_for(section, phase_keys).get(name)
    if kind is None:
        raise ValueError(f"{path} cannot be entered by hand")
    level = LEVELS.get(section, _ANY)
    if kind == "level":
        return Spec(path, *level)
    if kind == "atr":
        return Spec(path, Decimal(0), level[1])
    if kind in ("rsi", "rank"):
        return Spec(path, *_PERCENT)
    if kind == "iv":
        return Spec(path, *_IV)
    return Spec(path, Decimal(0), Decimal(10) ** 12, integer=True)


def validate(path: str, raw: object, phase_keys: Iterable[str] = ()) -> Decimal:
    s = spec(path, phase_keys)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValueError(f"{path} must be a number")
    text = str(raw).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{path}: {text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{path}: {text!r} is not a number")
    if s.integer and value != value.to_integral_value():
        raise ValueError(f"{path} must be a whole number")
    if not s.lo <= value <= s.hi:
        raise ValueError(f"{path} = {_fmt(value)} is outside the plausible range {s.describe()}")
    return value


# ------------------------------------------------------------------------- the file


def load_manual_file(path: Path, phase_keys: Sequence[str]) -> dict[str, Decimal]:
    """Values from a partial document; any problem is a UsageError naming the key."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"manual file {path} does not exist") from None
    except OSError as exc:
        raise UsageError(f"cannot read manual file {path}: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"manual file {path} is not valid JSON: {exc}") from None
    except RecursionError:
        raise UsageError(f"manual file {path} nests too deeply to be a document") from None
    if not isinstance(raw, dict):
        raise UsageError(f"manual file {path} must hold a JSON object such as "
                         '{"VIX": {"currentLevel": 21.5}}')
    out: dict[str, Decimal] = {}
    for section, values in raw.items():
        allowed = fields_for(section, phase_keys)
        if not allowed:
            known = ", ".join([*_FIELDS, *phase_keys])
            raise UsageError(f"manual file {path}: unknown section {section!r} (known: {known})")
        if values is None:
            continue
        if not isinstance(values, dict):
            raise UsageError(f"manual file {path}: {section} must be an object of values")
        for name, value in values.items():
            key = f"{section}.{name}"
            # a null is "not entered" for a known key; an unknown key is refused even as
            # null, so a typo is never silently ignored
            if name in DERIVED:
                if value is None:
                    continue
                raise UsageError(f"manual file {path}: {key} is computed, not entered",
                                 hint=f"give {section}.{DERIVED[name]} instead")
            if name not in allowed:
                raise UsageError(f"manual file {path}: {key} cannot be entered by hand",
                                 hint="accepted: " + ", ".join(allowed))
            if value is None:
                continue
            try:
                out[key] = validate(key, value, phase_keys)
            except ValueError as exc:
                raise UsageError(f"manual file {path}: {exc}") from None
    return out


# ------------------------------------------------------------------------- the prompt


def prompt_values(
    wanted: Sequence[str],
    more: Sequence[str],
    failures: Sequence[str],
    *,
    stdin: TextIO,
    stderr: TextIO,
    phase_keys: Sequence[str] = (),
    tries: int = 3,
) -> dict[str, Decimal]:
    """Ask for each wanted value (Enter skips); then optionally for the `more` ones.

    Prompts and messages go to stderr so stdout stays data. End of input stops
    asking and keeps what was entered.
    """
    def say(text: str) -> None:
        stderr.write(text)
        stderr.flush()

    if failures:
        say("tastyking could not get everything from tastytrade:\n")
        for f in failures:
            say(f"  - {f}\n")
    say("Enter the values by hand (from your broker's screen); press Enter to skip one.\n")
    out: dict[str, Decimal] = {}
    try:
        for path in wanted:
            _ask(path, out, say, stdin, phase_keys, tries)
        if more:
            say("Enter more values (" + ", ".join(more) + ")? [y/N]: ")
            answer = _read(stdin)
            if answer.strip().lower() in ("y", "yes"):
                for path in more:
                    _ask(path, out, say, stdin, phase_keys, tries)
    except EOFError:
        say("\n")
    return out


def _ask(path: str, out: dict[str, Decimal], say: Callable[[str], None], stdin: TextIO,
         phase_keys: Sequence[str], tries: int) -> None:
    s = spec(path, phase_keys)
    section, _, name = path.partition(".")
    what = LABELS.get(section, section) if name in ("currentPrice", "currentLevel") else path
    for _ in range(tries):
        say(f"{what} [{s.describe()}]: ")
        text = _read(stdin).strip()
        if not text:
            return
        try:
            out[path] = validate(path, text, phase_keys)
            return
        except ValueError as exc:
            say(f"  {exc}; try again or press Enter to skip\n")
    say(f"  skipped {path}\n")


def _read(stdin: TextIO) -> str:
    line = stdin.readline()
    if line == "":
        raise EOFError
    return line


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)

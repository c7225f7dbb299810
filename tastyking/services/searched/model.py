"""The searched-data document: the framework's `buildSearchedData()` shape, values with provenance.

Field names are the framework's JSON keys (camelCase, sections `ES`, `SPY`, `VIX`,
`DXY`, `TIME` and one per phase ticker), so the models serialise to the exact
document the framework reads. Every value is either from the API, entered by a
person (`manual`), computed on this machine (`local`: the clocks, or the
fallback market-hours rule), or null and `missing` with a reason. Nothing is
ever defaulted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from tastyking.domain.regimes import trend, vix_regime

API, MANUAL, LOCAL, MISSING = "api", "manual", "local", "missing"
CORE = ("ES", "SPY", "VIX", "DXY")
CENT = Decimal("0.01")


class Section(BaseModel):
    symbol: str | None = None  # the tastytrade symbol the values belong to


class OptionPick(BaseModel):
    symbol: str | None = None
    strike: Decimal | None = None
    bid: Decimal | None = None
    ask: Decimal | None = None
    delta: Decimal | None = None
    iv: Decimal | None = None


class Strikes(BaseModel):
    expiration: date | None = None
    dte: int | None = None
    underlying: str | None = None  # the future the options settle into
    atmStrike: Decimal | None = None
    call90DTE: OptionPick | None = None
    put90DTE: OptionPick | None = None


class Quoted(Section):
    """ES and SPY: quote, day change, indicators, IV."""

    currentPrice: Decimal | None = None
    openPrice: Decimal | None = None
    previousClose: Decimal | None = None
    dayHigh: Decimal | None = None
    dayLow: Decimal | None = None
    dayChange: Decimal | None = None  # the framework's: currentPrice - openPrice
    dayChangePercent: Decimal | None = None  # (currentPrice - openPrice) / openPrice, %
    dayChangeFromClose: Decimal | None = None  # the usual one: against previousClose
    dayChangePercentFromClose: Decimal | None = None
    bid: Decimal | None = None
    ask: Decimal | None = None
    volume: int | None = None
    high5d: Decimal | None = None
    low5d: Decimal | None = None
    high20d: Decimal | None = None
    low20d: Decimal | None = None
    atr: Decimal | None = None
    rsi: Decimal | None = None
    ema8: Decimal | None = None
    ema21: Decimal | None = None
    vwap: Decimal | None = None
    iv: Decimal | None = None
    ivRank: Decimal | None = None
    ivPercentile: Decimal | None = None


class ESSection(Quoted):
    strikes: Strikes | None = None


class VixSection(Section):
    currentLevel: Decimal | None = None
    previousClose: Decimal | None = None
    dayChange: Decimal | None = None
    dayChangePercent: Decimal | None = None
    dayHigh: Decimal | None = None
    dayLow: Decimal | None = None
    avg20d: Decimal | None = None
    trend: str | None = None
    regime: str | None = None


class DxySection(Section):
    currentLevel: Decimal | None = None
    openPrice: Decimal | None = None
    previousClose: Decimal | None = None
    dayChange: Decimal | None = None  # the framework's: currentLevel - openPrice
    dayChangePercent: Decimal | None = None
    dayChangeFromClose: Decimal | None = None  # the usual one: against previousClose
    dayChangePercentFromClose: Decimal | None = None
    avg20d: Decimal | None = None
    trend: str | None = None  # the framework's: currentLevel against openPrice
    trend20d: str | None = None  # against avg20d


class PhaseSection(ESSection):
    """A tradeable phase ticker: the same fields as ES, so the core can grade it fully."""


class TimeSection(BaseModel):
    currentEST: str
    currentUK: str
    marketStatus: str | None = None
    date: date  # the New York date
    sessionOpen: str | None = None  # regular session, New York time HH:MM
    sessionClose: str | None = None
    earlyClose: bool | None = None


class Failure(BaseModel):
    step: str
    error: str


class SearchedData(BaseModel):
    timestamp: str
    ES: ESSection = Field(default_factory=ESSection)
    SPY: Quoted = Field(default_factory=Quoted)
    VIX: VixSection = Field(default_factory=VixSection)
    DXY: DxySection = Field(default_factory=DxySection)
    TIME: TimeSection
    phase: dict[str, PhaseSection] = Field(default_factory=dict)
    # provenance: "ES.currentPrice" -> api | manual | local | missing
    sources: dict[str, str] = Field(default_factory=dict)
    reasons: dict[str, str] = Field(default_factory=dict)  # why a value is missing
    failures: list[Failure] = Field(default_factory=list)
    notes: dict[str, Any] = Field(default_factory=dict)  # fixed metadata: periods, units...
    manual_entry: str | None = None  # "prompt" | "file PATH"
    # null here means "does not apply" (no session today), not missing
    not_applicable: set[str] = Field(default_factory=set)

    # ---------------------------------------------------------------- access by path
    def section(self, key: str) -> BaseModel:
        if key in ("ES", "SPY", "VIX", "DXY", "TIME"):
            return getattr(self, key)
        return self.phase[key]

    def has_section(self, path: str) -> bool:
        return path.split(".")[0] in (*CORE, "TIME", *self.phase)

    def section_keys(self) -> list[str]:
        return [*CORE, *self.phase]

    def get(self, path: str) -> Any:
        key, _, name = path.partition(".")
        return getattr(self.section(key), name)

    def put(self, path: str, value: Any, source: str) -> None:
        key, _, name = path.partition(".")
        setattr(self.section(key), name, value)
        self.sources[path] = source
        self.reasons.pop(path, None)

    def fail(self, step: str, error: str) -> None:
        self.failures.append(Failure(step=step, error=error))

    def why(self, paths: list[str], reason: str) -> None:
        """Record why these values are missing (first reason wins)."""
        for p in paths:
            self.reasons.setdefault(p, reason)

    def apply_manual(self, values: dict[str, Decimal], how: str) -> list[str]:
        """Fill missing values with ones a person entered; returns the paths not used
        because the API already had a value (the API's value is kept) or the ticker is
        not one of this phase's."""
        unused = []
        for path, value in values.items():
            if not self.has_section(path):
                unused.append(path)  # a ticker outside this phase
                continue
            if self.get(path) is not None:
                unused.append(path)
                continue
            self.put(path, int(value) if path.endswith(".volume") else value, MANUAL)
        if len(unused) < len(values):
            self.manual_entry = how
        return unused

    # ---------------------------------------------------------------- derived values
    def derive(self) -> None:
        """Fields computed from others, after the API and manual values are in.

        The framework's own definitions keep the framework's keys (its thresholds were
        written for them): dayChange and dayChangePercent are against the session's open
        for ES, SPY, DXY and the phase tickers, against the previous close for VIX; DXY's
        trend is the level against the open, VIX's against the 20-day average. The
        conventional versions go under new keys (dayChangeFromClose,
        dayChangePercentFromClose, DXY.trend20d)."""
        for key in self.section_keys():
            if key == "VIX":
                self._day_change(key, "currentLevel", "previousClose", "")
                continue
            price = "currentLevel" if key == "DXY" else "currentPrice"
            self._day_change(key, price, "openPrice", "")
            self._day_change(key, price, "previousClose", "FromClose")
        if self.VIX.currentLevel is not None and self.VIX.regime is None:
            self.put("VIX.regime", vix_regime(float(self.VIX.currentLevel)),
                     self._source_of("VIX.currentLevel"))
        for path, base, words in (
            ("VIX.trend", "VIX.avg20d", ("RISING", "FALLING")),
            ("DXY.trend", "DXY.openPrice", ("STRENGTHENING", "WEAKENING")),
            ("DXY.trend20d", "DXY.avg20d", ("STRENGTHENING", "WEAKENING")),
        ):
            key = path.split(".")[0]
            level, ref = self.get(f"{key}.currentLevel"), self.get(base)
            if level is not None and ref is not None and self.get(path) is None:
                t = trend(float(level), float(ref))
                word = {"RISING": words[0], "FALLING": words[1]}.get(t, "FLAT")
                self.put(path, word, self._combined(f"{key}.currentLevel", base))

    def _day_change(self, key: str, price: str, base: str, suffix: str) -> None:
        sec = self.section(key)
        now, ref = getattr(sec, price), getattr(sec, base, None)
        change = f"{key}.dayChange{suffix}"
        if now is None or ref is None or self.get(change) is not None:
            return
        src = self._combined(f"{key}.{price}", f"{key}.{base}")
        self.put(change, now - ref, src)
        if ref != 0 and hasattr(sec, f"dayChangePercent{suffix}"):
            self.put(f"{key}.dayChangePercent{suffix}",
                     ((now - ref) / ref * 100).quantize(CENT), src)

    def _source_of(self, path: str) -> str:
        return self.sources.get(path, API)

    def _combined(self, *paths: str) -> str:
        return MANUAL if any(self._source_of(p) == MANUAL for p in paths) else API

    # ---------------------------------------------------------------- the document
    def leaves(self) -> dict[str, Any]:
        """Every value of the document by path ("ES.strikes.call90DTE.bid")."""
        out: dict[str, Any] = {}
        for key in [*self.section_keys(), "TIME"]:
            _walk(key, self.section(key), out)
        return out

    def finish(self) -> None:
        """Fill in provenance: unlabelled values came from the API; nulls are missing."""
        leaves = self.leaves()  # walked once: the document holds thousands of values
        for path, value in leaves.items():
            if value is None and path in self.not_applicable:
                self.sources.pop(path, None)
                self.reasons.pop(path, None)
            elif value is None:
                self.sources[path] = MISSING
                self.reasons.setdefault(path, "not available")
            else:
                self.sources.setdefault(path, API)
                self.reasons.pop(path, None)
        # a section-level path (ES.strikes) stands for its children once they exist
        for path in [p for p in self.sources if p not in leaves]:
            del self.sources[path]

    def missing(self) -> dict[str, str]:
        return {p: self.reasons.get(p, "not available")
                for p, s in self.sources.items() if s == MISSING}

    def source_label(self) -> str:
        kinds = set(self.sources.values())
        if API in kinds and MANUAL in kinds:
            return "TastyTrade_API+manual"
        if MANUAL in kinds:
            return "manual"
        return "TastyTrade_API"

    def has_data(self) -> bool:
        """True when any market value (not just the clocks) is in the document."""
        return any(s in (API, MANUAL) and not p.startswith("TIME.")
                   for p, s in self.sources.items())

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"timestamp": self.timestamp, "source": self.source_label()}
        for key in CORE:
            doc[key] = self.section(key).model_dump(mode="python")
        doc["TIME"] = self.TIME.model_dump(mode="python")
        for key, sec in self.phase.items():
            doc[key] = sec.model_dump(mode="python")
        doc["metadata"] = {
            **self.notes,
            "complete": not self.missing(),
            "manualEntry": self.manual_entry,
            "failures": [f.model_dump() for f in self.failures],
            "missing": self.missing(),
            "sources": dict(sorted(self.sources.items())),
        }
        return doc


def _walk(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk(f"{prefix}.{name}", getattr(value, name), out)
    else:
        out[prefix] = value

"""Simulator configuration and the mutable state shared by its routes (app.state.sim)."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tastyking.sim.faults import Fault, journal_line, parse_fault
from tastyking.sim.market.model import Market

if TYPE_CHECKING:
    from tastyking.sim.broker.accounts import Book

__all__ = ["Fault", "SimConfig", "SimState", "fixed_clock", "parse_fault", "shifted_clock"]

DEMO_CLIENT_SECRET = "demo-secret"
DEMO_REFRESH_TOKEN = "demo-refresh"
JOURNAL_LIMIT = 50_000
TOKEN_LIMIT = 10_000  # live access or quote tokens kept; a login loop must not grow memory
SUBMISSION_LIMIT = 1_000
MAX_LATENCY_MS = 600_000
MAX_TOKEN_TTL = 10**9  # seconds, ~31 years
YEARS = (1970, 2100)  # the market clock's range: calendars and epoch timestamps hold


@dataclass
class SimConfig:
    host: str = "127.0.0.1"
    port: int = 0
    seed: int = 0
    latency_ms: int = 0
    token_ttl: int = 900
    clock: Callable[[], datetime] | None = None
    journal: bool = True  # one line per request on stderr
    book: str = "demo"  # "demo" (two accounts) or "large" (broker/large.py)
    faults: list[Fault] = field(default_factory=list)

    def check(self) -> None:
        """Refuse a configuration no server could honour (ValueError, one sentence), so a
        typo fails at start-up and not on the first request."""
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0-65535 (0 = any free port), not {self.port}")
        if not 0 <= self.latency_ms <= MAX_LATENCY_MS:
            raise ValueError(f"latency must be 0-{MAX_LATENCY_MS} ms, not {self.latency_ms}")
        if not 0 <= self.token_ttl <= MAX_TOKEN_TTL:
            raise ValueError(f"token life must be 0-{MAX_TOKEN_TTL} s, not {self.token_ttl}")
        if self.clock is not None:
            now = self.clock()
            if not YEARS[0] <= now.year <= YEARS[1]:
                raise ValueError(f"the market clock must lie in {YEARS[0]}-{YEARS[1]}, "
                                 f"not {now.isoformat()}")


def fixed_clock(at: datetime | str) -> Callable[[], datetime]:
    """A clock pinned to one instant (ISO string or datetime; naive means UTC)."""
    dt = datetime.fromisoformat(at) if isinstance(at, str) else at
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return lambda: dt


def shifted_clock(at: datetime | str) -> Callable[[], datetime]:
    """A clock that starts at `at` and then runs in real time (a live demo of a given day)."""
    start = fixed_clock(at)()
    t0 = time.monotonic()
    return lambda: start + (datetime.fromtimestamp(time.monotonic() - t0, UTC)
                            - datetime.fromtimestamp(0, UTC))


class SimState:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.market = Market(config.seed, config.clock)
        self.quote_tokens: dict[str, None] = {}  # insertion-ordered: the oldest go first
        self.stream_faults: dict[str, Any] = {"drop_after_frames": None, "delay_ms": 0}
        self.journal: list[dict[str, Any]] = []
        self.submissions: list[dict[str, Any]] = []
        self.faults: list[Fault] = list(config.faults)
        self._tokens: dict[str, float] = {}  # access token -> monotonic expiry
        self._lock = threading.Lock()
        self._book: Book | None = None
        self.cache: dict[Any, Any] = {}  # per-day response bodies

    # --- OAuth access tokens (real time, so a short token_ttl expires in tests) ----------
    def issue_token(self) -> str:
        token = "sim-" + secrets.token_urlsafe(24)
        now = time.monotonic()
        with self._lock:
            if len(self._tokens) >= TOKEN_LIMIT:
                self._tokens = {t: exp for t, exp in self._tokens.items() if exp > now}
                while len(self._tokens) >= TOKEN_LIMIT:  # all live: the oldest go
                    del self._tokens[next(iter(self._tokens))]
            self._tokens[token] = now + self.config.token_ttl
        return token

    def token_valid(self, token: str) -> bool:
        expiry = self._tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    def issue_quote_token(self) -> str:
        token = "simq-" + secrets.token_urlsafe(24)
        with self._lock:
            while len(self.quote_tokens) >= TOKEN_LIMIT:
                del self.quote_tokens[next(iter(self.quote_tokens))]
            self.quote_tokens[token] = None
        return token

    def record_submission(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.submissions.append(entry)
            del self.submissions[: max(0, len(self.submissions) - SUBMISSION_LIMIT)]

    # --- faults and journal -------------------------------------------------------------
    def take_fault(self, method: str, path: str) -> Fault | None:
        """The first matching fault, spending one of its uses."""
        with self._lock:
            for f in self.faults:
                if f.matches(method, path):
                    if f.count > 0:
                        f.count -= 1
                        if f.count == 0:
                            self.faults.remove(f)
                    return f
        return None

    def record(self, method: str, path: str, status: int, seconds: float, note: str = "") -> None:
        ms = round(seconds * 1000, 1)
        # `done` (monotonic seconds) with `ms` gives each request's span, so a test can
        # tell requests that overlapped from requests sent one after another.
        entry = {"method": method, "path": path, "status": status, "ms": ms, "note": note,
                 "done": time.monotonic()}
        with self._lock:
            self.journal.append(entry)
            if len(self.journal) > JOURNAL_LIMIT:
                del self.journal[: len(self.journal) - JOURNAL_LIMIT]
        if self.config.journal:
            journal_line(method, path, status, ms, note)

    # --- demo accounts, built on first use so startup stays fast ------------------------
    @property
    def book(self) -> Book:
        if self._book is None:
            from tastyking.sim.broker.accounts import Book

            with self._lock:
                if self._book is None:
                    if self.config.book == "large":
                        from tastyking.sim.broker.large import large_book

                        self._book = large_book(self.market)
                    else:
                        self._book = Book.demo(self.market)
        return self._book

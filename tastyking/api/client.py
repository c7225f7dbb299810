"""The REST client and its one response choke point.

Everything that talks HTTP to tastytrade goes through ``ApiClient._send``: it adds
the User-Agent and bearer token, waits for the rate limiter, bounds every attempt by
the command's deadline, retries what is safe to retry, turns error envelopes into the
typed errors of ``tastyking.errors``, unwraps ``data`` and follows pagination.

Recovery policy:
  401            refresh the access token once, then retry (the request was not served)
  429            wait Retry-After (or back off) and retry, up to max_retries
  5xx, timeouts, connection errors, malformed bodies
                 retried only for idempotent requests, exponential backoff + jitter
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import httpx

from tastyking import __version__
from tastyking.api.auth import TokenManager
from tastyking.api.ratelimit import RateLimiter
from tastyking.config import Settings
from tastyking.credentials import Credentials, CredentialStore
from tastyking.errors import (
    ApiError,
    ApiUnreachable,
    AuthError,
    BadResponse,
    NotFound,
    PreflightFailed,
    RateLimited,
)

log = logging.getLogger(__name__)
USER_AGENT = f"tastyking/{__version__}"
# Orders are prepared and dry-run only: the real submission path is refused here,
# below every caller, so no code path can place an order. The check reads the URL
# httpx will actually send (after encoding and parsing: a `#` or `?` inside a path
# segment would otherwise cut `/orders/dry-run` down to `/orders`): a request that is
# not a read and names an orders path anywhere must be exactly the dry-run.
_SUBMIT_PATH = re.compile(r"^/accounts/[^/]+/(complex-)?orders/?$")
_DRY_RUN_PATH = re.compile(r"^/accounts/[0-9][A-Z]{2}[0-9]{5}/orders/dry-run$")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
NEVER_SUBMITS = "tastyking never submits orders; use the dry-run endpoint"


def is_submission(method: str, url: httpx.URL) -> bool:
    """True for any request that could place an order: checked on the final URL."""
    if method.upper() in _READS:
        return False
    raw = url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
    for text in {url.path, raw, unquote(raw)}:
        if _SUBMIT_PATH.match(text):
            return True
        if "orders" in text.lower() and not _DRY_RUN_PATH.match(text):
            return True
    return False


async def _refuse_submissions(request: httpx.Request) -> None:
    """The last gate, on the request as it goes to the transport."""
    if is_submission(request.method, request.url):
        raise RuntimeError(NEVER_SUBMITS)


@dataclass
class Response:
    data: Any
    pagination: dict[str, Any] | None


class ApiClient:
    def __init__(
        self,
        base_url: str,
        settings: Settings,
        credentials: Credentials,
        store: CredentialStore | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url
        self.settings = settings
        self.tokens = TokenManager(credentials, store)
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_burst)
        self.deadline = time.monotonic() + settings.command_timeout
        self.request_count = 0
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=httpx.Timeout(settings.request_timeout, connect=settings.connect_timeout),
            transport=transport,
            follow_redirects=False,
            event_hooks={"request": [_refuse_submissions]},
        )

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # ----- public helpers -------------------------------------------------------------
    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return (await self.request("GET", path, params=params)).data

    async def get_items(self, path: str, params: dict[str, Any] | None = None) -> list[Any]:
        """All items of a list endpoint, following offset pagination."""
        params = dict(params or {})
        items: list[Any] = []
        page = 0
        while True:
            if page:
                params["page-offset"] = page
            resp = await self.request("GET", path, params=params)
            data = resp.data
            # A list answer that is not {items: [...]} is a bad response, never an empty
            # list: "no positions" and "no accounts" must be true, not a parse accident.
            if not isinstance(data, dict):
                raise BadResponse(f"GET {path}: tastytrade sent {_kind(data)} where an "
                                  "object with items belongs")
            page_items = data.get("items")
            if not isinstance(page_items, list):
                raise BadResponse(f"GET {path}: tastytrade sent {_kind(page_items)} where "
                                  "a list of items belongs")
            items.extend(page_items)
            pag = resp.pagination if isinstance(resp.pagination, dict) else {}
            total = _page_number(pag.get("total-pages"), path)
            nxt = _page_number(pag.get("page-offset"), path) + 1
            if nxt >= total:
                return items
            if nxt <= page or total > MAX_PAGES:
                raise BadResponse(f"GET {path}: tastytrade sent an impossible page "
                                  f"{nxt} of {total}")
            page = nxt

    async def post(self, path: str, body: Any, *, idempotent: bool = False) -> Any:
        return (await self.request("POST", path, json=body, idempotent=idempotent)).data

    async def token_request(self, body: dict[str, str]) -> dict[str, Any]:
        """POST /oauth/token: flat snake_case, no bearer, its own error shape."""
        resp = await self._send("POST", "/oauth/token", json=body, auth=False, idempotent=True)
        if resp.status_code >= 400:
            try:
                err = resp.json()
            except ValueError:
                err = {}
            if not isinstance(err, dict):
                err = {}
            inner = err.get("error")
            code = (err.get("error_code") or (inner.get("code") if isinstance(inner, dict)
                                              else inner) or resp.status_code)
            raise AuthError(
                f"tastytrade refused the credentials ({code})",
                hint="check the client secret and refresh token, then run `tastyking login`",
            )
        try:
            data = resp.json()
        except ValueError:
            raise BadResponse("the token endpoint sent a malformed response") from None
        if not isinstance(data, dict):
            raise BadResponse(f"the token endpoint sent {_kind(data)} where an object belongs")
        return data

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Response:
        # Before any I/O (even the token grant), on the URL as httpx would build it.
        if is_submission(method, self._http.build_request(method, path, params=params).url):
            raise RuntimeError(NEVER_SUBMITS)
        safe = method.upper() == "GET" if idempotent is None else idempotent
        resp = await self._send(method, path, params=params, json=json, idempotent=safe)
        return _unwrap(resp, path)

    # ----- the choke point ----------------------------------------------------------
    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        auth: bool = True,
        idempotent: bool,
    ) -> httpx.Response:
        s = self.settings
        attempt = 0
        refreshed = False
        while True:
            if self.remaining() <= 0:
                raise ApiUnreachable(f"gave up on {method} {path}: the command's time limit passed")
            headers = {}
            bearer = ""
            if auth:
                bearer = await self.tokens.bearer(self)
                headers["Authorization"] = f"Bearer {bearer}"
            await self.limiter.acquire()
            timeout = max(0.05, min(s.request_timeout, self.remaining()))
            self.request_count += 1
            problem: str
            retry_after: float | None = None
            started = time.monotonic()
            try:
                resp = await self._http.request(
                    method, path, params=params, json=json, headers=headers,
                    timeout=httpx.Timeout(timeout, connect=min(s.connect_timeout, timeout)),
                )
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            else:
                status = resp.status_code
                if status == 401 and auth and not refreshed and _is_json(resp):
                    refreshed = True
                    log.debug("401 on %s %s: refreshing the access token", method, path)
                    await self.tokens.invalidate(bearer, self)
                    continue
                if status == 429:
                    problem = "rate limited (429)"
                    retry_after = _retry_after(resp)
                    if attempt >= s.max_retries:
                        raise RateLimited(
                            f"tastytrade kept rate-limiting {method} {path}", status=429
                        )
                elif status >= 500 or (status < 300 and not _parses(resp)):
                    problem = f"HTTP {status}" if status >= 500 else "malformed response body"
                    if not idempotent:
                        raise ApiUnreachable(f"{method} {path}: {problem}")
                else:
                    return resp
            if status_is_transport(problem) and not idempotent:
                raise ApiUnreachable(f"{method} {path}: {problem}")
            if attempt >= s.max_retries:
                raise ApiUnreachable(
                    f"{method} {path}: {problem} (after {attempt + 1} attempts)",
                    hint="is the network up? tastytrade may be down; try again later",
                )
            delay = retry_after if retry_after is not None else _backoff(attempt, s)
            if retry_after is not None and delay >= self.remaining():
                # tastytrade said how long to wait and it is past our deadline: a refusal
                raise RateLimited(f"tastytrade asks to wait {delay:.0f} s before {method} "
                                  f"{path}, past the command's time limit", status=429)
            spent = time.monotonic() - started if problem == "timed out" else 0.0
            if delay + spent >= self.remaining():
                # another attempt like the one that just timed out would not fit
                raise ApiUnreachable(f"{method} {path}: {problem}; no time left to retry")
            if problem == "timed out" and method.upper() != "GET" and attempt >= 1:
                # a slow POST (a dry-run) is re-sent once at most: it is slow, not lost
                raise ApiUnreachable(f"{method} {path}: {problem} twice")
            log.debug("%s %s: %s; retry %d in %.2fs", method, path, problem, attempt + 1, delay)
            await asyncio.sleep(delay)
            attempt += 1


MAX_PAGES = 1000  # far past any real account; a bound on a looping or lying paginator


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def _page_number(value: Any, path: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BadResponse(f"GET {path}: tastytrade sent a page number that is not one")
    try:
        number = int(value)
    except ValueError:
        raise BadResponse(f"GET {path}: tastytrade sent a page number that is not one "
                          f"({str(value)[:20]!r})") from None
    if number < 0:
        raise BadResponse(f"GET {path}: tastytrade sent a negative page number")
    return number


def status_is_transport(problem: str) -> bool:
    return problem.startswith(("timed out", "connection failed"))


def _backoff(attempt: int, s: Settings) -> float:
    base = min(s.backoff_max, s.backoff_base * (2**attempt))
    return base * (0.5 + random.random() / 2)  # jitter: 50-100 % of the step


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date or garbage: back off as usual
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _is_json(resp: httpx.Response) -> bool:
    return "json" in resp.headers.get("content-type", "")


def _parses(resp: httpx.Response) -> bool:
    if not resp.content:
        return True
    try:
        json.loads(resp.content)
    except ValueError:
        return False
    return True


def _unwrap(resp: httpx.Response, path: str) -> Response:
    try:
        body = resp.json() if resp.content else {}
    except ValueError:
        body = None
    status = resp.status_code
    if not isinstance(body, dict):
        if status < 300:
            raise BadResponse(f"{path}: tastytrade sent {_kind(body)} where an object "
                              "belongs")
        body = {}
    if status < 300 and "error" not in body:
        return Response(body.get("data"), body.get("pagination"))
    raw_err = body.get("error")
    err: dict[str, Any] = raw_err if isinstance(raw_err, dict) else {}
    code = str(err.get("code", status))
    message = str(err.get("message") or f"HTTP {status}")
    raw_errors = err.get("errors")
    errors = [e for e in raw_errors if isinstance(e, dict)] if isinstance(raw_errors, list) else []
    kwargs: dict[str, Any] = {"status": status, "code": code, "errors": errors,
                              "data": body.get("data")}
    text = f"{message} ({code}, HTTP {status})"
    if status == 401:
        raise AuthError(
            f"tastytrade refused the session: {text}",
            hint="run `tastyking login` again",
        )
    if code == "preflight_check_failure":
        raise PreflightFailed(f"the broker rejected the order: {message}", **kwargs)
    if status == 404:
        raise NotFound(f"not found: {path}: {message}", **kwargs)
    raise ApiError(f"tastytrade refused {path}: {text}", **kwargs)

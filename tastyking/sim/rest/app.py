"""The simulator's Starlette app: tastytrade's REST paths, `/realtime` and `/_sim/*`."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from tastyking.sim import wire
from tastyking.sim.faults import SimMiddleware, fault_from_dict
from tastyking.sim.market import metrics
from tastyking.sim.rest import accounts as routes_accounts
from tastyking.sim.rest import history as routes_history
from tastyking.sim.rest import instruments as routes_instruments
from tastyking.sim.rest import margin_req, orders, orders_live, watchlists
from tastyking.sim.rest import market as routes_market
from tastyking.sim.state import SimState

# Paths served without a Bearer token (tastytrade publishes its margin configuration).
PUBLIC = ("/oauth/token", "/margin-requirements-public-configuration")


class AuthMiddleware:
    """User-Agent on every tastytrade path (nginx HTML 401) and a live Bearer token."""

    def __init__(self, app: ASGIApp, state: SimState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sim/"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not headers.get("user-agent", "").strip():
            await Response(wire.NGINX_401, 401, media_type="text/html")(scope, receive, send)
            return
        if scope["path"] not in PUBLIC:
            auth = headers.get("authorization", "")
            token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
            if not token or not self.state.token_valid(token):
                await wire.error(401, "unauthorized", "Unauthorized")(scope, receive, send)
                return
        await self.app(scope, receive, send)


# --- /_sim admin ----------------------------------------------------------------------

def _state(request: Request) -> SimState:
    return request.app.state.sim


async def _json(request: Request) -> Any:
    import json

    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        return None


async def add_faults(request: Request) -> Response:
    body = await _json(request)
    raw = body if isinstance(body, list) else [body]
    try:
        new = [fault_from_dict(f) for f in raw if isinstance(f, dict)]
    except (ValueError, TypeError) as exc:
        return wire.error(400, "invalid_fault", str(exc))
    if not new:
        return wire.error(400, "invalid_fault", "body must be a fault object or a list of them")
    state = _state(request)
    state.faults.extend(new)
    return wire.json_response({"faults": [f.to_dict() for f in state.faults]})


async def clear_faults(request: Request) -> Response:
    _state(request).faults.clear()
    return wire.json_response({"faults": []})


async def stream_faults(request: Request) -> Response:
    body = await _json(request)
    if not isinstance(body, dict):
        return wire.error(400, "invalid_fault", "body must be an object")
    state = _state(request)
    for key in ("drop_after_frames", "delay_ms"):
        if key in body:
            state.stream_faults[key] = body[key]
    return wire.json_response({"stream-faults": state.stream_faults})


async def journal(request: Request) -> Response:
    return wire.json_response({"journal": list(_state(request).journal)})


async def expire_tokens(request: Request) -> Response:
    _state(request).expire_tokens()
    return wire.json_response({"expired": True})


async def submissions(request: Request) -> Response:
    return wire.json_response({"submissions": list(_state(request).submissions)})


# --- DXLink ---------------------------------------------------------------------------

def _realtime_route() -> BaseRoute:
    # imported here so the REST side loads without the websocket protocol code
    from tastyking.sim.dxlink.endpoint import dxlink_endpoint

    return WebSocketRoute("/realtime", dxlink_endpoint)


def routes() -> list[BaseRoute]:
    ra, ri, rm = routes_accounts, routes_instruments, routes_market
    get = ["GET"]
    return [
        Route("/oauth/token", ra.oauth_token, methods=["POST"]),
        Route("/customers/me", ra.customer, methods=get),
        Route("/customers/me/accounts", ra.accounts, methods=get),
        Route("/customers/me/accounts/{n}", ra.account, methods=get),
        Route("/accounts/{n}/balances", ra.balances, methods=get),
        Route("/accounts/{n}/balances/{currency}", ra.balances, methods=get),
        Route("/accounts/{n}/positions", ra.positions, methods=get),
        Route("/accounts/{n}/trading-status", ra.trading_status, methods=get),
        Route("/accounts/{n}/net-liq/history", routes_history.net_liq_history, methods=get),
        Route("/accounts/{n}/transactions/total-fees", routes_history.total_fees, methods=get),
        Route("/accounts/{n}/transactions", routes_history.transactions, methods=get),
        Route("/accounts/{n}/orders/dry-run", orders.dry_run, methods=["POST"]),
        Route("/accounts/{n}/orders", orders.submit, methods=["POST"]),
        Route("/accounts/{n}/orders", orders_live.history, methods=get),
        Route("/accounts/{n}/orders/live", orders_live.live, methods=get),
        Route("/accounts/{n}/orders/{id}", orders_live.one, methods=get),
        Route("/margin/accounts/{n}/requirements", margin_req.margin_requirements, methods=get),
        Route("/watchlists", watchlists.watchlists, methods=get),
        Route("/watchlists/{name}", watchlists.watchlist, methods=get),
        Route("/public-watchlists", watchlists.public_watchlists, methods=get),
        Route("/public-watchlists/{name}", watchlists.public_watchlist, methods=get),
        Route("/symbols/search/{prefix}", watchlists.symbol_search, methods=get),
        Route("/api-quote-tokens", ra.quote_token, methods=get),
        Route("/option-chains/{symbol}/nested", ri.option_chain_nested, methods=get),
        Route("/option-chains/{symbol}", ri.option_chain_flat, methods=get),
        Route("/futures-option-chains/{product:path}/nested", ri.futures_chain_nested,
              methods=get),
        Route("/futures-option-chains/{product:path}", ri.futures_chain_flat, methods=get),
        Route("/instruments/equities", ri.equities, methods=get),
        Route("/instruments/equities/{symbol}", ri.equity, methods=get),
        Route("/instruments/futures", ri.futures_list, methods=get),
        Route("/instruments/futures/{symbol:path}", ri.future, methods=get),
        Route("/instruments/equity-options/{symbol:path}", ri.equity_option_instrument,
              methods=get),
        Route("/instruments/future-options/{symbol:path}", ri.future_option_instrument,
              methods=get),
        Route("/market-data/by-type", rm.by_type, methods=get),
        Route("/market-data/{kind}/{symbol:path}", rm.one_symbol, methods=get),
        Route("/market-metrics", metrics.market_metrics, methods=get),
        Route("/margin-requirements-public-configuration", rm.public_configuration,
              methods=get),
        Route("/market-time/sessions/current", rm.sessions_current, methods=get),
        Route("/market-time/equities/sessions/current", rm.equities_current, methods=get),
        Route("/market-time/equities/sessions/next", rm.equities_next, methods=get),
        Route("/market-time/equities/sessions/previous", rm.equities_previous, methods=get),
        Route("/market-time/equities/holidays", rm.equities_holidays, methods=get),
        Route("/market-time/futures/sessions/current/{exchange}", rm.futures_current,
              methods=get),
        Route("/market-time/futures/holidays/{exchange}", rm.futures_holidays, methods=get),
        Route("/_sim/faults", add_faults, methods=["POST"]),
        Route("/_sim/faults", clear_faults, methods=["DELETE"]),
        Route("/_sim/stream-faults", stream_faults, methods=["POST"]),
        Route("/_sim/journal", journal, methods=get),
        Route("/_sim/expire-tokens", expire_tokens, methods=["POST"]),
        Route("/_sim/submissions", submissions, methods=get),
        _realtime_route(),
    ]


async def _not_found(request: Request, exc: Exception) -> Response:
    return wire.error(404, "not_found", f"No route for {request.method} {request.url.path}")


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    return wire.error(405, "method_not_allowed", f"{request.method} not allowed here")


def create_app(state: SimState) -> Starlette:
    app = Starlette(routes=routes(), exception_handlers={404: _not_found,
                                                         405: _method_not_allowed})
    app.state.sim = state
    app.add_middleware(AuthMiddleware, state=state)
    app.add_middleware(SimMiddleware, state=state)  # added last = outermost
    return app

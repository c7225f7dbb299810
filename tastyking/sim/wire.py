"""tastytrade's wire format: envelopes, error bodies, decimal strings, timestamps."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

NGINX_401 = (
    "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
    "<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def dec(x: float | None, places: int = 4) -> str | None:
    """A decimal as tastytrade sends it: a string, at least one decimal place ("560.0")."""
    if x is None:
        return None
    if math.isnan(x) or math.isinf(x):
        return "NaN"
    text = f"{x:.{places}f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return "0.0" if text in ("-0.0", "") else text


def greek(x: float | None) -> str | None:
    """Greeks and IVs with nine significant decimals like the real feed."""
    return None if x is None else dec(x, 9)


def iso(dt: datetime) -> str:
    """2026-11-20T14:30:00.000+00:00"""
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}+00:00"


def iso_z(dt: datetime) -> str:
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def day(d: date) -> str:
    return d.isoformat()


def _dump(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), allow_nan=False).encode()


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_dump(body), status, headers=headers, media_type="application/json")


def ok(request: Request, data: Any, status: int = 200, **extra: Any) -> Response:
    body = {"data": data, **extra, "context": request.url.path}
    return json_response(body, status)


def items(request: Request, rows: list[Any]) -> Response:
    return ok(request, {"items": rows})


def paginated(request: Request, rows: list[Any], default_per_page: int = 1000) -> Response:
    q = request.query_params
    try:
        per_page = max(1, int(q.get("per-page", default_per_page)))
        offset = max(0, int(q.get("page-offset", 0)))
    except ValueError:
        return error(400, "invalid_parameter", "per-page and page-offset must be integers")
    total = len(rows)
    page = rows[offset * per_page : (offset + 1) * per_page]
    pagination = {
        "per-page": per_page, "page-offset": offset, "item-offset": offset * per_page,
        "total-items": total, "total-pages": max(1, math.ceil(total / per_page)),
        "current-item-count": len(page), "previous-link": None, "next-link": None,
        "paging-link-template": None,
    }
    return ok(request, {"items": page}, pagination=pagination)


def error(status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None,
          data: Any = None, headers: dict[str, str] | None = None) -> Response:
    err: dict[str, Any] = {"code": code, "message": message}
    if errors:
        err["errors"] = errors
    body: dict[str, Any] = {"error": err}
    if data is not None:
        body = {"data": data, **body}
    return json_response(body, status, headers)


def not_found(what: str) -> Response:
    return error(404, "record_not_found", f"{what} not found")


def not_permitted() -> Response:
    return error(403, "not_permitted", "User not permitted access")


def query_list(request: Request, key: str) -> list[str]:
    """Values of `key[]=a&key[]=b`, `key=a&key=b` and `key=a,b` alike."""
    out: list[str] = []
    for k in (key, key + "[]"):
        for v in request.query_params.getlist(k):
            out.extend(s.strip() for s in v.split(",") if s.strip())
    return out


def flag(request: Request, key: str) -> bool:
    return request.query_params.get(key, "").lower() in ("true", "1", "yes")

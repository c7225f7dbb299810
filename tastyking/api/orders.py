"""Orders: the ONLY order endpoint tastyking has is the dry-run.

There is deliberately no function here (or anywhere) that posts to
/accounts/{n}/orders; ApiClient.request refuses that path outright.
"""

from __future__ import annotations

from typing import Any

from tastyking.api.client import ApiClient
from tastyking.api.endpoints import account_path, parse
from tastyking.models.orders import DryRunResult


async def dry_run(api: ApiClient, account: str, order: dict[str, Any]) -> DryRunResult:
    """POST /accounts/{n}/orders/dry-run: validation and buying-power effect, never routed.

    A dry-run has no side effects, so it is safe to retry like a read.
    A preflight failure raises PreflightFailed carrying the response's `data`.
    """
    data = await api.post(account_path(account, "/orders/dry-run"), order, idempotent=True)
    return parse(DryRunResult, data or {}, "order dry-run")

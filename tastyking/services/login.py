"""Checking credentials before they are stored: a token grant plus the account list."""

from __future__ import annotations

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.config import Settings
from tastyking.credentials import Credentials


class LoginAccount(BaseModel):
    account_number: str
    account_type: str | None
    margin_or_cash: str | None


class LoginResult(BaseModel):
    env: str
    name: str | None
    email: str | None
    accounts: list[LoginAccount]


def check_login(settings: Settings, creds: Credentials, *, journal: bool = False) -> LoginResult:
    import asyncio

    from tastyking.services.session import demo_server, open_api

    async def main(url: str | None) -> LoginResult:
        async with open_api(settings, url, creds, cache_tokens=False) as api:
            # One request first: wrong credentials fail it alone, with no second
            # request left half-connected (that printed a RuntimeWarning at exit).
            me = await api.get("/customers/me")
            accounts = await endpoints.accounts(api)
        if not isinstance(me, dict):
            from tastyking.errors import BadResponse

            raise BadResponse("/customers/me: tastytrade sent no customer object")
        # display strings only: anything else in their place is left out, not a crash
        name = " ".join(x for x in (me.get("first-name"), me.get("last-name"))
                        if isinstance(x, str) and x) or None
        return LoginResult(
            env=settings.env,
            name=name,
            email=me["email"] if isinstance(me.get("email"), str) else None,
            accounts=[LoginAccount(account_number=a.account.account_number,
                                   account_type=a.account.account_type_name,
                                   margin_or_cash=a.account.margin_or_cash)
                      for a in accounts],
        )

    with demo_server(settings, journal=journal) as url:
        return asyncio.run(main(url))

"""`login` and `logout`: OAuth credentials into and out of the OS keyring."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tastyking.cli.common import Globals, globals_of, status


def register(app: typer.Typer) -> None:
    app.command("login")(login)
    app.command("logout")(logout)


def login(
    ctx: typer.Context,
    stdin: Annotated[bool, typer.Option(
        "--stdin", help="Read the client secret and refresh token from stdin, "
        "one per line (for scripts).")] = False,
    show_status: Annotated[bool, typer.Option(
        "--status", help="Say where credentials come from, without showing them.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """Check OAuth credentials with tastytrade, then store them in the OS keyring.

    Create them at my.tastytrade.com: Manage → My Profile → API → OAuth Applications →
    New OAuth client (save the client secret), then Manage → Create Grant (save the
    refresh token). Secrets are read with hidden input, never from the command line.
    """
    from tastyking.credentials import CredentialStore

    g = globals_of(ctx)
    settings = g.settings()
    store = CredentialStore(settings.env)
    if show_status:
        where = store.source()
        if json_out:
            from tastyking.render.jsonout import emit

            emit({"env": settings.env, "logged_in": where.source != "none",
                  "source": where.source, "keyring_backend": where.keyring_backend})
        else:
            print(f"{settings.env}: {where.detail}")
        if where.source == "none":
            from tastyking.errors import ExitCode

            raise typer.Exit(ExitCode.AUTH)  # scripts can test `login --status`
        return
    if settings.env != "demo":
        _check_keyring()  # before asking for secrets it could not keep
    secret, refresh = _read_secrets(g, stdin, settings.env)

    from tastyking.credentials import Credentials
    from tastyking.services.login import check_login

    creds = Credentials(secret, refresh, "login")
    result = check_login(settings, creds, journal=g.verbose)
    if settings.env != "demo":
        store.save(creds)
        store.forget_token()
    if json_out:
        from tastyking.render.jsonout import emit

        emit(result)
        return
    stored = ("demo uses built-in credentials; nothing stored" if settings.env == "demo"
              else f"credentials stored in the OS keyring ({store.service})")
    print(f"Logged in to {settings.env} as {result.name or result.email or 'customer'}")
    for a in result.accounts:
        print(f"  {a.account_number}  {a.account_type or ''} {a.margin_or_cash or ''}".rstrip())
    status(stored)


def _check_keyring() -> None:
    from tastyking.credentials import require_keyring
    from tastyking.errors import KeyringUnavailable

    try:
        require_keyring()
    except KeyringUnavailable:
        raise KeyringUnavailable(
            "login keeps credentials in the OS keyring and this machine has no usable "
            "keyring backend: set TASTYKING_CLIENT_SECRET and TASTYKING_REFRESH_TOKEN "
            "instead, or install one (see `python -m keyring diagnose`)") from None


def _read_secrets(g: Globals, stdin: bool, env: str) -> tuple[str, str]:
    from tastyking.errors import UsageError

    if stdin:
        lines = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        if len(lines) < 2:
            raise UsageError("--stdin expects two lines: the client secret, then the refresh token")
        return lines[0], lines[1]
    if not g.can_prompt():
        raise UsageError(
            "no terminal to prompt on",
            hint="use `login --stdin`, or set TASTYKING_CLIENT_SECRET and "
            "TASTYKING_REFRESH_TOKEN",
        )
    status(f"Logging in to {env}. Input is hidden.")
    secret = typer.prompt("OAuth client secret", hide_input=True).strip()
    refresh = typer.prompt("Refresh token", hide_input=True).strip()
    if not secret or not refresh:
        raise UsageError("both the client secret and the refresh token are needed")
    return secret, refresh


def logout(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
) -> None:
    """Remove the stored credentials (and cached access token) for this environment."""
    from tastyking.credentials import CredentialStore

    settings = globals_of(ctx).settings()
    from tastyking.errors import KeyringUnavailable

    try:
        removed = settings.env != "demo" and CredentialStore(settings.env).delete()
    except KeyringUnavailable:
        removed = False  # no keyring: nothing can have been stored
    if json_out:
        from tastyking.render.jsonout import emit

        emit({"env": settings.env, "result": "removed" if removed else "nothing_stored"})
        return
    print(f"Logged out of {settings.env}" if removed
          else f"Nothing stored for {settings.env}")

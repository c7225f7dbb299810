"""`searched-data`: the framework's market snapshot, with manual entry when the API fails."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tastyking.cli.common import globals_of, run_api, status

if TYPE_CHECKING:
    from datetime import datetime

    from tastyking.services.searched.model import SearchedData


def register(app: typer.Typer) -> None:
    app.command("searched-data")(searched_data)


def searched_data(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option(
        "--json", help="The document as JSON on stdout (the framework's shape).")] = False,
    out: Annotated[str | None, typer.Option(
        "--out", metavar="PATH",
        help="Also write the JSON to PATH atomically; {date} becomes the New York date "
             "(YYYY-MM-DD). The directory is created if missing.")] = None,
    manual_file: Annotated[Path | None, typer.Option(
        "--manual-file", metavar="FILE", dir_okay=False,
        help='Values to use where the API fails, as a partial document: '
             '{"VIX": {"currentLevel": 21.5}, "ES": {"currentPrice": 5432.25}}.')] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Any missing value fails the run (exit 6) and --out is not "
                         "written.")] = False,
    phase: Annotated[int | None, typer.Option(
        "--phase", min=1, max=4, metavar="N",
        help="The framework phase whose tickers to carry (default: from the account's "
             "net liq in pounds against the phase bands).")] = None,
) -> None:
    """The framework's searched-data snapshot: /ES, SPY, VIX, DXY (/DX), the phase's
    tradeable tickers (each with ES's fields), time.

    Exit codes: 0 complete; 6 partial (some values missing because a request
    failed, or any value missing with --strict; the document is still printed
    and, unless --strict, written); 5 the API could not be reached and no values
    were entered (nothing is written); 3 not logged in; 2 bad input.
    """
    from tastyking.errors import ApiUnreachable, AuthError, PartialData
    from tastyking.fallback import load_manual_file
    from tastyking.services.searched import build as svc

    g = globals_of(ctx)
    settings = g.settings()
    now = svc.clock()
    out = _out_path(out, now) if out is not None else None  # {date} expanded once
    # Checked before any network call (so against every phase's tickers): a bad manual
    # file is exit 2 at once.
    manual = (load_manual_file(manual_file, svc.all_phase_keys(settings))
              if manual_file is not None else None)
    api_error: ApiUnreachable | AuthError | None = None
    try:
        doc = run_api(g, lambda api: svc.collect(api, settings, now, phase))
    except (ApiUnreachable, AuthError) as exc:
        api_error = exc
        # The phase needs the account: without the API it is --phase's, or the phase
        # tickers the manual file gives values for.
        if phase is not None:
            tickers = settings.phase_list(phase)
        else:
            tickers = settings.phase_tickers or sorted(
                {p.split(".")[0] for p in manual or {}} - {"ES", "SPY", "VIX", "DXY"})
        doc = svc.new_document(settings, now, tickers)
        doc.fail("tastytrade API", exc.message)
        svc.use_local_market_status(doc, now, f"the API could not be used ({exc.message})")
    doc.notes["strict"] = strict

    if manual is not None:
        unused = doc.apply_manual(manual, f"file {manual_file}")
        kept = [p for p in unused if doc.has_section(p)]
        if kept:
            status(f"kept the API's values for {', '.join(kept)} (also in the manual file)")
        if len(kept) < len(unused):
            status("not this phase's tickers, not used: "
                   + ", ".join(p for p in unused if p not in kept))
    elif g.can_prompt():
        _prompt(doc, list(doc.phase))
    doc.derive()
    doc.finish()

    if not doc.has_data():
        if api_error is not None:
            raise api_error
        raise ApiUnreachable("no market data could be fetched: " + "; ".join(
            f"{f.step}: {f.error}" for f in doc.failures[:3]))

    missing = doc.missing()
    document = doc.document()
    strict_failed = strict and bool(missing)
    # Shown first: if --out then fails (full disk, gone directory) the fetched snapshot
    # is still on stdout, and the run exits 2 for the path.
    _show(document, json_out)
    if out and not strict_failed:
        status(f"wrote {_write(out, document)}")
    if strict_failed:
        first = ", ".join(list(missing)[:5]) + (" ..." if len(missing) > 5 else "")
        raise PartialData(f"--strict: {len(missing)} values missing ({first})"
                          + (f"; {out} was not written" if out else ""))
    if doc.failures:
        what = "; ".join(f"{f.step}: {f.error}" for f in doc.failures[:2])
        more = f" and {len(doc.failures) - 2} more" if len(doc.failures) > 2 else ""
        raise PartialData(f"partial data ({what}{more}); {len(missing)} values missing, "
                          "listed in metadata.missing")
    if missing:  # no step failed, but values are unknown (an impossible one is dropped)
        first = ", ".join(list(missing)[:3]) + (" ..." if len(missing) > 3 else "")
        raise PartialData(f"partial data: {len(missing)} values missing ({first}), "
                          "listed in metadata.missing")


def _prompt(doc: SearchedData, phase: list[str]) -> None:
    """Ask for the framework's key levels that are still missing (and more if wanted)."""
    import sys

    from tastyking.fallback import MAIN, prompt_values

    wanted = [p for p in MAIN if doc.get(p) is None]
    if not wanted:
        return
    more = ["ES.previousClose", "SPY.previousClose", "VIX.previousClose", "DXY.previousClose",
            "VIX.avg20d", "DXY.avg20d", "ES.ivRank", "SPY.ivRank",
            *(f"{k}.currentPrice" for k in phase)]
    more = [p for p in more if doc.get(p) is None]
    failures = [f"{f.step}: {f.error}" for f in doc.failures]
    values = prompt_values(wanted, more, failures, stdin=sys.stdin, stderr=sys.stderr,
                           phase_keys=phase)
    doc.apply_manual(values, "prompt")


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _out_path(out: str, now: datetime) -> str:
    """--out with {date} (the New York date) filled in; any other {name} is refused before
    anything is fetched, so a typo cannot write a file literally named {day}.json."""
    from tastyking.domain.calendar import NY
    from tastyking.errors import UsageError
    from tastyking.fsutil import check_target

    if not out.strip():
        raise UsageError("--out needs a file name (got an empty one)")
    unknown = [m for m in PLACEHOLDER.findall(out) if m != "date"]
    if unknown:
        raise UsageError(f"--out {out!r}: unknown placeholder {{{unknown[0]}}} "
                         "(the only one is {date})")
    path = str(Path(out.replace("{date}", now.astimezone(NY).date().isoformat()))
               .expanduser())
    try:  # before anything is fetched: an --out that can never be written is bad input
        check_target(path)
    except OSError as exc:
        raise UsageError(f"--out {out!r}: cannot write there: {exc.strerror or exc}") from None
    return path


def _write(out: str, document: dict[str, object]) -> Path:
    from tastyking.errors import UsageError
    from tastyking.fsutil import atomic_write
    from tastyking.render.jsonout import dumps

    path = Path(out)
    try:
        return atomic_write(path, dumps(document) + "\n")
    except OSError as exc:  # unwritable, not a directory, no space: the user's to fix
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _show(document: dict[str, object], json_out: bool) -> None:
    if json_out:
        from tastyking.render.jsonout import emit

        emit(document)
        return
    from tastyking.render.console import out
    from tastyking.render.searched import searched_view

    out().print(searched_view(document))

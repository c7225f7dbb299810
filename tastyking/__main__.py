"""`python -m tastyking` and the `tastyking` console script.

The imports happen inside `run`, so a Ctrl-C while Python is still loading the CLI is
the same one line and exit 130 as a Ctrl-C later, not a traceback.
"""

import signal
import sys

INTERRUPTED = 130


def run() -> None:
    try:
        from tastyking.cli.app import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        _exit_quietly(INTERRUPTED)
    try:
        main()
    except SystemExit as exc:
        if exc.code == INTERRUPTED:
            _exit_quietly(INTERRUPTED)
        raise


def _exit_quietly(code: int) -> None:
    """After "interrupted" is printed, a second Ctrl-C still on its way must not turn the
    exit into a traceback or a death by signal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":
    run()

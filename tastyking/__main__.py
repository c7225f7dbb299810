"""`python -m tastyking` and the `tastyking` console script.

The imports happen inside `run`, so a Ctrl-C while Python is still loading the CLI is
the same one line and exit 130 as a Ctrl-C later, not a traceback.
"""

import sys


def run() -> None:
    try:
        from tastyking.cli.app import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()

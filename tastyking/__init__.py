"""tastyking: a command-line tool for options trading at tastytrade (prepare and dry-run only)."""

__version__ = "0.1.0"

"""Command-line conventions people expect: global options anywhere, help that reflows.

Global options after the command: `tastyking account --account N --json` works.
People put options where they think of them. Click only reads the root's options
before the command name, so a global option that the command does not define itself is
moved in front of the command before parsing. A command's own option of the same name
(prepare-order --account) stays with the command.
"""

from __future__ import annotations

import inspect
from typing import Any

# The root callback's options (app.py) and whether each takes a value.
GLOBALS = {"--env": True, "--account": True, "-a": True, "--config": True,
           "--verbose": False, "-v": False, "--debug": False, "--no-input": False}


def _takes_value(flag: str, table: dict[str, bool], token: str) -> bool:
    return table.get(flag, False) and "=" not in token


def hoist(argv: list[str], group: Any) -> list[str]:
    """`argv` with global options found after the command moved before it."""
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        i += 2 if _takes_value(argv[i].split("=", 1)[0], GLOBALS, argv[i]) else 1
    command = group.commands.get(argv[i]) if i < len(argv) else None
    if command is None:
        return argv
    own: dict[str, bool] = {}
    for param in command.params:
        takes = not getattr(param, "is_flag", False) and getattr(param, "nargs", 1) != 0 \
            and getattr(param, "param_type_name", "") == "option"
        for opt in (*param.opts, *getattr(param, "secondary_opts", [])):
            own[opt] = takes
    moved: list[str] = []
    rest: list[str] = []
    j = i + 1
    while j < len(argv):
        token = argv[j]
        if token == "--":
            rest += argv[j:]
            break
        name = token.split("=", 1)[0]
        if name in own:  # the command's own option, with its value if it takes one
            step = 2 if _takes_value(name, own, token) else 1
            rest += argv[j:j + step]
        elif name in GLOBALS:
            step = 2 if _takes_value(name, GLOBALS, token) else 1
            moved += argv[j:j + step]
        else:
            step = 1
            rest.append(token)
        j += step
    return argv[:i] + moved + [argv[i]] + rest


def reflow(doc: str | None) -> str | None:
    """A docstring as help text: the source's line breaks inside a paragraph become
    spaces, so the terminal wraps it at its own width; blank lines still part paragraphs."""
    if not doc:
        return doc
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def reflow_help(app: Any) -> None:
    """Reflow every registered command's help (given, or its docstring)."""
    for info in app.registered_commands:
        info.help = reflow(info.help or (info.callback.__doc__ if info.callback else None))

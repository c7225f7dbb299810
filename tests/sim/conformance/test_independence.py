"""The simulator is an outside world: it never imports the client's wire knowledge.

import-linter holds the same contract in CI (pyproject `[tool.importlinter]`); this test
keeps it in the plain test run, and also sees imports made inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tastyking.sim

FORBIDDEN = ("tastyking.api", "tastyking.stream", "tastyking.models", "tastyking.services",
             "tastyking.cli", "tastyking.render", "tastyking.domain.symbols")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{a.name}" for a in node.names)
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_no_simulator_module_imports_client_wire_knowledge() -> None:
    root = Path(tastyking.sim.__file__).parent
    modules = sorted(root.rglob("*.py"))
    assert len(modules) > 20  # the scan really walks the simulator
    found = {f"{p.relative_to(root)}: {n}" for p in modules for n in _imports(p) if _forbidden(n)}
    assert found == set()


def test_the_scan_recognises_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from tastyking.domain import symbols\n"
                   "from tastyking.stream.protocol import EVENT_FIELDS\n")
    assert {n for n in _imports(bad) if _forbidden(n)} == {
        "tastyking.domain.symbols", "tastyking.stream.protocol",
        "tastyking.stream.protocol.EVENT_FIELDS"}

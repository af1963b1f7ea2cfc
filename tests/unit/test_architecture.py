"""The layers call downwards only (README, issue #13 item 3), read from the source with `ast`.

domain/ (pure rules) → store/ (tables, engine, migrations) → services/ (use cases) → screens/, widgets/,
commands/, app.py, cli.py. Every import is counted wherever it stands: at module level, inside a function
(the package imports lazily for start-up time) and under `if TYPE_CHECKING:` (a type is a dependency too).
The Textual-free core is also checked the way it runs: imported in a fresh interpreter.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import quancheng_tui

PACKAGE = Path(quancheng_tui.__file__).parent
ROOT = "quancheng_tui"

# Each layer and what it must never import (a module, or any module under it).
UI_AND_CLI = (f"{ROOT}.screens", f"{ROOT}.widgets", f"{ROOT}.commands", f"{ROOT}.app", f"{ROOT}.cli")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (f"{ROOT}.store", f"{ROOT}.services", *UI_AND_CLI, "textual", "sqlalchemy", "sqlmodel", "alembic"),
    "store": (f"{ROOT}.services", *UI_AND_CLI, "textual"),
    "services": (*UI_AND_CLI, "textual"),
    # The front ends reach storage only through services (services/database.py opens, upgrades and checks it).
    "screens": (f"{ROOT}.store",),
    "widgets": (f"{ROOT}.store",),
    "commands": (f"{ROOT}.store",),
    "app": (f"{ROOT}.store",),
    "cli": (f"{ROOT}.store",),
    # What goes to the terminal (lite output): bytes only, no data.
    "terminal": (f"{ROOT}.store", f"{ROOT}.services", *UI_AND_CLI),
}

# Known exceptions: (file relative to the package, enclosing function, imported module) -> why. None today;
# an entry must say why, and the test below fails once it is no longer needed.
EXCEPTIONS: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Import:
    file: str  # relative to the package, with "/"
    line: int
    function: str  # the enclosing def ("" at module level)
    module: str  # absolute
    names: tuple[str, ...] = ()  # `from module import a, b`: module.a, module.b (either may be a module)

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.module, *self.names)


def layer_of(rel: str) -> str | None:
    top = rel.split("/")[0]
    if top in ("domain", "store", "services", "screens", "widgets", "commands", "terminal"):
        return top
    return {"app.py": "app", "cli.py": "cli"}.get(rel)


def module_name(rel: str) -> str:
    parts = [ROOT, *rel[:-3].split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, rel: str) -> str:
    if node.level == 0:
        return node.module or ""
    package = module_name(rel).split(".")
    if not rel.endswith("__init__.py"):
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


class _Collector(ast.NodeVisitor):
    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.stack: list[str] = []
        self.found: list[Import] = []

    def _add(self, line: int, module: str, names: tuple[str, ...] = ()) -> None:
        self.found.append(Import(self.rel, line, self.stack[-1] if self.stack else "", module, names))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node.lineno, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _absolute(node, self.rel)
        # `from .. import store` names a module too
        self._add(node.lineno, base, tuple(f"{base}.{a.name}" for a in node.names if a.name != "*"))

    def visit_Call(self, node: ast.Call) -> None:
        # importlib.import_module("quancheng_tui.store…") / __import__: a literal name is an import as well
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            self._add(node.lineno, node.args[0].value)
        self.generic_visit(node)


@functools.cache  # parsed once for all the tests here (~1 s)
def imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        collector = _Collector(rel)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found += collector.found
    return tuple(found)


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations() -> list[str]:
    out = []
    for imp in imports():
        layer = layer_of(imp.file)
        if layer is None:
            continue
        if any((imp.file, imp.function, m) in EXCEPTIONS for m in imp.candidates):
            continue
        hit = [m for m in imp.candidates for prefix in FORBIDDEN[layer] if _under(m, prefix)]
        if hit:
            where = f"{imp.file}:{imp.line}" + (f" ({imp.function})" if imp.function else "")
            out.append(f"{where}: the {layer} layer imports {hit[-1]}")
    return sorted(set(out))


def test_the_collector_sees_relative_lazy_and_type_only_imports():
    """The reader itself: a broken resolver would make every layer rule pass vacuously."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ..store import migrate\n"
        "if TYPE_CHECKING:\n"
        "    from ..store.database import Database\n"
        "def f():\n"
        "    from .. import store\n"
        "    import textual.app\n"
        "    importlib.import_module('quancheng_tui.store.tables')\n"
    )
    collector = _Collector("commands/x.py")
    collector.visit(ast.parse(source))
    got = {(i.function, m) for i in collector.found for m in i.candidates}
    assert {("", f"{ROOT}.store.migrate"), ("", f"{ROOT}.store.database"), ("f", f"{ROOT}.store"),
            ("f", "textual.app"), ("f", f"{ROOT}.store.tables")} <= got
    collector = _Collector("services/forms/__init__.py")
    collector.visit(ast.parse("from . import content\nfrom ...store import tables\n"))
    assert {m for i in collector.found for m in i.candidates} >= {f"{ROOT}.services.forms.content", f"{ROOT}.store.tables"}


def test_every_layer_has_files_to_check():
    layers = {layer_of(i.file) for i in imports()}
    assert set(FORBIDDEN) <= layers


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_layer_imports_only_downwards(layer):
    bad = [v for v in violations() if f"the {layer} layer" in v]
    assert bad == [], "\n".join(bad)


def test_every_exception_is_still_needed():
    """An exception that no import needs any more is deleted, so the list only ever shrinks."""
    seen = {(i.file, i.function, m) for i in imports() for m in i.candidates}
    assert set(EXCEPTIONS) <= seen, sorted(set(EXCEPTIONS) - seen)


CORE_IMPORT = """
import importlib, pkgutil, sys
import quancheng_tui
for name in ("domain", "store", "services"):
    package = importlib.import_module("quancheng_tui." + name)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations" not in info.name:  # Alembic's env.py runs only under Alembic
            importlib.import_module(info.name)
import quancheng_tui.cli
import quancheng_tui.commands
for info in pkgutil.iter_modules(quancheng_tui.commands.__path__):
    if info.name != "tui":  # the one command that starts the TUI
        importlib.import_module("quancheng_tui.commands." + info.name)
from quancheng_tui.cli import run
for argv in (["--help"], ["case", "list", "--help"], ["staff", "list", "--help"], ["deadline", "--help"]):
    try:
        run(argv)
    except SystemExit:
        pass
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("CORE", len([m for m in sys.modules if m.startswith("quancheng_tui.")]), file=sys.stderr)
print("TEXTUAL", loaded, file=sys.stderr)
"""


def test_the_core_imports_without_textual(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "QUANCHENG_CONFIG": "/dev/null", "QUANCHENG_DB": str(tmp_path / "x.db"),
           "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", CORE_IMPORT], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "TEXTUAL []" in proc.stderr, proc.stderr
    modules = int(proc.stderr.split("CORE ")[1].split()[0])
    assert modules > 60, proc.stderr  # the walk really imported the core, not just the package

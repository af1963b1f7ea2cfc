"""Keep the English catalog complete and its compiled .mo current.

    python tools/i18n.py update   # extract msgids, merge tools/po_parts/*.po, write en.po and en.mo
    python tools/i18n.py check    # exit 1 naming every msgid without English, or a stale .mo

Message ids are the Chinese texts; a literal passed straight to N_(), _(),
t() or a translator call (``common.t(ctx)("…")``) is a message. So is, in the command line (cli.py,
commands/), every literal `help=` and the docstring of every Typer command or callback: cli_i18n.py looks
them up in English by `help_key`, the text as Click holds it.
"""

from __future__ import annotations

import ast
import gettext
import inspect
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quancheng_tui"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "quancheng.po"
MO = PO.with_suffix(".mo")
PARTS = ROOT / "tools" / "po_parts"
# Click's own texts in Chinese (cli_i18n.py): a catalog of English msgids, kept by hand, compiled here.
CLICK_PO = ROOT / "tools" / "click_zh" / "click.po"
CLICK_MO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "click.mo"
MARKERS = {"N_", "_", "t", "gettext"}
CLI_SOURCES = [PACKAGE / "cli.py", *sorted((PACKAGE / "commands").glob("*.py"))]
COMMAND_DECORATORS = {"command", "callback"}  # @app.command(…), @app.callback(…)


def _is_marker(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in MARKERS
    if isinstance(func, ast.Attribute):
        return func.attr in {"t", "gettext", "_", "label"}  # t.label("事项", value)
    if isinstance(func, ast.Call):  # common.t(ctx)("…")
        return _is_marker(func.func)
    return False


def extract() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and _is_marker(node.func):
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    found.setdefault(arg.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    for path in CLI_SOURCES:
        for text, lineno in _cli_help(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            found.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{lineno}")
    return found


def help_key(text: str) -> str:
    """A help text as Click holds it (Typer and Click `inspect.cleandoc` it): the msgid cli_i18n looks up."""
    return inspect.cleandoc(text).strip()


def _takes_docstring(call: ast.expr) -> bool:
    """`app.command(…)` / `app.callback(…)` without `help=`: Typer shows the function's docstring."""
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr in COMMAND_DECORATORS and not any(kw.arg == "help" for kw in call.keywords))


def _cli_help(tree: ast.Module) -> list[tuple[str, int]]:
    """Help texts of the command line: literal `help=` arguments and Typer commands' docstrings, whether
    the function is decorated (`@app.command()`) or registered by a call (`app.command("init")(init)`)."""
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    documented: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    texts: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "help" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    texts.append((help_key(kw.value.value), kw.value.lineno))
            if (_takes_docstring(node.func) and len(node.args) == 1 and isinstance(node.args[0], ast.Name)
                    and node.args[0].id in functions):
                documented.append(functions[node.args[0].id])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                _takes_docstring(d) for d in node.decorator_list):
            documented.append(node)
    for func in documented:
        doc = ast.get_docstring(func, clean=True)
        if doc:
            texts.append((help_key(doc), func.body[0].lineno))
    return [(text, lineno) for text, lineno in texts if text]


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale="en")


def update() -> int:
    msgids = extract()
    old = _read(PO) if PO.exists() else Catalog(locale="en")
    known = {m.id: m.string for m in old if m.id}
    for part in sorted(PARTS.glob("*.po")) if PARTS.exists() else []:
        for m in _read(part):
            if m.id and m.string and not known.get(m.id):
                known[m.id] = m.string
    cat = Catalog(locale="en", project="quancheng", domain="quancheng", charset="utf-8")
    for msgid in sorted(msgids):
        cat.add(msgid, known.get(msgid, ""), locations=[(loc.split(":")[0], int(loc.split(":")[1])) for loc in msgids[msgid][:3]])
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, cat, width=0, omit_header=False, sort_output=True)
    with MO.open("wb") as fh:
        write_mo(fh, cat)
    CLICK_MO.parent.mkdir(parents=True, exist_ok=True)
    CLICK_MO.write_bytes(_click_mo())
    missing = [m for m in msgids if not known.get(m)]
    for m in missing:
        print(f"untranslated: {m}  ({msgids[m][0]})", file=sys.stderr)
    print(f"{len(msgids)} messages, {len(missing)} untranslated", file=sys.stderr)
    return 1 if missing else 0


PLACEHOLDER = re.compile(r"{\w+}")


def mo_messages(data: bytes) -> dict[str, str]:
    """What a .mo file means (msgid -> msgstr), whichever tool and version wrote its bytes."""
    table = gettext.GNUTranslations(io.BytesIO(data))._catalog
    return {k: v for k, v in table.items() if k}


def _click_mo() -> bytes:
    with CLICK_PO.open("rb") as fh:
        cat = read_po(fh, locale="zh_CN")
    out = io.BytesIO()
    write_mo(out, cat)
    return out.getvalue()


def check() -> int:
    msgids = extract()
    cat = _read(PO)
    have = {m.id: m.string for m in cat if m.id}
    problems = [f"no English for {m!r} ({msgids[m][0]})" for m in msgids if not have.get(m)]
    problems += [f"placeholders differ in the English of {k!r}" for k, v in have.items()
                 if v and set(PLACEHOLDER.findall(k)) != set(PLACEHOLDER.findall(v))]
    translated = {k: v for k, v in have.items() if v}
    if not MO.exists() or mo_messages(MO.read_bytes()) != translated:
        problems.append(f"{MO.relative_to(ROOT)} does not hold the messages of the .po: run python tools/i18n.py update")
    if not CLICK_MO.exists() or mo_messages(CLICK_MO.read_bytes()) != mo_messages(_click_mo()):
        problems.append(f"{CLICK_MO.relative_to(ROOT)} is not {CLICK_PO.relative_to(ROOT)} compiled: run python tools/i18n.py update")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit({"update": update, "check": check}[sys.argv[1]]())

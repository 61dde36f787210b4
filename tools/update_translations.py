"""Refresh the English translation: lupdate the UI sources into the .ts, lrelease the .qm.

Usage (from the repository root):

    uv run python tools/update_translations.py           # update .ts, build .qm
    uv run python tools/update_translations.py --check   # also fail on untranslated strings
    uv run python tools/update_translations.py --lint    # list UI text that bypasses tr()

lupdate merges: translations already in the .ts are kept, new source strings are added
as unfinished, strings that vanished from the code are dropped (-no-obsolete) so the file
only holds what the program can show. Translate the unfinished ones with
`uv run pyside6-linguist resources/translations/kantor_en.ts` and run this again.

pyside6-lupdate only sees `tr(...)`, `QCoreApplication.translate("Ctx", ...)` and the
QT_*_NOOP markers. Several UI modules wrap translate in a helper
(`def _tr(text): return QCoreApplication.translate("Ctx", text)`), and a few translate
strings kept in tables (column titles, status words). So that those reach the .ts too, this
script finds the helpers and their literal calls with `ast`, writes them as plain
`QCoreApplication.translate(...)` calls into mirror files (same line numbers) in a temp
folder, lets lupdate read those as well and points the locations back at the real files.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "kantor_en.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
SOURCE_LANGUAGE = "id_ID"
TARGET_LANGUAGE = "en_US"
# Outside kantor_app/ui, only modules that actually call tr()/translate() are scanned.
EXTRA_DIRS = ("kantor_app/commands",)
TR_CALL = re.compile(r"\b(?:tr|translate)\(")
TR_NAMES = ("tr", "translate")


def _values(module: str, name: str) -> Callable[[], list[str]]:
    def get() -> list[str]:
        table = getattr(importlib.import_module(module), name)
        return [str(v) for v in (table.values() if isinstance(table, dict) else table)]

    return get


ROSTER_MODEL = "kantor_app/ui/roster/model.py"
ROSTER_QUERY = "kantor_app/services/roster/query.py"


def _column_titles() -> list[str]:
    from kantor_app.ui.roster.model import COLUMNS

    return [column.title for column in COLUMNS]


# Strings the UI translates at run time from a table (`self.tr(label)`, `_tr(column.title)`),
# invisible to lupdate: (context used at run time, module translating them, module where
# the table lives, its strings).
ROSTER_STATUS = _values("kantor_app.services.roster.query", "STATUS_LABELS")
DYNAMIC: tuple[tuple[str, str, str, Callable[[], list[str]]], ...] = (
    ("RosterTableModel", ROSTER_MODEL, ROSTER_MODEL, _column_titles),
    ("RosterTableModel", ROSTER_MODEL, ROSTER_QUERY, ROSTER_STATUS),
    ("RosterTab", "kantor_app/ui/roster/tab.py", ROSTER_QUERY, ROSTER_STATUS),
    ("WorkerDialog", "kantor_app/ui/roster/worker_dialog.py", ROSTER_QUERY, ROSTER_STATUS),
)


@dataclass(frozen=True)
class Message:
    path: Path  # repository-relative
    line: int
    context: str
    source: str


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def source_files() -> list[Path]:
    files = sorted((ROOT / "kantor_app" / "ui").rglob("*.py"))
    for folder in EXTRA_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if TR_CALL.search(path.read_text(encoding="utf-8")):
                files.append(path)
    return files


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _wrapper_context(func: ast.FunctionDef) -> str | None:
    """The context of `def f(text): return QCoreApplication.translate("Ctx", text)`, else None."""
    body = [node for node in func.body if not _is_docstring(node)]
    if len(func.args.args) != 1 or len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    call = body[0].value
    if not (
        isinstance(call, ast.Call)
        and _callee_name(call) == "translate"
        and len(call.args) == 2
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
        and isinstance(call.args[1], ast.Name)
        and call.args[1].id == func.args.args[0].arg
    ):
        return None
    return call.args[0].value


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _callee_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _parse(files: Iterable[Path]) -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in files}


def find_wrappers(trees: dict[Path, ast.Module]) -> dict[str, dict[str, str]]:
    """module -> {helper name: context} for module-level translate helpers."""
    found: dict[str, dict[str, str]] = {}
    for path, tree in trees.items():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                context = _wrapper_context(node)
                if context is not None:
                    found.setdefault(_module_name(path), {})[node.name] = context
    return found


def _helpers_in(
    path: Path, tree: ast.Module, wrappers: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Helper names usable in this module (its own and imported ones) -> context."""
    names = dict(wrappers.get(_module_name(path), {}))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in wrappers:
            for alias in node.names:
                if alias.name in wrappers[node.module]:
                    names[alias.asname or alias.name] = wrappers[node.module][alias.name]
    return names


def helper_messages(
    trees: dict[Path, ast.Module], wrappers: dict[str, dict[str, str]]
) -> tuple[list[Message], list[Problem]]:
    messages: list[Message] = []
    problems: list[Problem] = []
    for path, tree in trees.items():
        helpers = _helpers_in(path, tree, wrappers)
        if not helpers:
            continue
        rel = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            context = helpers.get(node.func.id)
            if context is None or len(node.args) != 1:
                continue
            text = _literal(node.args[0])
            if text is None:
                if any(used == rel.as_posix() for _, used, _, _ in DYNAMIC):
                    continue  # its strings come from DYNAMIC
                problems.append(
                    Problem(rel, node.lineno, f"{node.func.id}() of a non-literal: not in .ts")
                )
                continue
            messages.append(Message(rel, node.lineno, context, text))
    return messages, problems


def _line_of(path: Path, text: str) -> int:
    """Line of the first string literal equal to text in path (1 if none)."""
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.expr) and _literal(node) == text:
            return node.lineno
    return 1


def dynamic_messages() -> list[Message]:
    messages: list[Message] = []
    for context, _, where, strings in DYNAMIC:
        for text in strings():
            messages.append(Message(Path(where), _line_of(Path(where), text), context, text))
    return messages


SERVICE_DIRS = ("kantor_app/services", "kantor_app/store")


def service_error_messages() -> tuple[list[Message], list[Problem]]:
    """The templates of every ``ServiceError(...)`` raised by the services and the store.

    The UI translates a refusal by its template (context "ServiceError", see
    kantor_app/ui/tasks.service_error_text), so each template must be a literal;
    an f-string there cannot be translated and is reported.
    """
    messages: list[Message] = []
    problems: list[Problem] = []
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"), str(path))
        for folder in SERVICE_DIRS
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    refusals = _service_error_classes(trees.values())
    for path, tree in trees.items():
        rel = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _callee_name(node) in refusals):
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Attribute) and first.attr == "template":
                continue  # another refusal passed on as it is: its template is elsewhere
            text = _literal(node.args[0]) if node.args else None
            if text is None:
                what = "ServiceError without a literal template: shown untranslated"
                problems.append(Problem(rel, node.lineno, what))
                continue
            messages.append(Message(rel, node.lineno, "ServiceError", text))
    return messages, problems


def _service_error_classes(trees: Iterable[ast.Module]) -> set[str]:
    """ServiceError and the names of its subclasses (they share its translation context)."""
    names = {"ServiceError"}
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            bases = {b.id for b in cls.bases if isinstance(b, ast.Name)}
            if cls.name not in names and bases & names:
                names.add(cls.name)
                grew = True
    return names


def write_mirrors(messages: list[Message], folder: Path) -> list[Path]:
    """One file per real file, each translate() call on the line of the real call."""
    by_file: dict[Path, dict[int, list[Message]]] = defaultdict(lambda: defaultdict(list))
    for message in messages:
        by_file[message.path][message.line].append(message)
    written: list[Path] = []
    for rel, lines in by_file.items():
        text = ["from PySide6.QtCore import QCoreApplication"]
        for line in sorted(lines):
            while len(text) < line - 1:
                text.append("")
            calls = (
                f"QCoreApplication.translate({_quote(m.context)}, {_quote(m.source)})"
                for m in lines[line]
            )
            text.append("; ".join(calls))
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(text) + "\n", encoding="utf-8")
        written.append(target)
    return written


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run this with `uv run python {Path(__file__).name}`")
    return found


def run_lupdate(files: list[Path], ts_file: Path = TS_FILE) -> None:
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    command = [
        tool("pyside6-lupdate"),
        "-silent",
        "-no-obsolete",
        "-locations",
        "absolute",
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        TARGET_LANGUAGE,
        *(str(path) for path in files),
        "-ts",
        str(ts_file),
    ]
    subprocess.run(command, cwd=ROOT, check=True)


def run_lrelease(ts_file: Path = TS_FILE, qm_file: Path = QM_FILE) -> None:
    command = [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)]
    subprocess.run(command, cwd=ROOT, check=True)


def tidy_ts(ts_file: Path, mirror_root: Path, bare_tr: set[tuple[str, int]]) -> None:
    """Point mirror locations at the real files; drop bare `tr()` helper calls that lupdate
    filed under the empty context (at run time they use the helper's context)."""
    ts_dir = ts_file.parent
    mirror_prefix = Path(os.path.relpath(mirror_root, ts_dir)).as_posix() + "/"
    real_prefix = Path(os.path.relpath(ROOT, ts_dir)).as_posix() + "/"
    tree = ET.parse(ts_file)
    root = tree.getroot()
    for location in root.iter("location"):
        name = location.get("filename", "")
        if name.startswith(mirror_prefix):
            location.set("filename", real_prefix + name[len(mirror_prefix) :])
    for context in list(root.iter("context")):
        if context.findtext("name", ""):
            continue
        for message in list(context.findall("message")):
            spots = {
                (_repo_path(ts_dir, loc.get("filename", "")), int(loc.get("line", "0")))
                for loc in message.findall("location")
            }
            if spots and spots <= bare_tr:
                context.remove(message)
        if not context.findall("message"):
            root.remove(context)
    ET.indent(tree, space="    ")
    body = ET.tostring(root, encoding="unicode")
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def _repo_path(ts_dir: Path, filename: str) -> str:
    return (ts_dir / filename).resolve().relative_to(ROOT).as_posix()


def unfinished(ts_file: Path = TS_FILE) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing: list[tuple[str, str]] = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                missing.append((name, message.findtext("source", "")))
                continue
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            forms = translation.findall("numerusform")
            texts = [form.text or "" for form in forms] if forms else [translation.text or ""]
            if kind == "unfinished" or not all(text.strip() for text in texts):
                missing.append((name, message.findtext("source", "")))
    return missing


# --- lint: visible text that never reaches tr() ------------------------------------------

# Qt calls whose string arguments the user sees.
TEXT_CALLS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setPlaceholderText",
    "setTitle", "addTab", "insertTab", "setTabText", "addItem", "addItems", "addRow",
    "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setLabelText", "setWhatsThis",
    "showMessage", "information", "warning", "critical", "question", "about",
    "setHeaderLabels", "setSpecialValueText", "setSuffix", "setPrefix", "setInformativeText",
    "setDetailedText", "setCancelButtonText", "setWindowIconText", "addMenu", "addAction",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QAction", "QGroupBox", "QMenu",
    "QToolButton", "QMessageBox", "QProgressDialog", "setLabel",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")
# Text the same in both languages: formats, file patterns, URLs, language names.
NEUTRAL = re.compile(
    r"^(?:[%#{}\d\s.,:;/()\-–—·+|*?]+|Kantor|English|Bahasa Indonesia|postgresql\+psycopg://"
    r"|Ctrl\+.*|[A-Z]{2,6}|Rp|NIK|NPP|NPWP|BPJS|PU|BPU)$"
)


def lint(trees: dict[Path, ast.Module], wrappers: dict[str, dict[str, str]]) -> list[Problem]:
    problems: list[Problem] = []
    for path, tree in trees.items():
        rel = path.relative_to(ROOT)
        helpers = set(_helpers_in(path, tree, wrappers)) | set(TR_NAMES)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _callee_name(node)
            if name in helpers:
                problems.extend(_check_tr_call(rel, node, name))
            elif name in TEXT_CALLS:
                for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                    problems.extend(_check_plain_text(rel, arg, name))
    return sorted(set(problems), key=lambda p: (str(p.path), p.line))


def _check_tr_call(rel: Path, call: ast.Call, name: str | None) -> list[Problem]:
    index = 1 if name == "translate" else 0
    if len(call.args) <= index:
        return []
    arg = call.args[index]
    if isinstance(arg, ast.JoinedStr):
        return [Problem(rel, call.lineno, f"f-string inside {name}(): never matches the .ts")]
    if isinstance(arg, ast.BinOp):
        return [Problem(rel, call.lineno, f"computed text inside {name}(): not in the .ts")]
    return []


def _check_plain_text(rel: Path, arg: ast.expr, call: str) -> list[Problem]:
    texts: list[tuple[int, str]] = []
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        texts.append((arg.lineno, arg.value))
    elif isinstance(arg, ast.JoinedStr):
        literal = "".join(
            v.value for v in arg.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        texts.append((arg.lineno, literal))
    elif isinstance(arg, (ast.List, ast.Tuple)):
        for element in arg.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                texts.append((element.lineno, element.value))
    return [
        Problem(rel, line, f"plain text {text!r} in {call}(): not translatable")
        for line, text in texts
        if WORD.search(text) and not NEUTRAL.match(text.strip())
    ]


# --- main -------------------------------------------------------------------------------


def update(ts_file: Path = TS_FILE, qm_file: Path | None = QM_FILE) -> tuple[int, list[Problem]]:
    """lupdate into ts_file (merging what it holds), then lrelease into qm_file (if given)."""
    files = source_files()
    trees = _parse(files)
    wrappers = find_wrappers(trees)
    helpers, problems = helper_messages(trees, wrappers)
    refusals, refusal_problems = service_error_messages()
    problems += refusal_problems
    extra = helpers + dynamic_messages() + refusals
    bare_tr = {(m.path.as_posix(), m.line) for m in helpers}
    with tempfile.TemporaryDirectory(prefix="kantor-tr-") as temp:
        mirror_root = Path(temp)
        mirrors = write_mirrors(extra, mirror_root)
        run_lupdate([path.relative_to(ROOT) for path in files] + mirrors, ts_file)
        tidy_ts(ts_file, mirror_root, bare_tr)
    if qm_file is not None:
        run_lrelease(ts_file, qm_file)
    return len(files), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if any string lacks a translation"
    )
    parser.add_argument(
        "--lint", action="store_true", help="only list UI text that bypasses translation"
    )
    args = parser.parse_args(argv)
    if args.lint:
        trees = _parse(source_files())
        wrappers = find_wrappers(trees)
        found = (
            lint(trees, wrappers)
            + helper_messages(trees, wrappers)[1]
            + service_error_messages()[1]
        )
        for problem in found:
            print(problem)
        return 1 if found else 0
    file_count, problems = update()
    missing = unfinished()
    total = sum(1 for _ in ET.parse(TS_FILE).getroot().iter("message"))
    print(f"{file_count} source files, {total} strings, {len(missing)} untranslated")
    for problem in problems:
        print(f"  warning: {problem}")
    for context, source in missing:
        print(f"  untranslated [{context}] {source!r}")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    sys.exit(main())

"""The layers of DESIGN.md and the UI's import graph, checked on every run.

The contracts live in `.importlinter` at the repository root, so
`uv run lint-imports` and this test read the same rules.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".importlinter"
# Contracts that fail because of code another branch is replacing; strict, so
# the merge that fixes them turns the xfail into a failure and this list shrinks.
# contract id -> why it may still fail (an xfail that must turn into a pass)
PENDING: dict[str, str] = {}


def _contracts() -> dict[str, str]:
    """Contract id -> its name, as declared in .importlinter."""
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    prefix = "importlinter:contract:"
    return {
        section.removeprefix(prefix): parser[section]["name"]
        for section in parser.sections()
        if section.startswith(prefix)
    }


@pytest.fixture(scope="module")
def lint_report() -> str:
    script = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(script), str(CONFIG), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Contracts:" in result.stdout, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "contract",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=PENDING[c]))
        if c in PENDING
        else c
        for c in ("layers", "domain-pure", "ui-no-models", "services-headless")
    ],
)
def test_import_contract_is_kept(contract: str, lint_report: str) -> None:
    name = _contracts()[contract]
    verdict = next((line for line in lint_report.splitlines() if line.startswith(name + " ")), "")
    assert verdict == f"{name} KEPT", lint_report


def _graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run, so they cannot close a cycle.
    return grimp.build_graph("kantor_app", exclude_type_checking_imports=True, cache_dir=None)


def _cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), inside `package`."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in edges[module]:
                groups.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycles_among_ui_modules() -> None:
    assert _cycles(_graph(), "kantor_app.ui") == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    assert _cycles(graph, "pkg") == [["pkg.a", "pkg.b"]]


def test_every_contract_is_checked() -> None:
    assert set(_contracts()) == {"layers", "domain-pure", "ui-no-models", "services-headless"}

"""The layers of the project, checked on the imports of every module (tests and migrations aside).

A module may import its own app and the layers below its own, never a layer above nor another
app of its layer; so no two apps import each other and ``lib`` and ``core`` know no app. An
app not listed yet (one being built) ranks just below ``beacon`` until it is; two unlisted apps
may import one another one way, never both ways.
Imports inside functions count too: a late import hides a dependency, it does not remove it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LAYERS: list[set[str]] = [
    {"lib"},
    {"core"},
    {"translation", "training", "dissemination"},
    {"portal", "plans", "kiosks"},
    {"monitoring", "outreach"},
    {"factbase", "newsletters", "social"},
    {"insights"},
    {"beacon"},
]

# Not code of an app: the project's own modules are "beacon", data and catalogues are skipped.
SKIPPED_PARTS = {"tests", "migrations", "locale", "locale_wagtail", "formats", "static"}


def _apps() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in SKIPPED_PARTS | {"management"}
    }


def layer_of(app: str) -> float:
    """The app's rank; an unlisted app ranks between the last listed layer and ``beacon``."""
    for index, layer in enumerate(LAYERS):
        if app in layer:
            return index
    return len(LAYERS) - 1.5


def listed(app: str) -> bool:
    return any(app in layer for layer in LAYERS)


def owner(path: Path, apps: set[str]) -> str:
    first = path.relative_to(ROOT).parts[0]
    return first if first in apps else "beacon"


def imported_apps(path: Path, apps: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "beacon" and len(parts) > 1 and parts[1] in apps:
                found.add(parts[1])
    return found


def modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts)
    ]


def graph() -> dict[str, dict[str, list[str]]]:
    """App → imported app → the modules that import it."""
    apps = _apps()
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in modules():
        source = owner(path, apps)
        for target in imported_apps(path, apps) - {source}:
            edges[source][target].append(str(path.relative_to(ROOT.parent)))
    return {source: dict(targets) for source, targets in edges.items()}


def test_it_lists_every_app_once() -> None:
    listed = [app for layer in LAYERS for app in layer]
    assert len(listed) == len(set(listed))
    assert set(listed) - {"beacon"} <= _apps()


def test_no_module_imports_a_layer_above_or_beside_its_own() -> None:
    wrong = [
        f"{module} ({source}) imports {target}"
        for source, targets in graph().items()
        for target, importers in targets.items()
        if layer_of(target) >= layer_of(source) and (listed(source) or listed(target))
        for module in importers
    ]
    assert wrong == []


def test_no_two_apps_import_each_other() -> None:
    edges = graph()
    circles = sorted(
        (source, target)
        for source, targets in edges.items()
        for target in targets
        if source in edges.get(target, {})
    )
    assert circles == []


@pytest.mark.parametrize("low", ["lib", "core"])
def test_lib_and_core_know_no_app(low: str) -> None:
    assert set(graph().get(low, {})) <= {"lib"}

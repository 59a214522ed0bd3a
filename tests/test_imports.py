"""The import graph of the app's own modules, read with ``ast``: no circles, and the core's parts
depend on each other in one direction only.

Every import counts, also those inside functions or under ``TYPE_CHECKING``: a circle that only
type checking closes still ties the two modules together for a reader.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("desktop_app", "ui")

# What each part of the core may import besides itself. The top-level helpers (text, vnformat,
# legacy_text, the package's own names) sit under everything.
SHARED = {"desktop_app", "desktop_app.text", "desktop_app.vnformat", "desktop_app.legacy_text"}
ALLOWED = {
    "system": set(),
    "report": {"system"},
    "storage": {"system", "report"},
    "document": {"system", "report"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def own_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """Return the app modules that the module ``name`` at ``path`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: "from . import x", "from ..a import b"
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    modules = own_modules()
    known = set(modules)
    return {name: imported(path, name, known) for name, path in modules.items()}


def part(module: str) -> str | None:
    pieces = module.split(".")
    return pieces[1] if pieces[0] == "desktop_app" and len(pieces) > 2 else None


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert "desktop_app.report.kinds" in graph["desktop_app.report.answers"]
    assert "desktop_app.system.datadir" in graph["desktop_app.storage.backups"]  # "from … import datadir"
    assert "desktop_app.storage" in graph["ui.main_window"]


def test_no_import_circle() -> None:
    try:
        TopologicalSorter(import_graph()).prepare()
    except CycleError as exc:
        raise AssertionError(f"import circle: {' -> '.join(exc.args[1])}") from None


def test_the_core_never_imports_the_ui() -> None:
    graph = import_graph()
    offenders = {m: sorted(i for i in deps if i.startswith("ui")) for m, deps in graph.items()}
    assert {m: v for m, v in offenders.items() if m.startswith("desktop_app") and v} == {}


def test_each_part_of_the_core_imports_only_the_parts_below_it() -> None:
    wrong = []
    for module, deps in import_graph().items():
        own = part(module)
        if own is None:
            continue
        for dep in deps:
            other = part(dep)
            if dep in SHARED or other == own or other in ALLOWED[own]:
                continue
            wrong.append(f"{module} -> {dep}")
    assert wrong == []

"""The package's shape: data flows one way, read -> structure -> analyse -> extract -> store ->
render, and no module imports one of a later stage or sits in an import circle.

The import graph is read from the source (every ``import``, also inside functions), so a circle
hidden behind a function-local import is found too. A new module must be given its stage here.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

#: Stages from the bottom up; a module may import its own stage's modules and earlier stages' only.
STAGES: dict[str, tuple[str, ...]] = {
    "base": ("records", "errors", "resources", "files", "interrupts"),
    "language": ("korean", "figures", "romanize", "glossary", "markup"),
    "read": ("source", "limits", "content", "read", "hwpx", "hwp", "ocr", "version"),
    "structure": ("wraps", "structure"),
    "analysis": ("analysis",),
    "extract": ("extract", "metadata", "roadmap", "targets", "keypoints"),
    "store": ("store", "series"),
    "render": ("brief", "comparison", "diff", "pair", "site", "schema"),
    "run": ("ingest", "executors", "worker", "batch"),
    "cli": ("cli", "__main__", "__init__"),
}
LEVEL = {module: level for level, modules in enumerate(STAGES.values()) for module in modules}


def _imports(path: Path) -> set[str]:
    """The package's modules that ``path`` imports, wherever in the file the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            module = node.module or ""
            if node.level == 1:
                found.update([module.split(".")[0]] if module else names)
            elif module == "pipeline":
                found.update(names)
            elif module.startswith("pipeline."):
                found.add(module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("pipeline."))
    return {m for m in found if (PACKAGE / f"{m}.py").exists()} - {path.stem}


def _graph() -> dict[str, set[str]]:
    return {p.stem: _imports(p) for p in sorted(PACKAGE.glob("*.py"))}


def _circle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle, as the modules along it, or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        stack.append(module)
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_every_module_has_a_stage():
    assert sorted(set(_graph()) - set(LEVEL)) == []


def test_no_module_imports_a_later_stage():
    upward = sorted(f"{m} ({_stage(m)}) imports {d} ({_stage(d)})"
                    for m, deps in _graph().items() for d in deps if LEVEL.get(d, 0) > LEVEL.get(m, 0))
    assert upward == []


def test_the_import_graph_has_no_circle():
    assert _circle(_graph()) == []


def test_records_import_nothing_of_the_package():
    assert _imports(PACKAGE / "records.py") == set()


def test_a_circle_is_found_when_there_is_one():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) == []


def _stage(module: str) -> str:
    return next((name for name, modules in STAGES.items() if module in modules), "?")

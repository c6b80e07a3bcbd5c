"""The package's shape: data flows one way, read -> structure -> analyse -> extract -> store ->
render, each stage a subpackage, and no module imports one of a later stage or sits in an import
circle.

The import graph is read from the source (every ``import``, also inside functions), so a circle
hidden behind a function-local import is found too. A new subpackage or top-level module must be
given its stage here.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

#: Stages from the bottom up: a subpackage is a stage of its own; top-level modules are named.
#: A module may import modules of its own stage and of earlier stages only.
STAGES: dict[str, tuple[str, ...]] = {
    "base": ("records", "errors", "resources", "files", "markup"),
    "korean": ("korean",),
    "read": ("read",),
    "structure": ("structure",),
    "extract": ("extract",),
    "ingest": ("ingest",),
    "store": ("store",),
    "diff": ("diff",),
    "render": ("render",),
    "batch": ("batch",),
    "cli": ("cli", "__main__", "__init__"),
}
LEVEL = {name: level for level, names in enumerate(STAGES.values()) for name in names}


def _module_name(path: Path) -> str:
    """``read.pdf`` for pipeline/read/pdf.py, ``korean`` for pipeline/korean/__init__.py."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _stage(module: str) -> str:
    head = module.split(".")[0]
    return next((name for name, members in STAGES.items() if head in members), "?")


def _imports(module: str) -> set[str]:
    """The package's modules that ``module`` imports, wherever in the file the import stands."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module == "pipeline" or (node.module or "").startswith("pipeline."):
                target = node.module.removeprefix("pipeline").lstrip(".")
            else:
                continue
            found.add(target)
            found.update(f"{target}.{a.name}".lstrip(".") for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("pipeline.") for a in node.names if a.name.startswith("pipeline."))
    return {m for m in found if m in MODULES} - {module}


def _graph() -> dict[str, set[str]]:
    return {module: _imports(module) for module in MODULES}


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


def test_every_module_belongs_to_a_stage():
    assert sorted(m for m in MODULES if _stage(m) == "?") == []


def test_every_stage_but_the_top_level_modules_is_a_subpackage():
    for name, members in STAGES.items():
        if name not in ("base", "ingest", "cli"):
            assert members == (name,) and (PACKAGE / name / "__init__.py").exists(), name


def test_no_module_imports_a_later_stage():
    level = {m: LEVEL[m.split(".")[0]] for m in MODULES}
    upward = sorted(f"{m} ({_stage(m)}) imports {d} ({_stage(d)})"
                    for m, deps in _graph().items() for d in deps if level[d] > level[m])
    assert upward == []


def test_the_import_graph_has_no_circle():
    assert _circle(_graph()) == []


def test_records_import_nothing_of_the_package():
    assert _imports("records") == set()


def test_imports_are_resolved_to_the_modules_they_name():
    assert {"read.pdf", "read.source", "extract.document"} <= _imports("ingest")
    assert "batch.interrupts" in _imports("cli")


def test_a_circle_is_found_when_there_is_one():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) == []

"""The comments app's modules import one another one way only: no cycle, at module level or
inside a function (docs/comments.md, "Layout"); and none of them is long."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "comments"


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    }


def imports(path: Path, known: set[str]) -> set[str]:
    """The app's modules that `path` imports, wherever the import statement is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from package import module` depends on the module, `from module import name`
            # on the module
            submodules = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [name for name in submodules if name in known] or [node.module]
        else:
            continue
        found.update(name for name in names if name in known)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(path, known) - {name} for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once, from where it was met)."""
    found, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions_too():
    edges = graph()
    assert "comments.models" in edges["comments.actions"]
    assert "comments.tasks" in edges["comments.actions"]
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


def test_no_import_cycle_among_the_comments_modules():
    assert cycles(graph()) == []


def test_the_lower_layers_do_not_reach_for_the_actions():
    edges = graph()
    for low in ("comments.models", "comments.querysets", "comments.states", "comments.spam"):
        assert "comments.actions" not in edges[low], low


def test_no_comments_module_is_over_400_lines():
    long = {
        name: length
        for name, path in modules().items()
        if (length := len(path.read_text().splitlines())) > 400
    }
    assert long == {}

"""The articles app's modules import one another one way only (lazy imports inside functions
count too), and never import the comments app."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def articles_graph() -> dict[str, set[str]]:
    paths = [p for p in (ROOT / "articles").rglob("*.py") if "migrations" not in p.parts]
    imports = {module_name(path): imports_of(path) for path in paths}
    return {
        name: {other for other in found if other in imports and other != name}
        for name, found in imports.items()
    } | {"_all": set().union(*imports.values())}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done, path = set(), []

    def visit(node):
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for other in sorted(graph[node]):
            if cycle := visit(other):
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        if cycle := visit(node):
            return cycle
    return None


def test_no_import_cycle_inside_articles():
    graph = articles_graph()
    graph.pop("_all")
    assert find_cycle(graph) is None


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_articles_never_imports_comments():
    imported = articles_graph()["_all"]
    assert not {name for name in imported if name == "comments" or name.startswith("comments.")}

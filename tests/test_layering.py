"""The import graph of the project's own modules (newsroom, articles, comments; migrations and
tests left out), read from the source with `ast`: imports at the top of a module and inside
functions alike, since a lazy import is still a dependency that only hides a cycle.

- No cycle between modules.
- `articles` imports nothing from `comments` (a comment belongs to an article, not the reverse).
- `newsroom` (the project layer) imports no app, except the wiring: URLs, settings, management
  commands and the demo content.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsroom", "articles", "comments")
SKIPPED_PARTS = {"migrations", "tests", "__pycache__"}
APPS = ("articles", "comments")
WIRING = ("newsroom.urls", "newsroom.settings", "newsroom.demo_data", "newsroom.management")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if SKIPPED_PARTS.isdisjoint(path.relative_to(ROOT).parts):
                modules[_module_name(path)] = path
    return modules


def _known(name: str, modules) -> str | None:
    """The project module `name` is, or lives in (import a.b.c where a.b is a module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, modules) -> set[str]:
    """The project modules `name` imports, anywhere in its source."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            # `from package import module` is the module; `from module import name`, the module.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            module = _known(target, modules)
            if module is not None and module != name:
                found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def tangled_groups(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan): inside each, every
    module imports every other one, directly or not."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a → … → a) for each tangled group."""
    return [_one_cycle(graph, group) for group in tangled_groups(graph)]


def _one_cycle(graph, group: set[str]) -> list[str]:
    """The shortest way from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & group):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def test_the_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    assert "newsroom.pagecache.serving" in graph
    assert "articles.models" in graph["newsroom.management.commands.seed_demo"]
    assert "newsroom.pagecache" in graph["articles.views"]  # from newsroom.pagecache import …
    assert "articles.events" in graph["articles.apps"]  # inside ready(): a lazy import
    assert "newsroom.pagecache.generations" in graph["newsroom.pagecache.serving"]


def test_the_cycle_finder_reports_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_cycle_between_modules():
    graph = import_graph()
    found = [
        f"{' → '.join(_one_cycle(graph, group))}  (tangled: {', '.join(sorted(group))})"
        for group in tangled_groups(graph)
    ]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_articles_imports_nothing_from_comments():
    wrong = [
        f"{module} → {target}"
        for module, targets in import_graph().items()
        if _in(module, "articles")
        for target in sorted(targets)
        if _in(target, "comments")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_project_layer_imports_no_app_outside_its_wiring():
    wrong = [
        f"{module} → {target}"
        for module, targets in import_graph().items()
        if _in(module, "newsroom") and not any(_in(module, wired) for wired in WIRING)
        for target in sorted(targets)
        if any(_in(target, app) for app in APPS)
    ]
    assert not wrong, "\n".join(wrong)

"""The comments app's layers (docs/comments.md, "Layout"): the one import graph of
tests/test_layering.py, looked at inside the app; and none of its modules is long."""

from tests.test_layering import cycles, import_graph, project_modules


def comments_graph() -> dict[str, set[str]]:
    inside = {name for name in project_modules() if name.partition(".")[0] == "comments"}
    return {name: targets & inside for name, targets in import_graph().items() if name in inside}


def test_the_graph_sees_imports_inside_functions_too():
    edges = comments_graph()
    assert "comments.models" in edges["comments.actions"]
    assert "comments.tasks" in edges["comments.owed"]
    assert "comments.checks" in edges["comments.apps"]  # imported inside ready()
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


def test_no_import_cycle_among_the_comments_modules():
    assert cycles(comments_graph()) == []


def test_the_lower_layers_do_not_reach_for_the_actions():
    edges = comments_graph()
    for low in ("comments.models", "comments.querysets", "comments.states", "comments.spam"):
        assert "comments.actions" not in edges[low], low


def test_no_comments_module_is_over_400_lines():
    long = {
        name: length
        for name, path in project_modules().items()
        if name.partition(".")[0] == "comments"
        and (length := len(path.read_text().splitlines())) > 400
    }
    assert long == {}

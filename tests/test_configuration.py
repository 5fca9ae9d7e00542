"""One list of environment variables: what newsroom/settings.py and gunicorn.conf.py read, what
.env.example offers and what docs/configuration.md documents are the same names."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# django-environ's readers (env.int("X"), env.db("X")…); env("X") itself is the str one.
ENV_METHODS = {"str", "bool", "int", "float", "list", "tuple", "dict", "json", "url", "path"} | {
    f"{kind}{suffix}" for kind in ("db", "cache", "email", "search") for suffix in ("", "_url")
}
SCRIPTS_HEADING = "## Commands, scripts and tests"


def read_by_settings():
    """Names read through django-environ: env("X", ...), env.int("X", ...), env.db("X")…"""
    names = set()
    for node in ast.walk(ast.parse((ROOT / "newsroom" / "settings.py").read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        through_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and func.attr in ENV_METHODS
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        if through_env and isinstance(node.args[0], ast.Constant):
            names.add(node.args[0].value)
    return names


def read_by_gunicorn():
    """Names read through os.environ.get("X") or os.environ["X"] in gunicorn.conf.py."""
    names = set()
    for node in ast.walk(ast.parse((ROOT / "gunicorn.conf.py").read_text())):
        key = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get" and ast.unparse(node.func.value) == "os.environ":
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        if isinstance(key, ast.Constant):
            names.add(key.value)
    return names - {"DJANGO_SETTINGS_MODULE"}  # set by the file itself, not a setting


def in_env_example():
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def documented():
    """The first column of docs/configuration.md's tables: the site's, then the scripts'."""
    text = (ROOT / "docs" / "configuration.md").read_text()
    site, scripts = text.split(SCRIPTS_HEADING)
    table_row = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", flags=re.MULTILINE)
    return set(table_row.findall(site)), set(table_row.findall(scripts))


def test_the_parsers_see_what_they_should():
    assert {"SECRET_KEY", "DATABASE_URL", "POST_BURST_WINDOW", "STATIC_ROOT"} <= read_by_settings()
    assert {"WEB_CONCURRENCY", "GUNICORN_THREADS"} <= read_by_gunicorn()


def test_settings_env_example_and_the_reference_name_the_same_variables():
    read = read_by_settings() | read_by_gunicorn()
    site, _scripts = documented()
    assert sorted(read - in_env_example()) == [], "read but missing from .env.example"
    assert sorted(in_env_example() - read) == [], "in .env.example but read by nobody"
    assert sorted(read - site) == [], "read but missing from docs/configuration.md"
    assert sorted(site - read) == [], "in docs/configuration.md but read by nobody"


def test_every_documented_script_variable_is_used():
    _site, scripts = documented()
    sources = "\n".join(
        path.read_text(errors="replace")
        for folder in ("bin", "bench", "tests", ".ci")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.suffix in {"", ".py", ".sh"} and "__pycache__" not in path.parts
    )
    assert scripts
    assert sorted(name for name in scripts if name not in sources) == []

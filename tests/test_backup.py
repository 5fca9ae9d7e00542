"""bin/backup and bin/restore: a round trip through a scratch PostgreSQL database."""

import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection

from tests.factories import make_article, make_comment

ROOT = Path(__file__).resolve().parent.parent
TABLES = [
    "articles_article",
    "articles_category",
    "comments_comment",
    "comments_commentevent",
    "auth_user",
    "django_migrations",
]

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="bin/backup and bin/restore are for PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),  # pg_dump must see committed rows
]


def url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def psql(database_url: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", database_url, "-XtAc", sql], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def counts(database_url: str) -> dict[str, int]:
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # names from the list above
            result[table] = cursor.fetchone()[0]
    return result


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "bin" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@pytest.fixture
def scratch():
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    maintenance = url("postgres")
    psql(maintenance, f'CREATE DATABASE "{name}"')
    yield url(name)
    psql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database(scratch, tmp_path, settings):
    article = make_article()
    comment = make_comment(article, content="تعليق يجب أن ينجو من النسخ الاحتياطي ✓")
    make_comment(article, parent=comment, depth=2)
    media = Path(settings.MEDIA_ROOT)
    (media / "articles").mkdir(parents=True)
    (media / "articles" / "photo.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    source = url(connection.settings_dict["NAME"])

    backup = run("backup", str(tmp_path / "backups"), DATABASE_URL=source, MEDIA_ROOT=str(media))
    assert backup.returncode == 0, backup.stderr
    dump, archive = (Path(line) for line in backup.stdout.split())
    assert dump.name.startswith("newsroom-")
    assert dump.suffix == ".dump"
    assert archive.name.endswith(".tar.gz")
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert not list((tmp_path / "backups").glob("*.part"))

    restored_media = tmp_path / "restored-media"
    restore = run(
        "restore", str(dump), str(archive), DATABASE_URL=scratch, MEDIA_ROOT=str(restored_media)
    )
    assert restore.returncode == 0, restore.stderr
    assert counts(scratch) == counts(source)
    assert counts(scratch)["comments_comment"] == 2
    text = psql(scratch, f"SELECT content FROM comments_comment WHERE id = {comment.pk}")
    assert text == "تعليق يجب أن ينجو من النسخ الاحتياطي ✓"
    assert (restored_media / "articles" / "photo.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"

    again = run(
        "restore", str(dump), str(archive), DATABASE_URL=scratch, MEDIA_ROOT=str(tmp_path / "m2")
    )
    assert again.returncode == 1
    assert "restore into an empty one" in again.stderr
    assert counts(scratch) == counts(source)  # nothing touched

    forced = run(
        "restore",
        "--force",
        str(dump),
        str(archive),
        DATABASE_URL=scratch,
        MEDIA_ROOT=str(restored_media),
    )
    assert forced.returncode == 0, forced.stderr
    assert counts(scratch) == counts(source)


def test_backup_needs_a_folder_and_postgresql(tmp_path):
    assert run("backup", DATABASE_URL=url("x"), BACKUP_DIR="").returncode == 2
    assert run("backup", str(tmp_path), DATABASE_URL="sqlite:///db.sqlite3").returncode == 2

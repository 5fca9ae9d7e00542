"""CPU time of rendering stored comment fragments in bulk (comments.rendering): N comments, in
memory (no database), rendered in every language of the site by render_many_fragments, best of
ROUNDS. Usage: python bench/comments/fragments.py [N [ROUNDS]] (defaults 500 5); wrap it in
`flock /tmp/bench.lock` and note the load."""

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from comments.models import Comment  # noqa: E402
from comments.rendering import language_codes, render_many_fragments  # noqa: E402


def comments(n: int) -> list[Comment]:
    start = datetime(2015, 1, 1, tzinfo=UTC)
    return [
        Comment(
            pk=1000 + i,
            author_name=f"قارئ {i}",
            author_url="https://reader.example/" if i % 3 == 0 else "",
            content=f"تعليق رقم {i} على المقال https://example.com/{i}\n\nسطر ثان.",
            created_at=start + timedelta(hours=i // 10, minutes=i % 10),
            by_staff=i % 50 == 0,
        )
        for i in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rows = comments(n)
    render_many_fragments(rows[:10])  # templates loaded, texts of the warm-up cached
    best = None
    for _ in range(rounds):
        began = time.process_time()
        render_many_fragments(rows)
        spent = time.process_time() - began
        best = spent if best is None else min(best, spent)
    count = n * len(language_codes())
    print(
        f"{count} fragments ({n} comments): best {best * 1000:.0f} ms CPU, "
        f"{best / count * 1e6:.1f} µs a fragment"
    )


if __name__ == "__main__":
    main()

"""Per-process caches are bounded in bytes: long hostile comments cannot grow a worker."""

import gc
import tracemalloc

from comments.rendering import RENDERED_TEXT_CACHE_BYTES, render_comment_text
from newsroom.lru import byte_bounded_cache

MB = 1024 * 1024


def test_rendering_many_long_comments_keeps_memory_under_the_cap():
    render_comment_text.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(48):  # 48 x (65 KB of text + 325 KB of HTML) is about 19 MB
            render_comment_text(f"{n}" + "&" * 65_000)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        render_comment_text.cache_clear()
    assert kept < RENDERED_TEXT_CACHE_BYTES + 2 * MB


def test_the_byte_budget_is_kept_and_recent_results_stay():
    calls = []

    @byte_bounded_cache(100_000)
    def double(text):
        calls.append(text)
        return text * 2

    for n in range(20):
        double(f"{n:02}" + "x" * 5_000)  # about 15 KB an entry
        assert double.cache_info().bytes <= 100_000
    assert double.cache_info().entries < 20
    double("19" + "x" * 5_000)
    assert calls.count("19" + "x" * 5_000) == 1  # still kept
    double("00" + "x" * 5_000)
    assert calls.count("00" + "x" * 5_000) == 2  # evicted, computed again
    double("big" * 30_000)  # larger than a quarter of the budget: computed, not kept
    assert double.cache_info().bytes <= 100_000

"""The project's settings, for the test suite: only a SECRET_KEY of its own is added.

Without DEBUG (tests run as production does) settings.py refuses to start on a missing key.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-n0t-f0r-any-server-" * 3)

from newsroom.settings import *  # noqa: F403

# A read replica alias that mirrors the test database (same tables, its own connection), so
# tests can switch the router on (settings.DATABASE_REPLICA = "replica"); off by default,
# whatever DATABASE_REPLICA_URL says, so every other test reads from "default".
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_REPLICA = None
# The page cache is off for the suite: most tests look at how a page is built
# (response.context, query counts). tests/newsroom/test_pagecache.py turns it on.
PAGE_CACHE_SECONDS = 0

# Views are written at once, so tests see them without waiting for the flush;
# tests/articles/test_popularity.py checks the buffering itself.
MOST_READ_FLUSH_SECONDS = 0

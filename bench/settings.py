"""Settings for the benchmark's server only: the site's own settings, plus /bench/floor/.

The floor is a minimal Django view served by the same gunicorn, through the same middleware,
so every page's figure can be given as a fraction of it. It lives in bench/urls.py, never in
the production URLconf.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

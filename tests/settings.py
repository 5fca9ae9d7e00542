"""The project's settings, for the test suite: only a SECRET_KEY of its own is added.

Without DEBUG (tests run as production does) settings.py refuses to start on a missing key.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-n0t-f0r-any-server-" * 3)

from newsroom.settings import *  # noqa: F403

"""The production settings plus the benchmark's floor view (/bench/hello/).

Everything else (DEBUG, database, cache, sessions) comes from config.settings and the
environment, exactly as in production; only the URL configuration differs.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"

"""Test settings: the production settings file with the few overrides a test run needs.

Kept apart so that nothing in production can switch these on by accident.
"""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("HIROBA_SECRET_KEY", "hiroba-tests-only-not-secret")
os.environ.setdefault("HIROBA_HTTPS", "false")

from config.settings import *  # noqa: E402, F403
from config.settings import CACHES, HUEY, INSTALLED_APPS, REDIS_URL  # noqa: E402

# A kind of post registered the way a real kind's app registers (posts.kinds), to show in tests
# that a new kind needs no edit in posts.
INSTALLED_APPS = [*INSTALLED_APPS, "hiroba.posts.tests.kind_app"]

# Jobs run in the calling thread, right when they are queued (after commit).
HUEY = HUEY | {"immediate": True}
HIROBA_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Pages are tested as rendered; hiroba/core/tests/test_pagecache.py turns the cache on.
HIROBA_PAGE_CACHE_SECONDS = 0
HIROBA_CHECK_PREPARED = True
if not REDIS_URL:
    CACHES = CACHES | {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Parallel test processes get one Redis database each: every test empties the cache
    # (FLUSHDB), and one process must not empty another's in the middle of a test.
    _url = urlsplit(REDIS_URL)
    _db = int(_url.path.lstrip("/") or 0) + 1 + int(os.environ["PYTEST_XDIST_WORKER"][2:])
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_db % 16}"))
    CACHES = CACHES | {"default": CACHES["default"] | {"LOCATION": REDIS_URL}}
    HUEY = HUEY | {"connection": HUEY["connection"] | {"url": REDIS_URL}}

"""The browser fixtures live in ``tests/browser/fixtures.py``, registered for the whole suite by
the root conftest (``pytest_plugins``): one Chromium per session, whichever app's folder a
browser test is in."""

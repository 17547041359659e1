"""Fixtures for the real-browser tests: one Chromium per session, a fresh page per test
(registered for every folder by the root conftest's ``pytest_plugins``).

The browser is Debian's Chromium (never ``playwright install``). Every page records console
messages about the Content Security Policy and uncaught script errors; a test fails on any.
"""

import io
import os

import pytest
from PIL import Image

CHROMIUM = os.environ.get("HIROBA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs its own event loop; Django must allow sync ORM calls around it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageProblems:
    """What a page reported that should never happen: CSP violations and script errors."""

    def __init__(self):
        self.csp: list[str] = []
        self.errors: list[str] = []

    def watch(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp.append(message.text)

    def assert_none(self):
        assert self.csp == [], "CSP violations:\n" + "\n".join(self.csp)
        assert self.errors == [], "script errors:\n" + "\n".join(self.errors)


def _new_page(browser, problems, **context_options):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems.watch(page)
    return context, page


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(browser, page_problems):
    context, page = _new_page(browser, page_problems, viewport=DESKTOP)
    yield page
    context.close()
    page_problems.assert_none()


@pytest.fixture
def phone_page(browser, page_problems):
    context, page = _new_page(
        browser,
        page_problems,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()
    page_problems.assert_none()


@pytest.fixture
def jpeg_file(tmp_path):
    """A real JPEG on disk, for ``set_input_files``."""

    def make(name="photo.jpg", size=(800, 600), color=(230, 120, 40)):
        image = Image.new("RGB", size, color)
        # A second colour block, so the photo is visibly a photo in screenshots.
        image.paste((40, 120, 200), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=85)
        path = tmp_path / name
        path.write_bytes(buffer.getvalue())
        return path

    return make

"""Shared personas (see docs/conventions.md): every test meets the same people.

alice, bob   members
charlie      a member who is not in the restricted space
mod          moderator
editor       editor, who posts as the official account ``official``
cm           community manager
anon         an anonymous visitor
"""

import io
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from PIL import Image

from hiroba.accounts.models import Role
from hiroba.accounts.services import create_editorial_account, register_member
from hiroba.community.models import Visibility
from hiroba.community.selectors import forget_community
from hiroba.community.services import create_space, invite_to_space
from hiroba.core.generations import forget_all as forget_snapshots

# The real-browser fixtures (one Chromium per test session), for browser tests in any folder.
pytest_plugins = ["tests.browser.fixtures"]


def pytest_collection_modifyitems(items):
    """Browser tests run last, wherever their file is: their live server's thread can keep the
    SQLite file open, and a test that changes the journal mode afterwards (``generate``) would
    find the database locked. The sort is stable, so the order is otherwise unchanged."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _clean_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    caches["fragments"].clear()
    caches["threads"].clear()
    forget_community()
    forget_snapshots()
    yield
    cache.clear()
    caches["fragments"].clear()
    caches["threads"].clear()
    forget_community()
    forget_snapshots()
    # A request through the test client activates the community's time zone and the member's
    # language in this thread, and nothing turns them off: the next test would read its dates
    # in that zone rather than the default one.
    timezone.deactivate()
    translation.deactivate()


def make_member(handle: str, role: str = Role.MEMBER, **extra):
    return register_member(
        email=f"{handle}@example.com",
        password="correct horse battery staple",
        display_name=extra.pop("display_name", handle.capitalize()),
        handle=handle,
        accepted_guidelines=True,
        role=role,
    )


def client_for(member=None) -> Client:
    """A browser asking for English pages, logged in as ``member`` (or a visitor)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if member is not None:
        client.force_login(member)
    return client


@pytest.fixture
def alice(db):
    return make_member("alice", display_name="アリス")


@pytest.fixture
def bob(db):
    return make_member("bob")


@pytest.fixture
def charlie(db):
    return make_member("charlie")


@pytest.fixture
def mod(db):
    return make_member("mod", Role.MODERATOR)


@pytest.fixture
def editor(db):
    return make_member("editor", Role.EDITOR)


@pytest.fixture
def cm(db):
    return make_member("manager", Role.MANAGER)


@pytest.fixture
def anon():
    return AnonymousUser()


@pytest.fixture
def official(cm):
    return create_editorial_account(actor=cm, display_name="Hiroba編集部", handle="hiroba_editors")


@pytest.fixture
def recipes(cm):
    return create_space(actor=cm, slug="recipes", name="レシピ", description="料理の写真とレシピ")


@pytest.fixture
def ideas_space(cm):
    return create_space(
        actor=cm, slug="ideas", name="アイデア広場", description="提案と投票", allows_ideas=True
    )


@pytest.fixture
def lounge(cm):
    return create_space(actor=cm, slug="lounge", name="雑談", visibility=Visibility.MEMBERS)


@pytest.fixture
def inner_circle(cm, alice, bob):
    space = create_space(
        actor=cm, slug="inner", name="アンバサダー", visibility=Visibility.RESTRICTED
    )
    invite_to_space(actor=cm, space=space, member=alice)
    invite_to_space(actor=cm, space=space, member=bob)
    return space


def run_in_threads(
    calls: Sequence[Callable],
    *,
    workers: int | None = None,
    returning: tuple[type[BaseException], ...] = (),
    start_together: bool = False,
) -> list:
    """Run each zero-argument callable on a thread of a pool; their results, in order.

    For concurrency tests in transactional mode: each thread uses, and closes when its call
    ends, a database connection of its own. An exception of a type in ``returning`` is
    returned in place of the call's result, so that a test can count the refusals; any other
    is raised. ``workers`` is the pool's size (one thread per call by default);
    ``start_together`` holds every call at a barrier until all of them are ready, so they
    overlap as much as the database lets them.
    """
    workers = workers or len(calls)
    if start_together and workers < len(calls):
        raise ValueError("Calls that start together need a thread each.")
    barrier = threading.Barrier(len(calls)) if start_together else None

    def run(call):
        try:
            if barrier is not None:
                barrier.wait()
            return call()
        except returning as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, calls))


def image_bytes(fmt: str = "JPEG", size=(640, 480), color=(200, 80, 40), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def jpeg_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name="photo.jpg", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")

    return make


@pytest.fixture
def database_cache(db):
    """Run the test on the embedded default's cache: a table, where every access is a query.

    override_settings (not the settings fixture) so the table is left before the database is.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    table = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hiroba_cache"}
    with override_settings(CACHES=settings.CACHES | {"default": table}):
        call_command("createcachetable")
        yield
        cache.clear()

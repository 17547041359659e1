"""Picks the pages to measure and makes a session for a sample member; prints JSON.

Run by pages.py with the same environment as the server (``DJANGO_SETTINGS_MODULE=
benchmarks.settings``), so the session lands in the store the server reads (database, or
Redis + database with HIROBA_REDIS_URL) and is signed with the same secret key.

    DJANGO_SETTINGS_MODULE=benchmarks.settings python benchmarks/prepare.py [--member HANDLE]
"""

import argparse
import json
import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, Func  # noqa: E402

from hiroba.accounts.models import Member, Role  # noqa: E402
from hiroba.community.models import Space, Visibility  # noqa: E402
from hiroba.posts.kinds import post_path  # noqa: E402
from hiroba.posts.models import Comment, Kind, Post, Status  # noqa: E402

# The long thread (every comment shown), and the usual one; a question or an idea with a usual
# number of answers or comments too.
COMMENTS_WANTED = 200
COMMENTS_USUAL = 20


def ordinary_members():
    return Member.objects.filter(
        is_active=True,
        is_suspended=False,
        is_official=False,
        role=Role.MEMBER,
        accepted_guidelines_at__isnull=False,
    )


def pick_member(handle: str | None) -> Member:
    if handle:
        return Member.objects.get(handle=handle)
    # An ordinary member who posts now and then: the first one with a post, else the first one.
    member = ordinary_members().filter(post_count__gt=0).order_by("id").first()
    return member or ordinary_members().order_by("id").first()


def closest_in_comments(kind: str, wanted: int) -> Post | None:
    """The published post of ``kind`` in a public space whose comment count is nearest
    ``wanted`` (the newest of equals: the same one on every run over the same data)."""
    return (
        Post.objects.filter(
            kind=kind,
            status=Status.PUBLISHED,
            deleted_at__isnull=True,
            space__visibility=Visibility.PUBLIC,
        )
        .annotate(distance=Func(F("comment_count") - wanted, function="ABS"))
        .order_by("distance", "-id")
        .first()
    )


def thread_page(key: str, label: str, post: Post | None) -> list[dict]:
    """The page of ``post`` (through its kind's own address), or none when the data has none."""
    if post is None:
        print(
            f"prepare: the database has no published {label} in a public space: "
            f"the {key} page is left out",
            file=sys.stderr,
        )
        return []
    comments = f"{post.comment_count} comment" + ("" if post.comment_count == 1 else "s")
    return [
        {
            "name": f"{label} ({comments})",
            "key": key,
            "path": post_path(post),
        }
    ]


def make_session(member: Member) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = member._meta.pk.value_to_string(member)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.save()
    return store.session_key


def describe_database() -> dict:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
            path = Path(settings.DATABASES["default"]["NAME"])
            size = path.stat().st_size
            where = str(path)
        else:
            cursor.execute("show server_version")
            version = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
            cursor.execute("select pg_database_size(current_database())")
            size = cursor.fetchone()[0]
            where = f"database {settings.DATABASES['default']['NAME']}"
    return {
        "vendor": vendor,
        "version": version,
        "where": where,
        "size_bytes": size,
        "members": Member.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "sessions": settings.SESSION_ENGINE.rsplit(".", 1)[-1],
        "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE", 0),
        "pool": bool(settings.DATABASES["default"].get("OPTIONS", {}).get("pool")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--member", help="handle of the member to log in as")
    parser.add_argument("--no-session", action="store_true", help="anonymous runs only")
    args = parser.parse_args()

    space = (
        Space.objects.filter(visibility=Visibility.PUBLIC, is_archived=False)
        .order_by("-post_count", "id")
        .first()
    )
    post = closest_in_comments(Kind.POST, COMMENTS_WANTED)
    poster = (
        Member.objects.filter(is_active=True, is_suspended=False, is_official=False)
        .order_by("-post_count", "id")
        .first()
    )
    if space is None or post is None or poster is None:
        sys.exit("prepare: the database has no public space, post or member: seed it first")

    member = None if args.no_session else pick_member(args.member)
    result = {
        "pages": [
            {"name": "hello (floor)", "key": "hello", "path": "/bench/hello/"},
            {"name": "home feed", "key": "home", "path": "/"},
            {
                "name": f"space ({space.post_count} posts)",
                "key": "space",
                "path": f"/s/{space.slug}/",
            },
            *thread_page("post20", "post", closest_in_comments(Kind.POST, COMMENTS_USUAL)),
            *thread_page("post", "post, long thread", post),
            *thread_page(
                "question", "question", closest_in_comments(Kind.QUESTION, COMMENTS_USUAL)
            ),
            *thread_page("idea", "idea", closest_in_comments(Kind.IDEA, COMMENTS_USUAL)),
            {
                "name": f"profile ({poster.post_count} posts)",
                "key": "profile",
                "path": f"/members/{poster.handle}/",
            },
            {"name": "articles list", "key": "articles", "path": "/articles/"},
        ],
        "database": describe_database(),
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "session_key": make_session(member) if member else None,
        "member": {"id": member.pk, "handle": member.handle} if member else None,
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

"""No code path changes a post's (or comment's) visibility without an audit entry.

Two halves prove it:

1. The code: hiroba/posts/services/visibility.py is the only module that writes ``status`` or
   ``deleted_at`` of posts and comments, or creates them, and it audits every change. The scan
   below reads every module of the project (not tests, not migrations) and fails on any other
   writer: attribute assignments, ``setattr``, ``update()``/``create()``/constructors with those
   fields, ``save(update_fields=...)``/``bulk_update`` naming them, post and comment inserts,
   bulk deletes of posts or comments, and raw SQL that updates or deletes their tables. (A
   ``Post(pk=...)`` stand-in for ``bulk_update`` of other fields is allowed; its bulk_update is
   checked.)
2. The behaviour: every path that goes through that module (a member deleting their post, a
   moderator hiding, restoring, deleting, approving; holds by a word rule; editors publishing
   and unpublishing articles; the scheduled job) leaves exactly the entry it should.
"""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.moderation.services import moderate_comment, moderate_post
from hiroba.posts.models import Status
from hiroba.posts.services import (
    add_comment,
    create_article,
    delete_comment,
    delete_post,
    edit_post,
    publish_due_articles,
    publish_post,
    update_article,
)

ROOT = Path(__file__).resolve().parents[3]
ALLOWED = {"hiroba/posts/services/visibility.py"}
# The scale generator writes years of history with COPY/INSERT for benchmarks: it creates rows
# in their first state and never changes one. Named here so that any other exception is a
# decision someone has to write down.
GENERATORS = {"hiroba/demo/scale/writer.py", "hiroba/demo/scale/posts.py",
              "hiroba/demo/scale/articles.py"}  # fmt: skip
FIELDS = {"status", "deleted_at"}
MODELS = {"Post", "Comment"}
RAW_SQL = re.compile(r"\b(update|delete\s+from|insert\s+into)\s+\"?posts_(post|comment)\b", re.I)


def _project_modules():
    for path in sorted((ROOT / "hiroba").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, ast.parse(path.read_text(), filename=relative)


def _names_model(node) -> bool:
    """``Post``, ``Post.objects``, ``Comment.objects.filter(...)...`` and the like."""
    while True:
        if isinstance(node, ast.Name):
            return node.id in MODELS
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and
            isinstance(n.value, str)}  # fmt: skip


def _imports_posts_models(tree) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "hiroba.posts.models"
        and {alias.name for alias in node.names} & MODELS
        for node in ast.walk(tree)
    )


def writers_of_visibility(relative: str, tree) -> list[str]:
    """Every place in one module that could change whether a post or comment is seen."""
    found = []
    touches_models = _imports_posts_models(tree) or relative.startswith("hiroba/posts/")

    def flag(node, what):
        found.append(f"{relative}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and RAW_SQL.search(node.value):
            flag(node, "raw SQL on the posts or comments table")
        if not touches_models:
            continue
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr in FIELDS:
                        flag(node, f"assignment to .{part.attr}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        keywords = {k.arg for k in node.keywords}
        if name == "setattr" and len(node.args) > 1 and _strings(node.args[1]) & FIELDS:
            flag(node, "setattr of a visibility field")
        if name in ("update", "update_or_create", "get_or_create", "create") and keywords & FIELDS:
            flag(node, f"{name}() with {sorted(keywords & FIELDS)}")
        if name in MODELS and ("pk" not in keywords or keywords & FIELDS):
            # Post(pk=..., search_text=...) is a stand-in for bulk_update (checked below).
            flag(node, f"a new {name} row")
        if name in ("create", "bulk_create", "get_or_create", "update_or_create") and \
                _names_model(func.value):  # fmt: skip
            flag(node, f"{name}() of posts or comments")
        if name == "delete" and isinstance(func, ast.Attribute) and _names_model(func.value):
            flag(node, "bulk delete of posts or comments")
        if name == "save":
            for keyword in node.keywords:
                if keyword.arg == "update_fields" and _strings(keyword.value) & FIELDS:
                    flag(node, "save(update_fields=...) of a visibility field")
        if name == "bulk_update" and any(_strings(arg) & FIELDS for arg in node.args[1:]):
            flag(node, "bulk_update of a visibility field")
    return found


def test_only_the_visibility_service_writes_post_and_comment_visibility():
    offenders = []
    for relative, tree in _project_modules():
        if relative in ALLOWED or relative in GENERATORS:
            continue
        offenders += writers_of_visibility(relative, tree)
    assert offenders == [], "visibility written outside posts/services/visibility.py:\n" + (
        "\n".join(offenders)
    )


def test_the_allowed_module_really_is_found_by_the_scan():
    """The scan would catch the writes it forbids: it finds the ones in the allowed module."""
    path = ROOT / "hiroba/posts/services/visibility.py"
    found = writers_of_visibility(
        "hiroba/posts/services/visibility.py", ast.parse(path.read_text())
    )
    assert any("assignment to .status" in f for f in found)
    assert any("assignment to .deleted_at" in f for f in found)
    assert any("a new Post row" in f for f in found)
    assert any("a new Comment row" in f for f in found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("post.status = 'hidden'", "assignment to .status"),
        ("post.title, post.deleted_at = 'x', now", "assignment to .deleted_at"),
        ("setattr(post, 'status', 'hidden')", "setattr"),
        ("Post.objects.filter(pk=1).update(status='hidden')", "update()"),
        ("qs.update(deleted_at=None)", "update()"),
        ("post.save(update_fields=['status'])", "save(update_fields"),
        ("Post.objects.bulk_update(posts, ['deleted_at'])", "bulk_update"),
        ("Post(kind='post', body='x')", "a new Post row"),
        ("Post(pk=1, status='hidden')", "a new Post row"),
        ("Comment.objects.create(post=post, body='x')", "create() of posts or comments"),
        ("Post.objects.bulk_create(rows)", "bulk_create() of posts"),
        ("Comment.objects.filter(post=post).delete()", "bulk delete"),
        ("cursor.execute('UPDATE posts_post SET status = %s')", "raw SQL"),
        ("cursor.execute('delete from \"posts_comment\" where id = 1')", "raw SQL"),
    ],
)
def test_the_scan_catches_each_kind_of_write(source, expected):
    module = "from hiroba.posts.models import Comment, Post\n" + source
    found = writers_of_visibility("hiroba/example.py", ast.parse(module))
    assert any(expected in f for f in found), found


def _entries():
    return list(
        AuditEntry.objects.order_by("id").values_list("action", "actor__handle", "target_type")
    )


@pytest.mark.django_db
def test_a_member_deleting_their_post_and_comment_is_audited(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=bob, post=post, body="コメント")
    assert _entries() == []  # publishing one's own words is not a moderation event
    delete_comment(actor=bob, comment=comment)
    delete_post(actor=alice, post=post)
    delete_post(actor=alice, post=post)  # twice: nothing changes, nothing more is audited
    assert _entries() == [
        (AuditAction.COMMENT_DELETE, "bob", "comment"),
        (AuditAction.POST_DELETE, "alice", "post"),
    ]


@pytest.mark.django_db
def test_every_moderator_action_is_audited(word_rule, alice, bob, mod, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=bob, post=post, body="コメント")
    moderate_post(actor=mod, post=post, action="hide", reason="r1")
    moderate_post(actor=mod, post=post, action="restore", reason="r2")
    moderate_comment(actor=mod, comment=comment, action="hide", reason="r3")
    moderate_comment(actor=mod, comment=comment, action="delete", reason="r4")
    word_rule("保留語", "hold")
    held = publish_post(actor=alice, space=recipes, body="保留語です")
    held_comment = add_comment(actor=bob, post=post, body="保留語")
    moderate_post(actor=mod, post=held, action="approve")
    moderate_comment(actor=mod, comment=held_comment, action="approve")
    edited = edit_post(actor=alice, post=held, body="また保留語")
    assert edited.status == Status.HELD
    moderate_post(actor=mod, post=edited, action="delete", reason="r5")
    assert [e for e in _entries() if e[0] != AuditAction.WORD_RULE_ADD] == [
        (AuditAction.POST_HIDE, "mod", "post"),
        (AuditAction.POST_RESTORE, "mod", "post"),
        (AuditAction.COMMENT_HIDE, "mod", "comment"),
        (AuditAction.COMMENT_DELETE, "mod", "comment"),
        (AuditAction.POST_HOLD, None, "post"),
        (AuditAction.COMMENT_HOLD, None, "comment"),
        (AuditAction.POST_APPROVE, "mod", "post"),
        (AuditAction.COMMENT_APPROVE, "mod", "comment"),
        (AuditAction.POST_HOLD, None, "post"),
        (AuditAction.POST_DELETE, "mod", "post"),
    ]
    reasons = list(
        AuditEntry.objects.filter(reason__startswith="r")
        .order_by("id")
        .values_list("reason", flat=True)
    )
    assert reasons == ["r1", "r2", "r3", "r4", "r5"]


@pytest.mark.django_db
def test_articles_published_by_editors_and_by_the_scheduled_job_are_audited(editor, official):
    now_article = create_article(
        actor=editor, as_account=official, title="今すぐ", body="本文", publish="now"
    )
    draft = create_article(actor=editor, as_account=official, title="下書き", body="本文")
    update_article(
        actor=editor, article=draft, title="下書き", body="本文", publish="schedule",
        publish_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    update_article(actor=editor, article=now_article, title="今すぐ", body="本文", publish="draft")
    assert publish_due_articles(now=timezone.now() + timedelta(hours=2)) == 1
    assert _entries() == [
        (AuditAction.POST_PUBLISH, "editor", "post"),
        (AuditAction.POST_SCHEDULE, "editor", "post"),
        (AuditAction.POST_UNPUBLISH, "editor", "post"),
        (AuditAction.POST_PUBLISH, None, "post"),  # the job: the system is the actor
    ]
    job_entry = AuditEntry.objects.order_by("id").last()
    assert job_entry.target_id == draft.pk and job_entry.data["scheduled_by"] == editor.pk

"""The audit log is never editable: not by the model, its query set, the admin, or raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.audit.services import record_audit
from hiroba.posts.services import publish_post

pytestmark = pytest.mark.django_db


REASON = "度重なる宣伝投稿"  # distinct from any word on the page ("理由" is a column heading)


@pytest.fixture
def entry(mod, alice):
    return record_audit(actor=mod, action=AuditAction.MEMBER_WARN, target=alice, reason=REASON)


def test_the_model_refuses_updates_and_deletes(entry):
    entry.reason = "書き換え"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="書き換え")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    assert AuditEntry.objects.get(pk=entry.pk).reason == REASON


def test_the_database_refuses_an_update_by_raw_sql(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE moderation_auditentry SET reason = %s WHERE id = %s", ["x", entry.pk]
        )
    assert AuditEntry.objects.get(pk=entry.pk).reason == REASON


def test_postgresql_also_refuses_a_delete_by_raw_sql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite refuses deletes in the model only (see migration 0002)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM moderation_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_failed_action_leaves_no_entry_and_an_entry_never_outlives_its_action(
    alice, mod, recipes
):
    """The entry is written in the action's transaction: both commit, or neither."""
    from hiroba.moderation.services import moderate_post

    post = publish_post(actor=alice, space=recipes, body="本文")
    with pytest.raises(RuntimeError), transaction.atomic():
        moderate_post(actor=mod, post=post, action="hide", reason="理由")
        raise RuntimeError("the request failed after the action")
    post.refresh_from_db()
    assert post.status == "published" and not AuditEntry.objects.exists()


def test_managers_read_the_log_with_filters_and_members_and_moderators_get_404(
    client, entry, alice, mod, cm, django_assert_max_num_queries
):
    for persona in (alice, mod):
        client.force_login(persona)
        assert client.get("/moderation/audit/").status_code == 404
    client.force_login(cm)
    with django_assert_max_num_queries(12):
        page = client.get("/moderation/audit/", {"actor": "mod", "action": "member_warn"})
    html = page.content.decode()
    assert page.status_code == 200 and "@mod" in html and REASON in html
    none = client.get("/moderation/audit/", {"action": "post_hide"}).content.decode()
    assert REASON not in none
    unknown = client.get("/moderation/audit/", {"actor": "nobody"}).content.decode()
    assert REASON not in unknown
    assert (
        client.get("/moderation/audit/", {"target_id": "\x00", "cursor": "%%"}).status_code == 200
    )
    # Read-only: the page offers no form that writes.
    assert 'method="post"' not in html.split('id="audit"')[1]


def test_the_log_pages_by_key(cm, mod, alice):
    from hiroba.moderation.selectors import list_audit

    for i in range(7):
        record_audit(actor=mod, action=AuditAction.MEMBER_WARN, target=alice, reason=str(i))
    first = list_audit(size=3)
    second = list_audit(cursor=first.next_cursor, size=3)
    third = list_audit(cursor=second.next_cursor, size=3)
    reasons = [e.reason for page in (first, second, third) for e in page.items]
    assert reasons == ["6", "5", "4", "3", "2", "1", "0"] and third.next_cursor is None

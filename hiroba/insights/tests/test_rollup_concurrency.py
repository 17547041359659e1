"""Two rollups of the same day at once (the hourly job and a rebuild) leave the day's rows once,
as one rollup would: real threads with their own connections (transactional test mode)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_member
from hiroba.community.services import create_space
from hiroba.insights.models import COMMUNITY, DailyRollup, DaySet
from hiroba.insights.rollup import rollup_day
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_rollups_of_a_day_agree():
    cm = make_member("manager", "manager")
    alice, bob = make_member("alice"), make_member("bob")
    space = create_space(actor=cm, slug="recipes", name="レシピ")
    post = publish_post(actor=alice, space=space, body="写真")
    add_comment(actor=bob, post=post, body="いいですね")
    today = timezone.localdate()

    def run(_n):
        try:
            return rollup_day(today).posts
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(run, range(6)))
    assert results == [1] * 6
    assert DailyRollup.objects.filter(day=today, space_id=COMMUNITY).count() == 1
    assert DailyRollup.objects.filter(day=today, space_id=space.pk).count() == 1
    kinds = list(
        DaySet.objects.filter(day=today, space_id=COMMUNITY).values_list("kind", flat=True)
    )
    assert len(kinds) == len(set(kinds))

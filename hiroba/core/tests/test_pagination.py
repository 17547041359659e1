"""keyset_page: every row once, in order, through ties on the first column, in both directions;
a cursor it did not make reads as the start."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Q

from hiroba.core.models import OutboxJob
from hiroba.core.pagination import (
    Page,
    decode_cursor,
    encode_cursor,
    keyset_after,
    keyset_page,
)

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 1, 1, 12, tzinfo=UTC)
NEWEST = ("-kept_at", "-id")
OLDEST = ("kept_at", "id")
KINDS = (datetime, int)


@pytest.fixture
def jobs():
    """Seven rows, five of them at the same moment: the id alone orders those."""
    moments = [NOON, NOON, NOON - timedelta(hours=1), NOON, NOON + timedelta(hours=1), NOON, NOON]
    return [OutboxJob.objects.create(data=b"", kept_at=moment) for moment in moments]


def walk(order, size, *, queryset=None) -> list[list]:
    queryset = OutboxJob.objects.all() if queryset is None else queryset
    pages, cursor = [], None
    while True:
        page = keyset_page(queryset, order=order, kinds=KINDS, cursor=cursor, size=size)
        pages.append(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def ids(rows) -> list[int]:
    return [row["id"] if isinstance(row, dict) else row.pk for row in rows]


@pytest.mark.parametrize("order", [NEWEST, OLDEST])
@pytest.mark.parametrize("size", [1, 2, 3, 7, 8])
def test_it_gives_every_row_once_in_order_through_ties(jobs, order, size):
    expected = ids(OutboxJob.objects.order_by(*order))
    pages = [ids(page) for page in walk(order, size)]
    # Full pages, then the rest; no empty page after a list that ends on a page boundary.
    assert pages == [expected[i : i + size] for i in range(0, len(expected), size)]


def test_newest_first_breaks_ties_by_the_highest_id(jobs):
    tied = sorted((job.pk for job in jobs if job.kept_at == NOON), reverse=True)
    first, second = walk(NEWEST, 3)[:2]
    assert ids(first) == [jobs[4].pk, *tied[:2]]  # an hour later, then the tie by id
    assert ids(second) == tied[2:5]


def test_the_last_page_has_no_cursor_even_when_it_is_full(jobs):
    page = keyset_page(
        OutboxJob.objects.all(), order=NEWEST, kinds=KINDS, cursor=None, size=len(jobs)
    )
    assert len(page.items) == len(jobs) and page.next_cursor is None


def test_values_rows_page_by_their_keys(jobs):
    rows = OutboxJob.objects.values("id", "kept_at")
    assert sum(map(ids, walk(NEWEST, 2, queryset=rows)), []) == ids(
        OutboxJob.objects.order_by(*NEWEST)
    )


def test_one_page_is_one_query(jobs, django_assert_num_queries):
    first = keyset_page(OutboxJob.objects.all(), order=NEWEST, kinds=KINDS, cursor=None, size=2)
    with django_assert_num_queries(1):
        keyset_page(
            OutboxJob.objects.all(), order=NEWEST, kinds=KINDS, cursor=first.next_cursor, size=2
        )


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%",
        encode_cursor(42),  # one value where two are expected
        encode_cursor("yesterday", 1),
        encode_cursor(NOON.replace(tzinfo=None), 1),  # no time zone
        encode_cursor(NOON, 2**80),  # no column holds it
        encode_cursor(NOON, -1),
    ],
)
def test_a_cursor_it_did_not_make_reads_as_the_first_page(jobs, cursor):
    first = keyset_page(OutboxJob.objects.all(), order=NEWEST, kinds=KINDS, cursor=None, size=3)
    again = keyset_page(OutboxJob.objects.all(), order=NEWEST, kinds=KINDS, cursor=cursor, size=3)
    assert again == first


def test_the_filter_keeps_the_or_shape_the_index_plans_expect():
    # "a < x OR (a = x AND b < y)": both databases walk the (a, b) index from the cursor.
    assert keyset_after(NEWEST, (NOON, 5)) == Q(kept_at__lt=NOON) | Q(kept_at=NOON, id__lt=5)
    assert keyset_after(OLDEST, (NOON, 5)) == Q(kept_at__gt=NOON) | Q(kept_at=NOON, id__gt=5)
    assert keyset_after(("-id",), (5,)) == Q(id__lt=5)


def test_float_keys_round_trip_exactly_and_refuse_what_is_not_a_number():
    score = 0.1 + 0.2  # not exactly written in decimal
    assert decode_cursor(encode_cursor(score, 3), (float, int)) == (score, 3)
    for value in ("nan", "inf", "-inf"):
        assert decode_cursor(encode_cursor(value, 3), (float, int)) is None


def test_an_empty_list_is_an_empty_page(db):
    page = keyset_page(OutboxJob.objects.all(), order=NEWEST, kinds=KINDS, cursor=None, size=5)
    assert page == Page([], None)

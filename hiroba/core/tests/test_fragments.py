"""Fragments spliced into a response's bytes (hiroba/core/fragments.py)."""

from django.http import HttpResponse
from django.test import RequestFactory

from hiroba.core.fragments import splice_later, spliced


def test_a_spliced_fragment_lands_where_its_marker_was_printed():
    request = RequestFactory().get("/")
    marker = splice_later(request, "<p>広場のコメント</p>".encode())
    response = spliced(request, HttpResponse(f"<main>{marker}</main><footer>足</footer>"))
    assert response.content.decode() == "<main><p>広場のコメント</p></main><footer>足</footer>"
    assert marker.startswith("hiroba-") and len(marker) > 32  # no member can write one


def test_markers_are_new_each_time_and_a_response_without_any_is_left_alone():
    request = RequestFactory().get("/")
    first, second = splice_later(request, b"1"), splice_later(request, b"2")
    assert first != second
    response = spliced(request, HttpResponse(f"{second}-{first}"))
    assert response.content == b"2-1"
    untouched = HttpResponse("そのまま")
    assert spliced(RequestFactory().get("/"), untouched).content == "そのまま".encode()

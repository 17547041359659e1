"""Every page carries the Content Security Policy: 404s too, also with DEBUG on (the demo runs
so), where Django's own 404 page may style itself only through the hashes of its <style>."""

import base64
import hashlib
import re

import pytest

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def directive(response, name: str) -> list[str]:
    for part in response[HEADER].split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {response[HEADER]!r}")


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_missing_page_carries_the_policy(client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "'self'" in directive(response, "script-src")
    assert "'unsafe-inline'" not in response[HEADER]
    assert directive(response, "object-src") == ["'none'"]


def test_a_404_from_a_view_carries_the_policy_with_debug_on(client, settings, recipes):
    settings.DEBUG = True
    response = client.get("/p/987654/")
    assert response.status_code == 404
    assert directive(response, "frame-ancestors") == ["'none'"]


def test_the_debug_404_page_may_use_exactly_its_own_styles(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    blocks = re.findall(rb"<style[^>]*>(.*?)</style>", response.content, re.S)
    assert blocks, "Django's debug 404 page styles itself inline"
    allowed = {
        f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'" for block in blocks
    }
    styles = directive(response, "style-src")
    assert allowed <= set(styles)
    assert "'unsafe-inline'" not in styles


def test_ordinary_pages_allow_no_inline_styles(client, settings, db):
    settings.DEBUG = True
    response = client.get("/")
    assert directive(response, "style-src") == ["'self'"]

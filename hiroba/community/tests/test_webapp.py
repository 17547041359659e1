"""The icon, the apple-touch-icon and the web manifest: linked from every page, served (also to
visitors of a closed community), and naming the community and its logo when it has one."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import image_bytes
from hiroba.community.services import update_community_settings

pytestmark = pytest.mark.django_db


def links(html: str) -> dict[str, str]:
    return {rel: href for rel, href in re.findall(r'<link rel="([^"]+)" href="([^"]+)"', html)} | {
        f"{rel} {sizes}": href
        for rel, href, sizes in re.findall(
            r'<link rel="([^"]+)" href="([^"]+)"[^>]* sizes="([^"]+)"', html
        )
    }


def fetch(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_every_page_links_an_icon_an_apple_touch_icon_and_the_manifest(client, recipes):
    for path in ("/", "/s/recipes/", "/accounts/login/", "/no-such-page/"):
        found = links(client.get(path).content.decode())
        assert {"icon", "apple-touch-icon", "manifest"} <= set(found), (path, found)
    found = links(client.get("/").content.decode())
    for rel in ("icon", "apple-touch-icon"):
        response = fetch(client, found[rel])
        assert response["Content-Type"] in {"image/png", "image/x-icon", "image/vnd.microsoft.icon"}
    assert found["manifest"] == "/manifest.webmanifest"


def test_favicon_ico_answers_with_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = b"".join(fetch(client, response["Location"]).streaming_content)
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert client.head("/favicon.ico").status_code == 302  # link checkers and crawlers ask so
    assert client.head("/manifest.webmanifest").status_code == 200


def test_the_manifest_names_the_community_and_its_icons(client, cm):
    update_community_settings(actor=cm, name="やさいのひろば", description="野菜好きの広場")
    response = fetch(client, "/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "やさいのひろば"
    assert manifest["description"] == "野菜好きの広場"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert fetch(client, icon["src"])["Content-Type"] == "image/png"


def test_a_community_logo_becomes_its_icons(client, cm):
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG", size=(300, 300)), "image/png")
    update_community_settings(actor=cm, logo=logo)
    found = links(client.get("/").content.decode())
    assert found["icon"].startswith("/media/logos/")
    assert found["apple-touch-icon"] == found["icon"]
    manifest = json.loads(fetch(client, "/manifest.webmanifest").content)
    assert [icon["src"] for icon in manifest["icons"]] == [found["icon"]]


def test_a_closed_community_still_serves_the_icon_and_manifest(client, cm):
    update_community_settings(actor=cm, is_open=False)
    assert client.get("/s/anything/").status_code == 302  # pages are closed
    assert json.loads(fetch(client, "/manifest.webmanifest").content)["name"]
    assert client.get("/favicon.ico").status_code == 302
    assert "/accounts/login/" not in client.get("/favicon.ico")["Location"]

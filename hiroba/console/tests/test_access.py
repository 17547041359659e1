"""The console's doors: staff in, members refused with 403, visitors sent to log in."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_member_gets_403_and_visitor_goes_to_login(client, alice):
    url = reverse("console:home")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]

    client.force_login(alice)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["mod", "editor", "cm"])
def test_every_staff_role_opens_the_console(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("console:home"))
    assert response.status_code == 200
    assert "console-nav" in response.content.decode()


@pytest.mark.django_db
def test_manage_menu_links_to_the_console(client, mod):
    client.force_login(mod)
    assert reverse("console:home") in client.get(reverse("home")).content.decode()

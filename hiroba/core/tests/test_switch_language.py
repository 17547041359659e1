def test_the_language_link_sets_the_cookie_and_returns_to_the_page(client, db):
    response = client.get("/i18n/en/", {"next": "/spaces/"})
    assert response.status_code == 302
    assert response["Location"] == "/spaces/"
    assert response.cookies["django_language"].value == "en"
    assert "Home" in client.get("/").content.decode()


def test_it_refuses_unknown_languages_and_foreign_next_addresses(client, db):
    assert client.get("/i18n/xx/").status_code == 404
    response = client.get("/i18n/ja/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.post("/i18n/ja/").status_code == 405


def test_anonymous_pages_carry_no_csrf_token(client, db):
    response = client.get("/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies

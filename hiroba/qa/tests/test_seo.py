"""Public questions of an open community are indexable: sitemap, canonical address, description
and QAPage structured data. Nothing of it for members-only, restricted or closed content."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.community.services import update_community_settings
from hiroba.core import sitemaps
from hiroba.posts.services import add_comment, delete_post
from hiroba.qa.services import accept_answer, ask_question

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def json_ld(html: str) -> dict | None:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


@pytest.fixture
def closed(cm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_community_settings(actor=cm, is_open=False)


@pytest.fixture
def solved(question, alice, bob, mod):
    member_answer = add_comment(actor=bob, post=question.post, body="一か月が目安です")
    staff_answer = add_comment(
        actor=mod, post=question.post, body="公式: 開封後は冷蔵で**一か月**以内に </script><b>"
    )
    accept_answer(actor=alice, question=question, answer=staff_answer)
    return question, member_answer, staff_answer


def test_a_public_question_carries_qapage_data_with_the_accepted_answer(solved):
    question, member_answer, staff_answer = solved
    response = Client().get(reverse("qa:detail", args=[question.pk]))
    html = response.content.decode()

    data = json_ld(html)
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question"
    assert entity["name"] == "ゆず塩ドレッシングの賞味期限は開封後どのくらい?"
    assert entity["answerCount"] == 2
    assert entity["author"]["name"] == "アリス"
    accepted = entity["acceptedAnswer"]
    assert accepted["url"].endswith(f"/questions/{question.pk}/#comment-{staff_answer.pk}")
    assert "一か月" in accepted["text"]
    assert [a["url"].rsplit("-", 1)[1] for a in entity["suggestedAnswer"]] == [
        str(member_answer.pk)
    ]
    # A member's "</script>" cannot end the data block early.
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block
    seo = response.context["seo"]
    assert seo["canonical"] == f"http://testserver/questions/{question.pk}/"
    assert seo["description"].startswith("冷蔵庫で保存しています。")


def test_the_canonical_address_and_description_are_in_the_head(question):
    html = Client().get(reverse("qa:detail", args=[question.pk])).content.decode()
    head = html.split("</head>")[0]
    assert f'<link rel="canonical" href="http://testserver/questions/{question.pk}/">' in head
    assert '<meta name="description" content="冷蔵庫で保存しています。' in head


def test_no_structured_data_for_members_only_or_restricted_questions(
    alice, bob, lounge, restricted_question
):
    members_only = ask_question(actor=alice, space=lounge, title="雑談の質問", body="?")
    for question in (members_only, restricted_question):
        response = Client().get(reverse("qa:detail", args=[question.pk]))
        assert response.status_code == 404
        member_page = Client()
        member_page.force_login(bob)
        response = member_page.get(reverse("qa:detail", args=[question.pk]))
        assert response.status_code == 200
        assert response.context["seo"] is None
        assert "application/ld+json" not in response.content.decode()


def test_no_structured_data_in_a_closed_community(question, bob, closed):
    client = Client()
    client.force_login(bob)
    response = client.get(reverse("qa:detail", args=[question.pk]))
    assert response.status_code == 200 and response.context["seo"] is None


def sitemap_locations(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [node.text for node in root.iterfind(".//s:loc", NS)]


def question_files(client: Client) -> list[str]:
    """The question files the site's sitemap index lists."""
    files = sitemap_locations(client, reverse("sitemap"))
    return [f for f in files if "/sitemap-questions-" in f]


def test_the_sitemap_lists_public_questions_only(
    solved, alice, lounge, restricted_question, recipes
):
    question = solved[0]
    members_only = ask_question(actor=alice, space=lounge, title="雑談の質問", body="?")
    deleted = ask_question(actor=alice, space=recipes, title="消した質問", body="?")
    delete_post(actor=alice, post=deleted.post)
    client = Client()

    files = question_files(client)
    assert files == ["http://testserver" + reverse("sitemap_part", args=["questions", 0])]
    urls = sitemap_locations(client, files[0])

    assert urls == [f"http://testserver/questions/{question.pk}/"]
    for hidden in (members_only, restricted_question, deleted):
        assert f"/questions/{hidden.pk}/" not in " ".join(urls)


def test_the_sitemap_is_cut_into_files_by_id(monkeypatch, alice, recipes):
    monkeypatch.setattr(sitemaps, "IDS_PER_FILE", 2)
    made = [ask_question(actor=alice, space=recipes, title=f"質問 {i}", body="?") for i in range(5)]
    client = Client()

    files = question_files(client)
    assert len(files) == made[-1].pk // 2 + 1
    listed = []
    for file in files:
        listed += sitemap_locations(client, file)
    assert listed == [f"http://testserver/questions/{q.pk}/" for q in made]


def test_the_old_question_sitemap_sends_crawlers_to_the_sites(client, db):
    response = client.get("/questions/sitemap.xml")
    assert response.status_code == 301 and response["Location"] == reverse("sitemap")
    response = client.get("/questions/sitemap-3.xml")
    assert response.status_code == 301
    assert response["Location"] == reverse("sitemap_part", args=["questions", 3])


def test_a_closed_community_has_no_sitemap(question, bob, closed):
    member = Client()
    member.force_login(bob)
    for url in (reverse("sitemap"), reverse("sitemap_part", args=["questions", 0])):
        visitor = Client().get(url)  # the community sends visitors to log in
        assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
        assert member.get(url).status_code == 404


def test_the_sitemap_query_count_is_fixed(alice, recipes, django_assert_max_num_queries):
    for i in range(15):
        ask_question(actor=alice, space=recipes, title=f"質問 {i}", body="?")
    client = Client()
    part = reverse("sitemap_part", args=["questions", 0])
    client.get(part)
    with django_assert_max_num_queries(1):
        assert len(sitemap_locations(client, part)) == 15

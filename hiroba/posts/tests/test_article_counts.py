from hiroba.posts.services import create_article, delete_post, update_article


def test_published_articles_count_on_the_official_account_and_can_be_deleted(
    client, editor, official
):
    article = create_article(
        actor=editor, as_account=official, title="お知らせ", body="本文", publish="now"
    )
    official.refresh_from_db()
    assert official.post_count == 1
    update_article(actor=editor, article=article, title="お知らせ", body="本文", publish="draft")
    official.refresh_from_db()
    assert official.post_count == 0
    update_article(actor=editor, article=article, title="お知らせ", body="本文", publish="now")
    client.force_login(editor)
    response = client.post(f"/p/{article.pk}/delete/")
    assert response.status_code == 302
    official.refresh_from_db()
    article.refresh_from_db()
    assert article.deleted_at is not None
    assert official.post_count == 0


def test_deleting_a_draft_article_leaves_the_count_alone(editor, official):
    draft = create_article(actor=editor, as_account=official, title="下書き", body="本文")
    delete_post(actor=editor, post=draft)
    official.refresh_from_db()
    assert official.post_count == 0


def test_an_article_published_at_once_is_stamped_and_leads_the_feed(
    editor, official, alice, recipes
):
    from hiroba.posts import selectors
    from hiroba.posts.services import publish_post

    publish_post(actor=alice, space=recipes, body="先の投稿")
    article = create_article(
        actor=editor, as_account=official, title="新着", body="本文", publish="now"
    )
    assert article.published_at is not None
    assert selectors.list_feed(alice).items[0].pk == article.pk

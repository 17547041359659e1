from hiroba.posts.services import publish_post


def test_card_excerpts_escape_text_exactly_once(client, alice, recipes):
    publish_post(
        actor=alice, space=recipes, title="スムージー", body="Carrot & Apple <b>Smoothie</b>"
    )
    page = client.get("/").content.decode()
    assert "Carrot &amp; Apple &lt;b&gt;Smoothie&lt;/b&gt;" in page
    assert "&amp;amp;" not in page

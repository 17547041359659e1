"""One rule decides what a hashtag is: the tags a text gets, the links it shows and the tag page
that answers them. A linked hashtag always has its page."""

import re
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from hiroba.core.markdown import render_markdown
from hiroba.core.text import extract_hashtags, hashtag_name

# Characters that fold into something else under NFKC or case folding, digits of several
# scripts, the marks Markdown treats specially and the ones the hashtag pattern looks behind at.
TRICKY = "#＃&/\\`*_[]() \n1２①⑴²㍿ßİｶﾞーｰ＿々ａA\u3099\u0301"
TEXTS = st.text(
    alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8", categories=("L", "N")),
    max_size=80,
)
TAG_LINK = re.compile(r'<a href="/tags/([^"]*)/" class="hashtag"')


def linked_tags(html: str) -> set[str]:
    return {unquote(name) for name in TAG_LINK.findall(html)}


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_every_linked_hashtag_is_one_of_the_texts_tags(text):
    tags = extract_hashtags(text)
    assert linked_tags(render_markdown(text)) <= set(tags)
    for name in tags:
        assert hashtag_name(name) == name  # the tag page accepts the name it was stored under


def test_numbers_are_not_tags():
    for text in ("#123 の件", "#１２３", "#① の話", "#²"):
        assert extract_hashtags(text) == []
        assert 'class="hashtag"' not in render_markdown(text)


def test_a_name_that_folding_lengthens_or_breaks_is_no_tag():
    for text in ("#" + "㍿" * 20, "#ab⑴", "#" + "ß" * 30):
        assert extract_hashtags(text) == []
        assert 'class="hashtag"' not in render_markdown(text)


def test_folded_forms_link_to_the_tag_they_fold_to():
    html = render_markdown("#ＴＯＭＡＴＯ と #ﾄﾏﾄ と #Straße")
    assert linked_tags(html) == {"tomato", "トマト", "strasse"}
    assert extract_hashtags("#ＴＯＭＡＴＯ と #ﾄﾏﾄ と #Straße") == ["tomato", "トマト", "strasse"]


def test_an_entity_that_spells_a_hash_links_nothing():
    html = render_markdown("&#35;tomato")
    assert "#tomato" in html and 'class="hashtag"' not in html


def test_decomposed_kana_make_the_same_tag_as_composed_ones():
    decomposed = "#か\u3099っこう"  # が written as か + the combining voiced mark
    assert extract_hashtags(decomposed) == ["がっこう"]
    assert linked_tags(render_markdown(decomposed)) == {"がっこう"}

"""hiroba.core.plaintext: Markdown read as plain text where HTML cannot go."""

import pytest

from hiroba.core.plaintext import markdown_excerpt, markdown_to_text


def test_marks_are_dropped_and_words_kept():
    text = "**太字**と*斜体*、`code`、~~消し~~、[リンク](https://example.com)と![写真](x.png)"
    assert markdown_to_text(text) == "太字と斜体、code、消し、リンクと写真"


def test_escapes_and_entities_read_as_the_page_shows_them():
    assert markdown_to_text(r"5 \* 3 &amp; 1 < 2") == "5 * 3 & 1 < 2"


def test_paragraphs_lists_and_code_keep_their_lines():
    text = "# 材料\n\n- ゆず胡椒\n- パスタ\n\n1. 茹でる\n2. 和える\n\n```\nsalt = 1\n```\n\n> 美味しい\n> です"
    assert markdown_to_text(text) == (
        "材料\n\n- ゆず胡椒\n- パスタ\n\n1. 茹でる\n2. 和える\n\nsalt = 1\n\n美味しい\nです"
    )


def test_hashtags_stay_as_written():
    assert markdown_to_text("今日は #ごま料理 です") == "今日は #ごま料理 です"


def test_a_table_reads_row_by_row():
    assert markdown_to_text("| a | b |\n|---|---|\n| 1 | 2 |") == "a\tb\n1\t2"


@pytest.mark.parametrize("empty", ["", None, "   ", "***"])
def test_nothing_gives_nothing(empty):
    assert markdown_to_text(empty) == "" and markdown_excerpt(empty, 10) == ""


def test_an_excerpt_is_one_line_without_bullets_and_cut_with_an_ellipsis():
    text = "**新商品**の感想\n\n- 甘い\n- 辛い\n\n2. 二番目"
    assert markdown_excerpt(text) == "新商品の感想 甘い 辛い 2. 二番目"
    assert markdown_excerpt(text, 8) == "新商品の感想…"  # no space left before the cut
    assert markdown_excerpt("**短い**", 8) == "短い"


def test_an_excerpt_of_a_long_body_reads_only_its_start():
    body = "**始まり** " + "あ" * 20_000
    assert markdown_excerpt(body, 10) == "始まり あああああ…"

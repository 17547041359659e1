import pytest

from hiroba.core.text import fold_for_search, search_terms, search_text


@pytest.mark.parametrize("written", ["フリータンク", "ﾌﾘｰﾀﾝｸ", "ふりーたんく"])
def test_katakana_half_width_and_hiragana_fold_together(written):
    assert fold_for_search(written) == "ふりーたんく"


def test_case_full_width_and_spaces_fold():
    assert fold_for_search("  ＳＩＭ  Card\u3000大阪 ") == "sim card 大阪"


def test_search_text_joins_title_and_body():
    assert search_text("ゴマ料理", "Sesame\nSalad") == "ごま料理 sesame salad"


def test_search_terms_are_folded_distinct_and_bounded():
    assert search_terms("ゴマ ごま GOMA goma a b c d e f") == ["ごま", "goma", "a", "b", "c"]
    assert search_terms("   ") == []
    assert search_terms("ごま\x00大阪\x07") == ["ごま", "大阪"]

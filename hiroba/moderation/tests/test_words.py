"""Matching after normalization, and masks that land on the characters the member wrote."""

import pytest
from django.core.exceptions import ValidationError

from hiroba.moderation.models import WordAction, WordRule
from hiroba.posts.words import MASK, fold_phrase, fold_with_spans, screen


def rules(*pairs) -> list[WordRule]:
    return [WordRule(phrase=p, folded=fold_phrase(p), action=a) for p, a in pairs]


@pytest.mark.parametrize("written", ["フリータンク", "ﾌﾘｰﾀﾝｸ", "ふりーたんく", "ﾌﾘｰﾀﾝｸ"])
@pytest.mark.parametrize("rule", ["フリータンク", "ふりーたんく", "ﾌﾘｰﾀﾝｸ"])
def test_katakana_hiragana_and_half_width_match_each_other(written, rule):
    with pytest.raises(ValidationError) as error:
        screen({"body": f"今月は{written}を使った"}, rules=rules((rule, WordAction.BLOCK)))
    assert rule in " ".join(error.value.message_dict["body"])


def test_full_width_latin_and_case_match():
    found = screen({"body": "ＦＲＥＥ ＴＡＮＫ please"}, rules=rules(("free tank", "hold")))[1]
    assert found.held == ["free tank"]


def test_voiced_half_width_kana_fold_into_one_character():
    folded, spans = fold_with_spans("ﾀﾞﾒ")
    assert folded == "だめ"
    assert spans == [(0, 2), (2, 3)]  # ﾀ and ﾞ are one source of だ


def test_mask_replaces_the_original_characters_even_when_folding_changes_length():
    # ﾀﾞﾒ is three characters written, two folded: the mask covers all three.
    texts, found = screen({"body": "それはﾀﾞﾒです"}, rules=rules(("ダメ", WordAction.MASK)))
    assert texts["body"] == f"それは{MASK * 3}です"
    assert found.masked == ["ダメ"]
    # ß folds to "ss" (one written, two folded): the characters after it stay in place.
    texts, _found = screen({"body": "Die Straße ist gut"}, rules=rules(("strasse", "mask")))
    assert texts["body"] == f"Die {MASK * 6} ist gut"


def test_mask_keeps_the_rest_of_the_text_and_several_matches():
    texts, _found = screen(
        {"title": "ドラッグの話", "body": "どらっぐ と ﾄﾞﾗｯｸﾞ、そしてドラッグ。"},
        rules=rules(("ドラッグ", "mask")),
    )
    assert texts["title"] == f"{MASK * 4}の話"
    assert texts["body"] == f"{MASK * 4} と {MASK * 6}、そして{MASK * 4}。"


def test_latin_words_match_whole_words_only_but_japanese_matches_inside_words():
    found = screen({"body": "a classic class"}, rules=rules(("ass", "hold")))[1]
    assert found.held == []
    found = screen({"body": "kick ASS now"}, rules=rules(("ass", "hold")))[1]
    assert found.held == ["ass"]
    found = screen({"body": "新型ふりーたんくが"}, rules=rules(("フリータンク", "hold")))[1]
    assert found.held == ["フリータンク"]


def test_block_names_every_blocked_word_on_its_field():
    with pytest.raises(ValidationError) as error:
        screen(
            {"title": "ok", "body": "必ず治る 薬です"},
            rules=rules(("必ず治る", "block"), ("薬", "hold"), ("ok", "block")),
        )
    messages = error.value.message_dict
    assert "「必ず治る」" in messages["body"][0]
    assert "「ok」" in messages["title"][0]


def test_white_space_inside_a_phrase_matches_any_run_of_white_space():
    found = screen({"body": "free\n\n  tank"}, rules=rules(("free tank", "hold")))[1]
    assert found.held == ["free tank"]
    texts, _found = screen({"body": "free\n tank!"}, rules=rules(("free tank", "mask")))
    assert texts["body"] == f"{MASK * 4}\n {MASK * 4}!"

"""Surveys of the demo: two rounds of the NPS series, so that the trend shows.

The earlier round (spring, closed) asks for the NPS and its reason; the current one (autumn, open
for two more weeks) is a satisfaction survey with every kind of question. Members answer through
the services; then the surveys' dates and the responses' times move into the past like the rest
of the demo. The named demo member Hanako has not answered the current round, so that logging in
as her shows it in "Surveys for you" on the home page.

The seeder calls seed_surveys(seeder, demo) inside its transaction, before its last step.
"""

from datetime import timedelta

from hiroba.activity.models import Verb
from hiroba.demo import people
from hiroba.surveys.models import Kind, Response, Survey
from hiroba.surveys.services import add_question, close_survey, create_survey, publish_survey
from hiroba.surveys.services import submit_response as submit

# Weights of the scores 0..10 in each round: the autumn round has more promoters.
SPRING_WEIGHTS = [1, 1, 1, 2, 2, 5, 6, 10, 11, 7, 5]
AUTUMN_WEIGHTS = [0, 1, 1, 1, 2, 3, 5, 9, 12, 11, 10]

REASONS = {
    "promoter": [
        "レシピの投稿が毎日楽しみです。実際に作ってみると家族にも好評でした。",
        "質問するとすぐに誰かが答えてくれて、とても心強いです。",
        "編集部の記事が丁寧で、新商品の使い方がよく分かります。",
        "同じ野菜好きの人とつながれるのがうれしい!",
        "イベントで会った人とここで話せるのが楽しいです。",
        "I love the recipes. Easy to follow, even with my basic Japanese.",
    ],
    "passive": [
        "楽しいけれど、見たい投稿を探すのが少し大変です。",
        "スマホで写真を見るときにもう少し大きく表示されるとうれしいです。",
        "たまに見ていますが、通知が多いと感じるときがあります。",
        "Good community, but I wish there were more posts in English.",
    ],
    "detractor": [
        "投稿の読み込みが遅いときがあります。",
        "欲しい商品の情報がなかなか見つかりません。",
        "どこに質問すればよいのか分かりにくかったです。",
        "ログインが面倒で、あまり開かなくなりました。",
    ],
}
COMMENTS = [
    "いつもありがとうございます!",
    "秋の新商品、楽しみにしています。",
    "オフ会をまたやってほしいです。",
    "",
    "",
    "Thanks for the great community!",
]


def _category(score: int) -> str:
    return "promoter" if score >= 9 else "detractor" if score <= 6 else "passive"


def _reason(rng, score: int) -> str:
    return rng.choice(REASONS[_category(score)]) if rng.random() < 0.8 else ""


def _build_spring(manager) -> tuple[Survey, dict]:
    survey = create_survey(
        actor=manager,
        title="2026年 春のファン満足度調査",
        description="コミュニティをより良くするため、率直なご意見をお聞かせください。"
        "回答は3分ほどで終わります。",
        is_nps_round=True,
    )
    nps = add_question(
        actor=manager,
        survey=survey,
        kind=Kind.NPS,
        text="このコミュニティを友人や家族にすすめる可能性はどのくらいありますか?",
        required=True,
    )
    reason = add_question(
        actor=manager,
        survey=survey,
        kind=Kind.LONG_TEXT,
        text="そう答えた理由を教えてください。",
        reason_for=nps,
    )
    return survey, {"nps": nps, "reason": reason}


def _build_autumn(manager) -> tuple[Survey, dict]:
    survey = create_survey(
        actor=manager,
        title="ご利用満足度アンケート 2026年秋",
        description="半年に一度のアンケートです。いただいた声は、サイトの改善と新商品の"
        "企画に役立てます。お名前と回答は社外に出しません。",
        is_nps_round=True,
        allow_edit=True,
    )
    questions = {
        "feature": add_question(
            actor=manager,
            survey=survey,
            kind=Kind.SINGLE,
            text="いちばんよく使う機能はどれですか?",
            required=True,
            choices=[
                "レシピ・投稿を見る",
                "自分で投稿する",
                "質問・回答",
                "編集部の記事",
                "イベント",
            ],
        ),
        "products": add_question(
            actor=manager,
            survey=survey,
            kind=Kind.MULTIPLE,
            text="購入したことのある商品を選んでください(いくつでも)。",
            choices=[
                "ゆず塩ドレッシング",
                "ごまだれ",
                "野菜だし",
                "トマトケチャップ",
                "季節限定品",
            ],
        ),
        "ease": add_question(
            actor=manager,
            survey=survey,
            kind=Kind.SCALE,
            text="サイトの使いやすさを5段階で評価してください。",
            help_text="1: とても使いにくい 〜 5: とても使いやすい",
            required=True,
        ),
    }
    questions["nps"] = add_question(
        actor=manager,
        survey=survey,
        kind=Kind.NPS,
        text="このコミュニティを友人や家族にすすめる可能性はどのくらいありますか?",
        required=True,
    )
    questions["reason"] = add_question(
        actor=manager,
        survey=survey,
        kind=Kind.LONG_TEXT,
        text="そう答えた理由を教えてください。",
        reason_for=questions["nps"],
    )
    questions["comment"] = add_question(
        actor=manager,
        survey=survey,
        kind=Kind.SHORT_TEXT,
        text="運営へのひとこと(任意)",
    )
    return survey, questions


def _answer(seeder, survey, member, answers: dict, when) -> None:
    response = submit(actor=member, survey=survey, answers=answers)
    Response.objects.filter(pk=response.pk).update(submitted_at=when)
    seeder.stamp(Verb.SURVEY_RESPONSE, survey, member, when)


def _dates(survey, **fields) -> None:
    Survey.objects.filter(pk=survey.pk).update(**fields)


def seed_surveys(seeder, demo) -> list[Survey]:
    """Two NPS rounds answered by the demo members; returns [spring, autumn]."""
    rng, now, manager = seeder.rng, seeder.now, demo.manager
    members = [m for m in demo.members if m.email != people.HANAKO.email]

    spring, sq = _build_spring(manager)
    spring = publish_survey(actor=manager, survey=spring)
    opened = now - timedelta(days=48)
    early = [m for m in members if seeder.joined[m.pk] < opened]
    for member in rng.sample(early, len(early) * 11 // 20):
        score = rng.choices(range(11), weights=SPRING_WEIGHTS)[0]
        answers = {sq["nps"].pk: score, sq["reason"].pk: _reason(rng, score)}
        when = opened + timedelta(hours=rng.uniform(2, 13 * 24))
        _answer(seeder, spring, member, answers, when)
    spring = close_survey(actor=manager, survey=spring)
    closed = opened + timedelta(days=14)
    _dates(spring, created_at=opened - timedelta(days=2), opens_at=opened, published_at=opened,
           closes_at=closed, closed_at=closed, updated_at=closed)  # fmt: skip

    autumn, aq = _build_autumn(manager)
    autumn = publish_survey(actor=manager, survey=autumn, closes_at=now + timedelta(days=14))
    opened = now - timedelta(days=9)
    choices = {name: [c.pk for c in aq[name].choices.all()] for name in ("feature", "products")}
    for member in rng.sample(members, max(1, len(members) * 9 // 20)):
        score = rng.choices(range(11), weights=AUTUMN_WEIGHTS)[0]
        ease = max(1, min(5, round(score / 2.2) + rng.choice([-1, 0, 0, 1])))
        answers = {
            aq["feature"].pk: rng.choices(choices["feature"], weights=[9, 3, 4, 5, 2])[0],
            aq["products"].pk: rng.sample(choices["products"], rng.randint(0, 3)),
            aq["ease"].pk: ease,
            aq["nps"].pk: score,
            aq["reason"].pk: _reason(rng, score),
            aq["comment"].pk: rng.choice(COMMENTS),
        }
        when = min(opened + timedelta(hours=rng.uniform(1, 9 * 24)), now - timedelta(minutes=5))
        _answer(seeder, autumn, member, answers, max(when, seeder.joined[member.pk]))
    _dates(autumn, created_at=opened - timedelta(days=3), opens_at=opened, published_at=opened,
           updated_at=opened)  # fmt: skip
    return [spring, autumn]

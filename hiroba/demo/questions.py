"""Questions and answers of the demo: one solved by the editorial team, some by members, one
waiting for its first answer, in Japanese and English. Asked and answered through the services,
then moved into the past like the rest of the demo."""

from dataclasses import dataclass, field
from datetime import timedelta

from hiroba.activity.models import Activity, Verb
from hiroba.demo import people
from hiroba.posts.models import Comment, Post
from hiroba.posts.services import add_comment
from hiroba.qa.models import Question
from hiroba.qa.services import accept_answer, ask_question


@dataclass
class AnswerSpec:
    who: str  # a named person's handle, "official" (the editorial account), or "member"
    body: str
    hours: float  # after the question


@dataclass
class QuestionSpec:
    asker: str  # a named person's handle, or "member"
    space: str
    title: str
    body: str
    days: float  # ago
    answers: list[AnswerSpec] = field(default_factory=list)
    accepted: int | None = None  # index in answers; accepted by the asker
    accepted_hours: float = 0  # after the accepted answer


QUESTIONS = [
    QuestionSpec(
        asker=people.KEN.handle,
        space="reviews",
        title="ゆず塩ドレッシングは開封後どのくらい持ちますか?",
        body="一人暮らしなので一本使い切るのに時間がかかります。冷蔵庫に入れて一か月くらい"
        "たっているのですが、まだ使っても大丈夫でしょうか。",
        days=24,
        answers=[
            AnswerSpec(people.HANAKO.handle, "うちは二週間くらいで使い切っちゃいます。"
                       "においや色が変わっていなければ大丈夫だと思いますよ!", 1.5),
            AnswerSpec("official", "ご質問ありがとうございます。ゆず塩ドレッシングは開封後、"
                       "冷蔵庫で保存して **一か月以内** にお使いいただくことをおすすめしています。"
                       "キャップの口はこまめに拭いてくださいね。", 5),
        ],
        accepted=1,
        accepted_hours=2,
    ),
    QuestionSpec(
        asker="member",
        space="recipes",
        title="かぼちゃを電子レンジで柔らかくするコツは?",
        body="丸ごとのかぼちゃが固くて切れません。レンジを使うといいと聞いたのですが、"
        "何分くらい温めればいいですか?",
        days=12,
        answers=[
            AnswerSpec(people.HANAKO.handle, "種を取ってラップで包み、600Wで **2〜3分** が"
                       "目安です。少し柔らかくなったら切りやすくなります。やけどに注意!", 0.8),
            AnswerSpec("member", "皮をところどころ剥いておくと、味もしみやすくなりますよ。", 3),
        ],
        accepted=0,
        accepted_hours=1,
    ),
    QuestionSpec(
        asker=people.EMILY.handle,
        space="english",
        title="How do I use the Veggie Stock powder for miso soup?",
        body="I bought a bag of the Veggie Stock at the supermarket in Osaka. "
        "Can I use it instead of dashi for miso soup? How much per bowl?",
        days=8,
        answers=[
            AnswerSpec(people.KEN.handle, "Yes! I use one teaspoon per bowl (about 200 ml of "
                       "water), then dissolve the miso at the end. It tastes a bit sweeter "
                       "than fish dashi.", 2.5),
        ],
        accepted=0,
        accepted_hours=6,
    ),
    QuestionSpec(
        asker="member",
        space="reviews",
        title="まるごと野菜ジュースの紙パックはリサイクルに出せますか?",
        body="中を洗って開いて乾かしています。内側が銀色のパックでも回収に出して大丈夫ですか?",
        days=3,
        answers=[
            AnswerSpec("member", "自治体によって違うみたいです。うちの市では銀色のものは"
                       "燃えるごみでした。", 4),
        ],
    ),
    QuestionSpec(
        asker="member",
        space="english",
        title="Is the Carrot & Apple Smoothie OK for toddlers?",
        body="My daughter is two. Does the smoothie have added sugar? Thanks!",
        days=0.4,
    ),
]  # fmt: skip


def seed_questions(seeder, demo) -> list[Question]:
    """Ask, answer and accept the demo questions, and stamp the times they happened."""
    named = {m.handle: m for m in demo.members if m.email in _named_emails()}
    ordinary = [m for m in demo.members if m.handle not in named]
    made = []
    for spec in QUESTIONS:
        asker = named.get(spec.asker) or seeder.rng.choice(ordinary)
        space = demo.spaces[spec.space]
        asked = seeder.at_daytime(seeder.now - timedelta(days=spec.days), after=seeder.start)
        asked = max(asked, seeder.joined[asker.pk] + timedelta(hours=1))
        seeder.join_before(asker, space, asked)
        question = ask_question(actor=asker, space=space, title=spec.title, body=spec.body)
        seeder.row(Post, question.pk, asked)
        seeder.stamp(Verb.POST, question.post, asker, asked)
        seeder.stamp(Verb.QUESTION_ASK, question, asker, asked)
        answers = []
        for answer_spec in spec.answers:
            when = asked + timedelta(hours=answer_spec.hours)
            if when >= seeder.now:
                break
            answers.append(_answer(seeder, demo, question, answer_spec, named, ordinary, when))
        times = {"asked_at": asked, "changed_at": answers[-1][1] if answers else asked}
        if answers:
            comment, first_at = answers[0]
            times["first_answer_at"] = first_at
            seeder.stamp(Verb.QUESTION_ANSWERED, question, comment.created_by, first_at)
        if spec.accepted is not None and spec.accepted < len(answers):
            comment, answered_at = answers[spec.accepted]
            solved = min(answered_at + timedelta(hours=spec.accepted_hours), seeder.now)
            accept_answer(actor=asker, question=question, answer=comment)
            seeder.stamp(Verb.QUESTION_SOLVED, question, asker, solved)
            times |= {"accepted_at": solved, "first_solved_at": solved, "changed_at": solved}
        Question.objects.filter(pk=question.pk).update(**times)
        _seconds_in_activity(question, times)
        made.append(question)
    return made


def _answer(seeder, demo, question, spec: AnswerSpec, named, ordinary, when):
    if spec.who == "official":
        actor, as_account = demo.editor, demo.official
    else:
        actor = named.get(spec.who) or seeder.rng.choice(
            [m for m in ordinary if m.pk != question.asker_id]
        )
        as_account = None
    comment = add_comment(actor=actor, post=question.post, body=spec.body, as_account=as_account)
    seeder.row(Comment, comment.pk, when)
    seeder.stamp(Verb.COMMENT, comment, actor, when)
    return comment, when


def _seconds_in_activity(question: Question, times: dict) -> None:
    """The metrics read the waiting times from the Activity rows: give them the demo's times."""
    asked = times["asked_at"]
    for verb, moment in (
        (Verb.QUESTION_ANSWERED, times.get("first_answer_at")),
        (Verb.QUESTION_SOLVED, times.get("first_solved_at")),
    ):
        if moment is None:
            continue
        for activity in Activity.objects.filter(verb=verb, subject_id=question.pk):
            activity.data["seconds"] = int((moment - asked).total_seconds())
            activity.save(update_fields=["data"])


def _named_emails() -> set[str]:
    return {p.email for p in people.NAMED_MEMBERS}

"""Ideas of the demo, in Japanese and English: one realized (with the staff note that says how),
planned, under review (one parked for a second look), declined with a reason, a duplicate merged
into its original, and new ones waiting for review with votes. Submitted, voted and reviewed
through the services, then moved into the past like the rest of the demo.

The seeder calls ``seed_ideas(self, demo)`` after ``seed_questions``, before ``_finish``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from hiroba.activity.models import Verb
from hiroba.community.services import create_space, update_community_settings, update_space
from hiroba.demo import people
from hiroba.ideas.models import Idea, Status, StatusChange, Vote
from hiroba.ideas.services import change_idea_status, mark_duplicate, submit_idea, vote_idea
from hiroba.posts.models import Comment, Post
from hiroba.posts.services import add_comment

IDEAS_SPACE = ("ideas", "アイデア広場", "商品やサービスへの提案と投票。編集部が毎週すべての提案を確認します。")  # fmt: skip


@dataclass
class Step:
    status: str
    note: str
    days: float  # after the submission
    revisit_days: float | None = None  # park it for this many days after the change


@dataclass
class IdeaSpec:
    author: str  # a named person's handle, or "member"
    space: str
    title: str
    body: str
    days: float  # ago
    votes: int
    steps: list[Step] = field(default_factory=list)
    staff_comment: tuple[float, str] | None = None  # (days after submission, text)
    duplicate_of: int | None = None  # index in IDEAS; merged the day after submission


IDEAS = [
    IdeaSpec(
        author=people.KEN.handle,
        space="ideas",
        title="ゆず塩ドレッシングに150mlの小さいボトルがほしい",
        body="一人暮らしだと今の300mlは使い切る前に賞味期限が心配になります。"
        "小さいサイズがあれば、ほかの味も試しやすくなると思います。",
        days=55,
        votes=48,
        steps=[
            Step(Status.UNDER_REVIEW, "たくさんの投票ありがとうございます。商品企画チームと"
                 "容量の検討を始めました。", 2),
            Step(Status.PLANNED, "**来春の発売に向けて準備中です。** 150mlボトルの試作が"
                 "できました。", 20),
            Step(Status.REALIZED, "本日から全国のスーパーで **150mlボトル** を発売しました。"
                 "ご提案いただいた皆さま、本当にありがとうございます!", 48),
        ],
        staff_comment=(1, "ご提案ありがとうございます!同じご意見を多くいただいています。"),
    ),
    IdeaSpec(
        author=people.EMILY.handle,
        space="english",
        title="English ingredient labels on the back of the bottles",
        body="Many of us who live in Japan cannot read the ingredient list. A short English "
        "line for allergens would help a lot.",
        days=40,
        votes=21,
        steps=[
            Step(Status.UNDER_REVIEW, "Thank you! Our packaging team is checking how much space "
                 "the labels have. We will look at this again after the spring redesign.", 3,
                 revisit_days=30),
        ],
    ),
    IdeaSpec(
        author=people.HANAKO.handle,
        space="ideas",
        title="完熟トマトケチャップに詰め替え用パウチを",
        body="ボトルのゴミを減らしたいです。マヨネーズのような詰め替えパウチがあると嬉しいです。",
        days=33,
        votes=35,
        steps=[
            Step(Status.UNDER_REVIEW, "環境面でも大切なご提案です。製造ラインで対応できるか"
                 "確認しています。", 4),
            Step(Status.PLANNED, "秋の新商品として詰め替えパウチを準備しています。", 25),
        ],
    ),
    IdeaSpec(
        author="member",
        space="ideas",
        title="野菜ジュースの紙パックを500mlにしてほしい",
        body="200mlだと少し足りないので、500mlの紙パックがあると家族で飲めます。",
        days=28,
        votes=9,
        steps=[
            Step(Status.DECLINED, "ご提案ありがとうございます。500mlの紙パックは開封後の"
                 "品質を保つのが難しく、今回は見送ることにしました。1Lペットボトルをご利用"
                 "ください。", 6),
        ],
    ),
    IdeaSpec(
        author="member",
        space="ideas",
        title="ドレッシングの少量サイズを出してください",
        body="使い切れないので小さいボトルがあると助かります。",
        days=50,
        votes=7,
        duplicate_of=0,
    ),
    IdeaSpec(
        author="member",
        space="english",
        title="Recipe cards in English inside the box",
        body="The recipe leaflet is lovely, but only in Japanese. Could you add an English "
        "version, or a QR code to an English page?",
        days=14,
        votes=12,
        steps=[
            Step(Status.PLANNED, "Great idea: the recipe pages will get an English version "
                 "with a QR code on the leaflet from next month.", 5),
        ],
    ),
    IdeaSpec(
        author="member",
        space="ideas",
        title="オンライン工場見学をやってほしい",
        body="遠くて工場見学に行けないので、オンラインで野菜ジュースができるまでを見てみたいです。",
        days=9,
        votes=17,
        staff_comment=(2, "楽しいご提案ですね。イベントチームに共有しました!"),
    ),
    IdeaSpec(
        author="member",
        space="ideas",
        title="にんじんとりんごのスムージーに砂糖不使用タイプを",
        body="子どもに飲ませたいので、砂糖を加えていないタイプがあると安心です。",
        days=2,
        votes=6,
    ),
    IdeaSpec(
        author="member",
        space="english",
        title="A smaller pack of Veggie Stock for trying it out",
        body="A box of three sticks would be perfect to try before buying the big bag.",
        days=0.5,
        votes=1,
    ),
]  # fmt: skip


def seed_ideas(seeder, demo) -> list[Idea]:
    """Open an ideas space (and ideas in the English corner), then submit, vote and review the
    demo ideas; stamp the times they happened."""
    manager, staff = demo.manager, demo.editor
    slug, name, description = IDEAS_SPACE
    setup = seeder.start - timedelta(days=2)
    space = create_space(
        actor=manager, slug=slug, name=name, description=description, allows_ideas=True
    )
    seeder.row(type(space), space.pk, setup)
    seeder.stamp(Verb.SETTINGS_EDIT, space, manager, setup)
    demo.spaces[slug] = space
    # "Propose an idea" from the board starts here, not in the English corner listed first.
    update_community_settings(actor=manager, default_ideas_space=space)
    demo.spaces["english"] = update_space(
        actor=manager, space=demo.spaces["english"], allows_ideas=True
    )
    named = {
        m.handle: m for m in demo.members if m.email in {p.email for p in people.NAMED_MEMBERS}
    }
    ordinary = [m for m in demo.members if m.handle not in named]
    made: list[Idea] = []
    for spec in IDEAS:
        author = named.get(spec.author) or seeder.rng.choice(ordinary)
        submitted = seeder.at_daytime(seeder.now - timedelta(days=spec.days), after=seeder.start)
        submitted = max(submitted, seeder.joined[author.pk] + timedelta(hours=1))
        space = demo.spaces[spec.space]
        seeder.join_before(author, space, submitted)
        idea = submit_idea(actor=author, space=space, title=spec.title, body=spec.body)
        seeder.row(Post, idea.pk, submitted)
        seeder.stamp(Verb.POST, idea.post, author, submitted)
        seeder.stamp(Verb.IDEA_SUBMIT, idea, author, submitted)
        times = {"submitted_at": submitted, "status_changed_at": submitted}
        _votes(seeder, demo, idea, spec, submitted)
        response = None
        if spec.staff_comment:
            days, text = spec.staff_comment
            when = submitted + timedelta(days=days)
            comment = add_comment(actor=staff, post=idea.post, body=text, as_account=demo.official)
            seeder.row(Comment, comment.pk, when)
            seeder.stamp(Verb.COMMENT, comment, staff, when)
            response = when
        for step in spec.steps:
            when = min(submitted + timedelta(days=step.days), seeder.now)
            revisit = (
                when + timedelta(days=step.revisit_days) if step.revisit_days is not None else None
            )
            change_idea_status(
                actor=staff,
                idea=idea,
                status=step.status,
                note=step.note,
                # The service takes future dates only; the real (maybe past) one is stamped below.
                revisit_at=max(revisit, seeder.now + timedelta(days=1)) if revisit else None,
            )
            times["revisit_at"] = revisit
            _stamp_change(seeder, idea, staff, step.status, when)
            times["status_changed_at"] = when
            times.setdefault("reviewed_at", when)
            if step.status in (Status.PLANNED, Status.REALIZED):
                times.setdefault("planned_at", when)
            if step.status == Status.REALIZED:
                times["realized_at"] = when
            response = min(response, when) if response else when
        if spec.duplicate_of is not None:
            original = made[spec.duplicate_of]
            when = submitted + timedelta(days=1)
            mark_duplicate(
                actor=staff,
                idea=idea,
                original=original,
                note="同じご提案が先にありましたので、こちらにまとめました。投票は元のアイデアに"
                "移しています。",
            )
            _stamp_change(seeder, idea, staff, Status.DUPLICATE, when)
            times |= {"status_changed_at": when, "reviewed_at": when}
            response = min(response, when) if response else when
        if response:
            times["first_response_at"] = response
        Idea.objects.filter(pk=idea.pk).update(**times)
        made.append(idea)
    return made


def _votes(seeder, demo, idea: Idea, spec: IdeaSpec, submitted) -> None:
    readers = [m for m in seeder.readers(demo, idea.post.space) if m.pk != idea.author_id]
    for member in seeder.rng.sample(readers, min(spec.votes, len(readers))):
        when = seeder.later(max(submitted, seeder.joined[member.pk]), 48)
        if when is None or not vote_idea(actor=member, idea=idea):
            continue
        seeder.stamp(Verb.IDEA_VOTE, idea, member, when)
        Vote.objects.filter(idea=idea, member=member).update(created_at=when)


def _stamp_change(seeder, idea: Idea, staff, status: str, when) -> None:
    StatusChange.objects.filter(idea=idea, new_status=status).update(created_at=when)
    seeder.stamp(Verb.IDEA_STATUS, idea, staff, when)

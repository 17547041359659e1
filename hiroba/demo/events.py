"""Events of the demo: one of each kind a manager runs, in the states a visitor should see.

- a farm tour held twelve days ago, with its attendees checked in at the gate, their photo
  reports and the attendees' survey answered;
- a factory tour by lottery, taking applications now;
- an online cooking class, first come, nearly full (a few seats and a waitlist);
- a live launch stream tonight, with comments already posted;
- a round table for the first demo segment ("light members in Osaka").

Everything goes through the services a member or editor would trigger. Applications must be
open when members apply, so the held event is built as if upcoming and then moved into the past,
like the rest of the demo (seeder.stamp and seeder.row move the Activity and post times).
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from hiroba.activity.models import Verb
from hiroba.demo import people, pictures
from hiroba.events.after import publish_event_report
from hiroba.events.audiences import KIND as ATTENDEES
from hiroba.events.lifecycle import mark_held
from hiroba.events.live.services import post_live_comment
from hiroba.events.models import Event, Format, Selection
from hiroba.events.services import apply_to_event, create_event, publish_event
from hiroba.events.services_checkin import check_in
from hiroba.events.staff import clean_cover, set_event_cover
from hiroba.posts.models import Post
from hiroba.segments.models import Segment
from hiroba.surveys.models import Kind, Response, Survey
from hiroba.surveys.services import add_question, create_survey, publish_survey, submit_response

FARM_TOUR = """\
トマト農家の畑で、朝採りトマトの収穫を体験します。収穫したトマトは、その場でドレッシングと
一緒に味わいます。

- 集合: 道の駅 ひろば 正面入口（9:45）
- 持ち物: 帽子、汚れてもよい靴、飲み物
- 雨天決行（ハウス内で収穫します）
"""

FACTORY_TOUR = """\
ドレッシングができるまでを、工場の見学通路からご案内します。品質管理の担当者との座談会、
できたての限定ドレッシングの試食つき。

**応募多数の場合は抽選**です。抽選の記録（シード値と応募者一覧のハッシュ）は公開され、
どなたでも結果を検算できます。
"""

COOKING_CLASS = """\
Online cooking class with our recipe team: three quick dishes with yuzu-salt dressing.
Ingredients list is sent to participants a week before. Japanese with English subtitles.

オンライン料理教室です。材料リストは1週間前にお送りします。
"""

LAUNCH_LIVE = """\
秋の新商品「焙煎ごまだれ」の発表ライブ配信です。開発担当が誕生秘話をお話しし、
コメントでいただいた質問にその場でお答えします。
"""

ROUND_TABLE = """\
大阪エリアのメンバーとの少人数の座談会です。普段の使い方やご意見を、開発チームが直接うかがいます。
"""

TOKYO = ZoneInfo("Asia/Tokyo")

REPORTS = [
    (
        "トマトの収穫体験、最高でした",
        "朝採りトマトは甘さが全然違いました! 農家さんのお話も面白かったです。",
    ),
    ("畑で食べるトマトの味", "子どもたちも大喜び。ゆず塩ドレッシングとの相性が抜群でした。"),
    (
        "Farm tour report",
        "Picked tomatoes at 10 am and ate them with dressing by noon. Lovely day.",
    ),
    (
        "また参加したい!",
        "ハウスの中は思ったより暖かかったです。参加者の皆さんともお話しできました。",
    ),
]

LIVE_COMMENTS = [
    "楽しみにしていました!",
    "ごまだれ、サラダ以外にも使えますか?",
    "焙煎の香りが伝わってきそう",
    "Watching from Osaka!",
    "冷しゃぶに合いそうですね",
]


def seed_events(seeder, demo) -> dict[str, Event]:
    rng, now, editor = seeder.rng, seeder.now, demo.editor
    members = [m for m in demo.members if m.email != people.HANAKO.email]
    events = {}

    # Held twelve days ago: built as upcoming, applied to, moved back, checked in.
    held = _event(
        editor,
        title="トマト畑の収穫体験ツアー",
        description=FARM_TOUR,
        venue="ひろば農園",
        address="千葉県富里市七栄 1-2",
        capacity=20,
        companions_allowed=1,
        cover=pictures.food_photo(rng, "harvest"),
        starts=_at(now + timedelta(days=3), 10),
        hours=3,
    )
    applicants = _some(rng, members, 18)
    applications = []
    for member in applicants:
        companions = 1 if rng.random() < 0.2 else 0
        try:
            applications.append(apply_to_event(actor=member, event=held, companions=companions))
        except Exception:  # noqa: BLE001 - a party that no longer fits waits on the list
            continue
    starts = _at(now - timedelta(days=12), 10)
    _move(held, starts=starts, hours=3, opened=starts - timedelta(days=20))
    held.refresh_from_db()
    for application in applications:
        seeder.stamp(Verb.EVENT_APPLY, held, application.member, starts - timedelta(days=15))
    confirmed = [a for a in applications if a.state == "confirmed"]
    attended = confirmed[: max(1, len(confirmed) - 3)]
    for application in attended:
        scanned = starts - timedelta(minutes=rng.randint(0, 20))
        check_in(actor=editor, event=held, code=application.ticket_code, at=scanned)
        seeder.stamp(Verb.EVENT_CHECK_IN, held, application.member, scanned)
    mark_held()  # the lifecycle job: it has ended
    held.refresh_from_db()
    space = demo.spaces["recipes"]
    for (title, body), application in zip(REPORTS, attended, strict=False):
        post = publish_event_report(
            actor=application.member,
            event=held,
            space=space,
            title=title,
            body=body,
            photos=[pictures.food_photo(rng, "harvest")],
        )
        when = starts + timedelta(hours=rng.uniform(5, 48))
        seeder.row(Post, post.pk, when)
        seeder.stamp(Verb.POST, post, application.member, when)
    _attendees_survey(seeder, demo, held, [a.member for a in attended])
    events["held"] = held

    lottery = _event(
        editor,
        title="ドレッシング工場見学ツアー（抽選20名）",
        description=FACTORY_TOUR,
        venue="ひろば食品 船橋工場",
        address="千葉県船橋市潮見町 3-3",
        capacity=20,
        companions_allowed=1,
        selection=Selection.LOTTERY,
        cover=pictures.food_photo(rng, "plate"),
        starts=_at(now + timedelta(days=24), 13),
        hours=2,
        closes=now + timedelta(days=6),
    )
    for member in _some(rng, members, 34):
        apply_to_event(actor=member, event=lottery, companions=1 if rng.random() < 0.3 else 0)
    events["lottery"] = lottery

    cooking = _event(
        editor,
        title="Online cooking class: three dishes with yuzu-salt dressing",
        description=COOKING_CLASS,
        format=Format.ONLINE,
        online_url="https://meet.example.com/hiroba-cooking",
        capacity=24,
        starts=_at(now + timedelta(days=9), 19),
        hours=1,
    )
    for member in _some(rng, members, 25):
        apply_to_event(actor=member, event=cooking)
    events["cooking"] = cooking

    live = _event(
        editor,
        title="新商品発表ライブ「焙煎ごまだれ」",
        description=LAUNCH_LIVE,
        format=Format.LIVE,
        stream_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        capacity=1000,
        # On the hour, an hour or two from now: members can comment before it starts.
        starts=(now + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0),
        hours=1,
    )
    for member, body in zip(_some(rng, members, len(LIVE_COMMENTS)), LIVE_COMMENTS, strict=False):
        post_live_comment(actor=member, event=live, body=body)
    events["live"] = live

    segment = Segment.objects.order_by("pk").first()
    if segment is not None:
        events["segment"] = _event(
            editor,
            title="大阪メンバー座談会",
            description=ROUND_TABLE,
            venue="ひろば食品 大阪オフィス",
            address="大阪府大阪市北区梅田 1-1",
            capacity=8,
            audience_segment_id=segment.pk,
            starts=_at(now + timedelta(days=16), 14),
            hours=2,
        )
    return events


def _at(day, hour: int):
    """``day`` at ``hour`` o'clock, Tokyo time."""
    return day.astimezone(TOKYO).replace(hour=hour, minute=0, second=0, microsecond=0)


def _some(rng, members: list, count: int) -> list:
    """``count`` members at random, or all of them in a smaller demo (the tests seed a few)."""
    return rng.sample(members, min(count, len(members)))


def _event(editor, *, starts, hours, closes=None, cover=None, **fields) -> Event:
    now = starts - timedelta(days=30)
    event = create_event(
        actor=editor,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        applications_open_at=min(now, starts - timedelta(days=1)),
        applications_close_at=closes or starts - timedelta(hours=12),
        **fields,
    )
    if cover is not None:
        event = set_event_cover(actor=editor, event=event, image=clean_cover(cover))
    return publish_event(actor=editor, event=event)


def _move(event: Event, *, starts, hours, opened) -> None:
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        applications_open_at=opened,
        applications_close_at=starts - timedelta(days=2),
        created_at=opened - timedelta(days=2),
        published_at=opened,
    )


def _attendees_survey(seeder, demo, event: Event, attendees) -> Survey:
    survey = create_survey(
        actor=demo.manager,
        title=f"「{event.title}」参加者アンケート",
        description="ご参加ありがとうございました。次回の企画に役立てます。",
        audience_kind=ATTENDEES,
        audience_target_id=event.pk,
    )
    rating = add_question(
        actor=demo.manager,
        survey=survey,
        kind=Kind.SCALE,
        text="イベントの満足度を5段階で教えてください。",
        required=True,
    )
    comment = add_question(
        actor=demo.manager, survey=survey, kind=Kind.LONG_TEXT, text="感想をお聞かせください。"
    )
    survey = publish_survey(actor=demo.manager, survey=survey)
    opened = event.ends_at + timedelta(hours=2)
    for member in attendees[: max(1, len(attendees) * 3 // 4)]:
        score = seeder.rng.choice([4, 5, 5, 5, 3])
        text = seeder.rng.choice(["また参加したいです!", "農家さんのお話が面白かった。", ""])
        response = submit_response(
            actor=member, survey=survey, answers={rating.pk: score, comment.pk: text}
        )
        when = opened + timedelta(hours=seeder.rng.uniform(1, 72))
        Response.objects.filter(pk=response.pk).update(submitted_at=when)
        seeder.stamp(Verb.SURVEY_RESPONSE, survey, member, when)
    Survey.objects.filter(pk=survey.pk).update(
        created_at=opened, opens_at=opened, published_at=opened, updated_at=opened
    )
    return survey

"""Plans of who posts what where and when, and who answers: the shape of a living community.

A few members post a lot and most post a little; sign-ups grow over the two months; people
answer within hours; English speakers gather in the English corner. The seeder carries the plans
out through the services.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from hiroba.demo import content

SPACE_SHARE = {"recipes": 38, "welcome": 9, "reviews": 16, "lounge": 18, "english": 11,
               "ambassadors": 7}  # fmt: skip
PHOTO_ODDS = {"recipes": 0.6, "english": 0.4, "reviews": 0.3, "lounge": 0.25, "welcome": 0.05,
              "ambassadors": 0.35}  # fmt: skip
SCENES = {
    "recipes": ["plate", "plate", "bowl"],
    "reviews": ["glass", "glass", "plate"],
    "lounge": ["harvest", "harvest", "glass"],
    "english": ["plate", "bowl", "glass"],
    "welcome": ["harvest"],
    "ambassadors": ["glass", "plate"],
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

GUIDE_TITLE = "はじめての方へ：このスペースの使い方"
GUIDE_BODY = """\
やさいのひろばへようこそ！コミュニティマネージャーの森です。

1. まずはこのスペースで **自己紹介** をどうぞ（`#自己紹介` をつけてください）
2. 料理の写真は **レシピ** へ、商品の話は **商品の感想** へ
3. 困ったことがあれば、ここに質問を投稿してください。スタッフがお答えします

English speakers: feel free to introduce yourself in the **English corner**!"""


@dataclass
class PostPlan:
    author: object
    space: object
    title: str
    body: str
    when: object
    photos: int = 0
    scene: str | None = None
    pin: bool = False


@dataclass
class CommentPlan:
    key: int
    post: object
    actor: object
    body: str
    when: object
    parent: int | None = None
    official: bool = False


def plan_posts(seeder, demo) -> list[PostPlan]:
    rng, spaces = seeder.rng, demo.spaces
    weight = {m.pk: rng.paretovariate(1.3) for m in demo.members}
    for named in demo.members[:3]:
        weight[named.pk] = 6.0
    japanese = [m for m in demo.members if not m.demo_english]
    english = [m for m in demo.members if m.demo_english] or demo.members
    introduced: set[int] = set()
    plans = [PostPlan(demo.manager, spaces["welcome"], GUIDE_TITLE, GUIDE_BODY,
                      seeder.start - timedelta(days=1), pin=True)]  # fmt: skip

    def pick(pool):
        return rng.choices(pool, weights=[weight[m.pk] for m in pool])[0]

    for _ in range(seeder.post_count - 1):
        slug = rng.choices(list(SPACE_SHARE), weights=list(SPACE_SHARE.values()))[0]
        base = seeder.start + (seeder.now - seeder.start) * rng.random() ** 0.75
        if slug == "welcome":
            newcomers = [m for m in demo.members if m.pk not in introduced]
            author = rng.choice(newcomers or demo.members)
            introduced.add(author.pk)
            base = seeder.joined[author.pk] + timedelta(hours=rng.uniform(1, 48))
            title, body = content.welcome_post(
                rng,
                name=author.display_name,
                bio=author.bio,
                region=author.region,
                english=author.demo_english,
            )
        elif slug == "english":
            author = pick(english) if rng.random() < 0.9 else pick(demo.members)
            title, body = content.english_post(rng, name=author.display_name.split()[0])
        elif slug == "ambassadors":
            author = rng.choice(demo.ambassadors)
            title, body = content.ambassador_post(rng)
        elif slug == "recipes" and rng.random() < 0.1:
            author = pick(english)
            title, body = content.english_recipe_post(rng)
        else:
            author = pick(japanese or demo.members)
            maker = {"recipes": content.recipe_post, "reviews": content.review_post}
            title, body = maker.get(slug, content.lounge_post)(rng)
        when = seeder.at_daytime(base, after=max(seeder.joined[author.pk], seeder.start))
        photos = rng.choice([1, 1, 1, 1, 2, 2, 3, 4]) if rng.random() < PHOTO_ODDS[slug] else 0
        plans.append(
            PostPlan(author, spaces[slug], title, body, when, photos, rng.choice(SCENES[slug]))
        )
    return sorted(plans, key=lambda plan: plan.when)


def plan_comments(seeder, demo, threads) -> list[CommentPlan]:
    rng = seeder.rng
    plans: list[CommentPlan] = []
    english_members = [m for m in demo.members if m.demo_english]
    official_spaces = {demo.spaces[s].pk for s in ("recipes", "reviews", "english")}

    def add(post, actor, body, after, mean_hours, parent=None, official=False):
        when = seeder.later(max(after, seeder.joined.get(actor.pk, after)), mean_hours)
        if when is None:
            return None
        plans.append(CommentPlan(len(plans), post, actor, body, when, parent, official))
        return plans[-1]

    for post in threads:
        is_english = not JAPANESE.search(f"{post.title}{post.body}")
        readers = [m for m in seeder.readers(demo, post.space) if m.pk != post.author_id]
        if not readers:
            continue
        if post.space_id is None:
            count = rng.randint(2, 7)
        else:
            count = rng.choices([0, 1, 2, 3, 4, 5, 6, 8], weights=[28, 24, 18, 12, 8, 5, 3, 2])[0]
        for _ in range(count):
            pool = (
                english_members
                if is_english and english_members and rng.random() < 0.7
                else readers
            )
            actor = rng.choice(pool)
            text = content.comment_text(rng, english=is_english)
            comment = add(post, actor, text, post.published_at, 8)
            if comment is None or rng.random() > 0.35:
                continue
            for _ in range(rng.randint(1, 2)):
                if post.space_id is None and rng.random() < 0.5:
                    replier, official = demo.editor, True
                elif post.author in demo.members and rng.random() < 0.6:
                    replier, official = post.author, False
                else:
                    replier, official = rng.choice(readers), False
                reply = content.comment_text(rng, english=is_english, reply=True)
                if official:
                    reply = (
                        "編集部です。コメントありがとうございます！"
                        if not is_english
                        else "Thank you! — the editors"
                    )
                add(post, replier, reply, comment.when, 4, parent=comment.key, official=official)
        if post.space_id in official_spaces and rng.random() < 0.08:
            text = content.OFFICIAL_COMMENTS[2 if is_english else rng.randint(0, 1)]
            add(post, demo.editor, text, post.published_at, 20, official=True)
    return sorted(plans, key=lambda plan: plan.when)

"""The demo's people: a few named logins, and generated members with Japanese or English names."""

import random
from dataclasses import dataclass

from hiroba.accounts.models import Role
from hiroba.demo import content

PASSWORD = "veggie-square-demo"


@dataclass
class Person:
    email: str
    handle: str
    display_name: str
    bio: str = ""
    region: str = ""
    birth_year: int | None = None
    role: str = Role.MEMBER
    english: bool = False


# The logins the command prints. Hanako is an ambassador (she sees the restricted space); Ken is not.
MANAGER = Person("manager@example.com", "sakura_mori", "森 さくら（コミュニティマネージャー）",
                 "やさいのひろばのコミュニティマネージャーです。", "13", 1986, Role.MANAGER)  # fmt: skip
EDITOR = Person("editor@example.com", "kenta_takahashi", "高橋 健太（編集部）",
                "編集部でレシピ記事を担当しています。", "14", 1990, Role.EDITOR)  # fmt: skip
MODERATOR = Person("moderator@example.com", "aya_nakamura", "中村 あや（モデレーター）",
                   "みなさんの投稿を見守っています。", "27", 1992, Role.MODERATOR)  # fmt: skip
HANAKO = Person("hanako@example.com", "hanako_tomato", "トマト好きの花子",
                "二児の母。トマト料理と作り置きが得意です🍅 アンバサダー1期生。", "13", 1984)  # fmt: skip
KEN = Person("ken@example.com", "ken_yasai", "山本 健",
             "一人暮らし、野菜たっぷりの簡単ごはんが目標。", "40", 1997)  # fmt: skip
EMILY = Person("emily@example.com", "emily_carter", "Emily Carter",
               "Home cook in Osaka. Learning Japanese one recipe at a time.", "27", 1993,
               english=True)  # fmt: skip
STAFF = [MANAGER, EDITOR, MODERATOR]
NAMED_MEMBERS = [HANAKO, KEN, EMILY]
OFFICIAL = {
    "display_name": "やさいのひろば編集部",
    "handle": "yasai_hiroba",
    "bio": "みどり野菜食品「やさいのひろば」編集部の公式アカウントです。旬の野菜とレシピをお届けします。",
}


def _birth_year(rng: random.Random) -> int | None:
    if rng.random() < 0.1:
        return None
    return max(1945, min(2007, int(rng.gauss(1982, 12))))


def _free(handle: str, taken: set[str], rng: random.Random) -> str:
    handle = handle[:26]
    while handle.lower() in taken or len(handle) < 3:
        handle = f"{handle[:26]}{rng.randint(1, 99)}"
    taken.add(handle.lower())
    return handle


def japanese_person(rng: random.Random, taken: set[str]) -> Person:
    family, family_r = rng.choice(content.FAMILY)
    given, given_r = rng.choice(content.GIVEN)
    year = _birth_year(rng)
    region = content.pick_region(rng)
    style = rng.random()
    if style < 0.35:
        name = f"{family} {given}"
    elif style < 0.55:
        name = given
    elif style < 0.8:
        name = f"{rng.choice(content.NICK_PREFIXES)}{given}"
    elif style < 0.92 and region in content.REGION_NAMES_JA:
        name = f"{given}@{content.REGION_NAMES_JA[region]}"
    else:
        name = f"{given_r.capitalize()}.{family_r[0].upper()}"
    handle_style = rng.random()
    if handle_style < 0.3:
        handle = f"{given_r}_{family_r[0]}"
    elif handle_style < 0.55 and year:
        handle = f"{given_r}{year % 100:02d}"
    elif handle_style < 0.8:
        handle = f"{given_r}_{rng.choice(content.HANDLE_WORDS)}"
    else:
        handle = f"{family_r}_{given_r}"
    bio = "" if rng.random() < 0.15 else "".join(rng.sample(content.BIOS_JA, rng.randint(1, 2)))
    handle = _free(handle, taken, rng)
    return Person(f"{handle.lower()}@example.com", handle, name, bio, region, year)


def english_person(rng: random.Random, taken: set[str]) -> Person:
    first, last = rng.choice(content.EN_FIRST), rng.choice(content.EN_LAST)
    name = f"{first} {last}" if rng.random() < 0.7 else f"{first} {last[0]}."
    handle = _free(f"{first.lower()}_{last.lower()[:6]}", taken, rng)
    region = "99" if rng.random() < 0.6 else rng.choice(["13", "27", "26", "14"])
    bio = rng.choice(content.BIOS_EN) if rng.random() < 0.85 else ""
    return Person(f"{handle.lower()}@example.com", handle, name, bio, region, _birth_year(rng),
                  english=True)  # fmt: skip


def generate_people(rng: random.Random, count: int) -> list[Person]:
    """``count`` members in all: the named ones first, then generated (about 15% English)."""
    taken = {p.handle.lower() for p in [*STAFF, *NAMED_MEMBERS]} | {OFFICIAL["handle"]}
    people = list(NAMED_MEMBERS[:count])
    while len(people) < count:
        maker = english_person if rng.random() < 0.15 else japanese_person
        people.append(maker(rng, taken))
    return people

"""Members (staff, one official editorial account, then everyone else in order of joining),
their sign-ups, verified e-mail addresses, and space memberships."""

from hiroba.demo import content
from hiroba.demo.scale import words
from hiroba.demo.scale.clock import DAY, HISTORY_DAYS
from hiroba.demo.scale.state import (
    ACTIVE,
    CLASS_SHARES,
    COMMENT_WEIGHT,
    CORE,
    DORMANT,
    LIGHT,
    POST_WEIGHT,
    REACT_WEIGHT,
    READER,
    VISIT_WEIGHT,
    Lottery,
    State,
)

PASSWORD = "hiroba-bench"
# (handle, display name, role, is_superuser); their e-mail is <handle>@example.com.
STAFF = [
    ("manager", "森 さくら（コミュニティマネージャー）", "manager", True),
    ("editor", "高橋 健太（編集部）", "editor", False),
    ("editor2", "佐々木 美穂（編集部）", "editor", False),
    ("moderator", "中村 あや（モデレーター）", "moderator", False),
    ("moderator2", "小林 大輔（モデレーター）", "moderator", False),
]
OFFICIAL = ("hiroba_official", "ひろば編集部")
PRE_WINDOW_SHARE = 0.6  # members who joined in the years before the generated months
ENGLISH_SHARE = 0.08


def make_people(state: State, *, password_hash: str) -> None:
    rng, clock = state.rng, state.clock
    regular = state.size.members - len(STAFF) - 1
    staff_joined = clock.origin + DAY
    times = [staff_joined] * (len(STAFF) + 1) + _join_times(state, regular)
    rows, activity = state.rows["accounts_member"], state.activity
    emails = state.rows["account_emailaddress"]
    for index, joined in enumerate(times):
        pk = state.take_id("accounts_member")
        assert pk == index + 1
        at = state.text(joined)
        if index < len(STAFF):
            handle, name, role, superuser = STAFF[index]
            state.staff[handle] = pk
            rows.append((pk, password_hash, None, superuser, f"{handle}@example.com", handle,
                         name, "", "", "", None, "13", role, False, False, True, at, at, 0))  # fmt: skip
            activity(pk, "signup", "member", pk, None, "{}", joined)
            emails.append((pk, pk, f"{handle}@example.com", True, True))
            klass, english = DORMANT, False
        elif index == len(STAFF):
            handle, name = OFFICIAL
            state.staff["official"] = pk
            rows.append((pk, "!" + "x" * 39, None, False, None, handle, name,
                         "ひろば編集部の公式アカウントです。", "", "", None, "", "member", True,
                         False, True, None, at, 0))  # fmt: skip
            activity(state.staff["manager"], "profile_edit", "member", pk, None,
                     '{"created": "official"}', joined)  # fmt: skip
            klass, english = DORMANT, False
        else:
            english = rng.random() < ENGLISH_SHARE
            handle, name, bio = _person(rng, pk, english)
            year = None if rng.random() < 0.1 else max(1945, min(2008, int(rng.gauss(1982, 12))))
            region = "99" if english and rng.random() < 0.5 else content.pick_region(rng)
            rows.append((pk, password_hash, None, False, f"{handle}@example.com", handle, name,
                         bio, "", "", year, region, "member", False, False, True, at, at, 0))  # fmt: skip
            activity(pk, "signup", "member", pk, None, "{}", joined)
            # Every address is verified and primary, so that any member can log in.
            emails.append((pk, pk, f"{handle}@example.com", True, True))
            klass = _klass(rng.random())
        state.joined.append(joined)
        state.english.append(english)
        state.klass.append(klass)
        if index % 1000 == 0:
            state.maybe_flush()
    _weights(state)
    state.member_posts = type(state.member_posts)("I", bytes(4 * (len(times) + 1)))


def _join_times(state: State, count: int) -> list[int]:
    rng, clock = state.rng, state.clock
    before = round(count * PRE_WINDOW_SHARE)
    history_start = clock.start - HISTORY_DAYS * DAY
    out: list[int] = []
    per_day = clock.spread(before, [0.2 + 0.8 * d / HISTORY_DAYS for d in range(HISTORY_DAYS)])
    for day, n in enumerate(per_day):
        base = history_start + day * DAY
        out += sorted(base + int(rng.random() * DAY) for _ in range(n))
    for day, n in enumerate(clock.spread(count - before, clock.day_weights)):
        out += sorted(clock.at(rng, day) for _ in range(n))
    return out


def _klass(roll: float) -> int:
    for klass, share in CLASS_SHARES:
        if roll < share:
            return klass
        roll -= share
    return DORMANT


def _person(rng, pk: int, english: bool) -> tuple[str, str, str]:
    if english:
        first, last = rng.choice(content.EN_FIRST), rng.choice(content.EN_LAST)
        name = f"{first} {last}" if rng.random() < 0.7 else f"{first} {last[0]}."
        base = f"{first.lower()}_{last.lower()[:6]}"
        bio = rng.choice(words.BIOS_EN) if rng.random() < 0.5 else ""
    else:
        family, family_r = rng.choice(content.FAMILY)
        given, given_r = rng.choice(content.GIVEN)
        style = rng.random()
        if style < 0.35:
            name = f"{family} {given}"
        elif style < 0.6:
            name = given
        elif style < 0.85:
            name = f"{rng.choice(content.NICK_PREFIXES)}{given}"
        else:
            name = f"{given_r.capitalize()}.{family_r[0].upper()}"
        roll = rng.random()
        if roll < 0.4:
            base = given_r
        elif roll < 0.7:
            base = f"{given_r}_{rng.choice(content.HANDLE_WORDS)}"
        else:
            base = f"{family_r}_{given_r}"
        bio = rng.choice(words.BIOS_JA) if rng.random() < 0.45 else ""
    # A base of letters and underscores, then the id: unique without looking anything up.
    digits = str(pk)
    return f"{base[: 30 - len(digits)]}{digits}", name, bio


def _weights(state: State) -> None:
    rng = state.rng
    weights: tuple[list[float], ...] = ([], [], [], [])
    tables = (POST_WEIGHT, COMMENT_WEIGHT, REACT_WEIGHT, VISIT_WEIGHT)
    for klass in state.klass:
        # Within a class, a few members do much more than the rest (Pareto, capped).
        strength = min(rng.paretovariate(1.5), 30.0) if klass != DORMANT else 0.0
        for k in range(4):
            weights[k].append(tables[k][klass] * (strength if k < 3 else strength**0.5))
    tickets = 4 * len(state.klass) + 1000
    state.posters, state.commenters, state.reactors, state.visitors = (
        Lottery(rng, w, tickets) for w in weights
    )


def make_spaces(state: State) -> None:
    clock = state.clock
    created = state.text(clock.origin + DAY)
    for position, (slug, name, description, visibility, share) in enumerate(words.SPACES, 1):
        pk = state.take_id("community_space")
        state.rows["community_space"].append(
            (pk, slug, name, description, visibility, position, 0, 0, False, created)
        )
        state.spaces.append((pk, slug, visibility, share))
        state.space_posts[pk] = 0
        state.space_members[pk] = 0


def make_memberships(state: State) -> None:
    rng, clock = state.rng, state.clock
    end = clock.end - 60
    open_spaces = [s for s in state.spaces if s[2] != "restricted"]
    restricted = [s for s in state.spaces if s[2] == "restricted"]
    shares = [s[3] for s in open_spaces]

    def join(member: int, space_id: int, when: int, data: str = "{}") -> None:
        pk = state.take_id("community_spacemembership")
        state.rows["community_spacemembership"].append((pk, space_id, member, state.text(when)))
        state.activity(member, "space_join", "space", space_id, space_id, data, when)
        state.space_members[space_id] += 1

    manager = state.staff["manager"]
    for pk in range(1, len(STAFF) + 1):
        for space_id, *_rest in state.spaces:
            join(pk, space_id, clock.origin + DAY + 3600)
    # The restricted space: a few hundred core and active members, invited before the months.
    candidates = [
        i + 1
        for i, klass in enumerate(state.klass)
        if klass in (CORE, ACTIVE) and state.joined[i] < clock.start
    ]
    invited_count = max(10, min(300, state.size.members // 2000))
    state.invited = sorted(rng.sample(candidates, min(invited_count, len(candidates))))
    invited = set(state.invited)
    spaces_by_class = {CORE: (3, 5), ACTIVE: (1, 3), LIGHT: (0, 2), READER: (0, 1), DORMANT: (0, 0)}
    for index in range(len(STAFF) + 1, len(state.klass)):
        member, klass = index + 1, state.klass[index]
        low, high = spaces_by_class[klass]
        count = rng.randint(low, high) if high else int(rng.random() < 0.15)
        joined = state.joined[index]
        chosen = (
            {open_spaces[0][0]}
            if klass == DORMANT and count
            else {s[0] for s in rng.choices(open_spaces, shares, k=count)}
        )
        for space_id in sorted(chosen):
            join(member, space_id, min(end, joined + int(rng.expovariate(1 / (2 * DAY)))))
        if member in invited:
            for space_id, *_rest in restricted:
                when = max(joined, clock.start - int(rng.random() * 30 * DAY))
                join(member, space_id, when, f'{{"invited_by": {manager}}}')
        if index % 1000 == 0:
            state.maybe_flush()

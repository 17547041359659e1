"""Visits as ``record_visit`` leaves them: sessions of a few page views, at most one row per
member every five minutes, each row with its session key and path."""

from hiroba.demo.scale.state import State

SESSION_ROWS_MEAN = 1.6  # one row, plus an exponential number more (mean 0.6), capped at 8
PAGES = ["/", "/", "/", "/spaces/", "/articles/", "/tags/格安sim/", "/tags/トマト料理/"]


def make_visits(state: State) -> None:
    rng, clock = state.rng, state.clock
    end = clock.end - 60
    total = state.size.members * state.size.months * state.size.visit_rows_per_member_month
    slugs = [
        f"/s/{slug}/" for _id, slug, visibility, _s in state.spaces if visibility != "restricted"
    ]
    activity, text_of = state.rows["activity_activity"], state.text
    take = state.take_id
    for day, sessions in enumerate(clock.spread(total / SESSION_ROWS_MEAN, clock.day_weights)):
        n = state.members_by(clock.day_start(day))
        last_post = state.last_post_by_day[day] if day < len(state.last_post_by_day) else 0
        for _ in range(sessions):
            member = state.pick(state.visitors, n)
            if member is None:
                continue
            when = clock.at(rng, day)
            key = f"{rng.getrandbits(48):012x}"
            for _page in range(1 + min(int(rng.expovariate(1 / 0.6)), 7)):
                if when >= end:
                    break
                roll = rng.random()
                if roll < 0.45 and last_post:
                    path = f"/p/{1 + int(rng.random() * last_post)}/"
                elif roll < 0.7:
                    path = rng.choice(slugs)
                else:
                    path = rng.choice(PAGES)
                data = f'{{"session": "{key}", "path": "{path}"}}'
                activity.append((take("activity_activity"), member, "visit", "", None, None,
                                 data, text_of(when)))  # fmt: skip
                when += 300 + int(rng.random() * 900)
        state.maybe_flush()
    state.flush()

"""Page visits for the demo, as ``record_visit`` leaves them: sessions of a few rows, one row per
member at most every five minutes, each with its session key and path.

Members visit on the days they wrote something (a session starting a little before), and also
on days they only read, more often lately. Written in bulk after the timestamps are final, so
the console's DAU, MAU, unique visitors and stay time have believable numbers.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hiroba.activity.models import Activity, Verb

TOKYO = ZoneInfo("Asia/Tokyo")
PAGES = ["/", "/", "/questions/", "/ideas/", "/articles/", "/spaces/", "/search/"]


def seed_visits(seeder, demo) -> int:
    rng, now = seeder.rng, seeder.now
    acted: dict[tuple[int, object], datetime] = {}
    for (_verb, _type, _id, actor_id), when in seeder.activity_times.items():
        if actor_id is None:
            continue
        day = when.astimezone(TOKYO).date()
        first = acted.get((actor_id, day))
        if first is None or when < first:
            acted[(actor_id, day)] = when
    starts = [
        (member_id, when - timedelta(minutes=rng.randint(1, 20)))
        for (member_id, _d), when in acted.items()
    ]
    for member in demo.members:
        joined = seeder.joined[member.pk]
        days = max(0, (now - joined).days)
        # Readers come back now and then, members who joined lately more often.
        for _n in range(rng.randint(0, max(1, days // 4))):
            start = joined + timedelta(days=rng.uniform(0, days), hours=rng.uniform(0, 2))
            if start < now - timedelta(hours=1):
                starts.append((member.pk, start))
    rows = []
    for member_id, start in starts:
        key = f"{rng.getrandbits(48):012x}"
        when = max(start, seeder.joined.get(member_id, start))
        for _page in range(1 + min(int(rng.expovariate(1 / 1.2)), 8)):
            if when >= now:
                break
            rows.append(
                Activity(
                    actor_id=member_id,
                    verb=Verb.VISIT,
                    data={"session": key, "path": rng.choice(PAGES)},
                    created_at=when,
                )
            )
            when += timedelta(minutes=5 + rng.uniform(0, 12))
    Activity.objects.bulk_create(rows, batch_size=1000)
    return len(rows)

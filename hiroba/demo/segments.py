"""Segments of the demo: the kinds a community manager saves first, so that the console's
segment pages show live counts and members on a fresh demo (made by the manager, through the
service, like every other demo row)."""

from datetime import timedelta

from django.utils import timezone

from hiroba.segments.services import create_segment

SEGMENTS = [
    (
        "大阪のライト会員・NPS推奨者",
        "最新のNPSで9〜10点をつけた、大阪在住のライト会員。オフ会の案内に。",
        [
            {"type": "level", "levels": ["light"]},
            {"type": "region", "regions": ["27"]},
            {"type": "nps", "survey": "latest", "categories": ["promoter"]},
        ],
    ),
    (
        "いま盛り上がっている会員",
        "ここ数日の活動がふだんより大きく増えた会員。お礼やアンバサダーの声かけに。",
        [{"type": "warming"}],
    ),
    (
        "離れつつある会員",
        "これまで投稿があるのに、この14日間は来ていない会員。",
        [
            {"type": "posts", "min": 1},
            {"type": "last_active", "not_within_days": 14},
        ],
    ),
    (
        "New members in their 20s and 30s",
        "Joined in the last 30 days, aged 20–39: a welcome newsletter.",
        [
            {"type": "age_band", "bands": ["20s", "30s"]},
            {"type": "joined", "from": "{30 days ago}"},
        ],
    ),
]


def seed_segments(seeder, demo) -> int:
    month_ago = timezone.localdate(seeder.now - timedelta(days=30)).isoformat()
    for name, description, rules in SEGMENTS:
        rules = [
            {k: month_ago if v == "{30 days ago}" else v for k, v in rule.items()} for rule in rules
        ]
        create_segment(actor=demo.manager, name=name, description=description, rules=rules)
    return len(SEGMENTS)

"""Segments at scale: how long the live count, the first member page, a batch walk and the CSV
export take for typical segments of an 800,000-member community.

    HIROBA_DATA_DIR=/a/copy python benchmarks/segments.py [--respondents 60000] [--repeat 3]

Run it on a COPY of the scale database, migrated (``manage.py migrate``): it adds (once) an
identified NPS round named "segments-benchmark" answered by ``--respondents`` random members
(rows inserted in bulk), so that NPS conditions have something to read, and — when the data has
no questions or ideas, as the scale generator makes none — turns every 10th post into a question
and every 40th (offset 1) into an idea, so that their comments become answers. Conditions on activity
level, score, warming and last activity are timed when hiroba.activity.health is installed and
its scores have been computed. Prints a Markdown table of medians; asserts nothing.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HIROBA_SECRET_KEY", "benchmarks-segments-not-a-secret")
os.environ.setdefault("HIROBA_DEBUG", "false")
os.environ.setdefault("HIROBA_HTTPS", "false")

TITLE = "segments-benchmark"


def make_round(count: int):
    """An identified NPS round answered by ``count`` random members (made once)."""
    from django.db import transaction
    from django.utils import timezone

    from hiroba.accounts.models import Member, Role
    from hiroba.accounts.services import register_member
    from hiroba.surveys.models import Answer, Kind, Respondent, Response, Survey
    from hiroba.surveys.services import add_question, create_survey, publish_survey

    existing = Survey.objects.filter(title=TITLE, response_count=count).first()
    if existing is not None:
        return existing
    staff = Member.objects.filter(handle="segment_bench").first() or register_member(
        email="segment-bench@example.com",
        password=None,
        display_name="bench",
        handle="segment_bench",
        accepted_guidelines=True,
        role=Role.MANAGER,
    )
    rng = random.Random(11)
    ids = list(Member.objects.filter(is_official=False).values_list("pk", flat=True))
    chosen = rng.sample(ids, count)
    with transaction.atomic():
        survey = create_survey(actor=staff, title=TITLE, is_nps_round=True)
        single = add_question(
            actor=staff, survey=survey, kind=Kind.SINGLE, text="よく使う機能", choices=list("ABC")
        )
        nps = add_question(actor=staff, survey=survey, kind=Kind.NPS, text="NPS")
        survey = publish_survey(actor=staff, survey=survey)
        choices = [c.pk for c in single.choices.all()]
        now = timezone.now()
        for start in range(0, count, 5000):
            members = chosen[start : start + 5000]
            Respondent.objects.bulk_create(Respondent(survey=survey, member_id=m) for m in members)
            responses = Response.objects.bulk_create(
                Response(survey=survey, member_id=m, submitted_at=now) for m in members
            )
            answers = []
            for response in responses:
                common = {"response": response, "survey": survey}
                answers.append(Answer(question=single, choice_id=rng.choice(choices), **common))
                answers.append(Answer(question=nps, number=rng.randint(0, 10), **common))
            Answer.objects.bulk_create(answers, batch_size=2000)
        Survey.objects.filter(pk=survey.pk).update(response_count=count)
    return Survey.objects.get(pk=survey.pk)


def make_kinds() -> str:
    """Questions and ideas for the answers and ideas conditions (made once; see the doc)."""
    from django.db.models.functions import Mod

    from hiroba.posts.models import Post

    if not Post.objects.filter(kind__in=["question", "idea"]).exists():
        posts = Post.objects.filter(kind="post")
        posts.alias(m=Mod("id", 10)).filter(m=0).update(kind="question")
        posts.alias(m=Mod("id", 40)).filter(m=1).update(kind="idea")
    questions = Post.objects.filter(kind="question").count()
    ideas = Post.objects.filter(kind="idea").count()
    return f"{questions:,} questions, {ideas:,} ideas"


def segments(survey) -> list[tuple[str, list[dict]]]:
    from django.utils import timezone

    from hiroba.community.models import Space
    from hiroba.segments.rules.base import REGISTRY
    from hiroba.surveys.models import Question

    single = Question.objects.filter(survey=survey, kind="single").first()
    spaces = list(Space.objects.order_by("-member_count").values_list("pk", flat=True)[:2])
    year_ago = (timezone.localdate() - timezone.timedelta(days=365)).isoformat()
    osaka = {"type": "region", "regions": ["27"]}
    promoters = {"type": "nps", "survey": "latest", "categories": ["promoter"]}
    items = [
        ("everyone (no conditions)", []),
        ("Osaka", [osaka]),
        ("Osaka, NPS promoters of the latest round", [osaka, promoters]),
        (
            "30s, joined in the last year",
            [{"type": "age_band", "bands": ["30s"]}, {"type": "joined", "from": year_ago}],
        ),  # fmt: skip
        ("in either of the 2 biggest spaces", [{"type": "spaces", "spaces": spaces}]),
        ("posts ≥ 5", [{"type": "posts", "min": 5}]),
        ("answers ≥ 1", [{"type": "answers", "min": 1}]),
        ("answers = 0", [{"type": "answers", "max": 0}]),
        ("ideas ≥ 1", [{"type": "ideas", "min": 1}]),
        (
            "chose A in the benchmark survey",
            [
                {
                    "type": "survey_answer",
                    "question": single.pk,
                    "choices": [single.choices.first().pk],
                }
            ],
        ),  # fmt: skip
    ]
    if "level" in REGISTRY:
        light = {"type": "level", "levels": ["light"]}
        items += [
            ("light members", [light]),
            ("light members in Osaka, NPS 9–10 (done-when)", [light, osaka, promoters]),
            (
                "core or light, last active within 30 days",
                [
                    {"type": "level", "levels": ["core", "light"]},
                    {"type": "last_active", "within_days": 30},
                ],
            ),  # fmt: skip
            ("warming up", [{"type": "warming"}]),
            ("score 50–100", [{"type": "score", "min": 50, "max": 100}]),
            ("not active within 90 days", [{"type": "last_active", "not_within_days": 90}]),
        ]
    return items


def timed(repeat: int, call) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from hiroba.accounts.models import Member
    from hiroba.segments import selectors
    from hiroba.segments.export import stream_csv
    from hiroba.segments.models import Segment
    from hiroba.segments.rules import parse_rules

    start = time.perf_counter()
    survey = make_round(args.respondents)
    kinds = make_kinds()
    members = Member.objects.count()
    print(f"{connection.vendor}: {members:,} members; {kinds}; NPS round {survey.pk} answered "
          f"by {survey.response_count:,} (ready in {time.perf_counter() - start:.1f} s)\n")  # fmt: skip
    print("| segment | members | live count | first member page |")
    print("|---|---:|---:|---:|")
    for label, rules in segments(survey):
        count_ms, count = timed(args.repeat, lambda r=rules: selectors.count_matching(r))
        segment = Segment(pk=0, name=label, rules=rules)
        page_ms, _page = timed(args.repeat, lambda s=segment: selectors.member_page(s))
        print(f"| {label} | {count:,} | {count_ms:.0f} ms | {page_ms:.0f} ms |")

    big = Segment(pk=0, name="Tokyo", rules=[{"type": "region", "regions": ["13"]}])
    parse_rules(big.rules)

    def walk():
        return sum(len(batch) for batch in selectors.iter_member_ids(big, batch=1000))

    walk_ms, walked = timed(1, walk)
    print(f"\niter_member_ids, Tokyo ({walked:,} members, batches of 1,000): {walk_ms:.0f} ms")

    def export():
        return sum(len(piece.encode()) for piece in stream_csv(selectors.iter_member_rows(big)))

    export_ms, size = timed(1, export)
    print(f"CSV export, Tokyo: {export_ms:.0f} ms, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

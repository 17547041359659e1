"""Survey results at scale: how long the results, NPS, trend, text pages and the CSV export take
for a survey with many responses.

    HIROBA_DATA_DIR=... python benchmarks/surveys.py [--responses 100000] [--repeat 3]

Makes (once) a published NPS-round survey named "benchmark" with ``--responses`` responses in the
configured database (rows inserted in bulk, the counter set to match), then times each read a
few times and prints the median. Prints figures; asserts nothing. Run ``manage.py migrate``
first on a fresh data directory.
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
os.environ.setdefault("HIROBA_SECRET_KEY", "benchmarks-surveys-not-a-secret")
os.environ.setdefault("HIROBA_DEBUG", "false")
os.environ.setdefault("HIROBA_HTTPS", "false")

TITLE = "benchmark"


def make_survey(count: int):
    from django.db import transaction
    from django.utils import timezone

    from hiroba.accounts.models import Role
    from hiroba.accounts.services import register_member
    from hiroba.surveys.models import Answer, Kind, Response, Survey
    from hiroba.surveys.services import add_question, create_survey, publish_survey

    existing = Survey.objects.filter(title=TITLE, response_count=count).first()
    if existing is not None:
        return existing
    from hiroba.accounts.models import Member

    staff = Member.objects.filter(handle="survey_bench").first() or register_member(
        email="survey-bench@example.com",
        password=None,
        display_name="bench",
        handle="survey_bench",
        accepted_guidelines=True,
        role=Role.MANAGER,
    )
    rng = random.Random(7)
    with transaction.atomic():
        survey = create_survey(actor=staff, title=TITLE, is_nps_round=True, is_anonymous=True)
        single = add_question(
            actor=staff, survey=survey, kind=Kind.SINGLE, text="機能", choices=list("ABCDE")
        )
        multiple = add_question(
            actor=staff, survey=survey, kind=Kind.MULTIPLE, text="商品", choices=list("VWXYZ")
        )
        scale = add_question(actor=staff, survey=survey, kind=Kind.SCALE, text="使いやすさ")
        nps = add_question(actor=staff, survey=survey, kind=Kind.NPS, text="NPS")
        reason = add_question(
            actor=staff, survey=survey, kind=Kind.LONG_TEXT, text="理由", reason_for=nps
        )
        survey = publish_survey(actor=staff, survey=survey)
        singles = [c.pk for c in single.choices.all()]
        multiples = [c.pk for c in multiple.choices.all()]
        now = timezone.now()
        batch = 5000
        for start in range(0, count, batch):
            size = min(batch, count - start)
            responses = Response.objects.bulk_create(
                Response(survey=survey, submitted_at=now) for _ in range(size)
            )
            answers = []
            for response in responses:
                score = rng.randint(0, 10)
                common = {"response": response, "survey": survey}
                answers.append(Answer(question=single, choice_id=rng.choice(singles), **common))
                answers += [
                    Answer(question=multiple, choice_id=c, **common)
                    for c in rng.sample(multiples, rng.randint(0, 3))
                ]
                answers.append(Answer(question=scale, number=rng.randint(1, 5), **common))
                answers.append(Answer(question=nps, number=score, **common))
                if rng.random() < 0.6:
                    answers.append(Answer(question=reason, text=f"理由 {score} です", **common))
            Answer.objects.bulk_create(answers, batch_size=2000)
        Survey.objects.filter(pk=survey.pk).update(response_count=count)
    return Survey.objects.get(pk=survey.pk)


def timed(label: str, repeat: int, call) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<44} {statistics.median(times):9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from hiroba.surveys import selectors
    from hiroba.surveys.export import stream_csv
    from hiroba.surveys.models import Kind

    start = time.perf_counter()
    survey = make_survey(args.responses)
    print(f"{connection.vendor}: survey {survey.pk} with {survey.response_count} responses "
          f"(ready in {time.perf_counter() - start:.1f} s)")  # fmt: skip
    questions = selectors.get_questions(survey)
    nps = next(q for q in questions if q.kind == Kind.NPS)
    reason = next(q for q in questions if q.reason_for_id == nps.pk)
    single = next(q for q in questions if q.kind == Kind.SINGLE)
    chosen = selectors.AnswerFilter(single, choice_id=single.choices.all()[0].pk)

    timed("results (counts, answered, averages, NPS)", args.repeat,
          lambda: selectors.get_results(survey, questions))  # fmt: skip
    timed("results filtered by one answer", args.repeat,
          lambda: selectors.get_results(survey, questions, chosen))  # fmt: skip
    timed("NPS of one question", args.repeat, lambda: selectors.nps_of(nps))
    timed("NPS trend over the series", args.repeat, selectors.nps_trend)
    timed("promoters' reasons, first page", args.repeat,
          lambda: selectors.nps_reasons(reason, nps, "promoter", size=20))  # fmt: skip
    timed("detractors' reasons, first page", args.repeat,
          lambda: selectors.nps_reasons(reason, nps, "detractor", size=20))  # fmt: skip
    timed("free text, first page", args.repeat, lambda: selectors.text_answers(reason))

    def export():
        size = sum(len(piece.encode()) for piece in stream_csv(survey, questions))
        export.size = size

    timed("CSV export, every response", 1, export)
    print(f"{'':<44} {export.size / 1e6:9.1f} MB")


if __name__ == "__main__":
    main()

"""A small community for the API tests that walk every operation: a post with a thread, a
question with an answer, an idea, a poll, a survey, a segment, two events (one with a question,
one for the segment with an application), a word rule and a report, all made through the
services, and API tokens of a manager and of the member who wrote most of it."""

from dataclasses import dataclass, field

from hiroba.accounts.tokens import create_api_token
from hiroba.community.models import ReportReason
from hiroba.community.services import create_space
from hiroba.events.services import apply_to_event, set_event_questions
from hiroba.events.tests.helpers import open_event
from hiroba.ideas.services import submit_idea
from hiroba.moderation.services import add_word_rule, report_content
from hiroba.polls.services import clean_poll, publish_post_with_poll
from hiroba.posts.services import add_comment, publish_post
from hiroba.qa.services import ask_question
from hiroba.segments.services import create_segment
from hiroba.surveys.tests.helpers import build_survey

# Fields of request bodies that name a row, and the path parameter whose rows they name.
BODY_FIELDS = {
    "space": "slug",
    "handle": "handle",
    "target_id": "post_id",
    "original": "post_id",
    "parent": "comment_id",
    "answer": "comment_id",
    "reason": "reason",
}


@dataclass
class World:
    # API tokens to call with: the community manager's (staff acts) and alice's (her own posts).
    secrets: list[str]
    # For each path parameter of the API (and a few body fields), values that name a real row.
    known: dict[str, list] = field(default_factory=dict)

    def _pick(self, name: str, value):
        """Two generated values in three become a real one of the same type, so that the
        operation runs past its lookup; the third stays as generated (a 404, an odd string)."""
        known = [k for k in self.known.get(name, []) if type(k) is type(value)]
        if not known:
            return value
        if isinstance(value, int) and not isinstance(value, bool) and value % 3:
            return known[value % len(known)]
        if isinstance(value, str) and len(value) % 3:
            return known[len(value) % len(known)]
        return value

    def aim(self, parameters: dict | None) -> dict | None:
        if not parameters:
            return parameters
        return {name: self._pick(name, value) for name, value in parameters.items()}

    def aim_body(self, body):
        if not isinstance(body, dict):
            return body
        aimed = {
            name: self._pick(BODY_FIELDS[name], value) if name in BODY_FIELDS else value
            for name, value in body.items()
        }
        choices = body.get("choices")
        if isinstance(choices, list) and choices and all(type(c) is int for c in choices):
            aimed["choices"] = [self._pick("choice", c) for c in choices]
        return aimed


def seed_world(*, cm, alice, bob, recipes) -> World:
    ideas = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)
    post = publish_post(actor=alice, space=recipes, title="胡麻和え", body="今日は #ごま料理")
    comment = add_comment(actor=bob, post=post, body="おいしそう")
    reply = add_comment(actor=alice, post=post, body="ありがとう", parent=comment)
    question = ask_question(actor=alice, space=recipes, title="保存方法は?", body="何日もちますか")
    answer = add_comment(actor=bob, post=question.post, body="冷蔵で三日です")
    idea = submit_idea(actor=alice, space=ideas, title="小さいボトル", body="一人暮らし向けに")
    poll = publish_post_with_poll(
        actor=alice,
        space=recipes,
        title="好きなトマト料理は?",
        body="ひとつ選んでください。",
        poll=clean_poll(choices=["カプレーゼ", "ミネストローネ"]),
    )
    report_content(actor=bob, reason=ReportReason.values[0], note="確認を", post=post)
    rule = add_word_rule(actor=cm, phrase="スパム", action="hold")
    survey = build_survey(cm).survey
    segment = create_segment(actor=cm, name="常連", rules=[])
    event = open_event(cm, capacity=50, companions_allowed=2)
    set_event_questions(
        actor=cm, event=event, questions=[{"kind": "scale", "text": "期待度", "required": True}]
    )
    other = open_event(cm, title="座談会", audience_segment_id=segment.pk)
    application = apply_to_event(actor=bob, event=other)
    token, secret = create_api_token(actor=cm, name="fuzzing")
    _token, alice_secret = create_api_token(actor=alice, name="fuzzing")
    posts = [post.pk, question.pk, idea.pk, poll.pk]
    return World(
        secrets=[secret, alice_secret],
        known={
            "post_id": posts,
            "poll_id": [poll.pk],
            "comment_id": [comment.pk, reply.pk, answer.pk],
            "token_id": [token.pk],
            "rule_id": [rule.pk],
            "survey_id": [survey.pk],
            "segment_id": [segment.pk],
            "event_id": [event.pk, other.pk],
            "application_id": [application.pk],
            "handle": [alice.handle, bob.handle],
            "slug": [recipes.slug, ideas.slug],
            "reason": list(ReportReason.values),
            "choice": list(poll.poll.choices.values_list("pk", flat=True)),
        },
    )

"""Reads for the question pages, the API and (later) the console: keyset lists, a question with
its answers accepted first, similar questions while asking, and the Q&A metrics."""

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from hiroba.activity.models import Activity, Verb
from hiroba.core.pagination import Page, keyset_page
from hiroba.posts import selectors as post_selectors
from hiroba.posts.models import Comment, Kind, Post
from hiroba.posts.permissions import readable_posts
from hiroba.qa.models import Question, State
from hiroba.qa.permissions import readable_questions, unsaved_question
from hiroba.search.selectors import search_posts

PAGE_SIZE = 20

# The list tabs: every question, each state, and the questions the reader asked.
TAB_STATES = {
    "all": None,
    "unanswered": State.UNANSWERED,
    "unsolved": State.ANSWERED,
    "solved": State.SOLVED,
    "mine": None,
}
TABS = tuple(TAB_STATES)


def list_questions(
    actor,
    *,
    tab: str = "all",
    space=None,
    cursor: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of readable questions, newest asked first, walked on one of Question's indexes.

    Items are Question rows with their post, author and space. An unknown tab lists them all;
    "mine" is empty for visitors. Every list but "all questions" walks one of Question's indexes
    (qa_state_feed, qa_space_feed, qa_space_state_feed, qa_asker_feed).
    """
    if tab not in TAB_STATES or (tab == "all" and space is None):
        return _all_questions(actor, cursor, size)
    questions = readable_questions(actor)
    if tab == "mine":
        if not actor.is_authenticated:
            return Page([], None)
        questions = questions.filter(asker=actor)
    elif TAB_STATES.get(tab):
        questions = questions.filter(state=TAB_STATES[tab])
    if space is not None:
        questions = questions.filter(space=space)
    return keyset_page(
        questions.select_related("post", "post__author", "post__space"),
        order=("-asked_at", "-post_id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )


def _all_questions(actor, cursor: str | None, size: int) -> Page:
    """Every question: the posts' own kind index (post_kind_feed) serves this list.

    Driven from the question table instead, SQLite (which keeps no statistics here) prefers
    scanning the posts through one of their partial indexes and sorting every question.
    """
    posts = readable_posts(actor).filter(kind=Kind.QUESTION)
    page = keyset_page(
        posts.select_related("question", "author", "space"),
        order=("-published_at", "-id"),
        kinds=(datetime, int),
        cursor=cursor,
        size=size,
    )
    return Page([_question_of(post) for post in page.items], page.next_cursor)


def _question_of(post: Post) -> Question:
    question = getattr(post, "question", None) or unsaved_question(post)
    question.post = post
    return question


@dataclass
class QuestionThread:
    """A question's answers as shown: the accepted answer first, then the others in order.

    ``answers`` are top-level comments, each with its ``shown_replies`` (posts' get_thread).
    """

    question: Question
    accepted: Comment | None
    answers: list[Comment]
    liked_comment_ids: set[int]
    total: int


def get_question_thread(actor, question: Question) -> QuestionThread:
    thread = post_selectors.get_thread(actor, question.post)
    accepted = next(
        (
            c
            for c in thread.comments
            if c.pk == question.accepted_answer_id and c.deleted_at is None
        ),
        None,
    )
    others = [c for c in thread.comments if c is not accepted]
    answers = [accepted, *others] if accepted is not None else others
    return QuestionThread(question, accepted, answers, thread.liked_comment_ids, thread.total)


def questions_of(posts) -> dict[int, Question]:
    """The Question rows of the question posts among ``posts``, in one query (none if no question)."""
    ids = [post.pk for post in posts if post.kind == Kind.QUESTION]
    if not ids:
        return {}
    return {question.pk: question for question in Question.objects.filter(pk__in=ids)}


# --- similar questions -------------------------------------------------------------------------

SIMILAR_LIMIT = 5
# Words of a title worth searching for: Latin words and numbers, runs of katakana, runs of kanji.
# Hiragana is mostly grammar (particles, endings) in a Japanese title, so it separates words.
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#.\-]*|[\u30a1-\u30fa\u30fc]{2,}|[\u4e00-\u9fff\u3005]{2,}")
_STOPWORDS = frozenset(
    [
        "about",
        "after",
        "and",
        "any",
        "are",
        "can",
        "could",
        "does",
        "did",
        "for",
        "from",
        "have",
        "how",
        "into",
        "its",
        "not",
        "out",
        "that",
        "the",
        "there",
        "this",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
KEYWORD_SEARCHES = 2


def title_keywords(title: str, *, limit: int = 5) -> list[str]:
    """The words of a question title that say what it is about, in order of appearance."""
    text = unicodedata.normalize("NFKC", title or "").casefold()[:200]
    words: list[str] = []
    for match in _WORD_RE.finditer(text):
        word = match.group(0).strip(".-")
        if len(word) < 2 or word in _STOPWORDS or word in words:
            continue
        if word.isascii() and word.isalpha() and len(word) < 3:
            continue
        words.append(word)
    return words[:limit]


@dataclass
class SimilarQuestion:
    post: Post
    question: Question | None


def similar_questions(actor, title: str, *, limit: int = SIMILAR_LIMIT) -> list[SimilarQuestion]:
    """Readable questions that share words with ``title``, most shared words first.

    One search with every keyword, then one per longest keyword (a title is rarely typed with
    the same words as an earlier one): a handful of searches, whatever the title.
    """
    keywords = title_keywords(title)
    if not keywords:
        return []
    found: dict[int, Post] = {}
    hits: Counter[int] = Counter()
    searches = [" ".join(keywords)]
    if len(keywords) > 1:
        searches += sorted(keywords, key=len, reverse=True)[:KEYWORD_SEARCHES]
    for query in searches:
        for post in search_posts(actor, query, kind=Kind.QUESTION, size=limit).items:
            found.setdefault(post.pk, post)
            hits[post.pk] += len(query.split())
        if len(found) >= limit and query == searches[0]:
            break
    ranked = sorted(found.values(), key=lambda p: (-hits[p.pk], -p.pk))[:limit]
    states = questions_of(ranked)
    return [SimilarQuestion(post, states.get(post.pk)) for post in ranked]


# --- metrics -----------------------------------------------------------------------------------

QA_VERBS = (Verb.QUESTION_ASK, Verb.QUESTION_ANSWERED, Verb.QUESTION_SOLVED, Verb.QUESTION_UNSOLVED)


@dataclass
class QuestionMetrics:
    """Q&A figures for a period, from the Activity rows of that period.

    ``solved_by_members`` / ``solved_by_staff`` count the questions whose last acceptance
    change in the period left them solved, by who wrote the accepted answer (support deflection:
    the members' share).
    """

    asked: int
    first_answers: int
    median_seconds_to_first_answer: float | None
    first_solutions: int
    median_seconds_to_solution: float | None
    solved_by_members: int
    solved_by_staff: int

    @property
    def member_share(self) -> float | None:
        solved = self.solved_by_members + self.solved_by_staff
        return self.solved_by_members / solved if solved else None


def question_metrics(*, since: datetime, until: datetime, space_id: int | None = None):
    """Median time to first answer and to solution, and who solved, for [since, until)."""
    rows = Activity.objects.filter(
        verb__in=QA_VERBS, created_at__gte=since, created_at__lt=until
    ).order_by("created_at", "id")
    if space_id is not None:
        rows = rows.filter(space_id=space_id)
    asked = 0
    to_first_answer: list[int] = []
    to_solution: list[int] = []
    last_change: dict[int, tuple[str, bool]] = {}
    for verb, subject_id, data in rows.values_list("verb", "subject_id", "data").iterator(2000):
        if verb == Verb.QUESTION_ASK:
            asked += 1
        elif verb == Verb.QUESTION_ANSWERED:
            to_first_answer.append(data.get("seconds", 0))
        elif verb == Verb.QUESTION_SOLVED:
            if data.get("first"):
                to_solution.append(data.get("seconds", 0))
            last_change[subject_id] = (verb, bool(data.get("by_staff")))
        else:
            last_change[subject_id] = (verb, False)
    solved = [by_staff for verb, by_staff in last_change.values() if verb == Verb.QUESTION_SOLVED]
    return QuestionMetrics(
        asked=asked,
        first_answers=len(to_first_answer),
        median_seconds_to_first_answer=_median(to_first_answer),
        first_solutions=len(to_solution),
        median_seconds_to_solution=_median(to_solution),
        solved_by_members=solved.count(False),
        solved_by_staff=solved.count(True),
    )


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


# --- the console's to-do list ------------------------------------------------------------------


def waiting_questions(actor, *, asked_before: datetime, limit: int) -> tuple[int, list[Question]]:
    """Questions still unanswered that were asked before ``asked_before``: how many, and the
    ``limit`` that have waited longest (with post, author and space). Both walk qa_state_feed."""
    waiting = readable_questions(actor).filter(state=State.UNANSWERED, asked_at__lt=asked_before)
    oldest = list(
        waiting.select_related("post", "post__author", "space").order_by("asked_at", "post_id")[
            :limit
        ]
    )
    count = len(oldest) if len(oldest) < limit else waiting.count()
    return count, oldest

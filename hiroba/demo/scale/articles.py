"""Staff articles: one a week, written by an editor as the official account, read by many.

Reads are what ``record_read`` leaves: ``Post.read_count`` and one ``article_read`` Activity row
each. One draft and one scheduled article wait at the end.
"""

from hiroba.core.markdown import render_markdown
from hiroba.core.text import extract_hashtags, search_text
from hiroba.demo.scale import words
from hiroba.demo.scale.clock import DAY
from hiroba.demo.scale.posts import PostMaker
from hiroba.demo.scale.state import State

PUBLISH_HOUR_UTC = 3  # noon in Tokyo


class ArticleMaker:
    def __init__(self, state: State, posts: PostMaker):
        self.state, self.posts = state, posts
        self.count = 0

    def due(self, day: int) -> int | None:
        """When this day's article goes out (every seventh day), or None."""
        if day % 7 != 2:
            return None
        return self.state.clock.day_start(day) + PUBLISH_HOUR_UTC * 3600

    def _text(self):
        rng = self.state.rng
        slots = words.SLOTS_JA
        title = rng.choice(words.ARTICLE_TITLES).format_map(_Pick(rng, slots))
        body = words.ARTICLE_BODY.format(topic=title.split("】")[-1])
        return title, body, render_markdown(body), search_text(title, body)

    def _editor(self) -> int:
        return self.state.staff["editor" if self.count % 2 else "editor2"]

    def publish(self, t: int, n: int) -> None:
        state, size = self.state, self.state.size
        official, editor = state.staff["official"], self._editor()
        self.count += 1
        pid = state.take_id("posts_post")
        title, body, html, search = self._text()
        at = state.text(t)
        audience = size.members
        comments = self.posts.comments(pid, None, official, t, n, None,
                                       max(3.0, audience / 4000), False, writer=editor)  # fmt: skip
        reactions = self.posts.reactions(pid, None, None, pid, official, t, n, None,
                                         max(5.0, audience / 400), 12 * 3600)  # fmt: skip
        reads = self._reads(pid, t, n, max(5.0, audience * size.reads_per_article_per_member))
        state.rows["posts_post"].append(
            (pid, "article", None, official, editor, title, body, html, "", "published", None, at,
             at, None, None, self.count == 1, comments, reactions, 0, reads, search)
        )  # fmt: skip
        state.member_posts[official] += 1
        self.posts.tag(pid, extract_hashtags(f"{title}\n{body}"), at)
        state.activity(editor, "article_publish", "post", pid, None, f'{{"as": {official}}}', t)

    def _reads(self, pid: int, t: int, n: int, mean: float) -> int:
        state, rng, end = self.state, self.state.rng, self.state.clock.end - 60
        made = 0
        for _ in range(int(rng.expovariate(1 / mean))):
            when = t + 60 + int(rng.expovariate(1 / (2 * DAY)))
            reader = state.pick(state.visitors, n)
            if reader is None or when >= end:
                continue
            state.activity(reader, "article_read", "post", pid, None, "{}", when)
            made += 1
        return made

    def unpublished(self) -> None:
        """A draft and an article scheduled three days after the generated months."""
        state = self.state
        official = state.staff["official"]
        for status, publish_at in (("draft", None), ("scheduled", state.clock.end + 3 * DAY)):
            editor = self._editor()
            pid = state.take_id("posts_post")
            title, body, html, search = self._text()
            created = state.text(state.clock.end - DAY)
            state.rows["posts_post"].append(
                (pid, "article", None, official, editor, title, body, html, "", status,
                 state.text(publish_at) if publish_at else None, None, created, None, None,
                 False, 0, 0, 0, 0, search)
            )  # fmt: skip


class _Pick(dict):
    def __init__(self, rng, values):
        super().__init__()
        self.rng, self.values = rng, values

    def __missing__(self, key):
        return self.rng.choice(self.values[key])

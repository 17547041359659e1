"""Posts, day by day, each with everything that happens to it: tags, photos, edits, deletion,
comments with one level of replies, and likes on the post and its comments.

A post's children are made with the post, so its counters are known exactly when its row is
written, and nothing is read back or updated later.
"""

from math import log

from hiroba.demo.scale import text
from hiroba.demo.scale.clock import DAY
from hiroba.demo.scale.state import State

HOUR = 3600
SPACE_TALK = {"welcome": 1.3, "mobile": 1.2, "lounge": 0.9, "ambassadors": 1.5}
PHOTO_CHANCE = {"recipes": 0.35, "outing": 0.4, "english": 0.15}
PHOTO_POOL = 8  # pre-made photo folders (see photos.py)
PHOTO_SIZES = [(1600, 1200), (1200, 1600), (1600, 1200), (1200, 1200)]


class PostMaker:
    def __init__(self, state: State, pools: text.Pools):
        self.state, self.pools = state, pools
        self.end = state.clock.end - 60
        self.write_photo = None  # set by photos.py when files are made

    # --- the whole stage ---------------------------------------------------------------------
    def run(self, articles) -> None:
        state, clock, rng = self.state, self.state.clock, self.state.rng
        spaces = [s for s in state.spaces]
        shares = [s[3] for s in spaces]
        per_day = clock.spread(state.size.posts, clock.day_weights)
        for day, count in enumerate(per_day):
            n = state.members_by(clock.day_start(day))
            times = sorted(clock.at(rng, day) for _ in range(count))
            if day == 0:
                for space in spaces:
                    self.post(clock.start + 3600, space, state.staff["manager"], n, pinned=True)
            article_at = articles.due(day)
            for space, t in zip(rng.choices(spaces, shares, k=count), times, strict=True):
                if article_at is not None and t >= article_at:
                    articles.publish(article_at, n)
                    article_at = None
                if space[2] == "restricted":
                    author = rng.choice(state.invited) if state.invited else None
                else:
                    author = state.pick(state.posters, n)
                if author is not None:
                    self.post(t, space, author, n)
                state.maybe_flush()
            if article_at is not None:
                articles.publish(article_at, n)
            state.last_post_by_day.append(state.next_id["posts_post"] - 1)
        articles.unpublished()
        state.flush()

    # --- one post ------------------------------------------------------------------------------
    def compose(self, slug: str, english: bool, *, title: bool):
        rng, pools = self.state.rng, self.pools
        parts = [rng.choice(pools.openers[slug, english])]
        if rng.random() < 0.6:
            parts.append(rng.choice(pools.middles[english]))
        if rng.random() < 0.5:
            parts.append(rng.choice(pools.closers[english]))
        if rng.random() < 0.7:
            parts.append(rng.choice(pools.taglines[slug, english]))
        heading, heading_search = rng.choice(pools.titles[slug, english]) if title else ("", "")
        return heading, *text.join(parts, heading_search)

    def post(self, t: int, space, author: int, n: int, *, pinned: bool = False) -> None:
        state, rng, end = self.state, self.state.rng, self.end
        space_id, slug, visibility, _share = space
        pid = state.take_id("posts_post")
        english = slug == "english" or state.english[author - 1]
        title, body, html, search, tags = self.compose(slug, english, title=rng.random() < 0.5)
        at = state.text(t)
        edited = deleted = None
        if rng.random() < 0.03:
            edited = t + HOUR // 4 + int(rng.expovariate(1 / (3 * HOUR)))
            edited = edited if edited < end else None
        if not pinned and rng.random() < 0.01:
            deleted = t + int(rng.expovariate(1 / (2 * DAY)))
            deleted = deleted if deleted < end and (edited is None or deleted > edited) else None
        if edited is not None:
            old = self.compose(slug, english, title=bool(title))
            state.rows["posts_postrevision"].append(
                (
                    state.take_id("posts_postrevision"),
                    pid,
                    author,
                    old[0],
                    old[1],
                    state.text(edited),
                )
            )
        photos = self.photos(pid, slug)
        comment_count = reaction_count = 0
        if deleted is None:
            talk = min(rng.paretovariate(2.2) * 0.55, 25.0) * SPACE_TALK.get(slug, 1.0)
            who = state.invited if visibility == "restricted" else None
            comment_count = self.comments(pid, space_id, author, t, n, who,
                                          state.size.comments_per_post * talk, english)  # fmt: skip
            reaction_count = self.reactions(pid, None, space_id, pid, author, t, n, who,
                                            state.size.reactions_per_post * talk, 8 * HOUR)  # fmt: skip
            state.member_posts[author] += 1
            state.space_posts[space_id] += 1
            self.tag(pid, tags, at)
        state.rows["posts_post"].append(
            (pid, "post", space_id, author, author, title, body, html, "", "published", None, at,
             at, state.text(edited) if edited else None, state.text(deleted) if deleted else None,
             pinned, comment_count, reaction_count, photos, 0, search)
        )  # fmt: skip
        state.activity(author, "post", "post", pid, space_id, "{}", t)
        if pinned:
            state.activity(author, "post_pin", "post", pid, space_id, '{"pinned": true}', t + 60)
        if edited is not None:
            state.activity(author, "post_edit", "post", pid, space_id, "{}", edited)
        if deleted is not None:
            state.activity(author, "post_delete", "post", pid, space_id, "{}", deleted)

    def tag(self, pid: int, tags: list[str], at: str) -> None:
        state = self.state
        for name in tags:
            tag_id = state.tag_ids.get(name)
            if tag_id is None:
                tag_id = state.tag_ids[name] = state.take_id("posts_tag")
                state.tag_posts[tag_id] = 0
            state.tag_posts[tag_id] += 1
            state.rows["posts_posttag"].append((state.take_id("posts_posttag"), pid, tag_id, at))

    def photos(self, pid: int, slug: str) -> int:
        rng = self.state.rng
        if rng.random() >= PHOTO_CHANCE.get(slug, 0.06):
            return 0
        count = 1 + (rng.random() < 0.35) + (rng.random() < 0.15)
        folder = rng.randrange(PHOTO_POOL)
        rows = self.state.rows["posts_photo"]
        for position in range(count):
            width, height = PHOTO_SIZES[(folder + position) % len(PHOTO_SIZES)]
            name = f"photos/{pid}/img{position + 1}"
            rows.append((self.state.take_id("posts_photo"), pid, position, f"{name}.jpg",
                         f"{name}-m.jpg", f"{name}-t.jpg", width, height, ""))  # fmt: skip
        if self.write_photo is not None:
            self.write_photo(pid, folder)
        return count

    # --- comments and likes ----------------------------------------------------------------
    def comments(self, pid, space_id, owner, t, n, who, mean, english, writer=None) -> int:
        """Comments (30% replies to an earlier comment) and their likes; returns the live count.

        ``writer`` is the editor who answers as ``owner`` when the owner is an official account.
        """
        state, rng, end = self.state, self.state.rng, self.end
        if mean <= 0:
            return 0
        rand = rng.random
        count = int(-mean * log(1.0 - rand()))
        if not count:
            return 0
        wait = 5 * HOUR
        times = sorted(t + 60 + int(-wait * log(1.0 - rand())) for _ in range(count))
        replies, comments = self.pools.replies, self.pools.comments
        made: list[list] = []  # rows under construction: counts are filled in at the end
        top: list[list] = []
        live = 0
        for when in times:
            if when >= end:
                break
            parent = top[int(rand() * len(top))] if top and rand() < 0.3 else None
            if parent is not None and rand() < 0.4:
                author = owner
            elif who is not None:
                author = who[int(rand() * len(who))]
            else:
                author = state.pick(state.commenters, n)
            if author is None:
                continue
            cid = state.take_id("posts_comment")
            pool = (replies if parent else comments)[english]
            first = pool[int(rand() * len(pool))]
            if rand() < 0.2:
                second = comments[english][int(rand() * len(comments[english]))]
                body, html = f"{first[0]}\n\n{second[0]}", first[1] + second[1]
            else:
                body, html = first[0], first[1]
            deleted = None
            if rand() < 0.015:
                deleted = when + int(rng.expovariate(1 / DAY))
                deleted = deleted if deleted < end else None
            actor, data = author, f'{{"post": {pid}}}'
            if writer is not None and author == owner:
                actor, data = writer, f'{{"post": {pid}, "as": {owner}}}'
            row = [cid, pid, parent[0] if parent else None, author, actor, body, html,
                   state.text(when), None, state.text(deleted) if deleted else None, 0, 0, "published"]  # fmt: skip
            made.append(row)
            if parent is None:
                top.append(row)
            elif deleted is None:
                parent[11] += 1
            if deleted is None:
                live += 1
            state.activity(actor, "comment", "comment", cid, space_id, data, when)
            if deleted is not None:
                state.activity(actor, "comment_delete", "comment", cid, space_id, "{}", deleted)
            row[10] = self.reactions(None, cid, space_id, pid, author, when, n, who,
                                     state.size.reactions_per_comment * mean / 3, 6 * HOUR)  # fmt: skip
        rows = state.rows["posts_comment"]
        rows.extend(tuple(row) for row in made)
        return live

    def reactions(self, post_id, comment_id, space_id, thread, owner, t, n, who, mean, wait) -> int:
        """Likes by distinct members (never the owner) on a post or a comment; returns how many.

        The hottest loop of the generator (millions of likes), so it works on locals.
        """
        state = self.state
        rand = state.rng.random
        if mean <= 0:
            return 0
        count = int(-mean * log(1.0 - rand()))
        if not count:
            return 0
        if who is not None:
            count = min(count, len(who) - 1)
            tickets, ticket_ids = len(who), who
        else:
            tickets = state.reactors.ends[n - 1] if n > 0 else 0
            ticket_ids = state.reactors.ids
            if not tickets:
                return 0
        seen = {owner}
        rows, text_of, end = state.rows["posts_reaction"], state.text, self.end
        activity = state.rows["activity_activity"]
        target_type = "post" if post_id is not None else "comment"
        target = post_id if post_id is not None else comment_id
        data = f'{{"post": {thread}, "owner": {owner}}}'
        next_id = state.next_id
        rid, aid = next_id["posts_reaction"], next_id["activity_activity"]
        made = tries = 0
        while made < count and tries < count * 3:
            tries += 1
            member = ticket_ids[int(rand() * tickets)]
            if member in seen:
                continue
            when = t + 30 + int(-wait * log(1.0 - rand()))
            if when >= end:
                continue
            seen.add(member)
            at = text_of(when)
            rows.append((rid, member, post_id, comment_id, "like", at))
            activity.append((aid, member, "reaction", target_type, target, space_id, data, at))
            rid += 1
            aid += 1
            made += 1
        next_id["posts_reaction"], next_id["activity_activity"] = rid, aid
        return made

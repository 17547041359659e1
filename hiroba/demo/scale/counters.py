"""Every stored counter against the rows it counts, with one SQL aggregate per counter.

Used by ``hiroba check_counters`` after ``hiroba generate`` (and useful on any database: the
services keep these counters with F() updates, and this is how to tell that they stayed right).
"""

from dataclasses import dataclass

from django.db import connection

VISIBLE = "status = 'published' AND deleted_at IS NULL"
# Held and hidden comments are not counted either (moderation moves the counters).

# (name, SQL returning (id, stored, counted) for each row whose counter is wrong)
CHECKS = [
    (
        "Space.post_count",
        f"""SELECT s.id, s.post_count, COALESCE(c.n, 0) FROM community_space s
        LEFT JOIN (SELECT space_id, COUNT(*) AS n FROM posts_post WHERE {VISIBLE}
                   GROUP BY space_id) c ON c.space_id = s.id
        WHERE s.post_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Space.member_count",
        """SELECT s.id, s.member_count, COALESCE(c.n, 0) FROM community_space s
        LEFT JOIN (SELECT space_id, COUNT(*) AS n FROM community_spacemembership
                   GROUP BY space_id) c ON c.space_id = s.id
        WHERE s.member_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Member.post_count",
        f"""SELECT m.id, m.post_count, COALESCE(c.n, 0) FROM accounts_member m
        LEFT JOIN (SELECT author_id, COUNT(*) AS n FROM posts_post WHERE {VISIBLE}
                   GROUP BY author_id) c ON c.author_id = m.id
        WHERE m.post_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Post.comment_count",
        f"""SELECT p.id, p.comment_count, COALESCE(c.n, 0) FROM posts_post p
        LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM posts_comment WHERE {VISIBLE}
                   GROUP BY post_id) c ON c.post_id = p.id
        WHERE p.comment_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Post.reaction_count",
        """SELECT p.id, p.reaction_count, COALESCE(c.n, 0) FROM posts_post p
        LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM posts_reaction WHERE post_id IS NOT NULL
                   GROUP BY post_id) c ON c.post_id = p.id
        WHERE p.reaction_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Post.photo_count",
        """SELECT p.id, p.photo_count, COALESCE(c.n, 0) FROM posts_post p
        LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM posts_photo GROUP BY post_id) c
          ON c.post_id = p.id
        WHERE p.photo_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Post.read_count",
        """SELECT p.id, p.read_count, COALESCE(c.n, 0) FROM posts_post p
        LEFT JOIN (SELECT subject_id, COUNT(*) AS n FROM activity_activity
                   WHERE verb = 'article_read' AND subject_type = 'post'
                   GROUP BY subject_id) c ON c.subject_id = p.id
        WHERE p.read_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Comment.reaction_count",
        """SELECT m.id, m.reaction_count, COALESCE(c.n, 0) FROM posts_comment m
        LEFT JOIN (SELECT comment_id, COUNT(*) AS n FROM posts_reaction
                   WHERE comment_id IS NOT NULL GROUP BY comment_id) c ON c.comment_id = m.id
        WHERE m.reaction_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Comment.reply_count",
        f"""SELECT m.id, m.reply_count, COALESCE(c.n, 0) FROM posts_comment m
        LEFT JOIN (SELECT parent_id, COUNT(*) AS n FROM posts_comment
                   WHERE parent_id IS NOT NULL AND {VISIBLE} GROUP BY parent_id) c
          ON c.parent_id = m.id
        WHERE m.reply_count <> COALESCE(c.n, 0)""",
    ),
    (
        "Tag.post_count",
        f"""SELECT t.id, t.post_count, COALESCE(c.n, 0) FROM posts_tag t
        LEFT JOIN (SELECT pt.tag_id, COUNT(*) AS n FROM posts_posttag pt
                   JOIN posts_post p ON p.id = pt.post_id
                   WHERE p.{VISIBLE.replace(" AND ", " AND p.")}
                   GROUP BY pt.tag_id) c ON c.tag_id = t.id
        WHERE t.post_count <> COALESCE(c.n, 0)""",
    ),
    (
        "PostTag.published_at",
        """SELECT pt.id, pt.published_at, p.published_at FROM posts_posttag pt
        JOIN posts_post p ON p.id = pt.post_id
        WHERE pt.published_at <> p.published_at
           OR (pt.published_at IS NULL) <> (p.published_at IS NULL)""",
    ),
    (
        "PostTag of a hidden post",
        f"""SELECT pt.id, pt.post_id, p.status FROM posts_posttag pt
        JOIN posts_post p ON p.id = pt.post_id
        WHERE NOT (p.{VISIBLE.replace(" AND ", " AND p.")})""",
    ),
]


@dataclass
class Mismatch:
    check: str
    count: int
    examples: list[tuple]


def check_counters(*, examples: int = 5) -> list[Mismatch]:
    """The counters that differ from their rows (an empty list when all are right)."""
    found = []
    with connection.cursor() as cursor:
        for name, sql in CHECKS:
            cursor.execute(sql)
            rows = cursor.fetchall()
            if rows:
                found.append(Mismatch(name, len(rows), rows[:examples]))
    return found

"""``hiroba rerender`` brings HTML saved under older Markdown rules up to the current ones."""

from io import StringIO

from django.core.management import call_command

from hiroba.posts.models import Comment, Post
from hiroba.posts.services import add_comment, publish_post

# What the rules before bare-address links and the one hashtag rule made of these texts.
OLD_POST_HTML = '<p><a href="/tags/123/" class="hashtag" rel="nofollow noopener ugc">#123</a></p>\n'
OLD_COMMENT_HTML = "<p>https://example.com を見て</p>\n"


def test_it_renders_old_html_again_and_leaves_current_html_alone(alice, bob, recipes):
    old = publish_post(actor=alice, space=recipes, body="#123")
    current = publish_post(actor=alice, space=recipes, body="#トマト https://example.jp")
    comment = add_comment(actor=bob, post=current, body="https://example.com を見て")
    # HTML saved by an older version cannot come from today's services: written as it was.
    Post.objects.filter(pk=old.pk).update(body_html=OLD_POST_HTML)
    Comment.objects.filter(pk=comment.pk).update(body_html=OLD_COMMENT_HTML)
    current_html = current.body_html

    out = StringIO()
    call_command("rerender", batch=1, stdout=out)

    assert "1 posts and 1 comments changed" in out.getvalue()
    old.refresh_from_db()
    comment.refresh_from_db()
    current.refresh_from_db()
    assert old.body_html == "<p>#123</p>\n"  # a number: no link to a tag page that is 404
    assert '<a href="https://example.com" rel="nofollow noopener ugc">' in comment.body_html
    assert current.body_html == current_html

"""Which players the live page may frame, and the address it frames.

A stream address staff give (``Event.stream_url``) is turned into a player address: YouTube's
watch, share, live and embed addresses become youtube-nocookie.com's embed player, Vimeo's page
becomes player.vimeo.com's; any other https address is framed as given when its host is in
HIROBA_LIVE_FRAME_HOSTS ("any iframe URL allowed by the CSP"). The live page's CSP then allows
that one origin in frame-src, and nothing else.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
YOUTUBE_EMBED_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_DIGITS = re.compile(r"^\d{1,12}$")


@dataclass(frozen=True)
class Player:
    url: str  # the iframe's src
    origin: str  # what frame-src allows


def _youtube(video_id: str) -> Player | None:
    if not _VIDEO_ID.match(video_id):
        return None
    return Player(
        f"https://www.youtube-nocookie.com/embed/{video_id}", "https://www.youtube-nocookie.com"
    )


def player_for(stream_url: str) -> Player | None:
    """The player to frame for ``stream_url``, or None when it is not one the site may frame."""
    try:
        parts = urlsplit((stream_url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be":
            return _youtube(segments[0]) if segments else None
        if segments[:1] == ["watch"]:
            return _youtube((parse_qs(parts.query).get("v") or [""])[0])
        if len(segments) == 2 and segments[0] in ("live", "embed", "shorts"):
            return _youtube(segments[1])
        return None
    if host in YOUTUBE_EMBED_HOSTS:
        return _youtube(segments[1]) if len(segments) == 2 and segments[0] == "embed" else None
    if host in VIMEO_HOSTS:
        video = segments[-1] if segments else ""
        if _DIGITS.match(video):
            return Player(f"https://player.vimeo.com/video/{video}", "https://player.vimeo.com")
        return None
    if host == "player.vimeo.com":
        if len(segments) == 2 and segments[0] == "video" and _DIGITS.match(segments[1]):
            return Player(
                f"https://player.vimeo.com/video/{segments[1]}", "https://player.vimeo.com"
            )
        return None
    allowed = {name.lower() for name in getattr(settings, "HIROBA_LIVE_FRAME_HOSTS", ())}
    if parts.scheme == "https" and host in allowed:
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:  # a port past 65535: URLValidator lets it through
            return None
        path = quote(parts.path or "/", safe="/%:@-._~!$&'()*+,;=")
        query = f"?{parts.query}" if parts.query else ""
        return Player(f"https://{host}{port}{path}{query}", f"https://{host}{port}")
    return None

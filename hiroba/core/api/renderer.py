"""The API's JSON: ninja's, with every date-time in RFC 3339."""

from datetime import UTC, datetime

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class HirobaJSONEncoder(NinjaJSONEncoder):
    def default(self, o):
        # RFC 3339 offsets are hours and minutes. A zone's local mean time before standard time
        # (Tokyo before 1888: +09:18:59) has seconds, which Python writes and clients refuse:
        # such a moment is written in UTC instead.
        if isinstance(o, datetime):
            offset = o.utcoffset()
            if offset is not None and offset.seconds % 60:
                o = o.astimezone(UTC)
        return super().default(o)


class HirobaRenderer(JSONRenderer):
    encoder_class = HirobaJSONEncoder

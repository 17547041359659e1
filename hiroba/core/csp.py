"""The Content Security Policy on every page, 404s included when DEBUG is on.

django-csp leaves 404 and 500 answers without a policy under DEBUG, because Django's debug pages
style (and, for errors, script) themselves inline. A 404 is a page every visitor of the demo
meets, so it keeps the policy; Django's technical 404 page stays readable because its inline
<style> blocks, and nothing else, are allowed by their hashes. 500 debug pages keep django-csp's
exemption: their traceback needs inline scripts, and only a developer sees them.
"""

import base64
import hashlib
import re
from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings

_STYLE_BLOCK = re.compile(rb"<style[^>]*>(.*?)</style>", re.S | re.I)


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.DEBUG and response.status_code == 404 and HEADER not in response:
            parts = self.get_policy_parts(request=request, response=response)
            hashes = _inline_style_hashes(response)
            if hashes:
                update = dict(parts.update or {})
                update["style-src"] = [*update.get("style-src", ()), *hashes]
                parts.update = update
            response[HEADER] = build_policy(**asdict(parts))
        return response


def _inline_style_hashes(response) -> list[str]:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'"
        for block in _STYLE_BLOCK.findall(response.content)
    ]

"""Tickets: the short code on a participant's ticket page and its QR code.

A code is eight characters from an alphabet without the look-alikes 0/O and 1/I, drawn with
``secrets`` (32**8, about 10**12 codes), so that staff can type it from a phone when the camera
cannot read the QR code. Codes are unique within an event (a unique constraint), not across
events: the check-in looks a code up in its event. The QR code holds the bare code, in QR's
alphanumeric mode (the smallest symbol), so that any scanner, ours or another, reads the same
eight characters.
"""

import re
import secrets
import unicodedata

import segno
from django.db import IntegrityError, transaction

from hiroba.events.models import Application

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8
ATTEMPTS = 5
# Spaces, hyphens and dashes, the katakana long vowel mark a Japanese keyboard gives for "-".
_NOT_CODE = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(text: str) -> str:
    """A typed or scanned code as stored: upper case, without spaces and hyphens (the ticket
    shows ``ABCD-2345``; full-width characters from a Japanese keyboard count as their ASCII
    forms). Anything else comes back as given, upper-cased, and matches no ticket."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: LENGTH * 4])
    return _NOT_CODE.sub("", text).upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def display_code(code: str) -> str:
    """The code as printed on the ticket: two groups of four, easier to read out and type."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def issue_ticket_code(application: Application) -> str:
    """Give ``application`` a code if it has none yet, and return its code.

    A conditional update (``ticket_code=""``), so two callers never give one application two
    codes; a code another application of the event already holds breaks the unique constraint
    inside a savepoint, and another code is drawn.
    """
    if application.ticket_code:
        return application.ticket_code
    for _attempt in range(ATTEMPTS):
        code = new_code()
        try:
            with transaction.atomic():
                given = Application.objects.filter(pk=application.pk, ticket_code="").update(
                    ticket_code=code
                )
        except IntegrityError:
            continue
        if not given:  # someone else gave it one meanwhile
            code = Application.objects.values_list("ticket_code", flat=True).get(pk=application.pk)
        application.ticket_code = code
        return code
    raise RuntimeError(f"no free ticket code for application {application.pk}")


def qr_svg(code: str, *, title: str = "") -> str:
    """The QR code of ``code`` as inline SVG (no size: CSS sizes it; a white quiet zone, so that
    it scans on a dark page too)."""
    qr = segno.make(code, error="m", micro=False)
    return qr.svg_inline(
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        omitsize=True,
        svgclass="ticket-qr",
        lineclass=None,
        title=title or None,
    )

"""Japanese and English are complete: every string is translated, and the compiled catalogue is
the one the .po describes (the .mo files are committed, so a machine without gettext still
serves Japanese).

The .po files are parsed here with a small reader (polib is not a dependency); the .mo files are
read with the standard library's ``gettext.GNUTranslations``, the same reader Django uses.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
JA_PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "django.po"
# Python-format placeholders: %(name)s, %(count)d, %s, %d ... ("%%" is a literal percent sign).
PLACEHOLDER_RE = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def mo_key(self) -> str:
        """The key ``GNUTranslations`` uses for this message (context joined by EOT)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    def where(self) -> str:
        return repr(self.msgid if self.msgctxt is None else f"{self.msgctxt}|{self.msgid}")


def _unquote(token: str) -> str:
    token = token.strip()
    assert token.startswith('"') and token.endswith('"'), token
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Read a gettext .po file: entries are separated by blank lines."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, current, seen = Entry(), None, False
        for raw in block.splitlines():
            line = raw
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].lstrip()
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
                continue
            elif line.startswith("#") or not line.strip():
                continue
            keyword, _, rest = line.partition(" ")
            if line.startswith('"'):
                value = _unquote(line)
            else:
                value = _unquote(rest)
                current = keyword
                seen = True
            if current == "msgid":
                entry.msgid = entry.msgid + value if line.startswith('"') else value
            elif current == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            elif current == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif current and current.startswith("msgstr"):
                match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", current)
                assert match, f"{path}: cannot read {raw!r}"
                index = int(match.group(1) or 0)
                entry.msgstr[index] = entry.msgstr.get(index, "") + value
            else:
                raise AssertionError(f"{path}: cannot read {raw!r}")
        if seen:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[Entry]:
    return [e for e in parse_po(path) if not e.is_header and not e.obsolete]


def header(path: Path) -> str:
    return next(e for e in parse_po(path) if e.is_header).msgstr[0]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(text.replace("%%", "")))


def read_mo(po_path: Path) -> dict:
    with open(po_path.with_suffix(".mo"), "rb") as fp:
        catalog = dict(gettext.GNUTranslations(fp)._catalog)
    catalog.pop("", None)  # the header
    return catalog


def expected_mo(po_path: Path) -> dict:
    """What msgfmt puts in the .mo: translated, non-fuzzy messages only."""
    expected = {}
    for entry in messages(po_path):
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue
        if entry.msgid_plural is None:
            expected[entry.mo_key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.mo_key, index)] = text
    return expected


# --- The catalogues ------------------------------------------------------------------------------


def test_every_language_has_a_catalogue():
    for code, _name in settings.LANGUAGES:
        po = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
        assert po.is_file(), f"missing {po}"
        assert po.with_suffix(".mo").is_file(), f"missing {po.with_suffix('.mo')}: compile it"
    ja_ids = {(e.msgctxt, e.msgid) for e in messages(JA_PO)}
    en_ids = {(e.msgctxt, e.msgid) for e in messages(LOCALE_DIR / "en/LC_MESSAGES/django.po")}
    assert ja_ids == en_ids, "ja and en were extracted at different times: re-run makemessages"


def test_japanese_header_is_complete():
    text = header(JA_PO)
    assert "Language: ja\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text
    assert "fuzzy" not in next(e for e in parse_po(JA_PO) if e.is_header).flags


def test_every_japanese_message_is_translated_and_checked():
    entries = messages(JA_PO)
    assert len(entries) > 200, "the catalogue looks truncated"
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.where()}")
        if sorted(entry.msgstr) != [0]:  # Japanese has one form, plural or not
            problems.append(f"forms {sorted(entry.msgstr)}: {entry.where()}")
        for text in entry.msgstr.values():
            if not text.strip():
                problems.append(f"untranslated: {entry.where()}")
            elif placeholders(text) != placeholders(entry.msgid_plural or entry.msgid):
                problems.append(f"placeholders differ: {entry.where()} -> {text!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_compiled_catalogue_matches_the_po(code):
    po = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
    assert read_mo(po) == expected_mo(po), (
        f"{po.with_suffix('.mo')} is stale: run `manage.py compilemessages` from hiroba/"
    )


# --- Pages ---------------------------------------------------------------------------------------

JAPANESE_NAV = ["ホーム", "スペース", "記事", "ログイン", "新規登録", "コミュニティガイドライン"]
ENGLISH_NAV = ["Home", "Spaces", "Articles", "Log in", "Sign up", "Community guidelines"]


def test_home_page_in_japanese(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="ja">' in text
    for word in JAPANESE_NAV:
        assert word in text
    assert ">Home<" not in text


def test_home_page_in_english_from_the_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="en">' in text
    for word in ENGLISH_NAV:
        assert word in text
    assert "ホーム" not in text


def test_chosen_language_wins_over_the_browser(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert ">Home<" in text
    assert "ホーム" not in text

    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ホーム" in text


def test_sign_up_page_in_japanese_uses_ours_and_allauths_catalogues(client, db):
    response = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    text = response.content.decode()
    assert "ハンドル名" in text  # our form (hiroba/locale)
    assert "表示名" in text
    assert "メールアドレス" in text  # allauth's form (allauth/locale/ja)
    assert "Password" not in text


def test_footer_language_links_switch_the_language(client, db):
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'href="/i18n/en/?next=' in text
    response = client.get("/i18n/en/?next=/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert ">Home<" in text
    assert "ホーム" not in text

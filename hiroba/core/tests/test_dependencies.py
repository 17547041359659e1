"""The pinned Django is the one installed, and it carries the security releases we rely on."""

import re
import tomllib
from pathlib import Path

import django
from django.conf import settings

# 5.2.20 fixes security issues in 5.2.19 and earlier (a 5.2 LTS security release).
OLDEST_SAFE_DJANGO = (5, 2, 20)


def _pinned_django() -> tuple[int, ...]:
    project = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    pin = next(d for d in project["project"]["dependencies"] if d.lower().startswith("django=="))
    return tuple(int(part) for part in re.sub(r"(?i)^django==", "", pin).split("."))


def test_django_is_pinned_at_a_patched_release():
    assert _pinned_django() >= OLDEST_SAFE_DJANGO


def test_the_installed_django_is_the_pinned_one():
    assert django.VERSION[:3] == _pinned_django()

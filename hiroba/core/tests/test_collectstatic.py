"""Production collects the static files into hashed, compressed copies (whitenoise's manifest
storage), which fails on any file that names a file it does not ship (a vendored library's
``sourceMappingURL`` without its ``.map``). Run as production does, with production's storage,
which keeps each address it works out (hiroba/core/staticfiles.py)."""

import pytest
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

from hiroba.core.staticfiles import KeptManifestStaticFilesStorage

PRODUCTION = {"BACKEND": "hiroba.core.staticfiles.KeptManifestStaticFilesStorage"}


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = settings.STORAGES | {"staticfiles": PRODUCTION}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path / "static"


def test_collectstatic_succeeds_with_the_production_storage(collected):
    assert (collected / "staticfiles.json").exists()


def test_kept_addresses_are_whitenoises_own(collected, settings):
    kept, plain = KeptManifestStaticFilesStorage(), CompressedManifestStaticFilesStorage()
    for name in ("hiroba/hiroba.css", "vendor/htmx/htmx.min.js", "hiroba/icons/favicon.ico"):
        first = kept.url(name)
        assert first == kept.url(name) == plain.url(name)
        assert first != settings.STATIC_URL + name  # the hashed copy's address
        assert (collected / first.removeprefix(settings.STATIC_URL)).exists()
    assert kept.url("hiroba/hiroba.css", force=True) == plain.url("hiroba/hiroba.css", force=True)


def test_a_name_missing_from_the_manifest_fails_every_time(collected):
    storage = KeptManifestStaticFilesStorage()
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("hiroba/no-such-file.css")
